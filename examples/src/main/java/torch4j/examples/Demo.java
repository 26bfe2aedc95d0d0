package torch4j.examples;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.linalg.Linalg;

/** The tensor and autograd walkthrough of the README, runnable: {@code mvn -q -DskipTests -Pmain verify -Dmain.class=torch4j.examples.Demo}. */
public final class Demo {
    public static void main(String[] args) {
        Tensor x = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
        Tensor y = x.pow(2);
        y.backward(Torch.tensor(new double[]{1, 1, 1}));
        System.out.println(x.grad());                  // tensor([2., 4., 6.])

        Tensor a = Torch.tensor(1.0).requiresGrad_(true);
        Tensor b = Torch.tensor(2.0).requiresGrad_(true);
        Tensor z = a.mul(b).add(b.pow(2));
        z.backward();
        System.out.println(a.grad() + " " + b.grad()); // tensor(2.) tensor(5.)

        Tensor t = Torch.tensor(new double[]{36, 55, 68, 82, 91, 29, 48, 46, 37, 60, 72, 78, 61, 32, 7,
                                              48, 55, 0, 8, 80, 60, 52, 81, 41, 30, 43, 35, 47, 57, 26});
        System.out.println(t.var());                   // tensor(522.3506)
        System.out.println(t.var(false));              // tensor(504.9389): correction 0 (unbiased=False)
        System.out.println(Linalg.norm(t));            // tensor(294.4300)
        System.out.println(Torch.arange(12).reshape(3, 4));
        System.out.println(Torch.linspace(-5, 5, 100));

        // gradient descent on x^2 from a random integer start
        Torch.manualSeed(0);
        Tensor w = Torch.randint(-1000, 1001, new int[]{1}).to(DType.FLOAT32).requiresGrad_(true);
        double start = w.item();
        for (int i = 0; i < 1000; i++) {
            w.pow(2).sum().backward();
            w.data().sub_(w.grad().mul(1e-2));
            w.grad().zero_();
        }
        System.out.printf("gradient descent on x^2: %.0f -> %.3e%n", start, w.item());
    }
}
