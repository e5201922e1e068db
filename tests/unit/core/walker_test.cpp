// The walker's file entries and the checks of the worker that opens them: a regular file is
// typed by its directory listing, not lstat'ed, so the open must prove it is the file listed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <climits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <piiscan/classifier.hpp>
#include <piiscan/detector.hpp>
#include <piiscan/walker.hpp>

#include "core/file_scanner.hpp"
#include "../temp_tree.hpp"

namespace fs = std::filesystem;
using piiscan::FileChecks;
using piiscan::FileEntry;
using piiscan::FileIdentity;

namespace {

const char* const k_rules = R"(
[[rule]]
id = "email"
category = "contact"
description = "e-mail"
regex = '''\b([a-z]{1,20}@example\.com)\b'''
group = 1
confidence = "high"
)";

FileIdentity identity_of(const std::string& path, bool follow = false) {
  struct stat st {};
  REQUIRE((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) == 0);
  return piiscan::identity_of(st);
}

struct Recorder final : piiscan::WalkSink {
  std::vector<FileEntry> files;
  std::vector<std::pair<std::string, std::string>> skips;
  std::vector<std::pair<std::string, std::string>> errors;
  void on_file(FileEntry entry) override { files.push_back(std::move(entry)); }
  void on_skip(const std::string& path, const std::string& reason) override {
    skips.emplace_back(path, reason);
  }
  void on_error(const std::string& path, const std::string& stage,
                const std::string& message) override {
    errors.emplace_back(path, stage + ": " + message);
  }
};

struct Output final : piiscan::ScanOutput {
  std::vector<piiscan::FileReport> files;
  std::vector<piiscan::ScanError> errors;
  std::vector<piiscan::SkipRecord> skips;
  void file(const piiscan::FileReport& report) override { files.push_back(report); }
  void error(piiscan::ScanError error) override { errors.push_back(std::move(error)); }
  void skip(piiscan::SkipRecord record) override { skips.push_back(std::move(record)); }
};

// Runs one FileScanner over `entry`, as a worker does.
Output scan_entry(const FileEntry& entry, const FileChecks& checks = {}) {
  static const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"), {});
  static const piiscan::Policy policy = piiscan::builtin_policy();
  const piiscan::ExtractOptions extract;
  const piiscan::ExtractLimits limits;
  Output output;
  piiscan::FileScanner scanner(engine, policy, extract, limits, checks, output);
  scanner.scan(entry);
  return output;
}

std::string error_of(const Output& output) {
  REQUIRE(output.files.empty());
  REQUIRE(output.errors.size() == 1);
  return output.errors[0].stage + ": " + output.errors[0].message;
}

}  // namespace

TEST_CASE("walker: a listed regular file carries its folder and its d_ino, others are stat'ed") {
  TempTree tree;
  const std::string file = tree.write("dir/a.txt", "x");
  tree.write("dir/sub/b.txt", "y");
  REQUIRE(::symlink("a.txt", tree.path("dir/link").c_str()) == 0);
  REQUIRE(::mkfifo(tree.path("dir/pipe").c_str(), 0600) == 0);

  Recorder sink;
  piiscan::walk({tree.path("dir")}, {}, sink);
  REQUIRE(sink.errors.empty());
  REQUIRE(sink.files.size() == 2);
  CHECK(sink.files[0].path == file);
  CHECK(sink.files[0].identity == identity_of(file));
  REQUIRE(sink.files[0].listed_in.has_value());
  CHECK(*sink.files[0].listed_in == identity_of(tree.path("dir")));
  CHECK(sink.files[1].path == tree.path("dir/sub/b.txt"));
  CHECK(*sink.files[1].listed_in == identity_of(tree.path("dir/sub")));
  CHECK(sink.skips == std::vector<std::pair<std::string, std::string>>{
                          {tree.path("dir/link"), "symlink_not_followed"},
                          {tree.path("dir/pipe"), "fifo"}});

  // A root and a followed symlink are stat'ed: no listing to check against.
  Recorder followed;
  piiscan::walk({file, tree.path("dir/link")}, {}, followed);
  REQUIRE(followed.files.size() == 2);
  CHECK_FALSE(followed.files[0].listed_in.has_value());
  CHECK(followed.files[1].identity == identity_of(file));
  CHECK_FALSE(followed.files[1].listed_in.has_value());
}

