// Errors of the piiscan core.
//
// Two tiers, as in ccache: a configuration problem that makes any result untrustworthy (bad rule
// file, bad policy, unusable option value) is thrown as `ConfigError`; the CLI prints it and exits
// with code 3. Problems with one scanned file never throw: they become `ScanError` records (see
// reporter.hpp) and the scan goes on.
#pragma once

#include <stdexcept>
#include <string>

namespace piiscan {

// Thrown only while setting up a scan or loading rules and policy, never while scanning data.
// `what()` is a complete message without the "piiscan: " prefix, e.g.
// "rules/financial.toml:7: rule 'iban': unknown validator 'ibna' (did you mean 'iban'?)".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace piiscan
