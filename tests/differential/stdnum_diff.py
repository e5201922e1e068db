#!/usr/bin/env python3
"""Differential test: piiscan's validators against python-stdnum.

Usage: stdnum_diff.py PATH/TO/validator_oracle

For every validator that python-stdnum (Debian package python3-stdnum, LGPL) also implements,
this script generates candidates with a fixed seed -- valid numbers built by computing a correct
check digit, random single-character mutations of them, and random strings of the right shape --
runs the oracle once per validator on the whole batch, and requires our verdict to equal
stdnum's is_valid(). `not_applicable` counts as a mismatch, except for de_tax_number, whose
validator is structure-only by design and answers not_applicable where stdnum says valid.

stdnum is only called, never copied. Where our rule is deliberately different (stricter, or a
newer registry), the expected verdict is overridden by an independent rule written here, and the
override is counted and printed per reason, so the deviation stays tested.

Prints per-validator counts and "N passed, M failed"; exits 1 on any mismatch (printing the first
10), 2 when the oracle cannot be run.
"""

import json
import os
import random
import string
import subprocess
import sys


def _import_stdnum():
    """Imports stdnum; re-runs under Debian's python3 when the python3 on PATH (e.g. pyenv)
    does not see the python3-stdnum package."""
    try:
        import stdnum  # noqa: F401
    except ImportError:
        system_python = '/usr/bin/python3'
        if (os.path.exists(system_python) and
                os.path.realpath(sys.executable) != os.path.realpath(system_python)):
            os.execv(system_python, [system_python] + sys.argv)
        sys.exit('stdnum_diff: python-stdnum is missing (apt-get install python3-stdnum)')


_import_stdnum()

from stdnum import bic, ean, iban, luhn, numdb  # noqa: E402
from stdnum.at import tin as at_tin, uid as at_uid, vnr as at_vnr  # noqa: E402
from stdnum.ch import ssn as ch_ssn, uid as ch_uid, vat as ch_vat  # noqa: E402
from stdnum.de import idnr as de_idnr, stnr as de_stnr, vat as de_vat  # noqa: E402
from stdnum.es import cif as es_cif, dni as es_dni, nie as es_nie  # noqa: E402
from stdnum.eu import vat as eu_vat  # noqa: E402
from stdnum.iso7064 import mod_11_10, mod_97_10  # noqa: E402

SEED = 20240611
# Valid numbers, mutations and random shapes: about 3 x PER_KIND candidates per validator.
# STDNUM_DIFF_PER_KIND=20000 makes a longer local run.
PER_KIND = int(os.environ.get('STDNUM_DIFF_PER_KIND', '700'))
DIGITS = string.digits
UPPER = string.ascii_uppercase
ALNUM = DIGITS + UPPER


def rand_digits(rng, n, first_nonzero=False):
    s = ''.join(rng.choice(DIGITS) for _ in range(n))
    if first_nonzero and n and s[0] == '0':
        s = rng.choice('123456789') + s[1:]
    return s


def mutate(rng, value, alphabet):
    """One random edit: substitution, adjacent transposition, deletion, insertion."""
    if not value:
        return rng.choice(alphabet)
    op = rng.choice(('sub', 'sub', 'sub', 'swap', 'del', 'ins'))
    i = rng.randrange(len(value))
    if op == 'sub':
        choices = [c for c in alphabet if c != value[i]] or list(alphabet)
        return value[:i] + rng.choice(choices) + value[i + 1:]
    if op == 'swap' and len(value) > 1:
        i = min(i, len(value) - 2)
        return value[:i] + value[i + 1] + value[i] + value[i + 2:]
    if op == 'del':
        return value[:i] + value[i + 1:]
    return value[:i] + rng.choice(alphabet) + value[i:]


def group(value, sizes, sep):
    """Splits `value` into groups of the given sizes (the last group takes the rest)."""
    parts, pos = [], 0
    for size in sizes:
        if pos >= len(value):
            break
        parts.append(value[pos:pos + size])
        pos += size
    if pos < len(value):
        parts.append(value[pos:])
    return sep.join(parts)


def safe(fn, value):
    """stdnum's is_valid catches ValidationError only; anything else is a stdnum bug that we
    count as 'invalid' (no real number can trigger it)."""
    try:
        return bool(fn(value))
    except Exception:  # noqa: BLE001
        return False


# ---------------------------------------------------------------------------------------------
# Independent rules for the deliberate deviations (written from the specs, not from stdnum).

