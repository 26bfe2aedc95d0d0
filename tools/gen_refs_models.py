#!/usr/bin/python3
"""Reference values for torch4j.vision.models, computed by real PyTorch 1.13 + torchvision 0.14.

Run from the repository root:  /usr/bin/python3 tools/gen_refs_models.py
Writes, under torch4j/src/test/resources/refs/:

models.json
  {"torch_version", "torchvision_version",
   "models": {name: {"params": parameter count, "state_dict": [[key, shape], ...] in order,
                     "input": input shape, "output": output shape, "repr": print(model) (some models only)}},
   "seeded": {name: <seeded case>},
   "blocks": [<block case>]}

  A seeded case replays torch.manual_seed(0); model = <factory>(num_classes=10): torch4j's generator and nn.init
  reproduce PyTorch's draws, so the Java model built under the same seed has the same weights (float32 normals to
  rounding). Fields: "sums" {key: [sum, sum of |x|]} of every state-dict entry after init; torch.manual_seed(1) then
  x = torch.randn(input) and y = torch.randint(0, 10, [N]); "eval_output" = model.eval()(x); then model.train(),
  "train_output" = model(x), "loss" = cross_entropy(train_output, y), and "grad_sums" {key: [sum, sum of |g|]} of a
  few parameters' gradients after loss.backward().

  A block case (float64): torch.manual_seed(crc32(id)); block built from "args"; "params" its state dict
  {key: tensor}; "input"; training-mode "output", "grad_input" and parameter "grads" for d(sum(output * grad_output));
  "after" the running statistics after that pass; "eval_output" in eval mode. A tensor is
  {"dtype", "shape", "data": flat row-major}.

lenet5.safetensors       the state dict of the LeNet-5 of ../shared/anchors/bench_lenet.py after torch.manual_seed(7)
lenet5.pth               the same state dict written by torch.save (PyTorch's zip checkpoint format)
lenet5_check.safetensors "input" [4,1,28,28], "target" [4] (int64), "output" [4,10], "loss" [] and "grad.<key>" for every
                         parameter, for CrossEntropyLoss(model(input), target).backward()
(written by hand with struct + json in the safetensors format, so no safetensors package is needed).
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import resnet as tv_resnet
from torchvision.models import mobilenetv2 as tv_mobilenet

from bench_mnist import LeNet5
from refs_common import REFS_DIR as REFS, seed_for


def enc(t):
    t = t.detach()
    d = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
    flat = t.reshape(-1)
    # 13 significant digits keep the file small and are far below the tests' float64 tolerances
    d["data"] = [float(f"{v:.13g}") for v in flat.to(torch.float64).tolist()] if t.dtype.is_floating_point \
        else [int(v) for v in flat.tolist()]
    return d


def sums(t):
    t = t.detach().to(torch.float64)
    return [float(f"{float(t.sum()):.13g}"), float(f"{float(t.abs().sum()):.13g}")]


TV = torchvision.models
# name -> (factory, input shape for the output-shape check or None, keep repr)
MODELS = {
    "lenet5": (LeNet5, [2, 1, 28, 28], True),
    "alexnet": (TV.alexnet, [1, 3, 64, 64], True),
    "vgg11": (TV.vgg11, [1, 3, 32, 32], True),
    "vgg11_bn": (TV.vgg11_bn, None, True),
    "vgg16": (TV.vgg16, None, False),
    "vgg16_bn": (TV.vgg16_bn, None, False),
    "resnet18": (TV.resnet18, [2, 3, 32, 32], True),
    "resnet34": (TV.resnet34, None, False),
    "resnet50": (TV.resnet50, [1, 3, 32, 32], True),
    "resnet101": (TV.resnet101, None, False),
    "mobilenet_v2": (TV.mobilenet_v2, [1, 3, 32, 32], True),
    # the ResNeXt (groups, width_per_group) and dilation options on one block per stage, to stay small
    "resnext_tiny": (lambda: tv_resnet.ResNet(tv_resnet.Bottleneck, [1, 1, 1, 1], num_classes=10, groups=32,
                                              width_per_group=4), [1, 3, 64, 64], False),
    "resnet_dilated_tiny": (lambda: tv_resnet.ResNet(tv_resnet.Bottleneck, [1, 1, 2, 1], num_classes=5,
                                                     replace_stride_with_dilation=[False, True, True]),
                            [1, 3, 32, 32], True),
    "mobilenet_v2_width05": (lambda: TV.mobilenet_v2(num_classes=10, width_mult=0.5), [1, 3, 32, 32], False),
}


def model_entry(name, make, shape, keep_repr):
    m = make()
    e = {"params": sum(p.numel() for p in m.parameters()),
         "state_dict": [[k, list(v.shape)] for k, v in m.state_dict().items()]}
    if keep_repr:
        e["repr"] = repr(m)
    if shape is not None:
        m.eval()
        with torch.no_grad():
            out = m(torch.zeros(shape))
        e["input"], e["output"] = shape, list(out.shape)
    return e


SEEDED = {
    "lenet5": (lambda: LeNet5(), [4, 1, 28, 28]),
    # 64x64 and batch 4 leave 16 values per channel for the last batch norms in training mode: with a 1x1 map and
    # batch 2 they normalise pairs of values, which turns float32 rounding differences into visible ones
    "resnet18": (lambda: TV.resnet18(num_classes=10), [4, 3, 64, 64]),
    "mobilenet_v2": (lambda: TV.mobilenet_v2(num_classes=10), [4, 3, 64, 64]),
}
GRAD_KEYS = {"lenet5": ["conv1.weight", "fc3.weight", "fc3.bias"],
             "resnet18": ["conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer4.1.bn2.bias",
                          "layer2.0.downsample.0.weight", "fc.weight", "fc.bias"],
             "resnet50": ["conv1.weight", "layer3.2.conv2.weight", "layer4.0.downsample.1.weight", "fc.weight"],
             "mobilenet_v2": ["features.0.0.weight", "features.2.conv.1.0.weight", "features.18.1.weight",
                              "classifier.1.weight"],
             "alexnet": ["features.0.weight", "features.10.bias", "classifier.1.weight", "classifier.6.bias"]}


def seeded_entry(name, make, shape):
    torch.manual_seed(0)
    m = make()
    e = {"input": shape, "sums": {k: sums(v) for k, v in m.state_dict().items()}}
    torch.manual_seed(1)
    x = torch.randn(shape)
    y = torch.randint(0, 10, [shape[0]])
    m.eval()
    with torch.no_grad():
        e["eval_output"] = enc(m(x))
    m.train()
    if name in ("alexnet", "mobilenet_v2"):
        # dropout draws would have to match too; the seeded check is about init, convs and norms
        for mod in m.modules():
            if isinstance(mod, nn.Dropout):
                mod.eval()
    out = m(x)
    loss = F.cross_entropy(out, y)
    loss.backward()
    params = dict(m.named_parameters())
    e["train_output"] = enc(out)
    e["loss"] = float(loss)
    e["grad_sums"] = {k: sums(params[k].grad) for k in GRAD_KEYS[name]}
    return e


def block_case(cid, make, in_shape):
    seed_for(cid)
    b = make().double()
    # non-trivial affine parameters and running statistics, so they are exercised
    with torch.no_grad():
        for k, v in b.state_dict().items():
            if k.endswith("running_var"):
                v.uniform_(0.5, 1.5)
            elif k.endswith("running_mean") or k.endswith(".bias") or k == "bias":
                v.uniform_(-0.5, 0.5)
            elif v.dim() == 1 and v.is_floating_point():
                v.uniform_(0.5, 1.5)
    params = {k: enc(v.clone()) for k, v in b.state_dict().items()}
    x = (torch.rand(in_shape, dtype=torch.float64) * 4 - 2).requires_grad_()
    out = b(x)
    go = torch.rand(out.shape, dtype=torch.float64) * 2 - 1
    out.backward(go)
    case = {"id": cid, "params": params, "input": enc(x), "output": enc(out), "grad_output": enc(go),
            "grad_input": enc(x.grad), "grads": {k: enc(p.grad) for k, p in b.named_parameters()},
            "after": {k: enc(v) for k, v in b.state_dict().items() if "running" in k or "num_batches" in k}}
    b.eval()
    with torch.no_grad():
        case["eval_output"] = enc(b(x))
    return case


def blocks():
    ds = lambda i, o, s: nn.Sequential(tv_resnet.conv1x1(i, o, s), nn.BatchNorm2d(o))
    cases = [
        block_case("basic/4-4/s1", lambda: tv_resnet.BasicBlock(4, 4), [2, 4, 5, 5]),
        block_case("basic/4-8/s2/downsample", lambda: tv_resnet.BasicBlock(4, 8, 2, ds(4, 8, 2)), [2, 4, 6, 6]),
        block_case("bottleneck/16-4/s1", lambda: tv_resnet.Bottleneck(16, 4), [2, 16, 4, 4]),
        block_case("bottleneck/8-4/s2/downsample", lambda: tv_resnet.Bottleneck(8, 4, 2, ds(8, 16, 2)), [2, 8, 6, 6]),
        block_case("inverted_residual/4-4/s1/t2", lambda: tv_mobilenet.InvertedResidual(4, 4, 1, 2), [2, 4, 5, 5]),
        block_case("inverted_residual/4-6/s2/t6", lambda: tv_mobilenet.InvertedResidual(4, 6, 2, 6), [2, 4, 6, 6]),
        block_case("inverted_residual/4-4/s1/t1", lambda: tv_mobilenet.InvertedResidual(4, 4, 1, 1), [2, 4, 5, 5]),
    ]
    return cases


CODES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def write_safetensors(path, tensors):
    header, blobs, at = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def lenet_files():
    torch.manual_seed(7)
    m = LeNet5()
    write_safetensors(os.path.join(REFS, "lenet5.safetensors"), m.state_dict())
    torch.save(m.state_dict(), os.path.join(REFS, "lenet5.pth"))
    torch.manual_seed(8)
    x = torch.randn(4, 1, 28, 28)
    y = torch.randint(0, 10, [4])
    out = m(x)
    loss = F.cross_entropy(out, y)
    loss.backward()
    check = {"input": x, "target": y, "output": out.detach(), "loss": loss.detach()}
    for k, p in m.named_parameters():
        check["grad." + k] = p.grad
    write_safetensors(os.path.join(REFS, "lenet5_check.safetensors"), check)


def main():
    torch.set_num_threads(1)
    out = {"torch_version": torch.__version__, "torchvision_version": torchvision.__version__,
           "models": {n: model_entry(n, *spec) for n, spec in MODELS.items()},
           "seeded": {n: seeded_entry(n, *spec) for n, spec in SEEDED.items()},
           "blocks": blocks()}
    with open(os.path.join(REFS, "models.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    lenet_files()


if __name__ == "__main__":
    main()
