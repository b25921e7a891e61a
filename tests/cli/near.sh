#!/usr/bin/env bash
# Near me, and when: postcodes and coordinates as a place, distances measured by Xapian's
# geospatial classes and checked against known values, nearest first, the radius and its
# edges, offers without a location, days and parts of the day, "nu open", and every bad place
# refused in plain Dutch -- over real HTTP, against a small catalog whose places are known and
# against the sample catalog.
. "$(dirname "$0")/lib.bash"

# ---- A catalog with known places -------------------------------------------------------------
# Public coordinates (WGS84) of two Zwolle landmarks: the railway station and the Peperbus (the
# tower of the Onze Lieve Vrouwekerk), about a kilometre apart.
STATION_LAT=52.50472 STATION_LON=6.09056 PEPERBUS_LAT=52.51361 PEPERBUS_LON=6.09250
cat_dir="$WORK/cat"
mkdir -p "$cat_dir/aanbod" "$cat_dir/organisaties"
printf 'id: buurthuis-test\nnaam: Buurthuis De Proef\n' >"$cat_dir/organisaties/buurthuis-test.yaml"
entry() { # ID TITLE WIJK [extra YAML lines]
  { printf 'id: %s\nsoort: activiteit\ntitel: %s\nsamenvatting: Samen koffie drinken en praten.\n' "$1" "$2"
    printf 'organisatie: buurthuis-test\nwijken: [%s]\ntoegang: vrij\nlaatst_gecontroleerd: 2026-11-01\n' "$3"
    printf '%s\n' "${@:4}"; } >"$cat_dir/aanbod/$1.yaml"
}
entry bij-station "Koffie bij het station" centrum "locaties:" "  - {naam: Station, postcode: 8011 CW, lat: $STATION_LAT, lon: $STATION_LON}" \
  "tijden:" "  - {dagen: [di], van: '09:30', tot: '12:00'}"
entry bij-peperbus "Koffie bij de Peperbus" centrum "locaties:" "  - {naam: Peperbus, lat: $PEPERBUS_LAT, lon: $PEPERBUS_LON}" \
  "tijden:" "  - {dagen: [do], van: '19:00', tot: '21:00'}"
entry twee-plekken "Koffie op twee plekken" centrum "locaties:" "  - {naam: Ver weg, lat: 52.540, lon: 6.040}" \
  "  - {naam: Bij de Peperbus, lat: $PEPERBUS_LAT, lon: $PEPERBUS_LON}"
entry alleen-postcode "Koffie in Stadshagen" stadshagen "locaties:" "  - {naam: Buurthuis, adres: Werkerlaan 2, postcode: 8043 AA}" \
  "tijden:" "  - {dagen: [za], van: '10:00'}"
entry onbekende-postcode "Koffie elders" oost "locaties:" "  - {naam: Elders, postcode: 1012 AB}"
entry heel-zwolle "Koffie aan de telefoon" heel-zwolle
entry alleen-wijk "Koffie in Zuid" zuid
entry andere-wijk "Koffie in Noord" noord
idx="$WORK/idx"

run "$INDEXER" --catalog "$cat_dir" --index "$idx"
expect_status "the indexer indexes locations that have only a postcode" 0
expect_contains "a location with only a postcode: a warning names the file and its area" "$ERR" \
  "alleen-postcode.yaml"
expect_contains "... and says where the distance is measured from" "$ERR" "postcodegebied 8043"
expect_contains "a postcode the table lacks: a warning says the location has no place" "$ERR" \
  "postcode 1012 AB staat niet in postcodes.yaml"
expect_not_contains "locations with their own lat/lon warn of nothing" "$ERR" "bij-station.yaml"

WW_NOW=2026-12-01T10:00 serve --index "$idx" --catalog "$cat_dir"
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

