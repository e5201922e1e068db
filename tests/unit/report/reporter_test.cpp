#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include <piiscan/reporter.hpp>
#include <piiscan/rule.hpp>

#include "report/json_writer.hpp"
#include "util/utf8.hpp"

namespace {

piiscan::Rule k_rule = [] {
  piiscan::Rule rule;
  rule.id = "iban";
  rule.category = "financial";
  return rule;
}();

piiscan::FileReport report_for(std::string path) {
  piiscan::FileReport report;
  report.path = std::move(path);
  report.size = 10;
  report.media_type = "text/plain";
  report.sensitivity = piiscan::Sensitivity::confidential;
  piiscan::Finding finding;
  finding.rule = &k_rule;
  finding.line = 2;
  finding.column = 3;
  finding.excerpt = "DE**00";
  finding.value = "DE8900";
  report.findings.push_back(finding);
  return report;
}

// One parsed record per line of JSON Lines text.
std::vector<nlohmann::json> jsonl_records(const std::string& text) {
  std::istringstream lines(text);
  std::vector<nlohmann::json> records;
  std::string line;
  while (std::getline(lines, line)) {
    records.push_back(nlohmann::json::parse(line));
  }
  return records;
}

// The paths of the file records.
std::set<std::string> file_paths(const std::vector<nlohmann::json>& records) {
  std::set<std::string> paths;
  for (const auto& record : records) {
    if (record["type"] == "file") {
      paths.insert(record["path"].get<std::string>());
    }
  }
  return paths;
}

const piiscan::RunInfo k_info{{"root"}, "0.1.0"};

// A reporter of `format` on `out`, begun.
std::unique_ptr<piiscan::Reporter> begun(piiscan::ReportFormat format, std::ostream& out,
                                         bool show_values = false) {
  auto reporter = piiscan::make_reporter(format, out, {show_values, 10, ""});
  reporter->begin(k_info);
  return reporter;
}

std::string run(piiscan::ReportFormat format, const std::vector<std::string>& paths,
                bool show_values = false) {
  std::ostringstream out;
  const auto reporter = begun(format, out, show_values);
  for (const auto& path : paths) {
    reporter->file(report_for(path));
  }
  reporter->end(k_info, piiscan::ScanSummary{});
  return out.str();
}

}  // namespace

TEST_CASE("CSV guards formula cells and quotes per RFC 4180", "[report]") {
  const std::string csv = run(piiscan::ReportFormat::csv, {"=HYPERLINK(\"x\").txt", "a,b.txt"});
  CHECK(csv ==
        "path,detector,category,line,column,confidence,sensitivity,excerpt\r\n"
        "\"'=HYPERLINK(\"\"x\"\").txt\",iban,financial,2,3,low,confidential,DE**00\r\n"
        "\"a,b.txt\",iban,financial,2,3,low,confidential,DE**00\r\n");
}

TEST_CASE("JSON files are sorted by path and values appear only when asked", "[report]") {
  const auto doc = nlohmann::json::parse(run(piiscan::ReportFormat::json, {"b", "a"}));
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["files"][0]["path"] == "a");
  CHECK(doc["files"][1]["path"] == "b");
  CHECK_FALSE(doc["files"][0]["findings"][0].contains("value"));
  const auto shown = nlohmann::json::parse(run(piiscan::ReportFormat::json, {"a"}, true));
  CHECK(shown["files"][0]["findings"][0]["value"] == "DE8900");
}

TEST_CASE("JSON Lines ends with the summary and survives invalid UTF-8 paths", "[report]") {
  const auto records = jsonl_records(run(piiscan::ReportFormat::jsonl, {"bad\xFFname"}));
  REQUIRE(records.size() == 2);
  CHECK(records[0]["type"] == "file");
  CHECK(records[0]["path"] == "bad\xEF\xBF\xBDname");
  CHECK(records[1]["type"] == "summary");
}

