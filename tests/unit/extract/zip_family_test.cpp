// Tests for extract_zip_family (src/extract/zip_family.cpp) and the office readers behind it:
// OOXML (docx/docm/xlsx/pptx), ODF (odt/ods/odp), plain and nested zips, XML safety (DTDs,
// billion laughs, XXE, deep nesting), cut parts and random damage. Fixtures are written in the
// test (recording_sink.hpp); the [thirdparty] test reads documents written by python-docx,
// openpyxl and odfpy (make_office_fixtures.py). All planted values are synthetic.
#include "extract/extractors.hpp"
#include "extract/office_package.hpp"
#include "extract/office_sheet.hpp"
#include "extract/xml_text.hpp"

#include "recording_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace piiscan {
namespace {

using test::FixtureEntry;
using test::make_zip;
using test::RecordingSink;

constexpr std::string_view k_tax_id = "36574261809";
constexpr std::string_view k_email = "max.mustermann@example.de";

const std::string k_xml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
const std::string k_w = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";
const std::string k_a = R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main")";
const std::string k_p = R"(xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main")";
const std::string k_sml = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
const std::string k_r =
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
const std::string k_rels_ns =
    R"(xmlns="http://schemas.openxmlformats.org/package/2006/relationships")";
const std::string k_rel_type =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const std::string k_odf_ns =
    R"(xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
    R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" )"
    R"(xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" )"
    R"(xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" )"
    R"(xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" )"
    R"(xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" )"
    R"(xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" )"
    R"(xmlns:dc="http://purl.org/dc/elements/1.1/")";

std::string content_types(std::string_view main_part, std::string_view main_type) {
  return k_xml +
         R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
         R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.)"
         R"(relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>)"
         R"(<Override PartName="/)" +
         std::string(main_part) + R"(" ContentType=")" + std::string(main_type) + R"("/></Types>)";
}

std::string core_properties() {
  return k_xml + R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/)"
                 R"(metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">)"
                 R"(<dc:title>Personalakte</dc:title>)"
                 R"(<dc:creator>max.mustermann@example.de (36574261809)</dc:creator>)"
                 R"(<cp:lastModifiedBy> Erika Musterfrau </cp:lastModifiedBy>)"
                 R"(<cp:revision>3</cp:revision></cp:coreProperties>)";
}

std::string word_paragraph(std::string_view text) {
  return "<w:p><w:r><w:t>" + std::string(text) + "</w:t></w:r></w:p>";
}

// Paragraph properties with a tab stop (not a tab), a tab and a line break in runs, a table,
// a deleted revision, content twice in mc:AlternateContent (read once), section properties.
std::string word_document_body() {
  return R"(<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>)"
         R"(<w:r><w:t>Personalakte</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Max </w:t>)"
         R"(</w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Mustermann</w:t></w:r></w:p>)"
         R"(<w:p><w:r><w:t>Steuer-IdNr: 36574261809</w:t></w:r><w:r><w:br/>)"
         R"(<w:t>E-Mail: max.mustermann@example.de</w:t></w:r></w:p>)"
         R"(<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tr><w:tc><w:tcPr/>)" +
         word_paragraph("Name") + "</w:tc><w:tc>" + word_paragraph("Steuer-IdNr") +
         "</w:tc></w:tr><w:tr><w:tc>" + word_paragraph("Erika") + word_paragraph("Musterfrau") +
         "</w:tc><w:tc>" + word_paragraph("36574261809") + "</w:tc></w:tr></w:tbl>" +
         R"(<w:p><w:del w:id="1" w:author="Erika Musterfrau"><w:r><w:delText>alte Adresse)"
         R"(</w:delText></w:r></w:del></w:p>)"
         R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Textfeld</w:t>)"
         R"(</mc:Choice><mc:Fallback><w:t>Textfeld</w:t></mc:Fallback></mc:AlternateContent>)"
         R"(</w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>)";
}

const std::string k_word_body_text =
    "Personalakte\tMax Mustermann\n"
    "Steuer-IdNr: 36574261809\n"
    "E-Mail: max.mustermann@example.de\n"
    "Name\tSteuer-IdNr\n"
    "Erika Musterfrau\t36574261809\n"
    "alte Adresse\n"
    "Textfeld\n";

std::vector<FixtureEntry> word_parts(std::string_view main_type, std::string document) {
  std::string mc = R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006")";
  return {
      {"[Content_Types].xml", content_types("word/document.xml", main_type)},
      {"_rels/.rels", k_xml + "<Relationships " + k_rels_ns + "/>"},
      {"word/document.xml",
       k_xml + "<w:document " + k_w + " " + mc + "><w:body>" + document + "</w:body></w:document>"},
      {"word/styles.xml", k_xml + "<w:styles " + k_w +
                              "><w:style><w:name w:val=\"x\"/>"
                              "</w:style></w:styles>"},
      {"word/header1.xml",
       "<w:hdr " + k_w + ">" +
           word_paragraph("Vertraulich \xe2\x80\x93 max.mustermann@example.de") + "</w:hdr>"},
      {"word/footer2.xml", "<w:ftr " + k_w + ">" + word_paragraph("Seite 2") + "</w:ftr>"},
      {"word/footer10.xml", "<w:ftr " + k_w + ">" + word_paragraph("Seite 10") + "</w:ftr>"},
      {"word/comments.xml",
       "<w:comments " + k_w +
           R"(><w:comment w:id="0" w:author="Erika Musterfrau" w:initials="EM">)" +
           word_paragraph("Bitte Steuer-IdNr 36574261809 pr\xc3\xbc"
                          "fen") +
           "</w:comment></w:comments>"},
      {"word/footnotes.xml", "<w:footnotes " + k_w + R"(><w:footnote w:type="separator">)" +
                                 R"(<w:p><w:r><w:separator/></w:r></w:p></w:footnote>)" +
                                 "<w:footnote>" + word_paragraph("Quelle: Personalstelle") +
                                 "</w:footnote></w:footnotes>"},
      {"word/media/image1.png", "\x89PNG fake image"},
      {"docProps/core.xml", core_properties()},
  };
}

