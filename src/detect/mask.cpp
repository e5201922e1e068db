#include <piiscan/detector.hpp>

namespace piiscan {

namespace {

bool is_significant(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

// How many significant characters to show at each end: never more than 4 in all, and never
// more than a quarter of the value, so short values are masked completely.
std::size_t shown_per_end(std::size_t significant) noexcept {
  if (significant >= 8) {
    return 2;
  }
  return significant >= 4 ? 1 : 0;
}

}  // namespace

std::string mask_value(std::string_view value) {
  std::size_t significant = 0;
  for (unsigned char c : value) {
    significant += (is_significant(c) && (c < 0x80 || c >= 0xC0)) ? 1 : 0;
  }
  const std::size_t shown = shown_per_end(significant);
  // Never longer than the value; written through a pointer, as push_back per byte checked the
  // capacity every time (a few percent of a scan of HR exports).
  std::string masked(value.size(), '\0');
  char* out = masked.data();
  std::size_t index = 0;  // among significant characters (UTF-8 lead bytes)
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!is_significant(c)) {
      *out++ = static_cast<char>(c);
      continue;
    }
    if (c >= 0x80 && c < 0xC0) {
      continue;  // UTF-8 continuation byte: its lead byte decided already
    }
    const bool show = index < shown || index >= significant - shown;
    ++index;
    if (!show) {
      *out++ = '*';
      continue;
    }
    *out++ = static_cast<char>(c);
    while (c >= 0xC0 && i + 1 < value.size() &&
           (static_cast<unsigned char>(value[i + 1]) & 0xC0) == 0x80) {
      *out++ = value[++i];
    }
  }
  masked.resize(static_cast<std::size_t>(out - masked.data()));
  return masked;
}

}  // namespace piiscan