TEST_CASE("formats are inferred from output extensions", "[report]") {
  CHECK(piiscan::format_from_extension("r.json") == piiscan::ReportFormat::json);
  CHECK(piiscan::format_from_extension("r.ndjson") == piiscan::ReportFormat::jsonl);
  CHECK(piiscan::format_from_extension("r.csv") == piiscan::ReportFormat::csv);
  CHECK_FALSE(piiscan::format_from_extension("r.out").has_value());
}

TEST_CASE("the hand-written JSON writer escapes like nlohmann and round-trips", "[report]") {
  const std::string hostile = std::string("q\"b\\s\n\t\x01 \xC3\xBC \xF0\x9F\x98\x80 bad\xFF\xC3 end");
  std::string out;
  piiscan::append_json_string(out, hostile);
  const auto parsed = nlohmann::json::parse(out);
  const std::string expected =
      nlohmann::json(hostile).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  CHECK(parsed == nlohmann::json::parse(expected));
  std::string file;
  piiscan::append_file_json(file, report_for("a\"b"), true, "file");
  const auto object = nlohmann::json::parse(file);
  CHECK(object["type"] == "file");
  CHECK(object["path"] == "a\"b");
  CHECK(object["findings"][0]["value"] == "DE8900");
  CHECK(object["findings"][0]["line"] == 2);
}

