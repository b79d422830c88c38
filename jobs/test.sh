#!/usr/bin/env bash
# Runs Neuron's test suite: fetches MNIST if missing (the tests train on it), then mvn verify.
# Extra arguments go to Maven, e.g. jobs/test.sh -Dtest=GradientCheckTest
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/jobs/fetch-mnist.sh"
cd "$ROOT"
exec mvn -B verify "$@"
