#!/usr/bin/env bash
# Exports a trained model as ONNX (opset 13; input "input" [N, features] float, output "output"):
#   jobs/export-onnx.sh --model runs/mnist-mlp-.../ --out mnist.onnx
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
# shellcheck disable=SC2086
exec java $JVM_OPTS -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.neuron.cli.ExportOnnx "$@"
