// A file with more findings than a worker keeps in memory: JSON Lines takes the first ones into
// a temporary file while the file is scanned, and its record must read as if they had stayed.
#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <piiscan/classifier.hpp>
#include <piiscan/detector.hpp>
#include <piiscan/reporter.hpp>
#include <piiscan/scan.hpp>

#include "core/file_scanner.hpp"
#include "../temp_tree.hpp"

namespace {

const char* const k_rules = R"(
[[rule]]
id = "email"
category = "contact"
description = "e-mail"
regex = '''\b([a-z]{1,20}[0-9]@example\.com)\b'''
group = 1
confidence = "high"
)";

// A reporter passed through, counting the records that came with spilled findings.
class Watched final : public piiscan::Reporter {
 public:
  explicit Watched(piiscan::Reporter& inner) : m_inner(inner) {}
  int spilled_records = 0;

  void begin(const piiscan::RunInfo& info) override { m_inner.begin(info); }
  void file(const piiscan::FileReport& report) override {
    spilled_records += report.spilled != nullptr ? 1 : 0;
    m_inner.file(report);
  }
  void error(const piiscan::ScanError& error) override { m_inner.error(error); }
  void skipped(const piiscan::SkipRecord& record) override { m_inner.skipped(record); }
  void end(const piiscan::RunInfo& info, const piiscan::ScanSummary& summary) override {
    m_inner.end(info, summary);
  }
  std::unique_ptr<piiscan::FindingSpill> spill() override { return m_inner.spill(); }

 private:
  piiscan::Reporter& m_inner;
};

// The report of one scan of `root` in `format`, temporary files in `spill_directory`; counts
// the records with spilled findings into `spilled_records`.
std::string scan_report(const std::string& root, piiscan::ReportFormat format,
                        const std::string& spill_directory, int& spilled_records) {
  static const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"), {});
  static const piiscan::Policy policy = piiscan::builtin_policy();
  piiscan::ScanOptions options;
  options.roots = {root};
  options.threads = 1;
  std::ostringstream out;
  const auto reporter = piiscan::make_reporter(format, out, {false, 10, spill_directory});
  Watched watched(*reporter);
  piiscan::run_scan(options, engine, policy, watched);
  spilled_records = watched.spilled_records;
  return out.str();
}

}  // namespace

TEST_CASE("JSON Lines reports a file whose findings were spilled as JSON reports it whole",
          "[spill]") {
  TempTree tree;
  // Ten values, repeated: past the spill threshold, and few distinct values, so that the
  // reasons, too, must come out as the whole findings give them.
  const std::size_t lines = piiscan::FileFindings::k_spill_from + 5000;
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  const std::string file = tree.write("export/staff.txt", text);
  tree.write("export/other.txt", "one0@example.com\n");

  int spilled_records = 0;
  const auto whole = nlohmann::json::parse(scan_report(
      tree.path("export"), piiscan::ReportFormat::json, tree.path(""), spilled_records));
  CHECK(spilled_records == 0);  // the whole document is in memory anyway
  std::istringstream jsonl(scan_report(tree.path("export"), piiscan::ReportFormat::jsonl,
                                       tree.path(""), spilled_records));
  CHECK(spilled_records == 1);
  std::string line;
  nlohmann::json spilled;
  nlohmann::json summary;
  while (std::getline(jsonl, line)) {
    auto record = nlohmann::json::parse(line);
    if (record["type"] == "file" && record["path"] == file) {
      spilled = record;
    } else if (record["type"] == "summary") {
      summary = record["summary"];
    }
  }
  REQUIRE(spilled.is_object());
  spilled.erase("type");
  REQUIRE(whole["files"].size() == 2);
  const nlohmann::json& expected = whole["files"][1];  // sorted by path: other.txt first
  REQUIRE(expected["path"] == file);
  CHECK(expected["findings"].size() == lines);
  // Compared as text: Catch would print two objects of 270,000 findings on a failure.
  for (const auto& [key, value] : expected.items()) {
    INFO("member " << key);
    CHECK((spilled.contains(key) && spilled[key].dump() == value.dump()));
  }
  CHECK(spilled.size() == expected.size());
  CHECK(summary["findings_by_detector"] == whole["summary"]["findings_by_detector"]);
  CHECK(summary["findings_by_detector"]["email"] == lines + 1);
}

TEST_CASE("JSON Lines keeps the findings in memory where it cannot make a temporary file",
          "[spill]") {
  TempTree tree;
  std::string text;
  for (std::size_t i = 0; i < piiscan::FileFindings::k_spill_from + 10; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  tree.write("export/staff.txt", text);
  int spilled_records = -1;
  std::istringstream jsonl(scan_report(tree.path("export"), piiscan::ReportFormat::jsonl,
                                       tree.path("missing-folder"), spilled_records));
  CHECK(spilled_records == 0);
  std::string line;
  REQUIRE(std::getline(jsonl, line));
  CHECK(nlohmann::json::parse(line)["findings"].size() == piiscan::FileFindings::k_spill_from + 10);
}
