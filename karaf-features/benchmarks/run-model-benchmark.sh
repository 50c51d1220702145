#!/usr/bin/env bash
#
# End-to-end benchmark of the Mingjian platform (see README.md in this folder and docs/benchmarks.md).
#
#  1. First boot to GET /api/v1/health = 200 with the small demo data, from a freshly unpacked
#     distribution and a fresh MINGJIAN_HOME, --boot-reps times (skip with --skip-boot).
#  2. First boot with MINGJIAN_DEMO_SCALE=city (data generation + loading), once. The CSVs it
#     generated are then loaded into a separate DuckDB file for the raw side (not measured).
#  3. The reference model through the platform's REST API: one warm-up run, then --runs runs.
#  4. Interleaved: platform run, raw run, platform run, ... (--runs pairs), so that both sides see the
#     same background load on a shared machine.
#  5. Karaf is stopped, then the same SQL runs directly on DuckDB (RawModelRun.java) with the same
#     per-district views and parameters: one warm-up, then --runs runs. Also, as a diagnostic, on a
#     copy of the platform's own pool file.
#  6. Summary: the times, the ratios, and the target platform <= 1.15 x raw + 100 ms.
#
# Exits non-zero on any error (including a clue count that differs from the raw row count), not on a
# missed target.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

RUNS=5
BOOT_REPS=3
SKIP_BOOT=false
PORT=""
WORK_DIR=/tmp/mingjian-bench
TARBALL="$REPO_ROOT/karaf-features/distribution/target/mingjian-1.0.0-SNAPSHOT.tar.gz"
MODEL_ID=provident-fund-false-litigation
DISTRICT=110105
ANALYST=chaoyang.analyst
POLL_MS=20
COARSE_POLL_MS=0
BOOT_TIMEOUT_S=180
CITY_TIMEOUT_S=1800
MAX_LOAD=""
LOAD_WAIT_S=600
TARGET_FACTOR=1.15
TARGET_OFFSET_MS=100

usage() {
  cat <<EOF
Usage: $(basename "$0") [options]

Benchmarks the reference model at city scale through the platform against the same SQL run directly
on DuckDB over the same data, and measures first-boot time to /api/v1/health = 200.

Options:
  --runs N           measured model runs in each series (platform, interleaved pairs, raw), after
                     one warm-up (default $RUNS)
  --boot-reps N      first boots with the small demo data (default $BOOT_REPS)
  --skip-boot        skip the small-data first-boot measurement (the city boot always happens)
  --port P           HTTP port for Karaf (default: 8181, or the next free port if 8181 is taken)
  --work-dir DIR     scratch directory, emptied first (default $WORK_DIR)
  --tarball FILE     distribution to test (default karaf-features/distribution/target/mingjian-1.0.0-SNAPSHOT.tar.gz)
  --poll-ms MS       interval between GET /api/v1/runs/{id} polls, i.e. the granularity of the
                     platform's wall time (default $POLL_MS; each poll also costs Karaf CPU)
  --coarse-poll-ms MS  poll only this often until 70 % of the shortest earlier run has passed,
                     then every --poll-ms (default $COARSE_POLL_MS: every --poll-ms from the start)
  --boot-timeout S   give up on a small-data boot after S seconds (default $BOOT_TIMEOUT_S)
  --city-timeout S   give up on the city-data boot after S seconds (default $CITY_TIMEOUT_S)
  --max-load L       before each measured phase wait (at most --load-wait seconds) until the
                     1-minute load average is at most L; useful on shared machines (default: no wait)
  --load-wait S      longest wait for --max-load, then measure anyway (default $LOAD_WAIT_S)
  -h, --help         this text

Environment:
  MINGJIAN_DEMO_PASSWORD   password for every demo user (default: a fixed benchmark password)

Needs curl, jq, tar, gzip, unzip, ss, ps, sha256sum, getconf and Java 17+ on the PATH, and about
3 GB in the work dir. Build the distribution first:
  ./mvnw -B -o -q install -Dmaven.test.skip=true -pl '!karaf-features/itests'
EOF
}

