#!/usr/bin/env bash
# Insight for the gemeente (/inzicht, /api/v1/inzicht): on a small catalog whose figures are known
# by construction, every figure of coverage, ambitions, beschermd thuis and actualiteit through
# the API and the CSV, the cells equal to the searches they link to, the history of counts per
# month kept through a full rebuild, and who may see actualiteit (the editor all, a partner its
# own row, nobody else) -- over real HTTP.
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"

# ---- The catalog ---------------------------------------------------------------------------
# Today is 2026-12-01 (WW_NOW): within 6 months is from 2026-06-01, within 12 from 2025-12-01.
cat_dir="$WORK/cat" idx="$WORK/idx" partners="$WORK/partners.txt"
mkdir -p "$cat_dir/aanbod" "$cat_dir/organisaties"
printf 'id: org-a\nnaam: Aanbieder A\nemail: a@example.org\n' >"$cat_dir/organisaties/org-a.yaml"
printf 'id: org-b\nnaam: Bureau B\nemail: b@example.org\n' >"$cat_dir/organisaties/org-b.yaml"
printf 'id: org-c\nnaam: Centrum C\n' >"$cat_dir/organisaties/org-c.yaml"
entry() { # ID ORG WIJKEN DOELGROEPEN TOEGANG KOSTEN CHECKED [extra lines]
  { printf 'id: %s\nsoort: activiteit\ntitel: Activiteit %s\nsamenvatting: Samen iets doen.\n' "$1" "$1"
    printf 'organisatie: %s\nwijken: [%s]\ndoelgroepen: [%s]\ntoegang: %s\n' "$2" "$3" "$4" "$5"
    printf 'kosten:\n  soort: %s\nlaatst_gecontroleerd: %s\n' "$6" "$7"
    printf '%s\n' "${@:8}"; } >"$cat_dir/aanbod/$1.yaml"
}
entry act-a1 org-a zuid jongeren vrij gratis 2026-11-01 'ambities: [vitaal]'
entry act-a2 org-a 'zuid, noord' ouderen verwijzing betaald 2026-03-01 'ambities: [sociaal]'
# No ambities: inferred (vitaal) from a text about sport and bewegen. Ids have at least three
# characters, as file names must.
entry act-a3 org-a heel-zwolle iedereen aanmelden gratis 2024-06-01 \
  'beschrijving: Sporten, bewegen en fit blijven in de sportzaal, voor een gezond leven. Wandelen, fietsen, gymnastiek en yoga voor uw gezondheid.'
entry act-b1 org-b noord jongeren vrij eigen-bijdrage 2025-10-01 'ambities: [vitaal, kansen]'
sed -i 's/^titel: .*/titel: "=HYPERLINK(1) Sportclub"/' "$cat_dir/aanbod/act-b1.yaml"
entry act-b2 org-b west ouderen vrij gratis 2026-10-01 'ambities: [sociaal]' 'geldig_tot: 2026-06-30'
house() { # ID WIJKEN WOONVORM KOSTEN [wonen lines]
  { printf 'id: %s\nsoort: beschermd-thuis\ntitel: Wonen %s\nsamenvatting: Een eigen plek met begeleiding.\n' "$1" "$1"
    printf 'organisatie: org-c\nwijken: [%s]\ndoelgroepen: [psychisch-kwetsbaar]\ntoegang: indicatie\n' "$2"
    printf 'kosten:\n  soort: %s\nlaatst_gecontroleerd: 2026-11-15\nambities: [kansen]\n' "$4"
    printf 'wonen:\n  woonvorm: %s\n  begeleiding: ambulant\n' "$3"
    printf '  %s\n' "${@:5}"; } >"$cat_dir/aanbod/$1.yaml"
}
house huis-h1 zuid zelfstandig eigen-bijdrage 'plaatsen: 4' 'wachttijd_weken: 10'
house huis-h2 zuid zelfstandig eigen-bijdrage 'plaatsen: 6' 'wachttijd_weken: 20'
house huis-h3 'zuid, oost' geclusterd gratis 'wachttijd_weken: 3'
printf 'id: kapot\nsoort: activiteit\norganisatie: org-b\nwijken: [zuid]\n' >"$cat_dir/aanbod/kapot.yaml"

WW_NOW=2026-12-01T10:00 run "$INDEXER" --catalog "$cat_dir" --index "$idx"
expect_status "the catalog is indexed, one file rejected" 1
expect_eq "the index keeps this month's counts per ambition, beside the generations" \
  "maand;ambitie;aantal 2026-12;sociaal;1 2026-12;vitaal;3 2026-12;kansen;4" \
  "$(tr '\n' ' ' <"$idx/inzicht-historie.csv" | sed 's/ $//')"

