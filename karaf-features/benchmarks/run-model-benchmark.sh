#!/usr/bin/env bash
#
# End-to-end benchmark of the Mingjian platform (see README.md in this folder and docs/benchmarks.md).
#
#  1. First boot to GET /api/v1/health = 200 with the small demo data, from a freshly unpacked
#     distribution and a fresh MINGJIAN_HOME, --boot-reps times (skip with --skip-boot).
#  2. First boot with MINGJIAN_DEMO_SCALE=city (data generation + loading), once. The CSVs it
#     generated are then loaded into a separate DuckDB file for the raw side (not measured).
#  3. Each model of --models (default: the six reference models) through the platform's REST API,
#     one after the other on that one city Karaf: one warm-up run, then --runs runs.
#  4. For the first model only, interleaved: platform run, raw run, platform run, ... (--runs
#     pairs), so that both sides see the same background load on a shared machine.
#  5. Karaf is stopped, then each model's SQL runs directly on DuckDB (RawModelRun.java) with the
#     same per-district views and parameters: one warm-up, then --runs runs. A SQL model's SQL is
#     its clues.sql; a Java model's is its candidate queries, from raw-sql/<model id>.sql in this
#     folder. For the first model also, as a diagnostic, on a copy of the platform's own pool file.
#  6. Summary: for the first model the times, the ratios and the target platform <= 1.15 x raw +
#     100 ms; then one line per model.
#
# Exits non-zero on any error, including a SQL model whose clue count differs from its raw row
# count (after writing the summary), but not on a missed target. A Java model's clue count and raw
# row count are only reported: its Java code turns the candidate rows into fewer clues.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

RUNS=5
BOOT_REPS=3
SKIP_BOOT=false
PORT=""
WORK_DIR=/tmp/mingjian-bench
TARBALL="$REPO_ROOT/karaf-features/distribution/target/mingjian-1.0.0-SNAPSHOT.tar.gz"
ALL_MODELS=provident-fund-false-litigation,fuel-tax,special-operation-certificates,allowance-after-death,pension-in-custody,barred-legal-representative
MODELS=$ALL_MODELS
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

Benchmarks the reference models at city scale through the platform against their SQL run directly
on DuckDB over the same data, after one city boot, and measures first-boot time to
/api/v1/health = 200.

Options:
  --models A,B,...   models to measure, comma-separated, in this order (default: the six
                     reference models: provident-fund-false-litigation, fuel-tax,
                     special-operation-certificates, allowance-after-death, pension-in-custody,
                     barred-legal-representative). The interleaved series and the pool-file
                     diagnostic are for the first one only. A Java model needs its candidate SQL
                     in raw-sql/<model id>.sql in this folder
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
10 GB in the work dir. Build the distribution first:
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
    --models) MODELS="${2:?--models needs a value}"; shift 2 ;;
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
IFS=, read -r -a MODEL_IDS <<<"$MODELS"
[ "${#MODEL_IDS[@]}" -ge 1 ] || die "--models names no model"
for m in "${MODEL_IDS[@]}"; do
  [[ "$m" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "--models: '$m' is not a model id"
done
[ "$(printf '%s\n' "${MODEL_IDS[@]}" | sort | uniq -d)" = "" ] || die "--models names a model twice"
FIRST_MODEL=${MODEL_IDS[0]}

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
log "work dir $WORK_DIR, HTTP port $PORT, ssh port $SSH_PORT, runs $RUNS, models ${MODEL_IDS[*]}"
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

# Each model's descriptor and SQL, from its bundle in the distribution, before the long city boot so
# that a missing model or SQL file fails fast. The reference models are in catalog/ (published
# through the marketplace at first start); system/ is the fallback for other distributions.
MODELS_DIR="$WORK_DIR/models"
declare -A KIND
for m in "${MODEL_IDS[@]}"; do
  mdir="$MODELS_DIR/$m"
  mkdir -p "$mdir"
  bundle=""
  for folder in "$karaf/catalog" "$karaf/system"; do
    [ -d "$folder" ] || continue
    bundle=$(find "$folder" -name "*plugins.$m-*.jar" | sort | tail -n 1)
    [ -z "$bundle" ] || break
  done
  [ -n "$bundle" ] || die "no bundle of $m in $karaf/catalog or $karaf/system"
  echo "$bundle" >"$mdir/bundle.txt"
  unzip -p "$bundle" META-INF/mingjian/model.json >"$mdir/model.json" || die "no META-INF/mingjian/model.json in $bundle"
  [ "$(jq -r '.id' "$mdir/model.json")" = "$m" ] || die "$bundle describes model $(jq -r '.id' "$mdir/model.json"), not $m"
  KIND[$m]=$(jq -r '.kind' "$mdir/model.json")
  case "${KIND[$m]}" in
    SQL)
      sql_file=$(jq -r '.sql.file' "$mdir/model.json")
      unzip -p "$bundle" "META-INF/mingjian/$sql_file" >"$mdir/model.sql" || true
      [ -s "$mdir/model.sql" ] || die "no SQL file $sql_file in $bundle"
      ;;
    JAVA)
      # the Java model's own candidate queries, copied from its source
      [ -s "$SCRIPT_DIR/raw-sql/$m.sql" ] || die "$m is a Java model and there is no $SCRIPT_DIR/raw-sql/$m.sql with its candidate SQL"
      cp "$SCRIPT_DIR/raw-sql/$m.sql" "$mdir/model.sql"
      ;;
    *) die "$m: unknown model kind ${KIND[$m]}" ;;
  esac
  log "model $m (${KIND[$m]}) from $(basename "$bundle")"
