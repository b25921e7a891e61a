#!/usr/bin/env bash
# The catalog as Open Referral HSDS 3.0 (issue 17): `wegwijzer-indexer --export-hsds` and the
# server's /api/hsds/ give the same objects; ids are UUIDv5 of our ids and never change; the
# mapping of the fields that a reader checks first; HSDS's paging and its search,
# taxonomy_term_id, taxonomy_id, organization_id and modified_after; the open-data page and its
# downloads on the terms of catalog/open-data.yaml; bad requests and bad terms. (That every object
# is valid HSDS, strictly, is the contract suite's: tests/contract/.)
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"

cat_dir="$WORK/cat" idx="$WORK/idx" out="$WORK/hsds"
cp -r catalog "$cat_dir"
# An entry at the edges of the format: a time with only its start, a location with only a postcode,
# costs with an amount but no kind. Nothing of it may be lost.
cat >"$cat_dir/aanbod/randgevallen.yaml" <<'EOF'
id: randgevallen
soort: activiteit
titel: Zaterdagochtend open huis
samenvatting: Elke zaterdag vanaf tien uur staat de deur open.
organisatie: geldmaatjes-zwolle
wijken: [zuid]
toegang: vrij
kosten:
  bedrag: 2.5
locaties:
  - postcode: 8012 AB
tijden:
  - dagen: [za]
    van: "10:00"
laatst_gecontroleerd: 2026-11-01
EOF
# One file written "in the future", for modified_after.
touch -d "2030-01-02 12:00:00 UTC" "$cat_dir/aanbod/administratie-op-orde-cursus.yaml"
mkdir -p "$WORK/tmp"
TMPDIR="$WORK/tmp" run "$INDEXER" --catalog "$cat_dir" --export-hsds "$out"
expect_status "--export-hsds without --index builds, exports and says how many services" 0
expect_contains "... and names the folder" "$OUT" "216 diensten geschreven naar $out"
expect_eq "... and leaves no temporary index behind (in TMPDIR)" "" "$(ls -A "$WORK/tmp")"
TMPDIR="$WORK/nonexistent" run "$INDEXER" --catalog "$cat_dir" --export-hsds "$WORK/never"
expect_contains "a TMPDIR that is not there is said, with status 2" "$STATUS $ERR" \
  "2 wegwijzer-indexer: kan geen tijdelijke index maken in $WORK/nonexistent"
"$INDEXER" --catalog "$cat_dir" --index "$idx" --export-hsds "$WORK/again" --quiet 2>/dev/null
serve --index "$idx" --catalog "$cat_dir" --web web
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

check() { # NAME PYTHON: a checker that prints "ok <what>" or what went wrong
  local name="$1" res
  res=$(BASE="$BASE" CAT="$cat_dir" OUT="$out" AGAIN="$WORK/again" python3 -c "$PY_LIB$2" 2>&1)
  if [ "${res%% *}" = ok ]; then ok "$name (${res#ok })"; else
    local lines; mapfile -t lines <<<"$res"; not_ok "$name" "${lines[@]}"
  fi
}
PY_LIB='
import glob, json, os, urllib.request, urllib.error, uuid, yaml
BASE, CAT, OUT = os.environ["BASE"], os.environ["CAT"], os.environ["OUT"]
NS = uuid.UUID("5b3d6c2e-8f41-4a8e-9c0d-7e2f1a6b4d90")   # lib/ww_hsds.h, WW_HSDS_NAMESPACE
def api(path):
    try:
        with urllib.request.urlopen(BASE + path) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
def exported(kind, folder=OUT):
    return {os.path.basename(f)[:-5]: json.load(open(f)) for f in glob.glob(f"{folder}/{kind}/*.json")}
def entries():
    return {os.path.basename(f)[:-5]: yaml.safe_load(open(f)) for f in glob.glob(CAT + "/aanbod/*.yaml")}
