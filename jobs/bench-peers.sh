#!/usr/bin/env bash
# Peer benchmark (not a test): the README main job (jobs/train-mnist.sh) against the Keras program,
# current PyTorch, TorchDistributor and Elephas (tools/peer/), in turns, over seeds 1-3, on the
# same IDX files and 2 threads; prints each side's seconds per epoch, end to end, test accuracy and
# matrix-product rate, and the [target] lines; writes DIR/bench.json (default runs/bench-peers).
# Creates the peers' virtual environments on first use (tools/peer/setup-venv.sh, a few GB from the
# package index); a peer whose environment cannot be made is skipped, one that fails is reported,
# and neither fails the bench.
# Options: --seeds 1,2,3 --epochs N --peers all|NAME,NAME... --out DIR --data DIR
#          --neuron-flags "FLAGS" --limit-minutes M
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
if ! wants_help "$@"; then
  "$ROOT/jobs/fetch-mnist.sh" >&2
  echo "uptime: $(uptime)"
  "$ROOT/tools/peer/setup-venv.sh" all \
    || echo "warning: a peer environment could not be made (pip's output above); its peers are" \
      "skipped" >&2
fi
cd "$ROOT"
run_main dev.neuron.bench.BenchPeers "" "$@"
