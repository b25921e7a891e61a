#!/usr/bin/env bash
# "Hulp nu" over real HTTP: a question that signals danger gets the help lines of
# schema/hulp-nu.yaml in the API answer (`hulp_nu`) and in a block above the results of the page,
# also with filters, on a later page, from the cache and while there is no index; a harmless one
# gets none; a broken hulp-nu.yaml stops the server before it listens.
. "$(dirname "$0")/lib.bash"

idx="$WORK/idx"
"$INDEXER" --catalog tests/fixtures/search --index "$idx" --quiet

start_server() { serve --index "$idx" --catalog tests/fixtures/search --web web "$@"; }
# The ids of hulp_nu's lines, space-separated ("none" when hulp_nu is null).
line_ids() {
  printf '%s' "$BODY" | python3 -c '
import json, sys
h = json.load(sys.stdin).get("hulp_nu", "absent")
print("absent" if h == "absent" else "none" if h is None else " ".join(l["id"] for l in h["lijnen"]))'
}
q() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$1"; }

start_server

# ---- The API -------------------------------------------------------------------------------
get "/api/v1/search?q=$(q 'ik wil niet meer leven')"
expect_eq "a question about suicide is answered" 200 "$CODE"
expect_eq "with hulp_nu: 113 first, then 112, the wijkteam last" "113 112 wijkteam" "$(line_ids)"
expect_eq "the wijkteam's line has the number of web/site.yaml" "038 030 00 00" "$(field '.hulp_nu.lijnen[2].telefoon')"
expect_eq "hulp_nu names the kind" '["zelfdoding"]' "$(field .hulp_nu.soort)"
expect_eq "113's number as people read it" "0800-0113" "$(field '.hulp_nu.lijnen[0].telefoon')"
expect_eq "and as a tel: link" "tel:08000113" "$(field '.hulp_nu.lijnen[0].tel')"
expect_eq "and 113's chat" "https://www.113.nl" "$(field '.hulp_nu.lijnen[0].url')"
expect_contains "with a calm first sentence" "$(field .hulp_nu.tekst)" "U hoeft dit niet alleen te dragen"
expect_eq "the results are still there" True "$(printf '%s' "$BODY" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("results" in d and "total" in d)')"

get "/api/v1/search?q=koffie"
expect_eq "a harmless question has hulp_nu null" none "$(line_ids)"
get "/api/v1/search?q=$(q 'ik ga dood van het lachen')"
expect_eq "so has a joke" none "$(line_ids)"
get "/api/v1/search?wijk=zuid"
expect_eq "and a search without q" none "$(line_ids)"

get "/api/v1/search?q=$(q 'mijn man slaat mij')"
expect_eq "violence at home: Veilig Thuis, then 112" "veilig-thuis 112 wijkteam" "$(line_ids)"
expect_eq "Veilig Thuis as a tel: link" "tel:08002000" "$(field '.hulp_nu.lijnen[0].tel')"
get "/api/v1/search?q=$(q 'mijn vader heeft een hartanval')"
expect_eq "a medical emergency, misspelt: 112, then the huisarts" "112 huisarts wijkteam" "$(line_ids)"
expect_eq "the huisarts line has no number we cannot be sure of" "False" \
  "$(printf '%s' "$BODY" | python3 -c 'import json,sys; print("tel" in json.load(sys.stdin)["hulp_nu"]["lijnen"][1])')"
get "/api/v1/search?q=$(q 'Suïcide')"
expect_eq "accents are folded as search folds them" "113 112 wijkteam" "$(line_ids)"

# Filters, paging and the cache of answers must not lose it.
get "/api/v1/search?q=$(q 'ik wil dood')&wijk=zuid&soort=activiteit&page=2&per_page=1"
expect_eq "with filters, on page 2, hulp_nu is still there" "113 112 wijkteam" "$(line_ids)"
get "/api/v1/search?q=$(q 'ik wil dood')&page=500"
expect_eq "and on a page past the last one" "113 112 wijkteam" "$(line_ids)"
get "/api/v1/search?q=$(q 'ik wil dood')&wijk=zuid&soort=activiteit&page=2&per_page=1"
expect_eq "and in an answer from the cache" "113 112 wijkteam" "$(line_ids)"
get "/api/v1/search?q=$(q 'ik wil dood')&wijk=nergens"
expect_eq "a bad parameter is still a 400 with the usual error" "400 bad_parameter" "$CODE $(field .error.code)"