def sid(entry_id):
    return str(uuid.uuid5(NS, "aanbod/" + entry_id))
def all_pages(path):
    got, page = [], 1
    while True:
        sep = "&" if "?" in path else "?"
        st, d = api(f"{path}{sep}page={page}&per_page=40")
        assert st == 200, (st, d)
        got += d["contents"]
        if d["last_page"]: return got, d["total_items"]
        page += 1
'

check "every entry is exported as a service, named by the UUIDv5 of its id, in services/" '
ids = set(exported("services"))
want = {sid(e) for e in entries()}
print(f"ok {len(ids)} services") if ids == want else print("missing", len(want - ids), "extra", len(ids - want))'

check "a second export has the same ids and the same objects" '
a, b = exported("services"), exported("services", os.environ["AGAIN"])
print(f"ok {len(a)} identical") if a == b else print("differ:", [k for k in a if a[k] != b.get(k)][:3])'

check "organizations, service_at_locations, taxonomies and terms are exported too" '
orgs = exported("organizations"); places = exported("service_at_locations")
terms = exported("taxonomy_terms"); taxes = exported("taxonomies")
e = entries()
want_places = sum(len(x.get("locaties") or []) for x in e.values())
want_orgs = len({x["organisatie"] for x in e.values()})
about = json.load(open(OUT + "/index.json"))
ok = len(orgs) == want_orgs and len(places) == want_places and len(taxes) == 10 and about["version"] == "3.0"
print(f"ok {len(orgs)} organizations, {len(places)} places, {len(taxes)} taxonomies, {len(terms)} terms") if ok else print(len(orgs), want_orgs, len(places), want_places, len(taxes), about)'

check "the mapping of an entry: name, description, dates, schedule, address, costs, languages, vocabularies" '
s = exported("services")[sid("administratie-op-orde-cursus")]
e = entries()["administratie-op-orde-cursus"]
loc = s["service_at_locations"][0]["location"]
terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in s["attributes"]}
checks = {
  "name": s["name"] == e["titel"],
  "description": s["description"] == e["samenvatting"] + "\n\n" + e["beschrijving"].rstrip("\n"),
  "assured_date": s["assured_date"] == str(e["laatst_gecontroleerd"]),
  "last_modified": s["last_modified"] == "2030-01-02T12:00:00Z",
  "status": s["status"] == "active",
  "schedule": (s["schedules"][0]["byday"], s["schedules"][0]["opens_at"], s["schedules"][0]["closes_at"]) == ("MO", "19:00", "21:00"),
  "toelichting": any(x.get("description") == e["tijden_toelichting"] for x in s["schedules"]),
  "address": loc["addresses"][0]["postal_code"] == "8011 SK" and loc["addresses"][0]["state_province"] == "Overijssel",
  "place": (loc["latitude"], loc["longitude"]) == (52.5127, 6.0915),
  "wheelchair": loc["accessibility"][0]["description"] == "rolstoeltoegankelijk",
  "costs": s["cost_options"][0]["amount"] == 0 and s["cost_options"][0]["currency"] == "EUR",
  "languages": [l["code"] for l in s["languages"]] == ["nl"],
  "email": s["email"] == e["contact"]["email"],
  "organization": s["organization"]["name"] == "Geldmaatjes Zwolle" and s["organization_id"] == str(uuid.uuid5(NS, "organisatie/geldmaatjes-zwolle")),
  "vocabularies": {("wegwijzer:wijken", "centrum"), ("wegwijzer:ambities", "kansen"), ("wegwijzer:toegang", "aanmelden"), ("wegwijzer:kosten", "gratis"), ("wegwijzer", "id")} <= terms,
}
bad = [k for k, v in checks.items() if not v]
print(f"ok {len(checks)} fields") if not bad else print("wrong:", bad)'

