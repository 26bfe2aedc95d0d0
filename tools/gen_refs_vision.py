#!/usr/bin/python3
"""Reference outputs of torchvision's transforms for torch4j's vision tests.

Run:  /usr/bin/python3 tools/gen_refs_vision.py   (from the repository root; PyTorch 1.13, torchvision 0.14,
      e.g. Debian's python3-torchvision)
Writes torch4j/src/test/resources/refs/vision.json:
  {"torchvision_version": ..., "inputs": {name: tensor},
   "cases": [{"id", "fn", "input", "args", "output": tensor}],    functional calls on a named input
   "random": [{"id", "transform", "seed", "input", "output": tensor}],  transform called right after torch.manual_seed(seed)
   "fakedata": [{"id", "image_size", "index", "image": tensor, "target": int}],
   "reprs": [{"id", "repr"}]}
A tensor is {"dtype", "shape", "data": flat row-major values (floats as exact doubles)}.
"""
import json
import os

import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode as IM

from refs_common import REFS_DIR


def tj(t):
    t = t.detach().contiguous()
    dt = str(t.dtype).replace("torch.", "")
    data = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        data = [float(v) for v in data]
    return {"dtype": dt, "shape": list(t.shape), "data": data}


torch.manual_seed(1234)
inputs = {
    "f": torch.rand(3, 10, 12),
    "u": torch.randint(0, 256, (3, 10, 12), dtype=torch.uint8),
    "d": torch.rand(3, 9, 8, dtype=torch.float64),
    "g": torch.rand(1, 7, 9),
    "b": torch.rand(2, 3, 6, 7),
}
cases = []


def case(cid, fn, inp, args, out):
    cases.append({"id": cid, "fn": fn, "input": inp, "args": args, "output": tj(out)})


for name in ["f", "u", "d", "g", "b"]:
    img = inputs[name]
    for size in ([5, 6], [7], [20, 25], [13, 17], [4, 9]):
        for mode in ("bilinear", "nearest"):
            case(f"resize/{name}/{mode}/{size}", "resize", name, {"size": size, "interpolation": mode},
                 TF.resize(img, size, IM(mode)))
        case(f"resize/{name}/aa/{size}", "resize", name, {"size": size, "interpolation": "bilinear", "antialias": True},
             TF.resize(img, size, IM.BILINEAR, antialias=True))
    for size in ([6, 8], [12, 14], [5], [3, 11]):
        case(f"center_crop/{name}/{size}", "center_crop", name, {"size": size}, TF.center_crop(img, size))
    case(f"crop/{name}/out", "crop", name, {"top": -2, "left": -3, "height": 8, "width": 9}, TF.crop(img, -2, -3, 8, 9))
    case(f"crop/{name}/in", "crop", name, {"top": 1, "left": 2, "height": 4, "width": 3}, TF.crop(img, 1, 2, 4, 3))
    for pad, fill, mode in (([2], 0, "constant"), ([1, 3], 7, "constant"), ([1, 2, 3, 4], 0, "edge"),
                            ([2, 3], 0, "reflect"), ([3, 1, 2, 4], 0, "symmetric"), ([4, 5, 0, 1], 0, "reflect")):
        case(f"pad/{name}/{mode}/{pad}/{fill}", "pad", name, {"padding": pad, "fill": fill, "padding_mode": mode},
             TF.pad(img, pad, fill, mode))
    case(f"hflip/{name}", "hflip", name, {}, TF.hflip(img))
    case(f"vflip/{name}", "vflip", name, {}, TF.vflip(img))
    for angle, mode, expand, center, fill in ((30, "nearest", False, None, None), (30, "bilinear", False, None, None),
                                              (-45, "bilinear", False, None, [0.5]), (90, "nearest", False, None, None),
                                              (17, "bilinear", True, None, None), (-20, "nearest", False, [3, 4], [0.25]),
                                              (12.5, "bilinear", False, [2, 5], [0.0]), (200, "nearest", True, None, [1.0])):
        if fill is not None and name == "u":
            fill = [v * 200 for v in fill]
        case(f"rotate/{name}/{angle}/{mode}/{expand}/{center}/{fill}", "rotate", name,
             {"angle": angle, "interpolation": mode, "expand": expand, "center": center, "fill": fill},
             TF.rotate(img, angle, IM(mode), expand, center, fill))
    c = TF.get_dimensions(img)[0]
    if c == 3:
        for n in (1, 3):
            case(f"gray/{name}/{n}", "rgb_to_grayscale", name, {"num_output_channels": n}, TF.rgb_to_grayscale(img, n))
    for fn, factors in (("adjust_brightness", (1.3, 0.6)), ("adjust_contrast", (0.5, 1.7)),
                        ("adjust_saturation", (0.3, 2.0)), ("adjust_hue", (0.2, -0.45, 0.5))):
        for fac in factors:
            case(f"{fn}/{name}/{fac}", fn, name, {"factor": fac}, getattr(TF, fn)(img, fac))
    if name in ("f", "u"):
        for dt in ("float32", "float64", "uint8", "int32") if name == "u" else ("uint8", "float64", "int16"):
            case(f"convert/{name}/{dt}", "convert_image_dtype", name, {"dtype": dt},
                 TF.convert_image_dtype(img, getattr(torch, dt)))
    case(f"erase/{name}", "erase", name, {"i": 1, "j": 2, "h": 3, "w": 4, "value": 0.5 if img.is_floating_point() else 9},
         TF.erase(img, 1, 2, 3, 4, torch.tensor([0.5 if img.is_floating_point() else 9])[:, None, None]))

