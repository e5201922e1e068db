#!/usr/bin/env python3
"""Generate a synthetic company file share for piiscan's throughput benchmark (issue 5).

    python3 bench/gen_share.py --out /tmp/piiscan-bench/share            # scale 1.0, ~360 MB
    python3 bench/gen_share.py --out /tmp/share-q --scale 0.25           # ~90 MB
    python3 bench/gen_share.py --out /tmp/small --small-files 200000     # files/s tree
    python3 bench/gen_share.py --big-line /tmp/big.json --big-line-mb 1024   # one 1 GiB line

What the share holds (scale 1.0, about 360 MB in ~10,000 files, nested up to 7 levels):

  * German and English prose (.txt, .md, .html), business letters (some Windows-1252, some
    CRLF), meeting minutes;
  * CSV exports: employee records (Steuer-IdNr, IBAN, e-mail, phone, birth date, payroll
    religion code) and customer records (IBAN, payment card numbers), plus number-dense CSV
    without personal data (sensor readings, article master with EANs, sales with 11-digit
    order numbers that look like a Steuer-IdNr but fail its check); one HR export is
    UTF-16LE with BOM, as Excel writes "Unicode text";
  * JSON (pretty and minified) and JSON Lines; web-server access logs and application logs
    (IPs, timestamps, order numbers, request ids, the odd e-mail in a query string);
  * source code and config files (a few hold PEM private keys), hidden files (.env,
    .gitignore, .git/), binary files (random bytes, SQLite-like headers) and images (PNG and
    JPEG headers with a random payload);
  * huge files: one web-server log of 50 MB x scale and one minified JSON file that is a
    single line of 20 MB x scale.

Most files hold no personal data; a few (the HR and CRM exports) hold a lot. The manifest
(`.piiscan-bench`, JSON, in the output folder) lists bytes and files per category and how
many values of each kind were planted; `<out>.files.tsv`, next to the folder, gives each
file's category (for per-category timings).

Every value is made up: names come from short hard-coded lists, e-mail addresses use only
example.com/.de/.org/.net, German phone numbers lie in the Bundesnetzagentur ranges for
media productions, UK numbers in Ofcom's drama ranges, US numbers in 555-01xx. Identifiers
carry valid check digits computed below (Steuer-IdNr: digit rule + ISO 7064 MOD 11,10;
IBAN: ISO 13616 MOD 97-10; cards: Luhn). `--verify` re-checks a sample with python-stdnum.

Deterministic: the plan comes from random.Random(f"{seed}:plan") and every file from its own
random.Random(f"{seed}:{relative path}"), so the output is byte-identical for a given
(--seed, --scale) whatever --jobs is. Only the Python standard library is needed.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import shutil
import struct
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

MARKER = ".piiscan-bench"
MB = 1_000_000

# --------------------------------------------------------------------------------------
# Check digits (own implementations; stdnum only verifies them in --verify)
# --------------------------------------------------------------------------------------


def mod11_10_check_digit(digits) -> int:
    """ISO/IEC 7064 MOD 11,10 (pure), as used by the Steuer-IdNr."""
    product = 10
    for d in digits:
        total = (int(d) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 / ISO 7064 MOD 97-10 check digits for country + BBAN."""
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{98 - int(numeric) % 97:02d}"


def iban_is_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    numeric = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(numeric) % 97 == 1


def luhn_check_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def idnr_is_valid(number: str) -> bool:
    s = number.replace(" ", "")
    if len(s) != 11 or not s.isdigit() or s[0] == "0":
        return False
    counts = Counter(s[:10])
    repeated = [d for d, n in counts.items() if n > 1]
    if len(repeated) != 1 or counts[repeated[0]] > 3 or repeated[0] * 3 in s[:10]:
        return False
    return mod11_10_check_digit(s[:10]) == int(s[10])


assert mod11_10_check_digit("3657426180") == 9  # BZSt specimen 36574261809
assert iban_is_valid("DE89 3704 0044 0532 0130 00")
assert luhn_check_digit("411111111111111") == 1

# --------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------

DE_FIRST = ("Anna Maria Julia Laura Lena Sarah Katharina Sophie Lisa Hannah Leonie Johanna Emma "
            "Clara Paula Ingrid Ursula Monika Sabine Petra Andrea Birgit Jutta Renate Helga Gisela "
            "Jan Lukas Felix Jonas Paul Maximilian Leon Tim Niklas Tobias Michael Thomas Andreas "
            "Stefan Markus Christian Frank Jürgen Klaus Wolfgang Dieter Uwe Bernd Jörg Matthias "
            "Sebastian Florian Alexander Daniel Martin Günter Horst Sven Björn").split()
DE_LAST = ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
           "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
           "Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
           "Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
           "Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann "
           "Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer").split()
EN_FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
            "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
            "Matthew Betty Anthony Sandra Mark Ashley Oliver Amelia Harry Olivia George Isla Jack "
            "Emily Noah Poppy Charlie Ava Jacob Grace").split()
EN_LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas "
           "Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen "
           "King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Evans Turner "
           "Phillips Campbell Parker Edwards Collins Stewart Morris Murphy Cook Rogers").split()
DE_CITIES = [("Berlin", "10", "030 23125"), ("Hamburg", "20", "040 66969"),
             ("München", "80", "089 99998"), ("Köln", "50", "0221 4710"),
             ("Frankfurt am Main", "60", "069 90009"), ("Stuttgart", "70", "0711 88120"),
             ("Düsseldorf", "40", "0211 55590"), ("Leipzig", "04", "0341 99887"),
             ("Dresden", "01", "0351 77760"), ("Hannover", "30", "0511 65430"),
             ("Nürnberg", "90", "0911 21340"), ("Bremen", "28", "0421 55510"),
             ("Essen", "45", "0201 32100"), ("Freiburg im Breisgau", "79", "0761 45670"),
             ("Münster", "48", "0251 88810"), ("Augsburg", "86", "0821 22230")]
# Bundesnetzagentur ranges reserved for film and TV ("Drama-Nummern"): area code + 23125 etc.;
# the mobile ranges 0152 28817xxx/0171 39200xx are used the same way.
DE_MOBILE = ("0152 28817", "0171 39200", "0176 04690")
STREETS = ("Hauptstraße Bahnhofstraße Gartenstraße Schulstraße Lindenweg Kirchplatz Bergstraße "
           "Am Markt Goethestraße Schillerstraße Mozartweg Rosenweg Industriestraße Parkallee "
           "Birkenweg Feldstraße Friedrichstraße Marktplatz Wiesenweg Poststraße").split(" ")
EN_STREETS = ("High Street|Station Road|Church Lane|Park Avenue|Victoria Road|Green Lane|"
              "Manor Road|Mill Lane|King Street|Queens Road").split("|")
COMPANIES = ("Müller & Söhne GmbH|Nordlicht Logistik AG|Schneider Maschinenbau GmbH|Becker IT "
             "Services|Alpenblick Touristik GmbH|Rheinland Versicherung AG|Weber Elektrotechnik "
             "KG|Kaiser Bau GmbH|Hanse Handelskontor|Bavaria Feinkost GmbH|Acme Widgets Ltd|"
             "Northwind Traders|Contoso Ltd|Fabrikam Inc|Globex Corporation|Initech GmbH|Umbrella "
             "Consulting|Stark Industrie AG").split("|")
DEPTS_DE = ("Personal", "Buchhaltung", "Vertrieb", "Einkauf", "Marketing", "Recht", "Controlling",
            "Produktion", "Qualitätssicherung", "Geschäftsführung")
RELIGION = ("rk", "ev", "ak", "--", "--", "--", "--", "lt")