# IBAN countries added to the SWIFT registry after stdnum 1.18 (Debian 12): length, BBAN format.
IBAN_NEWER = {'FK': (18, '2!a12!n'), 'HN': (28, '4!a20!n'), 'MN': (20, '4!n12!n'),
              'NI': (28, '4!a20!n'), 'OM': (23, '3!n16!c'), 'SO': (23, '4!n3!n12!n'),
              'YE': (30, '4!a4!n18!c')}


def bban_regex(fmt):
    import re
    classes = {'n': '[0-9]', 'a': '[A-Z]', 'c': '[A-Z0-9]'}
    return re.compile('^' + re.sub(r'(\d+)!([nac])',
                                   lambda m: '%s{%s}' % (classes[m.group(2)], m.group(1)),
                                   fmt) + '$')


def iban_newer_valid(compact):
    length, fmt = IBAN_NEWER[compact[:2]]
    return (len(compact) == length and bban_regex(fmt).match(compact[4:]) is not None and
            mod_97_10.is_valid(compact[4:] + compact[:4]))


def load_iso3166():
    """ISO 3166-1 alpha-2 codes from Debian's iso-codes (or tzdata), plus XK (Kosovo)."""
    try:
        with open('/usr/share/iso-codes/json/iso_3166-1.json', encoding='utf-8') as f:
            codes = {c['alpha_2'] for c in json.load(f)['3166-1']}
    except OSError:
        try:
            with open('/usr/share/zoneinfo/iso3166.tab', encoding='utf-8') as f:
                codes = {line[:2] for line in f if line[:1].isalpha()}
        except OSError:
            return None
    return codes | {'XK'}


ISO3166 = load_iso3166()


def has_triple_run(digits10):
    return any(digits10[i] == digits10[i + 1] == digits10[i + 2] for i in range(8))


def strip(value, chars):
    return ''.join(c for c in value if c not in chars)


# ---------------------------------------------------------------------------------------------
# Generators: each returns (valid_examples, alphabet_for_mutations, random_shape_fn, formatter).

def gen_iban(rng):
    db = numdb.get('iban')
    countries = []
    for cc in sorted(set(''.join(p) for p in ((a, b) for a in UPPER for b in UPPER))):
        info = db.info(cc)[0][1]
        if info.get('bban'):
            countries.append((cc, info['bban']))
    countries += sorted((cc, fmt) for cc, (_, fmt) in IBAN_NEWER.items())

    def bban_for(fmt):
        import re
        out = ''
        for count, kind in re.findall(r'(\d+)!([nac])', fmt):
            pool = {'n': DIGITS, 'a': UPPER, 'c': ALNUM}[kind]
            out += ''.join(rng.choice(pool) for _ in range(int(count)))
        return out

    valid = []
    for _ in range(PER_KIND):
        cc, fmt = rng.choice(countries)
        bban = bban_for(fmt)
        valid.append(cc + iban.calc_check_digits(cc + '00' + bban) + bban)

    def shape():
        return (rng.choice(UPPER) + rng.choice(UPPER) + rand_digits(rng, 2) +
                ''.join(rng.choice(ALNUM) for _ in range(rng.randint(10, 30))))

    def fmt_value(v):
        r = rng.random()
        if r < 0.3:
            return group(v, [4] * 9, ' ')
        if r < 0.4:
            return v.lower()
        return v
    return valid, ALNUM, shape, fmt_value


def expect_iban(value):
    compact = strip(value, ' -').upper()
    if len(compact) > 4 and not compact[2:4].isdigit():
        return False, 'check digits must be two digits (ISO 13616-1); stdnum reads letters too'
    if compact[2:4] in ('00', '01', '99'):
        return False, 'check digits 00/01/99 are outside ISO 13616 range 02-98'
    if compact[:2] in IBAN_NEWER:
        return iban_newer_valid(compact), 'country added to the SWIFT registry after stdnum 1.18'
    # National BBAN checks (BE, ES, ME, NO modules) are not implemented by us: compare the
    # ISO 13616 part only.
    return safe(lambda v: iban.is_valid(v, check_country=False), value), None


def gen_luhn(rng):
    valid = []
    for _ in range(PER_KIND):
        body = rand_digits(rng, rng.randint(1, 19))
        valid.append(body + luhn.calc_check_digit(body))
    return valid, DIGITS, lambda: rand_digits(rng, rng.randint(2, 20)), \
        lambda v: group(v, [4] * 5, ' ') if rng.random() < 0.2 else v


