#!/usr/bin/python3
"""Reference values for torch4j's optimizer and LR-scheduler tests, computed by real PyTorch (1.13).

Run:  /usr/bin/python3 tools/gen_refs_optim.py   (from the repository root)
Writes torch4j/src/test/resources/refs/optim.json:

  "problem":    {"W": tensor, "b": tensor, "X": tensor, "Y": tensor}   (float64; tensors encoded as in gen_refs.py:
                {"dtype", "shape", "data"}). The loss is ((X @ W.T + b - Y) ** 2).mean().
  "optimizers": [{"id", "opt" (class name), "kwargs" (PyTorch keyword args; betas as a list), "dtype",
                 "groups": null (one group of [W, b]) or a list of two per-group override dicts for [W] and [b],
                 "steps": [[W, b] after each step], "state_keys": [[keys of state[W]], [keys of state[b]]],
                 "group_keys": [keys of param_groups[0] without "params"]}]
  "lbfgs":      [{"id", "kwargs", "x0": tensor, "steps": [{"x": tensor, "loss": float (returned by step),
                 "func_evals": int, "n_iter": int}]}]   on the Rosenbrock function of x (2,) float64.
  "schedulers": [{"id", "sched" (class name), "kwargs", "opt" ("SGD" with momentum 0.9 or "Adam"),
                 "lrs": [[lr of each group] after construction and after each step], "momenta": same for
                 momentum (SGD) or beta1 (Adam), "state_keys": keys of state_dict()}]
                 Optimizer groups: lr 0.1 and 0.05.  ReduceLROnPlateau cases add "metrics" (one per step).
"""
import json
import os
import warnings

import torch

from refs_common import REFS_DIR, enc, num

warnings.simplefilter("ignore")
OUT = os.path.join(REFS_DIR, "optim.json")


torch.manual_seed(0)
W0 = torch.randn(3, 4, dtype=torch.float64)
b0 = torch.randn(3, dtype=torch.float64)
X = torch.randn(6, 4, dtype=torch.float64)
Y = torch.randn(6, 3, dtype=torch.float64)


def loss_fn(W, b):
    return ((X.to(W.dtype) @ W.t() + b - Y.to(W.dtype)) ** 2).mean()


def pyargs(kwargs):
    return {k: (tuple(v) if k == "betas" else v) for k, v in kwargs.items()}


optimizers = []


def opt_case(cid, name, kwargs, groups=None, dtype=torch.float64, nsteps=4):
    W = W0.clone().to(dtype).requires_grad_()
    b = b0.clone().to(dtype).requires_grad_()
    cls = getattr(torch.optim, name)
    if groups is None:
        opt = cls([W, b], **pyargs(kwargs))
    else:
        opt = cls([dict(params=[W], **pyargs(groups[0])), dict(params=[b], **pyargs(groups[1]))], **pyargs(kwargs))
    steps = []
    for _ in range(nsteps):
        opt.zero_grad()
        loss_fn(W, b).backward()
        opt.step()
        steps.append([enc(W), enc(b)])
    optimizers.append({"id": cid, "opt": name, "kwargs": kwargs, "dtype": str(dtype).replace("torch.", ""),
                       "groups": groups, "steps": steps,
                       "state_keys": [list(opt.state[W].keys()), list(opt.state[b].keys())],
                       "group_keys": [k for k in opt.param_groups[0].keys() if k != "params"]})


