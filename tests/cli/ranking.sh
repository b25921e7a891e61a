#!/usr/bin/env bash
# How search ranks, over real HTTP on a catalog made for it: the word a person typed outranks its
# synonyms, and a very common synonym does not flood the answer; a hit in the title outranks one
# in the text; the whole phrase outranks the same words scattered, also in other forms (gezonder
# koken: gezond koken); other forms of a word (valt,
# fitter, tuinierde) find the form the catalog uses, and the rules of what a question is about
# hear them too; a form is never taken from the stemmer alone (maatje finds no maten), nor from a
# noun in -er as if it were a comparative (kamer finds no kam); a word of
# the synonym list that the catalog lacks is neither corrected nor left without answers, also
# as a part of a compound, nor is a form of a word that only the synonym list knows (adviseert:
# adviseren); a separable verb split by "te" is heard whole (om rond te komen: rondkomen); a
# compound in an entry is found by its parts; a query's split keeps a word the catalog knows whole;
# everyday phrases of the synonym list (geen geld) are heard as their group's words, and weigh
# more than their own words.
. "$(dirname "$0")/lib.bash"

cat_dir="$WORK/catalog" idx="$WORK/idx"
mkdir -p "$cat_dir/aanbod"
cp -r tests/fixtures/search/organisaties "$cat_dir/"
# entry ID TITLE SUMMARY
entry() {
  cat >"$cat_dir/aanbod/$1.yaml" <<EOF
id: $1
soort: activiteit
titel: $2
samenvatting: $3
organisatie: buurthuis-test
wijken: [oost]
toegang: vrij
ambities: [sociaal]
laatst_gecontroleerd: 2026-10-01
EOF
}
entry uitkering-aanvragen "Uitkering aanvragen" "Een vrijwilliger helpt met de aanvraag van uw uitkering."
entry uitkering-spreekuur "Spreekuur over uw uitkering" "Vragen over een uitkering stellen."
entry uitkering-formulieren "Formulieren voor een uitkering" "Samen de formulieren van de uitkering invullen."
entry uitkering-wijzigen "Uitkering wijzigen" "Hulp als uw uitkering verandert."
entry inkomen-dinsdag "Spreekuur op dinsdag" "Vragen over inkomensondersteuning stellen aan een vrijwilliger."
entry moestuin-dijk "Moestuin aan de dijk" "Samen groente telen."
entry buurtactiviteiten "Buurtactiviteiten" "Van alles in de buurt, ook een moestuin."
# The same words, scattered in the first (indexed first, so it wins a tie) and a phrase in the second.
entry koken-los "Donderdagavond in het buurthuis" "Koken met de buren en daarna samen eten."
entry koken-zin "Dinsdagavond in het buurthuis" "Samen koken met de buren, daarna eten we."
# The same again with a word in another form than the question's ("gezonder koken").
entry kookles-los "Kookles op woensdag" "Gezond, goedkoop en lekker, zo leert u koken."
entry kookles-zin "Kookles op vrijdag" "Zo leert u gezond koken, goedkoop en lekker."
entry sterk-op-de-been "Sterk op de been" "Een cursus om vallen te voorkomen."
entry yoga-stoel "Yoga op de stoel" "Blijf fit met yoga."
entry volkstuin "Tuinieren op het volkstuincomplex" "Een eigen stukje grond."
entry rekenen "Rekenen voor elke dag" "Rekenen met maten en gewichten."
entry gym-ouderen "Gymnastiek voor ouderen" "Elke dinsdag in de zaal."
entry toeslagen-hulp "Hulp bij toeslagen" "Wij kijken of u alles krijgt waar u recht op heeft."
entry zonnepanelen "Zonnepanelen op het dak" "Doe mee met de energiecoöperatie van de wijk."
entry puberteit "Opvoeding in de puberteit" "Een avond voor ouders."
entry belcirkel "Belcirkel" "Wij bellen u elke ochtend even."
entry yoga-park "Yoga in het park" "Elke zaterdag, voor iedereen."
entry yoga-wijk "Yoga in de wijk" "Elke zondag, voor iedereen."
entry rondkomen "Rondkomen met weinig" "Tips voor wie moeite heeft met de maand."
entry advies "Advies op dinsdag" "Stel uw vraag aan een vrijwilliger."
# A phrase of the synonym list (rond te komen) and its words alone (rond, komen) in a title.
entry schulden-hulp "Hulp bij schulden" "Een vrijwilliger kijkt met u naar de post."
# A noun in -er (kamer, with its plural kamers) is no comparative: "kam" is no form of it.
entry kamers "Kamers voor jongeren" "Een kamer van uw eigen, met begeleiding."
entry kapper "Kappersochtend" "Een kam, een schaar en een praatje."
entry rond-de-tafel "Rond de tafel" "Elke week komen de buren samen aan tafel."
entry eenzaamheid "Samen tegen eenzaamheid" "Elke week een kop koffie met de buren."
entry voetbal "Walking football" "Een geweldige middag voor 60-plussers."
# "speelgoedbieb": the common "goed" makes speel|goed|bieb the likeliest split of three parts.
entry speelgoed-lenen "Speelgoed lenen" "Speelgoed voor uw kind, lenen in plaats van kopen."
entry speel-mee "Speel mee" "Speel mee met de buren, goed voor iedereen."
entry goed-gevoel "Goed gevoel" "Goed eten, goed slapen, goed bewegen en een goed gesprek."
entry goed-buur "Goede buren" "Goed contact, goed voor de buurt."
entry speel-tuin "Speel buiten" "Speel in de tuin, het is goed weer."
entry speel-avond "Speel een spel" "Speel kaart of bingo, goed voor de geest."
# The same offer twice; the first (which wins a tie) needs a verwijzing.
entry werkplaats-a "Werkplaats" "Timmeren en schuren."
entry werkplaats-b "Werkplaats" "Timmeren en schuren."
sed -i 's/^toegang: vrij/toegang: verwijzing/' "$cat_dir/aanbod/werkplaats-a.yaml"
printf 'kosten:\n  soort: betaald\n  bedrag: 5\n' >>"$cat_dir/aanbod/yoga-park.yaml"
printf 'kosten:\n  soort: gratis\n' >>"$cat_dir/aanbod/yoga-wijk.yaml"
"$INDEXER" --catalog "$cat_dir" --index "$idx" --quiet
serve --index "$idx" --catalog "$cat_dir" --web web
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

