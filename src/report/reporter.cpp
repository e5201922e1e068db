#include <piiscan/reporter.hpp>

#include <array>

#include "report/reporters.hpp"

namespace piiscan {

namespace {

struct FormatInfo {
  ReportFormat format;
  std::string_view name;
  std::unique_ptr<Reporter> (*make)(std::ostream&, const ReportOptions&);
};

// The one table of reporters.
constexpr std::array<FormatInfo, 4> k_formats = {{
    {ReportFormat::table, "table", make_table_reporter},
    {ReportFormat::json, "json", make_json_reporter},
    {ReportFormat::jsonl, "jsonl", make_jsonl_reporter},
    {ReportFormat::csv, "csv", make_csv_reporter},
}};

}  // namespace

void FindingSpill::take(std::span<const Finding> findings) {
  write(findings);
  m_size += findings.size();
  count_by_rule(findings, m_counts);
}

std::string_view to_string(ReportFormat format) noexcept {
  return k_formats[static_cast<std::size_t>(format)].name;
}

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
  for (const FormatInfo& info : k_formats) {
    if (info.name == name) {
      return info.format;
    }
  }
  return std::nullopt;
}

std::optional<ReportFormat> format_from_extension(std::string_view path) noexcept {
  const auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".json")) {
    return ReportFormat::json;
  }
  if (ends_with(".jsonl") || ends_with(".ndjson")) {
    return ReportFormat::jsonl;
  }
  if (ends_with(".csv")) {
    return ReportFormat::csv;
  }
  if (ends_with(".txt")) {
    return ReportFormat::table;
  }
  return std::nullopt;
}

std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out,
                                        const ReportOptions& options) {
  return k_formats[static_cast<std::size_t>(format)].make(out, options);
}

}  // namespace piiscan
