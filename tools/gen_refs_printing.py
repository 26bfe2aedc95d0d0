#!/usr/bin/python3
"""Reference strings for torch4j's tensor printing (Tensor.toString() == PyTorch 1.13's repr).

Run:  /usr/bin/python3 tools/gen_refs_printing.py   (from the repository root)
Writes torch4j/src/test/resources/refs/printing.json in the same format as tools/gen_refs.py's files:

{"torch_version": "...", "cases": [ <one case per line> ]}

A case:
  id          "repr/<dtype>/<variant>", unique
  op          "repr"
  inputs      [{"dtype": "float32", "shape": [3, 4], "data": [flat row-major], "requires_grad": bool}]
              floats are exact doubles written with Python's repr ("nan", "inf", "-inf" as strings),
              int64 as JSON integers (exact, also beyond 2^53), bool as true/false
  args        {"via": "pow", "exponent": 2} means repr(t ** 2); {"via": "sum"} repr(t.sum());
              {"via": "mul", "other_scalar": 2.0} repr(t * 2.0); no "via": repr(t).
              {"printoptions": {"precision": 2, "threshold": 5, "edgeitems": 2, "linewidth": 40,
              "sci_mode": true, "profile": "short"}}: torch.set_printoptions(**those) first (missing
              keys are not passed; threshold "inf" is math.inf); restored to the default profile after.
  output_str  the exact repr string
"""
import json
import math
import os

import torch

from refs_common import REFS_DIR, enc, num, seed_for

OUT = os.path.join(REFS_DIR, "printing.json")

f16, bf16, f32, f64 = torch.float16, torch.bfloat16, torch.float32, torch.float64
i8, u8, i16, i32, i64, bl = torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64, torch.bool
inf, nan = math.inf, math.nan
SHORT = {f16: "f16", bf16: "bf16", f32: "f32", f64: "f64", i8: "i8", u8: "u8", i16: "i16", i32: "i32",
         i64: "i64", bl: "bool"}

CASES = []
IDS = set()


def T(data, dtype=f32):
    return torch.tensor(data, dtype=dtype)


def rep(variant, make, dtype_tag=None, args=None, rg=False):
    args = dict(args or {})
    seed_for(variant)
    t = make()
    cid = "repr/%s/%s" % (dtype_tag or SHORT[t.dtype], variant)
    assert cid not in IDS, cid
    IDS.add(cid)
    x = t.detach().clone().requires_grad_(True) if rg else t
    y = x
    if args.get("via") == "pow":
        y = x ** args["exponent"]
    elif args.get("via") == "sum":
        y = x.sum()
    elif args.get("via") == "mul":
        y = x * args["other_scalar"]
    opts = args.get("printoptions")
    if opts:
        torch.set_printoptions(**{k: (inf if v == "inf" else v) for k, v in opts.items()})
    try:
        s = repr(y)
    finally:
        torch.set_printoptions(profile="default")
    args = {k: num(v) if isinstance(v, float) else v for k, v in args.items()}
    CASES.append({"id": cid, "op": "repr", "inputs": [enc(t, rg)], "args": args, "output_str": s})


def R(*shape, dtype=f32, scale=1.0):
    return (torch.randn(*shape, dtype=f64) * scale).to(dtype)


