#!/usr/bin/env bash
# The search service over real HTTP: a server on a free loopback port over the test catalog.
. "$(dirname "$0")/lib.bash"

idx="$WORK/idx"
"$INDEXER" --catalog tests/fixtures/search --index "$idx" --quiet

# start_server: starts the server on a free port; sets PID and BASE.
start_server() { serve --index "$idx" --catalog tests/fixtures/search --client-timeout 1 --web web; }

start_server

# ---- Search ------------------------------------------------------------------------------
get "/healthz"
expect_eq "healthz is 200 when an index is loaded" 200 "$CODE"
get "/api/v1/search?q=koffie"
expect_eq "a search is 200" 200 "$CODE"
# A server without a partners file takes no token at all: a 401 that says so, with the
# WWW-Authenticate header HTTP requires on every 401, on a write and on the editor's figures.
for target in "PUT /api/v1/entries/koffie-x" "GET /api/v1/inzicht/actualiteit"; do
  headers=$(curl -s -o "$WORK/body" -D - -X "${target%% *}" -H 'Authorization: Bearer x' "$BASE${target#* }")
  expect_contains "without --partners, $target is a 401" "$headers" "HTTP/1.1 401"
  expect_contains "... with WWW-Authenticate" "$headers" 'WWW-Authenticate: Bearer realm="wegwijzer"'
  expect_contains "... saying that this server takes no tokens" "$(cat "$WORK/body")" "neemt geen tokens aan"