DE_WORDS = ("der die das und ist nicht mit für auf dem den ein eine wird werden wurde sich auch "
            "nach bei aus von zum zur wir Sie Ihnen unser unsere bitte gerne bereits noch sowie "
            "Projekt Angebot Rechnung Vertrag Kunde Kunden Auftrag Lieferung Termin Besprechung "
            "Unterlagen Zusammenarbeit Anfrage Bestellung Abrechnung Übersicht Änderung Prüfung "
            "Freigabe Genehmigung Anlage Zeitraum Quartal Jahresabschluss Budget Planung Umsetzung "
            "Maßnahme Maßnahmen Ergebnis Ergebnisse Qualität Prozess Prozesse Abteilung Leitung "
            "Mitarbeiter Mitarbeiterinnen Geschäftsführung Standort Lager Versand Produktion "
            "Software Server Netzwerk Sicherung Wartung Störung Anwendung Schnittstelle Daten "
            "Datenschutz Richtlinie Vorgabe Frist Verlängerung Kündigung Mahnung Zahlung Betrag "
            "Gutschrift Konto Steuer Umsatzsteuer Prüfbericht Protokoll Sitzung Teilnehmer "
            "Tagesordnung Punkt Beschluss Vorschlag Rückmeldung Entwurf Fassung Version Stand "
            "aktuell zeitnah umgehend voraussichtlich entsprechend grundsätzlich zusätzlich "
            "insbesondere gemäß hinsichtlich bezüglich aufgrund während zwischen gegenüber "
            "erforderlich möglich notwendig wichtig vollständig offen geplant vereinbart "
            "abgestimmt geprüft erstellt überarbeitet versendet erhalten bestätigt berücksichtigt "
            "müssen können sollen dürfen möchten bitten danken informieren mitteilen erläutern "
            "größer kleiner höher niedriger früher später schnell neu alt gut weitere erste letzte "
            "Woche Monat Jahr Tag Montag Dienstag Mittwoch Donnerstag Freitag Januar Februar März "
            "April Mai Juni Juli August September Oktober November Dezember Straße Büro Gebäude "
            "Raum Etage Schlüssel Zugang Fahrzeug Reise Kosten Reisekosten Spesen Urlaub Antrag "
            "Schulung Weiterbildung Einarbeitung Gespräch Feedback Ziel Ziele Kennzahl Kennzahlen "
            "Lieferant Lieferanten Artikel Preis Preise Menge Mengen Bestand Inventur Kalkulation").split()
EN_WORDS = ("the of and to in is for on with as by at from that this be are was were will would "
            "can could should may not our your their we you they it its has have had been "
            "project proposal invoice contract customer customers order delivery meeting schedule "
            "documents cooperation request purchase billing overview change review approval "
            "attachment period quarter budget planning implementation measure results quality "
            "process processes department management staff employees site warehouse shipping "
            "production software server network backup maintenance incident application interface "
            "data privacy policy requirement deadline extension termination reminder payment "
            "amount credit account tax report minutes session participants agenda item decision "
            "suggestion feedback draft version status current promptly expected accordingly "
            "generally additionally especially according regarding due during between required "
            "possible necessary important complete open planned agreed aligned checked created "
            "revised sent received confirmed considered must need want ask thank inform explain "
            "larger smaller higher lower earlier later quickly new old good further first last "
            "week month year day Monday Tuesday Wednesday Thursday Friday January February March "
            "April May June July August September October November December office building room "
            "floor access vehicle travel costs expenses holiday application training onboarding "
            "conversation goal goals metric metrics supplier suppliers article price prices "
            "quantity stock inventory calculation team lead release roadmap milestone risk issue "
            "stakeholder scope estimate forecast revenue margin growth target region market").split()

# --------------------------------------------------------------------------------------
# Shared pools (deterministic from the seed, built once per process)
# --------------------------------------------------------------------------------------


class Pools:
    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:pools")
        self.de_sentences = [self._sentence(rng, DE_WORDS, "de") for _ in range(4000)]
        self.en_sentences = [self._sentence(rng, EN_WORDS, "en") for _ in range(4000)]
        self.ips = [f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
                    f"{rng.randint(1, 254)}" for _ in range(6000)]
        segs = ("shop api v1 v2 static img css js products category cart checkout account "
                "orders search help blog news de en assets media download login logout").split()
        self.paths = []
        for _ in range(800):
            p = "/" + "/".join(rng.choices(segs, k=rng.randint(1, 4)))
            r = rng.random()
            if r < 0.3:
                p += f"/{rng.randint(1, 99999)}"
            elif r < 0.5:
                p += rng.choice((".css", ".js", ".png", ".jpg", ".svg", ".woff2", ".html"))
            if rng.random() < 0.2:
                p += f"?page={rng.randint(1, 40)}&sort={rng.choice(('asc', 'desc', 'price'))}"
            self.paths.append(p)
        self.uas = [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{rng.randint(100, 124)}.0.{rng.randint(1000, 6999)}.{rng.randint(10, 200)} "
            "Safari/537.36" for _ in range(12)] + [
            f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
            f"Gecko) Version/17.{rng.randint(0, 4)} Safari/605.1.15" for _ in range(5)] + [
            f"Mozilla/5.0 (X11; Linux x86_64; rv:{rng.randint(100, 125)}.0) Gecko/20100101 "
            f"Firefox/{rng.randint(100, 125)}.0" for _ in range(5)] + [
            "curl/7.88.1", "Go-http-client/1.1", "python-requests/2.31.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
        self.refs = ["-"] * 10 + [f"https://www.example.{rng.choice(('com', 'de'))}"
                                  f"{rng.choice(self.paths)}" for _ in range(40)]
        self.code = {lang: [gen(rng) for _ in range(600)] for lang, gen in CODE_GENS.items()}

    @staticmethod
    def _sentence(rng, words, lang) -> str:
        n = rng.randint(5, 19)
        ws = rng.choices(words, k=n)
        r = rng.random()
        if r < 0.12:
            ws.insert(rng.randrange(n), str(rng.randint(2, 2030)))
        elif r < 0.18:
            amount = f"{rng.randint(10, 99999)},{rng.randint(0, 99):02d} EUR" if lang == "de" \
                else f"${rng.randint(10, 99999)}.{rng.randint(0, 99):02d}"
            ws.insert(rng.randrange(n), amount)
        elif r < 0.22:
            ws.insert(rng.randrange(n), f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}."
                                        f"{rng.randint(2015, 2025)}")
        if n > 9 and rng.random() < 0.4:
            ws[rng.randrange(3, n - 2)] += ","
        s = " ".join(ws)
        return s[0].upper() + s[1:] + rng.choice("....!?:") if s else s


# --------------------------------------------------------------------------------------
# Personal values
# --------------------------------------------------------------------------------------


def tax_id(rng) -> str:
    while True:
        rep = rng.randrange(10)
        times = 2 if rng.random() < 0.6 else 3
        others = [d for d in range(10) if d != rep]
        rng.shuffle(others)
        body = [rep] * times + others[: 10 - times]
        rng.shuffle(body)
        if body[0] == 0:
            continue
        s = "".join(map(str, body))
        if times == 3 and str(rep) * 3 in s:
            continue
        return s + str(mod11_10_check_digit(s))


def digits(rng, n: int) -> str:
    return str(rng.randrange(10 ** n)).zfill(n)


def iban(rng, grouped: bool | None = None) -> str:
    r = rng.random()
    if r < 0.75:
        country, bban = "DE", str(rng.randint(1, 8)) + digits(rng, 17)
    elif r < 0.85:
        country, bban = "AT", str(rng.randint(1, 9)) + digits(rng, 15)
    elif r < 0.92:
        country, bban = "CH", digits(rng, 5) + digits(rng, 12)
    elif r < 0.97:
        country, bban = "NL", "".join(rng.choices("ABCINRST", k=4)) + digits(rng, 10)
    else:
        country, bban = "GB", "".join(rng.choices("ABCDLMNRSW", k=4)) + digits(rng, 14)
    s = country + iban_check_digits(country, bban) + bban
    if grouped is None:
        grouped = rng.random() < 0.5
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s


def card(rng) -> str:
    r = rng.random()
    if r < 0.5:
        payload = "4" + digits(rng, 14)
    elif r < 0.85:
        payload = str(rng.randint(51, 55)) + digits(rng, 13)
    else:
        payload = rng.choice(("34", "37")) + digits(rng, 12)
    s = payload + str(luhn_check_digit(payload))
    if rng.random() < 0.5:
        if len(s) == 15:
            return f"{s[:4]} {s[4:10]} {s[10:]}"
        return " ".join(s[i:i + 4] for i in range(0, 16, 4))
    return s


def person(rng, lang: str):
    if lang == "de":
        return rng.choice(DE_FIRST), rng.choice(DE_LAST)
    return rng.choice(EN_FIRST), rng.choice(EN_LAST)


ASCII_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                            "Ü": "Ue", " ": "-", "&": "", "é": "e"})


def email(rng, first: str, last: str) -> str:
    f, l_ = first.translate(ASCII_FOLD).lower(), last.translate(ASCII_FOLD).lower()
    tld = rng.choice(("com", "de", "de", "org", "net"))
    style = rng.randrange(4)
    local = (f"{f}.{l_}", f"{f[0]}.{l_}", f"{l_}{rng.randint(1, 99)}", f"{f}_{l_}")[style]
    return f"{local}@example.{tld}"


