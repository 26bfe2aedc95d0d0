#!/usr/bin/python3
"""Reference values for the convolution family (conv1d/2d/3d, conv_transpose1d/2d, unfold, fold) from real PyTorch.

    /usr/bin/python3 tools/gen_refs_conv.py   # writes torch4j/src/test/resources/refs/conv.json

Layout: {"torch": version, "cases": [case...]}; a case is
  {"id", "fn": conv1d|conv2d|conv3d|conv_transpose1d|conv_transpose2d|unfold|fold, "dtype",
   "args": {stride, padding (list, or "same"/"valid"), dilation, groups, output_padding, kernel_size, output_size},
   "x", "w", "b" (null when absent), "gy", "out", "gx", "gw", "gb"}
where each tensor is {"shape": [...], "data": [flat row-major values]}. gy is the upstream gradient: the gradients
are those of (out * gy).sum().
"""
import json
import os

import torch
import torch.nn.functional as F

from refs_common import REFS_DIR

torch.manual_seed(0)
OUT = os.path.join(REFS_DIR, "conv.json")


def enc(t):
    if t is None:
        return None
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


cases = []


def case(cid, fn, x_shape, w_shape=None, bias=True, dtype=torch.float32, **args):
    x = torch.randn(*x_shape, dtype=dtype, requires_grad=True)
    w = torch.randn(*w_shape, dtype=dtype, requires_grad=True) if w_shape else None
    b = None
    if bias and w_shape:
        nb = w_shape[0] if not fn.startswith("conv_transpose") else w_shape[1] * args.get("groups", 1)
        b = torch.randn(nb, dtype=dtype, requires_grad=True)
    if fn == "unfold":
        out = F.unfold(x, args["kernel_size"], dilation=args.get("dilation", 1), padding=args.get("padding", 0),
                       stride=args.get("stride", 1))
    elif fn == "fold":
        out = F.fold(x, args["output_size"], args["kernel_size"], dilation=args.get("dilation", 1),
                     padding=args.get("padding", 0), stride=args.get("stride", 1))
    else:
        kw = {k: v for k, v in args.items()}
        out = getattr(F, fn)(x, w, b, **kw)
    gy = torch.randn_like(out)
    (out * gy).sum().backward()
    cases.append({"id": cid, "fn": fn, "dtype": str(dtype).replace("torch.", ""), "args": args,
                  "x": enc(x), "w": enc(w), "b": enc(b), "gy": enc(gy), "out": enc(out),
                  "gx": enc(x.grad), "gw": enc(w.grad if w is not None else None),
                  "gb": enc(b.grad if b is not None else None)})


# conv2d
case("2d_basic", "conv2d", (2, 3, 7, 6), (4, 3, 3, 3))
case("2d_batch1_nobias", "conv2d", (1, 3, 6, 6), (2, 3, 3, 3), bias=False)
case("2d_stride_pad_nonsquare", "conv2d", (2, 3, 8, 7), (5, 3, 2, 3), bias=False, stride=2, padding=1)
case("2d_dilation", "conv2d", (2, 2, 9, 8), (3, 2, 3, 2), stride=(1, 2), padding=(1, 2), dilation=(2, 1))
case("2d_groups", "conv2d", (2, 4, 6, 6), (6, 2, 3, 3), groups=2, padding=1)
case("2d_depthwise", "conv2d", (2, 4, 7, 5), (4, 1, 3, 3), groups=4, padding=1, stride=2)
case("2d_depthwise_mult", "conv2d", (1, 3, 6, 6), (6, 1, 3, 3), groups=3)
case("2d_same_even", "conv2d", (2, 3, 7, 6), (2, 3, 4, 4), padding="same")
case("2d_same_even_dil", "conv2d", (1, 2, 8, 9), (3, 2, 2, 4), padding="same", dilation=(2, 1))
case("2d_valid", "conv2d", (1, 2, 5, 5), (3, 2, 3, 3), padding="valid")
case("2d_lenet1", "conv2d", (2, 1, 28, 28), (6, 1, 5, 5))
case("2d_1x1_stride2", "conv2d", (2, 8, 6, 6), (4, 8, 1, 1), bias=False, stride=2)
case("2d_resnet_stem", "conv2d", (1, 3, 16, 16), (8, 3, 7, 7), bias=False, stride=2, padding=3)
case("2d_big_channels", "conv2d", (3, 40, 5, 5), (50, 40, 3, 3), padding=1)
case("2d_f64", "conv2d", (2, 3, 6, 5), (4, 3, 2, 3), dtype=torch.float64, stride=(2, 1), padding=(1, 0), dilation=(1, 2))
# conv1d
case("1d_basic", "conv1d", (2, 3, 10), (4, 3, 3))
case("1d_all", "conv1d", (2, 4, 13), (6, 2, 3), stride=2, padding=2, dilation=2, groups=2)
case("1d_same_even", "conv1d", (1, 2, 9), (3, 2, 4), padding="same", dilation=3)
# conv3d
case("3d_basic", "conv3d", (1, 2, 4, 5, 4), (3, 2, 2, 3, 2), stride=(1, 2, 1), padding=1)
case("3d_groups", "conv3d", (2, 4, 3, 4, 5), (4, 2, 2, 2, 3), bias=False, groups=2, dilation=(1, 2, 1))
# transposed
case("t2d_basic", "conv_transpose2d", (2, 4, 5, 4), (4, 3, 3, 3))
case("t2d_stride_outpad", "conv_transpose2d", (2, 4, 5, 4), (4, 3, 3, 2), stride=2, padding=1, output_padding=1)
case("t2d_groups_dil", "conv_transpose2d", (1, 4, 4, 5), (4, 2, 2, 3), bias=False, stride=(2, 1), padding=(0, 1),
     dilation=(1, 2), groups=2)
