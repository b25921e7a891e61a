#!/usr/bin/env bash
# Filters mean what they say, on the sample catalog (catalog/) over real HTTP: the count beside
# every filter value is what choosing it gives (in the API and on the page), offers for
# everyone and for the whole city count wherever they are found, houses can be filtered by
# woonvorm and begeleiding and sorted by waiting time, and a results page names its question,
# shows on each card when, what it costs and how to join, and says so when a page is past the
# last one.
. "$(dirname "$0")/lib.bash"

idx="$WORK/idx"
"$INDEXER" --catalog catalog --index "$idx" --quiet
# A Tuesday morning, so that "when" on a card does not depend on the day the suite runs.
WW_NOW=2026-12-01T10:00 serve --index "$idx" --catalog catalog --web web
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

# check NAME PYTHON: runs a checker that prints "ok <what it counted>" or what went wrong.
check() {
  local name="$1" out
  out=$(BASE="$BASE" python3 -c "$2" 2>&1)
  if [ "${out%% *}" = ok ]; then ok "$name (${out#ok })"; else
    local lines; mapfile -t lines <<<"$out"; not_ok "$name" "${lines[@]}"
  fi
}

PY_LIB='
import json, os, re, urllib.request, urllib.parse, html
BASE = os.environ["BASE"]
def fetch(path, params):
    url = BASE + path + "?" + urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(url) as r:
        return r.read().decode()
def api(params):
    return json.loads(fetch("/api/v1/search", params + [("per_page", "1")]))
'

