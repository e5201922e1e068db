#!/usr/bin/python3
"""Writes office documents with planted synthetic values, made by third-party writers.

Usage: make_office_fixtures.py <directory>

Creates planted.docx (python-docx), planted.xlsx (openpyxl), planted.odt and planted.ods
(odfpy) in <directory>. The [thirdparty] test in zip_family_test.cpp reads them from the
directory named by PIISCAN_OFFICE_FIXTURES and checks that each planted value comes out of
extract_zip_family at the right location. Our own fixtures are written by hand to the spec;
these catch what real writers do differently (namespaces, default prefixes, number formats).

All values are synthetic: 36574261809 is a made-up Steuer-IdNr with a valid check digit,
example.de is a reserved domain. Needs Debian's python3-docx, python3-openpyxl, python3-odf
(run with /usr/bin/python3).
"""
import os
import sys

import docx
import openpyxl
from odf import meta, table, text
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText

TAX_ID = "36574261809"
EMAIL = "max.mustermann@example.de"


def write_docx(path):
    document = docx.Document()
    document.add_heading("Personalakte", level=1)
    document.add_paragraph(f"Steuer-IdNr: {TAX_ID}")
    grid = document.add_table(rows=2, cols=2)
    for row, values in zip(grid.rows, [("Name", "Steuer-IdNr"), ("Max Mustermann", TAX_ID)]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    section = document.sections[0]
    section.header.paragraphs[0].text = f"Kontakt: {EMAIL}"
    section.footer.paragraphs[0].text = "Fußzeile"
    document.core_properties.author = "Max Mustermann"
    document.core_properties.last_modified_by = EMAIL
    document.save(path)


def write_xlsx(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Personal"
    sheet.append(["Name", "Steuer-IdNr", "E-Mail"])
    sheet.append(["Max Mustermann", TAX_ID, EMAIL])  # the ID as text
    sheet.append(["Erika Musterfrau", float(TAX_ID)])  # the ID as a number
    second = workbook.create_sheet("Zweites Blatt")
    second["C3"] = EMAIL
    workbook.properties.creator = "Max Mustermann"
    workbook.save(path)


def write_odt(path):
    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="Personalakte"))
    document.text.addElement(text.P(text=f"Steuer-IdNr: {TAX_ID}"))
    document.text.addElement(text.P(text=f"E-Mail: {EMAIL}"))
    document.meta.addElement(meta.InitialCreator(text="Max Mustermann"))
    document.save(path)


def string_cell(value):
    cell = table.TableCell(valuetype="string")
    cell.addElement(text.P(text=value))
    return cell


def float_cell(value):
    cell = table.TableCell(valuetype="float", value=value)
    cell.addElement(text.P(text=str(value)))
    return cell


def write_ods(path):
    document = OpenDocumentSpreadsheet()
    sheet = table.Table(name="Personal")
    for cells in ([string_cell("Name"), string_cell("Steuer-IdNr")],
                  [string_cell("Max Mustermann"), string_cell(TAX_ID)],
                  [string_cell("Erika Musterfrau"), float_cell(int(TAX_ID))]):
        row = table.TableRow()
        for cell in cells:
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(path)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_office_fixtures.py <directory>")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    write_docx(os.path.join(directory, "planted.docx"))
    write_xlsx(os.path.join(directory, "planted.xlsx"))
    write_odt(os.path.join(directory, "planted.odt"))
    write_ods(os.path.join(directory, "planted.ods"))


if __name__ == "__main__":
    main()
