// The document extractors of this build (see include/piiscan/document.hpp for the contract).
// Each is registered once in src/extract/registry.cpp by the media types it reads.
#pragma once

#include <piiscan/document.hpp>

namespace piiscan {

// Zip archives, and the zip-based document formats found by their content: OOXML
// (docx/docm/dotx, xlsx/xlsm, pptx/pptm: text, tables, headers/footers, comments, footnotes,
// shared and inline strings, numbers, sheet names as locations, header rows as column context,
// docProps as metadata) and ODF (odt/ods/odp: content.xml, styles.xml, meta.xml). Plain zip
// entries become members.
void extract_zip_family(std::string_view bytes, std::string_view name, const ExtractLimits& limits,
                        DocumentSink& sink);

// tar, gzip, bzip2 and xz (and tar inside them): entries or the decompressed stream become
// members.
void extract_archive(std::string_view bytes, std::string_view name, const ExtractLimits& limits,
                     DocumentSink& sink);

// PDF text per page ("page N"); an encrypted PDF is a problem of kind `encrypted`.
void extract_pdf(std::string_view bytes, std::string_view name, const ExtractLimits& limits,
                 DocumentSink& sink);

// RFC 5322 / MIME e-mail: From/To/Cc/Reply-To headers and text parts as text, attachments as
// members named by their file name.
void extract_email(std::string_view bytes, std::string_view name, const ExtractLimits& limits,
                   DocumentSink& sink);

// EXIF, XMP and IPTC metadata of images (JPEG, PNG, TIFF, HEIF where exiv2 reads it): artist,
// copyright, owner, camera serial, GPS position, XMP creator and person tags, IPTC by-line.
void extract_image_metadata(std::string_view bytes, std::string_view name,
                            const ExtractLimits& limits, DocumentSink& sink);

}  // namespace piiscan