# ids TEXT: the ids of the results of a search for TEXT, in order.
ids() {
  get "/api/v1/search?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'
}
first() { ids "$1" | cut -d' ' -f1; }
# first_of TEXT ID...: which of the IDs a search for TEXT ranks highest.
first_of() {
  local text="$1"
  shift
  ids "$text" | tr ' ' '\n' | grep -m1 -x -F "${@/#/-e}"
}

expect_eq "the word typed outranks entries that only have its synonyms" inkomen-dinsdag "$(first inkomensondersteuning)"
expect_contains "which are still found" "$(ids inkomensondersteuning)" uitkering-aanvragen
expect_eq "and the other way round" uitkering-aanvragen "$(first 'uitkering aanvragen')"
expect_eq "a hit in the title outranks one in the text" moestuin-dijk "$(first moestuin)"
expect_eq "the whole phrase outranks the same words scattered" koken-zin "$(first 'samen koken')"
expect_eq "also with a word of it in another form: 'gezonder koken' finds 'gezond koken'" kookles-zin \
  "$(first 'gezonder koken')"
expect_eq "'valt' finds the entry about vallen" sterk-op-de-been "$(first 'mijn vader valt')"
expect_eq "'fitter' finds the entry that says fit" yoga-stoel "$(first 'fitter worden')"
expect_eq "'tuinierde' finds tuinieren" volkstuin "$(first 'tuinierde vroeger')"
expect_not_contains "'maatje' finds no maten (one stem, another word)" "$(ids maatje)" rekenen
expect_not_contains "'kamer' finds no kam (a noun in -er whose plural the catalog uses is no comparative)" \
  "$(ids kamer)" kapper
expect_eq "'opbelt' finds bellen (a separable verb is also its verb)" belcirkel "$(first 'iemand die mij opbelt')"
expect_eq "'om rond te komen' finds rondkomen before an entry with both words (te splits a separable verb)" \
  rondkomen "$(first_of 'het lukt niet om rond te komen' rondkomen rond-de-tafel)"
expect_eq "an English word of the synonym list finds the Dutch offer: lonely" eenzaamheid \
  "$(first 'i am lonely')"
expect_not_contains "'geweld' does not find 'geweldige' (schema/stammen.txt keeps them apart)" \
  "$(ids geweld)" voetbal
