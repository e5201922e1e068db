#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <set>
#include <thread>
#include <tuple>
#include <string>
#include <vector>
#include <utility>

#include <piiscan/detector.hpp>
#include <piiscan/error.hpp>
#include <piiscan/scan.hpp>

using piiscan::Confidence;
using piiscan::Engine;
using piiscan::Finding;

namespace {

const char* const k_rules = R"(
[[rule]]
id = "iban"
category = "financial"
description = "IBAN"
regex = '''\b([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b'''
group = 1
validator = "iban"
confidence = "high"
context = ["iban", "konto"]

[[rule]]
id = "credit_card"
category = "financial"
description = "card"
regex = '''\b([2-6][0-9]{3}(?:[ -]?[0-9]{4}){3}(?:[ -]?[0-9]{1,3})?)\b'''
group = 1
validator = "credit_card"
confidence = "high"

[[rule]]
id = "de_tax_id"
category = "national_id"
description = "Steuer-IdNr"
regex = '''\b([1-9][0-9](?: ?[0-9]{3}){3})\b'''
group = 1
validator = "de_tax_id"
confidence = "medium"
context = ["steuerid", "idnr", "steueridentifikationsnummer"]

[[rule]]
id = "religion"
category = "special_category"
description = "Konfession"
regex = '''\b(rk|ev)\b'''
group = 1
context = ["konfession"]
context_required = true
)";

Engine make_engine(bool keep_values = false) {
  return Engine(piiscan::parse_rules(k_rules, "test.toml"), piiscan::EngineOptions{keep_values});
}

std::vector<Finding> of_rule(const std::vector<Finding>& findings, std::string_view id) {
  std::vector<Finding> result;
  for (const Finding& f : findings) {
    if (f.rule->id == id) {
      result.push_back(f);
    }
  }
  return result;
}

}  // namespace

TEST_CASE("a validator rejects candidates with wrong check digits", "[engine]") {
  const Engine engine = make_engine();
  CHECK(piiscan::scan_text("IBAN DE89 3704 0044 0532 0130 00", engine).size() == 1);
  CHECK(piiscan::scan_text("IBAN DE89 3704 0044 0532 0130 01", engine).empty());
}

TEST_CASE("context words raise confidence; compounds and abbreviations count", "[engine]") {
  const Engine engine = make_engine();
  const auto bare = of_rule(piiscan::scan_text("Bestellung 36574261809 versandt", engine), "de_tax_id");
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].confidence == Confidence::medium);
  CHECK(bare[0].validated);
  for (const char* text : {"Steueridentifikationsnummer: 36574261809", "St.-IdNr. 36574261809",
                           "36 574 261 809 (Steuer-ID)"}) {
    const auto found = of_rule(piiscan::scan_text(text, engine), "de_tax_id");
    REQUIRE(found.size() == 1);
    CHECK(found[0].confidence == Confidence::high);
  }
}

TEST_CASE("context_required rules stay silent without context", "[engine]") {
  const Engine engine = make_engine();
  CHECK(of_rule(piiscan::scan_text("rk und ev", engine), "religion").empty());
  CHECK(of_rule(piiscan::scan_text("Konfession: rk", engine), "religion").size() == 1);
}

TEST_CASE("a CSV column header is context for its cells", "[engine]") {
  const Engine engine = make_engine();
  std::string csv = "Name;Konfession;Nummer\n";
  for (int i = 0; i < 30; ++i) {  // rows push the header far out of the context window
    csv += "Erika Beispiel;rk;" + std::to_string(1000 + i) + "\n";
  }
  piiscan::Chunk chunk;
  chunk.text = csv;
  chunk.accept_begin = 0;
  chunk.accept_end = csv.size();
  piiscan::ColumnHeaders headers{';', {"name", "konfession", "nummer"}};
  chunk.columns = &headers;
  std::vector<Finding> findings;
  engine.scan(chunk, findings);
  CHECK(of_rule(findings, "religion").size() == 30);
  chunk.columns = nullptr;
  findings.clear();
  engine.scan(chunk, findings);
  CHECK(of_rule(findings, "religion").size() <= 3);  // only rows near the header line
}

