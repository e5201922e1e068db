#include <piiscan/detector.hpp>

#include <array>
#include <cstdint>

namespace piiscan {

namespace {

// What each byte is to the mask, from one table lookup (the two tests per byte were a third of
// the masking): the first byte of a significant character (an ASCII letter or digit, or a
// UTF-8 lead byte), a UTF-8 continuation byte, or anything else, shown as it is.
enum class ByteKind : std::uint8_t { other, lead, continuation };

constexpr std::array<ByteKind, 256> k_byte_kinds = [] {
  std::array<ByteKind, 256> kinds{};
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    kinds[static_cast<std::size_t>(c)] = alnum || c >= 0xC0 ? ByteKind::lead
                                         : c >= 0x80        ? ByteKind::continuation
                                                            : ByteKind::other;
  }
  return kinds;
}();

ByteKind kind_of(char c) noexcept { return k_byte_kinds[static_cast<unsigned char>(c)]; }

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
  for (const char c : value) {
    significant += kind_of(c) == ByteKind::lead ? 1 : 0;
  }
  const std::size_t shown = shown_per_end(significant);
  // Never longer than the value; written through a pointer, as push_back per byte checked the
  // capacity every time (a few percent of a scan of HR exports).
  std::string masked(value.size(), '\0');
  char* out = masked.data();
  std::size_t index = 0;  // among significant characters
  // Whether the continuation bytes that follow belong to a shown multi-byte character; all
  // others (of a masked character, or stray) are dropped.
  bool show_continuations = false;
  for (const char c : value) {
    switch (kind_of(c)) {
      case ByteKind::other:
        *out++ = c;
        show_continuations = false;
        break;
      case ByteKind::lead: {
        const bool show = index < shown || index >= significant - shown;
        ++index;
        *out++ = show ? c : '*';
        show_continuations = show && static_cast<unsigned char>(c) >= 0xC0;
        break;
      }
      case ByteKind::continuation:
        if (show_continuations) {
          *out++ = c;
        }
        break;
    }
  }
  masked.resize(static_cast<std::size_t>(out - masked.data()));
  return masked;
}

}  // namespace piiscan