die() {
  echo "ERROR: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
    --boot-reps) BOOT_REPS="${2:?--boot-reps needs a value}"; shift 2 ;;
    --skip-boot) SKIP_BOOT=true; shift ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --work-dir) WORK_DIR="${2:?--work-dir needs a value}"; shift 2 ;;
    --tarball) TARBALL="${2:?--tarball needs a value}"; shift 2 ;;
    --poll-ms) POLL_MS="${2:?--poll-ms needs a value}"; shift 2 ;;
    --coarse-poll-ms) COARSE_POLL_MS="${2:?--coarse-poll-ms needs a value}"; shift 2 ;;
    --boot-timeout) BOOT_TIMEOUT_S="${2:?--boot-timeout needs a value}"; shift 2 ;;
    --city-timeout) CITY_TIMEOUT_S="${2:?--city-timeout needs a value}"; shift 2 ;;
    --max-load) MAX_LOAD="${2:?--max-load needs a value}"; shift 2 ;;
    --load-wait) LOAD_WAIT_S="${2:?--load-wait needs a value}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

is_int() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_int "$RUNS" && [ "$RUNS" -ge 1 ] || die "--runs must be a positive integer"
is_int "$BOOT_REPS" && [ "$BOOT_REPS" -ge 1 ] || die "--boot-reps must be a positive integer"
is_int "$POLL_MS" && [ "$POLL_MS" -ge 1 ] || die "--poll-ms must be a positive integer"
is_int "$COARSE_POLL_MS" || die "--coarse-poll-ms must be an integer"
[ -z "$PORT" ] || is_int "$PORT" || die "--port must be a number"
[ -z "$MAX_LOAD" ] || [[ "$MAX_LOAD" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--max-load must be a number"
is_int "$LOAD_WAIT_S" || die "--load-wait must be an integer"

for tool in curl jq tar gzip unzip ss ps java awk sed getconf sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on the PATH"
done
JAVA_MAJOR=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
is_int "${JAVA_MAJOR:-x}" && [ "$JAVA_MAJOR" -ge 17 ] || die "Java 17+ is needed (found ${JAVA_MAJOR:-none})"
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  export JAVA_HOME
fi

[ -f "$TARBALL" ] || die "no distribution at $TARBALL; build it first (see --help)"
TARBALL="$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")"
for jar in "$REPO_ROOT"/platform/bootstrap/target/*.jar; do
  if [ -f "$jar" ] && [ "$jar" -nt "$TARBALL" ]; then
    echo "WARNING: $TARBALL is older than $jar; rebuild the distribution to test the current code" >&2
  fi
done

export MINGJIAN_DEMO_PASSWORD="${MINGJIAN_DEMO_PASSWORD:-bench-Pa55word-2026}"

# --- work directory ------------------------------------------------------------------------------
MARKER=.mingjian-bench
if [ -e "$WORK_DIR" ]; then
  if [ -n "$(ls -A "$WORK_DIR" 2>/dev/null)" ] && [ ! -e "$WORK_DIR/$MARKER" ]; then
    die "$WORK_DIR exists, is not empty and was not made by this script; choose another --work-dir"
  fi
  rm -rf "${WORK_DIR:?}"
fi
mkdir -p "$WORK_DIR/logs"
WORK_DIR="$(cd "$WORK_DIR" && pwd)"
touch "$WORK_DIR/$MARKER"
LOG="$WORK_DIR/benchmark.log"

log() {
  printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# wait_for_quiet PHASE: with --max-load, wait until the 1-minute load average is at most MAX_LOAD
wait_for_quiet() {
  [ -n "$MAX_LOAD" ] || return 0
  local waited=0
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN {exit !(l > m)}'; do
    if [ "$waited" -ge "$LOAD_WAIT_S" ]; then
      log "$1: load average still $(loadavg) after $LOAD_WAIT_S s; measuring anyway"
      return 0
    fi
    [ "$waited" -gt 0 ] || log "$1: waiting for the load average ($(loadavg)) to drop to $MAX_LOAD"
    sleep 5
    waited=$((waited + 5))
  done
}

# --- ports ---------------------------------------------------------------------------------------
port_busy() {
  # something listens on the port (any address)
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0
  return 1
}

free_port_from() {
  local p=$1
  while port_busy "$p"; do
    p=$((p + 1))
    [ "$p" -lt $(($1 + 200)) ] || die "no free port in $1..$((p - 1))"
  done
  echo "$p"
}

if [ -n "$PORT" ]; then
  if port_busy "$PORT"; then
    die "port $PORT is in use ($(curl -s --max-time 2 "http://127.0.0.1:$PORT/api/v1/health" || true)); pick another --port"
  fi
else
  if port_busy 8181; then
    log "port 8181 is in use (another Karaf?); looking for a free port"
  fi
  PORT=$(free_port_from 8181)
fi
SSH_PORT=$(free_port_from $((PORT + 10000)))
BASE_URL="http://127.0.0.1:$PORT"

# --- Karaf lifecycle -----------------------------------------------------------------------------
KARAF_PID=""
KARAF_DIR=""

stop_karaf() {
  [ -n "$KARAF_PID" ] || return 0
  local pid=$KARAF_PID dir=$KARAF_DIR
  KARAF_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping Karaf (pid $pid)"
    local i waited=600
    (cd "$dir" && timeout 60 bin/stop >>"$dir/stop.log" 2>&1) || waited=0
    for i in $(seq 1 "$waited"); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      # bin/stop failed or Karaf did not stop within 60 s: its process group is ours to end
      log "sending TERM to Karaf's process group $pid"
      kill -TERM -- "-$pid" 2>/dev/null || true
      for i in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  # the port must be free again before the next boot
  for i in $(seq 1 100); do
    port_busy "$PORT" || break
    sleep 0.2
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_karaf || true
  if [ "$rc" -ne 0 ]; then
    echo "benchmark FAILED (exit $rc); logs in $WORK_DIR/logs and $LOG" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# unpack DIR: a fresh distribution in DIR with our ports; prints the Karaf folder
unpack() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  tar xzf "$TARBALL" -C "$dir"
  local karaf
  karaf=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -x "$karaf/bin/karaf" ] || die "no bin/karaf in the unpacked $TARBALL"
  sed -i -E "s/^(org\.osgi\.service\.http\.port[[:space:]]*=).*/\1 $PORT/" "$karaf/etc/org.ops4j.pax.web.cfg"
  grep -q "^org.osgi.service.http.port = $PORT\$" "$karaf/etc/org.ops4j.pax.web.cfg" ||
    die "could not set the HTTP port in $karaf/etc/org.ops4j.pax.web.cfg"
  sed -i -E "s/^(sshPort[[:space:]]*=).*/\1 $SSH_PORT/" "$karaf/etc/org.apache.karaf.shell.cfg"
  echo "$karaf"
}

