#!/usr/bin/env bash
# A region whose gemeenten have wijken and postcodes of their own (issue 18): Zwolle searched on
# this host with the region's schema, Kampen served by xapian-tcpsrv and built with a schema of
# its own (its wijken, its postcode table). The region's server knows both gemeenten's wijken:
# it counts, filters and names Kampen's wijken as its own, Kampen's city-wide offers count for
# Kampen's wijken only (and Zwolle's for Zwolle's), a Kampen postcode places a resident, and a
# schema that differs in more than wijken and postcodes, or a wijk code two gemeenten use, is
# refused with a message that says what to change.
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"
SCHEMA=${WW_SCHEMA:-schema}
ORG=$(ls catalog/organisaties | head -1 | sed 's/.yaml$//')

# Kampen's schema: the region's, with Kampen's wijken and postcode areas.
kampen_schema() { # DIR WIJK-CODE-FOR-THE-CENTRE
  cp -r "$SCHEMA" "$1"
  python3 - "$1" "$2" <<'EOF'
import re, sys
d, centre = sys.argv[1], sys.argv[2]
p = d + "/vocabulaires.yaml"
s = open(p).read()
wijken = f"""wijken:
  {centre}: Centrum
  brunnepe: Brunnepe
  ijsselmuiden: IJsselmuiden
  heel-kampen:
    label: Heel Kampen
    overal: ja

"""
s = re.sub(r"^wijken:\n(?:[ #].*\n|\n)*?(?=^\S)", wijken, s, flags=re.M)
open(p, "w").write(s)
open(d + "/postcodes.yaml", "w").write(f"""gemeente: Kampen
gebied:
  lat: [52.500, 52.620]
  lon: [5.820, 6.000]
postcodes:
  "8261": {{wijken: [{centre}, brunnepe], lat: 52.556, lon: 5.912}}
  "8262": {{wijken: [brunnepe], lat: 52.560, lon: 5.905}}
  "8271": {{wijken: [ijsselmuiden], lat: 52.563, lon: 5.930}}
""")
EOF
}
kampen_schema "$WORK/kampen-schema" kampen-centrum

entry() { # FOLDER ID TITLE WIJK [LOCATION-LINES]
  cat >"$1/aanbod/$2.yaml" <<EOF
id: $2
soort: activiteit
titel: $3
samenvatting: Samen koffie drinken en een praatje maken.
organisatie: $ORG
wijken: [$4]
toegang: vrij
kosten:
  soort: gratis
laatst_gecontroleerd: 2026-11-01
${5:-}
EOF
}
mkdir -p "$WORK/kampen/aanbod" "$WORK/kampen/organisaties"
cp "catalog/organisaties/$ORG.yaml" "$WORK/kampen/organisaties/"
entry "$WORK/kampen" koffie-brunnepe "Koffieochtend in Brunnepe" brunnepe \
  "$(printf 'locaties:\n  - naam: Buurthuis\n    adres: Noordweg 1\n    postcode: 8262 AB\n    plaats: Kampen')"
entry "$WORK/kampen" koffie-heel-kampen "Koffietelefoon voor heel Kampen" heel-kampen
entry "$WORK/kampen" koffie-ijsselmuiden "Koffie in IJsselmuiden" ijsselmuiden
run "$INDEXER" --catalog "$WORK/kampen" --index "$WORK/kampen-index" --schema "$WORK/kampen-schema" --quiet
expect_status "Kampen's catalog, with Kampen's own wijken, is indexed with Kampen's schema" 0
"$INDEXER" --catalog catalog --index "$WORK/zwolle-index" --schema "$SCHEMA" --quiet 2>/dev/null

