#!/usr/bin/env bash
# The region (issue 18): three gemeenten, each with its own index -- one a folder on this host,
# two served by xapian-tcpsrv on loopback as another host would -- searched as one by
# `wegwijzer-server --regio`. The answers equal those of one index of all three catalogs (the same
# ids in the same order, the same totals and facets), each result says its gemeente, the gemeente
# filter and facet agree, and a gemeente whose index goes away is left out -- said in the answer,
# on the page and in /healthz -- and is back without a restart.
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"
SCHEMA=${WW_SCHEMA:-schema}

# The sample catalog dealt over three gemeenten; every gemeente has every organisation.
for g in zwolle kampen dalfsen; do
  mkdir -p "$WORK/$g/aanbod" && cp -r catalog/organisaties "$WORK/$g/"
done
i=0
for f in catalog/aanbod/*.yaml; do
  g=(zwolle kampen dalfsen); cp "$f" "$WORK/${g[$((i % 3))]}/aanbod/"; i=$((i + 1))
done
for g in zwolle kampen dalfsen; do
  "$INDEXER" --catalog "$WORK/$g" --index "$WORK/$g-index" --schema "$SCHEMA" --quiet 2>/dev/null
done
"$INDEXER" --catalog catalog --index "$WORK/all-index" --schema "$SCHEMA" --quiet 2>/dev/null

port_k=$(free_port) port_d=$(free_port)
tcpsrv "$WORK/kampen-index/current" "$port_k"; pid_k=$TCP_PID
tcpsrv "$WORK/dalfsen-index/current" "$port_d"; pid_d=$TCP_PID
cat >"$WORK/regio.yaml" <<EOF
naam: Regio test
wachttijd_ms: 1000
gemeenten:
  - id: zwolle
    naam: Zwolle
    index: zwolle-index
  - id: kampen
    naam: Kampen
    index: tcp://127.0.0.1:$port_k
  - id: dalfsen
    naam: Dalfsen
    index: tcp://127.0.0.1:$port_d
EOF
serve_as region --regio "$WORK/regio.yaml" --schema "$SCHEMA" --web web
region=$BASE region_pid=$PID
serve_as merged --index "$WORK/all-index" --catalog catalog --schema "$SCHEMA"
merged=$BASE merged_pid=$PID
trap 'kill $region_pid $merged_pid $pid_k $pid_d 2>/dev/null; rm -rf "$WORK"' EXIT

export REGION=$region MERGED=$merged
PY_LIB='
REGION, MERGED = os.environ["REGION"], os.environ["MERGED"]
QUESTIONS = ["koffie", "taal", "schulden", "eenzaam", "zwemmen", "hulp bij geld", "mantelzorg", ""]
'

py_check "a region over a local index and two remote ones answers as one index of all: same ids, same order" '
bad = []
for q in QUESTIONS:
    a, b = search(REGION, q), search(MERGED, q)
    if [r["id"] for r in a["results"]] != [r["id"] for r in b["results"]] or a["total"] != b["total"]:
        bad.append(q)
print(f"ok {len(QUESTIONS)} questions") if not bad else print("differ:", bad)'

py_check "... with the same facets" '
bad = [q for q in QUESTIONS if {k: v for k, v in search(REGION, q)["facets"].items() if k != "gemeente"} != search(MERGED, q)["facets"]]
print("ok") if not bad else print("differ:", bad)'

py_check "each result says its gemeente; the gemeente facet adds up to the total" '
d = search(REGION, "koffie")
names = {r["gemeente"]["id"]: r["gemeente"]["naam"] for r in d["results"]}
ok = names == {"zwolle": "Zwolle", "kampen": "Kampen", "dalfsen": "Dalfsen"} and sum(d["facets"]["gemeente"].values()) == d["total"] and d["onvolledig"] == []
print("ok", d["facets"]["gemeente"]) if ok else print(names, d["facets"].get("gemeente"), d["total"])'

py_check "gemeente=kampen gives the entries of Kampen alone, as many as its facet said" '
d = search(REGION, "koffie")
k = search(REGION, "koffie", "&gemeente=kampen")
ok = {r["gemeente"]["id"] for r in k["results"]} == {"kampen"} and k["total"] == d["facets"]["gemeente"]["kampen"]
two = search(REGION, "koffie", "&gemeente=kampen&gemeente=dalfsen")
ok = ok and two["total"] == d["facets"]["gemeente"]["kampen"] + d["facets"]["gemeente"]["dalfsen"]
print("ok", k["total"]) if ok else print(k["total"], d["facets"]["gemeente"], two["total"])'

BASE=$region get "/zoeken?q=koffie&gemeente=kampen"
expect_contains "the site filters by gemeente: the filter shows each gemeente with its count" "$BODY" \
  'value="kampen" checked>'
expect_contains "... and what choosing another would give" "$BODY" '>Dalfsen ('
expect_eq "... and only Kampen's results are shown" "Kampen" \
  "$(printf '%s' "$BODY" | grep -o '<dt>Gemeente</dt><dd>[^<]*' | sed 's/.*<dd>//' | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_contains "... and the chosen gemeente is a chip to take away" "$BODY" "Verwijder filter: Kampen"
BASE=$region get "/api/v1/search?q=koffie&gemeente=nergens"
expect_eq "an unknown gemeente is a 400" 400 "$CODE"
expect_contains "... that names the region's gemeenten" "$BODY" "zwolle, kampen, dalfsen"
BASE=$region get "/healthz"
expect_eq "/healthz of a region names every gemeente as ok" \
  '[{"id": "zwolle", "status": "ok"}, {"id": "kampen", "status": "ok"}, {"id": "dalfsen", "status": "ok"}]' \
  "$(field .gemeenten)"

# ---- A gemeente away, and back ------------------------------------------------------------
kill "$pid_k"; wait "$pid_k" 2>/dev/null
py_check "with the index of Kampen away the region still answers, without Kampen, and says so" '
d, all = search(REGION, "koffie"), search(MERGED, "koffie")
kampen = search(MERGED, "koffie")["total"] - d["total"]
ok = d["onvolledig"] == ["kampen"] and "kampen" not in d["facets"]["gemeente"] and 0 < d["total"] < all["total"]
print("ok", d["total"], "of", all["total"]) if ok else print(d["onvolledig"], d["total"], all["total"], d["facets"]["gemeente"])'
BASE=$region get "/healthz"
expect_eq "... /healthz says the region is incomplete (and still 200: it answers)" "200 onvolledig" "$CODE $(field .status)"
expect_contains "... and which gemeente is away" "$(field .gemeenten)" '{"id": "kampen", "status": "onbereikbaar"}'
BASE=$region get "/zoeken?q=koffie"
expect_contains "... the site says so in one plain line" "$BODY" \
  "De resultaten van Kampen ontbreken nu: die gemeente is even niet bereikbaar."
expect_contains "... and names each result's gemeente" "$BODY" "<dt>Gemeente</dt><dd>Dalfsen</dd>"
tcpsrv "$WORK/kampen-index/current" "$port_k"; pid_k=$TCP_PID
back=""
for _ in $(seq 30); do
  [ "$(curl -s "$region/api/v1/search?q=koffie" | jsonfield .onvolledig)" = "[]" ] && { back=yes; break; }
  sleep 0.5
done
expect_eq "Kampen back: the region searches it again, without a restart" yes "$back"
expect_eq "... with every result again" "$(curl -s "$merged/api/v1/search?q=koffie" | jsonfield .total)" \
  "$(curl -s "$region/api/v1/search?q=koffie" | jsonfield .total)"

# ---- Every gemeente remote: spelling and synonyms still work --------------------------------
# The remote backend serves neither; the region's server makes its own word database at start.
port_z=$(free_port)
tcpsrv "$WORK/zwolle-index/current" "$port_z"; pid_z=$TCP_PID
sed "s|index: zwolle-index|index: tcp://127.0.0.1:$port_z|" "$WORK/regio.yaml" >"$WORK/remote.yaml"
serve_as remote --regio "$WORK/remote.yaml" --schema "$SCHEMA"
export REMOTE=$BASE; remote_pid=$PID
py_check "a region of remote indexes only corrects typos and finds synonyms as one index does" '
REMOTE = os.environ["REMOTE"]
bad = [q for q in ["kofie", "eenzaamheit", "schuldhulpverleneng", "geldzorgen", "mantelzorger", "rouw"]
       if [r["id"] for r in search(REMOTE, q)["results"]] != [r["id"] for r in search(MERGED, q)["results"]]]
d = search(REMOTE, "kofie")
print("ok", d["suggestion"]) if not bad and d["total"] > 0 else print("differ:", bad, d["total"])'
kill $remote_pid $pid_z; wait $remote_pid 2>/dev/null

# ---- One id in two gemeenten ----------------------------------------------------------------
for g in zwolle kampen; do
  cat >"$WORK/$g/aanbod/soepavond.yaml" <<EOF
id: soepavond
soort: activiteit
titel: Soepavond in $g
samenvatting: Elke vrijdag eten we samen soep.
organisatie: $(ls catalog/organisaties | head -1 | sed 's/.yaml$//')
wijken: [centrum]
toegang: vrij
kosten:
  soort: gratis
laatst_gecontroleerd: 2026-11-01
EOF
  "$INDEXER" --catalog "$WORK/$g" --index "$WORK/$g-index" --schema "$SCHEMA" --quiet 2>/dev/null
done
sleep 1
py_check "two gemeenten with one id: both are found, each with its gemeente" '
d = search(REGION, "soepavond")
got = sorted((r["id"], r["gemeente"]["id"]) for r in d["results"])
print("ok") if got == [("soepavond", "kampen"), ("soepavond", "zwolle")] else print(got)'
BASE=$region get "/api/v1/entries/soepavond?gemeente=kampen"
expect_eq "... /api/v1/entries/{id}?gemeente= gives that gemeente's entry" "Soepavond in kampen" "$(field .titel)"
BASE=$region get "/api/v1/entries/soepavond?gemeente=zwolle"
expect_eq "... and the other's" "Soepavond in zwolle" "$(field .titel)"
BASE=$region get "/api/v1/entries/soepavond?gemeente=nergens"
expect_eq "... and an unknown gemeente is a 404" 404 "$CODE"
BASE=$region get "/zoeken?q=soepavond"
link=$(printf '%s' "$BODY" | grep -o 'href="/aanbod/soepavond?gemeente=kampen[^"]*"' | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
BASE=$region get "$link"
expect_contains "... a result's link on the site leads to its own gemeente's entry" "$BODY" "Soepavond in kampen"

# ---- A gemeente's own site offers beschermd thuis in the region ----------------------------
cp -r web "$WORK/web-kampen"
printf '\nregio:\n  naam: Regio test\n  website: %s/\n' "$region" >>"$WORK/web-kampen/site.yaml"
serve_as kampen --index "$WORK/kampen-index" --catalog "$WORK/kampen" --schema "$SCHEMA" --web "$WORK/web-kampen"
kampen_pid=$PID
BASE=$BASE get "/zoeken?soort=beschermd-thuis"
expect_contains "a gemeente in a region offers beschermd thuis in the rest of the region" "$BODY" \
  "href=\"$region/zoeken?soort=beschermd-thuis\">Beschermd thuis ook in de rest van Regio test</a>"
get "/zoeken?q=koffie&soort=activiteit"
expect_not_contains "... only where beschermd thuis is shown" "$BODY" "ook in de rest van"
kill $kampen_pid; wait $kampen_pid 2>/dev/null
BASE=$merged get "/zoeken?soort=beschermd-thuis"
expect_not_contains "... and a site without a region offers nothing of the kind" "$BODY" "ook in de rest van"
cp web/site.yaml "$WORK/web-kampen/site.yaml"
printf '\nregio:\n  naam: Regio test\n' >>"$WORK/web-kampen/site.yaml"
run "$SERVER" --index "$WORK/kampen-index" --catalog "$WORK/kampen" --schema "$SCHEMA" --web "$WORK/web-kampen" --port 0
expect_contains "... a region block without its website stops the server, saying so" "$ERR" "regio.website: dit veld ontbreekt"

py_check "from a postcode, a region gives each result its distance as one index does" '
a, b = search(REGION, "koffie", "&postcode=8014VB"), search(MERGED, "koffie", "&postcode=8014VB")
got = lambda d: [(r["id"], r["afstand_m"]) for r in d["results"]]
print("ok") if got(a) == got(b) else print(got(a)[:3], got(b)[:3])'
BASE=$region get "/api/v1/search?postcode=8014VB&sort=afstand"
expect_contains "... but nearest first is not there yet in a region: a 400 that says so" \
  "$CODE $(field .error.message)" "400 in een regio kan nog niet op afstand gesorteerd"
BASE=$region get "/zoeken?q=koffie&postcode=8014VB"
expect_not_contains "... and the site does not offer it" "$BODY" "Dichtbij eerst"
BASE=$region get "/api/v1/inzicht/dekking"
expect_eq "a region has no insight of its own (each gemeente has): a 404" 404 "$CODE"
BASE=$region get "/api/hsds/services"
expect_eq "... nor open data: two gemeenten's ids could be one HSDS id (each gemeente publishes its own)" \
  404 "$CODE"
BASE=$region get "/open-data"
expect_eq "... nor the open-data page" 404 "$CODE"
BASE=$region get "/zoeken?q=koffie"
expect_not_contains "... and the region's footer does not lead there" "$BODY" 'href="/inzicht'

# ---- The configuration ---------------------------------------------------------------------
printf 'naam: x\ngemeenten:\n  - id: Kampen!\n    naam: K\n    index: x\n' >"$WORK/bad.yaml"
run "$SERVER" --regio "$WORK/bad.yaml" --schema "$SCHEMA" --port 0
expect_status "a region file with a bad gemeente code stops the server" 2
expect_contains "... naming the file, the line and the field" "$ERR" "bad.yaml:3:9: gemeenten[1]:"
run "$SERVER" --regio "$WORK/regio.yaml" --index "$WORK/all-index" --port 0
expect_status "a region has no index, catalog or partners of its own: --regio with --index is a usage error" 2
echo "1..$T_NUM"
