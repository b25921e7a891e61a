#!/usr/bin/env bash
# The gemeente's site (web/site.yaml) over real HTTP: every page names the site and the gemeente
# and offers the wijkteam's phone; /privacy and /toegankelijkheid exist and every page links
# them; the values come from the file, not from the code; and a malformed or incomplete file
# stops the server at start-up with the file and line.
. "$(dirname "$0")/lib.bash"

idx="$WORK/idx"
"$INDEXER" --catalog tests/fixtures/search --index "$idx" --quiet

# start_server WEB_DIR: a server with that website on a free port; sets PID and BASE.
start_server() { serve --index "$idx" --catalog tests/fixtures/search --web "$1"; }
# The <title> of BODY.
title() { printf '%s' "$BODY" | sed -n 's:.*<title>\(.*\)</title>.*:\1:p'; }

# A website folder of our own: the real templates and static files, and a site.yaml of the test.
site_dir="$WORK/web"
mkdir -p "$site_dir"
ln -s "$PWD/web/templates" "$site_dir/templates"
ln -s "$PWD/web/static" "$site_dir/static"

# ---- The real web/site.yaml on every page ----------------------------------------------------
start_server web

get "/privacy"
expect_eq "/privacy is an HTML page" "200 text/html; charset=utf-8" "$CODE $TYPE"
expect_eq "its title is the page's and the site's name" "Privacy - Wegwijzer Zwolle" "$(title)"
expect_contains "it names the gemeente as verwerkingsverantwoordelijke" "$BODY" \
  "Gemeente Zwolle is verantwoordelijk voor Wegwijzer Zwolle"
expect_contains "  (the word the law uses)" "$BODY" "verwerkingsverantwoordelijke"
expect_contains "it says no account is needed" "$BODY" "U hoeft geen account te maken"
expect_contains "it says IP addresses are not kept with questions" "$BODY" \
  "Wij bewaren uw IP-adres niet, ook niet bij uw zoekvraag."
expect_contains "it says the shortlist lives only in the link" "$BODY" \
  "Dan staat die lijst alleen in de link"
expect_contains "it says residents get no cookies" "$BODY" "Als u zoekt, krijgt u geen cookies."
expect_contains "it says partners get one session cookie" "$BODY" \
  "krijgt uw browser één cookie, alleen voor de pagina's voor partners"
expect_contains "it says partners' changes are logged" "$BODY" "Elke wijziging komt in een logboek"
expect_contains "it gives the privacy contact of site.yaml" "$BODY" \
  'href="mailto:privacy@gemeente.example.org"'

get "/toegankelijkheid"
expect_eq "/toegankelijkheid is an HTML page" "200 text/html; charset=utf-8" "$CODE $TYPE"
expect_eq "its title says what it is" "Toegankelijkheidsverklaring - Wegwijzer Zwolle" "$(title)"
expect_contains "it opens in the customary form" "$BODY" \
  "Gemeente Zwolle streeft ernaar dat Wegwijzer Zwolle toegankelijk is."
expect_contains "it states the status against WCAG 2.1 AA" "$BODY" \
  "Wegwijzer Zwolle voldoet gedeeltelijk aan de eisen van WCAG 2.1 niveau AA."
expect_contains "and why only partly: no independent research yet" "$BODY" \
  "Een onafhankelijke partij heeft de website nog niet onderzocht."
expect_contains "it says how it is tested (axe-core)" "$BODY" "met het programma axe-core"
expect_contains "  with the keyboard" "$BODY" "alleen met het toetsenbord"
expect_contains "  and without JavaScript" "$BODY" "zonder JavaScript"
expect_contains "it dates the statement from site.yaml" "$BODY" \
  '<time datetime="2026-11-29">29 november 2026</time>'
expect_contains "it says where to report a problem" "$BODY" \
  'href="mailto:toegankelijkheid@gemeente.example.org"'
expect_contains "and within how many days the answer comes" "$BODY" "binnen 5 werkdagen antwoord"

# Every public page: the site's name in the title, the gemeente's logo, the wijkteam's phone in
# the header and footer, and links to both pages.
for path in / "/zoeken?q=koffie" /aanbod/koffie-zuid /ambitie/sociaal "/lijst?id=koffie-zuid" \
  /bestaat-niet /privacy /toegankelijkheid /partner; do
  get "$path"
  expect_contains "$path: the title ends in the site's name" "$(title)" " - Wegwijzer Zwolle"
  expect_contains "$path: the gemeente's logo, with its name as text" "$BODY" \
    '<img class="ww-logo" src="/static/img/gemeente-logo.svg" alt="Gemeente Zwolle">'
  phones=$(printf '%s' "$BODY" | grep -o 'href="tel:0380300000"' | wc -l)
  [ "$phones" -ge 2 ] && ok "$path: the wijkteam's tel: link in header and footer" ||
    not_ok "$path: the wijkteam's tel: link in header and footer" "found $phones"
  # (with the shortlist after a "?" where the page has one)
  for page in privacy toegankelijkheid; do
    printf '%s' "$BODY" | grep -qE "href=\"/$page(\\?lijst=[^\"]*)?\"" && ok "$path: a link to /$page" ||
      not_ok "$path: a link to /$page" "none in the page"
  done
done
get "/zoeken?q=xqzwvbnm"
expect_contains "a search that finds nothing offers the wijkteam (wijkteam-hulp.html)" "$BODY" \
  'Het Sociaal Wijkteam Zwolle helpt u verder. Bel <a class="utrecht-link" href="tel:0380300000">038 030 00 00</a> of mail naar <a class="utrecht-link" href="mailto:wijkteam@gemeente.example.org">'
