# shellcheck shell=bash
# Shared steps of the Kafka-to-outputs benchmarks (scripts/bench-catchup, scripts/bench-e2e): a
# Kafka broker, the bench classpath, a game-telemetry backlog topic, a stub remote_write receiver
# and one timed `strata run`. Sourced, never executed; the caller sets `work` (a temp dir) and
# calls bench_cleanup on exit.

BENCH_KAFKA="127.0.0.1:${STRATA_KAFKA_PORT:-19092}"
BENCH_RECEIVER_PORT="${STRATA_BENCH_RECEIVER_PORT:-19111}"
BENCH_STRATA="${STRATA_BENCH_STRATA:-${STRATA_ROOT}/bin/strata}"
bench_started_kafka=0
bench_receiver_pid=""

bench_cleanup() {
  bench_stop_receiver
  if (( bench_started_kafka )); then "${STRATA_ROOT}/scripts/kafka-stop"; fi
  rm -rf "$work"
}

# bench_prepare: starts Kafka unless one answers, builds bench and jobs, sets BENCH_CP.
bench_prepare() {
  if ! port_open "${BENCH_KAFKA##*:}"; then
    "${STRATA_ROOT}/scripts/kafka-start"
    bench_started_kafka=1
  fi
  (cd "$STRATA_ROOT" && mvn -B -q -ntp -DskipTests -pl bench,jobs -am install)
  BENCH_CP="${STRATA_ROOT}/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$(cat "${STRATA_ROOT}/bench/target/classpath.txt")"
}

# bench_backlog TOPIC HOSTS MINUTES: writes the backlog (4 partitions keyed by host, ending now)
# unless STRATA_BENCH_TOPIC names an existing one; prints the topic.
bench_backlog() {
  if [[ -n "${STRATA_BENCH_TOPIC:-}" ]]; then
    printf '%s\n' "$STRATA_BENCH_TOPIC"
    return
  fi
  java -cp "$BENCH_CP" io.strata.bench.KafkaBacklog "$BENCH_KAFKA" "$1" 4 "$2" "$3" >&2
  printf '%s\n' "$1"
}

# bench_load TOPIC LOADGEN_ARGS...: `strata loadgen` of this checkout into TOPIC (4 partitions)
# unless STRATA_BENCH_TOPIC names an existing one; prints the topic.
bench_load() {
  local topic=$1
  shift
  if [[ -n "${STRATA_BENCH_TOPIC:-}" ]]; then
    printf '%s\n' "$STRATA_BENCH_TOPIC"
    return
  fi
  "${STRATA_ROOT}/bin/strata" loadgen --bootstrap-servers "$BENCH_KAFKA" --topic "$topic" --partitions 4 "$@" >&2
  printf '%s\n' "$topic"
}

# bench_start_receiver MODE: bench/.../StubReceiver on BENCH_RECEIVER_PORT (accept | refuse-too-old | freshness).
bench_start_receiver() {
  java -cp "$BENCH_CP" io.strata.bench.StubReceiver "$BENCH_RECEIVER_PORT" "$1" >"${work}/receiver-$1.log" 2>&1 &
  bench_receiver_pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:${BENCH_RECEIVER_PORT}/" && return; sleep 0.2; done
  die "the stub receiver did not answer on port ${BENCH_RECEIVER_PORT} (log: ${work}/receiver-$1.log)"
}

bench_stop_receiver() {
  if [[ -n "$bench_receiver_pid" ]]; then
    kill "$bench_receiver_pid" 2>/dev/null || true
    wait "$bench_receiver_pid" 2>/dev/null || true
  fi
  bench_receiver_pid=""
}

# bench_config NAME TOPIC BOUNDED JOB_YAML: writes $work/NAME.yaml, a `strata run` config reading
# TOPIC (a group of its own) into the stub receiver (raw samples on /api/v1/write, derived series on
# /derived/api/v1/write) and Parquet under $work, with JOB_YAML as its `job:` section. Tenant rate
# and series limits are lifted (every tenant: 100 M samples/s, 10 M series), so that a benchmark
# measures the pipeline rather than its refusals; the per-host cap stays.
bench_config() {
  local name=$1 topic=$2 bounded=$3 job=$4
  cat >"${work}/${name}.yaml" <<YAML
source:
  kafka:
    bootstrap-servers: ${BENCH_KAFKA}
    topic: ${topic}
    group-id: ${topic}-${name}-${RANDOM}
    bounded: ${bounded}
hot:
  remote-write:
    url: http://127.0.0.1:${BENCH_RECEIVER_PORT}/api/v1/write
    derived:
      url: http://127.0.0.1:${BENCH_RECEIVER_PORT}/derived/api/v1/write
cold:
  path: ${work}/cold-${name}
limits:
  tenants:
    default:
      samples-rate-limit: 100000000
      max-series: 10000000
job:
${job}
YAML
}

# bench_run NAME TOPIC JOB_YAML: a bounded `strata run` of bench_config's config under /usr/bin/time.
# Leaves the run's output in $work/run-NAME.log and prints "samples seconds cpu_seconds max_rss_kb sys_seconds".
bench_run() {
  local name=$1 topic=$2 job=$3
  bench_config "$name" "$topic" true "$job"
  /usr/bin/time -o "${work}/time-${name}" -f '%U %S %M' "$BENCH_STRATA" run --config "${work}/${name}.yaml" >"${work}/run-${name}.log" 2>&1 ||
    { tail -n 30 "${work}/run-${name}.log" >&2; die "strata run failed (${work}/run-${name}.log)"; }
  local samples seconds user sys rss
  samples="$(grep -E '^ *samples read' "${work}/run-${name}.log" | grep -oE '[0-9][0-9,]*$' | tr -d ,)"
  seconds="$(sed -nE 's/^Finished in ([0-9.]+) s$/\1/p' "${work}/run-${name}.log")"
  read -r user sys rss <"${work}/time-${name}"
  echo "$samples $seconds $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }') $rss $sys"
}
