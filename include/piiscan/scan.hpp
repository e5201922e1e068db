// The scan driver: the one place that wires walker, extractor, detector engine, classifier and
// reporter together (see docs/architecture.md).
//
// The walker runs on the calling thread and feeds a bounded queue; `threads` workers take files
// from it, each with its own buffers, and share the immutable `Engine` and `Policy`. Reporter
// calls are serialised by the driver. Per-file problems become records and never stop the run.
// The core never writes to stdout and never exits the process.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <piiscan/classifier.hpp>
#include <piiscan/detector.hpp>
#include <piiscan/document.hpp>
#include <piiscan/extractor.hpp>
#include <piiscan/reporter.hpp>
#include <piiscan/walker.hpp>

namespace piiscan {

// Live counters for a progress display; updated by the workers, read by anyone.
struct ScanProgress {
  std::atomic<std::uint64_t> files{0};
  std::atomic<std::uint64_t> bytes{0};
};

struct ScanOptions {
  std::vector<std::string> roots;  // files or folders, reported as given
  WalkOptions walk;
  FileChecks checks;
  ExtractOptions extract;
  ExtractLimits limits;
  unsigned threads = 0;                       // 0 = one per core
  ScanProgress* progress = nullptr;           // optional
  const std::atomic<bool>* stop = nullptr;    // optional; set it (e.g. on SIGINT) to end early
  std::string tool_version;
};

// Scans `options.roots` and reports to `reporter`. Returns the summary also given to
// `reporter.end`. Does not throw for problems with scanned files.
ScanSummary run_scan(const ScanOptions& options, const Engine& engine, const Policy& policy,
                     Reporter& reporter);

// Scans one in-memory text as a single file would be (used by `rules test` and unit tests).
std::vector<Finding> scan_text(std::string_view text, const Engine& engine,
                               const ExtractOptions& options = {});

}  // namespace piiscan
