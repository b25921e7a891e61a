#!/usr/bin/env bash
# HSDS in (issue 17): `wegwijzer-indexer --import-hsds` turns Open Referral HSDS 3.0 into catalog
# files that our own --check accepts and that can be found by a search; everything it cannot
# carry over is reported, per file and at the top of the file; foreign terms go through
# schema/hsds-import.yaml, which a user may edit; existing files stay unless --overwrite;
# hostile input is an error that writes nothing; and our own export comes back equal, apart
# from the exceptions named below (see the README, "Importing HSDS").
. "$(dirname "$0")/lib.bash"
SHARED=${WW_SHARED:-../shared}
EXAMPLES="$SHARED/hsds/examples"
skip() { T_NUM=$((T_NUM + 1)); echo "ok $T_NUM - $1 # SKIP ../shared absent"; }
have_examples() { [ -d "$EXAMPLES" ]; }
import() { run "$INDEXER" --import-hsds "$@"; }
files_in() { find "$1" -name '*.yaml' 2>/dev/null | wc -l; }

# ---- The command line ------------------------------------------------------------------------
run "$INDEXER" --help
expect_contains "--help names --import-hsds" "$OUT" "--import-hsds BESTAND|MAP"
expect_contains "... and --overwrite" "$OUT" "--overwrite"
run "$INDEXER" --import-hsds "$WORK/x.json"
expect_status "--import-hsds without --catalog is a usage error" 2
run "$INDEXER" --import-hsds "$WORK/x.json" --catalog "$WORK/c" --index "$WORK/i"
expect_status "--import-hsds with --index is a usage error" 2
run "$INDEXER" --catalog "$WORK/c" --overwrite
expect_status "--overwrite without --import-hsds is a usage error" 2
import "$WORK/no-such.json" --catalog "$WORK/c"
expect_status "an input that does not exist is an I/O error" 2
expect_contains "... that names it" "$ERR" "no-such.json"

# A small foreign service of our own making: Zwolle data in another HSDS publisher's terms.
cat >"$WORK/kolk.json" <<'EOF'
{"id": "7d1f0a52-0000-4000-8000-000000000001", "name": "Koffie-inloop De Kolk",
 "description": "Elke dinsdag koffie en een praatje.\n\nIedereen is welkom.", "status": "active",
 "email": "info@dekolk.example.org", "assured_date": "2026-10-01",
 "application_process": "Walk-in, no referral needed",
 "service_areas": [{"id": "a1", "name": "Stadshagen"}],
 "cost_options": [{"id": "c1", "option": "Free", "amount": 0, "currency": "EUR"}],
 "schedules": [{"id": "s1", "freq": "WEEKLY", "byday": "TU", "opens_at": "09:30:00", "closes_at": "11:30:00"}],
 "attributes": [{"id": "at1", "taxonomy_term": {"id": "t1", "code": "BD-1800.2000", "name": "Food Pantry", "taxonomy": "open-eligibility"}}],
 "organization": {"id": "o1", "name": "Stichting De Kolk", "description": "Buurtwerk in Stadshagen"},
 "interpretation_services": "Arabic on request"}
EOF

# ---- The mapping file, as shipped and as a user edits it --------------------------------------
import "$WORK/kolk.json" --catalog "$WORK/kolk"
expect_status "a foreign service imports" 0
kolk=$(cat "$WORK/kolk/aanbod/koffie-inloop-de-kolk.yaml" 2>/dev/null)
expect_contains "its term goes through schema/hsds-import.yaml (Food Pantry: a leefgebied)" "$kolk" \
  "leefgebieden: [gezondheid]"
expect_contains "... and a keyword" "$kolk" "trefwoorden: [voedselbank]"
expect_contains "the longest rule wins in free text ('no referral needed' is walk-in)" "$kolk" \
  "toegang: vrij"
expect_contains "a service area named like a wijk is that wijk" "$kolk" "wijken: [stadshagen]"
expect_contains "a default that was used is reported" "$ERR" \
  "aanbod/koffie-inloop-de-kolk.yaml: standaard gebruikt: soort: activiteit"
S="$WORK/schema-edited"
cp -r "${WW_SCHEMA:-schema}" "$S"
sed -i 's/^    - {match: food pantry, value: gezondheid}/    - {match: food pantry, value: financien}/; s/^  soort: activiteit/  soort: initiatief/' \
  "$S/hsds-import.yaml"
import "$WORK/kolk.json" --catalog "$WORK/kolk-edited" --schema "$S"
kolk=$(cat "$WORK/kolk-edited/aanbod/koffie-inloop-de-kolk.yaml" 2>/dev/null)
expect_contains "an edited copy of the mapping file is honoured: the term's new leefgebied" "$kolk" \
  "leefgebieden: [financien]"
