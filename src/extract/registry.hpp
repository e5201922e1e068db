// The one table of document extractors, by media type.
#pragma once

#include <string_view>

#include <piiscan/document.hpp>

namespace piiscan {

// The extractor for `media_type`, or nullptr when this build has none.
DocumentExtractorFn find_document_extractor(std::string_view media_type) noexcept;

}  // namespace piiscan