TEST_CASE("digits inside an IBAN are not also a card number", "[engine]") {
  const Engine engine = make_engine();
  // The BBAN "6681 5188 4472 9405 57" of this generated IBAN would pass as a card on its own.
  const auto findings = piiscan::scan_text("IBAN DE66 6681 5188 4472 9405 57", engine);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule->id == "iban");
  CHECK(of_rule(piiscan::scan_text("Karte 6681 5188 4472 9405", engine), "credit_card").size() <= 1);
}

TEST_CASE("two rules on the same span keep the more confident finding", "[engine]") {
  const std::string rules = std::string(k_rules) + R"(
[[rule]]
id = "tax_like"
category = "national_id"
description = "a second reading of the same digits"
regex = '''\b([1-9][0-9]{10})\b'''
group = 1
confidence = "low"
)";
  const Engine engine(piiscan::parse_rules(rules, "test.toml"));
  const auto findings = piiscan::scan_text("Steuer-ID 36574261809", engine);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule->id == "de_tax_id");
  CHECK(findings[0].confidence == Confidence::high);
}

TEST_CASE("findings carry masked excerpts, raw values only on request", "[engine]") {
  const auto masked = piiscan::scan_text("IBAN DE89370400440532013000", make_engine());
  REQUIRE(masked.size() == 1);
  CHECK(masked[0].excerpt == "DE******************00");
  CHECK(masked[0].value.empty());
  const auto raw = piiscan::scan_text("IBAN DE89370400440532013000", make_engine(true));
  REQUIRE(raw.size() == 1);
  CHECK(raw[0].value == "DE89370400440532013000");
}

namespace {

// `n` as `width` digits (n < 10^width).
std::string padded(std::uint64_t n, std::size_t width) {
  const std::string digits = std::to_string(n);
  return std::string(width - digits.size(), '0') + digits;
}

// A German IBAN with a valid check (ISO 7064 MOD 97-10): bank code below 10^8, account below
// 10^10.
std::string german_iban(std::uint64_t bank, std::uint64_t account) {
  const std::string bban = padded(bank, 8) + padded(account, 10);
  unsigned remainder = 0;
  for (const char c : bban + "131400") {  // "DE" as 13 14, then "00"
    remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
  }
  return "DE" + padded(98 - remainder, 2) + bban;
}

// The IBAN in groups of four, as printed.
std::string spaced(const std::string& iban) {
  std::string out;
  for (std::size_t i = 0; i < iban.size(); i += 4) out += (i == 0 ? "" : " ") + iban.substr(i, 4);
  return out;
}

}  // namespace

TEST_CASE("fingerprints tell values apart and ignore separators", "[engine]") {
  // Random IBANs, and one IBAN with each of its account digits changed in turn: values that
  // differ in one place, which a hash of only part of the value would not tell apart.
  std::mt19937_64 rng(4711);
  std::vector<std::string> ibans;
  for (int i = 0; i < 20000; ++i) {
    ibans.push_back(german_iban(rng() % 100000000, rng() % 10000000000));
  }
  for (std::uint64_t place = 1; place < 10000000000; place *= 10) {
    for (std::uint64_t digit = 1; digit < 10; ++digit) {
      ibans.push_back(german_iban(37040044, 532013000 + digit * place));
    }
  }
  std::string text;
  for (const std::string& iban : ibans) {
    text += "IBAN " + iban + "\nKonto " + spaced(iban) + "\n";
  }
  const auto findings = piiscan::scan_text(text, make_engine(true));
  REQUIRE(findings.size() == 2 * ibans.size());
  std::set<std::uint64_t> distinct;
  for (std::size_t i = 0; i < ibans.size(); ++i) {
    CHECK(findings[2 * i].value == ibans[i]);
    CHECK(findings[2 * i].fingerprint == findings[2 * i + 1].fingerprint);  // the same IBAN
    distinct.insert(findings[2 * i].fingerprint);
  }
  CHECK(distinct.size() == std::set<std::string>(ibans.begin(), ibans.end()).size());
}

