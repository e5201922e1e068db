#include <algorithm>
#include <random>
#include <set>
#include <span>

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

TEST_CASE("a tally fed in batches classifies as all findings at hand do", "[classifier]") {
  // A file with millions of findings is tallied a batch at a time (FileScanner), others are
  // classified with all their findings at hand: mixed rules, confidences, validation and
  // repeated values must come out the same either way, however they are cut.
  const auto policy = piiscan::builtin_policy();
  const piiscan::Rule* rules[] = {&k_iban, &k_email, &k_religion};
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<Finding> findings(rng() % 400);
    for (Finding& f : findings) {
      f.rule = rules[rng() % 3];
      f.confidence = static_cast<Confidence>(rng() % 3);
      f.validated = rng() % 4 != 0;
      f.fingerprint = rng() % 60;  // repeats, and 0
    }
    piiscan::FindingTally batched(policy);
    for (std::size_t at = 0; at < findings.size();) {
      const std::size_t count = std::min<std::size_t>(rng() % 50 + 1, findings.size() - at);
      batched.add(std::span<const Finding>(findings).subspan(at, count));
      at += count;
    }
    const auto whole = classify(findings, policy);
    const auto cut = batched.classify();
    CHECK(cut.level == whole.level);
    CHECK(cut.reasons == whole.reasons);
  }
}

TEST_CASE("distinct values are counted exactly up to a cap, then at least", "[classifier]") {
  std::mt19937_64 rng(5);
  piiscan::DistinctCounter capped(1000);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 5000 && seen.size() < 1000; ++i) {
    const std::uint64_t value = i == 0 ? 0 : rng() % 3000;  // 0, the empty slot's mark, too
    capped.insert(value);
    seen.insert(value);
  }
  CHECK(capped.size() == seen.size());
  CHECK_FALSE(capped.saturated());
  capped.insert(0);
  capped.insert(*std::next(seen.begin()));  // known ones
  CHECK_FALSE(capped.saturated());
  capped.insert(1u << 20);  // a new one past the cap
  CHECK(capped.saturated());
  CHECK(capped.size() == seen.size());
}

TEST_CASE("a file past the distinct-value cap is classified, its reason says at least",
          "[classifier]") {
  const auto policy = piiscan::builtin_policy();
  const std::size_t cap = piiscan::FindingTally(policy).max_distinct();
  const int many = static_cast<int>(cap) + 100;
  const auto tallied = [](const std::vector<Finding>& findings, const piiscan::Policy& p) {
    piiscan::FindingTally tally(p);
    tally.add(findings);
    return tally.classify();
  };
  const auto result = tallied(findings_of(k_iban, many, 1, Confidence::high), policy);
  CHECK(result.level == Sensitivity::restricted);
  REQUIRE(result.reasons.size() == 1);
  CHECK_THAT(result.reasons[0],
             Catch::EndsWith(std::to_string(many) + " \u00d7 iban (at least " +
                             std::to_string(cap) + " distinct, checksum valid)"));
  // A policy threshold above the default cap raises the cap: its decision stays exact.
  piiscan::Policy strict = piiscan::parse_policy(
      "[[raise]]\nlevel = \"restricted\"\ndetectors = [\"iban\"]\nreason = \"huge\"\n"
      "min_count = " + std::to_string(many) + "\n", "strict.toml");
  CHECK(piiscan::FindingTally(strict).max_distinct() == static_cast<std::size_t>(many));
  CHECK(tallied(findings_of(k_iban, many, 1, Confidence::high), strict).level ==
        Sensitivity::restricted);
  CHECK(tallied(findings_of(k_iban, many - 1, 2, Confidence::high), strict).level ==
        Sensitivity::public_);
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