# start_karaf KARAF_FOLDER HOME SCALE: starts "bin/karaf server" in its own process group
start_karaf() {
  local karaf=$1 home=$2 scale=$3
  port_busy "$PORT" && die "port $PORT became busy before start; is another Karaf running?"
  mkdir -p "$home"
  KARAF_DIR=$karaf
  if [ "$scale" = city ]; then
    (cd "$karaf" && exec env -u MINGJIAN_DEMO MINGJIAN_HOME="$home" MINGJIAN_DEMO_SCALE=city \
      setsid bin/karaf server >"$karaf/console.log" 2>&1 </dev/null) &
  else
    (cd "$karaf" && exec env -u MINGJIAN_DEMO -u MINGJIAN_DEMO_SCALE MINGJIAN_HOME="$home" \
      setsid bin/karaf server >"$karaf/console.log" 2>&1 </dev/null) &
  fi
  KARAF_PID=$!
}

# the java process listening on PORT must be a child of our Karaf
check_port_owner() {
  local owner
  owner=$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
  [ -n "$owner" ] || return 0 # ss cannot show owners (no permission): skip the check
  local p=$owner i
  for i in 1 2 3 4; do
    [ "$p" = "$KARAF_PID" ] && return 0
    p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')
    [ -n "$p" ] || break
  done
  die "port $PORT is served by pid $owner, not by the Karaf this script started ($KARAF_PID)"
}

# wait_healthy START_MS TIMEOUT_S: prints milliseconds from START_MS to the first 200
wait_healthy() {
  local start=$1 timeout_s=$2 code
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/api/v1/health" || true)
    if [ "$code" = 200 ]; then
      echo $(($(now_ms) - start))
      return 0
    fi
    kill -0 "$KARAF_PID" 2>/dev/null || die "Karaf exited before /health answered 200; see $KARAF_DIR/data/log/karaf.log"
    [ $(($(now_ms) - start)) -lt $((timeout_s * 1000)) ] ||
      die "/health not 200 after $timeout_s s (last answer: $code); see $KARAF_DIR/data/log/karaf.log"
    sleep 0.1
  done
}

# "Mingjian ready (...) after N ms" from the bootstrap component
bootstrap_ms() {
  grep -o 'Mingjian ready .* after [0-9]* ms' "$1/data/log/karaf.log" | tail -n 1 | grep -o '[0-9]* ms$' | cut -d' ' -f1 || true
}

# features_ms KARAF START_MS: ms from START_MS to the features service's "Done." (boot features
# installed and started), from the karaf.log timestamp (local time, like date's)
features_ms() {
  local ts
  ts=$(grep -E '\| FeaturesServiceImpl .*\| Done\.$' "$1/data/log/karaf.log" | head -n 1 | cut -d'|' -f1 | sed -E 's/T/ /; s/,/./; s/ *$//' || true)
  [ -n "$ts" ] || { echo "?"; return 0; }
  echo $(($(date -d "$ts" +%s%3N) - $2))
}