namespace {

std::string nlohmann_replaced(std::string_view text) {
  return nlohmann::json::parse(
             nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

}  // namespace

TEST_CASE("findings of several rules with hostile strings keep every member", "[report]") {
  // Long runs of control characters take six bytes each: the writer's bound must hold them.
  const std::string controls(300, '\x01');
  piiscan::Rule quoted;
  quoted.id = "q\"id\\" + controls;
  quoted.category = "c\xFF\xC3t";
  piiscan::FileReport report = report_for("p");
  report.findings[0].location = "sheet \"1\"\n";
  report.findings[0].excerpt = controls + "\xF0\x9F\x98\x80";
  piiscan::Finding other;
  other.rule = &quoted;
  other.line = 7;
  other.column = 18446744073709551615ULL;
  other.offset = 12345678901234ULL;
  other.length = 4294967295U;
  other.validated = true;
  other.confidence = piiscan::Confidence::high;
  other.excerpt = "\"\\";
  other.value = controls;
  report.findings.push_back(other);
  report.findings.push_back(report.findings[0]);  // the first rule again, after another
  for (const bool show_values : {false, true}) {
    std::string out;
    piiscan::append_file_json(out, report, show_values);
    const auto findings = nlohmann::json::parse(out)["findings"];
    REQUIRE(findings.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      const piiscan::Finding& f = report.findings[i];
      const auto& json = findings[i];
      CHECK(json["detector"] == nlohmann_replaced(f.rule->id));
      CHECK(json["category"] == nlohmann_replaced(f.rule->category));
      CHECK(json["line"] == f.line);
      CHECK(json["column"] == f.column);
      CHECK(json["offset"] == f.offset);
      CHECK(json["length"] == f.length);
      CHECK(json["confidence"] == std::string(piiscan::to_string(f.confidence)));
      CHECK(json["validated"] == f.validated);
      CHECK(json.value("location", "") == nlohmann_replaced(f.location));
      CHECK(json["excerpt"] == nlohmann_replaced(f.excerpt));
      CHECK(json.contains("value") == show_values);
      if (show_values) {
        CHECK(json["value"] == nlohmann_replaced(f.value));
      }
    }
  }
}

namespace {

// Records the length of the output at every flush, to check when lines reach the file.
class FlushLog : public std::stringbuf {
 public:
  std::vector<std::size_t> flushed_at;

 protected:
  int sync() override {
    flushed_at.push_back(str().size());
    return 0;
  }
};

}  // namespace

TEST_CASE("JSON Lines flushes every line, whole, also from many threads", "[report]") {
  FlushLog log;
  std::ostream out(&log);
  const auto reporter = begun(piiscan::ReportFormat::jsonl, out);
  reporter->file(report_for("first"));
  CHECK(log.flushed_at == std::vector<std::size_t>{log.str().size()});  // written at once
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        reporter->file(report_for(std::to_string(t) + "/" + std::to_string(i)));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  reporter->end(k_info, piiscan::ScanSummary{});
  const std::string text = log.str();
  CHECK(log.flushed_at.back() == text.size());
  for (std::size_t at : log.flushed_at) {
    CHECK(text[at - 1] == '\n');  // only whole lines are flushed
  }
  const auto records = jsonl_records(text);
  CHECK(file_paths(records).size() == 1 + 4 * 500);
  REQUIRE_FALSE(records.empty());
  CHECK(records.back()["type"] == "summary");
}

TEST_CASE("JSON Lines writes lines of over 1 MiB whole, between the others", "[report]") {
  FlushLog log;
  std::ostream out(&log);
  const auto reporter = begun(piiscan::ReportFormat::jsonl, out);
  const std::string long_name((1 << 20) + 100, 'x');  // one line longer than the writer's buffer
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string name = std::to_string(t) + "/" + std::to_string(i);
        reporter->file(report_for(i % 50 == 0 ? long_name + name : name));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  reporter->end(k_info, piiscan::ScanSummary{});
  const std::string text = log.str();
  for (std::size_t at : log.flushed_at) {
    CHECK(text[at - 1] == '\n');
  }
  const std::set<std::string> paths = file_paths(jsonl_records(text));
  CHECK(paths.size() == 3 * 200);
  CHECK(paths.count(long_name + "2/150") == 1);
}

namespace {

// Holds the first write that reaches it until released, as a slow disk or a full pipe would.
class HeldWrite : public std::stringbuf {
 public:
  std::promise<void> entered;  // set when the first write is being held
  std::promise<void> release;

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    if (!m_held) {
      m_held = true;
      entered.set_value();
      release.get_future().wait();
    }
    return std::stringbuf::xsputn(data, size);
  }

 private:
  bool m_held = false;
};

}  // namespace

TEST_CASE("JSON Lines: a worker with a long line does not wait for another's write", "[report]") {
  // A worker that finished a dense export while the other wrote a line of megabytes had waited
  // for that write, idle. Now the line is queued and written after the one in progress.
  HeldWrite held;
  std::ostream out(&held);
  const auto reporter = begun(piiscan::ReportFormat::jsonl, out);
  const std::string long_name((1 << 20) + 100, 'x');
  std::thread first([&] { reporter->file(report_for(long_name + "first")); });
  held.entered.get_future().wait();  // the first line's write is in progress, and held
  auto second = std::async(std::launch::async,
                           [&] { reporter->file(report_for(long_name + "second")); });
  // A safety bound, not a timing: a writer that waits would never return while the first
  // write is held, and the test would hang instead of failing.
  const bool returned = second.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  held.release.set_value();
  first.join();
  second.wait();
  CHECK(returned);
  reporter->end(k_info, piiscan::ScanSummary{});
  std::vector<std::string> paths;
  for (const auto& record : jsonl_records(held.str())) {
    paths.push_back(record["type"] == "file" ? record["path"].get<std::string>() : "summary");
  }
  CHECK(paths == std::vector<std::string>{long_name + "first", long_name + "second", "summary"});
}

namespace {

// A report of `count` findings, each on its own line.
piiscan::FileReport dense_report(std::string path, std::size_t count) {
  piiscan::FileReport report = report_for(std::move(path));
  report.findings.resize(count, report.findings.front());
  for (std::size_t i = 0; i < count; ++i) {
    report.findings[i].line = i + 1;
  }
  return report;
}

// The findings of the file record for `path`, or -1 when there is none.
long findings_of(const std::vector<nlohmann::json>& records, const std::string& path) {
  for (const auto& record : records) {
    if (record["type"] == "file" && record["path"] == path) {
      return static_cast<long>(record["findings"].size());
    }
  }
  return -1;
}

}  // namespace

TEST_CASE("a file object written in pieces is the text written whole", "[report]") {
  const std::size_t per_piece = piiscan::k_findings_per_piece;
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, per_piece, 2 * per_piece + 5}) {
    const piiscan::FileReport report = dense_report("p", count);
    for (const bool show_values : {false, true}) {
      std::string whole;
      piiscan::append_file_json(whole, report, show_values, "file");
      std::string joined;
      std::vector<std::size_t> sizes;
      std::string piece;
      piiscan::append_file_json_in_pieces(piece, report, show_values, "file",
                                          [&](std::string& text) {
                                            joined += text;
                                            sizes.push_back(text.size());
                                            text.clear();
                                          });
      CHECK(joined == whole);
      // One piece per k_findings_per_piece findings, and the closing brackets.
      CHECK(sizes.size() == (count + per_piece - 1) / per_piece + 1);
      CHECK(sizes.back() == (count == 0 ? whole.size() : 2));
    }
  }
}

