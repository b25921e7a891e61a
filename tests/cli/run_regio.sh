#!/usr/bin/env bash
# `make run-regio` (server/run-regio.sh) serves the example region of schema/regio.voorbeeld.yaml
# as documented: Zwolle on this host, Kampen and Dalfsen generated with wijken and postcodes of
# their own and served by xapian-tcpsrv on loopback; the region answers with all three, and
# stopping it stops the xapian-tcpsrv it started.
. "$(dirname "$0")/lib.bash"
tcp_a=$(free_port) tcp_b=$(free_port)
setsid server/run-regio.sh --build "$BUILD" --out "$WORK/regio" --port 0 --tcp-ports "$tcp_a,$tcp_b" \
  --entries 200 >"$WORK/server.log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do # generating and indexing two gemeenten first (slower under ASan)
  grep -q "luistert op" "$WORK/server.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
wait_for_server "$WORK/server.log"
expect_contains "the example region starts from schema/regio.voorbeeld.yaml" "$(cat "$WORK/server.log")" \
  "run-regio: de regio: $WORK/regio/regio.yaml (schema/regio.voorbeeld.yaml)"
get "/healthz"
expect_eq "all three gemeenten are served, two of them over xapian-tcpsrv" \
  '[{"id": "zwolle", "status": "ok"}, {"id": "kampen", "status": "ok"}, {"id": "dalfsen", "status": "ok"}]' \
  "$(field .gemeenten)"
expect_contains "... Kampen on the port it was given" "$(cat "$WORK/regio/regio.yaml")" "tcp://127.0.0.1:$tcp_a"
get "/api/v1/search?q=koffie&per_page=1"
expect_eq "a search finds offers in every gemeente" "dalfsen kampen zwolle" \
  "$(field .facets.gemeente | python3 -c 'import json,sys; print(" ".join(sorted(k for k, v in json.load(sys.stdin).items() if v)))')"
expect_contains "... and counts the wijken of Kampen and Dalfsen by their own codes" \
  "$(field .facets.wijk)" '"brunnepe"'
get "/api/v1/search?q=koffie&wijk=nieuwleusen&per_page=100"
expect_eq "a wijk of Dalfsen finds offers of Dalfsen only" '["dalfsen"]' \
  "$(printf '%s' "$BODY" | python3 -c 'import json,sys; print(json.dumps(sorted({r["gemeente"]["id"] for r in json.load(sys.stdin)["results"]})))')"
get "/api/v1/search?q=koffie&postcode=8262"
expect_eq "a postcode of Kampen (its own table) places the resident in a wijk of Kampen" '["kampen-zuid"]' \
  "$(field .plaats.wijken)"
get "/zoeken?q=koffie"
expect_contains "the region's site offers Kampen's wijken by name" "$BODY" "Brunnepe (Kampen)"
tcp=$(pgrep -f "xapian-tcpsrv --interface 127.0.0.1 --port $tcp_a" | head -1)
kill -TERM "$pid"; wait "$pid" 2>/dev/null
sleep 0.5
expect_eq "stopping the region stops the xapian-tcpsrv it started" "" \
  "$(pgrep -f "xapian-tcpsrv --interface 127.0.0.1 --port $tcp_a" || true)"
expect_eq "... (there was one)" yes "$([ -n "$tcp" ] && echo yes)"
echo "1..$T_NUM"