keep_log() {
  cp "$1/data/log/karaf.log" "$WORK_DIR/logs/$2.karaf.log" 2>/dev/null || true
  cp "$1/console.log" "$WORK_DIR/logs/$2.console.log" 2>/dev/null || true
}

median() { # numbers on stdin, one a line
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) {print "n/a"} else if (NR % 2) {print a[(NR + 1) / 2]} else {print (a[NR / 2] + a[NR / 2 + 1]) / 2}}'
}

kv() { # kv KEY LINE: the value of KEY=value in LINE
  echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2; exit}'
}

# --- machine -------------------------------------------------------------------------------------
# a private copy of the distribution: a rebuild during the benchmark must not change what is tested
cp "$TARBALL" "$WORK_DIR/distribution.tar.gz"
gzip -t "$WORK_DIR/distribution.tar.gz" || die "$TARBALL is not a complete .tar.gz (being rebuilt?)"
TARBALL_SOURCE=$TARBALL
TARBALL="$WORK_DIR/distribution.tar.gz"
TARBALL_SHA=$(sha256sum "$TARBALL" | cut -d' ' -f1)

LOAD_START=$(loadavg)
log "work dir $WORK_DIR, HTTP port $PORT, ssh port $SSH_PORT, runs $RUNS"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(uname -srm)"
  echo "cpus (nproc): $(nproc)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  free -g | sed 's/^/memory: /'
  java -version 2>&1 | sed 's/^/java: /'
  echo "distribution: $TARBALL_SOURCE (built $(date -u -r "$TARBALL_SOURCE" '+%Y-%m-%d %H:%M:%S UTC'), sha256 $TARBALL_SHA)"
  echo "load average at start: $LOAD_START"
} | tee "$WORK_DIR/machine.txt" | tee -a "$LOG" >&2

# --- 1. first boot, small demo data --------------------------------------------------------------
BOOT_SMALL=()
BOOT_SMALL_BOOTSTRAP=()
BOOT_SMALL_FEATURES=()
if ! $SKIP_BOOT; then
  for i in $(seq 1 "$BOOT_REPS"); do
    dir="$WORK_DIR/boot-small-$i"
    karaf=$(unpack "$dir")
    wait_for_quiet "small boot $i/$BOOT_REPS"
    log "small boot $i/$BOOT_REPS: starting (load average $(loadavg))"
    t0=$(now_ms)
    start_karaf "$karaf" "$dir/home" small
    ms=$(wait_healthy "$t0" "$BOOT_TIMEOUT_S")
    check_port_owner
    bms=$(bootstrap_ms "$karaf")
    fms=$(features_ms "$karaf" "$t0")
    log "small boot $i/$BOOT_REPS: /health 200 after $ms ms (boot features installed after $fms ms; bootstrap thread: ${bms:-?} ms)"
    BOOT_SMALL+=("$ms")
    BOOT_SMALL_BOOTSTRAP+=("${bms:-0}")
    BOOT_SMALL_FEATURES+=("$fms")
    stop_karaf
    keep_log "$karaf" "boot-small-$i"
    rm -rf "$dir"
  done
fi

# --- 2. first boot, city data --------------------------------------------------------------------
dir="$WORK_DIR/city"
karaf=$(unpack "$dir")
CITY_HOME="$dir/home"
wait_for_quiet "city boot"
log "city boot: starting with MINGJIAN_DEMO_SCALE=city (load average $(loadavg))"
t0=$(now_ms)
start_karaf "$karaf" "$CITY_HOME" city
BOOT_CITY=$(wait_healthy "$t0" "$CITY_TIMEOUT_S")
check_port_owner
BOOT_CITY_BOOTSTRAP=$(bootstrap_ms "$karaf")
BOOT_CITY_FEATURES=$(features_ms "$karaf" "$t0")
HEALTH=$(curl -s --max-time 5 "$BASE_URL/api/v1/health")
log "city boot: /health 200 after $BOOT_CITY ms (boot features installed after $BOOT_CITY_FEATURES ms; bootstrap thread: ${BOOT_CITY_BOOTSTRAP:-?} ms)"
log "health: $HEALTH"
grep -E 'Loaded [0-9]+ rows' "$karaf/data/log/karaf.log" | sed -E 's/^([^|]*)\|.*\| (Loaded .*)$/  \1 \2/' | tee -a "$LOG" >&2 || true