const std::string k_docx_type =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const std::string k_docm_type = "application/vnd.ms-word.document.macroEnabled.main+xml";

std::string make_docx() { return make_zip(word_parts(k_docx_type, word_document_body())); }

std::string make_docm() {
  std::vector<FixtureEntry> parts = word_parts(k_docm_type, word_document_body());
  parts.emplace_back("word/vbaProject.bin", std::string("\xd0\xcf\x11\xe0 macro", 10));
  return make_zip(parts);
}

std::string shared_string_item(std::string_view text) {
  return "<si><t>" + std::string(text) + "</t></si>";
}

std::string inline_cell(std::string_view reference, std::string_view text) {
  return R"(<c r=")" + std::string(reference) + R"(" t="inlineStr"><is><t>)" + std::string(text) +
         "</t></is></c>";
}

std::string sheet(std::string_view rows) {
  return k_xml + "<worksheet " + k_sml + "><dimension ref=\"A1:D4\"/><sheetData>" +
         std::string(rows) + "</sheetData></worksheet>";
}

std::string make_xlsx() {
  std::string workbook =
      k_xml + "<workbook " + k_sml + " " + k_r + "><sheets>" +
      R"(<sheet name="Personal" sheetId="1" r:id="rId1"/>)" +
      R"(<sheet name="Geheim" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>)";
  std::string rels =
      k_xml + "<Relationships " + k_rels_ns + ">" + R"(<Relationship Id="rId1" Type=")" +
      k_rel_type + R"(worksheet" Target="worksheets/sheet1.xml"/>)" +
      R"(<Relationship Id="rId2" Type=")" + k_rel_type +
      R"(worksheet" Target="/xl/worksheets/sheet2.xml"/>)" + R"(<Relationship Id="rId9" Type=")" +
      k_rel_type + R"(hyperlink" Target="mailto:x@example.de" TargetMode="External"/>)" +
      "</Relationships>";
  std::string shared = k_xml + "<sst " + k_sml + R"( count="5" uniqueCount="5">)" +
                       shared_string_item("Name") + shared_string_item("Steuer-IdNr") +
                       shared_string_item("Max Mustermann") + shared_string_item("36574261809") +
                       R"(<si><r><t>Eri</t></r><r><rPr><b/></rPr><t>ka</t></r>)"
                       R"(<rPh sb="0" eb="1"><t>ERIKA</t></rPh></si></sst>)";
  std::string personal = sheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>)"
      R"(<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" s="1"><v>3.6574261809E10</v></c>)" +
      inline_cell("D3", "max.mustermann@example.de") + "</row>" +
      R"(<row r="5"><c r="A5" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B5"><v>0.5</v>)"
      R"(</c><c r="C5" t="b"><v>1</v></c><c r="D5" t="s"><v>99</v></c></row>)");
  return make_zip({
      {"[Content_Types].xml", content_types("xl/workbook.xml",
                                            "application/vnd.openxmlformats-"
                                            "officedocument.spreadsheetml."
                                            "sheet.main+xml")},
      {"xl/workbook.xml", workbook},
      {"xl/_rels/workbook.xml.rels", rels},
      {"xl/sharedStrings.xml", shared},
      {"xl/worksheets/sheet2.xml",
       sheet("<row>" + inline_cell("A1", "geheim@example.de") + "</row>")},
      {"xl/worksheets/sheet1.xml", personal},
      {"xl/worksheets/sheet3.xml", sheet("<row>" + inline_cell("B1", "verwaist") + "</row>")},
      {"xl/comments1.xml", k_xml + "<comments " + k_sml + "><authors><author>Erika Musterfrau" +
                               "</author></authors><commentList><comment ref=\"B2\" " +
                               "authorId=\"0\"><text><r><t>gepr\xc3\xbc"
                               "ft</t></r></text>" +
                               "</comment></commentList></comments>"},
      {"docProps/core.xml", core_properties()},
  });
}

std::string slide(std::string_view text) {
  return k_xml + "<p:sld " + k_a + " " + k_p +
         "><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Titel 1\"/></p:nvSpPr>"
         "<p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang=\"de-DE\"/><a:t>" +
         std::string(text) + "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
}

