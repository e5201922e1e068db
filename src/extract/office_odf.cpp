#include "extract/office_odf.hpp"

#include "extract/office_sheet.hpp"
#include "extract/xml_text.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>

namespace piiscan {
namespace {

constexpr std::array<std::string_view, 5> k_parts{"mimetype", "content.xml", "styles.xml",
                                                  "meta.xml", "META-INF/manifest.xml"};
constexpr std::uint64_t k_max_repeat = 1'000'000'000;

bool is_cell(std::string_view name) { return name == "table-cell" || name == "covered-table-cell"; }

// Text of the body: character data anywhere is text (ODF keeps layout in attributes), with
// paragraphs, headings, tabs, spaces, line breaks and tables turned into separators.
class FlowHandler final : public XmlHandler {
 public:
  FlowHandler(TextFlow& flow, bool skip_notes) : m_flow(flow), m_skip_notes(skip_notes) {}

  bool enter(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "tab") {
      m_flow.tab();
    } else if (name == "s") {
      m_flow.append(" ");
    } else if (name == "line-break") {
      m_flow.line_break();
    } else if (is_cell(name)) {
      m_flow.begin_cell();
    } else if (name == "annotation") {
      m_flow.end_paragraph();  // a comment's author, date and text are lines of their own
    }
    return !(m_skip_notes && name == "notes");
  }

  void leave(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "p" || name == "h") {
      m_flow.end_paragraph();
    } else if (is_cell(name)) {
      m_flow.end_cell();
    } else if (name == "table-row") {
      m_flow.end_row();
    } else if (name == "annotation" || name == "creator" || name == "date") {
      m_flow.end_paragraph();
    }
  }

  void text(std::string_view text) override { m_flow.append(text); }

 private:
  TextFlow& m_flow;
  bool m_skip_notes;
};

// The text of one spreadsheet cell: its paragraphs joined by spaces.
class CellTextHandler final : public XmlHandler {
 public:
  bool enter(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "s" || name == "tab" || name == "line-break") {
      m_text.push_back(' ');
    }
    return true;
  }
  void leave(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "p" || name == "h") {
      m_text.push_back(' ');
    }
  }
  void text(std::string_view text) override { m_text.append(text); }
  std::string take() { return std::string(trim_space(m_text)); }

 private:
  std::string m_text;
};

std::uint64_t repeat_count(pugi::xml_node element, std::string_view attribute) {
  std::string_view text = find_attribute(element, attribute).value();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return 1;
  }
  if (text.size() > 9) {
    return k_max_repeat;
  }
  std::uint64_t value = 0;
  for (char digit : text) {
    value = value * 10 + static_cast<std::uint64_t>(digit - '0');
  }
  return std::max<std::uint64_t>(value, 1);
}

// Numbers are taken from office:value, not from the displayed text, which may be "3,66E+10".
std::string cell_value(pugi::xml_node cell, const DocumentSink& sink) {
  std::string_view type = find_attribute(cell, "value-type").value();
  pugi::xml_attribute value = find_attribute(cell, "value");
  if (value && (type == "float" || type == "percentage" || type == "currency")) {
    return normalize_number(value.value());
  }
  CellTextHandler handler;
  walk_xml(cell, handler, sink);
  return handler.take();
}

// Tables of a spreadsheet, each written by a SheetWriter. Repeated empty cells only move the
// column; repeated non-empty cells and rows are written out (and paid for with consume()).
class SheetHandler final : public XmlHandler {
 public:
  explicit SheetHandler(DocumentSink& sink) : m_sink(sink) {}

  bool enter(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (m_stopped) {
      return false;
    }
    if (name == "table") {
      if (m_writer) {
        return false;  // a table outside a cell inside a table: not a sheet of its own
      }
      m_writer.emplace(m_sink, find_attribute(element, "name").value());
    } else if (m_writer && name == "table-row") {
      m_column = 0;
      m_row_repeat = repeat_count(element, "number-rows-repeated");
    } else if (m_writer && is_cell(name)) {
      add_cell(element);
      return false;
    }
    return true;
  }

  void leave(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (m_writer && name == "table-row") {
      m_stopped = !m_writer->end_row(m_row_repeat);
    } else if (name == "table") {
      m_writer.reset();
    }
  }

  void text(std::string_view) override {}

 private:
  void add_cell(pugi::xml_node cell) {
    std::uint64_t repeat = repeat_count(cell, "number-columns-repeated");
    std::string value = cell_value(cell, m_sink);
    if (value.empty()) {
      m_column = std::min(m_column + repeat, k_max_repeat);
      return;
    }
    repeat = std::min<std::uint64_t>(repeat, SheetWriter::k_max_columns);
    if (repeat > 1 && !m_sink.consume(value.size() * (repeat - 1))) {
      m_stopped = true;
      return;
    }
    for (std::uint64_t i = 0; i < repeat; ++i, ++m_column) {
      auto column = std::min<std::uint64_t>(m_column, SheetWriter::k_max_columns);
      m_writer->cell(static_cast<std::size_t>(column), value);
    }
  }