# --- 3. the model, its datasets, the raw DuckDB file ---------------------------------------------
MODEL_DIR="$WORK_DIR/model"
mkdir -p "$MODEL_DIR"
bundle=$(find "$karaf/system" -name "*plugins.$MODEL_ID-*.jar" | head -n 1)
[ -n "$bundle" ] || die "no bundle of $MODEL_ID in $karaf/system"
unzip -p "$bundle" META-INF/mingjian/model.json >"$MODEL_DIR/model.json"
sql_file=$(jq -r '.sql.file' "$MODEL_DIR/model.json")
unzip -p "$bundle" "META-INF/mingjian/$sql_file" >"$MODEL_DIR/model.sql"
[ -s "$MODEL_DIR/model.sql" ] || die "no SQL file $sql_file in $bundle"

TOKEN=$(jq -n --arg u "$ANALYST" --arg p "$MINGJIAN_DEMO_PASSWORD" '{username: $u, password: $p}' |
  curl -s --fail-with-body -X POST -H 'Content-Type: application/json' --data-binary @- "$BASE_URL/api/v1/auth/login" |
  jq -r '.token // empty') || die "login as $ANALYST failed"
[ -n "$TOKEN" ] || die "login as $ANALYST returned no token"

# The raw side's spec: the platform's catalog (types, district column, rows loaded, version) and the
# views the descriptor declares.
SPEC="$WORK_DIR/raw-spec.tsv"
: >"$SPEC"
for ds in $(jq -r '.datasets[].name' "$MODEL_DIR/model.json"); do
  info=$(curl -s --fail-with-body -H "Authorization: Bearer $TOKEN" "$BASE_URL/api/v1/datasets/$ds") ||
    die "GET /api/v1/datasets/$ds failed: $info"
  echo "$info" >"$WORK_DIR/dataset-$ds.json"
  rows=$(jq -r '.rows // 0' <<<"$info")
  [ "$rows" -ge 100000 ] || die "dataset $ds has only $rows rows: this distribution ignores MINGJIAN_DEMO_SCALE=city"
  jq -r --arg ds "$ds" '["dataset", $ds, ($ds + ".csv"), (.districtColumn // "-"), ((.rows // "-") | tostring), ((.currentVersion // 1) | tostring)] | @tsv' <<<"$info" >>"$SPEC"
  jq -r --arg ds "$ds" '.columns[] | ["column", $ds, .name, .type] | @tsv' <<<"$info" >>"$SPEC"
  jq -r --arg ds "$ds" '.datasets[] | select(.name == $ds) | ["view", $ds, (.columns | join(","))] | @tsv' "$MODEL_DIR/model.json" >>"$SPEC"
done
PARAMS=()
while IFS=$'\t' read -r name value; do
  PARAMS+=(--param "$name=$value")
done < <(jq -r '.parameters[] | [.name, (.default | tostring)] | @tsv' "$MODEL_DIR/model.json")

DUCKDB_JAR=$(find "$karaf/system/org/duckdb" -name 'duckdb_jdbc-*.jar' 2>/dev/null | head -n 1)
[ -n "$DUCKDB_JAR" ] || DUCKDB_JAR=$(find "$HOME/.m2/repository/org/duckdb/duckdb_jdbc" -name 'duckdb_jdbc-*.jar' 2>/dev/null | sort | tail -n 1)
[ -n "$DUCKDB_JAR" ] || die "no DuckDB JDBC jar in the distribution or ~/.m2"
RAW_DB="$WORK_DIR/raw/raw.duckdb"
RAW_ARGS=(--spec "$SPEC" --sql "$MODEL_DIR/model.sql" --district "$DISTRICT" "${PARAMS[@]}")

# Loading is not measured, so it happens now, with Karaf idle; one unmeasured query checks the file.
log "raw DuckDB: loading $CITY_HOME/demo/*.csv into a fresh file (not measured)"
java -cp "$DUCKDB_JAR" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" --csv-dir "$CITY_HOME/demo" \
  --db "$RAW_DB" --runs 1 --warmup 0 2>&1 | tee "$WORK_DIR/raw-load.out" | tee -a "$LOG" >&2 ||
  die "loading the raw DuckDB file failed"

# --- 4. the model through the platform -----------------------------------------------------------
# the Karaf JVM (child of bin/karaf), for its CPU time per run
KARAF_JVM=$(ps -o pid=,comm= --ppid "$KARAF_PID" | awk '$2 == "java" {print $1; exit}')
[ -n "$KARAF_JVM" ] || KARAF_JVM=-1
CLK_TCK=$(getconf CLK_TCK)

