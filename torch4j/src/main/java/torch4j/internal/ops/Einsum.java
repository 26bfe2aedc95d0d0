package torch4j.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * torch.einsum, reduced to existing differentiable ops: repeated subscripts become diagonals, every operand is
 * aligned to one label order (size 1 where a label is absent), and operands are contracted left to right, each
 * pair as one batched product on permuted views (or a broadcast multiply when nothing is summed).
 */
public final class Einsum {
    private Einsum() {}

    private static final int LETTERS = 52; // 'A'-'Z' then 'a'-'z', so implicit output sorts uppercase first
    private static final int ELLIPSIS = -1;

    private static int code(char c) { return c <= 'Z' ? c - 'A' : c - 'a' + 26; }

    private static char letter(int code) { return (char) (code < 26 ? 'A' + code : 'a' + code - 26); }

    private static boolean isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    /** torch.einsum. */
    public static Tensor einsum(String equation, Tensor... operands) {
        if (operands.length == 0)
            throw new TorchException("einsum(): must provide at least one operand");
        int arrow = equation.indexOf("->");
        int lhsEnd = arrow < 0 ? equation.length() : arrow;
        // ---- parse the inputs: per operand a list of label codes, ELLIPSIS for "..."
        List<List<Integer>> terms = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        boolean ell = false;
        for (int i = 0; i < lhsEnd; i++) {
            char c = equation.charAt(i);
            if (c == ' ') continue;
            if (c == ',') {
                terms.add(cur);
                if (terms.size() == operands.length)
                    throw new TorchException("einsum(): fewer operands were provided than specified in the equation");
                cur = new ArrayList<>();
                ell = false;
            } else if (c == '.') {
                if (ell) throw new TorchException("einsum(): found '.' for operand " + terms.size()
                        + " for which an ellipsis was already found");
                if (i + 2 >= lhsEnd || equation.charAt(i + 1) != '.' || equation.charAt(i + 2) != '.')
                    throw new TorchException("einsum(): found '.' for operand " + terms.size()
                            + " that is not part of any ellipsis");
                cur.add(ELLIPSIS);
                ell = true;
                i += 2;
            } else if (isLetter(c)) {
                cur.add(code(c));
            } else {
                throw new TorchException("einsum(): invalid subscript given at index " + i
                        + " in the equation string, subscripts must be in [a-zA-Z]");
            }
        }
        terms.add(cur);
        if (terms.size() < operands.length)
            throw new TorchException("einsum(): more operands were provided than specified in the equation");
        int nops = operands.length;
        for (int i = 1; i < nops; i++) LinearAlgebra.sameType(operands[0], operands[i]);

        // ---- expand ellipses to labels LETTERS..LETTERS+E-1, right-aligned across operands
        int maxEll = 0;
        int[] ellLen = new int[nops];
        for (int k = 0; k < nops; k++) {
            List<Integer> t = terms.get(k);
            int named = 0;
            boolean has = false;
            for (int l : t) if (l == ELLIPSIS) has = true; else named++;
            int dim = operands[k].dim();
            if (!has && named != dim)
                throw new TorchException("einsum(): the number of subscripts in the equation (" + named + ") does not match "
                        + "the number of dimensions (" + dim + ") for operand " + k + " and no ellipsis was given");
            if (has && named > dim)
                throw new TorchException("einsum(): the number of subscripts in the equation (" + named + ") is more than "
                        + "the number of dimensions (" + dim + ") for operand " + k);
            ellLen[k] = dim - named;
            maxEll = Math.max(maxEll, has ? ellLen[k] : 0);
        }
        int nLabels = LETTERS + maxEll;
        int[][] labels = new int[nops][];
        int[] count = new int[nLabels];
        for (int k = 0; k < nops; k++) {
            int[] l = new int[operands[k].dim()];
            int j = 0;
            for (int c : terms.get(k)) {
                if (c == ELLIPSIS) for (int e = 0; e < ellLen[k]; e++) l[j++] = LETTERS + maxEll - ellLen[k] + e;
                else l[j++] = c;
            }
            labels[k] = l;
            for (int c : l) count[c]++;
        }

        // ---- output labels
        List<Integer> outL = new ArrayList<>();
        if (arrow < 0) {
            for (int e = 0; e < maxEll; e++) outL.add(LETTERS + e);
            for (int c = 0; c < LETTERS; c++) if (count[c] == 1) outL.add(c);
        } else {
            boolean outEll = false;
            for (int i = arrow + 2; i < equation.length(); i++) {
                char c = equation.charAt(i);
                if (c == ' ') continue;
                if (c == '.') {
                    if (outEll) throw new TorchException("einsum(): found '.' for output but an ellipsis (...) was already found");
                    if (i + 2 >= equation.length() || equation.charAt(i + 1) != '.' || equation.charAt(i + 2) != '.')
                        throw new TorchException("einsum(): found '.' for output that is not part of any ellipsis (...)");
                    for (int e = 0; e < maxEll; e++) outL.add(LETTERS + e);
                    outEll = true;
                    i += 2;
                } else if (isLetter(c)) {
                    int cd = code(c);
                    if (count[cd] == 0)
                        throw new TorchException("einsum(): output subscript " + c + " does not appear in the equation for "
                                + "any input operand");
                    if (outL.contains(cd))
                        throw new TorchException("einsum(): output subscript " + c + " appears more than once in the output");
                    outL.add(cd);
                } else {
                    throw new TorchException("einsum(): invalid subscript given at index " + i
                            + " in the equation string, subscripts must be in [a-zA-Z]");
                }
            }
        }

        // ---- aligned order: output labels, then the contracted ones
        int[] pos = new int[nLabels];
        Arrays.fill(pos, -1);
        int nAligned = 0;
        for (int c : outL) pos[c] = nAligned++;
        int nOut = nAligned;
        for (int c = 0; c < nLabels; c++) if (count[c] > 0 && pos[c] < 0) pos[c] = nAligned++;
        int[] size = new int[nAligned];
        Arrays.fill(size, 1);
        Tensor[] ops = new Tensor[nops];
        for (int k = 0; k < nops; k++) ops[k] = align(operands[k], labels[k], k, pos, size, nAligned, ellLen[k], maxEll);

        // ---- contract left to right
        // a dim is kept while the output or a later operand still needs it; the rest is summed in the pair
        Tensor acc = ops[0];
        for (int k = 1; k < nops; k++) {
            boolean[] keep = new boolean[nAligned];
            for (int d = 0; d < nOut; d++) keep[d] = true;
            for (int j = k + 1; j < nops; j++)
                for (int c : labels[j]) keep[pos[c]] = true;
            acc = pair(acc, ops[k], keep);
        }
        // ---- sum what is left over and drop the contracted dims
        List<Integer> sumDims = new ArrayList<>();
        for (int d = nOut; d < nAligned; d++) if (acc.size(d) != 1) sumDims.add(d);
        if (!sumDims.isEmpty()) acc = acc.sum(sumDims.stream().mapToInt(Integer::intValue).toArray(), true);
        if (acc.dim() == nOut) return acc;
        int[] outShape = Arrays.copyOf(acc.shapeArray(), nOut);
        return acc.reshape(outShape);
    }

