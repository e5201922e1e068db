#include "report/reporters.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include <piiscan/rule.hpp>

#include "report/report_spill.hpp"

namespace piiscan {

namespace {

// RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula
// (= + - @) or that start with a tab, CR or NUL (OWASP CSV injection guidance).
void append_cell(std::string& out, std::string_view value) {
  constexpr std::string_view k_formula_starts("=+-@\t\r\0", 7);
  const bool formula =
      !value.empty() && k_formula_starts.find(value.front()) != std::string_view::npos;
  const bool quoted = value.find_first_of(",\"\r\n") != std::string_view::npos;
  out += quoted ? "\"" : "";
  out += formula ? "'" : "";
  if (!quoted) {
    out.append(value);
    return;
  }
  for (const char c : value) {
    out += c == '"' ? std::string_view("\"\"") : std::string_view(&c, 1);
  }
  out += '"';
}

void append_number(std::string& out, std::uint64_t number) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, end);
}

// One row per finding: path,detector,category,line,column,confidence,sensitivity,excerpt
// (and value with --show-values), sorted by path and offset, written in `end`. Each file's rows
// are rendered by the worker that scanned it and kept in a RecordStore until then.
class CsvReporter final : public Reporter {
 public:
  CsvReporter(std::ostream& out, const ReportOptions& options)
      : m_out(out), m_options(options), m_rows(options.spill_directory) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    if (report.spilled == nullptr && report.findings.empty()) {
      return;
    }
    thread_local std::string piece;
    m_rows.add(report.path, [&](const PieceSink& emit) {
      std::string path;
      append_cell(path, report.path);
      std::string sensitivity;
      append_cell(sensitivity, to_string(report.sensitivity));
      for_each_finding_batch(report, [&](std::span<const Finding> findings) {
        for (const Finding& finding : findings) {
          append_row(piece, path, sensitivity, finding);
        }
        emit(piece);
      });
    });
  }
  void error(const ScanError&) override {}
  void skipped(const SkipRecord&) override {}
  std::unique_ptr<FindingSpill> spill() override {
    return PackedSpill::make(m_options.spill_directory, m_options.show_values);
  }

  void end(const RunInfo&, const ScanSummary&) override {
    m_out << "path,detector,category,line,column,confidence,sensitivity,excerpt"
          << (m_options.show_values ? ",value" : "") << "\r\n";
    m_rows.write_sorted(m_out, "", "");
    m_out.flush();
  }

 private:
  void append_row(std::string& out, std::string_view path, std::string_view sensitivity,
                  const Finding& finding) const {
    out += path;
    out += ',';
    append_cell(out, finding.rule->id);
    out += ',';
    append_cell(out, finding.rule->category);
    out += ',';
    append_number(out, finding.line);
    out += ',';
    append_number(out, finding.column);
    out += ',';
    append_cell(out, to_string(finding.confidence));
    out += ',';
    out += sensitivity;
    out += ',';
    append_cell(out, finding.excerpt.view());
    if (m_options.show_values) {
      out += ',';
      append_cell(out, finding.value.view());
    }
    out += "\r\n";
  }

  std::ostream& m_out;
  ReportOptions m_options;
  RecordStore m_rows;  // each file's rows, keyed by path
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<CsvReporter>(out, options);
}

}  // namespace piiscan
