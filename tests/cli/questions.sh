#!/usr/bin/env bash
# Questions without an answer (/inzicht/vragen, for the editor): searches that found nothing are
# counted per week by their simplified words; only a question asked at least 5 times in a week
# is kept; text that may say who asked (an e-mail address, a phone number, a BSN, a name after
# "ik heet") never is; old weeks go; the file survives a restart and kill -9 leaves it whole; it
# can be switched off; and the editor can propose a synonym, written for review -- over HTTP.
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"

write_setup
schema_dir="$WORK/schema"
cp -r "${WW_SCHEMA:-schema}" "$schema_dir"
tok_g=$("$SERVER" token gemeente --partners "$partners" 2>/dev/null)
tok_p=$("$SERVER" token buurthuis-test --partners "$partners" 2>/dev/null)
file="$idx/vraagstatistiek.json"
start() { WW_NOW=2026-12-01T10:00 WW_QUESTIONS_WRITE_SECONDS=0 serve --index "$idx" --catalog "$cat_dir" --web web --partners "$partners" --schema "$schema_dir" "$@"; }
start
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
ask() { # TEXT TIMES: searches the API that many times
  local i; for ((i = 0; i < $2; i++)); do curl -s -o /dev/null -G --data-urlencode "q=$1" "$BASE/api/v1/search"; done
}
kept() { curl -s -H "Authorization: Bearer $tok_g" "$BASE/api/v1/inzicht/vragen" | python3 -c '
import json, sys; d = json.load(sys.stdin)
print("|".join(q["vraag"] + "=" + str(q["aantal"]) for w in d["weken"] for q in w["vragen"]))'; }

ask "Is er een tandarts voor mijn hond?" 5
ask "hond tandarts" 1
ask "xylofoonles onderwater" 4
got=$(kept)
expect_contains "a question asked 5 times a week is kept, by its simplified words (and the same words count together)" "$got" "hond tandart=6"
expect_not_contains "a question asked 4 times is not" "$got" "xylofoon"
ask "mijn mail is jan.jansen@example.org graag hulp" 6
ask "bel me op 0612345678 voor hulp" 6
ask "bsn 123456789 uitkering aanvragen" 6
ask "ik heet Pieter Puk en zoek een tandarts" 6
got=$(kept)
expect_not_contains "an e-mail address is never kept" "$got" "example"
expect_not_contains "a phone number is never kept" "$got" "0612"
expect_not_contains "a BSN is never kept" "$got" "1234"
expect_not_contains "a name after 'ik heet' is never kept" "$got" "puk"
expect_contains "the file holds the kept question" "$(cat "$file")" "hond tandart"
for bad in example 0612 123456789 pieter puk "127.0.0.1"; do
  if grep -qi "$bad" "$file"; then not_ok "nothing in the file could tell who asked ($bad)" "$(cat "$file")"; else ok "nothing in the file could tell who asked: no $bad"; fi
done
expect_not_contains "no time finer than the week in the file" "$(cat "$file")" "T10:"
ask "hond tandarts" 2   # from the answer cache now: still counted
expect_contains "answers from the cache count as searches too" "$(kept)" "hond tandart=8"
get "/api/v1/inzicht/vragen" -H "Authorization: Bearer $tok_p"
expect_eq "a partner may not see them" 403 "$CODE"
get "/api/v1/inzicht/vragen"
expect_eq "nobody may without a token" 401 "$CODE"

# ---- The editor's page, and a synonym proposed for review ---------------------------------------
jar="$WORK/jar"
curl -s -o /dev/null -c "$jar" -H 'Sec-Fetch-Site: same-origin' --data-urlencode "token=$tok_g" "$BASE/partner/inloggen"
page=$(curl -s -b "$jar" "$BASE/partner/vragen")
expect_contains "the editor's page lists the question with its count" "$page" "hond tandart"
csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode "csrf=$csrf" --data-urlencode "vraag=hond tandart" --data-urlencode "woord=dierenarts" "$BASE/partner/vragen")
expect_eq "proposing a synonym succeeds" 303 "$code"
expect_contains "... written to schema/synoniemen-voorstellen.txt for review" \
  "$(cat "$schema_dir/synoniemen-voorstellen.txt")" "hond tandart = dierenarts"
expect_not_contains "... and not applied to the synonym list" "$(cat "$schema_dir/synoniemen.txt")" "dierenarts"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode "csrf=$csrf" --data-urlencode "vraag=hond tandart" --data-urlencode $'woord=x\n= y' "$BASE/partner/vragen")
expect_eq "a proposal that could break the file is refused" 400 "$code"

# ---- Restarts, kill -9, old weeks, switched off -----------------------------------------------------
kill $PID 2>/dev/null; wait $PID 2>/dev/null
start
expect_contains "the count survives a restart" "$(kept)" "hond tandart=8"
for round in 1 2 3 4 5; do
  (for i in $(seq 1 40); do curl -s -o /dev/null -G --data-urlencode "q=onvindbaar woord $round $i" "$BASE/api/v1/search"; curl -s -o /dev/null "$BASE/api/v1/search?q=hond+tandarts+kat$round"; done) &
  sleep 0.$((RANDOM % 9 + 1)); kill -9 $PID 2>/dev/null; wait $PID 2>/dev/null; wait
  if python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$file" 2>/dev/null; then ok "kill -9 while counting leaves the file whole (round $round)"; else not_ok "kill -9 while counting leaves the file whole (round $round)" "$(head -c 300 "$file")"; fi
  start
done
kill $PID 2>/dev/null; wait $PID 2>/dev/null
python3 - "$file" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["weken"]["2025-W20"] = {"oud vraag": {"aantal": 9, "ambitie": None, "leefgebied": None}}
json.dump(d, open(sys.argv[1], "w"))
EOF
start
expect_not_contains "weeks older than 26 weeks are dropped" "$(kept)" "oud vraag"
ask "hond tandarts" 1
expect_not_contains "... from the file too" "$(cat "$file")" "oud vraag"
kill $PID 2>/dev/null; wait $PID 2>/dev/null
start --geen-vraagstatistiek
ask "nieuwe onbeantwoorde vraag" 6
expect_not_contains "--geen-vraagstatistiek counts nothing" "$(kept)" "onbeantwoord"
