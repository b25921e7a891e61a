#!/usr/bin/env bash
# The partners' write path over real HTTP: tokens, authorisation, validation, ETag/If-Match,
# atomic files, the audit trail, archiving, the index following within a second, two partners
# racing, and kill -9 in the middle of a stream of writes.
. "$(dirname "$0")/lib.bash"

write_setup

# ---- Tokens --------------------------------------------------------------------------------
run "$SERVER" token buurthuis-test --partners "$partners"
expect_status "token prints a new token" 0
tok_a=$OUT
expect_contains "it looks like ww_<id>_<secret>" "$tok_a" "ww_"
expect_contains "and says it is shown once" "$ERR" "niet nog eens getoond"
expect_not_contains "the file holds no token" "$(cat "$partners")" "${tok_a#ww_*_}"
expect_eq "the file is readable by its owner only" 600 "$(stat -c %a "$partners")"
run "$SERVER" token wonen-test --partners "$partners"
tok_b=$OUT
run "$SERVER" token gemeente --partners "$partners"
tok_g=$OUT
run "$SERVER" token "Niet Goed" --partners "$partners"
expect_status "a malformed organisation id is refused" 1
run "$SERVER" token --partners "$partners"
expect_status "token without an organisation is a usage error" 2
run "$SERVER" token --list --partners "$partners"
expect_contains "token --list shows organisations" "$OUT" "wonen-test"
expect_not_contains "but no secret" "$OUT" "${tok_b#ww_*_}"

start_server() { serve --index "$idx" --catalog "$cat_dir" --partners "$partners" --web web "$@"; }
# waits up to 1 s for search q=$1 to have total $2
searchable_within_a_second() {
  local t=""
  for _ in $(seq 20); do
    t=$(search_total "$1")
    [ "$t" = "$2" ] && break
    sleep 0.05
  done
  echo "$t"
}
# The first entry of everything listed nearest first from the Peperbus.
nearest_to_peperbus() {
  curl -s "$BASE/api/v1/search?lat=52.51361&lon=6.09250&per_page=1" | jsonfield '.results[0].id'
}
# The titles of the entries in wijk zuid, as browsing lists them, and whether that is A to Z.
zuid_in_title_order() {
  curl -s "$BASE/api/v1/search?wijk=zuid&per_page=50" | python3 -c '
import json, sys
titles = [r["titel"].casefold() for r in json.load(sys.stdin)["results"]]
print("yes" if titles == sorted(titles) else "no: " + ", ".join(titles))'
}

start_server

# ---- Authentication -------------------------------------------------------------------------
yaml breiclub-zuid "Hobbyclub Zuid" ukelele >"$WORK/new.yaml"
req PUT /api/v1/entries/breiclub-zuid -H 'Content-Type: application/yaml' --data-binary "@$WORK/new.yaml"
expect_eq "no token: 401" 401 "$CODE"
expect_contains "with a WWW-Authenticate challenge" "$(cat "$WORK/headers")" "WWW-Authenticate: Bearer"
put breiclub-zuid "ww_0123456789abcdef_nietgoed" "$WORK/new.yaml"
expect_eq "an unknown token: 401" 401 "$CODE"
put breiclub-zuid "${tok_a%??}xx" "$WORK/new.yaml"
expect_eq "a wrong secret: 401" 401 "$CODE"

# ---- Validation -----------------------------------------------------------------------------
printf 'id: breiclub-zuid\nsoort: breien\ntitel: Breiclub\norganisatie: buurthuis-test\n' >"$WORK/bad.yaml"
put breiclub-zuid "$tok_a" "$WORK/bad.yaml"
expect_eq "an invalid entry: 422" 422 "$CODE"
expect_contains "naming each field" "$BODY" '"path":"soort"'
expect_contains "with the allowed values" "$BODY" "activiteit"
expect_contains "and missing fields" "$BODY" "samenvatting"
req PUT /api/v1/entries/breiclub-zuid -H "Authorization: Bearer $tok_a" -H 'Content-Type: text/plain' --data-binary "@$WORK/new.yaml"
expect_eq "a body that is neither YAML nor JSON: 415" 415 "$CODE"
head -c 300000 /dev/zero | tr '\0' 'a' >"$WORK/huge.yaml"
put breiclub-zuid "$tok_a" "$WORK/huge.yaml"
expect_eq "a body too large: 413" 413 "$CODE"
yaml andere-id "Breiclub" breien >"$WORK/otherid.yaml"
put breiclub-zuid "$tok_a" "$WORK/otherid.yaml"
expect_eq "an id that differs from the path: 422" 422 "$CODE"
expect_eq "nothing was written for any of these" 0 "$(ls "$cat_dir/aanbod" | grep -c breiclub)"

