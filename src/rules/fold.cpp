#include <piiscan/rule.hpp>

#include "rules/fold.hpp"

namespace piiscan {

namespace {

void fold(std::string_view text, bool keep_word_breaks, std::string& folded) {
  folded.clear();
  for_each_fold_symbol(
      text,
      [&](char c) {
        folded.push_back(c);
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

void fold_context_text_into(std::string_view text, std::string& out) { fold(text, false, out); }

void fold_context_words_into(std::string_view text, std::string& out) { fold(text, true, out); }

}  // namespace piiscan