    /** Diagonals for repeated labels, then a permuted, unsqueezed view of rank nAligned in the aligned order. */
    private static Tensor align(Tensor t, int[] labels, int k, int[] pos, int[] size, int nAligned, int ellLen, int maxEll) {
        List<Integer> l = new ArrayList<>();
        for (int c : labels) l.add(c);
        // sizes and broadcast checks, in the operand's own order
        for (int i = 0; i < l.size(); i++) {
            int c = l.get(i), s = t.size(i);
            int first = l.indexOf(c);
            if (first < i) {
                if (t.size(first) != s)
                    throw new TorchException("einsum(): subscript " + letter(c) + " is repeated for operand " + k
                            + " but the sizes don't match, " + s + " != " + t.size(first));
                continue;
            }
            int d = pos[c];
            if (size[d] == s || s == 1) continue;
            if (size[d] != 1) {
                if (c >= LETTERS)
                    throw new TorchException("einsum(): dimension " + (c - LETTERS - (maxEll - ellLen)) + " covered by "
                            + "ellipsis in operand " + k + "has size " + s + " which does not broadcast with previously seen "
                            + "ellipsis with size " + size[d] + " for the respective dimension");
                throw new TorchException("einsum(): subscript " + letter(c) + " has size " + s + " for operand " + k
                        + " which does not broadcast with previously seen size " + size[d]);
            }
            size[d] = s;
        }
        for (int i = 0; i < l.size(); i++) {
            int c = l.get(i);
            int j = l.subList(i + 1, l.size()).indexOf(c);
            if (j < 0) continue;
            j += i + 1;
            t = t.diagonal(0, i, j); // the diagonal goes last
            l.remove(j);
            l.remove(i);
            l.add(c);
            i = -1;
        }
        int n = l.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(pos[l.get(a)], pos[l.get(b)]));
        int[] perm = new int[n];
        boolean identity = true;
        for (int i = 0; i < n; i++) {
            perm[i] = order[i];
            identity &= perm[i] == i;
        }
        if (!identity) t = t.permute(perm);
        if (n == nAligned) return t;
        int[] shape = new int[nAligned];
        Arrays.fill(shape, 1);
        for (int i = 0; i < n; i++) shape[pos[l.get(perm[i])]] = t.size(i);
        return t.reshape(shape);
    }

    /** Contracts two aligned operands over the dims not kept; kept dims stay in place (size 1 if absent in both). */
    private static Tensor pair(Tensor a, Tensor b, boolean[] keep) {
        int n = a.dim();
        List<Integer> lro = new ArrayList<>(), lo = new ArrayList<>(), ro = new ArrayList<>(), sum = new ArrayList<>(),
                rest = new ArrayList<>();
        List<Integer> sumA = new ArrayList<>(), sumB = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int sa = a.size(d), sb = b.size(d);
            if (keep[d]) {
                if (sa != 1 && sb != 1) lro.add(d);
                else if (sa != 1) lo.add(d);
                else if (sb != 1) ro.add(d);
                else rest.add(d);
            } else {
                if (sa != 1 && sb != 1) sum.add(d);
                else {
                    // summed over in one operand only: reduce it there first
                    if (sa != 1) sumA.add(d);
                    if (sb != 1) sumB.add(d);
                    rest.add(d);
                }
            }
        }
        if (!sumA.isEmpty()) a = a.sum(sumA.stream().mapToInt(Integer::intValue).toArray(), true);
        if (!sumB.isEmpty()) b = b.sum(sumB.stream().mapToInt(Integer::intValue).toArray(), true);
        if (sum.isEmpty()) return a.mul(b);
        int[] bs = sizes(a, lro);
        int lsz = prodOf(a, lo), rsz = prodOf(b, ro), ssz = prodOf(a, sum);
        Tensor a3 = a.permute(cat(lro, lo, sum, rest, ro)).reshape(concat(bs, lsz, ssz));
        Tensor b3 = b.permute(cat(lro, sum, ro, rest, lo)).reshape(concat(bs, ssz, rsz));
        Tensor r = bs.length == 0 ? LinearAlgebra.mm(a3, b3) : LinearAlgebra.batched(a3, b3);
        // back to the aligned order: [lro, lo, ro] then ones for everything else
        int[] order = cat(lro, lo, ro, rest, sum);
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            int d = order[i];
            shape[i] = lro.contains(d) ? a.size(d) : lo.contains(d) ? a.size(d) : ro.contains(d) ? b.size(d) : 1;
        }
        r = r.reshape(shape);
        int[] inv = new int[n];
        for (int i = 0; i < n; i++) inv[order[i]] = i;
        return r.permute(inv);
    }

    private static int[] sizes(Tensor t, List<Integer> dims) {
        int[] s = new int[dims.size()];
        for (int i = 0; i < s.length; i++) s[i] = t.size(dims.get(i));
        return s;
    }

    private static int prodOf(Tensor t, List<Integer> dims) {
        int p = 1;
        for (int d : dims) p *= t.size(d);
        return p;
    }

    @SafeVarargs
    private static int[] cat(List<Integer>... parts) {
        List<Integer> all = new ArrayList<>();
        for (List<Integer> p : parts) all.addAll(p);
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] concat(int[] a, int... b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