tok_g=$("$SERVER" token gemeente --partners "$partners" 2>/dev/null)
tok_a=$("$SERVER" token org-a --partners "$partners" 2>/dev/null)
WW_NOW=2026-12-01T10:00 serve --index "$idx" --catalog "$cat_dir" --web web --partners "$partners"
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

check() { # NAME PYTHON: a checker that prints "ok <what>" or what went wrong
  local name="$1" out
  out=$(BASE="$BASE" TOK_G="$tok_g" TOK_A="$tok_a" python3 -c "$PY_LIB$2" 2>&1)
  if [ "${out%% *}" = ok ]; then ok "$name (${out#ok })"; else
    local lines; mapfile -t lines <<<"$out"; not_ok "$name" "${lines[@]}"
  fi
}
PY_LIB='
import csv, io, json, os, urllib.request, urllib.parse, urllib.error
BASE = os.environ["BASE"]
def get(path, token=None, cookie=None):
    req = urllib.request.Request(BASE + path)
    if token: req.add_header("Authorization", "Bearer " + token)
    if cookie: req.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
def api(path, token=None):
    st, h, body = get(path, token)
    return st, json.loads(body)
def rows(answer, key):
    return {r["id"]: r[key] for r in answer["rijen"]}
def table(path):
    st, h, body = get(path)
    assert st == 200 and h["Content-Type"].startswith("text/csv"), (st, h["Content-Type"])
    assert body.startswith(b"\xef\xbb\xbf"), "a BOM first"
    return list(csv.reader(io.StringIO(body[3:].decode()), delimiter=";"))
'

check "the inferred ambition of act-a3 is vitaal (a precondition of the figures below)" '
st, e = api("/api/v1/entries/act-a3")
print("ok", e["ambities"]) if e["ambities"] == ["vitaal"] and e["ambities_afgeleid"] else print(e["ambities"])
'

check "coverage by ambition: offered per wijk (heel-zwolle its own row) and available (it counts everywhere)" '
st, d = api("/api/v1/inzicht/dekking?dimensie=ambitie")
assert [c["id"] for c in d["kolommen"]] == ["sociaal", "vitaal", "kansen"], d["kolommen"]
want_offered = {"centrum": [0,0,0], "noord": [1,1,1], "oost": [0,0,1], "zuid": [1,1,3], "west": [0,0,0],
                "stadshagen": [0,0,0], "buitengebied": [0,0,0], "heel-zwolle": [0,1,0]}
want_available = {"centrum": [0,1,0], "noord": [1,2,1], "oost": [0,1,1], "zuid": [1,2,3], "west": [0,1,0],
                  "stadshagen": [0,1,0], "buitengebied": [0,1,0], "heel-zwolle": [0,1,0]}
got_o, got_a = rows(d, "aangeboden"), rows(d, "beschikbaar")
totals = rows(d, "beschikbaar_totaal")
ok = got_o == want_offered and got_a == want_available and totals["zuid"] == 6 and rows(d, "aangeboden_totaal")["zuid"] == 5
print("ok") if st == 200 and ok else print(got_o, got_a, totals)
'

check "every available cell is what the search it links to finds" '
bad, n = [], 0
for dim in ("ambitie", "doelgroep", "leefgebied"):
    st, d = api(f"/api/v1/inzicht/dekking?dimensie={dim}&voorliggend=1")
    for row in d["rijen"]:
        for c, count in enumerate(row["beschikbaar"]):
            n += 1
            url = row["zoeken"][c]
            st, s = api("/api/v1" + url.replace("/zoeken", "/search", 1) + "&per_page=1")
            if s["total"] != count:
                rid, cid, found = row["id"], d["kolommen"][c]["id"], s["total"]
                bad.append(f"{dim} {rid} {cid}: {count} beside {found} ({url})")
print("ok", n, "cells") if not bad and n > 150 else print("\n".join(bad[:10]))
'

check "narrowing: gratis, voorliggend, soort, ambitie; thin and white spots by the threshold" '
z = lambda q: [r for r in api("/api/v1/inzicht/dekking?" + q)[1]["rijen"] if r["id"] == "zuid"][0]
free, open_, houses = z("gratis=1"), z("voorliggend=1"), z("soort=beschermd-thuis")
st, d = api("/api/v1/inzicht/dekking?dimensie=doelgroep&ambitie=vitaal&weergave=aangeboden")
centrum = [r for r in d["rijen"] if r["id"] == "centrum"][0]
st, t = api("/api/v1/inzicht/dekking?drempel=3")
zuid = [r for r in t["rijen"] if r["id"] == "zuid"][0]
ok = (free["beschikbaar"] == [0, 2, 1] and open_["beschikbaar"] == [0, 2, 0] and houses["aangeboden"] == [0, 0, 3]
      and set(centrum["aangeboden_status"]) == {"witte-vlek"} and d["filters"]["ambitie"] == "vitaal"
      and zuid["beschikbaar_status"] == ["dun", "dun", "genoeg"] and t["drempel"] == 3)
