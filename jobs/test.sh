#!/usr/bin/env bash
# Runs Neuron's test suite: fetches MNIST if missing (the tests train on it), then mvn verify: the
# unit tests, the application jar, and the integration tests (a standalone cluster, HDFS).
# Extra arguments go to Maven before `verify`, e.g. jobs/test.sh -Dtest=GradientCheckTest,
# jobs/test.sh -DskipITs, or jobs/test.sh clean -Pspark-3.5 for the Spark 3.5 build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/jobs/fetch-mnist.sh"
cd "$ROOT"
exec mvn -B "$@" verify