def expect_luhn(value):
    # We ignore spaces and dashes; stdnum.luhn takes digits only, so it sees them stripped.
    return safe(luhn.is_valid, strip(value, ' -')), None


CARD_PREFIXES = [('4', 16), ('4', 13), ('4', 19), ('51', 16), ('55', 16), ('2221', 16),
                 ('2720', 16), ('34', 15), ('37', 15), ('6011', 16), ('644', 16), ('649', 19),
                 ('65', 16), ('3528', 16), ('3589', 19), ('300', 14), ('305', 14), ('36', 14),
                 ('38', 16), ('50', 12), ('56', 18), ('69', 19), ('62', 16)]


def card_issuer_ok(digits):
    """Our documented issuer table, re-stated independently for the oracle."""
    def pfx(n):
        return int(digits[:n])
    if digits[0] == '4' or 51 <= pfx(2) <= 55 or 2221 <= pfx(4) <= 2720:
        return True
    if pfx(2) in (34, 37):
        return len(digits) == 15
    return (pfx(4) == 6011 or 644 <= pfx(3) <= 649 or pfx(2) in (65, 36, 38, 50, 62) or
            3528 <= pfx(4) <= 3589 or 300 <= pfx(3) <= 305 or 56 <= pfx(2) <= 69)


def gen_credit_card(rng):
    valid = []
    for _ in range(PER_KIND):
        prefix, length = rng.choice(CARD_PREFIXES)
        body = prefix + rand_digits(rng, length - len(prefix) - 1)
        valid.append(body + luhn.calc_check_digit(body))

    def shape():
        body = rand_digits(rng, rng.randint(11, 19))
        return body + luhn.calc_check_digit(body) if rng.random() < 0.5 else body
    return valid, DIGITS, shape, lambda v: group(v, [4] * 5, rng.choice(' -')) \
        if rng.random() < 0.3 else v


def expect_credit_card(value):
    digits = strip(value, ' -')
    ok = (digits.isdigit() and digits.isascii() and 12 <= len(digits) <= 19 and
          len(set(digits)) > 1 and card_issuer_ok(digits) and safe(luhn.is_valid, digits))
    return ok, None


def gen_de_tax_id(rng):
    valid = []
    while len(valid) < PER_KIND:
        repeat = rng.choice((2, 3))
        pool = rng.sample('0123456789', 11 - repeat)  # distinct digits, one of them repeated
        digits = pool[1:] + [pool[0]] * repeat
        rng.shuffle(digits)
        body = ''.join(digits)
        if body[0] == '0':
            continue
        valid.append(body + mod_11_10.calc_check_digit(body))

    def shape():
        body = rand_digits(rng, 10, first_nonzero=True)
        return body + mod_11_10.calc_check_digit(body)
    return valid, DIGITS, shape, lambda v: group(v, [2, 3, 3], ' ') if rng.random() < 0.2 else v


def expect_de_tax_id(value):
    digits = strip(value, ' ./-')
    if len(digits) == 11 and digits.isdigit() and has_triple_run(digits[:10]):
        return False, 'digit three times in adjacent positions (BZSt rule since 2016)'
    return safe(de_idnr.is_valid, value), None


def gen_de_vat_id(rng):
    valid = []
    for _ in range(PER_KIND):
        body = rand_digits(rng, 8, first_nonzero=True)
        valid.append('DE' + body + mod_11_10.calc_check_digit(body))
    return valid, DIGITS, lambda: 'DE' + rand_digits(rng, 9), \
        lambda v: rng.choice((v, v[2:], 'DE ' + group(v[2:], [3, 3], ' ')))


def expect_de_vat_id(value):
    return safe(de_vat.is_valid, value), None


def gen_de_tax_number(rng):
    lands = ['28', '9', '11', '30', '24', '22', '26', '40', '23', '5', '27', '10', '32', '31',
             '21', '41']
    valid = []
    for _ in range(PER_KIND):
        kind = rng.random()
        if kind < 0.3:
            valid.append(rand_digits(rng, 10))
        elif kind < 0.6:
            valid.append(rand_digits(rng, 11))
        else:
            land = rng.choice(lands)
            head = land + rand_digits(rng, 4 - len(land))
            valid.append(head + '0' + rand_digits(rng, 8))
    return valid, DIGITS, lambda: rand_digits(rng, rng.choice((9, 10, 11, 12, 13, 14))), \
        lambda v: (group(v, [3, 3], '/') if len(v) == 11 else
                   group(v, [2, 3], '/') if len(v) == 10 else v) if rng.random() < 0.4 else v


