#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the Spark jars Maven resolves (no Spark download):
# one master and two one-core workers, each its own JVM on 127.0.0.1, authentication and network
# encryption (spark.network.crypto.enabled) on.
#
#   jobs/standalone-cluster.sh start            builds target/spark-home if needed, starts, waits
#   jobs/standalone-cluster.sh status           which of its processes run
#   jobs/standalone-cluster.sh submit SCRIPT [ARGS...]
#                                               runs a jobs/ script through spark-submit against it,
#                                               e.g. submit jobs/train-mnist.sh --epochs 1
#   jobs/standalone-cluster.sh stop             stops the workers, then the master, and waits
#
# NEURON_SPARK_PROFILE=spark-3.5 takes the Spark 3.5 jars (the Maven profile of that name).
# NEURON_WORKERS=N starts N one-core workers instead of two (stop and status follow the count the
# cluster was started with).
# State (pids, logs, the secret, the driver's properties, work dirs) is in target/standalone/.
# The secret is generated at start and kept in mode-600 files: master and workers read it from
# _SPARK_AUTH_SECRET, the driver from the --properties-file, so it never appears in `ps`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STATE="$ROOT/target/standalone"
PROFILE="${NEURON_SPARK_PROFILE:-}"
HOST=127.0.0.1
PORT="${NEURON_MASTER_PORT:-7077}"
MASTER_URL="spark://$HOST:$PORT"
# The worker count of a running cluster is the one it was started with.
WORKERS="$(cat "$STATE/workers" 2>/dev/null || echo "${NEURON_WORKERS:-2}")"

# The pid in a pid file if that process is still the one we started (its command line names our
# Spark home and the class), else nothing.
live_pid() {
  local file="$STATE/$1.pid" class="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$SPARK_DIR/jars/.*$class"; then
    echo "$pid"
  fi
}

# Starts one daemon JVM in the background, its output in logs/NAME.log.
launch() {
  local name="$1" class="$2"; shift 2
  # shellcheck disable=SC2086
  SPARK_HOME="$SPARK_DIR" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$HOST" \
    _SPARK_AUTH_SECRET="$(cat "$STATE/secret")" \
    nohup java $JVM_OPTS -Xmx1g -Dspark.authenticate=true -Dspark.network.crypto.enabled=true \
    -Dspark.master.rest.enabled=false \
    -cp "$SPARK_DIR/jars/*" "$class" "$@" > "$STATE/logs/$name.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$STATE/$name.pid"
  # Until the fork has exec'd java, the pid still shows this script's command line.
  while kill -0 "$pid" 2>/dev/null && [[ -z "$(live_pid "$name" "$class")" ]]; do
    sleep 0.05
  done
}

start() {
  if [[ -n "$(live_pid master org.apache.spark.deploy.master.Master)" ]]; then
    echo "already running: $MASTER_URL (jobs/standalone-cluster.sh stop first)" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    echo "error: $HOST:$PORT is taken by another process; set NEURON_MASTER_PORT" >&2
    exit 1
  fi
  build_spark_home
  local t0=$SECONDS
  rm -rf "$STATE"
  mkdir -p "$STATE/logs"
  (
    umask 077
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/secret"
    printf '%s\n' "spark.master=$MASTER_URL" spark.authenticate=true \
      "spark.authenticate.secret=$(cat "$STATE/secret")" spark.network.crypto.enabled=true \
      > "$STATE/driver.properties"
  )
  WORKERS="${NEURON_WORKERS:-2}"
  echo "$WORKERS" > "$STATE/workers"
  trap 'stop >&2' ERR
  launch master org.apache.spark.deploy.master.Master \
    --host "$HOST" --port "$PORT" --webui-port "${NEURON_MASTER_UI_PORT:-8080}"
  await_daemon master "I have been elected leader"
  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$STATE/work-$i"
    launch "worker-$i" org.apache.spark.deploy.worker.Worker --host "$HOST" --cores 1 \
      --memory 2g --webui-port 0 --work-dir "$STATE/work-$i" "$MASTER_URL"
  done
  for ((i = 1; i <= WORKERS; i++)); do
    await_daemon "worker-$i" "Successfully registered with master"
  done
  trap - ERR
  echo "Standalone cluster up in $((SECONDS - t0)) s: $MASTER_URL, $WORKERS workers${PROFILE:+ ($PROFILE)}"
  echo "Submit with: jobs/standalone-cluster.sh submit jobs/train-mnist.sh --epochs 1"
}

# Stops one daemon with SIGTERM (a worker then kills its executors) and waits for it to exit.
halt() {
  local name="$1" class="$2" pid
  pid="$(live_pid "$name" "$class")"
  if [[ -z "$pid" ]]; then
    rm -f "$STATE/$name.pid"
    return
  fi
  kill "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "$name (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$STATE/$name.pid"
  echo "stopped $name (pid $pid)"
}

stop() {
  local i
  for ((i = 1; i <= WORKERS; i++)); do
    halt "worker-$i" org.apache.spark.deploy.worker.Worker
  done
  halt master org.apache.spark.deploy.master.Master
  rm -f "$STATE/workers"
}

status() {
  local name class pid up=0 i
  for name in master $(for ((i = 1; i <= WORKERS; i++)); do echo "worker-$i"; done); do
    class=org.apache.spark.deploy.worker.Worker
    [[ "$name" == master ]] && class=org.apache.spark.deploy.master.Master
    pid="$(live_pid "$name" "$class")"
    if [[ -n "$pid" ]]; then
      echo "$name: running (pid $pid)"
      up=$((up + 1))
    else
      echo "$name: not running"
    fi
  done
  [[ $up -eq $((WORKERS + 1)) ]] && echo "cluster: $MASTER_URL"
  [[ $up -gt 0 ]]
}

submit() {
  [[ $# -ge 1 ]] || { echo "usage: $0 submit SCRIPT [ARGS...]" >&2; exit 2; }
  if [[ -z "$(live_pid master org.apache.spark.deploy.master.Master)" ]]; then
    echo "error: the standalone cluster is not running (jobs/standalone-cluster.sh start)" >&2
    exit 1
  fi
  local script="$1"; shift
  SPARK_HOME="$SPARK_DIR" SPARK_LOCAL_IP="$HOST" NEURON_SPARK_PROPERTIES="$STATE/driver.properties" \
    exec "$script" "$@" --master "$MASTER_URL"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  submit) shift; submit "$@" ;;
  *) echo "usage: $0 start|stop|status|submit SCRIPT [ARGS...]" >&2; exit 2 ;;
esac
