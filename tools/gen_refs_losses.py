#!/usr/bin/python3
"""Reference values for torch4j's loss tests (torch.nn.functional losses), computed by real PyTorch.

Run:  /usr/bin/python3 tools/gen_refs_losses.py   (from the repository root; PyTorch 1.13)
Writes torch4j/src/test/resources/refs/losses.json in the case format documented in tools/gen_refs.py.

Per op, the inputs are (in order):
  cross_entropy, nll_loss       [input, target] (+ weight when args.has_weight)
  binary_cross_entropy          [input, target] (+ weight when args.has_weight)
  binary_cross_entropy_with_logits  [input, target] (+ weight if args.has_weight) (+ pos_weight if args.has_pos_weight)
  mse_loss, l1_loss, smooth_l1_loss, huber_loss, kl_div   [input, target]
  cosine_embedding_loss, margin_ranking_loss              [input1, input2, target]
args hold the keyword arguments under PyTorch's names: reduction ('none', 'mean', 'sum', 'batchmean'),
ignore_index, label_smoothing, beta, delta, log_target, margin.
Every case has a grad_output (random, shaped as the output, also for 0-dim outputs) and grads for the inputs
that require grad.
"""
import json
import os
import warnings
import zlib

import torch
import torch.nn.functional as F

from refs_common import REFS_DIR, enc, seed_for

warnings.simplefilter("ignore")
OUT = os.path.join(REFS_DIR, "losses.json")
REDS = ["none", "mean", "sum"]


cases = []


def case(cid, op, fn, inputs, grad_mask, args):
    torch.manual_seed(zlib.crc32(cid.encode()) + 1)
    ins = [t.detach().clone().requires_grad_(g) for t, g in zip(inputs, grad_mask)]
    out = fn(*ins)
    gout = torch.randn(out.shape, dtype=out.dtype)
    diff = [t for t in ins if t.requires_grad]
    grads = torch.autograd.grad(out, diff, gout, allow_unused=True) if diff else []
    it = iter(grads)
    gl = []
    for t in ins:
        if t.requires_grad:
            g = next(it)
            gl.append(enc(g if g is not None else torch.zeros_like(t)))
        else:
            gl.append(None)
    cases.append({"id": cid, "op": op, "inputs": [enc(t, t.requires_grad or None) for t in ins], "args": args,
                  "output": enc(out), "grad_output": enc(gout), "grads": gl})