std::string make_pptx() {
  std::string notes = k_xml + "<p:notes " + k_a + " " + k_p +
                      "><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Notiz: " +
                      "max.mustermann@example.de</a:t></a:r></a:p></p:txBody></p:sp>" +
                      "</p:spTree></p:cSld></p:notes>";
  std::string slide_rels =
      k_xml + "<Relationships " + k_rels_ns + ">" + R"(<Relationship Id="rId2" Type=")" +
      k_rel_type + R"(notesSlide" Target="../notesSlides/notesSlide7.xml"/>)" + "</Relationships>";
  return make_zip({
      {"[Content_Types].xml", content_types("ppt/presentation.xml",
                                            "application/vnd.openxmlformats-officedocument."
                                            "presentationml.presentation.main+xml")},
      {"ppt/presentation.xml", k_xml + "<p:presentation " + k_p + "/>"},
      {"ppt/slides/slide10.xml", slide("Folie zehn")},
      {"ppt/slides/slide2.xml", slide("Steuer-IdNr 36574261809")},
      {"ppt/slides/slide1.xml", slide("Personal")},
      {"ppt/slides/_rels/slide2.xml.rels", slide_rels},
      {"ppt/notesSlides/notesSlide7.xml", notes},
  });
}

std::string odf_content(std::string_view body) {
  return k_xml + "<office:document-content " + k_odf_ns + R"( office:version="1.3">)" +
         "<office:automatic-styles><style:style style:name=\"P1\"/></office:automatic-styles>" +
         "<office:body>" + std::string(body) + "</office:body></office:document-content>";
}

std::string odf_meta() {
  return k_xml + "<office:document-meta " + k_odf_ns + "><office:meta>" +
         "<meta:initial-creator>Max Mustermann</meta:initial-creator>" +
         "<dc:creator>max.mustermann@example.de</dc:creator><dc:title>Liste</dc:title>" +
         "<meta:editing-cycles>4</meta:editing-cycles></office:meta></office:document-meta>";
}

std::string make_odf(std::string_view kind, std::string_view body, std::string styles = "") {
  std::vector<FixtureEntry> entries{
      {"mimetype", "application/vnd.oasis.opendocument." + std::string(kind)},
      {"content.xml", odf_content(body)},
      {"meta.xml", odf_meta()},
      {"Pictures/1.png", "\x89PNG fake"},
      {"META-INF/manifest.xml", k_xml + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:"
                                        "opendocument:xmlns:manifest:1.0\"/>"}};
  if (!styles.empty()) {
    entries.emplace_back("styles.xml", std::move(styles));
  }
  return make_zip(entries);
}

std::string odf_cell(std::string_view text) {
  return R"(<table:table-cell office:value-type="string"><text:p>)" + std::string(text) +
         "</text:p></table:table-cell>";
}

std::string make_ods() {
  return make_odf(
      "spreadsheet",
      R"(<office:spreadsheet><table:table table:name="Personal">)"
      R"(<table:table-column table:number-columns-repeated="3"/><table:table-row>)" +
          odf_cell("Name") + odf_cell("Steuer-IdNr") +
          R"(<table:table-cell table:number-columns-repeated="1022"/></table:table-row>)"
          R"(<table:table-row><table:table-cell office:value-type="string"><text:p>Max</text:p>)"
          R"(<text:p>Mustermann</text:p></table:table-cell><table:table-cell )"
          R"(office:value-type="float" office:value="36574261809"><text:p>3,66E+10</text:p>)"
          R"(</table:table-cell></table:table-row><table:table-row>)"
          R"(<table:table-cell table:number-columns-repeated="2"/>)" +
          odf_cell("max.mustermann@example.de") +
          R"(</table:table-row><table:table-row table:number-rows-repeated="2">)"
          R"(<table:table-cell office:value-type="string" table:number-columns-repeated="2">)"
          R"(<text:p>x</text:p></table:table-cell></table:table-row>)"
          R"(<table:table-row table:number-rows-repeated="1048570">)"
          R"(<table:table-cell table:number-columns-repeated="1024"/></table:table-row>)"
          R"(</table:table><table:table table:name="Leer"/></office:spreadsheet>)");
}

std::string make_odt() {
  std::string styles =
      k_xml + "<office:document-styles " + k_odf_ns + "><office:master-styles>" +
      R"(<style:master-page style:name="Standard"><style:header><text:p>Kopfzeile )"
      R"(max.mustermann@example.de</text:p></style:header><style:footer><text:p>)"
      "Fu\xc3\x9fzeile 36574261809</text:p></style:footer></style:master-page>"
      "</office:master-styles></office:document-styles>";
  return make_odf(
      "text",
      R"(<office:text><text:sequence-decls/><text:h text:outline-level="1">Personalakte)"
      R"(</text:h><text:p>Name:<text:s/>Max<text:tab/>Mustermann<text:line-break/>)"
      R"(Steuer-IdNr <text:span>36574261809</text:span></text:p><table:table><table:table-row>)" +
          odf_cell("E-Mail") + odf_cell("max.mustermann@example.de") +
          R"(</table:table-row></table:table><text:p>Ende<office:annotation><dc:creator>)"
          R"(Erika Musterfrau</dc:creator><text:p>Kommentar</text:p></office:annotation>)"
          R"(</text:p></office:text>)",
      styles);
}

