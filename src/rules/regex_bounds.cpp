#include "rules/regex_bounds.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

// A recursive-descent parser over RE2's syntax (re2/parse.cc, with the Perl extensions that
// RE2::Options turns on by default) that adds up the longest byte length of every piece. Where
// RE2 reads a pattern differently from the obvious (a '{' that is not a well-formed count is a
// literal, a quantifier after "(?i)" repeats the atom before it), the parser copies RE2 or
// gives up.

namespace piiscan {

namespace {

// Bounds above this are given up on: no search margin needs them, and with factors of at most
// 1000 the arithmetic stays far from overflow.
constexpr std::uint64_t k_limit = 1'000'000;
constexpr std::uint64_t k_max_repeat = 1000;  // RE2 rejects larger counts
constexpr int k_max_depth = 1000;  // group nesting, so a hostile pattern cannot exhaust the stack
constexpr std::uint64_t k_any_char = 4;  // the longest UTF-8 sequence
constexpr char32_t k_max_code_point = 0x10FFFF;

// nullopt: unbounded, or a pattern we do not understand. Either way the caller gets nullopt.
using Bound = std::optional<std::uint64_t>;

Bound limited(std::uint64_t n) { return n > k_limit ? Bound() : Bound(n); }

Bound add(Bound a, Bound b) { return a && b ? limited(*a + *b) : Bound(); }

Bound longer(Bound a, Bound b) { return a && b ? Bound(std::max(*a, *b)) : Bound(); }

// `length` repeated at most `count` times (nullopt: without limit).
Bound repeat(Bound length, Bound count) {
  if (length == std::uint64_t{0}) {
    return 0;  // an atom that only matches empty text stays empty however often: (?:)* or \b+
  }
  return length && count ? limited(*length * *count) : Bound();
}

std::uint64_t utf8_length(char32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// The length of the UTF-8 sequence a byte starts, or 0 if no sequence starts with it.
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead < 0xE0) return 2;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xF0 && lead < 0xF5) return 4;
  return 0;
}

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ascii_alnum(char c) {
  return is_digit(c) || is_ascii_letter(static_cast<unsigned char>(c));
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A literal character. Under (?i) RE2 also matches every case variant, and those can be longer
// than the character itself ('k' matches U+212A KELVIN SIGN, 3 bytes; 's' matches U+017F, 2),
// so a letter, or anything beyond ASCII, counts as the longest sequence.
std::uint64_t literal_length(char32_t c, bool fold) {
  if (fold && (c >= 0x80 || is_ascii_letter(c))) {
    return k_any_char;
  }
  return utf8_length(c);
}

// What a character class, \w or [:alpha:] can match, as far as lengths go.
struct Members {
  bool ascii = true;     // every member is below 0x80
  bool letters = false;  // some member is an ASCII letter: under (?i) its variants may not be

  void add(Members other) {
    ascii = ascii && other.ascii;
    letters = letters || other.letters;
  }
  std::uint64_t length(bool fold) const { return ascii && !(fold && letters) ? 1 : k_any_char; }
};

// RE2's POSIX classes ([:alpha:]), all ASCII; `letters` tells which hold ASCII letters.
struct PosixClass {
  std::string_view name;
  bool letters;
};
constexpr std::array<PosixClass, 14> k_posix_classes{{
    {"alnum", true}, {"alpha", true}, {"ascii", true}, {"blank", false}, {"cntrl", false},
    {"digit", false}, {"graph", true}, {"lower", true}, {"print", true}, {"punct", false},
    {"space", false}, {"upper", true}, {"word", true}, {"xdigit", true}}};

const PosixClass* find_posix_class(std::string_view name) {
  for (const PosixClass& posix : k_posix_classes) {
    if (posix.name == name) {
      return &posix;
    }
  }
  return nullptr;
}

// `{n}`, `{n,}` or `{n,m}` exactly as RE2's MaybeParseRepetition reads it. Anything else
// ("{,3}", "{01}", "{1, 2}") is not a count, and RE2 then takes the '{' as a literal.
struct Counts {
  std::uint64_t min = 0;
  Bound max;             // nullopt for {n,}
  std::size_t size = 0;  // bytes of the pattern it spans
};

// A decimal number without leading zeros, as RE2's ParseInteger; nullopt if none.
Bound take_count(std::string_view text, std::size_t& i) {
  if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
  if (text[i] == '0' && i + 1 < text.size() && is_digit(text[i + 1])) return std::nullopt;
  std::uint64_t n = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    if (n >= 100'000'000) return std::nullopt;  // RE2 stops here too (not a count: a literal)
    n = n * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  return n;
}

// `text` starts with '{'.
std::optional<Counts> parse_counts(std::string_view text) {
  std::size_t i = 1;
  Counts counts;
  const Bound min = take_count(text, i);
  if (!min) return std::nullopt;
  counts.min = *min;
  counts.max = min;
  if (i < text.size() && text[i] == ',') {
    ++i;
    if (i < text.size() && text[i] == '}') {
      counts.max = std::nullopt;
    } else if (!(counts.max = take_count(text, i))) {
      return std::nullopt;
    }
  }
  if (i >= text.size() || text[i] != '}') return std::nullopt;
  counts.size = i + 1;
  return counts;
}

// What a quantifier applies to. `before` precedes it but is not repeated: after \Q...\E RE2
// repeats only the last character. `repeatable` is false after "(?i)" and an empty \Q\E, where
// RE2 would repeat the atom before them; we give up there rather than follow.
struct Atom {
  Bound before = 0;
  Bound length = 0;
  bool repeatable = true;
};

const Atom k_unknown{0, std::nullopt, true};

class Parser {
 public:
  explicit Parser(std::string_view pattern) : text_(pattern) {}

  Bound parse() {
    const Bound bound = alternation(false, 0);
    return pos_ == text_.size() && !failed_ ? bound : Bound();  // a stray ')' stops early
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool starts_with(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
  bool consume(char c) {
    if (at_end() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Branches separated by '|', up to ')' or the end. Flags belong to the group: "(?i)" in one
  // branch stays on in the branches after it, as in RE2, and ends with the group.
  Bound alternation(bool fold, int depth) {
    Bound longest = 0;
    do {
      longest = longer(longest, concatenation(fold, depth));
      if (!longest) return longest;
    } while (consume('|'));
    return longest;
  }

  Bound concatenation(bool& fold, int depth) {
    Bound total = 0;
    while (!at_end() && peek() != '|' && peek() != ')') {
      const Atom atom = next_atom(fold, depth);
      total = add(total, add(atom.before, quantified(atom)));
      if (!total) return total;
    }
    return total;
  }

  Bound quantified(const Atom& atom) {
    Bound length = atom.length;
    while (const auto count = take_quantifier()) {
      if (!atom.repeatable) return std::nullopt;
      length = repeat(length, *count);
    }
    return length;
  }

  // The most repetitions the quantifier at the cursor allows (nullopt inside: no limit), or
  // nullopt when there is no quantifier. RE2 rejects stacked quantifiers ("a**"); multiplying
  // them is a correct bound all the same.
  std::optional<Bound> take_quantifier() {
    Bound count;
    if (consume('*') || consume('+')) {
      count = std::nullopt;
    } else if (consume('?')) {
      count = 1;
    } else if (const auto counts = counts_here()) {
      pos_ += counts->size;
      failed_ = failed_ || counts->min > k_max_repeat || counts->max > Bound(k_max_repeat) ||
                (counts->max && *counts->max < counts->min);  // RE2 rejects these counts
      count = counts->max;
    } else {
      return std::nullopt;
    }
    consume('?');  // lazy: the same matches, the same bound
    return count;
  }

  // The count at the cursor, if a well-formed one starts there.
  std::optional<Counts> counts_here() const {
    return peek() == '{' ? parse_counts(text_.substr(pos_)) : std::nullopt;
  }

  Atom next_atom(bool& fold, int depth) {
    switch (text_[pos_++]) {
      case '(': return group(fold, depth);
      case '[': return char_class(fold);
      case '.': return {0, k_any_char};
      case '^': case '$': return {0, 0};
      case '\\': return escape(fold);
      case '*': case '+': case '?': return k_unknown;  // nothing to repeat: RE2 rejects it
      case '{':
        // A well-formed count with nothing before it is an error; otherwise '{' is a literal.
        return parse_counts(text_.substr(pos_ - 1)) ? k_unknown : Atom{0, 1};
      default: {
        --pos_;
        const auto literal = take_utf8();
        return literal ? Atom{0, literal_length(*literal, fold)} : k_unknown;
      }
    }
  }

  // One UTF-8 encoded character; nullopt (RE2: "invalid UTF-8") for a bad sequence.
  std::optional<char32_t> take_utf8() {
    if (at_end()) return std::nullopt;
    const auto lead = static_cast<unsigned char>(peek());
    const std::size_t n = utf8_sequence_length(lead);
    if (n == 0 || pos_ + n > text_.size()) return std::nullopt;
    char32_t c = n == 1 ? lead : lead & (0x7Fu >> n);
    for (std::size_t i = 1; i < n; ++i) {
      const auto next = static_cast<unsigned char>(text_[pos_ + i]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      c = (c << 6) | (next & 0x3Fu);
    }
    if (utf8_length(c) != n || c > k_max_code_point) return std::nullopt;  // overlong, too big
    pos_ += n;
    return c;
  }

  // After '('.
  Atom group(bool& fold, int depth) {
    if (depth >= k_max_depth) return k_unknown;
    if (!consume('?')) return close_group(alternation(fold, depth + 1));
    if (starts_with("P<") || (peek() == '<' && peek(1) != '=' && peek(1) != '!')) {
      pos_ += peek() == 'P' ? 2 : 1;
      if (!skip_group_name()) return k_unknown;
      return close_group(alternation(fold, depth + 1));
    }
    return flag_group(fold, depth);
  }

  // A capture name, [A-Za-z0-9_]+, and its '>'.
  bool skip_group_name() {
    const std::size_t start = pos_;
    while (is_ascii_alnum(peek()) || peek() == '_') ++pos_;
    return pos_ > start && consume('>');
  }

  Atom close_group(Bound inner) {
    if (!inner || !consume(')')) return k_unknown;
    return {0, inner};
  }

  // After "(?": flags i, m, s, U, some possibly after one '-', then ')' (the flags hold for the
  // rest of the enclosing group) or ':' (for a group of their own). Only i changes lengths.
  Atom flag_group(bool& fold, int depth) {
    bool new_fold = fold;
    bool negated = false;
    bool saw_flag = false;  // RE2 rejects "(?i-)"
    while (true) {
      const char c = at_end() ? '\0' : text_[pos_++];
      if (c == 'i' || c == 'm' || c == 's' || c == 'U') {
        new_fold = c == 'i' ? !negated : new_fold;
        saw_flag = true;
      } else if (c == '-' && !negated) {
        negated = true;
        saw_flag = false;
      } else if ((c == ')' || c == ':') && (!negated || saw_flag)) {
        if (c == ':') return close_group(alternation(new_fold, depth + 1));
        fold = new_fold;
        return {0, 0, false};
      } else {
        return k_unknown;  // lookaround, comments, (?P=name), unknown flags: not RE2
      }
    }
  }

  // After '\' outside a class.
  Atom escape(bool fold) {
    switch (peek()) {
      case 'b': case 'B': case 'A': case 'z': ++pos_; return {0, 0};
      case 'C': ++pos_; return {0, 1};  // any single byte
      case 'Q': ++pos_; return quoted(fold);
      case 'p': case 'P': return skip_unicode_group() ? Atom{0, k_any_char} : k_unknown;
      default: break;
    }
    if (const auto perl = perl_class()) {
      return {0, perl->length(fold)};
    }
    const auto literal = escaped_char();
    return literal ? Atom{0, literal_length(*literal, fold)} : k_unknown;
  }

  // After "\Q": literal characters up to "\E" or the end of the pattern.
  Atom quoted(bool fold) {
    Atom atom{0, 0, false};
    while (!at_end() && !starts_with("\\E")) {
      const auto literal = take_utf8();
      if (!literal) return k_unknown;
      atom = {add(atom.before, atom.length), literal_length(*literal, fold), true};
    }
    pos_ = std::min(pos_ + 2, text_.size());  // "\E"
    return atom;
  }

  // At the 'p' or 'P' of \pL, \p{Greek}, \P{^Greek}. Names are not checked: RE2 rejects
  // unknown ones, and every group counts as any character.
  bool skip_unicode_group() {
    ++pos_;
    if (!consume('{')) return take_utf8().has_value();
    const std::size_t close = text_.find('}', pos_);
    if (close == std::string_view::npos) return false;
    pos_ = close + 1;
    return true;
  }

  // At the letter of \d \s \w \D \S \W; the negations match any other character.
  std::optional<Members> perl_class() {
    switch (peek()) {
      case 'd': case 's': ++pos_; return Members{true, false};
      case 'w': ++pos_; return Members{true, true};
      case 'D': case 'S': case 'W': ++pos_; return Members{false, true};
      default: return std::nullopt;
    }
  }

  // After '\': the character an escape stands for, as RE2's ParseEscape; nullopt for escapes
  // RE2 rejects (\K, \1, \Z, \E alone, ...).
  std::optional<char32_t> escaped_char() {
    if (at_end()) return std::nullopt;  // trailing backslash
    const char c = text_[pos_++];
    if (c >= '0' && c <= '7') return octal(c);
    switch (c) {
      case 'x': return hex();
      case 'n': return U'\n';
      case 'r': return U'\r';
      case 't': return U'\t';
      case 'a': return U'\a';
      case 'f': return U'\f';
      case 'v': return U'\v';
      default:
        // Other ASCII punctuation, space and control characters stand for themselves.
        if (static_cast<unsigned char>(c) < 0x80 && !is_ascii_alnum(c)) return char32_t(c);
        return std::nullopt;
    }
  }

  // \0, \12, \123: up to three octal digits; a lone \1..\7 is a backreference RE2 rejects.
  std::optional<char32_t> octal(char first) {
    const auto is_octal = [](char c) { return c >= '0' && c <= '7'; };
    if (first != '0' && !is_octal(peek())) return std::nullopt;
    auto code = static_cast<char32_t>(first - '0');
    for (int i = 0; i < 2 && is_octal(peek()); ++i) {
      code = code * 8 + static_cast<char32_t>(text_[pos_++] - '0');
    }
    return code;
  }

  // After "\x": two hex digits, or any number of them in braces up to U+10FFFF.
  std::optional<char32_t> hex() {
    if (!consume('{')) {
      const int high = hex_value(peek());
      const int low = hex_value(peek(1));
      if (high < 0 || low < 0) return std::nullopt;
      pos_ += 2;
      return static_cast<char32_t>(high * 16 + low);
    }
    char32_t code = 0;
    const std::size_t start = pos_;
    for (; hex_value(peek()) >= 0; ++pos_) {
      code = code * 16 + static_cast<char32_t>(hex_value(peek()));
      if (code > k_max_code_point) return std::nullopt;
    }
    if (pos_ == start || !consume('}')) return std::nullopt;
    return code;
  }

  // After '['. RE2 reads ']' right after '[' or "[^" as a member, and '-' as a member wherever
  // it does not form a range.
  Atom char_class(bool fold) {
    const bool negated = consume('^');
    Members members;
    for (bool first = true; first || peek() != ']'; first = false) {
      if (at_end() || !class_member(members)) return k_unknown;
    }
    ++pos_;  // ']'
    members.ascii = members.ascii && !negated;
    return {0, members.length(fold)};
  }

  bool class_member(Members& members) {
    if (posix_class(members)) return true;
    if (peek() == '\\' && (peek(1) == 'p' || peek(1) == 'P')) {
      ++pos_;
      members.ascii = false;
      return skip_unicode_group();
    }
    if (peek() == '\\') {
      ++pos_;
      if (const auto perl = perl_class()) {
        members.add(*perl);
        return true;
      }
      --pos_;
    }
    return class_range(members);
  }

  // "[:name:]" or "[:^name:]" at the cursor. Without a later ":]" the '[' is a plain member,
  // as in RE2; an unknown name is an error.
  bool posix_class(Members& members) {
    if (!starts_with("[:")) return false;
    const std::size_t close = text_.find(":]", pos_ + 2);
    if (close == std::string_view::npos) return false;
    const std::string_view name = text_.substr(pos_ + 2, close - pos_ - 2);
    const bool negated = name.starts_with('^');
    const PosixClass* posix = find_posix_class(negated ? name.substr(1) : name);
    failed_ = failed_ || posix == nullptr;
    members.add({!negated, posix == nullptr || posix->letters});
    pos_ = close + 2;
    return true;
  }

  // A single character or a range such as a-z.
  bool class_range(Members& members) {
    const auto lo = class_char();
    auto hi = lo;
    if (lo && peek() == '-' && pos_ + 1 < text_.size() && peek(1) != ']') {
      ++pos_;
      hi = class_char();
    }
    if (!lo || !hi || *hi < *lo) return false;
    members.add({*hi < 0x80, (*lo <= 'z' && *hi >= 'a') || (*lo <= 'Z' && *hi >= 'A')});
    return true;
  }

  std::optional<char32_t> class_char() {
    if (consume('\\')) return escaped_char();
    return take_utf8();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;  // errors found where parsing can go on: bad counts, class names
};

// Skips empty-width assertions from `i` on; `before` picks those that may open a pattern.
std::size_t skip_assertions(std::string_view pattern, std::size_t i, bool before) {
  const std::string_view escaped = before ? "bBA" : "bBz";
  while (i < pattern.size()) {
    if (pattern[i] == (before ? '^' : '$')) {
      ++i;
    } else if (pattern[i] == '\\' && i + 1 < pattern.size() &&
               escaped.find(pattern[i + 1]) != std::string_view::npos) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// `i` is just after a '[': the index after its closing ']', or npos. A ']' first in the class
// is a member, as is everything between "[:" and ":]"; a backslash escapes the next byte.
std::size_t skip_class(std::string_view pattern, std::size_t i) {
  i += pattern.substr(i).starts_with('^') ? 1 : 0;
  for (bool first = true; i < pattern.size(); first = false) {
    if (pattern[i] == ']' && !first) {
      return i + 1;
    }
    if (pattern.substr(i).starts_with("[:")) {
      const std::size_t close = pattern.find(":]", i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 2;
    } else {
      i += pattern[i] == '\\' ? 2 : 1;
    }
  }
  return std::string_view::npos;
}

// `i` is just after a '(': the index after its closing ')', or npos (also for \Q quoting,
// which this does not follow).
std::size_t skip_group(std::string_view pattern, std::size_t i) {
  int depth = 1;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size() && pattern[i + 1] == 'Q') return std::string_view::npos;
      i += 2;
    } else if (c == '[') {
      i = skip_class(pattern, i + 1);
      if (i == std::string_view::npos) return i;
    } else {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      ++i;
      if (depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool capture_is_whole_match(std::string_view pattern) {
  const std::size_t open = skip_assertions(pattern, 0, true);
  if (open + 1 >= pattern.size() || pattern[open] != '(' || pattern[open + 1] == '?') {
    return false;
  }
  const std::size_t close = skip_group(pattern, open + 1);
  return close != std::string_view::npos &&
         skip_assertions(pattern, close, false) == pattern.size();
}

std::optional<std::size_t> max_match_length(std::string_view pattern) {
  const Bound bound = Parser(pattern).parse();
  if (!bound) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(*bound);
}

}  // namespace piiscan
