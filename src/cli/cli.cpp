#include "cli/cli.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <piiscan/error.hpp>
#include <piiscan/report_file.hpp>
#include <piiscan/scan.hpp>

#include "cli/rules_commands.hpp"
#include "cli/size.hpp"
#include "util/log.hpp"

#ifndef PIISCAN_VERSION
#define PIISCAN_VERSION "0.0.0-dev"
#endif

namespace piiscan::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int signal_number) {
  g_signal.store(signal_number);
  g_stop.store(true);
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

struct ScanArgs {
  std::vector<std::string> paths;
  std::string format;
  std::string output;
  std::string fail_on = "confidential";
  std::vector<std::string> rules;
  std::string policy;
  bool show_values = false;
  unsigned threads = 0;
  std::vector<std::string> excludes;
  std::string max_file_size;
  bool follow_symlinks = false;
  std::string files_from;
  bool quiet = false;
  // Container and document limits (ExtractLimits); sizes as text, e.g. "256M".
  std::uint32_t max_depth = ExtractLimits{}.max_depth;
  std::uint64_t max_entries = ExtractLimits{}.max_entries;
  std::string max_member_size;
  std::string max_total_size;
  std::string max_xml_part_size;
  std::uint64_t max_ratio = ExtractLimits{}.max_ratio;
  std::uint32_t time_budget_s = ExtractLimits{}.time_budget_ms / 1000;
};

std::uint64_t size_option(const std::string& text, const char* option, std::uint64_t fallback) {
  if (text.empty()) {
    return fallback;
  }
  const auto size = parse_size(text);
  if (!size || *size == 0) {
    throw ConfigError(std::string("invalid ") + option + " '" + text + "' (e.g. 500K, 64M, 2G)");
  }
  return *size;
}

ExtractLimits limits_from(const ScanArgs& args) {
  ExtractLimits limits;
  limits.max_depth = args.max_depth;
  limits.max_entries = args.max_entries;
  limits.max_member_bytes = size_option(args.max_member_size, "--max-member-size",
                                        limits.max_member_bytes);
  limits.max_total_bytes = size_option(args.max_total_size, "--max-total-size",
                                       limits.max_total_bytes);
  limits.max_xml_part_bytes = size_option(args.max_xml_part_size, "--max-xml-part-size",
                                          limits.max_xml_part_bytes);
  limits.max_ratio = args.max_ratio;
  limits.time_budget_ms = args.time_budget_s * 1000;
  return limits;
}

void setup_logging(bool quiet) {
  const auto logger = core_logger();
  logger->set_pattern("piiscan: %l: %v");
  logger->set_level(quiet ? spdlog::level::err : spdlog::level::warn);
}

// Paths from --files-from: NUL-separated when the input holds a NUL, else one per line.
std::vector<std::string> read_path_list(const std::string& source) {
  std::ostringstream content;
  if (source == "-") {
    content << std::cin.rdbuf();
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) {
      throw ConfigError("cannot read --files-from list: " + source + ": " + std::strerror(errno));
    }
    content << in.rdbuf();
  }
  const std::string text = content.str();
  const char separator = text.find('\0') != std::string::npos ? '\0' : '\n';
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string path = text.substr(start, end - start);
    if (separator == '\n' && !path.empty() && path.back() == '\r') {
      path.pop_back();
    }
    if (!path.empty()) {
      paths.push_back(std::move(path));
    }
    start = end + 1;
  }
  return paths;
}

ReportFormat choose_format(const ScanArgs& args) {
  if (!args.format.empty()) {
    if (const auto format = parse_report_format(args.format)) {
      return *format;
    }
    throw ConfigError("unknown --format '" + args.format + "' (use table, json, jsonl or csv)");
  }
  if (!args.output.empty()) {
    if (const auto format = format_from_extension(args.output)) {
      return *format;
    }
  }
  return ReportFormat::table;
}

std::optional<Sensitivity> parse_fail_on(const std::string& text) {
  if (text == "never") {
    return std::nullopt;
  }
  if (const auto level = parse_sensitivity(text)) {
    return level;
  }
  throw ConfigError("unknown --fail-on '" + text +
                    "' (use public, internal, confidential, restricted or never)");
}