karaf_cpu_ms() {
  local stat rest
  stat=$(cat "/proc/$KARAF_JVM/stat" 2>/dev/null) || { echo 0; return 0; }
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  echo $(((${12} + ${13}) * 1000 / CLK_TCK))
}

# after the city load Karaf keeps busy for a while (GC, JIT, DuckDB checkpoint): wait until it uses
# less than 5 % of a core over 2 s (at most 120 s)
settle_karaf() {
  [ "$KARAF_JVM" != -1 ] || return 0
  local i before after
  for i in $(seq 1 60); do
    before=$(karaf_cpu_ms)
    sleep 2
    after=$(karaf_cpu_ms)
    if [ $((after - before)) -lt 100 ]; then
      log "Karaf is idle ($((after - before)) ms CPU in 2 s)"
      return 0
    fi
  done
  log "Karaf still busy after 120 s ($((after - before)) ms CPU in 2 s); measuring anyway"
}

platform_runs() { # platform_runs OUT [-- raw runner command]
  local out=$1
  shift
  java "$SCRIPT_DIR/PlatformModelRun.java" --url "$BASE_URL" --user "$ANALYST" --model "$MODEL_ID" \
    --district "$DISTRICT" --runs "$RUNS" --poll-ms "$POLL_MS" --coarse-poll-ms "$COARSE_POLL_MS" \
    --pid "$KARAF_JVM" --clk-tck "$CLK_TCK" "$@" 2>&1 | tee "$out" | tee -a "$LOG" >&2
}

settle_karaf
wait_for_quiet "platform runs"
log "platform: 1 warm-up + $RUNS runs of $MODEL_ID for $DISTRICT as $ANALYST, polling every $POLL_MS ms (load average $(loadavg))"
PLATFORM_OUT="$WORK_DIR/platform.out"
platform_runs "$PLATFORM_OUT" || die "the platform runs failed"
P_SUM=$(grep '^SUMMARY platform' "$PLATFORM_OUT" | tail -n 1)
[ -n "$P_SUM" ] || die "no platform summary"
LOAD_PLATFORM=$(loadavg)

# Platform and raw runs alternating: both sides see the same background load. Karaf is idle while
# the raw query runs (on its own file) and the raw runner is idle while the platform runs.
wait_for_quiet "interleaved runs"
log "interleaved: 1 warm-up each, then $RUNS x (platform run, raw run) (load average $(loadavg))"
INTERLEAVED_OUT="$WORK_DIR/interleaved.out"
platform_runs "$INTERLEAVED_OUT" -- java -cp "$DUCKDB_JAR" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" \
  --pool "$RAW_DB" --stdin || die "the interleaved runs failed"
I_SUM=$(grep '^SUMMARY interleaved' "$INTERLEAVED_OUT" | tail -n 1)
I_PSUM=$(grep '^SUMMARY platform' "$INTERLEAVED_OUT" | tail -n 1)
[ -n "$I_SUM" ] && [ -n "$I_PSUM" ] || die "no interleaved summary"

# the platform's own log lines of the measured runs
grep -E 'Run [0-9a-f-]+ ended|\[run ' "$karaf/data/log/karaf.log" | tail -n $((2 * (RUNS + 1))) >>"$LOG" || true
stop_karaf
keep_log "$karaf" city
KARAF_ERRORS=$(grep -c '| ERROR |' "$WORK_DIR/logs/city.karaf.log" || true)
KARAF_WARNS=$(grep '| WARN  |' "$WORK_DIR/logs/city.karaf.log" | grep -vc "Can't find the request for .*'s Observer" || true)

# --- 5. the same SQL directly on DuckDB, Karaf stopped -------------------------------------------
wait_for_quiet "raw runs"
log "raw DuckDB: 1 warm-up + $RUNS runs on the freshly loaded file, Karaf stopped (load average $(loadavg))"
RAW_OUT="$WORK_DIR/raw.out"
java -cp "$DUCKDB_JAR" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" --pool "$RAW_DB" --runs "$RUNS" 2>&1 |
  tee "$RAW_OUT" | tee -a "$LOG" >&2 || die "the raw DuckDB runs failed"
R_SUM=$(grep '^SUMMARY raw' "$RAW_OUT" | tail -n 1)
[ -n "$R_SUM" ] || die "no raw summary"
LOAD_RAW=$(loadavg)

