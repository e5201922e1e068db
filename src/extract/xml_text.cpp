#include "extract/xml_text.hpp"

#include <algorithm>
#include <cctype>

namespace piiscan {
namespace {

// No parse_pi/parse_comments (never text), no parse_wconv_attribute (attribute values are used
// as they are). parse_doctype keeps a DOCTYPE as a node, so one that slipped past the byte check
// (a part in UTF-16) is still seen; parse_embed_pcdata stores the text of `<t>x</t>` in the
// element instead of a node of its own (one node less per run of text).
constexpr unsigned int k_parse_options = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol |
                                         pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata |
                                         pugi::parse_doctype;
constexpr std::size_t k_batch_bytes = 64 * 1024;            // flush at a paragraph end
constexpr std::size_t k_max_batch_bytes = 4 * 1024 * 1024;  // flush anywhere
constexpr std::size_t k_max_number_digits = 40;
constexpr int k_exhausted_check_interval = 1024;

bool contains_doctype(std::string_view data) {
  constexpr std::string_view k_token = "<!doctype";
  for (std::size_t pos = data.find("<!"); pos != std::string_view::npos;
       pos = data.find("<!", pos + 2)) {
    std::string_view candidate = data.substr(pos, k_token.size());
    if (candidate.size() == k_token.size() &&
        std::equal(candidate.begin(), candidate.end(), k_token.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return true;
    }
  }
  return false;
}

bool has_doctype_node(const pugi::xml_document& document) {
  for (pugi::xml_node node = document.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_doctype) {
      return true;
    }
  }
  return false;
}

bool is_character_data(pugi::xml_node node) {
  return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

// Moves from `node` to the next node in document order that is not below it, calling `leave`
// for each element left on the way up. Returns an empty node at the end of `root`.
pugi::xml_node next_outside(pugi::xml_node node, pugi::xml_node root, XmlHandler& handler) {
  while (node != root && !node.next_sibling()) {
    node = node.parent();
    if (node != root) {
      handler.leave(node);
    }
  }
  return node == root ? pugi::xml_node() : node.next_sibling();
}

void walk(pugi::xml_node root, XmlHandler& handler, const DocumentSink* sink) {
  int countdown = k_exhausted_check_interval;
  pugi::xml_node node = root.first_child();
  while (node) {
    if (--countdown == 0) {
      countdown = k_exhausted_check_interval;
      if (sink != nullptr && sink->exhausted()) {
        return;
      }
    }
    if (is_character_data(node)) {
      handler.text(node.value());
    } else if (node.type() == pugi::node_element && handler.enter(node)) {
      if (*node.value() != '\0') {
        handler.text(node.value());
      }
      if (node.first_child()) {
        node = node.first_child();
        continue;
      }
      handler.leave(node);
    }
    node = next_outside(node, root, handler);
  }
}

class TextCollector final : public XmlHandler {
 public:
  explicit TextCollector(std::string_view skip) : m_skip(skip) {}
  bool enter(pugi::xml_node element) override {
    return m_skip.empty() || local_name(element.name()) != m_skip;
  }
  void leave(pugi::xml_node) override {}
  void text(std::string_view text) override { m_text.append(text); }
  std::string take() { return std::move(m_text); }

 private:
  std::string_view m_skip;
  std::string m_text;
};

struct DecimalParts {
  std::string_view sign;
  std::string digits;   // integer and fraction digits, without the point
  long long point = 0;  // position of the decimal point within `digits`
};

bool parse_decimal(std::string_view number, DecimalParts& parts) {
  std::size_t pos = 0;
  if (pos < number.size() && (number[pos] == '-' || number[pos] == '+')) {
    parts.sign = number[pos] == '-' ? "-" : "";
    ++pos;
  }
  auto take_digits = [&] {
    std::size_t start = pos;
    while (pos < number.size() && std::isdigit(static_cast<unsigned char>(number[pos]))) {
      ++pos;
    }
    return number.substr(start, pos - start);
  };
  std::string_view whole = take_digits();
  std::string_view fraction;
  if (pos < number.size() && number[pos] == '.') {
    ++pos;
    fraction = take_digits();
  }
  parts.digits.assign(whole).append(fraction);
  parts.point = static_cast<long long>(whole.size());
  if (pos < number.size() && (number[pos] == 'e' || number[pos] == 'E')) {
    ++pos;
    bool negative = pos < number.size() && number[pos] == '-';
    pos += pos < number.size() && (number[pos] == '-' || number[pos] == '+') ? 1 : 0;
    std::string_view exponent = take_digits();
    if (exponent.empty() || exponent.size() > 3) {
      return false;
    }
    long long value = 0;
    for (char digit : exponent) {
      value = value * 10 + (digit - '0');
    }
    parts.point += negative ? -value : value;
  }
  return pos == number.size() && !parts.digits.empty();
}

}  // namespace

bool parse_xml_part(std::string& data, std::string_view part_name, bool truncated,
                    pugi::xml_document& document, DocumentSink& sink) {
  document.reset();
  if (contains_doctype(data)) {
    sink.problem(ProblemKind::corrupt, std::string(part_name) + ": DTD rejected");
    return false;
  }
  pugi::xml_parse_result result =
      document.load_buffer_inplace(data.data(), data.size(), k_parse_options);
  if (has_doctype_node(document)) {
    document.reset();
    sink.problem(ProblemKind::corrupt, std::string(part_name) + ": DTD rejected");
    return false;
  }
  if (!result && !truncated) {
    sink.problem(ProblemKind::corrupt, std::string(part_name) + ": " + result.description());
  }
  return true;
}

std::string_view local_name(std::string_view qualified) noexcept {
  std::size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

std::string_view trim_space(std::string_view text) noexcept {
  constexpr std::string_view k_space = " \t\r\n";
  std::size_t first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(k_space) - first + 1);
}

pugi::xml_node child_element(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && local_name(child.name()) == local) {
      return child;
    }
  }
  return {};
}

