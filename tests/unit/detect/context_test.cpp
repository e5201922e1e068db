// ContextWords (src/detect/context.cpp) against the plain definition it replaces: a long word
// occurs anywhere in fold_context_text(text), a short word as a whole word of
// fold_context_words(text).
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <piiscan/rule.hpp>

#include "detect/context.hpp"

namespace {

bool whole_word_in(const std::string& spaced, const std::string& word) {
  return (" " + spaced + " ").find(" " + word + " ") != std::string::npos;
}

bool reference_found(std::string_view text, const std::vector<std::string>& words) {
  const std::string compact = piiscan::fold_context_text(text);
  std::string spaced = piiscan::fold_context_words(text);
  for (const std::string& word : words) {
    const bool hit = word.size() > piiscan::k_short_context_word
                         ? compact.find(word) != std::string::npos
                         : whole_word_in(spaced, word);
    if (hit) {
      return true;
    }
  }
  return false;
}

// Text from a small alphabet, so words occur often: letters of the words, digits, umlauts,
// ß, other UTF-8, punctuation and spaces.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "e", "i", "n", "r", "s", "t", "S", "T", "E", "N", "1", "0", " ", "  ", "-", ".",
      ":", "\n", "\xC3\xA4", "\xC3\x84", "\xC3\x9F", "\xC3\xA9", "\xE2\x82\xAC", "\xC3"};
  std::uniform_int_distribution<std::size_t> length(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::string text;
  for (std::size_t i = length(rng); i > 0; --i) {
    text += pieces[pick(rng)];
  }
  return text;
}

std::vector<std::string> random_words(std::mt19937& rng) {
  static const std::vector<std::string> letters = {"a", "e", "n", "s", "t", "ae", "ss", "1"};
  std::uniform_int_distribution<std::size_t> count(1, 5);
  std::uniform_int_distribution<std::size_t> length(1, 4);
  std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
  std::vector<std::string> words(count(rng));
  for (std::string& word : words) {
    for (std::size_t i = length(rng); i > 0; --i) {
      word += letters[pick(rng)];
    }
  }
  return words;
}

}  // namespace

TEST_CASE("ContextWords finds what the folded strings hold", "[context]") {
  std::mt19937 rng(20261128);
  int found = 0;
  constexpr int k_rounds = 20000;
  for (int round = 0; round < k_rounds; ++round) {
    const std::vector<std::string> words = random_words(rng);
    const piiscan::ContextWords matcher(words);
    const std::string text = random_text(rng);
    const bool expected = reference_found(text, words);
    CAPTURE(text, words);
    REQUIRE(matcher.found_in(text) == expected);
    found += expected ? 1 : 0;
    // Two texts searched in one loop: the shorter one ends first, either may hold the word.
    const std::string other = random_text(rng);
    const bool either = expected || reference_found(other, words);
    CAPTURE(other);
    REQUIRE(matcher.found_in_either(text, other) == either);
    REQUIRE(matcher.found_in_either(other, text) == either);
  }
  // Both outcomes must be common, or the comparison says little.
  CHECK(found > k_rounds / 10);
  CHECK(found < k_rounds * 9 / 10);
}

TEST_CASE("ContextWords: short words only as whole words, long words inside compounds",
          "[context]") {
  const piiscan::ContextWords words({"tin", "svnummer", "geb"});
  CHECK(words.found_in("TIN: "));
  CHECK(words.found_in("Ihre tin"));
  CHECK_FALSE(words.found_in("Martin Routine"));
  CHECK(words.found_in("Arbeitnehmer-SV-Nummer"));
  CHECK(words.found_in("geb. am"));
  CHECK_FALSE(words.found_in("gebaeude"));
  CHECK_FALSE(words.found_in(""));
  // "bcde" ends inside the longer "abcdef": found through the automaton's failure link.
  CHECK(piiscan::ContextWords({"abcdef", "bcde"}).found_in("xabcde"));
  CHECK(piiscan::ContextWords({"abcdef", "cd"}).found_in("ab cd"));
  CHECK(piiscan::ContextWords({}).empty());
  CHECK_FALSE(piiscan::ContextWords({}).found_in("tin"));
}

TEST_CASE("ContextWords folds umlauts and sharp s like the rule loader", "[context]") {
  const piiscan::ContextWords words({piiscan::fold_context_text("Geburtsdatum"),
                                     piiscan::fold_context_text("Straße"),
                                     piiscan::fold_context_text("Bankverbindung Ä")});
  CHECK(words.found_in("GEBURTSDATUM"));
  CHECK(words.found_in("Stra\xC3\x9F" "e 5"));
  CHECK(words.found_in("bank-verbindung: \xC3\x84"));
  CHECK_FALSE(words.found_in("Strase"));
}

