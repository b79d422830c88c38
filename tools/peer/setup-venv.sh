#!/usr/bin/env bash
# Creates the peers' virtual environments from their pinned requirements, for jobs/bench-peers.sh:
#   tools/peer/.venv          requirements.txt          (Keras on TensorFlow, PyTorch, pyspark)
#   tools/peer/.venv-elephas  requirements-elephas.txt  (Elephas and the TensorFlow it accepts)
# each with every package at the version of its constraints file (constraints*.txt: what pip chose
# for the top-level pins when the file was written, `pip freeze --all`).
# Usage: tools/peer/setup-venv.sh [main|elephas|all]   (default all)
# An environment is ready when its stamp (.venv*/ready) holds the hash of its two files;
# a ready one is left as it is, a half-made one is installed into again. The base interpreter is
# $NEURON_PEER_PYTHON, else python3 (3.9-3.12: Elephas' range). Exit 0 when every requested
# environment is ready, 1 otherwise (pip's output says why).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${NEURON_PEER_PYTHON:-python3}"

make_env() {
  local dir="$HERE/$1" req="$HERE/$2" pins="$HERE/$3" want
  want="$(cat "$req" "$pins" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$dir/ready" && "$(cat "$dir/ready")" == "$want" ]]; then
    return 0
  fi
  echo "Creating $dir from $req (pip; the first time downloads a few GB)..." >&2
  rm -f "$dir/ready"
  # Each step checked: under `make_env ... || status=1` bash does not stop at a failed command.
  [[ -x "$dir/bin/python" ]] || "$PY" -m venv "$dir" || return 1
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -c "$pins" pip || return 1
  "$dir/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r "$req" \
    -c "$pins" || return 1
  "$dir/bin/python" -m pip freeze --all > "$dir/installed.txt" || return 1
  echo "$want" > "$dir/ready"
  echo "Ready: $dir (installed versions in $dir/installed.txt)" >&2
}

case "${1:-all}" in
  main) make_env .venv requirements.txt constraints.txt ;;
  elephas) make_env .venv-elephas requirements-elephas.txt constraints-elephas.txt ;;
  all) status=0
       make_env .venv requirements.txt constraints.txt || status=1
       make_env .venv-elephas requirements-elephas.txt constraints-elephas.txt || status=1
       exit "$status" ;;
  *) echo "usage: $0 [main|elephas|all]" >&2; exit 2 ;;
esac