check "nothing of an entry at the edges is lost: a time without an end, a bare postcode, an amount without a kind" '
s = exported("services")[sid("randgevallen")]
sched = s["schedules"][0]
addr = s["service_at_locations"][0]["location"]["addresses"][0]
cost = s["cost_options"][0]
ok = (sched["byday"], sched["opens_at"], "closes_at" in sched) == ("SA", "10:00", False) \
     and addr["postal_code"] == "8012 AB" and addr["address_1"] == "" and cost["amount"] == 2.5 and "option" not in cost
print("ok") if ok else print(sched, addr, cost)'

check "an organization carries our id, so that an import gives it back" '
o = exported("organizations")[str(uuid.uuid5(NS, "organisatie/geldmaatjes-zwolle"))]
ids = [(i["identifier_scheme"], i["identifier"]) for i in o["organization_identifiers"]]
print("ok") if ids == [("wegwijzer", "geldmaatjes-zwolle")] else print(ids)'

check "an expired entry is inactive; inferred ambitions are marked as such" '
s = exported("services")
e = entries()
expired = [i for i, x in e.items() if x.get("geldig_tot") and str(x["geldig_tot"]) < "2026-11-29"]
inferred = [i for i, x in e.items() if "ambities" not in x]
st = {i: s[sid(i)]["status"] for i in expired}
marks = [a.get("value") for i in inferred[:5] for a in s[sid(i)]["attributes"] if a["taxonomy_term"]["taxonomy"] == "wegwijzer:ambities"]
ok = expired and set(st.values()) == {"inactive"} and inferred and marks and set(marks) == {"afgeleid"}
print(f"ok {len(expired)} inactive, {len(inferred)} inferred") if ok else print(st, marks)'

check "/api/hsds/services/{id} is the exported file, and the list pages through all of them" '
files = exported("services")
some = sorted(files)[:5]
same = all(api("/api/hsds/services/" + i) == (200, files[i]) for i in some)
listed, total = all_pages("/api/hsds/services")
ok = same and total == len(files) and {x["id"] for x in listed} == set(files) and len(listed) == total
print(f"ok {total} in {-(-total // 40)} pages") if ok else print(same, total, len(listed))'

check "a page says where it is: total_pages, first_page, last_page, size, empty" '
st, d = api("/api/hsds/services?page=2&per_page=100")
st3, d3 = api("/api/hsds/services?page=9&per_page=100")
ok = (d["total_pages"], d["page_number"], d["size"], d["first_page"], d["last_page"]) == (3, 2, 100, False, False) \
     and d3["empty"] and d3["size"] == 0 and d3["last_page"]
print("ok") if ok else print(d | {"contents": len(d["contents"])}, d3 | {"contents": len(d3["contents"])})'

check "the list holds one-to-one fields; full=true nests" '
st, brief = api("/api/hsds/services?per_page=1")
st, full = api("/api/hsds/services?per_page=1&full=true")
b, f = brief["contents"][0], full["contents"][0]
ok = not any(isinstance(v, (list, dict)) for v in b.values()) and isinstance(f.get("schedules"), list)
print("ok") if ok else print(sorted(b), sorted(f))'

check "search finds services by their words" '
listed, total = all_pages("/api/hsds/services?search=schulden")
files = exported("services")
ok = 0 < total < len(files) and all("schuld" in json.dumps(files[x["id"]]).lower() for x in listed)
print(f"ok {total} services") if ok else print(total, [x["name"] for x in listed])'

check "taxonomy_term_id gives the services with that term" '
term = next(t for t in exported("taxonomy_terms").values() if (t["taxonomy"], t["code"]) == ("wegwijzer:wijken", "stadshagen"))
listed, total = all_pages("/api/hsds/services?taxonomy_term_id=" + term["id"])
want = {sid(i) for i, x in entries().items() if "stadshagen" in x["wijken"]}
print(f"ok {total} in stadshagen") if {x["id"] for x in listed} == want and total == len(want) else print(total, len(want))'

