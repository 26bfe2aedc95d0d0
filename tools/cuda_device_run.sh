#!/usr/bin/env bash
# Usage (on the GPU machine, through the device tool, with carry [".cuda-bundle"]):
#   bash tools/cuda_device_run.sh [all|tests|bench]
# Unpacks the bundle that tools/cuda_pack.sh built here (jlinked JDK 25 + jars), then runs the CUDA test suite
# (torch4j.cuda.DeviceTestMain: all of torch4j-cuda's tests, the GPU conformance suite included), torch4j's GPU
# benchmarks (torch4j.cuda.CudaBench) and PyTorch's side of them (tools/bench_torch_cuda.py) in one call. Logs go to
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
java=("$work/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss8m
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
echo "== summary"
cat "$out/gpu.txt"
grep -hE '^(cuda_available|tests_)' "$out/tests.log" 2>/dev/null
grep -hE '^(FAILED|ABORTED)' "$out/tests.log" 2>/dev/null | head -20
grep -hE '=' "$out/bench.log" "$out/torch_bench.log" 2>/dev/null | grep -v '^WARNING'
exit "$trc"
