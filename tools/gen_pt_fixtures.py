"""Writes the PyTorch checkpoint fixtures read by torch4j/src/test/java/torch4j/io/PtFileTest.java.

    /usr/bin/python3 tools/gen_pt_fixtures.py

Output (torch4j/src/test/resources/pt/), every file written by torch.save of the PyTorch running this script
(1.13 was used):
  lenet.pt        a small LeNet-like model's state_dict (conv, batch norm with int64 num_batches_tracked, linear)
  dtypes.pt       one tensor of every dtype torch4j has, with special values, plus 0-dim and empty tensors
  views.pt        non-contiguous views (transposed, stepped slices, expanded, offset 0-dim) sharing one storage
  nested.pt       nested dicts (int keys), lists, tuples, torch.Size, big ints, floats, strings, None, bytes,
                  a set, a dtype and a device around tensors
  optimizer.pt    an SGD(momentum=0.9) optimizer's state_dict after two steps
  params.pt       a list of nn.Parameters and a tensor with requires_grad=True
  legacy.pt       views.pt's object in the legacy format (_use_new_zipfile_serialization=False)
  evil_posix.pt   a checkpoint whose pickle calls os.system (posix.system) when loaded by pickle: must be refused
  expected.json   {file: value}, each value described independently of the files (see describe() below)
"""
import collections
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch4j", "src", "test", "resources", "pt")


def raw(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


class Describer:
    """JSON for a loaded value; tensors name their storage by first appearance so sharing can be checked."""

    def __init__(self):
        self.storages = {}

    def __call__(self, v):
        if isinstance(v, torch.Tensor):
            st = v.storage()
            # empty storages may all sit at address 0: each counts as its own
            ptr = st.data_ptr() if st.nbytes() > 0 else ("empty", len(self.storages))
            sid = self.storages.setdefault(ptr, len(self.storages))
            return {"tensor": {"dtype": str(v.dtype), "shape": list(v.shape), "stride": list(v.stride()),
                               "offset": v.storage_offset(), "storage": sid, "hex": raw(v).hex(),
                               "requires_grad": v.requires_grad,
                               "parameter": isinstance(v, torch.nn.Parameter)}}
        if isinstance(v, dict):
            return {"dict": [[self(k), self(x)] for k, x in v.items()]}
        if isinstance(v, torch.Size):
            return {"tuple": [self(x) for x in v]}
        if isinstance(v, tuple):
            return {"tuple": [self(x) for x in v]}
        if isinstance(v, list):
            return {"list": [self(x) for x in v]}
        if isinstance(v, (set, frozenset)):
            return {"set": [self(x) for x in sorted(v)]}
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, int):
            return {"int": str(v)}
        if isinstance(v, float):
            return {"float": v.hex()}
        if isinstance(v, bytes):
            return {"bytes": v.hex()}
        if isinstance(v, torch.dtype):
            return {"dtype": str(v)}
        if isinstance(v, torch.device):
            return {"device": str(v)}
        raise TypeError(type(v))


class LeNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, 3)
        self.bn1 = torch.nn.BatchNorm2d(4)
        self.conv2 = torch.nn.Conv2d(4, 8, 3)
        self.fc1 = torch.nn.Linear(8 * 2 * 2, 16)
        self.fc2 = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


