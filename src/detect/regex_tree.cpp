#include "detect/regex_tree.hpp"

#include <cctype>
#include <cstdint>
#include <utility>

namespace piiscan::regex_tree {

namespace {

constexpr int k_max_nesting = 200;

Node bytes_node(const ByteSet& set) {
  Node node;
  node.kind = Node::Kind::bytes;
  node.set = set;
  return node;
}

Node byte_range(unsigned lo, unsigned hi) {
  ByteSet set;
  for (unsigned b = lo; b <= hi; ++b) {
    set.set(b);
  }
  return bytes_node(set);
}

Node assertion_node(Assertion assertion) {
  Node node;
  node.kind = Node::Kind::assertion;
  node.assertion = assertion;
  return node;
}

Node repeat_node(Node kid, int min, int max) {
  Node node;
  node.kind = Node::Kind::repeat;
  node.min = min;
  node.max = max;
  node.kids.push_back(std::move(kid));
  return node;
}

Node list_node(Node::Kind kind, std::vector<Node> kids) {
  if (kids.size() == 1) {
    return std::move(kids.front());
  }
  Node node;
  node.kind = kids.empty() ? Node::Kind::empty : kind;
  node.kids = std::move(kids);
  return node;
}

// Any one multi-byte character, and more: a byte from 0x80 on, then up to three continuation
// bytes. Covers every UTF-8 sequence RE2 can read as one character (and lone bytes it cannot).
Node non_ascii_char() {
  std::vector<Node> parts;
  parts.push_back(byte_range(0x80, 0xFF));
  parts.push_back(repeat_node(byte_range(0x80, 0xBF), 0, 3));
  return list_node(Node::Kind::concat, std::move(parts));
}

// ASCII members, plus whether the class may take a non-ASCII character.
struct CharClass {
  ByteSet ascii;
  bool non_ascii = false;

  void add_range(std::uint32_t lo, std::uint32_t hi) {
    for (std::uint32_t c = lo; c <= hi && c < 0x80; ++c) {
      ascii.set(c);
    }
    non_ascii = non_ascii || hi >= 0x80;
  }
  void add(const CharClass& other) {
    ascii |= other.ascii;
    non_ascii = non_ascii || other.non_ascii;
  }
  CharClass negated() const {
    CharClass out;
    for (unsigned c = 0; c < 0x80; ++c) {
      out.ascii.set(c, !ascii.test(c));
    }
    out.non_ascii = true;  // a class never holds every non-ASCII character
    return out;
  }
  // RE2 folds by Unicode orbits: 'k' also takes U+212A KELVIN SIGN and 's' U+017F LONG S. Any
  // folded letter is let take a non-ASCII character, which covers those.
  void fold() {
    for (unsigned c = 'a'; c <= 'z'; ++c) {
      const unsigned upper = c - 'a' + 'A';
      if (ascii.test(c) || ascii.test(upper)) {
        ascii.set(c);
        ascii.set(upper);
        non_ascii = true;
      }
    }
  }
  Node node() const {
    std::vector<Node> kinds;
    if (ascii.any()) {
      kinds.push_back(bytes_node(ascii));
    }
    if (non_ascii) {
      kinds.push_back(non_ascii_char());
    }
    if (kinds.empty()) {
      return bytes_node(ByteSet());  // matches nothing
    }
    return list_node(Node::Kind::alternate, std::move(kinds));
  }
};

CharClass class_of(std::string_view members) {
  CharClass out;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i + 2 < members.size() && members[i + 1] == '-') {
      out.add_range(static_cast<unsigned char>(members[i]),
                    static_cast<unsigned char>(members[i + 2]));
      i += 2;
    } else {
      out.add_range(static_cast<unsigned char>(members[i]),
                    static_cast<unsigned char>(members[i]));
    }
  }
  return out;
}

// RE2's Perl classes are ASCII only.
std::optional<CharClass> perl_class(char letter) {
  switch (letter) {
    case 'd': return class_of("0-9");
    case 'D': return class_of("0-9").negated();
    case 's': return class_of("\t\n\f\r ");
    case 'S': return class_of("\t\n\f\r ").negated();
    case 'w': return class_of("0-9A-Za-z_");
    case 'W': return class_of("0-9A-Za-z_").negated();
    default: return std::nullopt;
  }
}