// A one-line progress display on stderr, redrawn four times a second.
class ProgressLine {
 public:
  explicit ProgressLine(const ScanProgress& progress) : m_progress(progress) {
    m_thread = std::thread([this] { loop(); });
  }
  ~ProgressLine() {
    m_done.store(true);
    m_thread.join();
    std::fputs("\r\033[K", stderr);
  }

 private:
  void loop() {
    const auto start = std::chrono::steady_clock::now();
    while (!m_done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double megabytes = static_cast<double>(m_progress.bytes.load()) / 1e6;
      std::fprintf(stderr, "\r\033[Kpiiscan: %llu files, %.1f MB, %.1f MB/s",
                   static_cast<unsigned long long>(m_progress.files.load()), megabytes,
                   seconds > 0 ? megabytes / seconds : 0.0);
    }
  }

  const ScanProgress& m_progress;
  std::atomic<bool> m_done{false};
  std::thread m_thread;
};

int exit_code_for(const ScanSummary& summary, std::optional<Sensitivity> fail_on) {
  if (fail_on) {
    for (int level = static_cast<int>(*fail_on); level < k_sensitivity_levels; ++level) {
      if (summary.files_by_sensitivity[level] > 0) {
        return k_exit_found;
      }
    }
  }
  if (summary.interrupted) {
    return 128 + g_signal.load();
  }
  return summary.complete ? k_exit_clean : k_exit_incomplete;
}

int run_scan_command(const ScanArgs& args) {
  setup_logging(args.quiet);
  ScanOptions options;
  options.roots = args.paths;
  if (!args.files_from.empty()) {
    std::vector<std::string> listed = read_path_list(args.files_from);
    options.roots.insert(options.roots.end(), listed.begin(), listed.end());
  }
  if (options.roots.empty()) {
    throw ConfigError("nothing to scan: give a PATH or --files-from");
  }
  const ReportFormat format = choose_format(args);
  const std::optional<Sensitivity> fail_on = parse_fail_on(args.fail_on);
  options.checks.max_file_size = size_option(args.max_file_size, "--max-file-size", 0);
  options.limits = limits_from(args);
  options.walk.excludes = args.excludes;
  options.walk.follow_symlinks = args.follow_symlinks;
  options.threads = args.threads;
  options.tool_version = PIISCAN_VERSION;
  options.stop = &g_stop;

  const Engine engine(load_all_rules(args.rules), EngineOptions{args.show_values});
  const Policy policy = args.policy.empty() ? builtin_policy() : load_policy(args.policy);
  check_policy_names(policy, engine.rules());

  std::unique_ptr<ReportFile> file;
  if (!args.output.empty() && args.output != "-") {
    file = std::make_unique<ReportFile>(args.output, format == ReportFormat::jsonl);
    const auto [device, inode] = file->identity();
    options.checks.skip_files.push_back(FileIdentity{device, inode});
    // An earlier report at the same path is replaced only at the end: leave it out too.
    struct stat existing {};
    if (::lstat(args.output.c_str(), &existing) == 0) {
      options.checks.skip_files.push_back(identity_of(existing));
    }
  }
  std::ostream& out = file ? file->stream() : std::cout;
  // Temporary files for findings beside the report: they go into it next, so they need the same
  // room, on the same file system (in /tmp, often memory, they would save none). Standard
  // output has no folder: $TMPDIR, else /tmp.
  const std::string spill_directory = file ? file->directory() : std::string();
  const auto reporter =
      make_reporter(format, out, ReportOptions{args.show_values, 10, spill_directory});

  ScanProgress progress;
  options.progress = &progress;
  std::optional<ProgressLine> progress_line;
  if (!args.quiet && ::isatty(STDERR_FILENO) != 0) {
    progress_line.emplace(progress);
  }
  install_signal_handlers();
  const ScanSummary summary = run_scan(options, engine, policy, *reporter);
  progress_line.reset();
  if (file) {
    file->commit();
  } else {
    check_stream(std::cout, "standard output");
  }
  return exit_code_for(summary, fail_on);
}

