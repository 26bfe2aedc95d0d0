#!/usr/bin/python3
"""Reference values for torch4j's pooling, resampling and padding tests, computed by real PyTorch (1.13).

Run:  /usr/bin/python3 tools/gen_refs_pool.py   (from the repository root)
Writes torch4j/src/test/resources/refs/pool.json.

Layout
------
{"torch_version": "...",
 "cases":  [{"id", "op", "args", "input", "output", "indices" (max pooling), "grad_output", "grad_input", "grad_fn"}],
 "errors": [{"id", "op", "args", "shape", "dtype", "requires_grad", "message"}],
 "reprs":  [{"id", "repr"}]}

op is a torch.nn.functional name (max_pool2d, avg_pool1d, adaptive_avg_pool2d, interpolate, pad, pixel_shuffle…);
args are its keyword arguments (see call() below, which is the exact call made). A tensor is
{"dtype", "shape", "data": [flat row-major]}. grad_input = d(sum(output * grad_output)) / d(input); grad_fn is
type(output.grad_fn).__name__. message is the first line of the exception PyTorch raises.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from refs_common import REFS_DIR, enc, seed_for

OUT = os.path.join(REFS_DIR, "pool.json")


def call(op, x, a):
    if op == "max_pool2d":
        return F.max_pool2d(x, a["k"], a["s"], a["p"], a["d"], a["ceil"], return_indices=True)
    if op == "max_pool1d":
        return F.max_pool1d(x, a["k"], a["s"], a["p"], a["d"], a["ceil"], return_indices=True)
    if op == "avg_pool2d":
        return F.avg_pool2d(x, a["k"], a["s"], a["p"], a["ceil"], a["cip"], a["div"])
    if op == "avg_pool1d":
        return F.avg_pool1d(x, a["k"], a["s"], a["p"], a["ceil"], a["cip"])
    if op == "adaptive_avg_pool2d":
        return F.adaptive_avg_pool2d(x, tuple(a["out"]))
    if op == "adaptive_avg_pool1d":
        return F.adaptive_avg_pool1d(x, a["out"])
    if op == "adaptive_max_pool2d":
        return F.adaptive_max_pool2d(x, tuple(a["out"]), return_indices=True)
    if op == "adaptive_max_pool1d":
        return F.adaptive_max_pool1d(x, a["out"], return_indices=True)
    if op == "interpolate":
        size = a.get("size")
        sf = a.get("scale")
        return F.interpolate(x, size=tuple(size) if size is not None else None,
                             scale_factor=tuple(sf) if sf is not None else None, mode=a["mode"],
                             align_corners=a.get("align"), recompute_scale_factor=a.get("recompute"))
    if op == "pad":
        return F.pad(x, tuple(a["pad"]), mode=a["mode"], value=a.get("value"))
    if op == "pixel_shuffle":
        return F.pixel_shuffle(x, a["r"])
    if op == "pixel_unshuffle":
        return F.pixel_unshuffle(x, a["r"])
    raise ValueError(op)


CASES = []
ERRORS = []


def case(cid, op, shape, dtype=torch.float32, **a):
    seed_for(cid)
    x = (torch.rand(shape, dtype=torch.float64) * 4 - 2).to(dtype).requires_grad_(True)
    r = call(op, x, a)
    out, idx = (r if isinstance(r, tuple) else (r, None))
    go = (torch.rand(out.shape, dtype=torch.float64) * 2 - 1).to(dtype)
    gi, = torch.autograd.grad(out, x, go, allow_unused=True)
    c = {"id": cid, "op": op, "args": a, "input": enc(x), "output": enc(out), "grad_output": enc(go),
         "grad_input": enc(gi if gi is not None else torch.zeros_like(x)),
         "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None}
    if idx is not None:
        c["indices"] = enc(idx)
    CASES.append(c)


def err(cid, op, shape, dtype=torch.float32, requires_grad=False, **a):
    x = torch.zeros(shape, dtype=dtype)
    if requires_grad:
        x.requires_grad_(True)
    try:
        call(op, x, a)
    except Exception as e:  # noqa: BLE001 - any PyTorch error is the reference
        ERRORS.append({"id": cid, "op": op, "args": a, "shape": list(shape), "dtype": str(dtype).replace("torch.", ""),
                       "requires_grad": requires_grad, "message": str(e).split("\n")[0]})
        return
    raise AssertionError("no error for " + cid)


def mp2(k, s=None, p=0, d=1, ceil=False):
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]
    return dict(k=pair(k), s=pair(s if s is not None else k), p=pair(p), d=pair(d), ceil=ceil)


# ---- max pooling
case("max2d_2x2", "max_pool2d", (2, 3, 6, 8), **mp2(2))
case("max2d_lenet", "max_pool2d", (4, 6, 24, 24), **mp2(2))
case("max2d_3x3_s2_p1", "max_pool2d", (2, 2, 9, 7), **mp2(3, 2, 1))
case("max2d_ceil", "max_pool2d", (1, 2, 7, 6), **mp2(2, 2, 0, 1, True))
case("max2d_ceil_pad", "max_pool2d", (1, 2, 6, 5), **mp2(3, 2, 1, 1, True))
case("max2d_ceil_drop_last", "max_pool2d", (1, 1, 5, 5), **mp2(2, 2, 1, 1, True))
case("max2d_dilation", "max_pool2d", (2, 2, 9, 10), **mp2((3, 2), (2, 1), (1, 1), (2, 3)))
case("max2d_nonsquare", "max_pool2d", (1, 3, 7, 11), **mp2((2, 3), (1, 2), (1, 0)))
case("max2d_overlap", "max_pool2d", (2, 2, 5, 5), **mp2(3, 1))
case("max2d_unbatched", "max_pool2d", (3, 6, 6), **mp2(2))
case("max2d_f64", "max_pool2d", (2, 2, 5, 6), torch.float64, **mp2(2, 1, 1))
case("max1d", "max_pool1d", (2, 3, 9), k=3, s=2, p=1, d=1, ceil=False)
case("max1d_dil_ceil", "max_pool1d", (2, 2, 10), k=2, s=2, p=1, d=2, ceil=True)
case("max1d_unbatched", "max_pool1d", (3, 8), k=2, s=2, p=0, d=1, ceil=False)
# ---- average pooling
def ap2(k, s=None, p=0, ceil=False, cip=True, div=None):
    pair = lambda v: list(v) if isinstance(v, tuple) else [v, v]
    return dict(k=pair(k), s=pair(s if s is not None else k), p=pair(p), ceil=ceil, cip=cip, div=div)


case("avg2d_2x2", "avg_pool2d", (2, 3, 6, 8), **ap2(2))
case("avg2d_3x3_s2_p1", "avg_pool2d", (2, 2, 9, 7), **ap2(3, 2, 1))
case("avg2d_no_cip", "avg_pool2d", (2, 2, 9, 7), **ap2(3, 2, 1, cip=False))
case("avg2d_ceil", "avg_pool2d", (1, 2, 7, 6), **ap2(2, 2, 0, True))
case("avg2d_ceil_pad", "avg_pool2d", (1, 2, 6, 5), **ap2(3, 2, 1, True))
case("avg2d_ceil_pad_no_cip", "avg_pool2d", (1, 2, 6, 5), **ap2(3, 2, 1, True, False))
case("avg2d_divisor", "avg_pool2d", (1, 2, 6, 6), **ap2(3, 2, 1, False, True, 5))
case("avg2d_divisor_ceil", "avg_pool2d", (1, 2, 6, 5), **ap2(2, 2, 1, True, False, 3))
case("avg2d_nonsquare", "avg_pool2d", (1, 3, 7, 11), **ap2((2, 3), (1, 2), (1, 0)))
case("avg2d_unbatched", "avg_pool2d", (3, 6, 6), **ap2(2))
case("avg2d_f64", "avg_pool2d", (2, 2, 5, 6), torch.float64, **ap2(3, 1, 1, cip=False))
case("avg1d", "avg_pool1d", (2, 3, 9), k=3, s=2, p=1, ceil=False, cip=True)
case("avg1d_ceil_nocip", "avg_pool1d", (2, 2, 10), k=3, s=2, p=1, ceil=True, cip=False)
# ---- adaptive
case("adaavg_global", "adaptive_avg_pool2d", (4, 8, 4, 4), out=[1, 1])
case("adaavg_global_7", "adaptive_avg_pool2d", (2, 4, 7, 7), out=[1, 1])
case("adaavg_1x1_in", "adaptive_avg_pool2d", (2, 4, 1, 1), out=[1, 1])
case("adaavg_nondiv", "adaptive_avg_pool2d", (2, 3, 7, 10), out=[3, 4])
case("adaavg_up", "adaptive_avg_pool2d", (1, 2, 3, 2), out=[5, 4])
case("adaavg_none", "adaptive_avg_pool2d", (1, 2, 5, 6), out=[None, 4])
case("adaavg_unbatched_f64", "adaptive_avg_pool2d", (3, 5, 5), torch.float64, out=[2, 3])
case("adaavg1d", "adaptive_avg_pool1d", (2, 3, 10), out=4)
case("adamax_nondiv", "adaptive_max_pool2d", (2, 3, 7, 10), out=[3, 4])
case("adamax_global", "adaptive_max_pool2d", (2, 3, 5, 5), out=[1, 1])
case("adamax_up_f64", "adaptive_max_pool2d", (1, 2, 3, 2), torch.float64, out=[5, 4])
case("adamax1d", "adaptive_max_pool1d", (2, 3, 10), out=4)
# ---- interpolate
case("nearest2d_x2", "interpolate", (2, 3, 4, 5), scale=[2.0, 2.0], mode="nearest")
case("nearest2d_frac", "interpolate", (1, 2, 5, 7), scale=[1.7, 0.6], mode="nearest")
case("nearest2d_size", "interpolate", (1, 2, 5, 7), size=[8, 3], mode="nearest")
case("nearest1d", "interpolate", (2, 3, 5), scale=[2.5], mode="nearest")
case("nearest_exact2d", "interpolate", (1, 2, 5, 7), scale=[1.7, 0.6], mode="nearest-exact")
case("bilinear_x2", "interpolate", (2, 3, 4, 5), scale=[2.0, 2.0], mode="bilinear", align=False)
case("bilinear_x2_ac", "interpolate", (2, 3, 4, 5), scale=[2.0, 2.0], mode="bilinear", align=True)
case("bilinear_frac", "interpolate", (1, 2, 5, 7), scale=[1.7, 0.6], mode="bilinear", align=False)
case("bilinear_frac_ac", "interpolate", (1, 2, 5, 7), scale=[1.7, 0.6], mode="bilinear", align=True)
case("bilinear_size", "interpolate", (1, 2, 5, 7), size=[9, 4], mode="bilinear", align=False)
case("bilinear_size_ac", "interpolate", (1, 2, 5, 7), size=[9, 1], mode="bilinear", align=True)
case("bilinear_recompute", "interpolate", (1, 2, 5, 7), scale=[1.7, 0.6], mode="bilinear", align=False, recompute=True)
case("bilinear_f64", "interpolate", (1, 2, 4, 4), torch.float64, scale=[1.5, 2.5], mode="bilinear", align=False)
case("linear1d", "interpolate", (2, 3, 5), scale=[2.3], mode="linear", align=False)
case("linear1d_ac", "interpolate", (2, 3, 5), size=[7], mode="linear", align=True)
case("bicubic", "interpolate", (1, 2, 4, 5), scale=[2.0, 1.5], mode="bicubic", align=False)
case("bicubic_ac", "interpolate", (1, 2, 4, 5), size=[7, 3], mode="bicubic", align=True)
case("area2d", "interpolate", (1, 2, 7, 5), size=[3, 2], mode="area")
# ---- pad
case("pad_const_2d", "pad", (2, 3, 4, 5), pad=[1, 2, 3, 0], mode="constant", value=None)
case("pad_const_value", "pad", (2, 3, 4), pad=[2, 1], mode="constant", value=1.5)
case("pad_const_3dims", "pad", (2, 3, 4, 5), pad=[1, 0, 0, 2, 1, 1], mode="constant", value=None)
case("pad_const_neg", "pad", (2, 3, 4, 5), pad=[-1, 2, 1, -2], mode="constant", value=None)
case("pad_reflect1d", "pad", (2, 3, 5), pad=[2, 4], mode="reflect")
case("pad_reflect2d", "pad", (2, 3, 4, 5), pad=[1, 2, 3, 2], mode="reflect")
case("pad_reflect2d_unbatched", "pad", (3, 4, 5), pad=[4, 0, 1, 3], mode="reflect")
case("pad_reflect2d_neg", "pad", (1, 2, 4, 5), pad=[-1, 2, 1, -2], mode="reflect")
case("pad_reflect3d", "pad", (1, 2, 3, 4, 5), pad=[1, 2, 2, 1, 1, 2], mode="reflect")
case("pad_replicate1d", "pad", (2, 3, 5), pad=[3, 7], mode="replicate")
case("pad_replicate2d", "pad", (2, 3, 4, 5), pad=[1, 2, 5, 2], mode="replicate")
case("pad_replicate3d", "pad", (1, 2, 3, 4, 5), pad=[1, 2, 2, 1, 3, 2], mode="replicate")
case("pad_circular2d", "pad", (1, 2, 4, 5), pad=[1, 2, 3, 2], mode="circular")
case("pad_reflect_f64", "pad", (2, 3, 5), torch.float64, pad=[2, 1], mode="reflect")
# ---- pixel shuffle
case("pixel_shuffle", "pixel_shuffle", (2, 8, 3, 4), r=2)
case("pixel_shuffle_5d", "pixel_shuffle", (2, 2, 9, 2, 3), r=3)
case("pixel_unshuffle", "pixel_unshuffle", (2, 2, 4, 6), r=2)

# ---- errors
err("max_pad_too_big", "max_pool2d", (1, 1, 2, 2), **mp2(2, 2, 2))
err("max_pad_too_big_grad", "max_pool2d", (1, 1, 2, 2), requires_grad=True, **mp2(2, 2, 2))
err("max_too_small", "max_pool2d", (1, 1, 2, 2), **mp2(3))
err("max_stride_zero", "max_pool2d", (1, 1, 4, 4), **mp2(2, 0))
err("max_kernel_neg", "max_pool2d", (1, 1, 4, 4), **mp2(-1))
err("max_dilation_zero", "max_pool2d", (1, 1, 4, 4), **mp2(2, 2, 0, 0))
err("max_pad_neg", "max_pool2d", (1, 1, 4, 4), **mp2(2, 2, -1))
err("max_2d_input", "max_pool2d", (4, 4), **mp2(2))
err("max_long", "max_pool2d", (1, 1, 4, 4), torch.int64, **mp2(2))
err("max1d_1d_input", "max_pool1d", (4,), k=2, s=2, p=0, d=1, ceil=False)
err("max1d_pad", "max_pool1d", (1, 2, 4), k=2, s=2, p=2, d=1, ceil=False)
err("max1d_pad_grad", "max_pool1d", (1, 2, 4), requires_grad=True, k=2, s=2, p=2, d=1, ceil=False)
err("max1d_too_small_grad", "max_pool1d", (1, 2, 2), requires_grad=True, k=3, s=3, p=0, d=1, ceil=False)
err("avg_pad_too_big", "avg_pool2d", (1, 1, 2, 2), **ap2(2, 2, 2))
err("avg_too_small", "avg_pool2d", (1, 2, 2), **ap2(3))
err("avg_divisor_zero", "avg_pool2d", (1, 1, 4, 4), **ap2(2, div=0))
err("avg_half", "avg_pool2d", (1, 1, 4, 4), torch.float16, **ap2(2))
err("avg1d_1d_input", "avg_pool1d", (4,), k=2, s=2, p=0, ceil=False, cip=True)
err("avg1d_too_small", "avg_pool1d", (1, 2, 2), k=3, s=3, p=0, ceil=False, cip=True)
err("adaavg_empty", "adaptive_avg_pool2d", (1, 1, 0, 2), out=[3, 1])
err("adamax_empty", "adaptive_max_pool2d", (1, 1, 0, 2), out=[3, 1])
err("adaavg1d_1d_input", "adaptive_avg_pool1d", (4,), out=2)
err("interp_align_nearest", "interpolate", (1, 1, 2, 2), scale=[2.0, 2.0], mode="nearest", align=True)
err("interp_linear_4d", "interpolate", (1, 1, 2, 2), scale=[2.0, 2.0], mode="linear")
err("interp_bilinear_3d", "interpolate", (1, 2, 3), scale=[2.0], mode="bilinear")
err("interp_none", "interpolate", (1, 1, 2, 2), mode="nearest")
err("interp_both", "interpolate", (1, 1, 2, 2), size=[3, 3], scale=[2.0, 2.0], mode="nearest")
err("interp_size_len", "interpolate", (1, 1, 2, 2), size=[3, 4, 5], mode="nearest")
err("interp_scale_len", "interpolate", (1, 1, 2, 2), scale=[1.0, 2.0, 3.0], mode="nearest")
err("interp_zero_out", "interpolate", (1, 1, 2, 2), scale=[0.4, 2.0], mode="nearest")
err("interp_zero_out_1d", "interpolate", (1, 2, 3), scale=[0.2], mode="linear")
err("interp_2d_input", "interpolate", (2, 3), scale=[2.0], mode="nearest")
err("pad_odd", "pad", (1, 1, 2, 2), pad=[1, 1, 1], mode="constant")
err("pad_too_long", "pad", (1, 1, 2, 2), pad=[1] * 10, mode="constant")
err("pad_reflect_too_big_1d", "pad", (1, 2, 3), pad=[3, 0], mode="reflect")
err("pad_reflect_too_big_2d", "pad", (1, 2, 3, 4), pad=[0, 0, 3, 0], mode="reflect")
err("pad_reflect_too_big_2d_w", "pad", (1, 1, 2, 2), pad=[2, 2, 1, 1], mode="reflect")
err("pad_reflect_too_big_3d", "pad", (1, 1, 2, 2), pad=[1, 1, 1, 1, 1, 1], mode="reflect")
err("pad_reflect_dims", "pad", (1, 1, 2, 2), pad=[1, 1], mode="reflect")
err("pad_reflect_value", "pad", (2, 3, 4), pad=[1, 1], mode="reflect", value=2.0)
err("pad_replicate_small", "pad", (1, 2, 3), pad=[1, -5], mode="replicate")
err("pad_reflect_long", "pad", (2, 3, 4), torch.int64, pad=[1, 1], mode="reflect")
err("pad_circular_wrap", "pad", (1, 2, 3), pad=[4, 0], mode="circular")
err("shuffle_channels", "pixel_shuffle", (1, 6, 2, 3), r=2)
err("shuffle_2d", "pixel_shuffle", (2, 3), r=2)
err("unshuffle_height", "pixel_unshuffle", (1, 2, 3, 4), r=2)
err("unshuffle_width", "pixel_unshuffle", (1, 2, 4, 3), r=2)

# ---- module reprs (built the same way in PoolModulesTest)
REPRS = [
    ("maxpool2d", nn.MaxPool2d(2)),
    ("maxpool2d_full", nn.MaxPool2d((2, 3), stride=(1, 2), padding=1, dilation=2, ceil_mode=True, return_indices=True)),
    ("maxpool1d", nn.MaxPool1d(3)),
    ("maxpool1d_full", nn.MaxPool1d(2, 1, 1, 2, ceil_mode=True)),
    ("avgpool2d", nn.AvgPool2d(2)),
    ("avgpool2d_full", nn.AvgPool2d(3, 2, 1, True, False, 4)),
    ("avgpool2d_tuple", nn.AvgPool2d((2, 3))),
    ("avgpool1d", nn.AvgPool1d(3)),
    ("adaavg", nn.AdaptiveAvgPool2d(1)),
    ("adaavg_tuple", nn.AdaptiveAvgPool2d((2, 3))),
    ("adamax_none", nn.AdaptiveMaxPool2d((2, None))),
    ("adamax", nn.AdaptiveMaxPool2d(2)),
    ("upsample", nn.Upsample(scale_factor=2)),
    ("upsample_size", nn.Upsample(size=(3, 4), mode="bilinear")),
    ("upsample_ac", nn.Upsample(scale_factor=1.5, mode="bilinear", align_corners=True)),
    ("upsample_size1", nn.Upsample(size=4)),
    ("zeropad", nn.ZeroPad2d(2)),
    ("zeropad_tuple", nn.ZeroPad2d((1, 2, 3, 4))),
    ("constpad", nn.ConstantPad2d(1, 3.5)),
    ("constpad_tuple", nn.ConstantPad2d((1, 2, 3, 4), 0)),
    ("reflpad", nn.ReflectionPad2d(1)),
    ("replpad", nn.ReplicationPad2d((1, 0, 1, 0))),
    ("shuffle", nn.PixelShuffle(2)),
    ("unshuffle", nn.PixelUnshuffle(3)),
]

with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": CASES, "errors": ERRORS,
               "reprs": [{"id": i, "repr": repr(m)} for i, m in REPRS]}, f, separators=(",", ":"))
print("wrote", OUT, len(CASES), "cases,", len(ERRORS), "errors,", len(REPRS), "reprs")