# ---- Create, search, change -----------------------------------------------------------------
expect_eq "a compound with a word no entry has yet finds nothing" 0 "$(search_total ukelelegroep)"
put breiclub-zuid "$tok_a" "$WORK/new.yaml"
expect_eq "a new entry: 201" 201 "$CODE"
etag1=$ETAG
expect_contains "with an ETag" "$etag1" '"'
expect_eq "the file is the YAML as sent" "$(cat "$WORK/new.yaml")" "$(cat "$cat_dir/aanbod/breiclub-zuid.yaml")"
expect_eq "browsing wijk zuid lists its entries A to Z" yes "$(zuid_in_title_order)"
expect_eq "it is searchable within a second" 1 "$(searchable_within_a_second ukelele 1)"
expect_eq "and its word is a word now, also as part of a compound (ukelele|groep)" 1 \
  "$(searchable_within_a_second ukelelegroep 1)"
req GET /api/v1/entries/breiclub-zuid
expect_eq "GET gives the same ETag" "$etag1" "$ETAG"

yaml breiclub-zuid "Hobbyclub Zuid" origami >"$WORK/v2.yaml"
put breiclub-zuid "$tok_a" "$WORK/v2.yaml"
expect_eq "changing an existing entry without If-Match: 428" 428 "$CODE"
put breiclub-zuid "$tok_a" "$WORK/v2.yaml" -H 'If-Match: "0000"'
expect_eq "with a stale If-Match: 412" 412 "$CODE"
put breiclub-zuid "$tok_a" "$WORK/v2.yaml" -H "If-Match: $etag1"
expect_eq "with the current ETag: 200" 200 "$CODE"
etag2=$ETAG
expect_eq "the change is searchable within a second" 1 "$(searchable_within_a_second origami 1)"
expect_eq "and the old words are gone" 0 "$(search_total ukelele)"
put breiclub-zuid "$tok_a" "$WORK/new.yaml" -H "If-Match: $etag1"
expect_eq "the first version's ETag is stale now: 412" 412 "$CODE"

printf '{"id": "leesclub-zuid", "soort": "activiteit", "titel": "Leesclub", "samenvatting": "Samen lezen en praten over boeken.\\nElke maand een nieuw boek.", "organisatie": "buurthuis-test", "wijken": ["zuid"], "toegang": "vrij", "kosten": {"soort": "gratis"}, "laatst_gecontroleerd": "2026-11-01"}' >"$WORK/new.json"
req PUT /api/v1/entries/leesclub-zuid -H "Authorization: Bearer $tok_a" -H 'Content-Type: application/json' --data-binary "@$WORK/new.json"
expect_eq "a JSON body works too: 201" 201 "$CODE"
expect_contains "and is stored as YAML" "$(cat "$cat_dir/aanbod/leesclub-zuid.yaml")" "titel: Leesclub"
expect_eq "it is searchable too" 1 "$(searchable_within_a_second leesclub 1)"
expect_eq "browsing lists the new entry by its title (the order is kept in memory, and read again after a change)" \
  yes "$(zuid_in_title_order)"
# Its geldig_tot set to a day past: found no more, at once (the server keeps the expiry dates in
# memory, and must read them again after a change).
sed 's/"laatst_gecontroleerd"/"geldig_tot": "2020-01-01", "laatst_gecontroleerd"/' "$WORK/new.json" >"$WORK/ended.json"
req PUT /api/v1/entries/leesclub-zuid -H "Authorization: Bearer $tok_a" -H "If-Match: $ETAG" \
  -H 'Content-Type: application/json' --data-binary "@$WORK/ended.json"
expect_eq "an entry can be given a geldig_tot that has passed: 200" 200 "$CODE"
expect_eq "and is found no more within a second" 0 "$(searchable_within_a_second leesclub 0)"
run "$INDEXER" --catalog "$cat_dir" --check
expect_status "every stored file passes the indexer's check" 0

# ---- Authorisation --------------------------------------------------------------------------
put breiclub-zuid "$tok_b" "$WORK/v2.yaml" -H "If-Match: $etag2"
expect_eq "another organisation cannot change it: 403" 403 "$CODE"
yaml breiclub-zuid "Hobbyclub Zuid" origami wonen-test >"$WORK/moved.yaml"
put breiclub-zuid "$tok_a" "$WORK/moved.yaml" -H "If-Match: $etag2"
expect_eq "moving it to another organisation: 403" 403 "$CODE"
yaml wonen-nieuw "Iets nieuws" wonen wonen-test >"$WORK/foreign.yaml"
put wonen-nieuw "$tok_a" "$WORK/foreign.yaml"
expect_eq "creating an entry for another organisation: 403" 403 "$CODE"
req DELETE /api/v1/entries/breiclub-zuid -H "Authorization: Bearer $tok_b"
expect_eq "nor archive it: 403" 403 "$CODE"
yaml breiclub-zuid "Hobbyclub Zuid (gemeente)" origami >"$WORK/v3.yaml"
put breiclub-zuid "$tok_g" "$WORK/v3.yaml" -H "If-Match: $etag2"
expect_eq "the gemeente's editor token may change every entry" 200 "$CODE"
etag3=$ETAG