for dt, tag in [(torch.float64, "f64"), (torch.float32, "f32")]:
    opt_case("sgd_plain_" + tag, "SGD", {"lr": 0.1}, dtype=dt)
    opt_case("sgd_momentum_" + tag, "SGD", {"lr": 0.05, "momentum": 0.9}, dtype=dt)
    opt_case("sgd_dampening_" + tag, "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.1}, dtype=dt)
    opt_case("sgd_nesterov_" + tag, "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}, dtype=dt)
    opt_case("sgd_maximize_" + tag, "SGD", {"lr": 0.02, "momentum": 0.5, "maximize": True}, dtype=dt)
    opt_case("sgd_groups_" + tag, "SGD", {"lr": 0.05, "momentum": 0.9}, [{}, {"lr": 0.2, "momentum": 0.5}], dtype=dt)
    opt_case("adam_default_" + tag, "Adam", {}, dtype=dt)
    opt_case("adam_wd_amsgrad_" + tag, "Adam", {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True}, dtype=dt)
    opt_case("adam_maximize_" + tag, "Adam", {"lr": 0.01, "maximize": True}, dtype=dt)
    opt_case("adam_groups_" + tag, "Adam", {"lr": 0.05}, [{"betas": [0.5, 0.6]}, {"lr": 0.1, "amsgrad": True}], dtype=dt)
    opt_case("adamw_default_" + tag, "AdamW", {"lr": 0.05}, dtype=dt)
    opt_case("adamw_amsgrad_" + tag, "AdamW", {"lr": 0.05, "betas": [0.85, 0.95], "weight_decay": 0.5, "amsgrad": True, "maximize": True}, dtype=dt)
    opt_case("adamw_groups_" + tag, "AdamW", {"lr": 0.05}, [{"weight_decay": 0.0}, {"lr": 0.02, "weight_decay": 0.3}], dtype=dt)
opt_case("rmsprop_default", "RMSprop", {})
opt_case("rmsprop_momentum_wd", "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1, "momentum": 0.9})
opt_case("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "maximize": True})
opt_case("rmsprop_groups", "RMSprop", {"lr": 0.01}, [{"centered": True}, {"lr": 0.03, "alpha": 0.5}])
opt_case("adagrad_default", "Adagrad", {})
opt_case("adagrad_options", "Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6})
opt_case("adagrad_groups", "Adagrad", {"lr": 0.1, "maximize": True}, [{}, {"lr": 0.3, "lr_decay": 0.2}])
opt_case("adadelta_default", "Adadelta", {})
opt_case("adadelta_options", "Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1})
opt_case("adadelta_groups", "Adadelta", {"maximize": True}, [{"rho": 0.5}, {"lr": 2.0}])


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


lbfgs = []


def lbfgs_case(cid, kwargs, nsteps=3):
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([x], **kwargs)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        return loss

    steps = []
    for _ in range(nsteps):
        loss = opt.step(closure)
        st = opt.state[x]
        steps.append({"x": enc(x), "loss": num(loss.item()), "func_evals": st["func_evals"], "n_iter": st["n_iter"]})
    lbfgs.append({"id": cid, "kwargs": kwargs, "x0": enc(torch.tensor([-1.5, 2.0], dtype=torch.float64)), "steps": steps})


lbfgs_case("lbfgs_default_lr", {"lr": 0.1})
lbfgs_case("lbfgs_small_history", {"lr": 0.2, "max_iter": 7, "history_size": 3})
lbfgs_case("lbfgs_strong_wolfe", {"line_search_fn": "strong_wolfe"})
lbfgs_case("lbfgs_strong_wolfe_opts", {"lr": 0.5, "max_iter": 10, "max_eval": 14, "history_size": 4,
                                        "tolerance_grad": 1e-5, "tolerance_change": 1e-8, "line_search_fn": "strong_wolfe"}, nsteps=4)

schedulers = []


def sched_case(cid, name, kwargs, opt="SGD", nsteps=30, metrics=None):
    p1 = torch.zeros(2, requires_grad=True)
    p2 = torch.zeros(2, requires_grad=True)
    if opt == "SGD":
        o = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.05}], lr=0.1, momentum=0.9)
    else:
        o = torch.optim.Adam([{"params": [p1]}, {"params": [p2], "lr": 0.05}], lr=0.1)
    cls = getattr(torch.optim.lr_scheduler, name)
    s = cls(o, **kwargs)

    def mom():
        return [g["momentum"] if opt == "SGD" else g["betas"][0] for g in o.param_groups]

    lrs = [[g["lr"] for g in o.param_groups]]
    momenta = [mom()]
    for i in range(nsteps):
        o.step()
        if metrics is not None:
            s.step(metrics[i])
        else:
            s.step()
        lrs.append([g["lr"] for g in o.param_groups])
        momenta.append(mom())
    c = {"id": cid, "sched": name, "kwargs": kwargs, "opt": opt, "lrs": lrs, "momenta": momenta,
         "state_keys": list(s.state_dict().keys())}
    if metrics is not None:
        c["metrics"] = metrics
    schedulers.append(c)


sched_case("step", "StepLR", {"step_size": 7, "gamma": 0.5})
sched_case("step_default_gamma", "StepLR", {"step_size": 3})
sched_case("multistep", "MultiStepLR", {"milestones": [3, 8, 8, 20], "gamma": 0.3})
sched_case("exponential", "ExponentialLR", {"gamma": 0.9})
sched_case("cosine", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001})
sched_case("cosine_default", "CosineAnnealingLR", {"T_max": 7})
sched_case("linear_default", "LinearLR", {})
sched_case("linear_up", "LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 10})
sched_case("linear_down", "LinearLR", {"start_factor": 1.0, "end_factor": 0.2, "total_iters": 12})
sched_case("onecycle_cos", "OneCycleLR", {"max_lr": [0.5, 0.2], "total_steps": 30}, nsteps=29)
sched_case("onecycle_linear_three", "OneCycleLR", {"max_lr": 0.4, "total_steps": 30, "anneal_strategy": "linear",
                                                    "three_phase": True, "pct_start": 0.4}, nsteps=29)
sched_case("onecycle_adam", "OneCycleLR", {"max_lr": 0.3, "epochs": 5, "steps_per_epoch": 6, "div_factor": 10.0,
                                           "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9},
           opt="Adam", nsteps=29)
sched_case("onecycle_no_momentum", "OneCycleLR", {"max_lr": 0.3, "total_steps": 25, "cycle_momentum": False,
                                                  "pct_start": 0.25}, nsteps=24)
M = [1.0, 0.9, 0.95, 0.92, 0.91, 0.9095, 0.9099, 0.85, 0.86, 0.87, 0.871, 0.8705, 0.869, 0.8, 0.81,
     0.82, 0.83, 0.84, 0.85, 0.86, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78, 0.79]
sched_case("plateau_min_rel", "ReduceLROnPlateau", {"mode": "min", "factor": 0.5, "patience": 2, "cooldown": 1,
                                                    "min_lr": [0.01, 0.001]}, metrics=M)
sched_case("plateau_default", "ReduceLROnPlateau", {}, metrics=M)
sched_case("plateau_max_abs", "ReduceLROnPlateau", {"mode": "max", "factor": 0.3, "patience": 1, "threshold": 0.05,
                                                    "threshold_mode": "abs", "eps": 0.004}, metrics=[-m for m in M])
sched_case("plateau_min_abs", "ReduceLROnPlateau", {"mode": "min", "patience": 0, "threshold": 0.01,
                                                    "threshold_mode": "abs", "cooldown": 3}, metrics=M)
sched_case("plateau_max_rel", "ReduceLROnPlateau", {"mode": "max", "patience": 1, "threshold": 0.01}, metrics=[2 - m for m in M])

root = {"torch_version": torch.__version__,
        "problem": {"W": enc(W0), "b": enc(b0), "X": enc(X), "Y": enc(Y)},
        "optimizers": optimizers, "lbfgs": lbfgs, "schedulers": schedulers}
with open(OUT, "w") as f:
    json.dump(root, f, separators=(",", ":"))
print("wrote", OUT, len(optimizers), "optimizer cases,", len(lbfgs), "lbfgs cases,", len(schedulers), "scheduler cases")
