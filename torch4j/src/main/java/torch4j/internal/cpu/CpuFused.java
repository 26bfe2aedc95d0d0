package torch4j.internal.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.UnaryOp;

/**
 * A chain of elementwise float32 ops run as one kernel: each block of {@link #BLOCK} elements (16 KiB, which
 * stays in L1) goes through every link of the chain before the next block is touched, so the input is read once
 * and the output written once, where running the ops one by one streams the whole tensor through memory per op.
 * Each link runs the eager kernel's own vector loop, so results are bit-identical to eager.
 */
public final class CpuFused {
    static final int BLOCK = 4096;
    /** Blocks a thread claims at once (256 KiB of input). */
    private static final int STEAL = 16;

    private CpuFused() {}

    /**
     * One link: a unary op, or a binary op whose other operand is a scalar (operand -1) or tensor operand number
     * operand; chainFirst says whether the chain's running value is the op's left argument.
     */
    public record Link(UnaryOp unary, BinaryOp binary, float[] scalar, int operand, boolean chainFirst) {}

    /** Runs links over n elements of in (from inOff) into out (from outOff; out may be in). */
    public static void run(Link[] links, float[] in, int inOff, float[][] operands, int[] operandOffs, float[] out, int outOff,
                           int n) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        // each thread takes STEAL blocks at a time from a shared counter rather than a fixed half: on a shared
        // machine one thread often runs late, and the other then does its share
        AtomicInteger next = new AtomicInteger();
        int workers = (int) Math.min(Parallel.getNumThreads(), Math.max(1, (long) n / Parallel.GRAIN));
        Parallel.forRange(workers, 1, (w0, w1) -> {
            for (int from; (from = next.getAndAdd(STEAL)) < blocks; ) {
                int to = Math.min(blocks, from + STEAL);
                runBlocks(links, in, inOff, operands, operandOffs, out, outOff, n, from, to);
            }
        });
    }

    private static void runBlocks(Link[] links, float[] in, int inOff, float[][] operands, int[] operandOffs, float[] out,
                                  int outOff, int n, int from, int to) {
        for (int blk = from; blk < to; blk++) {
            int s = blk * BLOCK, len = Math.min(BLOCK, n - s);
            float[] src = in;
            int so = inOff + s, oo = outOff + s;
            for (Link l : links) {
                if (l.unary != null) CpuElementwise.unaryRow(l.unary, src, so, out, oo, len);
                else {
                    float[] p = l.operand < 0 ? l.scalar : operands[l.operand];
                    int po = l.operand < 0 ? 0 : operandOffs[l.operand] + s, ps = l.operand < 0 ? 0 : 1;
                    if (l.chainFirst) CpuElementwise.binaryRow(l.binary, src, so, 1, p, po, ps, out, oo, len);
                    else CpuElementwise.binaryRow(l.binary, p, po, ps, src, so, 1, out, oo, len);
                }
                src = out;
                so = oo;
            }
        }
    }
}