check "taxonomy_id gives the services with any term of it; an unknown term gives none" '
tax = next(t for t in exported("taxonomies").values() if t["name"] == "wegwijzer:woonvormen")
listed, total = all_pages("/api/hsds/services?taxonomy_id=" + tax["id"])
want = {sid(i) for i, x in entries().items() if (x.get("wonen") or {}).get("woonvorm")}
st, none = api("/api/hsds/services?taxonomy_term_id=" + str(uuid.uuid4()))
ok = {x["id"] for x in listed} == want and none["total_items"] == 0 and st == 200
print(f"ok {total} with a woonvorm") if ok else print(total, len(want), st, none.get("total_items"))'

check "organization_id gives the services of that organisation" '
oid = str(uuid.uuid5(NS, "organisatie/geldmaatjes-zwolle"))
listed, total = all_pages("/api/hsds/services?organization_id=" + oid)
want = {sid(i) for i, x in entries().items() if x["organisatie"] == "geldmaatjes-zwolle"}
print(f"ok {total}") if {x["id"] for x in listed} == want and all(x["organization_id"] == oid for x in listed) else print(total, len(want))'

check "modified_after gives the services whose file was written since" '
st, d = api("/api/hsds/services?modified_after=2030-01-01")
st2, d2 = api("/api/hsds/services?modified_after=2030-01-02T12:00:01Z")
ok = st == 200 and [x["id"] for x in d["contents"]] == [sid("administratie-op-orde-cursus")] and d2["total_items"] == 0
print("ok") if ok else print(st, d.get("total_items"), d2.get("total_items"))'

check "organizations: a page of them, one with its services, full_service nests them" '
listed, total = all_pages("/api/hsds/organizations")
oid = str(uuid.uuid5(NS, "organisatie/geldmaatjes-zwolle"))
st, org = api("/api/hsds/organizations/" + oid)
st2, full = api("/api/hsds/organizations/" + oid + "?full_service=true")
n = sum(1 for x in entries().values() if x["organisatie"] == "geldmaatjes-zwolle")
ok = total == len(exported("organizations")) and st == 200 and len(org["services"]) == n \
     and "schedules" not in org["services"][0] and "schedules" in full["services"][0] and org == exported("organizations")[oid] | {"services": org["services"]}
print(f"ok {total} organizations, {n} services") if ok else print(total, st, len(org.get("services", [])), n)'

check "service_at_locations page through every place, each with its service" '
listed, total = all_pages("/api/hsds/service_at_locations")
ok = total == len(exported("service_at_locations")) == len(listed) and all(x["service"]["id"] == x["service_id"] and x["location"]["id"] == x["location_id"] for x in listed)
print(f"ok {total}") if ok else print(total, len(listed))'

check "taxonomies and terms, and the terms of one taxonomy" '
st, t = api("/api/hsds/taxonomies?per_page=100")
tax = next(x for x in t["contents"] if x["name"] == "wegwijzer:wijken")
st2, terms = api("/api/hsds/taxonomy_terms?per_page=100&taxonomy_id=" + tax["id"])
st3, one = api("/api/hsds/taxonomy_terms/" + terms["contents"][0]["id"])
codes = sorted(x["code"] for x in terms["contents"])
wijken = sorted(yaml.safe_load(open("schema/vocabulaires.yaml"))["wijken"])
ok = t["total_items"] == 10 and codes == wijken and one == terms["contents"][0]
print(f"ok {len(codes)} wijken") if ok else print(t["total_items"], codes, wijken)'

check "bad requests are 400 and unknown things 404, in JSON" '
cases = {"/api/hsds/services?page=0": 400, "/api/hsds/services?per_page=x": 400,
         "/api/hsds/services?modified_after=gisteren": 400, "/api/hsds/services?search=" + "a" * 600: 400,
         "/api/hsds/services/" + str(uuid.uuid4()): 404, "/api/hsds/services/nope": 404,
         "/api/hsds/organizations/" + str(uuid.uuid4()): 404, "/api/hsds/nothing": 404,
         "/api/hsds/services/a/b": 404, "/api/hsds/service_at_locations/x": 404,
         "/api/hsds/taxonomies/" + str(uuid.uuid4()): 404}
