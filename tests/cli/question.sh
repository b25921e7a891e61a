#!/usr/bin/env bash
# How search takes a question, on the sample catalog over real HTTP. "Bedoelde u": misspelled
# words are corrected, but a word of the language that the catalog happens not to use is left as
# typed (the server's word list, Debian's wdutch), and so are numbers, postcodes and words that
# mean nothing in a search. `match`: an answer whose best result fits only weakly says so.
. "$(dirname "$0")/lib.bash"

idx="$WORK/idx"
"$INDEXER" --catalog catalog --index "$idx" --quiet
serve --index "$idx" --catalog catalog --web web
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

# suggestion TEXT: the "bedoelde u" of a search for TEXT ("None" when there is none).
suggestion() {
  get "/api/v1/search?per_page=1&q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; print(json.load(sys.stdin)["suggestion"])'
}

expect_eq "a misspelled word is corrected" "eenzaamheid" "$(suggestion eenzaamheit)"
expect_eq "so is a long one" "schuldhulpverlening" "$(suggestion schuldhulpverleneng)"
expect_eq "and a missing letter" "koffie" "$(suggestion kofie)"
expect_eq "a typo that splits only into a part that is no word is corrected, not split (beeg|leiding)" \
  begeleiding "$(suggestion beegleiding)"
expect_eq "(keuk|tafel)" keukentafel "$(suggestion keuketafel)"
expect_eq "(bren|hulp: the word list's odd short words and stopwords are no parts)" burenhulp "$(suggestion brenhulp)"
expect_eq "a word of the language that finds nothing is corrected after all: matje" maatje "$(suggestion matje)"
get "/api/v1/search?per_page=1&q=matje"
expect_eq "and the correction's results are shown" True "$(field .suggestion_used)"
expect_eq "a d/t mistake that is itself Dutch becomes the catalog's form" "verslaafd" "$(suggestion verslaaft)"
expect_eq "a long vowel written once is a slip, not a compound (mal|tijd)" maaltijd "$(suggestion maltijd)"
expect_eq "nor a correction to a word that means nothing in a search (alles)" taalles "$(suggestion talles)"
expect_eq "two common slips in one word, when nothing else finds anything (ei/ij and d/t)" somberheid \
  "$(suggestion somberhijt)"
expect_eq "(ij/ei and a single l)" vrijwilligers "$(suggestion vreiwiligers)"
expect_eq "a suggestion that finds nothing either gives way to one that does (malteid: not maleis)" \
  maaltijd "$(suggestion malteid)"
# A diminutive of a word the synonym list knows is a known word: its entries, no "bedoelde u".
expect_eq "a diminutive is no typo" "None" "$(suggestion leesclubje)"
get "/api/v1/search?per_page=1&q=leesclubje"
expect_contains "and finds its word's entries" "$(field '.results[0].id')" "leesclub"
expect_eq "a sentence of plain Dutch is left as typed" "None" "$(suggestion 'ik ben alleen sinds mijn man dood is')"
expect_eq "'mijn man slaat mij' is no typo for 'mijn van staat mij'" "None" "$(suggestion 'mijn man slaat mij')"
expect_eq "in a sentence only the misspelled word changes" "ik voel me eenzaam en zit veel alleen" \
  "$(suggestion 'ik voel me eenzaam en zit veel aleen')"
expect_eq "a postcode is never corrected" "None" "$(suggestion '8014 VB')"
expect_eq "nor a number" "None" "$(suggestion 'mijn zoon van 15')"
expect_eq "a correction is never a word that means nothing in a search" "None" "$(suggestion wife)"

# match TEXT: the "match" of a search for TEXT.
match() {
  get "/api/v1/search?per_page=1&q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["match"])'
}
expect_eq "a question the catalog answers is a good match" goed "$(match 'koffie drinken in de buurt')"
expect_eq "so is a sentence whose rare words are matched" goed "$(match 'ik ben mantelzorger voor mijn moeder met dementie')"
expect_eq "a word is matched by what it is about: 'moeder' by an entry for mantelzorgers" goed \
  "$(match 'mijn moeder heeft dementie')"
expect_eq "the words of a phrase of the synonym list by its meaning: 'kom niet rond' by schulden" goed \
  "$(match 'ik heb schulden en kom niet rond')"
expect_eq "a filler word ('steeds', 'misschien', 'beetje') is no word the answer must match" goed \
  "$(match 'ik zit steeds alleen thuis')"
expect_eq "nor in a sentence about feeling low" goed "$(match 'ik voel me misschien een beetje somber')"
expect_eq "one whose meaning the catalog lacks is weak (paspoort)" zwak "$(match 'paspoort aanvragen')"
expect_eq "also when a common word of it matches" zwak "$(match 'ik zoek een tandarts voor mijn kind')"
expect_eq "a word the catalog lacks is not matched by a part of it: paspoort is no pas|poort" zwak \
  "$(match 'paspoort kwijt')"
