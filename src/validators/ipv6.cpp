// IPv6 addresses in text form.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {

// IPv6 address, RFC 4291 §2.2 text forms (full, "::"-compressed, embedded IPv4), parsed by
// POSIX inet_pton(AF_INET6) from a NUL-terminated copy on the stack.
// Rules: at most 45 characters (the longest text form); no zone index ("%eth0"); whatever
// inet_pton accepts.
ValidationResult validate_ipv6(std::string_view value) noexcept {
  constexpr std::size_t k_max_length = 45;  // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
  if (value.size() < 2 || value.size() > k_max_length) {
    return invalid_because("length");
  }
  if (value.find('\0') != std::string_view::npos) {
    return invalid_because("characters");
  }
  std::array<char, k_max_length + 1> text{};
  value.copy(text.data(), value.size());
  in6_addr address{};
  if (inet_pton(AF_INET6, text.data(), &address) != 1) {
    return invalid_because("syntax");
  }
  return k_valid;
}

}  // namespace piiscan::validators
