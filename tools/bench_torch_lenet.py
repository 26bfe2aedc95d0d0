#!/usr/bin/python3
"""PyTorch side of bench/run.sh lenet: the "tensor" pipeline of ../shared/anchors/bench_lenet.py, same protocol.
usage: bench_torch_lenet.py BATCH SEED EPOCHS DATA_DIR THREADS ; prints torch_lenet_* key=value lines."""
import gzip, os, statistics, struct, sys, time
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class LeNet5(nn.Module):
    """Exactly the model of ../shared/anchors/bench_lenet.py."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    nd = struct.unpack(">I", b[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * nd, b[4:4 + 4 * nd])
    return np.frombuffer(b[4 + 4 * nd:], dtype=np.uint8).reshape(shape)


def load(d, prefix):
    x = torch.from_numpy(read_idx(os.path.join(d, prefix + "-images-idx3-ubyte.gz")).copy()).float().unsqueeze(1)
    y = torch.from_numpy(read_idx(os.path.join(d, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64))
    return (x / 255.0 - 0.5) / 0.5, y


def peak_rss_mib():
    """VmHWM of this process: ru_maxrss would report the forking JVM's peak, which Linux carries into the child."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    batch, seed, epochs, d = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    print(f"# torch_version={torch.__version__} torch_threads={torch.get_num_threads()}", flush=True)
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "t10k")
    crit = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=batch, shuffle=True)

    def epoch(model, opt):
        model.train()
        tot, n = 0.0, 0
        for x, y in loader:
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            tot += loss.item() * y.shape[0]
            n += y.shape[0]
        return tot / n

    torch.manual_seed(12345)
    warm = LeNet5()
    epoch(warm, torch.optim.SGD(warm.parameters(), lr=0.01, momentum=0.9))
    torch.manual_seed(seed)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    times, loss = [], 0
    for _ in range(epochs):
        t0 = time.perf_counter()
        loss = epoch(model, opt)
        times.append(time.perf_counter() - t0)
    model.eval()
    with torch.no_grad():
        correct = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item()
                      for i in range(0, xte.shape[0], 1000))
    print(f"torch_lenet_b{batch}_s_per_epoch={statistics.median(times):.4f}")
    print(f"torch_lenet_train_loss={loss:.4f}")
    print(f"torch_lenet_test_acc={correct / xte.shape[0]:.4f}")
    print(f"torch_lenet_peak_rss_mib={peak_rss_mib():.1f}")


if __name__ == "__main__":
    main()
