// The RE2 options every rule's regex is compiled with: by the engine, and by the tests that
// compile rules' regexes themselves to compare with it.
#pragma once

#include <re2/re2.h>

namespace piiscan {

// UTF-8, errors not logged (the engine reports them with the rule's name), 64 MiB for RE2.
RE2::Options rule_regex_options();

}  // namespace piiscan
