#!/usr/bin/env bash
# Usage: tools/cuda_pack.sh
# Builds .cuda-bundle/torch4j-cuda-bundle.tar.gz for the GPU machine, which has the NVIDIA driver and CUDA libraries
# but no Java, no Maven and no network: a jlinked JDK 25 runtime (the modules jdeps finds, plus
# jdk.incubator.vector), the torch4j and torch4j-cuda jars, torch4j-cuda's test classes and the JUnit jars to run
# them, and the examples jar (MnistMlp with --device cuda). Carry .cuda-bundle with the device tool and run tools/cuda_device_run.sh there (docs/cuda.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
JDK="${JAVA_HOME:-}"
if [[ -z "$JDK" || ! -x "$JDK/bin/jlink" ]] || ! "$JDK/bin/java" -version 2>&1 | grep -q '"25'; then
  JDK="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)"
fi
[[ -x "$JDK/bin/jlink" ]] || { echo "cuda_pack.sh: a JDK 25 with jlink is required (JAVA_HOME)" >&2; exit 1; }

out="$root/.cuda-bundle"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$stage/lib"

cd "$root"
mvn -o -q -pl torch4j,torch4j-cuda,torch4j-openblas,examples package -DskipTests >&2
mvn -o -q -pl torch4j,torch4j-cuda test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$stage/cp.txt" >&2
cp torch4j/target/torch4j-*.jar torch4j-cuda/target/torch4j-cuda-*.jar examples/target/torch4j-examples-*.jar "$stage/lib/"
# third-party test dependencies (JUnit) come from the local repository; the reactor's own modules are the jars above
tr ':' '\n' < "$stage/cp.txt" | grep "/.m2/" | while read -r j; do cp "$j" "$stage/lib/"; done
cp -r torch4j-cuda/target/test-classes "$stage/test-classes"

# java.base, the Vector API, java.logging for JUnit's launcher and java.desktop for the MNIST example's PNG plot.
# jdeps also lists java.net.http (dataset downloads), which nothing run there loads (PACK_MODULES=... overrides)
mods="${PACK_MODULES:-java.base,java.logging,java.desktop,jdk.incubator.vector}"
"$JDK/bin/jlink" --add-modules "$mods" --compress zip-9 --strip-debug --no-header-files --no-man-pages \
  --output "$stage/jre"
"$stage/jre/bin/java" --add-modules jdk.incubator.vector -version 2>&1 | grep -q '"25' \
  || { echo "cuda_pack.sh: the jlinked runtime does not start" >&2; exit 1; }

tar -C "$stage" -czf "$out/torch4j-cuda-bundle.tar.gz" jre lib test-classes
echo "modules=$mods"
echo "runtime_mib=$(du -sm "$stage/jre" | cut -f1) lib_mib=$(du -sm "$stage/lib" | cut -f1)"
echo "bundle=$out/torch4j-cuda-bundle.tar.gz bundle_kib=$(du -k "$out/torch4j-cuda-bundle.tar.gz" | cut -f1)"
