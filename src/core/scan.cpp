#include <piiscan/scan.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>



#include "core/batch_queue.hpp"
#include "core/file_scanner.hpp"
#include "core/line_counter.hpp"
#include "util/display.hpp"
#include "util/errno_text.hpp"
#include "util/log.hpp"

namespace piiscan {

namespace {

class Driver final : public WalkSink, public ScanOutput {
 public:
  Driver(const ScanOptions& options, const Engine& engine, const Policy& policy,
         Reporter& reporter)
      : m_options(options), m_engine(engine), m_policy(policy), m_reporter(reporter) {}

  ScanSummary run() {
    m_extract.stop = m_options.stop;
    const auto started = std::chrono::steady_clock::now();
    const RunInfo info{m_options.roots, m_options.tool_version};
    m_reporter.begin(info);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < worker_count(); ++i) {
      workers.emplace_back([this] { work(); });
    }
    walk(m_options.roots, m_options.walk, *this);
    flush_batch();
    m_queue.close();
    for (std::thread& worker : workers) {
      worker.join();
    }
    finish_summary(started);
    m_reporter.end(info, m_summary);
    return m_summary;
  }

  // Files go to the queue in batches of k_batch_files, so a tree of small files does not cost a
  // lock and a wake-up per file. A batch that a waiting worker could use is handed over early,
  // but not before it is k_batch_wait old: handed over at once, files went one by one, each
  // with a wake-up, to workers that were waiting only because the walker was a little behind.
  void on_file(FileEntry entry) override {
    if (m_batch.empty()) {
      m_batch_started = std::chrono::steady_clock::now();
    }
    m_batch.push_back(std::move(entry));
    if (m_batch.size() >= k_batch_files ||
        (m_queue.consumers_waiting() &&
         std::chrono::steady_clock::now() - m_batch_started >= k_batch_wait)) {
      flush_batch();
    }
  }

  // The walker's skips are the scan's policy (special files, symlinks, excludes, loops), none
  // of which leaves it incomplete; files too large are skipped by the workers (FileScanner).
  void on_skip(const std::string& path, const std::string& reason) override {
    record_skip(SkipRecord{path, reason, "", false});
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

  void flush_batch() {
    if (!m_batch.empty()) {
      m_queue.push_all(m_batch);
    }
  }

  // Workers take files a few at a time: one pop per file cost a lock hand-off between the
  // cores per file, 5 % of a scan of 200,000 small files. Sizes are not known before the open,
  // so a worker takes one file, then twice as many as last time while they are small, and a
  // large file sends the rest of its take back to the queue for the other workers: the last
  // files of a share spread over the workers whatever their sizes.
  void work() {
    FileScanner scanner(m_engine, m_policy, m_extract, m_options.limits, m_options.checks, *this);
    std::uint64_t bytes_scanned = 0;
    std::vector<FileEntry> taken;
    std::size_t take = 1;
    while (m_queue.pop_some(taken, take)) {
      take = std::min(2 * take, k_batch_files);
      for (std::size_t i = 0; i < taken.size(); ++i) {
        if (stop_requested()) {
          continue;  // drain the queue without scanning
        }
        const std::uint64_t bytes = scanner.scan(taken[i]);
        bytes_scanned += bytes;
        if (m_options.progress != nullptr) {
          m_options.progress->files.fetch_add(1, std::memory_order_relaxed);
          m_options.progress->bytes.fetch_add(bytes, std::memory_order_relaxed);
        }
        if (bytes >= k_large_file) {
          m_queue.put_back(taken, i + 1);
          take = 1;
          break;
        }
      }
      taken.clear();
    }
    std::lock_guard lock(m_mutex);
    m_summary.bytes_scanned += bytes_scanned;
  }

  void file(const FileReport& report) override { record_file(report); }
  std::unique_ptr<FindingSpill> spill() override { return m_reporter.spill(); }
  void error(ScanError error) override { record_error(std::move(error)); }
  void skip(SkipRecord record) override { record_skip(std::move(record)); }

  // Reporters are thread-safe (reporter.hpp), so they are called outside the driver's lock;
  // the lock only guards the summary.
  void record_file(const FileReport& report) {
    m_reporter.file(report);
    if (report.spilled != nullptr && report.spilled->lost_errno() != 0) {
      record_error(ScanError{report.path, "report",
                             "findings kept in a temporary file could not be read back: " +
                                 errno_text(report.spilled->lost_errno())});
    }
    CountsByRule per_rule;
    count_by_rule(report.findings, per_rule);
    std::lock_guard lock(m_mutex);
    ++m_summary.files_scanned;
    ++m_summary.files_by_sensitivity[static_cast<int>(report.sensitivity)];
    for (const auto& [rule, count] : per_rule) {
      m_summary.findings_by_detector[rule->id] += count;
    }
    if (report.spilled != nullptr) {
      for (const auto& [rule, count] : report.spilled->counts()) {
        m_summary.findings_by_detector[rule->id] += count;
      }
    }
  }

  void record_error(ScanError error) {
    core_logger()->warn("{}: {}: {}", error.stage, escape_for_display(error.path), error.message);
    m_reporter.error(error);
    std::lock_guard lock(m_mutex);
    m_summary.errors.push_back(std::move(error));
  }

  void record_skip(SkipRecord record) {
    if (record.incomplete) {
      core_logger()->warn("not scanned: {}: {}{}", escape_for_display(record.path), record.reason,
                          record.detail.empty() ? "" : " (" + record.detail + ")");
    }
    m_reporter.skipped(record);
    std::lock_guard lock(m_mutex);
    ++m_summary.files_skipped;
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
  ExtractOptions m_extract = m_options.extract;  // plus the stop flag
  const Engine& m_engine;
  const Policy& m_policy;
  Reporter& m_reporter;
  static constexpr std::size_t k_batch_files = 32;
  // Bytes read from a file after which the rest of a worker's take goes back to the queue.
  static constexpr std::uint64_t k_large_file = 1 << 20;
  static constexpr std::chrono::microseconds k_batch_wait{500};
  BatchQueue<FileEntry> m_queue{64 * k_batch_files};
  std::vector<FileEntry> m_batch;  // filled by the walker thread only
  std::chrono::steady_clock::time_point m_batch_started;
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
  std::vector<Finding> findings;
  LineCounter lines;
  const ChunkDetector detector(engine, findings, lines, nullptr);
  std::string head;
  extract_text(read_from_memory(text), "", options, std::cref(detector), head);
  return findings;
}

}  // namespace piiscan