expect_contains "... and its new default" "$kolk" "soort: initiatief"
printf 'termen:\n  leefgebieden:\n    - {match: food, value: eten}\n' >"$S/hsds-import.yaml"
import "$WORK/kolk.json" --catalog "$WORK/kolk-bad" --schema "$S"
expect_status "a mapping file with a value outside its vocabulary stops the import" 2
expect_contains "... with file, line and column" "$ERR" "hsds-import.yaml:3:28: 'eten' is geen code van 'leefgebieden'"
expect_eq "... and nothing is written" 0 "$(files_in "$WORK/kolk-bad")"

# ---- Existing files: reported, kept, unless --overwrite ---------------------------------------
f="$WORK/kolk/aanbod/koffie-inloop-de-kolk.yaml"
echo "# bewerkt door de redactie" >>"$f"
before=$(md5sum <"$f")
import "$WORK/kolk.json" --catalog "$WORK/kolk"
expect_status "importing the same service again is no error" 0
expect_contains "... it says the file exists and is kept" "$ERR" \
  "aanbod/koffie-inloop-de-kolk.yaml: bestaat al (dezelfde HSDS-service); niet overschreven"
expect_eq "... and the file is unchanged" "$before" "$(md5sum <"$f")"
import "$WORK/kolk.json" --catalog "$WORK/kolk" --overwrite
expect_status "--overwrite imports it again" 0
expect_not_contains "... replacing the file" "$(cat "$f")" "bewerkt door de redactie"
sed 's/7d1f0a52-0000-4000-8000-000000000001/7d1f0a52-0000-4000-8000-000000000002/' "$WORK/kolk.json" >"$WORK/kolk2.json"
import "$WORK/kolk2.json" --catalog "$WORK/kolk"
expect_status "another service with the same name imports too" 0
expect_eq "... under a code of its own" "1" "$(ls "$WORK/kolk/aanbod" | grep -c '^koffie-inloop-de-kolk-2.yaml$')"

# ---- What validation refuses ------------------------------------------------------------------
cat >"$WORK/refused.json" <<'EOF'
[{"id": "r1", "name": "Adres fout", "email": "niet-te-mailen", "status": "active",
  "schedules": [{"freq": "WEEKLY", "byday": "MO", "opens_at": "12:00", "closes_at": "09:00"}],
  "organization": {"id": "o2", "name": "Proef"}},
 {"id": "r2", "name": "Beschermd zonder woonvorm", "status": "active",
  "attributes": [{"id": "x", "taxonomy_term": {"id": "y", "code": "beschermd-thuis", "name": "Beschermd thuis", "taxonomy": "wegwijzer:soorten"}}],
  "organization": {"id": "o2", "name": "Proef"}}]
EOF
import "$WORK/refused.json" --catalog "$WORK/refused"
expect_status "a service that cannot pass validation makes the exit status 1" 1
expect_contains "an optional value the validator refuses is left out, and said" "$ERR" \
  "aanbod/adres-fout.yaml: niet overgenomen: contact.email: 'niet-te-mailen' is geen geldig e-mailadres"
expect_contains "... a time that ends before it starts too" "$ERR" "niet overgenomen: tijden[1].tot"
expect_contains "a record that fails on a required field is an error" "$ERR" \
  "aanbod/beschermd-zonder-woonvorm.yaml: fout: wonen.woonvorm: verplicht veld ontbreekt"
expect_eq "... and is not written, while the other is" "adres-fout.yaml" "$(ls "$WORK/refused/aanbod")"
run "$INDEXER" --catalog "$WORK/refused" --check
expect_status "what was written passes --check" 0

# ---- Hostile input: a clear error, nothing written --------------------------------------------
h="$WORK/hostile"
mkdir -p "$h"
printf 'dit is geen JSON' >"$h/not-json.json"
printf '{"name": 5, "status": "active", "organization": {"name": "Org"}}' >"$h/wrong-type.json"
printf '{"status": "active", "description": "zonder naam", "organization": {"name": "Org"}}' >"$h/no-name.json"
python3 -c "print('[' * 100 + ']' * 100)" >"$h/deep.json"
printf '{"name": "a\0b"}' >"$h/nul.json"
printf '[1, 2, "drie"]' >"$h/not-objects.json"
hostile_case() { # FILE NAME MESSAGE
  import "$h/$1" --catalog "$WORK/h-$1"
  if [ "$STATUS" -eq 1 ] && [[ "$ERR" == *"$3"* ]] && [ "$(files_in "$WORK/h-$1")" -eq 0 ]; then
    ok "$2: exit 1, a clear error, nothing written"
  else
    not_ok "$2: exit 1, a clear error, nothing written" "status $STATUS" "stderr: ${ERR:0:600}" \
      "files: $(files_in "$WORK/h-$1")"
  fi
}
hostile_case not-json.json "not JSON" "fout: geen geldige JSON: '[' or '{' expected"
hostile_case wrong-type.json "a name of the wrong type" "fout: de service heeft geen naam (name is geen tekst)"
hostile_case no-name.json "a service without a name" "fout: de service heeft geen naam (name is er niet)"
hostile_case deep.json "nesting 100 deep" "fout: te diep genest"
hostile_case nul.json "a NUL byte" "NUL"
hostile_case not-objects.json "a list of no objects" "3 elementen van de lijst zijn geen object"
head -c 17000000 /dev/zero | tr '\0' ' ' >"$h/huge.json"
hostile_case huge.json "a file over 16 MB" "fout: te groot"
rm -f "$h/huge.json"
cp "$WORK/kolk.json" "$h/zz-good.json"
import "$h" --catalog "$WORK/h-all"
expect_status "a folder with bad files and a good one: exit 1" 1
expect_eq "... and the good one is imported" "koffie-inloop-de-kolk.yaml" "$(ls "$WORK/h-all/aanbod")"

