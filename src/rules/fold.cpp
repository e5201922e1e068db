#include <piiscan/rule.hpp>

#include "rules/fold.hpp"

namespace piiscan {

namespace {

void fold(std::string_view text, bool keep_word_breaks, std::string& folded) {
  folded.clear();
  for_each_fold_symbol(
      text,
      [&](std::uint8_t symbol) {
        folded.push_back(fold_symbol_char(symbol));
        return false;
      },
      [&] {
        if (keep_word_breaks && (folded.empty() || folded.back() != ' ')) {
          folded.push_back(' ');
        }
        return false;
      });
}

}  // namespace

std::string fold_context_text(std::string_view text) {
  std::string folded;
  fold(text, false, folded);
  return folded;
}

std::string fold_context_words(std::string_view text) {
  std::string folded;
  fold(text, true, folded);
  return folded;
}

}  // namespace piiscan
