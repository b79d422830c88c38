#!/usr/bin/env bash
# A Spark standalone cluster with a real, shaped network on this one machine: the master, P
# one-core workers and the driver each in its own Linux network namespace, every namespace joined
# by a veth pair to a bridge in a namespace of its own, every link shaped with `tc tbf` to one rate
# in both directions (egress of each veth end). Spark authentication and network encryption are on,
# as in jobs/standalone-cluster.sh; master and workers run from the Maven-resolved Spark jars.
#
#   jobs/netns-cluster.sh [options] -- COMMAND [ARGS...]
#       starts the cluster, runs COMMAND in the driver's namespace, tears everything down (also on
#       failure or Ctrl-C) and exits with COMMAND's status. COMMAND sees:
#         MASTER_URL                 spark://ADDRESS:7077 (pass it as --master)
#         NEURON_SPARK_PROPERTIES    the driver's --properties-file (secret, driver address, the
#                                    --conf settings), which jobs/ scripts pass to spark-submit
#         SPARK_LOCAL_IP, NEURON_NETNS_RUN (the run id), NEURON_NETNS_WORKERS, NEURON_NETNS_RATE,
#         NEURON_NETNS_STATE (the run's folder: logs, pids), NEURON_NETNS_PREFIX (namespace prefix)
#   jobs/netns-cluster.sh --cleanup [RUN]
#       tears down run RUN, or every run whose script is no longer alive (a crashed run).
#   jobs/netns-cluster.sh --reshape RUN RATE
#       shapes every link of the running run RUN to RATE (a bench changes rate between runs).
#   jobs/netns-cluster.sh --check
#       exits 0 if this machine can build the cluster (root, ip netns, veth, bridge, tbf), else
#       prints why and exits 3.
#
# Options: --workers P (default 2)  --rate RATE (tc syntax: 1gbit, 2.5gbit, 10gbit; default 10gbit)
#          --executor-memory SIZE (spark.executor.memory, default 1g; each worker offers 256 MB
#            more, its own JVM takes at most 256 MB: P = 8 needs about 12 GB)
#          --conf KEY=VALUE (repeatable: a Spark setting for the driver's properties file)
# NEURON_NETNS_LOGS=DIR keeps the daemons' logs and the executors' output there on exit.
#
# The links add no latency (netem is not available here): only bandwidth is shaped, so anything
# measured on this cluster has a round-trip time of tens of microseconds, far below a real network's.
# Addresses are 10.47.0.0/24, which exists only on this run's veths: each namespace has lo and one
# interface, no default route, so nothing can leave. Names carry a run id (nrn<id>...), state is in
# $NEURON_NETNS_DIR/<id> (default /tmp/neuron-netns). Needs root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STATE_ROOT="${NEURON_NETNS_DIR:-/tmp/neuron-netns}"
SUBNET=10.47.0
MASTER_IP="$SUBNET.2"
DRIVER_IP="$SUBNET.3"
PORT=7077
# A worker's address: workers 1..P on .11 and up.
worker_ip() { echo "$SUBNET.$((10 + $1))"; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

# Why this machine cannot build the cluster, or nothing.
unable() {
  [[ "$(id -u)" == 0 ]] || { echo "not root (ip netns, veth and tc need root)"; return; }
  command -v ip > /dev/null || { echo "no 'ip' command (iproute2)"; return; }
  command -v tc > /dev/null || { echo "no 'tc' command (iproute2)"; return; }
  local probe="nrnprobe$$"
  if ! ip netns add "$probe" 2> /dev/null; then
    echo "'ip netns add' failed (no network namespaces here?)"
    return
  fi
  local why=""
  if ! ip -n "$probe" link add probe0 type veth peer name probe1 2> /dev/null; then
    why="cannot create a veth pair in a network namespace"
  elif ! ip -n "$probe" link add probebr type bridge 2> /dev/null; then
    why="cannot create a bridge in a network namespace"
  elif ! ip -n "$probe" link set probe0 up || ! tc -n "$probe" qdisc add dev probe0 root tbf rate 1gbit \
      burst 64kb latency 100ms 2> /dev/null; then
    why="cannot add a tbf qdisc (tc tbf)"
  fi
  ip netns del "$probe" 2> /dev/null || true
  echo "$why"
}

# ---- teardown -------------------------------------------------------------------------------
# Ends every process in the run's namespaces (the daemons it started and the executors they
# started), then deletes the namespaces and the state folder.
teardown() {
  local run="$1" ns pids pid deadline
  local dir="$STATE_ROOT/$run"
  local -a spaces=()
  mapfile -t spaces < <(ip netns list 2> /dev/null | awk '{print $1}' | grep "^nrn$run" || true)
  for ns in "${spaces[@]}"; do
    pids="$(ip netns pids "$ns" 2> /dev/null || true)"
    for pid in $pids; do kill "$pid" 2> /dev/null || true; done
  done
  deadline=$((SECONDS + 20))
  for ns in "${spaces[@]}"; do
    while [[ -n "$(ip netns pids "$ns" 2> /dev/null || true)" ]]; do
      if ((SECONDS > deadline)); then
        for pid in $(ip netns pids "$ns" 2> /dev/null || true); do
          echo "netns-cluster: pid $pid in $ns ignored SIGTERM for 20 s; killing it" >&2
          kill -9 "$pid" 2> /dev/null || true
        done
        sleep 0.5
        break
      fi
      sleep 0.2
    done
  done
  for ns in "${spaces[@]}"; do
    ip netns del "$ns" 2> /dev/null || echo "netns-cluster: could not delete namespace $ns" >&2
  done
  rm -rf "$dir"
}

# --cleanup [RUN]: RUN, or every run whose owning script has exited.
cleanup_mode() {
  local only="${1:-}" run owner
  [[ "$(id -u)" == 0 ]] || { echo "error: --cleanup needs root" >&2; exit 3; }
  local -a runs=()
  if [[ -n "$only" ]]; then
    runs=("$only")
  else
    # Runs with a state folder, and namespaces of ours whose state folder is gone.
    mapfile -t runs < <( { ls "$STATE_ROOT" 2> /dev/null || true
      ip netns list 2> /dev/null | awk '{print $1}' | sed -n 's/^nrn\([0-9a-f]\{6\}\).*/\1/p'
    } | sort -u)
  fi
  for run in "${runs[@]}"; do
    [[ "$run" =~ ^[0-9a-f]{6}$ ]] || continue
    owner="$(cat "$STATE_ROOT/$run/owner" 2> /dev/null || true)"
    if [[ -z "$only" && -n "$owner" ]] && kill -0 "$owner" 2> /dev/null; then
      echo "run $run: its script (pid $owner) is still running; left alone"
      continue
    fi
    teardown "$run"
    echo "run $run: torn down"
  done
}

# ---- building ---------------------------------------------------------------------------------
# A namespace with lo up.
make_ns() {
  ip netns add "$1"
  ip -n "$1" link set lo up
}

# Shapes the egress of DEV in namespace NS to RATE. The bucket is small (64 KB: 0.5 ms at
# 1 Gbit/s) so that after an idle gap a 1 MB frame cannot pass at memory speed; for that, packets
# handed to tbf must be smaller than the bucket, so the veth's segmentation offload is capped at
# 16 KB (with 64 KB packets and a 64 KB bucket tbf passes half the rate; measured on this machine
# with one TCP stream at 1 Gbit/s: 0.88 Gbit/s of payload with the cap, 0.44 without).
shape() {
  ip -n "$1" link set dev "$2" gso_max_size 16384
  tc -n "$1" qdisc replace dev "$2" root tbf rate "${3:-$RATE}" burst 64kb latency 200ms
}

# --reshape RUN RATE: every link of running run RUN shaped to RATE from now on.
reshape_mode() {
  local run="${1:?--reshape needs RUN and RATE}" rate="${2:?--reshape needs RUN and RATE}" ns dev
  check_rate "$rate"
  local -a spaces=()
  mapfile -t spaces < <(ip netns list 2> /dev/null | awk '{print $1}' | grep "^nrn$run" || true)
  [[ ${#spaces[@]} -gt 0 ]] || { echo "error: no namespaces of run '$run'" >&2; exit 2; }
  for ns in "${spaces[@]}"; do
    for dev in $(ip -n "$ns" -o link show type veth | awk -F'[:@]' '{print $2}'); do
      shape "$ns" "$dev" "$rate"
    done
  done
  echo "netns cluster $run: every link shaped to $rate each way" >&2
}

check_rate() {
  [[ "$1" =~ ^[0-9]+(\.[0-9]+)?[kmg]?bit$ ]] \
    || { echo "error: rate: expected a rate such as 1gbit, 2.5gbit or 10gbit, found '$1'" >&2; exit 2; }
}

# Joins namespace NS to the bridge through a veth pair (eth0 in NS, PORT on the bridge), gives it
# ADDRESS/24, and shapes both ends.
attach() {
  local ns="$1" port="$2" address="$3"
  ip link add eth0 netns "$ns" type veth peer name "$port" netns "$BRIDGE_NS"
  ip -n "$BRIDGE_NS" link set "$port" master br0 up
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  shape "$ns" eth0
  shape "$BRIDGE_NS" "$port"
}

# Starts a Spark daemon in namespace NS, its output in logs/NAME.log; records its pid.
launch() {
  local ns="$1" name="$2" ip="$3" class="$4"; shift 4
  # shellcheck disable=SC2086
  ip netns exec "$ns" env SPARK_HOME="$SPARK_DIR" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$ip" \
    _SPARK_AUTH_SECRET="$(cat "$STATE/secret")" \
    nohup java $JVM_OPTS -Xmx256m -Dspark.authenticate=true -Dspark.network.crypto.enabled=true \
    -Dspark.master.rest.enabled=false \
    -cp "$SPARK_DIR/jars/*" "$class" "$@" > "$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo "$!" > "$STATE/$name.pid"
}

# ---- main -----------------------------------------------------------------------------------
WORKERS=2
RATE=10gbit
EXECUTOR_MEMORY=1g
CONFS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) WORKERS="${2:?--workers needs a count}"; shift 2 ;;
    --rate) RATE="${2:?--rate needs a rate, e.g. 10gbit}"; shift 2 ;;
    --executor-memory) EXECUTOR_MEMORY="${2:?--executor-memory needs a size}"; shift 2 ;;
    --conf) CONFS+=("${2:?--conf needs KEY=VALUE}"); shift 2 ;;
    --cleanup) shift; cleanup_mode "$@"; exit 0 ;;
    --reshape) shift; reshape_mode "$@"; exit 0 ;;
    --check)
      why="$(unable)"
      [[ -z "$why" ]] || { echo "netns cluster unavailable: $why"; exit 3; }
      echo "netns cluster available"; exit 0 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $# -ge 1 ]] || { echo "error: expected -- COMMAND [ARGS...] (see --help)" >&2; exit 2; }
[[ "$WORKERS" =~ ^[1-9][0-9]?$ ]] || { echo "error: --workers: expected 1-99, found '$WORKERS'" >&2; exit 2; }
check_rate "$RATE"
[[ "$EXECUTOR_MEMORY" =~ ^[0-9]+[mg]$ ]] \
  || { echo "error: --executor-memory: expected a size such as 1g or 1536m, found '$EXECUTOR_MEMORY'" >&2; exit 2; }
for c in "${CONFS[@]}"; do
  [[ "$c" == spark.*=* ]] || { echo "error: --conf: expected spark.KEY=VALUE, found '$c'" >&2; exit 2; }
done
why="$(unable)"
[[ -z "$why" ]] || { echo "error: cannot build the netns cluster: $why" >&2; exit 3; }

build_if_needed
build_spark_home
RUN="$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PREFIX="nrn$RUN"
BRIDGE_NS="${PREFIX}br"
STATE="$STATE_ROOT/$RUN"
mkdir -p "$STATE/logs"
echo $$ > "$STATE/owner"
# Worker memory in MB: the executor's plus 256 MB.
case "$EXECUTOR_MEMORY" in
  *g) WORKER_MB=$(( ${EXECUTOR_MEMORY%g} * 1024 + 256 )) ;;
  *m) WORKER_MB=$(( ${EXECUTOR_MEMORY%m} + 256 )) ;;
esac

status=1
finish() {
  trap - EXIT INT TERM
  if [[ -n "${NEURON_NETNS_LOGS:-}" ]]; then
    # The daemons' logs and the executors' stdout/stderr, kept for whoever asked.
    mkdir -p "$NEURON_NETNS_LOGS"
    cp -r "$STATE/logs/." "$NEURON_NETNS_LOGS/" 2> /dev/null || true
    (cd "$STATE" && find . -path './work-*' \( -name stderr -o -name stdout \) -print0 \
      | xargs -0 -r cp --parents -t "$NEURON_NETNS_LOGS") 2> /dev/null || true
  fi
  teardown "$RUN"
  exit "$status"
}
trap finish EXIT
trap 'status=130; finish' INT
trap 'status=143; finish' TERM

t0=$SECONDS
(
  umask 077
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/secret"
  printf '%s\n' "spark.master=spark://$MASTER_IP:$PORT" spark.authenticate=true \
    "spark.authenticate.secret=$(cat "$STATE/secret")" spark.network.crypto.enabled=true \
    "spark.driver.host=$DRIVER_IP" "spark.driver.bindAddress=$DRIVER_IP" \
    spark.executor.cores=1 "spark.executor.memory=$EXECUTOR_MEMORY" "${CONFS[@]}" \
    > "$STATE/driver.properties"
)
make_ns "$BRIDGE_NS"
ip -n "$BRIDGE_NS" link add br0 type bridge
ip -n "$BRIDGE_NS" link set br0 up
make_ns "${PREFIX}m"
attach "${PREFIX}m" pm "$MASTER_IP"
make_ns "${PREFIX}d"
attach "${PREFIX}d" pd "$DRIVER_IP"
for ((i = 1; i <= WORKERS; i++)); do
  make_ns "${PREFIX}w$i"
  attach "${PREFIX}w$i" "pw$i" "$(worker_ip "$i")"
done

launch "${PREFIX}m" master "$MASTER_IP" org.apache.spark.deploy.master.Master \
  --host "$MASTER_IP" --port "$PORT" --webui-port 8080
await_daemon master "I have been elected leader"
for ((i = 1; i <= WORKERS; i++)); do
  mkdir -p "$STATE/work-$i"
  launch "${PREFIX}w$i" "worker-$i" "$(worker_ip "$i")" org.apache.spark.deploy.worker.Worker \
    --host "$(worker_ip "$i")" --cores 1 --memory "${WORKER_MB}m" --webui-port 8081 \
    --work-dir "$STATE/work-$i" "spark://$MASTER_IP:$PORT"
done
for ((i = 1; i <= WORKERS; i++)); do
  await_daemon "worker-$i" "Successfully registered with master"
done
echo "netns cluster $RUN up in $((SECONDS - t0)) s: spark://$MASTER_IP:$PORT, $WORKERS one-core" \
  "workers, every link shaped to $RATE each way (tbf; no added latency: netem is not available)" >&2

set +e
ip netns exec "${PREFIX}d" env MASTER_URL="spark://$MASTER_IP:$PORT" SPARK_LOCAL_IP="$DRIVER_IP" \
  NEURON_SPARK_PROPERTIES="$STATE/driver.properties" NEURON_NETNS_RUN="$RUN" \
  NEURON_NETNS_PREFIX="$PREFIX" NEURON_NETNS_WORKERS="$WORKERS" NEURON_NETNS_RATE="$RATE" \
  NEURON_NETNS_STATE="$STATE" "$@"
status=$?
set -e
