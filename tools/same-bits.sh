#!/usr/bin/env bash
# Checks that a change keeps the bits: trains the same jobs with a baseline application jar and with
# this checkout's build, and compares the sha256 of each run's model.nrn.
#
#   tools/same-bits.sh --baseline OLD.jar [--jar NEW.jar] [--epochs N] [--fixture-epochs N]
#                      [--work DIR] [--reuse-baseline] [--config FILE]
#
# The jobs: the reference MNIST job (conf/mnist-mlp.properties, seed 1, 2 partitions) in jobs mode
# and in gang mode; and, from TrainRegressionTest's fixture (y1 = 2·x1 + sin(3·x2), y2 = x1·x2 − x2,
# noise σ = 0.05, two partitions, adam, batch 32; 3 epochs here, --fixture-epochs N), one
# regression run (validation split 0.1) and one weighted run with dropout (300 rows of wrong targets
# at weight 0, 32:tanh:dropout=0.2), in both modes. The fixture's rows are written once per check (header CSV, python3's seeded
# random), so both jars read the same files. --epochs N shortens the reference job for
# intermediate checks (the final check runs the full 5 epochs). --reuse-baseline takes the baseline's
# hashes from an earlier check with the same jar, data and options (WORK/baseline.sha256).
# --config FILE replaces conf/mnist-mlp.properties for both jars: a baseline older than a key
# refuses it, so give the baseline's own file (git show OLD:conf/mnist-mlp.properties), whose
# missing keys the newer jar takes at their defaults.
# The jars run embedded (local[2]) on the build's classpath (target/classpath.txt), one after the
# other, under nice. Exit 0 when every hash matches, 1 when one differs, 2 on a usage error.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASELINE="" JAR="$ROOT/target/neuron-app.jar" EPOCHS=5 FIXTURE_EPOCHS=3 WORK="" REUSE=false
CONFIG="$ROOT/conf/mnist-mlp.properties"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) BASELINE="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --fixture-epochs) FIXTURE_EPOCHS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --reuse-baseline) REUSE=true; shift ;;
    --config) CONFIG="$(realpath "$2")"; shift 2 ;;
    *) echo "usage: $0 --baseline OLD.jar [--jar NEW.jar] [--epochs N] [--fixture-epochs N] [--work DIR]" \
         "[--reuse-baseline] [--config FILE]; unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [[ ! -f "$BASELINE" || ! -f "$JAR" || ! -f "$ROOT/target/classpath.txt" ]]; then
  echo "error: need --baseline JAR (found '$BASELINE'), the build's $JAR and target/classpath.txt" \
    "(mvn -DskipTests package)" >&2
  exit 2
fi
if [[ ! -f "$ROOT/data/mnist/train-images-idx3-ubyte" && ! -f "$ROOT/data/mnist/train-images-idx3-ubyte.gz" ]]; then
  echo "error: MNIST is missing from $ROOT/data/mnist (jobs/fetch-mnist.sh)" >&2
  exit 2
fi
WORK="${WORK:-$ROOT/target/same-bits}"
mkdir -p "$WORK"
JVM_OPTS="$(grep -v '^#' "$ROOT/conf/jvm-options" | tr '\n' ' ')"
export OPENBLAS_NUM_THREADS=1

# TrainRegressionTest's fixture as header CSVs: 4,000 rows (as its 80 % training split) in two
# files, and the same rows plus 300 of wrong targets (y1 = y2 = 4) at weight 0.
python3 - "$WORK/data" <<'EOF'
import math, os, random, sys
out = sys.argv[1]
rnd = random.Random(7)
rows = []
for _ in range(4000):
    x1, x2 = rnd.uniform(-1, 1), rnd.uniform(-1, 1)
    rows.append((x1, x2, 2 * x1 + math.sin(3 * x2) + rnd.gauss(0, 0.05),
                 x1 * x2 - x2 + rnd.gauss(0, 0.05)))
bad = [(rnd.uniform(-1, 1), rnd.uniform(-1, 1), 4.0, 4.0) for _ in range(300)]
def write(folder, header, lines):
    os.makedirs(folder, exist_ok=True)
    half = (len(lines) + 1) // 2
    for i, part in enumerate((lines[:half], lines[half:])):
        with open(os.path.join(folder, "part-%05d.csv" % i), "w") as f:
            f.write(header + "\n")
            for r in part:
                f.write(",".join(repr(v) for v in r) + "\n")
write(os.path.join(out, "regression"), "x1,x2,y1,y2", rows)
write(os.path.join(out, "weighted"), "x1,x2,y1,y2,w",
      [r + (1.0,) for r in rows] + [r + (0.0,) for r in bad])