done

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

# --- 3. the models' datasets, the raw DuckDB file ------------------------------------------------
TOKEN=$(jq -n --arg u "$ANALYST" --arg p "$MINGJIAN_DEMO_PASSWORD" '{username: $u, password: $p}' |
  curl -s --fail-with-body -X POST -H 'Content-Type: application/json' --data-binary @- "$BASE_URL/api/v1/auth/login" |
  jq -r '.token // empty') || die "login as $ANALYST failed"
[ -n "$TOKEN" ] || die "login as $ANALYST returned no token"

# dataset_info NAME: the platform's catalog entry (types, district column, rows loaded, version)
DATASETS_DIR="$WORK_DIR/datasets"
mkdir -p "$DATASETS_DIR"
dataset_info() {
  local ds=$1 info
  if [ ! -s "$DATASETS_DIR/$ds.json" ]; then
    info=$(curl -s --fail-with-body -H "Authorization: Bearer $TOKEN" "$BASE_URL/api/v1/datasets/$ds") ||
      die "GET /api/v1/datasets/$ds failed: $info"
    echo "$info" >"$DATASETS_DIR/$ds.json"
  fi
  cat "$DATASETS_DIR/$ds.json"
}

# city scale generates exactly 1 M persons, small scale 20 k
PERSONS_ROWS=$(dataset_info persons | jq -r '.rows // 0')
[ "$PERSONS_ROWS" -ge 100000 ] || die "dataset persons has only $PERSONS_ROWS rows: this distribution ignores MINGJIAN_DEMO_SCALE=city"

