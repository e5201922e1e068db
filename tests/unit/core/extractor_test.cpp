#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <piiscan/detector.hpp>
#include <piiscan/extractor.hpp>
#include <piiscan/scan.hpp>

namespace {

const char* const k_rules = R"(
[[rule]]
id = "iban"
category = "financial"
description = "IBAN"
regex = '''\b([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b'''
group = 1
validator = "iban"
context = ["iban"]
)";

struct Seen {
  std::uint64_t offset, line, column;
  piiscan::Confidence confidence;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> scan(const std::string& text, const piiscan::ExtractOptions& options) {
  static const piiscan::Engine engine(piiscan::parse_rules(k_rules, "test.toml"));
  std::vector<Seen> seen;
  for (const auto& f : piiscan::scan_text(text, engine, options)) {
    seen.push_back({f.offset, f.line, f.column, f.confidence});
  }
  return seen;
}

// Random filler with line breaks of every kind and planted IBANs (some with context).
std::string planted_text(std::mt19937& random, int values) {
  const char* pieces[] = {"lorem ", "ipsum ", "\n", "\r\n", "\r", "1234 ", "Gr\xC3\xB6\xC3\x9F" "e ",
                          "IBAN ", "DE89 3704 0044 0532 0130 00 ", "DE89370400440532013000\n"};
  std::string text;
  for (int i = 0; i < values * 40; ++i) {
    text += pieces[random() % (i % 40 == 0 ? 10 : 7)];
  }
  return text;
}

}  // namespace

TEST_CASE("small overlapping windows find exactly what one big window finds", "[extractor]") {
  std::mt19937 random(2026);
  piiscan::ExtractOptions whole;
  whole.window_bytes = 1 << 24;
  for (int round = 0; round < 20; ++round) {
    const std::string text = planted_text(random, 50);
    piiscan::ExtractOptions tiny;
    tiny.window_bytes = 64 + random() % 200;  // many boundaries cut through values
    tiny.overlap_bytes = 128;
    tiny.read_bytes = 1 + random() % 300;
    const auto expected = scan(text, whole);
    REQUIRE_FALSE(expected.empty());
    CHECK(scan(text, tiny) == expected);
  }
}

TEST_CASE("a value straddling the default window boundary is found once", "[extractor]") {
  const piiscan::ExtractOptions defaults;
  std::string text(defaults.window_bytes - 10, ' ');
  text += "IBAN DE89370400440532013000\n";
  text += std::string(defaults.window_bytes, 'x');
  const auto seen = scan(text, defaults);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].offset == defaults.window_bytes - 5);
  CHECK(seen[0].line == 1);
}

namespace {

// Reads all of `path` through read_from_fd in blocks of `block` bytes.
std::string read_all(const std::string& path, std::uint64_t expected_size, std::size_t block) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  const piiscan::ReadFn read = piiscan::read_from_fd(fd, expected_size);
  std::string out;
  std::string buffer(block, '\0');
  long n = 0;
  while ((n = read(buffer.data(), block)) > 0) {
    out.append(buffer.data(), static_cast<std::size_t>(n));
    if (static_cast<std::size_t>(n) < block) {
      break;  // a short block ends the file, as in extract_text
    }
  }
  ::close(fd);
  return out;
}

}  // namespace

// Files stay open with O_NONBLOCK, which a regular file's reads ignore on local file systems. A
// descriptor that honours it (a pipe here, as a file system could) must still be read whole.
TEST_CASE("read_from_fd waits for data where O_NONBLOCK would say EAGAIN", "[extractor]") {
  int ends[2];
  REQUIRE(::pipe2(ends, O_CLOEXEC) == 0);
  REQUIRE(::fcntl(ends[0], F_SETFL, O_NONBLOCK) == 0);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(::write(ends[1], "late data", 9) == 9);
    ::close(ends[1]);
  });
  const piiscan::ReadFn read = piiscan::read_from_fd(ends[0]);
  std::string buffer(64, '\0');
  const long n = read(buffer.data(), buffer.size());
  writer.join();
  ::close(ends[0]);
  REQUIRE(n == 9);
  CHECK(buffer.substr(0, 9) == "late data");
}

TEST_CASE("read_from_fd stops at the expected size and reads on past a wrong one", "[extractor]") {
  char name[] = "/tmp/piiscan-read-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  const std::string content(10000, 'x');
  REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fd);
  CHECK(read_all(name, content.size(), 4096) == content);
  CHECK(read_all(name, content.size(), 1 << 16) == content);
  CHECK(read_all(name, 0, 1 << 16) == content);     // unknown, as /proc reports
  CHECK(read_all(name, 100, 1 << 16) == content);   // the file grew since fstat
  CHECK(read_all(name, 4096, 4096) == content);     // a block boundary at the expected size
  ::unlink(name);
}
