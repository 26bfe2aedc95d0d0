"""Checks that PyTorch opens a checkpoint torch4j wrote, with torch.load(f, weights_only=True).

    /usr/bin/python3 tools/check_pt_roundtrip.py FILE.pt EXPECTED.json [FILE2.pt EXPECTED2.json ...]

EXPECTED.json describes the object as tools/gen_pt_fixtures.py's Describer does (dtype, shape, stride, storage
offset, storage sharing, raw values, requires_grad, Parameter or not); PtFileTest writes both files and runs this
when /usr/bin/python3 can import torch. Exit status 0 and one "OK" line per file when PyTorch's reading matches,
1 with the first difference otherwise, 77 when torch cannot be imported (the test then skips).
"""
import json
import os
import sys

try:
    import torch
except ImportError:
    print("SKIP: torch is not importable by", sys.executable)
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_pt_fixtures import Describer  # noqa: E402


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    for pt, expected_path in zip(args[::2], args[1::2]):
        with open(expected_path) as f:
            expected = json.load(f)
        got = Describer()(torch.load(pt, weights_only=True))
        diff = first_difference(got, expected)
        if diff:
            print("MISMATCH in", pt, "(PyTorch's reading vs torch4j's expectation)", diff)
            sys.exit(1)
        print("OK", pt, "loads in torch", torch.__version__, "with weights_only=True")


if __name__ == "__main__":
    main()
