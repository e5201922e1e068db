#include "report/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include <piiscan/rule.hpp>

#include "report/report_spill.hpp"
#include "util/utf8.hpp"

namespace piiscan {

namespace {

// Writes JSON into `out` through a pointer, in room made beforehand for a bound of what comes
// (escapes included: 6 bytes per byte of a JSON string at most), and cuts what was not used
// when destroyed: appending piece by piece checked the capacity for every key, comma and
// digit, which made the reporter 15 % of a scan of an HR export.
class RawWriter {
 public:
  explicit RawWriter(std::string& out) : m_out(out) { point_at(out.size()); }
  RawWriter(std::string& out, std::size_t bound) : RawWriter(out) { make_room(bound); }
  ~RawWriter() { m_out.resize(written()); }
  // Room is made in steps of at least k_room_step: every resize zero-fills what it adds, and
  // growing by one finding's bound at a time zero-filled more than twice what was written.
  void make_room(std::size_t bound) {
    if (static_cast<std::size_t>(m_end - m_at) < bound) {
      const std::size_t used = written();
      m_out.resize(used + std::max(bound, k_room_step));
      point_at(used);
    }
  }
  RawWriter(const RawWriter&) = delete;
  RawWriter& operator=(const RawWriter&) = delete;

  void raw(std::string_view text) noexcept {
    assert(text.size() <= static_cast<std::size_t>(m_end - m_at));
    std::memcpy(m_at, text.data(), text.size());
    m_at += text.size();
  }
  void number(std::uint64_t value) noexcept {
    assert(k_max_digits <= static_cast<std::size_t>(m_end - m_at));
    m_at = std::to_chars(m_at, m_at + k_max_digits, value).ptr;
  }
  void string(std::string_view text) noexcept;
  // A member: `key` is written as it is (its name with quotes, colon and any leading comma).
  void member(std::string_view key, std::string_view value) noexcept {
    raw(key);
    string(value);
  }
  void member(std::string_view key, std::uint64_t value) noexcept {
    raw(key);
    number(value);
  }

  static constexpr std::size_t k_max_digits = 20;  // any uint64_t
  // Small, so that the bytes zero-filled are still in the cache when they are written.
  static constexpr std::size_t k_room_step = 2000;
  static constexpr std::size_t string_bound(std::string_view text) noexcept {
    return 6 * text.size() + 2;
  }

 private:
  std::size_t character(std::string_view text) noexcept;
  void escape(unsigned char c) noexcept;
  std::size_t written() const noexcept { return static_cast<std::size_t>(m_at - m_out.data()); }
  void point_at(std::size_t used) noexcept {
    m_at = m_out.data() + used;
    m_end = m_out.data() + m_out.size();
  }

  std::string& m_out;
  char* m_at = nullptr;
  char* m_end = nullptr;  // for the assertions: the bound
};

void RawWriter::escape(unsigned char c) noexcept {
  switch (c) {
    case '"': raw("\\\""); return;
    case '\\': raw("\\\\"); return;
    case '\n': raw("\\n"); return;
    case '\r': raw("\\r"); return;
    case '\t': raw("\\t"); return;
    case '\b': raw("\\b"); return;
    case '\f': raw("\\f"); return;
    default: {
      static constexpr char k_hex[] = "0123456789abcdef";
      const char code[] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 15]};
      raw(std::string_view(code, sizeof code));
    }
  }
}

// Bytes a JSON string holds as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> k_plain_bytes = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) {
    plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  }
  return plain;
}();

// Whether the 8 bytes at `bytes` are all plain (see k_plain_bytes), tested at once: strings
// are nearly all plain, and the test per byte made most of the writer's work.
bool plain_word(const char* bytes) noexcept {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, sizeof word);
  // The high bit of a byte set where it is zero or below n, in the classic bit trick: exact
  // for the whole word, though not byte by byte.
  const auto has_below = [](std::uint64_t x, std::uint64_t n) { return (x - n * k_ones) & ~x; };
  const std::uint64_t quote = word ^ ('"' * k_ones);
  const std::uint64_t backslash = word ^ ('\\' * k_ones);
  return ((word | has_below(word, 0x20) | has_below(quote, 1) | has_below(backslash, 1)) &
          k_high_bits) == 0;
}

// Quotes, backslashes and control characters escaped; bytes that are not valid UTF-8 replaced
// by U+FFFD, as nlohmann's error_handler_t::replace.
void RawWriter::string(std::string_view text) noexcept {
  assert(string_bound(text) <= static_cast<std::size_t>(m_end - m_at));
  *m_at++ = '"';
  const char* at = text.data();
  const char* const end = at + text.size();
  while (end - at >= 8) {
    if (plain_word(at)) {
      std::memcpy(m_at, at, 8);
      m_at += 8;
      at += 8;
    } else {
      at += character(std::string_view(at, static_cast<std::size_t>(end - at)));
    }
  }
  // When the last 8 bytes are plain, those of them already read were written as they are,
  // just before m_at: writing all 8 again ends the string in one step, not byte by byte.
  if (at < end && text.size() >= 8 && plain_word(end - 8)) {
    std::memcpy(m_at - (8 - (end - at)), end - 8, 8);
    m_at += end - at;
    at = end;
  }
  while (at < end) {
    at += character(std::string_view(at, static_cast<std::size_t>(end - at)));
  }
  *m_at++ = '"';
}

