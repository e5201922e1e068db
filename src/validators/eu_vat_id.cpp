// EU VAT identification numbers (VIES), dispatched by country prefix.
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

struct VatCountry {
  std::string_view prefix;
  ValidatorFn fn;
};

constexpr std::array k_checked{
    VatCountry{"AT", validate_at_vat_id}, VatCountry{"BE", validate_be_vat_id},
    VatCountry{"CH", validate_ch_uid},    VatCountry{"DE", validate_de_vat_id},
    VatCountry{"ES", validate_es_vat_id}, VatCountry{"FR", validate_fr_vat_id},
    VatCountry{"IT", validate_it_vat_id}, VatCountry{"NL", validate_nl_vat_id},
    VatCountry{"PL", validate_pl_vat_id},
};

// VIES prefixes whose national check is not implemented yet (EL = Greece, XI = Northern
// Ireland): such numbers are left to the rule's base score instead of being dropped.
constexpr std::array<std::string_view, 20> k_unchecked{"BG", "CY", "CZ", "DK", "EE", "EL", "FI",
                                                       "HR", "HU", "IE", "LT", "LU", "LV", "MT",
                                                       "PT", "RO", "SE", "SI", "SK", "XI"};

}  // namespace

// VAT identification number with its VIES country prefix (Council Directive 2006/112/EC,
// art. 215), checked by the national algorithm of AT, BE, DE, ES, FR, IT, NL, PL and by the
// Swiss UID rules for CH (MWST/TVA/IVA numbers).
// Rules: two upper-case letters first; a checked prefix runs that country's validator; another
// EU prefix is `not_applicable` (not checked yet); any other prefix is invalid.
ValidationResult validate_eu_vat_id(std::string_view value) noexcept {
  if (value.size() < 2 || !all_upper(value.substr(0, 2))) {
    return invalid_because("country code");
  }
  const std::string_view prefix = value.substr(0, 2);
  for (const VatCountry& country : k_checked) {
    if (country.prefix == prefix) {
      return country.fn(value);
    }
  }
  for (std::string_view unchecked : k_unchecked) {
    if (unchecked == prefix) {
      return {Verdict::not_applicable, {}};
    }
  }
  return invalid_because("country code");
}

}  // namespace piiscan::validators
