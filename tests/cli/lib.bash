# tests/cli/lib.bash -- helpers for the CLI test scripts: TAP output, running a command with its
# stdout, stderr and status captured, and a scratch folder removed at exit.
set -u
BUILD=${WW_BUILD:-build}
INDEXER="$BUILD/wegwijzer-indexer"
QUERY="$BUILD/tests/ww-query"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
T_NUM=0

ok() { T_NUM=$((T_NUM + 1)); echo "ok $T_NUM - $1"; }
not_ok() {
  T_NUM=$((T_NUM + 1)); echo "not ok $T_NUM - $1"; shift
  local line; for line in "$@"; do echo "#   $line"; done
}

# run CMD...: sets OUT, ERR and STATUS.
run() {
  OUT=$("$@" 2>"$WORK/.stderr"); STATUS=$?
  ERR=$(cat "$WORK/.stderr")
}

expect_status() { # name expected
  if [ "$STATUS" -eq "$2" ]; then ok "$1"; else not_ok "$1" "status $STATUS, expected $2" "stderr: ${ERR:0:2000}"; fi
}
expect_eq() { # name expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}
expect_contains() { # name haystack needle
  if [[ "$2" == *"$3"* ]]; then ok "$1"; else not_ok "$1" "missing: $3" "in: ${2:0:3000}"; fi
}
expect_not_contains() { # name haystack needle
  if [[ "$2" != *"$3"* ]]; then ok "$1"; else not_ok "$1" "unexpected: $3" "in: ${2:0:3000}"; fi
}

# A field of the JSON that ww-query prints: jsonfield '.total' < file (a tiny path language:
# .a.b or .a[0]).
jsonfield() { python3 -c '
import json, sys, re
v = json.load(sys.stdin)
for key, idx in re.findall(r"\.([^.\[]+)|\[(\d+)\]", sys.argv[1]):
    v = v[key] if key else v[int(idx)]
print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$1"; }

# total INDEX [args...]: how many entries a search finds.
total() { local idx="$1"; shift; "$QUERY" --index "$idx" --schema "${WW_SCHEMA:-schema}" "$@" | jsonfield .total; }

# wait_for_server LOG: waits up to 10 s for a server's "luistert op http://127.0.0.1:PORT" line
# in LOG; sets BASE.
wait_for_server() {
  local port=""
  for _ in $(seq 200); do
    port=$(sed -n 's/.*luistert op http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$1" 2>/dev/null) # the log may not be there yet
    [ -n "$port" ] && break
    sleep 0.05
  done
  BASE="http://127.0.0.1:$port"
}

# ---- A server over HTTP ---------------------------------------------------------------------
SERVER="$BUILD/wegwijzer-server"
# serve [server args]: starts $SERVER on a free loopback port with two threads and the given
# arguments, its output in $WORK/server.log; sets PID and BASE.
serve() {
  : >"$WORK/server.log" # here, not only in the child: else the last server's port may be read
  "$SERVER" --port 0 --threads 2 "$@" >"$WORK/server.log" 2>&1 &
  PID=$!
  wait_for_server "$WORK/server.log"
}
# serve_as NAME [server args]: as serve, with its output in $WORK/NAME.log: for servers that run
# at once, since one that writes on in a shared log could be taken for the next one started.
serve_as() {
  local name="$1"; shift
  : >"$WORK/$name.log"
  "$SERVER" --port 0 --threads 2 "$@" >"$WORK/$name.log" 2>&1 &
  PID=$!
  wait_for_server "$WORK/$name.log"
}
# ---- Xapian's remote backend (the region's tests) ---------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# tcpsrv DATABASE PORT: serves the database folder as another host would, with xapian-tcpsrv on
# loopback, and waits until it listens; sets TCP_PID. In a session of its own, so that stopping it
# cannot signal the script's process group.
tcpsrv() {
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$2" "$1" >"$WORK/tcpsrv-$2.log" 2>&1 &
  TCP_PID=$!
  for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $2), 0.2)" 2>/dev/null && return
    sleep 0.1
  done
}

# py_check NAME PYTHON: a check written in Python that prints "ok <what>" or what went wrong,
# after the helpers below and the script's own $PY_LIB; servers' addresses come in through
# exported variables (os.environ).
PY_API='
import json, os, urllib.request, urllib.error, urllib.parse
def api(base, path):
    try:
        with urllib.request.urlopen(base + path) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
def search(base, q, extra=""):
    st, d = api(base, "/api/v1/search?per_page=100&q=" + urllib.parse.quote(q) + extra)
    assert st == 200, (st, d)
    return d
'
py_check() {
  local name="$1" res
  res=$(python3 -c "$PY_API${PY_LIB:-}$2" 2>&1)
  if [ "${res%% *}" = ok ]; then ok "$name (${res#ok })"; else
    local lines; mapfile -t lines <<<"$res"; not_ok "$name" "${lines[@]}"
  fi
}
# get PATH [curl args]: a GET of $BASE$PATH; sets CODE, TYPE (the content type) and BODY.
get() {
  local path="$1"; shift
  CODE=$(curl -s -o "$WORK/body" -w '%{http_code} %{content_type}' --max-time 10 "$@" "$BASE$path")
  TYPE=${CODE#* } CODE=${CODE%% *}
  BODY=$(cat "$WORK/body")
}
# field PATH: a field of the JSON in BODY (jsonfield's path language).
field() { printf '%s' "$BODY" | jsonfield "$1"; }

# ---- The write path (partners.sh, writes.sh, hostile.sh) ---------------------------------------
# write_setup: a copy of the search fixture in $cat_dir, indexed into $idx, and the name of a
# partners file, $partners, for the script's tokens.
write_setup() {
  cat_dir="$WORK/catalog" idx="$WORK/idx" partners="$WORK/partners.txt"
  cp -r tests/fixtures/search "$cat_dir"
  "$INDEXER" --catalog "$cat_dir" --index "$idx" --quiet
}
# req METHOD PATH [curl args]: sets CODE, BODY and ETAG (from $BASE).
req() {
  local method="$1" path="$2"; shift 2
  CODE=$(curl -s -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 10 \
    "$@" "$BASE$path")
  BODY=$(cat "$WORK/body")
  ETAG=$(sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p' "$WORK/headers")
}
# yaml ID TITLE WORD [ORGANISATION]: an entry whose samenvatting holds WORD.
yaml() { cat <<EOF
id: $1
soort: activiteit
titel: $2
samenvatting: Elke week samen $3 in het buurthuis.
organisatie: ${4:-buurthuis-test}
wijken: [zuid]
toegang: vrij
kosten:
  soort: gratis
laatst_gecontroleerd: 2026-11-01
EOF
}
put() { # id token body-file [curl args]
  local id="$1" token="$2" file="$3"; shift 3
  req PUT "/api/v1/entries/$id" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/yaml' --data-binary "@$file" "$@"
}
search_total() { curl -s "$BASE/api/v1/search?q=$1" | jsonfield .total; }