std::string utf16le_with_bom(std::string_view ascii) {
  std::string out("\xff\xfe", 2);
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

std::string billion_laughs_document() {
  std::string entities = R"(<!ENTITY a "aaaaaaaaaa">)";
  for (int i = 0; i < 9; ++i) {
    std::string reference = "&" + std::string(1, static_cast<char>('a' + i)) + ";";
    std::string repeated;
    for (int j = 0; j < 10; ++j) {
      repeated += reference;
    }
    entities += "<!ENTITY " + std::string(1, static_cast<char>('b' + i)) + " \"" + repeated + "\">";
  }
  return R"(<?xml version="1.0"?><!DOCTYPE w [)" + entities + "]><w:document " + k_w +
         "><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>";
}

std::string make_docx_with_document(std::string document) {
  std::vector<FixtureEntry> parts = word_parts(k_docx_type, "");
  parts[2].data = std::move(document);
  return make_zip(parts);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> headers_of(const RecordingSink& sink) {
  std::vector<std::string> all;
  for (const test::RecordedColumns& call : sink.columns_calls) {
    std::string joined;
    for (std::size_t i = 0; i < call.headers.size(); ++i) {
      joined += (i == 0 ? "" : "|") + call.headers[i];
    }
    all.push_back(joined);
  }
  return all;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

// --- OOXML -------------------------------------------------------------------------------------

TEST_CASE("docx: body, header, footer, comments, footnotes, properties", "[zip][ooxml]") {
  RecordingSink sink;
  extract_zip_family(make_docx(), "akte.docx", {}, sink);

  CHECK(sink.text_at("body") == k_word_body_text);
  CHECK(sink.text_at("header") == "Vertraulich \xe2\x80\x93 max.mustermann@example.de\n");
  CHECK(sink.text_at("footer") == "Seite 2\nSeite 10\n");  // natural part order
  CHECK(sink.text_at("comments") ==
        "Bitte Steuer-IdNr 36574261809 pr\xc3\xbc"
        "fen\n");
  CHECK(sink.text_at("footnotes") == "Quelle: Personalstelle\n");
  CHECK(sink.text_at("properties") == "Personalakte\n");
  CHECK(sink.metadata_value("dc:creator") == "max.mustermann@example.de (36574261809)");
  CHECK(sink.metadata_value("cp:lastModifiedBy") == "Erika Musterfrau");
  CHECK(sink.metadata_value("w:author") == "Erika Musterfrau");
  for (const test::RecordedMetadata& entry : sink.metadata_calls) {
    CHECK(entry.category == "metadata");
  }
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == "word/media/image1.png");
  CHECK(sink.problems.empty());
  CHECK(sink.all_text().find("11906") == std::string::npos);  // layout values are not text
}

TEST_CASE("docm (macro-enabled) is read like docx", "[zip][ooxml]") {
  RecordingSink sink;
  extract_zip_family(make_docm(), "akte.docm", {}, sink);
  CHECK(sink.text_at("body") == k_word_body_text);
  CHECK(sink.text_at("header").find(k_email) != std::string::npos);
  CHECK(sink.metadata_value("dc:creator").find(k_tax_id) != std::string::npos);
  CHECK(sink.find_member("word/vbaProject.bin") == nullptr);
}

TEST_CASE("xlsx: sheets in workbook order, shared/inline strings, numbers, columns",
          "[zip][ooxml][xlsx]") {
  RecordingSink sink;
  extract_zip_family(make_xlsx(), "personal.xlsx", {}, sink);

  CHECK(sink.text_at("sheet Personal") ==
        "Name\tSteuer-IdNr\n"
        "Max Mustermann\t36574261809\n"
        "Erika\t36574261809\t\tmax.mustermann@example.de\n"
        "ab\t0.5\t1\n");
  CHECK(sink.text_at("sheet Geheim") == "geheim@example.de\n");  // hidden sheets too
  CHECK(sink.text_at("sheet sheet3") == "\tverwaist\n");         // not in the workbook
  CHECK(headers_of(sink) ==
        std::vector<std::string>{"Name|Steuer-IdNr", "", "geheim@example.de", "", "|verwaist", ""});
  for (const test::RecordedColumns& call : sink.columns_calls) {
    CHECK(call.delimiter == '\t');
  }
  REQUIRE_FALSE(sink.texts.empty());
  CHECK(sink.texts[0].location == "properties");
  CHECK(sink.text_at("comments") ==
        "gepr\xc3\xbc"
        "ft\n");
  CHECK(sink.metadata_value("author") == "Erika Musterfrau");
  CHECK(sink.metadata_value("dc:creator").find(k_tax_id) != std::string::npos);
  CHECK(sink.problems.empty());
}

TEST_CASE("xlsx: the column order of the sink calls", "[zip][ooxml][xlsx]") {
  // columns(headers) comes before the sheet's text, columns({}) after it.
  RecordingSink sink;
  extract_zip_family(make_xlsx(), "personal.xlsx", {}, sink);
  REQUIRE(sink.columns_calls.size() >= 2);
  CHECK(sink.columns_calls[0].headers.size() == 2);
  CHECK(sink.columns_calls[1].headers.empty());
}

TEST_CASE("xlsx: a cell at column XFD is padded, and the padding is paid for",
          "[zip][ooxml][xlsx][bomb]") {
  std::string rows;
  for (int row = 1; row <= 2000; ++row) {
    rows += "<row>" + inline_cell("A" + std::to_string(row), "a") +
            inline_cell("XFD" + std::to_string(row), "z") + "</row>";
  }
  std::string xlsx = make_zip({
      {"[Content_Types].xml", content_types("xl/workbook.xml", "x")},
      {"xl/workbook.xml", "<workbook " + k_sml + "/>"},
      {"xl/worksheets/sheet1.xml", sheet(rows)},
  });
  SECTION("default limits: 16,383 empty fields between the cells") {
    RecordingSink sink;
    extract_zip_family(xlsx, "wide.xlsx", {}, sink);
    std::string text = sink.text_at("sheet sheet1");
    CHECK(text.substr(0, text.find('\n')) == "a" + std::string(16383, '\t') + "z");
  }
  SECTION("the byte budget stops the invented padding") {
    ExtractLimits limits;
    limits.max_total_bytes = 1 << 20;
    RecordingSink sink(limits);
    extract_zip_family(xlsx, "wide.xlsx", limits, sink);
    CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
    CHECK(sink.text_at("sheet sheet1").size() < 2 * (1u << 20));
  }
}

TEST_CASE("pptx: slides in natural order, notes by relationship", "[zip][ooxml]") {
  RecordingSink sink;
  extract_zip_family(make_pptx(), "vortrag.pptx", {}, sink);
  REQUIRE(sink.texts.size() == 4);
  CHECK(sink.texts[0].location == "slide 1");
  CHECK(sink.texts[0].text == "Personal\n");
  CHECK(sink.texts[1].location == "slide 2");
  CHECK(sink.texts[1].text == "Steuer-IdNr 36574261809\n");
  CHECK(sink.texts[2].location == "notes 2");
  CHECK(sink.texts[2].text == "Notiz: max.mustermann@example.de\n");
  CHECK(sink.texts[3].location == "slide 10");
  CHECK(sink.problems.empty());
}

// --- ODF ---------------------------------------------------------------------------------------

TEST_CASE("odt: body, headers and footers, meta", "[zip][odf]") {
  RecordingSink sink;
  extract_zip_family(make_odt(), "akte.odt", {}, sink);
  CHECK(sink.text_at("body") ==
        "Personalakte\n"
        "Name: Max\tMustermann\n"
        "Steuer-IdNr 36574261809\n"
        "E-Mail\tmax.mustermann@example.de\n"
        "Ende\nErika Musterfrau\nKommentar\n");
  CHECK(sink.text_at("header") == "Kopfzeile max.mustermann@example.de\n");
  CHECK(sink.text_at("footer") == "Fu\xc3\x9fzeile 36574261809\n");
  CHECK(sink.metadata_value("meta:initial-creator") == "Max Mustermann");
  CHECK(sink.metadata_value("dc:creator") == "max.mustermann@example.de");
  CHECK(sink.text_at("properties") == "Liste\n");
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == "Pictures/1.png");
  CHECK(sink.problems.empty());
}

TEST_CASE("ods: sheets by table name, repeats, float values, columns", "[zip][odf]") {
  RecordingSink sink;
  auto start = std::chrono::steady_clock::now();
  extract_zip_family(make_ods(), "personal.ods", {}, sink);
  CHECK(seconds_since(start) < 1.0);  // a million repeated empty rows cost nothing
  CHECK(sink.text_at("sheet Personal") ==
        "Name\tSteuer-IdNr\n"
        "Max Mustermann\t36574261809\n"
        "\t\tmax.mustermann@example.de\n"
        "x\tx\nx\tx\n");
  CHECK(headers_of(sink) == std::vector<std::string>{"Name|Steuer-IdNr", ""});
  CHECK(sink.metadata_value("meta:initial-creator") == "Max Mustermann");
  CHECK(sink.problems.empty());
}

TEST_CASE("ods: repeated non-empty rows and cells are bounded", "[zip][odf][bomb]") {
  std::string ods = make_odf(
      "spreadsheet",
      R"(<office:spreadsheet><table:table table:name="Bombe">)"
      R"(<table:table-row table:number-rows-repeated="1000000000">)"
      R"(<table:table-cell office:value-type="string" table:number-columns-repeated="100000">)"
      R"(<text:p>max.mustermann@example.de</text:p></table:table-cell></table:table-row>)"
      R"(</table:table></office:spreadsheet>)");
  ExtractLimits limits;
  limits.max_total_bytes = 8 << 20;
  RecordingSink sink(limits);
  auto start = std::chrono::steady_clock::now();
  extract_zip_family(ods, "bomb.ods", limits, sink);
  CHECK(seconds_since(start) < 2.0);
  CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
  CHECK(sink.text_at("sheet Bombe").size() < (16u << 20));
}

TEST_CASE("odp: slides and notes", "[zip][odf]") {
  std::string odp = make_odf(
      "presentation",
      R"(<office:presentation><draw:page draw:name="page1"><draw:frame><draw:text-box>)"
      R"(<text:p>Steuer-IdNr 36574261809</text:p></draw:text-box></draw:frame>)"
      R"(<presentation:notes><draw:frame><draw:text-box><text:p>Notiz )"
      R"(max.mustermann@example.de</text:p></draw:text-box></draw:frame></presentation:notes>)"
      R"(</draw:page><draw:page><draw:frame><draw:text-box><text:p>Zwei</text:p>)"
      R"(</draw:text-box></draw:frame></draw:page></office:presentation>)");
  RecordingSink sink;
  extract_zip_family(odp, "vortrag.odp", {}, sink);
  CHECK(sink.text_at("slide 1") == "Steuer-IdNr 36574261809\n");
  CHECK(sink.text_at("notes 1") == "Notiz max.mustermann@example.de\n");
  CHECK(sink.text_at("slide 2") == "Zwei\n");
}

TEST_CASE("an ODF document without a mimetype entry is recognised by its manifest", "[zip][odf]") {
  std::string odt = make_zip(
      {{"content.xml", odf_content("<office:text><text:p>Steuer-IdNr 36574261809</text:p>"
                                   "</office:text>")},
       {"META-INF/manifest.xml", k_xml + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:"
                                         "tc:opendocument:xmlns:manifest:1.0\"/>"}});
  RecordingSink sink;
  extract_zip_family(odt, "ohne-mimetype.odt", {}, sink);
  CHECK(sink.text_at("body") == "Steuer-IdNr 36574261809\n");
  CHECK(sink.members.empty());
}

TEST_CASE("an encrypted ODF document reports its encrypted parts", "[zip][odf]") {
  std::string manifest =
      k_xml + R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:)"
              R"(manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">)"
              R"(<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>)"
              R"(</manifest:manifest>)";
  std::string odt = make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                              {"content.xml", std::string("\x93\x11 ciphertext", 12)},
                              {"META-INF/manifest.xml", manifest},
                              {"meta.xml", odf_meta()}});
  RecordingSink sink;
  extract_zip_family(odt, "geheim.odt", {}, sink);
  CHECK(sink.has_problem(ProblemKind::encrypted, "content.xml"));
  CHECK_FALSE(sink.has_problem(ProblemKind::corrupt));
  CHECK(sink.metadata_value("meta:initial-creator") == "Max Mustermann");
}