# the saturated value 1.0 exactly, hue at the wrap-around, grey pixels (max == min)
edge = torch.tensor([[[1.0, 0.0, 0.5, 0.25], [0.3, 0.3, 1.0, 0.0]],
                     [[0.0, 1.0, 0.5, 0.25], [0.3, 0.6, 0.0, 0.0]],
                     [[0.0, 0.0, 0.5, 0.25], [0.3, 0.3, 0.999, 1.0]]])
inputs["edge"] = edge
for fac in (0.1, -0.3, 0.5, -0.5):
    case(f"adjust_hue/edge/{fac}", "adjust_hue", "edge", {"factor": fac}, TF.adjust_hue(edge, fac))

random = []


def rnd(cid, transform, seed, inp, java):
    torch.manual_seed(seed)
    out = transform(inputs[inp])
    random.append({"id": cid, "transform": java, "seed": seed, "input": inp, "output": tj(out)})


for s in range(4):
    rnd(f"randomcrop/{s}", T.RandomCrop(8, padding=2), s, "f", "RandomCrop(8, padding=2)")
    rnd(f"randomcrop_reflect/{s}", T.RandomCrop((12, 13), padding=[1, 2], padding_mode="reflect", pad_if_needed=True),
        s, "u", "RandomCrop((12,13), padding=[1,2], reflect, pad_if_needed)")
    rnd(f"rrc/{s}", T.RandomResizedCrop(6), s + 10, "f", "RandomResizedCrop(6)")
    rnd(f"rrc_u/{s}", T.RandomResizedCrop((5, 7), scale=(0.3, 0.9), ratio=(0.5, 2.0), antialias=True), s + 20, "u",
        "RandomResizedCrop((5,7), scale=(0.3,0.9), ratio=(0.5,2.0), antialias=True)")
    rnd(f"hflip/{s}", T.RandomHorizontalFlip(), s + 30, "f", "RandomHorizontalFlip()")
    rnd(f"vflip/{s}", T.RandomVerticalFlip(0.3), s + 40, "u", "RandomVerticalFlip(0.3)")
    rnd(f"jitter/{s}", T.ColorJitter(0.4, 0.4, 0.4, 0.1), s + 50, "f", "ColorJitter(0.4, 0.4, 0.4, 0.1)")
    rnd(f"jitter_u/{s}", T.ColorJitter(brightness=(0.5, 1.5), hue=(-0.2, 0.3)), s + 60, "u",
        "ColorJitter(brightness=(0.5,1.5), hue=(-0.2,0.3))")
    rnd(f"rotation/{s}", T.RandomRotation(30, interpolation=IM.BILINEAR), s + 70, "f", "RandomRotation(30, bilinear)")
    rnd(f"rotation_u/{s}", T.RandomRotation((-90, 45), fill=3), s + 80, "u", "RandomRotation((-90,45), fill=3)")
    rnd(f"erasing/{s}", T.RandomErasing(p=0.7), s + 90, "f", "RandomErasing(p=0.7)")
    rnd(f"erasing_random/{s}", T.RandomErasing(p=1.0, value="random", scale=(0.1, 0.5)), s + 100, "b",
        "RandomErasing(p=1, value=random, scale=(0.1,0.5))")
    rnd(f"erasing_rgb/{s}", T.RandomErasing(p=1.0, value=(1, 2, 3)), s + 110, "u", "RandomErasing(p=1, value=(1,2,3))")