# diagnostic: the same raw runs on a copy of the platform's own pool file (same engine, same
# physical tables, no platform around it)
POOL_COPY="$WORK_DIR/raw/platform-pool-copy.duckdb"
cp "$CITY_HOME/pool/datapool.duckdb" "$POOL_COPY"
[ ! -f "$CITY_HOME/pool/datapool.duckdb.wal" ] || cp "$CITY_HOME/pool/datapool.duckdb.wal" "$POOL_COPY.wal"
wait_for_quiet "raw runs on the platform's pool file"
log "raw DuckDB on a copy of the platform's pool file: 1 warm-up + $RUNS runs (load average $(loadavg))"
POOL_OUT="$WORK_DIR/raw-pool.out"
java -cp "$DUCKDB_JAR" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" --pool "$POOL_COPY" --runs "$RUNS" 2>&1 |
  tee "$POOL_OUT" | tee -a "$LOG" >&2 || die "the raw runs on the pool file failed"
RP_SUM=$(grep '^SUMMARY raw' "$POOL_OUT" | tail -n 1)
[ -n "$RP_SUM" ] || die "no summary of the raw runs on the pool file"
rm -f "$POOL_COPY" "$POOL_COPY.wal"

# --- 6. compare and summarize --------------------------------------------------------------------
CLUES=$(kv clues "$P_SUM")
ROWS=$(kv rows "$R_SUM")
if [ "$CLUES" != "$ROWS" ]; then
  die "MISMATCH: the platform recorded $CLUES clues per run but the raw query returned $ROWS rows"
fi
[ "$(kv clues "$I_PSUM")" = "$CLUES" ] || die "MISMATCH: $(kv clues "$I_PSUM") clues in the interleaved runs, $CLUES before"
[ "$(kv rows "$RP_SUM")" = "$ROWS" ] || die "MISMATCH: $(kv rows "$RP_SUM") rows on the pool file, $ROWS on the raw file"

P_WALL_MED=$(kv wall_median_ms "$P_SUM")
P_WALL_BEST=$(kv wall_best_ms "$P_SUM")
P_DUR_MED=$(kv dur_median_ms "$P_SUM")
P_DUR_BEST=$(kv dur_best_ms "$P_SUM")
P_QUEUE_MED=$(kv queue_median_ms "$P_SUM")
P_CPU_MED=$(kv cpu_median_ms "$P_SUM")
P_CPU_BEST=$(kv cpu_best_ms "$P_SUM")
R_MED=$(kv median_ms "$R_SUM")
R_BEST=$(kv best_ms "$R_SUM")
R_CPU_MED=$(kv cpu_median_ms "$R_SUM")
R_CPU_BEST=$(kv cpu_best_ms "$R_SUM")
I_P_MED=$(kv platform_wall_median_ms "$I_SUM")
I_P_BEST=$(kv platform_wall_best_ms "$I_SUM")
I_R_MED=$(kv raw_median_ms "$I_SUM")
I_R_BEST=$(kv raw_best_ms "$I_SUM")
I_RATIO_MED=$(kv ratio_median "$I_SUM")
I_RATIO_BEST=$(kv ratio_best "$I_SUM")
I_DUR_MED=$(kv dur_median_ms "$I_PSUM")
I_DUR_BEST=$(kv dur_best_ms "$I_PSUM")
RP_MED=$(kv median_ms "$RP_SUM")
RP_BEST=$(kv best_ms "$RP_SUM")

if $SKIP_BOOT; then
  BOOT_SMALL_TEXT="skipped"
  BOOT_SMALL_DETAIL=""
  BOOT_SMALL_MED="n/a"
else
  BOOT_SMALL_MED=$(printf '%s\n' "${BOOT_SMALL[@]}" | median)
  BOOT_SMALL_TEXT="median ${BOOT_SMALL_MED} ms (runs: ${BOOT_SMALL[*]} ms)"
  BOOT_SMALL_DETAIL="features installed after ${BOOT_SMALL_FEATURES[*]} ms; bootstrap thread ${BOOT_SMALL_BOOTSTRAP[*]} ms"
fi

calc() { awk "BEGIN {printf \"%.${2:-1}f\", $1}"; }
ratio_or_na() { awk "BEGIN {if ($1 > 0 && $2 > 0) printf \"%.2f\", $1 / $2; else print \"n/a\"}"; }
target_for() { calc "$TARGET_FACTOR * $1 + $TARGET_OFFSET_MS"; }
verdict() { # verdict PLATFORM_MS TARGET_MS
  awk "BEGIN {d = $1 - $2; if (d <= 0) printf \"MET (%.0f ms under)\", -d; else printf \"MISSED by %.0f ms (%.2f x target)\", d, $1 / $2}"
}
TARGET=$(target_for "$R_MED")
I_TARGET=$(target_for "$I_R_MED")
if $SKIP_BOOT; then
  V_BOOT="n/a"
