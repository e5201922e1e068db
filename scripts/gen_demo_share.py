#!/usr/bin/env python3
"""Generate the synthetic demo file share in examples/demo-share/.

Every name, number and address written by this script is made up: names come from
hard-coded lists of common German first and last names, e-mail addresses use only
example.com / example.de / example.org, and phone numbers lie in the Bundesnetzagentur
ranges reserved for media productions ("Drama Numbers"), which are never assigned to
anyone. Identifiers carry valid check digits, computed by the functions below:

  * German IBAN             ISO 13616, MOD 97-10 (random BLZ and account number)
  * Steuer-IdNr             11 digits, digit-frequency rule, ISO 7064 MOD 11,10
  * SV-Nummer (RVNR)        area + DDMMYY + initial + serial + weighted check digit
  * credit card             test-style prefixes 400000 / 555555, Luhn check digit

The order log contains 11-digit order ids that are decoys: they must NOT pass the
Steuer-IdNr check.

The output is deterministic (random.Random(2026), no clock, no hash-order dependence):
running the script twice gives byte-identical files. It writes exactly the files listed
in FILES (overwriting them) and touches nothing else in the output directory.

Usage:
    python3 scripts/gen_demo_share.py [--out DIR]

Only the Python standard library is needed to generate. After writing, the script reads
the files back and re-checks them with its own validators and, when the `stdnum` package
(python3-stdnum) is importable, independently with stdnum; it exits non-zero on any
mismatch. At the end it prints how many values of each type were planted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import sys
from collections import OrderedDict
from pathlib import Path
import random

SEED = 2026
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "examples" / "demo-share"

# Paths relative to the output directory, in the order they are written.
FILES = [
    "README.md",
    "HR/Personalstammdaten_2026.csv",
    "HR/Gehaltsabrechnung_Maerz.txt",
    "Vertrieb/Kundenliste.csv",
    "Vertrieb/Bestellungen_2026.log",
    "Korrespondenz/Anschreiben_Lieferant.txt",
    "Korrespondenz/Brief_cp1252.txt",
    "Korrespondenz/Notiz_utf16.txt",
    "Marketing/Broschuere_Produktlinie.md",
    "Marketing/Pressemitteilung.txt",
    "IT/config.yaml",
]

# Expected sensitivity of each file; also written into the README.
EXPECTED = OrderedDict([
    ("HR/Personalstammdaten_2026.csv", "restricted"),
    ("HR/Gehaltsabrechnung_Maerz.txt", "restricted"),
    ("Vertrieb/Kundenliste.csv", "confidential"),
    ("Korrespondenz/Brief_cp1252.txt", "confidential"),
    ("Korrespondenz/Anschreiben_Lieferant.txt", "internal"),
    ("Korrespondenz/Notiz_utf16.txt", "internal"),
    ("Vertrieb/Bestellungen_2026.log", "public"),
    ("Marketing/Broschuere_Produktlinie.md", "public"),
    ("Marketing/Pressemitteilung.txt", "public"),
    ("IT/config.yaml", "public"),
    ("README.md", "public"),
])

COMPANY = "Musterwerk Feinmechanik GmbH"
COMPANY_DOMAIN = "example.de"

# --------------------------------------------------------------------------------------
# Name and place lists (common German names; no real person is meant)
# --------------------------------------------------------------------------------------

FIRST_MALE = [
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Frank", "Jürgen",
    "Jörg", "Uwe", "Sebastian", "Tobias", "Jan", "Lukas", "Florian", "Matthias", "Björn",
    "Günther", "Dieter", "Klaus", "Alexander", "Daniel", "Tim", "Felix", "Jonas", "Paul",
    "Sören", "Niklas",
]
FIRST_FEMALE = [
    "Sabine", "Petra", "Andrea", "Claudia", "Monika", "Susanne", "Stefanie", "Julia",
    "Katharina", "Anna", "Laura", "Lena", "Sarah", "Nicole", "Birgit", "Jana", "Sophie",
    "Marie", "Bärbel", "Karin", "Ursula", "Anja", "Jülide", "Hannah", "Lea", "Doris",
    "Kerstin", "Jasmin",
]
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
    "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
    "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters",
    "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Berger",
    "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Ludwig", "Böhm",
    "Winter", "Krämer", "Vogt", "Jäger", "Sommer", "Groß", "Seidel", "Brandt", "Haas",
    "Graf", "Dietrich", "Ziegler", "Kühn", "Pohl", "Engel", "Horn", "Bergmann", "Sauer",
    "Arnold", "Pfeiffer", "Özdemir", "Ulrich",
]
STREETS = [
    "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schulstraße",
    "Birkenweg", "Am Mühlbach", "Goethestraße", "Kirchgasse", "Rosenweg",
]
# City, PLZ prefix for a plausible PLZ, Bundesland is Bayern (church tax 8 %)?
# Each city has a Bundesnetzagentur "Drama Number" block: prefix + 000..999.
CITIES = [
    # name,               plz,     national prefix, international prefix, bavaria
    ("Berlin",            "10115", "030 23125",   "+49 30 23125",   False),
    ("Frankfurt am Main", "60311", "069 90009",   "+49 69 90009",   False),
    ("Hamburg",           "20095", "040 66969",   "+49 40 66969",   False),
    ("Köln",              "50667", "0221 4710",   "+49 221 4710",   False),
    ("München",           "80331", "089 99998",   "+49 89 99998",   True),
]
COMPANY_WORDS = [
    "Rheinblick", "Elbtal", "Isarwerk", "Mainufer", "Spreebogen", "Nordwind", "Bergquell",
    "Lindenhof", "Sonnenfeld", "Tannengrund", "Weserhafen", "Alsterkontor", "Domblick",
    "Taunusgrund", "Havelland",
]
INDUSTRIES = [
    "Haustechnik", "Anlagenbau", "Logistik", "Metallverarbeitung", "Sanitärhandel",
    "Industriebedarf", "Gebäudeservice", "Hydraulik", "Landtechnik", "Werkzeugbau",
]
LEGAL_FORMS = ["GmbH", "GmbH & Co. KG", "AG", "KG", "e.K."]

# Regional DRV area numbers (Bereichsnummern) for the SV-Nummer.
SV_AREAS = ["02", "03", "04", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17",
            "18", "19", "20", "21", "23", "24", "25", "26", "28"]

TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                          "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
INITIAL_FOLD = {"Ä": "A", "Ö": "O", "Ü": "U"}

# --------------------------------------------------------------------------------------
# Check-digit algorithms (own implementations; stdnum is only used to cross-check)
# --------------------------------------------------------------------------------------


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 / ISO 7064 MOD 97-10 check digits for country + BBAN."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban_is_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    if not re.fullmatch(r"DE\d{20}", s):
        return False
    numeric = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(numeric) % 97 == 1


def mod11_10_check_digit(digits: str) -> int:
    """ISO 7064 MOD 11,10 (pure system, as used by the Steuer-IdNr)."""
    product = 10
    for ch in digits:
        total = (int(ch) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def idnr_structure_ok(number: str) -> bool:
    """Digit rules for the first ten digits of a Steuer-IdNr."""
    if len(number) != 11 or not number.isdigit() or number[0] == "0":
        return False
    body = number[:10]
    counts = [body.count(d) for d in "0123456789"]
    repeated = [c for c in counts if c > 1]
    if len(repeated) != 1 or repeated[0] not in (2, 3):
        return False
    # never three equal digits next to each other
    return not re.search(r"(\d)\1\1", body)


def idnr_is_valid(number: str) -> bool:
    return idnr_structure_ok(number) and mod11_10_check_digit(number[:10]) == int(number[10])


def sv_check_digit(first11: str) -> int:
    """Check digit of a Rentenversicherungsnummer from its first 11 characters.

    The letter becomes two digits (A=01 ... Z=26), giving 12 digits; these are weighted
    2,1,2,5,7,1,2,1,2,1,2,1, the cross sum of every product is added up, result mod 10.
    """
    assert re.fullmatch(r"\d{8}[A-Z]\d{2}", first11), first11
    letter = first11[8]
    digits = first11[:8] + f"{ord(letter) - ord('A') + 1:02d}" + first11[9:]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = 0
    for d, w in zip(digits, weights):
        p = int(d) * w
        total += p // 10 + p % 10
    return total % 10


def sv_is_valid(number: str) -> bool:
    s = number.replace(" ", "")
    if not re.fullmatch(r"\d{8}[A-Z]\d{3}", s):
        return False
    return sv_check_digit(s[:11]) == int(s[11])


# Published example of the Deutsche Rentenversicherung: must validate.
assert sv_check_digit("15070649C10") == 3 and sv_is_valid("15070649C103")
assert not sv_is_valid("15070649C104")


def luhn_check_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_is_valid(number: str) -> bool:
    s = number.replace(" ", "")
    return s.isdigit() and luhn_check_digit(s[:-1]) == int(s[-1])


assert luhn_is_valid("4111111111111111") and not luhn_is_valid("4111111111111112")
assert idnr_is_valid("36574261809") and not idnr_is_valid("36574261890")
assert iban_is_valid("DE89 3704 0044 0532 0130 00")

# --------------------------------------------------------------------------------------
# Generators of fake values
# --------------------------------------------------------------------------------------


class Faker:
    """All randomness flows through one random.Random(SEED), called in a fixed order."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used: set[str] = set()  # membership only; never iterated

    def _unique(self, make):
        for _ in range(10_000):
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value
        raise RuntimeError("could not find a fresh value")

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def iban(self) -> str:
        def make():
            blz = str(self.rng.randint(1, 8)) + self.digits(7)
            bban = blz + self.digits(10)
            return "DE" + iban_check_digits("DE", bban) + bban
        return self._unique(make)

    def idnr_body(self) -> str:
        """Ten digits obeying the Steuer-IdNr digit-frequency rules."""
        while True:
            rep = self.rng.choice("0123456789")
            times = self.rng.choice((2, 3))
            others = [d for d in "0123456789" if d != rep]
            self.rng.shuffle(others)
            body = list(rep * times) + others[: 10 - times]
            self.rng.shuffle(body)
            s = "".join(body)
            if s[0] != "0" and not re.search(r"(\d)\1\1", s):
                return s

    def steuer_idnr(self) -> str:
        def make():
            body = self.idnr_body()
            return body + str(mod11_10_check_digit(body))
        return self._unique(make)

    def sv_nummer(self, birth: dt.date, birth_name: str, female: bool) -> str:
        initial = INITIAL_FOLD.get(birth_name[0], birth_name[0]).upper()

        def make():
            area = self.rng.choice(SV_AREAS)
            serial = self.rng.randint(50, 99) if female else self.rng.randint(0, 49)
            first11 = f"{area}{birth:%d%m%y}{initial}{serial:02d}"
            return first11 + str(sv_check_digit(first11))
        return self._unique(make)

    def card(self, prefix: str) -> str:
        def make():
            payload = prefix + self.digits(15 - len(prefix))
            return payload + str(luhn_check_digit(payload))
        return self._unique(make)

    def birth_date(self) -> dt.date:
        lo = dt.date(1961, 1, 1).toordinal()
        hi = dt.date(2003, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(lo, hi))

    def person(self):
        def make():
            female = self.rng.random() < 0.5
            first = self.rng.choice(FIRST_FEMALE if female else FIRST_MALE)
            last = self.rng.choice(LAST_NAMES)
            return f"{first}|{last}|{'f' if female else 'm'}"
        first, last, g = self._unique(make).split("|")
        return first, last, g == "f"

    def phone(self, city_index: int) -> str:
        _, _, national, international, _ = CITIES[city_index]

        def make():
            ext = f"{self.rng.randint(0, 999):03d}"
            style = self.rng.randrange(3)
            if style == 0:
                return f"{national} {ext}"
            if style == 1:
                return f"{international}-{ext}"
            return f"{national.replace(' ', '')}{ext}"
        return self._unique(make)

    def decoy_order_id(self, day: dt.date) -> str:
        """11-digit order id that is NOT a valid Steuer-IdNr."""
        def make():
            while True:
                if self.rng.random() < 0.5:
                    # date-based: YYMMDD + 5-digit serial (usually fails the digit rules)
                    s = f"{day:%y%m%d}{self.rng.randint(1, 99999):05d}"
                else:
                    # looks exactly like a Steuer-IdNr, but with a wrong check digit
                    body = self.idnr_body()
                    good = mod11_10_check_digit(body)
                    s = body + str((good + self.rng.randint(1, 9)) % 10)
                if not idnr_is_valid(s):
                    return s
        return self._unique(make)

    def hexhash(self, *parts: str, length: int = 64) -> str:
        """A hash-looking hex string without runs of 6+ digits (keeps it a clean decoy)."""
        salt = 0
        while True:
            h = hashlib.sha256("|".join(parts + (str(salt),)).encode()).hexdigest()[:length]
            if not re.search(r"\d{6}", h):
                return h
            salt += 1


