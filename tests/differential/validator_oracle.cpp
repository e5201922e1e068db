// Test oracle for stdnum_diff.py: reads lines "name<TAB>value" from stdin and prints, per line,
// the verdict of the built-in validator `name` on `value`: valid, invalid or not_applicable.
// With --explain, the failed step follows the verdict after a tab. An unknown validator name or
// a line without a tab prints "error" and makes the exit status 2 (after all lines are read).
#include <iostream>
#include <piiscan/validators.hpp>
#include <string>
#include <string_view>

namespace {

std::string_view verdict_name(piiscan::Verdict verdict) {
  switch (verdict) {
    case piiscan::Verdict::valid:
      return "valid";
    case piiscan::Verdict::invalid:
      return "invalid";
    case piiscan::Verdict::not_applicable:
      return "not_applicable";
  }
  return "error";
}

}  // namespace

int main(int argc, char** argv) {
  const bool explain = argc > 1 && std::string_view(argv[1]) == "--explain";
  std::ios::sync_with_stdio(false);
  int status = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::size_t tab = line.find('\t');
    const piiscan::ValidatorInfo* info =
        tab == std::string::npos ? nullptr
                                 : piiscan::find_validator(std::string_view(line).substr(0, tab));
    if (info == nullptr) {
      std::cout << "error\n";
      status = 2;
      continue;
    }
    const piiscan::ValidationResult result = info->fn(std::string_view(line).substr(tab + 1));
    std::cout << verdict_name(result.verdict);
    if (explain) {
      std::cout << '\t' << result.failed_step;
    }
    std::cout << '\n';
  }
  return status;
}