def every_dtype():
    inf = math.inf
    return collections.OrderedDict([
        ("f32", torch.tensor([[0.0, -0.0, 1.5, -2.25], [inf, -inf, 3.4028234663852886e38, 1e-45]], dtype=torch.float32)),
        ("f64", torch.tensor([0.0, -0.0, math.pi, inf, -inf, 1e-310], dtype=torch.float64)),
        ("f16", torch.tensor([0.0, -0.0, 1.0, 65504.0, inf, -inf, 6e-8, -0.333], dtype=torch.float16)),
        ("bf16", torch.tensor([0.0, -0.0, 1.0, 3.0e38, inf, -inf, 1e-40, -0.333], dtype=torch.bfloat16)),
        ("i64", torch.tensor([[-2**63, 2**63 - 1], [-1, 0]], dtype=torch.int64)),
        ("i32", torch.tensor([-2**31, 2**31 - 1, -1, 7], dtype=torch.int32)),
        ("i16", torch.tensor([-2**15, 2**15 - 1, -1], dtype=torch.int16)),
        ("i8", torch.tensor([-128, 127, -1, 0], dtype=torch.int8)),
        ("u8", torch.tensor([0, 255, 128, 1], dtype=torch.uint8)),
        ("bool", torch.tensor([[True, False], [False, True]])),
        ("nan", torch.tensor([math.nan], dtype=torch.float32)),
        ("scalar", torch.tensor(2.5, dtype=torch.float64)),
        ("scalar_i64", torch.tensor(-7)),
        ("empty", torch.zeros(0, 3)),
        ("empty_i32", torch.zeros(2, 0, dtype=torch.int32)),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    row = torch.tensor([1.0, 2.0, 3.0])
    return collections.OrderedDict([
        ("base", base),
        ("transposed", base.t()),
        ("stepped", base[1:, ::2]),
        ("flat_slice", base.view(-1)[5:11]),
        ("element", base[2, 3]),
        ("column", base[:, 4]),
        ("expanded", row.expand(2, 3)),
        ("row", row),
        ("int_view", torch.arange(10, dtype=torch.int64)[2:8:3]),
    ])


def nested():
    t = torch.tensor([1.0, 2.0])
    return {
        "list": [1, 2.5, "x", None, True, False, (1, 2), []],
        "dict": {"tensor": t, "again": t, "int_keys": {3: "three", -1: "minus one"}, "empty": {}},
        "ordered": collections.OrderedDict([("z", 1), ("a", 2)]),
        "big": 2 ** 70,
        "negative_big": -(2 ** 64),
        "ints": [0, 255, 256, 65535, 65536, -1, 2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 63 - 1, -2 ** 63],
        "floats": [0.1, -0.0, 1e300, 5e-324],
        "unicode": "grüße ∑ 😀",
        "size": torch.Size([2, 3]),
        "tuple": (t, "t", (1,), ()),
        "bytes": b"\x00\xffab",
        "set": {1, 2, 3},
        "dtype": torch.float16,
        "device": torch.device("cpu"),
    }


def optimizer_state():
    torch.manual_seed(1)
    lin = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(lin.parameters(), lr=0.1, momentum=0.9)
    for _ in range(2):
        opt.zero_grad()
        lin(torch.randn(4, 3)).pow(2).sum().backward()
        opt.step()
    return opt.state_dict()


def params():
    torch.manual_seed(2)
    lin = torch.nn.Linear(2, 3)
    leaf = torch.tensor([1.0, -1.0], requires_grad=True)
    return [lin.weight, lin.bias, leaf, torch.nn.Parameter(torch.tensor([5.0]), requires_grad=False)]


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/torch4j_pwned_by_pt_fixture",))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    net = LeNet()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(3):  # moves the batch-norm statistics and num_batches_tracked off their defaults
        opt.zero_grad()
        net(torch.randn(2, 1, 14, 14)).sum().backward()
        opt.step()
    objects = collections.OrderedDict([
        ("lenet.pt", net.state_dict()),
        ("dtypes.pt", every_dtype()),
        ("views.pt", views()),
        ("nested.pt", nested()),
        ("optimizer.pt", optimizer_state()),
        ("params.pt", params()),
    ])
    expected = {"writer": "torch " + torch.__version__}
    for name, obj in objects.items():
        torch.save(obj, os.path.join(OUT, name))
        # described from what torch.load gives back, so the expectation is PyTorch's own reading of the file
        expected[name] = Describer()(torch.load(os.path.join(OUT, name)))
    torch.save(views(), os.path.join(OUT, "legacy.pt"), _use_new_zipfile_serialization=False)
    expected["legacy.pt"] = Describer()(torch.load(os.path.join(OUT, "legacy.pt")))
    torch.save({"w": torch.zeros(2), "payload": Evil()}, os.path.join(OUT, "evil_posix.pt"))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote", len(os.listdir(OUT)), "files,", total, "bytes, with torch", torch.__version__)


if __name__ == "__main__":
    main()