  DocumentSink& m_sink;
  std::optional<SheetWriter> m_writer;
  std::uint64_t m_column = 0;
  std::uint64_t m_row_repeat = 1;
  bool m_stopped = false;
};

void read_pages(pugi::xml_node body, DocumentSink& sink) {
  TextFlow flow(sink, "");
  unsigned long number = 0;
  for (pugi::xml_node page = body.first_child(); page; page = page.next_sibling()) {
    if (local_name(page.name()) != "page") {
      continue;
    }
    std::string index = std::to_string(++number);
    flow.set_location("slide " + index);
    FlowHandler slide(flow, true);
    walk_xml(page, slide, sink);
    if (pugi::xml_node notes = child_element(page, "notes")) {
      flow.set_location("notes " + index);
      FlowHandler notes_handler(flow, false);
      walk_xml(notes, notes_handler, sink);
    }
  }
}

void read_content(OfficePackage& package) {
  package.visit("content.xml", [&](pugi::xml_node document) {
    pugi::xml_node body = child_element(child_element(document, "document-content"), "body");
    for (pugi::xml_node kind = body.first_child(); kind; kind = kind.next_sibling()) {
      std::string_view name = local_name(kind.name());
      if (name == "spreadsheet") {
        SheetHandler handler(package.sink());
        walk_xml(kind, handler, package.sink());
      } else if (name == "presentation" || name == "drawing") {
        read_pages(kind, package.sink());
      } else if (kind.type() == pugi::node_element) {
        TextFlow flow(package.sink(), "body");
        FlowHandler handler(flow, false);
        walk_xml(kind, handler, package.sink());
      }
    }
  });
}

// Headers and footers live in the master pages: style:header, style:header-left,
// style:header-first and the same for footers.
void read_styles(OfficePackage& package) {
  package.visit("styles.xml", [&](pugi::xml_node document) {
    pugi::xml_node masters =
        child_element(child_element(document, "document-styles"), "master-styles");
    TextFlow flow(package.sink(), "");
    for (pugi::xml_node page : masters.children()) {
      for (pugi::xml_node part : page.children()) {
        std::string_view name = local_name(part.name());
        if (name.starts_with("header") || name.starts_with("footer")) {
          flow.set_location(name.starts_with("header") ? "header" : "footer");
          FlowHandler handler(flow, true);
          walk_xml(part, handler, package.sink());
        }
      }
    }
  });
}

constexpr std::array k_meta_metadata{PropertyField{"initial-creator", "meta:initial-creator"},
                                     PropertyField{"creator", "dc:creator"},
                                     PropertyField{"printed-by", "meta:printed-by"}};
constexpr std::array<std::string_view, 4> k_meta_text{"title", "subject", "description", "keyword"};

void read_meta(OfficePackage& package) {
  package.visit("meta.xml", [&](pugi::xml_node document) {
    read_properties(child_element(child_element(document, "document-meta"), "meta"),
                    k_meta_metadata, k_meta_text, package.sink());
  });
}

// A password-protected document keeps its zip, but the manifest gives the parts it encrypted
// an encryption-data element; those parts are ciphertext, not XML.
std::set<std::string, std::less<>> read_encrypted_parts(OfficePackage& package) {
  std::set<std::string, std::less<>> encrypted;
  package.visit("META-INF/manifest.xml", [&](pugi::xml_node document) {
    for (pugi::xml_node entry : child_element(document, "manifest").children()) {
      if (local_name(entry.name()) == "file-entry" && child_element(entry, "encryption-data")) {
        encrypted.insert(find_attribute(entry, "full-path").value());
      }
    }
  });
  return encrypted;
}

}  // namespace

bool is_odf_part(std::string_view name) {
  return std::find(k_parts.begin(), k_parts.end(), name) != k_parts.end();
}

bool is_odf_member_part(std::string_view name) { return name.starts_with("Pictures/"); }

bool is_odf_mimetype(std::string_view mimetype) {
  return trim_space(mimetype).starts_with("application/vnd.oasis.opendocument.");
}

void extract_odf_package(OfficePackage& package) {
  std::set<std::string, std::less<>> encrypted = read_encrypted_parts(package);
  for (std::string_view part : {"meta.xml", "content.xml", "styles.xml"}) {
    if (encrypted.count(part) != 0 && package.has(part)) {
      package.sink().problem(ProblemKind::encrypted, part);
    }
  }
  if (encrypted.count("meta.xml") == 0) {
    read_meta(package);
  }
  if (encrypted.count("content.xml") == 0) {
    read_content(package);
  }
  if (encrypted.count("styles.xml") == 0) {
    read_styles(package);
  }
}

}  // namespace piiscan
