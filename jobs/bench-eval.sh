#!/usr/bin/env bash
# Benchmark (not a test) of batch evaluation throughput in local mode, one fresh JVM per measurement
# (so each heap peak belongs to one input size). Sets, generated on first use by MakeImageSet:
#   parquet-100k  label + features array<float>   Neuron, and Spark MLlib's
#                                                   MultilayerPerceptronClassificationModel.transform
#                                                   (same 784-512-10 layers) on the same rows
#   bytes-100k    label + features binary (pixels)  Neuron
#   bytes-1m      1,000,000 such rows               Neuron (memory: compare with bytes-100k)
#   png-100k      100,000 28×28 grey PNG files in class folders    Neuron, and the one-process Pillow
#   jpeg224-20k   20,000 224×224 colour JPEG files, resized to 28×28 + numpy peer (tools/peer)
#   png-1m        png-100k ten times over (hard links, made in seconds and deleted after): listing
#                 time and driver heap for a million files
# Per core: Neuron in local[1] pinned to core 0 (taskset) against one peer process pinned there,
# and Neuron in local[N] (its images/s over N) against N peer processes at once, one per core,
# each scoring every N-th file (two busy cores here each do less than one alone). Both are
# also given per CPU-second of their process, the fairer number on a shared machine. Timed: from
# before the listing to the metrics (Neuron: on the driver, JVM and Spark start in the cold run's
# startup-seconds; peer: Python's start and imports only in its PROCESS line). JPEG both ways:
# full decode (Neuron --resize, the plain peer) and reduced-scale decode (Neuron --resize-draft,
# the peer with Pillow's draft).
# --quick-1m builds bytes-1m from ten links to bytes-100k's files (the same 1M rows for the reader;
# saves generating 900k images on a busy machine). --images runs the image-folder part alone.
#   jobs/bench-eval.sh [--dir DIR (/tmp/neuron-bench)] [--cores N] [--heap SIZE (2g)] [--quick-1m]
#                      [--images]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
DIR="$(flag_value --dir "$@")"; DIR="${DIR:-/tmp/neuron-bench}"
CORES="$(flag_value --cores "$@")"; CORES="${CORES:-$(nproc)}"
HEAP="$(flag_value --heap "$@")"; HEAP="${HEAP:-2g}"
QUICK=""; [[ " $* " == *" --quick-1m "* ]] && QUICK=1
IMAGES_ONLY=""; [[ " $* " == *" --images "* ]] && IMAGES_ONLY=1
"$ROOT/jobs/fetch-mnist.sh" >&2
cd "$ROOT"

