#include "extract/email_html.hpp"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace piiscan {

namespace {

struct NamedEntity {
  std::string_view name;
  std::string_view utf8;
};

// The references German mail clients actually write; anything else stays as written.
constexpr std::array<NamedEntity, 17> k_entities = {{
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
    {"apos", "'"},        {"nbsp", " "},        {"auml", "\xC3\xA4"}, {"ouml", "\xC3\xB6"},
    {"uuml", "\xC3\xBC"}, {"Auml", "\xC3\x84"}, {"Ouml", "\xC3\x96"}, {"Uuml", "\xC3\x9C"},
    {"szlig", "\xC3\x9F"}, {"euro", "\xE2\x82\xAC"}, {"shy", ""},     {"ndash", "\xE2\x80\x93"},
    {"copy", "\xC2\xA9"},
}};

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Position of `lower_needle` in `text` from `from`, ignoring ASCII case; npos if absent.
std::size_t find_ignoring_case(std::string_view text, std::string_view lower_needle,
                               std::size_t from) {
  const auto equal = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
  };
  const auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(),
                              lower_needle.begin(), lower_needle.end(), equal);
  return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

bool is_block_tag(std::string_view name) {
  constexpr std::array<std::string_view, 14> k_blocks = {
      "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote",
      "hr"};
  return std::find(k_blocks.begin(), k_blocks.end(), name) != k_blocks.end();
}

// Decodes `&#228;`, `&#xE4;` or a named reference starting at html[at]; returns its length
// (0 when it is not a reference we know).
std::size_t decode_reference(std::string_view html, std::size_t at, std::string& out) {
  const std::size_t semicolon = html.find(';', at);
  if (semicolon == std::string_view::npos || semicolon - at > 10) {
    return 0;
  }
  const std::string_view body = html.substr(at + 1, semicolon - at - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string digits(body.substr(hex ? 2 : 1));
    char* end = nullptr;
    const unsigned long code = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (digits.empty() || *end != '\0' || code == 0 || code > 0x10FFFF) {
      return 0;
    }
    char utf8[6];
    out.append(utf8, static_cast<std::size_t>(g_unichar_to_utf8(static_cast<gunichar>(code), utf8)));
    return semicolon - at + 1;
  }
  for (const auto& entity : k_entities) {
    if (entity.name == body) {
      out += entity.utf8;
      return semicolon - at + 1;
    }
  }
  return 0;
}

// True if html[at] == '<' opens markup rather than standing for itself ("a < b").
bool starts_tag(std::string_view html, std::size_t at) {
  const char next = at + 1 < html.size() ? html[at + 1] : ' ';
  return std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!';
}

// Skips the tag (or comment) starting at html[at] == '<', appending what stands for it;
// returns the position after it.
std::size_t skip_tag(std::string_view html, std::size_t at, std::string& out) {
  if (html.substr(at, 4) == "<!--") {
    const std::size_t end = html.find("-->", at + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  const std::size_t close = html.find('>', at);
  if (close == std::string_view::npos) {
    return html.size();
  }
  const bool closing = at + 1 < html.size() && html[at + 1] == '/';
  const std::size_t name_start = at + (closing ? 2 : 1);
  std::size_t name_end = name_start;
  while (name_end < close && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
    ++name_end;
  }
  const std::string name = lower_ascii(html.substr(name_start, name_end - name_start));
  if (!closing && (name == "script" || name == "style")) {
    const std::size_t end = find_ignoring_case(html, "</" + name, close);
    return end == std::string_view::npos ? html.size() : skip_tag(html, end, out);
  }
  if (is_block_tag(name)) {
    out.push_back('\n');
  } else if (name == "td" || name == "th") {
    out.push_back(' ');
  }
  return close + 1;
}

}  // namespace

std::string strip_html_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  while (at < html.size()) {
    const char c = html[at];
    if (c == '<' && starts_tag(html, at)) {
      at = skip_tag(html, at, out);
    } else if (c == '&') {
      const std::size_t length = decode_reference(html, at, out);
      if (length == 0) {
        out.push_back(c);
      }
      at += std::max<std::size_t>(length, 1);
    } else {
      out.push_back(c);
      ++at;
    }
  }
  return out;
}

}  // namespace piiscan
