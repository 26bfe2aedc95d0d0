"""Writes the safetensors fixtures read by torch4j/src/test/java/torch4j/io/SafetensorsTest.java.

    PYTHONPATH=<dir with safetensors> /usr/bin/python3 tools/gen_safetensors_fixtures.py

Output (torch4j/src/test/resources/safetensors/):
  python.safetensors  written by the real safetensors package (0.8.0 was used) from PyTorch 1.13 tensors of
                      every dtype torch4j has, with special values, a 0-dim and an empty tensor, and metadata
  expected.json       {"writer": ..., "metadata": {...}, "tensors": {name: {"dtype": "F32", "shape": [...],
                      "hex": "<raw little-endian bytes from numpy, independent of the file>"}}}
If safetensors is not importable the file is written by hand with struct + json (same format) and "writer" says so.
"""
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "torch4j", "src", "test", "resources", "safetensors")
CODES = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16", torch.int32: "I32",
         torch.int64: "I64", torch.float16: "F16", torch.bfloat16: "BF16", torch.float32: "F32", torch.float64: "F64"}


def raw(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def tensors():
    inf = math.inf
    return {
        "f32": torch.tensor([[0.0, -0.0, 1.5, -2.25], [inf, -inf, 3.4028234663852886e38, 1e-45]], dtype=torch.float32),
        "f64": torch.tensor([0.0, -0.0, math.pi, inf, -inf, 1e-310], dtype=torch.float64),
        "f16": torch.tensor([0.0, -0.0, 1.0, 65504.0, inf, -inf, 6e-8, -0.333], dtype=torch.float16),
        "bf16": torch.tensor([0.0, -0.0, 1.0, 3.0e38, inf, -inf, 1e-40, -0.333], dtype=torch.bfloat16),
        "i64": torch.tensor([[-2**63, 2**63 - 1], [-1, 0]], dtype=torch.int64),
        "i32": torch.tensor([-2**31, 2**31 - 1, -1, 7], dtype=torch.int32),
        "i16": torch.tensor([-2**15, 2**15 - 1, -1], dtype=torch.int16),
        "i8": torch.tensor([-128, 127, -1, 0], dtype=torch.int8),
        "u8": torch.tensor([0, 255, 128, 1], dtype=torch.uint8),
        "bool": torch.tensor([[True, False, True]], dtype=torch.bool),
        "layer.0.weight": torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 7,
        "scalar": torch.tensor(-3.75, dtype=torch.float32),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }


METADATA = {"format": "pt", "author": "torch4j fixture", "unicode": "\u00e9\u2713"}


def write_by_hand(path, ts, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    at = 0
    for name, t in sorted(ts.items(), key=lambda kv: (-kv[1].element_size(), kv[0])):
        b = raw(t)
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def main():
    os.makedirs(OUT, exist_ok=True)
    ts = tensors()
    path = os.path.join(OUT, "python.safetensors")
    try:
        import safetensors
        from safetensors.torch import save_file
        save_file(ts, path, metadata=METADATA)
        writer = "safetensors " + safetensors.__version__ + ", torch " + torch.__version__
    except ImportError:
        write_by_hand(path, ts, METADATA)
        writer = "by hand (struct + json), torch " + torch.__version__
    expected = {"writer": writer, "metadata": METADATA,
                "tensors": {n: {"dtype": CODES[t.dtype], "shape": list(t.shape), "hex": raw(t).hex()} for n, t in ts.items()}}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", path, "with", writer)


if __name__ == "__main__":
    main()
