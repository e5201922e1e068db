#!/usr/bin/python3
"""Seeded generator of a labelled accuracy corpus for piiscan's DACH identifier rules.

Writes DIR/corpus/** (German sentences, letters, CSV exports, logs; values with and without
context; decoys) and DIR/labels.tsv (path, line, detector, value). Every labelled value is
synthetic: generated with valid check digits (python3-stdnum is used as an independent oracle
where it knows the type; it is called, never copied). Decoys are look-alikes that no detector
should report: wrong check digits, order and invoice numbers, timestamps, hashes, phone-like
digit runs without a telephone word, version numbers, IP-like section numbers in prose. Random
look-alikes that happen to pass a check (a random 11-digit number is a valid Steuer-IdNr about
once in twenty draws) are redrawn, and counted; DIR/chance/ keeps such unfiltered runs apart
(scored separately by score.py: they may be reported, but never at high confidence).

Usage: /usr/bin/python3 gen.py --seed 42 --out /tmp/piiscan-accuracy [--per-detector 400]
"""
import argparse
import collections
import os
import random
import string

from stdnum import iban as std_iban, luhn as std_luhn
from stdnum.at import tin as at_tin, uid as at_uid, vnr as at_vnr
from stdnum.ch import ssn as ch_ssn, uid as ch_uid
from stdnum.de import idnr as de_idnr, vat as de_vat
from stdnum.eu import vat as eu_vat

R = random.Random()
DOC_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"
DOC_LETTERS = "CFGHJKLMNPRTVWXYZ"
CHANCE = collections.Counter()  # look-alikes redrawn because they passed a check by chance


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def draw(make, ok):
    while True:
        v = make()
        if ok(v):
            return v


# ---- check digits the generator computes itself (stdnum has no module for these) ----------
def icao(chars):
    w = (7, 3, 1)
    s = 0
    for i, c in enumerate(chars):
        v = int(c) if c.isdigit() else (0 if c == "<" else ord(c) - 55)
        s += v * w[i % 3]
    return str(s % 10)


def idnr_valid(v):
    """stdnum's de.idnr plus the BZSt rule it (1.18) lacks: no digit three times in a row."""
    return de_idnr.is_valid(v) and not any(v[i] == v[i + 1] == v[i + 2] for i in range(8))


def cross(n):
    return sum(int(d) for d in str(n))


def de_svnr():
    day, month, year = R.randint(1, 28), R.randint(1, 12), R.randint(0, 99)
    area = R.choice(["12", "13", "15", "23", "24", "38", "40", "53", "65", "80"])
    letter = R.choice(string.ascii_uppercase)
    serial = "%02d" % R.randint(0, 99)
    body = area + "%02d%02d%02d" % (day, month, year)
    nums = body + "%02d" % (ord(letter) - 64) + serial
    w = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    check = sum(cross(int(d) * w[i]) for i, d in enumerate(nums)) % 10
    return body + letter + serial + str(check)


def kvnr():
    letter = R.choice(string.ascii_uppercase)
    body = digits(8)
    nums = "%02d" % (ord(letter) - 64) + body
    check = sum(cross(int(d) * (1 if i % 2 == 0 else 2)) for i, d in enumerate(nums)) % 10
    return letter + body + str(check)


def doc_shape_ok(v):
    """Issued numbers hold at least one digit; a letter among characters 2-9 keeps them apart
    from the KVNR shape (letter + 9 digits), which the rules leave to de_health_insurance."""
    return any(c.isdigit() for c in v[:9]) and any(c.isalpha() for c in v[1:9])


def doc_number(first):
    serial = R.choice(first) + "".join(R.choice(DOC_ALPHABET) for _ in range(8))
    return serial + icao(serial)


def iban(cc):
    lengths = {"DE": 18, "AT": 16, "CH": 17, "NL": None, "LI": 17, "LU": 16}
    def make():
        if cc == "NL":
            bban = "".join(R.choice(string.ascii_uppercase) for _ in range(4)) + digits(10)
        else:
            bban = digits(lengths[cc])
        num = "".join(str(int(c, 36)) for c in bban + cc + "00")
        return cc + "%02d" % (98 - int(num) % 97) + bban
    return draw(make, std_iban.is_valid)