TEST_CASE("JSON Lines writes dense files whole between the others, from many threads",
          "[report]") {
  FlushLog log;
  std::ostream out(&log);
  const auto reporter = begun(piiscan::ReportFormat::jsonl, out);
  const std::size_t dense = piiscan::k_findings_per_piece + 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 60; ++i) {
        const std::string name = std::to_string(t) + "/" + std::to_string(i);
        reporter->file(i % 20 == 0 ? dense_report(name, dense) : report_for(name));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  reporter->end(k_info, piiscan::ScanSummary{});
  const std::string text = log.str();
  for (std::size_t at : log.flushed_at) {
    CHECK(text[at - 1] == '\n');  // only whole lines are flushed
  }
  const auto records = jsonl_records(text);
  CHECK(file_paths(records).size() == 3 * 60);
  CHECK(findings_of(records, "2/40") == static_cast<long>(dense));
  CHECK(findings_of(records, "2/41") == 1);
}

TEST_CASE("JSON Lines: a dense file waits for another's write only when too long to hold",
          "[report]") {
  HeldWrite held;
  std::ostream out(&held);
  const auto reporter = begun(piiscan::ReportFormat::jsonl, out);
  std::thread first([&] { reporter->file(report_for("first")); });
  held.entered.get_future().wait();  // the first line's write is in progress, and held
  // Dense, but short enough to hold: written whole and queued, as before.
  const auto dense = std::async(std::launch::async, [&] {
    reporter->file(dense_report("dense", piiscan::k_findings_per_piece + 1));
  });
  // A safety bound, not a timing: a writer that waits would never return while the first
  // write is held.
  const bool dense_returned = dense.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  // About 70 MB of JSON: more than a worker's line buffer keeps, so it waits to be the writer
  // and then goes out in pieces. Returning while the first write is held would have meant
  // holding it whole.
  const std::size_t huge_count = 220000;
  const auto huge = std::async(std::launch::async,
                               [&] { reporter->file(dense_report("huge", huge_count)); });
  const bool huge_waited = huge.wait_for(std::chrono::milliseconds(300)) ==
                           std::future_status::timeout;
  held.release.set_value();
  first.join();
  huge.wait();
  CHECK(dense_returned);
  CHECK(huge_waited);
  reporter->end(k_info, piiscan::ScanSummary{});
  // Read as lines, not parsed: the huge one is 70 MB (the pieces' text is checked above).
  std::istringstream text(held.str());
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) {
    lines.push_back(std::move(line));
  }
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[0], Catch::StartsWith("{\"type\":\"file\",\"path\":\"first\""));
  CHECK_THAT(lines[1], Catch::StartsWith("{\"type\":\"file\",\"path\":\"dense\""));
  CHECK_THAT(lines[2], Catch::StartsWith("{\"type\":\"file\",\"path\":\"huge\""));
  CHECK_THAT(lines[2], Catch::EndsWith("}]}"));
  std::size_t findings = 0;
  for (std::size_t at = lines[2].find("{\"detector\""); at != std::string::npos;
       at = lines[2].find("{\"detector\"", at + 1)) {
    ++findings;
  }
  CHECK(findings == huge_count);
  CHECK_THAT(lines[3], Catch::StartsWith("{\"type\":\"summary\""));
}

