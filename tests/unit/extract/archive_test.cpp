// Tests for the archive reader (src/extract/archive_reader.cpp) and extract_archive
// (src/extract/archive.cpp): members, links, bare streams, limits, bombs, damage.
// Fixtures are built in memory (recording_sink.hpp); all planted values are synthetic.
#include "extract/archive_reader.hpp"
#include "extract/extractors.hpp"

#include "recording_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <random>

namespace piiscan {
namespace {

using test::fixture_format;
using test::FixtureEntry;
using test::make_zip;
using test::RecordingSink;
using test::write_archive;

constexpr std::string_view k_tax_id = "36574261809";
constexpr std::string_view k_email = "max.mustermann@example.de";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string pseudo_random_text(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string text(size, ' ');
  for (char& c : text) {
    c = static_cast<char>('a' + random() % 26);
  }
  return text;
}

std::uint32_t le32(std::string_view bytes, std::size_t pos) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[pos + static_cast<std::size_t>(i)]);
  }
  return value;
}

void put_le(std::string& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

// The "full overlap" zip of bad-inputs.md A04: one local record with 1 MB of 'A', and `count`
// central records that all point at it. Built from a libarchive-written one-entry zip whose
// central record is copied with a new name.
std::string make_overlap_zip(int count) {
  std::string single = make_zip({{"f000", std::string(1'000'000, 'A')}});
  std::size_t eocd = single.rfind(std::string("PK\x05\x06", 4));
  std::uint32_t directory_size = le32(single, eocd + 12);
  std::uint32_t directory_offset = le32(single, eocd + 16);
  std::string local = single.substr(0, directory_offset);
  std::string record = single.substr(directory_offset, directory_size);
  std::string directory;
  for (int i = 0; i < count; ++i) {
    char name[8];
    std::snprintf(name, sizeof name, "f%03d", i % 1000);
    record.replace(46, 4, name, 4);
    directory += record;
  }
  std::string end("PK\x05\x06", 4);
  put_le(end, 0, 4);
  put_le(end, static_cast<std::uint64_t>(count), 2);
  put_le(end, static_cast<std::uint64_t>(count), 2);
  put_le(end, directory.size(), 4);
  put_le(end, local.size(), 4);
  put_le(end, 0, 2);
  return local + directory + end;
}

std::vector<std::string> read_names(std::string_view bytes, const ExtractLimits& limits,
                                    RecordingSink& sink) {
  std::vector<std::string> names;
  read_archive_entries(bytes, limits, sink, [&](std::string_view name, std::string_view) {
    names.emplace_back(name);
    return true;
  });
  return names;
}

}  // namespace

TEST_CASE("tar.gz entries become members; links are skipped unread", "[archive]") {
  std::string tar_gz =
      write_archive({{"docs/personal.txt", "Steuer-IdNr " + std::string(k_tax_id) + "\n"},
                     {"../evil.txt", std::string(k_email) + "\n"},
                     FixtureEntry::symlink_to("link", "/etc/passwd"),
                     FixtureEntry::hardlink_to("hard", "docs/personal.txt"),
                     {"docs/empty.txt", ""}},
                    fixture_format(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP));
  RecordingSink sink;
  extract_archive(tar_gz, "backup.tar.gz", {}, sink);

  REQUIRE(sink.members.size() == 3);
  CHECK(sink.members[0].name == "docs/personal.txt");
  CHECK(sink.members[0].bytes == "Steuer-IdNr 36574261809\n");
  CHECK(sink.members[1].name == "../evil.txt");  // the stored name, never used as a path
  CHECK(sink.members[2].name == "docs/empty.txt");
  CHECK(sink.members[2].bytes.empty());
  CHECK(sink.find_member("link") == nullptr);
  CHECK(sink.find_member("hard") == nullptr);
  CHECK(sink.problems.empty());
}

TEST_CASE("tar in bzip2 and xz, and plain tar", "[archive]") {
  auto filter = GENERATE(ARCHIVE_FILTER_NONE, ARCHIVE_FILTER_BZIP2, ARCHIVE_FILTER_XZ);
  std::string tar = write_archive({{"a.txt", std::string(k_email)}},
                                  fixture_format(ARCHIVE_FORMAT_TAR_USTAR, filter));
  RecordingSink sink;
  extract_archive(tar, "x.tar", {}, sink);
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == "a.txt");
  CHECK(sink.members[0].bytes == k_email);
}