# ---- The API: every facet value, in several questions ------------------------------------
check "API: each facet count is the total that choosing the value gives, for every value" "$PY_LIB
bad, n = [], 0
contexts = [[], [(\"q\", \"koffie\")], [(\"wijk\", \"zuid\")], [(\"q\", \"hulp\"), (\"doelgroep\", \"ouderen\")],
            [(\"soort\", \"beschermd-thuis\")], [(\"wijk\", \"zuid\"), (\"doelgroep\", \"psychisch-kwetsbaar\"), (\"gratis\", \"1\")]]
for ctx in contexts:
    facets = api(ctx)[\"facets\"]
    for param, counts in facets.items():
        for value, count in counts.items():
            n += 1
            got = api(ctx + [(param, value)])[\"total\"]
            if got != count:
                bad.append(f\"{ctx} {param}={value}: beside it {count}, choosing it gives {got}\")
print(\"ok\", n, \"values\") if n > 150 and not bad else print(\"\n\".join(bad) or f\"only {n} values\")
"

check "API: a chosen value's own count is the number of results" "$PY_LIB
d = api([(\"wijk\", \"zuid\")])
print(\"ok\", d[\"total\"]) if d[\"facets\"][\"wijk\"][\"zuid\"] == d[\"total\"] else print(d[\"facets\"][\"wijk\"], d[\"total\"])
"

check "API: offers for everyone are found by every doelgroep (and the whole city by every wijk)" "$PY_LIB
everyone = api([(\"doelgroep\", \"iedereen\"), (\"wijk\", \"zuid\")])
d = json.loads(fetch(\"/api/v1/search\", [(\"doelgroep\", \"psychisch-kwetsbaar\"), (\"wijk\", \"zuid\"), (\"per_page\", \"100\")]))
ids = {r[\"id\"] for r in d[\"results\"]}
koffie = [r[\"id\"] for r in d[\"results\"] if \"koffie\" in r[\"titel\"].lower() and \"iedereen\" in r[\"doelgroepen\"]]
city = [r for r in d[\"results\"] if r[\"wijken\"] == [\"heel-zwolle\"]]
print(\"ok\", len(koffie), \"koffieochtenden,\", len(city), \"for the whole city\") if everyone[\"total\"] > 0 and len(koffie) >= 2 and city else print(d[\"total\"], koffie, len(city))
"

# ---- The page: the number beside each box is what ticking it gives ------------------------
check "page: the number beside every box is the number of results after ticking it" "$PY_LIB
def boxes(page):
    return re.findall(r'name=\"([a-z]+)\" value=\"([a-z0-9-]+)\"(?: checked)?>\s*<label[^>]*>[^<]*\((\d+)\)</label>', page)
def total(page):
    m = re.search(r'ww-count\" role=\"status\">(\d+) resultat', page) or re.search(r'ww-count\" role=\"status\">(1) resultaat', page)
    return int(m.group(1)) if m else 0
bad, n = [], 0
for ctx in [[(\"q\", \"\")], [(\"q\", \"koffie\")], [(\"q\", \"\"), (\"wijk\", \"zuid\")]]:
    page = fetch(\"/zoeken\", ctx)
    for param, value, count in boxes(page):
        n += 1
        got = total(fetch(\"/zoeken\", ctx + [(param, value)]))
        if got != int(count):
            bad.append(f\"{ctx} {param}={value}: says {count}, gives {got}\")
print(\"ok\", n, \"boxes\") if n > 60 and not bad else print(\"\n\".join(bad) or f\"only {n} boxes\")
"

# ---- Houses: woonvorm, begeleiding, waiting time -----------------------------------------
check "woonvorm and begeleiding filter houses, and are facets" "$PY_LIB
d = json.loads(fetch(\"/api/v1/search\", [(\"woonvorm\", \"geclusterd\"), (\"begeleiding\", \"24-uur-aanwezig\"), (\"per_page\", \"100\")]))
good = all(r[\"wonen\"][\"woonvorm\"] == \"geclusterd\" and r[\"wonen\"][\"begeleiding\"] == \"24-uur-aanwezig\" for r in d[\"results\"])
print(\"ok\", d[\"total\"]) if d[\"total\"] > 0 and good and \"woonvorm\" in d[\"facets\"] else print(d[\"total\"], good, list(d[\"facets\"]))
"

check "sort=wachttijd: shortest waiting time first, houses without one last" "$PY_LIB
d = json.loads(fetch(\"/api/v1/search\", [(\"soort\", \"beschermd-thuis\"), (\"sort\", \"wachttijd\"), (\"per_page\", \"100\")]))
w = [r[\"wonen\"].get(\"wachttijd_weken\") for r in d[\"results\"]]
known = [x for x in w if x is not None]
ordered = known == sorted(known) and w[:len(known)] == known and len(set(known)) > 3
print(\"ok\", len(w), \"houses\") if ordered else print(w)
"

check "sort=wachttijd with a question keeps to the question" "$PY_LIB
a = api([(\"q\", \"begeleiding\")])[\"total\"]
b = api([(\"q\", \"begeleiding\"), (\"sort\", \"wachttijd\")])[\"total\"]
print(\"ok\", a) if a == b and a > 0 else print(a, b)
"

CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' "$BASE/api/v1/search?sort=snelst")
expect_eq "an unknown sort is a 400" 400 "$CODE"
expect_contains "that names the allowed orders" "$(cat "$WORK/body")" "kies uit: relevantie, wachttijd"
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' "$BASE/zoeken?sort=snelst")
expect_eq "on the page too" 400 "$CODE"

page=$(curl -s "$BASE/zoeken?q=&soort=beschermd-thuis")
expect_contains "with houses among the results the page offers the order by waiting time" "$page" 'value="wachttijd"'
expect_contains "a house's card shows its waiting time" "$page" '<dt>Wachttijd</dt><dd>ongeveer'
expect_contains "and its woonvorm" "$page" '<dt>Wonen</dt>'
expect_not_contains "and no 'when': a house has no opening hours" "$page" '<dt>Wanneer</dt>'
page=$(curl -s "$BASE/zoeken?q=koffie&soort=activiteit")
expect_not_contains "without houses there is no choice of order" "$page" 'value="wachttijd"'
page=$(curl -s "$BASE/zoeken?q=koffie")

# ---- Cards, titles, headings -------------------------------------------------------------
expect_contains "a card shows the next time it is on" "$page" '<dt>Wanneer</dt><dd>'
expect_contains "its cost" "$page" '<dt>Kosten</dt><dd>Gratis</dd>'
expect_contains "and how to join" "$page" '<dt>Meedoen</dt><dd>Vrij binnenlopen</dd>'
expect_contains "an amount is written as Dutch writes it" "$(curl -s "$BASE/zoeken?q=&soort=activiteit&per_page=100&page=1")$(curl -s "$BASE/zoeken?q=&soort=cursus")" '<dt>Kosten</dt><dd>€ '
page=$(curl -s "$BASE/zoeken?q=koffie&wijk=zuid&doelgroep=ouderen")
expect_contains "the page's title names the question" "$page" '<title>Resultaten voor ‘koffie’ in Zuid voor ouderen - '
expect_contains "and so does its heading" "$page" '>Resultaten voor ‘koffie’ in Zuid voor ouderen</h1>'
page2=$(curl -s "$BASE/ambitie/sociaal?q=koffie&wijk=zuid")
expect_contains "an ambition's page names the ambition and the question" "$page2" '<title>Sociale contacten en zinvolle daginvulling: Resultaten voor ‘koffie’ in Zuid - '
expect_contains "the filters wait behind 'Filters (n)', n the filters chosen" "$page" '>Filters (2)</summary>'
expect_contains "filter headings in plain words: 'Waar wilt u aan werken?'" "$page" '>Waar wilt u aan werken?</legend>'
expect_contains "and 'Onderwerp'" "$page" '>Onderwerp</legend>'
expect_not_contains "not the policy word 'Ambitie'" "$page" '>Ambitie</legend>'
expect_not_contains "nor 'Leefgebied'" "$page" '>Leefgebied</legend>'
expect_contains "a result links to its entry with the way back to these results" "$page" '?terug=%2Fzoeken%3Fq%3Dkoffie%26wijk%3Dzuid%26doelgroep%3Douderen'
expect_contains "adding to the list comes back to the same card" "$page" '#aanbod-'

check "every internal link of the home and results pages carries the shortlist" "$PY_LIB
bad, n = [], 0
for path, params in [(\"/\", [(\"lijst\", \"koffie-zuid\")]), (\"/zoeken\", [(\"q\", \"kofie\"), (\"lijst\", \"koffie-zuid\")]),
                     (\"/ambitie/sociaal\", [(\"lijst\", \"koffie-zuid\")])]:
    for href in re.findall(r'href=\"(/[^\"]*)\"', fetch(path, params)):
        href = html.unescape(href)
        if href.startswith(\"/static/\"):
            continue
        n += 1
        if \"lijst=koffie-zuid\" not in href and \"id=koffie-zuid\" not in href:
            bad.append(f\"{path}: {href}\")
print(\"ok\", n, \"links\") if n > 30 and not bad else print(\"\\n\".join(bad) or f\"only {n} links\")
"

# ---- The site speaks to the reader as "u" ---------------------------------------------
je=$(grep -rniwE 'je|jij|jou|jouw|jezelf' web/templates schema/vocabulaires.yaml | grep -v '{{!' || true)
expect_eq "no 'je' in the site's own words (templates, labels)" "" "$je"

# ---- Past the last page ------------------------------------------------------------------
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' "$BASE/zoeken?q=koffie&page=40")
page=$(cat "$WORK/body")
expect_eq "a page past the last one is still a page" 200 "$CODE"
expect_contains "that says plainly how many pages there are" "$page" 'Pagina 40 bestaat niet: er zijn'
expect_contains "and links to the last one" "$page" '>Naar de laatste pagina</a>'
expect_not_contains "and does not claim that nothing was found" "$page" 'Er is niets gevonden'

# ---- Few or no results: the wijkteam ------------------------------------------------------
page=$(curl -s "$BASE/zoeken?q=xqzwvbnm")
expect_contains "no results offer the wijkteam's number" "$page" 'ww-wijkteam-hulp'
expect_contains "as a link to call" "$page" 'href="tel:'

echo "1..$T_NUM"
