#!/usr/bin/env python3
"""PyTorch side of bench ConvBench: conv2d forward and forward+backward (loss = (y * g).sum()) for the layer shapes of
LeNet-5 (batch 64) and torchvision ResNet-18 on 3x32x32 input (batch 32). The network's first conv gets an input
that does not require grad (as in training), the others do. Timing rule as Bench.medianSecondsPerCall: warm-up
>= 0.3 s, then 7 samples of >= 60 ms, median. Threads from ANCHOR_THREADS (default 2).

    /usr/bin/python3 tools/bench_torch_conv.py      # prints torch_<shape>_{fwd,fwdbwd}_ms=...
"""
import os

import torch
import torch.nn.functional as F
from bench_timing import seconds_per_call as median_seconds, use_threads

# name, N, C, H, W, O, k, stride, pad, input requires grad
SHAPES = [
    ("lenet_c1", 64, 1, 28, 28, 6, 5, 1, 0, False),
    ("lenet_c2", 64, 6, 12, 12, 16, 5, 1, 0, True),
    ("r18_stem", 32, 3, 32, 32, 64, 7, 2, 3, False),
    ("r18_l1", 32, 64, 8, 8, 64, 3, 1, 1, True),
    ("r18_l2a", 32, 64, 8, 8, 128, 3, 2, 1, True),
    ("r18_l2ds", 32, 64, 8, 8, 128, 1, 2, 0, True),
    ("r18_l2", 32, 128, 4, 4, 128, 3, 1, 1, True),
    ("r18_l3a", 32, 128, 4, 4, 256, 3, 2, 1, True),
    ("r18_l3", 32, 256, 2, 2, 256, 3, 1, 1, True),
    ("r18_l4a", 32, 256, 2, 2, 512, 3, 2, 1, True),
    ("r18_l4", 32, 512, 1, 1, 512, 3, 1, 1, True),
]




def main():
    use_threads(int(os.environ.get("ANCHOR_THREADS", "2")))
    g = torch.Generator().manual_seed(0)
    for name, n, c, h, w, o, k, s, p, xg in SHAPES:
        x = torch.randn(n, c, h, w, generator=g).requires_grad_(xg)
        wt = torch.randn(o, c, k, k, generator=g).requires_grad_()
        b = torch.randn(o, generator=g).requires_grad_()
        y = F.conv2d(x, wt, b, s, p)
        gy = torch.randn(y.shape, generator=g)

        def fwd():
            with torch.no_grad():
                F.conv2d(x, wt, b, s, p)

        def fwdbwd():
            F.conv2d(x, wt, b, s, p).backward(gy)
            wt.grad = b.grad = x.grad = None  # zero_grad(set_to_none=True): no accumulation in either side

        print(f"torch_{name}_fwd_ms={median_seconds(fwd) * 1e3:.4f}", flush=True)
        print(f"torch_{name}_fwdbwd_ms={median_seconds(fwdbwd) * 1e3:.4f}", flush=True)


if __name__ == "__main__":
    main()
