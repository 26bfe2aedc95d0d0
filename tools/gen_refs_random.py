#!/usr/bin/python3
"""Reference values for torch4j's random ops, computed by real PyTorch's CPU generator.

Run from the repository root:  /usr/bin/python3 tools/gen_refs_random.py
Writes torch4j/src/test/resources/refs/random.json:

  {"torch_version": "...", "cases": [
     {"id": "rand/f32/seed0/[5]", "op": "rand", "seed": 0, "args": {...},
      "dtype": "float32", "shape": [5], "values": [...]}, ...]}

`values` are the output elements in row-major (logical) order: Python floats (float32 values widened exactly)
or ints (bools as 0/1). `args` holds what the Java test needs to replay the call; "steps" cases replay several
calls on one seed and concatenate their outputs, to pin down how draws carry over from one op to the next
(the cached Box-Muller sample, the redrawn last block of randn). The "state" case stores get_rng_state() bytes.
"""
import json
import os

import torch

from refs_common import REFS_DIR

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32,
      "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool}
NAME = {v: k for k, v in DT.items()}

cases = []


def values(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.bool:
        return [int(v) for v in t.tolist()]
    return t.tolist()


def add(id_, op, seed, args, out):
    cases.append({"id": id_, "op": op, "seed": seed, "args": args, "dtype": NAME[out.dtype],
                  "shape": list(out.shape), "values": values(out)})


def seeded(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


# uniform -------------------------------------------------------------------------------------------------
for seed in (0, 42, 2**32 + 7):
    for shape in ([5], [3, 7]):
        for dt in ("float32", "float64"):
            add(f"rand/{dt}/seed{seed}/{shape}", "rand", seed, {"shape": shape},
                torch.rand(shape, dtype=DT[dt], generator=seeded(seed)))
for dt in ("float32", "float64"):
    for shape in ([5], [20]):
        add(f"uniform_/{dt}/{shape}", "uniform_", 3, {"shape": shape, "from": -2.0, "to": 3.0},
            torch.empty(shape, dtype=DT[dt]).uniform_(-2, 3, generator=seeded(3)))

# normal ------------------------------------------------------------------------------------------------
for seed in (0, 123):
    for shape in ([1], [5], [15], [16], [20], [4, 8], [100]):
        for dt in ("float32", "float64"):
            add(f"randn/{dt}/seed{seed}/{shape}", "randn", seed, {"shape": shape},
                torch.randn(shape, dtype=DT[dt], generator=seeded(seed)))
for dt in ("float32", "float64"):
    for shape in ([5], [37]):
        add(f"normal/{dt}/{shape}", "normal", 9, {"shape": shape, "mean": 1.5, "std": 2.5},
            torch.normal(1.5, 2.5, shape, dtype=DT[dt], generator=seeded(9)))
g = seeded(5)
mean = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
std = torch.tensor([0.5, 1.0, 2.0])
add("normal/tensor_tensor", "normal_tt", 5, {"mean": mean.tolist(), "std": std.tolist()},
    torch.normal(mean, std, generator=g))
add("normal/tensor_double", "normal_td", 5, {"mean": mean.tolist(), "std": 0.5},
    torch.normal(mean, 0.5, generator=seeded(5)))
add("normal/double_tensor", "normal_dt", 5, {"mean": -1.0, "std": std.tolist()},
    torch.normal(-1.0, std, generator=seeded(5)))

# sequences of calls on one generator (cache of the second Box-Muller value, etc.)
g = seeded(7)
parts = [torch.randn(1, generator=g), torch.randn(3, generator=g), torch.rand(2, generator=g),
         torch.randn(20, generator=g), torch.randn(1, generator=g, dtype=torch.float64)]
add("steps/randn1_randn3_rand2_randn20_randn1", "steps", 7, {}, torch.cat([p.double() for p in parts]))

# non-contiguous in-place fills (memory order) and layout-preserving *_like
x = torch.zeros(4, 6)
x.t().uniform_(generator=seeded(11))
add("uniform_/transposed", "uniform_t", 11, {"rows": 4, "cols": 6}, x)
x = torch.zeros(4, 6)
x[:, ::2].normal_(generator=seeded(11))
add("normal_/strided", "normal_strided", 11, {"rows": 4, "cols": 6}, x)
x = torch.zeros(4, 6)
x.t()[:5].normal_(generator=seeded(11))
add("normal_/transposed_slice", "normal_tslice", 11, {"rows": 4, "cols": 6}, x)
x = torch.zeros(4, 6)
x.t().normal_(generator=seeded(11))
add("normal_/transposed24", "normal_t", 11, {"rows": 4, "cols": 6}, x)
torch.manual_seed(11)  # rand_like takes no generator: the default one
add("rand_like/transposed", "rand_like_t", 11, {"rows": 4, "cols": 5}, torch.rand_like(torch.zeros(4, 5).t()))

# integers ----------------------------------------------------------------------------------------------
for (lo, hi, dt) in ((3, 13, "int64"), (-5, 2**33 - 5, "int64"), (0, 2**32 - 1, "int64"), (0, 10, "int32"),
                     (-5, 5, "int32"), (0, 10, "float32"), (0, 2**40, "float64"), (0, 2, "bool"), (0, 200, "uint8")):
    add(f"randint/{lo}/{hi}/{dt}", "randint", 1, {"low": lo, "high": hi, "shape": [6]},
        torch.randint(lo, hi, (6,), dtype=DT[dt], generator=seeded(1)))
for dt in ("int64", "int32", "int16", "int8", "uint8", "bool", "float32", "float64"):
    add(f"random_/{dt}", "random_", 2, {"shape": [5]}, torch.empty(5, dtype=DT[dt]).random_(generator=seeded(2)))
add("random_/to7", "random_to", 2, {"shape": [5], "to": 7}, torch.empty(5).random_(7, generator=seeded(2)))
add("random_/-5to5/int32", "random_from_to", 2, {"shape": [5], "from": -5, "to": 5},
    torch.empty(5, dtype=torch.int32).random_(-5, 5, generator=seeded(2)))

for n in (1, 5, 20, 100):
    add(f"randperm/{n}", "randperm", 0, {"n": n}, torch.randperm(n, generator=seeded(0)))
add("randperm/10/float32", "randperm", 4, {"n": 10}, torch.randperm(10, dtype=torch.float32, generator=seeded(4)))

# bernoulli ---------------------------------------------------------------------------------------------
p = torch.tensor([0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0, 0.3, 0.6, 0.45, 0.55])
for dt in ("float32", "float64"):
    add(f"bernoulli/p_tensor/{dt}", "bernoulli", 6, {"p": p.tolist()},
        torch.bernoulli(p.to(DT[dt]), generator=seeded(6)))
add("bernoulli/scalar", "bernoulli_scalar", 6, {"shape": [12], "p": 0.3},
    torch.bernoulli(torch.zeros(12), 0.3, generator=seeded(6)))
add("bernoulli_/int64_tensor_p", "bernoulli_int_p", 6, {"p": p.tolist()},
    torch.empty(12, dtype=torch.int64).bernoulli_(p, generator=seeded(6)))

# exponential -------------------------------------------------------------------------------------------
for dt in ("float32", "float64"):
    add(f"exponential_/{dt}", "exponential_", 8, {"shape": [6], "lambd": 2.0},
        torch.empty(6, dtype=DT[dt]).exponential_(2.0, generator=seeded(8)))

# multinomial -------------------------------------------------------------------------------------------
w1 = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.0, 1.5])
w2 = torch.tensor([[0.2, 0.3, 0.5, 0.0], [0.6, 0.2, 0.1, 0.1], [1.0, 2.0, 3.0, 4.0]])
for (name, w) in (("1d", w1), ("2d", w2)):
    for dt in ("float32", "float64"):
        for (n, repl) in ((1, False), (3, False), (1, True), (10, True)):
            add(f"multinomial/{name}/{dt}/{n}/{repl}", "multinomial", 12,
                {"weights": w.tolist(), "wdtype": dt, "n": n, "replacement": repl},
                torch.multinomial(w.to(DT[dt]), n, repl, generator=seeded(12)))
add("multinomial/transposed/3/False", "multinomial_t", 12, {"weights": w2.tolist(), "n": 2, "replacement": False},
    torch.multinomial(w2.t(), 2, False, generator=seeded(12)))

# serialised state --------------------------------------------------------------------------------------
g = seeded(7)
torch.randn(1, generator=g)
add("state/seed7_after_randn1", "state", 7, {}, g.get_state())

out = {"torch_version": torch.__version__, "cases": cases}
path = os.path.join(REFS_DIR, "random.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {path}")
