#!/usr/bin/env bash
# Benchmark (not a test) of the BLAS kernels and the bits they compute: runs bench.BlasKernels in
# one JVM per OpenBLAS kernel family (OpenBLAS reads OPENBLAS_CORETYPE when it loads): the CPU's
# own choice (OPENBLAS_CORETYPE unset), then each family given (default: Haswell SkylakeX Zen).
# Each JVM times OpenBLAS, the JDK vector API and netlib's scalar Java BLAS on the same
# products and prints their ratios and a CRC of their bits.
#   jobs/bench-blas.sh [FAMILY ...]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$ROOT"
families=("$@"); [[ ${#families[@]} -gt 0 ]] || families=(Haswell SkylakeX Zen)
echo "load: $(uptime)"
for family in "" "${families[@]}"; do
  echo "== OPENBLAS_CORETYPE=${family:-unset, chosen by the CPU}"
  # shellcheck disable=SC2086
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${family:+OPENBLAS_CORETYPE=$family} \
    java $JVM_OPTS -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.neuron.bench.BlasKernels 2>&1 | grep -E '^(RESULT|kernel|no )'
done
