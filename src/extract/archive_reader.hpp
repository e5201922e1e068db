// Archive entries from memory, with the limits of ExtractLimits enforced on the bytes actually
// produced.
//
// `read_archive_entries` is the one place where archives are decompressed: the zip family
// (zip_family.cpp) and the tar/compressed-stream extractor (archive.cpp) both go through it. It
// reads zip, tar (plain or inside gzip/bzip2/xz/...) and bare compressed streams (libarchive's
// "raw" format, whose single entry is named "data"). It never writes to disk, never resolves
// links, never allocates from a size declared in a header, never throws, and reports every limit,
// encrypted entry and decode error to the sink as a problem.
//
// `read_zip_directory` parses a zip's central directory by hand. It exists to catch what
// libarchive happily decompresses: entries whose data overlap (the non-recursive zip bomb), and
// to list entry names without decompressing anything.
//
// Thread-safety: pure functions of their input; the sink belongs to the calling worker.
#pragma once

#include <piiscan/document.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace piiscan {

// Called once per regular-file entry with its stored name and its decompressed bytes (at most
// `limits.max_member_bytes`; both views are valid only during the call). Returning false stops
// the iteration.
using ArchiveEntryFn = std::function<bool(std::string_view name, std::string_view data)>;

struct ArchiveReadOptions {
  // Entries for which this returns false are skipped without being decompressed (for a zip
  // that is a seek; inside a compressed tar libarchive still inflates them to get past them).
  // Empty: every entry is read.
  std::function<bool(std::string_view name)> wanted;
  // Name passed to `on_entry` for the single entry of a bare compressed stream (a .gz that is
  // not a tar), which has no name of its own.
  std::string_view stream_name = "data";
};

// Iterates the regular-file entries of the archive in `bytes`, in archive order.
//
// Limits, each reported once as `problem(limit, <name>)`:
//   - "max_member_bytes": an entry is cut at `limits.max_member_bytes`; the cut bytes are still
//     passed to `on_entry`, the rest is decompressed and discarded (so it counts for max_ratio);
//   - "max_entries": at most `limits.max_entries` entries (of any type) are looked at;
//   - "max_ratio": decompressed bytes / `bytes.size()` above `limits.max_ratio` once more than
//     1 MiB was produced stops the archive;
//   - "zip_overlapping_entries": a zip whose entries share data is not decompressed at all;
//   - every block is passed to `sink.consume`; when it returns false, or `sink.exhausted()`,
//     the iteration stops (the sink has recorded why).
// Encrypted entries are reported as `problem(encrypted, <name>)` and skipped; symlinks, hard
// links, directories and devices are skipped unread. A decode error reports
// `problem(corrupt, "<name>: <reason>")`; the bytes decoded before it are still passed on.
//
// Returns false when `bytes` is not a readable archive at all (not one libarchive knows, or a
// bare stream that is not compressed); a corrupt problem has then been reported. Returns true
// otherwise, including when a limit or error stopped the iteration early.
bool read_archive_entries(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink,
                          const ArchiveEntryFn& on_entry, const ArchiveReadOptions& options = {});

// One record of a zip central directory. Offsets and sizes are as declared (Zip64 applied) and
// were not checked against the file.
struct ZipDirectoryEntry {
  std::string name;
  std::uint64_t local_offset = 0;  // of the local file header
  std::uint64_t compressed_size = 0;
  std::uint16_t flags = 0;  // general purpose bits; bit 0: encrypted
};

struct ZipDirectory {
  enum class Status {
    ok,       // `entries` holds the whole directory (at most `max_entries` of it)
    absent,   // no end-of-central-directory record: not a zip, or one cut short
    corrupt,  // a record lies outside the file or has a bad signature
  };
  Status status = Status::absent;
  std::vector<ZipDirectoryEntry> entries;
  bool truncated = false;  // more than `max_entries` records; only the first ones are listed
};

// Parses the central directory of the zip in `bytes`: finds the end record in the last 64 KiB
// (plus its comment), follows Zip64 records, bounds-checks every offset and reads at most
// `max_entries` records.
ZipDirectory read_zip_directory(std::string_view bytes, std::uint64_t max_entries);

// True when the data of two entries of `directory` overlap: the span of each entry is its local
// header (as stored at `local_offset`) plus its compressed data.
bool zip_entries_overlap(std::string_view bytes, const ZipDirectory& directory);

}  // namespace piiscan
