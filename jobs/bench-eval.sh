#!/usr/bin/env bash
# Benchmark (not a test) of batch evaluation throughput in local mode, one fresh JVM per measurement
# (so each heap peak belongs to one input size). Sets, generated on first use by MakeImageSet:
#   parquet-100k  label + features array<float>   Neuron, and Spark MLlib's
#                                                   MultilayerPerceptronClassificationModel.transform
#                                                   (same 784-512-10 layers) on the same rows
#   bytes-100k    label + features binary (pixels)  Neuron
#   bytes-1m      1,000,000 such rows               Neuron (memory: compare with bytes-100k)
#   png-100k      100,000 PNG files in class folders Neuron
# --quick-1m builds bytes-1m from ten links to bytes-100k's files (the same 1M rows for the reader;
# saves generating 900k images on a busy machine).
#   jobs/bench-eval.sh [--dir DIR (/tmp/neuron-bench)] [--cores N] [--heap SIZE (2g)] [--quick-1m]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
DIR="$(flag_value --dir "$@")"; DIR="${DIR:-/tmp/neuron-bench}"
CORES="$(flag_value --cores "$@")"; CORES="${CORES:-$(nproc)}"
HEAP="$(flag_value --heap "$@")"; HEAP="${HEAP:-2g}"
QUICK=""; [[ " $* " == *" --quick-1m "* ]] && QUICK=1
"$ROOT/jobs/fetch-mnist.sh" >&2
cd "$ROOT"

java_main() {
  # shellcheck disable=SC2086
  java $JVM_OPTS "-Xmx$HEAP" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" "$@"
}
make_set() {  # N FORMAT NAME
  [[ -d "$DIR/$3" ]] || java_main dev.neuron.cli.MakeImageSet --n "$1" --format "$2" --out "$DIR/$3" \
    2>&1 | grep -E '^(Wrote|error)'
}
mkdir -p "$DIR"
make_set 100000 parquet parquet-100k
make_set 100000 parquet-bytes bytes-100k
if [[ -n "$QUICK" && ! -d "$DIR/bytes-1m" ]]; then
  mkdir -p "$DIR/bytes-1m.tmp"
  for k in 0 1 2 3 4 5 6 7 8 9; do
    for f in "$DIR"/bytes-100k/part-*.parquet; do ln -s "$f" "$DIR/bytes-1m.tmp/copy$k-$(basename "$f")"; done
  done
  mv "$DIR/bytes-1m.tmp" "$DIR/bytes-1m"
fi
make_set 1000000 parquet-bytes bytes-1m
make_set 100000 png png-100k

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), heap $HEAP, local[$CORES]"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in "neuron parquet parquet-100k" "mllib parquet parquet-100k" "neuron parquet bytes-100k" \
           "neuron parquet bytes-1m" "neuron images png-100k"; do
  set -- $run
  load="$(cut -d' ' -f1 /proc/loadavg)"
  java_main dev.neuron.bench.EvalBenchmark "$1" "$2" "$DIR/$3" "$CORES" 2>/dev/null | grep '^RESULT' \
    | sed "s|\$| set=$3 load=$load|"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