done
expect_eq "it echoes the query" koffie "$(field .query)"
expect_eq "and finds both koffieochtenden" 2 "$(field .total)"
expect_eq "results carry the url of the entry page" "/aanbod/koffie-zuid" "$(printf '%s' "$BODY" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print([x["url"] for x in r if x["id"]=="koffie-zuid"][0])')"
expect_eq "results carry the organisation's name" "Buurthuis De Proef" "$(field '.results[0].organisatie.naam')"
get "/api/v1/search?q=koffie&wijk=zuid"
expect_eq "a wijk filter narrows the results" "koffie-zuid" "$(field '.results[0].id')"
get "/api/v1/search?wijk=zuid"
expect_eq "wijk=zuid also finds offers for heel-zwolle" "True" "$(printf '%s' "$BODY" | python3 -c 'import json,sys; print(any(r["id"]=="maatje-stad" for r in json.load(sys.stdin)["results"]))')"
get "/api/v1/search?wijk=zuid&wijk=noord&q=koffie"
expect_eq "values of one parameter are OR-ed" 2 "$(field .total)"
get "/api/v1/search?wijk=zuid&soort=initiatief"
expect_eq "different parameters are AND-ed" 1 "$(field .total)"
get "/api/v1/search?gratis=1"
expect_eq "gratis=1 keeps free offers" 3 "$(field .total)"
get "/api/v1/search?voorliggend=1"
expect_eq "voorliggend=1 leaves out offers that need an indicatie" 13 "$(field .total)"
get "/api/v1/search?per_page=5&page=3"
expect_eq "paging: page 3 of 5 holds the last 4 of 14" "14 3 5 4" "$(field .total) $(field .page) $(field .per_page) $(printf '%s' "$BODY" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))')"
get "/api/v1/search?q=speeltuin"
expect_eq "an expired entry never appears" 0 "$(field .total)"
get "/api/v1/search"
sums=$(printf '%s' "$BODY" | python3 -c '
import json,sys
d = json.load(sys.stdin)
print(d["total"], sum(d["facets"]["soort"].values()), sum(d["facets"]["toegang"].values()), max(d["facets"]["wijk"].values()) <= d["total"])')
expect_eq "facet counts add up to the total" "14 14 14 True" "$sums"
get "/api/v1/search?q=eenzaamheit"
expect_eq "a misspelled query gets a suggestion" eenzaamheid "$(field .suggestion)"
expect_eq "and, the misspelled word finding nothing, says the results are the suggestion's" True "$(field .suggestion_used)"
get "/api/v1/search?q=koffie"
expect_eq "a well-spelled query has no suggestion" None "$(field .suggestion)"
for pair in "ik+zit+veel+alleen:sociaal" "hulp+bij+schulden:kansen" "meer+bewegen:vitaal"; do
  get "/api/v1/search?q=${pair%%:*}"
  expect_eq "'${pair%%:*}' belongs to ${pair##*:}" "${pair##*:}" "$(field '.query_ambities[0].id')"
done
get "/api/v1/search?q=huiswerkhulp"
expect_eq "a compound finds its parts" huiswerk-stadshagen "$(field '.results[0].id')"
get "/api/v1/search?q=financi%C3%ABle"
expect_eq "accented query text is folded" financieel-spreekuur "$(field '.results[0].id')"

# ---- Entries and ambitions -----------------------------------------------------------------
get "/api/v1/entries/buurtmoestuin"
expect_eq "an entry is returned whole" "Buurtmoestuin De Proeftuin" "$(field .titel)"
expect_eq "with inferred ambitions marked" True "$(field .ambities_afgeleid)"
expect_eq "and its organisation" "Buurthuis De Proef" "$(field .organisatie.naam)"
get "/api/v1/entries/bestaat-niet"
expect_eq "an unknown id is 404" 404 "$CODE"
expect_eq "with a JSON error" not_found "$(field .error.code)"
get "/api/v1/entries/..%2F..%2Fetc%2Fpasswd"
expect_eq "a path-like id is 404" 404 "$CODE"
get "/api/v1/ambities"
expect_eq "the ambitions come with labels" "Vitaal en gezond" "$(field '.ambities[1].label')"
counts=$(printf '%s' "$BODY" | python3 -c 'import json,sys; print(" ".join(str(a["count"]) for a in json.load(sys.stdin)["ambities"]))')
searched=""
for a in sociaal vitaal kansen; do get "/api/v1/search?ambitie=$a"; searched="$searched $(field .total)"; done
expect_eq "and counts that match a search per ambition" "$counts" "${searched# }"

# ---- Bad input -----------------------------------------------------------------------------
get "/api/v1/search?wijk=zuidoost"
expect_eq "an unknown vocabulary value is 400" 400 "$CODE"
expect_contains "naming the allowed ones" "$BODY" "kies uit: centrum, noord, oost, zuid"
get "/api/v1/search?q=%zz"
expect_eq "malformed percent-encoding is 400" 400 "$CODE"
get "/api/v1/search?q=%C3%28"
expect_eq "invalid UTF-8 is 400" 400 "$CODE"
get "/api/v1/search?q=%00"
expect_eq "an encoded NUL is 400" 400 "$CODE"
get "/api/v1/search?q=a&q=b"
expect_eq "a repeated single parameter is 400" 400 "$CODE"
get "/api/v1/search?per_page=101"
expect_eq "per_page above 100 is 400" 400 "$CODE"
get "/api/v1/search?page=abc"
expect_eq "a page that is no number is 400" 400 "$CODE"
get "/api/v1/search?gratis=ja"
expect_eq "gratis is 1 or 0" 400 "$CODE"
get "/api/v1/search?wyk=zuid"
expect_eq "an unknown parameter is 400" 400 "$CODE"
expect_contains "naming the known ones" "$BODY" "bekend zijn: q, page"
get "/api/v1/search?q=$(head -c 600 /dev/zero | tr '\0' a)"
expect_eq "an overlong query is 400" 400 "$CODE"
get "/api/v1/search?$(for i in $(seq 120); do printf 'wijk=zuid&'; done)"
expect_eq "too many parameters is 400" 400 "$CODE"
get "/api/v1/search?q=$(head -c 100000 /dev/zero | tr '\0' a)"
expect_eq "an overlong URL is refused (414)" 414 "$CODE"
get "/bestaat/niet"
expect_eq "an unknown path is 404" 404 "$CODE"
get "/api/v1/search" -X DELETE
expect_eq "a wrong method is 405" 405 "$CODE"
expect_eq "with a JSON error" method_not_allowed "$(field .error.code)"
allow=$(curl -s -D - -o /dev/null -X POST "$BASE/api/v1/search" | tr -d '\r' | sed -n 's/^Allow: //p')
expect_eq "and an Allow header" "GET, HEAD" "$allow"
get "/api/v1/search" -X POST --data-binary @<(head -c 300000 /dev/zero)
expect_eq "a body over the limit is 413" 413 "$CODE"
# A client that opens a connection and sends half a request is dropped after the timeout
# (1 s here); meanwhile the server keeps answering others.
exec 8<>/dev/tcp/127.0.0.1/"${BASE##*:}"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&8
get "/healthz"
expect_eq "a slow client does not block others" 200 "$CODE"
if timeout 5 cat <&8 >/dev/null; then ok "a slow client is disconnected after the timeout"; else not_ok "a slow client is disconnected after the timeout" "still connected after 5 s"; fi
exec 8>&-
headers=$(curl -s -D - -o /dev/null "$BASE/api/v1/search?q=koffie" | tr -d '\r')
expect_contains "responses are JSON in UTF-8" "$headers" "Content-Type: application/json; charset=utf-8"
expect_contains "responses carry security headers" "$headers" "X-Content-Type-Options: nosniff"

# ---- The entry page and the shortlist (HTML) -----------------------------------------------
get "/aanbod/maatje-stad"
expect_contains "'Hoe doet u mee' says how: the organisation's website when the entry has no contact" "$BODY" 'Meld u aan: kijk op <a class="utrecht-link" href="https://proef.example.org">proef.example.org</a>.'
expect_contains "'Voor wie' in words" "$BODY" '<p class="utrecht-paragraph">Ouderen</p>'
get "/aanbod/koffie-zuid"
expect_contains "an entry without doelgroepen is for everyone" "$BODY" '<p class="utrecht-paragraph">Iedereen</p>'
expect_contains "without a search to go back to: 'Zoek ander aanbod'" "$BODY" 'href="/zoeken">Zoek ander aanbod</a>'
get "/aanbod/wonen-begeleid"
expect_contains "a house shows its places" "$BODY" "<li>8 plaatsen</li>"
expect_not_contains "and has no 'Wanneer'" "$BODY" 'id="wanneer"'
get "/aanbod/koffie-zuid?lijst=koffie-noord&lijst=..%2Fetc&lijst=koffie-noord"
expect_contains "'Zet op mijn lijst' adds to the list the page carries, and comes back to the list block" "$BODY" 'href="/aanbod/koffie-zuid?lijst=koffie-noord&amp;lijst=koffie-noord&amp;lijst=koffie-zuid#mijn-lijst"'
expect_not_contains "a lijst value that is no id is dropped" "$BODY" "etc"
get "/aanbod/koffie-zuid?lijst=koffie-zuid"
expect_contains "an entry on the list can come off it" "$BODY" 'Staat op uw lijst · <a class="utrecht-link" href="/aanbod/koffie-zuid#mijn-lijst">Haal van mijn lijst'
expect_contains "and links to the list" "$BODY" 'href="/lijst?id=koffie-zuid">Bekijk mijn lijst (1)</a>'
# terug: only a search on this site, rebuilt from the parameters a results page reads.
# back TERUG: gets the entry page with that terug (BODY), and sets BACK to its link back.
back() { get "/aanbod/koffie-zuid?lijst=koffie-noord&terug=$1"; BACK=$(printf '%s' "$BODY" | sed -n 's/.*<a class="utrecht-link" href="\([^"]*\)">Terug naar uw resultaten.*/\1/p'); }
back '%2Fzoeken%3Fq%3Dkoffie%26wijk%3Dzuid%26page%3D2'
expect_eq "'Terug naar uw resultaten' goes to the search with its filters, page and the list" \
  "/zoeken?q=koffie&amp;wijk=zuid&amp;page=2&amp;lijst=koffie-noord" "$BACK"
back '%2Fambitie%2Fsociaal%3Fwijk%3Dzuid'
expect_eq "or to an ambition page" "/ambitie/sociaal?wijk=zuid&amp;lijst=koffie-noord" "$BACK"
back '%2Fzoeken%3Fq%3Dkoffie%26wijk%3Dnergens%26x%3D1%26lijst%3Dkoffie-zuid%26page%3Dtwee'
expect_eq "unknown parameters, unknown values and a list of its own are dropped" "/zoeken?q=koffie&amp;lijst=koffie-noord" "$BACK"
back '%2Fzoeken%3Fq%3D%2522%253E%253Cscript%253E'
expect_eq "text is percent-encoded, never markup" "/zoeken?q=%22%3E%3Cscript%3E&amp;lijst=koffie-noord" "$BACK"
for hostile in 'https%3A%2F%2Fevil.example%2Fzoeken' '%2F%2Fevil.example%2Fzoeken' '%2Fambitie%2Fonzin' \
               '%2Fzoeken%0D%0ALocation%3A%20x' '%2Fpartner%3Fq%3Dx' "%2Fzoeken%3Fq%3D$(head -c 2100 /dev/zero | tr '\0' a)"; do
  back "$hostile"
  expect_eq "terug=${hostile:0:40} gives no link back" "" "$BACK"
  expect_contains "but 'Zoek ander aanbod', with the list" "$BODY" 'href="/zoeken?lijst=koffie-noord">Zoek ander aanbod</a>'
done
list_address() { printf '%s' "$BODY" | sed -n 's/.*class="utrecht-link ww-list-address" href="[^"]*">\([^<]*\)<.*/\1/p'; }
get "/lijst?id=koffie-zuid&id=maatje-stad" -H "Host: wegwijzer.zwolle.example"
expect_eq "the list's address is built from a plain Host" "http://wegwijzer.zwolle.example/lijst?id=koffie-zuid&amp;id=maatje-stad" "$(list_address)"
expect_contains "with its QR code, hidden from screen readers" "$BODY" '<svg class="ww-qr" viewBox="0 0 '
expect_contains "and a mail link with the titles" "$BODY" 'href="mailto:?subject=Mijn%20lijst%20met%20hulp%20en%20activiteiten&amp;body=Op%20mijn%20lijst%20staan%3A%0D%0A-%20Koffieochtend%20in%20de%20buurtkamer%0D%0A-%20Maatjesproject%20voor%20ouderen'
expect_contains "each entry's link keeps the list" "$BODY" 'href="/aanbod/maatje-stad?lijst=koffie-zuid&amp;lijst=maatje-stad"'
get "/lijst?id=koffie-zuid" -H "Host: wegwijzer.zwolle.example:8443" -H "X-Forwarded-Proto: https"
expect_eq "https behind a proxy, with the port" "https://wegwijzer.zwolle.example:8443/lijst?id=koffie-zuid" "$(list_address)"
for host in '-evil.example' 'evil.example:80x' 'evil.example:123456' 'evil.example@x'; do
  get "/lijst?id=koffie-zuid" -H "Host: $host"
  expect_eq "a Host like '$host' is not used: the default base" "http://localhost:8080/lijst?id=koffie-zuid" "$(list_address)"
done
get "/lijst"
expect_not_contains "an empty list has no QR code" "$BODY" 'class="ww-qr"'

# ---- Operations ----------------------------------------------------------------------------
get "/partner"
get "/static/css/zwolle.css"
get "/metrics"
expect_contains "metrics count requests by route and status" "$BODY" 'wegwijzer_requests_total{route="search",status="2xx"}'
expect_contains "metrics have a latency histogram" "$BODY" 'wegwijzer_request_duration_seconds_bucket{route="search",le="0.01"}'
expect_contains "metrics show the entry count" "$BODY" "wegwijzer_index_entries 15"
expect_contains "metrics show the index age" "$BODY" "wegwijzer_index_age_seconds"
expect_contains "the partners' pages are counted as such" "$BODY" 'wegwijzer_requests_total{route="partner",status="5xx"}'
expect_contains "and assets as assets" "$BODY" 'wegwijzer_requests_total{route="asset",status="2xx"}'
log=$(cat "$WORK/server.log")
expect_contains "the access log has a line per request" "$log" "GET /api/v1/search 200"
expect_not_contains "the access log holds no client address" "$log" "127.0.0.1 "
expect_not_contains "nor the query text" "$log" "eenzaamheit"

# ---- Many at once: every worker thread searches, browses and renders at the same time --------
# Xapian objects are not thread-safe, not even its static ones (a copy of Query::MatchAll
# counts a reference on a shared object): under ThreadSanitizer (make tsan) this finds races
# that a quiet test never shows.
clients=()
for i in $(seq 40); do
  { curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "$BASE/api/v1/search?wijk=zuid&page=$((i % 3 + 1))"
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "$BASE/api/v1/ambities"
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "$BASE/"
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "$BASE/api/v1/search?q=koffie+$i"; } \
    >>"$WORK/parallel" 2>&1 &
  clients+=($!)
done
wait "${clients[@]}"
expect_eq "160 requests at once are all answered 200" "160" "$(grep -c '^200$' "$WORK/parallel")"
get "/healthz"
expect_eq "and the server still answers" 200 "$CODE"

# ---- A new index is picked up without restart, under load, without a failed request --------
cat >"$WORK/load.py" <<'PY'
import sys, threading, urllib.request, time, json
base, seconds = sys.argv[1], float(sys.argv[2])
ready = sys.argv[3] if len(sys.argv) > 3 else None  # touched after the first answer
stats = {"ok": 0, "failed": 0, "totals": set()}
lock = threading.Lock()
def worker():
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(base + "/api/v1/search?q=koffie", timeout=5) as r:
                total = json.load(r)["total"]
                with lock:
                    stats["ok"] += 1; stats["totals"].add(total)
                    if ready and stats["ok"] == 1:
                        open(ready, "w").close()
        except Exception as e:
            with lock:
                stats["failed"] += 1
threads = [threading.Thread(target=worker) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print(stats["ok"], stats["failed"], " ".join(str(t) for t in sorted(stats["totals"])))
PY
python3 "$WORK/load.py" "$BASE" 4 "$WORK/ready1" >"$WORK/load.out" &
loader=$!
for _ in $(seq 200); do [ -e "$WORK/ready1" ] && break; sleep 0.05; done
cp -r tests/fixtures/search "$WORK/cat2"
sed 's/^id: .*/id: koffie-extra/; s/^titel: .*/titel: Koffie in de nieuwe buurtkamer/' \
  tests/fixtures/search/aanbod/koffie-zuid.yaml >"$WORK/cat2/aanbod/koffie-extra.yaml"
for i in 1 2 3; do
  "$INDEXER" --catalog "$WORK/cat2" --index "$idx" --full --quiet
  sleep 0.3
done
wait "$loader"
read -r served failed totals <"$WORK/load.out"
expect_eq "no request failed while the index was swapped ($served served)" 0 "$failed"
expect_contains "the new index was picked up without a restart" "$totals" "3"
get "/api/v1/search?q=koffie"
expect_eq "after the swap every search sees the new entry" 3 "$(field .total)"

# ---- Answers are cached, and never outlive the index they came from ------------------------
get "/api/v1/search?q=koffie&wijk=zuid"
first=$BODY
get "/metrics"
hits_before=$(printf '%s\n' "$BODY" | sed -n 's/^wegwijzer_search_cache_total{result="hit"} //p')
get "/api/v1/search?q=koffie&wijk=zuid"
expect_eq "the same search twice gives the same answer" "$first" "$BODY"
get "/metrics"
hits_after=$(printf '%s\n' "$BODY" | sed -n 's/^wegwijzer_search_cache_total{result="hit"} //p')
expect_eq "the second came from the cache" $((hits_before + 1)) "$hits_after"
rm "$WORK/cat2/aanbod/koffie-extra.yaml"
"$INDEXER" --catalog "$WORK/cat2" --index "$idx" --quiet # incremental: the same generation
total=""
for _ in $(seq 40); do
  get "/api/v1/search?q=koffie"
  total=$(field .total)
  [ "$total" = 2 ] && break
  sleep 0.05
done
expect_eq "an incremental update shows in a search asked before it, within 2 s" 2 "$total"

# ---- SIGTERM: requests in flight finish, then the server stops cleanly ----------------------
python3 "$WORK/load.py" "$BASE" 3 "$WORK/ready" >"$WORK/load2.out" &
loader=$!
for _ in $(seq 200); do [ -e "$WORK/ready" ] && break; sleep 0.05; done
kill -TERM "$PID"
wait "$PID"
status=$?
wait "$loader"
expect_eq "SIGTERM stops the server with exit 0" 0 "$status"
expect_contains "and it says so" "$(cat "$WORK/server.log")" "SIGTERM ontvangen"
read -r served failed totals <"$WORK/load2.out"
if [ "$served" -gt 0 ]; then ok "requests were served until the stop ($served)"; else not_ok "requests were served until the stop"; fi
start_server
get "/healthz"
expect_eq "a restarted server serves again" 200 "$CODE"
kill -INT "$PID"; wait "$PID"
expect_eq "SIGINT stops it cleanly too" 0 "$?"

# Kept-alive connections go on asking while the server stops: a request that comes in after
# the workers have stopped is still answered, and nothing is used after it is freed or leaked
# (this fails under AddressSanitizer when a stopping server hands such a request to its pool).
cat >"$WORK/keepalive.py" <<'PY'
import http.client, sys, threading, time
host, port, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def worker():
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        while True:
            conn.request("GET", "/api/v1/search?q=koffie")
            conn.getresponse().read()
            open(ready, "a").close()
    except Exception:
        pass  # the server has gone
threads = [threading.Thread(target=worker) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
PY
stops_clean=0
for round in 1 2 3 4; do
  start_server
  rm -f "$WORK/ka-ready"
  python3 "$WORK/keepalive.py" 127.0.0.1 "${BASE##*:}" "$WORK/ka-ready" &
  asker=$!
  for _ in $(seq 200); do [ -e "$WORK/ka-ready" ] && break; sleep 0.02; done
  sleep "0.$round"
  kill -TERM "$PID"; wait "$PID"
  [ "$?" = 0 ] && stops_clean=$((stops_clean + 1))
  wait "$asker"
done
expect_eq "SIGTERM amid kept-alive connections stops it with exit 0, every time" 4 "$stops_clean"

# ---- An index built with another schema is not served --------------------------------------
cp -r schema "$WORK/schema-b" && echo "nieuwwoord, anderwoord" >>"$WORK/schema-b/synoniemen.txt"
"$INDEXER" --catalog tests/fixtures/search --index "$WORK/other-index" --schema "$WORK/schema-b" --quiet
idx="$WORK/other-index"
start_server
get "/healthz"
expect_eq "an index built with another schema is not used" 503 "$CODE"
expect_contains "and the reason says to rebuild it" "$BODY" "bouw hem opnieuw"
kill -TERM "$PID"; wait "$PID"

# ---- Without an index --------------------------------------------------------------------
idx="$WORK/empty-index"
mkdir -p "$idx"
start_server
get "/healthz"
expect_eq "healthz is 503 while no index is loaded" 503 "$CODE"
get "/api/v1/search?q=koffie"
expect_eq "and a search says the index is unavailable" 503 "$CODE"
kill -TERM "$PID"; wait "$PID"
echo "1..$T_NUM"
