// Telephone numbers of Germany, Austria and Switzerland, checked against libphonenumber's
// numbering-plan metadata (Debian libphonenumber-dev) instead of hand-written number plans.
// The metadata is compiled into RE2 (phone_plan.cpp); libphonenumber's own Parse +
// IsValidNumber remain as fallback and as the reference of the differential unit test.
#include <exception>
#include <optional>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "phone.hpp"

namespace piiscan::validators {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Country calling codes (ITU-T E.164 assignments) of the three countries this validator accepts.
constexpr int k_germany = 49;
constexpr int k_austria = 43;
constexpr int k_switzerland = 41;

// A value that passed the structural checks.
struct PhoneDigits {
  bool international = false;
  // International form: the digits after "+" or "00", country code first. National form: all
  // digits, trunk prefix first.
  std::string_view digits;
};

// The checks both implementations share: digits and separators only, a plausible digit count,
// and a trunk prefix 0 or a DE/AT/CH country code. Returns the failed step ("" when passed).
std::string_view check_structure(std::string_view value, Compact& compact,
                                 PhoneDigits& out) noexcept {
  if (!strip_separators(value, " .-/()", compact)) {
    return "length";
  }
  std::string_view number = compact.view();
  const bool plus = !number.empty() && number.front() == '+';
  if (plus) {
    number.remove_prefix(1);
  }
  if (!all_digits(number)) {
    return "characters";
  }
  if (number.size() < 6 || number.size() > 15 + (plus ? 0 : 2)) {
    return "length";
  }
  out.international = plus || number.substr(0, 2) == "00";
  if (!out.international && number.front() != '0') {
    return "prefix";
  }
  out.digits = out.international && !plus ? number.substr(2) : number;
  if (out.international) {
    const std::string_view code = out.digits.substr(0, 2);
    if (code != "49" && code != "43" && code != "41") {
      return "country code";
    }
  }
  return {};
}

// Parse + IsValidNumber in `plan` of `number`: the digits after the country code, or the
// national form with its trunk prefix. nullopt: the plan cannot tell (see PhonePlan::valid).
std::optional<bool> valid_in(const PhonePlan& plan, std::string_view number) noexcept {
  return plan.valid(plan.national_significant_number(number));
}

// International form: the country code picks the plan. National form: any of the three plans,
// as Parse with default region DE, AT, CH would try them. nullopt when a plan cannot tell.
std::optional<bool> valid_by_plans(const std::array<PhonePlan, 3>& plans,
                                   const PhoneDigits& number) noexcept {
  if (number.international) {
    const int code = digit_value(number.digits[0]) * 10 + digit_value(number.digits[1]);
    for (const PhonePlan& plan : plans) {
      if (plan.country_code() == code) {
        return valid_in(plan, number.digits.substr(2));
      }
    }
    return false;
  }
  for (const PhonePlan& plan : plans) {
    const std::optional<bool> valid = valid_in(plan, number.digits);
    if (valid != false) {
      return valid;  // true, or unknown
    }
  }
  return false;
}

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

// libphonenumber on the value as written (it strips the separators itself).
ValidationResult valid_by_libphonenumber(std::string_view value, bool international) noexcept {
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

}  // namespace

// Telephone number, ITU-T E.164 numbering plans of DE (+49), AT (+43) and CH (+41) as encoded
// in libphonenumber's metadata (what PhoneNumberUtil::Parse + IsValidNumber accept).
// Rules: digits and the separators space . - / ( ) only, plus one leading "+"; 6 to 15 digits;
// international form ("+49…", "0049…", also "+49 (0)30 …") with country code 49, 43 or 41, or
// national form with trunk prefix 0 ("030 1234567"), tried as a German, then Austrian, then
// Swiss number; the number must be valid (an assigned range of the right length), not merely
// possible.
// Allocates only when a thread first calls it (its copy of the plans), or on every call if the
// plans could not be built and libphonenumber answers instead.
ValidationResult validate_phone_number(std::string_view value) noexcept {
  Compact compact;
  PhoneDigits number;
  if (const std::string_view failed = check_structure(value, compact, number); !failed.empty()) {
    return invalid_because(failed);
  }
  if (const std::array<PhonePlan, 3>* plans = phone_plans(); plans != nullptr) {
    if (const std::optional<bool> valid = valid_by_plans(*plans, number)) {
      return *valid ? k_valid : invalid_because("numbering plan");
    }
  }
  return valid_by_libphonenumber(value, number.international);
}

ValidationResult validate_phone_number_libphonenumber(std::string_view value) noexcept {
  Compact compact;
  PhoneDigits number;
  if (const std::string_view failed = check_structure(value, compact, number); !failed.empty()) {
    return invalid_because(failed);
  }
  return valid_by_libphonenumber(value, number.international);
}

}  // namespace piiscan::validators
