#!/usr/bin/env bash
# Creates (or refreshes) the Python side's virtual environment in python/.venv with the pinned
# versions of requirements.txt and constraints.txt, then builds the neuron-spark wheel with
# target/neuron-app.jar inside (into target/python-dist/) and installs it there. Needs Python
# 3.10+ and the jar (mvn -DskipTests package). Installs python3-venv with apt-get when the
# interpreter lacks venv/ensurepip (Debian's split). Re-running skips the package install while
# the pins are unchanged; the wheel is always rebuilt, so it carries the current jar.
set -euo pipefail
PY_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$PY_DIR")"
VENV="$PY_DIR/.venv"
JAR="$ROOT/target/neuron-app.jar"
PYTHON="${PYTHON:-python3}"

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || { echo "make-venv: $("$PYTHON" --version 2>&1) found, 3.10 or later needed" >&2; exit 2; }
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "make-venv: $PYTHON has no venv/ensurepip; installing python3-venv" >&2
    { apt-get update -qq && apt-get install -y -qq python3-venv; } >/dev/null
  else
    echo "make-venv: $PYTHON has no venv/ensurepip: install python3-venv" >&2
    exit 2
  fi
fi
[ -f "$JAR" ] || { echo "make-venv: $JAR missing: run mvn -B -DskipTests package first" >&2; exit 2; }

STAMP="$VENV/.pins"
PINS="$(cat "$PY_DIR/requirements.txt" "$PY_DIR/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$PINS" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # PIP_CONSTRAINT also reaches the isolated environments pip builds sdists in (pyspark is one),
  # so their setuptools and wheel are the pinned ones too.
  PIP_CONSTRAINT="$PY_DIR/constraints.txt" "$VENV/bin/python" -m pip install -q \
    --disable-pip-version-check -r "$PY_DIR/requirements.txt"
  echo "$PINS" > "$STAMP"
fi

# The wheel is built from a staging copy, so the jar never lands in the source tree.
STAGE="$ROOT/target/python-build"
DIST="$ROOT/target/python-dist"
rm -rf "$STAGE" "$DIST"
mkdir -p "$STAGE" "$DIST"
cp -r "$PY_DIR/pyproject.toml" "$PY_DIR/README.md" "$PY_DIR/src" "$STAGE/"
mkdir -p "$STAGE/src/neuron_spark/jars"
cp "$JAR" "$STAGE/src/neuron_spark/jars/neuron-app.jar"
"$VENV/bin/python" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
  "$STAGE" -w "$DIST"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall \
  "$DIST"/neuron_spark-*.whl
# The package alone (no jar) for spark-submit --py-files; the jar goes with --jars.
(cd "$PY_DIR/src" && "$VENV/bin/python" -m zipfile -c "$DIST/neuron_spark.zip" neuron_spark)
echo "make-venv: $VENV ready with $(basename "$DIST"/neuron_spark-*.whl)"
