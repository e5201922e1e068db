// Private header of the validators: the validator functions that registry.cpp lists, and the
// small steps and check-digit algorithms that several of them share.
//
// Everything here is pure, `noexcept`, allocation-free and reads only the string it is given.
// Validators are written as cascades of named steps; each rejection returns
// `invalid_because("<step>")` with a string literal, so `--explain` can show the step.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <piiscan/validators.hpp>
#include <string_view>

namespace piiscan::validators {

// ---- shared steps -------------------------------------------------------------------------

// A value with its separators removed, held in a fixed buffer (no heap). 64 characters is more
// than the longest format handled here (a 44-character MRZ line, a 34-character IBAN).
struct Compact {
  static constexpr std::size_t k_capacity = 64;
  std::array<char, k_capacity> chars{};
  std::size_t size = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {chars.data(), size}; }
};

// The separators a format allows, as a set of bytes built at compile time: stripping then tests
// each character once instead of comparing it with every separator (a third of an IBAN's
// validation was that comparison loop). Converts implicitly from a literal ("" or {}: none).
class Separators {
 public:
  constexpr Separators() = default;
  template <std::size_t N>
  consteval Separators(const char (&chars)[N]) {
    for (const char c : std::string_view(chars, N - 1)) {
      const auto byte = static_cast<unsigned char>(c);
      words_[byte / 64] |= std::uint64_t{1} << (byte % 64);
    }
  }
  [[nodiscard]] constexpr bool contains(char c) const noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return (words_[byte / 64] >> (byte % 64) & 1) != 0;
  }

 private:
  std::array<std::uint64_t, 4> words_{};
};

// Copies `value` into `out` without the characters in `separators`. Returns false when the
// result does not fit into `Compact::k_capacity` (the value is too long for any format).
bool strip_separators(std::string_view value, const Separators& separators, Compact& out) noexcept;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr int digit_value(char c) noexcept { return c - '0'; }

// True when `s` is non-empty and consists of ASCII digits / upper-case letters only.
constexpr bool all_digits(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return !s.empty();
}
constexpr bool all_upper(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_upper(c)) {
      return false;
    }
  }
  return !s.empty();
}

// The decimal digits of `n` added up (cross sum, "Quersumme"); `n` is non-negative.
constexpr int cross_sum(int n) noexcept {
  int sum = 0;
  for (; n > 0; n /= 10) {
    sum += n % 10;
  }
  return sum;
}

// ---- shared check-digit algorithms ----------------------------------------------------------

// Luhn mod 10 over ASCII digits (the last one being the check digit): 0 when the number is valid.
int luhn_checksum(std::string_view digits) noexcept;

// ISO/IEC 7064 MOD 11,10 (hybrid system): the check digit for `digits` (check digit excluded).
int iso7064_mod11_10_check_digit(std::string_view digits) noexcept;

// ISO/IEC 7064 MOD 97-10 remainder of `alnum`, letters counting as two digits (A=10 … Z=35).
// `alnum` holds digits and upper-case letters only.
int iso7064_mod97_remainder(std::string_view alnum) noexcept;

// ICAO Doc 9303 Part 3 check digit (weights 7,3,1; 0-9, A=10 … Z=35, `<`=0) of `chars`, or -1
// when a character is outside that alphabet.
int icao9303_check_digit(std::string_view chars) noexcept;

// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (plus XK, used for Kosovo).
bool is_iso3166_alpha2(std::string_view code) noexcept;

// ---- validators (one .cpp each, listed in registry.cpp) -----------------------------------

ValidationResult validate_iban(std::string_view value) noexcept;
ValidationResult validate_credit_card(std::string_view value) noexcept;
ValidationResult validate_luhn(std::string_view value) noexcept;
ValidationResult validate_de_tax_id(std::string_view value) noexcept;
ValidationResult validate_de_vat_id(std::string_view value) noexcept;
ValidationResult validate_de_tax_number(std::string_view value) noexcept;
ValidationResult validate_de_social_insurance(std::string_view value) noexcept;
ValidationResult validate_de_health_insurance(std::string_view value) noexcept;
ValidationResult validate_icao_document(std::string_view value) noexcept;
ValidationResult validate_de_id_card(std::string_view value) noexcept;
ValidationResult validate_de_passport(std::string_view value) noexcept;
ValidationResult validate_mrz(std::string_view value) noexcept;
ValidationResult validate_at_social_insurance(std::string_view value) noexcept;
ValidationResult validate_at_vat_id(std::string_view value) noexcept;
ValidationResult validate_at_tax_number(std::string_view value) noexcept;
ValidationResult validate_ch_ahv(std::string_view value) noexcept;
ValidationResult validate_ch_uid(std::string_view value) noexcept;
ValidationResult validate_eu_vat_id(std::string_view value) noexcept;
ValidationResult validate_bic(std::string_view value) noexcept;
ValidationResult validate_ipv4(std::string_view value) noexcept;
ValidationResult validate_ipv6(std::string_view value) noexcept;
ValidationResult validate_date(std::string_view value) noexcept;
ValidationResult validate_phone_number(std::string_view value) noexcept;

// Per-country VAT number checks used by `validate_eu_vat_id`. Each accepts the number with or
// without its two-letter prefix.
ValidationResult validate_fr_vat_id(std::string_view value) noexcept;
ValidationResult validate_it_vat_id(std::string_view value) noexcept;
ValidationResult validate_nl_vat_id(std::string_view value) noexcept;
ValidationResult validate_be_vat_id(std::string_view value) noexcept;
ValidationResult validate_pl_vat_id(std::string_view value) noexcept;
ValidationResult validate_es_vat_id(std::string_view value) noexcept;

// Separators accepted inside VAT numbers as printed ("DE 136 695 976", "FR 40-303.265.045").
inline constexpr Separators k_vat_separators = " .-/";

// Removes `prefix` from the front of `s` when it is there.
constexpr std::string_view without_prefix(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix ? s.substr(prefix.size()) : s;
}

}  // namespace piiscan::validators