get /static/img/gemeente-logo.svg
expect_eq "the logo is served as SVG" "200 image/svg+xml" "$CODE $TYPE"

get "/privacy?lijst=koffie-zuid&lijst=Niet%20geldig&q=x"
expect_contains "a shortlist brought along goes on in the footer's links" "$BODY" \
  'href="/toegankelijkheid?lijst=koffie-zuid"'
expect_contains "  and in the header's link home" "$BODY" 'href="/?lijst=koffie-zuid"'
expect_not_contains "  without what is no entry id" "$BODY" "lijst=Niet"
get "/toegankelijkheid" -I
expect_eq "HEAD /toegankelijkheid is 200" 200 "$CODE"
get "/privacy" -X POST
expect_eq "POST /privacy is 405" 405 "$CODE"
kill -TERM "$PID"; wait "$PID"

# ---- Another gemeente: everything comes from site.yaml -----------------------------------------
write_site() { cat >"$site_dir/site.yaml" <<'EOF'
naam: Wegwijzer Testdorp
gemeente: Gemeente Testdorp
logo: img/gemeente-logo.svg
wijkteam:
  naam: Wijkteam Testdorp
  telefoon: 0123 45 67 89
  email: wijkteam@testdorp.example.org
  website: https://wijkteam.testdorp.example.org/
privacy:
  email: privacy@testdorp.example.org
toegankelijkheid:
  email: toegankelijk@testdorp.example.org
  datum: 2027-01-15
  reactietermijn: 10
redactie:
  email: redactie@testdorp.example.org
EOF
}
write_site
start_server "$site_dir"
get "/zoeken?q=koffie"
expect_contains "another site.yaml: its name in the title" "$(title)" " - Wegwijzer Testdorp"
expect_contains "  its wijkteam's phone as a tel: link" "$BODY" \
  '<a class="utrecht-link ww-header-phone" href="tel:0123456789">'
expect_contains "  its wijkteam's e-mail and short web address in the footer" "$BODY" \
  '<a class="utrecht-link" href="https://wijkteam.testdorp.example.org/">wijkteam.testdorp.example.org</a>'
expect_not_contains "  and nothing of Zwolle" "$BODY" "Zwolle"
get "/toegankelijkheid"
expect_contains "  its date and reply term in the statement" "$BODY" \
  '<time datetime="2027-01-15">15 januari 2027</time>'
expect_contains "  " "$BODY" "binnen 10 werkdagen antwoord"
kill -TERM "$PID"; wait "$PID"

# ---- A broken or incomplete site.yaml: no start, the file and line named ---------------------
# refused NAME SED-SCRIPT EXPECTED: site.yaml edited with sed is refused with status 2 and the
# message EXPECTED (file:line:column: field: ...), before the server listens.
refused() {
  write_site
  sed -i "$2" "$site_dir/site.yaml"
  run timeout 10 "$SERVER" --index "$idx" --catalog tests/fixtures/search --port 0 --web "$site_dir"
  expect_status "$1: the server does not start (status 2)" 2
  expect_contains "$1: it names file, line and field" "$ERR" "$site_dir/site.yaml:$3"
  expect_not_contains "$1: it never listened" "$OUT" "luistert op"
}
refused "a phone without enough digits" 's/^  telefoon: .*/  telefoon: "038"/' \
  "6:13: wijkteam.telefoon: '038' is geen telefoonnummer"
refused "a missing field" '/^  telefoon:/d' "5:3: wijkteam.telefoon: dit veld ontbreekt"
refused "a missing group" '/^privacy:/,/^  email: privacy/d' "1:1: privacy: dit veld ontbreekt"
refused "a misspelt field" 's/^gemeente:/gemeete:/' "2:1: gemeete: onbekend veld; hier horen: naam, gemeente"
refused "a logo that is not there" 's/^logo: .*/logo: img\/weg.svg/' \
  "3:7: logo: 'img/weg.svg' staat niet in de map static/"
refused "a logo outside static/" 's/^logo: .*/logo: ..\/site.yaml/' "3:7: logo: '../site.yaml' is geen bestandsnaam"
refused "an e-mail address without @" 's/^  email: privacy@.*/  email: privacy/' \
  "10:10: privacy.email: 'privacy' is geen e-mailadres"
refused "a web address without https://" 's/^  website: .*/  website: wijkteam.nl/' \
  "8:12: wijkteam.website: 'wijkteam.nl' is geen webadres"
refused "a date that does not exist" 's/^  datum: .*/  datum: 2027-02-30/' \
  "13:10: toegankelijkheid.datum: '2027-02-30' is geen datum"
refused "a reply term that is no number" 's/^  reactietermijn: .*/  reactietermijn: snel/' \
  "14:19: toegankelijkheid.reactietermijn: 'snel' moet een aantal werkdagen zijn"
refused "a group written as text" 's/^redactie:/redactie: iemand/; /^  email: redactie@/d' \
  "15:11: redactie: moet een blok met velden zijn"
refused "a YAML syntax error" 's/^naam: .*/naam: [Wegwijzer/' "2:9: ongeldige YAML"
refused "a list instead of the file's fields" 'c\- naam' "1:1: het bestand moet een blok met velden zijn"
rm "$site_dir/site.yaml"
run timeout 10 "$SERVER" --index "$idx" --catalog tests/fixtures/search --port 0 --web "$site_dir"
expect_status "a website without site.yaml: the server does not start (status 2)" 2
expect_contains "  and says the file is missing" "$ERR" \
  "$site_dir/site.yaml:1:1: kan het bestand niet lezen: het bestaat niet"

echo "1..$T_NUM"
