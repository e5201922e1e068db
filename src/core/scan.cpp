#include <piiscan/scan.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "util/display.hpp"

namespace piiscan {

namespace {

// Numbers lines incrementally over consecutive chunks: LF, CRLF and a lone CR each end a line.
class LineCounter {
 public:
  // Counts line breaks up to absolute offset `to`, which must lie inside `chunk.text`.
  void advance(const Chunk& chunk, std::uint64_t to) {
    for (; m_pos < to; ++m_pos) {
      const char c = chunk.text[static_cast<std::size_t>(m_pos - chunk.base_offset)];
      if (c == '\n') {
        m_line += m_previous_cr ? 0 : 1;
        m_line_start = m_pos + 1;
      } else if (c == '\r') {
        ++m_line;
        m_line_start = m_pos + 1;
      }
      m_previous_cr = c == '\r';
    }
  }

  void number(Finding& finding) const {
    finding.line = m_line;
    finding.column = finding.offset - m_line_start + 1;
  }

 private:
  std::uint64_t m_pos = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_line_start = 0;
  bool m_previous_cr = false;
};

std::string errno_text(int error) {
  std::string message = std::strerror(error);
  if (!message.empty()) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  return message;
}

// Opens for reading without blocking on anything that is not a regular file, without updating
// atime where the kernel lets us, and checks that the file is still the one the walker saw.
int open_checked(const FileEntry& entry, std::string& error) {
  constexpr int k_flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = ::open(entry.path.c_str(), k_flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) {
    fd = ::open(entry.path.c_str(), k_flags);
  }
  if (fd < 0) {
    error = errno_text(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != entry.device ||
      st.st_ino != entry.inode) {
    ::close(fd);
    error = "file changed while the scan ran";
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

// Runs extraction and detection over one open file, numbering lines as chunks pass.
ExtractResult detect_in_file(int fd, std::string_view name, const Engine& engine,
                             const ExtractOptions& options, std::vector<Finding>& findings) {
  LineCounter lines;
  return extract_text(fd, name, options, [&](const Chunk& chunk) {
    const std::size_t first = findings.size();
    engine.scan(chunk, findings);
    for (std::size_t i = first; i < findings.size(); ++i) {
      lines.advance(chunk, findings[i].offset);
      lines.number(findings[i]);
    }
    lines.advance(chunk, chunk.base_offset + chunk.accept_end);
  });
}

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity) {}

  void push(T item) {
    std::unique_lock lock(m_mutex);
    m_not_full.wait(lock, [&] { return m_items.size() < m_capacity; });
    m_items.push_back(std::move(item));
    m_not_empty.notify_one();
  }

  std::optional<T> pop() {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed; });
    if (m_items.empty()) {
      return std::nullopt;
    }
    T item = std::move(m_items.front());
    m_items.pop_front();
    m_not_full.notify_one();
    return item;
  }

  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_not_empty.notify_all();
  }

 private:
  std::size_t m_capacity;
  std::deque<T> m_items;
  bool m_closed = false;
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
};

class Driver final : public WalkSink {
 public:
  Driver(const ScanOptions& options, const Engine& engine, const Policy& policy,
         Reporter& reporter)
      : m_options(options), m_engine(engine), m_policy(policy), m_reporter(reporter) {}

