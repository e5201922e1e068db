// Office Open XML (ECMA-376): text of Word and PowerPoint documents, Excel workbooks, document
// properties. Macro-enabled variants (docm, xlsm, pptm) and templates have the same parts and
// are read the same way; the macros themselves (vbaProject.bin) are not read.
//
// What is read, and the location its text is labelled with:
//   Word        word/document.xml "body", header*.xml "header", footer*.xml "footer",
//               comments.xml "comments", footnotes.xml "footnotes", endnotes.xml "endnotes",
//               SmartArt (word/diagrams/data*.xml) "diagram"; comment and revision authors
//               (w:author) as metadata. Deleted revisions and field codes are text too: they
//               are in the file.
//   Excel       see office_xlsx.hpp.
//   PowerPoint  ppt/slides/slideN.xml "slide N", its notes "notes N", SmartArt "diagram".
//   Properties  docProps/core.xml: dc:creator and cp:lastModifiedBy as metadata; title,
//               subject, description, keywords and category as text under "properties".
// Embedded files and media (*/embeddings/*, */media/*) and custom XML parts become members.
//
// Thread-safety: pure functions of the package.
#pragma once

#include "extract/office_package.hpp"

#include <string_view>

namespace piiscan {

// True for the zip entries extract_ooxml_package reads (they belong in the package).
bool is_ooxml_text_part(std::string_view name);

// True for the zip entries that are files of their own inside an OOXML document.
bool is_ooxml_member_part(std::string_view name);

// True for the main part of a Word, Excel or PowerPoint document. A zip with a content-types
// part but none of these (XPS, NuGet, Visio) is read as a plain zip.
bool is_ooxml_main_part(std::string_view name);

// Reads everything described above from `package` and passes it to the package's sink.
void extract_ooxml_package(OfficePackage& package);

}  // namespace piiscan
