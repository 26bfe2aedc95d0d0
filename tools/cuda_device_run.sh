#!/usr/bin/env bash
# Usage (on the GPU machine, through the device tool, with carry [".cuda-bundle"]):
#   bash tools/cuda_device_run.sh [all|tests|bench|mnist]
# Unpacks the bundle that tools/cuda_pack.sh built here (jlinked JDK 25 + jars), then runs the CUDA test suite
# (torch4j.cuda.DeviceTestMain: all of torch4j-cuda's tests, the GPU conformance suite included), torch4j's GPU
# benchmarks (torch4j.cuda.CudaBench), PyTorch's side of them (tools/bench_torch_cuda.py) and the MNIST MLP example
# trained on the CPU and on the GPU (same seed; the accuracies should agree) in one call. Logs go to
# $OUT (what the device tool brings back) and the last lines printed are the summary. Exit status: the tests'.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
what="${1:-all}"
bundle="$root/.cuda-bundle/torch4j-cuda-bundle.tar.gz"
[[ -f "$bundle" ]] || { echo "no $bundle: run tools/cuda_pack.sh on the build machine and carry .cuda-bundle" >&2; exit 2; }
work=/tmp/torch4j-cuda
rm -rf "$work" && mkdir -p "$work" && tar -xzf "$bundle" -C "$work" || exit 2
out="${OUT:-$work/out}"
mkdir -p "$out"
java=("$work/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss8m -Djava.awt.headless=true
      "-Dtorch4j.cuda.cache=$work/ptx-cache")
cp="$work/lib/*:$work/test-classes"

{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true; } | tee "$out/gpu.txt"
trc=0
if [[ "$what" == all || "$what" == tests ]]; then
  echo "== torch4j-cuda tests"
  "${java[@]}" -cp "$cp" torch4j.cuda.DeviceTestMain 2>&1 | tee "$out/tests.log"
  trc=${PIPESTATUS[0]}
fi
if [[ "$what" == all || "$what" == bench ]]; then
  echo "== torch4j GPU benchmarks"
  "${java[@]}" -cp "$cp" ${BENCH_OPTS:-} torch4j.cuda.CudaBench 2>&1 | tee "$out/bench.log"
  echo "== PyTorch GPU benchmarks"
  PYTHONUNBUFFERED=1 python3 "$root/tools/bench_torch_cuda.py" 2>&1 | tee "$out/torch_bench.log"
fi
if [[ "$what" == all || "$what" == mnist ]]; then
  for dev in cpu cuda; do
    echo "== MNIST MLP on $dev"
    (cd "$root" && "${java[@]}" -cp "$cp" torch4j.examples.MnistMlp data/mnist-10k --device "$dev" --epochs 5 \
      --out "$work/runs/mnist_$dev" 2>&1 | tr '\r' '\n' | grep -vE '^epoch [0-9]+/[0-9]+ ' | tee "$out/mnist_$dev.log")
  done
fi
echo "== summary"
cat "$out/gpu.txt"
grep -hE '^(cuda_available|tests_)' "$out/tests.log" 2>/dev/null
grep -hE '^(FAILED|ABORTED)' "$out/tests.log" 2>/dev/null | head -20
grep -hE '=' "$out/bench.log" "$out/torch_bench.log" 2>/dev/null | grep -v '^WARNING'
for dev in cpu cuda; do
  [[ -f "$out/mnist_$dev.log" ]] && echo "mnist_${dev}_$(grep -E '^(test accuracy|epoch 5:)' "$out/mnist_$dev.log" | tr '\n' ' ')"
done
exit "$trc"