# ---------------------------------------------------------------- cross_entropy / nll_loss
def class_cases(op):
    logits = op == "cross_entropy"
    f = F.cross_entropy if logits else F.nll_loss
    variants = [
        # name, input shape, dtype, has_weight, ignore_index, put ignore into targets, label_smoothing
        ("basic", [5, 4], torch.float32, False, -100, False, 0.0),
        ("f64", [5, 4], torch.float64, False, -100, False, 0.0),
        ("weight", [6, 4], torch.float32, True, -100, False, 0.0),
        ("ignore", [6, 4], torch.float32, False, -100, True, 0.0),
        ("ignore_custom_weight", [6, 4], torch.float64, True, 2, True, 0.0),
        ("kdim4", [2, 3, 4, 5], torch.float32, False, -100, False, 0.0),
        ("kdim4_weight_ignore", [2, 3, 2, 3], torch.float64, True, -100, True, 0.0),
        ("kdim3", [2, 3, 4], torch.float32, False, -100, True, 0.0),
        ("kdim5", [2, 3, 2, 1, 2], torch.float64, True, -100, False, 0.0),
        ("nobatch", [4], torch.float32, False, -100, False, 0.0),
    ]
    if logits:
        variants += [
            ("ls", [5, 4], torch.float32, False, -100, False, 0.1),
            ("ls_ignore", [6, 4], torch.float64, False, -100, True, 0.2),
            ("ls_weight", [6, 4], torch.float32, True, -100, False, 0.3),
            ("ls_weight_ignore", [6, 5], torch.float64, True, 1, True, 0.25),
            ("ls_kdim4", [2, 3, 2, 2], torch.float64, True, -100, True, 0.1),
        ]
    for name, shape, dt, hw, ii, put_ign, ls in variants:
        for red in REDS:
            cid = f"{op}/{red}/{name}"
            seed_for(cid)
            x = torch.randn(shape, dtype=dt) * 2
            if not logits:
                x = x.log_softmax(0 if len(shape) == 1 else 1)
            c = shape[0] if len(shape) == 1 else shape[1]
            tshape = [] if len(shape) == 1 else [shape[0]] + shape[2:]
            t = torch.randint(0, c, tshape)
            if put_ign:
                flat = t.view(-1)
                flat[1] = ii
                flat[-1] = ii
            ins = [x, t]
            mask = [True, False]
            args = {"reduction": red, "ignore_index": ii}
            if ls:
                args["label_smoothing"] = ls
            if hw:
                ins.append(torch.rand(c, dtype=dt) + 0.5)
                mask.append(False)
                args["has_weight"] = True

            def fn(x, t, w=None, red=red, ii=ii, ls=ls):
                if logits:
                    return F.cross_entropy(x, t, weight=w, ignore_index=ii, reduction=red, label_smoothing=ls)
                return F.nll_loss(x, t, weight=w, ignore_index=ii, reduction=red)
            case(cid, op, fn, ins, mask, args)
    if logits:
        # class probabilities
        for name, shape, dt, hw, ls in [("probs", [5, 4], torch.float32, False, 0.0),
                                        ("probs_weight_ls", [5, 4], torch.float64, True, 0.2),
                                        ("probs_kdim4", [2, 3, 2, 2], torch.float64, False, 0.0),
                                        ("probs_nobatch", [4], torch.float32, False, 0.1)]:
            for red in REDS:
                cid = f"{op}/{red}/{name}"
                seed_for(cid)
                x = torch.randn(shape, dtype=dt)
                cd = 0 if len(shape) == 1 else 1
                t = torch.rand(shape, dtype=dt).softmax(cd)
                ins, mask = [x, t], [True, False]
                args = {"reduction": red, "ignore_index": -100}
                if ls:
                    args["label_smoothing"] = ls
                if hw:
                    ins.append(torch.rand(shape[cd], dtype=dt) + 0.5)
                    mask.append(False)
                    args["has_weight"] = True

                def fn(x, t, w=None, red=red, ls=ls):
                    return F.cross_entropy(x, t, weight=w, reduction=red, label_smoothing=ls)
                case(cid, op, fn, ins, mask, args)


class_cases("cross_entropy")
class_cases("nll_loss")

# ---------------------------------------------------------------- regression losses
for op, variants in [("mse_loss", [{}]), ("l1_loss", [{}]),
                     ("smooth_l1_loss", [{"beta": 1.0}, {"beta": 0.5}, {"beta": 0.0}]),
                     ("huber_loss", [{"delta": 1.0}, {"delta": 2.0}])]:
    for kw in variants:
        for red in REDS:
            for dt in [torch.float32, torch.float64]:
                suffix = "_".join(f"{k}{v}" for k, v in kw.items())
                cid = f"{op}/{red}/{str(dt)[6:]}{'_' + suffix if suffix else ''}"
                seed_for(cid)
                x = torch.randn(4, 5, dtype=dt) * 2
                t = torch.randn(4, 5, dtype=dt) * 2
                case(cid, op, lambda x, t, red=red, kw=kw: getattr(F, op)(x, t, reduction=red, **kw),
                     [x, t], [True, True], dict(reduction=red, **kw))
# broadcasting target (PyTorch warns)
for red in REDS:
    cid = f"mse_loss/{red}/broadcast"
    seed_for(cid)
    case(cid, "mse_loss", lambda x, t, red=red: F.mse_loss(x, t, reduction=red),
         [torch.randn(3, 4, dtype=torch.float64), torch.randn(4, dtype=torch.float64)], [True, True], {"reduction": red})