port=$(free_port)
tcpsrv "$WORK/kampen-index/current" "$port"; tcp_pid=$TCP_PID
region_file() { # FILE KAMPEN-SCHEMA
  cat >"$1" <<EOF
naam: Regio test
gemeenten:
  - id: zwolle
    naam: Zwolle
    index: zwolle-index
  - id: kampen
    naam: Kampen
    index: tcp://127.0.0.1:$port
    schema: $2
EOF
}
region_file "$WORK/regio.yaml" kampen-schema
serve_as region --regio "$WORK/regio.yaml" --schema "$SCHEMA" --web web
region=$BASE region_pid=$PID
serve_as zwolle --index "$WORK/zwolle-index" --catalog catalog --schema "$SCHEMA"
zwolle=$BASE zwolle_pid=$PID
trap 'kill $region_pid $zwolle_pid $tcp_pid 2>/dev/null; rm -rf "$WORK"' EXIT

export REGION=$region ZWOLLE=$zwolle
PY_LIB='
REGION, ZWOLLE = os.environ["REGION"], os.environ["ZWOLLE"]
def ids(d, gemeente=None):
    return sorted(r["id"] for r in d["results"] if gemeente is None or r["gemeente"]["id"] == gemeente)
'

BASE=$region get "/healthz"
expect_eq "an index built with the gemeente's own schema is served (not taken for a stale one)" \
  '[{"id": "zwolle", "status": "ok"}, {"id": "kampen", "status": "ok"}]' "$(field .gemeenten)"

py_check "the wijk facet counts Kampen's wijken, its city-wide offer in each of them" '
f = search(REGION, "koffie")["facets"]["wijk"]
want = {"brunnepe": 2, "ijsselmuiden": 2, "kampen-centrum": 1, "heel-kampen": 1}
got = {k: f.get(k) for k in want}
print("ok", got) if got == want else print(got)'

py_check "... and Zwolle's wijken as one index of Zwolle does, without Kampen's offers" '
region, alone = search(REGION, "koffie")["facets"]["wijk"], search(ZWOLLE, "koffie")["facets"]["wijk"]
zwolle = {k: v for k, v in region.items() if k in alone}
print("ok", len(zwolle), "wijken") if zwolle == alone else print(zwolle, alone)'

py_check "wijk=brunnepe finds Kampen's offers there and for all of Kampen, none of Zwolle's" '
d = search(REGION, "koffie", "&wijk=brunnepe")
print("ok", ids(d)) if ids(d) == ["koffie-brunnepe", "koffie-heel-kampen"] and d["total"] == 2 else print(ids(d), d["total"])'

py_check "wijk=zuid finds what Zwolle alone finds there: the city-wide offer of Kampen is not in Zuid" '
a, b = search(REGION, "koffie", "&wijk=zuid"), search(ZWOLLE, "koffie", "&wijk=zuid")
print("ok", a["total"]) if ids(a) == ids(b) and a["total"] == b["total"] > 0 else print(ids(a), ids(b))'

py_check "a wijk of each gemeente together: the offers of both" '
a = search(REGION, "koffie", "&wijk=ijsselmuiden&wijk=zuid")
want = sorted(ids(search(ZWOLLE, "koffie", "&wijk=zuid")) + ["koffie-heel-kampen", "koffie-ijsselmuiden"])
print("ok", a["total"]) if ids(a) == want else print(ids(a), want)'

py_check "a postcode of Kampen places the resident: its wijken, and distances to the offers there" '
d = search(REGION, "koffie", "&postcode=8262AB&gemeente=kampen")
dist = {r["id"]: r.get("afstand_m") for r in d["results"]}
ok = d["plaats"]["wijken"] == ["brunnepe"] and dist["koffie-brunnepe"] is not None and dist["koffie-brunnepe"] < 100
print("ok", dist) if ok else print(d.get("plaats"), dist)'

py_check "... and one of Zwolle still does" '
d = search(REGION, "koffie", "&postcode=8011")
print("ok", d["plaats"]["wijken"]) if d["plaats"]["wijken"] == ["centrum"] else print(d.get("plaats"))'

