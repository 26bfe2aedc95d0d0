#!/usr/bin/python3
"""Reference values for torch4j's Module / utils.data / vision / clip_grad tests, computed by real PyTorch (1.13).

Run:  /usr/bin/python3 tools/gen_refs_data.py   (from the repository root)
Writes torch4j/src/test/resources/refs/data.json, an object with:
  "loader":   {id: [[batch targets as int lists] per epoch]}  (+ "seed0_after": torch.rand(2) after two epochs)
  "sampler":  {id: [[indices] per pass]}
  "split":    {id: [[indices] per subset]}
  "collate":  {id: dtype name}
  "clip":     [{"id", "grads": [tensor], "max_norm", "norm_type" (number or "inf"), "total": float, "clipped": [tensor]}]
  "clip_value": {"grads": [tensor], "clip": float, "clipped": [tensor]}
  "to_tensor":  [{"id", "pic": uint8 tensor (HW or HWC), "out": tensor}]  (torchvision to_tensor of the ndarray)
  "normalize":  [{"id", "input": tensor, "mean": [..], "std": [..], "out": tensor}]
  "module":   {"repr": print(Net()) text, "keys": state_dict keys, "err_*": load_state_dict error texts,
               "nonstrict": [missing, unexpected], "shared_keys", "shared_params"}  (Net as in ModuleTest)
  "mnist":    {"train_first", "test_first", "train_mean", "test_mean", "train_sum", "n_train", "n_test"}
Tensors as in gen_refs.py: {"dtype", "shape", "data"}.
"""
import gzip
import json
import os
import warnings

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, RandomSampler, SubsetRandomSampler, \
    WeightedRandomSampler, random_split
from torch.utils.data.dataloader import default_collate

from refs_common import REFS_DIR, enc, num

warnings.simplefilter("ignore")
ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(REFS_DIR, "data.json")


out = {}

# ---------------------------------------------------------------- DataLoader / samplers / random_split
ds = TensorDataset(torch.arange(10), torch.arange(10))
loader = {}
torch.manual_seed(0)
dl = DataLoader(ds, batch_size=4, shuffle=True)
loader["seed0"] = [[b[1].tolist() for b in dl] for _ in range(2)]
loader["seed0_after"] = torch.rand(2).tolist()
g = torch.Generator().manual_seed(42)
dl = DataLoader(ds, batch_size=4, shuffle=True, generator=g)
loader["gen42"] = [[b[1].tolist() for b in dl] for _ in range(2)]
torch.manual_seed(7)
dl = DataLoader(ds, batch_size=3, shuffle=True, drop_last=True)
loader["seed7_droplast"] = [[b[1].tolist() for b in dl] for _ in range(2)]
out["loader"] = loader

sampler = {}
s = RandomSampler(range(10), replacement=True, num_samples=40, generator=torch.Generator().manual_seed(3))
sampler["replacement40_gen3"] = [list(s), list(s)]
s = RandomSampler(range(7), num_samples=10, generator=torch.Generator().manual_seed(3))
sampler["n7_samples10_gen3"] = [list(s), list(s)]
torch.manual_seed(11)
s = RandomSampler(range(5), replacement=True, num_samples=7)
sampler["replacement7_seed11"] = [list(s), list(s)]
torch.manual_seed(5)
s = SubsetRandomSampler([10, 20, 30, 40, 50])
sampler["subset_seed5"] = [list(s), list(s)]
s = WeightedRandomSampler([0.1, 0.9, 0.4, 0.0, 2.0], 8, generator=torch.Generator().manual_seed(9))
sampler["weighted8_gen9"] = [list(s), list(s)]
s = WeightedRandomSampler([0.1, 0.9, 0.4, 0.3, 2.0], 4, replacement=False, generator=torch.Generator().manual_seed(9))
sampler["weighted4_norepl_gen9"] = [list(s), list(s)]
out["sampler"] = sampler

split = {}
torch.manual_seed(1)
split["frac_10_seed1"] = [list(x) for x in random_split(range(10), [0.3, 0.3, 0.4])]
split["frac_11_gen5"] = [list(x) for x in random_split(range(11), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(5))]
split["frac_10_quarters_gen5"] = [list(x) for x in random_split(range(10), [0.25] * 4, generator=torch.Generator().manual_seed(5))]
split["frac_7_halves_gen2"] = [list(x) for x in random_split(range(7), [0.5, 0.5], generator=torch.Generator().manual_seed(2))]
split["len_3_7_gen5"] = [list(x) for x in random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(5))]
out["split"] = split

out["collate"] = {"int": str(default_collate([1, 2]).dtype), "float": str(default_collate([1.0, 2.0]).dtype),
                  "bool": str(default_collate([True, False]).dtype)}

# ---------------------------------------------------------------- clip_grad
clip = []
torch.manual_seed(3)
base = [torch.randn(3, 4), torch.randn(5), torch.randn(2, 2)]
for i, (mx, nt) in enumerate([(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.3, float("inf")), (2.0, 3.0), (0.7, 0.5)]):
    ps = [torch.nn.Parameter(b.clone() * 0 + 1) for b in base]
    for p, b in zip(ps, base):
        p.grad = b.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, mx, norm_type=nt)
    clip.append({"id": f"case{i}", "grads": [enc(b) for b in base], "max_norm": mx, "norm_type": num(nt),
                 "total": float(total), "total_dtype": str(total.dtype), "clipped": [enc(p.grad) for p in ps]})
