#!/usr/bin/python3
"""PyTorch side of bench/run.sh resnet18: the "imagenet-stem" variant of ../shared/anchors/bench_resnet18.py
(torchvision resnet18(num_classes=10), random 3x32x32, batch 32, SGD(0.01, 0.9)), same protocol.
usage: bench_torch_resnet18.py TRAIN_STEPS INFER_STEPS THREADS [WARMUP] ; prints torch_resnet18_* key=value lines.
WARMUP (default 3, the anchor's) untimed calls come before each timed series."""
import statistics, sys, time
import torch
import torch.nn as nn
import torchvision

from bench_timing import peak_rss_mib

BATCH = 32


WARMUP = int(sys.argv[4]) if len(sys.argv) > 4 else 3


def timed(fn, n):
    for _ in range(WARMUP):
        fn()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    steps, infer_steps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(f"# torch_version={torch.__version__} torchvision_version={torchvision.__version__} "
          f"torch_threads={torch.get_num_threads()}", flush=True)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(BATCH, 3, 32, 32, generator=g)
    y = torch.randint(0, 10, (BATCH,), generator=g)
    crit = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()
    loss = [0.0]

    def step():
        opt.zero_grad()
        l = crit(model(x), y)
        l.backward()
        opt.step()
        loss[0] = l.item()

    train = timed(step, steps)
    print(f"torch_resnet18_train_step_ms={train * 1e3:.2f}")
    print(f"torch_resnet18_train_img_s={BATCH / train:.2f}")
    print(f"torch_resnet18_train_loss={loss[0]:.4f}")
    model.eval()
    with torch.no_grad():
        infer = timed(lambda: model(x), infer_steps)
    print(f"torch_resnet18_infer_img_s={BATCH / infer:.2f}")
    print(f"torch_resnet18_peak_rss_mib={peak_rss_mib():.1f}")


if __name__ == "__main__":
    main()