# Each model's raw-side spec: the catalog's datasets and the views its descriptor declares. The
# load spec is the union of the models' datasets, each once.
LOAD_SPEC="$WORK_DIR/raw-load-spec.tsv"
: >"$LOAD_SPEC"
declare -A LOADED
for m in "${MODEL_IDS[@]}"; do
  mdir="$MODELS_DIR/$m"
  spec="$mdir/raw-spec.tsv"
  : >"$spec"
  for ds in $(jq -r '.datasets[].name' "$mdir/model.json"); do
    info=$(dataset_info "$ds")
    {
      jq -r --arg ds "$ds" '["dataset", $ds, ($ds + ".csv"), (.districtColumn // "-"), ((.rows // "-") | tostring), ((.currentVersion // 1) | tostring)] | @tsv' <<<"$info"
      jq -r --arg ds "$ds" '.columns[] | ["column", $ds, .name, .type] | @tsv' <<<"$info"
    } >"$mdir/dataset-$ds.tsv"
    cat "$mdir/dataset-$ds.tsv" >>"$spec"
    jq -r --arg ds "$ds" '.datasets[] | select(.name == $ds) | ["view", $ds, (.columns | join(","))] | @tsv' "$mdir/model.json" >>"$spec"
    if [ -z "${LOADED[$ds]:-}" ]; then
      cat "$mdir/dataset-$ds.tsv" >>"$LOAD_SPEC"
      LOADED[$ds]=1
    fi
    rm -f "$mdir/dataset-$ds.tsv"
  done
  # the descriptor's defaults, typed as the platform binds them (a DECIMAL default keeps its ".0")
  jq -r '.parameters[] | [.name, .type, (if .type == "DECIMAL" and ((.default | tostring) | test("^-?[0-9]+$")) then (.default | tostring) + ".0" else (.default | tostring) end)] | @tsv' \
    "$mdir/model.json" >"$mdir/parameters.tsv"
done

# raw_args MODEL: RawModelRun's arguments for the model, one a line
raw_args() {
  local mdir="$MODELS_DIR/$1" name type value
  printf '%s\n' --spec "$mdir/raw-spec.tsv" --sql "$mdir/model.sql" --district "$DISTRICT"
  while IFS=$'\t' read -r name type value; do
    printf '%s\n' --param "$name:$type=$value"
  done <"$mdir/parameters.tsv"
}

DUCKDB_JAR=$(find "$karaf/system/org/duckdb" -name 'duckdb_jdbc-*.jar' 2>/dev/null | head -n 1 || true)
[ -n "$DUCKDB_JAR" ] || DUCKDB_JAR=$(find "$HOME/.m2/repository/org/duckdb/duckdb_jdbc" -name 'duckdb_jdbc-*.jar' 2>/dev/null | sort | tail -n 1 || true)
[ -n "$DUCKDB_JAR" ] || die "no DuckDB JDBC jar in the distribution or ~/.m2"
# the SDK runner, for the platform's own rewrite of :name parameters (NamedParameters)
RUNNER_JAR=$(find "$karaf/system/org/mingjian/org.mingjian.sdk.runner" -name 'org.mingjian.sdk.runner-*.jar' 2>/dev/null | head -n 1 || true)
[ -n "$RUNNER_JAR" ] || die "no org.mingjian.sdk.runner jar in the distribution"
RAW_CP="$DUCKDB_JAR:$RUNNER_JAR"
RAW_DB="$WORK_DIR/raw/raw.duckdb"

# Loading is not measured, so it happens now, with Karaf idle.
log "raw DuckDB: loading ${!LOADED[*]} from $CITY_HOME/demo into a fresh file (not measured)"
java -cp "$RAW_CP" "$SCRIPT_DIR/RawModelRun.java" --spec "$LOAD_SPEC" --csv-dir "$CITY_HOME/demo" \
  --db "$RAW_DB" 2>&1 | tee "$WORK_DIR/raw-load.out" | tee -a "$LOG" >&2 ||
  die "loading the raw DuckDB file failed"

# --- 4. the models through the platform ----------------------------------------------------------
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

platform_runs() { # platform_runs MODEL OUT [--no-row-check] [-- raw runner command]
  local model=$1 out=$2
  shift 2
  java "$SCRIPT_DIR/PlatformModelRun.java" --url "$BASE_URL" --user "$ANALYST" --model "$model" \
    --district "$DISTRICT" --runs "$RUNS" --poll-ms "$POLL_MS" --coarse-poll-ms "$COARSE_POLL_MS" \
    --pid "$KARAF_JVM" --clk-tck "$CLK_TCK" "$@" 2>&1 | tee "$out" | tee -a "$LOG" >&2
}