def email_local(first: str, last: str, style: int) -> str:
    f = first.translate(TRANSLIT).lower()
    l = last.translate(TRANSLIT).lower()
    return [f"{f}.{l}", f"{f[0]}.{l}", f"{l}", f"{f}{l[0]}"][style]


def grouped_iban(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def eur(amount: float) -> str:
    """German money format: 4.250,00"""
    s = f"{amount:,.2f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


# --------------------------------------------------------------------------------------
# Planted-value bookkeeping
# --------------------------------------------------------------------------------------


class Ledger:
    def __init__(self):
        self.rows: "OrderedDict[str, OrderedDict[str, int]]" = OrderedDict()

    def add(self, kind: str, path: str, n: int = 1):
        self.rows.setdefault(kind, OrderedDict())
        self.rows[kind][path] = self.rows[kind].get(path, 0) + n


# --------------------------------------------------------------------------------------
# File builders
# --------------------------------------------------------------------------------------


def build(fk: Faker, ledger: Ledger) -> "OrderedDict[str, bytes]":
    rng = fk.rng
    out: "OrderedDict[str, bytes]" = OrderedDict()

    # ---------------- HR/Personalstammdaten_2026.csv ----------------
    path = "HR/Personalstammdaten_2026.csv"
    employees = []
    pnr = 10000
    for i in range(40):
        pnr += rng.randint(1, 37)
        first, last, female = fk.person()
        birth = fk.birth_date()
        emp = {
            "pnr": str(pnr),
            "first": first,
            "last": last,
            "female": female,
            "birth": birth,
            "idnr": fk.steuer_idnr(),
            "sv": fk.sv_nummer(birth, last, female),
            "iban": fk.iban(),
            "iban_spaced": rng.random() < 0.5,
            "email": f"{email_local(first, last, 0)}@{COMPANY_DOMAIN}",
            "konf": rng.choices(["rk", "ev", "--"], weights=[4, 3, 5])[0],
            "city": rng.randrange(len(CITIES)),
        }
        employees.append(emp)
    lines = ["Personalnummer;Nachname;Vorname;Geburtsdatum;Steuer-IdNr;SV-Nummer;IBAN;"
             "E-Mail;Konfession"]
    for e in employees:
        iban = grouped_iban(e["iban"]) if e["iban_spaced"] else e["iban"]
        lines.append(";".join([e["pnr"], e["last"], e["first"], f"{e['birth']:%d.%m.%Y}",
                               e["idnr"], e["sv"], iban, e["email"], e["konf"]]))
    out[path] = ("\n".join(lines) + "\n").encode("utf-8")
    ledger.add("Person name", path, len(employees))
    ledger.add("Steuer-IdNr", path, len(employees))
    ledger.add("SV-Nummer", path, len(employees))
    ledger.add("IBAN", path, len(employees))
    ledger.add("E-Mail", path, len(employees))
    ledger.add("Konfession (Art. 9)", path, sum(e["konf"] != "--" for e in employees))

    # ---------------- HR/Gehaltsabrechnung_Maerz.txt ----------------
    path = "HR/Gehaltsabrechnung_Maerz.txt"
    e = next(x for x in employees if x["konf"] != "--")
    city, plz, _, _, bavaria = CITIES[e["city"]]
    street = f"{rng.choice(STREETS)} {rng.randint(1, 98)}"
    stkl = rng.choice(["I", "III", "IV"])
    card = fk.card(rng.choice(["400000", "555555"]))
    gehalt = rng.randrange(3400, 5600, 50)
    vwl = 40.00
    brutto = gehalt + vwl
    lst = round(max(0.0, (brutto * 12 - 12_000) * (0.21 if stkl != "III" else 0.14) / 12), 2)
    kist_rate = 8 if bavaria else 9
    kist = round(lst * kist_rate / 100, 2)
    kv = round(brutto * 0.0875, 2)
    rv = round(brutto * 0.093, 2)
    av = round(brutto * 0.013, 2)
    pv = round(brutto * 0.024, 2)
    netto = round(brutto - lst - kist - kv - rv - av - pv, 2)
    auszahlung = round(netto - 2 * vwl, 2)  # VL are paid into the savings contract
    sv = e["sv"]
    sv_print = f"{sv[:2]} {sv[2:8]} {sv[8]} {sv[9:11]} {sv[11]}"
    idnr_print = f"{e['idnr'][:2]} {e['idnr'][2:5]} {e['idnr'][5:8]} {e['idnr'][8:]}"

    def row(label, amount):
        return f"  {label:<44}{eur(amount):>12}"
    slip = [
        f"{COMPANY} · Personalabteilung",
        "",
        "ENTGELTABRECHNUNG März 2026                        Abrechnungszeitraum 01.03.–31.03.2026",
        "",
        f"  Personalnummer:      {e['pnr']}",
        f"  Name:                {e['last']}, {e['first']}",
        f"  Anschrift:           {street}, {plz} {city}",
        f"  Geburtsdatum:        {e['birth']:%d.%m.%Y}",
        f"  Steuer-IdNr.:        {idnr_print}",
        f"  SV-Nummer:           {sv_print}",
        f"  Steuerklasse:        {stkl}      Kinderfreibeträge: 0,0",
        f"  Konfession:          {e['konf']}      Kirchensteuer: {kist_rate} %",
        "  Krankenkasse:        Demo-BKK (Zusatzbeitrag 2,9 %)",
        "",
        "  Bezüge                                            Betrag EUR",
        "  " + "-" * 56,
        row("Gehalt", gehalt),
        row("Vermögenswirksame Leistungen (AG-Anteil)", vwl),
        row("Gesamtbrutto", brutto),
        "",
        "  Gesetzliche Abzüge",
        "  " + "-" * 56,
        row("Lohnsteuer", lst),
        row("Solidaritätszuschlag", 0.0),
        row(f"Kirchensteuer {e['konf']} ({kist_rate} %)", kist),
        row("Krankenversicherung", kv),
        row("Rentenversicherung", rv),
        row("Arbeitslosenversicherung", av),
        row("Pflegeversicherung", pv),
        row("Nettoverdienst", netto),
        row("Vermögenswirksame Anlage (Bausparvertrag)", 2 * vwl),
        "",
        row("Auszahlungsbetrag", auszahlung),
        "",
        "  Bankverbindung:      IBAN " + grouped_iban(e["iban"]),
        "  Firmenkreditkarte:   " + " ".join(card[i:i + 4] for i in range(0, 16, 4))
        + " (Reisekosten, Abrechnung über den Arbeitgeber)",
        "",
        "  Diese Abrechnung wurde maschinell erstellt und ist ohne Unterschrift gültig.",
    ]
    out[path] = ("\n".join(slip) + "\n").encode("utf-8")
    ledger.add("Person name", path)
    ledger.add("Steuer-IdNr", path)
    ledger.add("SV-Nummer", path)
    ledger.add("IBAN", path)
    ledger.add("Credit card", path)
    ledger.add("Postal address", path)
    ledger.add("Konfession (Art. 9)", path)

    # ---------------- Vertrieb/Kundenliste.csv ----------------
    path = "Vertrieb/Kundenliste.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Kundennummer", "Firma", "Ansprechpartner", "E-Mail", "Telefon", "Stadt"])
    knr = 20000
    seen_firms = set()
    for i in range(30):
        knr += rng.randint(3, 60)
        while True:
            firm = (f"{rng.choice(COMPANY_WORDS)} {rng.choice(INDUSTRIES)} "
                    f"{rng.choice(LEGAL_FORMS)}")
            if firm not in seen_firms:
                seen_firms.add(firm)
                break
        first, last, female = fk.person()
        domain = rng.choice(["example.com", "example.org", "example.de"])
        local = email_local(first, last, rng.choice([0, 0, 1, 3]))
        ci = rng.randrange(len(CITIES))
        w.writerow([f"K-{knr}", firm, f"{'Frau' if female else 'Herr'} {first} {last}",
                    f"{local}@{domain}", fk.phone(ci), CITIES[ci][0]])
    out[path] = buf.getvalue().encode("utf-8")
    ledger.add("Person name", path, 30)
    ledger.add("E-Mail", path, 30)
    ledger.add("Phone", path, 30)

    # ---------------- Vertrieb/Bestellungen_2026.log ----------------
    path = "Vertrieb/Bestellungen_2026.log"
    log = []
    build_commit = fk.hexhash("build", "2.4.1", length=40)
    log.append(f"2026-03-02T06:00:01.000+01:00 INFO  [shop-api] start version=2.4.1 "
               f"commit={build_commit} workers=4")
    bestellnr = 4700
    n_orders = 0
    decoy_occurrences = 0
    products = ["px-15", "px-20", "px-25", "px-32", "px-40", "px-50", "zub-dichtsatz"]
    t = dt.datetime(2026, 3, 2, 7, 30, 0)
    while True:
        t += dt.timedelta(minutes=rng.randint(30, 800), seconds=rng.randint(0, 59))
        if t.weekday() >= 5 or t.hour < 7 or t.hour > 19:
            continue
        if t.date() > dt.date(2026, 3, 27):
            break
        ts = lambda x: f"{x:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}+01:00"
        # some catalogue traffic
        for _ in range(rng.randint(0, 1)):
            p = rng.choice(products)
            log.append(f"{ts(t - dt.timedelta(seconds=rng.randint(5, 90)))} INFO  [shop-api] "
                       f"GET /katalog/ventile/{p} 200 {rng.randint(6, 40)}ms "
                       f"etag=\"{fk.hexhash('etag', p, str(t), length=16)}\"")
        bestellnr += rng.randint(1, 9)
        oid = fk.decoy_order_id(t.date())
        n_orders += 1
        items = rng.randint(1, 6)
        total = rng.randint(4900, 189000) / 100
        log.append(f"{ts(t)} INFO  [shop-api] POST /api/v2/bestellungen 201 "
                   f"{rng.randint(80, 600)}ms bestellnr=B-2026-{bestellnr:06d} order_id={oid} "
                   f"positionen={items} summe={total:.2f}EUR "
                   f"payload_sha256={fk.hexhash('payload', oid)}")
        decoy_occurrences += 1
        t2 = t + dt.timedelta(seconds=rng.randint(2, 40))
        if rng.random() < 0.25:
            log.append(f"{ts(t2)} WARN  [payment] order_id={oid} psp_timeout retry=1 "
                       f"psp_ref={fk.hexhash('psp', oid, length=24)}")
            decoy_occurrences += 1
            t2 += dt.timedelta(seconds=rng.randint(3, 20))
        log.append(f"{ts(t2)} INFO  [payment] order_id={oid} status=bezahlt "
                   f"psp_ref={fk.hexhash('psp-ok', oid, length=24)}")
        decoy_occurrences += 1
        if rng.random() < 0.6:
            t3 = t2 + dt.timedelta(minutes=rng.randint(20, 240))
            log.append(f"{ts(t3)} INFO  [fulfillment] order_id={oid} status=versendet "
                       f"lager=L{rng.randint(1, 3)} paket_sha1={fk.hexhash('pkg', oid, length=40)}")
            decoy_occurrences += 1
        if rng.random() < 0.1:
            log.append(f"{ts(t2)} ERROR [shop-api] GET /api/v2/bestellungen/B-2026-999999 404 "
                       f"3ms reason=not_found")
    log.append(f"2026-03-28T06:00:00.000+01:00 INFO  [shop-api] shutdown reason=deploy "
               f"next={fk.hexhash('build', '2.4.2', length=40)}")
    log.sort(key=lambda line: line[:23])  # chronological; stable for equal stamps
    out[path] = ("\n".join(log) + "\n").encode("utf-8")
    ledger.add("Decoy 11-digit order id (unique)", path, n_orders)
    ledger.add("Decoy 11-digit order id (occurrences)", path, decoy_occurrences)

    # ---------------- Korrespondenz/Anschreiben_Lieferant.txt ----------------
    path = "Korrespondenz/Anschreiben_Lieferant.txt"
    first, last, female = fk.person()
    contact_mail = f"{email_local(first, last, 0)}@{COMPANY_DOMAIN}"
    contact_role = ("unsere zuständige Ansprechpartnerin" if female
                    else "unseren zuständigen Ansprechpartner")
    supplier = f"{rng.choice(COMPANY_WORDS)} Stahlhandel GmbH"
    letter = f"""{COMPANY}
Einkauf

An die
{supplier}

Musterstadt, 16. März 2026

Rahmenvertrag Edelstahl-Rundmaterial – Lieferplan zweites Quartal 2026

Sehr geehrte Damen und Herren,

vielen Dank für Ihr Angebot vom 9. März 2026. Wir bestätigen hiermit die Abrufmengen
für das zweite Quartal zu den vereinbarten Konditionen. Die erste Teillieferung
erbitten wir bis zum 7. April 2026 an unser Werk, Tor 2.

Bitte geben Sie auf allen Lieferscheinen unsere Bestellnummer B-2026-0412 an und
senden Sie die Werkszeugnisse 3.1 nach EN 10204 vorab in elektronischer Form.

Für Rückfragen zu Terminen und Mengen erreichen Sie {contact_role}
im Einkauf unter {contact_mail}.

Mit freundlichen Grüßen

Einkauf
{COMPANY}
"""
    out[path] = letter.encode("utf-8")
    ledger.add("E-Mail", path)

    # ---------------- Korrespondenz/Brief_cp1252.txt ----------------
    path = "Korrespondenz/Brief_cp1252.txt"
    sender = next(x for x in employees if x is not e)
    new_iban = fk.iban()
    letter = f"""{sender['first']} {sender['last']}
Personalnummer {sender['pnr']}

An die Personalabteilung
{COMPANY}

Änderung meiner Bankverbindung

Sehr geehrte Damen und Herren,

ich habe mein Gehaltskonto gewechselt. Bitte überweisen Sie mein Gehalt ab der
Abrechnung für April 2026 auf die folgende Bankverbindung:

IBAN: {grouped_iban(new_iban)}

Das bisherige Konto wird zum Monatsende geschlossen. Für die Umstellung
bedanke ich mich im Voraus; die Gebühr von 5 € für die Änderungsmitteilung
übernehme ich selbstverständlich.

Mit freundlichen Grüßen
{sender['first']} {sender['last']}
"""
    out[path] = letter.replace("\n", "\r\n").encode("cp1252")
    ledger.add("Person name", path)
    ledger.add("IBAN", path)

    # ---------------- Korrespondenz/Notiz_utf16.txt ----------------
    path = "Korrespondenz/Notiz_utf16.txt"
    first, last, female = fk.person()
    domain = "example.org"
    note_mail = f"{email_local(first, last, 1)}@{domain}"
    note = f"""Notiz zur Qualitätsprüfung – 18.03.2026

Der Prüfbericht für die Ventilserie PX (Losgröße 250 Stück) ist fertig.
Die Maßprüfung war unauffällig, die Dichtheitsprüfung wird am Freitag wiederholt.
Der Kunde bittet um Zusendung des Berichts an {note_mail}.
Grüße aus der Qualitätssicherung
"""
    out[path] = b"\xff\xfe" + note.replace("\n", "\r\n").encode("utf-16-le")
    ledger.add("E-Mail", path)

    # ---------------- Marketing/Broschuere_Produktlinie.md ----------------
    path = "Marketing/Broschuere_Produktlinie.md"
    out[path] = BROCHURE.encode("utf-8")

    # ---------------- Marketing/Pressemitteilung.txt ----------------
    path = "Marketing/Pressemitteilung.txt"
    out[path] = PRESS.encode("utf-8")

    # ---------------- IT/config.yaml ----------------
    path = "IT/config.yaml"
    out[path] = CONFIG.encode("utf-8")

    # ---------------- README.md ----------------
    out["README.md"] = readme().encode("utf-8")

    assert list(out) == [p for p in FILES if p != "README.md"] + ["README.md"]
    return out