java_main() {
  # shellcheck disable=SC2086
  java $JVM_OPTS "-Xmx$HEAP" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" "$@"
}
make_set() {  # N FORMAT NAME [MakeImageSet options]
  local n="$1" format="$2" name="$3"; shift 3
  [[ -d "$DIR/$name" ]] || java_main dev.neuron.cli.MakeImageSet --n "$n" --format "$format" \
    --out "$DIR/$name" "$@" 2>&1 | grep -E '^(Wrote|error)'
}
bench() {  # ENGINE FORMAT SET [resize|resize-draft]; ONE_CORE=1: local[1] pinned to core 0
  local load cores="$CORES"; load="$(cut -d' ' -f1 /proc/loadavg)"
  [[ -n "${ONE_CORE:-}" ]] && cores=1
  ( [[ -n "${ONE_CORE:-}" ]] && taskset -cp 0 "$BASHPID" >/dev/null
    java_main dev.neuron.bench.EvalBenchmark "$1" "$2" "$DIR/$3" "$cores" "${4:-}" 2>/dev/null ) \
    | grep -E '^(RESULT|TIMELINE)' \
    | sed "s|\$| set=$3 mode=${4:-exact} cores=$cores load=$load|"
}
peer_python() {  # the first Python with Pillow and numpy, or nothing
  local py
  for py in python3 /usr/bin/python3; do
    "$py" -c 'import PIL, numpy' 2>/dev/null && { echo "$py"; return; }
  done
}
peer() {  # SET [--draft]: one process on core 0
  local py load t0 t1; load="$(cut -d' ' -f1 /proc/loadavg)"; py="$(peer_python)"
  if [[ -z "$py" ]]; then
    echo "peer: no Python with Pillow and numpy (Debian: python3-pil python3-numpy); skipped"
    return
  fi
  t0="$(date +%s.%N)"
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 taskset -c 0 "$py" "$ROOT/tools/peer/score_images.py" \
    "$DIR/$1" 28 ${2:-} | sed "s|\$| set=$1 load=$load|"
  t1="$(date +%s.%N)"
  echo "PROCESS peer set=$1 ${2:-} process-seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
}
# SET [--draft]: CORES processes at once, process k on core k scoring every CORES-th file: the
# peer of Neuron on all cores, since two busy cores of this machine each do less than one alone.
# One RESULT peer-all line: all images over the slowest process's wall time and the summed CPU.
peers() {
  local py load k; load="$(cut -d' ' -f1 /proc/loadavg)"; py="$(peer_python)"
  [[ -z "$py" || "$CORES" -lt 2 ]] && return
  for ((k = 0; k < CORES; k++)); do
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 taskset -c "$k" "$py" \
      "$ROOT/tools/peer/score_images.py" "$DIR/$1" 28 ${2:-} --shard "$k/$CORES" &
  done | awk -v cores="$CORES" -v set="$1" -v load="$load" '
    { print; for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
      n += v["n"]; cpu += v["cpu-seconds"]; if (v["seconds"] > wall) wall = v["seconds"]; variant = v["variant"] }
    END { printf "RESULT peer-all images variant=%s processes=%d n=%d seconds=%.2f images/s=%.0f per-core(wall)=%.0f per-cpu-second=%.0f set=%s load=%s\n",
      variant, cores, n, wall, n / wall, n / wall / cores, n / cpu, set, load }'
  wait
}
mkdir -p "$DIR"
make_set 100000 png png-100k
make_set 20000 jpeg jpeg224-20k --size 224 --colour
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), heap $HEAP, local[$CORES]"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  bench neuron images png-100k
  ONE_CORE=1 bench neuron images png-100k
  peer png-100k
  peers png-100k
  bench neuron images jpeg224-20k resize
  ONE_CORE=1 bench neuron images jpeg224-20k resize
  peer jpeg224-20k
  peers jpeg224-20k
  bench neuron images jpeg224-20k resize-draft
  ONE_CORE=1 bench neuron images jpeg224-20k resize-draft
  peer jpeg224-20k --draft
  peers jpeg224-20k --draft
} | tee "$DIR/images.txt"
# Per-core ratios, the last warm Neuron run against the peer (full decode: Neuron's exact/resize against
# the plain peer; reduced-scale JPEG decode: resize-draft against the peer's --draft), wall and per
# CPU-second: Neuron on one core pinned against one peer process, and Neuron on all cores against
# as many peer processes at once. Neuron on all cores against one peer process is printed too, but
# says more about the machine than about Neuron: two busy cores here each do 55-75 % of what one
# does alone, for the peer as for Neuron.
awk -v cores="$CORES" '
  function kv() { delete v; for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] } }
  function key() { return v["set"] (v["mode"] == "resize-draft" || v["variant"] == "draft" ? " draft" : " full") }
  /^RESULT neuron/ && / warm / { kv(); k = key(); nw[k, v["cores"]] = v["per-core(wall)"]
    nc[k, v["cores"]] = v["per-cpu-second"]; keys[k] = 1 }
  /^RESULT peer images/ && / shard=0\/1 / { kv(); k = key(); pw[k, 1] = v["per-core(wall)"]; pc[k, 1] = v["per-cpu-second"] }
  /^RESULT peer-all/ { kv(); k = key(); pw[k, cores] = v["per-core(wall)"]; pc[k, cores] = v["per-cpu-second"] }
  function ratio(k, c, p) { if ((k, c) in nw && (k, p) in pw)
    printf "RATIO %s decode, Neuron on %d core(s)/peer on %d, per core: wall %.2f, per CPU-second %.2f\n", k, c, p, nw[k, c] / pw[k, p], nc[k, c] / pc[k, p] }
  END { for (k in keys) { ratio(k, 1, 1); if (cores > 1) { ratio(k, cores, cores); ratio(k, cores, 1) } } }' "$DIR/images.txt"
rm -rf "$DIR/png-1m"
mkdir -p "$DIR/png-1m"
for k in 0 1 2 3 4 5 6 7 8 9; do cp -al "$DIR/png-100k" "$DIR/png-1m/copy$k"; done
bench list images png-100k
bench list images png-1m
rm -rf "$DIR/png-1m"
[[ -n "$IMAGES_ONLY" ]] && { echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }
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
for run in "neuron parquet parquet-100k" "mllib parquet parquet-100k" "neuron parquet bytes-100k" \
           "neuron parquet bytes-1m"; do
  # shellcheck disable=SC2086
  bench $run
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
