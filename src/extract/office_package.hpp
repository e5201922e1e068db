// The parts of an office document (OOXML or ODF package) collected from its zip, and what every
// format reader needs on top of them: natural part order, safe parsing, relationships.
//
// The zip family extractor fills a package with the parts a format reads (nothing else is
// decompressed), then the format readers take parts out one at a time: `visit` parses a part,
// hands over its root and frees the part, so at most one parsed tree is alive at any time.
//
// Thread-safety: a package belongs to one worker.
#pragma once

#include <piiscan/document.hpp>

#include <pugixml.hpp>

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace piiscan {

struct Relationship {
  std::string type;    // e.g. "http://…/officeDocument/2006/relationships/worksheet"
  std::string target;  // the target part's name inside the package ("xl/worksheets/sheet1.xml")
};

class OfficePackage {
 public:
  OfficePackage(const ExtractLimits& limits, DocumentSink& sink);

  DocumentSink& sink() { return m_sink; }
  const ExtractLimits& limits() const { return m_limits; }

  // Stores a copy of part `name` (a later part of the same name replaces it).
  void add(std::string_view name, std::string_view data);
  bool has(std::string_view name) const;

  // Names of the stored parts that start with `prefix`, end with `suffix` and contain no further
  // '/' in between, in natural order ("slide2.xml" before "slide10.xml").
  std::vector<std::string> names(std::string_view prefix, std::string_view suffix) const;

  // Parses part `name` (see parse_xml_part) and calls `fn` with the document node, then frees
  // the part. Does nothing when the part is absent or rejected, or the sink is exhausted.
  // Returns whether `fn` ran.
  bool visit(std::string_view name, const std::function<void(pugi::xml_node)>& fn);

  // The internal relationships of part `name` (read from "<dir>/_rels/<file>.rels", which is
  // freed like any visited part), by id, with targets resolved to part names. External targets
  // (links, mail addresses) are left out.
  std::map<std::string, Relationship> relationships(std::string_view name);

 private:
  const ExtractLimits& m_limits;
  DocumentSink& m_sink;
  std::map<std::string, std::string, std::less<>> m_parts;
};

// A property element read as metadata: its local name and the field name it is reported as.
struct PropertyField {
  std::string_view local;
  std::string_view field;
};

// Reads the property elements that are children of `parent` (docProps/core.xml, meta.xml):
// those named in `metadata` are passed to `sink.metadata` under their field name, those named in
// `text` become lines of text under the location "properties". Values are trimmed; empty ones
// are left out.
void read_properties(pugi::xml_node parent, std::span<const PropertyField> metadata,
                     std::span<const std::string_view> text, DocumentSink& sink);

// Resolves `target` (as written in a relationship of a part in `base_dir`) to a part name:
// absolute targets lose their leading '/', "." and ".." segments are applied.
std::string resolve_part_name(std::string_view base_dir, std::string_view target);

// The number in a part name such as "ppt/slides/slide12.xml" (12), or 0.
unsigned long part_number(std::string_view name);

// Natural order of part names: digit runs compare as numbers.
bool natural_less(std::string_view a, std::string_view b);

}  // namespace piiscan
