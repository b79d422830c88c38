#!/usr/bin/env bash
# Trains from a configuration file: jobs/train.sh --config conf/NAME.properties [overrides...]
# Overrides: --seed --epochs --partitions --batch-size --mode auto|jobs|gang (default auto: gang
# mode where Spark can run every partition's task at once, else one job per step) --data --out
# --master --set key=value.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
run_main dev.neuron.cli.Train "$(flag_value --master "$@")" "$@"
