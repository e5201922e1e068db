#include "report/reporters.hpp"

#include <algorithm>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include <piiscan/rule.hpp>

namespace piiscan {

namespace {

// RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula
// (= + - @) or that start with a tab, CR or NUL (OWASP CSV injection guidance).
std::string csv_cell(std::string_view value) {
  std::string cell;
  if (!value.empty() && std::string_view("=+-@\t\r\0", 7).find(value.front()) != std::string_view::npos) {
    cell.push_back('\'');
  }
  cell.append(value);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    return cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return quoted + "\"";
}

struct Row {
  std::string path;
  std::uint64_t offset;
  std::string line;
};

// One row per finding: path,detector,category,line,column,confidence,sensitivity,excerpt
// (and value with --show-values), sorted by path and offset, written in `end`.
class CsvReporter final : public Reporter {
 public:
  CsvReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    std::vector<Row> rows;
    for (const Finding& finding : report.findings) {
      std::string line = csv_cell(report.path) + ',' + csv_cell(finding.rule->id) + ',' +
                         csv_cell(finding.rule->category) + ',' + std::to_string(finding.line) +
                         ',' + std::to_string(finding.column) + ',' +
                         csv_cell(to_string(finding.confidence)) + ',' +
                         csv_cell(to_string(report.sensitivity)) + ',' + csv_cell(finding.excerpt);
      if (m_options.show_values) {
        line += ',' + csv_cell(finding.value);
      }
      rows.push_back(Row{report.path, finding.offset, std::move(line)});
    }
    std::lock_guard lock(m_mutex);
    std::move(rows.begin(), rows.end(), std::back_inserter(m_rows));
  }
  void error(const ScanError&) override {}
  void skipped(const SkipRecord&) override {}

  void end(const RunInfo&, const ScanSummary&) override {
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) {
      return a.path != b.path ? a.path < b.path : a.offset < b.offset;
    });
    m_out << "path,detector,category,line,column,confidence,sensitivity,excerpt"
          << (m_options.show_values ? ",value" : "") << "\r\n";
    for (const Row& row : m_rows) {
      m_out << row.line << "\r\n";
    }
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  ReportOptions m_options;
  std::mutex m_mutex;
  std::vector<Row> m_rows;
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<CsvReporter>(out, options);
}

}  // namespace piiscan