pugi::xml_attribute find_attribute(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    if (local_name(attribute.name()) == local) {
      return attribute;
    }
  }
  return {};
}

std::string element_text(pugi::xml_node node, std::string_view skip) {
  TextCollector collector(skip);
  std::string text = node.type() == pugi::node_element ? node.value() : "";
  walk(node, collector, nullptr);
  return text.append(collector.take());
}

std::string normalize_number(std::string_view number) {
  DecimalParts parts;
  if (number.find_first_of(".eE") == std::string_view::npos || !parse_decimal(number, parts) ||
      parts.point > static_cast<long long>(k_max_number_digits)) {
    return std::string(number);
  }
  auto size = static_cast<long long>(parts.digits.size());
  auto whole_digits = static_cast<std::size_t>(std::clamp(parts.point, 0LL, size));
  if (parts.digits.find_first_not_of('0', whole_digits) != std::string::npos) {
    return std::string(number);  // a real fraction
  }
  std::string digits = parts.digits.substr(0, whole_digits);
  digits.append(static_cast<std::size_t>(std::max(0LL, parts.point - size)), '0');
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return "0";
  }
  return std::string(parts.sign) + digits.substr(first);
}

void walk_xml(pugi::xml_node root, XmlHandler& handler, const DocumentSink& sink) {
  walk(root, handler, &sink);
}

// --- TextFlow --------------------------------------------------------------------------------

TextFlow::TextFlow(DocumentSink& sink, std::string location)
    : m_sink(sink), m_location(std::move(location)) {}

TextFlow::~TextFlow() { flush(); }

void TextFlow::append(std::string_view text) {
  m_text.append(text);
  flush_if_large(k_max_batch_bytes);
}

// Empty paragraphs leave no empty lines: they carry nothing to scan.
void TextFlow::end_paragraph() {
  if (m_cell_depth == 0) {
    if (last_char() != '\n') {
      m_text.push_back('\n');
    }
    flush_if_large(k_batch_bytes);
  } else if (!ends_with_space()) {
    m_text.push_back(' ');
  }
}

// Inside a table cell a line break or tab would read as a new row or cell.
void TextFlow::line_break() { m_text.push_back(m_cell_depth == 0 ? '\n' : ' '); }

void TextFlow::tab() { m_text.push_back(m_cell_depth == 0 ? '\t' : ' '); }

void TextFlow::begin_cell() { ++m_cell_depth; }

void TextFlow::end_cell() {
  m_cell_depth = std::max(0, m_cell_depth - 1);
  while (!m_text.empty() && m_text.back() == ' ') {
    m_text.pop_back();
  }
  m_text.push_back('\t');
}

void TextFlow::end_row() {
  if (!m_text.empty() && m_text.back() == '\t') {
    m_text.back() = '\n';
  } else {
    m_text.push_back('\n');
  }
  flush_if_large(k_batch_bytes);
}

void TextFlow::set_location(std::string location) {
  if (location != m_location) {
    flush();
    m_location = std::move(location);
  }
}

// A section ends with a line break (document.hpp), so the last line of one location never runs
// into the first line of the next.
void TextFlow::flush() {
  if (m_text.empty()) {
    return;
  }
  if (m_text.back() != '\n') {
    m_text.push_back('\n');
  }
  m_sink.text(m_text, m_location);
  m_text.clear();
  m_last_flushed = '\n';
}

void TextFlow::flush_if_large(std::size_t threshold) {
  if (m_text.size() >= threshold) {
    m_sink.text(m_text, m_location);
    m_last_flushed = m_text.back();
    m_text.clear();
  }
}

char TextFlow::last_char() const { return m_text.empty() ? m_last_flushed : m_text.back(); }

bool TextFlow::ends_with_space() const {
  char last = last_char();
  return last == ' ' || last == '\n' || last == '\t';
}

}  // namespace piiscan