// --- plain zips --------------------------------------------------------------------------------

TEST_CASE("a plain zip: every entry is a member", "[zip]") {
  std::string zip = make_zip({{"a.csv", "Name;Steuer-IdNr\nMax;36574261809\n"},
                              {"dir/", ""},
                              {"../../tmp/evil.txt", std::string(k_email)}});
  RecordingSink sink;
  extract_zip_family(zip, "x.zip", {}, sink);
  REQUIRE(sink.members.size() == 2);  // the directory entry is not a file
  CHECK(sink.members[0].name == "a.csv");
  CHECK(sink.members[1].name == "../../tmp/evil.txt");  // the stored name, never a path
  CHECK(sink.members[1].bytes == k_email);
}

TEST_CASE("zips that only look like documents are plain zips", "[zip]") {
  SECTION("EPUB: mimetype that is not ODF") {
    std::string epub = make_zip({{"mimetype", "application/epub+zip"},
                                 {"content.xml", "<x>not odf</x>"},
                                 {"OEBPS/ch1.xhtml", std::string(k_email)}});
    RecordingSink sink;
    extract_zip_family(epub, "book.epub", {}, sink);
    CHECK(sink.members.size() == 3);
    CHECK(sink.find_member("OEBPS/ch1.xhtml") != nullptr);
  }
  SECTION("an OPC package without an Office main part (NuGet, XPS)") {
    std::string nupkg = make_zip({{"[Content_Types].xml", content_types("x.nuspec", "x")},
                                  {"x.nuspec", "<package/>"},
                                  {"lib/readme.txt", std::string(k_email)}});
    RecordingSink sink;
    extract_zip_family(nupkg, "x.nupkg", {}, sink);
    CHECK(sink.members.size() == 3);
  }
}

