// Text extraction for plain files: bytes → UTF-8 text windows (`Chunk`s).
//
// The extractor sniffs the content (not the extension alone): known binary formats by magic
// number, UTF-16 by its BOM or by the stride of its NUL bytes, other binary data by the share of
// control bytes. Text is decoded to UTF-8: UTF-8 with or without BOM (invalid sequences become
// U+FFFD), UTF-16 LE/BE, and Windows-1252 for text that is not UTF-8 (the decision is taken at
// the first non-ASCII byte). The file is read in blocks and handed out in overlapping windows,
// so memory stays bounded whatever the file size (see chunk.hpp for the overlap contract).
//
// Thread-safety: `extract_text` keeps all state on its stack; call it from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <piiscan/chunk.hpp>

namespace piiscan {

struct ExtractOptions {
  std::size_t window_bytes = 1 << 20;  // accepted bytes per chunk (decoded text)
  std::size_t overlap_bytes = 2048;    // left context and right overlap; ≥ longest match span
  std::size_t read_bytes = 256 << 10;  // size of one read(2)
  // Findings of one file kept in memory before the reporter's spill takes them, if it has one
  // (FileFindings): 262,144 findings, 24 MiB.
  std::size_t spill_findings_from = std::size_t{1} << 18;
  // When set and true, reading stops after the current block (SIGINT/SIGTERM), so a 1 GiB file
  // does not hold up the interrupted summary; the result says `interrupted`.
  const std::atomic<bool>* stop = nullptr;
};

enum class ContentKind {
  text,         // decoded and scanned
  document,     // read by a document extractor (document.hpp): Office, PDF, mail, archives…
  binary,       // no text to scan (executables, unknown binary data): a policy skip
  unsupported,  // a document or container this build cannot read (legacy OLE2 Office, 7z, …)
};

struct ExtractResult {
  ContentKind kind = ContentKind::text;
  std::string media_type;       // e.g. "text/csv", "application/pdf"
  std::string encoding;         // "utf-8", "utf-16le", "windows-1252", … (text only)
  std::uint64_t bytes_read = 0;  // raw bytes read from the file
  int read_errno = 0;           // non-zero when reading failed part way (findings so far stand)
  bool interrupted = false;     // ExtractOptions::stop ended reading early
};

// Where bytes come from: fills up to `size` bytes, returns the count (0 at the end) or -1 with
// errno set.
using ReadFn = std::function<long(char* buffer, std::size_t size)>;

// A ReadFn over a file descriptor (retries EINTR and short reads). With `expected_size`, the
// size fstat(2) gave for the open file, the read that reaches exactly that size is taken as the
// end of the file without a further read(2) returning 0.
ReadFn read_from_fd(int fd, std::uint64_t expected_size = 0);
// A ReadFn over bytes in memory, which must outlive it.
ReadFn read_from_memory(std::string_view bytes);

// Sniffs the first block of `read`'s bytes. For text, decodes everything and calls `on_chunk`
// for every window; for other kinds it stops after sniffing and leaves the first block in
// `head` (the caller reads on for documents). `name` (the file name) refines the media type
// and tells whether the file is delimited (CSV/TSV), in which case chunks carry the column
// headers of its first line. Never throws on file content.
ExtractResult extract_text(const ReadFn& read, std::string_view name, const ExtractOptions& options,
                           const std::function<void(const Chunk&)>& on_chunk, std::string& head);

}  // namespace piiscan