expect_eq "nor dakkapel a dak|kapel" zwak "$(match 'dakkapel plaatsen')"
expect_eq "while a compound whose parts are all found is matched: huiswerkhulp" goed \
  "$(match 'huiswerkhulp voor mijn zoon')"
expect_eq "and a word the catalog lacks, found only by all its parts, counts half: stad|huis" zwak \
  "$(match 'trouwen op het stadhuis')"
expect_eq "a question that finds nothing says so" geen "$(match xqzwvbnmq)"
expect_eq "a single word that found results is a good match" goed "$(match koffie)"
get "/zoeken?q=paspoort+aanvragen"
expect_contains "the page says plainly that nothing fits well" "$BODY" "We vonden niets dat goed past bij uw vraag."
expect_contains "and offers the wijkteam's number there" "$BODY" 'class="ww-weak"'
get "/zoeken?q=koffie"
expect_not_contains "a good match says nothing of the kind" "$BODY" "niets dat goed past"

# about TEXT: the query_leefgebieden and query_doelgroepen ids of a search for TEXT.
about() {
  get "/api/v1/search?per_page=1&q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(" ".join(x["id"] for x in d["query_leefgebieden"]), "|", " ".join(x["id"] for x in d["query_doelgroepen"]))'
}
expect_contains "'mijn moeder heeft dementie' is about mantelzorg" "$(about 'mijn moeder heeft dementie')" "mantelzorg"
expect_contains "and for mantelzorgers" "$(about 'mijn moeder heeft dementie')" "| ouderen mantelzorgers"
expect_contains "'ik ben mijn baan kwijt' is about werk" "$(about 'ik ben mijn baan kwijt')" "werk-dagbesteding"
expect_contains "'mijn zoon zit de hele dag te gamen' is for jongeren" "$(about 'mijn zoon zit de hele dag te gamen')" "jongeren"
expect_contains "so is 'i lost my job', in English" "$(about 'i lost my job')" "werk-dagbesteding"
expect_contains "and 'my mother has dementia' for mantelzorgers" "$(about 'my mother has dementia')" \
  "| mantelzorgers"
expect_contains "everyday words: 'ik sta rood en krijg steeds aanmaningen' is about financien" \
  "$(about 'ik sta rood en krijg steeds aanmaningen')" financien
expect_contains "'ik heb last van paniekaanvallen' about psychisch welzijn" \
  "$(about 'ik heb last van paniekaanvallen')" psychisch-welzijn
expect_not_contains "'ouders' is not heard as 'ouderen' (a plural in -s is no base for other forms)" \
  "$(about 'tips voor ouders van een puber')" ouderen
# ids TEXT: the ids of the first ten results of a search for TEXT.
ids() {
  get "/api/v1/search?per_page=10&q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")"
  printf '%s' "$BODY" | python3 -c 'import json, sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'
}
expect_contains "a hyphen joins no phrase: 'ex-partner' finds entries about a partner" "$(ids ex-partner)" \
  lotgenotengroep-verlies-partner
expect_eq "half of a word the catalog writes as one is no typo: no 'nieuw kamers' for nieuw-komers" None \
  "$(suggestion nieuw-komers)"
expect_not_contains "a stopword is no part of a compound: 'overmaken' does not find the overheid by over*" \
  "$(ids overmaken)" informatiepunt-overheid-leeshuis-berkum
expect_eq "a plural with an apostrophe finds what its singular finds: baby's" "$(ids baby)" "$(ids "baby's")"
expect_eq "also with a curly apostrophe: baby’s" "$(ids baby)" "$(ids "baby’s")"
expect_contains "and an entry that writes foto's is found by foto" "$(ids foto)" smartphone-digid-spreekuur-senioren
get "/api/v1/search?per_page=1&q=ik+word+steeds+somberder"
expect_contains "a comparative in -der finds its adjective: somberder, somber" "$(field '.results[0].id')" somber
expect_contains "an age says who a question is for: 'mijn vader (87)' is for ouderen" \
  "$(about 'mijn vader (87) is eenzaam')" "| ouderen"
expect_contains "'ik ben 16' for jongeren" "$(about 'ik ben 16 en zoek werk')" "| jongeren"
expect_eq "a time is no age: 'koffie van 10 uur'" " | " "$(about 'koffie van 10 uur')"
expect_eq "and an entry for ouderen matches the age of 'ik ben 81'" goed \
  "$(match 'ik ben 81 en zit veel alleen thuis')"