def card():
    prefix, length = R.choice([("4", 16), ("51", 16), ("53", 16), ("55", 16), ("2221", 16),
                               ("34", 15), ("37", 15)])
    body = prefix + digits(length - len(prefix) - 1)
    return body + std_luhn.calc_check_digit(body)


def mrz_td3(doc):
    birth = "%02d%02d%02d" % (R.randint(40, 99), R.randint(1, 12), R.randint(1, 28))
    expiry = "%02d%02d%02d" % (R.randint(25, 35), R.randint(1, 12), R.randint(1, 28))
    optional = "<" * 14
    line = (doc + icao(doc) + "D<<" + birth + icao(birth) + R.choice("MF") + expiry +
            icao(expiry) + optional + icao(optional))
    composite = line[0:10] + line[13:20] + line[21:43]
    return line + icao(composite)


def mrz_td1(doc):
    return ("IDD<<" + doc + icao(doc) + "<" * 15)[:30]


def spaced(v, groups):
    out, i = [], 0
    for g in groups:
        out.append(v[i:i + g])
        i += g
    return " ".join(out)


# ---- detectors: value makers, printed forms, context words ---------------------------------
def eu_vat_value():
    cc = R.choice(["FR", "IT", "NL", "BE", "PL", "ES"])
    make = {
        "FR": lambda: "FR" + digits(2) + digits(9),
        "IT": lambda: "IT" + digits(11),
        "NL": lambda: "NL" + digits(9) + "B" + digits(2),
        "BE": lambda: "BE0" + digits(9),
        "PL": lambda: "PL" + digits(10),
        "ES": lambda: "ES" + R.choice("ABCDEFGHJ") + digits(8),
    }[cc]
    return draw(make, eu_vat.is_valid)


def phone_intl():
    return R.choice([
        lambda: "+49 30 " + R.choice("123456789") + digits(7),
        lambda: "+49 89 " + R.choice("123456789") + digits(6),
        lambda: "+49 171 " + digits(7),
        lambda: "0049 40 " + R.choice("2345") + digits(7),
        lambda: "+43 1 " + R.choice("2345789") + digits(6),
        lambda: "+43 664 " + digits(7),
        lambda: "+41 44 " + R.choice("2345") + digits(2) + " " + digits(2) + " " + digits(2),
        lambda: "+41 79 " + digits(3) + " " + digits(2) + " " + digits(2),
    ])()


def phone_national():
    return R.choice([
        lambda: "030 " + R.choice("123456789") + digits(7),
        lambda: "(089) " + R.choice("123456789") + digits(6),
        lambda: "0171 " + digits(7),
        lambda: "040/" + R.choice("2345") + digits(7),
        lambda: "0221 " + R.choice("2345") + digits(6),
    ])()


def dob():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(1940, 2006)
    return R.choice(["%02d.%02d.%d" % (d, m, y), "%d.%d.%d" % (d, m, y), "%d-%02d-%02d" % (y, m, d),
                     "%02d/%02d/%d" % (d, m, y)])


def drivers_license():
    return (R.choice(string.ascii_uppercase) + digits(2) + R.choice(string.ascii_uppercase + string.digits) +
            "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(5)) +
            R.choice(string.digits) + R.choice("123456789"))


def ipv4():
    return "%d.%d.%d.%d" % (R.choice([10, 172, 192, 62, 85, 213]), R.randint(0, 255),
                            R.randint(0, 255), R.randint(1, 254))


def ipv6():
    groups = ["2001", "db8"] + ["%x" % R.randint(0, 0xffff) for _ in range(R.randint(2, 6))]
    return ":".join(groups) if len(groups) == 8 else ":".join(groups[:3]) + "::" + ":".join(groups[3:])