std::optional<std::uint32_t> control_escape(char letter) {
  switch (letter) {
    case 'a': return 0x07;
    case 'f': return 0x0C;
    case 't': return 0x09;
    case 'n': return 0x0A;
    case 'r': return 0x0D;
    case 'v': return 0x0B;
    default: return std::nullopt;
  }
}


struct Flags {
  bool fold = false;
  bool multi_line = false;
  bool dot_nl = false;
  bool ungreedy = false;  // (?U): quantifiers prefer fewer copies unless followed by '?'
};

// A recursive-descent reading of RE2 syntax into Nodes. Anything it does not know fails the
// whole parse (nullopt), so a pattern is never modelled wrongly.
class Parser {
 public:
  explicit Parser(std::string_view pattern) : m_p(pattern) {}

  std::optional<Node> parse() {
    Flags flags;
    auto node = alternation(flags, 0);
    if (!node || m_i != m_p.size()) {
      return std::nullopt;
    }
    return node;
  }

 private:
  bool at_end() const { return m_i >= m_p.size(); }
  char peek(std::size_t ahead = 0) const {
    return m_i + ahead < m_p.size() ? m_p[m_i + ahead] : '\0';
  }
  bool consume(char c) {
    if (!at_end() && m_p[m_i] == c) {
      ++m_i;
      return true;
    }
    return false;
  }

  // Flags set by (?i) last to the end of the enclosing group, across its alternatives.
  std::optional<Node> alternation(Flags& flags, int depth) {
    if (depth > k_max_nesting) {
      return std::nullopt;
    }
    std::vector<Node> alternatives;
    do {
      auto branch = concatenation(flags, depth);
      if (!branch) {
        return std::nullopt;
      }
      alternatives.push_back(std::move(*branch));
    } while (consume('|'));
    return list_node(Node::Kind::alternate, std::move(alternatives));
  }

  std::optional<Node> concatenation(Flags& flags, int depth) {
    std::vector<Node> parts;
    while (!at_end() && peek() != '|' && peek() != ')') {
      if (peek() == '(' && peek(1) == '?' && flag_group_ahead() == ')') {
        if (!take_flags(flags) || !consume(')')) {
          return std::nullopt;
        }
        continue;
      }
      auto atom = next_atom(flags, depth);
      if (!atom) {
        return std::nullopt;
      }
      auto quantified = take_quantifiers(std::move(*atom), flags);
      if (!quantified) {
        return std::nullopt;
      }
      parts.push_back(std::move(*quantified));
    }
    return list_node(Node::Kind::concat, std::move(parts));
  }

  // After "(?": the character that ends a run of flag letters, or '\0'.
  char flag_group_ahead() const {
    std::size_t i = m_i + 2;
    while (i < m_p.size() && (std::string_view("imsU-").find(m_p[i]) != std::string_view::npos)) {
      ++i;
    }
    return i < m_p.size() && i > m_i + 2 ? m_p[i] : '\0';
  }

  // Reads "(?flags" up to (not including) ')' or ':'.
  bool take_flags(Flags& flags) {
    m_i += 2;
    bool on = true;
    for (; !at_end() && peek() != ')' && peek() != ':'; ++m_i) {
      switch (peek()) {
        case '-': on = false; break;
        case 'i': flags.fold = on; break;
        case 'm': flags.multi_line = on; break;
        case 's': flags.dot_nl = on; break;
        case 'U': flags.ungreedy = on; break;
        default: return false;
      }
    }
    return !at_end();
  }

  std::optional<Node> take_quantifiers(Node atom, const Flags& flags) {
    for (;;) {
      int min = 0;
      int max = 0;
      if (consume('*')) {
        min = 0, max = -1;
      } else if (consume('+')) {
        min = 1, max = -1;
      } else if (consume('?')) {
        min = 0, max = 1;
      } else if (!take_counts(min, max)) {
        return atom;
      }
      // Non-greedy: the same matches are possible, only RE2's choice among them differs.
      const bool lazy = consume('?');
      atom = repeat_node(std::move(atom), min, max);
      atom.greedy = lazy == flags.ungreedy;
    }
  }

