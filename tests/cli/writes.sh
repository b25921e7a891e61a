#!/usr/bin/env bash
# The write path when things go wrong around it: a version and its body that must agree, writes
# while an indexer holds the index, archived versions, and the audit trail of a failed write.
# Everything over real HTTP against servers this script starts.
. "$(dirname "$0")/lib.bash"

write_setup
tok=$("$SERVER" token gemeente --partners "$partners" 2>/dev/null)

# start_server LOG [extra args]: a server on the catalog; sets PID and BASE.
start_server() {
  local log="$1"; shift
  "$SERVER" --index "$idx" --catalog "$cat_dir" --partners "$partners" --web web --port 0 \
    --threads 2 "$@" >"$log" 2>&1 &
  PID=$!
  wait_for_server "$log"
}

# ---- The version a client gets is the version of the body it gets ---------------------------
# Two servers on one catalog: one takes the writes while the other answers GETs as fast as a
# client can ask. Its reader may lag behind the file for a moment; then body and ETag must both
# be of the old version, or a second writer who edits that body with that ETag overwrites the
# first writer's change unseen.
start_server "$WORK/reader.log"
reader_pid=$PID
reader=$BASE
start_server "$WORK/writer.log"
writer_pid=$PID
writer=$BASE
# Each answer as one line: the body (one line of JSON), a tab, the ETag header.
( while [ ! -e "$WORK/stop-reading" ]; do
    curl -s --max-time 5 -w '\t%header{etag}\n' "$reader/api/v1/entries/koffie-noord"
  done >"$WORK/seen.raw" ) &
readers=$!
req GET /api/v1/entries/koffie-noord
printf '%s\t%s\n' "$ETAG" "$(field .titel)" >"$WORK/versions.tsv"
for i in $(seq 1 15); do
  yaml koffie-noord "Versie $i" "versie$i" >"$WORK/v.yaml"
  put koffie-noord "$tok" "$WORK/v.yaml" -H "If-Match: $ETAG"
  [ "$CODE" = 200 ] || { not_ok "PUT version $i" "$CODE $BODY"; break; }
  printf '%s\tVersie %s\n' "$ETAG" "$i" >>"$WORK/versions.tsv"
  sleep 0.1
done
touch "$WORK/stop-reading"
wait "$readers"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    body, _, etag = line.rstrip("\n").rpartition("\t")
    print(etag + "\t" + json.loads(body)["titel"])' "$WORK/seen.raw" >"$WORK/seen.tsv"
mismatched=$(awk -F'\t' 'NR == FNR { title[$1] = $2; next } title[$1] != $2' "$WORK/versions.tsv" "$WORK/seen.tsv")
expect_eq "GETs from another server during 15 PUTs: ETag and body are always one version" "" \
  "$(printf '%s' "$mismatched" | head -3)"
expect_eq "(and there were GETs enough to tell: over 100)" yes \
  "$([ "$(wc -l <"$WORK/seen.tsv")" -gt 100 ] && echo yes || wc -l <"$WORK/seen.tsv")"
# On one server a partner reads back what it just wrote, whichever worker thread answers.
stale=0
for i in $(seq 1 20); do
  yaml koffie-noord "Terug $i" "terug$i" >"$WORK/v.yaml"
  put koffie-noord "$tok" "$WORK/v.yaml" -H "If-Match: $ETAG"
  for _ in 1 2; do
    curl -s "$writer/api/v1/entries/koffie-noord" -o "$WORK/back.json"
    [ "$(jsonfield .titel <"$WORK/back.json")" = "Terug $i" ] || stale=$((stale + 1))
  done
done
expect_eq "a GET right after a PUT on the same server shows the change: 40 of 40" 0 "$stale"

