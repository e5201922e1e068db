#include "report/reporters.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_writer.hpp"
#include "report/report_json.hpp"
#include "report/report_spill.hpp"

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
// object per line (rendered in the worker that scanned it, and kept in a RecordStore until
// then), then the summary.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, const ReportOptions& options)
      : m_out(out), m_options(options), m_files(options.spill_directory) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    thread_local std::string piece;
    m_files.add(report.path, [&](const PieceSink& emit) {
      append_file_json_in_pieces(piece, report, m_options.show_values, {}, emit);
    });
  }
  void error(const ScanError&) override {}  // listed from the summary
  void skipped(const SkipRecord&) override {}
  std::unique_ptr<FindingSpill> spill() override {
    return PackedSpill::make(m_options.spill_directory, m_options.show_values);
  }

  void end(const RunInfo& info, const ScanSummary& summary) override {
    m_out << "{\n  \"schema_version\": 1,\n  \"tool\": "
          << dump_json(Json{{"name", "piiscan"}, {"version", info.tool_version}}, -1)
          << ",\n  \"scan\": " << nested(scan_to_json(info, summary)) << ",\n  \"files\": [";
    m_files.write_sorted(m_out, "\n    ", ",\n    ");
    m_out << (m_files.size() == 0 ? "]" : "\n  ]") << ",\n  \"summary\": "
          << nested(summary_to_json(summary)) << "\n}\n";
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  ReportOptions m_options;
  RecordStore m_files;  // the file objects, keyed by path
};

// What a worker's line buffer is reserved for at first, and the most it keeps from line to line.
// Reserved address space costs no memory until written; grown by doubling instead, the line of
// a dense export copied itself at each step and touched about twice its pages, each first touch
// a page fault (1.6 us on the bench machine). A longer line's buffer is freed: it would stay
// resident for the rest of the run.
constexpr std::size_t k_line_capacity = std::size_t{64} << 20;

// Writes lines to `out` for several threads without making any of them call write(2) while
// holding the lock: with the write inside the lock, the other workers queued behind every
// flush, and the lock hand-offs (futex wait and wake) cost more than the writes themselves on a
// tree of small files. A thread that finds no write in progress becomes the writer and writes
// whatever is queued, again and again, until nothing is; a thread that finds one in progress
// queues its line and goes on, and the writer writes it after the lines before it. So no line
// waits for anything but the write in progress, and lines go out in the order handed in.
//
// A long line (a dense export's is megabytes) is queued by taking the caller's buffer, never
// copied, and the caller gets a spare one: a worker that finished a file while the other wrote
// a line of megabytes had waited for that write, idle (12–63 ms in a 0.7 s scan of the bench
// share at -j2). The queue holds up to 64 MiB where the old bound was 1 MiB, so a slow reader
// of a pipe lets piiscan run that much further ahead before the workers wait.
class LineWriter {
 public:
  explicit LineWriter(std::ostream& out) : m_out(out) {}

  void write(std::string&& line) { write(line); }

  // Writes `line` and a line feed. `line` may come back holding another buffer, emptied.
  void write(std::string& line) {
    std::unique_lock lock(m_mutex);
    // Bounded, so a blocked output (a pipe nobody reads) still stops the workers; a line longer
    // than the bound waits for nothing queued and is written from the caller's buffer.
    m_room.wait(lock, [&] { return idle() || m_queued + line.size() < k_max_queued; });
    if (idle()) {
      write_direct(lock, line);
      return;
    }
    queue(line);
    if (!m_writing) {
      write_queued(lock);
    }
  }

  // Writes the line that `render` hands to its sink piece by piece, and a line feed, straight to
  // the output: the line is never whole in memory. The caller is the writer meanwhile, and the
  // others queue their lines. When another write is in progress or queued, waits for it if
  // `wait`, and otherwise returns false without writing.
  bool write_in_pieces(const std::function<void(const PieceSink&)>& render, bool wait) {
    std::unique_lock lock(m_mutex);
    if (!idle()) {
      if (!wait) {
        return false;
      }
      m_room.wait(lock, [&] { return !m_writing; });
    }
    m_writing = true;
    write_pieces(lock);  // lines handed in before this one
    lock.unlock();
    render([this](std::string& piece) {
      m_out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      piece.clear();
    });
    m_out.put('\n');
    m_out.flush();
    lock.lock();
    write_queued(lock);  // the lines handed in meanwhile
    return true;
  }

 private:
  struct Piece {
    std::string bytes;
    bool whole_line = false;  // a long line taken as it is: its line feed is written after it
  };