def phone(rng, lang: str = "de") -> str:
    if lang == "de":
        r = rng.random()
        if r < 0.2:
            return f"{rng.choice(DE_MOBILE)}{digits(rng, 3)}"
        city = rng.choice(DE_CITIES)[2]
        n = city + digits(rng, 3)
        if r < 0.55:
            return "+49 " + n[1:]
        if r < 0.8:
            return n
        area, rest = n.split(" ")
        return f"({area}) {rest[:3]} {rest[3:]}"
    r = rng.random()
    if r < 0.5:
        return f"+44 20 7946 0{digits(rng, 3)}"
    if r < 0.7:
        return f"0161 496 0{digits(rng, 3)}"
    return f"+1 {rng.randint(201, 989)}-555-01{digits(rng, 2)}"


def birth_date(rng, iso: bool = False) -> str:
    y, m, d = rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28)
    return f"{y}-{m:02d}-{d:02d}" if iso else f"{d:02d}.{m:02d}.{y}"


def address(rng, lang: str):
    if lang == "de":
        city, plz2, _ = rng.choice(DE_CITIES)
        return f"{rng.choice(STREETS)} {rng.randint(1, 180)}", f"{plz2}{digits(rng, 3)}", city
    return (f"{rng.randint(1, 250)} {rng.choice(EN_STREETS)}",
            f"{rng.choice(('SW1A', 'M1', 'LS2', 'BS1', 'EC1V'))} {rng.randint(1, 9)}"
            f"{rng.choice('ABDEFGHJ')}{rng.choice('ABDEFGHJ')}", rng.choice(
                ("London", "Manchester", "Leeds", "Bristol", "Oxford")))


# --------------------------------------------------------------------------------------
# Code snippets (pool-time templates)
# --------------------------------------------------------------------------------------

IDENT = ("user order item cache buffer config handler request response client server queue "
         "worker session token record index count total value result status error retry limit "
         "offset batch stream parser writer reader node tree graph path file entry key").split()


def _ident(rng, sep="_"):
    return sep.join(rng.sample(IDENT, rng.randint(1, 3)))


def _camel(rng):
    parts = rng.sample(IDENT, rng.randint(1, 3))
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def _py(rng):
    f, a, b = _ident(rng), _ident(rng), _ident(rng)
    body = [f"def {f}({a}, {b}=None):",
            f'    """{rng.choice(EN_WORDS).capitalize()} the {a} and return the {b}."""',
            f"    if {b} is None:", f"        {b} = {{}}",
            f"    for i, x in enumerate({a}):",
            f"        if x.{rng.choice(IDENT)} > {rng.randint(0, 4096)}:",
            f"            {b}[i] = x.{rng.choice(IDENT)} * {rng.randint(2, 64)}",
            f"    logger.debug(\"{f}: %d entries\", len({b}))",
            f"    return {b}", "", ""]
    return "\n".join(body)


def _c(rng):
    f, a = _ident(rng), _ident(rng)
    return (f"static int {f}(struct {a} *{a[:3]}, size_t len)\n{{\n"
            f"    size_t i;\n    int rc = 0;\n\n    for (i = 0; i < len; i++) {{\n"
            f"        if ({a[:3]}[i].{rng.choice(IDENT)} & 0x{rng.randrange(1 << 16):04x})\n"
            f"            rc += {rng.randint(1, 255)};\n    }}\n"
            f"    return rc > {rng.randint(1, 1000)} ? -E{rng.choice(('INVAL', 'NOMEM', 'IO'))} : rc;"
            f"\n}}\n\n")


def _js(rng):
    f, a = _camel(rng), _camel(rng)
    return (f"export async function {f}({a}, options = {{}}) {{\n"
            f"  const {{ timeout = {rng.randint(100, 30000)}, retries = {rng.randint(0, 5)} }} = "
            f"options;\n  const res = await fetch(`/api/v{rng.randint(1, 3)}/{rng.choice(IDENT)}/"
            f"${{{a}.id}}`, {{ method: '{rng.choice(('GET', 'POST', 'PUT'))}' }});\n"
            f"  if (!res.ok) throw new Error(`{f} failed: ${{res.status}}`);\n"
            f"  return (await res.json()).{rng.choice(IDENT)};\n}}\n\n")


def _java(rng):
    f, a, t = _camel(rng), _camel(rng), rng.choice(("String", "long", "int", "Order", "User"))
    return (f"    public {t} {f}(final {t} {a}) {{\n"
            f"        Objects.requireNonNull({a}, \"{a}\");\n"
            f"        for (int i = 0; i < {rng.randint(2, 500)}; i++) {{\n"
            f"            this.{_camel(rng)}.add({a});\n        }}\n"
            f"        LOG.info(\"{f} done in {{}} ms\", System.currentTimeMillis() - start);\n"
            f"        return {a};\n    }}\n\n")


def _sql(rng):
    t, c = _ident(rng), _ident(rng)
    return (f"CREATE TABLE IF NOT EXISTS {t} (\n  id BIGINT PRIMARY KEY,\n  {c} VARCHAR("
            f"{rng.choice((32, 64, 255))}) NOT NULL,\n  created_at TIMESTAMP DEFAULT "
            f"CURRENT_TIMESTAMP\n);\nCREATE INDEX idx_{t}_{c} ON {t} ({c});\n"
            f"SELECT {c}, COUNT(*) FROM {t} WHERE id > {rng.randint(1, 10 ** 6)} GROUP BY {c};\n\n")


CODE_GENS = {"py": _py, "c": _c, "js": _js, "java": _java, "sql": _sql}
CODE_HEADERS = {
    "py": "#!/usr/bin/env python3\n\"\"\"Internal tooling.\"\"\"\nimport logging\n\n"
          "logger = logging.getLogger(__name__)\n\n\n",
    "c": "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <errno.h>\n\n",
    "js": "'use strict';\n\nimport { logger } from '../lib/log.js';\n\n",
    "java": "package com.example.internal;\n\nimport java.util.*;\n\npublic final class Service {\n"
            "    private static final Logger LOG = LoggerFactory.getLogger(Service.class);\n\n",
    "sql": "-- schema migration\nBEGIN;\n\n",
}
CODE_FOOTERS = {"py": "", "c": "", "js": "", "java": "}\n", "sql": "COMMIT;\n"}

# --------------------------------------------------------------------------------------
# File generators: (rng, size, pools, variant) -> (bytes, Counter of planted values)
# --------------------------------------------------------------------------------------


def _fill(rng, sentences, size, para=(3, 8)) -> list[str]:
    out, n = [], 0
    while n < size:
        p = " ".join(rng.choices(sentences, k=rng.randint(*para)))
        out.append(p)
        n += len(p) + 2
    return out


def _encode(text: str, rng, lang: str, crlf_p=0.05, cp1252_p=0.0) -> bytes:
    if rng.random() < crlf_p:
        text = text.replace("\n", "\r\n")
    if lang == "de" and rng.random() < cp1252_p:
        return text.encode("cp1252", errors="replace")
    return text.encode("utf-8")


def gen_prose(rng, size, pools, variant):
    lang, fmt = variant
    sents = pools.de_sentences if lang == "de" else pools.en_sentences
    planted = Counter()
    paras = _fill(rng, sents, size)
    title = " ".join(rng.choices(sents, k=1))[:60].rstrip(".!?:,")
    if fmt == "md":
        blocks = [f"# {title}"]
        for i, p in enumerate(paras):
            if i % 4 == 1:
                blocks.append(f"## {p[:40].rstrip('.,!?: ')}")
            if i % 7 == 3:
                blocks.append("\n".join("- " + s for s in rng.choices(sents, k=rng.randint(2, 5))))
            else:
                blocks.append(p)
        text = "\n\n".join(blocks)
    elif fmt == "html":
        body = "\n".join(f"<p>{p}</p>" for p in paras)
        text = (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\">"
                f"<title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>")
    else:
        # wrap at ~80 columns like a text editor export
        lines = []
        for p in paras:
            while len(p) > 80:
                cut = p.rfind(" ", 0, 80)
                cut = cut if cut > 0 else 80
                lines.append(p[:cut])
                p = p[cut + 1:]
            lines.append(p)
            lines.append("")
        text = title + "\n\n" + "\n".join(lines)
    r = rng.random()
    if r < 0.08:  # a contact footer
        f, l_ = person(rng, lang)
        label = ("Ansprechpartner", "Telefon", "E-Mail") if lang == "de" else \
            ("Contact", "Phone", "Email")
        text += f"\n\n{label[0]}: {f} {l_}\n{label[1]}: {phone(rng, lang)}\n" \
                f"{label[2]}: {email(rng, f, l_)}\n"
        planted.update(email=1, phone=1)
    elif r < 0.10:  # minutes with a participant list
        hdr = "Teilnehmerliste" if lang == "de" else "Participants"
        rows = []
        for _ in range(rng.randint(5, 25)):
            f, l_ = person(rng, lang)
            rows.append(f"- {f} {l_}, {email(rng, f, l_)}, {phone(rng, lang)}")
        planted.update(email=len(rows), phone=len(rows))
        text = f"{hdr}\n" + "\n".join(rows) + "\n\n" + text
    return _encode(text + "\n", rng, lang, crlf_p=0.05, cp1252_p=0.08 if fmt == "txt" else 0), \
        planted


