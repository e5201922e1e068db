// OpenDocument (ODF 1.2/1.3: odt, ods, odp, odg and their templates).
//
// What is read, and the location its text is labelled with:
//   content.xml  text documents: paragraphs, headings, lists, tables, annotations, tracked
//                changes "body"; spreadsheets: one "sheet <table:name>" per table, cells placed
//                by column with repeats expanded (SheetWriter), float cells from office:value
//                as plain digits; presentations and drawings: "slide N", speaker notes "notes N".
//   styles.xml   headers and footers of the master pages: "header", "footer".
//   meta.xml     meta:initial-creator, dc:creator and meta:printed-by as metadata; title,
//                subject, description and keywords as text under "properties".
// Parts the manifest marks as encrypted (a password-protected document) are reported as
// `problem(encrypted, <part>)` and not parsed. Pictures/* become members.
//
// Thread-safety: pure functions of the package.
#pragma once

#include "extract/office_package.hpp"

#include <string_view>

namespace piiscan {

// True for the zip entries extract_odf_package reads.
bool is_odf_part(std::string_view name);

// True for the zip entries that are files of their own inside an ODF document.
bool is_odf_member_part(std::string_view name);

// True when `mimetype` (the content of the "mimetype" entry) names an OpenDocument type.
bool is_odf_mimetype(std::string_view mimetype);

// Reads everything described above from `package` and passes it to the package's sink.
void extract_odf_package(OfficePackage& package);

}  // namespace piiscan