  // {n}, {n,} or {n,m}; anything else leaves '{' a literal, as in RE2.
  bool take_counts(int& min, int& max) {
    if (peek() != '{') {
      return false;
    }
    std::size_t i = m_i + 1;
    const auto number = [&](int& out) {
      const std::size_t from = i;
      long value = 0;
      for (; i < m_p.size() && m_p[i] >= '0' && m_p[i] <= '9' && i - from < 5; ++i) {
        value = value * 10 + (m_p[i] - '0');
      }
      out = static_cast<int>(value);
      return i > from;
    };
    if (!number(min)) {
      return false;
    }
    max = min;
    if (i < m_p.size() && m_p[i] == ',') {
      ++i;
      if (!number(max)) {
        max = -1;
      }
    }
    if (i >= m_p.size() || m_p[i] != '}') {
      return false;
    }
    m_i = i + 1;
    return true;
  }

  std::optional<Node> next_atom(Flags& flags, int depth) {
    const char c = peek();
    switch (c) {
      case '(': return group(flags, depth);
      case '[': return char_class(flags);
      case '.': {
        ++m_i;
        CharClass any = class_of(flags.dot_nl ? "\x01-\x7f" : "\x01-\t\x0b-\x7f");
        any.ascii.set(0);
        any.non_ascii = true;
        return any.node();
      }
      case '^':
        ++m_i;
        return assertion_node(flags.multi_line ? Assertion::begin_line : Assertion::begin_text);
      case '$':
        ++m_i;
        return assertion_node(flags.multi_line ? Assertion::end_line : Assertion::end_text);
      case '\\': return escape(flags);
      case '*':
      case '+':
      case '?': return std::nullopt;  // a quantifier with nothing before it
      default: return literal(flags);
    }
  }

  std::optional<Node> group(Flags& flags, int depth) {
    ++m_i;
    Flags inner = flags;
    if (consume('?')) {
      if (consume('P') || peek() == '<') {
        if (!consume('<')) {
          return std::nullopt;
        }
        while (!at_end() && peek() != '>') {
          ++m_i;
        }
        if (!consume('>')) {
          return std::nullopt;
        }
      } else if (!consume(':')) {
        m_i -= 2;  // back to "(?" for take_flags
        if (!take_flags(inner) || !consume(':')) {
          return std::nullopt;
        }
      }
    }
    auto node = alternation(inner, depth + 1);
    if (!node || !consume(')')) {
      return std::nullopt;
    }
    return node;
  }

  // A character as written: one byte, or a whole UTF-8 sequence.
  std::optional<std::uint32_t> take_char() {
    if (at_end()) {
      return std::nullopt;
    }
    const auto lead = static_cast<unsigned char>(m_p[m_i++]);
    if (lead < 0x80) {
      return lead;
    }
    while (!at_end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) {
      ++m_i;
    }
    return 0x80;  // stands for any non-ASCII character: only "is it ASCII" matters below
  }

  std::optional<Node> literal(const Flags& flags) {
    const std::size_t from = m_i;
    const auto c = take_char();
    if (!c) {
      return std::nullopt;
    }
    if (*c < 0x80) {
      CharClass one;
      one.add_range(*c, *c);
      if (flags.fold) {
        one.fold();
      }
      return one.node();
    }
    if (flags.fold) {
      return non_ascii_char();
    }
    std::vector<Node> bytes;
    for (std::size_t i = from; i < m_i; ++i) {
      const auto b = static_cast<unsigned char>(m_p[i]);
      bytes.push_back(byte_range(b, b));
    }
    return list_node(Node::Kind::concat, std::move(bytes));
  }

  std::optional<Node> escape(const Flags& flags) {
    ++m_i;
    const char c = peek();
    ++m_i;
    switch (c) {
      case 'b': return assertion_node(Assertion::word_boundary);
      case 'B': return assertion_node(Assertion::not_word_boundary);
      case 'A': return assertion_node(Assertion::begin_text);
      case 'z': return assertion_node(Assertion::end_text);
      default: break;
    }
    --m_i;
    auto members = escaped_class();
    if (!members) {
      return std::nullopt;
    }
    if (flags.fold) {
      members->fold();
    }
    return members->node();
  }

  // After '\', in or out of a class: a Perl class or one character. nullopt for the escapes
  // not modelled (\p, \Q, \C, octal, …).
  std::optional<CharClass> escaped_class() {
    const char c = peek();
    if (at_end()) {
      return std::nullopt;
    }
    ++m_i;
    if (auto perl = perl_class(c)) {
      return perl;
    }
    CharClass one;
    if (const auto control = control_escape(c)) {
      one.add_range(*control, *control);
      return one;
    }
    if (c == 'x') {
      const auto value = hex();
      if (!value) {
        return std::nullopt;
      }
      one.add_range(*value, *value);
      return one;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !is_word_byte(byte)) {
      one.add_range(byte, byte);
      return one;
    }
    return std::nullopt;
  }

