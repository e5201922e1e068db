// Reporters: the push interface through which a scan's results leave the core, and the
// built-in formats (table, json, jsonl, csv).
//
// A run calls `begin` once, then `file`, `error` and `skipped` in any order as files complete,
// then `end` once. `file`, `error` and `skipped` may be called from several worker threads at
// once: reporters render outside their lock and hold it only to store or write, so rendering a
// finding-dense file never stalls the other workers. Whole-document formats (json, csv, table)
// buffer and write sorted by path in `end`; jsonl writes and flushes each line as it comes:
// at once, or, while another thread's write is in progress, right after that write (by the
// thread doing it), never later.
//
// Privacy: a reporter writes `Finding::value` only when `ReportOptions::show_values` is set,
// and never logs values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/finding.hpp>

namespace piiscan {

struct RunInfo {
  std::vector<std::string> roots;
  std::string tool_version;
};

// The first findings of a file with very many, taken by the reporter while the file is still
// scanned, so that they need not stay in memory (FileScanner hands them over past a few hundred
// thousand): json, JSON Lines and csv pack them into a temporary file and write them out with
// the file's record; the table, which lists no findings, keeps only their counts. The record's
// `findings` are then the ones after them.
class FindingSpill {
 public:
  virtual ~FindingSpill() = default;
  // Takes the next findings, in order.
  void take(std::span<const Finding> findings);
  std::uint64_t size() const noexcept { return m_size; }
  // How many findings of each detector were taken.
  const CountsByRule& counts() const noexcept { return m_counts; }
  // After the file's record was written: the errno with which some taken findings could not be
  // written with it (they are lost; the scan driver reports it), else 0.
  int lost_errno() const noexcept { return m_lost_errno; }

 protected:
  virtual void write(std::span<const Finding> findings) = 0;
  void set_lost(int error) const noexcept { m_lost_errno = error; }

 private:
  mutable int m_lost_errno = 0;  // set while the record is written, from a const spill
  std::uint64_t m_size = 0;
  CountsByRule m_counts;
};

struct FileReport {
  std::string path;
  std::uint64_t size = 0;
  std::string media_type;
  std::string encoding;
  Sensitivity sensitivity = Sensitivity::public_;
  std::vector<std::string> reasons;
  std::vector<Finding> findings;  // ordered by offset
  const FindingSpill* spilled = nullptr;  // when not null, findings before `findings`
};

// A file or folder that could not be scanned fully. Stages: "walk", "stat", "open", "read",
// "extract", "limit", "report" (findings a spill lost). Every error makes the scan incomplete.
struct ScanError {
  std::string path;
  std::string stage;
  std::string message;
};

// An entry left out on purpose (see walker.hpp for reasons). `incomplete` is true for reasons
// that leave personal data possibly unseen (a size limit), false for policy (a FIFO, a symlink).
struct SkipRecord {
  std::string path;
  std::string reason;
  std::string detail;  // e.g. the media type of an unsupported file; may be empty
  bool incomplete = false;
};

struct ScanSummary {
  bool complete = true;
  bool interrupted = false;
  std::uint64_t files_scanned = 0;
  std::uint64_t files_skipped = 0;
  std::uint64_t bytes_scanned = 0;
  std::uint64_t duration_ms = 0;
  std::vector<ScanError> errors;   // sorted by path
  std::vector<SkipRecord> skipped;  // sorted by path
  std::uint64_t files_by_sensitivity[k_sensitivity_levels] = {};
  std::map<std::string, std::uint64_t> findings_by_detector;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& info) = 0;
  virtual void file(const FileReport& report) = 0;
  virtual void error(const ScanError& error) = 0;
  virtual void skipped(const SkipRecord& record) = 0;
  virtual void end(const RunInfo& info, const ScanSummary& summary) = 0;
  // A spill for the findings of one file, to be handed back in `file` with that file's record;
  // null when it cannot make one (the findings then stay in memory), and by default.
  virtual std::unique_ptr<FindingSpill> spill() { return nullptr; }
};

enum class ReportFormat { table, json, jsonl, csv };

struct ReportOptions {
  bool show_values = false;
  std::size_t table_top_files = 10;  // files listed in the table's "most sensitive" section
  // Where the reporters keep their temporary files (a dense file's findings, the parts of a
  // sorted report): beside the report, as the text goes there next; empty: $TMPDIR, else /tmp.
  std::string spill_directory;
};

std::string_view to_string(ReportFormat format) noexcept;
std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;
// The format an output file name implies (".json", ".jsonl"/".ndjson", ".csv", ".txt"), if any.
std::optional<ReportFormat> format_from_extension(std::string_view path) noexcept;

// A reporter writing `format` to `out`, which must outlive it.
std::unique_ptr<Reporter> make_reporter(ReportFormat format, std::ostream& out,
                                        const ReportOptions& options);

}  // namespace piiscan
