// FileScanner: the per-file pipeline of one worker thread. Opens a file, sniffs it, streams text
// through the detector engine, or hands documents and containers to their extractor, recursing
// into members (reported as `outer.zip!/inner.csv`) within the limits, and classifies each file.
//
// Thread-safety: one FileScanner per worker; it reports through a `ScanOutput`, which must be
// safe to call from several workers at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include <piiscan/classifier.hpp>
#include <piiscan/detector.hpp>
#include <piiscan/document.hpp>
#include <piiscan/extractor.hpp>
#include <piiscan/reporter.hpp>
#include <piiscan/walker.hpp>

namespace piiscan {

class ScanOutput {
 public:
  virtual ~ScanOutput() = default;
  virtual void file(const FileReport& report) = 0;
  virtual void error(ScanError error) = 0;
  virtual void skip(SkipRecord record) = 0;
  // The reporter's spill for one file's findings (Reporter::spill); null: keep them.
  virtual std::unique_ptr<FindingSpill> spill() { return nullptr; }
};

// The findings of one text file or member while it is scanned. Past `spill_from` of them, they
// are tallied for the classifier and handed to the reporter's spill, so that a file with
// millions of findings (a 64 MiB HR export has 2.5 million, 96 bytes each) does not hold them
// all; where the reporter can make no spill, they stay in memory.
class FileFindings {
 public:
  // `spill_from`: ExtractOptions::spill_findings_from. Its default, 262,144 (24 MiB), is more
  // than any file of the bench share has, so the spill's extra pass over the findings' text
  // costs only files that would have held hundreds of MiB.
  FileFindings(std::vector<Finding>& findings, std::size_t spill_from, const Policy& policy,
               ScanOutput& output)
      : m_findings(findings), m_spill_from(spill_from), m_policy(policy), m_output(output) {}

  // After each chunk: spills what the chunk made the findings too many.
  void after_chunk() {
    if (m_findings.size() >= m_spill_from && !m_no_spill) {
      spill_findings();
    }
  }
  // Classifies the file: from the findings at hand, or, once some were spilled, from the tally
  // of all (see FindingTally for how it can differ in its reasons).
  Classification classify();
  const FindingSpill* spilled() const noexcept { return m_spill.get(); }

 private:
  void spill_findings();

  std::vector<Finding>& m_findings;
  std::size_t m_spill_from;
  const Policy& m_policy;
  std::optional<FindingTally> m_tally;  // the findings spilled so far; made with the spill
  ScanOutput& m_output;
  std::unique_ptr<FindingSpill> m_spill;
  bool m_no_spill = false;  // the reporter has none
};

class FileScanner {
 public:
  FileScanner(const Engine& engine, const Policy& policy, const ExtractOptions& extract,
              const ExtractLimits& limits, const FileChecks& checks, ScanOutput& output)
      : m_engine(engine), m_policy(policy), m_extract(extract), m_limits(limits),
        m_checks(checks), m_output(output) {}

  // Scans one file the walker found, after checking that it opened that file and that `checks`
  // do not skip it. Returns the bytes read from disk.
  std::uint64_t scan(const FileEntry& entry);

 private:
  friend class DocumentScan;

  // Per top-level file: the byte, ratio and time budgets shared by all its members.
  struct Budget {
    std::uint64_t input_bytes = 0;
    std::uint64_t produced = 0;
    std::chrono::steady_clock::time_point started;
    bool exhausted = false;
  };

  const char* skip_reason(const struct stat& st) const;  // null: scan it
  bool too_large(const struct stat& st) const;
  void report_unopened(const FileEntry& entry, const std::string& error);
  Sensitivity scan_bytes(const std::string& path, std::string_view bytes, std::uint32_t depth,
                         Budget& budget);
  Sensitivity scan_document(const std::string& path, std::string_view bytes,
                            const std::string& media_type, std::uint32_t depth, Budget& budget);
  Sensitivity report_text(const std::string& path, std::uint64_t size,
                          const ExtractResult& extracted, std::vector<Finding>&& findings,
                          FileFindings& file_findings);
  void skip_non_text(const std::string& path, const ExtractResult& extracted);
  // Counts produced bytes; records the limit that is hit (once) and returns false from then on.
  bool consume(const std::string& path, Budget& budget, std::uint64_t bytes);
  // A findings vector to fill, empty but with the capacity of an earlier file's: a dense export
  // holds tens of thousands of findings, and a new vector for each such file touched megabytes
  // of fresh pages, whose faults were most of the system time of scanning the HR exports.
  std::vector<Finding> take_findings_buffer();
  void give_back(std::vector<Finding>&& findings);

  std::vector<Finding> m_spare_findings;

  const Engine& m_engine;
  const Policy& m_policy;
  const ExtractOptions& m_extract;
  const ExtractLimits& m_limits;
  const FileChecks& m_checks;
  ScanOutput& m_output;
};

class LineCounter;
class TextStream;

// The chunk callback of one file or document: runs `engine` over each chunk, appends to
// `findings`, numbers their lines and, with `locations`, labels them with the stream's
// location. Hand it over as std::cref(detector): a std::function holding a reference keeps
// it in place, while one holding the detector itself (four pointers) allocated for every file.
class ChunkDetector {
 public:
  ChunkDetector(const Engine& engine, std::vector<Finding>& findings, LineCounter& lines,
                const TextStream* locations, FileFindings* file_findings = nullptr)
      : m_engine(engine), m_findings(findings), m_lines(lines), m_locations(locations),
        m_file_findings(file_findings) {}

  void operator()(const Chunk& chunk) const;

 private:
  const Engine& m_engine;
  std::vector<Finding>& m_findings;
  LineCounter& m_lines;
  const TextStream* m_locations;
  FileFindings* m_file_findings;
};

// "a/../b\\c" → "a/b/c": member names from archives are untrusted display strings; backslashes
// become '/', and empty, "." and ".." segments and drive letters are dropped.
std::string sanitize_member_name(std::string_view name);

}  // namespace piiscan
