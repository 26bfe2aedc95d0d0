#!/usr/bin/python3
"""PyTorch side of bench/run.sh lenet: the "tensor" pipeline of ../shared/anchors/bench_lenet.py, same protocol.
usage: bench_torch_lenet.py BATCH SEED EPOCHS DATA_DIR THREADS ; prints torch_lenet_* key=value lines."""
import sys
import torch
from torch.utils.data import DataLoader, TensorDataset

from bench_mnist import LeNet5, load, test_accuracy, timed_epochs, train_epoch
from bench_timing import peak_rss_mib, use_threads


def main():
    batch, seed, epochs, d = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    use_threads(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "t10k")
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=batch, shuffle=True)

    torch.manual_seed(12345)
    warm = LeNet5()
    train_epoch(warm, torch.optim.SGD(warm.parameters(), lr=0.01, momentum=0.9), loader)
    torch.manual_seed(seed)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    med, loss = timed_epochs(model, opt, loader, epochs)
    print(f"torch_lenet_b{batch}_s_per_epoch={med:.4f}")
    print(f"torch_lenet_train_loss={loss:.4f}")
    print(f"torch_lenet_test_acc={test_accuracy(model, xte, yte):.4f}")
    print(f"torch_lenet_peak_rss_mib={peak_rss_mib():.1f}")


if __name__ == "__main__":
    main()
