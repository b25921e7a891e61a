#!/usr/bin/env bash
# server/run-regio.sh -- `make run-regio`: the example region of schema/regio.voorbeeld.yaml,
# served on this host as three hosts would serve it (issue 18).
#
#   server/run-regio.sh [--build DIR] [--out DIR/regio] [--port N] [--tcp-ports A,B] [--entries N]
#
# Everything goes into the --out folder. Zwolle is the sample catalog with the project's schema
# (the region's). Kampen and
# Dalfsen are generated (tests/bench/gen_catalog.py, N entries each, default 2000): each gets a
# schema of its own, the region's with its own wijken and a postcode table moved to where the
# gemeente lies (fictitious four-digit areas: Zwolle's plus 250 for Kampen, minus 300 for Dalfsen),
# and its catalog speaks of those wijken, postcodes and places. Both are served by xapian-tcpsrv
# on loopback (ports 7021 and 7022 unless --tcp-ports), as their own hosts would, and the region's
# server reads schema/regio.voorbeeld.yaml with the --out folder for ../build/regio and those
# ports: the example file is what is served. Stopping the server (Ctrl-C) stops the xapian-tcpsrv too.
set -euo pipefail
BUILD=build OUT= PORT=8080 TCP_PORTS=7021,7022 ENTRIES=2000
while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --tcp-ports) TCP_PORTS=${2:?}; shift 2 ;;
    --entries) ENTRIES=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-regio: onbekend argument: $1" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."
BUILD=$(cd "$BUILD" && pwd)
OUT=${OUT:-$BUILD/regio}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
IFS=, read -r PORT_KAMPEN PORT_DALFSEN <<<"$TCP_PORTS"
say() { printf 'run-regio: %s\n' "$*" >&2; }

say "Zwolle: de voorbeeldcatalogus"
mkdir -p "$OUT/zwolle"
"$BUILD/wegwijzer-indexer" --catalog catalog --index "$OUT/zwolle/index" --quiet