LETTER_SUBJECTS_DE = ("Ihre Rechnung Nr. {n}", "Angebot {n}", "Kündigung des Vertrags {n}",
                      "Mahnung zu Rechnung {n}", "Bestätigung Ihres Auftrags {n}",
                      "Änderung Ihrer Bankverbindung", "Lohnsteuerbescheinigung {y}",
                      "Einladung zum Gespräch", "Bewerbung als Sachbearbeiter/in")
LETTER_SUBJECTS_EN = ("Your invoice no. {n}", "Quotation {n}", "Termination of contract {n}",
                      "Payment reminder {n}", "Order confirmation {n}", "Change of bank details",
                      "Invitation to interview")


def gen_letter(rng, size, pools, variant):
    lang = variant
    sents = pools.de_sentences if lang == "de" else pools.en_sentences
    planted = Counter()
    company = rng.choice(COMPANIES)
    street, plz, city = address(rng, lang)
    f, l_ = person(rng, lang)
    rstreet, rplz, rcity = address(rng, lang)
    n = f"{rng.randint(2019, 2025)}-{rng.randint(1, 99999):05d}"
    date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2025)}"
    sf, sl = person(rng, lang)
    if lang == "de":
        subject = rng.choice(LETTER_SUBJECTS_DE).format(n=n, y=rng.randint(2019, 2024))
        salutation = f"Sehr geehrte{'r Herr' if rng.random() < 0.5 else ' Frau'} {l_},"
        closing = "Mit freundlichen Grüßen"
        anrede = rng.choice(("Herrn", "Frau"))
        head = [company, f"{street} · {plz} {city}", f"Telefon {phone(rng)}", "",
                f"{anrede} {f} {l_}", rstreet, f"{rplz} {rcity}", "", f"{city}, {date}", "",
                f"Betreff: {subject}", "", salutation, ""]
    else:
        subject = rng.choice(LETTER_SUBJECTS_EN).format(n=n)
        head = [company, f"{street}, {city} {plz}", f"Phone {phone(rng, 'en')}", "",
                f"{rng.choice(('Mr', 'Ms', 'Dr'))} {f} {l_}", rstreet, f"{rcity} {rplz}", "",
                date, "", f"Re: {subject}", "", f"Dear {rng.choice(('Mr', 'Ms'))} {l_},", ""]
        closing = "Kind regards"
    planted.update(phone=1)
    body = _fill(rng, sents, max(size - 600, 200), para=(2, 5))
    extra = []
    r = rng.random()
    if r < 0.3:
        lbl = "Bankverbindung: IBAN" if lang == "de" else "Bank details: IBAN"
        extra.append(f"{lbl} {iban(rng)}, BIC {''.join(rng.choices('ABCDEFGHKLMNPRSTUVWXYZ', k=6))}"
                     f"{rng.choice(('XX', 'FF', 'MM'))}")
        planted.update(iban=1)
    if rng.random() < 0.06:
        extra.append(f"Ihre Steuer-IdNr.: {tax_id(rng)}" if lang == "de" else
                     f"Your tax ID: {tax_id(rng)}")
        planted.update(tax_id=1)
    if rng.random() < 0.1:
        extra.append(f"geb. am {birth_date(rng)}" if lang == "de" else
                     f"Date of birth: {birth_date(rng, iso=True)}")
        planted.update(birth_date=1)
    tail = ["", closing, "", f"{sf} {sl}", f"{phone(rng, lang)} · {email(rng, sf, sl)}"]
    planted.update(phone=1, email=1)
    text = "\n".join(head) + "\n" + "\n\n".join(body) + "\n\n" + "\n".join(extra) + \
        "\n".join(tail) + "\n"
    return _encode(text, rng, lang, crlf_p=0.3, cp1252_p=0.12), planted


def gen_employees(rng, size, pools, variant):
    lang, enc = variant
    planted = Counter()
    if lang == "de":
        sep = "\t" if enc == "utf-16" else ";"
        hdr = ["Personalnr", "Anrede", "Vorname", "Nachname", "Geburtsdatum", "Straße", "PLZ",
               "Ort", "Telefon", "E-Mail", "Steuer-IdNr", "IBAN", "Konfession", "Eintritt",
               "Abteilung", "Bruttogehalt"]
    else:
        sep = ","
        hdr = ["employee_id", "first_name", "last_name", "date_of_birth", "email", "phone",
               "tax_id", "iban", "department", "start_date", "salary"]
    lines = [sep.join(hdr)]
    n, pid = len(lines[0]), rng.randint(1000, 90000)
    while n < size:
        pid += rng.randint(1, 3)
        f, l_ = person(rng, lang)
        if lang == "de":
            street, plz, city = address(rng, "de")
            row = [str(pid), rng.choice(("Herr", "Frau")), f, l_, birth_date(rng), street, plz,
                   city, phone(rng), email(rng, f, l_), tax_id(rng), iban(rng, grouped=False),
                   rng.choice(RELIGION), f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}."
                   f"{rng.randint(1990, 2025)}", rng.choice(DEPTS_DE),
                   f"{rng.randint(2400, 12000)},{rng.randint(0, 99):02d}"]
        else:
            row = [f"E{pid}", f, l_, birth_date(rng, iso=True), email(rng, f, l_),
                   phone(rng, "en"), tax_id(rng), iban(rng, grouped=False),
                   rng.choice(("Sales", "HR", "Finance", "IT", "Operations")),
                   f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   str(rng.randint(30000, 140000))]
        line = sep.join(row)
        lines.append(line)
        n += len(line) + 1
    rows = len(lines) - 1
    planted.update(email=rows, phone=rows, tax_id=rows, iban=rows, birth_date=rows)
    text = "\n".join(lines) + "\n"
    if enc == "utf-16":
        return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"), planted
    if enc == "utf-8-lf":  # the same encoding throughout (generate_dense_export's blocks)
        return text.encode("utf-8"), planted
    return _encode(text, rng, lang, crlf_p=0.5, cp1252_p=0.2), planted


def gen_customers(rng, size, pools, variant):
    lang = variant
    planted = Counter()
    hdr = ("Kundennr,Firma,Anrede,Vorname,Nachname,E-Mail,Telefon,Straße,PLZ,Ort,IBAN,Zahlungsart,"
           "Kartennummer,Umsatz" if lang == "de" else
           "customer_id,company,title,first_name,last_name,email,phone,street,postcode,city,iban,"
           "payment_method,card_number,revenue")
    lines, n, cid = [hdr], len(hdr), rng.randint(10000, 500000)
    while n < size:
        cid += rng.randint(1, 9)
        f, l_ = person(rng, lang)
        street, plz, city = address(rng, lang)
        r = rng.random()
        pay_iban, pay_card, method = "", "", ("Rechnung" if lang == "de" else "invoice")
        if r < 0.4:
            pay_iban, method = iban(rng, grouped=False), "SEPA"
            planted.update(iban=1)
        elif r < 0.5:
            pay_card, method = card(rng), ("Kreditkarte" if lang == "de" else "card")
            planted.update(credit_card=1)
        company = rng.choice(COMPANIES) if rng.random() < 0.4 else ""
        row = [f"K{cid}", f'"{company}"' if "," in company else company,
               rng.choice(("Herr", "Frau", "Mr", "Ms"))[:4], f, l_, email(rng, f, l_),
               phone(rng, lang), street, plz, city, pay_iban, method, pay_card,
               f"{rng.randint(0, 250000)}.{rng.randint(0, 99):02d}"]
        line = ",".join(row)
        lines.append(line)
        n += len(line) + 1
    rows = len(lines) - 1
    planted.update(email=rows, phone=rows)
    return _encode("\n".join(lines) + "\n", rng, lang, crlf_p=0.4), planted


