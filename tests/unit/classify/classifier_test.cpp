#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include <piiscan/classifier.hpp>
#include <piiscan/error.hpp>
#include <piiscan/rule.hpp>
#include <piiscan/validators.hpp>

using piiscan::Confidence;
using piiscan::Finding;
using piiscan::Sensitivity;

namespace {

piiscan::Rule make_rule(std::string id, std::string category) {
  piiscan::Rule rule;
  rule.id = std::move(id);
  rule.category = std::move(category);
  return rule;
}

const piiscan::Rule k_iban = make_rule("iban", "financial");
const piiscan::Rule k_email = make_rule("email", "contact");
const piiscan::Rule k_religion = make_rule("religion", "special_category");

std::vector<Finding> findings_of(const piiscan::Rule& rule, int distinct, int copies,
                                 Confidence confidence) {
  std::vector<Finding> findings;
  for (int value = 0; value < distinct; ++value) {
    for (int copy = 0; copy < copies; ++copy) {
      Finding f;
      f.rule = &rule;
      f.confidence = confidence;
      f.validated = true;
      f.fingerprint = static_cast<std::uint64_t>(value) + 1;
      findings.push_back(f);
    }
  }
  return findings;
}

}  // namespace

TEST_CASE("the built-in policy ranks the seed example", "[classifier]") {
  const auto policy = piiscan::builtin_policy();
  CHECK(classify({}, policy).level == Sensitivity::public_);
  CHECK(classify({}, policy).reasons.empty());
  CHECK(classify(findings_of(k_email, 1, 1, Confidence::high), policy).level == Sensitivity::internal);
  CHECK(classify(findings_of(k_email, 30, 1, Confidence::high), policy).level ==
        Sensitivity::confidential);
  CHECK(classify(findings_of(k_iban, 1, 1, Confidence::high), policy).level ==
        Sensitivity::confidential);
  CHECK(classify(findings_of(k_iban, 1, 1, Confidence::medium), policy).level ==
        Sensitivity::internal);
  const auto register_file = classify(findings_of(k_iban, 40, 1, Confidence::high), policy);
  CHECK(register_file.level == Sensitivity::restricted);
  CHECK(register_file.reasons ==
        std::vector<std::string>{"national identifiers or bank data in bulk (a person register): "
                                 "40 \u00d7 iban (checksum valid)"});
  CHECK(classify(findings_of(k_religion, 1, 1, Confidence::high), policy).level ==
        Sensitivity::restricted);
}

TEST_CASE("bulk thresholds count distinct values, reasons show occurrences", "[classifier]") {
  const auto policy = piiscan::builtin_policy();
  // One IBAN repeated in 50 letter footers is not a register.
  const auto footer = classify(findings_of(k_iban, 1, 50, Confidence::high), policy);
  CHECK(footer.level == Sensitivity::confidential);
  CHECK(footer.reasons == std::vector<std::string>{
                              "validated national identifier or bank data: 50 \u00d7 iban "
                              "(1 distinct, checksum valid)"});
}

TEST_CASE("distinct values are counted exactly among many", "[classifier]") {
  // Random fingerprints (0 among them, the counting set's empty mark) and consecutive ones,
  // each seen twice in shuffled order: the set must neither merge nor split values.
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> values{0};
  for (int i = 0; i < 2999; ++i) values.push_back(rng());
  for (std::uint64_t i = 1; i <= 2000; ++i) values.push_back(i << 32);
  std::vector<Finding> findings;
  for (const std::uint64_t value : values) {
    for (int copy = 0; copy < 2; ++copy) {
      Finding f;
      f.rule = &k_iban;
      f.confidence = Confidence::high;
      f.validated = true;
      f.fingerprint = value;
      findings.push_back(f);
    }
  }
  std::shuffle(findings.begin(), findings.end(), rng);
  const auto result = classify(findings, piiscan::builtin_policy());
  REQUIRE(result.reasons.size() == 1);
  CHECK_THAT(result.reasons[0], Catch::EndsWith("10000 \u00d7 iban (5000 distinct, checksum valid)"));
}

TEST_CASE("policy mistakes are errors naming file and line", "[classifier]") {
  using Catch::Equals;
  CHECK_THROWS_WITH(piiscan::parse_policy("[[raise]]\nlevel = \"secret\"\n", "p.toml"),
                    Equals("p.toml:1: 'level' must be \"internal\", \"confidential\" or \"restricted\""));
  CHECK_THROWS_WITH(
      piiscan::parse_policy("[[raise]]\nlevel = \"internal\"\ncategories = [\"a\"]\nreason = \"r\"\n"
                            "min_count = 0\n", "p.toml"),
      Equals("p.toml:1: 'min_count' must be a positive integer"));
  CHECK_THROWS_WITH(piiscan::parse_policy("x = 1\n", "p.toml"),
                    Equals("p.toml:1: unknown key 'x'"));
}

TEST_CASE("unreadable policy and rule files name the file and the reason", "[classifier]") {
  CHECK_THROWS_WITH(piiscan::load_policy("/nonexistent/p.toml"),
                    "cannot read policy file: /nonexistent/p.toml: no such file or directory");
  CHECK_THROWS_WITH(piiscan::load_rules("/nonexistent/r.toml"),
                    "cannot read rule file: /nonexistent/r.toml: no such file or directory");
}

TEST_CASE("reasons say what the validator checked", "[classifier]") {
  piiscan::Rule phone = make_rule("phone_number", "contact");
  phone.validator = piiscan::find_validator("phone_number");
  piiscan::Rule tax_id = make_rule("de_tax_id", "national_id");
  tax_id.validator = piiscan::find_validator("de_tax_id");
  REQUIRE(phone.validator != nullptr);
  REQUIRE(tax_id.validator != nullptr);
  const auto policy = piiscan::builtin_policy();
  const auto phones = classify(findings_of(phone, 30, 1, Confidence::medium), policy);
  REQUIRE(phones.reasons.size() == 1);
  CHECK_THAT(phones.reasons[0], Catch::EndsWith("30 \u00d7 phone_number (numbering plan valid)"));
  const auto ids = classify(findings_of(tax_id, 1, 1, Confidence::high), policy);
  REQUIRE(ids.reasons.size() == 1);
  CHECK_THAT(ids.reasons[0], Catch::EndsWith("1 \u00d7 de_tax_id (checksum valid)"));
}
