// Tests of extract_image_metadata and its text helpers. The JPEGs below are built byte by byte;
// further fixtures (written by PIL/piexif) come from make_image_fixtures.py through the
// environment variable PIISCAN_IMAGE_FIXTURES. Names and the GPS position (Munich, Marienplatz)
// are synthetic.
#include "extract/extractors.hpp"
#include "extract/image_text.hpp"
#include "test_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using piiscan::ProblemKind;
using piiscan::test::TestSink;

std::string le16(std::uint32_t value) {
  return {static_cast<char>(value & 0xFF), static_cast<char>((value >> 8) & 0xFF)};
}

std::string le32(std::uint32_t value) { return le16(value & 0xFFFF) + le16(value >> 16); }

struct TiffEntry {
  std::uint16_t tag;
  std::uint16_t type;  // 1 BYTE, 2 ASCII, 4 LONG, 5 RATIONAL
  std::uint32_t count;
  std::string value;  // little-endian value bytes
};

std::uint32_t ifd_size(const std::vector<TiffEntry>& entries) {
  return static_cast<std::uint32_t>(2 + 12 * entries.size() + 4);
}

// One IFD (next-IFD offset 0); values longer than 4 bytes go to `data`, which starts at file
// offset `data_offset`.
std::string tiff_ifd(const std::vector<TiffEntry>& entries, std::uint32_t data_offset,
                     std::string& data) {
  std::string ifd = le16(static_cast<std::uint32_t>(entries.size()));
  for (const auto& entry : entries) {
    ifd += le16(entry.tag) + le16(entry.type) + le32(entry.count);
    if (entry.value.size() <= 4) {
      ifd += entry.value + std::string(4 - entry.value.size(), '\0');
    } else {
      ifd += le32(data_offset + static_cast<std::uint32_t>(data.size()));
      data += entry.value;
    }
  }
  return ifd + le32(0);
}

std::string rationals(std::uint32_t d, std::uint32_t m, std::uint32_t s_num, std::uint32_t s_den) {
  return le32(d) + le32(1) + le32(m) + le32(1) + le32(s_num) + le32(s_den);
}

std::string jpeg_with_app1(const std::string& tiff) {
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const auto length = static_cast<std::uint32_t>(payload.size() + 2);
  return std::string("\xFF\xD8\xFF\xE1", 4) + static_cast<char>(length >> 8) +
         static_cast<char>(length & 0xFF) + payload + "\xFF\xD9";
}

// A JPEG whose EXIF holds Artist, XPAuthor and a GPS position (48.137154 N, 11.576124 E).
std::string jpeg_with_artist_and_gps() {
  const std::string artist = std::string("Erika Musterfrau") + '\0';
  std::string xp_author;
  for (char c : std::string("Erika M\xFCsterfrau")) {  // U+00FC as one UCS-2 unit
    xp_author += le16(static_cast<unsigned char>(c));
  }
  xp_author += le16(0);
  std::vector<TiffEntry> ifd0 = {
      {0x013B, 2, static_cast<std::uint32_t>(artist.size()), artist},
      {0x8825, 4, 1, ""},  // GPS IFD pointer, filled in below
      {0x9C9D, 1, static_cast<std::uint32_t>(xp_author.size()), xp_author},
  };
  const std::vector<TiffEntry> gps = {
      {1, 2, 2, std::string("N\0", 2)},
      {2, 5, 3, rationals(48, 8, 17193, 1250)},
      {3, 2, 2, std::string("E\0", 2)},
      {4, 5, 3, rationals(11, 34, 21279, 625)},
  };
  const std::uint32_t gps_offset = 8 + ifd_size(ifd0);
  ifd0[1].value = le32(gps_offset);
  const std::uint32_t data_offset = gps_offset + ifd_size(gps);
  std::string data;
  const std::string first = tiff_ifd(ifd0, data_offset, data);
  const std::string second = tiff_ifd(gps, data_offset, data);
  return jpeg_with_app1(std::string("II*\0", 4) + le32(8) + first + second + data);
}