namespace {

// A JSON string by the definition, one byte or UTF-8 sequence at a time.
std::string json_string_by_definition(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int length = piiscan::utf8_sequence_length(text.substr(i));
    static const std::map<unsigned char, std::string> short_escapes = {
        {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"},
        {'\t', "\\t"}, {'\b', "\\b"},  {'\f', "\\f"}};
    if (const auto escape = short_escapes.find(c); escape != short_escapes.end()) {
      out += escape->second;
    } else if (c < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", c);
      out += code;
    } else if (length >= 1) {
      out += text.substr(i, static_cast<std::size_t>(length));
      i += static_cast<std::size_t>(length);
      continue;
    } else {
      out += "\xEF\xBF\xBD";
    }
    ++i;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("JSON strings of random bytes are written as by the definition", "[report]") {
  std::mt19937 random(7);
  // Mostly plain text, with runs of it past 8 bytes, and what must be escaped or replaced.
  const std::vector<std::string> pieces = {
      "a",  "0123456789", "Z", " ", "\"", "\\", "\n", "\x01", "\x1F", "\x7F", "\xC3\xBC",
      "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xFF", "\xC3", "\x80", "\xED\xA0\x80", "/"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t n = random() % 24; n > 0; --n) {
      text += pieces[random() % pieces.size()];
    }
    std::string out = "prefix";
    piiscan::append_json_string(out, text);
    INFO("round " << round);
    REQUIRE(out == "prefix" + json_string_by_definition(text));
  }
}

// The table holds only the files it shows, yet shows the same ones a full sort would: the most
// sensitive first (then by path), and the first public files by path, with the totals.
TEST_CASE("the table shows the first files of a sort it never makes", "[report]") {
  std::mt19937 random(5);
  std::vector<piiscan::FileReport> reports;
  for (int i = 0; i < 300; ++i) {
    piiscan::FileReport report = report_for("/share/f" + std::to_string(random() % 1000) + "-" +
                                            std::to_string(i));
    report.sensitivity = static_cast<piiscan::Sensitivity>(random() % 4);
    report.reasons = {"reason " + std::to_string(i)};
    reports.push_back(std::move(report));
  }
  std::ostringstream out;
  const auto reporter =
      piiscan::make_reporter(piiscan::ReportFormat::table, out, {false, 7, ""});
  reporter->begin({{"/share"}, "test"});
  for (const piiscan::FileReport& report : reports) {
    reporter->file(report);
  }
  reporter->end({{"/share"}, "test"}, {});

  std::vector<const piiscan::FileReport*> sensitive;
  std::vector<std::string> open;
  for (const piiscan::FileReport& report : reports) {
    if (report.sensitivity == piiscan::Sensitivity::public_) {
      open.push_back(report.path);
    } else {
      sensitive.push_back(&report);
    }
  }
  std::sort(sensitive.begin(), sensitive.end(), [](const auto* a, const auto* b) {
    return a->sensitivity != b->sensitivity ? a->sensitivity > b->sensitivity : a->path < b->path;
  });
  std::sort(open.begin(), open.end());
  std::string expected = "Most sensitive files (7 of " + std::to_string(sensitive.size()) + ")\n";
  for (std::size_t i = 0; i < 7; ++i) {
    char level[32];
    std::snprintf(level, sizeof level, "  %-14s ",
                  std::string(piiscan::to_string(sensitive[i]->sensitivity)).c_str());
    expected += level + sensitive[i]->path + "\n                   " + sensitive[i]->reasons[0] +
                "\n";
  }
  expected += "\nPublic: nothing personal found (7 of " + std::to_string(open.size()) + ")\n";
  for (std::size_t i = 0; i < 7; ++i) {
    expected += "  public         " + open[i] + "\n";
  }
  CHECK(out.str().find(expected) != std::string::npos);
  INFO(out.str());
  CHECK(sensitive.size() > 7);
  CHECK(open.size() > 7);
}
