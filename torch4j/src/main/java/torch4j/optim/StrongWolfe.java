package torch4j.optim;

import java.util.List;
import torch4j.Tensor;

/** The strong-Wolfe line search of torch.optim.lbfgs ({@code _strong_wolfe}, {@code _cubic_interpolate}). */
final class StrongWolfe {
    private StrongWolfe() {}

    record Point(double loss, Tensor grad) {}

    record Result(double loss, Tensor grad, double t, int evals) {}

    interface Objective {
        /** Loss and flat gradient at x + t·d (the parameters are left at x). */
        Point at(List<Tensor> x, double t);
    }

    /** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }

    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
    }

    static Result search(Objective obj, List<Tensor> x, double t, Tensor d, double f, Tensor g, double gtd,
                         double toleranceChange) {
        final double c1 = 1e-4, c2 = 0.9;
        final int maxLs = 25;
        double dNorm = d.abs().max().item();
        g = g.clone();
        Point p = obj.at(x, t);
        double fNew = p.loss();
        Tensor gNew = p.grad();
        int evals = 1;
        double gtdNew = gNew.dot(d).item();

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = null;
        Tensor[] bracketG = null;
        while (lsIter < maxLs) {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[]{tPrev, t};
                bracketF = new double[]{fPrev, fNew};
                bracketG = new Tensor[]{gPrev, gNew.clone()};
                bracketGtd = new double[]{gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[]{t};
                bracketF = new double[]{fNew};
                bracketG = new Tensor[]{gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[]{tPrev, t};
                bracketF = new double[]{fPrev, fNew};
                bracketG = new Tensor[]{gPrev, gNew.clone()};
                bracketGtd = new double[]{gtdPrev, gtdNew};
                break;
            }
            // extrapolate
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            p = obj.at(x, t);
            fNew = p.loss();
            gNew = p.grad();
            evals++;
            gtdNew = gNew.dot(d).item();
            lsIter++;
        }
        if (lsIter == maxLs) {
            // PyTorch leaves the bracket's derivatives as they were here (unset), which the zoom below never
            // reaches because ls_iter == max_ls ends it at once
            bracket = new double[]{0, t};
            bracketF = new double[]{f, fNew};
            bracketG = new Tensor[]{g, gNew};
        }

        // zoom: shrink the bracket until a point meets the strong Wolfe conditions
        boolean insufProgress = false;
        int lowPos = 0, highPos = 0;
        if (bracketF.length == 2) {
            lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
            highPos = 1 - lowPos;
        }
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double bMax = Math.max(bracket[0], bracket[1]), bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            p = obj.at(x, t);
            fNew = p.loss();
            gNew = p.grad();
            evals++;
            gtdNew = gNew.dot(d).item();
            lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }
}
