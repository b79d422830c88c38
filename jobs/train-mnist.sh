#!/usr/bin/env bash
# Trains the reference MNIST job (784-512 relu-10 softmax, RMSprop, batch 128, 5 epochs) embedded in
# local mode, or through spark-submit when SPARK_HOME is set or --master names a cluster.
# Options: --seed N --epochs N --partitions N --mode auto|jobs|gang --data DIR --out DIR --master URL
# (and every option of jobs/train.sh). Builds the jar and fetches MNIST when missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
if [[ -z "$(flag_value --data "$@")" ]] && ! wants_help "$@"; then
  "$ROOT/jobs/fetch-mnist.sh" >&2
fi
cd "$ROOT"
run_main dev.neuron.cli.Train "$(flag_value --master "$@")" --config "$ROOT/conf/mnist-mlp.properties" "$@"
