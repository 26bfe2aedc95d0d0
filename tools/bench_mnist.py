"""The MNIST pieces of the PyTorch bench scripts (bench_torch_mlp.py, bench_torch_lenet.py): the data as the Java side
reads it, the LeNet-5 of ../shared/anchors/bench_lenet.py, one training epoch and the test accuracy."""
import gzip
import os
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn as nn

CRIT = nn.CrossEntropyLoss()


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
    """Images [N, 1, 28, 28] normalised to [-1, 1] and int64 labels of d/{prefix}-*-idx*-ubyte.gz."""
    x = torch.from_numpy(read_idx(os.path.join(d, prefix + "-images-idx3-ubyte.gz")).copy()).float().unsqueeze(1)
    y = torch.from_numpy(read_idx(os.path.join(d, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64))
    return (x / 255.0 - 0.5) / 0.5, y


def train_epoch(model, opt, loader, flatten=False):
    """One epoch of cross-entropy training (inputs flattened to [N, 784] when flatten); the mean loss."""
    model.train()
    tot, n = 0.0, 0
    for x, y in loader:
        if flatten:
            x = x.view(x.shape[0], -1)
        opt.zero_grad()
        loss = CRIT(model(x), y)
        loss.backward()
        opt.step()
        tot += loss.item() * y.shape[0]
        n += y.shape[0]
    return tot / n


def timed_epochs(model, opt, loader, epochs, flatten=False):
    """epochs timed training epochs: (median seconds per epoch, the last epoch's mean loss)."""
    times, loss = [], 0
    for _ in range(epochs):
        t0 = time.perf_counter()
        loss = train_epoch(model, opt, loader, flatten)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), loss


def test_accuracy(model, xte, yte, flatten=False):
    model.eval()
    with torch.no_grad():
        correct = sum((model(xte[i:i + 1000].view(-1, 784) if flatten else xte[i:i + 1000]).argmax(1)
                       == yte[i:i + 1000]).sum().item() for i in range(0, xte.shape[0], 1000))
    return correct / xte.shape[0]