  ScanSummary run() {
    const auto started = std::chrono::steady_clock::now();
    const RunInfo info{m_options.roots, m_options.tool_version};
    m_reporter.begin(info);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < worker_count(); ++i) {
      workers.emplace_back([this] { work(); });
    }
    walk(m_options.roots, m_options.walk, *this);
    m_queue.close();
    for (std::thread& worker : workers) {
      worker.join();
    }
    finish_summary(started);
    m_reporter.end(info, m_summary);
    return m_summary;
  }

  void on_file(FileEntry entry) override { m_queue.push(std::move(entry)); }

  void on_skip(const std::string& path, const std::string& reason) override {
    record_skip(SkipRecord{path, reason, "", reason == "too_large"});
  }

  void on_error(const std::string& path, const std::string& stage,
                const std::string& message) override {
    record_error(ScanError{path, stage, message});
  }

  bool stop_requested() const override {
    return m_options.stop != nullptr && m_options.stop->load();
  }

 private:
  unsigned worker_count() const {
    if (m_options.threads != 0) {
      return m_options.threads;
    }
    return std::max(1u, std::thread::hardware_concurrency());
  }

  void work() {
    std::vector<Finding> findings;
    while (std::optional<FileEntry> entry = m_queue.pop()) {
      if (stop_requested()) {
        continue;  // drain the queue without scanning
      }
      findings.clear();
      scan_file(*entry, findings);
    }
  }

  void scan_file(const FileEntry& entry, std::vector<Finding>& findings) {
    std::string open_error;
    const int fd = open_checked(entry, open_error);
    if (fd < 0) {
      record_error(ScanError{entry.path, "open", open_error});
      return;
    }
    const ExtractResult extracted =
        detect_in_file(fd, entry.path, m_engine, m_options.extract, findings);
    ::close(fd);
    if (m_options.progress != nullptr) {
      m_options.progress->files.fetch_add(1, std::memory_order_relaxed);
      m_options.progress->bytes.fetch_add(extracted.bytes_read, std::memory_order_relaxed);
    }
    if (extracted.kind != ContentKind::text) {
      const bool unsupported = extracted.kind == ContentKind::unsupported;
      record_skip(SkipRecord{entry.path, unsupported ? "unsupported_format" : "binary",
                             extracted.media_type, unsupported});
      return;
    }
    if (extracted.read_errno != 0) {
      record_error(ScanError{entry.path, "read", errno_text(extracted.read_errno)});
    }
    FileReport report;
    report.path = entry.path;
    report.size = entry.size;
    report.media_type = extracted.media_type;
    report.encoding = extracted.encoding;
    Classification classification = classify(findings, m_policy);
    report.sensitivity = classification.level;
    report.reasons = std::move(classification.reasons);
    report.findings = std::move(findings);
    record_file(report, extracted.bytes_read);
    findings = std::move(report.findings);
  }

  void record_file(const FileReport& report, std::uint64_t bytes) {
    std::lock_guard lock(m_mutex);
    ++m_summary.files_scanned;
    m_summary.bytes_scanned += bytes;
    ++m_summary.files_by_sensitivity[static_cast<int>(report.sensitivity)];
    for (const Finding& finding : report.findings) {
      ++m_summary.findings_by_detector[finding.rule->id];
    }
    m_reporter.file(report);
  }

  void record_error(ScanError error) {
    spdlog::warn("{}: {}: {}", error.stage, escape_for_display(error.path), error.message);
    std::lock_guard lock(m_mutex);
    m_reporter.error(error);
    m_summary.errors.push_back(std::move(error));
  }

  void record_skip(SkipRecord record) {
    if (record.incomplete) {
      spdlog::warn("not scanned: {}: {}{}", escape_for_display(record.path), record.reason,
                   record.detail.empty() ? "" : " (" + record.detail + ")");
    }
    std::lock_guard lock(m_mutex);
    ++m_summary.files_skipped;
    m_reporter.skipped(record);
    m_summary.skipped.push_back(std::move(record));
  }

  void finish_summary(std::chrono::steady_clock::time_point started) {
    const auto elapsed = std::chrono::steady_clock::now() - started;
    m_summary.duration_ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    m_summary.interrupted = stop_requested();
    const bool limits_hit = std::any_of(m_summary.skipped.begin(), m_summary.skipped.end(),
                                        [](const SkipRecord& r) { return r.incomplete; });
    m_summary.complete = m_summary.errors.empty() && !limits_hit && !m_summary.interrupted;
    std::sort(m_summary.errors.begin(), m_summary.errors.end(),
              [](const ScanError& a, const ScanError& b) {
                return a.path != b.path ? a.path < b.path : a.stage < b.stage;
              });
    std::sort(m_summary.skipped.begin(), m_summary.skipped.end(),
              [](const SkipRecord& a, const SkipRecord& b) { return a.path < b.path; });
  }

  const ScanOptions& m_options;
  const Engine& m_engine;
  const Policy& m_policy;
  Reporter& m_reporter;
  BoundedQueue<FileEntry> m_queue{1024};
  std::mutex m_mutex;
  ScanSummary m_summary;
};

}  // namespace

ScanSummary run_scan(const ScanOptions& options, const Engine& engine, const Policy& policy,
                     Reporter& reporter) {
  Driver driver(options, engine, policy, reporter);
  return driver.run();
}

std::vector<Finding> scan_text(std::string_view text, const Engine& engine,
                               const ExtractOptions& options) {
  int pipe_fds[2];
  std::vector<Finding> findings;
  // Through a pipe so the text takes exactly the path a file's bytes take (sniffing, decoding,
  // windows); a writer thread keeps large texts from filling the pipe and blocking.
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return findings;
  }
  std::thread writer([&] {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(pipe_fds[1], text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(pipe_fds[1]);
  });
  detect_in_file(pipe_fds[0], "", engine, options, findings);
  writer.join();
  ::close(pipe_fds[0]);
  return findings;
}

}  // namespace piiscan