def gen_data_csv(rng, size, pools, variant):
    """Number-dense CSV without personal data (decoys: 11-digit order numbers, EANs)."""
    lines = []
    n = 0
    if variant == "sensor":
        lines.append("timestamp,sensor_id,temperature_c,humidity_pct,pressure_hpa,vibration,status")
        t = rng.randint(1_600_000_000, 1_700_000_000)
        sensors = [f"S-{rng.randint(100, 999)}-{rng.choice('ABCDEF')}" for _ in range(20)]
        while n < size:
            t += rng.randint(1, 30)
            tm = time.gmtime(t)
            line = (f"{tm.tm_year}-{tm.tm_mon:02d}-{tm.tm_mday:02d}T{tm.tm_hour:02d}:"
                    f"{tm.tm_min:02d}:{tm.tm_sec:02d}Z,{rng.choice(sensors)},"
                    f"{rng.uniform(-5, 45):.2f},{rng.uniform(10, 95):.1f},"
                    f"{rng.uniform(980, 1040):.1f},{rng.random():.5f},{rng.choice(('OK', 'OK', 'OK', 'WARN'))}")
            lines.append(line)
            n += len(line) + 1
    elif variant == "articles":
        lines.append("Artikelnummer;EAN;Bezeichnung;Warengruppe;Preis;Lagerbestand;Lieferant")
        art = rng.randint(100000, 900000)
        while n < size:
            art += rng.randint(1, 7)
            ean12 = "40" + digits(rng, 10)
            s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(ean12))
            ean = ean12 + str((10 - s % 10) % 10)
            line = (f"{art};{ean};{' '.join(rng.choices(DE_WORDS[40:140], k=rng.randint(2, 4)))};"
                    f"{rng.randint(10, 99)};{rng.randint(0, 9999)},{rng.randint(0, 99):02d};"
                    f"{rng.randint(0, 20000)};{rng.choice(COMPANIES)}")
            lines.append(line)
            n += len(line) + 1
    else:  # sales with 11-digit order numbers
        lines.append("Datum;Filiale;Bestellnummer;Positionen;Netto;MwSt;Brutto")
        while n < size:
            net = rng.randint(100, 5_000_000) / 100
            line = (f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2025)};"
                    f"F{rng.randint(1, 60):03d};{rng.randint(10 ** 10, 10 ** 11 - 1)};"
                    f"{rng.randint(1, 40)};{net:.2f};{net * 0.19:.2f};{net * 1.19:.2f}")
            lines.append(line)
            n += len(line) + 1
    return ("\n".join(lines) + "\n").encode(), Counter()


def _iso(t: int, ms: int | None = None) -> str:
    tm = time.gmtime(t)
    s = (f"{tm.tm_year}-{tm.tm_mon:02d}-{tm.tm_mday:02d}T{tm.tm_hour:02d}:{tm.tm_min:02d}:"
         f"{tm.tm_sec:02d}")
    return s + (f".{ms:03d}Z" if ms is not None else "Z")


def _uuid(rng) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _order_json(rng, with_pii: bool, planted: Counter) -> dict:
    d = {"order_id": f"ORD-{rng.randint(2019, 2025)}-{rng.randint(0, 999999):06d}",
         "order_no": rng.randint(10 ** 10, 10 ** 11 - 1),
         "request_id": _uuid(rng), "created": _iso(rng.randint(1_550_000_000, 1_730_000_000)),
         "status": rng.choice(("new", "paid", "shipped", "cancelled", "returned")),
         "items": [{"sku": f"{rng.randint(100000, 999999)}", "qty": rng.randint(1, 9),
                    "price": round(rng.uniform(1, 500), 2)} for _ in range(rng.randint(1, 5))],
         "channel": rng.choice(("web", "app", "phone", "store"))}
    if with_pii:
        f, l_ = person(rng, rng.choice(("de", "en")))
        d["customer"] = {"name": f"{f} {l_}", "email": email(rng, f, l_), "phone": phone(rng)}
        planted.update(email=1, phone=1)
    else:
        d["customer"] = {"id": f"C{rng.randint(10 ** 6, 10 ** 7)}"}
    return d


def gen_json(rng, size, pools, variant):
    planted = Counter()
    pii_rate = 0.8 if rng.random() < 0.15 else 0.0
    if variant == "metrics":
        t = rng.randint(1_650_000_000, 1_730_000_000)
        series, n = [], 0
        while n < size:
            t += 15
            e = {"ts": _iso(t), "host": f"srv{rng.randint(1, 40):02d}", "cpu": round(rng.random(), 4),
                 "mem_mb": rng.randint(200, 64000), "disk_io": rng.randint(0, 10 ** 6),
                 "requests": rng.randint(0, 5000), "p99_ms": round(rng.uniform(1, 900), 1)}
            series.append(e)
            n += 150
        return json.dumps({"metrics": series}, indent=1).encode(), planted
    if variant == "jsonl":
        out, n = [], 0
        while n < size:
            line = json.dumps(_order_json(rng, rng.random() < pii_rate, planted),
                              separators=(",", ":"))
            out.append(line)
            n += len(line) + 1
        return ("\n".join(out) + "\n").encode(), planted
    orders, n = [], 0
    while n < size:
        orders.append(_order_json(rng, rng.random() < pii_rate, planted))
        n += 600
    return json.dumps({"export": "orders", "count": len(orders), "orders": orders},
                      indent=2, ensure_ascii=False).encode(), planted


def gen_weblog(rng, size, pools, variant=None):
    planted = Counter()
    ips, paths, uas, refs = pools.ips, pools.paths, pools.uas, pools.refs
    t = rng.randint(1_650_000_000, 1_730_000_000)
    pii_rate = 0.002 if rng.random() < 0.3 else 0.0
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    out, n, last_t, ts = [], 0, -1, ""
    choice, random_ = rng.choice, rng.random
    while n < size:
        if random_() < 0.6:
            t += 1
        if t != last_t:
            tm = time.gmtime(t)
            ts = (f"{tm.tm_mday:02d}/{months[tm.tm_mon - 1]}/{tm.tm_year}:{tm.tm_hour:02d}:"
                  f"{tm.tm_min:02d}:{tm.tm_sec:02d} +0000")
            last_t = t
        path = choice(paths)
        if pii_rate and random_() < pii_rate:
            f, l_ = person(rng, "de")
            path = f"/newsletter/subscribe?email={email(rng, f, l_)}"
            planted.update(email=1)
        status = 200 if random_() < 0.85 else choice((301, 302, 304, 404, 500, 403))
        line = (f'{choice(ips)} - - [{ts}] "{choice(("GET", "GET", "GET", "POST"))} {path} '
                f'HTTP/1.1" {status} {rng.randint(0, 250000)} "{choice(refs)}" "{choice(uas)}" '
                f'rid={rng.getrandbits(64):016x} rt={rng.randint(1, 3000) / 1000:.3f}')
        out.append(line)
        n += len(line) + 1
    return ("\n".join(out) + "\n").encode(), planted


def gen_applog(rng, size, pools, variant=None):
    planted = Counter()
    t = rng.randint(1_650_000_000, 1_730_000_000)
    pii_rate = 0.01 if rng.random() < 0.3 else 0.0
    comps = ("order-service", "payment", "auth", "scheduler", "mailer", "inventory", "gateway")
    msgs = ("processed order {o} in {ms} ms", "cache miss for key order:{o}",
            "retrying request {rid} (attempt {a}/5)", "payment authorised for order {o}",
            "connection pool exhausted, waiting {ms} ms", "job {rid} finished status=OK",
            "GET /api/v2/orders/{o} -> 200 ({ms} ms)", "slow query {ms} ms: SELECT * FROM orders "
            "WHERE id = {o}", "shipment label created for order {o}")
    out, n = [], 0
    while n < size:
        t += rng.randint(0, 2)
        lvl = rng.choice(("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"))
        msg = rng.choice(msgs).format(o=rng.randint(10 ** 10, 10 ** 11 - 1), ms=rng.randint(1, 9000),
                                      rid=_uuid(rng), a=rng.randint(1, 5))
        if pii_rate and rng.random() < pii_rate:
            f, l_ = person(rng, "en")
            msg = f"login succeeded for user={email(rng, f, l_)} from {rng.choice(pools.ips)}"
            planted.update(email=1)
        line = (f"{_iso(t, rng.randint(0, 999))} {lvl:<5} [{rng.choice(comps)}-"
                f"{rng.randint(1, 8)}] {msg}")
        out.append(line)
        n += len(line) + 1
    return ("\n".join(out) + "\n").encode(), planted