declare -A P_SUM LOAD_PLATFORM
for m in "${MODEL_IDS[@]}"; do
  mdir="$MODELS_DIR/$m"
  settle_karaf
  wait_for_quiet "platform runs of $m"
  log "platform: 1 warm-up + $RUNS runs of $m (${KIND[$m]}) for $DISTRICT as $ANALYST, polling every $POLL_MS ms (load average $(loadavg))"
  platform_runs "$m" "$mdir/platform.out" || die "the platform runs of $m failed"
  P_SUM[$m]=$(grep '^SUMMARY platform' "$mdir/platform.out" | tail -n 1)
  [ -n "${P_SUM[$m]}" ] || die "no platform summary for $m"
  LOAD_PLATFORM[$m]=$(loadavg)
  # the platform's own log lines of these runs
  grep -E 'Run [0-9a-f-]+ ended|\[run ' "$karaf/data/log/karaf.log" | tail -n $((2 * (RUNS + 1))) >>"$LOG" || true

  if [ "$m" = "$FIRST_MODEL" ]; then
    # Platform and raw runs alternating: both sides see the same background load. Karaf is idle
    # while the raw query runs (on its own file) and the raw runner is idle while the platform runs.
    mapfile -t RAW_ARGS < <(raw_args "$m")
    ROW_CHECK=()
    [ "${KIND[$m]}" = SQL ] || ROW_CHECK=(--no-row-check)
    settle_karaf
    wait_for_quiet "interleaved runs of $m"
    log "interleaved: 1 warm-up each, then $RUNS x (platform run, raw run) of $m (load average $(loadavg))"
    platform_runs "$m" "$mdir/interleaved.out" "${ROW_CHECK[@]}" -- java -cp "$RAW_CP" "$SCRIPT_DIR/RawModelRun.java" \
      "${RAW_ARGS[@]}" --pool "$RAW_DB" --stdin || die "the interleaved runs of $m failed"
    I_SUM=$(grep '^SUMMARY interleaved' "$mdir/interleaved.out" | tail -n 1)
    I_PSUM=$(grep '^SUMMARY platform' "$mdir/interleaved.out" | tail -n 1)
    [ -n "$I_SUM" ] && [ -n "$I_PSUM" ] || die "no interleaved summary"
  fi
done

stop_karaf
keep_log "$karaf" city
KARAF_ERRORS=$(grep -c '| ERROR |' "$WORK_DIR/logs/city.karaf.log" || true)
KARAF_WARNS=$(grep '| WARN  |' "$WORK_DIR/logs/city.karaf.log" | grep -vc "Can't find the request for .*'s Observer" || true)

# --- 5. the same SQL directly on DuckDB, Karaf stopped -------------------------------------------
declare -A R_SUM
for m in "${MODEL_IDS[@]}"; do
  mdir="$MODELS_DIR/$m"
  mapfile -t RAW_ARGS < <(raw_args "$m")
  wait_for_quiet "raw runs of $m"
  log "raw DuckDB: 1 warm-up + $RUNS runs of $m's SQL on the freshly loaded file, Karaf stopped (load average $(loadavg))"
  java -cp "$RAW_CP" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" --pool "$RAW_DB" --runs "$RUNS" 2>&1 |
    tee "$mdir/raw.out" | tee -a "$LOG" >&2 || die "the raw DuckDB runs of $m failed"
  R_SUM[$m]=$(grep '^SUMMARY raw' "$mdir/raw.out" | tail -n 1)
  [ -n "${R_SUM[$m]}" ] || die "no raw summary for $m"
done
LOAD_RAW=$(loadavg)

