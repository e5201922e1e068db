// Telephone numbers of Germany, Austria and Switzerland, checked against libphonenumber's
// numbering-plan metadata (Debian libphonenumber-dev) instead of hand-written number plans.
#include "validators_impl.hpp"

#include <exception>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace piiscan::validators {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Country calling codes (ITU-T E.164 assignments) of the three countries this validator accepts.
constexpr int k_germany = 49;
constexpr int k_austria = 43;
constexpr int k_switzerland = 41;

// Whether libphonenumber parses `number` in `region` to a valid DE/AT/CH number.
bool valid_in(const PhoneNumberUtil& util, const std::string& number, const char* region) {
  PhoneNumber parsed;
  if (util.Parse(number, region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return false;
  }
  const int code = parsed.country_code();
  return (code == k_germany || code == k_austria || code == k_switzerland) &&
         util.IsValidNumber(parsed);
}

}  // namespace

// Telephone number, ITU-T E.164 numbering plans of DE (+49), AT (+43) and CH (+41) as encoded
// in libphonenumber's metadata (PhoneNumberUtil::IsValidNumber).
// Rules: digits and the separators space . - / ( ) only, plus one leading "+"; 6 to 15 digits;
// international form ("+49…", "0049…", also "+49 (0)30 …") with country code 49, 43 or 41, or
// national form with trunk prefix 0 ("030 1234567"), tried as a German, then Austrian, then
// Swiss number; libphonenumber must call the number valid (an assigned range of the right
// length), not merely possible.
// Unlike the other validators this one allocates (libphonenumber works on std::string); it
// catches everything, so it stays noexcept.
ValidationResult validate_phone_number(std::string_view value) noexcept {
  Compact digits;
  if (!strip_separators(value, " .-/()", digits)) {
    return invalid_because("length");
  }
  std::string_view number = digits.view();
  const bool plus = !number.empty() && number.front() == '+';
  if (plus) {
    number.remove_prefix(1);
  }
  if (!all_digits(number)) {
    return invalid_because("characters");
  }
  if (number.size() < 6 || number.size() > 15 + (plus ? 0 : 2)) {
    return invalid_because("length");
  }
  const bool international = plus || number.substr(0, 2) == "00";
  if (!international && number.front() != '0') {
    return invalid_because("prefix");
  }
  if (international) {
    const std::string_view code = number.substr(plus ? 0 : 2, 2);
    if (code != "49" && code != "43" && code != "41") {
      return invalid_because("country code");
    }
  }
  try {
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    const std::string text(value);
    if (valid_in(util, text, "DE") ||
        (!international && (valid_in(util, text, "AT") || valid_in(util, text, "CH")))) {
      return k_valid;
    }
    return invalid_because("numbering plan");
  } catch (const std::exception&) {
    return invalid_because("numbering plan");
  }
}

}  // namespace piiscan::validators
