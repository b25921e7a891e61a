#!/usr/bin/env bash
# tests/bench/server.sh -- the search-server benchmark of `make bench`.
#
#   tests/bench/server.sh --build DIR [--profile]
#
# For the 10k and the 100k synthetic catalog (DIR/bench/catalog-10k, -100k; generated with
# tests/bench/gen_catalog.py when missing):
# 1. Indexes the catalog into DIR/bench/index-Nk (reused when it is newer than every catalog
#    file and than the indexer binary; updated incrementally after a catalog change, rebuilt
#    with --full after an indexer change), starts wegwijzer-server on a free loopback port
#    (--port 0 --quiet --threads $(nproc)) and waits for /healthz 200. Every line of
#    tests/bench/queries.txt is requested once with curl: each must answer 200 (this also warms
#    the page cache).
# 2. Ceiling: wrk on /healthz, the cheapest endpoint: 64 connections, 2 threads, 10 s.
# 3. Search: wrk, 64 connections, 2 threads, 15 s, tests/bench/search.lua cycling through
#    tests/bench/queries.txt: requests/s, p50 and p99 (wrk --latency), non-2xx responses (must
#    be 0; cross-checked with the server's /metrics, which also gives the server-side mean time
#    per search). The warm-up filled the answer cache, so this run is all cache hits.
# 4. Server peak RSS (VmHWM of /proc/PID/status) after the search runs.
# 5. Stops the server with SIGTERM; it must exit 0 within 15 s. Starts it again with
#    --cache-mb 0 and repeats the loaded search run (every search runs the engine), then 5 s
#    with 1 connection: the latency of an uncached search without queueing; stops it.
# 6. Engine cost in-process: every query line through build/tests/ww-query (no HTTP), once
#    with --no-facets and once with facets, --repeat N (N up to 50, fewer for slow queries so
#    that the phase stays within its time budget): mean microseconds per search.
# 7. Prints one Markdown report to stdout and writes it to DIR/bench/server.md.
#
# wrk always uses --timeout 30s (its default of 2 s would drop slow answers from the latency
# figures). wrk and the server share the machine's cores. Progress goes to stderr; stdout gets
# only the report. Exit status: 0 when everything was measured (targets missed are reported
# as FAIL, not as an error), 1 when something broke (server did not start or did not exit 0,
# non-2xx answers, a tool failed), 2 usage.
#
# --profile also records `perf` profiles of ww-query on the slowest query of the largest
# catalog (with and without facets) into DIR/bench/server-profile-<N>k.txt.
# For quick trial runs: WW_SERVER_BENCH_SIZES (default "10000 100000"),
# WW_SERVER_BENCH_CEILING_S (10), WW_SERVER_BENCH_SEARCH_S (15), WW_SERVER_BENCH_ENGINE_S
# (per catalog budget of the engine phase, 60), WW_SERVER_BENCH_REPEAT (at most, 50),
# WW_SERVER_BENCH_DIR (instead of DIR/bench: catalogs, indexes and the report).
set -euo pipefail
export LC_ALL=C

BUILD=build
PROFILE=0
while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=${2:?--build needs a directory}; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "server.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
INDEXER=$BUILD/wegwijzer-indexer
SERVER=$BUILD/wegwijzer-server
WWQUERY=$BUILD/tests/ww-query
BENCH=${WW_SERVER_BENCH_DIR:-$BUILD/bench}
TMP=$BENCH/tmp-server
QUERIES=$HERE/queries.txt
LUA=$HERE/search.lua
SIZES=(${WW_SERVER_BENCH_SIZES:-10000 100000})
CEILING_S=${WW_SERVER_BENCH_CEILING_S:-10}
SEARCH_S=${WW_SERVER_BENCH_SEARCH_S:-15}
UNLOADED_S=5
ENGINE_S=${WW_SERVER_BENCH_ENGINE_S:-60}
MAX_REPEAT=${WW_SERVER_BENCH_REPEAT:-50}
CONNECTIONS=64
WRK_THREADS=2
SEED=wegwijzer-bench-1 # the catalogs of tests/bench/run
ORGS=200
NPROC=$(nproc)
TODAY=$(TZ=Europe/Amsterdam date +%F) # the server's "today" (it runs in Europe/Amsterdam)