EOF

FIXTURE=(--format csv --partitions 2 --epochs "$FIXTURE_EPOCHS" --batch-size 32 --label-column y1,y2
  --set task=regression --set model.loss=mean_squared_error --set optimizer=adam
  --set optimizer.learning_rate=0.01 --set data.test=)
# name|arguments after the jar (the mode is appended)
CASES=(
  "mnist|--config $CONFIG --data $ROOT/data/mnist --seed 1 --partitions 2 --epochs $EPOCHS"
  "regression|--data $WORK/data/regression ${FIXTURE[*]} --set model.layers=32:tanh,2:linear --set train.validation_split=0.1"
  "weighted-dropout|--data $WORK/data/weighted ${FIXTURE[*]} --set model.layers=32:tanh:dropout=0.2,2:linear --set data.weight_column=w --set train.validation_split=0"
)

# Trains every case in both modes with jar $1, writing "case-mode sha256" lines to file $2.
train_all() {
  local jar="$1" sums="$2" tag="$3" c name args mode out
  : > "$sums"
  for c in "${CASES[@]}"; do
    name="${c%%|*}" args="${c#*|}"
    for mode in jobs gang; do
      # Both jars write to the same path: model.nrn's provenance records "out".
      out="$WORK/run/$name-$mode"
      rm -rf "$out" "$out.checkpoints" "$WORK/$tag/$name-$mode"
      mkdir -p "$WORK/run" "$WORK/$tag"
      echo "[$tag] $name, $mode mode -> $WORK/$tag/$name-$mode" >&2
      # shellcheck disable=SC2086
      if ! nice -n 10 java $JVM_OPTS -Xmx4g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
          -cp "$jar:$(cat "$ROOT/target/classpath.txt")" dev.neuron.cli.Train $args --mode "$mode" \
          --out "$out" > "$WORK/$tag-$name-$mode.log" 2>&1; then
        echo "error: the $tag run $name ($mode) failed; see $WORK/$tag-$name-$mode.log" >&2
        exit 1
      fi
      grep -h "mode" "$out/metrics.json" | head -1 | tr -d ' ,' >&2 || true
      echo "$name-$mode $(sha256sum < "$out/model.nrn" | cut -d' ' -f1)" >> "$sums"
      mv "$out" "$WORK/$tag/$name-$mode"
      rm -rf "$out.checkpoints"
    done
  done
}

key="$(sha256sum < "$BASELINE" | cut -c1-16) config=$(sha256sum < "$CONFIG" | cut -c1-16) epochs=$EPOCHS/$FIXTURE_EPOCHS $(cat "$WORK"/data/*/part-* | sha256sum | cut -c1-16)"
if [[ "$REUSE" == true && -f "$WORK/baseline.sha256" && "$(head -1 "$WORK/baseline.key" 2>/dev/null)" == "$key" ]]; then
  echo "Reusing the baseline's hashes ($WORK/baseline.sha256, $key)" >&2
else
  train_all "$BASELINE" "$WORK/baseline.sha256" baseline
  echo "$key" > "$WORK/baseline.key"
fi
train_all "$JAR" "$WORK/current.sha256" current
echo "case                     baseline                                                          current"
paste -d' ' "$WORK/baseline.sha256" "$WORK/current.sha256" | awk '{ printf "%-24s %s %s %s\n", $1, $2, $4, ($2 == $4 ? "same" : "DIFFERENT") }'
if cmp -s "$WORK/baseline.sha256" "$WORK/current.sha256"; then
  echo "same bits: every model.nrn is byte-identical (reference job epochs=$EPOCHS)"
else
  # Where two files differ, whether it is only the header (the provenance lists the configuration
  # keys, so a newer jar writes a longer one) and its CRC, or the arrays too: io/Container's layout,
  # magic (8 bytes), version and header length (4 each), the JSON header, then the arrays, then a
  # 4-byte CRC of everything before it.
  for name in $(cut -d' ' -f1 "$WORK/current.sha256"); do
    python3 - "$WORK/baseline/$name/model.nrn" "$WORK/current/$name/model.nrn" "$name" <<'PY'
import struct, sys
def arrays(path):
    b = open(path, "rb").read()
    n = struct.unpack_from("<i", b, 12)[0]
    return b[16 + n:-4]
a, b, name = arrays(sys.argv[1]), arrays(sys.argv[2]), sys.argv[3]
print(f"{name}: arrays (weights) {'identical' if a == b else 'DIFFERENT'}")
PY
  done
  echo "DIFFERENT bits"
  exit 1
fi