expect_eq "'adviseert' finds advies: its form adviseren is on the synonym list, not in the catalog" \
  advies "$(first 'wie adviseert mij')"

# A word of the synonym list that the catalog never uses is no typo: it finds its synonyms.
get "/api/v1/search?q=tegemoetkoming"
expect_eq "'tegemoetkoming' finds the entry about toeslagen" toeslagen-hulp "$(first tegemoetkoming)"
expect_eq "and is not corrected" None "$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(json.load(sys.stdin)["suggestion"])')"
get "/api/v1/search?q=tegemoetkomng"
expect_eq "a typo of it is corrected to it (the spelling dictionary has the synonym list)" \
  tegemoetkoming "$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(json.load(sys.stdin)["suggestion"])')"
expect_eq "and finds what it finds" toeslagen-hulp "$(first tegemoetkomng)"
get "/api/v1/search?q=somalich"
expect_eq "so is a typo of a vocabulary label's word" \
  somalisch "$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(json.load(sys.stdin)["suggestion"])')"
expect_eq "a compound of synonym-list words is split on them: bejaardengym" gym-ouderen "$(first bejaardengym)"
expect_eq "and on a vocabulary label's word that no entry uses: gymbuitengebied" gym-ouderen "$(first gymbuitengebied)"
expect_eq "a split keeps a word the catalog knows whole: speelgoed|bieb, not speel|goed|bieb" \
  speelgoed-lenen "$(first speelgoedbieb)"

# Compounds in an entry are indexed by their parts (words of the language, /usr/share/dict/dutch).
expect_eq "'cooperatie' finds the energiecoöperatie" zonnepanelen "$(first cooperatie)"
expect_not_contains "'voeding' does not find opvoeding (op is a particle, no part)" "$(ids voeding)" puberteit
"$INDEXER" --catalog "$cat_dir" --index "$WORK/idx2" --quiet --words "$WORK/missing.txt" 2>"$WORK/err"
expect_eq "a word list that is named but missing stops the indexer" 2 "$?"
expect_contains "saying which" "$(cat "$WORK/err")" "missing.txt"

# Everyday phrases of the synonym list are heard as the words of their group.
expect_eq "'ik heb geen geld' is heard as armoede, and finds rondkomen (no entry says geld)" rondkomen \
  "$(first 'ik heb geen geld')"
expect_eq "the phrase's meaning outweighs its own words: 'rond te komen' finds schulden before an entry with both words" \
  schulden-hulp "$(first_of 'ik vind het moeilijk om rond te komen' schulden-hulp rond-de-tafel)"
cp -r "${WW_SCHEMA:-schema}" "$WORK/schema-phrase"
echo "armoede, niet genoeg geld voor eten" >>"$WORK/schema-phrase/synoniemen.txt"
"$INDEXER" --catalog "$cat_dir" --index "$WORK/idx3" --quiet --schema "$WORK/schema-phrase" 2>"$WORK/err"
expect_eq "a phrase of more than four words stops the indexer" 2 "$?"
expect_contains "saying where and why" "$(cat "$WORK/err")" \
  "synoniemen.txt:$(wc -l <"$WORK/schema-phrase/synoniemen.txt"):1: 'niet genoeg geld voor eten' is geen woord of zegswijze van hoogstens 4 woorden"

expect_eq "a question that says 'gratis' puts free entries first" yoga-wijk "$(first 'gratis yoga')"
expect_eq "one that says 'voorliggend' those open without a verwijzing" werkplaats-b \
  "$(first 'voorliggende voorziening werkplaats')"
expect_eq "(without it, the tie goes to the other)" werkplaats-a "$(first 'werkplaats')"
expect_contains "and still finds the others" "$(ids 'gratis yoga')" yoga-park

# about TEXT: the query_leefgebieden ids of a search for TEXT.
about() {
  get "/api/v1/search?per_page=1&q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; print(" ".join(x["id"] for x in json.load(sys.stdin)["query_leefgebieden"]))'
}
expect_contains "the rules hear other forms: 'ik slaap slecht' meets the rule for slapen" \
  "$(about 'ik slaap slecht')" psychisch-welzijn
expect_contains "and words split by te: 'om rond te komen' meets the rule for rondkomen" \
  "$(about 'het is moeilijk om rond te komen')" financien

echo "1..$T_NUM"