py_check "a question that names a wijk hears it in each gemeente: centrum is Zwolle's and Kampen's" '
d = search(REGION, "koffie centrum")
print("ok", d["query_wijken"]) if sorted(w["id"] for w in d["query_wijken"]) == ["centrum", "kampen-centrum"] else print(d["query_wijken"])'

py_check "and one of Kampen's own: brunnepe, its coffee first" '
d = search(REGION, "koffie brunnepe")
ok = [w["id"] for w in d["query_wijken"]] == ["brunnepe"] and d["results"][0]["id"] == "koffie-brunnepe"
print("ok") if ok else print(d["query_wijken"], [r["id"] for r in d["results"][:3]])'

py_check "a postcode that neither gemeente has is a 400" '
st, d = api(REGION, "/api/v1/search?q=koffie&postcode=9999")
print("ok", st) if st == 400 else print(st, d)'

BASE=$region get "/zoeken?q=koffie"
expect_contains "the site offers Kampen's wijken by name and gemeente" "$BODY" "Brunnepe (Kampen)"
expect_contains "... and names a Kampen result's wijk so" "$BODY" "IJsselmuiden (Kampen)"
BASE=$region get "/aanbod/koffie-brunnepe?gemeente=kampen"
expect_contains "... also on the offer's own page" "$BODY" "Brunnepe (Kampen)"

# ---- Kampen's index built with the region's schema instead: left out -----------------------
mkdir -p "$WORK/stale/aanbod" "$WORK/stale/organisaties"
cp "catalog/organisaties/$ORG.yaml" "$WORK/stale/organisaties/"
entry "$WORK/stale" koffie-oud "Koffie" centrum
"$INDEXER" --catalog "$WORK/stale" --index "$WORK/stale-index" --schema "$SCHEMA" --quiet 2>/dev/null
sed "s|index: tcp://127.0.0.1:$port|index: stale-index|" "$WORK/regio.yaml" >"$WORK/stale.yaml"
serve_as stale --regio "$WORK/stale.yaml" --schema "$SCHEMA"
stale_pid=$PID
BASE=$BASE get "/healthz"
expect_contains "an index of Kampen built with another schema than Kampen's is left out, and /healthz says so" \
  "$(field .gemeenten)" '"id": "kampen", "status"'
expect_not_contains "... (not served as ok)" "$(field .gemeenten)" '{"id": "kampen", "status": "ok"}'
kill "$stale_pid"; wait "$stale_pid" 2>/dev/null

# ---- Refused at start, with what to change ---------------------------------------------------
kampen_schema "$WORK/clash-schema" centrum
region_file "$WORK/clash.yaml" clash-schema
run timeout 20 "$SERVER" --port 0 --regio "$WORK/clash.yaml" --schema "$SCHEMA"
expect_status "a wijk code that Zwolle uses too in Kampen's own schema: the server does not start" 2
expect_contains "... and says which code, and how to name it" "$ERR" "kampen-centrum"

kampen_schema "$WORK/other-schema" kampen-centrum
# the same doelgroepen in another order: the bits of its facet masks would mean other ones
sed -i 's/^  kinderen: Kinderen$/  KINDEREN/; s/^  jongeren: Jongeren$/  kinderen: Kinderen/; s/^  KINDEREN$/  jongeren: Jongeren/' \
  "$WORK/other-schema/vocabulaires.yaml"
region_file "$WORK/other.yaml" other-schema
run timeout 20 "$SERVER" --port 0 --regio "$WORK/other.yaml" --schema "$SCHEMA"
expect_status "a gemeente's schema with its doelgroepen in another order: the server does not start" 2
expect_contains "... and says which list differs" "$ERR" "de lijst doelgroepen verschilt"

region_file "$WORK/missing.yaml" nergens
run timeout 20 "$SERVER" --port 0 --regio "$WORK/missing.yaml" --schema "$SCHEMA"
expect_status "a schema folder that is not there: the server does not start" 2
expect_contains "... and names it" "$ERR" "nergens"

echo "1..$T_NUM"
