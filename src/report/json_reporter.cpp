#include "report/reporters.hpp"

#include <algorithm>

#include "report/report_json.hpp"

namespace piiscan {

namespace {

// One JSON document, files sorted by path, written in `end`.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    m_files.emplace_back(report.path, file_to_json(report, m_options.show_values));
  }
  void error(const ScanError&) override {}  // listed from the summary
  void skipped(const SkipRecord&) override {}

  void end(const RunInfo& info, const ScanSummary& summary) override {
    std::sort(m_files.begin(), m_files.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Json files = Json::array();
    for (auto& entry : m_files) {
      files.push_back(std::move(entry.second));
    }
    const Json document{{"schema_version", 1},
                        {"tool", {{"name", "piiscan"}, {"version", info.tool_version}}},
                        {"scan", scan_to_json(info, summary)},
                        {"files", std::move(files)},
                        {"summary", summary_to_json(summary)}};
    m_out << dump_json(document, 2) << '\n';
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  ReportOptions m_options;
  std::vector<std::pair<std::string, Json>> m_files;
};

// One JSON object per line, flushed as each file completes; the last line is the summary.
class JsonLinesReporter final : public Reporter {
 public:
  JsonLinesReporter(std::ostream& out, const ReportOptions& options)
      : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    write("file", file_to_json(report, m_options.show_values));
  }
  void error(const ScanError& error) override { write("error", error_to_json(error)); }
  void skipped(const SkipRecord& record) override { write("skipped", skip_to_json(record)); }

  void end(const RunInfo& info, const ScanSummary& summary) override {
    write("summary", Json{{"scan", scan_to_json(info, summary)},
                          {"summary", summary_to_json(summary)}});
  }

 private:
  void write(std::string_view type, Json body) {
    Json line{{"type", type}};
    line.update(body);
    m_out << dump_json(line, -1) << '\n';
    m_out.flush();
  }

  std::ostream& m_out;
  ReportOptions m_options;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JsonReporter>(out, options);
}

std::unique_ptr<Reporter> make_jsonl_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JsonLinesReporter>(out, options);
}

}  // namespace piiscan
