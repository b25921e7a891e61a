#!/usr/bin/env python3
"""gen_catalog.py -- synthetic Wegwijzer catalogs for the indexing benchmark.

    gen_catalog.py generate --source catalog --out DIR --entries N [--orgs 200] [--seed S]
                            [--dump FILE]
    gen_catalog.py mutate FILE --n K

`generate` writes DIR/aanbod/<id>.yaml (N entries) and DIR/organisaties/<id>.yaml (about
--orgs organisations: the real ones from --source plus synthetic ones), and with --dump also
the same entries in Xapian scriptindex's dump format (see tests/bench/wegwijzer.script).
Everything is deterministic: every entry is drawn from its own random stream seeded with
(seed, index), so the 10k catalog is exactly the first 10k entries of the 100k one. A stamp
file DIR/.generator (and DUMP.generator) records the generator version, the parameters and a
hash of the text pool; when it matches, that part is not regenerated ("reused").

The text pool (titles, sentences, paragraphs, keywords, place names, remarks) is read from the
real catalog in --source with a small reader for the subset of YAML those files use; only the
standard library is used and the YAML is written by hand.

`mutate` rewrites the samenvatting of one entry file in place (for the one-entry update
benchmark); the caller keeps a copy to put back.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys

GENERATOR_VERSION = "3"

# ---- Vocabularies (schema/vocabulaires.yaml) -------------------------------------------------

AMBITIES = {"sociaal": "Sociale contacten en zinvolle daginvulling", "vitaal": "Vitaal en gezond",
            "kansen": "Gelijke kansen op een zelfredzaam leven"}
SOORTEN = {"activiteit": "Activiteit", "initiatief": "Bewonersinitiatief",
           "beschermd-thuis": "Beschermd thuis"}
WIJKEN = {"centrum": "Centrum", "noord": "Noord", "oost": "Oost", "zuid": "Zuid", "west": "West",
          "stadshagen": "Stadshagen", "buitengebied": "Buitengebied", "heel-zwolle": "Heel Zwolle"}
DOELGROEPEN = {"iedereen": "Iedereen", "kinderen": "Kinderen", "jongeren": "Jongeren",
               "gezinnen": "Gezinnen", "volwassenen": "Volwassenen", "ouderen": "Ouderen",
               "mantelzorgers": "Mantelzorgers", "nieuwkomers": "Nieuwkomers",
               "mensen-met-beperking": "Mensen met een beperking",
               "psychisch-kwetsbaar": "Mensen met psychische klachten"}
LEEFGEBIEDEN = {"financien": "Geld en administratie", "werk-dagbesteding": "Werk en dagbesteding",
                "wonen": "Wonen", "gezondheid": "Gezondheid",
                "psychisch-welzijn": "Je goed voelen", "sociaal-netwerk": "Mensen om je heen",
                "opvoeding": "Opvoeden en opgroeien", "taal-digitaal": "Taal en computer",
                "mantelzorg": "Zorgen voor een ander", "veiligheid": "Veiligheid"}
TOEGANG = {"vrij": "Vrij binnenlopen", "aanmelden": "Eerst aanmelden",
           "verwijzing": "Met een verwijzing", "indicatie": "Met een indicatie"}
VOORLIGGEND = {"vrij", "aanmelden"}
DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
TALEN = ["en", "ar", "tr", "pl", "de", "uk", "ti", "so", "fa", "es", "fr", "pt"]

# Buurten per wijk: place names for titles and locations.
BUURTEN = {
    "centrum": ["Binnenstad", "Kamperpoort", "Thorbeckegracht", "Sassenpoort"],
    "noord": ["Holtenbroek", "Aa-landen", "Pierik", "Vechtkwartier"],
    "oost": ["Diezerpoort", "Wipstrik", "Berkum", "Schellerhoek", "Indische Buurt"],
    "zuid": ["Assendorp", "Schelle", "Ittersum", "Zwolle-Zuid", "Marslanden", "Oldenelerbroek"],
    "west": ["Westenholte", "Veerallee", "Spoolde", "Hanzeland"],
    "stadshagen": ["Stadshagen", "Frankhuis", "Werkeren", "Schellerbroek", "Breecamp"],
    "buitengebied": ["Wijthmen", "Haerst", "Windesheim", "Herfte", "Langenholte"],
}

ACTIVITEITEN = ["Koffieochtend", "Taalcafé", "Wandelgroep", "Repaircafé", "Spreekuur",
                "Inloopochtend", "Kookclub", "Moestuin", "Computerles", "Beweegles",
                "Huiswerkbegeleiding", "Buurtmaaltijd", "Maatjesproject", "Mantelzorgcafé",
                "Sportinstuif", "Naaiatelier", "Fietsles", "Budgetcursus", "Ontmoetingsgroep",
                "Klussendienst", "Voorleesuurtje", "Schildercursus", "Zanggroep", "Jeugdsoos",
                "Lotgenotengroep", "Spelletjesmiddag", "Stoelyoga", "Valpreventietraining",
                "Digicafé", "Formulierenhulp", "Kledingbank", "Speelochtend", "Buurtmoestuin",
                "Praatgroep", "Rouwgroep", "Vrijwilligerswerk", "Werkplaats", "Jongerenpodium"]
ONDERWERPEN = ["voor ouderen", "voor nieuwkomers", "voor mantelzorgers", "voor jongeren",
               "voor gezinnen", "met de buren", "voor iedereen", "op vrijdagmiddag",
               "in de bibliotheek", "in het buurthuis", "voor beginners", "voor gevorderden",
               "met een maatje", "bij u thuis", "in kleine groepjes", "na schooltijd",
               "voor vaders", "voor moeders", "voor mensen met geldzorgen",
               "voor wie weinig mensen kent", "met koffie en thee", "in de zomer"]
LOCATIE_SOORTEN = ["Buurthuis", "Wijkcentrum", "Buurtkamer", "Dorpshuis", "Bibliotheek",
                   "Sporthal", "Kerkgebouw", "Clubhuis", "Speeltuin", "Gezondheidscentrum",
                   "Ontmoetingscentrum", "Wijkboerderij"]
STRAAT_BEGIN = ["Berken", "Eiken", "Linden", "Kastanje", "Molen", "Dijk", "Kerk", "School",
                "Markt", "Vecht", "IJssel", "Sassen", "Hanze", "Burgemeester Drijber",
                "Thorbecke", "Rembrandt", "Vondel", "Bilderdijk", "Esdoorn", "Wilgen", "Populieren",
                "Meidoorn", "Hazelaar", "Rozen", "Tulpen", "Seringen", "Zwaluw", "Merel",
                "Lijster", "Reiger", "Ooievaars", "Zandweg", "Oranje", "Prinses", "Koning",
                "Wethouder", "Dokter", "Pastoor", "Veld", "Hof", "Boomgaard", "Haven", "Sluis",
                "Brug", "Poort", "Stations", "Fabriek", "Weteringen", "Esch", "Kamp"]
STRAAT_EIND = ["straat", "laan", "weg", "hof", "singel", "plein", "dreef", "pad", "kade",
               "gracht", "steeg", "erf"]
NAAM_DELEN = ["De Linde", "De Schakel", "De Brug", "De Kolk", "De Poort", "Het Anker",
              "De Horst", "De Weiden", "Het Baken", "De Bron", "De Vonk", "Het Kompas",
              "De Zonnebloem", "De Eik", "Het Trefpunt", "De Ontmoeting", "De Verbinding",
              "De Kiem", "De Boog", "Het Hart", "De Wissel", "De Steiger", "De Regenboog",
              "De Vlinder", "Het Nest", "De Tuin", "De Werf", "De Molen", "De Stek", "Het Plein"]
ORG_SOORTEN = ["Stichting", "Vereniging", "Buurtinitiatief", "Coöperatie", "Werkgroep", "Netwerk",
               "Bewonersgroep", "Steunpunt", "Platform", "Huis"]
ORG_THEMAS = ["Samen Sterk", "Buurtkracht", "Zorgzaam", "Vrolijk Bewegen", "Nieuw Begin",
              "Geld Op Orde", "Taal Voor Iedereen", "Groen Doen", "Thuis In De Wijk",
              "Sterke Ouders", "Jong Talent", "Goed Gezelschap", "Lekker Koken", "Handen Uit De Mouwen",
              "Zilveren Kracht", "Open Deur", "Welkom Thuis", "Steun Dichtbij", "Dagbesteding Plus",
              "Samen Aan Tafel", "Zorg Voor Elkaar", "Buren Helpen Buren", "Digitaal Mee",
              "Mantelzorg Netwerk", "Hart Voor De Buurt"]


# ---- Reading the real catalog (the pool) -----------------------------------------------------

def read_yaml_subset(path):
    """Top-level `key: value` pairs of a catalog file: plain, quoted, block (| >) and flow
    lists; nested blocks come back as their raw lines. Enough for the real catalog files."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i = {}, 0
    while i < len(lines):
        m = re.match(r"^([a-z_]+):\s?(.*)$", lines[i])
        i += 1
        if not m:
            continue
        key, rest = m.group(1), m.group(2).strip()
        block = []
        while i < len(lines) and (lines[i].startswith(" ") or lines[i] == ""):
            block.append(lines[i])
            i += 1
        if rest in ("|", "|-", ">", ">-"):
            while block and block[-1] == "":
                block.pop()
            text = [l[2:] if l.startswith("  ") else l for l in block]
            if rest.startswith(">"):
                paras, cur = [], []
                for l in text:
                    if l == "":
                        paras.append(" ".join(cur))
                        cur = []
                    else:
                        cur.append(l)
                paras.append(" ".join(cur))
                out[key] = "\n\n".join(p for p in paras if p)
            else:
                out[key] = "\n".join(text)
        elif rest.startswith("["):
            out[key] = [unquote(x.strip()) for x in rest.strip("[]").split(",") if x.strip()]
        elif rest == "":
            out[key] = block
        else:
            out[key] = unquote(rest)
    return out