def gen_code(rng, size, pools, variant):
    lang = variant
    parts = [CODE_HEADERS[lang]]
    n = len(parts[0])
    snippets = pools.code[lang]
    while n < size:
        s = rng.choice(snippets)
        parts.append(s)
        n += len(s)
    parts.append(CODE_FOOTERS[lang])
    return "".join(parts).encode(), Counter()


def _pem(rng) -> str:
    import base64
    body = base64.b64encode(rng.randbytes(rng.choice((1190, 1218, 1700)))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    kind = rng.choice(("RSA ", "", "EC ", "OPENSSH "))
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{lines}\n-----END {kind}PRIVATE KEY-----\n"


def gen_config(rng, size, pools, variant):
    planted = Counter()
    host = f"srv{rng.randint(1, 40):02d}.intern.example.net"
    if variant == "yaml":
        lines = ["# managed by ansible", "service:", f"  name: {_ident(rng, '-')}",
                 f"  replicas: {rng.randint(1, 6)}", f"  port: {rng.randint(1024, 65535)}",
                 "database:", f"  host: {host}", f"  pool_size: {rng.randint(2, 64)}",
                 f"  timeout_ms: {rng.randint(100, 60000)}", "features:"]
        while sum(map(len, lines)) < size:
            lines.append(f"  {_ident(rng)}: {rng.choice(('true', 'false', str(rng.randint(0, 999))))}")
        text = "\n".join(lines)
    elif variant == "ini":
        lines = [f"[{_ident(rng)}]", f"host = {host}", f"port = {rng.randint(1024, 65535)}"]
        while sum(map(len, lines)) < size:
            if rng.random() < 0.15:
                lines.append(f"\n[{_ident(rng)}]")
            lines.append(f"{_ident(rng)} = {rng.choice(('yes', 'no', str(rng.randint(0, 99999))))}")
        text = "\n".join(lines)
    elif variant == "env":
        text = (f"DATABASE_URL=postgres://app:{rng.getrandbits(64):016x}@{host}:5432/app\n"
                f"REDIS_URL=redis://{host}:6379/0\nLOG_LEVEL=info\n"
                f"SECRET_KEY={rng.getrandbits(256):064x}\nADMIN_EMAIL=admin@example.com\n")
        planted.update(email=1)
    elif variant == "xml":
        items = []
        while sum(map(len, items)) < size:
            items.append(f'  <entry key="{_camel(rng)}" value="{rng.randint(0, 10 ** 6)}"/>')
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n" + "\n".join(items) + \
               "\n</config>"
    else:  # properties
        lines = [f"# {rng.choice(EN_WORDS)} settings"]
        while sum(map(len, lines)) < size:
            lines.append(f"{'.'.join(rng.sample(IDENT, 3))}={rng.randint(0, 10 ** 5)}")
        text = "\n".join(lines)
    if rng.random() < 0.01:
        text += "\n# deploy key (do not commit)\n" + _pem(rng)
        planted.update(private_key=1)
    return (text + "\n").encode(), planted


def gen_binary(rng, size, pools, variant):
    if variant == "sqlite":
        return b"SQLite format 3\x00" + rng.randbytes(max(size - 16, 0)), Counter()
    return rng.randbytes(size), Counter()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def gen_image(rng, size, pools, variant):
    if variant == "png":
        w, h = rng.randint(64, 4000), rng.randint(64, 3000)
        head = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        idat = _png_chunk(b"IDAT", rng.randbytes(max(size - len(head) - 12 - 12, 16)))
        return head + idat + _png_chunk(b"IEND", b""), Counter()
    w, h = rng.randint(64, 4000), rng.randint(64, 3000)
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    sos = b"\xff\xda" + struct.pack(">HB", 12, 3) + b"\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    payload = rng.randbytes(max(size - 64, 16)).replace(b"\xff", b"\xff\x00")
    return b"\xff\xd8" + app0 + sof + sos + payload + b"\xff\xd9", Counter()


def _json_line_block(rng, size: int, planted: Counter, pii_rate: float = 0.05) -> str:
    """Minified JSON records joined by ',' (no newline), about `size` characters; a share
    `pii_rate` of the records carries a customer name, e-mail and phone number."""
    out, n = [], 0
    while n < size:
        with_pii = rng.random() < pii_rate
        s = json.dumps(_order_json(rng, with_pii, planted), separators=(",", ":"))
        out.append(s)
        n += len(s) + 1
    return ",".join(out)


def gen_single_line(rng, size, pools, variant=None):
    planted = Counter()
    return ("[" + _json_line_block(rng, size, planted) + "]").encode(), planted


GENERATORS = {
    "prose": gen_prose, "letter": gen_letter, "employees": gen_employees,
    "customers": gen_customers, "data_csv": gen_data_csv, "json": gen_json,
    "weblog": gen_weblog, "applog": gen_applog, "code": gen_code, "config": gen_config,
    "binary": gen_binary, "image": gen_image, "single_line": gen_single_line,
}

# --------------------------------------------------------------------------------------
# The plan: which file goes where
# --------------------------------------------------------------------------------------

# category: (MB at scale 1.0, median file size in bytes, sigma of log size, min, max)
BUDGET = {
    "prose": (45, 12_000, 1.2, 400, 3_000_000),
    "letter": (12, 3_200, 0.35, 1_200, 14_000),
    "employees": (12, 900_000, 0.8, 30_000, 5_000_000),
    "customers": (15, 500_000, 0.9, 20_000, 5_000_000),
    "data_csv": (30, 250_000, 1.3, 3_000, 8_000_000),
    "json": (38, 30_000, 1.6, 300, 6_000_000),
    "weblog": (30, 400_000, 1.3, 5_000, 10_000_000),
    "applog": (15, 300_000, 1.3, 5_000, 8_000_000),
    "code": (32, 6_000, 1.0, 200, 250_000),
    "config": (4, 1_500, 0.9, 80, 60_000),
    "binary": (32, 150_000, 1.8, 1_000, 8_000_000),
    "image": (22, 180_000, 1.2, 4_000, 4_000_000),
}
HUGE_LOG_MB, SINGLE_LINE_MB = 50, 20


class Planner:
    def __init__(self, rng: random.Random, scale: float):
        self.rng = rng
        self.seen = set()
        self.files = []  # (relpath, kind, size, variant)
        nusers = max(6, round(40 * scale))
        self.users = []
        for _ in range(nusers):
            f, l_ = person(rng, "de" if rng.random() < 0.8 else "en")
            self.users.append(f"{f}.{l_}".translate(ASCII_FOLD).lower())
        self.users = sorted(set(self.users))
        self.projects = sorted({f"{rng.choice(('web', 'erp', 'crm', 'data', 'infra', 'app'))}-"
                                f"{_ident(rng, '-')}" for _ in range(max(4, round(14 * scale)))})
        self.hosts = [f"web{i:02d}" for i in range(1, 7)] + ["proxy01", "app01", "app02", "db01"]
        self.years = [str(y) for y in range(2019, 2026)]

    def add(self, path: str, kind: str, size: int, variant=None):
        base, dot, ext = path.rpartition(".")
        if "/" in ext or not dot:
            base, ext = path, ""
        candidate, i = path, 1
        while candidate in self.seen:
            i += 1
            candidate = f"{base}_{i}.{ext}" if ext else f"{base}_{i}"
        self.seen.add(candidate)
        self.files.append((candidate, kind, int(size), variant))

    def month(self):
        return f"{self.rng.choice(self.years)}/{self.rng.randint(1, 12):02d}"

    def user(self):
        return f"Benutzer/{self.rng.choice(self.users)}"

    def project(self):
        return f"Projekte/{self.rng.choice(self.projects)}"

    def place(self, kind: str, size: int):
        """Pick a folder, a name and a variant for a file of this kind."""
        rng, c = self.rng, self.rng.choice
        n = rng.randint(1, 99999)
        if kind == "prose":
            lang = "de" if rng.random() < 0.65 else "en"
            fmt = c(("txt", "txt", "md", "md", "html"))
            folder = c((f"Abteilungen/{c(DEPTS_DE)}/Dokumentation/{c(self.years)}",
                        f"{self.user()}/Dokumente/{c(('Notizen', 'Entwürfe', 'Archiv'))}",
                        f"Wiki/{c(IDENT)}/{c(IDENT)}", f"{self.project()}/docs",
                        f"Abteilungen/{c(DEPTS_DE)}/Protokolle/{self.month()}"))
            name = f"{c(('bericht', 'notiz', 'protokoll', 'konzept', 'report', 'notes', 'howto'))}_{n}"
            return f"{folder}/{name}.{fmt}", (lang, fmt)
        if kind == "letter":
            lang = "de" if rng.random() < 0.7 else "en"
            folder = c((f"Abteilungen/{c(DEPTS_DE)}/Korrespondenz/{self.month()}",
                        f"{self.user()}/Dokumente/Briefe/{c(self.years)}"))
            return f"{folder}/{c(('brief', 'schreiben', 'letter', 'anschreiben'))}_{n}.txt", lang
        if kind == "employees":
            lang = "de" if rng.random() < 0.75 else "en"
            enc = "utf-16" if lang == "de" and rng.random() < 0.12 else "utf-8"
            folder = c((f"Abteilungen/Personal/{c(self.years)}/Exporte",
                        f"Abteilungen/Personal/Lohnabrechnung/{self.month()}",
                        f"{self.user()}/Downloads"))
            ext = "txt" if enc == "utf-16" else "csv"
            return f"{folder}/{c(('mitarbeiter', 'personalstamm', 'employees', 'hr_export'))}_{n}.{ext}", \
                (lang, enc)
        if kind == "customers":
            lang = "de" if rng.random() < 0.7 else "en"
            folder = c((f"Abteilungen/Vertrieb/CRM-Export/{c(self.years)}",
                        f"Abteilungen/Buchhaltung/{c(self.years)}/Debitoren", f"{self.user()}/Desktop"))
            return f"{folder}/{c(('kunden', 'customers', 'debitoren'))}_{n}.csv", lang
        if kind == "data_csv":
            variant = c(("sensor", "articles", "sales"))
            folder = {"sensor": f"Abteilungen/Produktion/Messdaten/{self.month()}",
                      "articles": f"Abteilungen/Einkauf/Artikelstamm/{c(self.years)}",
                      "sales": f"Abteilungen/Controlling/{c(self.years)}/Umsatz"}[variant]
            return f"{folder}/{variant}_{n}.csv", variant
        if kind == "json":
            variant = c(("orders", "metrics", "jsonl", "orders"))
            folder = c((f"IT/Exporte/api/{self.month()}", f"{self.project()}/fixtures",
                        f"IT/Monitoring/{c(self.hosts)}/{c(self.years)}"))
            ext = "jsonl" if variant == "jsonl" else "json"
            return f"{folder}/{variant}_{n}.{ext}", variant
        if kind == "weblog":
            h = c(self.hosts)
            return f"IT/Logs/{h}/{self.month()}/access.log.{n}", None
        if kind == "applog":
            folder = c((f"IT/Logs/{c(self.hosts)}/{self.month()}", f"{self.project()}/logs"))
            return f"{folder}/{c(('app', 'service', 'worker'))}-{n}.log", None
        if kind == "code":
            lang = c(("py", "py", "js", "js", "java", "c", "sql"))
            mod = "/".join(rng.sample(IDENT, rng.randint(1, 3)))
            folder = c((f"{self.project()}/src/{mod}", f"{self.project()}/tests/{c(IDENT)}"))
            return f"{folder}/{_ident(rng)}.{lang}", lang
        if kind == "config":
            variant = c(("yaml", "yaml", "ini", "xml", "properties", "env"))
            if variant == "env":
                return f"{self.project()}/{c(('', 'deploy/', 'config/'))}.env", variant
            ext = {"yaml": "yml", "ini": "conf", "xml": "xml", "properties": "properties"}[variant]
            folder = c((f"{self.project()}/config", f"IT/Server/{c(self.hosts)}/etc/{c(IDENT)}"))
            return f"{folder}/{_ident(rng, '-')}.{ext}", variant
        if kind == "binary":
            variant = c(("random", "random", "sqlite"))
            folder = c((f"IT/Backups/{c(self.years)}", f"{self.project()}/build/{c(IDENT)}",
                        f"{self.user()}/Downloads"))
            ext = "db" if variant == "sqlite" else c(("bin", "dat", "img", "so", "o"))
            return f"{folder}/{c(IDENT)}_{n}.{ext}", variant
        if kind == "image":
            variant = c(("png", "jpeg", "jpeg"))
            folder = c((f"Marketing/Bilder/{c(IDENT)}-{c(self.years)}",
                        f"{self.user()}/Bilder/{c(self.years)}", f"{self.project()}/docs/img"))
            ext = "png" if variant == "png" else c(("jpg", "jpeg"))
            return f"{folder}/{c(('IMG', 'DSC', 'foto', 'screenshot'))}_{n}.{ext}", variant
        raise ValueError(kind)


def make_plan(seed: int, scale: float):
    rng = random.Random(f"{seed}:plan")
    p = Planner(rng, scale)
    for kind, (mb, median, sigma, lo, hi) in BUDGET.items():
        budget = mb * MB * scale
        hi = max(lo, min(hi, budget))
        while budget > lo:
            size = int(min(hi, max(lo, rng.lognormvariate(math.log(median), sigma))))
            size = min(size, int(budget)) if budget < size + lo else size
            path, variant = p.place(kind, size)
            p.add(path, kind, size, variant)
            budget -= size
    p.add("IT/Logs/proxy01/access.log", "weblog", HUGE_LOG_MB * MB * scale)
    p.add("IT/Exporte/api/full-dump-minified.json", "single_line", SINGLE_LINE_MB * MB * scale)
    small = []
    for proj in p.projects:  # every project is a git checkout with a .gitignore
        small.append((f"Projekte/{proj}/.gitignore", "build/\nlogs/\n*.log\n.env\n"))
        small.append((f"Projekte/{proj}/.git/HEAD", "ref: refs/heads/main\n"))
        small.append((f"Projekte/{proj}/.git/config", "[core]\n\trepositoryformatversion = 0\n"
                      f"[remote \"origin\"]\n\turl = git@git.example.com:intern/{proj}.git\n"))
        small.append((f"Projekte/{proj}/README.md", f"# {proj}\n\nInternal project.\n"))
    for u in p.users:
        small.append((f"Benutzer/{u}/.bash_history",
                      "ls -la\ncd Dokumente\ngit pull\nssh admin@srv01.intern.example.net\n"))
    return p.files, small


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

_POOLS: Pools | None = None
_SEED = 0
_OUT = Path(".")


def _init_worker(seed: int, out: str):
    global _POOLS, _SEED, _OUT
    _SEED, _OUT = seed, Path(out)
    if _POOLS is None:
        _POOLS = Pools(seed)


def _write_one(spec):
    rel, kind, size, variant = spec
    rng = random.Random(f"{_SEED}:{rel}")
    data, planted = GENERATORS[kind](rng, size, _POOLS, variant)
    path = _OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return rel, kind, len(data), dict(planted)


def files_tsv(out: Path) -> Path:
    """`<out>.files.tsv`: category TAB relative path, one line per generated file."""
    return out.parent / (out.name + ".files.tsv")


def prepare_out(out: Path, force: bool):
    if out.exists() and any(out.iterdir()):
        if not force:
            sys.exit(f"gen_share: {out} exists and is not empty (use --force to replace it)")
        if not (out / MARKER).exists():
            sys.exit(f"gen_share: refusing to delete {out}: it has no {MARKER} marker")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def generate_share(out: Path, seed: int, scale: float, jobs: int, force: bool):
    t0 = time.time()
    prepare_out(out, force)
    files, small = make_plan(seed, scale)
    # Largest first so the pool's workers finish together.
    order = sorted(files, key=lambda s: -s[2])
    by_cat, planted = {}, Counter()
    _init_worker(seed, str(out))
    if jobs > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(seed, str(out))) as pool:
            results = list(pool.imap_unordered(_write_one, order, chunksize=8))
    else:
        results = [_write_one(s) for s in order]
    for rel, kind, nbytes, pl in results:
        c = by_cat.setdefault(kind, [0, 0])
        c[0] += 1
        c[1] += nbytes
        planted.update(pl)
    for rel, text in small:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        c = by_cat.setdefault("misc", [0, 0])
        c[0] += 1
        c[1] += len(text.encode())
    total_files = sum(v[0] for v in by_cat.values())
    total_bytes = sum(v[1] for v in by_cat.values())
    manifest = {"generator": "bench/gen_share.py", "seed": seed, "scale": scale,
                "files": total_files, "bytes": total_bytes,
                "categories": {k: {"files": v[0], "bytes": v[1]} for k, v in sorted(by_cat.items())},
                "planted": dict(sorted(planted.items()))}
    (out / MARKER).write_text(json.dumps(manifest, indent=1) + "\n")
    # Per-file categories for per-category timings, next to (not inside) the share.
    listing = sorted([(rel, kind) for rel, kind, _, _ in results] + [(rel, "misc") for rel, _ in small])
    files_tsv(out).write_text("".join(f"{kind}\t{rel}\n" for rel, kind in listing))
    dt = time.time() - t0
    print(f"gen_share: {total_files} files, {total_bytes / MB:.1f} MB in {out} "
          f"(seed {seed}, scale {scale}) in {dt:.1f} s")
    for k, v in sorted(by_cat.items(), key=lambda kv: -kv[1][1]):
        print(f"  {k:<12} {v[0]:>6} files {v[1] / MB:>8.1f} MB")
    print("  planted: " + ", ".join(f"{k}={v}" for k, v in sorted(planted.items())))