def expect_de_tax_number(value):
    return safe(de_stnr.is_valid, value), None


def gen_at_social_insurance(rng):
    valid = []
    while len(valid) < PER_KIND:
        number = rand_digits(rng, 3, first_nonzero=True) + '0' + rand_digits(rng, 6)
        check = at_vnr.calc_check_digit(number)
        if len(check) == 1:
            valid.append(number[:3] + check + number[4:])
    return valid, DIGITS, lambda: rand_digits(rng, 10), \
        lambda v: v[:4] + ' ' + v[4:] if rng.random() < 0.3 else v


def expect_at_social_insurance(value):
    return safe(at_vnr.is_valid, value), None


def gen_at_vat_id(rng):
    valid = []
    for _ in range(PER_KIND):
        body = 'U' + rand_digits(rng, 7)
        valid.append('AT' + body + at_uid.calc_check_digit(body))
    return valid, DIGITS, lambda: 'ATU' + rand_digits(rng, 8), \
        lambda v: rng.choice((v, v, v[2:], 'AT ' + v[2:]))


def expect_at_vat_id(value):
    return safe(at_uid.is_valid, value), None


def gen_at_tax_number(rng):
    offices = [o for o in ('%02d' % i for i in range(100)) if numdb.get('at/fa').info(o)[0][1]]
    valid = []
    for _ in range(PER_KIND):
        body = rng.choice(offices) + rand_digits(rng, 6)
        valid.append(body + at_tin.calc_check_digit(body))

    def shape():
        body = rand_digits(rng, 8)
        return body + at_tin.calc_check_digit(body)
    return valid, DIGITS, shape, \
        lambda v: v[:2] + '-' + v[2:5] + '/' + v[5:] if rng.random() < 0.3 else v


def expect_at_tax_number(value):
    return safe(at_tin.is_valid, value), None


def gen_ch_ahv(rng):
    valid = []
    for _ in range(PER_KIND):
        body = '756' + rand_digits(rng, 9)
        valid.append(body + ean.calc_check_digit(body))
    return valid, DIGITS, lambda: rng.choice(('756', '757', '')) + rand_digits(rng, 10), \
        lambda v: group(v, [3, 4, 4], '.') if rng.random() < 0.5 else v


def expect_ch_ahv(value):
    return safe(ch_ssn.is_valid, value), None


def make_ch_uid(rng):
    while True:
        body = rand_digits(rng, 8)
        check = ch_uid.calc_check_digit(body)
        if len(check) == 1:
            return 'CHE' + body + check


def format_ch_uid(rng, v):
    r = rng.random()
    if r < 0.4:
        v = 'CHE-' + group(v[3:12], [3, 3], '.') + v[12:]
    if rng.random() < 0.3:
        v += rng.choice((' MWST', ' TVA', ' IVA', ' TPV', 'MWST'))
    return v


def gen_ch_uid(rng):
    valid = [make_ch_uid(rng) for _ in range(PER_KIND)]
    return valid, DIGITS, lambda: 'CHE' + rand_digits(rng, 9), lambda v: format_ch_uid(rng, v)


def expect_ch_uid(value):
    return safe(ch_uid.is_valid, value) or safe(ch_vat.is_valid, value), None


