#include "extract/image_text.hpp"

#include <cmath>
#include <cstdio>

#include "util/utf8.hpp"

namespace piiscan {

namespace {

bool is_valid_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const int length = utf8_sequence_length(text.substr(at));
    if (length <= 0) {
      return false;
    }
    at += static_cast<std::size_t>(length);
  }
  return true;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view k_padding = std::string_view(" \t\r\n\0", 5);
  const std::size_t first = text.find_first_not_of(k_padding);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(k_padding) - first + 1);
}

std::optional<double> decimal_degrees(const GpsCoordinate& coordinate) {
  double degrees = 0;
  double unit = 1;
  for (const Rational& part : coordinate.dms) {
    if (part.denominator <= 0 || part.numerator < 0) {
      return std::nullopt;
    }
    degrees += static_cast<double>(part.numerator) / static_cast<double>(part.denominator) / unit;
    unit *= 60;
  }
  const char reference = coordinate.reference.empty() ? 'N' : coordinate.reference[0];
  return reference == 'S' || reference == 'W' ? -degrees : degrees;
}

}  // namespace

std::string exif_string_to_utf8(std::string_view bytes) {
  const std::string_view text = trim(bytes);
  if (is_valid_utf8(text)) {
    return std::string(text);
  }
  std::string out;
  for (unsigned char c : text) {
    append_utf8(c, out);
  }
  return out;
}

std::string ucs2le_to_utf8(std::string_view bytes) {
  std::string out;
  for (std::size_t at = 0; at + 1 < bytes.size(); at += 2) {
    const auto unit = [&](std::size_t i) {
      return static_cast<char32_t>(static_cast<unsigned char>(bytes[i]) |
                                   static_cast<unsigned char>(bytes[i + 1]) << 8);
    };
    const char32_t first = unit(at);
    if (first == 0) {
      break;
    }
    if (first >= 0xD800 && first < 0xDC00 && at + 3 < bytes.size() && unit(at + 2) >= 0xDC00 &&
        unit(at + 2) < 0xE000) {
      append_utf8(0x10000 + ((first - 0xD800) << 10) + (unit(at + 2) - 0xDC00), out);
      at += 2;
    } else {
      append_utf8(first >= 0xD800 && first < 0xE000 ? 0xFFFD : first, out);
    }
  }
  return std::string(trim(out));
}

std::optional<std::string> format_gps_position(const GpsCoordinate& latitude,
                                               const GpsCoordinate& longitude) {
  const std::optional<double> lat = decimal_degrees(latitude);
  const std::optional<double> lon = decimal_degrees(longitude);
  if (!lat || !lon || std::fabs(*lat) > 90 || std::fabs(*lon) > 180) {
    return std::nullopt;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.6f, %.6f", *lat, *lon);
  return std::string(text);
}

}  // namespace piiscan
