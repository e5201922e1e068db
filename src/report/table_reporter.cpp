#include "report/reporters.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

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

// A summary for people: files per level, the most sensitive files with their reasons, errors
// and the skips that leave the scan incomplete.
class TableReporter final : public Reporter {
 public:
  TableReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

  void begin(const RunInfo&) override {}
  void file(const FileReport& report) override {
    std::lock_guard lock(m_mutex);
    if (report.sensitivity != Sensitivity::public_) {
      m_entries.push_back(Entry{report.path, report.sensitivity, report.reasons});
    } else {
      m_public.push_back(report.path);
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
    if (m_entries.empty()) {
      return;
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
      return a.level != b.level ? a.level > b.level : a.path < b.path;
    });
    const std::size_t shown = std::min(m_entries.size(), m_options.table_top_files);
    m_out << "\nMost sensitive files (" << shown << " of " << m_entries.size() << ")\n";
    for (std::size_t i = 0; i < shown; ++i) {
      char level[32];
      std::snprintf(level, sizeof level, "  %-14s ", std::string(to_string(m_entries[i].level)).c_str());
      m_out << level << escape_for_display(m_entries[i].path) << '\n';
      for (const std::string& reason : m_entries[i].reasons) {
        m_out << "                   " << reason << '\n';
      }
    }
  }

  // A few public files by name, so a reader sees that the brochure was read and found clean.
  void write_public_files() {
    if (m_public.empty()) {
      return;
    }
    std::sort(m_public.begin(), m_public.end());
    const std::size_t shown = std::min(m_public.size(), m_options.table_top_files);
    m_out << "\nPublic: nothing personal found (" << shown << " of " << m_public.size() << ")\n";
    for (std::size_t i = 0; i < shown; ++i) {
      m_out << "  public         " << escape_for_display(m_public[i]) << '\n';
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
  ReportOptions m_options;
  std::mutex m_mutex;
  std::vector<Entry> m_entries;
  std::vector<std::string> m_public;
};

}  // namespace

std::unique_ptr<Reporter> make_table_reporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<TableReporter>(out, options);
}

}  // namespace piiscan
