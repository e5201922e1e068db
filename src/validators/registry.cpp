// The single table of built-in validators. Adding a validator means one function in its own
// .cpp file, its declaration in validators_impl.hpp, and one row here.
#include <array>
#include <piiscan/validators.hpp>

#include "validators_impl.hpp"

namespace piiscan {
namespace {

using namespace validators;

constexpr std::array k_validators{
    ValidatorInfo{"iban", validate_iban, "ISO 13616-1, SWIFT IBAN registry, ISO 7064 MOD 97-10"},
    ValidatorInfo{"credit_card", validate_credit_card,
                  "ISO/IEC 7812-1 Luhn, card network issuer ranges"},
    ValidatorInfo{"luhn", validate_luhn, "ISO/IEC 7812-1 Annex B (Luhn mod 10)"},
    ValidatorInfo{"de_tax_id", validate_de_tax_id,
                  "§ 139b AO IdNr, ISO 7064 MOD 11,10, BZSt digit rules"},
    ValidatorInfo{"de_tax_number", validate_de_tax_number,
                  "Steuernummer Länder formats and ELSTER 13-digit form (structure only)", "format valid"},
    ValidatorInfo{"de_vat_id", validate_de_vat_id, "§ 27a UStG USt-IdNr., ISO 7064 MOD 11,10"},
    ValidatorInfo{"de_social_insurance", validate_de_social_insurance,
                  "§ 147 SGB VI, § 2 VKVV Versicherungsnummer check digit"},
    ValidatorInfo{"de_health_insurance", validate_de_health_insurance,
                  "§ 290 SGB V KVNR, GKV-Spitzenverband Anlage 1 check digit"},
    ValidatorInfo{"icao_document", validate_icao_document,
                  "ICAO Doc 9303 Part 3 check digit (7,3,1)"},
    ValidatorInfo{"de_id_card", validate_de_id_card,
                  "PAuswG Personalausweis number, ICAO Doc 9303 check digit"},
    ValidatorInfo{"de_passport", validate_de_passport,
                  "PassG Reisepass number, ICAO Doc 9303 check digit"},
    ValidatorInfo{"mrz", validate_mrz, "ICAO Doc 9303 Parts 4-6 MRZ check digits (TD1/TD2/TD3)"},
    ValidatorInfo{"at_social_insurance", validate_at_social_insurance,
                  "§ 31 ASVG Sozialversicherungsnummer, weighted mod 11"},
    ValidatorInfo{"at_vat_id", validate_at_vat_id, "Austrian UID (ATU), BMF check digit"},
    ValidatorInfo{"at_tax_number", validate_at_tax_number,
                  "Austrian Abgabenkontonummer, tax office list and check digit"},
    ValidatorInfo{"ch_ahv", validate_ch_ahv, "AHVN13 (Art. 133bis AHVV), EAN-13 check digit"},
    ValidatorInfo{"ch_uid", validate_ch_uid, "Swiss UID (UIDG), weighted mod 11 check digit"},
    ValidatorInfo{"eu_vat_id", validate_eu_vat_id,
                  "VIES VAT numbers: national checks for AT BE CH DE ES FR IT NL PL"},
    ValidatorInfo{"bic", validate_bic, "ISO 9362 BIC structure, ISO 3166-1 country code", "format valid"},
    ValidatorInfo{"ipv4", validate_ipv4, "RFC 791 dotted-decimal IPv4 (strict)", "valid address"},
    ValidatorInfo{"ipv6", validate_ipv6, "RFC 4291 §2.2 IPv6 text forms", "valid address"},
    ValidatorInfo{"date", validate_date,
                  "Gregorian calendar date (DIN 5008, ISO 8601), birth years 1900-2026", "valid calendar date"},
    ValidatorInfo{"phone_number", validate_phone_number,
                  "ITU-T E.164 numbering plans of DE, AT, CH (libphonenumber metadata)", "numbering plan valid"},
};

}  // namespace

std::span<const ValidatorInfo> builtin_validators() noexcept { return k_validators; }

const ValidatorInfo* find_validator(std::string_view name) noexcept {
  for (const ValidatorInfo& info : k_validators) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

}  // namespace piiscan