// Limits for archives and documents; every limit hit is reported and makes the scan incomplete.
void add_limit_options(CLI::App& scan, ScanArgs& args) {
  const char* group = "Limits for archives and documents (each hit is reported; scan incomplete)";
  scan.add_option("--max-depth", args.max_depth, "Containers inside containers (default 8)")
      ->type_name("N")->group(group)->check(CLI::Range(0u, 64u));
  scan.add_option("--max-entries", args.max_entries, "Members or parts per container (default 100000)")
      ->type_name("N")->group(group)->check(CLI::PositiveNumber);
  scan.add_option("--max-member-size", args.max_member_size,
                  "Decompressed bytes of one member or part (default 256M)")
      ->type_name("SIZE")->group(group);
  scan.add_option("--max-total-size", args.max_total_size,
                  "Bytes produced from one top-level file, all members together (default 1G)")
      ->type_name("SIZE")->group(group);
  scan.add_option("--max-xml-part-size", args.max_xml_part_size,
                  "XML part of an Office/ODF document, bounding parser memory (default 32M)")
      ->type_name("SIZE")->group(group);
  scan.add_option("--max-ratio", args.max_ratio,
                  "Expansion ratio of produced to compressed bytes, above 1 MiB (default 100)")
      ->type_name("N")->group(group)->check(CLI::PositiveNumber);
  scan.add_option("--time-budget", args.time_budget_s, "Seconds per top-level file (default 60)")
      ->type_name("SECONDS")->group(group)->check(CLI::PositiveNumber);
}

void add_scan_command(CLI::App& app, ScanArgs& args, int& exit_code) {
  CLI::App* scan = app.add_subcommand("scan", "Scan files and folders for personal data");
  scan->footer(
      "Exit codes: 0 complete, nothing at or above --fail-on; 1 some file at or above "
      "--fail-on;\n2 nothing at or above --fail-on but the scan is incomplete (unreadable files, "
      "limits);\n3 usage, rule or output error.\n\nExamples:\n"
      "  piiscan scan /srv/share -o share-report.json\n"
      "  piiscan scan export/ --fail-on internal --format json -o piiscan.json");
  scan->add_option("PATH", args.paths, "Files or folders to scan")->type_name("PATH...");
  scan->add_option("-f,--format", args.format,
                   "Report format: table (default, a summary for people), json, jsonl, csv; "
                   "inferred from -o's extension")
      ->type_name("FORMAT");
  scan->add_option("-o,--output", args.output,
                   "Write the report to FILE (created with mode 0600) instead of stdout")
      ->type_name("FILE");
  scan->add_option("--fail-on", args.fail_on,
                   "Exit 1 when a file is at or above LEVEL: public, internal, confidential "
                   "(default), restricted, or never")
      ->type_name("LEVEL");
  scan->add_option("--rules", args.rules,
                   "Extra rule file or folder of *.toml files (repeatable); the built-in rules "
                   "are always loaded")
      ->type_name("PATH");
  scan->add_option("--policy", args.policy, "Classification policy file replacing the built-in one")
      ->type_name("FILE");
  scan->add_flag("--show-values", args.show_values,
                 "Put raw matched values into the report (off by default: excerpts are masked)");
  scan->add_option("-j,--threads", args.threads, "Worker threads (default: all cores)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--exclude", args.excludes,
                   "Skip paths matching GLOB (repeatable); without '/' it matches names at any "
                   "depth, with '/' paths relative to the root; ** crosses folders")
      ->type_name("GLOB");
  scan->add_option("--max-file-size", args.max_file_size,
                   "Skip files larger than SIZE (e.g. 100M); skipped files make the scan "
                   "incomplete")
      ->type_name("SIZE");
  scan->add_flag("--follow-symlinks", args.follow_symlinks,
                 "Follow symbolic links (loops are detected); by default they are skipped");
  scan->add_option("--files-from", args.files_from,
                   "Also scan the paths listed in FILE, or stdin with '-' (one per line, or "
                   "NUL-separated)")
      ->type_name("FILE|-");
  scan->add_flag("-q,--quiet", args.quiet, "No progress line and no warnings on stderr");
  add_limit_options(*scan, args);
  scan->callback([&] { exit_code = run_scan_command(args); });
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"piiscan: find personal data in files and rate how sensitive each file is"};
  app.set_version_flag("--version", std::string("piiscan ") + PIISCAN_VERSION);
  app.require_subcommand(1);
  ScanArgs scan_args;
  RulesArgs rules_args;
  int exit_code = k_exit_clean;
  add_scan_command(app, scan_args, exit_code);
  add_rules_commands(app, rules_args, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? k_exit_clean : k_exit_error;
  } catch (const ConfigError& error) {
    std::cerr << "piiscan: " << error.what() << '\n';
    return k_exit_error;
  }
  return exit_code;
}

}  // namespace piiscan::cli