TEST_CASE("offsets, lines and columns count LF, CRLF and lone CR", "[engine]") {
  const std::string text = "a\r\nbb\rccc\n\nIBAN DE89370400440532013000";
  const auto findings = piiscan::scan_text(text, make_engine());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 5);
  CHECK(findings[0].column == 6);
  CHECK(findings[0].offset == text.find("DE89"));
  CHECK(findings[0].length == 22);
}

TEST_CASE("bad regexes and duplicate ids are configuration errors naming the rule", "[engine]") {
  const std::string bad = R"([[rule]]
id = "broken"
category = "x"
description = "x"
regex = '''(unclosed'''
)";
  CHECK_THROWS_WITH(Engine(piiscan::parse_rules(bad, "bad.toml")),
                    Catch::StartsWith("bad.toml:1: rule 'broken': invalid regex: missing )"));
  auto rules = piiscan::parse_rules(k_rules, "a.toml");
  auto again = piiscan::parse_rules(k_rules, "b.toml");
  rules.insert(rules.end(), again.begin(), again.end());
  CHECK_THROWS_WITH(Engine(std::move(rules)), "b.toml:2: rule 'iban': duplicate rule id");
}

namespace {

std::string rule_toml(std::string_view id, std::string_view regex, std::string_view required) {
  std::string toml = "[[rule]]\nid = \"" + std::string(id) +
                     "\"\ncategory = \"x\"\ndescription = \"x\"\nregex = '''" +
                     std::string(regex) + "'''\nconfidence = \"high\"\n";
  if (!required.empty()) toml += "required = \"" + std::string(required) + "\"\n";
  return toml;
}

std::string email_rule(std::string_view required) {
  return rule_toml("mail", R"(\b[a-z.]{1,20}@[a-z]{1,20}\.de\b)", required);
}

// With `searched_near`, the rule set also holds a rule the locator's StartFinder does not model
// (\p{Greek}), so the rules with `required` text are searched near it, on their own; without,
// every rule is found in the locator's one pass. Both ways must find the same.
Engine engine_from(const std::string& toml, bool searched_near = true) {
  const std::string unmodelled = rule_toml("greek", R"(\p{Greek}qqq)", "");
  return Engine(piiscan::parse_rules(toml + (searched_near ? unmodelled : ""), "gate.toml"),
                piiscan::EngineOptions{});
}

}  // namespace

TEST_CASE("a rule with required text searches only near it, and finds every match",
          "[engine][required]") {
  const bool searched_near = GENERATE(true, false);
  const Engine engine = engine_from(email_rule("@"), searched_near);
  std::string text(200 * 1024, 'x');
  text.replace(150 * 1024, 19, " anna@example.de ok");
  const std::vector<Finding> findings = piiscan::scan_text(text, engine);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].offset == 150 * 1024 + 1);
  CHECK(piiscan::scan_text("anna at example.de", engine).empty());
}