BROCHURE = """# Präzisionsventile Serie PX

*Musterwerk Feinmechanik – Produktlinie 2026*

## Für Anlagen, die nicht stillstehen dürfen

Die Serie PX vereint robuste Edelstahlgehäuse mit einer wartungsarmen Dichtungstechnik.
Ob in der Lebensmittelverarbeitung, im Maschinenbau oder in der Gebäudetechnik: PX-Ventile
arbeiten zuverlässig, leise und mit minimalem Druckverlust.

## Vorteile auf einen Blick

- **Gehäuse aus Edelstahl** – korrosionsbeständig und leicht zu reinigen
- **Nennweiten DN 15 bis DN 50** – passend für die gängigen Rohrleitungen
- **Betriebsdruck bis 16 bar**, Medientemperatur bis 140 °C
- **Werkzeugloser Dichtungswechsel** in weniger als fünf Minuten
- **Gefertigt in Deutschland**, jedes Ventil einzeln geprüft

## Varianten

| Variante | Anschluss      | Einsatzgebiet                    |
|----------|----------------|----------------------------------|
| PX-S     | Gewinde        | Gebäudetechnik, Kühlkreisläufe   |
| PX-F     | Flansch        | Prozessanlagen, Maschinenbau     |
| PX-H     | Hygieneklemme  | Lebensmittel- und Getränketechnik |

## Service

Zu jeder Lieferung gehören eine Montageanleitung und ein Prüfprotokoll. Ersatzteilsätze
sind mindestens zehn Jahre nach Serienende lieferbar. Unser Außendienst berät Sie gern
bei der Auslegung Ihrer Anlage.

*Technische Änderungen vorbehalten.*
"""

