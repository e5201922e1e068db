// Safe XML parsing and text flow for the parts of office documents (OOXML, ODF).
//
// `parse_xml_part` is the only way office parts are parsed. It rejects any part that carries a
// document type declaration (the door to billion laughs and external entities) before and after
// parsing, expands no entities beyond the five predefined ones and character references (pugixml
// has no DTD support at all), and keeps the partial tree of a part that is cut or malformed, so
// its text up to the damage is still scanned.
//
// `walk_xml` visits a tree without recursion (parts may nest a million levels deep).
// `TextFlow` turns paragraphs, table cells and rows into lines of text and hands them to the sink
// in batches under one location.
//
// Thread-safety: no shared state; a TextFlow belongs to one worker.
#pragma once

#include <piiscan/document.hpp>

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace piiscan {

// Parses `data` (the bytes of part `part_name`, modified in place and referenced by `document`
// afterwards, so it must outlive it). Returns false, after reporting
// `problem(corrupt, "<part_name>: DTD rejected")`, when the part declares a DOCTYPE; the document
// is then empty. A malformed part reports `problem(corrupt, "<part_name>: <reason>")` unless
// `truncated` says it was cut on purpose (the limit was reported already), and returns true with
// what was parsed before the error.
bool parse_xml_part(std::string& data, std::string_view part_name, bool truncated,
                    pugi::xml_document& document, DocumentSink& sink);

// The part of a qualified name after its prefix: "w:t" -> "t", "t" -> "t".
std::string_view local_name(std::string_view qualified) noexcept;

// The first child element of `node` (or attribute) with the local name `local`; empty if none.
pugi::xml_node child_element(pugi::xml_node node, std::string_view local);
pugi::xml_attribute find_attribute(pugi::xml_node node, std::string_view local);

// All character data below `node`, concatenated, skipping the subtrees of elements whose local
// name is `skip` (e.g. "rPh", the phonetic runs of a spreadsheet string).
std::string element_text(pugi::xml_node node, std::string_view skip = {});

// `text` without leading and trailing XML white space (space, tab, CR, LF).
std::string_view trim_space(std::string_view text) noexcept;

// The integer digits of a number stored as a float ("3.6574261809E10" -> "36574261809",
// "42.0" -> "42"), so an ID kept in a numeric cell reads as the ID. Anything else (a fraction,
// more than 40 digits, not a number) is returned unchanged.
std::string normalize_number(std::string_view number);

// Callbacks of walk_xml.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // An element starts; returning false skips its content (and its `leave`).
  virtual bool enter(pugi::xml_node element) = 0;
  virtual void leave(pugi::xml_node element) = 0;
  // Character data (text or CDATA) in document order.
  virtual void text(std::string_view text) = 0;
};

// Visits the elements and text below `root` (not `root` itself) in document order, iteratively.
// Stops early when `sink.exhausted()`.
void walk_xml(pugi::xml_node root, XmlHandler& handler, const DocumentSink& sink);

// Builds document text: paragraphs end with a line break, table cells are separated by a tab and
// rows end with a line break (a paragraph inside a cell ends with a space instead). Text is passed
// to `sink.text` under the current location in batches, at paragraph ends when possible.
class TextFlow {
 public:
  TextFlow(DocumentSink& sink, std::string location);
  TextFlow(const TextFlow&) = delete;
  TextFlow& operator=(const TextFlow&) = delete;
  ~TextFlow();  // flushes

  void append(std::string_view text);
  void end_paragraph();
  void line_break();
  void tab();
  void begin_cell();
  void end_cell();
  void end_row();
  // Flushes the text so far under the old location; what follows goes under `location`.
  void set_location(std::string location);
  void flush();

 private:
  void flush_if_large(std::size_t threshold);
  char last_char() const;
  bool ends_with_space() const;

  DocumentSink& m_sink;
  std::string m_location;
  std::string m_text;
  char m_last_flushed = '\n';  // last character already passed to the sink
  int m_cell_depth = 0;
};

}  // namespace piiscan
