#!/usr/bin/env bash
# The Python side's tests: refreshes python/.venv and the wheel (make-venv.sh, needs
# target/neuron-app.jar), then runs pytest on python/tests against a real local Spark. Extra
# arguments go to pytest (e.g. python/test.sh -k onnx). Fails when pytest fails or collects no
# test (its exit code 5), so an empty run is never taken for a pass.
set -euo pipefail
PY_DIR="$(cd "$(dirname "$0")" && pwd)"
"$PY_DIR/make-venv.sh"
cd "$PY_DIR"
export OPENBLAS_NUM_THREADS=1
set +e
.venv/bin/python -m pytest tests "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "python/test.sh: pytest collected no test (exit 5): failing" >&2
fi
exit "$rc"
