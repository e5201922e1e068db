// IPv4 addresses in dotted-decimal notation.
#include "validators_impl.hpp"

namespace piiscan::validators {

// IPv4 dotted-decimal address, RFC 791 / RFC 6943 §3.1.1 (strict form).
// Rules: exactly four dot-separated decimal octets 0-255; 1-3 digits each; no leading zeros
// ("0" alone is fine, "01" is not, because some parsers read it as octal).
ValidationResult validate_ipv4(std::string_view value) noexcept {
  int octets = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = value.find('.', pos);
    const std::string_view octet =
        value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (octet.empty() || octet.size() > 3 || !all_digits(octet)) {
      return invalid_because("octet format");
    }
    if (octet.size() > 1 && octet[0] == '0') {
      return invalid_because("leading zero");
    }
    int number = 0;
    for (char c : octet) {
      number = number * 10 + digit_value(c);
    }
    if (number > 255) {
      return invalid_because("octet range");
    }
    if (++octets > 4) {
      return invalid_because("octet count");
    }
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
  }
  if (octets != 4) {
    return invalid_because("octet count");
  }
  return k_valid;
}

}  // namespace piiscan::validators
