"""Helpers shared by the tools/gen_refs*.py generators: where the reference files go and how a tensor is encoded.

A tensor is {"dtype": "float32", "shape": [..], "data": [flat row-major]}: floating values as exact doubles (nan,
inf and -inf as the strings "nan", "inf", "-inf"), bool as true/false, the rest as integers.
"""
import math
import os
import zlib

import torch

REFS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch4j", "src", "test", "resources", "refs")


def num(v):
    """A JSON-ready number: bools and ints as they are, anything else as a float (nan/inf as strings)."""
    if isinstance(v, (bool, int)):
        return v
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def enc(t, requires_grad=None):
    """The tensor's JSON form; with requires_grad given (not None), a "requires_grad" field too."""
    t = t.detach()
    d = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
    flat = t.reshape(-1)
    if t.dtype == torch.bool:
        d["data"] = [bool(v) for v in flat.tolist()]
    elif t.dtype.is_floating_point:
        d["data"] = [num(v) for v in flat.to(torch.float64).tolist()]
    else:
        d["data"] = [int(v) for v in flat.tolist()]
    if requires_grad is not None:
        d["requires_grad"] = bool(requires_grad)
    return d


def seed_for(cid):
    torch.manual_seed(zlib.crc32(cid.encode()))
