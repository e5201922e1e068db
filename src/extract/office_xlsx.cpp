#include "extract/office_xlsx.hpp"

#include "extract/office_sheet.hpp"
#include "extract/xml_text.hpp"

#include <map>
#include <string>
#include <vector>

namespace piiscan {
namespace {

constexpr std::string_view k_workbook = "xl/workbook.xml";
constexpr std::string_view k_shared_strings = "xl/sharedStrings.xml";

struct SheetEntry {
  std::string name;
  std::string part;
};

bool in_folder(std::string_view name, std::string_view prefix, std::string_view suffix) {
  return name.starts_with(prefix) && name.ends_with(suffix) &&
         name.size() >= prefix.size() + suffix.size() &&
         name.substr(prefix.size()).find('/') == std::string_view::npos;
}

// Shared strings in index order; a rich string is the concatenation of its runs, without the
// phonetic guide (rPh) that repeats it.
std::vector<std::string> read_shared_strings(OfficePackage& package) {
  std::vector<std::string> strings;
  package.visit(k_shared_strings, [&](pugi::xml_node document) {
    pugi::xml_node table = child_element(document, "sst");
    for (pugi::xml_node item = table.first_child(); item; item = item.next_sibling()) {
      if (local_name(item.name()) == "si") {
        strings.push_back(element_text(item, "rPh"));
      }
    }
  });
  return strings;
}

std::vector<SheetEntry> read_sheet_list(OfficePackage& package) {
  std::map<std::string, Relationship> relationships = package.relationships(k_workbook);
  std::vector<SheetEntry> sheets;
  package.visit(k_workbook, [&](pugi::xml_node document) {
    pugi::xml_node list = child_element(child_element(document, "workbook"), "sheets");
    for (pugi::xml_node sheet = list.first_child(); sheet; sheet = sheet.next_sibling()) {
      auto target = relationships.find(find_attribute(sheet, "id").value());
      if (local_name(sheet.name()) == "sheet" && target != relationships.end()) {
        sheets.push_back({sheet.attribute("name").value(), target->second.target});
      }
    }
  });
  return sheets;
}

std::string shared_string(std::string_view index_text, const std::vector<std::string>& shared) {
  std::size_t index = 0;
  if (index_text.empty() || index_text.size() > 9 ||
      index_text.find_first_not_of("0123456789") != std::string_view::npos) {
    return {};
  }
  for (char digit : index_text) {
    index = index * 10 + static_cast<std::size_t>(digit - '0');
  }
  return index < shared.size() ? shared[index] : std::string();
}

std::string cell_value(pugi::xml_node cell, const std::vector<std::string>& shared) {
  std::string_view type = cell.attribute("t").value();
  if (type == "inlineStr") {
    return element_text(child_element(cell, "is"), "rPh");
  }
  std::string value(trim_space(element_text(child_element(cell, "v"))));
  if (type == "s") {
    return shared_string(value, shared);
  }
  if (type.empty() || type == "n") {
    return normalize_number(value);
  }
  return value;  // str (formula result), b, e, d: as stored
}

// Returns false when the sink's budget is spent.
bool read_rows(pugi::xml_node sheet_data, const std::vector<std::string>& shared,
               SheetWriter& writer) {
  for (pugi::xml_node row = sheet_data.first_child(); row; row = row.next_sibling()) {
    if (local_name(row.name()) != "row") {
      continue;
    }
    for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
      if (local_name(cell.name()) == "c") {
        long column = column_of_reference(cell.attribute("r").value());
        writer.cell(column < 0 ? SheetWriter::k_max_columns : static_cast<std::size_t>(column),
                    cell_value(cell, shared));
      }
    }
    if (!writer.end_row()) {
      return false;
    }
  }
  return true;
}

bool read_sheet(OfficePackage& package, const SheetEntry& sheet,
                const std::vector<std::string>& shared) {
  bool go_on = true;
  package.visit(sheet.part, [&](pugi::xml_node document) {
    SheetWriter writer(package.sink(), sheet.name);
    pugi::xml_node data = child_element(child_element(document, "worksheet"), "sheetData");
    go_on = read_rows(data, shared, writer);
  });
  return go_on && !package.sink().exhausted();
}

std::string part_stem(std::string_view part) {
  std::size_t slash = part.rfind('/');
  std::string_view file = part.substr(slash == std::string_view::npos ? 0 : slash + 1);
  return std::string(file.substr(0, file.rfind('.')));
}

class CommentHandler final : public XmlHandler {
 public:
  CommentHandler(TextFlow& flow, DocumentSink& sink) : m_flow(flow), m_sink(sink) {}
  bool enter(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "author") {
      std::string author = element_text(element);
      if (!trim_space(author).empty()) {
        m_sink.metadata("author", trim_space(author), "metadata");
      }
      return false;
    }
    if (name == "t") {
      m_flow.append(element_text(element));
      return false;
    }
    return !name.ends_with("Pr") && name != "rPh";
  }
  void leave(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "comment" || name == "p") {
      m_flow.end_paragraph();
    }
  }
  void text(std::string_view) override {}

 private:
  TextFlow& m_flow;
  DocumentSink& m_sink;
};

void read_text_parts(OfficePackage& package, std::string_view prefix, std::string_view location) {
  for (const std::string& part : package.names(prefix, ".xml")) {
    TextFlow flow(package.sink(), std::string(location));
    CommentHandler handler(flow, package.sink());
    package.visit(part,
                  [&](pugi::xml_node document) { walk_xml(document, handler, package.sink()); });
  }
}

}  // namespace

bool is_xlsx_part(std::string_view name) {
  return name == k_workbook || name == "xl/_rels/workbook.xml.rels" || name == k_shared_strings ||
         in_folder(name, "xl/worksheets/", ".xml") || in_folder(name, "xl/comments", ".xml") ||
         in_folder(name, "xl/drawings/drawing", ".xml");
}

void extract_workbook(OfficePackage& package) {
  std::vector<std::string> shared = read_shared_strings(package);
  for (const SheetEntry& sheet : read_sheet_list(package)) {
    if (!read_sheet(package, sheet, shared)) {
      return;
    }
  }
  for (const std::string& part : package.names("xl/worksheets/", ".xml")) {
    if (!read_sheet(package, {part_stem(part), part}, shared)) {
      return;
    }
  }
  read_text_parts(package, "xl/comments", "comments");
  read_text_parts(package, "xl/drawings/drawing", "drawing");
}

}  // namespace piiscan
