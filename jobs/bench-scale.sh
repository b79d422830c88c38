#!/usr/bin/env bash
# Scaling benchmark (not a test): the reference job with P executors on jobs/netns-cluster.sh's
# shaped links, per link rate and configuration, with each configuration's accuracy over the seeds
# (local mode, same bits); prints a table and writes DIR/bench.json (dev.neuron.bench.ScaleBench
# states what each column is and how the projection is made).
#   jobs/bench-scale.sh [--p 1,2,4,8] [--rates 1gbit,10gbit] [--configs f32,w16,b1024,b4096,h4,h16]
#                       [--seeds 1,2,3] [--timing-seeds 1] [--timing-epochs 2] [--reuse false]
#                       [--out DIR (default runs/bench-scale)]
# e.g. a subset: jobs/bench-scale.sh --p 2,4 --rates 10gbit --configs f32 --seeds 1
# Needs root (network namespaces). The links add no latency: netem is not available here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if wants_help "$@"; then
  build_if_needed
  run_main dev.neuron.bench.ScaleBench "" --help
fi
if [[ -z "${NEURON_NETNS_RUN:-}" ]]; then
  build_if_needed
  "$ROOT/jobs/fetch-mnist.sh" >&2
  # As many workers as the largest P asked for.
  ps="$(flag_value --p "$@")"
  workers="$(tr ',' '\n' <<< "${ps:-1,2,4,8}" | sort -n | tail -1)"
  rate="$(flag_value --rates "$@")"
  rate="${rate:-1gbit}"
  exec "$ROOT/jobs/netns-cluster.sh" --workers "$workers" --rate "${rate%%,*}" \
    --executor-memory "${NEURON_EXECUTOR_MEMORY:-1g}" -- "$0" "$@"
fi
cd "$ROOT"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run_main dev.neuron.bench.ScaleBench "" "$@"