// Writes the first character of `text` (not empty) as JSON, and says how many bytes it took.
std::size_t RawWriter::character(std::string_view text) noexcept {
  const auto c = static_cast<unsigned char>(text[0]);
  if (k_plain_bytes[c]) {
    *m_at++ = static_cast<char>(c);
    return 1;
  }
  if (c < 0x80) {
    escape(c);
    return 1;
  }
  if (const int length = utf8_sequence_length(text); length > 1) {
    raw(text.substr(0, static_cast<std::size_t>(length)));
    return static_cast<std::size_t>(length);
  }
  raw("\xEF\xBF\xBD");
  return 1;
}

// `{"detector":…,"category":…,"line":` for each rule met in one file, escaped once: a file of
// an HR export holds tens of thousands of findings of a handful of rules.
class FindingPrefixes {
 public:
  std::string_view of(const Rule& rule) {
    for (const auto& [known, prefix] : m_prefixes) {
      if (known == &rule) {
        return prefix;
      }
    }
    std::string prefix = "{\"detector\":";
    append_json_string(prefix, rule.id);
    prefix += ",\"category\":";
    append_json_string(prefix, rule.category);
    prefix += ",\"line\":";
    return m_prefixes.emplace_back(&rule, std::move(prefix)).second;
  }

 private:
  std::vector<std::pair<const Rule*, std::string>> m_prefixes;
};

std::size_t finding_bound(const Finding& finding, std::string_view prefix, bool show_values) {
  constexpr std::size_t k_keys_and_literals = 128;  // the members' names after "line", booleans
  return prefix.size() + k_keys_and_literals + 4 * RawWriter::k_max_digits +
         RawWriter::string_bound(to_string(finding.confidence)) +
         RawWriter::string_bound(finding.location) + RawWriter::string_bound(finding.excerpt) +
         (show_values ? RawWriter::string_bound(finding.value) : 0);
}

// Writes in room made for finding_bound().
void append_finding(RawWriter& json, const Finding& finding, std::string_view prefix,
                    bool show_values) {
  json.raw(prefix);
  json.number(finding.line);
  json.member(",\"column\":", finding.column);
  json.member(",\"offset\":", finding.offset);
  json.member(",\"length\":", finding.length);
  // Confidence names are plain words ("low", "medium", "high"): quoted, not escaped.
  json.raw(",\"confidence\":\"");
  json.raw(to_string(finding.confidence));
  json.raw("\"");
  json.raw(finding.validated ? ",\"validated\":true" : ",\"validated\":false");
  if (!finding.location.empty()) {
    json.member(",\"location\":", finding.location);
  }
  json.member(",\"excerpt\":", finding.excerpt);
  if (show_values) {
    json.member(",\"value\":", finding.value);
  }
  json.raw("}");
}

// `{"type":…,"path":…,"size":…,"media_type":…,"encoding":…,"sensitivity":…,` in one write: a
// tree of small files writes little else per file.
void append_file_head(std::string& out, const FileReport& report, std::string_view type) {
  constexpr std::size_t k_keys_and_literals = 96;
  const std::string_view sensitivity = to_string(report.sensitivity);
  RawWriter json(out, k_keys_and_literals + RawWriter::k_max_digits +
                          RawWriter::string_bound(type) + RawWriter::string_bound(report.path) +
                          RawWriter::string_bound(report.media_type) +
                          RawWriter::string_bound(report.encoding) +
                          RawWriter::string_bound(sensitivity));
  json.raw("{");
  if (!type.empty()) {
    json.member("\"type\":", type);
    json.raw(",");
  }
  json.member("\"path\":", report.path);
  json.member(",\"size\":", report.size);
  json.member(",\"media_type\":", report.media_type);
  json.member(",\"encoding\":", report.encoding);
  json.member(",\"sensitivity\":", sensitivity);
  json.raw(",");
}

// The findings, separated by commas (and preceded by one when `after_others`), written by one
// RawWriter: one per finding resized the string twice for each.
void append_findings(std::string& out, std::span<const Finding> findings, bool show_values,
                     bool after_others) {
  RawWriter json(out);
  FindingPrefixes prefixes;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    const std::string_view prefix = prefixes.of(*finding.rule);
    json.make_room(1 + finding_bound(finding, prefix, show_values));  // 1 for the comma
    json.raw(i == 0 && !after_others ? "" : ",");
    append_finding(json, finding, prefix, show_values);
  }
}

// The head of a file object, up to `"findings":[`.
void append_file_json_head(std::string& out, const FileReport& report, std::string_view type) {
  append_file_head(out, report, type);
  out += "\"reasons\":[";
  for (std::size_t i = 0; i < report.reasons.size(); ++i) {
    out += i == 0 ? "" : ",";
    append_json_string(out, report.reasons[i]);
  }
  out += "],\"findings\":[";
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  RawWriter(out, RawWriter::string_bound(text)).string(text);
}

void append_file_json(std::string& out, const FileReport& report, bool show_values,
                      std::string_view type) {
  append_file_json_head(out, report, type);
  append_findings(out, report.findings, show_values, false);
  out += "]}";
}

void append_file_json_in_pieces(std::string& piece, const FileReport& report, bool show_values,
                                std::string_view type, const PieceSink& emit) {
  append_file_json_head(piece, report, type);
  bool after_others = false;
  for_each_finding_batch(report, [&](std::span<const Finding> batch) {
    append_findings(piece, batch, show_values, after_others);
    after_others = true;
    emit(piece);
  });
  piece += "]}";
  emit(piece);
}

}  // namespace piiscan
