#!/usr/bin/python3
"""End-to-end test of document formats and hostile inputs (issue 4).

Builds a folder holding every supported format, each written by a third-party writer
(python-docx, openpyxl, odfpy, reportlab, Python's email/zipfile/tarfile, Pillow + piexif),
with planted synthetic values, plus the bombs of shared/docs/bad-inputs.md; scans it with the
real binary and checks that every planted value is reported at its container path, that the
party photo is `internal` and a bare logo `public`, and that every bomb yields a limit or
error record within seconds and under 512 MiB.

Usage: formats_test.py PATH/TO/piiscan WORKDIR
Every value is synthetic: the specimen IBAN DE89 3704 0044 0532 0130 00, the specimen
Steuer-IdNr 36574261809, example.* e-mail addresses and made-up names.
"""
import io
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
from email.message import EmailMessage

IBAN = 'DE89 3704 0044 0532 0130 00'
TAX_ID = '36574261809'
EMAIL = 'erika.musterfrau@example.de'
PLANTED = f'Steuer-IdNr.: {TAX_ID}\nIBAN: {IBAN}\nE-Mail: {EMAIL}\n'

RESULTS = []


def check(name, condition, detail=''):
    RESULTS.append(bool(condition))
    print(('ok - ' if condition else 'not ok - ') + name + ('' if condition else f'  ({detail})'))


# --- fixtures --------------------------------------------------------------------------------

def write_office(root):
    import docx
    document = docx.Document()
    document.add_paragraph('Personalakte')
    document.add_paragraph(PLANTED)
    document.core_properties.author = 'Erika Musterfrau'
    document.save(f'{root}/office/akte.docx')
    shutil.copy(f'{root}/office/akte.docx', f'{root}/office/akte_makro.docm')

    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = 'Personal'
    sheet.append(['Name', 'Steuer-IdNr', 'IBAN'])
    sheet.append(['Erika Musterfrau', int(TAX_ID), IBAN])
    book.save(f'{root}/office/personal.xlsx')
    shutil.copy(f'{root}/office/personal.xlsx', f'{root}/office/personal_makro.xlsm')

    from odf.opendocument import OpenDocumentText
    from odf.text import P
    odt = OpenDocumentText()
    for line in PLANTED.splitlines():
        odt.text.addElement(P(text=line))
    odt.save(f'{root}/office/brief.odt')


def write_pdf(root):
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(f'{root}/pdf/rechnung.pdf')
    pdf.drawString(72, 760, 'Seite eins ohne Daten')
    pdf.showPage()
    pdf.drawString(72, 760, f'Steuer-IdNr.: {TAX_ID}')
    pdf.drawString(72, 740, f'IBAN: {IBAN}')
    pdf.showPage()
    pdf.save()


def write_mail(root):
    mail = EmailMessage()
    mail['From'] = f'Erika Musterfrau <{EMAIL}>'
    mail['To'] = 'personal@example.com'
    mail['Subject'] = 'Unterlagen'
    mail.set_content('Guten Tag,\nanbei die Liste.\nGrüße\n', charset='iso-8859-1')
    mail.add_attachment(PLANTED.encode(), maintype='text', subtype='csv', filename='liste.csv')
    with open(f'{root}/mail/unterlagen.eml', 'wb') as out:
        out.write(bytes(mail))