TEST_CASE("searching near the required text finds what searching everywhere finds",
          "[engine][required]") {
  const Engine near = engine_from(email_rule("@"));
  const Engine everywhere = engine_from(email_rule(""));
  const Engine in_one_pass = engine_from(email_rule("@"), false);
  const auto spans = [](const std::vector<Finding>& findings) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> out;
    for (const Finding& f : findings) out.emplace_back(f.offset, f.length);
    return out;
  };
  // Occurrences far apart, close together, in runs longer than a match, and matches that
  // overlap or are cut short by the length limits.
  const std::vector<std::string> pieces{"a",   "b.",     "@",  ".de", " ",  "x@y.de",
                                        "\n", "@@",     "..", "de",  "q@", std::string(30, 'a'),
                                        "Z",   "@ab.de", "-",  "é",  "example", "abcdefghijkl"};
  std::mt19937 rng(4242);
  std::size_t found = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t count = rng() % 80;
    for (std::size_t i = 0; i < count; ++i) text += pieces[rng() % pieces.size()];
    INFO(text);
    const auto expected = spans(piiscan::scan_text(text, everywhere));
    REQUIRE(spans(piiscan::scan_text(text, near)) == expected);
    REQUIRE(spans(piiscan::scan_text(text, in_one_pass)) == expected);
    found += expected.size();
  }
  CHECK(found > 1000);
}

TEST_CASE("findings come in offset order whichever search found them", "[engine][required]") {
  const bool searched_near = GENERATE(true, false);
  const Engine engine = engine_from(rule_toml("mail", R"(\b[a-z]{1,9}@[a-z]{1,9}\.de\b)", "@") +
                                        rule_toml("number", R"(\b[0-9]{4}\b)", ""),
                                    searched_near);
  const std::string text = "a@b.de 1234 c@d.de 5678 e@f.de";
  const std::vector<Finding> findings = piiscan::scan_text(text, engine);
  REQUIRE(findings.size() == 5);
  for (std::size_t i = 1; i < findings.size(); ++i) {
    CHECK(findings[i - 1].offset < findings[i].offset);
  }
  CHECK(findings[1].rule->id == "number");
}

TEST_CASE("findings of many separately searched rules come sorted, and none is lost",
          "[engine][required]") {
  const bool searched_near = GENERATE(true, false);
  // Ten rules searched near their own text, each a run of findings of its own, plus one in
  // the combined pass: more runs than are merged one by one, or fewer, depending on the text.
  std::string toml = rule_toml("number", R"(\b[0-9]{4}\b)", "");
  for (char k = '0'; k <= '9'; ++k) {
    const std::string tag = std::string("#") + k;
    toml += rule_toml(std::string("tag") + k, tag + "[0-9]{1,3}", tag);
  }
  const Engine engine = engine_from(toml, searched_near);
  std::mt19937 rng(2718);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::size_t distinct_tags = 1 + rng() % 10;
    for (std::size_t i = rng() % 80; i > 0; --i) {
      text += rng() % 3 == 0
                  ? std::to_string(1000 + rng() % 9000)
                  : "#" + std::to_string(rng() % distinct_tags) + std::to_string(rng() % 999);
      text += ' ';
    }
    INFO(text);
    const std::vector<Finding> findings = piiscan::scan_text(text, engine);
    for (std::size_t i = 1; i < findings.size(); ++i) {
      REQUIRE(findings[i - 1].offset < findings[i].offset);
    }
    std::size_t expected = 0;
    for (std::size_t at = text.find('#'); at != std::string::npos; at = text.find('#', at + 1)) {
      ++expected;
    }
    for (std::size_t at = 0; at < text.size(); at = text.find(' ', at) + 1) {
      expected += text.compare(at, 1, "#") != 0 && text.find(' ', at) - at == 4 ? 1 : 0;
    }
    REQUIRE(findings.size() == expected);
  }
}

TEST_CASE("on one span the first rule wins, also when a later search found it",
          "[engine][required]") {
  const bool searched_near = GENERATE(true, false);
  // The first rule has required text, so its matches are found after the second rule's.
  const Engine engine = engine_from(rule_toml("first", R"(\b[0-9]{4}-[0-9]{4}\b)", "-") +
                                        rule_toml("second", R"(\b[0-9]{4}-[0-9]{4}\b)", ""),
                                    searched_near);
  const std::vector<Finding> findings = piiscan::scan_text("code 1234-5678 end", engine);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule->id == "first");
}

