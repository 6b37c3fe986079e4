# shellcheck shell=bash
# Shared helpers of scripts/: run dir, port probes, detached launch with a pid file,
# stop-by-pid-file, Debian package installs and the benchmarks' build-and-run. Sourced, never executed.

STRATA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${STRATA_RUN_DIR:-${STRATA_ROOT}/.run}"
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"

log() { printf '[%s] %s\n' "${LOG_NAME:-strata}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }

# elapsed START_MS: seconds since START_MS with one decimal.
elapsed() {
  local ms=$(( $(now_ms) - $1 ))
  printf '%d.%d' $(( ms / 1000 )) $(( (ms % 1000) / 100 ))
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_alive PID: true when PID exists and is not a zombie (an unreaped child counts as dead).
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed -E 's/^.*\) ([A-Za-z]) .*$/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != "Z" ]]
}

# pid_matches PID PATTERN: true when PID is alive and its command line contains PATTERN
# (guards against a recycled pid belonging to an unrelated process).
pid_matches() {
  local pid=$1 pattern=$2 cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  pid_alive "$pid" || return 1
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$pattern"* ]]
}

# pidfile_alive PIDFILE PATTERN: prints the pid and returns 0 when the pid file names a live
# process whose command line contains PATTERN.
pidfile_alive() {
  local pidfile=$1 pattern=$2 pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  pid_matches "$pid" "$pattern" || return 1
  printf '%s\n' "$pid"
}

# launch_detached PIDFILE OUTFILE CMD...: runs CMD in its own session, stdout/stderr to OUTFILE,
# and writes CMD's own pid (exec keeps it) to PIDFILE before exec.
launch_detached() {
  local pidfile=$1 outfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $1 are expanded by the inner shell on purpose.
  setsid bash -c 'echo "$$" >"$1.tmp" && mv "$1.tmp" "$1"; shift; exec "$@"' strata-launch \
    "$pidfile" "$@" </dev/null >"$outfile" 2>&1 &
  local i
  for (( i = 0; i < 50; i++ )); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "process did not write its pid file ${pidfile}"
}

# stop_pidfile NAME PIDFILE PATTERN: TERM the pid in PIDFILE, wait up to 15 s, then KILL.
# Only that exact pid is signalled, and only if its command line still contains PATTERN.
stop_pidfile() {
  local name=$1 pidfile=$2 pattern=$3 pid i
  if [[ ! -f "$pidfile" ]]; then
    log "${name}: no pid file (${pidfile}); nothing to stop"
    return 0
  fi
  pid="$(<"$pidfile")"
  if ! pid_matches "$pid" "$pattern"; then
    log "${name}: pid ${pid} is not running (or is not ${name}); removing stale pid file"
    rm -f "$pidfile"
    return 0
  fi
  log "${name}: stopping pid ${pid} (TERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 150; i++ )); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "${name}: pid ${pid} still alive after 15 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for (( i = 0; i < 50; i++ )); do
      pid_alive "$pid" || break
      sleep 0.1
    done
  fi
  pid_alive "$pid" && die "${name}: pid ${pid} survived KILL"
  rm -f "$pidfile"
  log "${name}: stopped"
}

# apt_install LOG PACKAGE...: installs Debian packages (as root, or with sudo), logging to LOG.
apt_install() {
  local apt_log=$1
  shift
  local sudo_cmd=()
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to apt-get install $*"
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -q >"$apt_log" 2>&1 ||
    { tail -n 20 "$apt_log" >&2; die "apt-get update failed"; }
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "$@" >>"$apt_log" 2>&1 ||
    { tail -n 20 "$apt_log" >&2; die "apt-get install $* failed"; }
}

# bench_main HEAP MAIN ARG...: builds the bench module, then runs MAIN of it with HEAP (e.g. 4g).
bench_main() {
  local heap=$1 main=$2
  shift 2
  (cd "$STRATA_ROOT" && mvn -B -q -ntp -DskipTests -pl bench -am package)
  java "-Xmx${heap}" -cp "${STRATA_ROOT}/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$(cat "${STRATA_ROOT}/bench/target/classpath.txt")" \
    "$main" "$@"
}