# ---------------------------------------------------------------- binary cross-entropy
for red in REDS:
    for name, dt, hw in [("basic", torch.float32, False), ("f64", torch.float64, False), ("weight", torch.float64, True)]:
        cid = f"binary_cross_entropy/{red}/{name}"
        seed_for(cid)
        x = torch.rand(4, 3, dtype=dt) * 0.9 + 0.05
        t = torch.rand(4, 3, dtype=dt)
        ins, mask, args = [x, t], [True, True], {"reduction": red}
        if hw:
            ins.append(torch.rand(3, dtype=dt) + 0.5)
            mask.append(False)
            args["has_weight"] = True
        case(cid, "binary_cross_entropy",
             lambda x, t, w=None, red=red: F.binary_cross_entropy(x, t, weight=w, reduction=red), ins, mask, args)
    for name, dt, hw, hp in [("basic", torch.float32, False, False), ("weight", torch.float64, True, False),
                             ("pos_weight", torch.float64, False, True), ("both", torch.float32, True, True)]:
        cid = f"binary_cross_entropy_with_logits/{red}/{name}"
        seed_for(cid)
        x = torch.randn(4, 3, dtype=dt) * 3
        t = torch.rand(4, 3, dtype=dt)
        ins, mask, args = [x, t], [True, True], {"reduction": red}
        if hw:
            ins.append(torch.rand(4, 1, dtype=dt) + 0.5)
            mask.append(False)
            args["has_weight"] = True
        if hp:
            ins.append(torch.rand(3, dtype=dt) * 3)
            mask.append(False)
            args["has_pos_weight"] = True

        def fn(x, t, *rest, red=red, hw=hw, hp=hp):
            w = rest[0] if hw else None
            pw = rest[-1] if hp else None
            return F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw, reduction=red)
        case(cid, "binary_cross_entropy_with_logits", fn, ins, mask, args)
# probabilities at 0 and 1: the logs are clamped at -100
cid = "binary_cross_entropy/sum/clamp"
case(cid, "binary_cross_entropy", lambda x, t: F.binary_cross_entropy(x, t, reduction="sum"),
     [torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), torch.tensor([1.0, 0.0, 0.0, 1.0, 0.3])], [False, False],
     {"reduction": "sum"})
cases[-1].pop("grad_output")
cases[-1].pop("grads")

# ---------------------------------------------------------------- kl_div
for red in REDS + ["batchmean"]:
    for lt in [False, True]:
        for dt in [torch.float32, torch.float64]:
            cid = f"kl_div/{red}/{str(dt)[6:]}_log_target{lt}"
            seed_for(cid)
            x = torch.randn(3, 4, dtype=dt).log_softmax(1)
            t = torch.rand(3, 4, dtype=dt).softmax(1)
            if lt:
                t = t.log()
            else:
                t[0, 1] = 0.0  # xlogy(0, 0) = 0
            case(cid, "kl_div", lambda x, t, red=red, lt=lt: F.kl_div(x, t, reduction=red, log_target=lt),
                 [x, t], [True, True], {"reduction": red, "log_target": lt})

# ---------------------------------------------------------------- cosine embedding, margin ranking
for red in REDS:
    for margin in [0.0, 0.3]:
        cid = f"cosine_embedding_loss/{red}/margin{margin}"
        seed_for(cid)
        x1, x2 = torch.randn(5, 3, dtype=torch.float64), torch.randn(5, 3, dtype=torch.float64)
        y = torch.tensor([1.0, -1.0, -1.0, 1.0, -1.0], dtype=torch.float64)
        case(cid, "cosine_embedding_loss",
             lambda a, b, y, red=red, m=margin: F.cosine_embedding_loss(a, b, y, margin=m, reduction=red),
             [x1, x2, y], [True, True, False], {"reduction": red, "margin": margin})
        cid = f"margin_ranking_loss/{red}/margin{margin}"
        seed_for(cid)
        x1, x2 = torch.randn(6), torch.randn(6)
        y = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
        case(cid, "margin_ranking_loss",
             lambda a, b, y, red=red, m=margin: F.margin_ranking_loss(a, b, y, margin=m, reduction=red),
             [x1, x2, y], [True, True, False], {"reduction": red, "margin": margin})
    cid = f"cosine_embedding_loss/{red}/nobatch"
    seed_for(cid)
    case(cid, "cosine_embedding_loss",
         lambda a, b, y, red=red: F.cosine_embedding_loss(a, b, y, margin=0.2, reduction=red),
         [torch.randn(4, dtype=torch.float64), torch.randn(4, dtype=torch.float64), torch.tensor(-1.0)],
         [True, True, False], {"reduction": red, "margin": 0.2})

with open(OUT, "w") as f:
    f.write('{"torch_version": ' + json.dumps(torch.__version__) + ', "cases": [\n')
    f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