# make_gemeente ID NAME POSTCODE-SHIFT LAT-SHIFT LON-SHIFT WIJK=CODE:LABEL...
make_gemeente() {
    local id=$1 stamp="$OUT/$1/klaar-$ENTRIES"
    if [ -e "$stamp" ]; then
        say "$2: al gemaakt ($OUT/$id)"
        return
    fi
    say "$2: $ENTRIES aanbod, eigen wijken en postcodes"
    rm -rf "${OUT:?}/$id"
    mkdir -p "$OUT/$id"
    cp -r schema "$OUT/$id/schema"
    python3 tests/bench/gen_catalog.py generate --source catalog --schema schema \
        --out "$OUT/$id/catalogus" --entries "$ENTRIES" --orgs 20 --seed "regio-$id" >/dev/null
    python3 - "$OUT/$id" "$@" <<'EOF'
import os, re, sys
folder, gid, name, shift, dlat, dlon, *pairs = sys.argv[1:]
shift, dlat, dlon = int(shift), float(dlat), float(dlon)
wijken = {}  # Zwolle's code -> (code, label)
for pair in pairs:
    zwolle, rest = pair.split("=")
    code, label = rest.split(":")
    wijken[zwolle] = (code, label)

# Its schema: the region's, with its own wijken and postcode table.
p = os.path.join(folder, "schema", "vocabulaires.yaml")
text = open(p).read()
lines = ["wijken:"]
for zwolle, (code, label) in wijken.items():
    if zwolle.startswith("heel-"):
        lines += [f"  {code}:", f"    label: {label}", "    overal: ja"]
    else:
        lines.append(f"  {code}: {label}")
text = re.sub(r"^wijken:\n(?:[ #].*\n|\n)*?(?=^\S)", "\n".join(lines) + "\n\n", text, flags=re.M)
open(p, "w").write(text)

def moved(m):
    return f"{m.group(1)}{float(m.group(2)) + (dlat if m.group(1).startswith('lat') else dlon):.3f}"

p = os.path.join(folder, "schema", "postcodes.yaml")
text = open(p).read()
text = re.sub(r"^gemeente: .*$", f"gemeente: {name}", text, flags=re.M)
text = re.sub(r'"(\d{4})"', lambda m: f'"{int(m.group(1)) + shift}"', text)
text = re.sub(r"\b(lat: |lon: )(\d+\.\d+)", moved, text)
text = re.sub(r"^(  lat: \[)([\d.]+), ([\d.]+)\]", lambda m: f"{m.group(1)}{float(m.group(2)) + dlat:.3f}, {float(m.group(3)) + dlat:.3f}]", text, flags=re.M)
text = re.sub(r"^(  lon: \[)([\d.]+), ([\d.]+)\]", lambda m: f"{m.group(1)}{float(m.group(2)) + dlon:.3f}, {float(m.group(3)) + dlon:.3f}]", text, flags=re.M)
text = re.sub(r"wijken: \[([^\]]*)\]", lambda m: "wijken: [" + ", ".join(wijken[w.strip()][0] for w in m.group(1).split(",")) + "]", text)
open(p, "w").write(text)

# Its catalog: the generated entries in its wijken, postcodes and places.
aanbod = os.path.join(folder, "catalogus", "aanbod")
for f in os.listdir(aanbod):
    p = os.path.join(aanbod, f)
    text = open(p).read()
    text = re.sub(r"^wijken: \[([^\]]*)\]", lambda m: "wijken: [" + ", ".join(wijken[w.strip()][0] for w in m.group(1).split(",")) + "]", text, flags=re.M)
    text = re.sub(r"^(    postcode: )(\d{4})", lambda m: f"{m.group(1)}{int(m.group(2)) + shift}", text, flags=re.M)
    text = re.sub(r"^    plaats: Zwolle$", f"    plaats: {name}", text, flags=re.M)
    text = re.sub(r"^(    lat: |    lon: )(\d+\.\d+)", moved, text, flags=re.M)
    open(p, "w").write(text)
EOF
    # warnings (locations placed by their postcode's centre) in a log; 1: some files rejected
    "$BUILD/wegwijzer-indexer" --catalog "$OUT/$id/catalogus" --index "$OUT/$id/index" \
        --schema "$OUT/$id/schema" --quiet 2>"$OUT/$id/indexer.log" || [ $? -eq 1 ]
    touch "$stamp"
}
make_gemeente kampen Kampen 250 0.045 -0.180 \
    centrum=kampen-centrum:Binnenstad noord=brunnepe:Brunnepe oost=hanzewijk:Hanzewijk \
    zuid=kampen-zuid:Zuid west=het-onderdijks:"Het Onderdijks" stadshagen=ijsselmuiden:IJsselmuiden \
    buitengebied=buitengebied-kampen:Buitengebied heel-zwolle=heel-kampen:"Heel Kampen"
make_gemeente dalfsen Dalfsen -300 0.000 0.170 \
    centrum=dalfsen-kern:"Dalfsen kern" noord=nieuwleusen:Nieuwleusen oost=lemelerveld:Lemelerveld \
    zuid=oudleusen:Oudleusen west=hoonhorst:Hoonhorst stadshagen=ankum:Ankum \
    buitengebied=buitengebied-dalfsen:Buitengebied heel-zwolle=heel-dalfsen:"Heel Dalfsen"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM
for g in kampen:"$PORT_KAMPEN" dalfsen:"$PORT_DALFSEN"; do
    say "${g%%:*}: xapian-tcpsrv op poort ${g#*:}"
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "${g#*:}" "$OUT/${g%%:*}/index/current" \
        >"$OUT/${g%%:*}/tcpsrv.log" 2>&1 &
    pids+=($!)
done
sed -e "s|\.\./build/regio/|$OUT/|" -e "s|127.0.0.1:7021|127.0.0.1:$PORT_KAMPEN|" \
    -e "s|127.0.0.1:7022|127.0.0.1:$PORT_DALFSEN|" schema/regio.voorbeeld.yaml >"$OUT/regio.yaml"
sleep 0.5
say "de regio: $OUT/regio.yaml (schema/regio.voorbeeld.yaml)"
"$BUILD/wegwijzer-server" --regio "$OUT/regio.yaml" --web web --port "$PORT" &
pids+=($!)
wait "${pids[-1]}"
