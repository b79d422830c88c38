#!/usr/bin/env bash
# Benchmark (not a test): training from a Parquet set larger than the executor's heap, its blocks
# cached with train.storage_level=DISK_ONLY, against the same set cached in memory under a heap
# that holds it. One epoch each of the reference network, both runs in this script, local mode
# (executor = driver JVM, so -Xmx is the executor's memory); prints seconds per epoch, their ratio,
# the mode each ran in, the sgemm rate and the load. Both runs use --master (default local[2]: two
# task slots for the 12 partitions, so both run one job per step and at most two blocks are
# deserialized at once; gang mode keeps every partition's block in its long-lived task, all in
# memory together, which a heap smaller than the set cannot hold).
#   jobs/bench-storage.sh [--n N (200000)] [--small-heap SIZE (640m)] [--big-heap SIZE (6g)]
#                         [--partitions P (12)] [--batch-size B (128)] [--master M (local[2])]
#                         [--dir DIR (/tmp/neuron-bench)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
N="$(flag_value --n "$@")"; N="${N:-200000}"
SMALL="$(flag_value --small-heap "$@")"; SMALL="${SMALL:-640m}"
BIG="$(flag_value --big-heap "$@")"; BIG="${BIG:-6g}"
P="$(flag_value --partitions "$@")"; P="${P:-12}"
B="$(flag_value --batch-size "$@")"; B="${B:-128}"
DIR="$(flag_value --dir "$@")"; DIR="${DIR:-/tmp/neuron-bench}"
MASTER="$(flag_value --master "$@")"; MASTER="${MASTER:-local[2]}"
"$ROOT/jobs/fetch-mnist.sh" >&2
cd "$ROOT"
# Files of about 4,000 rows, each its own input partition (spark.sql.files.maxPartitionBytes=2m;
# Spark's default packs small files into 128 MiB partitions): the reader decodes a source partition
# into one float array (and its doubling copies) before cutting it into blocks, 12 MiB here, where
# partitions of 50,000 rows and more did not fit a 640 MiB heap running two such tasks.
FILES=$(( (N + 3999) / 4000 ))
SET="$DIR/train-bytes-$N-$FILES"
if [[ ! -d "$SET" ]]; then
  java $JVM_OPTS -Xmx4g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.neuron.cli.MakeImageSet --n "$N" \
    --format parquet-bytes --source data/mnist/train --partitions "$FILES" --out "$SET" 2>&1 \
    | grep -E '^(Wrote|error)'
fi
echo "set: $SET, $N examples = $((N * 784 * 4 / 1048576)) MiB of float features" \
  "($(du -sm "$SET" | cut -f1) MiB of Parquet)"
echo "sgemm: $(java -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.neuron.bench.SgemmPeak 2>/dev/null | tail -1)"
run() {  # NAME HEAP LEVEL
  local out="$DIR/storage-$1"
  rm -rf "$out" "$out.checkpoints"
  echo "load average before $1: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  NEURON_JAVA_OPTS="-Xmx$2 -Dspark.sql.files.maxPartitionBytes=2m" "$ROOT/jobs/train.sh" --config conf/mnist-mlp.properties \
    --data "$SET" --format parquet --epochs 1 --partitions "$P" --batch-size "$B" \
    --master "$MASTER" \
    --storage-level "$3" --set data.test= --out "$out" >/dev/null 2>"$DIR/storage-$1.log" \
    || { echo "$1 failed: $(grep -m1 -iE 'error|exception' "$DIR/storage-$1.log")"; return 1; }
  echo "$1: mode $(grep -m1 '"mode"' "$out/metrics.json" | cut -d'"' -f4)," \
    "$(grep -m1 '"data"' "$out/metrics.json" | tr -dc '0-9.') s reading and caching the set" >&2
  grep -m1 '"seconds"' "$out/metrics.json" | tr -dc '0-9.'
}
MEM="$(run memory "$BIG" MEMORY_ONLY)"
DISK="$(run disk "$SMALL" DISK_ONLY)"
echo "RESULT in-memory (-Xmx$BIG, MEMORY_ONLY): $MEM s/epoch"
echo "RESULT larger than the heap (-Xmx$SMALL, DISK_ONLY): $DISK s/epoch"
echo "RESULT ratio disk/memory: $(awk -v a="$DISK" -v b="$MEM" 'BEGIN { printf "%.2f", a / b }')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
