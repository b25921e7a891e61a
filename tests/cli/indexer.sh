#!/usr/bin/env bash
# The indexer as a shell user runs it: exit codes, messages, encodings, hostile files,
# incremental updates and atomic publishing.
. "$(dirname "$0")/lib.bash"

# ---- The sample catalog --------------------------------------------------------------------
run "$INDEXER" --catalog catalog --index "$WORK/sample"
expect_status "the sample catalog indexes with exit 0" 0
expect_contains "the summary counts no rejected file" "$OUT" ", 0 afgekeurd,"
files=$(ls catalog/aanbod/*.yaml | wc -l)
expect_contains "every sample entry is in the index" "$OUT" ": $files aanbod in de index"
expect_eq "nothing is printed to stderr for a clean catalog" "" "$ERR"

run "$INDEXER" --catalog catalog --check
expect_status "--check on the sample exits 0" 0
expect_contains "--check says it only checked" "$OUT" "controle: $files aanbod goedgekeurd"

# ---- Usage and I/O errors exit 2 -------------------------------------------------------------
run "$INDEXER"
expect_status "no arguments is a usage error" 2
expect_contains "a usage error shows the usage" "$ERR" "gebruik: wegwijzer-indexer"
run "$INDEXER" --catalog catalog --check --index "$WORK/x"
expect_status "--check together with --index is a usage error" 2
run "$INDEXER" --catalog catalog --index "$WORK/x" --nonsense
expect_status "an unknown option is a usage error" 2
run "$INDEXER" --catalog "$WORK/no-such-catalog" --index "$WORK/x"
expect_status "a missing catalog folder is an I/O error" 2
expect_contains "the missing folder is named" "$ERR" "no-such-catalog/organisaties"
mkdir -p "$WORK/foreign" && echo "mine" >"$WORK/foreign/notes.txt"
run "$INDEXER" --catalog catalog --index "$WORK/foreign"
expect_status "a folder holding other files is not used as an index" 2
expect_eq "and its files are left alone" "mine" "$(cat "$WORK/foreign/notes.txt")"
run "$INDEXER" --catalog catalog --index "$WORK/x" --schema "$WORK/no-schema"
expect_status "a missing schema is an error" 2

# ---- A schema that lacks what the programs rely on is refused, not a crash later ----------
# schema_without NAME SED-SCRIPT FILE: a copy of schema/ with FILE edited; sets S.
schema_without() {
  S="$WORK/schema-$1"
  cp -r schema "$S" && sed -i "$2" "$S/$3"
}
schema_without optional-org 's/verwijst_naar: organisaties, verplicht: ja,/verwijst_naar: organisaties,/' aanbod.yaml
run "$INDEXER" --catalog tests/fixtures/search --check --schema "$S"
expect_status "an entry schema whose organisatie is optional is refused" 2
expect_contains "with a message naming the field" "$ERR" "aanbod.yaml:1:1: het veld 'organisatie' moet er zijn, verplicht"
schema_without no-id '/^  id: {type: id, verplicht: ja/d' aanbod.yaml
run "$INDEXER" --catalog tests/fixtures/search --check --schema "$S"
expect_contains "an entry schema without id is refused" "$ERR" "het veld 'id' moet er zijn"
schema_without wijk-as-text '/^  wijken:/,/^    items:/s/items: {type: keuze, uit: wijken}/items: {type: tekst}/' aanbod.yaml
run "$INDEXER" --catalog tests/fixtures/search --check --schema "$S"
expect_contains "a filter field that is no choice from its list is refused" "$ERR" \
  "het veld 'wijken' moet een keuze (of lijst van keuzes) uit 'wijken' zijn"
for n in $(seq 60); do echo "  wijk$n: Wijk $n"; done >"$WORK/extra-wijken.txt"
schema_without many-wijken "/^  buitengebied: Buitengebied/r $WORK/extra-wijken.txt" vocabulaires.yaml
run "$INDEXER" --catalog tests/fixtures/search --check --schema "$S"
expect_status "a filter list longer than a facet mask holds is refused" 2
expect_contains "saying how long it may be" "$ERR" "de lijst 'wijken' heeft 68 codes; een zoekfilter kan er ten hoogste 64 aan"
run "$BUILD/wegwijzer-server" --index "$WORK/x" --catalog tests/fixtures/search --schema "$S" --port 0
expect_status "the server refuses that schema too, before it listens" 2
expect_contains "with the same message" "$ERR" "de lijst 'wijken' heeft 68 codes"

# ---- --check writes nothing ------------------------------------------------------------------
before=$(ls -A "$WORK" | sort)
run "$INDEXER" --catalog tests/fixtures/search --check
after=$(ls -A "$WORK" | sort)
expect_eq "--check creates no files" "$before" "$after"

# ---- A catalog with malformed files beside good ones ---------------------------------------
mixed="$WORK/mixed"
mkdir -p "$mixed"
cp -r tests/fixtures/search/organisaties tests/fixtures/search/aanbod "$mixed/"
good=$(ls "$mixed"/aanbod/*.yaml | wc -l)
a="$mixed/aanbod"
printf 'id: kapotte-yaml\ntitel: [niet gesloten\n' >"$a/kapotte-yaml.yaml"
sed 's/^titel:/titl:/' "$a/koffie-zuid.yaml" | sed 's/^id: .*/id: tikfout-veld/' >"$a/tikfout-veld.yaml"
sed 's/^toegang: .*/toegang: open/' "$a/koffie-zuid.yaml" | sed 's/^id: .*/id: verkeerde-toegang/' >"$a/verkeerde-toegang.yaml"
sed 's/^id: .*/id: ander-id/' "$a/koffie-zuid.yaml" >"$a/naam-klopt-niet.yaml"
sed 's/^organisatie: .*/organisatie: bestaat-niet/' "$a/koffie-zuid.yaml" | sed 's/^id: .*/id: onbekende-organisatie/' >"$a/onbekende-organisatie.yaml"
printf 'id: nul-byte\ntitel: a\0b\n' >"$a/nul-byte.yaml"
cp tests/fuzz/seeds/alias-bomb.yaml "$a/alias-bom.yaml"
head -c 300000 /dev/zero | tr '\0' 'a' | sed 's/^/titel: /' >"$a/te-groot.yaml"
ln -s /etc/passwd "$a/koppeling.yaml"
cp "$a/koffie-zuid.yaml" "$a/Hoofdletters.yaml"
echo "niet yaml" >"$a/LEESMIJ.txt"
start=$(date +%s%N)
run "$INDEXER" --catalog "$mixed" --index "$WORK/mixed-index"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status "malformed files beside good ones: exit 1" 1
for bad in kapotte-yaml tikfout-veld verkeerde-toegang naam-klopt-niet onbekende-organisatie \
           nul-byte alias-bom te-groot koppeling Hoofdletters; do
  expect_contains "the bad file $bad.yaml is named on stderr" "$ERR" "$a/$bad.yaml:"
done
expect_contains "a rejection names line, column and field" "$ERR" "$a/tikfout-veld.yaml:3:1: titl: onbekend veld 'titl'; bedoelt u 'titel'?"
expect_contains "a vocabulary error names the allowed values" "$ERR" "toegang: onbekende waarde 'open'; kies uit: vrij, aanmelden, verwijzing, indicatie"
expect_contains "a NUL byte is reported with its offset" "$ERR" "NUL-teken in het bestand (byte 21)"
expect_contains "a file that is not .yaml is ignored with a warning" "$ERR" "LEESMIJ.txt:1:1: waarschuwing: genegeerd"
expect_contains "the summary counts the rejected files" "$OUT" ", 10 afgekeurd,"
expect_eq "every good file is indexed" "$good" "$(total "$WORK/mixed-index")"
expect_not_contains "the linked file's content never shows up in a message" "$ERR" "root:"
if [ "$elapsed_ms" -lt 5000 ]; then ok "hostile files are rejected quickly (${elapsed_ms} ms)"; else not_ok "hostile files are rejected quickly" "${elapsed_ms} ms"; fi

# ---- Encodings -------------------------------------------------------------------------------
enc="$WORK/enc"
mkdir -p "$enc/aanbod" && cp -r tests/fixtures/search/organisaties "$enc/"
printf 'id: cafe-1252\nsoort: activiteit\ntitel: Caf\xe9 voor iedereen\nsamenvatting: Een \x80 per kop koffie in het caf\xe9.\norganisatie: buurthuis-test\nwijken: [zuid]\ntoegang: vrij\nlaatst_gecontroleerd: 2026-10-01\n' >"$enc/aanbod/cafe-1252.yaml"
printf 'id: utf16-bestand\nsoort: activiteit\ntitel: Taalcaf\xc3\xa9 in UTF-16\nsamenvatting: Geschreven in Kladblok.\norganisatie: buurthuis-test\nwijken: [noord]\ntoegang: vrij\nlaatst_gecontroleerd: 2026-10-01\n' \
  | iconv -f UTF-8 -t UTF-16 >"$enc/aanbod/utf16-bestand.yaml"
printf '\xef\xbb\xbfid: met-bom\nsoort: activiteit\ntitel: Met BOM\nsamenvatting: Een UTF-8 BOM wordt overgeslagen.\norganisatie: buurthuis-test\nwijken: [west]\ntoegang: vrij\nlaatst_gecontroleerd: 2026-10-01\n' >"$enc/aanbod/met-bom.yaml"
run "$INDEXER" --catalog "$enc" --index "$WORK/enc-index"
expect_status "Windows-1252, UTF-16 and a BOM are all accepted" 0
expect_contains "the Windows-1252 file gets a warning naming it" "$ERR" "$enc/aanbod/cafe-1252.yaml:1:1: waarschuwing: gelezen als Windows-1252"
expect_contains "the UTF-16 file gets a warning naming it" "$ERR" "$enc/aanbod/utf16-bestand.yaml:1:1: waarschuwing: gelezen als UTF-16"
expect_not_contains "a BOM alone is no reason to warn" "$ERR" "met-bom.yaml:1:1: waarschuwing: gelezen als"
expect_contains "the converted café is found by 'cafe'" \
  "$("$QUERY" --index "$WORK/enc-index" --schema schema cafe | jsonfield .ids)" cafe-1252
expect_eq "the UTF-16 taalcafé is found by 'taalcafé'" 1 "$(total "$WORK/enc-index" taalcafé)"
printf 'id: kapot\ntitel: \x81\x8d\n' >"$enc/aanbod/kapot.yaml"
run "$INDEXER" --catalog "$enc" --index "$WORK/enc-index"
expect_status "text that no encoding makes valid is rejected" 1
expect_contains "with the file and the byte offset" "$ERR" "$enc/aanbod/kapot.yaml:2:8: tekst die in geen tekenset geldig is (byte 17)"

# ---- Incremental updates ---------------------------------------------------------------------
inc="$WORK/inc"
cp -r tests/fixtures/search "$inc"
idx="$WORK/inc-index"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_contains "the first run is a full build" "$OUT" "volledige bouw: 15 aanbod"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_contains "a run without changes reads no entry" "$OUT" "bijgewerkt: 15 aanbod in de index (0 gelezen, 0 verwijderd)"
sed -i 's/^titel: .*/titel: Koffie en appeltaart in de buurtkamer/' "$inc/aanbod/koffie-zuid.yaml"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_contains "one changed file is the only one read" "$OUT" "(1 gelezen, 0 verwijderd)"
expect_eq "and its new words are searchable" 1 "$(total "$idx" appeltaart)"
rm "$inc/aanbod/wandelen-rouw.yaml"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_contains "a deleted file leaves the index" "$OUT" "14 aanbod in de index (0 gelezen, 1 verwijderd)"
expect_eq "and is no longer found" 0 "$(total "$idx" rouw)"
sed -i 's/^toegang: .*/toegang: soms/' "$inc/aanbod/koffie-noord.yaml"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_status "a file that went bad makes the update exit 1" 1
expect_eq "and leaves the index, as a full build would leave it out" 0 "$(total "$idx" holtenbroek)"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_status "a bad file is reported again on the next run" 1
sed -i 's/^toegang: .*/toegang: vrij/' "$inc/aanbod/koffie-noord.yaml"
sed -i 's/^naam: .*/naam: Woonbegeleiding Nieuwe Naam/' "$inc/organisaties/wonen-test.yaml"
run "$INDEXER" --catalog "$inc" --index "$idx"
expect_contains "a changed organisation re-reads its entries (and the repaired one)" "$OUT" "(2 gelezen, 0 verwijderd)"
expect_eq "the new organisation name is searchable" 1 "$(total "$idx" nieuwe naam)"
cp -r schema "$WORK/schema2" && echo "proefwoord, testwoord" >>"$WORK/schema2/synoniemen.txt"
run "$INDEXER" --catalog "$inc" --index "$idx" --schema "$WORK/schema2"
expect_contains "a schema change forces a full build" "$OUT" "volledige bouw:"

# ---- Targeted updates: only the named entry files ----------------------------------------
# The index was just built with schema2; a targeted update with another schema would mix two.
sed -i 's/^titel: .*/titel: Gymnastiek met muziek uit de jaren zestig/' "$inc/aanbod/gymnastiek-oost.yaml"
run "$INDEXER" --catalog "$inc" --index "$idx" aanbod/gymnastiek-oost.yaml
expect_status "a targeted update refuses an index built with another schema" 2
expect_contains "and says what to do" "$ERR" "werk de hele catalogus bij"
INDEXER="$INDEXER --schema $WORK/schema2"
run $INDEXER --catalog "$inc" --index "$idx" aanbod/gymnastiek-oost.yaml
expect_status "a named entry file is updated alone" 0
expect_contains "and it is the only file read" "$OUT" "(1 gelezen, 0 verwijderd)"
expect_eq "its new words are searchable at once" 1 "$(total "$idx" zestig)"
rm "$inc/aanbod/winterwandeling.yaml"
run $INDEXER --catalog "$inc" --index "$idx" "$inc/aanbod/winterwandeling.yaml"
expect_contains "a named file that is gone leaves the index" "$OUT" "(0 gelezen, 1 verwijderd)"
expect_eq "and is no longer found" 0 "$(total "$idx" winterwandeling)"
run $INDEXER --catalog "$inc" --index "$idx" ../../etc/passwd
expect_status "a name that is no entry file is a usage error" 2
run $INDEXER --catalog "$inc" --index "$idx"
expect_status "a scan after targeted updates agrees with them" 0
expect_eq "with the same entries" 1 "$(total "$idx" zestig)"
run $INDEXER --catalog "$inc" --index "$WORK/never-built" aanbod/gymnastiek-oost.yaml
expect_status "a targeted update needs a built index" 2
INDEXER="$BUILD/wegwijzer-indexer"

# ---- Atomic publishing -----------------------------------------------------------------------
pub="$WORK/pub"
"$INDEXER" --catalog tests/fixtures/search --index "$pub" --quiet
g1=$(readlink "$pub/current")
"$INDEXER" --catalog tests/fixtures/search --index "$pub" --full --quiet
g2=$(readlink "$pub/current")
"$INDEXER" --catalog tests/fixtures/search --index "$pub" --full --quiet
g3=$(readlink "$pub/current")
expect_eq "every full build publishes a new generation" "gen-00000001 gen-00000002 gen-00000003" "$g1 $g2 $g3"
expect_eq "the previous generation is kept for open readers, older ones removed" \
  "current gen-00000002 gen-00000003 inzicht-historie.csv lock state" "$(ls "$pub" | tr '\n' ' ' | sed 's/ $//')"

# A reader that opens the index over and over during rebuilds always sees a whole index
# (ww-query is given no date, so the expired entry counts too: 15).
( for i in $(seq 40); do "$INDEXER" --catalog tests/fixtures/search --index "$pub" --full --quiet; done ) &
builder=$!
bad=0 reads=0
while kill -0 "$builder" 2>/dev/null; do
  n=$(total "$pub" 2>&1)
  reads=$((reads + 1))
  [ "$n" = 15 ] || { bad=$((bad + 1)); echo "# reader saw: $n"; }
done
wait "$builder"
if [ "$bad" -eq 0 ] && [ "$reads" -gt 0 ]; then ok "readers see the old or the new index during $reads reads, never half"; else not_ok "readers see the old or the new index" "$bad of $reads reads were wrong"; fi

# Two indexers at once: the second waits for the first as long as --wait says, then is told,
# and nothing breaks.
exec 9>"$pub/lock"
flock -n 9
run "$INDEXER" --catalog tests/fixtures/search --index "$pub" --wait 1
exec 9>&-
expect_status "a second indexer on the same index stops with exit 2 after --wait" 2
expect_contains "and says why" "$ERR" "een andere indexering"
expect_contains "and how long it waited" "$ERR" "(1 s gewacht)"
# A server that updates one entry holds the lock for a moment: the nightly run must not fail
# because a partner saved just then.
flock "$pub/lock" sleep 1 &
holder=$!
sleep 0.2
run "$INDEXER" --catalog tests/fixtures/search --index "$pub" --full --quiet
wait "$holder"
expect_status "by default an indexer waits while another run holds the index, then builds" 0
run "$INDEXER" --catalog tests/fixtures/search --index "$pub" --wait soon
expect_status "--wait takes seconds only" 2

# ---- Progress and summary --------------------------------------------------------------------
run script -qec "$INDEXER --catalog catalog --index $WORK/tty" /dev/null
expect_contains "on a terminal the build shows progress" "$OUT" "aanbod gelezen"
run "$INDEXER" --catalog catalog --index "$WORK/notty" --full
expect_not_contains "without a terminal there is no progress line" "$ERR" "aanbod gelezen"
expect_contains "every run ends with a summary with the time" "$OUT" " s"
echo "1..$T_NUM"
