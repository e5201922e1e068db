// Shared by the standalone engine experiments: reads the bench share's text files (binary and
// image files left out, as piiscan skips them) and the patterns of `piiscan rules list
// --format regex`.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

inline double seconds_now() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// `tsv` is the share's <share>.files.tsv: category, tab, path relative to `root`.
inline std::vector<std::string> read_share_texts(const std::string& tsv, const std::string& root) {
  std::vector<std::string> texts;
  std::ifstream list(tsv);
  for (std::string category, path; list >> category >> path;) {
    if (category == "binary" || category == "image") continue;
    std::ifstream file(root + "/" + path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    texts.push_back(content.str());
  }
  return texts;
}

// Calls f(view) for each 64 KiB block of each text, widened by `margin` bytes on both sides
// (piiscan's engine searched 64 KiB blocks with 2 KiB of context before the locator).
template <typename F>
void for_each_block(const std::vector<std::string>& texts, std::size_t margin, F f) {
  constexpr std::size_t block = 64 << 10;
  for (const std::string& text : texts) {
    for (std::size_t at = 0; at < text.size(); at += block) {
      const std::size_t begin = at > margin ? at - margin : 0;
      const std::size_t end = std::min(text.size(), at + block + margin);
      f(std::string_view(text.data() + begin, end - begin));
    }
  }
}

// What every experiment reads: `piiscan rules list --format regex` output and the share's text.
struct Inputs {
  std::vector<std::string> patterns;
  std::vector<std::string> texts;
};

// The arguments PATTERNS FILES_TSV SHARE, read; prints the usage and exits with 2 otherwise.
inline Inputs read_inputs(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s PATTERNS FILES_TSV SHARE\n", argv[0]);
    std::exit(2);
  }
  return {read_lines(argv[1]), read_share_texts(argv[2], argv[3])};
}
