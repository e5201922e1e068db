// ReportFile (src/report/report_file.cpp): what goes in comes out, in order, whether a write is
// shorter than its buffer or longer (written from the caller's memory), and a failed write is
// reported, not lost.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <piiscan/error.hpp>
#include <piiscan/report_file.hpp>

// Texts of megabytes compared without Catch printing them: formatting two 35 MB strings
// for a failure message took longer than ten minutes.
#define CHECK_SAME_TEXT(actual, expected)                                      \
  do {                                                                         \
    const std::string actual_text = (actual);                                  \
    CHECK(actual_text.size() == (expected).size());                            \
    CHECK((actual_text == (expected)));                                        \
  } while (false)

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes one line of `length` bytes for each length to a new report at `path`, commits it, and
// checks that the file holds exactly those lines.
void check_written_whole(const std::vector<std::size_t>& lengths, bool streaming) {
  const std::string path = "/tmp/piiscan-report-file-test-" + std::to_string(::getpid());
  std::string expected;
  {
    piiscan::ReportFile report(path, streaming);
    for (const std::size_t length : lengths) {
      const std::string piece(length, static_cast<char>('a' + length % 26));
      report.stream().write(piece.data(), static_cast<std::streamsize>(piece.size()));
      report.stream() << '\n';
      expected += piece + '\n';
    }
    report.commit();
  }
  CHECK_SAME_TEXT(read_file(path), expected);
  std::remove(path.c_str());
}

}  // namespace

TEST_CASE("a report file holds short and long writes in their order", "[report_file]") {
  check_written_whole({10, 70000, 3, 65535, 65536, 200000, 1}, true);
}

TEST_CASE("a report past several write-back steps is written whole", "[report_file]") {
  // Every 8 MiB the file's write-back is started early; what the file holds must not change.
  std::vector<std::size_t> lengths;
  for (std::size_t i = 0, total = 0; total < (std::size_t{20} << 20); ++i) {
    lengths.push_back(1000 + (i * 7919) % 150000);
    total += lengths.back() + 1;
  }
  check_written_whole(lengths, true);
  check_written_whole(lengths, false);
}

TEST_CASE("a long write that fails is reported at commit", "[report_file]") {
  if (::access("/dev/full", W_OK) != 0) {
    WARN("no writable /dev/full here; skipped");
    return;
  }
  piiscan::ReportFile report("/dev/full", true);
  const std::string line(200000, 'x');
  report.stream().write(line.data(), static_cast<std::streamsize>(line.size()));
  CHECK_THROWS_AS(report.commit(), piiscan::ConfigError);
}

TEST_CASE("a streaming report replaces a longer old report entirely", "[report_file]") {
  // The old report is emptied on a thread of its own while the scan starts; none of it may
  // survive, whether the new report writes a little, a lot or nothing at all.
  const std::string path = "/tmp/piiscan-report-file-old-" + std::to_string(::getpid());
  for (const std::size_t new_length : {std::size_t{0}, std::size_t{10}, std::size_t{300000}}) {
    {
      std::ofstream old(path, std::ios::binary);
      const std::string old_line(std::size_t{4} << 20, 'o');
      old << old_line;
    }
    const std::string fresh(new_length, 'n');
    {
      piiscan::ReportFile report(path, true);
      report.stream().write(fresh.data(), static_cast<std::streamsize>(fresh.size()));
      report.commit();
    }
    CHECK(read_file(path) == fresh);
  }
  {
    // Left without commit (a scan that failed): the old report is emptied all the same, as
    // O_TRUNC did, and the descriptor outlives the truncation.
    std::ofstream old(path, std::ios::binary);
    old << std::string(1 << 20, 'o');
  }
  { piiscan::ReportFile report(path, true); }
  CHECK(read_file(path).empty());
  std::remove(path.c_str());
}

TEST_CASE("lines written while an old report is emptied come out whole and in order",
          "[report_file]") {
  // A large old report takes tens of milliseconds to empty; what is written meanwhile is kept
  // in memory (up to 32 MiB, past that the writer waits) and written once the file is empty.
  // Whatever the timing, the file must hold exactly the new lines, in order, after a commit,
  // and, without one (a failed scan), the lines written so far.
  const std::string path = "/tmp/piiscan-report-file-kept-" + std::to_string(::getpid());
  for (const bool committed : {true, false}) {
    {
      std::ofstream old(path, std::ios::binary);
      const std::string block(std::size_t{1} << 20, 'o');
      for (int i = 0; i < 128; ++i) {
        old << block;
      }
    }
    std::string expected;
    {
      piiscan::ReportFile report(path, true);
      const std::size_t mib = std::size_t{1} << 20;
      for (const std::size_t length : {std::size_t{10}, std::size_t{70000}, std::size_t{3},
                                       20 * mib, 15 * mib, std::size_t{5}}) {
        const std::string piece(length, static_cast<char>('a' + expected.size() % 26));
        report.stream().write(piece.data(), static_cast<std::streamsize>(piece.size()));
        report.stream() << '\n';
        expected += piece + '\n';
      }
      if (committed) {
        report.commit();
      } else {
        report.stream().flush();
      }
    }
    CAPTURE(committed);
    CHECK_SAME_TEXT(read_file(path), expected);
  }
  std::remove(path.c_str());
}

TEST_CASE("a report's temporary files go beside it, but not into the folder of a device",
          "[report_file]") {
  const std::string path = "/tmp/piiscan-report-file-test-dir-" + std::to_string(::getpid());
  {
    piiscan::ReportFile report(path, true);
    CHECK(report.directory() == "/tmp");
  }
  std::remove(path.c_str());
  if (::access("/dev/null", W_OK) != 0) {
    WARN("no writable /dev/null here; skipped");
    return;
  }
  piiscan::ReportFile device("/dev/null", true);
  CHECK(device.directory().empty());  // $TMPDIR then, not /dev
}
