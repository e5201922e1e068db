#include <piiscan/detector.hpp>

#include <array>
#include <cstdint>
#include <iterator>

namespace piiscan {

namespace {

constexpr bool is_ascii_alnum(int c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// What each byte is to the mask, from one table lookup (the two tests per byte were a third of
// the masking): the first byte of a significant character (an ASCII letter or digit, or a
// UTF-8 lead byte), a UTF-8 continuation byte, or anything else, shown as it is.
enum class ByteKind : std::uint8_t { other, lead, continuation };

constexpr std::array<ByteKind, 256> k_byte_kinds = [] {
  std::array<ByteKind, 256> kinds{};
  for (int c = 0; c < 256; ++c) {
    kinds[static_cast<std::size_t>(c)] = is_ascii_alnum(c) || c >= 0xC0 ? ByteKind::lead
                                         : c >= 0x80                    ? ByteKind::continuation
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

// An ASCII letter or digit masked, any other byte as it is: the mask of a value of ASCII only,
// but for the characters shown at its ends.
constexpr std::array<char, 256> k_masked_bytes = [] {
  std::array<char, 256> masked{};
  for (int c = 0; c < 256; ++c) {
    masked[static_cast<std::size_t>(c)] = is_ascii_alnum(c) ? '*' : static_cast<char>(c);
  }
  return masked;
}();

// Puts back in `masked` the first `shown` characters that masking changed.
template <typename Masked, typename Value>
void unmask_first(Masked masked, Value value, std::size_t shown) noexcept {
  for (; shown > 0; ++masked, ++value) {
    if (*masked != *value) {
      *masked = *value;
      --shown;
    }
  }
}

// Writes the mask of `value` to `masked` (room for value.size() bytes) in one pass when the
// value is ASCII, as nearly all are (numbers, IBANs, e-mail addresses): each character is then
// one byte, so the mask is as long as the value, and the few characters shown at the ends are
// put back afterwards.
// False, with `masked` spoilt, for any other value.
bool mask_ascii(char* masked, std::string_view value) noexcept {
  unsigned char bits = 0;  // of all bytes, for the test for ASCII
  std::size_t significant = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    bits |= byte;
    masked[i] = k_masked_bytes[byte];
    significant += masked[i] != value[i] ? 1 : 0;
  }
  if (bits >= 0x80) {
    return false;
  }
  // At most a quarter of the characters at each end: the two ends never meet.
  const std::size_t shown = shown_per_end(significant);
  unmask_first(masked, value.begin(), shown);
  unmask_first(std::make_reverse_iterator(masked + value.size()), value.rbegin(), shown);
  return true;
}

// Any value, UTF-8 or not: a multi-byte character counts once and shows whole or as one '*'.
void mask_any(std::string_view value, ShortString& masked) {
  std::size_t significant = 0;
  for (const char c : value) {
    significant += kind_of(c) == ByteKind::lead ? 1 : 0;
  }
  const std::size_t shown = shown_per_end(significant);
  // Never longer than the value; written through a pointer, as push_back per byte checked the
  // capacity every time (a few percent of a scan of HR exports).
  char* const begin = masked.overwrite(value.size());
  char* out = begin;
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
  masked.truncate(static_cast<std::size_t>(out - begin));
}

}  // namespace

ShortString mask_value(std::string_view value) {
  ShortString masked;
  if (!mask_ascii(masked.overwrite(value.size()), value)) {
    mask_any(value, masked);
  }
  return masked;
}

}  // namespace piiscan
