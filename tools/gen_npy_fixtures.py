#!/usr/bin/python3
"""Small .npy/.npz files written by real numpy, for torch4j's Numpy tests.

Run:  /usr/bin/python3 tools/gen_npy_fixtures.py   (from the repository root)
Writes torch4j/src/test/resources/npy/*.npy, *.npz and expected.json:

{"numpy_version": "...", "files": {"<file name>": {"dtype": "float32", "shape": [2, 3], "data": [...]}, ...},
 "npz": {"<file name>": {"<key>": {...same...}}}, "unsupported": {"<file name>": "<descr>"}}

data is flat, C order (also for Fortran-order files: the logical element order), floats as exact doubles with
"nan"/"inf"/"-inf" strings, ints as JSON integers, bool as true/false. The torch dtype names are those torch4j
should produce. Files under "unsupported" must be rejected with an error naming the descr.
"""
import json
import math
import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch4j", "src", "test", "resources", "npy")
TORCH = {"b1": "bool", "u1": "uint8", "i1": "int8", "i2": "int16", "i4": "int32", "i8": "int64",
         "f2": "float16", "f4": "float32", "f8": "float64"}


def enc(a):
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype == np.bool_:
        data = [bool(v) for v in flat]
    elif a.dtype.kind == "f":
        data = []
        for v in flat.astype(np.float64):
            v = float(v)
            data.append("nan" if math.isnan(v) else ("inf" if v == math.inf else ("-inf" if v == -math.inf else v)))
    else:
        data = [int(v) for v in flat]
    return {"dtype": TORCH[a.dtype.str[1:]], "shape": list(a.shape), "data": data}


def sample(code, shape=(2, 3)):
    n = int(np.prod(shape))
    if code == "b1":
        a = (np.arange(n) % 3 == 1)
    elif code == "u1":
        a = (np.arange(n) * 51 + 7) % 256
    elif code[0] == "i":
        bits = int(code[1]) * 8
        a = np.arange(n, dtype=np.int64) * 3 - 4
        a[0] = -(2 ** (bits - 1))
        if n > 1:
            a[-1] = 2 ** (bits - 1) - 1
        if code == "i8" and n > 2:
            a[1] = 2 ** 62 + 1  # not representable as a double
    else:
        a = (np.arange(n, dtype=np.float64) - 2.5) * 1.25
        if n > 2:
            a[1] = math.nan
            a[2] = -math.inf
        if code != "f2" and n > 3:
            a[3] = 1.0 / 3.0
    return np.asarray(a).astype(code).reshape(shape)


def main():
    os.makedirs(OUT, exist_ok=True)
    files, npz, unsupported = {}, {}, {}

    def put(name, arr, **kw):
        path = os.path.join(OUT, name)
        if "version" in kw:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, arr, version=kw["version"])
        else:
            np.save(path, arr)
        files[name] = enc(arr)

    for code in TORCH:
        a = sample(code)
        put(code + ".npy", a)
        if code not in ("b1", "u1", "i1"):
            put(code + "_be.npy", a.astype(a.dtype.newbyteorder(">")))
    put("f4_fortran.npy", np.asfortranarray(sample("f4", (3, 4))))
    put("i8_fortran_3d.npy", np.asfortranarray(sample("i8", (2, 3, 4))))
    put("f8_be_fortran.npy", np.asfortranarray(sample("f8", (4, 2)).astype(">f8")))
    put("f4_fortran_1d.npy", np.asfortranarray(sample("f4", (5,))))
    put("f8_scalar.npy", np.array(-2.5))
    put("i8_scalar.npy", np.array(7, dtype=np.int64))
    put("f4_empty_0x3.npy", np.zeros((0, 3), dtype=np.float32))
    put("i8_empty.npy", np.zeros((0,), dtype=np.int64))
    put("f4_v2.npy", sample("f4", (3, 2)), version=(2, 0))
    put("i2_v3.npy", sample("i2", (2, 2)), version=(3, 0))
    put("f4_1d.npy", sample("f4", (7,)))
    put("f4_4d.npy", sample("f4", (2, 1, 3, 2)))

    arrays = {"weight": sample("f4", (3, 2)), "bias": sample("f8", (2,)), "steps": np.array(11, dtype=np.int64),
              "mask": sample("b1", (4,))}
    np.savez(os.path.join(OUT, "savez.npz"), **arrays)
    np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), **arrays)
    npz["savez.npz"] = {k: enc(v) for k, v in arrays.items()}
    npz["savez_compressed.npz"] = npz["savez.npz"]
    np.savez(os.path.join(OUT, "savez_positional.npz"), sample("i4", (2,)), sample("u1", (3,)))
    npz["savez_positional.npz"] = {"arr_0": enc(sample("i4", (2,))), "arr_1": enc(sample("u1", (3,)))}
    # a zip with an extra, non-.npy member, as tools other than numpy write them
    with zipfile.ZipFile(os.path.join(OUT, "mixed.npz"), "w") as z:
        import io
        buf = io.BytesIO()
        np.save(buf, sample("f4", (2,)))
        z.writestr("x.npy", buf.getvalue())
        z.writestr("README.txt", "not an array")
    npz["mixed.npz"] = {"x": enc(sample("f4", (2,)))}

    for name, arr in [("c8.npy", np.array([1 + 2j], dtype=np.complex64)),
                      ("u2.npy", np.array([1, 2], dtype=np.uint16)),
                      ("U3.npy", np.array(["abc"])),
                      ("structured.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]))]:
        np.save(os.path.join(OUT, name), arr)
        unsupported[name] = str(arr.dtype.descr if arr.dtype.names else arr.dtype.str)
    np.save(os.path.join(OUT, "object.npy"), np.array([1, "a"], dtype=object), allow_pickle=True)
    unsupported["object.npy"] = "|O"

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"numpy_version": np.__version__, "files": files, "npz": npz, "unsupported": unsupported}, f,
                  indent=1, allow_nan=False)
    print("%d .npy, %d .npz, %d unsupported" % (len(files), len(npz), len(unsupported)))


if __name__ == "__main__":
    main()
