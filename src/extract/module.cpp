#include "extract/module.hpp"

#include "extract/extractors.hpp"

extern "C" __attribute__((visibility("default"))) const piiscan::DocumentExtractors*
piiscan_document_extractors_v1() {
  static constexpr piiscan::DocumentExtractors k_extractors{
      piiscan::extract_zip_family, piiscan::extract_archive, piiscan::extract_pdf,
      piiscan::extract_email, piiscan::extract_image_metadata};
  return &k_extractors;
}