PRESS = """PRESSEMITTEILUNG

Musterwerk Feinmechanik stellt neue Ventilserie PX vor

Musterstadt, 10. März 2026 – Die Musterwerk Feinmechanik GmbH erweitert ihr Programm um
die Präzisionsventile der Serie PX. Die neue Baureihe ist ab dem 1. April 2026 in den
Nennweiten DN 15 bis DN 50 erhältlich und richtet sich an Hersteller von Prozessanlagen,
an die Lebensmittelindustrie und an die Gebäudetechnik.

Kern der Neuentwicklung ist ein Dichtungssystem, das sich ohne Werkzeug in wenigen Minuten
wechseln lässt. Das verkürzt Wartungsfenster und senkt die Betriebskosten spürbar. Alle
Ventile werden im eigenen Werk gefertigt und einzeln auf Dichtheit geprüft.

„Mit der Serie PX bringen wir zwanzig Jahre Erfahrung im Ventilbau in eine Baureihe, die
besonders einfach zu warten ist“, erklärt die Geschäftsführung des Unternehmens.

Preise und Verfügbarkeit
Das Einstiegsmodell PX-S in der Nennweite DN 15 kostet 249 Euro zuzüglich Mehrwertsteuer.
Muster können ab sofort über den Außendienst angefragt werden.

Über Musterwerk Feinmechanik
Die Musterwerk Feinmechanik GmbH entwickelt und fertigt seit 1998 Armaturen und
Präzisionsteile für den Maschinen- und Anlagenbau. Das Unternehmen beschäftigt rund
vierzig Mitarbeiterinnen und Mitarbeiter.

Weitere Informationen und Bildmaterial: www.example.de/presse
"""

