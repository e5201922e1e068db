#include "report/reporters.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

#include "report/json_writer.hpp"
#include "report/report_json.hpp"

namespace piiscan {

namespace {

// `json` pretty-printed with 2 spaces, every line after the first indented by 2 more, to sit
// as a member value at the top level of the document.
std::string nested(const Json& json) {
  std::string text = dump_json(json, 2);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += "  ";
    }
  }
  return out;
}

// One JSON document, written in `end`: scan facts, then every file sorted by path, one file
// object per line (rendered in the worker that scanned it), then the summary.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    std::string rendered;
    append_file_json(rendered, report, m_options.show_values);
    std::lock_guard lock(m_mutex);
    m_files.emplace_back(report.path, std::move(rendered));
  }
  void error(const ScanError&) override {}  // listed from the summary
  void skipped(const SkipRecord&) override {}

  void end(const RunInfo& info, const ScanSummary& summary) override {
    std::sort(m_files.begin(), m_files.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    m_out << "{\n  \"schema_version\": 1,\n  \"tool\": "
          << dump_json(Json{{"name", "piiscan"}, {"version", info.tool_version}}, -1)
          << ",\n  \"scan\": " << nested(scan_to_json(info, summary)) << ",\n  \"files\": [";
    for (std::size_t i = 0; i < m_files.size(); ++i) {
      m_out << (i == 0 ? "\n    " : ",\n    ") << m_files[i].second;
    }
    m_out << (m_files.empty() ? "]" : "\n  ]") << ",\n  \"summary\": "
          << nested(summary_to_json(summary)) << "\n}\n";
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  ReportOptions m_options;
  std::mutex m_mutex;
  std::vector<std::pair<std::string, std::string>> m_files;  // (path, rendered object)
};

// Writes lines to `out` for several threads without making any of them call write(2) while
// holding the lock: with the write inside the lock, the other workers queued behind every
// flush, and the lock hand-offs (futex wait and wake) cost more than the writes themselves on a
// tree of small files. A thread that finds no write in progress becomes the writer and writes
// whatever is pending, again and again, until nothing is; a thread that finds one in progress
// appends its line and goes on, and the writer writes that line right after its current write.
// So no line waits for anything but the write in progress, as with the lock, and lines go out
// in the order they were handed in.
class LineWriter {
 public:
  explicit LineWriter(std::ostream& out) : m_out(out) {}

  void write(std::string_view line) {
    std::unique_lock lock(m_mutex);
    if (line.size() >= k_max_pending) {
      // A file with hundreds of thousands of findings makes a line of many megabytes: it is
      // written from the caller's buffer once the lines before it are out, never copied
      // (a copy added 100 MiB to the peak memory on the 1 GiB single-line file).
      m_room.wait(lock, [&] { return !m_writing && m_pending.empty(); });
    } else {
      // Bounded, so a blocked output (a pipe nobody reads) still stops the workers.
      m_room.wait(lock, [&] { return m_pending.size() < k_max_pending; });
    }
    if (!m_writing && m_pending.empty()) {
      write_direct(lock, line);
      return;
    }
    m_pending.append(line);
    m_pending.push_back('\n');
    if (!m_writing) {
      write_pending(lock);
    }
  }

 private:
  void write_direct(std::unique_lock<std::mutex>& lock, std::string_view line) {
    m_writing = true;
    lock.unlock();
    m_out.write(line.data(), static_cast<std::streamsize>(line.size()));
    m_out.put('\n');
    m_out.flush();
    lock.lock();
    write_pending(lock);  // the lines handed in meanwhile
  }

  void write_pending(std::unique_lock<std::mutex>& lock) {
    m_writing = true;
    while (!m_pending.empty()) {
      m_batch.swap(m_pending);  // the two buffers keep their capacity: no allocation per line
      lock.unlock();
      m_out.write(m_batch.data(), static_cast<std::streamsize>(m_batch.size()));
      m_out.flush();
      m_batch.clear();
      lock.lock();
      m_room.notify_all();
    }
    m_writing = false;
    m_room.notify_all();  // a thread with a long line waits for no write in progress
  }

  static constexpr std::size_t k_max_pending = 1 << 20;
  std::ostream& m_out;
  std::mutex m_mutex;
  std::condition_variable m_room;
  std::string m_pending;  // complete lines not yet handed to m_out
  std::string m_batch;    // the lines being written; only the writer touches it
  bool m_writing = false;
};

// One JSON object per line, written and flushed as each file completes (see LineWriter); the
// last line is the summary.
class JsonLinesReporter final : public Reporter {
 public:
  JsonLinesReporter(std::ostream& out, const ReportOptions& options)
      : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    // Each worker writes its lines into one buffer that keeps its capacity: the line of a dense
    // export is megabytes, and a new string for each touched as many fresh pages.
    thread_local std::string line;
    line.clear();
    line.reserve(estimated_size(report));  // growing from empty took four allocations a line
    append_file_json(line, report, m_options.show_values, "file");
    m_out.write(line);
    if (line.capacity() > k_max_kept_line) {
      std::string().swap(line);
    }
  }
  void error(const ScanError& error) override { m_out.write(record("error", error_to_json(error))); }
  void skipped(const SkipRecord& record_) override {
    m_out.write(record("skipped", skip_to_json(record_)));
  }

  void end(const RunInfo& info, const ScanSummary& summary) override {
    m_out.write(record("summary", Json{{"scan", scan_to_json(info, summary)},
                                       {"summary", summary_to_json(summary)}}));
  }

 private:
  // A longer line's buffer is freed: it would stay resident for the rest of the run.
  static constexpr std::size_t k_max_kept_line = std::size_t{64} << 20;

  // Enough for a file without findings and a few hundred bytes per finding.
  static std::size_t estimated_size(const FileReport& report) {
    return 192 + 2 * report.path.size() + 320 * report.findings.size();
  }

  static std::string record(std::string_view type, const Json& body) {
    Json line{{"type", type}};
    line.update(body);
    return dump_json(line, -1);
  }

  LineWriter m_out;
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