case("t1d_basic", "conv_transpose1d", (2, 3, 7), (3, 5, 4), stride=3, padding=1, output_padding=2)
# unfold / fold
case("unfold_basic", "unfold", (2, 3, 5, 6), kernel_size=(2, 3))
case("unfold_all", "unfold", (1, 2, 7, 6), kernel_size=(3, 2), dilation=(2, 1), padding=(1, 2), stride=(2, 3))
case("fold_basic", "fold", (2, 12, 6), output_size=(4, 4), kernel_size=(2, 3))
case("fold_all", "fold", (1, 8, 12), output_size=(6, 7), kernel_size=(2, 2), dilation=(2, 1), padding=1, stride=2)
# kernel taps that read only padding (ResNet's deep layers on small maps) are cropped away when that saves at
# least 64 multiply-adds per copied weight element (N * positions * dead / live), so these batches are large enough
case("2d_dead_taps_1x1", "conv2d", (8, 5, 1, 1), (4, 5, 3, 3), padding=1)
case("2d_dead_taps_stride2", "conv2d", (64, 2, 2, 2), (3, 2, 3, 3), bias=False, stride=2, padding=1)
case("2d_dead_taps_dil", "conv2d", (4, 3, 3, 2), (2, 3, 3, 3), padding=(4, 3), dilation=(2, 3))
case("1d_dead_taps_dil", "conv1d", (32, 2, 2), (3, 2, 4), padding=3, dilation=2)
case("3d_dead_taps", "conv3d", (6, 2, 1, 2, 3), (2, 2, 3, 3, 3), stride=(1, 2, 1), padding=(1, 2, 1))
case("t2d_dead_taps", "conv_transpose2d", (8, 3, 1, 1), (3, 2, 3, 3), padding=1)
case("2d_dead_taps_groups", "conv2d", (16, 4, 1, 2), (6, 2, 3, 3), groups=2, padding=1)

# default initialisation (reset_parameters) after torch.manual_seed(seed), and the module's repr
inits = []
for seed, name, make in [(0, "Conv2d(1, 6, 5)", lambda: torch.nn.Conv2d(1, 6, 5)),
                         (1, "Conv1d(4, 6, 3, groups=2)", lambda: torch.nn.Conv1d(4, 6, 3, groups=2)),
                         (2, "ConvTranspose2d(4, 6, (2, 3), groups=2)", lambda: torch.nn.ConvTranspose2d(4, 6, (2, 3), groups=2)),
                         (3, "Conv3d(2, 3, 2, bias=False)", lambda: torch.nn.Conv3d(2, 3, 2, bias=False))]:
    torch.manual_seed(seed)
    m = make()
    inits.append({"seed": seed, "name": name, "repr": repr(m), "weight": enc(m.weight),
                  "bias": enc(m.bias) if m.bias is not None else None})

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "inits": inits}, f)
print("wrote", len(cases), "cases to", os.path.normpath(OUT))