START=$EPOCHREALTIME
say() { printf 'server-bench [%3ss]: %s\n' "$(elapsed)" "$*" >&2; }
FAILED=()
broken() { say "FOUT: $*"; FAILED+=("$*"); }
die() { say "FOUT: $*"; exit 1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
elapsed() { calc "%.0f" "$EPOCHREALTIME - $START"; }

for tool in "$INDEXER" "$SERVER" "$WWQUERY"; do
    [ -x "$tool" ] || die "$tool ontbreekt (make all $BUILD/tests/ww-query)"
done
for tool in wrk curl python3 timeout; do
    command -v "$tool" >/dev/null || die "$tool ontbreekt (make bench-deps installeert wrk)"
done
[ -s "$QUERIES" ] && [ -s "$LUA" ] || die "$QUERIES of $LUA ontbreekt"
mkdir -p "$TMP"

mapfile -t LINES < <(sed -e 's/[[:space:]]*$//' -e '/^#/d' -e '/^$/d' "$QUERIES")
[ "${#LINES[@]}" -gt 0 ] || die "geen zoekvragen in $QUERIES"

label_of() { # 10000 -> 10k
    local n=$1
    if [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"; else echo "$n"; fi
}

# ---- The server ------------------------------------------------------------------------------

SERVER_PID=""
stop_leftover() { # on any exit: a server we started must not outlive us
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_leftover EXIT

# start_server INDEX CATALOG LABEL [SERVER ARGS...]: sets SERVER_PID and PORT, waits for
# /healthz 200.
start_server() {
    local index=$1 catalog=$2 l=$3 out=$TMP/server-$3.out
    shift 3
    : >"$out"
    "$SERVER" --index "$index" --catalog "$catalog" --port 0 --threads "$NPROC" --quiet "$@" \
        >"$out" 2>"$out.err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 1 100); do # 10 s
        PORT=$(sed -n 's/.*luistert op http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p;T;q' "$out")
        [ -n "$PORT" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$out.err" >&2; die "$l: server stopte bij het starten"; }
        sleep 0.1
    done
    [ -n "$PORT" ] || die "$l: server meldde geen poort binnen 10 s"
    # RSS and the exit status are read from this PID: it must be the server itself.
    [ "$(cat "/proc/$SERVER_PID/comm" 2>/dev/null)" = wegwijzer-serve ] ||
        die "$l: pid $SERVER_PID is niet de server"
    local code=""
    for _ in $(seq 1 300); do # 30 s
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)
        [ "$code" = 200 ] && break
        sleep 0.1
    done
    [ "$code" = 200 ] || die "$l: /healthz gaf geen 200 binnen 30 s (laatste: $code)"
}

# stop_server LABEL: SIGTERM, waits up to 15 s (the server gives requests 10 s), sets STOP_RC.
stop_server() {
    local l=$1
    kill -TERM "$SERVER_PID"
    STOP_RC=""
    for _ in $(seq 1 150); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        STOP_RC="hing (KILL na 15 s)"
        broken "$l: server stopte niet binnen 15 s na SIGTERM"
    else
        STOP_RC=0
        wait "$SERVER_PID" || STOP_RC=$?
        [ "$STOP_RC" = 0 ] || broken "$l: server eindigde met status $STOP_RC na SIGTERM"
    fi
    SERVER_PID=""
}

# ---- wrk -------------------------------------------------------------------------------------

to_ms() { # wrk duration (512.00us, 1.23ms, 1.02s, 1.50m) -> milliseconds
    awk -v d="$1" 'BEGIN {
        if (d ~ /us$/) { sub(/us$/, "", d); printf "%.3f", d / 1000 }
        else if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%.3f", d }
        else if (d ~ /m$/) { sub(/m$/, "", d); printf "%.3f", d * 60000 }
        else if (d ~ /s$/) { sub(/s$/, "", d); printf "%.3f", d * 1000 }
        else print "?" }'
}

# run_wrk OUT SECONDS CONNECTIONS THREADS URL [wrk args...]: sets W_RPS W_P50 W_P99 (ms),
# W_REQS, W_NON2XX, W_SOCKERR.
run_wrk() {
    local out=$1 secs=$2 conns=$3 threads=$4
    shift 4
    timeout -k 5 $((secs + 60)) wrk -c "$conns" -t "$threads" -d "${secs}s" --latency \
        --timeout 30s "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk faalde: $*"; }
    W_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    W_P50=$(to_ms "$(awk '/Latency Distribution/ { f = 1 } f && $1 == "50%" { print $2; exit }' "$out")")
    W_P99=$(to_ms "$(awk '/Latency Distribution/ { f = 1 } f && $1 == "99%" { print $2; exit }' "$out")")
    W_REQS=$(awk '/requests in/ { print $1; exit }' "$out")
    W_NON2XX=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$out")
    W_NON2XX=${W_NON2XX:-0}
    W_SOCKERR=$(awk '/Socket errors/ { sub(/^ *Socket errors: */, ""); print }' "$out")
    W_SOCKERR=${W_SOCKERR:-none}
    [ -n "$W_RPS" ] && [ -n "$W_REQS" ] || { cat "$out" >&2; die "wrk-uitvoer niet te lezen: $out"; }
}

# metrics -> "2xx 4xx 5xx count sum_seconds" of the search route
search_metrics() {
    curl -s -m 5 "http://127.0.0.1:$PORT/metrics" | awk '
        /^wegwijzer_requests_total\{route="search",status="2xx"\}/ { ok = $2 }
        /^wegwijzer_requests_total\{route="search",status="4xx"\}/ { c4 = $2 }
        /^wegwijzer_requests_total\{route="search",status="5xx"\}/ { c5 = $2 }
        /^wegwijzer_request_duration_seconds_count\{route="search"\}/ { n = $2 }
        /^wegwijzer_request_duration_seconds_sum\{route="search"\}/ { s = $2 }
        END { printf "%d %d %d %d %.6f\n", ok, c4, c5, n, s }'
}

# ---- ww-query --------------------------------------------------------------------------------

urldecode() {
    local s=${1//+/ }
    printf '%b' "${s//%/\\x}"
}

# query_args LINE: fills ARGS with ww-query's arguments for one URL query line (q= becomes the
# text, the rest param=value); returns 1 for what ww-query cannot express.
query_args() {
    local line=$1 pair key value text="" pairs=()
    ARGS=()
    IFS='&' read -ra pairs <<<"$line"
    for pair in "${pairs[@]}"; do
        key=${pair%%=*}
        value=$(urldecode "${pair#*=}")
        case $key in
        q) text=$value ;;
        per_page) return 1 ;; # ww-query pages by 10; it has no per_page
        *) ARGS+=("$key=$value") ;;
        esac
    done
    if [ -n "$text" ]; then
        case $text in *=* | -*) return 1 ;; esac # would be read as a filter or an option
        ARGS+=("$text")
    fi
    return 0
}