TEST_CASE("a bare compressed stream is one member named after the file", "[archive]") {
  auto [filter, outer, inner] =
      GENERATE(std::make_tuple(ARCHIVE_FILTER_GZIP, "dir/report.csv.gz", "report.csv"),
               std::make_tuple(ARCHIVE_FILTER_BZIP2, "report.csv.BZ2", "report.csv"),
               std::make_tuple(ARCHIVE_FILTER_XZ, "report.csv.xz", "report.csv"),
               std::make_tuple(ARCHIVE_FILTER_GZIP, "export.tgz", "export.tar"),
               std::make_tuple(ARCHIVE_FILTER_GZIP, "noextension", "data"));
  std::string stream = write_archive({{"ignored", "Name;Steuer-IdNr\nMax;36574261809\n"}},
                                     fixture_format(ARCHIVE_FORMAT_RAW, filter));
  RecordingSink sink;
  extract_archive(stream, outer, {}, sink);
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == inner);
  CHECK(sink.members[0].bytes == "Name;Steuer-IdNr\nMax;36574261809\n");
}

TEST_CASE("uncompressed non-archive data is not passed back as a member", "[archive]") {
  RecordingSink sink;
  std::string text = "just text, IBAN DE89370400440532013000\n";
  CHECK_FALSE(read_archive_entries(text, {}, sink, [](auto, auto) { return true; }));
  extract_archive(text, "fake.gz", {}, sink);
  CHECK(sink.members.empty());
  CHECK(sink.has_problem(ProblemKind::corrupt, "not a readable archive"));
}

TEST_CASE("bad-inputs A12: gzip magic only, empty input", "[archive]") {
  auto input = GENERATE(std::string("\x1f\x8b", 2), std::string(), std::string("PK\x03\x04", 4));
  RecordingSink sink;
  extract_archive(input, "notreally.gz", {}, sink);
  extract_zip_family(input, "notreally.zip", {}, sink);
  CHECK(sink.members.empty());
  CHECK(sink.has_problem(ProblemKind::corrupt));
}

TEST_CASE("bad-inputs A09: a truncated tar.gz keeps the entries before the damage", "[archive]") {
  std::string tar_gz = write_archive({{"first.txt", std::string(k_email) + "\n"},
                                      {"second.txt", pseudo_random_text(200000, 1)},
                                      {"third.txt", "never reached"}},
                                     fixture_format(ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP));
  RecordingSink sink;
  extract_archive(std::string_view(tar_gz).substr(0, tar_gz.size() / 2), "cut.tar.gz", {}, sink);
  REQUIRE_FALSE(sink.members.empty());
  CHECK(sink.members[0].bytes == std::string(k_email) + "\n");
  CHECK(sink.find_member("third.txt") == nullptr);
  CHECK(sink.has_problem(ProblemKind::corrupt));
}

TEST_CASE("bad-inputs A09: a truncated zip keeps the entries before the damage", "[archive]") {
  std::string zip = make_zip({{"first.txt", std::string(k_email) + "\n"},
                              {"second.txt", "Steuer-IdNr 36574261809\n"},
                              {"third.txt", pseudo_random_text(100000, 2)}});
  std::size_t cut = zip.find("third.txt") + 2000;
  RecordingSink sink;
  extract_zip_family(std::string_view(zip).substr(0, cut), "cut.zip", {}, sink);
  REQUIRE(sink.members.size() >= 2);
  CHECK(sink.members[0].name == "first.txt");
  CHECK(sink.members[1].bytes == "Steuer-IdNr 36574261809\n");
  CHECK(sink.has_problem(ProblemKind::corrupt, "third.txt"));
}

TEST_CASE("bad-inputs A07: at most max_entries entries are read", "[archive]") {
  std::vector<FixtureEntry> entries;
  for (int i = 0; i < 10; ++i) {
    entries.push_back({std::to_string(i) + ".txt", "x"});
  }
  std::string zip = make_zip(entries);
  ExtractLimits limits;
  limits.max_entries = 3;
  RecordingSink sink(limits);
  CHECK(read_names(zip, limits, sink) == std::vector<std::string>{"0.txt", "1.txt", "2.txt"});
  CHECK(sink.has_problem(ProblemKind::limit, "max_entries"));
}