  std::optional<std::uint32_t> hex() {
    const bool braced = consume('{');
    std::uint32_t value = 0;
    int digits = 0;
    for (; !at_end() && std::isxdigit(static_cast<unsigned char>(peek())) && digits < 8;
         ++digits, ++m_i) {
      const char d = peek();
      value = value * 16 + static_cast<std::uint32_t>(
                               d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
    }
    if (braced ? !consume('}') || digits == 0 : digits != 2) {
      return std::nullopt;
    }
    return value;
  }

  std::optional<Node> char_class(const Flags& flags) {
    ++m_i;
    const bool negated = consume('^');
    CharClass members;
    bool first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      if (peek() == '[' && peek(1) == ':') {
        return std::nullopt;  // POSIX classes are not modelled
      }
      auto lo = class_member();
      if (!lo) {
        return std::nullopt;
      }
      if (peek() == '-' && peek(1) != ']' && lo->single) {
        ++m_i;
        auto hi = class_member();
        if (!hi || !hi->single) {
          return std::nullopt;
        }
        members.add_range(lo->value, hi->value);
      } else {
        members.add(lo->members);
      }
    }
    if (!consume(']')) {
      return std::nullopt;
    }
    if (flags.fold) {
      members.fold();
    }
    return (negated ? members.negated() : members).node();
  }

  struct Member {
    CharClass members;
    bool single = false;      // one character, which may start or end a range
    std::uint32_t value = 0;  // that character (0x80 for any non-ASCII one)
  };

  std::optional<Member> class_member() {
    Member member;
    if (consume('\\')) {
      const char c = peek();
      auto escaped = escaped_class();
      if (!escaped) {
        return std::nullopt;
      }
      member.members = *escaped;
      member.single = !perl_class(c);
      member.value = static_cast<std::uint32_t>(escaped->ascii._Find_first());
      if (escaped->non_ascii) {
        member.value = 0x80;
      }
      return member;
    }
    const auto c = take_char();
    if (!c) {
      return std::nullopt;
    }
    member.members.add_range(*c, *c);
    member.single = true;
    member.value = *c;
    return member;
  }

  std::string_view m_p;
  std::size_t m_i = 0;
};

}  // namespace

bool holds(Assertion assertion, Side left, Side right) {
  switch (assertion) {
    case Assertion::begin_line: return left == side_newline || left == side_edge;
    case Assertion::end_line: return right == side_newline || right == side_edge;
    case Assertion::begin_text: return left == side_edge;
    case Assertion::end_text: return right == side_edge;
    case Assertion::word_boundary: return (left == side_word) != (right == side_word);
    case Assertion::not_word_boundary: return (left == side_word) == (right == side_word);
  }
  return false;
}

std::size_t byte_classes(const std::vector<ByteSet>& sets,
                         std::array<std::uint8_t, 256>& byte_class) {
  std::vector<ByteSet> splits = sets;
  ByteSet word;
  for (unsigned b = 0; b < 256; ++b) {
    word.set(b, is_word_byte(static_cast<unsigned char>(b)));
  }
  splits.push_back(word);
  splits.push_back(ByteSet().set('\n'));
  std::array<std::uint32_t, 256> cls{};
  std::uint32_t count = 1;
  // Each split divides the classes in two: (class, in the split) numbered in order of first
  // byte, through a table rather than a map (which took 7 M instructions of the start-up).
  std::vector<std::uint32_t> renumber;
  for (const ByteSet& split : splits) {
    renumber.assign(2 * std::size_t{count}, UINT32_MAX);
    std::uint32_t next = 0;
    for (unsigned b = 0; b < 256; ++b) {
      std::uint32_t& to = renumber[2 * std::size_t{cls[b]} + (split.test(b) ? 1 : 0)];
      if (to == UINT32_MAX) {
        to = next++;
      }
      cls[b] = to;
    }
    count = next;
  }
  for (unsigned b = 0; b < 256; ++b) {
    byte_class[b] = static_cast<std::uint8_t>(cls[b]);
  }
  return count;
}

std::optional<Node> parse(std::string_view pattern) { return Parser(pattern).parse(); }

}  // namespace piiscan::regex_tree
