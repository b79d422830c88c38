#!/usr/bin/env bash
# Training benchmark (not a test): sgemm rate, the reference job in each mode, and Spark MLlib's
# MultilayerPerceptronClassifier on the same data and time budget, in one JVM, in local mode.
# Options: --epochs N --steps N --partitions N --out DIR --seed N
#          --mode jobs|gang|gang-tcp|both|all|M,M... (gang-tcp: gang mode over loopback TCP even in local
#            mode; both: jobs and gang; all: the three; default both)
#          --mllib-seconds S (minimum MLlib budget; default: the slowest mode's training time)
#          --mllib no (skip the MLlib comparison)
# Prints a summary and writes DIR/bench.json (default runs/bench).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
wants_help "$@" || "$ROOT/jobs/fetch-mnist.sh" >&2
cd "$ROOT"
wants_help "$@" || echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run_main dev.neuron.cli.Bench "" "$@"