SMALL_KINDS = ("note", "note", "note", "config", "csv", "code", "log")


def generate_small(out: Path, seed: int, count: int, force: bool):
    """`count` tiny files (60-1500 bytes), 100 per folder, folders nested two deep."""
    t0 = time.time()
    prepare_out(out, force)
    pools = Pools(seed)
    rng = random.Random(f"{seed}:small")
    total, with_pii = 0, 0
    dirpath = None
    for i in range(count):
        if i % 100 == 0:
            dirpath = out / f"d{i // 10000:03d}" / f"s{(i // 100) % 100:02d}"
            dirpath.mkdir(parents=True, exist_ok=True)
        kind = rng.choice(SMALL_KINDS)
        if kind == "note":
            sents = pools.de_sentences if rng.random() < 0.6 else pools.en_sentences
            text, ext = " ".join(rng.choices(sents, k=rng.randint(1, 10))) + "\n", "txt"
        elif kind == "config":
            text = f"name={_ident(rng)}\nport={rng.randint(1, 65535)}\nenabled=true\n", "ini"
            text, ext = text
        elif kind == "csv":
            text, ext = "id;value;date\n" + "".join(
                f"{rng.randint(1, 10 ** 6)};{rng.random():.4f};{birth_date(rng)}\n"
                for _ in range(rng.randint(1, 20))), "csv"
        elif kind == "code":
            text, ext = rng.choice(pools.code["py"]), "py"
        else:
            text, ext = f"{_iso(rng.randint(1_650_000_000, 1_730_000_000))} INFO job " \
                        f"{rng.randint(10 ** 10, 10 ** 11 - 1)} done\n", "log"
        if rng.random() < 0.05:
            f, l_ = person(rng, "de")
            text += f"Kontakt: {f} {l_} <{email(rng, f, l_)}>, Tel. {phone(rng)}\n"
            with_pii += 1
        data = text.encode()
        (dirpath / f"f{i:06d}.{ext}").write_bytes(data)
        total += len(data)
    manifest = {"generator": "bench/gen_share.py --small-files", "seed": seed, "files": count,
                "bytes": total, "files_with_pii": with_pii}
    (out / MARKER).write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"gen_share: {count} small files, {total / MB:.1f} MB in {out} "
          f"({with_pii} with a contact line) in {time.time() - t0:.1f} s")