# id: (make value, printed forms, context phrases (German and English), needs context)
DETECTORS = {
    "de_tax_id": (lambda: draw(lambda: R.choice("123456789") + digits(10), idnr_valid),
                  [lambda v: v, lambda v: spaced(v, [2, 3, 3, 3])],
                  ["Steuer-IdNr.:", "Steueridentifikationsnummer", "IdNr", "St.-IdNr.", "Steuer-ID",
                   "Tax ID", "Identifikationsnummer", "TIN:"], False),
    "de_tax_number": (lambda: R.choice([digits(2) + "/" + digits(3) + "/" + digits(5),
                                digits(3) + "/" + digits(3) + "/" + digits(5),
                                digits(3) + "/" + digits(4) + "/" + digits(4)]),
                      [lambda v: v],
                      ["Steuernummer:", "St.-Nr.", "Steuer-Nr.", "StNr", "tax number", "Finanzamt Steuernummer"], True),
    "de_vat_id": (lambda: draw(lambda: "DE" + R.choice("123456789") + digits(8), de_vat.is_valid),
                  [lambda v: v, lambda v: v[:2] + " " + spaced(v[2:], [3, 3, 3])],
                  ["USt-IdNr.:", "USt-ID", "Umsatzsteuer-Identifikationsnummer", "VAT ID", "VAT number"], False),
    "de_social_insurance": (de_svnr, [lambda v: v, lambda v: spaced(v, [2, 6, 1, 3])],
                            ["SV-Nr.:", "Sozialversicherungsnummer", "RV-Nr.", "Arbeitnehmer-SV-Nummer",
                             "Rentenversicherungsnummer", "social security number"], False),
    "de_health_insurance": (kvnr, [lambda v: v],
                            ["KV-Nr.:", "Versichertennummer", "Krankenversichertennummer", "KVNR",
                             "eGK-Nummer", "health insurance number"], False),
    "de_id_card": (lambda: draw(lambda: doc_number("LMNPRTVWXYZ"), doc_shape_ok),
                   [lambda v: v], ["Personalausweis", "Ausweisnummer:", "Ausweis-Nr.", "ID card no."], False),
    "de_id_card_serial": (lambda: doc_number("LMNPRTVWXYZ")[:9], [lambda v: v],
                          ["Personalausweis", "Ausweisnummer:", "Ausweis-Nr.", "identity card"], True),
    "de_passport": (lambda: draw(lambda: doc_number("CFGHJK"), doc_shape_ok),
                    [lambda v: v], ["Reisepass", "Reisepassnummer:", "Pass-Nr.", "passport no."], False),
    "de_passport_serial": (lambda: doc_number("CFGHJK")[:9], [lambda v: v],
                           ["Reisepass", "Reisepassnummer:", "Pass-Nr.", "passport no."], True),
    "de_drivers_license": (drivers_license, [lambda v: v],
                           ["Führerschein-Nr.", "Führerscheinnummer", "Fahrerlaubnis", "driving licence"], True),
    "at_social_insurance": (lambda: draw(lambda: R.choice("123456789") + digits(3) + "%02d%02d%02d" % (
                                R.randint(1, 28), R.randint(1, 12), R.randint(0, 99)), at_vnr.is_valid),
                            [lambda v: v, lambda v: v[:4] + " " + v[4:]],
                            ["SV-Nummer", "Sozialversicherungsnummer", "VSNR", "e-card Nummer"], False),
    "at_vat_id": (lambda: draw(lambda: "ATU" + digits(8), at_uid.is_valid), [lambda v: v],
                  ["UID-Nr.", "UID", "USt-ID", "VAT number"], False),
    "at_tax_number": (lambda: draw(lambda: digits(9), at_tin.is_valid),
                      [lambda v: v[:2] + "-" + v[2:5] + "/" + v[5:], lambda v: v],
                      ["Steuernummer", "Abgabenkontonummer", "St.Nr.", "Finanzamt"], True),
    "ch_ahv": (lambda: draw(lambda: "756" + digits(10), ch_ssn.is_valid),
               [lambda v: "%s.%s.%s.%s" % (v[:3], v[3:7], v[7:11], v[11:]), lambda v: v],
               ["AHV-Nr.", "AHV-Nummer", "Sozialversicherungsnummer", "numéro AVS"], False),
    "ch_uid": (lambda: draw(lambda: "CHE" + R.choice("123456789") + digits(8), ch_uid.is_valid),
               [lambda v: "CHE-%s.%s.%s" % (v[3:6], v[6:9], v[9:]), lambda v: v,
                lambda v: "CHE-%s.%s.%s MWST" % (v[3:6], v[6:9], v[9:])],
               ["UID", "MWST-Nr.", "Unternehmens-Identifikationsnummer"], False),
    "eu_vat_id": (eu_vat_value, [lambda v: v], ["VAT", "TVA", "Partita IVA", "BTW-nummer", "NIP", "NIF", "USt-ID"], False),
    "iban": (lambda: iban(R.choice(["DE", "DE", "AT", "CH", "NL", "LI", "LU"])),
             [lambda v: v, lambda v: " ".join(v[i:i + 4] for i in range(0, len(v), 4))],
             ["IBAN", "Bankverbindung", "Konto", "Kontoverbindung"], False),
    "bic": (lambda: "".join(R.choice("ABCDEFGHKLMNPRSTUVWZ") for _ in range(4)) + R.choice(["DE", "AT", "CH"]) +
            R.choice(["FF", "MM", "2X", "HH", "22", "ZZ"]) + R.choice(["", "XXX", "100"]),
            [lambda v: v], ["BIC", "BIC:", "SWIFT", "SWIFT-Code"], True),
    "credit_card": (card, [lambda v: v, lambda v: spaced(v, [4, 4, 4, 4]) if len(v) == 16 else spaced(v, [4, 6, 5])],
                    ["Kreditkarte", "Kartennummer", "Visa", "card number"], False),
    "email": (lambda: R.choice(["anna", "max", "j.doe", "e.musterfrau", "hr-team", "k.mueller"]) + str(R.randint(1, 999)) +
              "@" + R.choice(["example.de", "example.com", "mail.example.at", "example.ch"]),
              [lambda v: v], ["E-Mail:", "Mail", "Kontakt", "email"], False),
    "phone_number": (phone_intl, [lambda v: v], ["Tel.:", "Telefon", "Mobil:", "phone", "Fax"], False),
    "phone_number_national": (phone_national, [lambda v: v], ["Tel.:", "Telefon", "Handy:", "Rufnummer", "phone", "Fax"], True),
    "date_of_birth": (dob, [lambda v: v], ["geb.", "Geburtsdatum:", "geboren am", "Geb.-Datum", "DOB", "date of birth"], True),
    "ipv4": (ipv4, [lambda v: v], ["IP-Adresse", "Login von", "Server", "Client", "IP"], True),
    "ipv6": (ipv6, [lambda v: v], ["IPv6-Adresse", "Client", "Server", "Host"], True),
    "mrz": (lambda: R.choice([mrz_td3(doc_number("CFGHJK")[:9]), mrz_td1(doc_number("LMNPRTVWXYZ")[:9])]),
            [lambda v: v], ["MRZ", "maschinenlesbare Zone", "Reisepass", "Personalausweis"], False),
    "private_key": (lambda: "-----BEGIN " + R.choice(["RSA ", "EC ", "OPENSSH ", ""]) + "PRIVATE KEY-----",
                    [lambda v: v], ["Schlüssel", "key"], False),
    "religion": (lambda: R.choice(["rk", "ev", "ak", "jd"]), [lambda v: v], ["Konfession:", "Kirchensteuermerkmal", "Religion"], True),
}