# ww_us INDEX REPEAT [--no-facets] ARGS...: mean microseconds per search
ww_us() {
    local index=$1 repeat=$2
    shift 2
    timeout -k 5 120 "$WWQUERY" --index "$index" --schema schema --today "$TODAY" \
        --repeat "$repeat" "$@"
}

# ---- One catalog -------------------------------------------------------------------------------

declare -A CEIL_RPS CEIL_P99 S_RPS S_P50 S_P99 S_REQS S_NON2XX S_SOCKERR M_OK M_BAD M_MEAN
declare -A U_RPS U_P50 U_P99 RSS ENG_NF ENG_F ENG_NF_MED ENG_F_MED ENG_N ENG_NOTE STOPPED
declare -A INDEX_NOTE WARM_NOTE NC_RPS NC_P50 NC_P99 NC_MEAN NC_RSS

say "machine: $NPROC cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

for n in "${SIZES[@]}"; do
    l=$(label_of "$n")
    cat_dir=$BENCH/catalog-$l
    index=$BENCH/index-$l

    # 1. Catalog and index.
    if [ ! -f "$cat_dir/.generator" ] || [ ! -d "$cat_dir/aanbod" ]; then
        say "$l: catalogus ontbreekt; gen_catalog.py maakt hem"
        ok=0
        for attempt in 1 2; do
            if timeout -k 5 300 python3 "$HERE/gen_catalog.py" generate --source catalog \
                --out "$cat_dir" --entries "$n" --orgs "$ORGS" --seed "$SEED" >&2; then
                ok=1
                break
            fi
            [ "$attempt" = 1 ] && { say "gen_catalog.py faalde; nog één poging over 20 s"; sleep 20; }
        done
        [ "$ok" = 1 ] || die "gen_catalog.py faalde voor $cat_dir"
    fi
    # Reused when newer than every catalog file and than the indexer (a rebuilt indexer may
    # write another layout: then a full build); otherwise an incremental update.
    stamp=$index/state
    full=()
    if [ -e "$index/current" ] && [ -e "$stamp" ] && [ "$stamp" -nt "$INDEXER" ] &&
        [ -z "$(find "$cat_dir" -newer "$stamp" -print -quit)" ]; then
        INDEX_NOTE[$l]="reused"
        say "$l: index $index hergebruikt"
    else
        if [ ! -e "$index/current" ]; then
            INDEX_NOTE[$l]="built"
        elif [ ! -e "$stamp" ] || [ "$INDEXER" -nt "$stamp" ]; then
            INDEX_NOTE[$l]="rebuilt (--full, the indexer is newer)"
            full=(--full)
        else
            INDEX_NOTE[$l]="updated (catalog changed)"
        fi
        t0=$EPOCHREALTIME
        timeout -k 5 600 "$INDEXER" --catalog "$cat_dir" --index "$index" "${full[@]}" --quiet \
            >"$TMP/indexer-$l.out" 2>&1 || { tail -n 20 "$TMP/indexer-$l.out" >&2; die "wegwijzer-indexer faalde voor $cat_dir"; }
        INDEX_NOTE[$l]="${INDEX_NOTE[$l]} in $(calc %.0f "$EPOCHREALTIME - $t0") s"
        say "$l: index ${INDEX_NOTE[$l]}"
    fi

    start_server "$index" "$cat_dir" "$l"
    say "$l: server pid $SERVER_PID op poort $PORT"
    base=http://127.0.0.1:$PORT

    # Every query once: 200, and warm caches.
    : >"$TMP/warm-$l.tsv"
    bad=0
    for line in "${LINES[@]}"; do
        code=$(curl -s -m 30 -o "$TMP/warm.json" -w '%{http_code} %{time_total}' "$base/api/v1/search?$line" || echo "000 0")
        total=$(sed -n 's/.*"total": *\([0-9]*\).*/\1/p' "$TMP/warm.json")
        total=${total:-?}
        printf '%s\t%s\t%s\t%s\n' "${code%% *}" "${code#* }" "$total" "$line" >>"$TMP/warm-$l.tsv"
        [ "${code%% *}" = 200 ] || { bad=$((bad + 1)); say "$l: ${code%% *} op $line"; }
    done
    WARM_NOTE[$l]=$bad
    [ "$bad" = 0 ] || broken "$l: $bad zoekvragen gaven geen 200 (zie $TMP/warm-$l.tsv)"

    # 2. Ceiling.
    say "$l: ceiling, wrk /healthz ${CEILING_S} s"
    run_wrk "$TMP/wrk-healthz-$l.txt" "$CEILING_S" "$CONNECTIONS" "$WRK_THREADS" "$base/healthz"
    CEIL_RPS[$l]=$W_RPS CEIL_P99[$l]=$W_P99
    [ "$W_NON2XX" = 0 ] || broken "$l: /healthz gaf $W_NON2XX antwoorden die geen 2xx waren"

    # 3. Search, loaded, then one connection.
    read -r ok0 c40 c50 n0 s0 < <(search_metrics)
    say "$l: search, wrk $CONNECTIONS connections ${SEARCH_S} s"
    run_wrk "$TMP/wrk-search-$l.txt" "$SEARCH_S" "$CONNECTIONS" "$WRK_THREADS" "$base" -s "$LUA" -- "$QUERIES"
    S_RPS[$l]=$W_RPS S_P50[$l]=$W_P50 S_P99[$l]=$W_P99 S_REQS[$l]=$W_REQS
    S_NON2XX[$l]=$W_NON2XX S_SOCKERR[$l]=$W_SOCKERR
    read -r ok1 c41 c51 n1 s1 < <(search_metrics)
    M_OK[$l]=$((ok1 - ok0))
    M_BAD[$l]=$((c41 - c40 + c51 - c50))
    M_MEAN[$l]=$(awk -v n="$((n1 - n0))" -v s0="$s0" -v s1="$s1" 'BEGIN { if (n > 0) printf "%.2f", 1000 * (s1 - s0) / n; else print "?" }')
    [ "$W_NON2XX" = 0 ] && [ "${M_BAD[$l]}" = 0 ] ||
        broken "$l: search gaf $W_NON2XX non-2xx (wrk), ${M_BAD[$l]} 4xx/5xx (server /metrics)"
    [ "$W_SOCKERR" = none ] || broken "$l: wrk socket errors: $W_SOCKERR"
    say "$l: ${S_RPS[$l]} req/s, p50 ${S_P50[$l]} ms, p99 ${S_P99[$l]} ms; server mean ${M_MEAN[$l]} ms"

    # 4. Peak RSS after the loaded search run.
    RSS[$l]=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")

    # 5. Stop.
    stop_server "$l"
    STOPPED[$l]=$STOP_RC
    say "$l: server gestopt, status $STOP_RC"

    # 5b. The same load with the answer cache off: every search runs the engine. (With the
    # cache on, the warm-up pass has answered every line of queries.txt once, so the loaded run
    # above is all hits: the best case, as this is the worst.)
    start_server "$index" "$cat_dir" "$l" --cache-mb 0
    base=http://127.0.0.1:$PORT
    say "$l: search without cache, wrk $CONNECTIONS connections ${SEARCH_S} s"
    read -r ok0 c40 c50 n0 s0 < <(search_metrics)
    run_wrk "$TMP/wrk-search-nocache-$l.txt" "$SEARCH_S" "$CONNECTIONS" "$WRK_THREADS" "$base" -s "$LUA" -- "$QUERIES"
    NC_RPS[$l]=$W_RPS NC_P50[$l]=$W_P50 NC_P99[$l]=$W_P99
    [ "$W_NON2XX" = 0 ] || broken "$l: search zonder cache gaf $W_NON2XX non-2xx"
    read -r ok1 c41 c51 n1 s1 < <(search_metrics)
    NC_MEAN[$l]=$(awk -v n="$((n1 - n0))" -v s0="$s0" -v s1="$s1" 'BEGIN { if (n > 0) printf "%.2f", 1000 * (s1 - s0) / n; else print "?" }')
    NC_RSS[$l]=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    say "$l: without cache ${NC_RPS[$l]} req/s, p50 ${NC_P50[$l]} ms, p99 ${NC_P99[$l]} ms"
    say "$l: search without cache, 1 connection ${UNLOADED_S} s"
    run_wrk "$TMP/wrk-search1-$l.txt" "$UNLOADED_S" 1 1 "$base" -s "$LUA" -- "$QUERIES"
    U_RPS[$l]=$W_RPS U_P50[$l]=$W_P50 U_P99[$l]=$W_P99
    [ "$W_NON2XX" = 0 ] || broken "$l: search (1 connection) gaf $W_NON2XX non-2xx"
    stop_server "$l"
    [ "$STOP_RC" = 0 ] || broken "$l: server zonder cache stopte met status $STOP_RC"

    # 6. Engine in-process, with a time budget: N repeats per query such that one query's two
    # measurements take about ENGINE_S / queries seconds.
    per_query_us=$(calc %.0f "1e6 * $ENGINE_S / ${#LINES[@]}")
    deadline=$(calc %.3f "$EPOCHREALTIME + 1.5 * $ENGINE_S")
    : >"$TMP/engine-$l.tsv"
    skipped=0 measured=0 repeats=()
    say "$l: engine, ww-query per zoekvraag (budget ${ENGINE_S} s)"
    for line in "${LINES[@]}"; do
        if ! query_args "$line"; then
            skipped=$((skipped + 1))
            continue
        fi
        if awk -v a="$EPOCHREALTIME" -v d="$deadline" 'BEGIN { exit !(a > d) }'; then
            skipped=$((skipped + 1))
            continue
        fi
        # Estimate (and warm): 2 searches with facets, the slower kind.
        est=$(ww_us "$index" 2 "${ARGS[@]}") || die "ww-query faalde: ${ARGS[*]}"
        rep=$(calc %.0f "$per_query_us / (2 * ($est > 1 ? $est : 1))")
        [ "$rep" -gt "$MAX_REPEAT" ] && rep=$MAX_REPEAT
        [ "$rep" -lt 3 ] && rep=3
        nf=$(ww_us "$index" "$rep" --no-facets "${ARGS[@]}") || die "ww-query faalde: ${ARGS[*]}"
        wf=$(ww_us "$index" "$rep" "${ARGS[@]}") || die "ww-query faalde: ${ARGS[*]}"
        printf '%s\t%s\t%s\t%s\n' "$nf" "$wf" "$rep" "$line" >>"$TMP/engine-$l.tsv"
        measured=$((measured + 1))
        repeats+=("$rep")
    done
    [ "$measured" -gt 0 ] || die "$l: geen enkele zoekvraag in-process gemeten"
    read -r ENG_NF[$l] ENG_F[$l] < <(awk -F'\t' '{ a += $1; b += $2 } END { printf "%.0f %.0f\n", a / NR, b / NR }' "$TMP/engine-$l.tsv")
    ENG_NF_MED[$l]=$(cut -f1 "$TMP/engine-$l.tsv" | sort -g | awk '{ v[NR] = $1 } END { printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    ENG_F_MED[$l]=$(cut -f2 "$TMP/engine-$l.tsv" | sort -g | awk '{ v[NR] = $1 } END { printf "%.0f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    ENG_N[$l]="$measured queries, repeat $(printf '%s\n' "${repeats[@]}" | sort -n | sed -n '1p')-$(printf '%s\n' "${repeats[@]}" | sort -n | sed -n '$p')"
    ENG_NOTE[$l]=""
    [ "$skipped" = 0 ] || ENG_NOTE[$l]="; $skipped lines not measured (time budget or not expressible)"
    say "$l: engine ${ENG_NF[$l]} µs, with facets ${ENG_F[$l]} µs (${ENG_N[$l]}${ENG_NOTE[$l]}); $(elapsed) s so far"
done

# ---- Optional profile --------------------------------------------------------------------------

PROFILE_NOTE=""
if [ "$PROFILE" = 1 ]; then
    l=$(label_of "${SIZES[-1]}")
    if command -v perf >/dev/null; then
        slow=$(sort -t$'\t' -k2,2gr "$TMP/engine-$l.tsv" | sed -n '1p')
        slow_us=$(cut -f2 <<<"$slow")
        slow=$(cut -f4 <<<"$slow")
        query_args "$slow"
        rep=$(calc %.0f "3e6 / $slow_us") # about 3 s of searching
        [ "$rep" -lt 10 ] && rep=10
        out=$BENCH/server-profile-$l.txt
        {
            for mode in facets no-facets; do
                extra=()
                [ "$mode" = no-facets ] && extra=(--no-facets)
                timeout -k 5 120 perf record -q -F 999 --call-graph dwarf,16384 -o "$TMP/perf.data" \
                    "$WWQUERY" --index "$BENCH/index-$l" --schema schema --today "$TODAY" \
                    --repeat "$rep" "${extra[@]}" "${ARGS[@]}" >/dev/null 2>&1 ||
                    { echo "perf record mislukte"; continue; }
                echo "# perf, inclusive time per named symbol, ww-query --repeat $rep ($mode) on index-$l: $slow"
                perf report -i "$TMP/perf.data" --children --sort sym --stdio -g none 2>/dev/null |
                    awk '!/^#/ && !/^$/ && !/\] 0x0000/ && ++n <= 40' || true
                echo
            done
        } >"$out"
        rm -f "$TMP/perf.data"
        PROFILE_NOTE="Profile of the slowest query ($slow) at $l: $out."
        say "profiel: $out"
    else
        say "perf ontbreekt: geen profiel"
    fi
fi

# ---- 7. Report ---------------------------------------------------------------------------------

pad_table() { # pads the columns of a Markdown table, for the terminal
    awk -F'|' '
        { rows[NR] = $0; n = NF
          for (i = 2; i < NF; i++) { c = $i; gsub(/^ +| +$/, "", c); cell[NR, i] = c
                                      if (width(c) > w[i]) w[i] = width(c) } }
        function width(s) { gsub(/[\200-\277]/, "", s); return length(s) }
        END { for (r = 1; r <= NR; r++) { line = "|"
                for (i = 2; i < n; i++) { c = cell[r, i]
                    if (r == 2) { s = ""; for (j = 0; j < w[i]; j++) s = s "-"; c = s }
                    pad = ""; for (j = width(c); j < w[i]; j++) pad = pad " "
                    line = line " " c pad " |" }
                print line } }'
}
verdict() { awk "BEGIN { print (($1) ? \"PASS\" : \"FAIL\") }"; }
fmt_ms() { calc "%.1f ms" "$1"; }

TOTAL=$(elapsed)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
# Targets: 10k search >= 10% of the ceiling and p99 < 10 ms; 100k p99 < 25 ms and RSS < 100 MB.
TARGETS=()
declare -A SHARE_S P99_S RSS_S
for n in "${SIZES[@]}"; do
    l=$(label_of "$n")
    share=$(calc %.4f "${S_RPS[$l]} / ${CEIL_RPS[$l]}")
    SHARE_S[$l]="$(calc %.1f "100 * $share")%"
    P99_S[$l]=$(fmt_ms "${S_P99[$l]}")
    RSS_S[$l]="${RSS[$l]} MB"
    if [ "$l" = 10k ]; then
        v=$(verdict "$share >= 0.10"); SHARE_S[$l]="${SHARE_S[$l]} (target ≥ 10%: $v)"; TARGETS+=("10k search ≥ 10% of ceiling: $v")
        v=$(verdict "${S_P99[$l]} < 10"); P99_S[$l]="${P99_S[$l]} (target < 10 ms: $v)"; TARGETS+=("10k p99 < 10 ms: $v")
    elif [ "$l" = 100k ]; then
        v=$(verdict "${S_P99[$l]} < 25"); P99_S[$l]="${P99_S[$l]} (target < 25 ms: $v)"; TARGETS+=("100k p99 < 25 ms: $v")
        v=$(verdict "${RSS[$l]} < 100"); RSS_S[$l]="${RSS_S[$l]} (target < 100 MB: $v)"; TARGETS+=("100k RSS < 100 MB: $v")
    fi
done
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("none at these sizes")
{
    echo "# Wegwijzer search-server benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $NPROC cores ($CPU_MODEL); load at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg); whole run $TOTAL s."
    echo
    echo "**wrk and the server share the same $NPROC cores**: the server runs --threads $NPROC, wrk $WRK_THREADS threads with $CONNECTIONS connections, so every figure below includes wrk's own CPU use. Searches use the default per_page (20), ${#LINES[@]} requests from tests/bench/queries.txt in turn."
    echo
    {
        echo "| catalog | ceiling req/s (/healthz) | search req/s | share of ceiling | p50 | p99 | server peak RSS | without cache: req/s, share / p50 / p99 / RSS | engine µs/search | +facets µs |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for n in "${SIZES[@]}"; do
            l=$(label_of "$n")
            nocache="${NC_RPS[$l]}, $(calc %.1f "100 * ${NC_RPS[$l]} / ${CEIL_RPS[$l]}")% / $(fmt_ms "${NC_P50[$l]}") / $(fmt_ms "${NC_P99[$l]}") / ${NC_RSS[$l]} MB"
            echo "| $l | ${CEIL_RPS[$l]} | ${S_RPS[$l]} | ${SHARE_S[$l]} | $(fmt_ms "${S_P50[$l]}") | ${P99_S[$l]} | ${RSS_S[$l]} | $nocache | ${ENG_NF[$l]} | ${ENG_F[$l]} |"
        done
    } | pad_table
    echo
    echo "Targets: $(printf '%s; ' "${TARGETS[@]}" | sed 's/; $//')."
    echo
    echo "- engine µs/search: mean over the query lines of ww-query's mean per search, in-process, --no-facets; +facets µs: the same searches with the facet counts (what the server does)."
    echo "- search req/s, p50, p99 and the targets: the server as it runs (answer cache on, 16 MB). The request mix repeats ${#LINES[@]} questions, all answered once in the warm-up, so this is all cache hits: the best case. *Without cache* is the same load on a server started with --cache-mb 0: every search runs the engine, the worst case. Real traffic lies between, nearer the first the more residents ask the same."
    echo
    echo "Where the time goes without the cache (per search, all in ms):"
    echo
    {
        echo "| catalog | engine no facets (mean / median) | facets add (mean) | engine with facets (mean / median) | 1 connection: p50 / p99 / req/s | HTTP+JSON unloaded (p50 1 conn − engine median) | server-side mean under load (/metrics) | CPU per search (cores / req/s) | queueing at 64 conn (p50 − server mean) |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for n in "${SIZES[@]}"; do
            l=$(label_of "$n")
            echo "| $l | $(calc %.2f "${ENG_NF[$l]} / 1000") / $(calc %.2f "${ENG_NF_MED[$l]} / 1000") | $(calc %.2f "(${ENG_F[$l]} - ${ENG_NF[$l]}) / 1000") ($(calc %.0f "100 * (${ENG_F[$l]} - ${ENG_NF[$l]}) / ${ENG_F[$l]}")% of the engine) | $(calc %.2f "${ENG_F[$l]} / 1000") / $(calc %.2f "${ENG_F_MED[$l]} / 1000") | $(calc %.2f "${U_P50[$l]}") / $(calc %.2f "${U_P99[$l]}") / ${U_RPS[$l]} | $(calc %.2f "${U_P50[$l]} - ${ENG_F_MED[$l]} / 1000") | ${NC_MEAN[$l]} | $(calc %.2f "1000 * $NPROC / ${NC_RPS[$l]}") | $(calc %.1f "${NC_P50[$l]} - ${NC_MEAN[$l]}") |"
        done
    } | pad_table
    echo
    echo "Checks and details:"
    echo
    for n in "${SIZES[@]}"; do
        l=$(label_of "$n")
        echo "- $l: closed loop, so p50 ≈ $CONNECTIONS connections / req/s = $(calc %.0f "1000 * $CONNECTIONS / ${S_RPS[$l]}") ms (without cache $(calc %.0f "1000 * $CONNECTIONS / ${NC_RPS[$l]}") ms): under this load the latency targets are throughput targets. Server-side mean per search with the cache: ${M_MEAN[$l]} ms."
        echo "  Index ${INDEX_NOTE[$l]}; ${S_REQS[$l]} searches in ${SEARCH_S} s, non-2xx: ${S_NON2XX[$l]} (wrk), 2xx/4xx+5xx by the server's /metrics: ${M_OK[$l]}/${M_BAD[$l]}; socket errors: ${S_SOCKERR[$l]}; warm-up pass: ${WARM_NOTE[$l]} of ${#LINES[@]} not 200; /healthz p99 $(fmt_ms "${CEIL_P99[$l]}"); SIGTERM: exit ${STOPPED[$l]}; engine: ${ENG_N[$l]}${ENG_NOTE[$l]}."
        echo "  Slowest in-process (µs no facets / with facets, matches): $(sort -t$'\t' -k2,2gr "$TMP/engine-$l.tsv" | sed -n '1,3p' | while IFS=$'\t' read -r a b _ q; do
            t=$(awk -F'\t' -v q="$q" '$4 == q { print $3 }' "$TMP/warm-$l.tsv")
            printf '`%s` %s / %s (%s); ' "$q" "$a" "$b" "$t"; done | sed 's/; $//')."
    done
    echo "- ww-query pages by 10, the server by 20 (per_page default): the engine figures fetch 10 documents, the server 20; ww-query runs with --today $TODAY, the server's date in Europe/Amsterdam."
    echo "- Engine phase runs after the server stopped, one ww-query process per measurement (--repeat N, N from a 2-search estimate so one query takes about $(calc %.1f "$ENGINE_S / ${#LINES[@]}") s, at most $MAX_REPEAT). Raw data: $TMP/ (wrk outputs, engine-*.tsv, warm-*.tsv)."
    [ -z "$PROFILE_NOTE" ] || echo "- $PROFILE_NOTE"
    if [ "${#FAILED[@]}" -gt 0 ]; then
        echo
        echo "**Broken:** $(printf '%s; ' "${FAILED[@]}" | sed 's/; $//')."
    fi
} >"$BENCH/server.md"

cat "$BENCH/server.md"
say "rapport: $BENCH/server.md ($TOTAL s)"
[ "${#FAILED[@]}" -eq 0 ] || exit 1
exit 0