namespace {

// The column of the cell holding `pos` as counted before ColumnCursor: back to the line start,
// then delimiters outside quotes from there.
std::size_t reference_column(const piiscan::Chunk& chunk, std::size_t pos) {
  std::size_t line_begin = std::string_view::npos;
  for (std::size_t i = std::min(pos, chunk.text.size());
       i > 0 && line_begin == std::string_view::npos; --i) {
    if (chunk.text[i - 1] == '\n' || chunk.text[i - 1] == '\r') line_begin = i;
  }
  if (line_begin == std::string_view::npos) {
    if (chunk.base_offset != 0) return std::string_view::npos;  // the line began earlier
    line_begin = 0;
  }
  if (chunk.base_offset == 0 && line_begin == 0) return std::string_view::npos;  // the header
  std::size_t column = 0;
  bool quoted = false;
  for (std::size_t i = line_begin; i < pos && i < chunk.text.size(); ++i) {
    if (chunk.text[i] == '"') {
      quoted = !quoted;
    } else if (chunk.text[i] == chunk.columns->delimiter && !quoted) {
      ++column;
    }
  }
  return column;
}

}  // namespace

TEST_CASE("ColumnCursor counts columns as from each value's line start", "[context]") {
  const piiscan::ColumnHeaders headers{';', {"a", "b", "c"}};
  // The long pieces take the cursor past its count-on limit, so both ways of counting run.
  // Rows without quotes are counted 16 bytes at a time: blocks with breaks and delimiters at
  // every place, and blocks that a quote sends back to the byte loop.
  const std::vector<std::string> pieces{"x", ";", "\"", "\n", "\r", "\r\n", "1;2", "\";\"",
                                        std::string(200, 'y'), std::string(100, ';'),
                                        "ab;cd;ef;gh;ij;k", "a;b\nc;;d;e\r\n;f;g", "0123456789"};
  std::mt19937 rng(31337);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (std::size_t i = rng() % 60; i > 0; --i) text += pieces[rng() % pieces.size()];
    piiscan::Chunk chunk;
    chunk.text = text;
    chunk.columns = &headers;
    chunk.base_offset = round % 3 == 0 ? 4096 : 0;
    piiscan::ColumnCursor cursor(chunk);
    std::size_t pos = 0;
    for (int ask = 0; ask < 12; ++ask) {
      // Mostly forward, as a chunk's candidates come, sometimes back.
      const std::size_t step = rng() % 3 == 0 ? rng() % 600 : rng() % 9;
      pos = rng() % 5 == 0 ? rng() % (text.size() + 1) : std::min(text.size(), pos + step);
      INFO("text '" << text << "', pos " << pos << ", base " << chunk.base_offset);
      REQUIRE(cursor.column_at(pos) == reference_column(chunk, pos));
    }
  }
}

TEST_CASE("context_near reads each rule's own words in the column header", "[context]") {
  const piiscan::ColumnHeaders headers{';', {"Name", "Steuer-ID", "Telefon"}};
  // Filler rows keep the header line out of the text around the values.
  const std::string text = "Name;Steuer-ID;Telefon\n" + std::string(120, 'x') + ";0;0\n" +
                           "Anna;12345678901;0301234567\nBen;98765432109;0307654321\n";
  piiscan::Chunk chunk;
  chunk.text = text;
  chunk.columns = &headers;
  const piiscan::ContextWords tax_words({"steuerid"});
  const piiscan::ContextWords phone_words({"telefon"});
  piiscan::ColumnCursor cursor(chunk);
  // Rows alternate the two rules' questions, so what one rule's words found in a header must
  // not answer for the other's.
  for (const char* row_start : {"Anna;", "Ben;"}) {
    const std::size_t row = text.find(row_start);
    const std::size_t tax = text.find(';', row) + 1;
    const std::size_t phone = text.find(';', tax) + 1;
    INFO("row " << row_start);
    CHECK(piiscan::context_near(chunk, tax, 11, tax_words, cursor));
    CHECK_FALSE(piiscan::context_near(chunk, tax, 11, phone_words, cursor));
    CHECK(piiscan::context_near(chunk, phone, 10, phone_words, cursor));
    CHECK_FALSE(piiscan::context_near(chunk, phone, 10, tax_words, cursor));
    CHECK_FALSE(piiscan::context_near(chunk, row, 4, tax_words, cursor));
  }
}
