// Unit tests for the validator registry (src/validators/registry.cpp) and properties every
// registered validator must have.
#include <set>
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("registry: find_validator finds known names only", "[validators][registry]") {
  const piiscan::ValidatorInfo* iban = piiscan::find_validator("iban");
  REQUIRE(iban != nullptr);
  CHECK(iban->name == "iban");
  CHECK(iban->fn("DE89 3704 0044 0532 0130 00").verdict == valid);
  CHECK(piiscan::find_validator("ibna") == nullptr);
  CHECK(piiscan::find_validator("") == nullptr);
  CHECK(piiscan::find_validator("IBAN") == nullptr);  // names are case-sensitive
}

TEST_CASE("registry: every row is complete and unique", "[validators][registry]") {
  std::set<std::string> names;
  for (const piiscan::ValidatorInfo& info : piiscan::builtin_validators()) {
    INFO(info.name);
    CHECK(!info.name.empty());
    CHECK(info.fn != nullptr);
    CHECK(!info.reference.empty());
    CHECK(names.insert(std::string(info.name)).second);
    CHECK(piiscan::find_validator(info.name) == &info);
  }
  const std::set<std::string> expected{"iban",
                                       "credit_card",
                                       "luhn",
                                       "de_tax_id",
                                       "de_tax_number",
                                       "de_vat_id",
                                       "de_social_insurance",
                                       "de_health_insurance",
                                       "icao_document",
                                       "de_id_card",
                                       "de_passport",
                                       "mrz",
                                       "at_social_insurance",
                                       "at_vat_id",
                                       "at_tax_number",
                                       "ch_ahv",
                                       "ch_uid",
                                       "eu_vat_id",
                                       "bic",
                                       "ipv4",
                                       "ipv6",
                                       "date",
                                       "phone_number"};
  CHECK(names == expected);
}

TEST_CASE("registry: validators survive hostile input", "[validators][registry]") {
  const std::string inputs[] = {
      "",
      std::string(1, '\0'),
      std::string(10000, '9'),
      std::string(10000, ' '),
      std::string(65, 'A'),
      "\xFF\xFE\x80\x81",
      "DE89 3704 0044 0532 0130 00\n",
      std::string("12\0"
                  "34",
                  5),
      "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
      "0000000000000000000000000000000000000000000000000000000000000000",
  };
  for (const piiscan::ValidatorInfo& info : piiscan::builtin_validators()) {
    for (const std::string& input : inputs) {
      INFO(info.name << " on " << input.size() << " bytes");
      const piiscan::ValidationResult result = info.fn(input);
      if (result.verdict == invalid) {
        CHECK(!result.failed_step.empty());
      } else {
        CHECK(result.failed_step.empty());
      }
    }
    CHECK(info.fn("").verdict == invalid);
  }
}

TEST_CASE("registry: a validator never reads past the end of its view", "[validators][registry]") {
  // The view covers a valid prefix of a longer buffer; reading past its end would see the
  // extra characters and change the verdict (and ASan would flag a read outside an allocation
  // when the buffer is exactly sized, as in the hostile-input test).
  const std::string buffer = "DE89370400440532013000XYZ";
  CHECK(verdict_of("iban", std::string_view(buffer).substr(0, 22)) == valid);
  const std::string tax_id = "36574261809999";
  CHECK(verdict_of("de_tax_id", std::string_view(tax_id).substr(0, 11)) == valid);
}
