# Shared by the jobs/ scripts: locations, the build, and the JVM settings Spark needs.
# Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/neuron.jar"
# The application jar for spark-submit: Neuron with its native BLAS inside, Spark provided.
APP_JAR="$ROOT/target/neuron-app.jar"
CLASSPATH_FILE="$ROOT/target/classpath.txt"
# The JVM's class-data archive for target/neuron.jar and its classpath (see class_data_archive).
CDS_ARCHIVE="$ROOT/target/neuron.jsa"
JVM_OPTS="$(grep -v '^#' "$ROOT/conf/jvm-options" | tr '\n' ' ')"
# OpenBLAS reads this when it loads; Spark's task threads already use the cores.
export OPENBLAS_NUM_THREADS=1

# Builds the jars (target/neuron.jar for embedded local mode with the classpath in
# target/classpath.txt, Spark included; target/neuron-app.jar for spark-submit) when sources are
# newer than them.
build_if_needed() {
  if [[ ! -f "$JAR" || ! -f "$APP_JAR" || ! -f "$CLASSPATH_FILE" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$APP_JAR" -print -quit)" ]]; then
    echo "Building Neuron (mvn package)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# Records CDS_ARCHIVE when it is missing or older than the jar, the classpath or the java binary:
# one small training run (bench/ClassDataWarmup) with -XX:ArchiveClassesAtExit, about 10-20 s once
# per build. Embedded runs then map those classes instead of loading them from the jars (about
# 7 CPU seconds of start-up; docs/performance.md). If recording fails, runs go on without it
# (the stamp keeps later runs from retrying until the next build).
class_data_archive() {
  local stamp="$CDS_ARCHIVE.stamp" java_bin want
  java_bin="$(readlink -f "$(command -v java)")"
  want="$java_bin $(stat -c %Y "$java_bin") $JVM_OPTS"
  if [[ -f "$stamp" && "$stamp" -nt "$JAR" && "$stamp" -nt "$CLASSPATH_FILE" \
        && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  echo "Recording the JVM's class-data archive ($CDS_ARCHIVE, once per build)..." >&2
  rm -f "$CDS_ARCHIVE"
  local part="$CDS_ARCHIVE.$$" log="$CDS_ARCHIVE.log"
  # shellcheck disable=SC2086
  if java $JVM_OPTS -XX:ArchiveClassesAtExit="$part" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$JAR:$(cat "$CLASSPATH_FILE")" dev.neuron.bench.ClassDataWarmup > "$log" 2>&1 \
      && [[ -s "$part" ]]; then
    mv "$part" "$CDS_ARCHIVE"
  else
    rm -f "$part"
    echo "warning: recording the class-data archive failed (see $log); running without it" >&2
  fi
  echo "$want" > "$stamp"
}

# target/spark-home: jars/ as a Spark distribution has them (Spark, Scala, the Hadoop client, the
# netlib BLAS Spark ships), an empty conf/, and a stamp naming the Maven profile
# (NEURON_SPARK_PROFILE, e.g. spark-3.5) and pom.xml it came from (rebuilt when either changes).
SPARK_DIR="$ROOT/target/spark-home"
build_spark_home() {
  local profile="${NEURON_SPARK_PROFILE:-}" stamp
  stamp="$profile $(sha256sum < "$ROOT/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$SPARK_DIR/profile" && "$(cat "$SPARK_DIR/profile")" == "$stamp" ]]; then
    return
  fi
  echo "Collecting the Spark jars${profile:+ ($profile)} into $SPARK_DIR..." >&2
  rm -rf "$SPARK_DIR"
  mkdir -p "$SPARK_DIR/conf"
  local goals=(dependency:copy-dependencies@spark-home dependency:copy@spark-netlib
    ${profile:+-P"$profile"})
  (cd "$ROOT" && { mvn -B -q -o "${goals[@]}" || mvn -B -q "${goals[@]}"; }) >&2
  echo "$stamp" > "$SPARK_DIR/profile"
}

# Runs a main class embedded (no Spark installation), or through spark-submit when SPARK_HOME is set
# or a non-local master is given. SPARK_HOME may be a distribution (bin/spark-submit) or a folder of
# Spark jars alone (jars/, as target/spark-home), whose SparkSubmit then runs in this JVM. Without
# SPARK_HOME: spark-submit from the PATH, else for a standalone master (spark://) the build's own
# Spark jars (target/spark-home); YARN and Kubernetes need a Spark installation with their support,
# which the build does not have. NEURON_SPARK_PROPERTIES names a --properties-file (e.g. the
# standalone cluster's secret).
run_main() {
  local main="$1" master="$2"; shift 2
  local log="-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
  if [[ -n "${SPARK_HOME:-}" || ( -n "$master" && "$master" != local* ) ]]; then
    local home="${SPARK_HOME:-}"
    if [[ -z "$home" ]] && ! command -v spark-submit >/dev/null; then
      if [[ "$master" != spark://* ]]; then
        echo "error: --master $master needs spark-submit with that cluster manager's support:" \
          "set SPARK_HOME to a Spark installation (or put its bin/ on the PATH). Without one," \
          "the build's Spark jars can submit to a standalone master (--master spark://HOST:PORT)" \
          "or run locally (no --master)." >&2
        exit 2
      fi
      build_spark_home
      home="$SPARK_DIR"
      echo "No SPARK_HOME and no spark-submit on the PATH: submitting with the build's Spark jars" \
        "($SPARK_DIR)" >&2
    fi
    local -a submit
    if [[ -n "$home" && -x "$home/bin/spark-submit" ]]; then
      submit=("$home/bin/spark-submit")
    elif [[ -n "$home" && -d "$home/jars" ]]; then
      # shellcheck disable=SC2206
      submit=(env SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 java $JVM_OPTS ${NEURON_JAVA_OPTS:-}
        "$log" -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit)
    else
      submit=(spark-submit)
    fi
    exec "${submit[@]}" --class "$main" ${master:+--master "$master"} \
      ${NEURON_SPARK_PROPERTIES:+--properties-file "$NEURON_SPARK_PROPERTIES"} \
      --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
      --driver-java-options "$log" \
      "$APP_JAR" "$@"
  fi
  class_data_archive
  local -a cds=()
  [[ -f "$CDS_ARCHIVE" ]] && cds=(-XX:SharedArchiveFile="$CDS_ARCHIVE")
  # shellcheck disable=SC2086
  exec java $JVM_OPTS "${cds[@]}" ${NEURON_JAVA_OPTS:--Xmx8g} "$log" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" "$main" "$@"
}

# True when "$@" asks for the usage (the Java main prints it), so a script skips fetching data.
wants_help() {
  local a
  for a in "$@"; do [[ "$a" == --help || "$a" == -h ]] && return 0; done
  return 1
}

# The value following a flag in "$@", or empty.
flag_value() {
  local flag="$1"; shift
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == "$flag" && $# -ge 2 ]]; then echo "$2"; return; fi
    shift
  done
}

# Waits until a Spark daemon's log, $STATE/logs/NAME.log, shows READY, or fails with the log's tail
# when the daemon ($STATE/NAME.pid) exits or 120 s pass. STATE is the calling script's folder.
await_daemon() {
  local name="$1" ready="$2" deadline=$((SECONDS + 120))
  until grep -q "$ready" "$STATE/logs/$name.log" 2>/dev/null; do
    if ! kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
      echo "error: $name exited during start-up; $STATE/logs/$name.log ends with:" >&2
      tail -20 "$STATE/logs/$name.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "error: $name not ready after 120 s (waiting for '$ready' in $STATE/logs/$name.log)" >&2
      return 1
    fi
    sleep 0.2
  done
}
