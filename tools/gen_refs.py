#!/usr/bin/python3
"""Reference values for torch4j's op tests, computed by real PyTorch.

Run:  /usr/bin/python3 tools/gen_refs.py   (from the repository root; PyTorch 1.13)
Writes torch4j/src/test/resources/refs/{unary,binary,reduce,linalg,shape,misc}.json.
Deterministic: every case calls torch.manual_seed(crc32(case id)) before building its inputs and grad_output.

File format
-----------
{"torch_version": "1.13.0a0", "cases": [ <one case per line> ]}

A case:
  id           "op/dtype/variant", unique within the file
  op           the PyTorch function name ("exp", "linalg.vector_norm", "index", "repr", ...)
  inputs       the tensor arguments, in PyTorch signature order:
               {"dtype": "float32", "shape": [3,4], "data": [flat row-major], "requires_grad": bool}
  args         non-tensor arguments under their PyTorch (snake_case) names, e.g. {"dim": 1, "keepdim": true}.
               A JSON integer is a Python int, a JSON number with a fraction/exponent is a Python float
               (the difference matters for type promotion: int64 tensor + 2 -> int64, + 2.0 -> float32).
               Float infinities/NaN in args are the strings "inf", "-inf", "nan" (e.g. {"p": "inf"});
               other strings are strings ('fro', 'nuc', 'tanh', 'floor').
               "dim" may be an int or a list of ints (a tuple of dims).  "dtype" names a dtype ("float64").
  output       one result tensor, or
  outputs      a list of result tensors for multi-output ops (max/min/sort/topk with dim -> [values, indices];
               split/chunk/unbind -> the pieces)
  grad_output  present only when some input has requires_grad: a fixed random upstream gradient for
               output (for multi-output ops: for outputs[0] only)
  grads        present with grad_output: one entry per input, d(sum(output*grad_output))/d(input_i),
               or null for an input that is not differentiated (requires_grad false)
  output_str   only for op "repr": the exact repr(t) string

Data: float values are the exact doubles (float32 values converted exactly to double, written with
Python's repr, so they round-trip); int64 as JSON integers; bool as true/false; NaN/inf as the
strings "nan", "inf", "-inf".  A 0-dim tensor has shape [] and one element in data.

Conventions per op
------------------
* Binary ops with a Python scalar as second operand: one input and args {"other_scalar": x}.
  pow(scalar, tensor): one input (the exponent) and args {"self_scalar": x}.
  where(cond, x, scalar): inputs [cond, x] and args {"other_scalar": y}.
* lerp: inputs [start, end] + args {"weight": w}, or inputs [start, end, weight].
* addcmul/addcdiv: inputs [self, tensor1, tensor2], args {"value": v}.
* scatter: inputs [self, index, src] args {"dim"}; or inputs [self, index] args {"dim", "value"}.
  scatter_add: [self, index, src]; index_add: [self, index, source] args {"dim", "alpha"};
  gather / index_select: [self, index] args {"dim"}; take: [self, index]; masked_fill: [self, mask]
  args {"value"}; masked_select: [self, mask]; where: [cond, x, y].
* clamp: args "min" and/or "max" (a missing key means None).
* repr: inputs [t] (t built from the data with requires_grad as given); args {"via": "pow", "exponent": 2}
  means repr(t ** 2), {"via": "sum"} means repr(t.sum()); no "via" means repr(t).
* factory ops (linspace, logspace, arange, eye, full): no inputs; arguments in args, "dtype" when given.

Index DSL (op "index" = self[...], op "index_put" = torch.index_put / self[...] = values)
-----------------------------------------------------------------------------------------
args {"index": "<components>"} where components are separated by ',' (spaces ignored):
  an integer          i        (may be negative)                     -> x[i]
  a slice             start:stop or start:stop:step, each part optional, start/stop may be
                      negative, step > 0                              -> x[a:b:c]
  ...                 Ellipsis
  None                a new axis of size 1
  Tk                  the tensor inputs[k] (an int64 index tensor or a bool mask) -> advanced indexing
For "index": inputs[0] is self, further inputs are the Tk tensors.
For "index_put": inputs are [self, T1 .. Tn, values] (values LAST), args {"index": "T1, T2", "accumulate": b};
the result is the new tensor (out-of-place torch.index_put).
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

from refs_common import REFS_DIR, enc, num, seed_for

torch.set_printoptions(profile="default")

OUT_DIR = REFS_DIR
FAMILIES = ["unary", "binary", "reduce", "linalg", "shape", "misc"]
CASES = {f: [] for f in FAMILIES}
IDS = set()
NOTES = []  # skipped cases / oddities, printed at the end

f32, f64, i64, bl = torch.float32, torch.float64, torch.int64, torch.bool
DT = {f32: "f32", f64: "f64", i64: "i64", bl: "bool"}
inf, nan = math.inf, math.nan


# ----------------------------------------------------------------------------------------------------------------
# input builders (all called after the per-case seed)

def U(shape, lo=-2.0, hi=2.0, dtype=f32, dec=3):
    """Uniform values rounded to dec decimals (short float64 reprs), then cast."""
    t = torch.rand(shape, dtype=f64) * (hi - lo) + lo
    t = torch.round(t * 10 ** dec) / 10 ** dec
    return t.to(dtype)


def N(shape, dtype=f32):
    return U(shape, -2.0, 2.0, dtype)


def POS(shape, dtype=f32, lo=0.2, hi=3.0):
    return U(shape, lo, hi, dtype)


def DISTINCT(shape, dtype=f32):
    """Values with pairwise gaps >= 0.5, so no ties (for max/min/sort/topk grads)."""
    n = 1
    for s in shape:
        n *= s
    t = torch.randperm(n).to(f64) + torch.rand(n, dtype=f64) * 0.4
    t = torch.round((t - n / 2.0) * 1000) / 1000
    return t.reshape(shape).to(dtype)


def I(shape, lo=-5, hi=6):
    return torch.randint(lo, hi, shape, dtype=i64)


def NZI(shape, lo=-5, hi=6):
    """int64 without zeros."""
    t = torch.randint(lo, hi, shape, dtype=i64)
    t[t == 0] = 1
    return t


def B(shape):
    return torch.rand(shape) > 0.5


def T(data, dtype=f32):
    return torch.tensor(data, dtype=dtype)


def INTF(shape, lo=-2, hi=3, dtype=f32):
    """Integer-valued floats (so eq/ne/le... have equal pairs)."""
    return torch.randint(lo, hi, shape).to(dtype)


# ----------------------------------------------------------------------------------------------------------------
# encoding

def enc_args(args):
    out = {}
    for k, v in args.items():
        if isinstance(v, float):
            v = num(v)
        elif isinstance(v, (list, tuple)):
            v = [num(x) if isinstance(x, float) else x for x in v]
        elif isinstance(v, torch.dtype):
            v = str(v).replace("torch.", "")
        out[k] = v
    return out


def grad_like(t):
    """Random upstream gradient, never all ones: +-[0.1, 1.5] rounded to 2 decimals."""
    mag = torch.round((torch.rand(t.shape, dtype=f64) * 1.4 + 0.1) * 100) / 100
    sgn = torch.where(torch.rand(t.shape) > 0.3, 1.0, -1.0).to(f64)
    return (mag * sgn).to(t.dtype)


def case(fam, cid, op, make, fn, args=None, grad=True):
    """make() -> tensor or list of input tensors (called after seeding); fn(*inputs) -> tensor or tuple.
    grad: True = differentiate every floating input, False = none, or a list of bools per input."""
    assert cid not in IDS, cid
    IDS.add(cid)
    args = args or {}
    seed_for(cid)
    inputs = make()
    if isinstance(inputs, torch.Tensor):
        inputs = [inputs]
    inputs = list(inputs)
    if isinstance(grad, bool):
        req = [grad and t.is_floating_point() for t in inputs]
    else:
        req = [g and t.is_floating_point() for g, t in zip(grad, inputs)]
    leaves = [t.detach().clone().requires_grad_(True) if r else t for t, r in zip(inputs, req)]
    try:
        out = fn(*leaves)
    except Exception as e:  # noqa
        NOTES.append(f"SKIPPED {cid}: {type(e).__name__}: {str(e).splitlines()[0]}")
        IDS.discard(cid)
        return
    multi = isinstance(out, (tuple, list))
    outs = list(out) if multi else [out]
    first = outs[0]
    gout, grads = None, None
    if any(req) and first.is_floating_point() and first.requires_grad:
        gout = grad_like(first)
        wrt = [l for l, r in zip(leaves, req) if r]
        try:
            gs = list(torch.autograd.grad(first, wrt, gout, allow_unused=True))
            grads = []
            for l, r in zip(leaves, req):
                if r:
                    g = gs.pop(0)
                    grads.append(enc(g if g is not None else torch.zeros_like(l)))
                else:
                    grads.append(None)
        except Exception as e:  # noqa
            NOTES.append(f"NO GRAD {cid}: {type(e).__name__}: {str(e).splitlines()[0]}")
            gout, grads = None, None
    has_grad = grads is not None
    c = {"id": cid, "op": op,
         "inputs": [enc(t, r and has_grad) for t, r in zip(inputs, req)],
         "args": enc_args(args)}
    if multi:
        c["outputs"] = [enc(o) for o in outs]
    else:
        c["output"] = enc(first)
    if has_grad:
        c["grad_output"] = enc(gout)
        c["grads"] = grads
    CASES[fam].append(c)


# ================================================================================================================
# unary

def gen_unary():
    fam = "unary"
    # op -> (fn, domain builder(shape, dtype), int64 allowed)
    def dom(lo, hi):
        return lambda s, d: U(s, lo, hi, d)

    ops = [
        ("neg", torch.neg, dom(-3, 3), "int"),
        ("abs", torch.abs, dom(-3, 3), "int"),
        ("sign", torch.sign, dom(-3, 3), "int"),
        ("exp", torch.exp, dom(-3, 3), "promote"),
        ("exp2", torch.exp2, dom(-3, 3), "promote"),
        ("expm1", torch.expm1, dom(-2, 2), None),
        ("log", torch.log, dom(0.1, 5), "promote"),
        ("log2", torch.log2, dom(0.1, 5), None),
        ("log10", torch.log10, dom(0.1, 5), None),
        ("log1p", torch.log1p, dom(-0.9, 3), None),
        ("sqrt", torch.sqrt, dom(0.1, 5), "promote"),
        ("rsqrt", torch.rsqrt, dom(0.1, 5), None),
        ("sin", torch.sin, dom(-3, 3), "promote"),
        ("cos", torch.cos, dom(-3, 3), None),
        ("tan", torch.tan, dom(-1.4, 1.4), None),
        ("asin", torch.asin, dom(-0.95, 0.95), None),
        ("acos", torch.acos, dom(-0.95, 0.95), None),
        ("atan", torch.atan, dom(-3, 3), None),
        ("sinh", torch.sinh, dom(-3, 3), None),
        ("cosh", torch.cosh, dom(-3, 3), None),
        ("tanh", torch.tanh, dom(-3, 3), "promote"),
        ("sigmoid", torch.sigmoid, dom(-5, 5), "promote"),
        ("relu", torch.relu, dom(-3, 3), "int"),
        ("silu", F.silu, dom(-4, 4), None),
        ("erf", torch.erf, dom(-2.5, 2.5), None),
        ("floor", torch.floor, dom(-3, 3), "int"),
        ("ceil", torch.ceil, dom(-3, 3), "int"),
        ("trunc", torch.trunc, dom(-3, 3), "int"),
        ("frac", torch.frac, dom(-3, 3), None),
    ]
    for name, fn, d, intmode in ops:
        case(fam, f"{name}/f32/3x4", name, lambda d=d: d([3, 4], f32), fn)
        case(fam, f"{name}/f64/2x3", name, lambda d=d: d([2, 3], f64), fn)
        case(fam, f"{name}/f32/scalar", name, lambda d=d: d([], f32), fn)
        case(fam, f"{name}/f64/2x1x3", name, lambda d=d: d([2, 1, 3], f64), fn)
        if intmode:
            lo, hi = (1, 6) if name in ("log", "sqrt") else (-4, 5)
            case(fam, f"{name}/i64/5", name, lambda lo=lo, hi=hi: I([5], lo, hi), fn)

    # gelu
    for approx in ["none", "tanh"]:
        g = lambda x, a=approx: F.gelu(x, approximate=a)
        case(fam, f"gelu/f32/3x4/{approx}", "gelu", lambda: U([3, 4], -4, 4), g, {"approximate": approx})
        case(fam, f"gelu/f64/2x3/{approx}", "gelu", lambda: U([2, 3], -4, 4, f64), g, {"approximate": approx})
        case(fam, f"gelu/f32/scalar/{approx}", "gelu", lambda: U([], -2, 2), g, {"approximate": approx})
        case(fam, f"gelu/f32/edge/{approx}", "gelu", lambda: T([0.0, -10.0, 10.0, 1e-4]), g,
             {"approximate": approx})
    # softplus
    for beta, thr in [(1.0, 20.0), (2.0, 5.0), (0.5, 1.0)]:
        sp = lambda x, b=beta, t=thr: F.softplus(x, beta=b, threshold=t)
        tag = f"b{beta}_t{thr}"
        case(fam, f"softplus/f32/3x4/{tag}", "softplus", lambda: U([3, 4], -5, 5), sp,
             {"beta": beta, "threshold": thr})
        case(fam, f"softplus/f64/2x3/{tag}", "softplus", lambda: U([2, 3], -5, 5, f64), sp,
             {"beta": beta, "threshold": thr})
    case(fam, "softplus/f32/threshold_edge", "softplus",
         lambda: T([2.4, 2.5, 2.6, -30.0, 30.0]), lambda x: F.softplus(x, beta=2.0, threshold=5.0),
         {"beta": 2.0, "threshold": 5.0})
    # round
    for dec in [0, 2, -1]:
        r = lambda x, dd=dec: torch.round(x, decimals=dd)
        case(fam, f"round/f32/3x4/decimals{dec}", "round", lambda: U([3, 4], -30, 30, dec=4), r,
             {"decimals": dec})
        case(fam, f"round/f64/2x3/decimals{dec}", "round", lambda: U([2, 3], -30, 30, f64, dec=4), r,
             {"decimals": dec})
    case(fam, "round/f32/3x4", "round", lambda: U([3, 4], -3, 3), torch.round)
    case(fam, "round/f64/2x3", "round", lambda: U([2, 3], -3, 3, f64), torch.round)
    case(fam, "round/f32/scalar", "round", lambda: U([], -3, 3), torch.round)
    case(fam, "round/i64/5", "round", lambda: I([5]), torch.round)
    case(fam, "round/f32/half_even", "round",
         lambda: T([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997, -0.0]), torch.round)
    case(fam, "round/f64/half_even", "round",
         lambda: T([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994], f64), torch.round)
    case(fam, "round/f32/decimals2_halves", "round", lambda: T([1.005, 2.675, -0.125, 0.375, 1234.5678]),
         lambda x: torch.round(x, decimals=2), {"decimals": 2})

    # edge / special values
    special = [-2.0, -0.0, 0.0, 3.0, nan, inf, -inf]
    for name, fn in [("sign", torch.sign), ("abs", torch.abs), ("neg", torch.neg), ("floor", torch.floor),
                     ("ceil", torch.ceil), ("trunc", torch.trunc), ("frac", torch.frac), ("relu", torch.relu),
                     ("exp", torch.exp), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                     ("round", torch.round)]:
        case(fam, f"{name}/f32/special", name, lambda: T(special), fn, grad=False)
    case(fam, "log/f32/special", "log", lambda: T([0.0, -1.0, inf, nan, 1.0]), torch.log, grad=False)
    case(fam, "sqrt/f32/special", "sqrt", lambda: T([0.0, -1.0, inf, 4.0]), torch.sqrt, grad=False)
    case(fam, "exp/f32/overflow", "exp", lambda: T([88.0, 89.0, -104.0, 100.0]), torch.exp, grad=False)
    case(fam, "relu/f32/zeros", "relu", lambda: T([-1.0, 0.0, 2.0, -0.0]), torch.relu)
    case(fam, "abs/f32/zeros", "abs", lambda: T([-1.0, 0.0, 2.0, -0.0]), torch.abs)
    case(fam, "sign/f32/zeros", "sign", lambda: T([-1.0, 0.0, 2.0]), torch.sign)

    for dt in [f32, f64]:
        tag = DT[dt]
        sv = lambda dt=dt: T([nan, inf, -inf, 1.5, -0.0, 2.0, -3.25], dt)
        for name, fn in [("isnan", torch.isnan), ("isinf", torch.isinf), ("isfinite", torch.isfinite)]:
            case(fam, f"{name}/{tag}/special", name, sv, fn)
            case(fam, f"{name}/{tag}/scalar", name, lambda dt=dt: T(nan, dt), fn)
        case(fam, f"nan_to_num/{tag}/default", "nan_to_num", sv, torch.nan_to_num)
        case(fam, f"nan_to_num/{tag}/all", "nan_to_num", sv,
             lambda x: torch.nan_to_num(x, nan=0.5, posinf=100.0, neginf=-200.0),
             {"nan": 0.5, "posinf": 100.0, "neginf": -200.0})
        case(fam, f"nan_to_num/{tag}/nan_only", "nan_to_num", sv,
             lambda x: torch.nan_to_num(x, nan=-1.0), {"nan": -1.0})
    for name, fn in [("isnan", torch.isnan), ("isinf", torch.isinf), ("isfinite", torch.isfinite)]:
        case(fam, f"{name}/i64/5", name, lambda: I([5]), fn)
    case(fam, "nan_to_num/f32/2x3_random", "nan_to_num",
         lambda: torch.where(torch.rand(2, 3) > 0.5, U([2, 3]), T(nan)), torch.nan_to_num)
    case(fam, "nan_to_num/i64/5", "nan_to_num", lambda: I([5]), torch.nan_to_num)

    # clamp
    for dt in [f32, f64]:
        tag = DT[dt]
        case(fam, f"clamp/{tag}/3x4/min_max", "clamp", lambda dt=dt: U([3, 4], -3, 3, dt),
             lambda x: torch.clamp(x, min=-1.0, max=1.5), {"min": -1.0, "max": 1.5})
        case(fam, f"clamp/{tag}/3x4/min", "clamp", lambda dt=dt: U([3, 4], -3, 3, dt),
             lambda x: torch.clamp(x, min=0.25), {"min": 0.25})
        case(fam, f"clamp/{tag}/3x4/max", "clamp", lambda dt=dt: U([3, 4], -3, 3, dt),
             lambda x: torch.clamp(x, max=-0.5), {"max": -0.5})
    case(fam, "clamp/f32/scalar", "clamp", lambda: U([], -3, 3), lambda x: torch.clamp(x, -1.0, 1.0),
         {"min": -1.0, "max": 1.0})
    case(fam, "clamp/f32/boundary", "clamp", lambda: T([-1.0, 1.0, 0.0, -2.0, 2.0]),
         lambda x: torch.clamp(x, -1.0, 1.0), {"min": -1.0, "max": 1.0})
    case(fam, "clamp/f32/min_gt_max", "clamp", lambda: T([-3.0, 0.0, 0.5, 3.0]),
         lambda x: torch.clamp(x, min=1.0, max=-1.0), {"min": 1.0, "max": -1.0})
    case(fam, "clamp/f32/nan", "clamp", lambda: T([nan, -5.0, 5.0, inf]),
         lambda x: torch.clamp(x, -1.0, 1.0), {"min": -1.0, "max": 1.0}, grad=False)
    case(fam, "clamp/i64/min_max", "clamp", lambda: I([6]), lambda x: torch.clamp(x, -2, 3), {"min": -2, "max": 3})
    case(fam, "clamp/i64/min", "clamp", lambda: I([6]), lambda x: torch.clamp(x, min=0), {"min": 0})
    case(fam, "clamp/i64/float_bounds", "clamp", lambda: I([6]), lambda x: torch.clamp(x, -1.5, 2.5),
         {"min": -1.5, "max": 2.5})


# ================================================================================================================
# binary

def gen_binary():
    fam = "binary"

    def std_cases(name, fn, a_dom, b_dom, ints=None, scalars=(), grad=True, f64case=True, extra_args=None):
        ea = extra_args or {}
        case(fam, f"{name}/f32/3x4", name, lambda: [a_dom([3, 4], f32), b_dom([3, 4], f32)], fn, ea, grad)
        if f64case:
            case(fam, f"{name}/f64/2x3", name, lambda: [a_dom([2, 3], f64), b_dom([2, 3], f64)], fn, ea, grad)
        case(fam, f"{name}/f32/bcast_3x1x4_2x1", name, lambda: [a_dom([3, 1, 4], f32), b_dom([2, 1], f32)], fn,
             ea, grad)
        case(fam, f"{name}/f32/bcast_4_3x1", name, lambda: [a_dom([4], f32), b_dom([3, 1], f32)], fn, ea, grad)
        case(fam, f"{name}/f32/scalar_scalar", name, lambda: [a_dom([], f32), b_dom([], f32)], fn, ea, grad)
        case(fam, f"{name}/f32/tensor_0dim", name, lambda: [a_dom([2, 3], f32), b_dom([], f32)], fn, ea, grad)
        if ints is not None:
            case(fam, f"{name}/i64/2x3", name, lambda: ints([2, 3]), fn, ea, grad)
        for s in scalars:
            case(fam, f"{name}/f32/other_scalar_{s}", name, lambda: a_dom([2, 3], f32),
                 lambda x, s=s: fn(x, s), {**ea, "other_scalar": s}, grad)

    R = lambda s, d: U(s, -3, 3, d)
    P = lambda s, d: U(s, 0.3, 3, d)
    NZ = lambda s, d: (U(s, 0.3, 3, d) * torch.where(torch.rand(s) > 0.5, 1.0, -1.0).to(d))
    i2 = lambda s: [I(s), I(s)]
    i2nz = lambda s: [I(s), NZI(s)]

    std_cases("add", torch.add, R, R, i2, (2.5, 2))
    std_cases("sub", torch.sub, R, R, i2, (2.5, 2))
    for alpha in [2, -0.5]:
        case(fam, f"add/f32/alpha{alpha}", "add", lambda: [R([3, 4], f32), R([4], f32)],
             lambda a, b, al=alpha: torch.add(a, b, alpha=al), {"alpha": alpha})
        case(fam, f"sub/f32/alpha{alpha}", "sub", lambda: [R([3, 4], f32), R([4], f32)],
             lambda a, b, al=alpha: torch.sub(a, b, alpha=al), {"alpha": alpha})
    case(fam, "add/i64/alpha3", "add", lambda: i2([4]), lambda a, b: torch.add(a, b, alpha=3), {"alpha": 3})
    std_cases("mul", torch.mul, R, R, i2, (2.5, 2))
    std_cases("div", torch.div, R, NZ, i2nz, (2.5, 2, -0.75))
    for rm in ["trunc", "floor"]:
        d = lambda a, b, rm=rm: torch.div(a, b, rounding_mode=rm)
        case(fam, f"div/f32/3x4/{rm}", "div", lambda: [U([3, 4], -9, 9), NZ([3, 4], f32)], d, {"rounding_mode": rm})
        case(fam, f"div/f64/2x3/{rm}", "div", lambda: [U([2, 3], -9, 9, f64), NZ([2, 3], f64)], d,
             {"rounding_mode": rm})
        case(fam, f"div/f32/bcast/{rm}", "div", lambda: [U([3, 1, 4], -9, 9), NZ([2, 1], f32)], d,
             {"rounding_mode": rm})
        case(fam, f"div/i64/2x3/{rm}", "div", lambda: [I([2, 3], -9, 10), NZI([2, 3])], d, {"rounding_mode": rm})
        case(fam, f"div/i64/scalar/{rm}", "div", lambda: I([6], -9, 10),
             lambda a, rm=rm: torch.div(a, -4, rounding_mode=rm), {"other_scalar": -4, "rounding_mode": rm})
        case(fam, f"div/f32/other_scalar/{rm}", "div", lambda: U([6], -9, 9),
             lambda a, rm=rm: torch.div(a, -2.5, rounding_mode=rm), {"other_scalar": -2.5, "rounding_mode": rm})
        case(fam, f"div/i64_f32/{rm}", "div", lambda: [I([6], -9, 10), NZ([6], f32)], d, {"rounding_mode": rm})
    case(fam, "div/f32/by_zero", "div", lambda: [T([1.0, -1.0, 0.0, 2.0]), T([0.0, 0.0, 0.0, -0.0])], torch.div,
         grad=False)
    case(fam, "div/f32/by_zero_floor", "div", lambda: [T([1.0, -1.0, 0.0, 2.0]), T([0.0, 0.0, 0.0, -0.0])],
         lambda a, b: torch.div(a, b, rounding_mode="floor"), {"rounding_mode": "floor"}, grad=False)

    # pow
    std_cases("pow", torch.pow, P, R, None, (2, 3, 0.5, -1, 2.0, -1.5))
    case(fam, "pow/f32/negbase_int_exp", "pow", lambda: [U([5], -3, 3), T([2.0, 3.0, 1.0, 0.0, -2.0])], torch.pow)
    case(fam, "pow/f32/negbase_scalar3", "pow", lambda: U([5], -3, 3), lambda x: torch.pow(x, 3),
         {"other_scalar": 3})
    case(fam, "pow/f32/negbase_half", "pow", lambda: T([-4.0, 4.0]), lambda x: torch.pow(x, 0.5),
         {"other_scalar": 0.5}, grad=False)
    case(fam, "pow/f32/zero_base", "pow", lambda: [T([0.0, 0.0, 0.0, 2.0]), T([0.0, 2.0, -1.0, 0.0])], torch.pow,
         grad=False)
    case(fam, "pow/f32/zero_base_scalar2", "pow", lambda: T([0.0, 1.0, -2.0]), lambda x: torch.pow(x, 2),
         {"other_scalar": 2})
    case(fam, "pow/f32/zero_base_scalar0", "pow", lambda: T([0.0, 1.0, -2.0]), lambda x: torch.pow(x, 0),
         {"other_scalar": 0})
    case(fam, "pow/i64/2x3", "pow", lambda: [I([2, 3], -3, 4), I([2, 3], 0, 4)], torch.pow)
    case(fam, "pow/i64/scalar2", "pow", lambda: I([5]), lambda x: torch.pow(x, 2), {"other_scalar": 2})
    case(fam, "pow/i64/scalar_float", "pow", lambda: I([5], 1, 6), lambda x: torch.pow(x, 0.5),
         {"other_scalar": 0.5})
    case(fam, "pow/f32/self_scalar2", "pow", lambda: U([2, 3], -2, 3), lambda x: torch.pow(2.0, x),
         {"self_scalar": 2.0})
    case(fam, "pow/f32/self_scalar_e", "pow", lambda: U([4], -2, 2), lambda x: torch.pow(math.e, x),
         {"self_scalar": math.e})
    case(fam, "pow/i64/self_scalar2", "pow", lambda: I([4], 0, 5), lambda x: torch.pow(2, x), {"self_scalar": 2})

    std_cases("atan2", torch.atan2, R, R)
    std_cases("minimum", torch.minimum, R, R, i2)
    std_cases("maximum", torch.maximum, R, R, i2)
    for name, fn in [("minimum", torch.minimum), ("maximum", torch.maximum)]:
        case(fam, f"{name}/f32/ties", name, lambda: [T([1.0, 2.0, -3.0, 4.0]), T([1.0, 5.0, -3.0, 0.0])], fn)
        case(fam, f"{name}/f32/nan", name, lambda: [T([nan, 1.0, 2.0, nan]), T([1.0, nan, 0.0, nan])], fn,
             grad=False)
    std_cases("fmod", torch.fmod, lambda s, d: U(s, -7, 7, d), NZ, i2nz, (1.5, -2.0, 2))
    std_cases("remainder", torch.remainder, lambda s, d: U(s, -7, 7, d), NZ, i2nz, (1.5, -2.0, 2))
    for name, fn in [("fmod", torch.fmod), ("remainder", torch.remainder)]:
        case(fam, f"{name}/i64/signs", name, lambda: [T([7, -7, 7, -7, 6, -6], i64), T([3, 3, -3, -3, 3, -3], i64)],
             fn)
        case(fam, f"{name}/f32/signs", name,
             lambda: [T([7.5, -7.5, 7.5, -7.5, 6.0, -6.0]), T([2.0, 2.0, -2.0, -2.0, 3.0, 3.0])], fn)
        case(fam, f"{name}/i64/other_scalar_neg3", name, lambda: I([6], -9, 10), lambda x, fn=fn: fn(x, -3),
             {"other_scalar": -3})
        case(fam, f"{name}/f32/by_zero", name, lambda: [T([1.0, -1.0, 0.0]), T([0.0, 0.0, 0.0])], fn, grad=False)

    # lerp
    for w in [0.25, 1.5]:
        case(fam, f"lerp/f32/3x4/w{w}", "lerp", lambda: [R([3, 4], f32), R([3, 4], f32)],
             lambda a, b, w=w: torch.lerp(a, b, w), {"weight": w})
        case(fam, f"lerp/f64/2x3/w{w}", "lerp", lambda: [R([2, 3], f64), R([2, 3], f64)],
             lambda a, b, w=w: torch.lerp(a, b, w), {"weight": w})
    case(fam, "lerp/f32/bcast_scalar_w", "lerp", lambda: [R([3, 1], f32), R([4], f32)],
         lambda a, b: torch.lerp(a, b, 0.75), {"weight": 0.75})
    case(fam, "lerp/f32/tensor_w", "lerp", lambda: [R([3, 4], f32), R([3, 4], f32), U([3, 4], -0.5, 1.5)],
         torch.lerp)
    case(fam, "lerp/f64/tensor_w", "lerp", lambda: [R([2, 3], f64), R([2, 3], f64), U([2, 3], 0, 1, f64)],
         torch.lerp)
    case(fam, "lerp/f32/tensor_w_bcast", "lerp", lambda: [R([3, 1], f32), R([4], f32), U([3, 4], 0, 1)],
         torch.lerp)
    case(fam, "lerp/f32/tensor_w_bcast2", "lerp", lambda: [R([2, 3], f32), R([2, 3], f32), U([3], 0, 1)],
         torch.lerp)
    # addcmul / addcdiv
    for name, fn in [("addcmul", torch.addcmul), ("addcdiv", torch.addcdiv)]:
        for v in [1, 0.5, -2.0]:
            case(fam, f"{name}/f32/3x4/value{v}", name, lambda: [R([3, 4], f32), R([3, 4], f32), NZ([3, 4], f32)],
                 lambda a, b, c, v=v, fn=fn: fn(a, b, c, value=v), {"value": v})
        case(fam, f"{name}/f64/2x3", name, lambda: [R([2, 3], f64), R([2, 3], f64), NZ([2, 3], f64)],
             lambda a, b, c, fn=fn: fn(a, b, c, value=0.5), {"value": 0.5})
        case(fam, f"{name}/f32/bcast", name, lambda: [R([4], f32), R([3, 1], f32), NZ([3, 4], f32)],
             lambda a, b, c, fn=fn: fn(a, b, c, value=1.5), {"value": 1.5})
        case(fam, f"{name}/f32/bcast_self", name, lambda: [R([2, 3, 4], f32), R([3, 1], f32), NZ([4], f32)],
             lambda a, b, c, fn=fn: fn(a, b, c, value=0.5), {"value": 0.5})
    case(fam, "addcmul/i64/2x3", "addcmul", lambda: [I([2, 3]), I([2, 3]), I([2, 3])],
         lambda a, b, c: torch.addcmul(a, b, c, value=2), {"value": 2})

    # comparisons
    IF = lambda s, d: INTF(s, -2, 3, d)
    for name, fn in [("eq", torch.eq), ("ne", torch.ne), ("lt", torch.lt), ("le", torch.le), ("gt", torch.gt),
                     ("ge", torch.ge)]:
        case(fam, f"{name}/f32/3x4", name, lambda: [IF([3, 4], f32), IF([3, 4], f32)], fn)
        case(fam, f"{name}/f64/2x3", name, lambda: [IF([2, 3], f64), IF([2, 3], f64)], fn)
        case(fam, f"{name}/i64/2x3", name, lambda: [I([2, 3], -2, 3), I([2, 3], -2, 3)], fn)
        case(fam, f"{name}/f32/bcast", name, lambda: [IF([3, 1, 4], f32), IF([2, 1], f32)], fn)
        case(fam, f"{name}/f32/other_scalar", name, lambda: IF([2, 3], f32), lambda x, fn=fn: fn(x, 1.0),
             {"other_scalar": 1.0})
        case(fam, f"{name}/i64/other_scalar_float", name, lambda: I([6], -2, 3), lambda x, fn=fn: fn(x, 0.5),
             {"other_scalar": 0.5})
        case(fam, f"{name}/i64_f32", name, lambda: [I([6], -2, 3), IF([6], f32)], fn)
        case(fam, f"{name}/f32/nan", name, lambda: [T([nan, 1.0, nan, inf]), T([nan, nan, 1.0, inf])], fn)
        case(fam, f"{name}/bool", name, lambda: [B([2, 3]), B([2, 3])], fn)
    # logical
    for name, fn in [("logical_and", torch.logical_and), ("logical_or", torch.logical_or),
                     ("logical_xor", torch.logical_xor)]:
        case(fam, f"{name}/bool/2x3", name, lambda: [B([2, 3]), B([2, 3])], fn)
        case(fam, f"{name}/bool/bcast", name, lambda: [B([3, 1]), B([4])], fn)
        case(fam, f"{name}/f32/2x3", name, lambda: [INTF([2, 3], -1, 2), INTF([2, 3], -1, 2)], fn)
        case(fam, f"{name}/i64_f32", name, lambda: [I([6], -1, 2), INTF([6], -1, 2)], fn)
        case(fam, f"{name}/f32/nan", name, lambda: [T([nan, 0.0, nan, -0.0]), T([0.0, 0.0, 1.0, 1.0])], fn)
    case(fam, "logical_not/bool/2x3", "logical_not", lambda: B([2, 3]), torch.logical_not)
    case(fam, "logical_not/f32/2x3", "logical_not", lambda: INTF([2, 3], -1, 2), torch.logical_not)
    case(fam, "logical_not/i64/6", "logical_not", lambda: I([6], -1, 2), torch.logical_not)
    case(fam, "logical_not/f32/nan", "logical_not", lambda: T([nan, 0.0, -0.0, inf]), torch.logical_not)
    case(fam, "logical_not/bool/scalar", "logical_not", lambda: T(True, bl), torch.logical_not)
    # where
    case(fam, "where/f32/3x4", "where", lambda: [B([3, 4]), R([3, 4], f32), R([3, 4], f32)], torch.where)
    case(fam, "where/f64/2x3", "where", lambda: [B([2, 3]), R([2, 3], f64), R([2, 3], f64)], torch.where)
    case(fam, "where/f32/bcast", "where", lambda: [B([3, 1]), R([4], f32), R([2, 1, 1], f32)], torch.where)
    case(fam, "where/i64/2x3", "where", lambda: [B([2, 3]), I([2, 3]), I([2, 3])], torch.where)
    case(fam, "where/f32_f64", "where", lambda: [B([2, 3]), R([2, 3], f32), R([2, 3], f64)], torch.where)
    case(fam, "where/i64_f32", "where", lambda: [B([2, 3]), I([2, 3]), R([2, 3], f32)], torch.where)
    case(fam, "where/f32/other_scalar", "where", lambda: [B([2, 3]), R([2, 3], f32)],
         lambda c, x: torch.where(c, x, 0.0), {"other_scalar": 0.0})
    case(fam, "where/f32/0dim", "where", lambda: [B([2, 3]), R([2, 3], f32), R([], f32)], torch.where)

    # type promotion
    case(fam, "add/promo/i64_f32", "add", lambda: [I([2, 3]), R([2, 3], f32)], torch.add)
    case(fam, "add/promo/f32_f64", "add", lambda: [R([2, 3], f32), R([2, 3], f64)], torch.add)
    case(fam, "mul/promo/f64_f32_bcast", "mul", lambda: [R([3, 1], f64), R([4], f32)], torch.mul)
    case(fam, "add/promo/i64_float_scalar", "add", lambda: I([2, 3]), lambda x: torch.add(x, 2.5),
         {"other_scalar": 2.5})
    case(fam, "mul/promo/i64_float_scalar", "mul", lambda: I([2, 3]), lambda x: torch.mul(x, 0.5),
         {"other_scalar": 0.5})
    case(fam, "add/promo/i64_int_scalar", "add", lambda: I([2, 3]), lambda x: torch.add(x, 7), {"other_scalar": 7})
    case(fam, "div/promo/i64_i64", "div", lambda: i2nz([2, 3]), torch.div)
    case(fam, "div/promo/i64_int_scalar", "div", lambda: I([5]), lambda x: torch.div(x, 2), {"other_scalar": 2})
    case(fam, "add/promo/f32_0dim_f64", "add", lambda: [R([2, 3], f32), R([], f64)], torch.add)
    case(fam, "add/promo/i64_0dim_f64", "add", lambda: [I([2, 3]), R([], f64)], torch.add)
    case(fam, "add/promo/f32_scalar_0dim_f64_scalar", "add", lambda: [R([], f32), R([], f64)], torch.add)
    case(fam, "add/promo/f32_0dim_i64", "add", lambda: [R([2, 3], f32), I([])], torch.add)
    case(fam, "add/promo/bool_i64", "add", lambda: [B([2, 3]), I([2, 3])], torch.add)
    case(fam, "mul/promo/bool_f32", "mul", lambda: [B([2, 3]), R([2, 3], f32)], torch.mul)
    case(fam, "sub/promo/f64_i64", "sub", lambda: [R([2, 3], f64), I([3])], torch.sub)
    case(fam, "atan2/promo/i64_i64", "atan2", lambda: [I([4]), I([4])], torch.atan2)
    case(fam, "maximum/promo/i64_f32", "maximum", lambda: [I([4]), R([4], f32)], torch.maximum)


# ================================================================================================================
# reduce

def gen_reduce():
    fam = "reduce"
    A = lambda d=f32: N([3, 4], d)
    A3 = lambda d=f32: N([2, 3, 4], d)

    def dimcases(name, fn, mk3=None, allow_dims_tuple=True, ints=False, scalar=True):
        mk3 = mk3 or (lambda d: N([2, 3, 4], d))
        case(fam, f"{name}/f32/all", name, lambda: mk3(f32), fn)
        case(fam, f"{name}/f64/all", name, lambda: mk3(f64), fn)
        for dim in [0, 1, -1]:
            for kd in [False, True]:
                case(fam, f"{name}/f32/dim{dim}/keepdim{kd}", name, lambda: mk3(f32),
                     lambda x, dim=dim, kd=kd: fn(x, dim=dim, keepdim=kd), {"dim": dim, "keepdim": kd})
        case(fam, f"{name}/f64/dim1", name, lambda: mk3(f64), lambda x: fn(x, dim=1), {"dim": 1})
        if allow_dims_tuple:
            for dims in [[0, 2], [-1, 0, 1], [1]]:
                for kd in [False, True]:
                    case(fam, f"{name}/f32/dims{'_'.join(map(str, dims))}/keepdim{kd}", name, lambda: mk3(f32),
                         lambda x, dims=dims, kd=kd: fn(x, dim=tuple(dims), keepdim=kd), {"dim": dims, "keepdim": kd})
        if scalar:
            case(fam, f"{name}/f32/scalar", name, lambda: mk3(f32)[0, 0, 0], fn)
            case(fam, f"{name}/f32/scalar_dim0", name, lambda: mk3(f32)[0, 0, 0], lambda x: fn(x, dim=0),
                 {"dim": 0})
        if ints:
            case(fam, f"{name}/i64/all", name, lambda: I([3, 4]), fn)
            case(fam, f"{name}/i64/dim1", name, lambda: I([3, 4]), lambda x: fn(x, dim=1), {"dim": 1})

    dimcases("sum", torch.sum, ints=True)
    case(fam, "sum/bool/all", "sum", lambda: B([3, 4]), torch.sum)
    case(fam, "sum/bool/dim0", "sum", lambda: B([3, 4]), lambda x: torch.sum(x, 0), {"dim": 0})
    case(fam, "sum/f32/dtype_f64", "sum", lambda: A(), lambda x: torch.sum(x, dtype=f64), {"dtype": "float64"})
    case(fam, "sum/f32/empty_dims", "sum", lambda: A(), lambda x: torch.sum(x, dim=[]), {"dim": []})
    dimcases("mean", torch.mean)
    case(fam, "mean/f32/empty_dims", "mean", lambda: A(), lambda x: torch.mean(x, dim=[]), {"dim": []})
    # prod: single dim only
    case(fam, "prod/f32/all", "prod", lambda: U([3, 4], 0.5, 1.5), torch.prod)
    case(fam, "prod/f64/all", "prod", lambda: U([2, 3], -1.5, 1.5, f64), torch.prod)
    for dim in [0, 1, -1]:
        for kd in [False, True]:
            case(fam, f"prod/f32/dim{dim}/keepdim{kd}", "prod", lambda: U([2, 3, 4], -1.5, 1.5),
                 lambda x, dim=dim, kd=kd: torch.prod(x, dim=dim, keepdim=kd), {"dim": dim, "keepdim": kd})
    case(fam, "prod/f32/scalar", "prod", lambda: U([], -2, 2), torch.prod)
    case(fam, "prod/f32/one_zero", "prod", lambda: T([[1.5, 0.0, -2.0], [0.5, 3.0, 2.0]]), torch.prod)
    case(fam, "prod/f32/two_zeros", "prod", lambda: T([[1.5, 0.0, -2.0], [0.5, 0.0, 2.0]]), torch.prod)
    case(fam, "prod/f32/zeros_dim1", "prod", lambda: T([[1.5, 0.0, -2.0], [0.0, 0.0, 2.0], [1.0, 2.0, 3.0]]),
         lambda x: torch.prod(x, 1), {"dim": 1})
    case(fam, "prod/i64/all", "prod", lambda: I([2, 3], -3, 4), torch.prod)
    case(fam, "prod/i64/dim0", "prod", lambda: I([2, 3], -3, 4), lambda x: torch.prod(x, 0), {"dim": 0})
    case(fam, "prod/bool/all", "prod", lambda: B([4]), torch.prod)
    # var / std
    for name, fn in [("var", torch.var), ("std", torch.std)]:
        for ub in [True, False]:
            case(fam, f"{name}/f32/all/unbiased{ub}", name, lambda: A3(),
                 lambda x, ub=ub, fn=fn: fn(x, unbiased=ub), {"unbiased": ub})
            case(fam, f"{name}/f64/all/unbiased{ub}", name, lambda: A(f64),
                 lambda x, ub=ub, fn=fn: fn(x, unbiased=ub), {"unbiased": ub})
            for dim in [0, -1]:
                for kd in [False, True]:
                    case(fam, f"{name}/f32/dim{dim}/unbiased{ub}/keepdim{kd}", name, lambda: A3(),
                         lambda x, ub=ub, fn=fn, dim=dim, kd=kd: fn(x, dim=dim, unbiased=ub, keepdim=kd),
                         {"dim": dim, "unbiased": ub, "keepdim": kd})
            case(fam, f"{name}/f32/dims0_2/unbiased{ub}", name, lambda: A3(),
                 lambda x, ub=ub, fn=fn: fn(x, dim=(0, 2), unbiased=ub), {"dim": [0, 2], "unbiased": ub})
        case(fam, f"{name}/f32/default", name, lambda: A(), fn)
        case(fam, f"{name}/f32/dim1_default", name, lambda: A(), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/single_unbiased", name, lambda: U([1], -1, 1), fn, grad=False)
        case(fam, f"{name}/f32/single_biased", name, lambda: U([1], -1, 1),
             lambda x, fn=fn: fn(x, unbiased=False), {"unbiased": False})
        case(fam, f"{name}/f32/scalar", name, lambda: U([], -1, 1), lambda x, fn=fn: fn(x, unbiased=False),
             {"unbiased": False})
        case(fam, f"{name}/f32/correction2", name, lambda: A3(),
             lambda x, fn=fn: fn(x, dim=1, correction=2), {"dim": 1, "correction": 2})
    # min / max
    for name, fn in [("max", torch.max), ("min", torch.min)]:
        case(fam, f"{name}/f32/all", name, lambda: DISTINCT([3, 4]), fn)
        case(fam, f"{name}/f64/all", name, lambda: DISTINCT([2, 3], f64), fn)
        case(fam, f"{name}/i64/all", name, lambda: I([3, 4]), fn)
        case(fam, f"{name}/f32/scalar", name, lambda: U([], -1, 1), fn)
        for dim in [0, 1, -1]:
            for kd in [False, True]:
                case(fam, f"{name}/f32/dim{dim}/keepdim{kd}", name, lambda: DISTINCT([2, 3, 4]),
                     lambda x, dim=dim, kd=kd, fn=fn: tuple(fn(x, dim=dim, keepdim=kd)), {"dim": dim, "keepdim": kd})
        case(fam, f"{name}/i64/dim1", name, lambda: torch.randperm(12).reshape(3, 4),
             lambda x, fn=fn: tuple(fn(x, 1)), {"dim": 1})
        case(fam, f"{name}/f32/all_ties", name, lambda: T([[1.0, 5.0, 5.0], [-2.0, 5.0, -2.0]]), fn)
        case(fam, f"{name}/f32/all_nan", name, lambda: T([1.0, nan, 3.0]), fn, grad=False)
        case(fam, f"{name}/f32/dim_nan", name, lambda: T([[1.0, nan, 3.0], [4.0, 0.5, -1.0]]),
             lambda x, fn=fn: tuple(fn(x, 1)), {"dim": 1}, grad=False)
        # binary max(a, b) is torch.maximum: covered in binary
    for name, fn in [("argmax", torch.argmax), ("argmin", torch.argmin)]:
        case(fam, f"{name}/f32/all", name, lambda: DISTINCT([3, 4]), fn)
        case(fam, f"{name}/i64/all", name, lambda: torch.randperm(12).reshape(3, 4), fn)
        for dim in [0, 1, -1]:
            for kd in [False, True]:
                case(fam, f"{name}/f32/dim{dim}/keepdim{kd}", name, lambda: DISTINCT([2, 3, 4]),
                     lambda x, dim=dim, kd=kd, fn=fn: fn(x, dim=dim, keepdim=kd), {"dim": dim, "keepdim": kd})
        case(fam, f"{name}/f32/all_keepdim", name, lambda: DISTINCT([3, 4]),
             lambda x, fn=fn: fn(x, keepdim=True), {"keepdim": True})
        case(fam, f"{name}/f32/ties_first", name, lambda: T([[1.0, 5.0, 5.0, -2.0], [-2.0, 5.0, -2.0, 5.0]]), fn)
        case(fam, f"{name}/f32/ties_first_dim1", name, lambda: T([[1.0, 5.0, 5.0, -2.0], [-2.0, 5.0, -2.0, 5.0]]),
             lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/scalar", name, lambda: U([], -1, 1), fn)
        case(fam, f"{name}/f32/nan", name, lambda: T([1.0, nan, 3.0, nan]), fn)
    for name, fn in [("amax", torch.amax), ("amin", torch.amin)]:
        case(fam, f"{name}/f32/all", name, lambda: DISTINCT([2, 3, 4]), fn)
        for dim in [0, -1]:
            for kd in [False, True]:
                case(fam, f"{name}/f32/dim{dim}/keepdim{kd}", name, lambda: DISTINCT([2, 3, 4]),
                     lambda x, dim=dim, kd=kd, fn=fn: fn(x, dim=dim, keepdim=kd), {"dim": dim, "keepdim": kd})
        case(fam, f"{name}/f32/dims0_2", name, lambda: DISTINCT([2, 3, 4]), lambda x, fn=fn: fn(x, dim=(0, 2)),
             {"dim": [0, 2]})
        case(fam, f"{name}/f64/dim1", name, lambda: DISTINCT([3, 4], f64), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/i64/dim1", name, lambda: I([3, 4]), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/ties", name, lambda: T([[1.0, 5.0, 5.0], [-2.0, 5.0, -2.0]]), fn)
        case(fam, f"{name}/f32/ties_dim1", name, lambda: T([[1.0, 5.0, 5.0], [-2.0, 0.0, -2.0]]),
             lambda x, fn=fn: fn(x, 1), {"dim": 1})
    # logsumexp
    for dim in [0, 1, -1]:
        for kd in [False, True]:
            case(fam, f"logsumexp/f32/dim{dim}/keepdim{kd}", "logsumexp", lambda: A3(),
                 lambda x, dim=dim, kd=kd: torch.logsumexp(x, dim=dim, keepdim=kd), {"dim": dim, "keepdim": kd})
    case(fam, "logsumexp/f32/dims0_2", "logsumexp", lambda: A3(), lambda x: torch.logsumexp(x, (0, 2)),
         {"dim": [0, 2]})
    case(fam, "logsumexp/f64/dim1", "logsumexp", lambda: A(f64), lambda x: torch.logsumexp(x, 1), {"dim": 1})
    case(fam, "logsumexp/f32/large", "logsumexp", lambda: T([[1000.0, 1000.5, 999.0], [-1000.0, -1001.0, -999.5]]),
         lambda x: torch.logsumexp(x, 1), {"dim": 1})
    case(fam, "logsumexp/f32/neg_inf", "logsumexp", lambda: T([[-inf, -inf], [-inf, 0.0]]),
         lambda x: torch.logsumexp(x, 1), {"dim": 1}, grad=False)
    case(fam, "logsumexp/f32/scalar", "logsumexp", lambda: U([], -1, 1), lambda x: torch.logsumexp(x, 0),
         {"dim": 0})
    # norm (torch.norm)
    for p in [2, 1, inf, "fro", 3.0, -inf, 0]:
        ps = p
        case(fam, f"norm/f32/all/p{p}", "norm", lambda: A(), lambda x, p=p: torch.norm(x, p=p), {"p": ps})
        case(fam, f"norm/f32/dim1/p{p}", "norm", lambda: A3(), lambda x, p=p: torch.norm(x, p=p, dim=1),
             {"p": ps, "dim": 1})
    case(fam, "norm/f32/default", "norm", lambda: A(), torch.norm)
    case(fam, "norm/f64/dim0_keepdim", "norm", lambda: A(f64), lambda x: torch.norm(x, dim=0, keepdim=True),
         {"dim": 0, "keepdim": True})
    case(fam, "norm/f32/fro_dims", "norm", lambda: A3(), lambda x: torch.norm(x, p="fro", dim=(0, 2)),
         {"p": "fro", "dim": [0, 2]})
    case(fam, "norm/f32/p2_dims", "norm", lambda: A3(), lambda x: torch.norm(x, p=2, dim=(1, 2)),
         {"p": 2, "dim": [1, 2]})
    case(fam, "norm/f32/zeros_p2", "norm", lambda: torch.zeros(3), lambda x: torch.norm(x), )
    case(fam, "norm/f32/zero_row_dim1", "norm", lambda: T([[0.0, 0.0], [3.0, 4.0]]),
         lambda x: torch.norm(x, dim=1), {"dim": 1})
    case(fam, "norm/f32/inf_ties", "norm", lambda: T([3.0, -3.0, 1.0]), lambda x: torch.norm(x, p=inf),
         {"p": "inf"})
    # all / any
    for name, fn in [("all", torch.all), ("any", torch.any)]:
        case(fam, f"{name}/bool/all", name, lambda: B([3, 4]), fn)
        case(fam, f"{name}/bool/all_true", name, lambda: torch.ones(2, 3, dtype=bl), fn)
        case(fam, f"{name}/bool/all_false", name, lambda: torch.zeros(2, 3, dtype=bl), fn)
        for dim in [0, 1, -1]:
            case(fam, f"{name}/bool/dim{dim}", name, lambda: B([3, 4]), lambda x, dim=dim, fn=fn: fn(x, dim),
                 {"dim": dim})
        case(fam, f"{name}/bool/dim1_keepdim", name, lambda: B([3, 4]),
             lambda x, fn=fn: fn(x, 1, keepdim=True), {"dim": 1, "keepdim": True})
        case(fam, f"{name}/f32/all", name, lambda: INTF([3, 4], 0, 3), fn)
        case(fam, f"{name}/f32/dim1", name, lambda: INTF([3, 4], 0, 2), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/i64/dim0", name, lambda: I([3, 4], 0, 2), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/f32/nan", name, lambda: T([nan, 1.0]), fn)
        case(fam, f"{name}/bool/empty", name, lambda: torch.zeros(0, dtype=bl), fn)
        case(fam, f"{name}/bool/scalar", name, lambda: T(False, bl), fn)
    # cumsum / cumprod
    for name, fn in [("cumsum", torch.cumsum), ("cumprod", torch.cumprod)]:
        for dim in [0, 1, -1]:
            case(fam, f"{name}/f32/dim{dim}", name, lambda: U([2, 3, 4], -1.5, 1.5),
                 lambda x, dim=dim, fn=fn: fn(x, dim), {"dim": dim})
        case(fam, f"{name}/f64/dim1", name, lambda: U([3, 4], -1.5, 1.5, f64), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/i64/dim1", name, lambda: I([3, 4], -3, 4), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/1d", name, lambda: U([6], -1.5, 1.5), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/f32/scalar", name, lambda: U([], -1.5, 1.5), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/bool/dim0", name, lambda: B([5]), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/i64/dtype_f32", name, lambda: I([4]), lambda x, fn=fn: fn(x, 0, dtype=f32),
             {"dim": 0, "dtype": "float32"})
    case(fam, "cumprod/f32/one_zero", "cumprod", lambda: T([1.5, -2.0, 0.0, 3.0, 0.5]),
         lambda x: torch.cumprod(x, 0), {"dim": 0})
    case(fam, "cumprod/f32/two_zeros", "cumprod", lambda: T([[1.5, 0.0, 2.0, 0.0, 0.5], [0.0, 1.0, 2.0, 3.0, 4.0]]),
         lambda x: torch.cumprod(x, 1), {"dim": 1})
    # softmax / log_softmax
    for name, fn in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
        for dim in [0, 1, -1]:
            case(fam, f"{name}/f32/dim{dim}", name, lambda: U([2, 3, 4], -3, 3),
                 lambda x, dim=dim, fn=fn: fn(x, dim), {"dim": dim})
        case(fam, f"{name}/f64/dim1", name, lambda: U([3, 4], -3, 3, f64), lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/1d", name, lambda: U([5], -3, 3), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/f32/large", name, lambda: T([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]]),
             lambda x, fn=fn: fn(x, 1), {"dim": 1})
        case(fam, f"{name}/f32/scalar", name, lambda: U([], -3, 3), lambda x, fn=fn: fn(x, 0), {"dim": 0})
        case(fam, f"{name}/i64/dtype_f32", name, lambda: I([2, 3]), lambda x, fn=fn: fn(x, 1, dtype=f32),
             {"dim": 1, "dtype": "float32"})
    case(fam, "softmax/f32/neg_inf", "softmax", lambda: T([[0.5, -inf, 1.0], [-inf, 2.0, -inf]]),
         lambda x: torch.softmax(x, 1), {"dim": 1})
    case(fam, "log_softmax/f32/neg_inf", "log_softmax", lambda: T([[0.5, -inf, 1.0], [-inf, 2.0, -inf]]),
         lambda x: torch.log_softmax(x, 1), {"dim": 1}, grad=False)
    # topk
    for k, dim, largest in [(2, -1, True), (2, -1, False), (1, 0, True), (3, 1, False), (4, -1, True), (0, 1, True)]:
        case(fam, f"topk/f32/k{k}_dim{dim}_largest{largest}", "topk", lambda: DISTINCT([3, 4]),
             lambda x, k=k, dim=dim, largest=largest: tuple(torch.topk(x, k, dim=dim, largest=largest)),
             {"k": k, "dim": dim, "largest": largest, "sorted": True})
    case(fam, "topk/f32/1d_k3", "topk", lambda: DISTINCT([7]), lambda x: tuple(torch.topk(x, 3)), {"k": 3})
    case(fam, "topk/f32/3d_dim1", "topk", lambda: DISTINCT([2, 3, 4]), lambda x: tuple(torch.topk(x, 2, dim=1)),
         {"k": 2, "dim": 1})
    case(fam, "topk/f64/k2", "topk", lambda: DISTINCT([2, 5], f64), lambda x: tuple(torch.topk(x, 2)), {"k": 2})
    case(fam, "topk/i64/k2", "topk", lambda: torch.randperm(10).reshape(2, 5), lambda x: tuple(torch.topk(x, 2)),
         {"k": 2})
    # sort / argsort
    for dim in [0, 1, -1]:
        for desc in [False, True]:
            case(fam, f"sort/f32/dim{dim}/desc{desc}", "sort", lambda: DISTINCT([2, 3, 4]),
                 lambda x, dim=dim, desc=desc: tuple(torch.sort(x, dim=dim, descending=desc)),
                 {"dim": dim, "descending": desc})
            case(fam, f"argsort/f32/dim{dim}/desc{desc}", "argsort", lambda: DISTINCT([2, 3, 4]),
                 lambda x, dim=dim, desc=desc: torch.argsort(x, dim=dim, descending=desc),
                 {"dim": dim, "descending": desc})
    case(fam, "sort/f32/default", "sort", lambda: DISTINCT([3, 4]), lambda x: tuple(torch.sort(x)))
    case(fam, "sort/f64/1d", "sort", lambda: DISTINCT([6], f64), lambda x: tuple(torch.sort(x)))
    case(fam, "sort/i64/1d_desc", "sort", lambda: torch.randperm(8) - 4,
         lambda x: tuple(torch.sort(x, descending=True)), {"descending": True})
    case(fam, "sort/f32/nan", "sort", lambda: T([3.0, nan, -1.0, inf, -inf, 0.5]), lambda x: tuple(torch.sort(x)),
         grad=False)
    case(fam, "sort/f32/nan_desc", "sort", lambda: T([3.0, nan, -1.0, inf, -inf, 0.5]),
         lambda x: tuple(torch.sort(x, descending=True)), {"descending": True}, grad=False)
    case(fam, "sort/f32/stable_ties", "sort", lambda: T([2.0, 1.0, 2.0, 1.0, 0.0, 2.0]),
         lambda x: tuple(torch.sort(x, stable=True)), {"stable": True}, grad=False)
    case(fam, "argsort/f32/default", "argsort", lambda: DISTINCT([3, 4]), torch.argsort)
    case(fam, "argsort/i64/1d", "argsort", lambda: torch.randperm(8), torch.argsort)


# ================================================================================================================
# linalg

def gen_linalg():
    fam = "linalg"
    mm_shapes = [
        ("1d_1d", [4], [4]),
        ("2d_1d", [3, 4], [4]),
        ("1d_2d", [4], [4, 3]),
        ("2d_2d", [3, 4], [4, 5]),
        ("3d_3d", [2, 3, 4], [2, 4, 5]),
        ("4d_3d_bcast", [2, 1, 3, 4], [3, 4, 2]),
        ("3d_1d", [2, 3, 4], [4]),
        ("1d_3d", [4], [2, 4, 3]),
        ("3d_2d", [2, 3, 4], [4, 2]),
        ("2d_3d", [3, 4], [2, 4, 2]),
    ]
    for tag, sa, sb in mm_shapes:
        case(fam, f"matmul/f32/{tag}", "matmul", lambda sa=sa, sb=sb: [N(sa), N(sb)], torch.matmul)
    case(fam, "matmul/f64/2d_2d", "matmul", lambda: [N([3, 4], f64), N([4, 2], f64)], torch.matmul)
    case(fam, "matmul/f64/3d_3d", "matmul", lambda: [N([2, 2, 3], f64), N([2, 3, 2], f64)], torch.matmul)
    case(fam, "matmul/i64/2d_2d", "matmul", lambda: [I([2, 3]), I([3, 2])], torch.matmul)
    case(fam, "matmul/f32/1x1", "matmul", lambda: [N([1, 1]), N([1, 1])], torch.matmul)
    case(fam, "matmul/f32/k0", "matmul", lambda: [N([2, 0]), N([0, 3])], torch.matmul)
    case(fam, "mm/f32/3x4_4x5", "mm", lambda: [N([3, 4]), N([4, 5])], torch.mm)
    case(fam, "mm/f64/2x3_3x2", "mm", lambda: [N([2, 3], f64), N([3, 2], f64)], torch.mm)
    case(fam, "mm/i64/2x3_3x2", "mm", lambda: [I([2, 3]), I([3, 2])], torch.mm)
    case(fam, "bmm/f32/2x3x4_2x4x2", "bmm", lambda: [N([2, 3, 4]), N([2, 4, 2])], torch.bmm)
    case(fam, "bmm/f64/3x2x2", "bmm", lambda: [N([3, 2, 2], f64), N([3, 2, 3], f64)], torch.bmm)
    case(fam, "mv/f32/3x4", "mv", lambda: [N([3, 4]), N([4])], torch.mv)
    case(fam, "mv/f64/2x3", "mv", lambda: [N([2, 3], f64), N([3], f64)], torch.mv)
    case(fam, "dot/f32/5", "dot", lambda: [N([5]), N([5])], torch.dot)
    case(fam, "dot/f64/4", "dot", lambda: [N([4], f64), N([4], f64)], torch.dot)
    case(fam, "dot/i64/4", "dot", lambda: [I([4]), I([4])], torch.dot)
    case(fam, "outer/f32/3_4", "outer", lambda: [N([3]), N([4])], torch.outer)
    case(fam, "outer/f64/2_3", "outer", lambda: [N([2], f64), N([3], f64)], torch.outer)
    case(fam, "outer/i64/2_3", "outer", lambda: [I([2]), I([3])], torch.outer)
    for beta, alpha in [(1, 1), (0.5, 2.0), (0, 1.5), (-1.0, 0.25)]:
        case(fam, f"addmm/f32/beta{beta}_alpha{alpha}", "addmm", lambda: [N([3, 5]), N([3, 4]), N([4, 5])],
             lambda c, a, b, beta=beta, alpha=alpha: torch.addmm(c, a, b, beta=beta, alpha=alpha),
             {"beta": beta, "alpha": alpha})
    case(fam, "addmm/f32/bcast_bias", "addmm", lambda: [N([5]), N([3, 4]), N([4, 5])], torch.addmm)
    case(fam, "addmm/f64/bcast_bias_col", "addmm", lambda: [N([3, 1], f64), N([3, 2], f64), N([2, 4], f64)],
         lambda c, a, b: torch.addmm(c, a, b, beta=2.0, alpha=0.5), {"beta": 2.0, "alpha": 0.5})
    case(fam, "addmm/f32/beta0_nan", "addmm", lambda: [T([[nan, inf], [1.0, 2.0]]), N([2, 3]), N([3, 2])],
         lambda c, a, b: torch.addmm(c, a, b, beta=0), {"beta": 0}, grad=[False, True, True])
    for beta, alpha in [(1, 1), (0.5, -2.0)]:
        case(fam, f"baddbmm/f32/beta{beta}_alpha{alpha}", "baddbmm",
             lambda: [N([2, 3, 2]), N([2, 3, 4]), N([2, 4, 2])],
             lambda c, a, b, beta=beta, alpha=alpha: torch.baddbmm(c, a, b, beta=beta, alpha=alpha),
             {"beta": beta, "alpha": alpha})
    case(fam, "baddbmm/f32/bcast_bias", "baddbmm", lambda: [N([3, 1]), N([2, 3, 4]), N([2, 4, 2])], torch.baddbmm)
    # einsum
    ein = [
        ("ij,jk->ik", [[3, 4], [4, 2]]),
        ("bij,bjk->bik", [[2, 3, 4], [2, 4, 2]]),
        ("ii->i", [[3, 3]]),
        ("ii", [[3, 3]]),
        ("ij->ji", [[3, 4]]),
        ("i,i->", [[5], [5]]),
        ("bhqd,bhkd->bhqk", [[2, 2, 3, 4], [2, 2, 5, 4]]),
        ("i,j->ij", [[3], [4]]),
        ("ij->", [[3, 4]]),
        ("ij->j", [[3, 4]]),
        ("ij,ij->ij", [[2, 3], [2, 3]]),
        ("...ij,...jk->...ik", [[2, 3, 4], [4, 2]]),
        ("bij,jk", [[2, 3, 4], [4, 2]]),
    ]
    for eq, shapes in ein:
        tag = eq.replace("->", "_to_").replace(",", "_").replace("...", "E")
        case(fam, f"einsum/f32/{tag}", "einsum", lambda shapes=shapes: [N(s) for s in shapes],
             lambda *ts, eq=eq: torch.einsum(eq, *ts), {"equation": eq})
    case(fam, "einsum/f64/ij,jk->ik", "einsum", lambda: [N([2, 3], f64), N([3, 2], f64)],
         lambda a, b: torch.einsum("ij,jk->ik", a, b), {"equation": "ij,jk->ik"})
    # torch.linalg.norm
    LN = torch.linalg.norm
    case(fam, "linalg.norm/f32/vec_default", "linalg.norm", lambda: N([5]), LN)
    case(fam, "linalg.norm/f32/mat_default", "linalg.norm", lambda: N([3, 4]), LN)
    case(fam, "linalg.norm/f32/3d_default", "linalg.norm", lambda: N([2, 3, 4]), LN)
    for o in [1, inf, -inf, 2, 0.5, 3.0]:
        case(fam, f"linalg.norm/f32/vec_ord{o}", "linalg.norm", lambda: N([5]), lambda x, o=o: LN(x, ord=o),
             {"ord": o})
    case(fam, "linalg.norm/f64/vec_ord1", "linalg.norm", lambda: N([4], f64), lambda x: LN(x, ord=1), {"ord": 1})
    for o in ["fro", "nuc", 1, inf, -1, -inf, 2]:
        case(fam, f"linalg.norm/f32/mat_ord{o}", "linalg.norm", lambda: N([3, 4]), lambda x, o=o: LN(x, ord=o),
             {"ord": o})
    case(fam, "linalg.norm/f32/dim1", "linalg.norm", lambda: N([3, 4]), lambda x: LN(x, dim=1), {"dim": 1})
    case(fam, "linalg.norm/f32/dim1_ord1_keepdim", "linalg.norm", lambda: N([3, 4]),
         lambda x: LN(x, ord=1, dim=1, keepdim=True), {"ord": 1, "dim": 1, "keepdim": True})
    case(fam, "linalg.norm/f32/fro_dims12", "linalg.norm", lambda: N([2, 3, 4]),
         lambda x: LN(x, ord="fro", dim=(1, 2)), {"ord": "fro", "dim": [1, 2]})
    # vector_norm
    VN = torch.linalg.vector_norm
    for o in [2, 1, inf, -inf, 3.5, 0, 0.5]:
        case(fam, f"linalg.vector_norm/f32/all_ord{o}", "linalg.vector_norm", lambda: N([3, 4]),
             lambda x, o=o: VN(x, ord=o), {"ord": o})
        case(fam, f"linalg.vector_norm/f32/dim1_ord{o}", "linalg.vector_norm", lambda: N([2, 3, 4]),
             lambda x, o=o: VN(x, ord=o, dim=1), {"ord": o, "dim": 1})
    case(fam, "linalg.vector_norm/f32/default", "linalg.vector_norm", lambda: N([2, 3, 4]), VN)
    case(fam, "linalg.vector_norm/f64/dims_keepdim", "linalg.vector_norm", lambda: N([2, 3, 4], f64),
         lambda x: VN(x, dim=(0, 2), keepdim=True), {"dim": [0, 2], "keepdim": True})
    case(fam, "linalg.vector_norm/f32/dim-1_ord3.5_keepdim", "linalg.vector_norm", lambda: N([3, 4]),
         lambda x: VN(x, ord=3.5, dim=-1, keepdim=True), {"ord": 3.5, "dim": -1, "keepdim": True})
    case(fam, "linalg.vector_norm/f32/scalar", "linalg.vector_norm", lambda: N([]), VN)
    case(fam, "linalg.vector_norm/f32/zeros", "linalg.vector_norm", lambda: torch.zeros(4), VN)
    case(fam, "linalg.vector_norm/f32/inf_ties", "linalg.vector_norm", lambda: T([3.0, -3.0, 1.0]),
         lambda x: VN(x, ord=inf), {"ord": "inf"})
    # matrix_norm
    MN = torch.linalg.matrix_norm
    for o in ["fro", 1, inf, -1, -inf, "nuc", 2, -2]:
        case(fam, f"linalg.matrix_norm/f32/ord{o}", "linalg.matrix_norm", lambda: N([3, 4]),
             lambda x, o=o: MN(x, ord=o), {"ord": o})
        case(fam, f"linalg.matrix_norm/f32/batched_ord{o}", "linalg.matrix_norm", lambda: N([2, 3, 3]),
             lambda x, o=o: MN(x, ord=o), {"ord": o})
    case(fam, "linalg.matrix_norm/f64/fro", "linalg.matrix_norm", lambda: N([3, 3], f64), MN)
    case(fam, "linalg.matrix_norm/f32/fro_dim02_keepdim", "linalg.matrix_norm", lambda: N([2, 3, 4]),
         lambda x: MN(x, ord="fro", dim=(0, 2), keepdim=True), {"ord": "fro", "dim": [0, 2], "keepdim": True})
    case(fam, "linalg.matrix_norm/f32/ord1_dim20", "linalg.matrix_norm", lambda: N([2, 3, 4]),
         lambda x: MN(x, ord=1, dim=(2, 0)), {"ord": 1, "dim": [2, 0]})


# ================================================================================================================
# shape

def parse_index(s, tensors):
    comps = []
    for p in [p.strip() for p in s.split(",")] if s.strip() else []:
        if p == "...":
            comps.append(Ellipsis)
        elif p == "None":
            comps.append(None)
        elif p.startswith("T"):
            comps.append(tensors[int(p[1:])])
        elif ":" in p:
            segs = [x.strip() for x in p.split(":")]
            assert len(segs) in (2, 3), p
            vals = [int(x) if x else None for x in segs]
            comps.append(slice(*vals))
        else:
            comps.append(int(p))
    return tuple(comps)


def gen_shape():
    fam = "shape"
    # cat / stack
    case(fam, "cat/f32/dim0", "cat", lambda: [N([2, 3]), N([1, 3]), N([3, 3])], lambda *t: torch.cat(t, 0), {"dim": 0})
    case(fam, "cat/f32/dim1", "cat", lambda: [N([2, 3]), N([2, 1])], lambda *t: torch.cat(t, 1), {"dim": 1})
    case(fam, "cat/f32/dim-1_3d", "cat", lambda: [N([2, 2, 3]), N([2, 2, 2])], lambda *t: torch.cat(t, -1),
         {"dim": -1})
    case(fam, "cat/f64/dim0", "cat", lambda: [N([2], f64), N([3], f64)], lambda *t: torch.cat(t, 0), {"dim": 0})
    case(fam, "cat/i64/dim1", "cat", lambda: [I([2, 2]), I([2, 3])], lambda *t: torch.cat(t, 1), {"dim": 1})
    case(fam, "cat/bool/dim0", "cat", lambda: [B([2]), B([3])], lambda *t: torch.cat(t, 0), {"dim": 0})
    case(fam, "cat/promo/f32_f64", "cat", lambda: [N([2]), N([2], f64)], lambda *t: torch.cat(t, 0), {"dim": 0})
    case(fam, "cat/promo/i64_f32", "cat", lambda: [I([2]), N([2])], lambda *t: torch.cat(t, 0), {"dim": 0})
    case(fam, "cat/f32/single", "cat", lambda: [N([2, 3])], lambda *t: torch.cat(t, 1), {"dim": 1})
    case(fam, "cat/f32/with_empty_dim", "cat", lambda: [N([2, 3]), N([0, 3])], lambda *t: torch.cat(t, 0),
         {"dim": 0})
    case(fam, "cat/f32/legacy_empty_1d", "cat", lambda: [N([2, 3]), torch.zeros(0)], lambda *t: torch.cat(t, 1),
         {"dim": 1})
    for dim in [0, 1, 2, -1]:
        case(fam, f"stack/f32/dim{dim}", "stack", lambda: [N([2, 3]), N([2, 3]), N([2, 3])],
             lambda *t, dim=dim: torch.stack(t, dim), {"dim": dim})
    case(fam, "stack/i64/dim0", "stack", lambda: [I([3]), I([3])], lambda *t: torch.stack(t, 0), {"dim": 0})
    case(fam, "stack/f32/scalars", "stack", lambda: [N([]), N([]), N([])], lambda *t: torch.stack(t, 0),
         {"dim": 0})
    case(fam, "stack/promo/f32_f64", "stack", lambda: [N([2]), N([2], f64)], lambda *t: torch.stack(t, 0),
         {"dim": 0})
    # split / chunk / unbind
    for ssz, dim in [(2, 0), (3, 1), (4, 1), (1, -1), (10, 0)]:
        case(fam, f"split/f32/int{ssz}_dim{dim}", "split", lambda: N([5, 4]),
             lambda x, s=ssz, d=dim: torch.split(x, s, d), {"split_size_or_sections": ssz, "dim": dim})
    for secs, dim in [([1, 3, 1], 0), ([2, 2], 1), ([0, 4, 1], 0)]:
        case(fam, f"split/f32/sizes{'_'.join(map(str, secs))}_dim{dim}", "split", lambda: N([5, 4]),
             lambda x, s=secs, d=dim: torch.split(x, s, d), {"split_size_or_sections": secs, "dim": dim})
    case(fam, "split/i64/int2", "split", lambda: I([5]), lambda x: torch.split(x, 2), {"split_size_or_sections": 2})
    for ch, dim in [(2, 0), (3, 0), (3, 1), (4, 1), (6, 0), (2, -1)]:
        case(fam, f"chunk/f32/chunks{ch}_dim{dim}", "chunk", lambda: N([5, 4]),
             lambda x, c=ch, d=dim: torch.chunk(x, c, d), {"chunks": ch, "dim": dim})
    case(fam, "chunk/f32/6_into_4", "chunk", lambda: N([6]), lambda x: torch.chunk(x, 4), {"chunks": 4})
    case(fam, "chunk/f32/5_into_4", "chunk", lambda: N([5]), lambda x: torch.chunk(x, 4), {"chunks": 4})
    for dim in [0, 1, -1]:
        case(fam, f"unbind/f32/dim{dim}", "unbind", lambda: N([2, 3, 2]), lambda x, d=dim: torch.unbind(x, d),
             {"dim": dim})
    case(fam, "unbind/i64/dim0", "unbind", lambda: I([3, 2]), lambda x: torch.unbind(x, 0), {"dim": 0})
    # index_select / gather / scatter / scatter_add / index_add
    case(fam, "index_select/f32/dim0", "index_select", lambda: [N([4, 3]), T([3, 0, 3, 1], i64)],
         lambda x, i: torch.index_select(x, 0, i), {"dim": 0})
    case(fam, "index_select/f32/dim1", "index_select", lambda: [N([2, 4, 3]), T([2, 0], i64)],
         lambda x, i: torch.index_select(x, 1, i), {"dim": 1})
    case(fam, "index_select/f64/dim-1", "index_select", lambda: [N([3, 4], f64), T([1, 1, 3], i64)],
         lambda x, i: torch.index_select(x, -1, i), {"dim": -1})
    case(fam, "index_select/i64/dim0", "index_select", lambda: [I([4, 2]), T([2, 0], i64)],
         lambda x, i: torch.index_select(x, 0, i), {"dim": 0})
    case(fam, "index_select/f32/empty_index", "index_select", lambda: [N([3, 2]), torch.zeros(0, dtype=i64)],
         lambda x, i: torch.index_select(x, 0, i), {"dim": 0})
    case(fam, "index_select/f32/scalar_index", "index_select", lambda: [N([3, 2]), T(2, i64)],
         lambda x, i: torch.index_select(x, 0, i), {"dim": 0})
    case(fam, "gather/f32/dim0", "gather", lambda: [N([3, 4]), torch.randint(0, 3, (2, 4))],
         lambda x, i: torch.gather(x, 0, i), {"dim": 0})
    case(fam, "gather/f32/dim1", "gather", lambda: [N([3, 4]), torch.randint(0, 4, (3, 5))],
         lambda x, i: torch.gather(x, 1, i), {"dim": 1})
    case(fam, "gather/f32/dim1_smaller", "gather", lambda: [N([3, 4]), torch.randint(0, 4, (2, 2))],
         lambda x, i: torch.gather(x, 1, i), {"dim": 1})
    case(fam, "gather/f64/3d_dim-1", "gather", lambda: [N([2, 3, 4], f64), torch.randint(0, 4, (2, 3, 2))],
         lambda x, i: torch.gather(x, -1, i), {"dim": -1})
    case(fam, "gather/i64/dim1", "gather", lambda: [I([2, 3]), torch.randint(0, 3, (2, 3))],
         lambda x, i: torch.gather(x, 1, i), {"dim": 1})

    def perm_index(rows, n, k):
        # unique indices per row along dim 1 (deterministic scatter)
        return torch.stack([torch.randperm(n)[:k] for _ in range(rows)])

    case(fam, "scatter/f32/src_dim1", "scatter", lambda: [N([3, 5]), perm_index(3, 5, 3), N([3, 3])],
         lambda x, i, s: torch.scatter(x, 1, i, s), {"dim": 1})
    # src larger than index: PyTorch 1.13's ScatterBackward0 fails for grad w.r.t. src, so only self is differentiated
    case(fam, "scatter/f32/src_larger_dim1", "scatter", lambda: [N([3, 5]), perm_index(3, 5, 3), N([3, 4])],
         lambda x, i, s: torch.scatter(x, 1, i, s), {"dim": 1}, grad=[True, False, False])
    case(fam, "scatter/f32/src_dim0", "scatter", lambda: [N([4, 3]), perm_index(3, 4, 2).t().contiguous(), N([2, 3])],
         lambda x, i, s: torch.scatter(x, 0, i, s), {"dim": 0})
    case(fam, "scatter/f64/src_dim-1", "scatter", lambda: [N([2, 4], f64), perm_index(2, 4, 2), N([2, 2], f64)],
         lambda x, i, s: torch.scatter(x, -1, i, s), {"dim": -1})
    case(fam, "scatter/i64/src_dim1", "scatter", lambda: [I([2, 4]), perm_index(2, 4, 2), I([2, 3])],
         lambda x, i, s: torch.scatter(x, 1, i, s), {"dim": 1})
    case(fam, "scatter/f32/value_dim1", "scatter", lambda: [N([3, 5]), torch.randint(0, 5, (3, 2))],
         lambda x, i: torch.scatter(x, 1, i, -7.5), {"dim": 1, "value": -7.5})
    case(fam, "scatter/f32/value_dim0", "scatter", lambda: [N([3, 4]), torch.randint(0, 3, (2, 4))],
         lambda x, i: torch.scatter(x, 0, i, 2.0), {"dim": 0, "value": 2.0})
    case(fam, "scatter/i64/value_dim0", "scatter", lambda: [I([3, 2]), torch.randint(0, 3, (1, 2))],
         lambda x, i: torch.scatter(x, 0, i, 9), {"dim": 0, "value": 9})
    case(fam, "scatter_add/f32/dim1", "scatter_add", lambda: [N([3, 4]), torch.randint(0, 4, (3, 6)), N([3, 6])],
         lambda x, i, s: torch.scatter_add(x, 1, i, s), {"dim": 1})
    case(fam, "scatter_add/f32/dim0", "scatter_add", lambda: [N([3, 4]), torch.randint(0, 3, (5, 4)), N([5, 4])],
         lambda x, i, s: torch.scatter_add(x, 0, i, s), {"dim": 0})
    case(fam, "scatter_add/f64/dim0_small", "scatter_add",
         lambda: [N([3, 2], f64), torch.randint(0, 3, (2, 1)), N([4, 3], f64)],
         lambda x, i, s: torch.scatter_add(x, 0, i, s), {"dim": 0}, grad=[True, False, False])
    case(fam, "scatter_add/i64/dim1", "scatter_add", lambda: [I([2, 3]), torch.randint(0, 3, (2, 4)), I([2, 4])],
         lambda x, i, s: torch.scatter_add(x, 1, i, s), {"dim": 1})
    case(fam, "index_add/f32/dim0", "index_add", lambda: [N([4, 3]), T([0, 2, 0, 3, 2], i64), N([5, 3])],
         lambda x, i, s: torch.index_add(x, 0, i, s), {"dim": 0})
    case(fam, "index_add/f32/dim1_alpha", "index_add", lambda: [N([2, 4]), T([3, 1, 3], i64), N([2, 3])],
         lambda x, i, s: torch.index_add(x, 1, i, s, alpha=-2.5), {"dim": 1, "alpha": -2.5})
    case(fam, "index_add/f64/3d_dim-1", "index_add", lambda: [N([2, 2, 3], f64), T([2, 0], i64), N([2, 2, 2], f64)],
         lambda x, i, s: torch.index_add(x, -1, i, s), {"dim": -1})
    case(fam, "index_add/i64/dim0", "index_add", lambda: [I([3, 2]), T([1, 1], i64), I([2, 2])],
         lambda x, i, s: torch.index_add(x, 0, i, s, alpha=2), {"dim": 0, "alpha": 2})
    # masked_fill / masked_select / nonzero / take
    case(fam, "masked_fill/f32/same", "masked_fill", lambda: [N([3, 4]), B([3, 4])],
         lambda x, m: torch.masked_fill(x, m, -1.5), {"value": -1.5})
    case(fam, "masked_fill/f32/bcast_mask", "masked_fill", lambda: [N([3, 4]), B([3, 1])],
         lambda x, m: torch.masked_fill(x, m, 0.25), {"value": 0.25})
    case(fam, "masked_fill/f32/neg_inf", "masked_fill", lambda: [N([2, 3]), B([3])],
         lambda x, m: torch.masked_fill(x, m, -inf), {"value": -inf})
    case(fam, "masked_fill/f64/same", "masked_fill", lambda: [N([2, 3], f64), B([2, 3])],
         lambda x, m: torch.masked_fill(x, m, 3.0), {"value": 3.0})
    case(fam, "masked_fill/i64/int_value", "masked_fill", lambda: [I([2, 3]), B([2, 3])],
         lambda x, m: torch.masked_fill(x, m, 7), {"value": 7})
    case(fam, "masked_fill/bool", "masked_fill", lambda: [B([5]), B([5])],
         lambda x, m: torch.masked_fill(x, m, True), {"value": True})
    case(fam, "masked_select/f32/same", "masked_select", lambda: [N([3, 4]), B([3, 4])], torch.masked_select)
    case(fam, "masked_select/f32/bcast_mask", "masked_select", lambda: [N([3, 4]), B([4])], torch.masked_select)
    case(fam, "masked_select/f32/bcast_both", "masked_select", lambda: [N([3, 1]), B([2, 1, 4])],
         torch.masked_select)
    case(fam, "masked_select/i64/same", "masked_select", lambda: [I([2, 3]), B([2, 3])], torch.masked_select)
    case(fam, "masked_select/f32/none", "masked_select", lambda: [N([2, 3]), torch.zeros(2, 3, dtype=bl)],
         torch.masked_select)
    case(fam, "nonzero/f32/2d", "nonzero", lambda: INTF([3, 4], -1, 2), torch.nonzero)
    case(fam, "nonzero/i64/1d", "nonzero", lambda: I([6], -1, 2), torch.nonzero)
    case(fam, "nonzero/bool/3d", "nonzero", lambda: B([2, 2, 3]), torch.nonzero)
    case(fam, "nonzero/f32/none", "nonzero", lambda: torch.zeros(2, 3), torch.nonzero)
    case(fam, "nonzero/f32/nan", "nonzero", lambda: T([0.0, nan, -0.0, 1.0]), torch.nonzero)
    case(fam, "nonzero/f32/scalar", "nonzero", lambda: T(2.0), torch.nonzero)
    case(fam, "take/f32/2d_index", "take", lambda: [N([3, 4]), T([[0, 11, -1], [5, 5, -12]], i64)], torch.take)
    case(fam, "take/f64/1d_index", "take", lambda: [N([2, 3], f64), T([4, 0, 2], i64)], torch.take)
    case(fam, "take/i64/1d_index", "take", lambda: [I([2, 3]), T([5, 1], i64)], torch.take)
    case(fam, "take/f32/scalar_index", "take", lambda: [N([2, 3]), T(3, i64)], torch.take)
    # flip / roll
    for dims in [[0], [1], [0, 1], [-1], [0, 2]]:
        case(fam, f"flip/f32/dims{'_'.join(map(str, dims))}", "flip", lambda: N([2, 3, 4]),
             lambda x, d=dims: torch.flip(x, d), {"dims": dims})
    case(fam, "flip/i64/dims0", "flip", lambda: I([4]), lambda x: torch.flip(x, [0]), {"dims": [0]})
    case(fam, "flip/f32/scalar", "flip", lambda: N([]), lambda x: torch.flip(x, []), {"dims": []})
    for shifts, dims in [(1, 0), (-1, 1), (5, 1), ([1, -2], [0, 1]), ([2, 1], [1, 1]), (3, None), (-7, None),
                         (0, 0)]:
        a = {"shifts": shifts}
        if dims is not None:
            a["dims"] = dims
        tag = f"shifts{shifts}_dims{dims}".replace(" ", "").replace("[", "").replace("]", "").replace(",", "_")
        case(fam, f"roll/f32/{tag}", "roll", lambda: N([3, 4]),
             lambda x, s=shifts, d=dims: torch.roll(x, s, d) if d is not None else torch.roll(x, s), a)
    case(fam, "roll/i64/shift2", "roll", lambda: I([5]), lambda x: torch.roll(x, 2), {"shifts": 2})
    # repeat / tile
    for reps in [[2, 1], [1, 3], [2, 2], [2, 1, 3], [1, 1]]:
        case(fam, f"repeat/f32/{'x'.join(map(str, reps))}", "repeat", lambda: N([2, 3]),
             lambda x, r=reps: x.repeat(*r), {"repeats": reps})
    case(fam, "repeat/f32/1d_to_2d", "repeat", lambda: N([3]), lambda x: x.repeat(2, 2), {"repeats": [2, 2]})
    case(fam, "repeat/i64/2", "repeat", lambda: I([3]), lambda x: x.repeat(2), {"repeats": [2]})
    case(fam, "repeat/f32/scalar", "repeat", lambda: N([]), lambda x: x.repeat(3, 2), {"repeats": [3, 2]})
    case(fam, "repeat/f32/zero", "repeat", lambda: N([2, 3]), lambda x: x.repeat(0, 2), {"repeats": [0, 2]})
    for dims in [[2], [2, 1], [1, 2, 2], [3, 1, 1]]:
        case(fam, f"tile/f32/{'x'.join(map(str, dims))}", "tile", lambda: N([2, 3]),
             lambda x, d=dims: torch.tile(x, d), {"dims": dims})
    case(fam, "tile/i64/1d", "tile", lambda: I([3]), lambda x: torch.tile(x, (2,)), {"dims": [2]})
    # tril / triu
    for name, fn in [("tril", torch.tril), ("triu", torch.triu)]:
        for k in [0, 1, -1, 2, -3]:
            case(fam, f"{name}/f32/3x4_k{k}", name, lambda: N([3, 4]), lambda x, k=k, fn=fn: fn(x, k),
                 {"diagonal": k})
        case(fam, f"{name}/f32/4x2", name, lambda: N([4, 2]), fn)
        case(fam, f"{name}/f64/batched_k1", name, lambda: N([2, 3, 3], f64), lambda x, fn=fn: fn(x, 1),
             {"diagonal": 1})
        case(fam, f"{name}/i64/3x3", name, lambda: I([3, 3]), fn)
        case(fam, f"{name}/bool/3x3", name, lambda: B([3, 3]), fn)
    # diag / diagonal
    for off in [0, 1, -2]:
        case(fam, f"diag/f32/1d_offset{off}", "diag", lambda: N([3]), lambda x, o=off: torch.diag(x, o),
             {"diagonal": off})
        case(fam, f"diag/f32/2d_offset{off}", "diag", lambda: N([3, 4]), lambda x, o=off: torch.diag(x, o),
             {"diagonal": off})
    case(fam, "diag/i64/1d", "diag", lambda: I([3]), torch.diag)
    case(fam, "diag/f64/2d", "diag", lambda: N([3, 3], f64), torch.diag)
    for off, d1, d2 in [(0, 0, 1), (1, 0, 1), (-1, 0, 1), (0, 1, 2), (1, 0, 2), (0, -1, 0), (-1, 2, 1), (2, 1, 2)]:
        case(fam, f"diagonal/f32/off{off}_d{d1}_{d2}", "diagonal", lambda: N([2, 3, 4]),
             lambda x, o=off, a=d1, b=d2: torch.diagonal(x, o, a, b), {"offset": off, "dim1": d1, "dim2": d2})
    case(fam, "diagonal/f32/2d_default", "diagonal", lambda: N([3, 4]), torch.diagonal)
    case(fam, "diagonal/f32/2d_off9", "diagonal", lambda: N([3, 4]), lambda x: torch.diagonal(x, 9),
         {"offset": 9})
    # permute / transpose / expand / narrow / select
    for dims in [[1, 0, 2], [2, 0, 1], [-1, -2, -3], [0, 1, 2]]:
        case(fam, f"permute/f32/{'_'.join(map(str, dims))}", "permute", lambda: N([2, 3, 4]),
             lambda x, d=dims: x.permute(*d), {"dims": dims})
    case(fam, "permute/i64/1_0", "permute", lambda: I([2, 3]), lambda x: x.permute(1, 0), {"dims": [1, 0]})
    for d0, d1 in [(0, 1), (0, 2), (-1, -2), (1, 1)]:
        case(fam, f"transpose/f32/{d0}_{d1}", "transpose", lambda: N([2, 3, 4]),
             lambda x, a=d0, b=d1: torch.transpose(x, a, b), {"dim0": d0, "dim1": d1})
    case(fam, "transpose/f32/1d", "transpose", lambda: N([3]), lambda x: torch.transpose(x, 0, -1),
         {"dim0": 0, "dim1": -1})
    for src, size in [([3, 1], [3, 4]), ([1, 3], [2, 3]), ([3], [2, 3]), ([2, 1, 3], [2, 4, 3]), ([3, 1], [-1, 2]),
                      ([3, 1], [2, -1, 4]), ([], [2, 2]), ([2, 3], [2, 3])]:
        tag = f"{'x'.join(map(str, src)) or 'scalar'}_to_{'x'.join(map(str, size))}"
        case(fam, f"expand/f32/{tag}", "expand", lambda src=src: N(src),
             lambda x, s=size: x.expand(*s), {"size": size})
    case(fam, "expand/i64/3x1_to_3x2", "expand", lambda: I([3, 1]), lambda x: x.expand(3, 2), {"size": [3, 2]})
    for dim, start, length in [(0, 1, 2), (1, 0, 3), (-1, 2, 2), (1, -3, 2), (0, 3, 0)]:
        case(fam, f"narrow/f32/d{dim}_s{start}_l{length}", "narrow", lambda: N([4, 4]),
             lambda x, d=dim, s=start, l=length: torch.narrow(x, d, s, l), {"dim": dim, "start": start,
                                                                            "length": length})
    for dim, idx in [(0, 1), (1, -1), (-1, 2), (2, 0)]:
        case(fam, f"select/f32/d{dim}_i{idx}", "select", lambda: N([2, 3, 4]),
             lambda x, d=dim, i=idx: torch.select(x, d, i), {"dim": dim, "index": idx})
    case(fam, "select/f32/1d_to_scalar", "select", lambda: N([4]), lambda x: torch.select(x, 0, 2),
         {"dim": 0, "index": 2})
    case(fam, "select/i64/d0", "select", lambda: I([3, 2]), lambda x: torch.select(x, 0, -2), {"dim": 0, "index": -2})
    # squeeze / unsqueeze / flatten / unflatten / reshape
    case(fam, "squeeze/f32/all", "squeeze", lambda: N([1, 3, 1, 2]), torch.squeeze)
    for d in [0, 2, -2, 1]:
        case(fam, f"squeeze/f32/dim{d}", "squeeze", lambda: N([1, 3, 1, 2]), lambda x, d=d: torch.squeeze(x, d),
             {"dim": d})
    case(fam, "squeeze/f32/all_ones", "squeeze", lambda: N([1, 1]), torch.squeeze)
    case(fam, "squeeze/f32/scalar", "squeeze", lambda: N([]), torch.squeeze)
    case(fam, "squeeze/f32/scalar_dim0", "squeeze", lambda: N([]), lambda x: torch.squeeze(x, 0), {"dim": 0})
    for d in [0, 1, 2, -1, -3]:
        case(fam, f"unsqueeze/f32/dim{d}", "unsqueeze", lambda: N([2, 3]), lambda x, d=d: torch.unsqueeze(x, d),
             {"dim": d})
    case(fam, "unsqueeze/f32/scalar", "unsqueeze", lambda: N([]), lambda x: torch.unsqueeze(x, 0), {"dim": 0})
    case(fam, "unsqueeze/i64/dim1", "unsqueeze", lambda: I([3]), lambda x: torch.unsqueeze(x, 1), {"dim": 1})
    case(fam, "flatten/f32/default", "flatten", lambda: N([2, 3, 2]), torch.flatten)
    for s, e in [(1, -1), (0, 1), (1, 1), (-2, -1)]:
        case(fam, f"flatten/f32/s{s}_e{e}", "flatten", lambda: N([2, 3, 2]),
             lambda x, s=s, e=e: torch.flatten(x, s, e), {"start_dim": s, "end_dim": e})
    case(fam, "flatten/f32/scalar", "flatten", lambda: N([]), torch.flatten)
    for dim, sizes in [(1, [2, 3]), (0, [2, -1]), (-1, [1, 2]), (1, [-1, 1, 2])]:
        case(fam, f"unflatten/f32/d{dim}_{'x'.join(map(str, sizes))}", "unflatten", lambda: N([4, 6, 2]),
             lambda x, d=dim, s=sizes: torch.unflatten(x, d, s), {"dim": dim, "sizes": sizes})
    for src, shape in [([2, 3], [6]), ([2, 3], [3, 2]), ([2, 3], [-1]), ([2, 3, 2], [2, -1]), ([2, 3], [1, 6, 1]),
                       ([], [1]), ([1], []), ([4], [2, 1, 2])]:
        tag = f"{'x'.join(map(str, src)) or 'scalar'}_to_{'x'.join(map(str, shape)) or 'scalar'}"
        case(fam, f"reshape/f32/{tag}", "reshape", lambda src=src: N(src),
             lambda x, s=shape: torch.reshape(x, s), {"shape": shape})
    case(fam, "reshape/i64/2x3_to_3x2", "reshape", lambda: I([2, 3]), lambda x: torch.reshape(x, (3, 2)),
         {"shape": [3, 2]})

    # basic slicing via DSL
    def idx(cid, make, s, grad=True):
        case(fam, cid, "index", make, lambda x, *ts, s=s: x[parse_index(s, [x] + list(ts))], {"index": s}, grad)

    for i, s in enumerate(["1:3, ..., ::2", "0", "-1", ":, 1", "None, :, 1:", "..., None", "1:-1", "-3:, 2:4",
                           "5:10", "::2, ::3, 1::2", "1, :, -1", "..., 0", "None, 1, None", ":, ::2, 3",
                           "-100:100", "2:1", "1:2, 2:3, 3:4", ""]):
        idx(f"index/f32/basic{i}", lambda: N([4, 3, 5]), s)
    idx("index/f32/1d_step3", lambda: N([10]), "1::3")
    idx("index/i64/basic", lambda: I([4, 3]), "1:, ::2")
    idx("index/f32/scalar_ellipsis", lambda: N([]), "...")
    idx("index/f32/scalar_none", lambda: N([]), "None")
    # advanced indexing
    idx("index/f32/int_tensor", lambda: [N([5, 3]), T([3, 0, -1, 3], i64)], "T1")
    idx("index/f32/int_tensor_2d", lambda: [N([5, 3]), T([[0, 1], [4, 4]], i64)], "T1")
    idx("index/f32/two_int_tensors", lambda: [N([4, 3]), T([0, 2, 3], i64), T([1, 1, 2], i64)], "T1, T2")
    idx("index/f32/two_int_tensors_bcast", lambda: [N([4, 3]), T([[0], [3]], i64), T([0, 2], i64)], "T1, T2")
    idx("index/f32/slice_then_tensor", lambda: [N([4, 3, 2]), T([2, 0, 2], i64)], ":, T1")
    idx("index/f32/tensor_then_slice", lambda: [N([4, 3, 2]), T([2, 0], i64)], "T1, 1:")
    idx("index/f32/nonadjacent", lambda: [N([4, 3, 5]), T([0, 3], i64), T([1, 4], i64)], "T1, :, T2")
    idx("index/f32/adjacent_middle", lambda: [N([2, 4, 5, 3]), T([0, 3], i64), T([1, 4], i64)], ":, T1, T2")
    idx("index/f32/int_and_tensor", lambda: [N([4, 3, 5]), T([2, 0], i64)], "1, :, T1")
    idx("index/f32/ellipsis_tensor", lambda: [N([2, 3, 4]), T([3, 3, 0], i64)], "..., T1")
    idx("index/f32/bool_mask_full", lambda: [N([3, 4]), B([3, 4])], "T1")
    idx("index/f32/bool_mask_dim0", lambda: [N([4, 3]), T([True, False, True, True], bl)], "T1")
    idx("index/f32/bool_mask_dim1", lambda: [N([2, 4]), T([False, True, False, True], bl)], ":, T1")
    idx("index/f32/bool_mask_2of3", lambda: [N([2, 3, 2]), B([2, 3])], "T1")
    idx("index/f64/int_tensor", lambda: [N([4, 2], f64), T([1, 1], i64)], "T1")
    idx("index/i64/int_tensor", lambda: [I([4, 2]), T([3, 0], i64)], "T1, 1")
    idx("index/f32/scalar_int_tensor", lambda: [N([4, 3]), T(2, i64)], "T1")

    def iput(cid, make, s, acc):
        def fn(*ts, s=s, acc=acc):
            x, vals = ts[0], ts[-1]
            index = parse_index(s, list(ts))
            return torch.index_put(x, tuple(index), vals, accumulate=acc)
        case(fam, cid, "index_put", make, fn, {"index": s, "accumulate": acc})

    iput("index_put/f32/1idx", lambda: [N([5, 3]), T([4, 0, 2], i64), N([3, 3])], "T1", False)
    iput("index_put/f32/1idx_acc_dups", lambda: [N([5, 3]), T([4, 0, 4, 4], i64), N([4, 3])], "T1", True)
    iput("index_put/f32/2idx", lambda: [N([4, 3]), T([0, 2, 3], i64), T([1, 1, 2], i64), N([3])], "T1, T2", False)
    iput("index_put/f32/2idx_acc_dups", lambda: [N([4, 3]), T([0, 2, 0], i64), T([1, 1, 1], i64), N([3])],
         "T1, T2", True)
    iput("index_put/f32/bcast_values", lambda: [N([5, 3]), T([1, 3], i64), N([3])], "T1", False)
    iput("index_put/f32/scalar_value", lambda: [N([5, 3]), T([1, -1], i64), N([])], "T1", False)
    iput("index_put/f32/scalar_value_acc", lambda: [N([5, 3]), T([1, 1, -1], i64), N([])], "T1", True)
    iput("index_put/f32/bool_mask", lambda: [N([3, 4]), B([3, 4]), N([1])], "T1", False)
    iput("index_put/f32/bool_mask_rows_acc", lambda: [N([3, 2]), T([True, False, True], bl), N([2])], "T1", True)
    iput("index_put/f64/2idx", lambda: [N([3, 3], f64), T([0, 1], i64), T([2, 0], i64), N([2], f64)], "T1, T2",
         False)
    iput("index_put/i64/1idx_acc", lambda: [I([4]), T([0, 0, 3], i64), I([3])], "T1", True)


# ================================================================================================================
# misc

def gen_misc():
    fam = "misc"

    def fac(cid, op, fn, args):
        case(fam, cid, op, lambda: [], fn, args, grad=False)

    for start, end, steps in [(0.0, 1.0, 5), (-1.0, 1.0, 1), (2.0, 10.0, 7), (0.0, 1.0, 11), (3.0, -3.0, 4),
                              (0.0, 1.0, 0), (-5.5, 3.25, 100), (0.0, 0.1, 3)]:
        fac(f"linspace/f32/{start}_{end}_{steps}", "linspace", lambda s=start, e=end, n=steps: torch.linspace(s, e, n),
            {"start": start, "end": end, "steps": steps})
    fac("linspace/f64/0_1_11", "linspace", lambda: torch.linspace(0.0, 1.0, 11, dtype=f64),
        {"start": 0.0, "end": 1.0, "steps": 11, "dtype": "float64"})
    fac("linspace/f64/-5.5_3.25_100", "linspace", lambda: torch.linspace(-5.5, 3.25, 100, dtype=f64),
        {"start": -5.5, "end": 3.25, "steps": 100, "dtype": "float64"})
    fac("linspace/i64/0_10_5", "linspace", lambda: torch.linspace(0, 10, 5, dtype=i64),
        {"start": 0, "end": 10, "steps": 5, "dtype": "int64"})
    fac("linspace/i64/0_-7_4", "linspace", lambda: torch.linspace(0, -7, 4, dtype=i64),
        {"start": 0, "end": -7, "steps": 4, "dtype": "int64"})
    fac("linspace/f32/int_args", "linspace", lambda: torch.linspace(0, 10, 5), {"start": 0, "end": 10, "steps": 5})
    for start, end, steps, base in [(0.0, 2.0, 3, 10.0), (0.0, 3.0, 4, 2.0), (-1.0, 1.0, 5, 10.0), (1.0, 1.0, 1, 10.0),
                                    (0.0, 1.0, 6, math.e)]:
        fac(f"logspace/f32/{start}_{end}_{steps}_b{base:.3g}", "logspace",
            lambda s=start, e=end, n=steps, b=base: torch.logspace(s, e, n, base=b),
            {"start": start, "end": end, "steps": steps, "base": base})
    fac("logspace/f64/0_2_5", "logspace", lambda: torch.logspace(0.0, 2.0, 5, dtype=f64),
        {"start": 0.0, "end": 2.0, "steps": 5, "base": 10.0, "dtype": "float64"})
    fac("arange/i64/end5", "arange", lambda: torch.arange(5), {"end": 5})
    fac("arange/i64/1_10_3", "arange", lambda: torch.arange(1, 10, 3), {"start": 1, "end": 10, "step": 3})
    fac("arange/i64/10_0_-3", "arange", lambda: torch.arange(10, 0, -3), {"start": 10, "end": 0, "step": -3})
    fac("arange/i64/empty", "arange", lambda: torch.arange(3, 3), {"start": 3, "end": 3})
    fac("arange/f32/end5.0", "arange", lambda: torch.arange(5.0), {"end": 5.0})
    fac("arange/f32/0_1_0.1", "arange", lambda: torch.arange(0, 1, 0.1), {"start": 0, "end": 1, "step": 0.1})
    fac("arange/f32/0_1_0.3", "arange", lambda: torch.arange(0.0, 1.0, 0.3), {"start": 0.0, "end": 1.0, "step": 0.3})
    fac("arange/f32/10_0_-2.5", "arange", lambda: torch.arange(10, 0, -2.5), {"start": 10, "end": 0, "step": -2.5})
    fac("arange/f32/-1.5_2", "arange", lambda: torch.arange(-1.5, 2), {"start": -1.5, "end": 2})
    fac("arange/f32/1_2.5_0.5", "arange", lambda: torch.arange(1, 2.5, 0.5), {"start": 1, "end": 2.5, "step": 0.5})
    fac("arange/f64/0_1_0.1", "arange", lambda: torch.arange(0, 1, 0.1, dtype=f64),
        {"start": 0, "end": 1, "step": 0.1, "dtype": "float64"})
    fac("arange/f32/dtype_int_args", "arange", lambda: torch.arange(0, 5, dtype=f32),
        {"start": 0, "end": 5, "dtype": "float32"})
    fac("arange/i64/dtype_float_args", "arange", lambda: torch.arange(0.5, 5.0, 1.5, dtype=i64),
        {"start": 0.5, "end": 5.0, "step": 1.5, "dtype": "int64"})
    fac("eye/f32/3", "eye", lambda: torch.eye(3), {"n": 3})
    fac("eye/f32/2x4", "eye", lambda: torch.eye(2, 4), {"n": 2, "m": 4})
    fac("eye/f32/4x2", "eye", lambda: torch.eye(4, 2), {"n": 4, "m": 2})
    fac("eye/i64/3", "eye", lambda: torch.eye(3, dtype=i64), {"n": 3, "dtype": "int64"})
    fac("eye/f64/2", "eye", lambda: torch.eye(2, dtype=f64), {"n": 2, "dtype": "float64"})
    fac("eye/bool/2", "eye", lambda: torch.eye(2, dtype=bl), {"n": 2, "dtype": "bool"})
    fac("eye/f32/0", "eye", lambda: torch.eye(0), {"n": 0})
    fac("full/f32/2x3", "full", lambda: torch.full((2, 3), 1.5), {"size": [2, 3], "fill_value": 1.5})
    fac("full/i64/int_fill", "full", lambda: torch.full((2,), 7), {"size": [2], "fill_value": 7})
    fac("full/bool/bool_fill", "full", lambda: torch.full((2, 2), True), {"size": [2, 2], "fill_value": True})
    fac("full/f64/dtype", "full", lambda: torch.full((3,), -0.1, dtype=f64),
        {"size": [3], "fill_value": -0.1, "dtype": "float64"})
    fac("full/f32/int_fill_dtype", "full", lambda: torch.full((2,), 3, dtype=f32),
        {"size": [2], "fill_value": 3, "dtype": "float32"})
    fac("full/f32/scalar", "full", lambda: torch.full((), -2.5), {"size": [], "fill_value": -2.5})
    fac("full/f32/inf", "full", lambda: torch.full((2,), inf), {"size": [2], "fill_value": inf})

    # repr
    def rep(cid, make, args=None, rg=False):
        assert cid not in IDS, cid
        IDS.add(cid)
        args = args or {}
        seed_for(cid)
        t = make()
        x = t.detach().clone().requires_grad_(rg) if rg else t
        y = x
        if args.get("via") == "pow":
            y = x ** args["exponent"]
        elif args.get("via") == "sum":
            y = x.sum()
        elif args.get("via") == "mul":
            y = x * args["other_scalar"]
        CASES[fam].append({"id": cid, "op": "repr", "inputs": [enc(t, rg)], "args": enc_args(args),
                           "output_str": repr(y)})

    rep("repr/f32/ints", lambda: T([2.0, 4.0, 6.0]))
    rep("repr/f32/scalar", lambda: T(5.0))
    rep("repr/f32/scalar_frac", lambda: T(-0.125))
    rep("repr/f32/2d_aligned", lambda: T([[1.5, -20.25, 3.0], [300.125, 4.0, -0.5]]))
    rep("repr/f32/2d_ints", lambda: T([[1.0, -20.0], [300.0, 4.0]]))
    rep("repr/i64/1d", lambda: T([1, -20, 300], i64))
    rep("repr/i64/2d", lambda: T([[1, -20, 300], [4, 5, -6]], i64))
    rep("repr/i64/scalar", lambda: T(7, i64))
    rep("repr/f64/1d", lambda: T([1.5, 2.0], f64))
    rep("repr/f64/scalar", lambda: T(5.0, f64))
    rep("repr/f64/random", lambda: N([4], f64))
    rep("repr/f32/requires_grad", lambda: T([1.0, 2.0]), rg=True)
    rep("repr/f64/requires_grad", lambda: T([1.0, 2.5], f64), rg=True)
    rep("repr/f32/grad_fn_pow", lambda: T([1.0, 2.0, 3.0]), {"via": "pow", "exponent": 2}, rg=True)
    rep("repr/f32/grad_fn_sum", lambda: T([1.0, 2.0, 3.0]), {"via": "sum"}, rg=True)
    rep("repr/f32/grad_fn_mul", lambda: T([1.5, 2.0]), {"via": "mul", "other_scalar": 2.0}, rg=True)
    rep("repr/f32/large_1e10", lambda: T([1e10, 1.0]))
    rep("repr/f32/large_1e10_frac", lambda: T([1e10, 1.5, -3.25]))
    rep("repr/f32/int_1e5", lambda: T([1e5, 1.0]))
    rep("repr/f32/int_1e9", lambda: T([1e9, 1.0]))
    rep("repr/f32/small", lambda: T([1e-5, 0.001]))
    rep("repr/f32/small_mixed", lambda: T([1e-5, 1.0, 123.456]))
    rep("repr/f32/tiny", lambda: T([1.2e-20, -3.4e-30]))
    rep("repr/f32/mixed_negative", lambda: T([-1.5, 2.25, -0.125]))
    rep("repr/f32/random", lambda: N([5]))
    rep("repr/f32/random_2d", lambda: N([3, 4]))
    rep("repr/f32/3d", lambda: T([[[1.0, 2.5], [3.0, -4.0]], [[5.0, 6.0], [7.0, 8.0]]]))
    rep("repr/f32/summarised_2000", lambda: torch.arange(2000.0))
    rep("repr/f32/summarised_2000_frac", lambda: torch.arange(2000.0) / 7)
    rep("repr/i64/summarised_2000", lambda: torch.arange(2000))
    rep("repr/f32/summarised_2d_40x30", lambda: torch.arange(1200.0).reshape(40, 30))
    rep("repr/f32/wide_wrap_30", lambda: torch.arange(30.0) * 1.5)
    rep("repr/i64/wide_wrap_40", lambda: torch.arange(40) * 1001)
    rep("repr/f32/2d_wide_wrap", lambda: torch.arange(40.0).reshape(2, 20) * 1.25)
    rep("repr/f32/nan_inf", lambda: T([nan, inf, -inf, 1.5]))
    rep("repr/f32/nan_inf_ints", lambda: T([nan, inf, -inf, 2.0]))
    rep("repr/f32/neg_zero", lambda: T([-0.0, 1.0]))
    rep("repr/f32/empty", lambda: torch.zeros(0))
    rep("repr/f64/empty", lambda: torch.zeros(0, dtype=f64))
    rep("repr/i64/empty", lambda: torch.zeros(0, dtype=i64))
    rep("repr/f32/empty_2d", lambda: torch.zeros(2, 0))
    rep("repr/bool/1d", lambda: T([True, False, True], bl))
    rep("repr/bool/scalar", lambda: T(False, bl))
    rep("repr/f32/precision_round", lambda: T([0.12345, 1.99996, 2.00004]))
    rep("repr/f32/all_zero", lambda: torch.zeros(3))
    rep("repr/f32/1x1", lambda: T([[3.0]]))


def main():
    gen_unary()
    gen_binary()
    gen_reduce()
    gen_linalg()
    gen_shape()
    gen_misc()
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    for fam in FAMILIES:
        path = os.path.join(OUT_DIR, f"{fam}.json")
        with open(path, "w") as f:
            f.write('{"torch_version": %s, "cases": [\n' % json.dumps(torch.__version__))
            lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in CASES[fam]]
            f.write(",\n".join(lines))
            f.write("\n]}\n")
        size = os.path.getsize(path)
        total += size
        print(f"{fam}: {len(CASES[fam])} cases, {size} bytes")
    print(f"total {total} bytes")
    for n in NOTES:
        print(n, file=sys.stderr)


if __name__ == "__main__":
    main()
