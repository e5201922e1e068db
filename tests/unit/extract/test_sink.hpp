// A recording DocumentSink for extractor tests, and mutated inputs for robustness tests.
//
// Records every call in order (text with its location, column headers, metadata, members,
// problems) and counts `consume` against `ExtractLimits::max_total_bytes` the way the real driver
// does: once the budget is passed, `consume` returns false, records a `limit` problem named
// "max_total_bytes" (once) and `exhausted()` turns true. Not thread-safe; one sink per test.
#pragma once

#include <piiscan/document.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace piiscan::test {

struct TextCall {
  std::string text;
  std::string location;
};

struct MetadataCall {
  std::string field;
  std::string value;
  std::string category;
};

struct MemberCall {
  std::string name;
  std::string bytes;
};

struct ProblemCall {
  ProblemKind kind;
  std::string detail;
};

class TestSink : public DocumentSink {
 public:
  explicit TestSink(ExtractLimits limits = {}) : m_limits(limits) {}

  void text(std::string_view utf8, std::string_view location) override {
    texts.push_back({std::string(utf8), std::string(location)});
  }

  void columns(std::span<const std::string> headers, char delimiter) override {
    column_headers.assign(headers.begin(), headers.end());
    column_delimiter = delimiter;
  }

  void metadata(std::string_view field, std::string_view value,
                std::string_view category) override {
    metadata_values.push_back({std::string(field), std::string(value), std::string(category)});
  }

  void member(std::string_view name, std::string_view bytes) override {
    members.push_back({std::string(name), std::string(bytes)});
  }

  void problem(ProblemKind kind, std::string_view detail) override {
    problems.push_back({kind, std::string(detail)});
  }

  bool exhausted() const override { return m_exhausted; }

  bool consume(std::uint64_t bytes) override {
    consumed += bytes;
    if (consumed > m_limits.max_total_bytes) {
      if (!m_exhausted) {
        problem(ProblemKind::limit, "max_total_bytes");
      }
      m_exhausted = true;
    }
    return !m_exhausted;
  }

  // All text with `location`, concatenated in call order.
  std::string text_at(std::string_view location) const {
    std::string out;
    for (const auto& call : texts) {
      if (call.location == location) {
        out += call.text;
      }
    }
    return out;
  }

  // All text regardless of location.
  std::string all_text() const {
    std::string out;
    for (const auto& call : texts) {
      out += call.text;
    }
    return out;
  }

  // The first metadata value recorded for `field`, or empty.
  std::string metadata_value(std::string_view field) const {
    for (const auto& call : metadata_values) {
      if (call.field == field) {
        return call.value;
      }
    }
    return {};
  }

  bool has_problem(ProblemKind kind, std::string_view detail_part = {}) const {
    for (const auto& call : problems) {
      if (call.kind == kind && call.detail.find(detail_part) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  std::vector<TextCall> texts;
  std::vector<std::string> column_headers;
  char column_delimiter = '\0';
  std::vector<MetadataCall> metadata_values;
  std::vector<MemberCall> members;
  std::vector<ProblemCall> problems;
  std::uint64_t consumed = 0;

 private:
  ExtractLimits m_limits;
  bool m_exhausted = false;
};

// `count` copies of `base` with a few random bytes overwritten (under 1 %, at least one) and every
// fourth one also truncated at a random length (bad-inputs.md, libarchive test_fuzz style).
// Deterministic for a given `seed`.
inline std::vector<std::string> mutated_copies(const std::string& base, int count,
                                               std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<std::string> copies;
  for (int i = 0; i < count && !base.empty(); ++i) {
    std::string copy = base;
    const std::size_t flips = 1 + random() % std::max<std::size_t>(1, copy.size() / 100);
    for (std::size_t flip = 0; flip < flips; ++flip) {
      copy[random() % copy.size()] = static_cast<char>(random() & 0xFF);
    }
    if (i % 4 == 3) {
      copy.resize(random() % copy.size());
    }
    copies.push_back(std::move(copy));
  }
  return copies;
}

}  // namespace piiscan::test
