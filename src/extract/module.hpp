// The interface between piiscan and its document module (piiscan-documents.so, built from
// src/extract): one C function that returns the module's extractors. Both sides are built
// together from one tree, so the table's layout is the same on both; the version in the
// symbol's name changes whenever the table does.
#pragma once

#include <piiscan/document.hpp>

namespace piiscan {

struct DocumentExtractors {
  DocumentExtractorFn zip_family;
  DocumentExtractorFn archive;
  DocumentExtractorFn pdf;
  DocumentExtractorFn email;
  DocumentExtractorFn image_metadata;
};

}  // namespace piiscan

#define PIISCAN_DOCUMENT_MODULE_ENTRY "piiscan_document_extractors_v1"
extern "C" const piiscan::DocumentExtractors* piiscan_document_extractors_v1();