CONFIG = """# Konfiguration Dateiserver-Scan (Demo)
version: "2.4.1"
environment: staging

server:
  host: fileshare-01.intern.example.org
  port: 8443
  tls: true
  timeout_seconds: 30

database:
  host: db-01.intern.example.org
  port: 5432
  name: inventory
  pool_size: 8
  # credentials come from the environment, never from this file
  password_env: DB_PASSWORD

cache:
  host: cache-01.intern.example.org
  port: 6379
  ttl_seconds: 900

scan:
  shares:
    - path: /srv/share/HR
    - path: /srv/share/Vertrieb
    - path: /srv/share/Marketing
  max_file_size_mb: 64
  threads: 4

logging:
  level: info
  format: json
"""


def readme() -> str:
    rows = "\n".join(f"| `{p}` | `{s}` |" for p, s in EXPECTED.items())
    return f"""# Demo file share

A small, **fully synthetic** file share of a fictional German company
("{COMPANY}"), for trying out piiscan and for end-to-end tests.

**Every name, number and address in this folder is generated** by
`scripts/gen_demo_share.py` (fixed seed, deterministic) and belongs to no real
person. Names are drawn from lists of common German first and last names; e-mail
addresses use only the reserved domains example.com, example.de and example.org;
phone numbers lie in the Bundesnetzagentur ranges reserved for media productions.
IBANs, tax ids (Steuer-IdNr), social insurance numbers (SV-Nummer) and the credit
card number carry **valid check digits**; the 11-digit order ids in the order log
are decoys that fail the Steuer-IdNr check.

Do not edit these files by hand; change the generator and run

    python3 scripts/gen_demo_share.py            # writes examples/demo-share/
    python3 scripts/gen_demo_share.py --out DIR  # writes elsewhere

## Expected sensitivity

| File | Expected |
|------|----------|
{rows}

- HR files: national identifiers, bank details and religious affiliation of employees.
- Customer list: contact data (names, e-mail, phone) in bulk, no national identifiers.
- `Brief_cp1252.txt`: one person's name and one IBAN (Windows-1252 encoded).
- `Anschreiben_Lieferant.txt`, `Notiz_utf16.txt`: a single business e-mail address each
  (the note is UTF-16LE with BOM).
- Order log: order numbers, timestamps and hashes only; no personal data.
- Brochure, press release, config and this README: no personal data.
"""