TEST_CASE("required text must be needed by the regex and hold no letters", "[engine][required]") {
  CHECK_NOTHROW(engine_from(email_rule("@")));
  CHECK_NOTHROW(engine_from(email_rule(".")));  // the domain's dot is needed too
  CHECK_THROWS_WITH(engine_from(email_rule("#")),
                    Catch::Contains("gate.toml:1: rule 'mail': required text '#' is not needed"));
  CHECK_THROWS_WITH(piiscan::parse_rules(email_rule("de"), "gate.toml"),
                    Catch::Contains("only ASCII digits and punctuation"));
}

TEST_CASE("the built-in rules' required text is needed by their regexes", "[engine][required]") {
  // The engine trusts the built-in rules' `required` text at start-up; this is its proof.
  std::vector<piiscan::Rule> rules = piiscan::builtin_rules();
  std::size_t with_required = 0;
  for (piiscan::Rule& rule : rules) {
    CHECK(rule.builtin);
    rule.builtin = false;
    with_required += rule.required.empty() ? 0 : 1;
  }
  CHECK(with_required > 0);
  CHECK_NOTHROW(Engine(rules));
  // A built-in rule is not proven again: a wrong text would pass here, hence the check above.
  std::vector<piiscan::Rule> wrong = piiscan::parse_rules(email_rule("#"), "gate.toml");
  wrong.front().builtin = true;
  CHECK_NOTHROW(Engine(wrong));
}

TEST_CASE("a rule whose matches can outgrow the window overlap is refused", "[engine]") {
  const auto rule = [](std::string_view regex) {
    return std::string("[[rule]]\nid = \"digits\"\ncategory = \"x\"\ndescription = \"x\"\n") +
           "regex = '''" + std::string(regex) + "'''\n";
  };
  CHECK_NOTHROW(engine_from(rule("[0-9]{1,1000}[a-z]{1,1000}[0-9]{1,48}")));  // 2048 bytes
  CHECK_THROWS_WITH(engine_from(rule("[0-9]+")),
                    Catch::Contains("gate.toml:1: rule 'digits': a match can be longer than 2048"));
  CHECK_THROWS_WITH(engine_from(rule("[0-9]{1,1000}[a-z]{1,1000}[0-9]{1,49}")),
                    Catch::Contains("longer than 2048"));
}

TEST_CASE("threads on one engine find what one thread finds", "[engine][threads]") {
  // Each thread has its own regexes, and all share the locator's DFA states, which they build
  // as their texts need them. The texts mix the built-in rules' examples with filler; this
  // thread scans them first, then two threads scan them all at once (no Catch assertions in
  // them: Catch2 v2's are not thread-safe).
  const Engine engine(piiscan::builtin_rules(), piiscan::EngineOptions{});
  std::vector<std::string> pieces{" ", "\n", ", ", "Kontonummer ", "IBAN: ", "Tel. ", "x7", ";"};
  for (const piiscan::Rule& rule : engine.rules()) {
    pieces.insert(pieces.end(), rule.examples_match.begin(), rule.examples_match.end());
  }
  std::mt19937 rng(5);
  std::vector<std::string> texts;
  for (int i = 0; i < 60; ++i) {
    std::string text;
    while (text.size() < 200 + rng() % 8000) text += pieces[rng() % pieces.size()];
    texts.push_back(std::move(text));
  }
  using Spans = std::vector<std::tuple<std::size_t, std::size_t, std::string>>;
  const auto spans_of = [&](const std::string& text) {
    Spans spans;
    for (const Finding& f : piiscan::scan_text(text, engine)) {
      spans.emplace_back(f.offset, f.length, f.rule->id);
    }
    return spans;
  };
  std::vector<Spans> expected;
  std::size_t findings = 0;
  for (const std::string& text : texts) {
    expected.push_back(spans_of(text));
    findings += expected.back().size();
  }
  REQUIRE(findings > 200);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = 0; i < texts.size(); ++i) {
        mismatches += spans_of(texts[i]) == expected[i] ? 0 : 1;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == 0);
}
