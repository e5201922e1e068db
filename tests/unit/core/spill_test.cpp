// A file with more findings than a worker keeps in memory: JSON Lines takes the first ones into
// a temporary file while the file is scanned, and its record must read as if they had stayed.
#include <catch2/catch.hpp>

#include <cerrno>
#include <memory>
#include <span>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include <piiscan/classifier.hpp>
#include <piiscan/detector.hpp>
#include <piiscan/reporter.hpp>
#include <piiscan/scan.hpp>

#include "core/file_scanner.hpp"
#include "../extract/recording_sink.hpp"
#include "../temp_tree.hpp"

namespace {

// Lower than the default, so that the test is quick, also under the sanitizers; and not a
// multiple of the findings per piece, so that spilled batches end mid-piece.
constexpr std::size_t k_spill_from = 5000;
// Chunks of about 3,300 findings: a spill takes two chunks' findings at a time, and the last
// chunk's stay in memory.
constexpr std::size_t k_window_bytes = 64 << 10;

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
  std::uint64_t spilled_findings = 0;  // of the last record with spilled findings
  std::uint64_t kept_findings = 0;

  void begin(const piiscan::RunInfo& info) override { m_inner.begin(info); }
  void file(const piiscan::FileReport& report) override {
    if (report.spilled != nullptr) {
      ++spilled_records;
      spilled_findings = report.spilled->size();
      kept_findings = report.findings.size();
    }
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

struct Spilled {
  int records = 0;
  std::uint64_t findings = 0;  // of the last record with spilled findings, spilled…
  std::uint64_t kept = 0;      // …and kept in memory
};

// The report of one scan of `root` in `format`, temporary files in `spill_directory`.
std::string scan_report(const std::string& root, piiscan::ReportFormat format,
                        const std::string& spill_directory, Spilled& spilled,
                        bool show_values = false) {
  static const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"), {});
  static const piiscan::Policy policy = piiscan::builtin_policy();
  piiscan::ScanOptions options;
  options.roots = {root};
  options.threads = 1;
  options.extract.spill_findings_from = k_spill_from;
  options.extract.window_bytes = k_window_bytes;
  std::ostringstream out;
  const auto reporter = piiscan::make_reporter(format, out, {show_values, 10, spill_directory});
  Watched watched(*reporter);
  piiscan::run_scan(options, engine, policy, watched);
  spilled = {watched.spilled_records, watched.spilled_findings, watched.kept_findings};
  return out.str();
}

}  // namespace

TEST_CASE("JSON Lines reports a file whose findings were spilled as JSON reports it whole",
          "[spill]") {
  TempTree tree;
  // Ten values, repeated: past the spill threshold, and few distinct values, so that the
  // reasons, too, must come out as the whole findings give them.
  const std::size_t lines = 3 * k_spill_from + 123;
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  const std::string file = tree.write("export/staff.txt", text);
  tree.write("export/other.txt", "one0@example.com\n");
  const bool show_values = GENERATE(false, true);  // the spill renders values only if asked

  Spilled spill;
  const auto whole = nlohmann::json::parse(scan_report(
      tree.path("export"), piiscan::ReportFormat::json, tree.path(""), spill, show_values));
  CHECK(spill.records == 0);  // the whole document is in memory anyway
  std::istringstream jsonl(scan_report(tree.path("export"), piiscan::ReportFormat::jsonl,
                                       tree.path(""), spill, show_values));
  CHECK(spill.records == 1);
  CHECK(spill.findings >= 2 * k_spill_from);  // batches of two chunks…
  CHECK(spill.kept > 0);                      // …and the last chunk's, kept
  CHECK(spill.findings + spill.kept == lines);
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
  CHECK(expected["findings"][0].contains("value") == show_values);
  // Compared as text: Catch would print two objects of 270,000 findings on a failure.
  for (const auto& [key, value] : expected.items()) {
    INFO("member " << key);
    CHECK((spilled.contains(key) && spilled[key].dump() == value.dump()));
  }
  CHECK(spilled.size() == expected.size());
  CHECK(summary["findings_by_detector"] == whole["summary"]["findings_by_detector"]);
  CHECK(summary["findings_by_detector"]["email"] == lines + 1);
}

TEST_CASE("a member of an archive spills its findings as a file does", "[spill]") {
  TempTree tree;
  std::string text;
  for (std::size_t i = 0; i < 2 * k_spill_from + 77; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  const std::string zip = tree.write(
      "export/staff.zip", piiscan::test::make_zip({{"HR/staff.txt", text}}));
  Spilled spill;
  const auto whole = nlohmann::json::parse(
      scan_report(tree.path("export"), piiscan::ReportFormat::json, tree.path(""), spill));
  std::istringstream jsonl(
      scan_report(tree.path("export"), piiscan::ReportFormat::jsonl, tree.path(""), spill));
  CHECK(spill.records == 1);
  nlohmann::json member;
  for (std::string line; std::getline(jsonl, line);) {
    auto record = nlohmann::json::parse(line);
    if (record["type"] == "file" && record["path"] == zip + "!/HR/staff.txt") {
      member = record;
    }
  }
  REQUIRE(member.is_object());
  member.erase("type");
  nlohmann::json expected;
  for (const auto& file : whole["files"]) {
    if (file["path"] == zip + "!/HR/staff.txt") {
      expected = file;
    }
  }
  REQUIRE(expected.is_object());
  CHECK(expected["findings"].size() == 2 * k_spill_from + 77);
  CHECK(member.dump() == expected.dump());  // as text: Catch would print both whole
}

TEST_CASE("JSON Lines keeps the findings in memory where it cannot make a temporary file",
          "[spill]") {
  TempTree tree;
  std::string text;
  for (std::size_t i = 0; i < k_spill_from + 10; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  tree.write("export/staff.txt", text);
  Spilled spill;
  std::istringstream jsonl(scan_report(tree.path("export"), piiscan::ReportFormat::jsonl,
                                       tree.path("missing-folder"), spill));
  CHECK(spill.records == 0);
  std::string line;
  REQUIRE(std::getline(jsonl, line));
  CHECK(nlohmann::json::parse(line)["findings"].size() == k_spill_from + 10);
}

namespace {

// A spill whose findings are lost when its record is written, as when JSON Lines cannot read
// its temporary file back.
class LosingSpill final : public piiscan::FindingSpill {
 public:
  void lose() const { set_lost(EIO); }

 protected:
  void write(std::span<const piiscan::Finding>) override {}
};

class LosingReporter final : public piiscan::Reporter {
 public:
  piiscan::ScanSummary summary;

  void begin(const piiscan::RunInfo&) override {}
  void file(const piiscan::FileReport& report) override {
    if (report.spilled != nullptr) {
      dynamic_cast<const LosingSpill&>(*report.spilled).lose();
    }
  }
  void error(const piiscan::ScanError&) override {}
  void skipped(const piiscan::SkipRecord&) override {}
  void end(const piiscan::RunInfo&, const piiscan::ScanSummary& result) override {
    summary = result;
  }
  std::unique_ptr<piiscan::FindingSpill> spill() override {
    return std::make_unique<LosingSpill>();
  }
};

}  // namespace

TEST_CASE("findings a spill lost leave the scan incomplete, with an error naming the file",
          "[spill]") {
  TempTree tree;
  std::string text;
  for (std::size_t i = 0; i < 2 * k_spill_from; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  const std::string file = tree.write("export/staff.txt", text);
  const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"), {});
  piiscan::ScanOptions options;
  options.roots = {tree.path("export")};
  options.threads = 1;
  options.extract.spill_findings_from = k_spill_from;
  options.extract.window_bytes = k_window_bytes;
  LosingReporter reporter;
  piiscan::run_scan(options, engine, piiscan::builtin_policy(), reporter);
  CHECK_FALSE(reporter.summary.complete);
  REQUIRE(reporter.summary.errors.size() == 1);
  CHECK(reporter.summary.errors[0].path == file);
  CHECK(reporter.summary.errors[0].stage == "report");
  CHECK(reporter.summary.errors[0].message ==
        "findings kept in a temporary file could not be read back: input/output error");
}