// bad-inputs.md D07: IFD0's ExifIFD pointer and next-IFD offset both point at IFD0 itself.
std::string exif_loop_jpeg() {
  return jpeg_with_app1(std::string("II*\0", 4) + le32(8) + le16(1) + le16(0x8769) + le16(4) +
                        le32(1) + le32(8) + le32(8));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string read_fixture(const char* name) {
  const char* dir = std::getenv("PIISCAN_IMAGE_FIXTURES");
  std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool have_fixtures() {
  if (std::getenv("PIISCAN_IMAGE_FIXTURES") != nullptr) {
    return true;
  }
  WARN("PIISCAN_IMAGE_FIXTURES unset (run make_image_fixtures.py OUTDIR): fixture test skipped");
  return false;
}

}  // namespace

TEST_CASE("EXIF artist, XPAuthor and GPS come out of a hand-made JPEG", "[extract][image]") {
  TestSink sink;
  piiscan::extract_image_metadata(jpeg_with_artist_and_gps(), "photo.jpg", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.metadata_value("Exif.Image.Artist") == "Erika Musterfrau");
  CHECK(sink.metadata_value("Exif.Image.XPAuthor") == "Erika M\xC3\xBCsterfrau");
  CHECK(sink.metadata_value("GPS position") == "48.137154, 11.576124");
  for (const auto& call : sink.metadata_values) {
    CHECK(call.category == "image_metadata");
  }
  const std::string text = sink.text_at("metadata");
  CHECK(text.find("Exif.Image.Artist: Erika Musterfrau\n") != std::string::npos);
  CHECK(text.find("GPS position: 48.137154, 11.576124\n") != std::string::npos);
  CHECK(sink.consumed == text.size());
}

TEST_CASE("an EXIF IFD cycle ends quickly with a corrupt problem (D07)", "[extract][image]") {
  TestSink sink;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_image_metadata(exif_loop_jpeg(), "exifloop.jpg", {}, sink);
  const double seconds = seconds_since(start);
  WARN("D07 EXIF IFD cycle: " << seconds * 1000 << " ms");
  CHECK(seconds < 0.5);
  CHECK(sink.has_problem(ProblemKind::corrupt, "previously read"));
  CHECK(sink.metadata_values.empty());
}

TEST_CASE("images without personal metadata produce nothing", "[extract][image]") {
  const std::string orientation_only =
      jpeg_with_app1(std::string("II*\0", 4) + le32(8) + le16(1) + le16(0x0112) + le16(3) +
                     le32(1) + le32(1) + le32(0));
  TestSink sink;
  piiscan::extract_image_metadata(orientation_only, "plain.jpg", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.texts.empty());
  CHECK(sink.metadata_values.empty());
}

TEST_CASE("non-images and truncated images are problems, not crashes", "[extract][image]") {
  TestSink garbage;
  piiscan::extract_image_metadata("definitely not an image", "x.jpg", {}, garbage);
  CHECK(garbage.has_problem(ProblemKind::unsupported));
  const std::string jpeg = jpeg_with_artist_and_gps();
  for (std::size_t size : {std::size_t{0}, std::size_t{3}, std::size_t{12}, jpeg.size() / 2}) {
    TestSink sink;
    piiscan::extract_image_metadata(std::string_view(jpeg).substr(0, size), "cut.jpg", {}, sink);
    CHECK(sink.metadata_value("GPS position").empty());
  }
}

TEST_CASE("the byte budget bounds image metadata", "[extract][image]") {
  piiscan::ExtractLimits limits;
  limits.max_total_bytes = 10;
  TestSink sink(limits);
  piiscan::extract_image_metadata(jpeg_with_artist_and_gps(), "photo.jpg", limits, sink);
  CHECK(sink.has_problem(ProblemKind::limit, "max_total_bytes"));
  CHECK(sink.metadata_values.empty());
  CHECK(sink.texts.empty());
}

TEST_CASE("EXIF strings: padding trimmed, Latin-1 fallback, UCS-2 with surrogates",
          "[extract][image]") {
  CHECK(piiscan::exif_string_to_utf8(std::string("  Max\0\0", 7)) == "Max");
  CHECK(piiscan::exif_string_to_utf8("J\xFCrgen") == "J\xC3\xBCrgen");
  CHECK(piiscan::exif_string_to_utf8("J\xC3\xBCrgen") == "J\xC3\xBCrgen");
  CHECK(piiscan::ucs2le_to_utf8(std::string("M\0a\0x\0\0\0junk", 12)) == "Max");
  CHECK(piiscan::ucs2le_to_utf8(std::string("\x3D\xD8\x00\xDE", 4)) == "\xF0\x9F\x98\x80");
  CHECK(piiscan::ucs2le_to_utf8(std::string("\x00\xD8x\0", 4)) == "\xEF\xBF\xBDx");
  CHECK(piiscan::ucs2le_to_utf8(std::string("A\0B", 3)) == "A");
}

TEST_CASE("GPS positions are decimal degrees, south and west negative", "[extract][image]") {
  using piiscan::GpsCoordinate;
  const GpsCoordinate north{{{{48, 1}, {8, 1}, {17193, 1250}}}, "N"};
  const GpsCoordinate east{{{{11, 1}, {34, 1}, {21279, 625}}}, "E"};
  CHECK(piiscan::format_gps_position(north, east) == "48.137154, 11.576124");
  const GpsCoordinate south{{{{33, 1}, {51, 1}, {0, 1}}}, "S"};
  const GpsCoordinate west{{{{70, 1}, {30, 1}, {0, 1}}}, "W"};
  CHECK(piiscan::format_gps_position(south, west) == "-33.850000, -70.500000");
  const GpsCoordinate zero_denominator{{{{48, 0}, {8, 1}, {0, 1}}}, "N"};
  CHECK(!piiscan::format_gps_position(zero_denominator, east));
  const GpsCoordinate beyond{{{{200, 1}, {0, 1}, {0, 1}}}, "N"};
  CHECK(!piiscan::format_gps_position(beyond, east));
}

TEST_CASE("fixture party.jpg: EXIF, GPS and XMP person fields", "[extract][image][fixtures]") {
  if (!have_fixtures()) {
    return;
  }
  TestSink sink;
  piiscan::extract_image_metadata(read_fixture("party.jpg"), "party.jpg", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.metadata_value("Exif.Image.Artist") == "Erika Musterfrau");
  CHECK(sink.metadata_value("Exif.Image.Copyright") ==
        "(c) Erika Musterfrau, erika.musterfrau@example.de");
  CHECK(sink.metadata_value("Exif.Image.XPAuthor") == "Erika Musterfrau");
  CHECK(sink.metadata_value("Exif.Photo.CameraOwnerName") == "Max Mustermann");
  CHECK(sink.metadata_value("Exif.Photo.BodySerialNumber") == "SN-0000-4711");
  CHECK(sink.metadata_value("GPS position") == "48.137154, 11.576124");
  CHECK(sink.metadata_value("Xmp.dc.creator") == "Erika Musterfrau");
  CHECK(sink.metadata_value("Xmp.iptcExt.PersonInImage") == "Max Mustermann");
  CHECK(sink.metadata_value("Xmp.MP.RegionInfo") == "Jana Beispiel");
  CHECK(sink.text_at("metadata").find("erika.musterfrau@example.de") != std::string::npos);
}

TEST_CASE("fixture logo.png has no metadata", "[extract][image][fixtures]") {
  if (!have_fixtures()) {
    return;
  }
  TestSink sink;
  piiscan::extract_image_metadata(read_fixture("logo.png"), "logo.png", {}, sink);
  CHECK(sink.problems.empty());
  CHECK(sink.texts.empty());
  CHECK(sink.metadata_values.empty());
}

TEST_CASE("fixture exifloop.jpg ends with a corrupt problem (D07)", "[extract][image][fixtures]") {
  if (!have_fixtures()) {
    return;
  }
  TestSink sink;
  const auto start = std::chrono::steady_clock::now();
  piiscan::extract_image_metadata(read_fixture("exifloop.jpg"), "exifloop.jpg", {}, sink);
  CHECK(seconds_since(start) < 0.5);
  CHECK(sink.has_problem(ProblemKind::corrupt, "previously read"));
}

TEST_CASE("mutated images never crash the extractor", "[extract][image][mutation]") {
  for (const std::string& bytes :
       piiscan::test::mutated_copies(jpeg_with_artist_and_gps(), 300, 9)) {
    TestSink sink;
    piiscan::extract_image_metadata(bytes, "mutated.jpg", {}, sink);
    CHECK(sink.consumed == sink.all_text().size());
  }
}
