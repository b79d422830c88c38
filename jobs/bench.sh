#!/usr/bin/env bash
# Training benchmark (not a test): sgemm rate, the reference job in each mode, and Spark MLlib's
# MultilayerPerceptronClassifier on the same data and time budget, in one JVM, in local mode; then
# the README main job (jobs/train-mnist.sh) end to end against the PyTorch script of the same job
# (tools/reference/mnist_job.py, when a python3 with torch is installed), in turns, each a fresh
# process.
# Options: --epochs N --steps N --partitions N --out DIR --seed N
#          --mode jobs|gang|gang-tcp|both|all|M,M... (gang-tcp: gang mode over loopback TCP even in local
#            mode; both: jobs and gang; all: the three; default both)
#          --mllib-seconds S (minimum MLlib budget; default: the slowest mode's training time)
#          --mllib no (skip the MLlib comparison)
#          --end-to-end N (rounds of the end-to-end pair; default 2; 0 skips)
#          --end-to-end-flags "FLAGS" (extra flags for jobs/train-mnist.sh, e.g. "--mode gang")
# Prints a summary and writes DIR/bench.json (default runs/bench).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
wants_help "$@" || "$ROOT/jobs/fetch-mnist.sh" >&2
cd "$ROOT"
wants_help "$@" || echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run_main dev.neuron.bench.Bench "" "$@"