# ---- Archive --------------------------------------------------------------------------------
req DELETE /api/v1/entries/breiclub-zuid -H "Authorization: Bearer $tok_a" -H "If-Match: $etag2"
expect_eq "DELETE with a stale If-Match: 412" 412 "$CODE"
req DELETE /api/v1/entries/breiclub-zuid -H "Authorization: Bearer $tok_a" -H "If-Match: $etag3"
expect_eq "DELETE archives: 200" 200 "$CODE"
expect_eq "the file left aanbod/" 0 "$(ls "$cat_dir/aanbod" | grep -c breiclub)"
expect_eq "and is kept in archief/" 1 "$(ls "$cat_dir/archief" | grep -c '^breiclub-zuid\..*\.yaml$')"
expect_eq "it is no longer found" 0 "$(searchable_within_a_second origami 0)"
req DELETE /api/v1/entries/breiclub-zuid -H "Authorization: Bearer $tok_a"
expect_eq "archiving it again: 404" 404 "$CODE"

# ---- Audit trail ----------------------------------------------------------------------------
audit="$partners.audit.jsonl"
expect_eq "the audit trail has a line per change" 6 "$(wc -l <"$audit")"
last=$(tail -1 "$audit")
expect_contains "saying what happened" "$last" '"actie":"gearchiveerd"'
expect_contains "by whom" "$last" '"organisatie":"buurthuis-test"'
expect_contains "to which entry" "$last" '"aanbod":"breiclub-zuid"'
expect_contains "and a change names its fields" "$(sed -n 2p "$audit")" '"velden":["samenvatting"]'
expect_not_contains "it holds no token" "$(cat "$audit")" "${tok_a#ww_*_}"

# ---- Near me after a change ------------------------------------------------------------------
# Every worker lists nearest first once, so that each keeps the places in memory; then an entry
# with a place is added, and must come first from there.
for _ in $(seq 16); do nearest_to_peperbus >/dev/null; done
{ yaml koffie-peperbus "Koffie bij de toren" peperbuskoffie
  printf 'locaties:\n  - {naam: Peperbus, lat: 52.51361, lon: 6.09250}\n'; } >"$WORK/place.yaml"
put koffie-peperbus "$tok_a" "$WORK/place.yaml"
expect_eq "a new entry with a place: 201" 201 "$CODE"
expect_eq "it is searchable" 1 "$(searchable_within_a_second peperbuskoffie 1)"
first_near=""
for _ in $(seq 20); do
  first_near=$(nearest_to_peperbus)
  [ "$first_near" = koffie-peperbus ] && break
  sleep 0.05
done
expect_eq "and listed first from where it is, within a second (the places are read again after a change)" \
  koffie-peperbus "$first_near"

# ---- Revocation and throttling --------------------------------------------------------------
id_b=$(printf '%s' "$tok_b" | cut -d_ -f2)
run "$SERVER" token --revoke "$id_b" --partners "$partners"
expect_status "token --revoke" 0
yaml wonen-club "Wonen club" samen wonen-test >"$WORK/b.yaml"
put wonen-club "$tok_b" "$WORK/b.yaml"
expect_eq "a revoked token counts at once, without restart: 401" 401 "$CODE"
id_a=$(printf '%s' "$tok_a" | cut -d_ -f2)
for _ in 1 2 3 4 5; do put leesclub-zuid "ww_${id_a}_fout" "$WORK/b.yaml"; done
put leesclub-zuid "ww_${id_a}_fout" "$WORK/b.yaml"
expect_eq "after five wrong secrets for one token: 429" 429 "$CODE"
expect_contains "with Retry-After" "$(cat "$WORK/headers")" "Retry-After: 60"
put leesclub-zuid "$tok_a" "$WORK/b.yaml"
expect_eq "for the rest of the minute, even the right secret" 429 "$CODE"
put wonen-nieuw "$tok_g" "$WORK/foreign.yaml"
expect_eq "other tokens are not affected" 201 "$CODE"

# ---- Two partners racing on one entry -------------------------------------------------------
# race TITLE SERVER...: six writers PUT versions "TITLE i" of wonen-nieuw, all with the ETag it
# has now, spread over the given servers; prints the counts of their status codes. Each race
# needs new titles: a text equal to the stored file is a no-op 200 that leaves the ETag as it is.
race() {
  local title=$1; shift
  local servers=("$@") racers=() i
  req GET /api/v1/entries/wonen-nieuw
  for i in 1 2 3 4 5 6; do
    yaml wonen-nieuw "$title $i" "versie$i" wonen-test >"$WORK/race$i.yaml"
    curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "Authorization: Bearer $tok_g" \
      -H 'Content-Type: application/yaml' -H "If-Match: $ETAG" --data-binary "@$WORK/race$i.yaml" \
      "${servers[i % ${#servers[@]}]}/api/v1/entries/wonen-nieuw" >"$WORK/race$i.code" &
    racers+=($!)
  done
  wait "${racers[@]}"
  cat "$WORK"/race*.code | sort | uniq -c | tr -s ' ' | tr '\n' ','
}
expect_eq "six writers with the same If-Match: one wins, five get 412" " 1 200, 5 412," \
  "$(race Versie "$BASE")"

# The same with two servers on one catalog: the write lock holds across processes.
"$SERVER" --index "$idx" --catalog "$cat_dir" --partners "$partners" --web web --port 0 --threads 2 \
  >"$WORK/server2.log" 2>&1 &