# diagnostic: the first model's raw runs on a copy of the platform's own pool file (same engine,
# same physical tables, no platform around it)
mdir="$MODELS_DIR/$FIRST_MODEL"
mapfile -t RAW_ARGS < <(raw_args "$FIRST_MODEL")
POOL_COPY="$WORK_DIR/raw/platform-pool-copy.duckdb"
cp "$CITY_HOME/pool/datapool.duckdb" "$POOL_COPY"
[ ! -f "$CITY_HOME/pool/datapool.duckdb.wal" ] || cp "$CITY_HOME/pool/datapool.duckdb.wal" "$POOL_COPY.wal"
wait_for_quiet "raw runs on the platform's pool file"
log "raw DuckDB on a copy of the platform's pool file: 1 warm-up + $RUNS runs of $FIRST_MODEL (load average $(loadavg))"
java -cp "$RAW_CP" "$SCRIPT_DIR/RawModelRun.java" "${RAW_ARGS[@]}" --pool "$POOL_COPY" --runs "$RUNS" 2>&1 |
  tee "$mdir/raw-pool.out" | tee -a "$LOG" >&2 || die "the raw runs on the pool file failed"
RP_SUM=$(grep '^SUMMARY raw' "$mdir/raw-pool.out" | tail -n 1)
[ -n "$RP_SUM" ] || die "no summary of the raw runs on the pool file"
rm -f "$POOL_COPY" "$POOL_COPY.wal"

# --- 6. compare and summarize --------------------------------------------------------------------
# A SQL model makes one clue per row of its SQL; a Java model's candidate rows are not its clues.
MISMATCHES=()
for m in "${MODEL_IDS[@]}"; do
  if [ "${KIND[$m]}" = SQL ] && [ "$(kv clues "${P_SUM[$m]}")" != "$(kv rows "${R_SUM[$m]}")" ]; then
    MISMATCHES+=("$m: the platform recorded $(kv clues "${P_SUM[$m]}") clues per run but the raw query returned $(kv rows "${R_SUM[$m]}") rows")
  fi
done
M=$FIRST_MODEL
CLUES=$(kv clues "${P_SUM[$M]}")
ROWS=$(kv rows "${R_SUM[$M]}")
[ "$(kv clues "$I_PSUM")" = "$CLUES" ] || MISMATCHES+=("$M: $(kv clues "$I_PSUM") clues in the interleaved runs, $CLUES before")
[ "$(kv rows "$RP_SUM")" = "$ROWS" ] || MISMATCHES+=("$M: $(kv rows "$RP_SUM") rows on the pool file, $ROWS on the raw file")

P_WALL_MED=$(kv wall_median_ms "${P_SUM[$M]}")
P_WALL_BEST=$(kv wall_best_ms "${P_SUM[$M]}")
P_DUR_MED=$(kv dur_median_ms "${P_SUM[$M]}")
P_DUR_BEST=$(kv dur_best_ms "${P_SUM[$M]}")
P_QUEUE_MED=$(kv queue_median_ms "${P_SUM[$M]}")
P_CPU_MED=$(kv cpu_median_ms "${P_SUM[$M]}")
P_CPU_BEST=$(kv cpu_best_ms "${P_SUM[$M]}")
R_MED=$(kv median_ms "${R_SUM[$M]}")
R_BEST=$(kv best_ms "${R_SUM[$M]}")
R_CPU_MED=$(kv cpu_median_ms "${R_SUM[$M]}")
R_CPU_BEST=$(kv cpu_best_ms "${R_SUM[$M]}")
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
if [ "${KIND[$M]}" = SQL ]; then
  COUNT_LABEL="clues per run (platform) = rows (raw)"
  COUNT_TEXT="$CLUES = $ROWS"
else
  COUNT_LABEL="clues per run (platform); candidate rows (raw)"
  COUNT_TEXT="$CLUES; $ROWS (a Java model: not compared)"
fi

