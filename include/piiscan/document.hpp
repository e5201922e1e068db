// Document extractors: bytes of a document or container → text, personal metadata and members.
//
// The plain-text path (extractor.hpp) streams a file through the decoder. Every other format
// (Office, ODF, PDF, e-mail, archives, images) is handled by a *document extractor*: a function
// that reads the document's bytes and pushes what it finds into a `DocumentSink`:
//
//   - `text`: document text in reading order (UTF-8), labelled with a location such as
//     "page 3", "sheet Personal", "header" — the detector engine scans it like file text;
//   - `metadata`: a value the format itself marks as personal (author, EXIF artist, GPS);
//   - `member`: a file inside a container (zip entry, mail attachment), scanned as a file of its
//     own and reported as `outer.zip!/inner/file.csv`;
//   - `problem`: a limit hit, an encrypted or corrupt part. The extractor keeps going where it
//     can; what it already produced stands.
//
// Extractors never write to disk, never trust sizes declared in headers (they count the bytes
// actually produced against `ExtractLimits`), never recurse on their own (members go back to
// the driver, which applies the depth limit) and never throw: on any failure they report a
// problem and return.
//
// Thread-safety: extractors are pure functions of their input; the sink belongs to one worker.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace piiscan {

struct ExtractLimits {
  std::uint32_t max_depth = 8;                      // containers inside containers
  std::uint64_t max_entries = 100000;               // members or parts per container
  std::uint64_t max_member_bytes = 256ull << 20;    // decompressed bytes of one member or part
  // An XML part of an Office/ODF document: a parsed DOM takes 3–11× the part's size, so this
  // bounds a worker's memory where max_member_bytes alone would allow gigabytes.
  std::uint64_t max_xml_part_bytes = 32ull << 20;
  std::uint64_t max_total_bytes = 1ull << 30;       // bytes produced per top-level file
  std::uint64_t max_ratio = 100;                    // produced / input bytes, above 1 MiB produced
  std::uint32_t time_budget_ms = 60000;             // per top-level file
};

enum class ProblemKind {
  limit,        // a limit of ExtractLimits was hit; `detail` names it (e.g. "max_depth")
  encrypted,    // an encrypted part or document that cannot be read
  corrupt,      // a part that cannot be parsed (truncated, bad XML, DTD rejected, cycle)
  unsupported,  // a part in a format this build cannot read
};

std::string_view to_string(ProblemKind kind) noexcept;

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;

  // Appends document text. `location` labels this text (empty: none); consecutive calls with
  // the same label form one section. Text should end sections with a line break.
  virtual void text(std::string_view utf8, std::string_view location) = 0;

  // Column headers for the delimited text that follows (a spreadsheet's first row), so a
  // header such as "Steuer-IdNr" is context for every cell below it; `delimiter` separates cells
  // in the text. Cleared by the next call with an empty `headers`.
  virtual void columns(std::span<const std::string> headers, char delimiter) = 0;

  // A personal-metadata value: `field` is the format's name for it ("dc:creator",
  // "Exif.Image.Artist", "GPS position"); `category` is "metadata" or "image_metadata".
  virtual void metadata(std::string_view field, std::string_view value,
                        std::string_view category) = 0;

  // A member to be scanned as a file of its own. `name` is its path inside the container as
  // stored (an untrusted display string); `bytes` is valid only during the call.
  virtual void member(std::string_view name, std::string_view bytes) = 0;

  virtual void problem(ProblemKind kind, std::string_view detail) = 0;

  // True once the file's byte or time budget is spent; extractors check it in their loops and
  // stop (the driver has already recorded the limit).
  virtual bool exhausted() const = 0;

  // Counts `bytes` of decompressed output against the budgets; returns false (and records the
  // limit) when they are exceeded. Extractors call it as they inflate data.
  virtual bool consume(std::uint64_t bytes) = 0;
};

// A document extractor. `bytes` is the whole document; `name` its display name (for the
// extension hint).
using DocumentExtractorFn = void (*)(std::string_view bytes, std::string_view name,
                                     const ExtractLimits& limits, DocumentSink& sink);

}  // namespace piiscan
