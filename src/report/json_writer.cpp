#include "report/json_writer.hpp"

#include <charconv>
#include <cstdio>
#include <iterator>

#include <piiscan/rule.hpp>

#include "util/utf8.hpp"

namespace piiscan {

namespace {

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    }
  }
}

void append_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

void append_string_member(std::string& out, std::string_view key, std::string_view value) {
  append_key(out, key);
  append_json_string(out, value);
  out += ',';
}

void append_number_member(std::string& out, std::string_view key, std::uint64_t value) {
  append_key(out, key);
  char digits[24];  // 20 digits hold any uint64_t
  const auto written = std::to_chars(std::begin(digits), std::end(digits), value);
  out.append(digits, written.ptr);
  out += ',';
}

void append_finding(std::string& out, const Finding& finding, bool show_values) {
  out += '{';
  append_string_member(out, "detector", finding.rule->id);
  append_string_member(out, "category", finding.rule->category);
  append_number_member(out, "line", finding.line);
  append_number_member(out, "column", finding.column);
  append_number_member(out, "offset", finding.offset);
  append_number_member(out, "length", finding.length);
  append_string_member(out, "confidence", to_string(finding.confidence));
  append_key(out, "validated");
  out += finding.validated ? "true," : "false,";
  if (!finding.location.empty()) {
    append_string_member(out, "location", finding.location);
  }
  append_key(out, "excerpt");
  append_json_string(out, finding.excerpt);
  if (show_values) {
    out += ',';
    append_key(out, "value");
    append_json_string(out, finding.value);
  }
  out += '}';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (plain(c)) {
      std::size_t end = i + 1;  // append a run of plain bytes at once
      while (end < text.size() && plain(static_cast<unsigned char>(text[end]))) {
        ++end;
      }
      out.append(text.data() + i, end - i);
      i = end - 1;
    } else if (c < 0x80) {
      append_escape(out, c);
    } else if (const int length = utf8_sequence_length(text.substr(i)); length > 1) {
      out.append(text.substr(i, static_cast<std::size_t>(length)));
      i += static_cast<std::size_t>(length) - 1;
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  out += '"';
}

void append_file_json(std::string& out, const FileReport& report, bool show_values,
                      std::string_view type) {
  out += '{';
  if (!type.empty()) {
    append_string_member(out, "type", type);
  }
  append_string_member(out, "path", report.path);
  append_number_member(out, "size", report.size);
  append_string_member(out, "media_type", report.media_type);
  append_string_member(out, "encoding", report.encoding);
  append_string_member(out, "sensitivity", to_string(report.sensitivity));
  append_key(out, "reasons");
  out += '[';
  for (std::size_t i = 0; i < report.reasons.size(); ++i) {
    out += i == 0 ? "" : ",";
    append_json_string(out, report.reasons[i]);
  }
  out += "],";
  append_key(out, "findings");
  out += '[';
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    out += i == 0 ? "" : ",";
    append_finding(out, report.findings[i], show_values);
  }
  out += "]}";
}

}  // namespace piiscan
