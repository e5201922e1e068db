#include <catch2/catch.hpp>

#include <piiscan/walker.hpp>

#include "util/glob.hpp"

using piiscan::glob_match;
using piiscan::is_excluded;

TEST_CASE("glob wildcards respect path separators", "[glob]") {
  CHECK(glob_match("*.log", "app.log"));
  CHECK_FALSE(glob_match("*.log", "dir/app.log"));
  CHECK(glob_match("**/*.log", "dir/sub/app.log"));
  CHECK(glob_match("**/*.log", "app.log"));
  CHECK(glob_match("HR/*", "HR/x.csv"));
  CHECK_FALSE(glob_match("HR/*", "HR/archiv/x.csv"));
  CHECK(glob_match("HR/**", "HR/archiv/x.csv"));
  CHECK(glob_match("file?.txt", "file1.txt"));
  CHECK_FALSE(glob_match("file?.txt", "file/.txt"));
  CHECK(glob_match("[a-c]x", "bx"));
  CHECK_FALSE(glob_match("[!a-c]x", "bx"));
  CHECK(glob_match("[x", "[x"));  // unclosed class is a literal
}

TEST_CASE("exclude patterns: names at any depth, paths from the root", "[glob]") {
  const std::vector<std::string> patterns = {"node_modules", "*.tmp", "/HR/archiv"};
  CHECK(is_excluded(patterns, "node_modules"));
  CHECK(is_excluded(patterns, "a/b/node_modules"));
  CHECK(is_excluded(patterns, "x/y.tmp"));
  CHECK(is_excluded(patterns, "HR/archiv"));
  CHECK_FALSE(is_excluded(patterns, "x/HR/archiv"));
  CHECK_FALSE(is_excluded(patterns, "HR/aktuell.csv"));
}
