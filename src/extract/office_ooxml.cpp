#include "extract/office_ooxml.hpp"

#include "extract/office_xlsx.hpp"
#include "extract/xml_text.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace piiscan {
namespace {

// A part name: `prefix`, then anything without a '/', then `suffix`.
struct PartPattern {
  std::string_view prefix;
  std::string_view suffix;
};

constexpr std::array k_text_parts{
    PartPattern{"docProps/core.xml", ""},
    PartPattern{"word/document", ".xml"},
    PartPattern{"word/header", ".xml"},
    PartPattern{"word/footer", ".xml"},
    PartPattern{"word/comments.xml", ""},
    PartPattern{"word/footnotes.xml", ""},
    PartPattern{"word/endnotes.xml", ""},
    PartPattern{"word/diagrams/data", ".xml"},
    PartPattern{"ppt/slides/slide", ".xml"},
    PartPattern{"ppt/slides/_rels/slide", ".xml.rels"},
    PartPattern{"ppt/notesSlides/notesSlide", ".xml"},
    PartPattern{"ppt/diagrams/data", ".xml"},
};

constexpr std::array<std::string_view, 3> k_main_parts{"word/document.xml", "xl/workbook.xml",
                                                       "ppt/presentation.xml"};

// Elements that hold document text: run text, deleted run text, field codes (a mail merge or
// hyperlink field may carry an address).
bool is_text_element(std::string_view name) {
  return name == "t" || name == "delText" || name == "instrText";
}

// Property elements (pPr, rPr, sectPr, tblPr, cNvPr …) hold layout, never text, and their
// tab-stop lists would read as tabs; mc:Fallback repeats the content of mc:Choice.
bool is_skipped(std::string_view name) {
  return (name.size() > 2 && name.substr(name.size() - 2) == "Pr") || name == "Fallback";
}

bool has_revision_author(std::string_view name) {
  return name == "comment" || name == "ins" || name == "del" || name == "moveFrom" ||
         name == "moveTo";
}

// Distinct author names in the order found; bounded because each costs memory.
class Authors {
 public:
  void add(std::string_view author) {
    if (!author.empty() && m_names.size() < k_max_authors && !m_seen.contains(author)) {
      m_seen.emplace(author);
      m_names.emplace_back(author);
    }
  }
  void report(DocumentSink& sink, std::string_view field) const {
    for (const std::string& name : m_names) {
      sink.metadata(field, name, "metadata");
    }
  }

 private:
  static constexpr std::size_t k_max_authors = 1000;
  std::vector<std::string> m_names;
  std::set<std::string, std::less<>> m_seen;
};

// WordprocessingML and DrawingML text: w:t/a:t, paragraphs w:p/a:p, tables w:tc/a:tc, w:tr/a:tr.
class FlowHandler final : public XmlHandler {
 public:
  FlowHandler(TextFlow& flow, Authors& authors) : m_flow(flow), m_authors(authors) {}

  bool enter(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (is_text_element(name)) {
      m_flow.append(element_text(element));
      return false;
    }
    if (is_skipped(name)) {
      return false;
    }
    if (has_revision_author(name)) {
      m_authors.add(find_attribute(element, "author").value());
    }
    if (name == "tc") {
      m_flow.begin_cell();
    } else if (name == "tab" || name == "ptab") {
      m_flow.tab();
    } else if (name == "br" || name == "cr") {
      m_flow.line_break();
    } else if (name == "noBreakHyphen") {
      m_flow.append("-");
    }
    return true;
  }

  void leave(pugi::xml_node element) override {
    std::string_view name = local_name(element.name());
    if (name == "p" || name == "comment") {
      m_flow.end_paragraph();
    } else if (name == "tc") {
      m_flow.end_cell();
    } else if (name == "tr") {
      m_flow.end_row();
    }
  }

  // Character data outside text elements is layout (positions, sizes), not document text.
  void text(std::string_view) override {}