def write_archives(root):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('HR/stammdaten.csv', 'Name;Steuer-IdNr\nErika;' + TAX_ID + '\n')
    with zipfile.ZipFile(f'{root}/archive/outer.zip', 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('inner.zip', inner.getvalue())
        z.writestr('readme.txt', 'nichts\n')
    with tarfile.open(f'{root}/archive/export.tar.gz', 'w:gz') as tar:
        data = PLANTED.encode()
        info = tarfile.TarInfo('export/kunden.txt')
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def write_encodings(root):
    text = 'Müller Straße Größe\n' + PLANTED
    with open(f'{root}/text/cp1252.txt', 'wb') as out:
        out.write(text.encode('cp1252'))
    with open(f'{root}/text/utf16_nobom.txt', 'wb') as out:
        out.write(text.encode('utf-16-le'))


def write_images(root):
    from PIL import Image
    import piexif
    exif = piexif.dump({
        '0th': {piexif.ImageIFD.Artist: b'Erika Musterfrau'},
        'GPS': {piexif.GPSIFD.GPSLatitudeRef: b'N',
                piexif.GPSIFD.GPSLatitude: ((48, 1), (8, 1), (1355, 100)),
                piexif.GPSIFD.GPSLongitudeRef: b'E',
                piexif.GPSIFD.GPSLongitude: ((11, 1), (34, 1), (3445, 100))},
    })
    Image.new('RGB', (32, 32), (200, 50, 50)).save(f'{root}/images/sommerfest.jpg', exif=exif)
    Image.new('RGB', (32, 32), (20, 50, 200)).save(f'{root}/images/logo.png')


def write_bombs(bombs):
    data, name = b'IBAN DE89370400440532013000\n', 'leaf.txt'
    for depth in range(20):  # A03: 2**20 leaves in a few KB
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:
            for i in range(2):
                z.writestr(f'{depth}_{i}_{name}', data)
        data, name = buffer.getvalue(), 'n.zip'
    open(f'{bombs}/nested20.zip', 'wb').write(data)

    import zlib  # A04: every central entry points at one local record
    payload = b'A' * 1_000_000
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = co.compress(payload) + co.flush()
    crc = zlib.crc32(payload)
    lfh = struct.pack('<4sHHHHHIIIHH', b'PK\x03\x04', 20, 0, 8, 0, 0, crc, len(packed),
                      len(payload), 1, 0) + b'k' + packed
    central = b''
    for i in range(100):
        n = b'f%03d' % i
        central += struct.pack('<4sHHHHHHIIIHHHHHII', b'PK\x01\x02', 20, 20, 0, 8, 0, 0, crc,
                               len(packed), len(payload), len(n), 0, 0, 0, 0, 0, 0) + n
    eocd = struct.pack('<4sHHHHIIH', b'PK\x05\x06', 0, 0, 100, 100, len(central), len(lfh), 0)
    open(f'{bombs}/overlap.zip', 'wb').write(lfh + central + eocd)

    # A05 at 200 MB instead of 1 GB: the ratio limit fires after 100 MiB either way.
    with open(f'{bombs}/zeros.gz', 'wb') as out:
        co = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = bytes(1 << 20)
        for _ in range(200):
            out.write(co.compress(block))
        out.write(co.flush())

    entities = '<!ENTITY a "aaaaaaaaaa">' + ''.join(
        f'<!ENTITY {chr(98 + i)} "' + ('&' + chr(97 + i) + ';') * 10 + '">' for i in range(9))
    document = ('<?xml version="1.0"?><!DOCTYPE w [' + entities + ']><w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
                '<w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(f'{bombs}/lol.docx', 'w', zipfile.ZIP_DEFLATED) as z:  # D01
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', document)

    with open(f'{bombs}/selfref.pdf', 'w') as out:  # D04
        out.write('%PDF-1.5\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj '
                  '<</Type/Pages/Kids[2 0 R]/Count 1>> endobj\ntrailer <</Root 1 0 R/Size 3>>\n'
                  '%%EOF\n')

    tiff = (b'II*\x00' + struct.pack('<I', 8) + struct.pack('<H', 1)  # D07
            + struct.pack('<HHII', 0x8769, 4, 1, 8) + struct.pack('<I', 8))
    app1 = b'Exif\x00\x00' + tiff
    open(f'{bombs}/exifloop.jpg', 'wb').write(
        b'\xff\xd8\xff\xe1' + struct.pack('>H', len(app1) + 2) + app1 + b'\xff\xd9')


# --- running and checking --------------------------------------------------------------------

def scan(piiscan, root, *extra):
    started = time.monotonic()
    run = subprocess.run([piiscan, 'scan', root, '--format', 'json', '--quiet', *extra],
                         capture_output=True, timeout=120)
    return run, json.loads(run.stdout or b'{}'), time.monotonic() - started


def findings_by_path(report):
    return {f['path']: f for f in report.get('files', [])}


def has(files, path, detector):
    entry = files.get(path)
    return entry is not None and any(f['detector'] == detector for f in entry['findings'])


def check_planted(piiscan, root):
    run, report, _ = scan(piiscan, root)
    files = findings_by_path(report)
    check('formats scan exits 1 (findings at or above confidential)', run.returncode == 1,
          f'exit {run.returncode}, stderr {run.stderr[-300:]!r}')
    for name in ('office/akte.docx', 'office/akte_makro.docm', 'office/brief.odt'):
        check(f'{name}: tax ID found', has(files, f'{root}/{name}', 'de_tax_id'), files.get(f'{root}/{name}'))
    check('akte.docx: author is document metadata', has(files, f'{root}/office/akte.docx', 'document_author'))
    for name in ('office/personal.xlsx', 'office/personal_makro.xlsm'):
        entry = files.get(f'{root}/{name}', {'findings': []})
        located = [f for f in entry['findings'] if f['detector'] == 'de_tax_id'
                   and f.get('location') == 'sheet Personal' and f['confidence'] == 'high']
        check(f'{name}: numeric tax ID found in sheet Personal with column context', located, entry)
    pdf = files.get(f'{root}/pdf/rechnung.pdf', {'findings': []})
    check('PDF: IBAN found on page 2', any(f['detector'] == 'iban' and f.get('location') == 'page 2'
                                          for f in pdf['findings']), pdf)
    mail = f'{root}/mail/unterlagen.eml'
    check('mail: sender address found', has(files, mail, 'email'), files.get(mail))
    check('mail: attachment scanned as member', has(files, mail + '!/liste.csv', 'de_tax_id'))
    nested = f'{root}/archive/outer.zip!/inner.zip!/HR/stammdaten.csv'
    check('zip in zip: member path and finding', has(files, nested, 'de_tax_id'), sorted(files))
    check('zip in zip: container at least as sensitive as its member',
          files.get(f'{root}/archive/outer.zip', {}).get('sensitivity') in ('confidential', 'restricted'))
    check('tar.gz member found', has(files, f'{root}/archive/export.tar.gz!/export/kunden.txt', 'iban'),
          sorted(files))
    check('cp1252 text: IBAN found', has(files, f'{root}/text/cp1252.txt', 'iban'))
    check('UTF-16 without BOM: IBAN found', has(files, f'{root}/text/utf16_nobom.txt', 'iban'))
    photo = files.get(f'{root}/images/sommerfest.jpg', {})
    check('party photo is internal', photo.get('sensitivity') == 'internal', photo)
    check('party photo: artist and GPS found',
          has(files, f'{root}/images/sommerfest.jpg', 'image_author')
          and has(files, f'{root}/images/sommerfest.jpg', 'image_gps'), photo)
    logo = files.get(f'{root}/images/logo.png', {})
    check('bare logo is public', logo.get('sensitivity') == 'public', logo)
    leaked = [value for value in (TAX_ID, IBAN, IBAN.replace(' ', ''), EMAIL)
              if value.encode() in run.stdout or value.encode() in run.stderr]
    check('no planted value in the default report or stderr', not leaked, leaked)


def check_bombs(piiscan, bombs):
    for name, expected in (('nested20.zip', 'max_depth'), ('overlap.zip', 'zip_overlapping_entries'),
                           ('zeros.gz', 'max_ratio'), ('lol.docx', 'DTD'),
                           ('selfref.pdf', None), ('exifloop.jpg', None)):
        path = f'{bombs}/{name}'
        run, report, seconds = scan(piiscan, path)
        errors = report.get('scan', {}).get('errors', [])
        messages = ' '.join(e.get('stage', '') + ':' + e.get('message', '') for e in errors)
        named = all(e.get('path', '').startswith(path) for e in errors)
        ok = run.returncode in (0, 1, 2) and seconds < 10 and named and (
            expected is None or expected in messages)
        if expected is not None:
            ok = ok and run.returncode == 2 and report['scan']['complete'] is False
        check(f'bomb {name}: record {expected or "(none required)"}, {seconds:.1f} s, exit {run.returncode}',
              ok, messages[:300])
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    check(f'bombs: peak memory {peak_mib:.0f} MiB < 512 MiB', peak_mib < 512)


def main():
    piiscan, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    root, bombs = f'{work}/share', f'{work}/bombs'
    for sub in ('office', 'pdf', 'mail', 'archive', 'text', 'images'):
        os.makedirs(f'{root}/{sub}')
    os.makedirs(bombs)
    for write in (write_office, write_pdf, write_mail, write_archives, write_encodings, write_images):
        write(root)
    write_bombs(bombs)
    check_planted(piiscan, root)
    check_bombs(piiscan, bombs)
    passed = sum(RESULTS)
    print(f'{passed} passed, {len(RESULTS) - passed} failed')
    return 0 if passed == len(RESULTS) else 1


if __name__ == '__main__':
    sys.exit(main())
