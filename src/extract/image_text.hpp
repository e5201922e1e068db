// Text conversions for image metadata values: EXIF strings are bytes in no declared charset,
// XP* tags are UCS-2, GPS positions are degree/minute/second rationals.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace piiscan {

// `bytes` as UTF-8 without the NUL padding and surrounding white space EXIF writers leave:
// kept as is when valid UTF-8, otherwise read as Latin-1 (what pre-UTF-8 cameras and Windows
// tools wrote). Never fails.
std::string exif_string_to_utf8(std::string_view bytes);

// Windows XP* tags (XPAuthor …): UTF-16LE up to the first NUL code unit, as UTF-8; unpaired
// surrogates become U+FFFD and an odd trailing byte is dropped.
std::string ucs2le_to_utf8(std::string_view bytes);

struct Rational {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

// One GPS coordinate as EXIF stores it: degrees, minutes and seconds, plus the reference
// ("N"/"S" or "E"/"W").
struct GpsCoordinate {
  std::array<Rational, 3> dms;
  std::string reference;
};

// "48.137154, 11.576124" (decimal degrees, six places, south and west negative), or nullopt when
// a denominator is zero, a part is negative or the result lies outside ±90 / ±180.
std::optional<std::string> format_gps_position(const GpsCoordinate& latitude,
                                               const GpsCoordinate& longitude);

}  // namespace piiscan