  bool idle() const { return !m_writing && m_pieces.empty(); }

  void queue(std::string& line) {
    m_queued += line.size() + 1;
    if (line.size() >= k_min_taken) {
      m_pieces.push_back({std::move(line), true});
      line = take_spare();
      return;
    }
    if (m_pieces.empty() || m_pieces.back().whole_line) {
      m_pieces.push_back({take_spare(), false});
    }
    m_pieces.back().bytes.append(line);
    m_pieces.back().bytes.push_back('\n');
  }

  void write_direct(std::unique_lock<std::mutex>& lock, std::string_view line) {
    m_writing = true;
    lock.unlock();
    m_out.write(line.data(), static_cast<std::streamsize>(line.size()));
    m_out.put('\n');
    m_out.flush();
    lock.lock();
    write_queued(lock);  // the lines handed in meanwhile
  }

  void write_queued(std::unique_lock<std::mutex>& lock) {
    m_writing = true;
    write_pieces(lock);
    m_writing = false;
    m_room.notify_all();  // a thread with a line longer than the bound waits for this
  }

  // Writes the queued lines; the caller is the writer.
  void write_pieces(std::unique_lock<std::mutex>& lock) {
    while (!m_pieces.empty()) {
      Piece piece = std::move(m_pieces.front());
      m_pieces.pop_front();
      lock.unlock();
      m_out.write(piece.bytes.data(), static_cast<std::streamsize>(piece.bytes.size()));
      if (piece.whole_line) {
        m_out.put('\n');
      }
      m_out.flush();
      lock.lock();
      m_queued -= piece.bytes.size() + (piece.whole_line ? 1 : 0);
      keep_spare(std::move(piece.bytes));
      m_room.notify_all();
    }
  }

  // A written buffer, kept for the next taken line or queued lines: a new string for each
  // touched as many fresh pages.
  void keep_spare(std::string bytes) {
    if (m_spares.size() < k_max_spares && bytes.capacity() <= k_max_spare_bytes) {
      bytes.clear();
      m_spares.push_back(std::move(bytes));
    }
  }

  std::string take_spare() {
    if (m_spares.empty()) {
      return {};
    }
    std::string spare = std::move(m_spares.back());
    m_spares.pop_back();
    return spare;
  }

  static constexpr std::size_t k_min_taken = 1 << 16;  // shorter lines are copied
  static constexpr std::size_t k_max_queued = std::size_t{64} << 20;
  // Spares are few: with the workers' own buffers and the queue, they bound what the report
  // holds in memory. Each holds as much as a worker's buffer, so that a taken line's buffer
  // comes back into use, its pages already touched.
  static constexpr std::size_t k_max_spares = 2;
  static constexpr std::size_t k_max_spare_bytes = k_line_capacity;
  std::ostream& m_out;
  std::mutex m_mutex;
  std::condition_variable m_room;
  std::deque<Piece> m_pieces;  // complete lines not yet handed to m_out, in order
  std::size_t m_queued = 0;    // their bytes, line feeds included
  std::vector<std::string> m_spares;
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
    if (!write_in_pieces(report, line)) {
      line.reserve(std::max(k_line_capacity, estimated_size(report)));
      append_file_json(line, report, m_options.show_values, "file");
      m_out.write(line);
    }
    if (line.capacity() > k_line_capacity) {
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

  std::unique_ptr<FindingSpill> spill() override {
    return PackedSpill::make(m_options.spill_directory, m_options.show_values);
  }

 private:
  // A file of more findings than one piece holds is written piece by piece when no other write
  // is in progress, so its line is never whole in memory: the line of an export with 2 million
  // IBANs was 343 MB, on top of its findings. While another write is in progress, a line that
  // fits k_line_capacity is written whole into `buffer` and queued, as waiting for that write
  // had left a worker idle; a longer line, and the line of a file whose findings were spilled,
  // waits, so that memory stays bounded. Should the spill fail to read back, the record still
  // ends as valid JSON, and the spill's lost_errno() tells the driver, which reports the error.
  bool write_in_pieces(const FileReport& report, std::string& buffer) {
    if (report.spilled == nullptr && report.findings.size() <= k_findings_per_piece) {
      return false;
    }
    const bool too_long_to_hold =
        report.spilled != nullptr || estimated_size(report) > k_line_capacity;
    return m_out.write_in_pieces(
        [&](const PieceSink& emit) {
          append_file_json_in_pieces(buffer, report, m_options.show_values, "file", emit);
        },
        too_long_to_hold);
  }

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
