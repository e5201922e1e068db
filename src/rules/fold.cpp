#include <piiscan/rule.hpp>

namespace piiscan {

namespace {

// The folded form of a two-byte UTF-8 sequence starting with 0xC3, or nullptr when the
// character is not one we fold (it is then dropped).
const char* fold_latin1_supplement(unsigned char second) noexcept {
  switch (second) {
    case 0x84: case 0xA4: return "ae";  // Ä ä
    case 0x96: case 0xB6: return "oe";  // Ö ö
    case 0x9C: case 0xBC: return "ue";  // Ü ü
    case 0x9F: return "ss";             // ß
    default: return nullptr;
  }
}

}  // namespace

namespace {

void fold(std::string_view text, bool keep_word_breaks, std::string& folded) {
  folded.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      folded.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      folded.push_back(static_cast<char>(c));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      if (const char* replacement = fold_latin1_supplement(static_cast<unsigned char>(text[++i]))) {
        folded += replacement;
      }
    } else if (keep_word_breaks && (folded.empty() || folded.back() != ' ')) {
      folded.push_back(' ');
    }
  }
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
