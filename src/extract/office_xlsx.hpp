// SpreadsheetML (xlsx, xlsm, xltx): sheets as tab-separated text, one location per sheet.
//
// Sheets are read in workbook order (xl/workbook.xml, mapped to their parts through
// xl/_rels/workbook.xml.rels), hidden ones included; worksheet parts the workbook does not list
// are read after them, named by their part ("sheet sheet7"). Cells are placed by their reference
// (r="C5"); shared strings (t="s"), inline strings, formula strings and numbers are read, numbers
// stored as floats written as plain digits ("3.6574261809E10" -> "36574261809": a tax ID kept as
// a number is still a tax ID). Each sheet's first row becomes the column context (SheetWriter).
// Cell comments (xl/comments*.xml) are text under "comments", their authors metadata
// ("author"); text boxes (xl/drawings) are text under "drawing".
//
// Thread-safety: pure functions of the package.
#pragma once

#include "extract/office_package.hpp"

#include <string_view>

namespace piiscan {

// True for the parts of a workbook that extract_workbook reads.
bool is_xlsx_part(std::string_view name);

// Reads the workbook parts of `package` (if any) and passes their text to the package's sink.
void extract_workbook(OfficePackage& package);

}  // namespace piiscan