 private:
  TextFlow& m_flow;
  Authors& m_authors;
};

void read_flow_part(OfficePackage& package, std::string_view part, std::string location,
                    Authors& authors) {
  TextFlow flow(package.sink(), std::move(location));
  FlowHandler handler(flow, authors);
  package.visit(part,
                [&](pugi::xml_node document) { walk_xml(document, handler, package.sink()); });
}

void read_flow_parts(OfficePackage& package, std::string_view prefix, std::string_view suffix,
                     std::string_view location, Authors& authors) {
  for (const std::string& part : package.names(prefix, suffix)) {
    read_flow_part(package, part, std::string(location), authors);
  }
}

void read_word(OfficePackage& package) {
  Authors authors;
  read_flow_part(package, "word/document.xml", "body", authors);
  read_flow_parts(package, "word/header", ".xml", "header", authors);
  read_flow_parts(package, "word/footer", ".xml", "footer", authors);
  read_flow_part(package, "word/comments.xml", "comments", authors);
  read_flow_part(package, "word/footnotes.xml", "footnotes", authors);
  read_flow_part(package, "word/endnotes.xml", "endnotes", authors);
  read_flow_parts(package, "word/diagrams/data", ".xml", "diagram", authors);
  authors.report(package.sink(), "w:author");
}

// Notes belong to the slide whose relationships name them; notes no slide names are read after
// the slides under their own number.
void read_presentation(OfficePackage& package) {
  Authors authors;
  for (const std::string& slide : package.names("ppt/slides/slide", ".xml")) {
    std::string number = std::to_string(part_number(slide));
    std::map<std::string, Relationship> relationships = package.relationships(slide);
    read_flow_part(package, slide, "slide " + number, authors);
    for (const auto& [id, relationship] : relationships) {
      if (relationship.type.ends_with("/notesSlide")) {
        read_flow_part(package, relationship.target, "notes " + number, authors);
      }
    }
  }
  for (const std::string& notes : package.names("ppt/notesSlides/notesSlide", ".xml")) {
    read_flow_part(package, notes, "notes " + std::to_string(part_number(notes)), authors);
  }
  read_flow_parts(package, "ppt/diagrams/data", ".xml", "diagram", authors);
}

constexpr std::array k_core_metadata{PropertyField{"creator", "dc:creator"},
                                     PropertyField{"lastModifiedBy", "cp:lastModifiedBy"}};
constexpr std::array<std::string_view, 5> k_core_text{"title", "subject", "description", "keywords",
                                                      "category"};

void read_core_properties(OfficePackage& package) {
  package.visit("docProps/core.xml", [&](pugi::xml_node document) {
    read_properties(child_element(document, "coreProperties"), k_core_metadata, k_core_text,
                    package.sink());
  });
}

bool matches(std::string_view name, const PartPattern& pattern) {
  if (name.size() < pattern.prefix.size() + pattern.suffix.size() ||
      !name.starts_with(pattern.prefix) || !name.ends_with(pattern.suffix)) {
    return false;
  }
  std::string_view middle = name.substr(
      pattern.prefix.size(), name.size() - pattern.prefix.size() - pattern.suffix.size());
  return middle.find('/') == std::string_view::npos;
}

}  // namespace

bool is_ooxml_text_part(std::string_view name) {
  return std::any_of(k_text_parts.begin(), k_text_parts.end(),
                     [&](const PartPattern& pattern) { return matches(name, pattern); }) ||
         is_xlsx_part(name);
}

bool is_ooxml_member_part(std::string_view name) {
  bool custom_xml = name.starts_with("customXml/item") &&
                    !name.starts_with("customXml/itemProps") && name.ends_with(".xml");
  return name.find("/media/") != std::string_view::npos ||
         name.find("/embeddings/") != std::string_view::npos || custom_xml ||
         name == "docProps/custom.xml";
}

bool is_ooxml_main_part(std::string_view name) {
  return std::find(k_main_parts.begin(), k_main_parts.end(), name) != k_main_parts.end();
}

void extract_ooxml_package(OfficePackage& package) {
  read_core_properties(package);
  read_word(package);
  extract_workbook(package);
  read_presentation(package);
}

}  // namespace piiscan
