// ISO/IEC 7064 check-character systems shared by several validators.
#include "validators_impl.hpp"

namespace piiscan::validators {

// MOD 11,10 (hybrid system), e.g. for the German IdNr and USt-IdNr.
int iso7064_mod11_10_check_digit(std::string_view digits) noexcept {
  int product = 10;
  for (char c : digits) {
    int sum = (digit_value(c) + product) % 10;
    if (sum == 0) {
      sum = 10;
    }
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10;
}

// MOD 97-10 (pure system) remainder, processed one character at a time so that it never
// overflows, whatever the length.
int iso7064_mod97_remainder(std::string_view alnum) noexcept {
  int remainder = 0;
  for (char c : alnum) {
    if (is_digit(c)) {
      remainder = (remainder * 10 + digit_value(c)) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  }
  return remainder;
}

}  // namespace piiscan::validators
