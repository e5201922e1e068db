#!/usr/bin/python3
"""Extraction throughput per document format (issue 4).

Writes COPIES files per format with third-party writers (python-docx, openpyxl, odfpy,
reportlab, email, zipfile, Pillow + piexif), each holding ~50 KB of German prose and a few
planted synthetic values, then times `piiscan scan <format dir> -j1` (median of RUNS) and prints
MB/s of input and files/s per format as a Markdown table.

Usage: bench/formats_bench.py [PIISCAN] [WORKDIR] [COPIES] [RUNS]
"""
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from email.message import EmailMessage

PROSE = ('Die Lieferung der Bestellung erfolgt nach Abstimmung mit dem Kunden. '
         'Rechnungen werden monatlich gestellt; Rückfragen bitte an die Buchhaltung. ') * 8
VALUES = 'Steuer-IdNr.: 36574261809, IBAN DE89 3704 0044 0532 0130 00, erika.musterfrau@example.de'
PARAGRAPHS = [PROSE] * 60 + [VALUES]


def text_file(path):
    with open(path, 'w') as out:
        out.write('\n'.join(PARAGRAPHS))


def docx_file(path):
    import docx
    document = docx.Document()
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    document.save(path)


def xlsx_file(path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(['Name', 'Steuer-IdNr', 'Bemerkung'])
    for i in range(400):
        sheet.append([f'Person {i}', 36574261809, PROSE[:120]])
    book.save(path)


def odt_file(path):
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    document = OpenDocumentText()
    for paragraph in PARAGRAPHS:
        document.text.addElement(P(text=paragraph))
    document.save(path)


def pdf_file(path):
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(path)
    for page in range(12):
        y = 800
        for line in range(50):
            pdf.drawString(40, y, (VALUES if line == 25 else PROSE[line:line + 95]))
            y -= 15
        pdf.showPage()
    pdf.save()


def eml_file(path):
    mail = EmailMessage()
    mail['From'] = 'Erika Musterfrau <erika.musterfrau@example.de>'
    mail['To'] = 'personal@example.com'
    mail['Subject'] = 'Unterlagen'
    mail.set_content('\n'.join(PARAGRAPHS))
    mail.add_attachment(VALUES.encode(), maintype='text', subtype='plain', filename='werte.txt')
    with open(path, 'wb') as out:
        out.write(bytes(mail))


def zip_file(path):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        for i in range(5):
            archive.writestr(f'dir/teil{i}.txt', '\n'.join(PARAGRAPHS))


def jpg_file(path):
    from PIL import Image
    import piexif
    exif = piexif.dump({'0th': {piexif.ImageIFD.Artist: b'Erika Musterfrau'}})
    Image.new('RGB', (640, 480), (120, 80, 40)).save(path, exif=exif, quality=90)


FORMATS = [('txt', text_file), ('docx', docx_file), ('xlsx', xlsx_file), ('odt', odt_file),
           ('pdf', pdf_file), ('eml', eml_file), ('zip', zip_file), ('jpg', jpg_file)]


def main():
    piiscan = sys.argv[1] if len(sys.argv) > 1 else 'build/piiscan'
    work = sys.argv[2] if len(sys.argv) > 2 else '/tmp/piiscan-formats-bench'
    copies = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    print('| format | files | MB | median s | MB/s | files/s | findings |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for extension, write in FORMATS:
        folder = f'{work}/{extension}'
        if not os.path.isdir(folder):
            os.makedirs(folder)
            write(f'{folder}/sample.{extension}')
            for i in range(1, copies):
                shutil.copy(f'{folder}/sample.{extension}', f'{folder}/copy{i}.{extension}')
        size = sum(os.path.getsize(f'{folder}/{name}') for name in os.listdir(folder))
        times, findings = [], 0
        for _ in range(runs):
            started = time.monotonic()
            run = subprocess.run([piiscan, 'scan', folder, '-j1', '--format', 'json', '--quiet',
                                  '--fail-on', 'never'], capture_output=True, check=True)
            times.append(time.monotonic() - started)
            findings = sum(json.loads(run.stdout)['summary']['findings_by_detector'].values())
        median = statistics.median(times)
        files = len(os.listdir(folder))
        print(f'| {extension} | {files} | {size / 1e6:.1f} | {median:.2f} | {size / 1e6 / median:.1f} '
              f'| {files / median:.0f} | {findings} |')


if __name__ == '__main__':
    main()