# check NAME PYTHON: runs a checker that prints "ok <what>" or what went wrong.
check() {
  local name="$1" out
  out=$(BASE="$BASE" SCHEMA="${WW_SCHEMA:-schema}" python3 -c "$PY_LIB$2" 2>&1)
  if [ "${out%% *}" = ok ]; then ok "$name (${out#ok })"; else
    local lines; mapfile -t lines <<<"$out"; not_ok "$name" "${lines[@]}"
  fi
}
PY_LIB="
import json, math, os, urllib.request, urllib.parse, urllib.error
BASE = os.environ['BASE']
STATION = ($STATION_LAT, $STATION_LON); PEPERBUS = ($PEPERBUS_LAT, $PEPERBUS_LON)
def search(params):
    url = BASE + '/api/v1/search?' + urllib.parse.urlencode(params + [('per_page', '100')], doseq=True)
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
def by_id(d): return {r['id']: r for r in d['results']}
# The great-circle distance with the earth radius Xapian's GreatCircleMetric uses.
def metres(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6372797.6 * math.asin(math.sqrt(h))
"

check "distances: station to Peperbus is the known kilometre, to the metre of the great circle" "
st, d = search([('lat', str(STATION[0])), ('lon', str(STATION[1]))])
r = by_id(d)
want = metres(STATION, PEPERBUS)
got = r['bij-peperbus']['afstand_m']
print('ok', got, 'm') if st == 200 and abs(got - want) <= 1 and 950 <= got <= 1050 and r['bij-station']['afstand_m'] == 0 else print(st, got, want, r.get('bij-station'))
"

check "distances: an entry with two locations is as far as its nearest" "
st, d = search([('lat', str(STATION[0])), ('lon', str(STATION[1]))])
r = by_id(d)
print('ok', r['twee-plekken']['afstand_m'], 'm') if r['twee-plekken']['afstand_m'] == r['bij-peperbus']['afstand_m'] else print(r['twee-plekken'], r['bij-peperbus'])
"

check "distances: a location with only a postcode is measured from its area's centre (postcodes.yaml)" "
import re
text = open(os.path.join(os.environ['SCHEMA'], 'postcodes.yaml')).read()
m = re.search(r'\"8043\": \{[^}]*lat: ([0-9.]+), lon: ([0-9.]+)\}', text)
centre = (float(m.group(1)), float(m.group(2)))
st, d = search([('lat', str(STATION[0])), ('lon', str(STATION[1]))])
got = by_id(d)['alleen-postcode']['afstand_m']
print('ok', got, 'm') if abs(got - metres(STATION, centre)) <= 1 else print(got, metres(STATION, centre))
"

check "a postcode in any spelling is one place, reduced to its area, with its wijk named" "
answers = [search([('postcode', p)]) for p in ['8043AA', '8043 aa', ' 8043 ', '8043']]
places = [d['plaats'] for st, d in answers]
ok = all(st == 200 for st, d in answers) and all(p['postcodegebied'] == '8043' and p['wijken'] == ['stadshagen'] for p in places)
print('ok', places[0]['postcode'], places[0]['wijken']) if ok and places[0]['postcode'] == '8043 AA' else print(places)
"

check "without a question, a place lists the nearest first; offers without a location follow" "
st, d = search([('postcode', '8011CW')])
ids = [r['id'] for r in d['results']]
dist = [r['afstand_m'] for r in d['results']]
placed = [x for x in dist if x is not None]
first_unplaced = dist.index(None)
ok = placed == sorted(placed) and all(x is None for x in dist[first_unplaced:]) and ids[0] == 'bij-peperbus' and len(placed) == 4
print('ok', ids) if ok else print(ids, dist)
"

check "offers without a location: the whole city's marked overal, a wijk's not pretended near" "
st, d = search([('postcode', '8011CW')])
r = by_id(d)
ok = r['heel-zwolle']['afstand_m'] is None and r['heel-zwolle']['overal'] is True and r['alleen-wijk']['overal'] is False and 'afstand_m' in r['onbekende-postcode']
print('ok') if ok else print(r['heel-zwolle'], r['alleen-wijk'])
"

check "with a question, relevance stays the order; sort=afstand makes it nearest first" "
st, plain = search([('q', 'koffie peperbus')])
st2, near = search([('q', 'koffie peperbus'), ('lat', str(STATION[0])), ('lon', str(STATION[1]))])
st3, by_distance = search([('q', 'koffie peperbus'), ('lat', str(STATION[0])), ('lon', str(STATION[1])), ('sort', 'afstand')])
same = [r['id'] for r in plain['results']] == [r['id'] for r in near['results']]
dist = [r['afstand_m'] for r in by_distance['results'] if r['afstand_m'] is not None]
ok = same and near['results'][0]['id'] == 'bij-peperbus' and by_distance['results'][0]['id'] == 'bij-station' and dist == sorted(dist)
print('ok', [r['id'] for r in by_distance['results']][:3]) if ok else print([r['id'] for r in near['results']], [r['id'] for r in by_distance['results']])
"

check "the radius: an entry just inside is found, just outside is not" "
d_m = metres(STATION, PEPERBUS)
base = [('lat', str(STATION[0])), ('lon', str(STATION[1]))]
inside = by_id(search(base + [('straal_km', '%.4f' % ((d_m + 2) / 1000))])[1])
outside = by_id(search(base + [('straal_km', '%.4f' % ((d_m - 2) / 1000))])[1])
print('ok', round(d_m), 'm') if 'bij-peperbus' in inside and 'bij-peperbus' not in outside and 'bij-station' in outside else print(sorted(inside), sorted(outside))
"

check "the radius keeps offers for the whole city and for the place's wijk, drops other wijken" "
st, d = search([('postcode', '8012'), ('straal_km', '0.5')])
ids = set(by_id(d))
ok = st == 200 and d['plaats']['wijken'] == ['zuid'] and {'heel-zwolle', 'alleen-wijk'} <= ids and not ids & {'andere-wijk', 'bij-peperbus', 'alleen-postcode'}
print('ok', sorted(ids)) if ok else print(d['plaats'], sorted(ids))
"

check "days and parts of the day filter on tijden, and have facet counts" "
st, d = search([])
f = d['facets']
tue = set(by_id(search([('dag', 'di')])[1]))
evening = set(by_id(search([('dagdeel', 'avond')])[1]))
sat_morning = set(by_id(search([('dag', 'za'), ('dagdeel', 'ochtend')])[1]))
ok = tue == {'bij-station'} and evening == {'bij-peperbus'} and sat_morning == {'alleen-postcode'} and f['dag'] == {'di': 1, 'do': 1, 'za': 1} and f['dagdeel'] == {'ochtend': 2, 'avond': 1}
print('ok', f['dag'], f['dagdeel']) if ok else print(tue, evening, sat_morning, f['dag'], f['dagdeel'])
"

check "nu open on a Tuesday at 10.00: what is on now, never what has no end time or no times" "
st, d = search([('nu_open', '1')])
print('ok', sorted(by_id(d))) if st == 200 and set(by_id(d)) == {'bij-station'} else print(st, d)
"

check "bad places are refused in plain Dutch: Amsterdam, letters, lat 91, outside Zwolle" "
cases = {'postcode=1012AB': 'ligt niet in de gemeente Zwolle', 'postcode=ABCD': 'is geen postcode',
         'lat=91&lon=6.09': 'breedtegraad', 'lat=52.37&lon=4.89': 'buiten de gemeente Zwolle',
         'lat=52.5': 'lat en lon allebei', 'sort=afstand': 'alleen met een plaats',
         'postcode=8011&straal_km=0': 'kilometers', 'postcode=8011&straal_km=veel': 'kilometers',
         'postcode=8011&lat=52.5&lon=6.1': 'niet allebei', 'straal_km=2': 'alleen met een plaats',
         'postcode=8011&nu_open=ja': 'nu_open', 'dag=maandag': 'dag', 'dagdeel=nacht': 'dagdeel'}
bad = []
for query, words in cases.items():
    try:
        urllib.request.urlopen(BASE + '/api/v1/search?' + query)
        bad.append(query + ': 200')
    except urllib.error.HTTPError as e:
        msg = json.loads(e.read())['error']['message']
        if e.code != 400 or words not in msg:
            bad.append(f'{query}: {e.code} {msg}')
print('ok', len(cases), 'refusals') if not bad else print('\n'.join(bad))
"

check "the answer cache tells sort orders and places apart" "
a = [r['id'] for r in search([('q', 'koffie'), ('lat', str(STATION[0])), ('lon', str(STATION[1]))])[1]['results']]
b = [r['id'] for r in search([('q', 'koffie'), ('lat', str(STATION[0])), ('lon', str(STATION[1])), ('sort', 'afstand')])[1]['results']]
c = search([('q', 'koffie'), ('postcode', '8043')])[1]['plaats']['postcodegebied']
print('ok') if a != b and b[0] == 'bij-station' and c == '8043' else print(a, b, c)
"
kill $PID 2>/dev/null; wait $PID 2>/dev/null

# At 12.00 the Tuesday morning is over: the end time is not open.
WW_NOW=2026-12-01T12:00 serve --index "$idx" --catalog "$cat_dir"
get "/api/v1/search?nu_open=1"
expect_eq "nu open at the end time: closed" "0" "$(field .total)"
kill $PID 2>/dev/null; wait $PID 2>/dev/null

# ---- The sample catalog: every location has a place -------------------------------------------
run "$INDEXER" --catalog catalog --check
expect_not_contains "the sample catalog's locations all have coordinates (no postcode-only warning)" \
  "$ERR" "postcodegebied"
"$INDEXER" --catalog catalog --index "$WORK/sample" --quiet
serve --index "$WORK/sample" --catalog catalog
# An area's centre is coarse: in the city within a few kilometres of its addresses, in the rural
# areas (8026, 8028) farther.
check "every postcode of the sample catalog is an area of postcodes.yaml, near its own location" "
import glob, re
bad, n = [], 0
for f in glob.glob('catalog/aanbod/*.yaml'):
    text = open(f).read()
    for pc, lat, lon in re.findall(r'postcode: (\\d{4} ?[A-Z]{2})\\s+(?:plaats: \\S+\\s+)?lat: ([0-9.]+)\\s+lon: ([0-9.]+)', text):
        n += 1
        st, d = search([('postcode', pc)])
        if st != 200:
            bad.append(f'{f}: {pc}: {st}'); continue
        far = metres((float(lat), float(lon)), (d['plaats']['lat'], d['plaats']['lon']))
        if far > 6000:
            bad.append(f'{f}: {pc} lies {far:.0f} m from its area centre')
print('ok', n, 'locations') if n > 100 and not bad else print('\\n'.join(bad) or f'only {n}')
"