PID2=$!
base1=$BASE
wait_for_server "$WORK/server2.log"
base2=$BASE
BASE=$base1
expect_eq "two servers on one catalog, six writers with one If-Match: one wins" " 1 200, 5 412," \
  "$(race "Tweede versie" "$base1" "$base2")"
kill -TERM "$PID2"; wait "$PID2"
# The lock itself: while another process holds it, a write waits (and then goes through).
yaml wonen-nieuw "Na het slot" slot wonen-test >"$WORK/slot.yaml"
flock "$cat_dir/.wegwijzer-schrijfslot" sleep 1 &
holder=$!
sleep 0.2
started=$(date +%s%N)
put wonen-nieuw "$tok_g" "$WORK/slot.yaml" -H 'If-Match: *'
waited_ms=$((($(date +%s%N) - started) / 1000000))
wait "$holder"
expect_eq "a write waits while another process holds the catalog's write lock" "200 yes" \
  "$CODE $([ "$waited_ms" -ge 600 ] && echo yes || echo "no, ${waited_ms} ms")"

# A file that cannot be read (here: hand-made and over the size limit) is not written over.
{ yaml te-groot "Te groot" groot; head -c 300000 /dev/zero | tr '\0' '#'; } >"$cat_dir/aanbod/te-groot.yaml"
yaml te-groot "Te groot" groot >"$WORK/small.yaml"
put te-groot "$tok_g" "$WORK/small.yaml"
expect_eq "an existing file that cannot be read is not overwritten: 500" 500 "$CODE"
expect_eq "and stays as it was" 300000 "$(tr -cd '#' <"$cat_dir/aanbod/te-groot.yaml" | wc -c)"
rm "$cat_dir/aanbod/te-groot.yaml"

kill -TERM "$PID"; wait "$PID"

