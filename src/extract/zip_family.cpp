// Zip archives and the document formats built on zip (extractors.hpp: extract_zip_family).
//
// The kind of zip is decided from its central directory, before anything is decompressed:
// a content-types part plus a Word/Excel/PowerPoint main part is OOXML (office_ooxml.hpp);
// content.xml plus a "mimetype" entry that names an OpenDocument type (or, without one, a
// manifest) is ODF (office_odf.hpp); anything else, and any zip whose directory cannot be read,
// is a plain zip whose entries become members.
// Only the parts a document reader needs are decompressed.
#include "extract/archive_reader.hpp"
#include "extract/extractors.hpp"
#include "extract/office_odf.hpp"
#include "extract/office_ooxml.hpp"
#include "extract/office_package.hpp"

#include <string>

namespace piiscan {
namespace {

enum class ZipKind { plain, ooxml, odf };

ZipKind zip_kind(const ZipDirectory& directory) {
  bool content_types = false;
  bool ooxml_main = false;
  bool odf_marker = false;
  bool odf_content = false;
  for (const ZipDirectoryEntry& entry : directory.entries) {
    content_types = content_types || entry.name == "[Content_Types].xml";
    ooxml_main = ooxml_main || is_ooxml_main_part(entry.name);
    odf_marker = odf_marker || entry.name == "mimetype" || entry.name == "META-INF/manifest.xml";
    odf_content = odf_content || entry.name == "content.xml";
  }
  if (content_types && ooxml_main) {
    return ZipKind::ooxml;
  }
  return odf_marker && odf_content ? ZipKind::odf : ZipKind::plain;
}

ArchiveReadOptions only(std::function<bool(std::string_view)> wanted) {
  ArchiveReadOptions options;
  options.wanted = std::move(wanted);
  return options;
}

void extract_members(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink,
                     std::function<bool(std::string_view)> wanted = {}) {
  read_archive_entries(
      bytes, limits, sink,
      [&](std::string_view name, std::string_view data) {
        sink.member(name, data);
        return true;
      },
      only(std::move(wanted)));
}

void extract_ooxml(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink) {
  OfficePackage package(limits, sink);
  auto on_entry = [&](std::string_view name, std::string_view data) {
    if (is_ooxml_member_part(name)) {
      sink.member(name, data);
    } else {
      package.add(name, data);
    }
    return true;
  };
  auto wanted = [](std::string_view name) {
    return is_ooxml_text_part(name) || is_ooxml_member_part(name);
  };
  if (read_archive_entries(bytes, limits, sink, on_entry, only(wanted))) {
    extract_ooxml_package(package);
  }
}

// Returns false when the mimetype entry does not name an ODF type (an EPUB, say): the caller
// reads the zip as a plain one. Pictures are read in a second pass, once the kind is known, so
// that a plain zip does not report them twice.
bool extract_odf(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink) {
  OfficePackage package(limits, sink);
  std::string mimetype;
  auto on_entry = [&](std::string_view name, std::string_view data) {
    if (name == "mimetype") {
      mimetype.assign(data.substr(0, 256));
    } else {
      package.add(name, data);
    }
    return true;
  };
  if (!read_archive_entries(bytes, limits, sink, on_entry, only(is_odf_part))) {
    return true;
  }
  // The mimetype entry is optional in ODF; without one the manifest has to do.
  bool odf = mimetype.empty() ? package.has("META-INF/manifest.xml") : is_odf_mimetype(mimetype);
  if (!odf) {
    return false;
  }
  extract_odf_package(package);
  if (!sink.exhausted()) {
    extract_members(bytes, limits, sink, is_odf_member_part);
  }
  return true;
}

}  // namespace

void extract_zip_family(std::string_view bytes, std::string_view /*name*/,
                        const ExtractLimits& limits, DocumentSink& sink) {
  ZipDirectory directory = read_zip_directory(bytes, limits.max_entries);
  if (zip_entries_overlap(bytes, directory)) {  // checked here once, not once per pass
    sink.problem(ProblemKind::limit, "zip_overlapping_entries");
    return;
  }
  switch (zip_kind(directory)) {
    case ZipKind::ooxml:
      extract_ooxml(bytes, limits, sink);
      return;
    case ZipKind::odf:
      if (extract_odf(bytes, limits, sink)) {
        return;
      }
      break;
    case ZipKind::plain:
      break;
  }
  extract_members(bytes, limits, sink);
}

}  // namespace piiscan
