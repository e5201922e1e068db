// Findings and sensitivity levels: the data that flows from the detector engine to the
// classifier and the reporters.
//
// A `Finding` owns its strings and outlives the text it was found in. It refers to its rule by
// pointer; rules belong to the `Engine`, which outlives every scan run with it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piiscan/short_string.hpp>

namespace piiscan {

struct Rule;

enum class Confidence : std::uint8_t { low, medium, high };

// "low", "medium", "high".
std::string_view to_string(Confidence c) noexcept;
std::optional<Confidence> parse_confidence(std::string_view text) noexcept;

// German practice: öffentlich < intern < vertraulich < streng vertraulich. `public_` carries an
// underscore only because `public` is a C++ keyword; it is written "public" everywhere else.
enum class Sensitivity { public_, internal, confidential, restricted };

inline constexpr int k_sensitivity_levels = 4;

// "public", "internal", "confidential", "restricted".
std::string_view to_string(Sensitivity s) noexcept;
std::optional<Sensitivity> parse_sensitivity(std::string_view text) noexcept;

// 96 bytes (was 152 with three std::strings): an HR export holds a finding every few dozen
// bytes, and each is written, sorted, classified and reported.
struct Finding {
  const Rule* rule = nullptr;  // never null in a reported finding
  std::uint64_t offset = 0;    // bytes into the extracted (UTF-8) text
  std::uint64_t line = 0;      // 1-based
  std::uint64_t column = 0;    // 1-based, bytes within the line (as ripgrep)
  // A salted hash of the normalised value, to count distinct values per file. Kept in memory
  // only and never written anywhere: the salt is random per process.
  std::uint64_t fingerprint = 0;
  std::uint32_t length = 0;    // bytes
  Confidence confidence = Confidence::low;
  bool validated = false;      // a checksum or structure validator accepted the value
  RareString location;         // where in a document: "page 2", "sheet Personal"; may be empty
  RareString value;            // the raw value; empty unless the scan keeps values
  ShortString excerpt;         // masked value, at most 4 real characters
};

static_assert(sizeof(Finding) <= 96, "a finding's size is paid for every finding of a scan");

// How many findings each rule has, one entry per rule met.
using CountsByRule = std::vector<std::pair<const Rule*, std::uint64_t>>;

// Adds `findings` to `counts`. A file holds findings of a few rules, in runs of one: a short
// list, searched from the rule met last, costs a fraction of a hash map's update per finding
// (1 % of a scan of an HR export).
void count_by_rule(std::span<const Finding> findings, CountsByRule& counts);

}  // namespace piiscan
