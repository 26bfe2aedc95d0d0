#!/usr/bin/python3
"""Reference values for torch4j's nn layer and nn.init tests, computed by real PyTorch (1.13).

Run:  /usr/bin/python3 tools/gen_refs_nn_layers.py   (from the repository root)
Writes torch4j/src/test/resources/refs/nn_layers.json.

Layout
------
{"torch_version": "...",
 "layers":  [ <layer case> ],
 "init":    [ <init case> ],
 "gains":   {"<nonlinearity>[:param]": gain},
 "model":   {"repr": print(model) text, "state_dict": [[key, shape], ...], + a layer case's fields}}

A tensor is {"dtype": "float32", "shape": [..], "data": [flat row-major]} (float values are exact doubles).

A layer case (torch.manual_seed(crc32(id)) before building it):
  id           unique name; the Java test builds the matching torch4j module from it
  repr         repr(module)
  state_dict   [[key, shape], ...] in order
  params       {key: tensor}: the module's state_dict (parameters and buffers) BEFORE the forward passes;
               the Java test loads it into its own module
  inputs       the forward inputs (most layers take one)
  steps        number of training-mode forward/backward passes (default 1); for each pass the same inputs are
               used; outputs/grads below are those of the LAST pass (param grads accumulate over passes)
  grad_output  upstream gradient of the output
  output       module(*inputs) in training mode
  grad_inputs  d(sum(output * grad_output)) / d(input_i) (null for integer inputs), from the last pass
  grads        {param key: accumulated .grad after all passes}
  after        {key: tensor}: the state_dict after the passes (running stats, renormed embeddings)
  eval_output  module.eval()(*inputs), when present
An init case: {"id", "seed", "shape", "fn", "args", "output"}: torch.manual_seed(seed); t = torch.empty(shape);
  fn(t, **args) (nn.init), output = t.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from refs_common import REFS_DIR, enc, seed_for

OUT = os.path.join(REFS_DIR, "nn_layers.json")


def U(shape, dtype=torch.float64, lo=-2.0, hi=2.0):
    return (torch.rand(shape, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


LAYERS = []


def layer(cid, make, inputs_fn, steps=1, dtype=torch.float64, eval_too=False):
    seed_for(cid)
    m = make()
    m = m.to(dtype)
    # random (non-default) affine parameters so that weight/bias gradients are checked meaningfully
    with torch.no_grad():
        for k, p in m.named_parameters():
            p.copy_(U(p.shape, dtype, -1.0, 1.0) + (1.0 if k.endswith("weight") and p.dim() == 1 else 0.0))
    inputs = inputs_fn(dtype)
    case = {"id": cid, "repr": repr(m),
            "state_dict": [[k, list(v.shape)] for k, v in m.state_dict().items()],
            "params": {k: enc(v) for k, v in m.state_dict().items()},
            "inputs": [enc(x) for x in inputs], "steps": steps}
    m.train()
    out = None
    for s in range(steps):
        ins = [x.clone().requires_grad_(True) if x.is_floating_point() else x for x in inputs]
        out = m(*ins)
        if s == 0:
            gout = U(out.shape, out.dtype)
        (out * gout).sum().backward()
    case["grad_output"] = enc(gout)
    case["output"] = enc(out)
    case["grad_inputs"] = [enc(x.grad) if x.is_floating_point() else None for x in ins]
    case["grads"] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
    case["after"] = {k: enc(v) for k, v in m.state_dict().items()}
    if eval_too:
        m.eval()
        with torch.no_grad():
            case["eval_output"] = enc(m(*inputs))
    LAYERS.append(case)


def one(shape, lo=-2.0, hi=2.0):
    return lambda dt: [U(shape, dt, lo, hi)]


# ---------------------------------------------------------------- linear family
layer("linear_2d", lambda: nn.Linear(4, 3), one([5, 4]))
layer("linear_3d", lambda: nn.Linear(4, 3), one([2, 5, 4]))
layer("linear_4d", lambda: nn.Linear(4, 3), one([2, 2, 3, 4]))
layer("linear_nobias", lambda: nn.Linear(4, 3, bias=False), one([5, 4]))
layer("linear_1d", lambda: nn.Linear(4, 3), one([4]))
layer("linear_f32", lambda: nn.Linear(6, 5), one([8, 6]), dtype=torch.float32)
layer("bilinear", lambda: nn.Bilinear(3, 4, 2), lambda dt: [U([5, 3], dt), U([5, 4], dt)])
layer("bilinear_nobias", lambda: nn.Bilinear(3, 3, 2, bias=False), lambda dt: [U([2, 4, 3], dt), U([2, 4, 3], dt)])
layer("identity", lambda: nn.Identity(), one([3, 4]))
layer("flatten", lambda: nn.Flatten(), one([2, 3, 2, 2]))
layer("flatten_0_2", lambda: nn.Flatten(0, 2), one([2, 3, 2, 2]))
layer("unflatten", lambda: nn.Unflatten(1, (2, 3)), one([4, 6]))

# ---------------------------------------------------------------- embedding
layer("embedding", lambda: nn.Embedding(10, 3), lambda dt: [torch.tensor([[1, 2, 4], [2, 9, 1]])])
layer("embedding_padding", lambda: nn.Embedding(10, 3, padding_idx=2), lambda dt: [torch.tensor([[1, 2, 4], [2, 9, 2]])])
layer("embedding_padding_neg", lambda: nn.Embedding(6, 2, padding_idx=-1), lambda dt: [torch.tensor([5, 0, 5, 3])])
layer("embedding_maxnorm", lambda: nn.Embedding(10, 3, max_norm=1.0), lambda dt: [torch.tensor([[1, 2, 4], [2, 9, 1]])])

# ---------------------------------------------------------------- normalisation
layer("layernorm", lambda: nn.LayerNorm(5), one([3, 4, 5]))
layer("layernorm_2d_shape", lambda: nn.LayerNorm([4, 5], eps=1e-3), one([3, 4, 5]))
layer("layernorm_noaffine", lambda: nn.LayerNorm(6, elementwise_affine=False), one([4, 6]))
layer("layernorm_f32", lambda: nn.LayerNorm(16), one([8, 16]), dtype=torch.float32)
layer("batchnorm1d", lambda: nn.BatchNorm1d(4), one([6, 4]), steps=2, eval_too=True)
layer("batchnorm1d_3d", lambda: nn.BatchNorm1d(4), one([3, 4, 5]), steps=2, eval_too=True)
layer("batchnorm1d_cumulative", lambda: nn.BatchNorm1d(3, momentum=None), one([5, 3]), steps=2, eval_too=True)
layer("batchnorm1d_noaffine", lambda: nn.BatchNorm1d(3, affine=False, momentum=0.3), one([5, 3]), steps=2, eval_too=True)
layer("batchnorm1d_nostats", lambda: nn.BatchNorm1d(3, track_running_stats=False), one([5, 3]), steps=2, eval_too=True)
layer("batchnorm2d", lambda: nn.BatchNorm2d(3), one([2, 3, 4, 5]), steps=2, eval_too=True)
layer("batchnorm2d_f32", lambda: nn.BatchNorm2d(4, eps=1e-3), one([4, 4, 3, 3]), steps=2, dtype=torch.float32,
      eval_too=True)
layer("groupnorm", lambda: nn.GroupNorm(2, 4), one([3, 4, 5]))
layer("groupnorm_4d", lambda: nn.GroupNorm(3, 6, eps=1e-3), one([2, 6, 2, 3]))
layer("groupnorm_noaffine", lambda: nn.GroupNorm(1, 3, affine=False), one([2, 3, 4]))


def batchnorm_eval_grad():
    # eval-mode gradients (running statistics are constants)
    cid = "batchnorm1d_evalgrad"
    seed_for(cid)
    m = nn.BatchNorm1d(3).double()
    with torch.no_grad():
        m.running_mean.copy_(U([3], torch.float64, -1, 1))
        m.running_var.copy_(U([3], torch.float64, 0.5, 2))
        m.weight.copy_(U([3], torch.float64, 0.5, 1.5))
        m.bias.copy_(U([3], torch.float64, -1, 1))
    x = U([4, 3], torch.float64).requires_grad_(True)
    params = {k: enc(v) for k, v in m.state_dict().items()}
    m.eval()
    out = m(x)
    gout = U(out.shape, out.dtype)
    (out * gout).sum().backward()
    LAYERS.append({"id": cid, "repr": repr(m), "state_dict": [[k, list(v.shape)] for k, v in m.state_dict().items()],
                   "params": params, "inputs": [enc(x)], "steps": 0, "grad_output": enc(gout), "output": enc(out),
                   "grad_inputs": [enc(x.grad)], "grads": {k: enc(p.grad) for k, p in m.named_parameters()},
                   "after": {k: enc(v) for k, v in m.state_dict().items()}})


batchnorm_eval_grad()

# ---------------------------------------------------------------- activations
ACT = [
    ("relu", lambda: nn.ReLU()),
    ("leakyrelu", lambda: nn.LeakyReLU()),
    ("leakyrelu_02", lambda: nn.LeakyReLU(0.2)),
    ("elu", lambda: nn.ELU()),
    ("elu_07", lambda: nn.ELU(0.7)),
    ("gelu", lambda: nn.GELU()),
    ("gelu_tanh", lambda: nn.GELU("tanh")),
    ("silu", lambda: nn.SiLU()),
    ("sigmoid", lambda: nn.Sigmoid()),
    ("tanh", lambda: nn.Tanh()),
    ("softmax_1", lambda: nn.Softmax(1)),
    ("softmax_0", lambda: nn.Softmax(0)),
    ("logsoftmax_1", lambda: nn.LogSoftmax(1)),
    ("softplus", lambda: nn.Softplus()),
    ("softplus_2_1", lambda: nn.Softplus(2, 1)),
    ("hardtanh", lambda: nn.Hardtanh()),
    ("hardtanh_m05_15", lambda: nn.Hardtanh(-0.5, 1.5)),
    ("relu6", lambda: nn.ReLU6()),
    ("mish", lambda: nn.Mish()),
    ("hardswish", lambda: nn.Hardswish()),
]
for name, make in ACT:
    layer("act_" + name, make, one([3, 5], -7.0, 7.0))
    layer("act_" + name + "_f32", make, one([4, 9], -4.0, 4.0), dtype=torch.float32)

# ---------------------------------------------------------------- dropout (mask from the default generator)
DROPOUT = []


def dropout(cid, make, shape, seed):
    m = make()
    torch.manual_seed(seed)
    x = U(shape, torch.float32)
    xr = x.clone().requires_grad_(True)
    torch.manual_seed(seed + 1)
    out = m(xr)
    out.backward(torch.ones_like(out))
    DROPOUT.append({"id": cid, "repr": repr(m), "seed": seed + 1, "input": enc(x), "output": enc(out),
                    "grad_input": enc(xr.grad)})


dropout("dropout", lambda: nn.Dropout(0.3), [6, 7], 10)
dropout("dropout_big", lambda: nn.Dropout(0.5), [40, 50], 11)
dropout("dropout1d", lambda: nn.Dropout1d(0.4), [3, 5, 4], 12)
dropout("dropout2d", lambda: nn.Dropout2d(0.5), [2, 4, 3, 3], 13)

# ---------------------------------------------------------------- nested model
seed_for("model")
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)).double()
MODEL = {"repr": str(model), "state_dict": [[k, list(v.shape)] for k, v in model.state_dict().items()],
         "named_parameters": [k for k, _ in model.named_parameters()],
         "named_buffers": [k for k, _ in model.named_buffers()]}
layer("model", lambda: nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)),
      one([6, 4]), steps=2, eval_too=True)

# ---------------------------------------------------------------- init
INIT = []


def init(cid, shape, fn, args, seed, dtype=torch.float32):
    torch.manual_seed(seed)
    t = torch.empty(shape, dtype=dtype)
    getattr(nn.init, fn)(t, **args)
    INIT.append({"id": cid, "seed": seed, "shape": list(shape), "fn": fn, "args": args, "output": enc(t)})


init("uniform", [3, 4], "uniform_", {"a": -0.5, "b": 2.0}, 1)
init("normal_small", [3, 4], "normal_", {"mean": 1.0, "std": 0.5}, 2)
init("normal_f64", [5, 6], "normal_", {"mean": 0.0, "std": 2.0}, 3, torch.float64)
init("constant", [2, 3], "constant_", {"val": 0.25}, 4)
init("eye", [3, 5], "eye_", {}, 4)
init("xavier_uniform", [5, 7], "xavier_uniform_", {"gain": 1.5}, 5)
init("xavier_normal", [3, 4], "xavier_normal_", {}, 6)
init("kaiming_uniform_a5", [6, 5], "kaiming_uniform_", {"a": math.sqrt(5)}, 7)
init("kaiming_uniform_relu_out", [6, 5, 2], "kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}, 8)
init("kaiming_normal", [3, 4], "kaiming_normal_", {"nonlinearity": "relu"}, 9)
init("kaiming_normal_f64", [4, 6], "kaiming_normal_", {"a": 0.1, "mode": "fan_out"}, 9, torch.float64)
init("orthogonal_wide", [3, 5], "orthogonal_", {}, 10, torch.float64)
init("orthogonal_tall", [6, 4], "orthogonal_", {"gain": 2.0}, 11, torch.float64)
init("orthogonal_conv", [3, 2, 2, 2], "orthogonal_", {}, 12, torch.float64)

# default initialisations from the default generator
DEFAULTS = []


def default_init(cid, make, seed):
    torch.manual_seed(seed)
    m = make()
    DEFAULTS.append({"id": cid, "seed": seed, "state": {k: enc(v) for k, v in m.state_dict().items()}})


default_init("linear", lambda: nn.Linear(5, 3), 20)
default_init("bilinear", lambda: nn.Bilinear(2, 3, 4), 21)
default_init("embedding", lambda: nn.Embedding(5, 3, padding_idx=1), 22)  # fewer than 16 numbers: exact normals

GAINS = {}
for nl in ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
           "sigmoid", "tanh", "relu", "leaky_relu", "selu"]:
    GAINS[nl] = nn.init.calculate_gain(nl)
GAINS["leaky_relu:0.2"] = nn.init.calculate_gain("leaky_relu", 0.2)
GAINS["leaky_relu:2"] = nn.init.calculate_gain("leaky_relu", 2)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "layers": LAYERS, "dropout": DROPOUT, "model": MODEL,
               "init": INIT, "defaults": DEFAULTS, "gains": GAINS}, f, separators=(",", ":"))
print("wrote", OUT, len(LAYERS), "layer cases,", len(INIT), "init cases")
