#include "report/reporters.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "report/report_spill.hpp"
#include "util/display.hpp"

namespace piiscan {

namespace {

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000.0 && unit + 1 < std::size(units)) {
    value /= 1000.0;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buffer;
}

struct Entry {
  std::string path;
  Sensitivity level;
  std::vector<std::string> reasons;
};

// The most sensitive first, then by path.
bool shown_before(const Entry& a, const Entry& b) {
  return a.level != b.level ? a.level > b.level : a.path < b.path;
}

// The first `limit` of all items offered, in the order `before`, and how many were offered. The
// table shows a few files of each kind: holding every path for it grew with the share (a
// hundred bytes and more per file, for millions of files).
template <typename T, bool (*before)(const T&, const T&)>
class Leaders {
 public:
  explicit Leaders(std::size_t limit) : m_limit(limit) {}

  void offer(T item) {
    ++m_offered;
    if (m_limit == 0) {
      return;
    }
    // A heap whose front is the last of those kept, so that it is the one to give way.
    if (m_kept.size() == m_limit) {
      if (!before(item, m_kept.front())) {
        return;
      }
      std::pop_heap(m_kept.begin(), m_kept.end(), before);
      m_kept.back() = std::move(item);
    } else {
      m_kept.push_back(std::move(item));
    }
    std::push_heap(m_kept.begin(), m_kept.end(), before);
  }

  std::vector<T> take_sorted() {
    std::sort_heap(m_kept.begin(), m_kept.end(), before);
    return std::move(m_kept);
  }
  std::uint64_t offered() const { return m_offered; }

 private:
  std::size_t m_limit;
  std::vector<T> m_kept;
  std::uint64_t m_offered = 0;
};

bool path_before(const std::string& a, const std::string& b) { return a < b; }

// A summary for people: files per level, the most sensitive files with their reasons, errors
// and the skips that leave the scan incomplete.
class TableReporter final : public Reporter {
 public:
  TableReporter(std::ostream& out, const ReportOptions& options)
      : m_out(out),
        m_sensitive(options.table_top_files),
        m_public(options.table_top_files) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    std::lock_guard lock(m_mutex);
    if (report.sensitivity != Sensitivity::public_) {
      m_sensitive.offer(Entry{report.path, report.sensitivity, report.reasons});
    } else {
      m_public.offer(report.path);
    }
  }
  void error(const ScanError&) override {}
  void skipped(const SkipRecord&) override {}
  // The table lists no findings: a file with very many need not keep them.
  std::unique_ptr<FindingSpill> spill() override { return std::make_unique<DroppedSpill>(); }

  void end(const RunInfo& info, const ScanSummary& summary) override {
    write_header(info, summary);
    write_levels(summary);
    write_top_files();
    write_public_files();
    write_problems(summary);
    m_out.flush();
  }

 private:
  void write_header(const RunInfo& info, const ScanSummary& summary) {
    m_out << "piiscan " << info.tool_version << ": " << summary.files_scanned << " files ("
          << human_bytes(summary.bytes_scanned) << ") scanned in " << summary.duration_ms
          << " ms, " << summary.files_skipped << " skipped; scan "
          << (summary.complete ? "complete" : "INCOMPLETE") << "\n\n";
  }

  void write_levels(const ScanSummary& summary) {
    m_out << "Files by sensitivity\n";
    for (int level = k_sensitivity_levels - 1; level >= 0; --level) {
      char line[64];
      std::snprintf(line, sizeof line, "  %-14s %8llu\n",
                    std::string(to_string(static_cast<Sensitivity>(level))).c_str(),
                    static_cast<unsigned long long>(summary.files_by_sensitivity[level]));
      m_out << line;
    }
  }

  void write_top_files() {
    if (m_sensitive.offered() == 0) {
      return;
    }
    const std::vector<Entry> shown = m_sensitive.take_sorted();
    m_out << "\nMost sensitive files (" << shown.size() << " of " << m_sensitive.offered()
          << ")\n";
    for (const Entry& entry : shown) {
      char level[32];
      std::snprintf(level, sizeof level, "  %-14s ", std::string(to_string(entry.level)).c_str());
      m_out << level << escape_for_display(entry.path) << '\n';
      for (const std::string& reason : entry.reasons) {
        m_out << "                   " << reason << '\n';
      }
    }
  }

  // A few public files by name, so a reader sees that the brochure was read and found clean.
  void write_public_files() {
    if (m_public.offered() == 0) {
      return;
    }
    const std::vector<std::string> shown = m_public.take_sorted();
    m_out << "\nPublic: nothing personal found (" << shown.size() << " of " << m_public.offered()
          << ")\n";
    for (const std::string& path : shown) {
      m_out << "  public         " << escape_for_display(path) << '\n';
    }
  }

  void write_problems(const ScanSummary& summary) {
    if (!summary.errors.empty()) {
      m_out << "\nErrors (" << summary.errors.size() << ")\n";
      for (const ScanError& error : summary.errors) {
        m_out << "  " << error.stage << ": " << escape_for_display(error.path) << ": "
              << error.message << '\n';
      }
    }
    std::map<std::string, std::uint64_t> reasons;
    for (const SkipRecord& record : summary.skipped) {
      ++reasons[record.reason];
    }
    if (!reasons.empty()) {
      m_out << "\nSkipped:";
      for (const auto& [reason, count] : reasons) {
        m_out << ' ' << count << ' ' << reason << (&reason == &reasons.rbegin()->first ? "" : ",");
      }
      m_out << '\n';
    }
  }

  std::ostream& m_out;
  std::mutex m_mutex;
  Leaders<Entry, shown_before> m_sensitive;  // the most sensitive files
  Leaders<std::string, path_before> m_public;  // a few public files by name
};

}  // namespace

std::unique_ptr<Reporter> make_table_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<TableReporter>(out, options);
}

}  // namespace piiscan
