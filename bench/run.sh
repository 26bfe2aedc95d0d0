#!/usr/bin/env bash
# Usage: bench/run.sh [NAME...]   (no name: all benchmarks)
# Builds what it needs, finds a JDK 25 and runs each named benchmark, which prints one key=value line per figure.
# Extra JVM options: JOPTS="-Dsizes=512,1024 -Dthreads=1" bench/run.sh sgemm
#   sgemm: -Dsizes, -Dthreads (list), -Dsmall=false, -Dtorch4j.blas=java|system|bundled
#   elementwise: -Dsizes=1m,16m, -Dthreads=N (torch4j and PyTorch alike; default: torch4j's default)
#   overhead: -Dwarmup=10 (untimed repeats before the 5 timed ones)
#   conv: -Dthreads=N (both sides), -Dshapes=lenet_c1,r18_l1 (default: all LeNet and ResNet-18 layer shapes)
#   resnet18: -Dsteps=30 -Dinfer=50 -Dthreads=N -Dwarmup=3 (untimed steps before each series, both sides)
#   mlp: -Dbatches=64,512 -Dseed=0 -Depochs=5 -Ddata=data/mnist-10k -Dthreads=1,2 (torch4j thread counts; best compared)
#   jit: -Dbatches=64,512 (traced vs eager MLP inference; the fused five-op chain on 16M floats)
# Every benchmark: -Dtorch=/path/python (PyTorch side, default /usr/bin/python3; "none" skips it).
# ROUNDS=N bench/run.sh resnet18: N fresh-JVM rounds, then the median of each *_ratio_vs_torch key.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

main_class() {
  case "$1" in
    sgemm|gemm) echo torch4j.bench.GemmBench ;;
    elementwise) echo torch4j.bench.ElementwiseBench ;;
    overhead) echo torch4j.bench.OverheadBench ;;
    conv) echo torch4j.bench.ConvBench ;;
    mlp) echo torch4j.bench.MlpBench ;;
    lenet) echo torch4j.bench.LeNetBench ;;
    resnet18|resnet) echo torch4j.bench.ResNetBench ;;
    jit) echo torch4j.bench.JitBench ;;
    # add benchmarks here
    *) return 1 ;;
  esac
}
ALL=(sgemm elementwise overhead mlp lenet resnet18 conv jit)

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 25 )); then
    echo "$JAVA_HOME"; return
  fi
  for d in /usr/lib/jvm/*25*; do
    [[ -x "$d/bin/java" ]] && { echo "$d"; return; }
  done
  return 1
}
JDK="$(find_java)" || { echo "bench/run.sh: JDK 25 is required (set JAVA_HOME to a JDK 25 or install one under /usr/lib/jvm)" >&2; exit 1; }

names=("$@"); (( ${#names[@]} )) || names=("${ALL[@]}")
for n in "${names[@]}"; do main_class "$n" >/dev/null || { echo "bench/run.sh: unknown benchmark '$n' (known: ${ALL[*]})" >&2; exit 2; }; done

# Build the core and the bench module in one reactor (tests skipped) and write the bench's runtime classpath, which
# then points at the freshly built torch4j jar rather than anything in ~/.m2.
cp_file="$here/target/classpath.txt"
(cd "$root" && JAVA_HOME="$JDK" mvn -q -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime) >&2
cp="$here/target/classes:$(cat "$cp_file")"

# ROUNDS=N runs each benchmark N times, each in a fresh JVM (so every round pays the same warm-up), and then prints
# the median over the rounds of every ratio key as <key>_median: on a noisy host one side-by-side run can be off by
# 20% either way.
rounds="${ROUNDS:-1}"
for n in "${names[@]}"; do
  cls="$(main_class "$n")"
  all=""
  for ((r = 1; r <= rounds; r++)); do
    echo "# benchmark=$n class=$cls${ROUNDS:+ round=$r/$rounds}"
    out="$(cd "$root" && "$JDK/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${JOPTS:-} \
        -cp "$cp" "$cls" 2> >(grep -v 'incubator modules' >&2))"
    echo "$out"
    all+="$out"$'\n'
  done
  if (( rounds > 1 )); then
    for key in $(printf '%s' "$all" | grep -oE '^[a-z0-9_]+_ratio_vs_torch=' | sort -u | tr -d '='); do
      printf '%s' "$all" | sed -n "s/^$key=//p" | sort -g | awk -v k="$key" '
        { v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s_median=%.4f\n", k, m }'
    done
  fi
done
