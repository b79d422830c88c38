#!/usr/bin/env bash
# Writes N labelled images built from the MNIST test set (the first 10,000 exact, the rest with small
# deterministic perturbations): PNG or JPEG class folders (--size S enlarges them to S×S, --colour
# tints them keeping their luma), Parquet rows or MNIST-layout CSV.
#   jobs/make-image-set.sh --n N --out DIR [--format png|jpeg|parquet|parquet-bytes|csv] [--size S]
#                          [--colour] [--source data/mnist] [--seed S]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
if [[ -z "$(flag_value --source "$@")" ]] && ! wants_help "$@"; then
  "$ROOT/jobs/fetch-mnist.sh" >&2
fi
cd "$ROOT"
run_main dev.neuron.cli.MakeImageSet "$(flag_value --master "$@")" "$@"