print("ok") if ok else print(free["beschikbaar"], open_["beschikbaar"], houses["aangeboden"], centrum["aangeboden_status"], zuid["beschikbaar_status"])
'

check "ambitions: entries, organisations, wijken, voorliggend, gratis, explicit and inferred" '
st, d = api("/api/v1/inzicht/ambities")
got = {a["id"]: [a[k] for k in ("aanbod", "organisaties", "wijken", "wijken_van", "voorliggend", "gratis", "expliciet", "afgeleid")] for a in d["ambities"]}
want = {"sociaal": [1, 1, 2, 7, 0, 0, 1, 0], "vitaal": [3, 2, 7, 7, 3, 2, 2, 1], "kansen": [4, 2, 3, 7, 1, 1, 4, 0]}
vit = [a for a in d["ambities"] if a["id"] == "vitaal"][0]
ok = got == want and abs(vit["aandeel_gratis"] - 2/3) < 1e-9 and d["trend"]["maanden"] == ["2026-12"]
print("ok") if ok else print(got, d["trend"])
'

check "beschermd thuis per woonvorm and wijk: options, places, median and longest wait" '
st, d = api("/api/v1/inzicht/beschermd-thuis")
g = {(x["woonvorm"], x["wijk"]): [x[k] for k in ("opties", "plaatsen", "plaatsen_onbekend", "wachttijd_mediaan", "wachttijd_langst")] for x in d["groepen"]}
want = {("zelfstandig", "zuid"): [2, 10, 0, 15, 20], ("geclusterd", "zuid"): [1, 0, 1, 3, 3], ("geclusterd", "oost"): [1, 0, 1, 3, 3]}
w = {x["id"]: [x["opties"], x["plaatsen"], x["wachttijd_mediaan"], x["wachttijd_langst"]] for x in d["wijken"]}
f = {x["id"]: [x["opties"], x["plaatsen"]] for x in d["woonvormen"]}
listed = sorted(o["id"] for x in d["groepen"] if x["wijk"] == "zuid" for o in x["aanbod"])
ok = g == want and w["zuid"] == [3, 10, 10, 20] and w["centrum"] == [0, 0, None, None] and f == {"zelfstandig": [2, 10], "geclusterd": [1, 0], "community": [0, 0]} and listed == ["huis-h1", "huis-h2", "huis-h3"]
print("ok") if ok else print(g, w, f, listed)
'

check "actualiteit: the editor sees every organisation with its figures and overdue entries" '
from datetime import date
st, d = api("/api/v1/inzicht/actualiteit", os.environ["TOK_G"])
got = {o["id"]: [o[k] for k in ("naam", "email", "aanbod", "binnen_6_maanden", "binnen_12_maanden", "oudste_controle", "verlopen", "afgekeurd")] + [[e["id"] for e in o["achterstallig"]]] for o in d["organisaties"]}
want = {"org-a": ["Aanbieder A", "a@example.org", 3, 1, 2, "2024-06-01", 0, 0, ["act-a3"]],
        "org-b": ["Bureau B", "b@example.org", 2, 1, 1, "2025-10-01", 1, 1, ["act-b1"]],
        "org-c": ["Centrum C", None, 3, 3, 3, "2026-11-15", 0, 0, []]}
a3 = d["organisaties"][0]["achterstallig"][0]
ok = st == 200 and got == want and [o["id"] for o in d["organisaties"]] == ["org-a", "org-b", "org-c"] and a3["dagen"] == (date(2026, 12, 1) - date(2024, 6, 1)).days and a3["wijzig_url"] == "/partner/aanbod/act-a3"
print("ok") if ok else print(st, got)
'

check "actualiteit: a partner sees its own row only; no token or a wrong one is refused" '
st, d = api("/api/v1/inzicht/actualiteit", os.environ["TOK_A"])
st2, _ = api("/api/v1/inzicht/actualiteit")
st3, _ = api("/api/v1/inzicht/actualiteit", os.environ["TOK_A"][:-2] + "xx")
ok = st == 200 and [o["id"] for o in d["organisaties"]] == ["org-a"] and st2 == 401 and st3 == 401
print("ok") if ok else print(st, d, st2, st3)
'