# ---- Open Referral's own examples -------------------------------------------------------------
if have_examples; then
  bad=""
  n=0
  for f in "$EXAMPLES"/*.json; do
    holds=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def svc(o): return isinstance(o, dict) and ("services.csv" in o or "service" in o or "services" in o
    or ("name" in o and "status" in o) or any(svc(x) for x in o.get("contents", [])))
print(1 if svc(d) else 0)' "$f")
    [ "$holds" = 1 ] || continue
    n=$((n + 1))
    c="$WORK/ex-$(basename "$f" .json)"
    "$INDEXER" --import-hsds "$f" --catalog "$c" >/dev/null 2>&1 || bad="$bad $(basename "$f"):import"
    "$INDEXER" --catalog "$c" --check >/dev/null 2>&1 || bad="$bad $(basename "$f"):check"
    [ "$(files_in "$c/aanbod")" -ge 1 ] || bad="$bad $(basename "$f"):nothing"
  done
  expect_eq "each of Open Referral's $n examples with services imports into files that --check accepts" "" "$bad"
  [ "$n" -ge 6 ] && ok "... which are at least six (service, lists, organization, service_at_location, tabular)" ||
    not_ok "... which are at least six" "found $n"
else
  skip "each of Open Referral's examples with services imports into files that --check accepts"
  skip "... which are at least six (service, lists, organization, service_at_location, tabular)"
fi

if have_examples; then
  import "$EXAMPLES/service_full.json" --catalog "$WORK/full"
  expect_status "service_full.json imports with exit 0" 0
  for line in "aanbod/community-counselling.yaml: niet overgenomen: service.accreditations" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.interpretation_services" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.required_documents" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.funding" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.metadata" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.contacts" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.service_at_locations[1].location.latitude" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.cost_options" \
    "aanbod/community-counselling.yaml: niet overgenomen: service.attributes[1] (term 'name' van taxonomie 'taxonomy'" \
    "organisaties/example-organization-inc.yaml: niet overgenomen: organization.tax_status" \
    "organisaties/example-organization-inc.yaml: niet overgenomen: organization.organization_identifiers"; do
    expect_contains "reported: ${line#*: }" "$ERR" "$line"
  done
  expect_not_contains "a phone repeated in the service's location is not reported twice" "$ERR" \
    "service_at_locations[1].phones"
  y=$(cat "$WORK/full/aanbod/community-counselling.yaml")
  expect_contains "the file says where it came from" "$y" "# HSDS-service: ac148810-d857-441c-9679-408f346de14b"
  expect_contains "... and lists what was not taken over" "$y" "#   niet overgenomen: service.accreditations"
  expect_contains "a WEEKLY schedule becomes tijden" "$y" "dagen: [do, vr]"
  expect_contains "a language code is kept" "$y" "talen: [ur]"
  expect_contains "assured_date is laatst_gecontroleerd" "$y" "laatst_gecontroleerd: 2005-01-01"
  import "$EXAMPLES/tabular.json" --catalog "$WORK/tab"
  expect_contains "the tabular form: rows no service took are reported" "$ERR" \
    "tabular.json: niet overgenomen: taxonomies.csv[1] (hoort bij geen service)"
  import "$EXAMPLES/location.json" --catalog "$WORK/loc"
  expect_status "an example without services: exit 1" 1
  expect_contains "... saying so" "$ERR" "location.json: geen HSDS-services; overgeslagen"

  # All examples at once, indexed, served and found.
  import "$EXAMPLES" --catalog "$WORK/all"
  expect_contains "the examples folder: one service in several files is imported once" "$ERR" \
    "staat ook in"
  expect_eq "... as one entry" "community-counselling.yaml" "$(ls "$WORK/all/aanbod")"
  run "$INDEXER" --catalog "$WORK/all" --index "$WORK/all-idx"
  expect_status "the imported examples index" 0
  serve --index "$WORK/all-idx" --catalog "$WORK/all" --web web
  trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
  get "/api/v1/search?q=counselling"
  expect_eq "a search finds the imported service" "community-counselling" "$(field '.results[0].id')"
  get "/api/v1/entries/community-counselling"
  expect_eq "... and its page in the API names its organisation" "Example Organization Inc." \
    "$(field '.organisatie.naam')"
  kill "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
else
  for t in "service_full.json imports" "reported lines" "the file's first lines" "tabular rows" \
    "an example without services" "the examples folder, indexed and found"; do
    skip "$t"
  done
fi

# ---- The round trip: our export, imported into an empty catalog -------------------------------
# Everything of the sample catalog travels: the organisation's own id too (the export gives it
# as an organization_identifier of scheme "wegwijzer"), so the comparison leaves nothing out.
# Values are compared as the validator reads them: trailing white space of a text dropped,
# numbers as numbers (2.50 = 2.5), the defaults doelgroepen [iedereen] and talen [nl] filled in.
EXCEPTIONS=""
run "$INDEXER" --catalog catalog --export-hsds "$WORK/exported" --quiet
expect_status "the sample catalog exports" 0
import "$WORK/exported" --catalog "$WORK/back"
expect_status "our export imports into an empty catalog with exit 0" 0
expect_not_contains "... and nothing of it is left out" "$ERR" "niet overgenomen"
expect_not_contains "... and no default is needed" "$ERR" "standaard gebruikt"
run "$INDEXER" --catalog "$WORK/back" --check
expect_status "... into files that --check accepts" 0
compare() { # ORIGINAL IMPORTED: prints "ok N" or the differences
  python3 - "$1" "$2" "$EXCEPTIONS" <<'PY'
import glob, json, os, sys, yaml
orig, back, exceptions = sys.argv[1], sys.argv[2], sys.argv[3].split()
def load(d, kind):
    return {os.path.basename(f)[:-5]: yaml.load(open(f), Loader=yaml.BaseLoader)
            for f in glob.glob(os.path.join(d, kind, "*.yaml"))}
def value(v):  # as the validator reads it
    if isinstance(v, dict): return {k: value(x) for k, x in v.items()}
    if isinstance(v, list): return [value(x) for x in v]
    v = v.rstrip()
    try: return float(v)
    except ValueError: return v
A, B = load(orig, "aanbod"), load(back, "aanbod")
OA, OB = load(orig, "organisaties"), load(back, "organisaties")
problems = [f"{k}: only in {'the original' if k in A else 'the import'}" for k in set(A) ^ set(B)]
for k in sorted(set(A) & set(B)):
    a, b = dict(A[k]), dict(B[k])
    for e in (a, b):
        e.setdefault("doelgroepen", ["iedereen"]); e.setdefault("talen", ["nl"])
    for field in sorted(set(a) | set(b)):
        va, vb = value(a.get(field)), value(b.get(field))
        if field in exceptions:   # compared by what it names
            va = {x: y for x, y in value(OA[a[field]]).items() if x != "id"}
            vb = {x: y for x, y in value(OB[b[field]]).items() if x != "id"}
        if va != vb:
            problems.append(f"{k}.{field}: {json.dumps(va, ensure_ascii=False)[:200]} != {json.dumps(vb, ensure_ascii=False)[:200]}")
print("\n".join(problems[:20]) if problems else f"ok {len(A)}")
PY
}
res=$(compare catalog "$WORK/back")
if [ "${res%% *}" = ok ]; then
  ok "every entry comes back equal, its organisation's id included (${res#ok } entries)"
else
  mapfile -t lines <<<"$res"; not_ok "every entry comes back equal, its organisation's id included" "${lines[@]}"
fi
import "$WORK/exported" --catalog "$WORK/back"
expect_contains "importing it again keeps every file" "$OUT" "0 aanbod en 0 organisaties geschreven, 215 bestonden al"
cp -r catalog "$WORK/home"
import "$WORK/exported" --catalog "$WORK/home" --overwrite
expect_status "imported over the catalog it came from (--overwrite)" 0
expect_contains "... its organisations are recognised by their HSDS ids, not written anew" "$OUT" \
  "215 aanbod en 24 organisaties geschreven"
res=$(EXCEPTIONS="" compare catalog "$WORK/home")
if [ "${res%% *}" = ok ]; then
  ok "... and then every entry is equal, organisatie included"
else
  mapfile -t lines <<<"$res"; not_ok "... and then every entry is equal, organisatie included" "${lines[@]}"
fi

echo "1..$T_NUM"