NAMES = ["Max Mustermann", "Erika Musterfrau", "Anna Beispiel", "Jonas Probe", "Lena Muster",
         "Hans Test", "Sabine Fiktiv", "Paul Platzhalter"]
FILLER = ["Bitte prüfen Sie die Angaben.", "Die Unterlagen liegen dem Personalbüro vor.",
          "Mit freundlichen Grüßen", "Der Vorgang wurde am Montag abgeschlossen.",
          "Please find the documents attached.", "Rückfragen bitte an die Buchhaltung.",
          "Das Protokoll der Sitzung folgt separat.", "Stand: Quartalsabschluss"]


def valid_value(det):
    make, forms, ctx, needs = DETECTORS[det]
    return R.choice(forms)(make())


class Writer:
    def __init__(self, root):
        self.root, self.labels = root, []

    def write(self, rel, lines):
        """lines: list of (text, [(detector, value), ...])"""
        path = os.path.join(self.root, "corpus", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            for n, (text, labels) in enumerate(lines, 1):
                f.write(text + "\n")
                for det, value in labels:
                    self.labels.append((path, n, det, value))


def sentence_with_context(det, value):
    ctx = R.choice(DETECTORS[det][2])
    name = R.choice(NAMES)
    return R.choice([
        "%s %s" % (ctx, value),
        "Für %s lautet die %s %s." % (name, ctx, value),
        "%s: %s (%s)" % (name, value, ctx) if det not in ("private_key",) else "%s %s" % (ctx, value),
        "Anbei die Daten von %s, %s %s, zur Ablage." % (name, ctx, value),
    ])


def sentence_without_context(value):
    return R.choice([
        "Vorgang %s wurde bearbeitet." % value,
        "Siehe Anlage %s." % value,
        "%s" % value,
        "Der Eintrag %s ist vom Montag." % value,
    ])


# ---- decoys ----------------------------------------------------------------------------------
def corrupt(det, value):
    """The value with its last digit changed so that the check fails (redrawn until it does)."""
    for _ in range(50):
        pos = max(i for i, c in enumerate(value) if c.isdigit())
        bad = value[:pos] + R.choice([d for d in string.digits if d != value[pos]]) + value[pos + 1:]
        if not checks_pass(det, bad):
            return bad
    return None


ORACLES = {
    "de_tax_id": de_idnr.is_valid, "de_vat_id": de_vat.is_valid, "at_social_insurance": at_vnr.is_valid,
    "at_vat_id": at_uid.is_valid, "at_tax_number": at_tin.is_valid, "ch_ahv": ch_ssn.is_valid,
    "ch_uid": lambda v: ch_uid.is_valid(v.replace(" MWST", "")), "eu_vat_id": eu_vat.is_valid,
    "iban": std_iban.is_valid,
}


def checks_pass(det, v):
    compact = v.replace(" ", "").replace(".", "").replace("-", "").replace("/", "")
    if det in ORACLES:
        return ORACLES[det](compact)
    if det == "credit_card":
        return std_luhn.is_valid(compact)
    if det in ("de_id_card", "de_passport"):
        return icao(compact[:9]) == compact[9]
    if det == "de_social_insurance":
        w = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
        nums = compact[:8] + "%02d" % (ord(compact[8]) - 64) + compact[9:11]
        return sum(cross(int(d) * w[i]) for i, d in enumerate(nums)) % 10 == int(compact[11])
    if det == "de_health_insurance":
        nums = "%02d" % (ord(compact[0]) - 64) + compact[1:9]
        return sum(cross(int(d) * (1 if i % 2 == 0 else 2)) for i, d in enumerate(nums)) % 10 == int(compact[9])
    if det == "mrz":
        return True  # corrupting MRZ handled by its composite digit below
    return False


def lookalike_run(length):
    """A random digit run of `length` that passes none of the checks a bare run of that length
    could meet; the redraws are counted in CHANCE."""
    def ok(v):
        bad = []
        if length == 11 and v[0] != "0" and idnr_valid(v):
            bad.append("de_tax_id")
        if length == 10 and v[0] != "0" and at_vnr.is_valid(v):
            bad.append("at_social_insurance")
        if length == 13 and v.startswith("756") and ch_ssn.is_valid(v):
            bad.append("ch_ahv")
        if length in (15, 16) and std_luhn.is_valid(v) and v[0] in "23456":
            bad.append("credit_card")
        for b in bad:
            CHANCE[(b, length)] += 1
        return not bad
    return draw(lambda: R.choice("123456789") + digits(length - 1), ok)


def decoy_lines():
    """Lines without any finding a correct scanner should report, by kind."""
    out = []
    kinds = {"wrong_check": out}
    for det, (make, forms, ctx, needs) in DETECTORS.items():
        if det in ("email", "private_key", "religion", "bic", "date_of_birth", "ipv4", "ipv6",
                   "de_id_card_serial", "de_passport_serial", "de_drivers_license", "de_tax_number",
                   "phone_number_national"):
            continue
        for _ in range(40):
            v = make()
            if det == "mrz":
                pos = 14 if v.startswith("IDD") else len(v) - 1  # document / composite check digit
                bad = v[:pos] + str((int(v[pos]) + 1) % 10) + v[pos + 1:]
            elif det == "phone_number":
                bad = "+49 30 " + digits(R.randint(1, 2))  # too short for the plan
            else:
                bad = corrupt(det, forms[0](v))
            if bad:
                out.append("%s %s" % (R.choice(ctx), bad))
    out = kinds["no_context"] = []
    # context-required formats without their context words
    for det in ("de_tax_number", "de_id_card_serial", "de_passport_serial", "de_drivers_license",
                "phone_number_national", "date_of_birth", "ipv4", "ipv6", "bic", "at_tax_number", "religion"):
        make, forms, ctx, needs = DETECTORS[det]
        for _ in range(40):
            out.append(sentence_without_context(R.choice(forms)(make())))
    out = kinds["lookalikes"] = []
    for _ in range(400):
        out.append(R.choice([
            "Bestellnummer %s vom %02d.%02d.2024" % (lookalike_run(R.choice([10, 11])), R.randint(1, 28), R.randint(1, 12)),
            "Rechnung RE-2024-%s, Kundennummer %s" % (digits(5), lookalike_run(R.choice([8, 9, 10]))),
            "Auftrag %s-%s-%s" % (digits(4), digits(4), digits(4)),
            "Lieferschein %s" % lookalike_run(13),
            "Artikel %s" % lookalike_run(R.choice([11, 12, 13])),
            "Referenz %s" % lookalike_run(16),
            "%d-%02d-%02dT%02d:%02d:%02dZ INFO request done in %d ms" % (
                R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
                R.randint(0, 59), R.randint(0, 59), R.randint(1, 999)),
            "ts=%s level=info msg=\"job finished\"" % lookalike_run(10),
            "commit %s" % "".join(R.choice("0123456789abcdef") for _ in range(40)),
            "sha256:%s" % "".join(R.choice("0123456789abcdef") for _ in range(64)),
            "Token %s" % "".join(R.choice(string.ascii_letters + string.digits) for _ in range(32)),
            "Rückruf unter %s erbeten" % ("0" + R.choice("123456789") + digits(R.randint(8, 10))),
            "Version %d.%d.%d.%d veröffentlicht" % (R.randint(1, 12), R.randint(0, 20), R.randint(0, 99), R.randint(0, 999)),
            "siehe Abschnitt %d.%d.%d.%d der Richtlinie" % (R.randint(1, 9), R.randint(1, 9), R.randint(1, 9), R.randint(1, 9)),
            "Termin am %02d.%02d.2025 um %02d:%02d Uhr" % (R.randint(1, 28), R.randint(1, 12), R.randint(8, 18), R.randint(0, 59)),
            "Preis: %d,%02d EUR, Menge %d" % (R.randint(1, 9999), R.randint(0, 99), R.randint(1, 500)),
            "PLZ %s %s" % (digits(5), R.choice(["Berlin", "Wien", "Zürich", "München"])),
            "Aktenzeichen %s/%s" % (digits(3), digits(2)),
        ]))
    return kinds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-detector", type=int, default=400)
    args = ap.parse_args()
    R.seed(args.seed)
    w = Writer(args.out)
    n = args.per_detector

    # 1. Prose: one value per line, with context (and without, where no context is needed).
    for det, (make, forms, ctx, needs) in DETECTORS.items():
        lines = []
        for i in range(n):
            v = R.choice(forms)(make())
            with_ctx = needs or i % 2 == 0
            if det == "religion":
                lines.append(("Konfession: %s" % v if i % 2 else "Kirchensteuermerkmal %s" % v, [(det, v)]))
                continue
            if det == "mrz":
                lines.append((R.choice(FILLER), []))
                lines.append((v, [(det, v)]))
                continue
            text = sentence_with_context(det, v) if with_ctx else sentence_without_context(v)
            lines.append((text, [(det, v)]))
            if i % 3 == 0:
                lines.append((R.choice(FILLER), []))
        w.write("prose/%s.txt" % det, lines)

    # 2. Letters: several identifiers of one person, each after its own label.
    letter_dets = ["de_tax_id", "de_social_insurance", "de_health_insurance", "iban", "date_of_birth",
                   "phone_number", "email", "de_id_card", "at_social_insurance", "ch_ahv", "de_vat_id"]
    for k in range(n // 4):
        name = R.choice(NAMES)
        lines = [("Personalabteilung", []), ("", []), ("Sehr geehrte Damen und Herren,", []),
                 ("", []), ("anbei die Stammdaten von %s für die Lohnabrechnung:" % name, []), ("", [])]
        for det in R.sample(letter_dets, 5):
            v = R.choice(DETECTORS[det][1])(DETECTORS[det][0]())
            lines.append(("%s %s" % (R.choice(DETECTORS[det][2]), v), [(det, v)]))
        lines += [("", []), (R.choice(FILLER), []), ("Mit freundlichen Grüßen", []), ("Personalbüro", [])]
        w.write("letters/brief_%04d.txt" % k, lines)

    # 3. CSV exports: the column header is the only context.
    csv_sets = [
        ("personal", [("Name", None), ("Steuer-ID", "de_tax_id"), ("SV-Nummer", "de_social_insurance"),
                      ("Geburtsdatum", "date_of_birth"), ("IBAN", "iban"), ("Konfession", "religion"),
                      ("KVNR", "de_health_insurance"), ("Telefon", "phone_number_national")]),
        ("kunden", [("Firma", None), ("USt-IdNr", "de_vat_id"), ("UID", "at_vat_id"), ("BIC", "bic"),
                    ("E-Mail", "email"), ("Telefon", "phone_number"), ("Steuernummer", "de_tax_number")]),
        ("ch_at", [("Name", None), ("AHV-Nummer", "ch_ahv"), ("UID", "ch_uid"), ("SVNR", "at_social_insurance"),
                   ("Abgabenkontonummer", "at_tax_number"), ("VAT", "eu_vat_id")]),
        ("dokumente", [("Name", None), ("Ausweisnummer", "de_id_card"), ("Reisepassnummer", "de_passport"),
                       ("Führerscheinnummer", "de_drivers_license"), ("Kreditkarte", "credit_card"),
                       ("IP-Adresse", "ipv4")]),
    ]
    for name, cols in csv_sets:
        for part in range(2):
            sep = ";" if part == 0 else ","
            lines = [(sep.join(c for c, _ in cols), [])]
            for r in range(n // 2):
                cells, labels = [], []
                for col, det in cols:
                    if det is None:
                        cells.append(R.choice(NAMES))
                        continue
                    v = R.choice(DETECTORS[det][1])(DETECTORS[det][0]())
                    cells.append(v)
                    labels.append((det, v))
                lines.append((sep.join(cells), labels))
            w.write("csv/%s_%d.csv" % (name, part), lines)
        # the same columns without identifying headers: only detectors that need no context count
        lines = [(";".join("Feld%d" % i for i in range(len(cols))), [])]
        for r in range(n // 4):
            cells, labels = [], []
            for col, det in cols:
                if det is None:
                    cells.append(R.choice(NAMES))
                    continue
                v = R.choice(DETECTORS[det][1])(DETECTORS[det][0]())
                cells.append(v)
                if not DETECTORS[det][3]:
                    labels.append((det, v))
            lines.append((";".join(cells), labels))
        w.write("csv/%s_noheader.csv" % name, lines)

    # 4. Decoys: nothing here may be reported. Kept in files by kind: a context word on one line
    # is context for a value on the next (the window spans 96 bytes before, 48 after), so a
    # context-free decoy right below "Steuernummer 12/345/67890" would not be context-free.
    decoys = decoy_lines()
    for kind, lines in decoys.items():
        R.shuffle(lines)
        for k in range(0, len(lines), 200):
            w.write("decoys/%s_%02d.txt" % (kind, k // 200), [(t, []) for t in lines[k:k + 200]])

    # 5. Chance look-alikes (unfiltered random digit runs in an order log): scored apart.
    chance_path = os.path.join(args.out, "chance", "orders.log")
    os.makedirs(os.path.dirname(chance_path), exist_ok=True)
    with open(chance_path, "w") as f:
        for i in range(5000):
            length = R.choice([9, 10, 11, 13, 16])
            f.write("2024-05-%02d order=%s%s status=shipped\n" % (R.randint(1, 28), R.choice("123456789"), digits(length - 1)))

    with open(os.path.join(args.out, "labels.tsv"), "w") as f:
        f.write("path\tline\tdetector\tvalue\n")
        for p, line, det, v in w.labels:
            f.write("%s\t%d\t%s\t%s\n" % (p, line, det, v))
    with open(os.path.join(args.out, "chance_redraws.tsv"), "w") as f:
        f.write("detector\tlength\tredrawn\n")
        for (det, length), c in sorted(CHANCE.items()):
            f.write("%s\t%d\t%d\n" % (det, length, c))
    print("labels: %d, decoy lines: %d" % (len(w.labels), sum(len(v) for v in decoys.values())))


if __name__ == "__main__":
    main()