# ---- What the index makes of a location, the partner hears in the answer ----------------------
{ yaml plek-postcode "Koffie met een postcode" koffie
  printf 'locaties:\n  - naam: Buurthuis\n    postcode: 8017 JZ\n  - naam: Elders\n    postcode: 9999 AA\n'
} >"$WORK/plek.yaml"
BASE=$writer put plek-postcode "$tok" "$WORK/plek.yaml"
expect_eq "a new entry whose locations have only a postcode: 201" 201 "$CODE"
expect_contains "... with a warning that the first is placed at its postcode area's centre" \
  "$(field .warnings)" "midden van postcodegebied 8017"
expect_contains "... and that the second, whose postcode the gemeente's table lacks, has no place" \
  "$(field .warnings)" "postcode 9999 AA staat niet in postcodes.yaml"
kill -TERM "$reader_pid" "$writer_pid"; wait "$reader_pid" "$writer_pid"

# ---- Writes while an indexer run holds the index ------------------------------------------------
# ms COMMAND...: runs it, prints how many milliseconds it took.
ms() { local t0; t0=$(date +%s%N); "$@" >/dev/null 2>&1; echo $((($(date +%s%N) - t0) / 1000000)); }
# eventually SECONDS WORD TOTAL: waits until a search for WORD finds TOTAL; prints what it found.
eventually() {
  local t="" end=$((SECONDS + $1))
  while [ "$SECONDS" -le "$end" ]; do
    t=$(search_total "$2")
    [ "$t" = "$3" ] && break
    sleep 0.2
  done
  echo "$t"
}
start_server "$WORK/server.log"
flock "$idx/lock" sleep 4 &
holder=$!
sleep 0.3
# Words far apart, so that no spelling suggestion finds one for another.
words=(trompet kaleidoscoop zeppelin marimba)
slow=""
for i in 1 2 3; do
  yaml "bezet-$i" "Tijdens het indexeren $i" "${words[i - 1]}" >"$WORK/b$i.yaml"
  t=$(ms put "bezet-$i" "$tok" "$WORK/b$i.yaml")
  put_code=$CODE
  [ "$t" -lt 1000 ] || slow="$slow PUT $i took $t ms;"
done
health_ms=$(ms curl -s --max-time 10 "$BASE/healthz")
expect_eq "while an indexer holds the index, each PUT answers within a second" "" "$slow"
expect_eq "and /healthz answers at once" yes "$([ "$health_ms" -lt 500 ] && echo yes || echo "$health_ms ms")"
yaml bezet-4 "Tijdens het indexeren 4" "${words[3]}" >"$WORK/b4.yaml"
put bezet-4 "$tok" "$WORK/b4.yaml"
expect_eq "the change is saved (201) and the answer says the index follows" "201 False" \
  "$CODE $(field .index_bijgewerkt)"
expect_contains "/metrics counts the changes that wait" "$(curl -s "$BASE/metrics")" "wegwijzer_index_waiting 4"
wait "$holder"
expect_eq "once the lock is free, every change reaches the index by itself" "1 1 1 1" \
  "$(eventually 10 trompet 1) $(eventually 5 kaleidoscoop 1) $(eventually 5 zeppelin 1) $(eventually 5 marimba 1)"
expect_contains "and nothing waits any more" "$(curl -s "$BASE/metrics")" "wegwijzer_index_waiting 0"
kill -TERM "$PID"; wait "$PID"

# A server starts while an indexer holds the index, on the index as it is, and catches up with
# the catalog (here a file changed behind its back, as after a crash) once the lock is free.
sed -i 's/^titel: .*/titel: Nagekomen koffie/' "$cat_dir/aanbod/koffie-zuid.yaml"
flock "$idx/lock" sleep 3 &
holder=$!
sleep 0.3
start_server "$WORK/server.log"
expect_eq "with --partners it starts while the index is locked, and serves" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/healthz")"
expect_eq "the change it has not seen yet is not searchable yet" 0 "$(search_total nagekomen)"
wait "$holder"
expect_eq "after the lock it catches up" 1 "$(eventually 10 nagekomen 1)"
kill -TERM "$PID"; wait "$PID"