TEST_CASE("bad-inputs A03: nested zips come out one level at a time", "[zip][bomb]") {
  std::string data = "IBAN DE89370400440532013000\n";
  std::string name = "leaf.txt";
  for (int depth = 0; depth < 5; ++depth) {
    std::string prefix = std::to_string(depth) + "_";
    data = make_zip({{prefix + "0_" + name, data}, {prefix + "1_" + name, data}});
    name = "n.zip";
  }
  std::string current = data;
  for (int level = 4; level >= 0; --level) {
    RecordingSink sink;
    extract_zip_family(current, "nested.zip", {}, sink);
    REQUIRE(sink.members.size() == 2);
    std::string expected = std::to_string(level) + "_0_" + (level == 0 ? "leaf.txt" : "n.zip");
    CHECK(sink.members[0].name == expected);
    current = sink.members[0].bytes;
  }
  CHECK(current == "IBAN DE89370400440532013000\n");
}

// --- XML safety --------------------------------------------------------------------------------

TEST_CASE("bad-inputs D01: billion laughs is rejected, the other parts are read",
          "[zip][xml][bomb]") {
  auto start = std::chrono::steady_clock::now();
  RecordingSink sink;
  extract_zip_family(make_docx_with_document(billion_laughs_document()), "lol.docx", {}, sink);
  CHECK(seconds_since(start) < 1.0);
  CHECK(sink.has_problem(ProblemKind::corrupt, "word/document.xml: DTD rejected"));
  CHECK(sink.text_at("body").empty());
  CHECK(sink.text_at("header").find(k_email) != std::string::npos);
  CHECK(sink.metadata_value("dc:creator").find(k_tax_id) != std::string::npos);
  CHECK(sink.all_text().find("aaaaaaaaaa") == std::string::npos);
}

