#include "extract/registry.hpp"

#include <array>

#include "extract/extractors.hpp"

namespace piiscan {

namespace {

struct ExtractorRow {
  std::string_view media_type;  // exact, or a prefix ending in '*'
  DocumentExtractorFn extract;
};

constexpr std::array<ExtractorRow, 12> k_extractors = {{
    {"application/pdf", extract_pdf},
    {"message/rfc822", extract_email},
    {"image/*", extract_image_metadata},
    {"application/zip", extract_zip_family},
    {"application/java-archive", extract_zip_family},
    {"application/vnd.openxmlformats-officedocument.*", extract_zip_family},
    {"application/vnd.ms-*", extract_zip_family},  // docm, xlsm, pptm (macro-enabled OOXML)
    {"application/vnd.oasis.opendocument.*", extract_zip_family},
    {"application/gzip", extract_archive},
    {"application/x-bzip2", extract_archive},
    {"application/x-xz", extract_archive},
    {"application/x-tar", extract_archive},
}};

bool type_matches(std::string_view pattern, std::string_view media_type) noexcept {
  if (!pattern.empty() && pattern.back() == '*') {
    return media_type.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return pattern == media_type;
}

}  // namespace

DocumentExtractorFn find_document_extractor(std::string_view media_type) noexcept {
  for (const ExtractorRow& row : k_extractors) {
    if (type_matches(row.media_type, media_type)) {
      return row.extract;
    }
  }
  return nullptr;
}

std::string_view to_string(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::limit: return "limit";
    case ProblemKind::encrypted: return "encrypted";
    case ProblemKind::corrupt: return "corrupt";
    case ProblemKind::unsupported: return "unsupported";
  }
  return "unknown";
}

}  // namespace piiscan
