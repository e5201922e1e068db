// ISO/IEC 7064 check-character systems shared by several validators.
#include <cstdint>

#include "validators_impl.hpp"

namespace piiscan::validators {

// MOD 11,10 (hybrid system), e.g. for the German IdNr and USt-IdNr.
// The product stays in 1..10, so both reductions are one subtraction (two divisions per digit
// were a quarter of a German IdNr's validation).
int iso7064_mod11_10_check_digit(std::string_view digits) noexcept {
  int product = 10;
  for (char c : digits) {
    int sum = digit_value(c) + product;  // 1..19
    sum = sum > 10 ? sum - 10 : sum;     // (sum mod 10), with 0 counted as 10
    product = 2 * sum > 10 ? 2 * sum - 11 : 2 * sum;
  }
  return (11 - product) % 10;
}

// MOD 97-10 (pure system) remainder. The running value is reduced only when another two digits
// could overflow it (a division per character was most of an IBAN's check), which gives the
// same remainder whatever the length.
int iso7064_mod97_remainder(std::string_view alnum) noexcept {
  constexpr std::uint64_t k_reduce_above = 100'000'000'000'000'000ULL;  // × 100 + 35 still fits
  std::uint64_t value = 0;
  for (char c : alnum) {
    value = is_digit(c) ? value * 10 + static_cast<std::uint64_t>(digit_value(c))
                        : value * 100 + static_cast<std::uint64_t>(c - 'A' + 10);
    if (value >= k_reduce_above) {
      value %= 97;
    }
  }
  return static_cast<int>(value % 97);
}

}  // namespace piiscan::validators
