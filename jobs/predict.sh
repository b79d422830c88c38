#!/usr/bin/env bash
# Scores data with a trained model; writes --out/predictions (Parquet, or CSV) and --out/summary.json,
# all or nothing:
#   jobs/predict.sh --model DIR --data PATH --out DIR [--format idx|parquet|csv|images]
#                   [--output-format parquet|csv] [--probabilities] [--skip-invalid] [--scale S]
#                   [--resize | --resize-draft] [--master URL]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
run_main dev.neuron.cli.Predict "$(flag_value --master "$@")" "$@"