def gen():
    # the brief's examples
    rep("2_4_6", lambda: T([2.0, 4.0, 6.0]))
    rep("scalar_5", lambda: T(5.0))
    rep("scalar_522", lambda: T(522.35059))
    rep("linspace_-5_5_100", lambda: torch.linspace(-5, 5, 100))
    rep("arange_12_3x4", lambda: torch.arange(12).reshape(3, 4))
    rep("summarised_2000", lambda: torch.arange(2000.0))

    # scalars of every dtype
    for dt in (f16, bf16, f32, f64):
        rep("scalar", lambda: T(-2.75, dt))
    for dt in (i8, u8, i16, i32, i64):
        rep("scalar", lambda: T(7, dt))
    rep("scalar_true", lambda: T(True, bl))
    rep("scalar_neg_zero", lambda: T(-0.0))
    rep("scalar_nan", lambda: T(nan))
    rep("scalar_inf", lambda: T(-inf))
    rep("scalar_small", lambda: T(1.5e-7))
    rep("scalar_big", lambda: T(3.0e12))
    rep("scalar_zero", lambda: T(0.0))

    # 1-D of every dtype
    for dt in (f16, bf16, f32, f64):
        rep("1d", lambda: T([1.25, -3.5, 100.0625, 0.0], dt))
        rep("1d_ints", lambda: T([1.0, -3.0, 100.0], dt))
    for dt in (i8, i16, i32, i64):
        rep("1d", lambda: T([0, -7, 100, 3], dt))
    rep("1d", lambda: T([0, 7, 255, 3], u8))
    rep("1d", lambda: T([True, False], bl))
    rep("2d", lambda: T([[True, False, True], [False, False, True]], bl))

    # nested, aligned
    rep("randn_3x4", lambda: R(3, 4))
    rep("randn_2x3x4", lambda: R(2, 3, 4))
    rep("randn_2x2x2x2", lambda: R(2, 2, 2, 2))
    rep("randn_4x30_wrap", lambda: R(4, 30))
    rep("randn_2x3x15_wrap", lambda: R(2, 3, 15))
    rep("randn_50_wrap", lambda: R(50))
    rep("randn_3x4", lambda: R(3, 4, dtype=f64))
    rep("arange_100", lambda: torch.arange(100))
    rep("arange_-50_50_10x10", lambda: torch.arange(-50, 50).reshape(10, 10))
    rep("arange_40_x1e6", lambda: torch.arange(40) * 1000000)
    rep("arange_24_2x3x4", lambda: torch.arange(24).reshape(2, 3, 4))
    rep("arange_12_3x4", lambda: torch.arange(12, dtype=i32).reshape(3, 4))
    rep("wide_ints", lambda: T([1, -1000000, 12]))
    rep("int64_extremes", lambda: T([2 ** 62 + 1, -2 ** 63, 2 ** 63 - 1, 9007199254740993], i64))
    rep("1x1", lambda: T([[3.0]]))
    rep("1x1x1", lambda: T([[[-3]]], i64))
    rep("mixed", lambda: T([1.5, -2.25, 100.125]))
    rep("tenths", lambda: T([0.1, 0.2, 0.3]))
    rep("rounding_ties", lambda: T([0.00005, 0.00015, 0.00025, 1.00005, 2.675], f64))
    rep("rounding_ties_f32", lambda: T([0.125, 0.375, 1.00005, 2.675]))
    rep("neg_rounds_to_zero", lambda: T([-0.00004, 1.0, 2.5], f64))
    rep("rounding_ties_fixed", lambda: T([1.00005, 2.00015, 0.12345, 3.5, 0.00125], f64))
    rep("neg_rounds_to_zero_p2", lambda: T([-0.004, 1.5, 2.5]), args={"printoptions": {"precision": 2}})
    rep("ties_p1", lambda: T([0.25, 0.35, 2.5, 0.45], f64), args={"printoptions": {"precision": 1}})
    rep("linspace_0_1_7", lambda: torch.linspace(0, 1, 7))
    rep("linspace_-5_5_100", lambda: torch.linspace(-5, 5, 100, dtype=f64))

    # scientific notation
    rep("sci_small", lambda: T([1e-5, 1.0]))
    rep("sci_ratio", lambda: T([1.0, 12345.5]))
    rep("sci_big", lambda: T([1.5e9, 2.5]))
    rep("sci_int_ratio", lambda: T([1.0, 10000.0]))
    rep("sci_int_big", lambda: T([1e9, 2e9]))
    rep("sci_int_1e8", lambda: T([100000000.0, 1.0]))
    rep("int_no_sci_1000", lambda: T([1.0, 1000.0]))
    rep("sci_1e-4", lambda: T([1e-4, 1.0]))
    rep("sci_1e-4_f64", lambda: T([1e-4, 1.0], f64))
    rep("sci_tiny", lambda: T([1.2e-20, -3.4e-30]))
    rep("sci_huge", lambda: T([1e300, -2.5e-300], f64))
    rep("sci_with_nan", lambda: T([1e-8, nan, inf, -1.0]))
    rep("sci_2d", lambda: T([[1e-6, 2.0], [3e3, -4.5]]))
    rep("sci_neg_zero", lambda: T([-0.0, 1e-6]))
    rep("randn_sci", lambda: R(3, 3, scale=1e5))

    # nan / inf / zeros
    rep("nan_inf", lambda: T([nan, 1.5, inf, -inf]))
    rep("nan_inf_ints", lambda: T([nan, 2.0, inf, -inf]))
    rep("nan_only", lambda: T([nan, nan]))
    rep("inf_only", lambda: T([inf, -inf]))
    rep("zero_nan", lambda: T([0.0, nan]))
    rep("all_zero", lambda: torch.zeros(3))
    rep("all_zero_2d", lambda: torch.zeros(2, 3, dtype=f64))
    rep("neg_zero", lambda: T([-0.0, 0.0]))
    rep("neg_zero_frac", lambda: T([-0.0, 1.5]))
    rep("neg_zero_ints", lambda: T([-0.0, 3.0]))

    # empty
    rep("empty", lambda: torch.zeros(0))
    rep("empty", lambda: torch.zeros(0, dtype=f64))
    rep("empty", lambda: torch.zeros(0, dtype=i64))
    rep("empty", lambda: torch.zeros(0, dtype=bl))
    rep("empty_0x3", lambda: torch.zeros(0, 3))
    rep("empty_0x3", lambda: torch.zeros(0, 3, dtype=i64))
    rep("empty_2x0x4", lambda: torch.zeros(2, 0, 4, dtype=i32))
    rep("empty_rg", lambda: torch.zeros(0, 2), rg=True)

    # summarisation
    rep("summarised_2000_frac", lambda: torch.arange(2000.0) / 7)
    rep("summarised_1001", lambda: torch.arange(1001))
    rep("not_summarised_1000", lambda: torch.arange(1000))
    rep("summarised_40x50", lambda: torch.arange(2000).reshape(40, 50))
    rep("summarised_randn_100x100", lambda: R(100, 100))
    rep("summarised_10x10x30", lambda: torch.arange(3000.0).reshape(10, 10, 30))
    rep("summarised_2x1000", lambda: R(2, 1000))
    rep("summarised_1000x2", lambda: R(1000, 2, dtype=f64))
    rep("summarised_sci", lambda: torch.logspace(-10, 10, 1500))
    rep("summarised_bool", lambda: torch.arange(1500) % 3 == 0)
    # summarisation decides the format from the edge items only
    rep("summarised_hidden_big", lambda: torch.cat([torch.ones(3), torch.full((1000,), 1e9), torch.ones(3)]))

    # autograd suffixes
    rep("requires_grad", lambda: T([1.0, 2.0]), rg=True)
    rep("requires_grad", lambda: T([1.0, 2.5], f64), rg=True)
    rep("requires_grad_scalar", lambda: T(3.5), rg=True)
    rep("grad_fn_pow", lambda: T([1.0, 2.0, 3.0]), args={"via": "pow", "exponent": 2}, rg=True)
    rep("grad_fn_sum", lambda: T([1.0, 2.0, 3.0]), args={"via": "sum"}, rg=True)
    rep("grad_fn_mul", lambda: T([1.5, 2.0]), args={"via": "mul", "other_scalar": 2.0}, rg=True)
    rep("grad_fn_pow", lambda: T([1.0, 2.0, 3.0], f64), args={"via": "pow", "exponent": 2}, rg=True)
    # suffixes that no longer fit on the last line go on their own line
    rep("requires_grad_wrap", lambda: R(8), rg=True)
    rep("requires_grad_wrap", lambda: R(7, dtype=f64), rg=True)
    rep("requires_grad_wrap_2d", lambda: R(3, 8), rg=True)
    rep("grad_fn_wrap", lambda: R(9, dtype=f64), args={"via": "mul", "other_scalar": 3.0}, rg=True)

    # print options
    po = lambda **kw: {"printoptions": kw}
    rep("opt_precision_2", lambda: T([1.12345, 0.125, 2.675]), args=po(precision=2))
    rep("opt_precision_0", lambda: T([1.5, 2.5, 3.25]), args=po(precision=0))
    rep("opt_precision_0_sci", lambda: T([1.5e-6, 2.5]), args=po(precision=0))
    rep("opt_precision_8", lambda: T([1.0 / 3, 2.0 / 3], f64), args=po(precision=8))
    rep("opt_threshold_5", lambda: torch.arange(10), args=po(threshold=5))
    rep("opt_threshold_5_2d", lambda: torch.arange(64.0).reshape(8, 8) / 3, args=po(threshold=5))
    rep("opt_edgeitems_2", lambda: torch.arange(2000), args=po(edgeitems=2))
    rep("opt_edgeitems_1_3d", lambda: torch.arange(1200).reshape(10, 12, 10), args=po(edgeitems=1))
    rep("opt_linewidth_40", lambda: R(30), args=po(linewidth=40))
    rep("opt_linewidth_40_rg", lambda: R(4), args=po(linewidth=40), rg=True)
    rep("opt_linewidth_10", lambda: R(5), args=po(linewidth=10))
    rep("opt_sci_true", lambda: T([1.5, 2.25, 100.0]), args=po(sci_mode=True))
    rep("opt_sci_true_ints", lambda: T([1.0, 2.0, 100.0]), args=po(sci_mode=True))
    rep("opt_sci_false", lambda: T([1e-8, 1.0, 1e10]), args=po(sci_mode=False))
    rep("opt_sci_false_ints", lambda: T([1.0, 1e10]), args=po(sci_mode=False))
    rep("opt_profile_short", lambda: R(2000), args=po(profile="short"))
    rep("opt_profile_full", lambda: torch.arange(1200), args=po(profile="full"))
    rep("opt_threshold_inf", lambda: torch.arange(1100), args=po(threshold="inf"))


def main():
    torch.set_printoptions(profile="default")
    gen()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write('{"torch_version": %s, "cases": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in CASES))
        f.write("\n]}\n")
    print("%d cases, %d bytes" % (len(CASES), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