def make_eu_vat(rng, cc):
    """A valid VAT number for country `cc`, built with stdnum's or the spec's check digits."""
    if cc == 'DE':
        body = rand_digits(rng, 8, first_nonzero=True)
        return 'DE' + body + mod_11_10.calc_check_digit(body)
    if cc == 'AT':
        body = 'U' + rand_digits(rng, 7)
        return 'AT' + body + at_uid.calc_check_digit(body)
    if cc == 'FR':
        siren = rand_digits(rng, 8)
        siren += luhn.calc_check_digit(siren)
        if rng.random() < 0.5:
            return 'FR%02d%s' % (int(siren + '12') % 97, siren)
        return 'FR' + rng.choice(ALNUM) + rng.choice(ALNUM) + siren  # letter keys: 1 in 11
    if cc == 'IT':
        body = rand_digits(rng, 7) + '%03d' % rng.choice(list(range(1, 101)) + [120, 121, 888])
        return 'IT' + body + luhn.calc_check_digit(body)
    if cc == 'NL':
        while True:
            body = rand_digits(rng, 8)
            check = sum((9 - i) * int(d) for i, d in enumerate(body)) % 11
            if rng.random() < 0.5 and check < 10:
                return 'NL' + body + str(check) + 'B%02d' % rng.randint(1, 99)
            number = body + rand_digits(rng, 1) + 'B'
            suffixes = ['%02d' % s for s in range(1, 100)
                        if mod_97_10.is_valid('NL' + number + '%02d' % s)]
            if suffixes:
                return 'NL' + number + rng.choice(suffixes)
    if cc == 'BE':
        head = rng.choice('01') + rand_digits(rng, 7)
        return 'BE%s%02d' % (head, 97 - int(head) % 97)
    if cc == 'PL':
        while True:
            body = rand_digits(rng, 9)
            check = sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body)) % 11
            if check < 10:
                return 'PL' + body + str(check)
    if cc == 'ES':
        kind = rng.choice(('dni', 'nie', 'cif', 'klm'))
        if kind == 'dni':
            body = rand_digits(rng, 8)
            return 'ES' + body + es_dni.calc_check_digit(body)
        if kind == 'nie':
            body = rng.choice('XYZ') + rand_digits(rng, 7)
            return 'ES' + body + es_nie.calc_check_digit(body)
        if kind == 'klm':
            body = rand_digits(rng, 7)
            return 'ES' + rng.choice('KLM') + body + es_dni.calc_check_digit(body)
        body = rng.choice('ABCDEFGHJNPQRSUVW') + rand_digits(rng, 7)
        return 'ES' + body + rng.choice(es_cif.calc_check_digits(body))
    if cc == 'CH':
        return make_ch_uid(rng) + rng.choice(('', 'MWST', 'TVA', 'IVA'))
    raise ValueError(cc)


