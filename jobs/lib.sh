# Shared by the jobs/ scripts: locations, the build, and the JVM settings Spark needs.
# Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/neuron.jar"
CLASSPATH_FILE="$ROOT/target/classpath.txt"
JVM_OPTS="$(grep -v '^#' "$ROOT/conf/jvm-options" | tr '\n' ' ')"
# OpenBLAS reads this when it loads; Spark's task threads already use the cores.
export OPENBLAS_NUM_THREADS=1

# Builds the application jar, its runtime libraries (target/lib) and the local classpath (Spark
# included, for embedded local mode) when sources are newer than the jar.
build_if_needed() {
  if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "Building Neuron (mvn package)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# Runs a main class embedded (no Spark installation), or through spark-submit when SPARK_HOME is set
# or a non-local master is given.
run_main() {
  local main="$1" master="$2"; shift 2
  if [[ -n "${SPARK_HOME:-}" || ( -n "$master" && "$master" != local* ) ]]; then
    local submit="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
    exec "$submit" --class "$main" ${master:+--master "$master"} \
      --jars "$(ls "$ROOT"/target/lib/*.jar | tr '\n' ',' | sed 's/,$//')" \
      --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
      --driver-java-options "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
      "$JAR" "$@"
  fi
  # shellcheck disable=SC2086
  exec java $JVM_OPTS ${NEURON_JAVA_OPTS:--Xmx8g} \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" "$main" "$@"
}

# The value following a flag in "$@", or empty.
flag_value() {
  local flag="$1"; shift
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == "$flag" && $# -ge 2 ]]; then echo "$2"; return; fi
    shift
  done
}
