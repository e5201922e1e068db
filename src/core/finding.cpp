#include <piiscan/finding.hpp>

#include <algorithm>
#include <array>

namespace piiscan {

namespace {
constexpr std::array<std::string_view, 3> k_confidence_names = {"low", "medium", "high"};
constexpr std::array<std::string_view, k_sensitivity_levels> k_sensitivity_names = {
    "public", "internal", "confidential", "restricted"};
}  // namespace

std::string_view to_string(Confidence c) noexcept {
  return k_confidence_names[static_cast<std::size_t>(c)];
}

std::optional<Confidence> parse_confidence(std::string_view text) noexcept {
  for (std::size_t i = 0; i < k_confidence_names.size(); ++i) {
    if (k_confidence_names[i] == text) {
      return static_cast<Confidence>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(Sensitivity s) noexcept {
  return k_sensitivity_names[static_cast<std::size_t>(s)];
}

std::optional<Sensitivity> parse_sensitivity(std::string_view text) noexcept {
  for (std::size_t i = 0; i < k_sensitivity_names.size(); ++i) {
    if (k_sensitivity_names[i] == text) {
      return static_cast<Sensitivity>(i);
    }
  }
  return std::nullopt;
}

void count_by_rule(std::span<const Finding> findings, CountsByRule& counts) {
  std::size_t last = counts.empty() ? 0 : counts.size() - 1;
  for (const Finding& finding : findings) {
    if (last >= counts.size() || counts[last].first != finding.rule) {
      last = static_cast<std::size_t>(
          std::find_if(counts.begin(), counts.end(),
                       [&](const auto& entry) { return entry.first == finding.rule; }) -
          counts.begin());
      if (last == counts.size()) {
        counts.emplace_back(finding.rule, 0);
      }
    }
    ++counts[last].second;
  }
}

}  // namespace piiscan
