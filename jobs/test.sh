#!/usr/bin/env bash
# Runs Neuron's test suite: fetches MNIST if missing (the tests train on it), then mvn verify: the
# unit tests, the application jar, and the integration tests (a standalone cluster, HDFS); then
# the Python package's tests (python/test.sh: the pinned venv, the wheel, pytest on a local Spark).
# Extra arguments go to Maven before `verify`, e.g. jobs/test.sh -Dtest=GradientCheckTest,
# jobs/test.sh -DskipITs, or jobs/test.sh clean -Pspark-3.5 for the Spark 3.5 build (which skips
# the Python tests: they pin pyspark 4.2.0). NEURON_SKIP_PYTHON=1 skips them too.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/jobs/fetch-mnist.sh"
cd "$ROOT"
mvn -B "$@" verify
prev=""
for arg in "$@"; do
  if [[ "$arg" == -P*spark-3.5* || ( "$prev" == -P && "$arg" == *spark-3.5* ) ]]; then
    echo "jobs/test.sh: Python tests skipped: this is the Spark 3.5 build and python/ pins pyspark 4.2.0"
    exit 0
  fi
  prev="$arg"
done
if [ "${NEURON_SKIP_PYTHON:-0}" = 1 ]; then
  echo "jobs/test.sh: Python tests skipped: NEURON_SKIP_PYTHON=1"
  exit 0
fi
exec "$ROOT/python/test.sh"