TEST_CASE("on_entry returning false stops the iteration", "[archive]") {
  std::string zip = make_zip({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  RecordingSink sink;
  int calls = 0;
  read_archive_entries(zip, {}, sink, [&](auto, auto) { return ++calls < 2; });
  CHECK(calls == 2);
}

TEST_CASE("bad-inputs A08: an encrypted zip entry is reported and skipped", "[archive]") {
  std::string zip = make_zip({{"plain.txt", std::string(k_email)},
                              FixtureEntry::encrypted("secret.txt", "Steuer-IdNr 36574261809"),
                              {"after.txt", "still read"}});
  RecordingSink sink;
  extract_zip_family(zip, "enc.zip", {}, sink);
  CHECK(sink.has_problem(ProblemKind::encrypted, "secret.txt"));
  CHECK(sink.find_member("secret.txt") == nullptr);
  REQUIRE(sink.find_member("plain.txt") != nullptr);
  CHECK(sink.find_member("plain.txt")->bytes == k_email);
  REQUIRE(sink.find_member("after.txt") != nullptr);
  CHECK(sink.find_member("after.txt")->bytes == "still read");
}

TEST_CASE("bad-inputs A04: overlapping zip entries are not decompressed", "[archive][bomb]") {
  std::string zip = make_overlap_zip(100);
  ZipDirectory directory = read_zip_directory(zip, 100000);
  REQUIRE(directory.status == ZipDirectory::Status::ok);
  REQUIRE(directory.entries.size() == 100);
  CHECK(zip_entries_overlap(zip, directory));

  auto start = std::chrono::steady_clock::now();
  RecordingSink sink;
  extract_zip_family(zip, "overlap.zip", {}, sink);
  CHECK(seconds_since(start) < 1.0);
  CHECK(sink.members.empty());
  CHECK(sink.has_problem(ProblemKind::limit, "zip_overlapping_entries"));
  CHECK(sink.consumed() == 0);
}

TEST_CASE("bad-inputs A05/A06: 100 MB of zeros in a zip entry is cut at max_member_bytes",
          "[archive][bomb]") {
  std::string zip =
      make_zip({FixtureEntry::repeated("zeros.bin", 100'000'000), {"after.txt", "read"}});
  REQUIRE(zip.size() < 1'000'000);
  ExtractLimits limits;
  limits.max_member_bytes = 1 << 20;

  auto start = std::chrono::steady_clock::now();
  RecordingSink sink(limits);
  extract_zip_family(zip, "bomb.zip", limits, sink);
  double elapsed = seconds_since(start);
  WARN("100 MB zeros bomb: " << elapsed << " s");
  CHECK(elapsed < 5.0);
  REQUIRE_FALSE(sink.members.empty());
  CHECK(sink.members[0].name == "zeros.bin");
  CHECK(sink.members[0].bytes.size() == limits.max_member_bytes);
  CHECK(sink.has_problem(ProblemKind::limit, "max_member_bytes"));
  // The discarded rest still counts for the ratio, which trips long before 100 MB.
  CHECK(sink.has_problem(ProblemKind::limit, "max_ratio"));
  CHECK(sink.consumed() == limits.max_member_bytes);
}

TEST_CASE("a compressed stream of zeros is a stream, not an empty tar", "[archive]") {
  std::string gz = write_archive({FixtureEntry::repeated("x", 100000)},
                                 fixture_format(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP));
  RecordingSink sink;
  extract_archive(gz, "disk.img.gz", {}, sink);
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].name == "disk.img");
  CHECK(sink.members[0].bytes == std::string(100000, '\0'));
}

TEST_CASE("the expansion ratio stops a compressed stream", "[archive][bomb]") {
  std::string gz = write_archive({FixtureEntry::repeated("x", 50'000'000, 'a')},
                                 fixture_format(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP));
  RecordingSink sink;
  auto start = std::chrono::steady_clock::now();
  extract_archive(gz, "zeros.gz", {}, sink);
  CHECK(seconds_since(start) < 2.0);
  CHECK(sink.has_problem(ProblemKind::limit, "max_ratio"));
  REQUIRE(sink.members.size() == 1);  // what was read before the limit is still scanned
  CHECK(sink.members[0].bytes.size() <= 100 * gz.size() + 64 * 1024);
}

TEST_CASE("the sink's byte budget stops reading", "[archive]") {
  std::string zip = make_zip({{"a.txt", std::string(300000, 'a')}, {"b.txt", "never"}});
  ExtractLimits limits;
  limits.max_total_bytes = 100000;
  RecordingSink sink(limits);
  extract_zip_family(zip, "big.zip", limits, sink);
  CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
  CHECK(sink.find_member("b.txt") == nullptr);
  REQUIRE(sink.members.size() == 1);
  CHECK(sink.members[0].bytes.size() <= 100000 + 64 * 1024);
}

