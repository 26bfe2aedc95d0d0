#!/usr/bin/python3
"""PyTorch side of bench/run.sh mlp: the "tensor" pipeline of ../shared/anchors/bench_mnist_mlp.py, same protocol.
usage: bench_torch_mlp.py BATCHES(comma list) SEED EPOCHS DATA_DIR ; prints torch_mlp_* key=value lines."""
import sys
import torch
from torch.utils.data import DataLoader, TensorDataset

from bench_mnist import load, test_accuracy, timed_epochs, train_epoch
from bench_timing import peak_rss_mib


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def main():
    batches = [int(b) for b in sys.argv[1].split(",")]
    seed, epochs, d = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "t10k")

    for batch in batches:
        best = None
        # PyTorch on 1 and on 2 threads (the anchors' protocol); torch4j is compared with the better of the two
        for threads in (1, 2):
            torch.set_num_threads(threads)
            loader = DataLoader(TensorDataset(xtr, ytr), batch_size=batch, shuffle=True)
            torch.manual_seed(12345)
            warm = mlp()
            train_epoch(warm, torch.optim.SGD(warm.parameters(), lr=0.01, momentum=0.9), loader, flatten=True)
            torch.manual_seed(seed)
            model = mlp()
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            med, loss = timed_epochs(model, opt, loader, epochs, flatten=True)
            acc = test_accuracy(model, xte, yte, flatten=True)
            print(f"torch_mlp_b{batch}_t{threads}_s_per_epoch={med:.4f}")
            if best is None or med < best[0]:
                best = (med, loss, acc)
        print(f"torch_mlp_b{batch}_s_per_epoch={best[0]:.4f}")
        print(f"torch_mlp_b{batch}_train_loss={best[1]:.4f}")
        print(f"torch_mlp_b{batch}_test_acc={best[2]:.4f}")
    print(f"torch_mlp_peak_rss_mib={peak_rss_mib():.1f}")


if __name__ == "__main__":
    main()