check "CSV: BOM, semicolons, Dutch decimals, a formula in a title made harmless, the reminder list" '
cov = table("/inzicht/dekking?formaat=csv&dimensie=ambitie")
amb = table("/inzicht/ambities?formaat=csv")
hou = table("/inzicht/beschermd-thuis?formaat=csv")
zuid = [r for r in cov if r[0] == "Zuid"][0]
st, h, body = get("/inzicht/dekking?formaat=csv")
ok = (cov[0][:4] == ["Wijk", "Sociale contacten en zinvolle daginvulling", "Vitaal en gezond", "Gelijke kansen op een zelfredzaam leven"]
      and zuid == ["Zuid", "1", "2", "3", "6"] and not any(r[0] == "Heel Zwolle" for r in cov)
      and amb[2][:2] == ["Vitaal en gezond", "3"] and ["Zelfstandig wonen", "Zuid", "2", "10", "0", "15", "20"] in hou
      and "attachment" in h["Content-Disposition"])
print("ok", len(cov), "rows") if ok else print(cov, amb, hou)
'

# The pages: actualiteit behind a session, the others public.
page() { CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' --max-time 10 "$@"); BODY=$(cat "$WORK/body"); }
page "$BASE/inzicht/actualiteit?formaat=csv"
expect_eq "/inzicht/actualiteit leads to the partners' pages, where the sign-in cookie goes" 303 "$CODE"
location=$(curl -s -o /dev/null -D - --max-time 10 "$BASE/inzicht/actualiteit?formaat=csv" | sed -n 's/^Location: *//Ip' | tr -d '\r')
expect_eq "... keeping what was asked" "/partner/actualiteit?formaat=csv" "$location"
page "$BASE/partner/actualiteit"
expect_eq "actualiteit without a session: 403, a page that says how to sign in" 403 "$CODE"
expect_contains "... with a link to the sign-in" "$BODY" 'href="/partner"'
jar="$WORK/jar"
curl -s -o /dev/null -c "$jar" -H 'Sec-Fetch-Site: same-origin' --data-urlencode "token=$tok_g" "$BASE/partner/inloggen"
page -b "$jar" "$BASE/partner/actualiteit"
expect_eq "the editor signed in sees actualiteit" 200 "$CODE"
expect_contains "... every organisation" "$BODY" "Centrum C"
page -b "$jar" "$BASE/partner/actualiteit?formaat=csv&tabel=herinnering"
expect_contains "the reminder CSV: organisation, e-mail, a harmless formula title, the edit link" "$BODY" \
  "Bureau B;b@example.org;\"'=HYPERLINK(1) Sportclub\";2025-10-01;426;http"
pjar="$WORK/pjar"
curl -s -o /dev/null -c "$pjar" -H 'Sec-Fetch-Site: same-origin' --data-urlencode "token=$tok_a" "$BASE/partner/inloggen"
page -b "$pjar" "$BASE/partner/actualiteit"
expect_not_contains "a partner signed in sees no other organisation" "$BODY" "Centrum C"
expect_contains "... but its own" "$BODY" "Aanbieder A"
for p in /inzicht /inzicht/dekking "/inzicht/dekking?dimensie=leefgebied&weergave=aangeboden" /inzicht/ambities /inzicht/beschermd-thuis; do
  page "$BASE$p"
  expect_eq "$p is a public page" 200 "$CODE"
done
page "$BASE/inzicht/dekking?dimensie=wijk"
expect_eq "a dimension that does not exist: 400" 400 "$CODE"
page "$BASE/api/v1/inzicht/dekking?drempel=0"
expect_contains "a threshold out of range: 400 in plain Dutch" "$BODY" "drempel"
page "$BASE/api/v1/inzicht/ambities?wat=1"
expect_contains "an unknown parameter: 400" "$BODY" "onbekende parameter"
kill $PID 2>/dev/null; wait $PID 2>/dev/null

# ---- The history survives a full rebuild, and a new month gets its own line --------------------
entry act-a4 org-a centrum volwassenen vrij gratis 2026-12-20 'ambities: [sociaal]'
WW_NOW=2027-01-05T09:00 "$INDEXER" --catalog "$cat_dir" --index "$idx" --full --quiet 2>/dev/null
expect_eq "after a full rebuild in January both months are there" \
  "2026-12;sociaal;1 2026-12;vitaal;3 2026-12;kansen;4 2027-01;sociaal;2 2027-01;vitaal;3 2027-01;kansen;4" \
  "$(tail -n +2 "$idx/inzicht-historie.csv" | tr '\n' ' ' | sed 's/ $//')"