# Two neighbours joined are heard as one word only where the rule word reaches into the second.
expect_eq "'zo onzeker' is not heard as 'zoon' (zo|onzeker)" " | " "$(about 'ik ben zo onzeker')"
expect_eq "nor 'op afspraak' as 'opa'" " | " "$(about 'hulp op afspraak')"
expect_contains "while 'opa' itself is for ouderen" "$(about 'mijn opa is eenzaam')" ouderen
expect_contains "and 're-integratie' is heard as one word" "$(about 're-integratie')" werk-dagbesteding
expect_eq "'koffie' says nothing of the kind" " | " "$(about koffie)"
get "/zoeken?q=mijn+moeder+heeft+dementie"
expect_contains "the page offers them as one-click filters" "$BODY" 'href="/zoeken?q=mijn+moeder+heeft+dementie&amp;doelgroep=mantelzorgers">Mantelzorgers</a>'
get "/zoeken?q=mijn+moeder+heeft+dementie&doelgroep=mantelzorgers"
expect_not_contains "a filter already chosen is not offered again" "$BODY" 'ww-chip-add" href="/zoeken?q=mijn+moeder+heeft+dementie&amp;doelgroep=mantelzorgers&amp;doelgroep=mantelzorgers'
# finds_no_fewer NAME Q1 Q2: the search for Q1 finds at least as many entries as the one for Q2.
finds_no_fewer() {
  local a b
  a=$(curl -s "$BASE/api/v1/search?q=$2" | jsonfield .total) b=$(curl -s "$BASE/api/v1/search?q=$3" | jsonfield .total)
  expect_eq "$1" True "$([ "$a" -ge "$b" ] && echo True || echo False)"
}
finds_no_fewer "what a question is about only pushes, never filters: a longer question finds no fewer" \
  mijn+moeder+heeft+dementie dementie

# A wijk named in the question: its offers come first (a push, no filter), and the page offers it.
get "/api/v1/search?per_page=5&q=koffie+stadshagen"
expect_eq "'koffie stadshagen' names the wijk Stadshagen" stadshagen "$(field '.query_wijken[0].id')"
expect_eq "and finds coffee there first, not coffee anywhere" "stadshagen stadshagen stadshagen" \
  "$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(" ".join("stadshagen" if "stadshagen" in r["wijken"] else r["id"] for r in json.load(sys.stdin)["results"][:3]))')"
expect_eq "which is a good match" goed "$(field .match)"
get "/api/v1/search?per_page=1&q=koffie+in+zwolle-zuid"
expect_eq "a wijk is heard inside a longer name too: zwolle-zuid" zuid "$(field '.query_wijken[0].id')"
get "/api/v1/search?per_page=1&q=koffie+in+heel+zwolle"
expect_eq "the wijk for the whole city is no place named" "[]" "$(field .query_wijken)"
finds_no_fewer "a named wijk never filters: coffee elsewhere is still found" koffie+stadshagen koffie
get "/zoeken?q=koffie+stadshagen"
expect_contains "the page offers the wijk as a one-click filter" "$BODY" 'href="/zoeken?q=koffie+stadshagen&amp;wijk=stadshagen">Wijk Stadshagen</a>'

# A broken vraag-regels.yaml stops the server before it listens, naming the file and line.
cp -r "${WW_SCHEMA:-schema}" "$WORK/schema-broken"
sed -i 's/^  financien: {geld: 2,/  financieen: {geld: 2,/' "$WORK/schema-broken/vraag-regels.yaml"
run "$SERVER" --index "$idx" --catalog catalog --schema "$WORK/schema-broken" --web web --port 0
expect_status "an unknown leefgebied in vraag-regels.yaml stops the server" 2
expect_contains "with the file, line and code" "$ERR" "vraag-regels.yaml:$(grep -n '^  financieen' "$WORK/schema-broken/vraag-regels.yaml" | cut -d: -f1):"
expect_contains "and what is wrong" "$ERR" "onbekende code 'financieen'"
cp "${WW_SCHEMA:-schema}/vraag-regels.yaml" "$WORK/schema-broken/vraag-regels.yaml"
sed -i 's/^  gratis: {gratis: 3,/  kosteloos: {gratis: 3,/' "$WORK/schema-broken/vraag-regels.yaml"
run "$SERVER" --index "$idx" --catalog catalog --schema "$WORK/schema-broken" --web web --port 0
expect_status "so does an unknown code in its kosten block" 2
expect_contains "naming it" "$ERR" "onbekende code 'kosteloos'"
cp "${WW_SCHEMA:-schema}/vraag-regels.yaml" "$WORK/schema-broken/vraag-regels.yaml"
sed -i 's/^  aanmelden: {voorliggend: 3}/  zonder: {voorliggend: 3}/' "$WORK/schema-broken/vraag-regels.yaml"
run "$SERVER" --index "$idx" --catalog catalog --schema "$WORK/schema-broken" --web web --port 0
expect_status "and one in its toegang block" 2
expect_contains "naming it" "$ERR" "onbekende code 'zonder'"
rm "$WORK/schema-broken/vraag-regels.yaml"
run "$SERVER" --index "$idx" --catalog catalog --schema "$WORK/schema-broken" --web web --port 0
expect_status "a missing vraag-regels.yaml stops it too" 2
expect_contains "naming the file" "$ERR" "vraag-regels.yaml"

run "$SERVER" --index "$idx" --catalog catalog --web web --port 0 --words "$WORK/missing.txt"
expect_status "a word list named on the command line must be there" 2
expect_contains "and the server says which" "$ERR" "missing.txt"

echo "1..$T_NUM"
