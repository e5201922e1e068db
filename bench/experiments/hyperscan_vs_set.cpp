// Hyperscan (block mode, end offsets only) against RE2::Set on the bench share's text, in
// 64 KiB blocks, one core. Not part of the build: Hyperscan is no dependency of piiscan.
//
//   apt-get install -y libhyperscan-dev libre2-dev
//   g++ -O2 -std=c++20 hyperscan_vs_set.cpp -o hyperscan_vs_set -lhs -lre2
//   piiscan rules list --format regex > patterns.txt
//   ./hyperscan_vs_set patterns.txt /tmp/piiscan-bench/share-0.25.files.tsv /tmp/piiscan-bench/share-0.25
#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdio>

#include "common.hpp"

namespace {

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* count) {
  ++*static_cast<std::size_t*>(count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto [patterns, texts] = read_inputs(argc, argv);
  std::size_t bytes = 0;
  for (const auto& text : texts) bytes += text.size();

  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].c_str());
    flags.push_back(HS_FLAG_UTF8);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr,
                       &database, &error) != HS_SUCCESS) {
    std::fprintf(stderr, "hyperscan: %s\n", error->message);
    return 1;
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(database, &scratch);

  RE2::Options options;
  options.set_log_errors(false);
  RE2::Set set(options, RE2::UNANCHORED);
  for (const auto& pattern : patterns) set.Add(pattern, nullptr);
  set.Compile();

  for (int round = 0; round < 3; ++round) {
    std::size_t ends = 0;
    double start = seconds_now();
    for_each_block(texts, 0, [&](std::string_view block) {
      hs_scan(database, block.data(), static_cast<unsigned>(block.size()), 0, scratch,
              count_match, &ends);
    });
    const double hyperscan = seconds_now() - start;
    std::size_t fired = 0;
    std::vector<int> which;
    start = seconds_now();
    for_each_block(texts, 0, [&](std::string_view block) {
      if (set.Match(re2::StringPiece(block.data(), block.size()), &which)) fired += which.size();
    });
    const double re2_set = seconds_now() - start;
    std::printf("%.1f MB: Hyperscan %.0f MB/s (%zu match ends), RE2::Set %.0f MB/s (%zu)\n",
                bytes / 1e6, bytes / hyperscan / 1e6, ends, bytes / re2_set / 1e6, fired);
  }
  hs_free_scratch(scratch);
  hs_free_database(database);
}