def unquote(s):
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return json.loads(s)
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    return s


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÉÈËÏÖÜ'\"(])")


def load_pool(source):
    pool = {"titles": [], "summary": [], "sentences": [], "lists": [], "keywords": [],
            "places": [], "addresses": [], "remarks": [], "costs": [], "words": set()}
    aanbod = os.path.join(source, "aanbod")
    digest = hashlib.sha256()
    for name in sorted(os.listdir(aanbod)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(aanbod, name)
        with open(path, "rb") as f:
            digest.update(f.read())
        e = read_yaml_subset(path)
        if isinstance(e.get("titel"), str):
            pool["titles"].append(e["titel"])
        for s in SENTENCE_END.split(e.get("samenvatting", "")):
            if 10 <= len(s) <= 200:
                pool["summary"].append(s)
        for para in e.get("beschrijving", "").split("\n\n"):
            lines = para.split("\n")
            if any(re.match(r"^(- |\d+\. )", l) for l in lines):
                if len(para) <= 900:
                    pool["lists"].append(para)
                continue
            for s in SENTENCE_END.split(" ".join(lines)):
                if 10 <= len(s) <= 300:
                    pool["sentences"].append(s)
        kw = e.get("trefwoorden")
        if isinstance(kw, list):
            pool["keywords"].extend(k for k in kw if 1 <= len(k) <= 60)
        for l in e.get("locaties", []) if isinstance(e.get("locaties"), list) else []:
            m = re.match(r"^\s*-?\s*(naam|adres):\s*(.+)$", l)
            if m:
                (pool["places"] if m.group(1) == "naam" else pool["addresses"]).append(
                    unquote(m.group(2).strip()))
        if isinstance(e.get("tijden_toelichting"), str) and len(e["tijden_toelichting"]) <= 500:
            pool["remarks"].append(e["tijden_toelichting"])
        for l in e.get("kosten", []) if isinstance(e.get("kosten"), list) else []:
            m = re.match(r"^\s*toelichting:\s*(.+)$", l)
            if m and len(m.group(1)) <= 400:
                pool["costs"].append(unquote(m.group(1).strip()))
    for s in pool["summary"] + pool["sentences"]:
        for w in re.findall(r"[a-zà-ÿ]{5,}", s):
            pool["words"].add(w)
    for k in pool:
        pool[k] = sorted(set(pool[k]))
    orgs = []
    for name in sorted(os.listdir(os.path.join(source, "organisaties"))):
        if name.endswith(".yaml"):
            path = os.path.join(source, "organisaties", name)
            with open(path, "rb") as f:
                raw = f.read()
            digest.update(raw)
            orgs.append((name[:-5], raw, read_yaml_subset(path)))
    return pool, orgs, digest.hexdigest()[:16]


# ---- Writing YAML by hand --------------------------------------------------------------------

SPECIAL_WORDS = {"ja", "nee", "yes", "no", "y", "n", "true", "false", "null", "on", "off", "~"}


def scalar(s, in_flow=False):
    """A plain scalar when that is safe (as the real files write them), else a double-quoted
    one (JSON string escapes are valid YAML)."""
    plain = (s and s == s.strip() and "\n" not in s and s[0] not in "-?:,[]{}#&*!|>'\"%@`"
             and ": " not in s and " #" not in s and not s.endswith(":")
             and s.lower() not in SPECIAL_WORDS
             and not (in_flow and any(c in s for c in ",[]{}")))
    return s if plain else json.dumps(s, ensure_ascii=False)


def wrap(text, width=86):
    lines, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def folded(key, text, indent=""):
    out = [f"{indent}{key}: >-"]
    out += [f"{indent}  {l}" for l in wrap(text)]
    return out


def literal(key, paragraphs, indent=""):
    out = [f"{indent}{key}: |"]
    for i, p in enumerate(paragraphs):
        if i:
            out.append("")
        for line in p.split("\n"):
            out += [f"{indent}  {l}" for l in (wrap(line) if not re.match(r"^(- |\d+\. )", line)
                                               else [line])]
    return out


def flow(items):
    return "[" + ", ".join(scalar(x, in_flow=True) for x in items) + "]"


def entry_yaml(e):
    y = [f"id: {e['id']}", f"soort: {e['soort']}", f"titel: {scalar(e['titel'])}"]
    y += folded("samenvatting", e["samenvatting"])
    if "beschrijving" in e:
        y += literal("beschrijving", e["beschrijving"].split("\n\n"))
    y.append(f"organisatie: {e['organisatie']}")
    for k in ("ambities", "doelgroepen", "leefgebieden", "wijken"):
        if k in e:
            y.append(f"{k}: {flow(e[k])}")
    y.append(f"toegang: {e['toegang']}")
    if "kosten" in e:
        k = e["kosten"]
        y += ["kosten:", f"  soort: {k['soort']}"]
        if "bedrag" in k:
            y.append(f"  bedrag: {k['bedrag']}")
        if "toelichting" in k:
            y.append(f"  toelichting: {scalar(k['toelichting'])}")
    if "wonen" in e:
        y.append("wonen:")
        y += [f"  {k}: {v}" for k, v in e["wonen"].items()]
    if "locaties" in e:
        y.append("locaties:")
        for loc in e["locaties"]:
            first = True
            for k in ("naam", "adres", "postcode", "plaats", "lat", "lon", "rolstoeltoegankelijk"):
                if k in loc:
                    v = loc[k]
                    v = ("true" if v else "false") if isinstance(v, bool) else (
                        v if isinstance(v, str) and k == "postcode" else
                        scalar(v) if isinstance(v, str) else str(v))
                    y.append(f"  {'- ' if first else '  '}{k}: {v}")
                    first = False
    if "tijden" in e:
        y.append("tijden:")
        for t in e["tijden"]:
            if len(t["dagen"]) > 3:  # both styles occur in the real catalog
                y.append(f"  - {{dagen: {flow(t['dagen'])}, van: \"{t['van']}\", tot: \"{t['tot']}\"}}")
            else:
                y += [f"  - dagen: {flow(t['dagen'])}", f"    van: \"{t['van']}\"",
                      f"    tot: \"{t['tot']}\""]
    if "tijden_toelichting" in e:
        y.append(f"tijden_toelichting: {scalar(e['tijden_toelichting'])}")
    if "contact" in e:
        y.append("contact:")
        y += [f"  {k}: {scalar(v)}" for k, v in e["contact"].items()]
    if "talen" in e:
        y.append(f"talen: {flow(e['talen'])}")
    if "trefwoorden" in e:
        y.append(f"trefwoorden: {flow(e['trefwoorden'])}")
    y.append(f"laatst_gecontroleerd: {e['laatst_gecontroleerd']}")
    if "geldig_tot" in e:
        y.append(f"geldig_tot: {e['geldig_tot']}")
    return "\n".join(y) + "\n"


def org_yaml(o):
    y = [f"id: {o['id']}", f"naam: {scalar(o['naam'])}"]
    if "omschrijving" in o:
        y += folded("omschrijving", o["omschrijving"])
    for k in ("website", "telefoon", "email"):
        if k in o:
            y.append(f"{k}: {scalar(o[k])}")
    return "\n".join(y) + "\n"


# ---- Drawing entries -------------------------------------------------------------------------

def slug(text, limit=48):
    s = text.lower()
    for a, b in (("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i"), ("ö", "o"), ("ü", "u"),
                 ("á", "a"), ("à", "a"), ("ó", "o"), ("ç", "c")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    s = s[:limit].rstrip("-")
    if not s or not s[0].isalpha():
        s = "x-" + s
    return s


def vary(rng, sentence, words):
    """Now and then one word replaced, or a compound made: a long tail of rare terms."""
    if rng.random() < 0.35:
        toks = sentence.split(" ")
        cands = [i for i, t in enumerate(toks) if re.fullmatch(r"[a-zà-ÿ]{5,}", t)]
        if cands:
            i = rng.choice(cands)
            if rng.random() < 0.5:
                toks[i] = rng.choice(words)
            else:
                toks[i] = toks[i] + rng.choice(words)
            sentence = " ".join(toks)
    return sentence


def pick(rng, d, lo, hi):
    return rng.sample(sorted(d), rng.randint(lo, hi))


def draw_date(rng, y0, y1):
    return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def draw_org(rng, n, real_ids):
    soort, thema = rng.choice(ORG_SOORTEN), rng.choice(ORG_THEMAS)
    wijk = rng.choice(sorted(BUURTEN))
    buurt = rng.choice(BUURTEN[wijk])
    naam = f"{soort} {thema} {buurt}" if rng.random() < 0.6 else f"{soort} {rng.choice(NAAM_DELEN)}"
    oid = f"{slug(naam, 60)}-{n}"
    o = {"id": oid, "naam": naam}
    host = slug(naam, 30).replace("-", "") + ".example.org"
    return o, host


def draw_entry(i, seed, pool, orgs):
    rng = random.Random(f"{seed}:{i}")
    words = pool["words"]
    r = rng.random()
    soort = "activiteit" if r < 0.70 else "initiatief" if r < 0.95 else "beschermd-thuis"
    wijk_keys = [w for w in WIJKEN if w != "heel-zwolle"]
    wijken = (["heel-zwolle"] if rng.random() < 0.2 else
              rng.sample(wijk_keys, 1 if rng.random() < 0.8 else 2))
    home = wijken[0] if wijken[0] != "heel-zwolle" else rng.choice(wijk_keys)
    buurt = rng.choice(BUURTEN[home])

    # Title: a real one (perhaps with a place), or composed.
    if rng.random() < 0.5:
        titel = rng.choice(pool["titles"])
        if rng.random() < 0.5 and " in " not in titel:
            titel = f"{titel} in {buurt}"
    else:
        titel = f"{rng.choice(ACTIVITEITEN)} {rng.choice(ONDERWERPEN)}"
        if rng.random() < 0.6:
            titel += f" ({buurt})"
    titel = titel[:120].rstrip()

    # Samenvatting: one or two sentences, at most 300 characters.
    summary = vary(rng, rng.choice(pool["summary"]), words)
    if rng.random() < 0.5:
        second = vary(rng, rng.choice(pool["summary"]), words)
        if len(summary) + 1 + len(second) <= 300:
            summary = f"{summary} {second}"
    summary = summary[:300].rstrip()

    e = {"id": f"{slug(titel)}-{i}", "soort": soort, "titel": titel, "samenvatting": summary}
    # Beschrijving: 1-3 paragraphs of 2-5 sentences (now and then a list), at most 5000.
    if rng.random() < 0.95:
        paras = []
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            if pool["lists"] and rng.random() < 0.1:
                paras.append(rng.choice(pool["lists"]))
            else:
                paras.append(" ".join(vary(rng, rng.choice(pool["sentences"]), words)
                                      for _ in range(rng.randint(2, 5))))
        text = "\n\n".join(paras)
        e["beschrijving"] = text[:5000]
    e["organisatie"] = orgs[min(int(rng.paretovariate(1.2)) - 1, len(orgs) - 1)
                            if rng.random() < 0.5 else rng.randrange(len(orgs))]["id"]

    ambities = pick(rng, AMBITIES, 1, 2)
    e["_ambities"] = ambities  # what the dump gets when the file leaves them to inference
    if rng.random() >= 0.10:
        e["ambities"] = ambities
    if rng.random() >= 0.10:
        e["doelgroepen"] = pick(rng, DOELGROEPEN, 1, 3)
    leef = pick(rng, LEEFGEBIEDEN, 1, 3)
    if soort == "beschermd-thuis" and "wonen" not in leef:
        leef.insert(0, "wonen")
    if rng.random() >= 0.05 or soort == "beschermd-thuis":
        e["leefgebieden"] = leef
    e["wijken"] = wijken
    if soort == "beschermd-thuis":
        e["toegang"] = rng.choice(("indicatie", "indicatie", "verwijzing"))
    else:
        e["toegang"] = rng.choices(sorted(TOEGANG), weights=(45, 15, 10, 30))[0]
    r = rng.random()
    if r < 0.9:
        k = {"soort": "gratis" if r < 0.55 else "eigen-bijdrage" if r < 0.78 else "betaald"}
        if k["soort"] != "gratis" and rng.random() < 0.8:
            k["bedrag"] = f"{rng.choice((0.5, 1, 2, 2.5, 3, 4, 5, 7.5, 10, 12.5, 25, 45)):.2f}"
        if pool["costs"] and rng.random() < 0.3:
            k["toelichting"] = rng.choice(pool["costs"])
        e["kosten"] = k
    if soort == "beschermd-thuis":
        e["wonen"] = {"woonvorm": rng.choice(("zelfstandig", "geclusterd", "community")),
                      "begeleiding": rng.choice(("ambulant", "24-uur-bereikbaar",
                                                 "24-uur-aanwezig"))}
        if rng.random() < 0.7:
            e["wonen"]["plaatsen"] = rng.randint(1, 40)
        if rng.random() < 0.7:
            e["wonen"]["wachttijd_weken"] = rng.randint(0, 52)
    nloc = rng.choices((0, 1, 2, 3), weights=(10, 70, 15, 5))[0]
    if nloc:
        locs = []
        for _ in range(nloc):
            loc = {}
            if pool["places"] and rng.random() < 0.3:
                loc["naam"] = rng.choice(pool["places"])
            else:
                loc["naam"] = f"{rng.choice(LOCATIE_SOORTEN)} {rng.choice(NAAM_DELEN + [buurt])}"
            loc["adres"] = (f"{rng.choice(STRAAT_BEGIN)}{rng.choice(STRAAT_EIND)} "
                            f"{rng.randint(1, 250)}")
            loc["postcode"] = f"80{rng.randint(11, 47)} {chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}"
            loc["plaats"] = "Zwolle" if home != "buitengebied" else rng.choice(
                ("Zwolle", "Wijthmen", "Windesheim"))
            if rng.random() < 0.9:
                loc["lat"] = round(rng.uniform(52.47, 52.56), 4)
                loc["lon"] = round(rng.uniform(6.02, 6.17), 4)
            if rng.random() < 0.8:
                loc["rolstoeltoegankelijk"] = rng.random() < 0.75
            locs.append(loc)
        e["locaties"] = locs
    ntij = rng.choices((0, 1, 2, 3), weights=(20, 55, 20, 5))[0]
    if ntij:
        tij = []
        for _ in range(ntij):
            van = rng.choice((8, 9, 9, 10, 13, 14, 15, 19))
            dagen = sorted(rng.sample(DAGEN, rng.choice((1, 1, 1, 2, 5))), key=DAGEN.index)
            minute = rng.choice((0, 0, 30))
            tij.append({"dagen": dagen, "van": f"{van:02d}:{minute:02d}",
                        "tot": f"{min(van + rng.randint(1, 8), 23):02d}:00"})
        e["tijden"] = tij
        if pool["remarks"] and rng.random() < 0.4:
            e["tijden_toelichting"] = rng.choice(pool["remarks"])
    org = e["organisatie"]
    host = org.split("-")[0] + ".example.org"
    c = {}
    if rng.random() < 0.6:
        c["telefoon"] = f"038 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    if rng.random() < 0.8:
        c["email"] = f"{rng.choice(('info', 'aanmelden', 'contact', 'team', slug(buurt, 12)))}@{host}"
    if rng.random() < 0.4:
        c["website"] = f"https://{host}/{e['id'][:40]}"
    if c:
        e["contact"] = c
    if rng.random() < 0.3:
        e["talen"] = ["nl"] + rng.sample(TALEN, rng.randint(1, 3))
    if rng.random() < 0.9:
        e["trefwoorden"] = rng.sample(pool["keywords"], rng.randint(2, 7))
    e["laatst_gecontroleerd"] = draw_date(rng, 2024, 2026)
    if rng.random() < 0.12:
        e["geldig_tot"] = draw_date(rng, 2026, 2028)
    return e


# ---- The scriptindex dump --------------------------------------------------------------------

def dump_value(v):
    # Newlines inside a value are escaped by an '=' at the start of the next line.
    return v.replace("\n", "\n=")


def entry_json(e, org):
    """Roughly the document data wegwijzer stores: the checked entry with defaults filled in
    and the organisation record in place of its id."""
    d = {}
    for k, v in e.items():
        if k.startswith("_"):
            continue
        if k == "organisatie":
            v = org
        elif k == "kosten" and "bedrag" in v:
            v = dict(v, bedrag=float(v["bedrag"]))
        d[k] = v
    d.setdefault("ambities", e["_ambities"])
    d.setdefault("doelgroepen", ["iedereen"])
    d.setdefault("talen", ["nl"])
    d["ambities_afgeleid"] = "ambities" not in e
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


# The filters of lib/ww_layout.c (WW_FILTERS), in table order: entry field, vocabulary,
# term prefix. The facet slot holds one 64-bit little-endian mask per filter in this order; bit
# i is value i of the vocabulary in schema/vocabulaires.yaml.
FILTERS = [("ambities", "ambities", "XA"), ("wijken", "wijken", "XW"),
           ("doelgroepen", "doelgroepen", "XD"), ("leefgebieden", "leefgebieden", "XL"),
           ("soort", "soorten", "XS"), ("toegang", "toegang", "XT")]
DUMP_FORMAT = "2"  # bump when entry_dump or wegwijzer.script change what a record holds


def read_vocabularies(path):
    """schema/vocabulaires.yaml as {vocabulary: [(code, label), ...]} in file order: each code
    is a 2-space-indented key, its label the value or a nested `label:`."""
    vocabs, current, last = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^([a-z_]+):\s*$", line)
            if m:
                current = vocabs.setdefault(m.group(1), [])
                continue
            m = re.match(r"^  (\"[^\"]+\"|[a-z0-9-]+):\s*(.*)$", line)
            if m and current is not None:
                last = [unquote(m.group(1)), unquote(m.group(2).strip())]
                current.append(last)
                continue
            m = re.match(r"^    label:\s*(.+)$", line)
            if m and last is not None:
                last[1] = unquote(m.group(1).strip())
    return {k: [tuple(x) for x in v] for k, v in vocabs.items()}


def entry_summary(e, org):
    """ww_entry_summary(): what a search result shows (value slot WW_SLOT_SUMMARY)."""
    d = {"id": e["id"], "titel": e["titel"], "samenvatting": e["samenvatting"],
         "soort": e["soort"], "organisatie": {"id": org["id"], "naam": org["naam"]},
         "ambities": e.get("ambities", e["_ambities"]), "wijken": e["wijken"],
         "toegang": e["toegang"], "url": f"/aanbod/{e['id']}"}
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def entry_dump(e, org, vocabs):
    """One record: fields in the order ww_entry_index() indexes them (see wegwijzer.script)."""
    values = {"ambities": e.get("ambities", e["_ambities"]),
              "doelgroepen": e.get("doelgroepen", ["iedereen"]),
              "leefgebieden": e.get("leefgebieden", []), "wijken": e["wijken"],
              "soort": [e["soort"]], "toegang": [e["toegang"]]}
    labels, masks = [], b""
    for field, vocab, _ in FILTERS:
        codes = [c for c, _ in vocabs[vocab]]
        mask = 0
        for v in values[field]:
            mask |= 1 << codes.index(v)
            labels.append(dict(vocabs[vocab])[v])
        masks += mask.to_bytes(8, "little")
    names = [org["naam"]]
    for loc in e.get("locaties", []):
        names += [loc[k] for k in ("naam", "adres", "plaats") if k in loc]
    fields = [("id", e["id"]), ("titel", e["titel"]), ("samenvatting", e["samenvatting"]),
              ("trefwoorden", "\n".join(e.get("trefwoorden", []))),
              ("beschrijving", e.get("beschrijving", "")), ("namen", "\n\n".join(names)),
              ("labels", "\n".join(labels))]
    fields += [(field, "\n".join(values[field])) for field, _, _ in FILTERS]
    fields += [("facetten", masks.hex()), ("org", org["id"]),
               ("kosten", e.get("kosten", {}).get("soort", "")),
               ("voorliggend", "ja" if e["toegang"] in VOORLIGGEND else ""),
               ("afgeleid", "ja" if "ambities" not in e else ""),
               ("geldig_tot", e.get("geldig_tot", "9999-12-31")),
               ("gecontroleerd", e["laatst_gecontroleerd"]), ("data", entry_json(e, org)),
               ("samenvatting_json", entry_summary(e, org))]
    return "".join(f"{k}={dump_value(v)}\n" for k, v in fields if v != "") + "\n"


# ---- Commands --------------------------------------------------------------------------------

def build_orgs(seed, count, real):
    """The real organisations (verbatim) plus synthetic ones up to `count`."""
    rng = random.Random(f"{seed}:organisaties")
    orgs = []
    for oid, raw, rec in real:
        rec = {k: v for k, v in rec.items() if isinstance(v, str)}
        orgs.append({"id": oid, "raw": raw, "record": rec})
    n = 0
    while len(orgs) < count:
        n += 1
        o, host = draw_org(rng, n, [x["id"] for x in orgs])
        if rng.random() < 0.8:
            o["omschrijving"] = f"{o['naam']} is actief in Zwolle. " + rng.choice(
                ["Door en voor bewoners.", "Met vrijwilligers en beroepskrachten.",
                 "Voor iedereen die mee wil doen.", "Samen met de gemeente en het wijkteam.",
                 "Al meer dan twintig jaar in de wijk."])
        if rng.random() < 0.9:
            o["website"] = f"https://{host}"
        if rng.random() < 0.7:
            o["telefoon"] = f"038 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if rng.random() < 0.8:
            o["email"] = f"info@{host}"
        orgs.append({"id": o["id"], "raw": org_yaml(o).encode(), "record": o})
    return orgs


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def read_stamp(path):
    try:
        with open(path, encoding="utf-8") as f:
            # Stamps written before the dump got its own carried " dump=yes|no": same catalog.
            return re.sub(r" dump=\w+\n$", "\n", f.read())
    except OSError:
        return None


def cmd_generate(args):
    """The catalog and the dump each carry the stamp (DIR/.generator, DUMP.generator), so
    either is reused or regenerated on its own: another user of the catalog that asks for no
    dump does not make the next run rewrite 100k files."""
    pool, real_orgs, pool_hash = load_pool(args.source)
    stamp = (f"wegwijzer-bench-catalog version={GENERATOR_VERSION} entries={args.entries} "
             f"orgs={args.orgs} seed={args.seed} pool={pool_hash}\n")
    stamp_path = os.path.join(args.out, ".generator")
    catalog_ok = read_stamp(stamp_path) == stamp
    vocabs = read_vocabularies(os.path.join(args.schema, "vocabulaires.yaml"))
    # The dump also depends on its format and on the vocabulary order (the facet bits).
    vocab_hash = hashlib.sha256(json.dumps(vocabs, sort_keys=True).encode()).hexdigest()[:16]
    dump_stamp = stamp.rstrip("\n") + f" dumpformat={DUMP_FORMAT} vocab={vocab_hash}\n"
    dump_ok = not args.dump or (os.path.exists(args.dump) and
                                read_text(args.dump + ".generator") == dump_stamp)
    if catalog_ok and dump_ok:
        print(f"gen_catalog: {args.out}: reused ({args.entries} entries)")
        return 0
    if not catalog_ok:
        # Start clean: a stale catalog must not leave extra files behind.
        if os.path.exists(stamp_path):
            os.unlink(stamp_path)
        for sub in ("aanbod", "organisaties"):
            d = os.path.join(args.out, sub)
            if os.path.isdir(d):
                for name in os.listdir(d):
                    os.unlink(os.path.join(d, name))
            os.makedirs(d, exist_ok=True)
    orgs = build_orgs(args.seed, args.orgs, real_orgs)
    by_id = {}
    for o in orgs:
        if not catalog_ok:
            with open(os.path.join(args.out, "organisaties", o["id"] + ".yaml"), "wb") as f:
                f.write(o["raw"])
        by_id[o["id"]] = o["record"]
    dump = None
    if not dump_ok:
        if os.path.exists(args.dump + ".generator"):
            os.unlink(args.dump + ".generator")
        dump = open(args.dump + ".tmp", "w", encoding="utf-8")
    total = 0
    ids = set()
    for i in range(args.entries):
        e = draw_entry(i, args.seed, pool, orgs)
        assert e["id"] not in ids and len(e["id"]) <= 80, e["id"]
        ids.add(e["id"])
        if not catalog_ok:
            text = entry_yaml(e)
            total += len(text.encode())
            with open(os.path.join(args.out, "aanbod", e["id"] + ".yaml"), "w",
                      encoding="utf-8") as f:
                f.write(text)
        if dump:
            dump.write(entry_dump(e, by_id[e["organisatie"]], vocabs))
    if dump:
        dump.close()
        os.replace(args.dump + ".tmp", args.dump)
        with open(args.dump + ".generator", "w", encoding="utf-8") as f:
            f.write(dump_stamp)
    if not catalog_ok:
        with open(stamp_path, "w", encoding="utf-8") as f:
            f.write(stamp)
        print(f"gen_catalog: {args.out}: generated {args.entries} entries "
              f"(mean {total / max(args.entries, 1):.0f} bytes), {len(orgs)} organisations"
              + (", and the dump" if dump else ""))
    else:
        print(f"gen_catalog: {args.out}: reused ({args.entries} entries); dump generated")
    return 0


def cmd_mutate(args):
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^samenvatting: [^\n]*\n(?:  [^\n]*\n)*", text, re.M)
    if not m:
        print(f"gen_catalog: {args.file}: no samenvatting", file=sys.stderr)
        return 1
    new = (f"samenvatting: >-\n  Bijgewerkt ({args.n}): deze samenvatting is voor de meting "
           f"herschreven, versie {args.n}.\n")
    with open(args.file, "w", encoding="utf-8") as f:
        f.write(text[:m.start()] + new + text[m.end():])
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--source", required=True)
    g.add_argument("--schema", default="schema", help="for the vocabulary order in the dump")
    g.add_argument("--out", required=True)
    g.add_argument("--entries", type=int, required=True)
    g.add_argument("--orgs", type=int, default=200)
    g.add_argument("--seed", default="wegwijzer-bench-1")
    g.add_argument("--dump")
    m = sub.add_parser("mutate")
    m.add_argument("file")
    m.add_argument("--n", type=int, default=1)
    args = p.parse_args()
    return cmd_generate(args) if args.cmd == "generate" else cmd_mutate(args)


if __name__ == "__main__":
    sys.exit(main())