TEST_CASE("DOCTYPE in any spelling or encoding is rejected (XXE, D02)", "[zip][xml]") {
  std::string xxe = R"(<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document )" + k_w +
                    "><w:body>" + word_paragraph("&x;") + "</w:body></w:document>";
  std::vector<std::string> documents{
      xxe, "<?xml version=\"1.0\"?>\n<!doctype w><w:document/>",
      "<!DocType w SYSTEM \"http://example.invalid/x.dtd\"><w:document/>",
      utf16le_with_bom("<!DOCTYPE w [<!ENTITY x \"boom\">]><w:document " + k_w +
                       "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")};
  for (const std::string& document : documents) {
    INFO("document " << documents.front().substr(0, 20));
    RecordingSink sink;
    extract_zip_family(make_docx_with_document(document), "xxe.docx", {}, sink);
    CHECK(sink.has_problem(ProblemKind::corrupt, "word/document.xml: DTD rejected"));
    CHECK(sink.text_at("body").empty());
    CHECK(sink.all_text().find("root:") == std::string::npos);
    CHECK(sink.all_text().find("boom") == std::string::npos);
  }
}

TEST_CASE("entities: only the predefined ones and character references", "[zip][xml]") {
  std::string document = "<w:document " + k_w + "><w:body>" +
                         word_paragraph("a&amp;b &lt;&gt; &quot;&apos; &#228;&#xFC; &undefined;") +
                         "</w:body></w:document>";
  RecordingSink sink;
  extract_zip_family(make_docx_with_document(document), "e.docx", {}, sink);
  CHECK(sink.text_at("body") == "a&b <> \"' \xc3\xa4\xc3\xbc &undefined;\n");
}

TEST_CASE("a million nested elements do not overflow the stack", "[zip][xml][bomb]") {
  constexpr int k_depth = 1'000'000;
  std::string document = "<w:document " + k_w + "><w:body><w:p>";
  for (int i = 0; i < k_depth; ++i) {
    document += "<w:r>";
  }
  document += "<w:t>36574261809</w:t>";
  for (int i = 0; i < k_depth; ++i) {
    document += "</w:r>";
  }
  document += "</w:p></w:body></w:document>";
  ExtractLimits limits;
  limits.max_ratio = 1'000'000;  // 11 MB of tags compress 1000:1; this test is about depth
  RecordingSink sink(limits);
  extract_zip_family(make_docx_with_document(document), "deep.docx", limits, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.text_at("body") == "36574261809\n");
}

TEST_CASE("malformed and cut parts keep the text before the damage", "[zip][xml]") {
  SECTION("malformed: corrupt problem, text so far") {
    std::string document = "<w:document " + k_w + "><w:body>" +
                           word_paragraph("vorher 36574261809") +
                           "<w:p><w:r><w:t>kaputt</w:x></w:body>";
    RecordingSink sink;
    extract_zip_family(make_docx_with_document(document), "bad.docx", {}, sink);
    CHECK(sink.has_problem(ProblemKind::corrupt, "word/document.xml: "));
    CHECK(sink.text_at("body").find("vorher 36574261809\n") == 0);
  }
  SECTION("bad-inputs D03: a part above max_member_bytes is cut, not skipped") {
    std::string document = "<w:document " + k_w + "><w:body>";
    for (int i = 0; i < 20000; ++i) {
      document += word_paragraph("Zeile " + std::to_string(i) + " max.mustermann@example.de");
    }
    document += "</w:body></w:document>";
    ExtractLimits limits;
    limits.max_member_bytes = 64 * 1024;
    RecordingSink sink(limits);
    extract_zip_family(make_docx_with_document(document), "big.docx", limits, sink);
    CHECK(sink.has_problem(ProblemKind::limit, "max_member_bytes"));
    CHECK_FALSE(sink.has_problem(ProblemKind::corrupt));
    std::string body = sink.text_at("body");
    CHECK(body.find("Zeile 0 max.mustermann@example.de\n") == 0);
    CHECK(body.find("Zeile 19999") == std::string::npos);
  }
  SECTION("an XML part above max_xml_part_bytes is cut before parsing, naming the part") {
    std::string document = "<w:document " + k_w + "><w:body>";
    for (int i = 0; i < 20000; ++i) {
      document += word_paragraph("Zeile " + std::to_string(i) + " max.mustermann@example.de");
    }
    document += "</w:body></w:document>";
    ExtractLimits limits;
    limits.max_xml_part_bytes = 64 * 1024;
    RecordingSink sink(limits);
    extract_zip_family(make_docx_with_document(document), "big.docx", limits, sink);
    CHECK(sink.has_problem(ProblemKind::limit, "max_xml_part_bytes: word/document.xml"));
    const std::string body = sink.text_at("body");
    CHECK(body.find("Zeile 0 max.mustermann@example.de\n") == 0);
    CHECK(body.find("Zeile 19999") == std::string::npos);
  }
}

// --- helpers -----------------------------------------------------------------------------------

TEST_CASE("normalize_number writes integral floats as digits", "[xml]") {
  using Row = std::pair<std::string, std::string>;
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      Row{"3.6574261809E10", "36574261809"},
      Row{"3.6574261809e+10", "36574261809"},
      Row{"36574261809", "36574261809"},  // already digits
      Row{"36574261809.0", "36574261809"},
      Row{"-1.2E3", "-1200"},
      Row{"1E0", "1"},
      Row{"0.000", "0"},
      Row{"1.5E-3", "1.5E-3"},  // a real fraction stays as stored
      Row{"0.5", "0.5"},
      Row{"3.14159", "3.14159"},
      Row{"1E300", "1E300"},  // more than 40 digits: left alone
      Row{"1E99999", "1E99999"},
      Row{"abc", "abc"},
      Row{"1.2.3", "1.2.3"},
      Row{"", ""},
      Row{"E5", "E5"},
  }));
  CHECK(normalize_number(input) == expected);
}