# ---- kill -9 in the middle of a stream of writes ---------------------------------------------
start_server
req GET /api/v1/entries/wonen-nieuw
etag=$ETAG
(
  for i in $(seq 1 400); do
    yaml wonen-nieuw "Stroom $i" "stroom$i" wonen-test >"$WORK/stream.yaml"
    e=$(curl -s -D - -o /dev/null -X PUT -H "Authorization: Bearer $tok_g" \
      -H 'Content-Type: application/yaml' -H "If-Match: $etag" --data-binary "@$WORK/stream.yaml" \
      "$BASE/api/v1/entries/wonen-nieuw" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')
    [ -n "$e" ] || break
    etag=$e
  done
) &
writer=$!
sleep 1.5
kill -KILL "$PID"
wait "$PID" 2>/dev/null
wait "$writer" 2>/dev/null
run "$INDEXER" --catalog "$cat_dir" --check
expect_status "after kill -9 every catalog file is whole and valid" 0
expect_eq "a leftover temporary file is hidden (.name), which the indexer skips" 0 \
  "$(ls -A "$cat_dir/aanbod" | grep -v '^\.' | grep -vc '\.yaml$')"
title=$(sed -n 's/^titel: //p' "$cat_dir/aanbod/wonen-nieuw.yaml")
word=$(printf '%s' "$title" | sed 's/Stroom /stroom/')
start_server
expect_eq "after a restart the index is level with the catalog ($title)" 1 "$(search_total "$word")"
kill -TERM "$PID"; wait "$PID"

# ---- The web pages for partners (/partner) ----------------------------------------------------
# "Klopt nog" can be undone for a minute; WW_UNDO_SECONDS makes that minute three seconds here.
WW_UNDO_SECONDS=3 start_server
jar="$WORK/cookies"
page() { # METHOD PATH [curl args]: sets CODE, BODY and the headers in $WORK/headers
  local method="$1" path="$2"; shift 2
  CODE=$(curl -s -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 10 \
    "$@" "$BASE$path")
  BODY=$(cat "$WORK/body")
}
header() { sed -n "s/^$1: *\(.*\)\r\$/\1/Ip" "$WORK/headers"; }
page GET /partner
expect_eq "GET /partner without a session is the sign-in page" 200 "$CODE"
expect_contains "with a field for the token" "$BODY" 'name="token"'
expect_eq "partner pages are never cached" "no-store" "$(header Cache-Control)"
page GET /partner/aanbod/koffie-zuid
expect_eq "a partner page without a session sends the browser to sign in" "303 /partner" \
  "$CODE $(header Location)"
page POST /partner/inloggen --data-urlencode "token=${tok_a%?}x"
expect_eq "signing in with a wrong token: 403" 403 "$CODE"
expect_contains "which says so, in the words partners read" "$BODY" "toegangscode klopt niet"
expect_not_contains "the sign-in page never says token to a partner" \
  "$(printf '%s' "$BODY" | sed 's/<[^>]*>//g')" "token"
expect_contains "and says whom to ask for one" "$BODY" \
  "U krijgt de toegangscode van de redactie van de gemeente"
expect_eq "and sets no cookie" "" "$(header Set-Cookie)"
page POST /partner/inloggen -c "$jar" --data-urlencode "token=$tok_a"
expect_eq "signing in with the right token goes to the overview" "303 /partner" \
  "$CODE $(header Location)"
cookie=$(header Set-Cookie)
expect_contains "the session cookie is HttpOnly" "$cookie" "HttpOnly"
expect_contains "SameSite=Strict" "$cookie" "SameSite=Strict"
expect_contains "only for /partner" "$cookie" "Path=/partner;"
expect_not_contains "not Secure over plain HTTP" "$cookie" "Secure"
page POST /partner/inloggen -H 'X-Forwarded-Proto: https' --data-urlencode "token=$tok_a"
expect_contains "Secure when a proxy says the request came over TLS" "$(header Set-Cookie)" "; Secure"
page POST /partner/inloggen -H 'Sec-Fetch-Site: cross-site' --data-urlencode "token=$tok_a"
expect_eq "signing in from a form on another site: 403" 403 "$CODE"

page GET /partner -b "$jar"
expect_contains "the overview names the organisation" "$BODY" "Buurthuis"
expect_not_contains "and lists no other organisation's entry" "$BODY" "/partner/aanbod/wonen-begeleid\""
csrf=$(printf '%s' "$BODY" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
etag=$(curl -s -D - -o /dev/null "$BASE/api/v1/entries/koffie-zuid" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')
page POST /partner/aanbod/koffie-zuid/klopt -b "$jar" --data-urlencode "etag=$etag"
expect_eq "a POST without the CSRF token is refused" 403 "$CODE"
page POST /partner/aanbod/koffie-zuid/klopt -b "$jar" -H 'Sec-Fetch-Site: cross-site' \
  --data-urlencode "csrf=$csrf" --data-urlencode "etag=$etag"
expect_eq "a POST from another site is refused, even with the token" 403 "$CODE"
page POST /partner/aanbod/koffie-zuid/klopt -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode 'etag="0000"'
expect_eq "\"Klopt nog\" on a stale overview: 409, nothing written" 409 "$CODE"
audit_lines=$(wc -l <"$partners.audit.jsonl")
page POST /partner/aanbod/koffie-zuid/klopt -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "etag=$etag"
expect_eq "\"Klopt nog\" goes back to the overview" "303 /partner?klopt=koffie-zuid&" \
  "$CODE $(header Location | cut -c1-27)"
expect_eq "the file's check date is today" "laatst_gecontroleerd: $(TZ=Europe/Amsterdam date +%F)" \
  "$(grep '^laatst_gecontroleerd:' "$cat_dir/aanbod/koffie-zuid.yaml")"
expect_eq "one line in the audit trail" $((audit_lines + 1)) "$(wc -l <"$partners.audit.jsonl")"
expect_contains "naming the field that changed" "$(tail -1 "$partners.audit.jsonl")" \
  '"velden":["laatst_gecontroleerd"]'
page POST /partner/aanbod/koffie-zuid -b "$jar" --data-binary 'csrf=a&titel=%zz'
expect_eq "a form with a malformed escape: 400" 400 "$CODE"
page POST /partner/aanbod/koffie-zuid -b "$jar" --data-binary "$(printf 'a=%d&' $(seq 3000))"
expect_eq "a form with thousands of fields: 400" 400 "$CODE"
page POST /partner/aanbod/wonen-begeleid -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode 'titel=Van ons'
expect_eq "the form cannot change another organisation's entry: 403" 403 "$CODE"
# An entry of one's own that no longer passes validation (no title) can still be repaired.
yaml kapot-eigen "Weg" kapot | grep -v '^titel:' >"$cat_dir/aanbod/kapot-eigen.yaml"
page GET /partner/aanbod/kapot-eigen -b "$jar"
expect_contains "the form opens a broken entry of one's own, with its error said as what to do" \
  "$BODY" "Vul dit in. Dit is verplicht."
page POST /partner/aanbod/kapot-eigen -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "etag=$(sed -n 's/.*name="etag" value="\([^"]*\)".*/\1/p' "$WORK/body" | sed 's/&quot;/"/g')" \
  --data-urlencode 'titel=Weer heel' --data-urlencode 'samenvatting=Elke week samen.' \
  --data-urlencode 'soort=activiteit' --data-urlencode 'wijken=zuid' --data-urlencode 'toegang=vrij'
expect_eq "and saving it repairs it" "303 /partner?opgeslagen=kapot-eigen" "$CODE $(header Location)"
yaml kapot-api "Weg" kapot | grep -v '^titel:' >"$cat_dir/aanbod/kapot-api.yaml"
yaml kapot-api "Weer heel" heel >"$WORK/heel.yaml"
put kapot-api "$tok_a" "$WORK/heel.yaml" -H 'If-Match: *'
expect_eq "the API lets a partner repair its own broken entry too" 200 "$CODE"

# ---- The form for volunteers: web addresses, housing fields, messages -------------------------
form_post() { # PATH [name=value...]: a new entry through the form, signed in as buurthuis-test
  local path="$1"; shift
  local args=(--data-urlencode "csrf=$csrf" --data-urlencode 'samenvatting=Elke week samen.'
    --data-urlencode 'soort=activiteit' --data-urlencode 'wijken=zuid' --data-urlencode 'toegang=vrij')
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  page POST "$path" -b "$jar" "${args[@]}"
}
form_post /partner/nieuw 'titel=Webadres met www' 'contact.website=www.buurthuis-test.nl'
expect_eq "www.… in the website field is accepted" "303 /partner?opgeslagen=webadres-met-www" \
  "$CODE $(header Location)"
expect_eq "and stored with https://" "  website: https://www.buurthuis-test.nl" \
  "$(grep 'website:' "$cat_dir/aanbod/webadres-met-www.yaml")"
form_post /partner/nieuw 'titel=Webadres met pad' 'contact.website=buurthuis-test.nl/agenda'
expect_eq "so is example.nl/pad, as https://example.nl/pad" "  website: https://buurthuis-test.nl/agenda" \
  "$(grep 'website:' "$cat_dir/aanbod/webadres-met-pad.yaml")"
form_post /partner/nieuw 'titel=Geen webadres' 'contact.website=bel ons maar'
expect_eq "a website that is no web address: 422" 422 "$CODE"
expect_contains "with a message that says what to type" "$BODY" \
  "Vul een webadres in, bijvoorbeeld www.buurthuis.nl."
{ yaml api-www "Via de API" api; printf 'contact:\n  website: www.example.nl\n'; } >"$WORK/www.yaml"
put api-www "$tok_g" "$WORK/www.yaml"
expect_eq "the API keeps its contract: www.… without https:// is refused there" 422 "$CODE"
form_post /partner/nieuw 'titel=Activiteit met woonvelden' 'wonen.woonvorm=geclusterd' \
  'wonen.plaatsen=4'
expect_eq "housing fields sent with an activity are ignored, not an error" \
  "303 /partner?opgeslagen=activiteit-met-woonvelden" "$CODE $(header Location)"
expect_not_contains "and not stored" "$(cat "$cat_dir/aanbod/activiteit-met-woonvelden.yaml")" "wonen"
page POST /partner/nieuw -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode 'titel=Huis zonder woonvorm' \
  --data-urlencode 'samenvatting=Wonen met begeleiding.' --data-urlencode 'soort=beschermd-thuis' \
  --data-urlencode 'wijken=zuid' --data-urlencode 'toegang=indicatie'
expect_eq "beschermd thuis without housing fields: 422" 422 "$CODE"
expect_contains "saying which fields it needs" "$BODY" \
  "Bij beschermd thuis is dit verplicht. Vul Woonvorm en Begeleiding in."
page GET /partner/nieuw -b "$jar"
expect_eq "the form comes in sections, the first one open" "6 1" \
  "$(grep -c '<details class="ww-form-section"' "$WORK/body") $(grep -c '<details class="ww-form-section"[^>]* open' "$WORK/body")"
expect_eq "coordinates are not ordinary fields: each sits in a folded 'Meer over de locatie'" \
  "$(grep -c 'name="locaties.[0-9]*.lat"' "$WORK/body")" \
  "$(tr -d '\n' <"$WORK/body" | grep -o '<details class="ww-more"> *<summary class="ww-more__summary">Meer over de locatie</summary> *<div class="utrecht-form-field ww-field"> *<p class="utrecht-form-field__label"><label class="utrecht-form-label" for="veld-locaties-[0-9]*-lat">' | wc -l)"
expect_contains "the housing section says for which soort it is" "$BODY" \
  'data-alleen-bij-waarde="beschermd-thuis"'
expect_not_contains "and nothing says 'Woonvorm (verplicht)' outside beschermd thuis" "$BODY" \
  'Woonvorm <span class="ww-required">(verplicht)</span>'
# lat/lon in a file survive an edit through the form untouched
{ yaml met-kaart "Met kaart" kaart; printf 'locaties:\n  - naam: Buurthuis\n    postcode: 8011 AB\n    lat: 52.5101\n    lon: 6.0902\n'; } \
  >"$cat_dir/aanbod/met-kaart.yaml"
page GET /partner/aanbod/met-kaart -b "$jar"
form_etag=$(sed -n 's/.*name="etag" value="\([^"]*\)".*/\1/p' "$WORK/body" | sed 's/&quot;/"/g')
expect_contains "the form keeps the coordinates in its folded part" "$BODY" 'name="locaties.0.lat" value="52.5101"'
page POST /partner/aanbod/met-kaart -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "etag=$form_etag" \
  --data-urlencode 'titel=Met kaart, gewijzigd' --data-urlencode 'samenvatting=Elke week samen op de kaart.' \
  --data-urlencode 'soort=activiteit' --data-urlencode 'wijken=zuid' --data-urlencode 'toegang=vrij' \
  --data-urlencode 'locaties.0.naam=Buurthuis' --data-urlencode 'locaties.0.postcode=8011 AB' \
  --data-urlencode 'locaties.0.lat=52.5101' --data-urlencode 'locaties.0.lon=6.0902'
expect_eq "an edit with the coordinates as the form sends them saves" 303 "$CODE"
form_post /partner/nieuw 'titel=Met alleen een postcode' 'locaties.0.naam=Buurthuis' \
  'locaties.0.postcode=8017 JZ'
page GET "$(header Location)" -b "$jar"
expect_contains "a location with only a postcode: the notice after saving says it is placed coarsely" \
  "$BODY" "Let op, locatie 1: geen lat/lon; de afstand wordt gemeten vanaf het midden van postcodegebied 8017"
expect_not_contains "... and says nothing of the sort for an entry whose location has lat/lon" \
  "$(page GET "/partner?opgeslagen=met-kaart" -b "$jar"; printf '%s' "$BODY")" "Let op, locatie"
expect_eq "and keeps them" "lat: 52.5101 lon: 6.0902" \
  "$(grep -Eo '(lat|lon): [0-9.]+' "$cat_dir/aanbod/met-kaart.yaml" | tr '\n' ' ' | sed 's/ $//')"

# ---- "Klopt nog": the summary first, then undo for a minute (three seconds here) --------------------
page GET /partner/aanbod/leesclub-zuid/klopt -b "$jar"
expect_eq "\"Klopt nog\" first shows the entry" 200 "$CODE"
expect_contains "its title" "$BODY" "Leesclub"
expect_contains "its summary" "$BODY" "Samen lezen en praten over boeken."
expect_contains "where" "$BODY" "Wijken: Zuid"
expect_contains "and a button to confirm" "$BODY" "Ja, dit klopt nog"
klopt_etag=$(sed -n 's/.*name="etag" value="\([^"]*\)".*/\1/p' "$WORK/body" | sed 's/&quot;/"/g')
before=$(grep '^laatst_gecontroleerd:' "$cat_dir/aanbod/leesclub-zuid.yaml")
audit_lines=$(wc -l <"$partners.audit.jsonl")
confirm_leesclub() { # ETAG: "Klopt nog", then the overview; sets undo_fields from its undo form
  page POST /partner/aanbod/leesclub-zuid/klopt -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "etag=$1"
  page GET "$(header Location)" -b "$jar"
  undo_fields=()
  local f
  for f in vorige tijd versie teken; do
    undo_fields+=(--data-urlencode "$f=$(sed -n "s/.*name=\"$f\" value=\"\([^\"]*\)\".*/\1/p" "$WORK/body" | head -1 | sed 's/&quot;/"/g')")
  done
}
confirm_leesclub "$klopt_etag"
expect_contains "after confirming, the overview offers to undo it" "$BODY" "Ongedaan maken"
expect_eq "the file has today" "laatst_gecontroleerd: $(TZ=Europe/Amsterdam date +%F)" \
  "$(grep '^laatst_gecontroleerd:' "$cat_dir/aanbod/leesclub-zuid.yaml")"
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" --data-urlencode "csrf=$csrf" "${undo_fields[@]}"
expect_eq "undo within the window goes back to the overview" "303 /partner?teruggezet=leesclub-zuid" \
  "$CODE $(header Location)"
expect_eq "and restores the old date in the file" "$before" \
  "$(grep '^laatst_gecontroleerd:' "$cat_dir/aanbod/leesclub-zuid.yaml")"
expect_eq "both went through the audit trail" $((audit_lines + 2)) "$(wc -l <"$partners.audit.jsonl")"
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" --data-urlencode "csrf=$csrf" "${undo_fields[@]}"
expect_eq "the same undo twice: 409 (the file changed since), nothing written" \
  "409 $((audit_lines + 2))" "$CODE $(wc -l <"$partners.audit.jsonl")"
req GET /api/v1/entries/leesclub-zuid
confirm_leesclub "$ETAG"
sleep 4
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" --data-urlencode "csrf=$csrf" "${undo_fields[@]}"
expect_eq "undo after the window: 409" 409 "$CODE"
expect_contains "with a plain message" "$BODY" "Ongedaan maken kan alleen in de eerste minuut"
expect_eq "and the date stays today" "laatst_gecontroleerd: $(TZ=Europe/Amsterdam date +%F)" \
  "$(grep '^laatst_gecontroleerd:' "$cat_dir/aanbod/leesclub-zuid.yaml")"
forged=("${undo_fields[@]}")
forged[3]="tijd=$(date +%s)"
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" --data-urlencode "csrf=$csrf" "${forged[@]}"
expect_eq "an undo with a made-up moment: 400" 400 "$CODE"
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" --data-urlencode "csrf=$csrf"
expect_eq "an undo without its fields: 400" 400 "$CODE"
page POST /partner/aanbod/leesclub-zuid/ongedaan -b "$jar" "${undo_fields[@]}"
expect_eq "an undo without the CSRF token: 403" 403 "$CODE"

# ---- The editor's overview: by organisation, searched, in pages --------------------------------
gjar="$WORK/editor-cookies"
page POST /partner/inloggen -c "$gjar" --data-urlencode "token=$tok_g"
for i in $(seq -w 1 30); do
  yaml "reeks-$i" "Reeks $i" reeks wonen-test >"$cat_dir/aanbod/reeks-$i.yaml"
done
page GET /partner -b "$gjar"
n_all=$(ls "$cat_dir/aanbod" | grep -c '\.yaml$')
expect_contains "the editor sees every entry, counted" "$BODY" "$n_all gevonden"
expect_contains "in pages of 25" "$BODY" "Pagina 1 van $(((n_all + 24) / 25))"
expect_eq "25 on a page" 25 "$(grep -c '<li class="ww-partner-item">' "$WORK/body")"
expect_contains "under the organisation's name" "$BODY" \
  '<h2 class="utrecht-heading-2 ww-partner-group__name">Buurthuis De Proef</h2>'
page GET '/partner?organisatie=wonen-test' -b "$gjar"
n_wonen=$(grep -l '^organisatie: wonen-test' "$cat_dir"/aanbod/*.yaml | wc -l)
expect_contains "one organisation's entries with one choice" "$BODY" "$n_wonen gevonden"
expect_not_contains "and no other organisation's" "$BODY" 'ww-partner-group__name">Buurthuis De Proef'
page GET '/partner?q=leesclub' -b "$gjar"
expect_contains "a search in titles" "$BODY" "1 gevonden"
page GET '/partner?q=woonbegeleiding+proefstad&pagina=2' -b "$gjar"
expect_contains "a search on the organisation's name, page 2" "$BODY" "Pagina 2 van 2"
expect_contains "with a link back to page 1 that keeps the search" "$BODY" \
  'href="/partner?q=woonbegeleiding+proefstad&amp;pagina=1"'
yaml lang-geleden "Lang niet gecontroleerd" oud | sed 's/^laatst_gecontroleerd: .*/laatst_gecontroleerd: 2025-01-01/' \
  >"$cat_dir/aanbod/lang-geleden.yaml"
page GET '/partner?oud=1' -b "$gjar"
expect_contains "only those unchecked for half a year" "$BODY" "Lang niet gecontroleerd"
expect_not_contains "(not those checked this month)" "$BODY" "Reeks 01"
page GET '/partner?pagina=99' -b "$gjar"
last=$(((n_all + 1 + 24) / 25))
expect_contains "a page past the last shows the last" "$BODY" "Pagina $last van $last"
for bad in 'pagina=0' 'pagina=twee' 'pagina=-1' 'organisatie=bestaat-niet' 'organisatie=Geen%20Code' \
  'oud=ja' "q=$(head -c 201 /dev/zero | tr '\0' 'a')"; do
  page GET "/partner?$bad" -b "$gjar"
  expect_eq "a bad filter or page ($(printf '%s' "$bad" | cut -c1-24)): 400" 400 "$CODE"
done
page GET '/partner?pagina=abc&organisatie=niets' -b "$jar"
expect_eq "a partner (few entries) sees them as before, without the editor's search" \
  "200 0" "$CODE $(grep -c 'ww-partner-filter' "$WORK/body")"
rm "$cat_dir"/aanbod/reeks-*.yaml "$cat_dir/aanbod/lang-geleden.yaml"

# Guessing: five wrong secrets for one token id lock that id (only) for a minute.
run "$SERVER" token buurthuis-test --partners "$partners"
tok_guess=$OUT
for _ in 1 2 3 4 5; do page POST /partner/inloggen --data-urlencode "token=${tok_guess%?????}wrong"; done
page POST /partner/inloggen --data-urlencode "token=$tok_guess"
expect_eq "after five wrong guesses even the right token waits: 429" 429 "$CODE"
expect_eq "with Retry-After" 60 "$(header Retry-After)"

page POST /partner/uitloggen -b "$jar" --data-urlencode "csrf=$csrf"
expect_contains "signing out removes the cookie" "$(header Set-Cookie)" "Max-Age=0"
page GET /partner -b "$jar"
expect_contains "and the session is gone" "$BODY" 'name="token"'
run "$SERVER" token wonen-test --partners "$partners"
tok_c=$OUT
page POST /partner/inloggen -c "$jar" --data-urlencode "token=$tok_c"
page GET /partner -b "$jar"
expect_contains "another partner signs in" "$BODY" "Uitloggen"
run "$SERVER" token --revoke "$(printf '%s' "$tok_c" | cut -d_ -f2)" --partners "$partners"
page GET /partner -b "$jar"
expect_contains "revoking a token ends its sessions at once" "$BODY" 'name="token"'
kill -TERM "$PID"; wait "$PID"

# ---- Without --partners nothing can be written ----------------------------------------------
: >"$WORK/server.log" # emptied here: else wait_for_server may read the last server's port
"$SERVER" --index "$idx" --catalog "$cat_dir" --web web --port 0 >"$WORK/server.log" 2>&1 &
PID=$!
wait_for_server "$WORK/server.log"
put leesclub-zuid "$tok_a" "$WORK/new.yaml"
expect_eq "a server without --partners refuses writes: 401" 401 "$CODE"
page GET /partner
expect_eq "and its partner pages say so: 503" 503 "$CODE"
kill -TERM "$PID"; wait "$PID"
echo "1..$T_NUM"
