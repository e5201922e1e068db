#include <catch2/catch.hpp>

#include <piiscan/error.hpp>
#include <piiscan/rule.hpp>

using piiscan::parse_rules;

namespace {

std::string rule_with(const std::string& extra) {
  return "[[rule]]\nid = \"my_rule\"\ncategory = \"contact\"\ndescription = \"d\"\n"
         "regex = '''x'''\n" + extra;
}

}  // namespace

TEST_CASE("a complete rule loads with every field", "[rules]") {
  const auto rules = parse_rules(rule_with("validator = \"iban\"\nconfidence = \"high\"\n"
                                           "context = [\"St.-IdNr.\", \"Geb\xC3\xBC" "hr\"]\n"
                                           "examples.match = [\"x\"]\nexamples.no_match = [\"y\"]\n"),
                                 "f.toml");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].id == "my_rule");
  CHECK(rules[0].validator != nullptr);
  CHECK(rules[0].confidence == piiscan::Confidence::high);
  CHECK(rules[0].folded_context == std::vector<std::string>{"stidnr", "gebuehr"});
  CHECK(rules[0].examples_match == std::vector<std::string>{"x"});
  CHECK(rules[0].source == "f.toml:1");
}

TEST_CASE("rule mistakes are errors naming file, line and rule", "[rules]") {
  using Catch::Equals;
  CHECK_THROWS_WITH(parse_rules(rule_with("validator = \"ibna\"\n"), "f.toml"),
                    Equals("f.toml:6: rule 'my_rule': unknown validator 'ibna' (did you mean 'iban'?)"));
  CHECK_THROWS_WITH(parse_rules(rule_with("contxt = [\"a\"]\n"), "f.toml"),
                    Equals("f.toml:6: rule 'my_rule': unknown key 'contxt' (did you mean 'context'?)"));
  CHECK_THROWS_WITH(parse_rules(rule_with("confidence = \"sure\"\n"), "f.toml"),
                    Equals("f.toml:6: rule 'my_rule': confidence must be \"low\", \"medium\" or "
                           "\"high\", not 'sure'"));
  CHECK_THROWS_WITH(parse_rules(rule_with("context_required = true\n"), "f.toml"),
                    Equals("f.toml:6: rule 'my_rule': context_required is true but the rule has "
                           "no context words"));
  CHECK_THROWS_WITH(parse_rules("[[rule]]\ncategory = \"x\"\n", "f.toml"),
                    Equals("f.toml:1: missing required key 'id'"));
  CHECK_THROWS_WITH(parse_rules("[[rule]]\nid = \"Bad-Id\"\n", "f.toml"),
                    Equals("f.toml:1: rule 'Bad-Id': id must be lower snake case (a-z, 0-9, _)"));
  CHECK_THROWS_WITH(parse_rules("[[rule]\n", "f.toml"), Catch::StartsWith("f.toml:1:"));
  CHECK_THROWS_WITH(parse_rules("rules = 1\n", "f.toml"),
                    Equals("f.toml:1: unknown key 'rules' (did you mean 'rule'?)"));
}

TEST_CASE("the built-in rules load and every rule has examples", "[rules]") {
  const auto rules = piiscan::builtin_rules();
  REQUIRE(rules.size() >= 4);
  for (const auto& rule : rules) {
    INFO(rule.id);
    CHECK_FALSE(rule.examples_match.empty());
    CHECK_FALSE(rule.examples_no_match.empty());
  }
}

TEST_CASE("context folding handles case, umlauts, ß and punctuation", "[rules]") {
  CHECK(piiscan::fold_context_text("Arbeitnehmer-SV-Nummer") == "arbeitnehmersvnummer");
  CHECK(piiscan::fold_context_text("Stra\xC3\x9F" "e \xC3\x84nderung") == "strasseaenderung");
  CHECK(piiscan::fold_context_text("USt-IdNr.:") == "ustidnr");
}