TEST_CASE("file scanner: a listed file is scanned only if it is the file the folder lists") {
  TempTree tree;
  const std::string file = tree.write("dir/a.txt", "Kontakt: anna@example.com\n");
  const std::string outside = tree.write("outside/secret.txt", "geheim: bob@example.com\n");
  const FileIdentity folder = identity_of(tree.path("dir"));

  SECTION("the listed file") {
    const Output output = scan_entry(FileEntry{file, identity_of(file), folder, nullptr});
    REQUIRE(output.errors.empty());
    REQUIRE(output.files.size() == 1);
    CHECK(output.files[0].findings.size() == 1);
    CHECK(output.files[0].size == 26);
  }
  SECTION("a listing whose inode numbers differ from stat's, as on some overlay file systems") {
    FileIdentity listed = identity_of(file);
    listed.inode += 1;
    const Output output = scan_entry(FileEntry{file, listed, folder, nullptr});
    REQUIRE(output.errors.empty());
    CHECK(output.files.size() == 1);
  }
  SECTION("a file swapped for a symlink to outside the tree is not opened") {
    const FileIdentity listed = identity_of(file);
    fs::remove(file);
    REQUIRE(::symlink(outside.c_str(), file.c_str()) == 0);
    CHECK(error_of(scan_entry(FileEntry{file, listed, folder, nullptr})) ==
          "open: file changed while the scan ran");
  }
  SECTION("a folder swapped for a symlink to outside the tree") {
    const std::string moved = tree.path("dir-moved");
    fs::rename(tree.path("dir"), moved);
    REQUIRE(::symlink(tree.path("outside").c_str(), tree.path("dir").c_str()) == 0);
    const std::string through = tree.path("dir/secret.txt");
    // A secret.txt listed in the real folder: its number cannot be the outside file's.
    FileIdentity listed = identity_of(through, true);
    listed.inode += 1;
    CHECK(error_of(scan_entry(FileEntry{through, listed, folder, nullptr})) ==
          "open: file changed while the scan ran");
  }
  SECTION("a stat'ed file (a root) must keep its identity") {
    FileIdentity seen = identity_of(file);
    seen.inode += 1;
    CHECK(error_of(scan_entry(FileEntry{file, seen, std::nullopt, nullptr})) ==
          "open: file changed while the scan ran");
  }
}

TEST_CASE("file scanner: the report file and files over --max-file-size are skipped when open") {
  TempTree tree;
  const std::string file = tree.write("dir/a.txt", "Kontakt: anna@example.com\n");
  const FileEntry entry{file, identity_of(file), identity_of(tree.path("dir")), nullptr};

  const Output report = scan_entry(entry, FileChecks{0, {identity_of(file)}});
  REQUIRE(report.skips.size() == 1);
  CHECK(report.skips[0].reason == "report_file");
  CHECK_FALSE(report.skips[0].incomplete);
  CHECK(report.files.empty());

  const Output large = scan_entry(entry, FileChecks{25, {}});
  REQUIRE(large.skips.size() == 1);
  CHECK(large.skips[0].reason == "too_large");
  CHECK(large.skips[0].incomplete);
  CHECK(large.files.empty());

  CHECK(scan_entry(entry, FileChecks{26, {}}).files.size() == 1);
}

TEST_CASE("walker: a tree deeper than the folders it keeps open is walked whole, and closed") {
  // Folders down to 64 levels are opened in their open parent, deeper ones by path.
  const auto open_descriptors = [] {
    return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
  };
  TempTree tree;
  std::string relative = "top";
  std::vector<std::string> expected;
  for (int depth = 1; depth <= 80; ++depth) {
    relative += "/d";
    if (depth % 10 == 0 || depth == 63 || depth == 64 || depth == 65) {
      expected.push_back(tree.write(relative + "/f" + std::to_string(depth) + ".txt", "x"));
    }
  }
  const auto before = open_descriptors();
  Recorder sink;
  piiscan::walk({tree.path("top")}, {}, sink);
  CHECK(open_descriptors() == before);
  CHECK(sink.errors.empty());
  std::vector<std::string> found;
  for (const FileEntry& entry : sink.files) {
    found.push_back(entry.path);
    REQUIRE(entry.listed_in.has_value());
    CHECK(*entry.listed_in == identity_of(fs::path(entry.path).parent_path().string()));
  }
  std::sort(expected.begin(), expected.end());
  std::sort(found.begin(), found.end());
  CHECK(found == expected);
}

TEST_CASE("a file whose path is longer than PATH_MAX is opened in its walked folder") {
  // bad-inputs F11: 20 levels of 250-character names, about 5,000 bytes of path. Made with
  // mkdirat/openat, as a whole path that long cannot be opened.
  TempTree tree;
  fs::create_directories(tree.path("deep"));
  int dir = ::open(tree.path("deep").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(dir >= 0);
  const std::string level(250, 'd');
  std::string path = tree.path("deep");
  for (int depth = 0; depth < 20; ++depth) {
    REQUIRE(::mkdirat(dir, level.c_str(), 0700) == 0);
    const int next = ::openat(dir, level.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(next >= 0);
    ::close(dir);
    dir = next;
    path += "/" + level;
  }
  const int file = ::openat(dir, "leaf.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(file >= 0);
  const std::string text = "Kontakt: anna@example.com\n";
  REQUIRE(::write(file, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(file);
  ::close(dir);
  path += "/leaf.txt";
  REQUIRE(path.size() >= PATH_MAX);

  const int held_before = piiscan::FolderDescriptor::open_count();
  {
    Recorder sink;
    piiscan::walk({tree.path("deep")}, {}, sink);
    CHECK(sink.errors.empty());
    REQUIRE(sink.files.size() == 1);
    const FileEntry& entry = sink.files[0];
    CHECK(entry.path == path);
    REQUIRE(entry.folder != nullptr);
    CHECK(piiscan::FolderDescriptor::open_count() == held_before + 1);
    const Output output = scan_entry(entry);
    CHECK(output.errors.empty());
    REQUIRE(output.files.size() == 1);
    CHECK(output.files[0].findings.size() == 1);
    // A path that long cannot be opened as it is: without the folder, the open fails.
    FileEntry by_path = entry;
    by_path.folder = nullptr;
    CHECK(error_of(scan_entry(by_path)) == "open: file name too long");
  }
  CHECK(piiscan::FolderDescriptor::open_count() == held_before);  // closed with the entry
}