out["clip"] = clip
ps = [torch.nn.Parameter(b.clone()) for b in base]
for p, b in zip(ps, base):
    p.grad = b.clone()
torch.nn.utils.clip_grad_value_(ps, 0.6)
out["clip_value"] = {"grads": [enc(b) for b in base], "clip": 0.6, "clipped": [enc(p.grad) for p in ps]}

# ---------------------------------------------------------------- transforms
# torchvision is not installed here: these follow torchvision 0.14's functional.to_tensor (ndarray / PIL path)
# and functional.normalize step for step, with the same PyTorch ops.
from PIL import Image  # noqa: E402


def to_tensor(pic):
    if isinstance(pic, Image.Image):
        pic = np.array(pic, np.uint8, copy=True)
    if pic.ndim == 2:
        pic = pic[:, :, None]
    img = torch.from_numpy(pic.transpose((2, 0, 1))).contiguous()
    return img.to(dtype=torch.get_default_dtype()).div(255) if isinstance(img, torch.ByteTensor) else img


def normalize(tensor, mean, std):
    tensor = tensor.clone()
    mean = torch.as_tensor(mean, dtype=tensor.dtype).view(-1, 1, 1)
    std = torch.as_tensor(std, dtype=tensor.dtype).view(-1, 1, 1)
    return tensor.sub_(mean).div_(std)


class TF:
    to_tensor = staticmethod(to_tensor)
    normalize = staticmethod(normalize)


rng = np.random.default_rng(0)
tt = []
for pid, shape in [("hw", (3, 5)), ("hwc3", (4, 3, 3)), ("hwc1", (2, 3, 1))]:
    a = rng.integers(0, 256, size=shape, dtype=np.uint8)
    o = TF.to_tensor(a)
    if shape[-1] == 3 or len(shape) == 2:  # the PIL path (what a BufferedImage is) gives the same values
        pil = Image.fromarray(a, mode="RGB" if len(shape) == 3 else "L")
        assert torch.equal(TF.to_tensor(pil), o)
    tt.append({"id": pid, "pic": enc(torch.from_numpy(a)), "out": enc(o)})
out["to_tensor"] = tt
nm = []
x = TF.to_tensor(rng.integers(0, 256, size=(4, 3, 3), dtype=np.uint8))
nm.append({"id": "rgb", "input": enc(x), "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
           "out": enc(TF.normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))})
x = TF.to_tensor(rng.integers(0, 256, size=(3, 5), dtype=np.uint8))
nm.append({"id": "mnist", "input": enc(x), "mean": [0.1307], "std": [0.3081],
           "out": enc(TF.normalize(x, [0.1307], [0.3081]))})
out["normalize"] = nm


# ---------------------------------------------------------------- Module printing and state dicts
class Block(nn.Module):
    def __init__(s):
        super().__init__()
        s.linear1 = nn.Linear(4, 8)
        s.norm = nn.BatchNorm1d(8)
        s.drop = nn.Dropout(0.25)


class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.fc = nn.Linear(3, 4, bias=False)
        s.layers = nn.Sequential(Block(), nn.ReLU(), nn.Linear(8, 2))
        s.heads = nn.ModuleList([nn.Identity(), nn.Tanh()])
        s.dict = nn.ModuleDict({"a": nn.Sigmoid()})
        s.empty = nn.Sequential()


def err(f):
    try:
        f()
    except RuntimeError as e:
        return str(e)
    return None


n = Net()
mod = {"repr": str(n), "keys": list(n.state_dict().keys())}
sd = n.state_dict()
del sd["fc.weight"]
sd["extra"] = torch.zeros(1)
sd["layers.2.bias"] = torch.zeros(3)
sd["layers.0.zzz"] = torch.zeros(1)
mod["err_all"] = err(lambda: n.load_state_dict(sd))
sd = n.state_dict()
sd["layers.2.bias"] = torch.zeros(3)
mod["err_size"] = err(lambda: n.load_state_dict(sd))
mod["err_size_nonstrict"] = err(lambda: n.load_state_dict(sd, strict=False))
sd = n.state_dict()
del sd["fc.weight"]
del sd["layers.0.norm.num_batches_tracked"]
sd["x"] = torch.zeros(1)
sd["heads.0.w"] = torch.zeros(1)
r = n.load_state_dict(sd, strict=False)
mod["nonstrict"] = [r.missing_keys, r.unexpected_keys]
shared = nn.Module()
lin = nn.Linear(2, 2)
shared.a = lin
shared.b = lin
shared.c = nn.Linear(2, 2)
shared.c.weight = lin.weight
mod["shared_keys"] = list(shared.state_dict().keys())
mod["shared_params"] = [k for k, _ in shared.named_parameters()]
out["module"] = mod


# ---------------------------------------------------------------- MNIST subset
def idx(path):
    with gzip.open(path) as f:
        b = f.read()
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


d = os.path.join(ROOT, "data", "mnist-10k")
tri, trl = idx(os.path.join(d, "train-images-idx3-ubyte.gz")), idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
tei, tel = idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")), idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
out["mnist"] = {"n_train": len(trl), "n_test": len(tel), "train_first": trl[:10].tolist(), "test_first": tel[:10].tolist(),
                "train_mean": float(tri.astype(np.float64).mean()), "test_mean": float(tei.astype(np.float64).mean()),
                "train_sum": int(tri.astype(np.int64).sum()), "train_label_sum": int(trl.astype(np.int64).sum()),
                "train_0_row_14": tri[0, 14].tolist()}

with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
