// A file with more findings than a worker keeps in memory: the reporters take the first ones
// into a temporary file while the file is scanned, and every report must read as if they had
// stayed.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>

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

// Sets the number after the first `label` in `text` (and a space before it) to 0. Not
// std::regex: over reports of megabytes it took most of the test's time under the sanitizers.
void zero_number_after(std::string& text, std::string_view label) {
  std::size_t at = text.find(label);
  if (at == std::string::npos) {
    return;
  }
  at += label.size();
  at += at < text.size() && text[at] == ' ' ? 1 : 0;
  const std::size_t end = text.find_first_not_of("0123456789", at);
  text.replace(at, end - at, "0");
}

// The report of one scan of `root` in `format`, temporary files in `spill_directory`; spilling
// only when `spill` is true. Its duration, the one field that differs from run to run, is 0.
std::string scan_report(const std::string& root, piiscan::ReportFormat format,
                        const std::string& spill_directory, Spilled& spilled, bool spill = true,
                        bool show_values = false) {
  static const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"), {});
  static const piiscan::Policy policy = piiscan::builtin_policy();
  piiscan::ScanOptions options;
  options.roots = {root};
  options.threads = 1;
  options.extract.spill_findings_from =
      spill ? k_spill_from : std::numeric_limits<std::size_t>::max();
  options.extract.window_bytes = k_window_bytes;
  std::ostringstream out;
  const auto reporter = piiscan::make_reporter(format, out, {show_values, 10, spill_directory});
  Watched watched(*reporter);
  piiscan::run_scan(options, engine, policy, watched);
  spilled = {watched.spilled_records, watched.spilled_findings, watched.kept_findings};
  std::string report = out.str();
  zero_number_after(report, "\"duration_ms\":");
  zero_number_after(report, "scanned in ");
  return report;
}

// Lines of `count` e-mail addresses: ten values, repeated, so that the reasons, too, must come
// out as the whole findings give them.
std::string staff_addresses(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += "staff" + std::to_string(i % 10) + "@example.com\n";
  }
  return text;
}

}  // namespace

TEST_CASE("every report of a file whose findings were spilled is the report without spilling",
          "[spill]") {
  TempTree tree;
  const std::size_t lines = 3 * k_spill_from + 123;
  const std::string file = tree.write("export/staff.txt", staff_addresses(lines));
  tree.write("export/other.txt", "one0@example.com\n");
  const auto format = GENERATE(piiscan::ReportFormat::json, piiscan::ReportFormat::jsonl,
                               piiscan::ReportFormat::csv, piiscan::ReportFormat::table);
  const bool show_values = GENERATE(false, true);  // the spill keeps values only if asked
  INFO("format " << piiscan::to_string(format) << ", values " << show_values);

  Spilled unspilled;
  const std::string whole = scan_report(tree.path("export"), format, tree.path(""), unspilled,
                                        false, show_values);
  CHECK(unspilled.records == 0);
  Spilled spill;
  const std::string report =
      scan_report(tree.path("export"), format, tree.path(""), spill, true, show_values);
  CHECK(spill.records == 1);
  CHECK(spill.findings >= 2 * k_spill_from);  // batches of two chunks…
  CHECK(spill.kept > 0);                      // …and the last chunk's, kept
  CHECK(spill.findings + spill.kept == lines);
  CHECK(report.size() == whole.size());
  CHECK((report == whole));  // not printed: Catch would print two reports of 15,000 findings
  if (format == piiscan::ReportFormat::json) {
    const auto document = nlohmann::json::parse(report);
    REQUIRE(document["files"].size() == 2);
    const nlohmann::json& spilled = document["files"][1];  // sorted by path: other.txt first
    CHECK(spilled["path"] == file);
    CHECK(spilled["findings"].size() == lines);
    CHECK(spilled["findings"][0].contains("value") == show_values);
    CHECK(document["summary"]["findings_by_detector"]["email"] == lines + 1);
  }
}

TEST_CASE("a member of an archive spills its findings as a file does", "[spill]") {
  TempTree tree;
  const std::string zip = tree.write(
      "export/staff.zip",
      piiscan::test::make_zip({{"HR/staff.txt", staff_addresses(2 * k_spill_from + 77)}}));
  const auto format = GENERATE(piiscan::ReportFormat::json, piiscan::ReportFormat::jsonl,
                               piiscan::ReportFormat::csv);
  INFO("format " << piiscan::to_string(format));
  Spilled spill;
  const std::string whole =
      scan_report(tree.path("export"), format, tree.path(""), spill, false);
  CHECK(spill.records == 0);
  const std::string report = scan_report(tree.path("export"), format, tree.path(""), spill);
  CHECK(spill.records == 1);
  CHECK(spill.findings + spill.kept == 2 * k_spill_from + 77);
  CHECK(report.find(zip + "!/HR/staff.txt") != std::string::npos);
  CHECK((report == whole));
}

TEST_CASE("the reports keep findings and records in memory where no temporary file can be made",
          "[spill]") {
  TempTree tree;
  tree.write("export/staff.txt", staff_addresses(k_spill_from + 10));
  tree.write("export/other.txt", "one0@example.com\n");
  const auto format = GENERATE(piiscan::ReportFormat::json, piiscan::ReportFormat::jsonl,
                               piiscan::ReportFormat::csv);
  INFO("format " << piiscan::to_string(format));
  Spilled spill;
  const std::string expected = scan_report(tree.path("export"), format, tree.path(""), spill);
  CHECK(spill.records == 1);
  {
    // The report's folder takes no temporary file (as an NFS share would not): $TMPDIR does.
    ScopedTmpdir tmpdir(tree.path(""));
    const std::string report =
        scan_report(tree.path("export"), format, tree.path("missing-folder"), spill);
    CHECK(spill.records == 1);
    CHECK((report == expected));
  }
  ScopedTmpdir tmpdir(tree.path("missing-tmp"));  // neither does: everything stays in memory
  const std::string report =
      scan_report(tree.path("export"), format, tree.path("missing-folder"), spill);
  CHECK(spill.records == 0);
  CHECK((report == expected));
  CHECK(report.find("staff.txt") != std::string::npos);
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