SUMMARY="$WORK_DIR/summary.txt"
row() { printf '%-48s %12s %12s\n' "$@"; }
line() { printf '%-48s %s\n' "$@"; }
mrow() { printf '%-32s %-4s %6s %6s %8s %8s %8s %8s %8s %8s %8s %9s\n' "$@"; }
over() { awk "BEGIN {printf \"%+.0f\", $1 - $2}"; } # over WALL TARGET: ms above (+) or under (-)
{
  echo "== Mingjian model benchmark: $M, district $DISTRICT, city scale, $RUNS runs after 1 warm-up =="
  echo "date $(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cpus; $(java -version 2>&1 | head -n 1); distribution sha256 ${TARBALL_SHA:0:12}"
  line "first boot to /health 200, small data" "$BOOT_SMALL_TEXT"
  [ -z "$BOOT_SMALL_DETAIL" ] || line "" "$BOOT_SMALL_DETAIL"
  line "  target <= 20 s" "$V_BOOT"
  line "first boot to /health 200, city data" "$BOOT_CITY ms"
  line "" "features installed after $BOOT_CITY_FEATURES ms; bootstrap thread (generate + load) ${BOOT_CITY_BOOTSTRAP:-?} ms"
  line "$COUNT_LABEL" "$COUNT_TEXT"
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
  echo "== All models: district $DISTRICT, city scale, medians of $RUNS runs after 1 warm-up, ms =="
  echo "(rows: raw rows per run, all statements; wall: POST -> SUCCEEDED seen; dur: the server's durationMs;"
  echo " raw: views + statements + reading every row, Karaf stopped; cpu p/r: Karaf CPU / raw JVM CPU per run;"
  echo " target: 1.15 x raw + 100 ms; wall-target: the wall median above (+) or under (-) it)"
  mrow "model" "kind" "clues" "rows" "wall" "dur" "raw" "wall/raw" "dur/raw" "cpu p/r" "target" "wall-target"
  for m in "${MODEL_IDS[@]}"; do
    m_wall=$(kv wall_median_ms "${P_SUM[$m]}")
    m_raw=$(kv median_ms "${R_SUM[$m]}")
    m_target=$(target_for "$m_raw")
    mrow "$m" "${KIND[$m]}" "$(kv clues "${P_SUM[$m]}")" "$(kv rows "${R_SUM[$m]}")" \
      "$m_wall" "$(kv dur_median_ms "${P_SUM[$m]}")" "$m_raw" \
      "$(ratio_or_na "$m_wall" "$m_raw")" \
      "$(ratio_or_na "$(kv dur_median_ms "${P_SUM[$m]}")" "$m_raw")" \
      "$(ratio_or_na "$(kv cpu_median_ms "${P_SUM[$m]}")" "$(kv cpu_median_ms "${R_SUM[$m]}")")" \
      "$m_target" "$(over "$m_wall" "$m_target")"
  done
  for m in "${MODEL_IDS[@]}"; do
    if [ "${KIND[$m]}" = JAVA ]; then
      line "  $m" "Java model: $(kv clues "${P_SUM[$m]}") clues from $(kv rows "${R_SUM[$m]}") candidate rows$(r=$(kv rows_per_statement "${R_SUM[$m]}"); [ -z "$r" ] || echo " ($r by statement)")"
    fi
  done
  if [ "${#MISMATCHES[@]}" -gt 0 ]; then
    echo
    printf 'MISMATCH: %s\n' "${MISMATCHES[@]}"
  fi
  echo
  line "load average at start / after the raw runs" "$LOAD_START / $LOAD_RAW"
  line "load average after each model's platform runs" "$(for m in "${MODEL_IDS[@]}"; do printf '%s | ' "${LOAD_PLATFORM[$m]}"; done | sed 's/ | $//')"
  line "karaf.log (city run): ERROR / WARN lines" "$KARAF_ERRORS / $KARAF_WARNS (not counting CXF 'Observer' warnings)"
  echo "details: $LOG; per-model descriptors, SQL, specs and per-run lines (platform.out, raw.out; for $M also interleaved.out, raw-pool.out): $MODELS_DIR/<model id>; Karaf logs: $WORK_DIR/logs"
} >"$SUMMARY"
echo
cat "$SUMMARY"
if [ "${#MISMATCHES[@]}" -gt 0 ]; then
  die "$(printf '%s; ' "${MISMATCHES[@]}")see $SUMMARY"
fi
