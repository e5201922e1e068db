// Shared by the standalone engine experiments: reads the bench share's text files (binary and
// image files left out, as piiscan skips them) and the patterns of `piiscan rules list
// --format regex`.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
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