TEST_CASE("cell references and natural part order", "[xml]") {
  CHECK(column_of_reference("A1") == 0);
  CHECK(column_of_reference("C5") == 2);
  CHECK(column_of_reference("AA10") == 26);
  CHECK(column_of_reference("xfd1") == 16383);
  CHECK(column_of_reference("XFE1") == -1);
  CHECK(column_of_reference("ZZZZZZZZ1") == -1);
  CHECK(column_of_reference("15") == -1);
  CHECK(column_of_reference("") == -1);
  CHECK(natural_less("slide2.xml", "slide10.xml"));
  CHECK_FALSE(natural_less("slide10.xml", "slide2.xml"));
  CHECK(natural_less("a", "ab"));
  CHECK(natural_less("s007", "s8"));
  CHECK(resolve_part_name("xl", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
  CHECK(resolve_part_name("xl", "/xl/worksheets/s.xml") == "xl/worksheets/s.xml");
  CHECK(resolve_part_name("ppt/slides", "../notesSlides/n1.xml") == "ppt/notesSlides/n1.xml");
  CHECK(resolve_part_name("a", "../../../../etc/passwd") == "etc/passwd");
  CHECK(part_number("ppt/slides/slide12.xml") == 12);
}

// --- damage ------------------------------------------------------------------------------------

TEST_CASE("office documents survive random damage", "[zip][fuzz]") {
  std::vector<std::string> fixtures{make_docx(), make_xlsx(), make_pptx(), make_ods(), make_odt()};
  std::mt19937 random(7);
  for (const std::string& fixture : fixtures) {
    for (int round = 0; round < 150; ++round) {
      std::string damaged = fixture;
      std::size_t flips = 1 + damaged.size() / 200;
      for (std::size_t i = 0; i < flips; ++i) {
        damaged[random() % damaged.size()] = static_cast<char>(random());
      }
      RecordingSink sink;
      extract_zip_family(damaged, "damaged", {}, sink);
    }
  }
  SUCCEED("no crash");
}

// --- documents written by third-party libraries --------------------------------------------------

// The fixtures come from tests/unit/extract/make_office_fixtures.py (python-docx, openpyxl,
// odfpy), run by the build into the directory named by PIISCAN_OFFICE_FIXTURES.
TEST_CASE("documents written by python-docx, openpyxl and odfpy", "[zip][thirdparty]") {
  const char* directory = std::getenv("PIISCAN_OFFICE_FIXTURES");
  if (directory == nullptr || *directory == '\0') {
    WARN("PIISCAN_OFFICE_FIXTURES is not set; third-party fixtures skipped");
    return;
  }
  std::filesystem::path root(directory);
  auto extract = [&](const char* file) {
    auto sink = std::make_unique<RecordingSink>();
    std::string bytes = read_file(root / file);
    REQUIRE_FALSE(bytes.empty());
    extract_zip_family(bytes, file, {}, *sink);
    CHECK(sink->problems.empty());
    return sink;
  };
  SECTION("docx") {
    auto sink = extract("planted.docx");
    CHECK(sink->text_at("body").find("Steuer-IdNr: 36574261809") != std::string::npos);
    CHECK(sink->text_at("body").find("Name\tSteuer-IdNr\nMax Mustermann\t36574261809\n") !=
          std::string::npos);
    CHECK(sink->text_at("header").find(k_email) != std::string::npos);
    CHECK(sink->text_at("footer").find("Fu\xc3\x9fzeile") != std::string::npos);
    CHECK(sink->metadata_value("dc:creator") == "Max Mustermann");
    CHECK(sink->metadata_value("cp:lastModifiedBy") == k_email);
  }
  SECTION("xlsx") {
    auto sink = extract("planted.xlsx");
    CHECK(sink->text_at("sheet Personal") ==
          "Name\tSteuer-IdNr\tE-Mail\n"
          "Max Mustermann\t36574261809\tmax.mustermann@example.de\n"
          "Erika Musterfrau\t36574261809\n");
    CHECK(sink->text_at("sheet Zweites Blatt").find(k_email) != std::string::npos);
    REQUIRE_FALSE(sink->columns_calls.empty());
    CHECK(sink->columns_calls[0].headers ==
          std::vector<std::string>{"Name", "Steuer-IdNr", "E-Mail"});
    CHECK(sink->metadata_value("dc:creator") == "Max Mustermann");
  }
  SECTION("odt") {
    auto sink = extract("planted.odt");
    CHECK(sink->text_at("body").find("Steuer-IdNr: 36574261809\n") != std::string::npos);
    CHECK(sink->text_at("body").find(k_email) != std::string::npos);
    CHECK(sink->metadata_value("meta:initial-creator") == "Max Mustermann");
  }
  SECTION("ods") {
    auto sink = extract("planted.ods");
    CHECK(sink->text_at("sheet Personal") ==
          "Name\tSteuer-IdNr\nMax Mustermann\t36574261809\nErika Musterfrau\t36574261809\n");
  }
}

}  // namespace piiscan
