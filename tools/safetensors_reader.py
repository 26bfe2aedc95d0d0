"""A stdlib-only safetensors reader (struct + json), used to check torch4j's output independently of torch4j.

    python3 tools/safetensors_reader.py FILE

Validates the file as the safetensors specification asks (header length, JSON header, known dtypes, byte sizes
matching shapes, offsets tiling the data buffer exactly) and prints a JSON summary:
{"metadata": {...} | null, "tensors": {name: {"dtype": "F32", "shape": [..], "hex": "<raw little-endian bytes>"}},
 "safetensors_lib": "<version>" | null}. When the real `safetensors` package is importable, the file is also
loaded with safetensors.torch.load_file and every tensor's bytes are compared with the stdlib reading.
Exits non-zero with a message on stderr if the file is invalid.
"""
import json
import struct
import sys

SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
         "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def read(path):
    data = open(path, "rb").read()
    if len(data) < 8:
        raise ValueError("file too small")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("header length %d past end of file" % n)
    header = json.loads(data[8:8 + n].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("header is not an object")
    meta = header.pop("__metadata__", None)
    if meta is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
        raise ValueError("metadata must map strings to strings")
    buf = data[8 + n:]
    spans = []
    out = {}
    for name, info in header.items():
        dtype, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        numel = 1
        for d in shape:
            numel *= d
        if end - begin != numel * SIZES[dtype]:
            raise ValueError("size mismatch for %s" % name)
        spans.append((begin, end, name))
        out[name] = {"dtype": dtype, "shape": shape, "hex": buf[begin:end].hex()}
    at = 0
    for begin, end, name in sorted(spans):
        if begin != at:
            raise ValueError("offsets of %s do not continue at %d" % (name, at))
        at = end
    if at != len(buf):
        raise ValueError("data buffer has %d bytes, tensors cover %d" % (len(buf), at))
    return meta, out


def main():
    path = sys.argv[1]
    try:
        meta, tensors = read(path)
    except Exception as e:  # noqa: BLE001 - any failure means an invalid file
        print("invalid safetensors file %s: %r" % (path, e), file=sys.stderr)
        sys.exit(1)
    lib = None
    try:
        import safetensors
        from safetensors.torch import load_file
        import torch
        lib = safetensors.__version__
        loaded = load_file(path)
        if set(loaded) != set(tensors):
            raise ValueError("safetensors sees keys %s" % sorted(loaded))
        for name, t in loaded.items():
            raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).contiguous().numpy().tobytes().hex()
            if raw != tensors[name]["hex"] or list(t.shape) != tensors[name]["shape"]:
                raise ValueError("safetensors reads %s differently" % name)
    except ImportError:
        pass
    except Exception as e:  # noqa: BLE001
        print("safetensors %s rejects %s: %r" % (lib, path, e), file=sys.stderr)
        sys.exit(2)
    print(json.dumps({"metadata": meta, "tensors": tensors, "safetensors_lib": lib}))


if __name__ == "__main__":
    main()