# --------------------------------------------------------------------------------------
# Read-back verification
# --------------------------------------------------------------------------------------

RE_IBAN = re.compile(r"\bDE\d{2}(?: ?\d{4}){4} ?\d{2}\b")
RE_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
RE_SV = re.compile(r"\b\d{2} ?\d{6} ?[A-Z] ?\d{2} ?\d\b")
RE_IDNR = re.compile(r"(?<!\d)(?<!\d )[1-9]\d(?: ?\d{3}){3}(?!\d)")
RE_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
RE_DIGITS11 = re.compile(r"(?<!\d)\d{11}(?!\d)")
RE_PHONE = re.compile(r"(?:\+49 ?|0)(?:30 ?23125|69 ?90009|40 ?66969|221 ?4710|89 ?99998)"
                      r"[ -]?\d{3}(?!\d)")


def decode(path: str, data: bytes) -> str:
    if path.endswith("_cp1252.txt"):
        return data.decode("cp1252")
    if path.endswith("_utf16.txt"):
        assert data[:2] == b"\xff\xfe", "UTF-16LE BOM missing"
        return data[2:].decode("utf-16-le")
    return data.decode("utf-8")


def verify(out_dir: Path, ledger: Ledger) -> bool:
    try:
        from stdnum import iban as sn_iban, luhn as sn_luhn
        from stdnum.de import idnr as sn_idnr
        have_stdnum = True
    except ImportError:
        have_stdnum = False
        print("note: stdnum not importable with this interpreter; "
              "only the built-in validators were used", file=sys.stderr)

    ok = True

    def check(cond, msg):
        nonlocal ok
        if not cond:
            ok = False
            print("VERIFY FAILED: " + msg, file=sys.stderr)

    texts = OrderedDict()
    total_bytes = 0
    for p in FILES:
        data = (out_dir / p).read_bytes()
        total_bytes += len(data)
        texts[p] = decode(p, data)

    found = OrderedDict()
    for p, text in texts.items():
        ibans = [m.group(0) for m in RE_IBAN.finditer(text)]
        emails = RE_EMAIL.findall(text)
        svs = [m.group(0) for m in RE_SV.finditer(text) if sv_is_valid(m.group(0))]
        idnrs = [m.group(0) for m in RE_IDNR.finditer(text)
                 if idnr_is_valid(m.group(0).replace(" ", ""))]
        no_iban = RE_IBAN.sub(" # ", text)  # IBAN digits are not card candidates
        cards = [m.group(0) for m in RE_CARD.finditer(no_iban)
                 if 13 <= len(re.sub(r"\D", "", m.group(0))) <= 19
                 and luhn_is_valid(re.sub(r"\D", "", m.group(0)))]
        phones = RE_PHONE.findall(text)
        found[p] = dict(ibans=ibans, emails=emails, svs=svs, idnrs=idnrs, cards=cards,
                        phones=phones)
        for v in ibans:
            check(iban_is_valid(v), f"{p}: IBAN {v} invalid (own check)")
            if have_stdnum:
                check(sn_iban.is_valid(v), f"{p}: IBAN {v} invalid (stdnum)")
        for v in idnrs:
            if have_stdnum:
                check(sn_idnr.is_valid(v), f"{p}: Steuer-IdNr {v} invalid (stdnum)")
        for v in cards:
            if have_stdnum:
                check(sn_luhn.is_valid(re.sub(r"\D", "", v)), f"{p}: card {v} (stdnum)")
        for v in emails:
            check(v.split("@")[1] in ("example.com", "example.de", "example.org"),
                  f"{p}: e-mail {v} outside the reserved domains")

    # HR master data: every row fully valid and consistent
    p = "HR/Personalstammdaten_2026.csv"
    rows = list(csv.reader(io.StringIO(texts[p]), delimiter=";"))
    check(rows[0] == ["Personalnummer", "Nachname", "Vorname", "Geburtsdatum", "Steuer-IdNr",
                      "SV-Nummer", "IBAN", "E-Mail", "Konfession"], "HR header")
    check(len(rows) - 1 == 40, "HR row count")
    spaced = 0
    for r in rows[1:]:
        _, last, first, birth, idnr, sv, iban, mail, konf = r
        check(idnr_is_valid(idnr), f"HR idnr {idnr} (own)")
        check(idnr_structure_ok(idnr), f"HR idnr {idnr} has three adjacent equal digits")
        check(sv_is_valid(sv), f"HR sv {sv} (own)")
        check(iban_is_valid(iban), f"HR iban {iban} (own)")
        spaced += " " in iban
        d, m, y = birth.split(".")
        check(sv[2:8] == d + m + y[2:], f"HR sv {sv} does not embed birth date {birth}")
        check(sv[8] == INITIAL_FOLD.get(last[0], last[0]), f"HR sv {sv} initial vs {last}")
        fem = first in FIRST_FEMALE
        check((int(sv[9:11]) >= 50) == fem, f"HR sv {sv} serial vs gender of {first}")
        if have_stdnum:
            check(sn_idnr.is_valid(idnr), f"HR idnr {idnr} (stdnum)")
            check(sn_iban.is_valid(iban), f"HR iban {iban} (stdnum)")
    check(0 < spaced < 40, "HR IBANs should be mixed spaced/compact")
    check(len(found[p]["idnrs"]) == 40 and len(found[p]["svs"]) == 40
          and len(found[p]["ibans"]) == 40 and len(found[p]["emails"]) == 40, "HR scan counts")

    # Payslip
    p = "HR/Gehaltsabrechnung_Maerz.txt"
    f = found[p]
    check(len(f["idnrs"]) == 1 and len(f["svs"]) == 1 and len(f["ibans"]) == 1
          and len(f["cards"]) == 1, f"payslip scan counts {f}")

    # Customer list
    p = "Vertrieb/Kundenliste.csv"
    f = found[p]
    check(len(f["emails"]) == 30 and len(f["phones"]) == 30, "customer scan counts")
    check(not (f["ibans"] or f["idnrs"] or f["svs"] or f["cards"]), "customer list has ids")

    # Order log: decoys
    p = "Vertrieb/Bestellungen_2026.log"
    decoys = RE_DIGITS11.findall(texts[p])
    check(len(decoys) > 0, "no decoys in log")
    for v in decoys:
        check(not idnr_is_valid(v), f"decoy {v} is a valid Steuer-IdNr (own)")
        if have_stdnum:
            check(not sn_idnr.is_valid(v), f"decoy {v} is a valid Steuer-IdNr (stdnum)")
    check(not re.search(r"\d{12,}", texts[p]), "log has a digit run of 12+")
    check("@" not in texts[p], "log contains '@'")
    ledger_unique = ledger.rows["Decoy 11-digit order id (unique)"][p]
    check(len(set(decoys)) == ledger_unique, "decoy unique count")

    # Single-value files
    check(found["Korrespondenz/Anschreiben_Lieferant.txt"]["emails"].__len__() == 1,
          "supplier letter must have exactly one e-mail")
    check(len(found["Korrespondenz/Brief_cp1252.txt"]["ibans"]) == 1,
          "cp1252 letter must have exactly one IBAN")
    check(len(found["Korrespondenz/Notiz_utf16.txt"]["emails"]) == 1,
          "utf-16 note must have exactly one e-mail")
    raw = (out_dir / "Korrespondenz/Brief_cp1252.txt").read_bytes()
    try:
        raw.decode("utf-8")
        check(False, "cp1252 letter is also valid UTF-8 (needs non-ASCII bytes)")
    except UnicodeDecodeError:
        pass
    check(any(ch in texts["Korrespondenz/Brief_cp1252.txt"] for ch in "äöüÄÖÜß"),
          "cp1252 letter without umlauts")
    for p in ["Korrespondenz/Anschreiben_Lieferant.txt", "Korrespondenz/Brief_cp1252.txt",
              "Korrespondenz/Notiz_utf16.txt"]:
        f = found[p]
        n = sum(len(v) for v in f.values())
        check(n == 1, f"{p}: expected exactly one planted value, found {f}")

    # Files that must be free of personal data / long digit runs
    for p in ["Marketing/Broschuere_Produktlinie.md", "Marketing/Pressemitteilung.txt",
              "IT/config.yaml", "README.md"]:
        f = found[p]
        check(not any(f.values()), f"{p}: unexpected findings {f}")
        check("@" not in texts[p], f"{p}: contains '@'")
        check(not re.search(r"\d{5,}", texts[p]), f"{p}: digit run of 5+")

    # Nothing valid where it does not belong
    for p, f in found.items():
        if not p.startswith("HR/"):
            check(not f["idnrs"] and not f["svs"] and not f["cards"],
                  f"{p}: national id / card outside HR: {f}")

    check(total_bytes < 100 * 1024, f"share is {total_bytes} bytes")

    print(f"verification: {'OK' if ok else 'FAILED'} "
          f"(stdnum {'used' if have_stdnum else 'NOT available'}; "
          f"{len(FILES)} files, {total_bytes} bytes)")
    print("\nread-back scan per file (valid IBAN / Steuer-IdNr / SV-Nr / card, e-mail, phone,"
          " 11-digit decoys):")
    for p, f in found.items():
        n_dec = len(RE_DIGITS11.findall(texts[p])) if p.endswith(".log") else 0
        print(f"  {p:<42} iban={len(f['ibans']):>2} idnr={len(f['idnrs']):>2} "
              f"sv={len(f['svs']):>2} card={len(f['cards'])} email={len(f['emails']):>2} "
              f"phone={len(f['phones']):>2} decoy={n_dec:>2}")
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(DEFAULT_OUT),
                    help="output directory (default: examples/demo-share in the repo)")
    args = ap.parse_args(argv)
    out_dir = Path(args.out)

    ledger = Ledger()
    files = build(Faker(SEED), ledger)
    for rel in FILES:
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])
    print(f"wrote {len(FILES)} files to {out_dir}")

    ok = verify(out_dir, ledger)

    print("\nplanted values per type:")
    for kind, per_file in ledger.rows.items():
        total = sum(per_file.values())
        where = ", ".join(f"{p} {n}" for p, n in per_file.items())
        print(f"  {kind:<40}{total:>4}   ({where})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