EU_CHECKED = ('AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'IT', 'NL', 'PL')
# VIES prefixes we leave to the rule's base score (not_applicable) instead of dropping them.
EU_UNCHECKED = ('BG', 'CY', 'CZ', 'DK', 'EE', 'EL', 'FI', 'HR', 'HU', 'IE', 'LT', 'LU', 'LV',
                'MT', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI')


def gen_eu_vat_id(rng):
    valid = [make_eu_vat(rng, rng.choice(EU_CHECKED)) for _ in range(PER_KIND)]

    def shape():
        cc = rng.choice(EU_CHECKED + ('XX', 'US', 'GB', 'ZZ'))
        return cc + ''.join(rng.choice(DIGITS * 3 + UPPER) for _ in range(rng.randint(8, 13)))
    return valid, DIGITS + UPPER[:6] + 'BUXYZ', shape, \
        lambda v: v[:2] + ' ' + v[2:] if rng.random() < 0.2 and v[:2] != 'CH' else v


def expect_eu_vat_id(value):
    compact = strip(value, ' ')
    if compact[:2] == 'CH':
        # stdnum's eu.vat knows EU member states only; CH numbers are checked as ch.vat/ch.uid.
        return (safe(ch_uid.is_valid, value) or safe(ch_vat.is_valid, value),
                'CH dispatched to the Swiss UID rules (not an EU member state in stdnum)')
    if compact[:2] in EU_UNCHECKED:
        return 'not_applicable', 'EU member state whose national check we do not implement yet'
    if compact[:2] == 'NL' and len(compact) < 14:
        # stdnum zero-pads short Dutch numbers; the official format is always 9 digits + B + 2.
        return False, 'NL number shorter than 9 digits + B + 2 digits (stdnum zero-pads)'
    return safe(eu_vat.is_valid, value), None


def gen_bic(rng):
    countries = sorted(ISO3166)
    valid = []
    for _ in range(PER_KIND):
        branch = ''.join(rng.choice(ALNUM) for _ in range(3)) if rng.random() < 0.5 else ''
        valid.append(''.join(rng.choice(UPPER) for _ in range(4)) + rng.choice(countries) +
                     ''.join(rng.choice(ALNUM) for _ in range(2)) + branch)

    def shape():
        return ''.join(rng.choice(ALNUM if i > 3 else UPPER)
                       for i in range(rng.choice((7, 8, 9, 11, 12))))
    return valid, ALNUM, shape, lambda v: v


def expect_bic(value):
    if len(value) in (8, 11) and value[4:6].isalpha() and value[4:6] not in ISO3166:
        return False, 'country code not assigned in ISO 3166-1'
    return safe(bic.is_valid, value), None


# name: (generator, expected-verdict function, stdnum module named in the report)
VALIDATORS = {
    'iban': (gen_iban, expect_iban, 'iban'),
    'luhn': (gen_luhn, expect_luhn, 'luhn'),
    'credit_card': (gen_credit_card, expect_credit_card, 'luhn + issuer ranges'),
    'de_tax_id': (gen_de_tax_id, expect_de_tax_id, 'de.idnr'),
    'de_vat_id': (gen_de_vat_id, expect_de_vat_id, 'de.vat'),
    'de_tax_number': (gen_de_tax_number, expect_de_tax_number, 'de.stnr'),
    'at_social_insurance': (gen_at_social_insurance, expect_at_social_insurance, 'at.vnr'),
    'at_vat_id': (gen_at_vat_id, expect_at_vat_id, 'at.uid'),
    'at_tax_number': (gen_at_tax_number, expect_at_tax_number, 'at.tin'),
    'ch_ahv': (gen_ch_ahv, expect_ch_ahv, 'ch.ssn'),
    'ch_uid': (gen_ch_uid, expect_ch_uid, 'ch.uid / ch.vat'),
    'eu_vat_id': (gen_eu_vat_id, expect_eu_vat_id, 'eu.vat'),
    'bic': (gen_bic, expect_bic, 'bic'),
}


def candidates(name, rng):
    generate, _, _ = VALIDATORS[name]
    valid, alphabet, shape, fmt = generate(rng)
    values = [fmt(v) for v in valid]
    values += [fmt(mutate(rng, rng.choice(valid), alphabet)) for _ in range(PER_KIND)]
    values += [shape() for _ in range(PER_KIND)]
    # Values are single lines without tabs by construction; keep them unique and ordered.
    return list(dict.fromkeys(v for v in values if '\t' not in v and '\n' not in v))


def run_oracle(oracle, name, values):
    request = ''.join('%s\t%s\n' % (name, v) for v in values)
    result = subprocess.run([oracle], input=request, capture_output=True, text=True, check=False)
    verdicts = result.stdout.splitlines()
    if result.returncode != 0 or len(verdicts) != len(values):
        sys.exit('stdnum_diff: oracle failed for %s (exit %d): %s' %
                 (name, result.returncode, result.stderr.strip()))
    return verdicts


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: stdnum_diff.py PATH/TO/validator_oracle')
    oracle = sys.argv[1]
    if ISO3166 is None:
        del VALIDATORS['bic']
        print('bic: skipped, no ISO 3166 list (install iso-codes or tzdata)')
    passed, failures = 0, []
    for name in VALIDATORS:
        rng = random.Random('%d:%s' % (SEED, name))
        values = candidates(name, rng)
        verdicts = run_oracle(oracle, name, values)
        expect = VALIDATORS[name][1]
        stdnum_valid, overrides, ok = 0, {}, 0
        by_prefix = {}  # eu_vat_id only: prefix -> [candidates, accepted]
        for value, ours in zip(values, verdicts):
            expected, override = expect(value)
            if override:
                overrides[override] = overrides.get(override, 0) + 1
            if isinstance(expected, str):  # an override that names the verdict itself
                want = expected
            elif name == 'de_tax_number':
                # Structure-only validator: "fits" is not_applicable, never valid.
                want = 'not_applicable' if expected else 'invalid'
            else:
                want = 'valid' if expected else 'invalid'
            stdnum_valid += want != 'invalid'
            if name == 'eu_vat_id' and value[:2] in EU_CHECKED:
                counts = by_prefix.setdefault(value[:2], [0, 0])
                counts[0] += 1
                counts[1] += want == 'valid'
            if ours == want:
                ok += 1
            else:
                failures.append((name, value, ours, want))
        passed += ok
        print('%-20s vs %-22s %5d candidates (%4d accepted, %4d invalid): %5d agree, %d differ' %
              (name, VALIDATORS[name][2], len(values), stdnum_valid,
               len(values) - stdnum_valid, ok, len(values) - ok))
        if by_prefix:
            print('    by prefix (candidates/valid): ' + ', '.join(
                '%s %d/%d' % (cc, n, v) for cc, (n, v) in sorted(by_prefix.items())))
        for reason, count in sorted(overrides.items()):
            print('    deliberate deviation, expected verdict from our rule: %s (%d)' %
                  (reason, count))
    for name, value, ours, want in failures[:10]:
        print('MISMATCH %s %r: ours %s, expected %s' % (name, value, ours, want))
    print('%d passed, %d failed' % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