TEST_CASE("zip central directory: names, offsets, prefix data, comment", "[archive][zipdir]") {
  std::string zip = make_zip({{"a.txt", "aaaa"}, {"dir/b.txt", "bbbb"}});
  ZipDirectory plain = read_zip_directory(zip, 100);
  REQUIRE(plain.status == ZipDirectory::Status::ok);
  REQUIRE(plain.entries.size() == 2);
  CHECK(plain.entries[0].name == "a.txt");
  CHECK(plain.entries[0].local_offset == 0);
  CHECK(plain.entries[1].name == "dir/b.txt");
  CHECK(zip.compare(plain.entries[1].local_offset, 4, "PK\x03\x04") == 0);
  CHECK_FALSE(zip_entries_overlap(zip, plain));

  SECTION("data prepended (self-extractor) shifts the offsets") {
    std::string sfx = std::string(1000, 'x') + zip;
    ZipDirectory shifted = read_zip_directory(sfx, 100);
    REQUIRE(shifted.status == ZipDirectory::Status::ok);
    CHECK(shifted.entries[1].local_offset == plain.entries[1].local_offset + 1000);
    CHECK_FALSE(zip_entries_overlap(sfx, shifted));
  }
  SECTION("an archive comment after the end record") {
    std::string commented = zip;
    commented[commented.size() - 2] = 5;  // comment length
    commented += "hello";
    CHECK(read_zip_directory(commented, 100).entries.size() == 2);
  }
  SECTION("max_entries bounds the listing") {
    ZipDirectory first = read_zip_directory(zip, 1);
    CHECK(first.entries.size() == 1);
    CHECK(first.truncated);
  }
  SECTION("no end record: absent") {
    CHECK(read_zip_directory(zip.substr(0, zip.size() - 30), 100).status ==
          ZipDirectory::Status::absent);
    CHECK(read_zip_directory("", 100).status == ZipDirectory::Status::absent);
  }
  SECTION("an entry count larger than the directory: corrupt, no overread") {
    std::string lying = zip;
    std::size_t eocd = lying.rfind(std::string("PK\x05\x06", 4));
    lying[eocd + 10] = static_cast<char>(0xff);
    lying[eocd + 8] = static_cast<char>(0xff);
    ZipDirectory directory = read_zip_directory(lying, 100000);
    CHECK(directory.status == ZipDirectory::Status::corrupt);
  }
  SECTION("a directory offset beyond the file: corrupt") {
    std::string lying = zip;
    std::size_t eocd = lying.rfind(std::string("PK\x05\x06", 4));
    lying[eocd + 19] = 0x7f;
    lying[eocd + 15] = 0x7f;
    CHECK(read_zip_directory(lying, 100).status == ZipDirectory::Status::corrupt);
  }
}

TEST_CASE("zip central directory: Zip64 end records are followed", "[archive][zipdir]") {
  std::string zip =
      write_archive({{"f0", "hello"}, {"f1", std::string(k_email)}, {"f2", "x"}},
                    fixture_format(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, "zip:zip64"));
  REQUIRE(zip.find(std::string("PK\x06\x06", 4)) != std::string::npos);
  ZipDirectory directory = read_zip_directory(zip, 100);
  REQUIRE(directory.status == ZipDirectory::Status::ok);
  REQUIRE(directory.entries.size() == 3);
  for (const ZipDirectoryEntry& entry : directory.entries) {
    CHECK(zip.compare(entry.local_offset, 4, "PK\x03\x04") == 0);
  }
  CHECK_FALSE(zip_entries_overlap(zip, directory));
  RecordingSink sink;
  extract_zip_family(zip, "z64.zip", {}, sink);
  REQUIRE(sink.members.size() == 3);
  CHECK(sink.members[1].bytes == k_email);
}

TEST_CASE("zip central directory survives random damage", "[archive][zipdir][fuzz]") {
  std::string zip = make_zip({{"a.txt", "aaaa"}, {"b.txt", std::string(5000, 'b')}, {"c", "c"}});
  std::mt19937 random(42);
  for (int round = 0; round < 2000; ++round) {
    std::string damaged = zip;
    for (int flips = 0; flips < 4; ++flips) {
      damaged[random() % damaged.size()] = static_cast<char>(random());
    }
    ZipDirectory directory = read_zip_directory(damaged, 100);
    zip_entries_overlap(damaged, directory);
    RecordingSink sink;
    extract_zip_family(damaged, "damaged.zip", {}, sink);
    extract_archive(damaged, "damaged.gz", {}, sink);
  }
  SUCCEED("no crash");
}

}  // namespace piiscan