def generate_big_line(path: Path, seed: int, mib: int, pii_rate: float = 0.05):
    """One file of `mib` MiB that is a single line: a minified JSON array of order records."""
    t0 = time.time()
    rng = random.Random(f"{seed}:big-line")
    planted = Counter()
    blocks = [_json_line_block(rng, 1 << 20, planted, pii_rate) for _ in range(16)]
    target = mib << 20
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "wb") as f:
        f.write(b"[")
        written += 1
        first = True
        while written < target - 1:
            b = rng.choice(blocks).encode()
            if not first:
                f.write(b",")
                written += 1
            b = b[: max(0, target - 1 - written)]
            # cut at a record boundary so the JSON stays valid
            if written + len(b) >= target - 1:
                cut = b.rfind(b"},{")
                b = b[: cut + 1] if cut > 0 else b
                f.write(b)
                written += len(b)
                break
            f.write(b)
            written += len(b)
            first = False
        f.write(b"]")
        written += 1
    print(f"gen_share: {path}: one line of {written / (1 << 20):.0f} MiB in {time.time() - t0:.1f} s")


def generate_dense_export(path: Path, seed: int, mib: int):
    """One German HR export of `mib` MiB (UTF-8, ';'): every row a person with a birth date,
    phone, e-mail, Steuer-IdNr and IBAN, as a payroll system exports its staff."""
    t0 = time.time()
    rng = random.Random(f"{seed}:dense-export")
    target = mib << 20
    written = rows = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        while written < target:
            block, planted = gen_employees(rng, min(8 << 20, target - written), None,
                                          ("de", "utf-8-lf"))
            if written:
                block = block[block.index(b"\n") + 1:]  # one header, at the top
            f.write(block)
            written += len(block)
            rows += planted["iban"]
    print(f"gen_share: {path}: {written / (1 << 20):.0f} MiB, {rows} staff rows "
          f"in {time.time() - t0:.1f} s")


def verify(seed: int, n: int = 2000) -> int:
    """Check generated identifiers with our own validators and, if installed, python-stdnum."""
    rng = random.Random(f"{seed}:verify")
    bad = 0
    try:
        from stdnum import iban as s_iban, luhn as s_luhn
        from stdnum.de import idnr as s_idnr
    except ImportError:
        s_iban = s_luhn = s_idnr = None
        print("gen_share: python3-stdnum not importable; checking with own validators only")
    for _ in range(n):
        t, i, c = tax_id(rng), iban(rng), card(rng)
        ok = idnr_is_valid(t) and iban_is_valid(i) and luhn_check_digit(
            c.replace(" ", "")[:-1]) == int(c[-1])
        if s_idnr is not None:
            ok = ok and s_idnr.is_valid(t) and s_iban.is_valid(i) and s_luhn.is_valid(
                c.replace(" ", ""))
        if not ok:
            bad += 1
            print(f"gen_share: invalid value generated: {t} {i} {c}", file=sys.stderr)
    print(f"gen_share: verified {n} Steuer-IdNr, IBANs and card numbers"
          f"{' with stdnum' if s_idnr else ''}: {bad} invalid")
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="output folder (created; must be empty or absent)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 = about 360 MB (default)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="generator processes (output does not depend on it)")
    ap.add_argument("--force", action="store_true",
                    help=f"replace an existing output folder (only one with a {MARKER} marker)")
    ap.add_argument("--small-files", type=int, metavar="N",
                    help="write N tiny files into --out instead of the share")
    ap.add_argument("--big-line", type=Path, metavar="FILE",
                    help="write one single-line file FILE (size --big-line-mb) instead")
    ap.add_argument("--big-line-mb", type=int, default=1024, help="MiB for --big-line (1024)")
    ap.add_argument("--big-line-pii", type=float, default=0.05, metavar="RATE",
                    help="share of records with a name, e-mail and phone in --big-line (0.05)")
    ap.add_argument("--dense-export", type=Path, metavar="FILE",
                    help="write one HR export FILE (size --dense-export-mb) instead: every row "
                         "holds personal data")
    ap.add_argument("--dense-export-mb", type=int, default=256,
                    help="MiB for --dense-export (256)")
    ap.add_argument("--verify", action="store_true",
                    help="check a sample of generated identifiers (stdnum if importable) and exit")
    args = ap.parse_args(argv)
    if args.verify:
        return verify(args.seed)
    if args.big_line:
        generate_big_line(args.big_line, args.seed, args.big_line_mb, args.big_line_pii)
        return 0
    if args.dense_export:
        generate_dense_export(args.dense_export, args.seed, args.dense_export_mb)
        return 0
    if not args.out:
        ap.error("--out is required")
    if args.small_files is not None:
        generate_small(args.out, args.seed, args.small_files, args.force)
    else:
        if args.scale <= 0:
            ap.error("--scale must be > 0")
        generate_share(args.out, args.seed, args.scale, max(1, args.jobs), args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