got = {p: api(p) for p in cases}
bad = {p[:60]: g[0] for p, g in got.items() if g[0] != cases[p] or "error" not in g[1]}
print(f"ok {len(cases)} cases") if not bad else print(bad)'

check "per_page above 1000 is held to 1000" '
st, d = api("/api/hsds/taxonomy_terms?per_page=5000")
print("ok") if st == 200 and d["size"] == d["total_items"] and d["total_pages"] == 1 else print(st, d.get("size"))'

get /open-data
expect_eq "/open-data is a page" "200 text/html; charset=utf-8" "$CODE $TYPE"
expect_contains "... with the licence from catalog/open-data.yaml" "$BODY" 'Creative Commons Zero 1.0 (publiek domein)</a> (CC0-1.0)'
expect_contains "... the number of entries" "$BODY" "<dd>216</dd>"
expect_contains "... and the downloads" "$BODY" 'href="/open-data/hsds-services.json"'
check "the download of all services is the export, with its licence" '
req = urllib.request.urlopen(BASE + "/open-data/hsds-services.json")
got = json.loads(req.read())
files = exported("services")
ok = {s["id"]: s for s in got} == files and "attachment" in req.headers["Content-Disposition"] \
     and "publicdomain/zero" in req.headers["Link"]
orgs = json.loads(urllib.request.urlopen(BASE + "/open-data/hsds-organizations.json").read())
print(f"ok {len(got)} services, {len(orgs)} organizations") if ok and {o["id"] for o in orgs} == set(exported("organizations")) else print(len(got), req.headers)'
get /open-data/nothing.json
expect_eq "an unknown download is a 404" 404 "$CODE"

kill $PID 2>/dev/null; wait $PID 2>/dev/null
cat >"$cat_dir/open-data.yaml" <<'EOF'
uitgever: Gemeente Kampen
licentie: CC-BY-4.0
licentie_naam: Creative Commons Naamsvermelding 4.0
licentie_url: https://creativecommons.org/licenses/by/4.0/deed.nl
EOF
serve --index "$idx" --catalog "$cat_dir" --web web
get /open-data
expect_contains "another licence in open-data.yaml is stated on the page" "$BODY" "Creative Commons Naamsvermelding 4.0</a> (CC-BY-4.0)"
get "/api/hsds/services/$(python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("5b3d6c2e-8f41-4a8e-9c0d-7e2f1a6b4d90"), "aanbod/administratie-op-orde-cursus"))')"
expect_eq "... and an address without a province in it has an empty one (HSDS requires the field)" '""' "$(field .service_at_locations[0].location.addresses[0] | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["state_province"]))')"
kill $PID 2>/dev/null; wait $PID 2>/dev/null
printf 'licence: CC0\n' >"$cat_dir/open-data.yaml"
run "$SERVER" --port 0 --index "$idx" --catalog "$cat_dir" --web web
expect_status "a server with an unusable open-data.yaml does not start" 2
expect_contains "... and says which file and why" "$ERR" "open-data.yaml:1:1: onbekend veld"
run "$INDEXER" --catalog "$cat_dir" --index "$idx" --export-hsds "$WORK/x"
expect_status "the export refuses it too" 2
printf 'licentie: CC0-1.0\n' >"$cat_dir/open-data.yaml"
run "$INDEXER" --catalog "$cat_dir" --index "$idx" --export-hsds "$cat_dir/aanbod/administratie-op-orde-cursus.yaml/x"
expect_status "an export into a folder that cannot be made fails with status 2" 2
expect_contains "... saying which" "$ERR" "kan de map"
echo "1..$T_NUM"