else
  V_BOOT=$(awk "BEGIN {if ($BOOT_SMALL_MED <= 20000) print \"MET\"; else printf \"MISSED by %.1f s\", ($BOOT_SMALL_MED - 20000) / 1000}")
fi

SUMMARY="$WORK_DIR/summary.txt"
row() { printf '%-48s %12s %12s\n' "$@"; }
line() { printf '%-48s %s\n' "$@"; }
{
  echo "== Mingjian model benchmark: $MODEL_ID, district $DISTRICT, city scale, $RUNS runs after 1 warm-up =="
  echo "date $(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cpus; $(java -version 2>&1 | head -n 1); distribution sha256 ${TARBALL_SHA:0:12}"
  line "first boot to /health 200, small data" "$BOOT_SMALL_TEXT"
  [ -z "$BOOT_SMALL_DETAIL" ] || line "" "$BOOT_SMALL_DETAIL"
  line "  target <= 20 s" "$V_BOOT"
  line "first boot to /health 200, city data" "$BOOT_CITY ms"
  line "" "features installed after $BOOT_CITY_FEATURES ms; bootstrap thread (generate + load) ${BOOT_CITY_BOOTSTRAP:-?} ms"
  line "clues per run (platform) = rows (raw)" "$CLUES = $ROWS"
  echo
  row "model run, ms" "median" "best"
  row "platform wall (POST -> SUCCEEDED seen)" "$P_WALL_MED" "$P_WALL_BEST"
  row "platform durationMs (server, start -> end)" "$P_DUR_MED" "$P_DUR_BEST"
  row "platform queue (requested -> started)" "$P_QUEUE_MED" ""
  row "raw DuckDB, Karaf stopped (views+query+rows)" "$R_MED" "$R_BEST"
  row "ratio platform wall / raw" "$(ratio_or_na "$P_WALL_MED" "$R_MED")" "$(ratio_or_na "$P_WALL_BEST" "$R_BEST")"
  row "ratio platform durationMs / raw" "$(ratio_or_na "$P_DUR_MED" "$R_MED")" "$(ratio_or_na "$P_DUR_BEST" "$R_BEST")"
  line "target 1.15 x raw median + 100 ms" "$TARGET ms"
  line "  platform wall median" "$(verdict "$P_WALL_MED" "$TARGET")"
  line "  platform durationMs median" "$(verdict "$P_DUR_MED" "$TARGET")"
  echo
  row "interleaved (platform run, raw run, ...), ms" "median" "best"
  row "platform wall" "$I_P_MED" "$I_P_BEST"
  row "platform durationMs" "$I_DUR_MED" "$I_DUR_BEST"
  row "raw DuckDB" "$I_R_MED" "$I_R_BEST"
  row "ratio platform wall / raw, per pair" "$I_RATIO_MED" "$I_RATIO_BEST"
  line "target 1.15 x raw median + 100 ms" "$I_TARGET ms"
  line "  platform wall median" "$(verdict "$I_P_MED" "$I_TARGET")"
  line "  platform durationMs median" "$(verdict "$I_DUR_MED" "$I_TARGET")"
  echo
  row "CPU time per run, ms" "median" "best"
  row "platform: Karaf JVM, POST -> SUCCEEDED" "$P_CPU_MED" "$P_CPU_BEST"
  row "raw: its JVM incl. DuckDB threads" "$R_CPU_MED" "$R_CPU_BEST"
  row "ratio platform / raw" "$(ratio_or_na "$P_CPU_MED" "$R_CPU_MED")" "$(ratio_or_na "$P_CPU_BEST" "$R_CPU_BEST")"
  echo
  row "diagnostic: raw on a copy of the platform's pool" "$RP_MED" "$RP_BEST"
  echo
  line "load average at start / after platform / after raw" "$LOAD_START / $LOAD_PLATFORM / $LOAD_RAW"
  line "karaf.log (city run): ERROR / WARN lines" "$KARAF_ERRORS / $KARAF_WARNS (not counting CXF 'Observer' warnings)"
  echo "details: $LOG; per-run lines: $PLATFORM_OUT, $INTERLEAVED_OUT, $RAW_OUT, $POOL_OUT; Karaf logs: $WORK_DIR/logs"
} >"$SUMMARY"
echo
cat "$SUMMARY"
