#!/usr/bin/python3
"""Extra linear-algebra reference cases for torch4j (beyond tools/gen_refs.py's linalg family).

Run:  /usr/bin/python3 tools/gen_refs_linalg.py   (from the repository root; PyTorch 1.13)
Writes torch4j/src/test/resources/refs/linalg_extra.json in gen_refs.py's format (see its docstring), with the
same seeding, so LinearAlgebraRefsTest reads both files the same way. Covers einsum's harder forms (implicit
output with upper case, "...", diagonals, traces, 3+ operands, size-1 broadcast), matmul's broadcast batch
shapes, integer products and norms over more orders and dims.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_refs as G  # noqa: E402
import torch  # noqa: E402

FAM = "linalg_extra"
G.CASES[FAM] = []
N, f32, f64, i64, I, T = G.N, G.f32, G.f64, G.i64, G.I, G.T
inf = float("inf")


def case(cid, op, make, fn, args=None, grad=True):
    G.case(FAM, cid, op, make, fn, args, grad)


def gen():
    for tag, sa, sb in [
        ("5d_3d_bcast", [2, 1, 3, 2, 4], [3, 4, 2]),
        ("3d_4d_bcast", [3, 2, 4], [2, 1, 4, 3]),
        ("1d_4d", [4], [2, 3, 4, 2]),
        ("4d_1d", [2, 3, 2, 4], [4]),
        ("2d_4d", [3, 4], [2, 1, 4, 2]),
        ("3d_3d_b1", [1, 3, 4], [2, 4, 5]),
        ("m0", [2, 0, 3], [2, 3, 4]),
    ]:
        case(f"matmul/f32/{tag}", "matmul", lambda sa=sa, sb=sb: [N(sa), N(sb)], torch.matmul)
    case("matmul/i64/3d_2d", "matmul", lambda: [I([2, 3, 4]), I([4, 2])], torch.matmul)
    case("matmul/i64/1d_1d", "matmul", lambda: [I([5]), I([5])], torch.matmul)
    case("bmm/i64/2x2x3", "bmm", lambda: [I([2, 2, 3]), I([2, 3, 2])], torch.bmm)
    case("mv/i64/2x3", "mv", lambda: [I([2, 3]), I([3])], torch.mv)
    ein = [
        ("bA", [[2, 3]]),
        ("ba", [[2, 3]]),
        ("Ab,bc", [[2, 3], [3, 4]]),
        ("...ii->...i", [[2, 3, 3]]),
        ("...ii", [[2, 3, 3]]),
        ("i...->...", [[2, 3, 4]]),
        ("...,...", [[3], [2, 3]]),
        ("b...,b...", [[2, 3], [2, 3]]),
        ("ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]),
        ("i,j,k->ijk", [[2], [3], [2]]),
        ("ij,jk,kl", [[2, 3], [3, 4], [4, 5]]),
        ("bij,bkj,bk->bi", [[2, 3, 4], [2, 5, 4], [2, 5]]),
        ("i,i", [[3], [1]]),
        ("ij,j->i", [[3, 4], [1]]),
        ("iij->j", [[3, 3, 2]]),
        ("iji->j", [[3, 2, 3]]),
        ("ijk,ikj->i", [[2, 3, 4], [2, 4, 3]]),
        ("ij,kl->ijkl", [[2, 2], [3, 2]]),
        ("ab,cd,ef->", [[2, 3], [2, 2], [3, 1]]),
        (" i j -> j i ", [[2, 3]]),
        ("bhid,bhjd->bhij", [[2, 2, 3, 4], [2, 2, 5, 4]]),
        ("ij,ij->", [[3, 4], [3, 4]]),
        ("i,ij->j", [[3], [3, 4]]),
        ("ij->ji...", [[2, 3]]),
    ]
    for eq, shapes in ein:
        tag = eq.replace(" ", "_").replace("->", "_to_").replace(",", "_").replace("...", "E")
        case(f"einsum/f32/{tag}", "einsum", lambda shapes=shapes: [N(s) for s in shapes],
             lambda *ts, eq=eq: torch.einsum(eq, *ts), {"equation": eq})
    case("einsum/i64/ij_jk", "einsum", lambda: [I([2, 3]), I([3, 4])],
         lambda a, b: torch.einsum("ij,jk", a, b), {"equation": "ij,jk"})
    case("einsum/f64/trace3", "einsum", lambda: [N([4, 4], f64), N([4, 4], f64), N([4, 4], f64)],
         lambda a, b, c: torch.einsum("ij,jk,ki->", a, b, c), {"equation": "ij,jk,ki->"})
    VN, MN, LN = torch.linalg.vector_norm, torch.linalg.matrix_norm, torch.linalg.norm
    for o in [-1, -2.5, 1.5, 4, -inf]:
        case(f"linalg.vector_norm/f64/ord{o}_dim0", "linalg.vector_norm", lambda: N([3, 4], f64),
             lambda x, o=o: VN(x, ord=o, dim=0), {"ord": o, "dim": 0})
    case("linalg.vector_norm/f32/dims_neg", "linalg.vector_norm", lambda: N([2, 3, 4]),
         lambda x: VN(x, ord=1.5, dim=(-1, 0)), {"ord": 1.5, "dim": [-1, 0]})
    case("linalg.vector_norm/f32/zeros_ord0.5", "linalg.vector_norm", lambda: torch.zeros(3),
         lambda x: VN(x, ord=0.5), {"ord": 0.5})
    case("linalg.vector_norm/f32/zero_slice_ord3", "linalg.vector_norm", lambda: T([[0.0, 0.0], [1.0, -2.0]]),
         lambda x: VN(x, ord=3, dim=1), {"ord": 3, "dim": 1})
    case("linalg.norm/f32/acceptance", "linalg.norm",
         lambda: T([36., 55, 68, 82, 91, 29, 48, 46, 37, 60, 72, 78, 61, 32, 7, 48, 55, 0, 8, 80, 60, 52, 81, 41,
                    30, 43, 35, 47, 57, 26]), LN)
    case("linalg.norm/f32/keepdim_none", "linalg.norm", lambda: N([3, 4]), lambda x: LN(x, keepdim=True),
         {"keepdim": True})
    case("linalg.norm/f32/dims01_ord-inf", "linalg.norm", lambda: N([3, 4, 2]),
         lambda x: LN(x, ord=-inf, dim=(0, 1)), {"ord": -inf, "dim": [0, 1]})
    case("linalg.norm/f64/nuc_dims20_keepdim", "linalg.norm", lambda: N([3, 2, 4], f64),
         lambda x: LN(x, ord="nuc", dim=(2, 0), keepdim=True), {"ord": "nuc", "dim": [2, 0], "keepdim": True})
    case("linalg.matrix_norm/f64/ord2_wide", "linalg.matrix_norm", lambda: N([2, 5], f64),
         lambda x: MN(x, ord=2), {"ord": 2})
    case("linalg.matrix_norm/f64/nuc_tall_batched", "linalg.matrix_norm", lambda: N([2, 5, 3], f64),
         lambda x: MN(x, ord="nuc"), {"ord": "nuc"})
    case("linalg.matrix_norm/f32/inf_keepdim", "linalg.matrix_norm", lambda: N([2, 3, 4]),
         lambda x: MN(x, ord=inf, keepdim=True), {"ord": inf, "keepdim": True})
    case("linalg.svdvals/f64/3x4", "linalg.svdvals", lambda: N([3, 4], f64), torch.linalg.svdvals)
    case("linalg.svdvals/f64/batched_tall", "linalg.svdvals", lambda: N([2, 4, 3], f64), torch.linalg.svdvals)


def main():
    gen()
    path = os.path.join(G.OUT_DIR, f"{FAM}.json")
    with open(path, "w") as f:
        f.write('{"torch_version": %s, "cases": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in G.CASES[FAM]))
        f.write("\n]}\n")
    print(f"{FAM}: {len(G.CASES[FAM])} cases, {os.path.getsize(path)} bytes")
    for n in G.NOTES:
        print(n, file=sys.stderr)


if __name__ == "__main__":
    main()