# A server killed after archiving an entry it had added itself, before the index followed: at
# its next start the entry leaves the index too, though the indexer's state file never knew it.
start_server "$WORK/server.log"
yaml kortstondig "Kort bestaan" eendagsvlieg >"$WORK/k.yaml"
put kortstondig "$tok" "$WORK/k.yaml"
flock "$idx/lock" sleep 2 &
holder=$!
sleep 0.3
req DELETE /api/v1/entries/kortstondig -H "Authorization: Bearer $tok" -H "If-Match: $ETAG"
expect_eq "archived while the index is locked: the index follows later" "200 False" \
  "$CODE $(field .index_bijgewerkt)"
kill -KILL "$PID"; wait "$PID" 2>/dev/null
wait "$holder"
start_server "$WORK/server.log"
req GET /api/v1/entries/kortstondig
expect_eq "killed before it did, the server removes it from the index at its next start" \
  "404 0" "$CODE $(search_total eendagsvlieg)"
kill -TERM "$PID"; wait "$PID"

# ---- Archived versions are all kept ---------------------------------------------------------------
start_server "$WORK/server.log"
for round in 1 2 3; do
  yaml wisselend "Wisselend $round" wissel >"$WORK/w.yaml"
  put wisselend "$tok" "$WORK/w.yaml"
  req DELETE /api/v1/entries/wisselend -H "Authorization: Bearer $tok"
done
expect_eq "PUT and DELETE three times within seconds: three archived versions" 3 \
  "$(ls "$cat_dir/archief" | grep -c '^wisselend\.')"
expect_eq "each its own version" "Wisselend 1,Wisselend 2,Wisselend 3," \
  "$(sed -n 's/^titel: //p' "$cat_dir"/archief/wisselend.* | sort | tr '\n' ',')"
expect_eq "and the API names where each went" "titel: Wisselend 3" \
  "$(grep '^titel:' "$cat_dir/$(field .archief)")"
kill -TERM "$PID"; wait "$PID"

# ---- A change that cannot be saved is not in the audit trail as saved --------------------------
# A file size limit (ulimit -f, in KiB) stands in for a full disk: an entry of over 4 KiB cannot
# be written, the short audit lines of a new trail can.
cp "$partners" "$WORK/small-partners.txt"
audit="$WORK/small-partners.txt.audit.jsonl"
( ulimit -f 4; exec "$SERVER" --index "$idx" --catalog "$cat_dir" --partners "$WORK/small-partners.txt" \
    --port 0 --threads 2 ) >"$WORK/small.log" 2>&1 &
PID=$!
wait_for_server "$WORK/small.log"
cp "$cat_dir/aanbod/koffie-noord.yaml" "$WORK/before.yaml"
req GET /api/v1/entries/koffie-noord
{ yaml koffie-noord "Te groot voor de schijf" schijf; printf 'beschrijving: %s\n' "$(head -c 4800 /dev/zero | tr '\0' 'x')"; } >"$WORK/big.yaml"
lines=0
put koffie-noord "$tok" "$WORK/big.yaml" -H "If-Match: $ETAG"
expect_eq "a change the disk cannot take: 500" "500 write_failed" "$CODE $(field .error.code)"
expect_eq "the file is as it was" "" "$(cmp "$WORK/before.yaml" "$cat_dir/aanbod/koffie-noord.yaml")"
expect_contains "the audit trail says the change failed" "$(tail -1 "$audit")" '"actie":"mislukt"'
expect_eq "right after the line of the change it tried" "gewijzigd mislukt" \
  "$(tail -2 "$audit" | python3 -c 'import json,sys; print(" ".join(json.loads(l)["actie"] for l in sys.stdin))')"
expect_eq "two lines, with the same versions" "2 1" \
  "$(($(wc -l <"$audit") - lines)) $(tail -2 "$audit" | python3 -c 'import json,sys; print(len({json.loads(l)["etag_na"] for l in sys.stdin}))')"
expect_eq "and the server is still there" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")"
kill -TERM "$PID"; wait "$PID"

echo "1..$T_NUM"