fakedata = []
for size in ((3, 5, 6), (1, 4, 3)):
    ds = torchvision.datasets.FakeData(size=3, image_size=size, num_classes=7, random_offset=5)
    for i in range(3):
        img, target = ds[i]
        import numpy as np
        fakedata.append({"id": f"fakedata/{size}/{i}", "image_size": list(size), "index": i,
                         "image": tj(torch.from_numpy(np.array(img))), "target": int(target)})

reprs = []
for cid, t in (("Resize(32)", T.Resize(32)),
               ("Resize([32,24],nearest,aa)", T.Resize([32, 24], interpolation=IM.NEAREST, antialias=True)),
               ("Resize(10,max_size=20)", T.Resize(10, max_size=20)),
               ("RandomResizedCrop(24)", T.RandomResizedCrop(24)),
               ("RandomResizedCrop(24,scale,ratio)", T.RandomResizedCrop(24, scale=(0.5, 1.0), ratio=(0.5, 2.0))),
               ("ColorJitter(0.4,0.4,0.4,0.1)", T.ColorJitter(0.4, 0.4, 0.4, 0.1)),
               ("ColorJitter(brightness=0.2)", T.ColorJitter(brightness=0.2)),
               ("RandomRotation(10)", T.RandomRotation(10)),
               ("RandomRotation([-10.5,20],bilinear,fill=(1,2,3))",
                T.RandomRotation([-10.5, 20], interpolation=IM.BILINEAR, fill=(1, 2, 3))),
               ("RandomCrop(32,padding=4)", T.RandomCrop(32, padding=4)),
               ("RandomCrop(32)", T.RandomCrop(32)),
               ("Pad(2)", T.Pad(2)),
               ("Pad([1,2,3,4],fill=3,reflect)", T.Pad((1, 2, 3, 4), fill=3, padding_mode="reflect")),
               ("RandomErasing()", T.RandomErasing()),
               ("RandomErasing(random)", T.RandomErasing(p=0.25, value="random")),
               ("CenterCrop(10)", T.CenterCrop(10)),
               ("CenterCrop([10,12])", T.CenterCrop([10, 12])),
               ("Grayscale()", T.Grayscale()),
               ("Grayscale(3)", T.Grayscale(3)),
               ("ConvertImageDtype", T.ConvertImageDtype(torch.float)),
               ("RandomHorizontalFlip()", T.RandomHorizontalFlip()),
               ("RandomVerticalFlip(0.3)", T.RandomVerticalFlip(0.3)),
               ("PILToTensor()", T.PILToTensor()),
               ("Lambda", T.Lambda(lambda x: x))):
    reprs.append({"id": cid, "repr": repr(t)})

out = {"torchvision_version": torchvision.__version__, "torch_version": torch.__version__,
       "inputs": {k: tj(v) for k, v in inputs.items()}, "cases": cases, "random": random, "fakedata": fakedata,
       "reprs": reprs}
path = os.path.join(REFS_DIR, "vision.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {path}: {len(cases)} cases, {len(random)} random, {len(fakedata)} fakedata, {len(reprs)} reprs")
