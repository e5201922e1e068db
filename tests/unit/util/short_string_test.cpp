#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <piiscan/short_string.hpp>

using piiscan::ShortString;

namespace {

// Lengths on both sides of the inline capacity.
const std::vector<std::size_t> k_lengths = {0, 1, 15, 16, 30, 31, 32, 33, 100};

std::string text_of(std::size_t length, char first) {
  std::string text(length, ' ');
  for (std::size_t i = 0; i < length; ++i) {
    text[i] = static_cast<char>(first + static_cast<char>(i % 26));
  }
  return text;
}

}  // namespace

TEST_CASE("a short string holds what it was given, inline or on the heap", "[short_string]") {
  for (const std::size_t length : k_lengths) {
    const std::string text = text_of(length, 'a');
    const ShortString s(text);
    CHECK(s.size() == length);
    CHECK(s.empty() == (length == 0));
    CHECK(s == text);
    CHECK(std::string(s.view()) == text);
  }
  CHECK(ShortString().empty());
  CHECK(ShortString("abc") == "abc");
}

TEST_CASE("short strings copy, move and assign between every pair of lengths",
          "[short_string]") {
  for (const std::size_t from : k_lengths) {
    for (const std::size_t to : k_lengths) {
      const std::string source = text_of(from, 'a');
      const std::string target = text_of(to, 'A');
      ShortString a(source);
      ShortString b(target);
      b = a;  // copy over
      CHECK(b == source);
      CHECK(a == source);
      ShortString c(target);
      c = std::move(a);  // move over; a is left empty
      CHECK(c == source);
      CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the state after a move is defined
      ShortString d(std::move(c));
      CHECK(d == source);
      CHECK(c.empty());  // NOLINT(bugprone-use-after-move)
      d = target;  // from a string_view
      CHECK(d == target);
      ShortString& same = d;
      d = same;  // self-assignment keeps the text
      CHECK(d == target);
    }
  }
}

TEST_CASE("a short string takes a view of its own bytes", "[short_string]") {
  for (const std::size_t length : k_lengths) {
    const std::string text = text_of(length, 'a');
    ShortString s(text);
    s = s.view().substr(length / 3);  // inline: overlapping bytes; on the heap: freed bytes
    CHECK(s == text.substr(length / 3));
  }
}

TEST_CASE("overwrite and truncate make a string of the bytes written", "[short_string]") {
  for (const std::size_t length : k_lengths) {
    ShortString s("before");
    char* bytes = s.overwrite(length);
    const std::string text = text_of(length, 'k');
    std::copy(text.begin(), text.end(), bytes);
    CHECK(s == text);
    s.truncate(length / 2);
    CHECK(s == text.substr(0, length / 2));
  }
}

TEST_CASE("a vector of short strings survives growth", "[short_string]") {
  std::mt19937 random(7);
  std::vector<ShortString> strings;
  std::vector<std::string> expected;
  for (int i = 0; i < 2000; ++i) {
    expected.push_back(text_of(random() % 60, 'a'));
    strings.emplace_back(expected.back());
  }
  for (std::size_t i = 0; i < strings.size(); ++i) {
    CHECK(strings[i] == expected[i]);
  }
}

TEST_CASE("a rare string is empty by default and holds any text it is given", "[short_string]") {
  using piiscan::RareString;
  CHECK(RareString().empty());
  CHECK(RareString() == "");
  CHECK(RareString("").empty());  // empty text takes no allocation either
  for (const std::size_t length : k_lengths) {
    const std::string text = text_of(length, 'p');
    RareString a(text);
    CHECK(a == text);
    CHECK(a.size() == length);
    RareString b(a);  // a copy is its own
    a = "other";
    CHECK(b == text);
    CHECK(a == "other");
    RareString c(std::move(b));
    CHECK(c == text);
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move): a moved-from rare string is empty
    c = c;             // NOLINT: self-assignment keeps the text
    CHECK(c == text);
    c = std::string_view();
    CHECK(c.empty());
  }
}
