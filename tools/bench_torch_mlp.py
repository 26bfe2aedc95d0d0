#!/usr/bin/python3
"""PyTorch side of bench/run.sh mlp: the "tensor" pipeline of ../shared/anchors/bench_mnist_mlp.py, same protocol.
usage: bench_torch_mlp.py BATCHES(comma list) SEED EPOCHS DATA_DIR ; prints torch_mlp_* key=value lines."""
import gzip, os, statistics, struct, sys, time
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset



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


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def main():
    batches = [int(b) for b in sys.argv[1].split(",")]
    seed, epochs, d = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "t10k")
    crit = torch.nn.CrossEntropyLoss()

    def epoch(model, opt, loader):
        model.train()
        tot, n = 0.0, 0
        for x, y in loader:
            x = x.view(x.shape[0], -1)
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            tot += loss.item() * y.shape[0]
            n += y.shape[0]
        return tot / n

    for batch in batches:
        best = None
        # PyTorch on 1 and on 2 threads (the anchors' protocol); torch4j is compared with the better of the two
        for threads in (1, 2):
            torch.set_num_threads(threads)
            loader = DataLoader(TensorDataset(xtr, ytr), batch_size=batch, shuffle=True)
            torch.manual_seed(12345)
            warm = mlp()
            epoch(warm, torch.optim.SGD(warm.parameters(), lr=0.01, momentum=0.9), loader)
            torch.manual_seed(seed)
            model = mlp()
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            times, loss = [], 0
            for _ in range(epochs):
                t0 = time.perf_counter()
                loss = epoch(model, opt, loader)
                times.append(time.perf_counter() - t0)
            model.eval()
            with torch.no_grad():
                correct = sum((model(xte[i:i + 1000].view(-1, 784)).argmax(1) == yte[i:i + 1000]).sum().item()
                              for i in range(0, xte.shape[0], 1000))
            med = statistics.median(times)
            print(f"torch_mlp_b{batch}_t{threads}_s_per_epoch={med:.4f}")
            if best is None or med < best[0]:
                best = (med, loss, correct / xte.shape[0])
        print(f"torch_mlp_b{batch}_s_per_epoch={best[0]:.4f}")
        print(f"torch_mlp_b{batch}_train_loss={best[1]:.4f}")
        print(f"torch_mlp_b{batch}_test_acc={best[2]:.4f}")
    # VmHWM, not ru_maxrss: after fork+exec from the JVM, ru_maxrss still counts the parent's pages
    with open("/proc/self/status") as f:
        hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    print(f"torch_mlp_peak_rss_mib={hwm / 1024.0:.1f}")


if __name__ == "__main__":
    main()