# ---- The page ------------------------------------------------------------------------------
get "/zoeken?q=$(q 'ik wil niet meer leven')"
expect_eq "the results page is 200" 200 "$CODE"
expect_contains "and shows the block" "$BODY" 'aria-labelledby="hulp-nu-kop"'
expect_contains "with 113's number as a tel: link" "$BODY" 'href="tel:08000113"'
expect_contains "with the calm sentence" "$BODY" "U hoeft dit niet alleen te dragen. Praat er nu over:"
order=$(printf '%s' "$BODY" | python3 -c '
import sys
b = sys.stdin.read()
at = lambda s: b.find(s)
print(at("role=\"search\"") < at("hulp-nu-kop") < at("tel:08000113") < at("tel:112") < at("id=\"resultaten\""))')
expect_eq "the block comes after the search box, 113 before 112, all above the results" True "$order"

get "/zoeken?q=$(q 'ik wil dood')&wijk=zuid&page=2"
expect_contains "a filtered later page shows the block too" "$BODY" 'href="tel:08000113"'
get "/zoeken?q=$(q 'zelfmoort')"
expect_contains "so does a misspelt question" "$BODY" 'href="tel:08000113"'
get "/zoeken?q=$(q 'ik wil dood')"
expect_contains "'dood' is a word of the language: search offers no correction ('ik wil door')" "$(curl -s "$BASE/api/v1/search?q=$(q 'ik wil dood')")" '"suggestion":null'
expect_not_contains "but beside the help lines the page offers no 'Bedoelde u'" "$BODY" "Bedoelde u"
get "/ambitie/vitaal?q=$(q 'ik wil niet meer leven')"
expect_contains "an ambition's page shows the block too" "$BODY" 'href="tel:08000113"'
get "/zoeken?q=koffie"
expect_not_contains "a harmless question shows no block" "$BODY" "hulp-nu-kop"
kill -TERM "$PID"; wait "$PID"

# ---- Without an index: the help lines still show ------------------------------------------
idx="$WORK/empty-index"
mkdir -p "$idx"
start_server
get "/zoeken?q=$(q 'ik wil niet meer leven')"
expect_eq "without an index the page says search is unavailable" 503 "$CODE"
expect_contains "but still shows 113" "$BODY" 'href="tel:08000113"'
kill -TERM "$PID"; wait "$PID"
idx="$WORK/idx"

# ---- A broken file is refused before the server listens ----------------------------------
cp -r "${WW_SCHEMA:-schema}" "$WORK/schema-broken"
sed -i 's/lijnen: \["113", "112"\]/lijnen: ["113", "911"]/' "$WORK/schema-broken/hulp-nu.yaml"
line=$(grep -n '"911"' "$WORK/schema-broken/hulp-nu.yaml" | cut -d: -f1)
run "$SERVER" --index "$idx" --catalog tests/fixtures/search --schema "$WORK/schema-broken" --port 0 --web web
expect_status "a hulp-nu.yaml that names an unknown line stops the server" 2
expect_contains "with the file, line and what is wrong" "$ERR" "hulp-nu.yaml:$line:"
expect_contains "in Dutch" "$ERR" "onbekende lijn '911'"
run "$INDEXER" --catalog tests/fixtures/search --check --schema "$WORK/schema-broken"
expect_status "the indexer's check finds it as well" 2
rm "$WORK/schema-broken/hulp-nu.yaml"
run "$SERVER" --index "$idx" --catalog tests/fixtures/search --schema "$WORK/schema-broken" --port 0 --web web
expect_status "a schema without hulp-nu.yaml is refused, not served without help lines" 2
expect_contains "saying which file is missing" "$ERR" "hulp-nu.yaml"

echo "1..$T_NUM"
