#!/usr/bin/env bash
# Evaluates a trained model on labelled data and writes metrics.json to --out (all or nothing):
#   jobs/evaluate.sh --model DIR --data PATH --out DIR [--format idx|parquet|csv|images] [--top-k K]
#                    [--skip-invalid] [--scale S] [--resize | --resize-draft] [--label-column C] [--features-column C]
#                    [--master URL]
# Paths may be any Hadoop path. Embedded local mode, or spark-submit with SPARK_HOME / a cluster master.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
run_main dev.neuron.cli.Evaluate "$(flag_value --master "$@")" "$@"
