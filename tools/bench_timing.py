"""The timing rule every tools/bench_torch_*.py script shares with the Java side (bench/Bench.java): calibrate for
0.3 s, then the median of 5 (slow calls) or 7 samples, each a batch of calls lasting about 60 ms."""
import statistics
import time

import torch


def use_threads(n):
    """torch.set_num_threads(n), then the header line every bench script prints first."""
    torch.set_num_threads(n)
    print(f"# torch_version={torch.__version__} torch_threads={torch.get_num_threads()}", flush=True)


def seconds_per_call(fn):
    t0 = time.perf_counter()
    calls = 0
    while time.perf_counter() - t0 < 0.3:
        fn()
        calls += 1
    per = (time.perf_counter() - t0) / calls
    batch = max(1, int(0.06 / per + 0.999))
    samples = 5 if per > 0.06 else 7
    out = []
    for _ in range(samples):
        st = time.perf_counter()
        for _ in range(batch):
            fn()
        out.append((time.perf_counter() - st) / batch)
    return statistics.median(out)


def peak_rss_mib():
    """VmHWM of this process: ru_maxrss would report the forking JVM's peak, which Linux carries into the child."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")
