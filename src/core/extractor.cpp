#include <piiscan/extractor.hpp>

#include <algorithm>
#include <cerrno>
#include <unistd.h>

#include <piiscan/rule.hpp>

#include "core/decode.hpp"
#include "core/sniff.hpp"

namespace piiscan {

namespace {

// read(2) until `buffer` is full or the file ends; retries EINTR. Returns bytes read, or -1.
ssize_t read_fully(int fd, char* buffer, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, buffer + done, size - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    if (n == 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

// Column headers from the first line of a delimited file: the delimiter is whichever of
// `;`, tab and `,` occurs most often in it.
ColumnHeaders parse_headers(std::string_view text) {
  const std::size_t end = text.find_first_of("\r\n");
  const std::string_view line = text.substr(0, end);
  ColumnHeaders headers;
  std::size_t best = 0;
  for (char candidate : {',', ';', '\t'}) {
    const auto count = static_cast<std::size_t>(std::count(line.begin(), line.end(), candidate));
    if (count > best) {
      best = count;
      headers.delimiter = candidate;
    }
  }
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t stop = line.find(headers.delimiter, start);
    if (stop == std::string_view::npos) {
      stop = line.size();
    }
    headers.folded.push_back(fold_context_text(line.substr(start, stop - start)));
    start = stop + 1;
  }
  return headers;
}

// Cuts decoded text into overlapping windows and hands them out (see chunk.hpp).
class Windower {
 public:
  Windower(const ExtractOptions& options, bool delimited,
           const std::function<void(const Chunk&)>& on_chunk)
      : m_options(options), m_delimited(delimited), m_on_chunk(on_chunk) {}

  std::string& buffer() { return m_text; }

  // Emits every full window the buffer holds.
  void drain() {
    while (m_text.size() >= m_accept_begin + m_options.window_bytes + m_options.overlap_bytes) {
      emit(m_accept_begin + m_options.window_bytes);
    }
  }

  void finish() {
    if (m_text.size() > m_accept_begin) {
      emit(m_text.size());
    }
  }

 private:
  void emit(std::size_t accept_end) {
    if (m_delimited && !m_headers_read) {
      m_headers = parse_headers(m_text);
      m_headers_read = true;
    }
    Chunk chunk;
    chunk.text = m_text;
    chunk.accept_begin = m_accept_begin;
    chunk.accept_end = accept_end;
    chunk.base_offset = m_base_offset;
    chunk.columns = m_delimited ? &m_headers : nullptr;
    m_on_chunk(chunk);
    // Keep `overlap_bytes` before the next accept range as left context.
    const std::size_t keep_from =
        accept_end > m_options.overlap_bytes ? accept_end - m_options.overlap_bytes : 0;
    m_text.erase(0, keep_from);
    m_base_offset += keep_from;
    m_accept_begin = accept_end - keep_from;
  }

  const ExtractOptions& m_options;
  bool m_delimited;
  const std::function<void(const Chunk&)>& m_on_chunk;
  std::string m_text;
  std::size_t m_accept_begin = 0;
  std::uint64_t m_base_offset = 0;
  ColumnHeaders m_headers;
  bool m_headers_read = false;
};

}  // namespace

ExtractResult extract_text(int fd, std::string_view name, const ExtractOptions& options,
                           const std::function<void(const Chunk&)>& on_chunk) {
  ExtractResult result;
  std::string block(options.read_bytes, '\0');
  ssize_t n = read_fully(fd, block.data(), block.size());
  if (n < 0) {
    result.read_errno = errno;
    return result;
  }
  result.bytes_read = static_cast<std::uint64_t>(n);
  std::string_view head(block.data(), static_cast<std::size_t>(n));
  std::size_t bom = 0;
  const Encoding encoding = sniff_encoding(head, bom);
  const bool utf16 = encoding == Encoding::utf16le || encoding == Encoding::utf16be;
  const SniffResult sniffed = sniff_content(head, name, utf16);
  result.kind = sniffed.kind;
  result.media_type = sniffed.media_type;
  if (sniffed.kind != ContentKind::text) {
    return result;
  }
  TextDecoder decoder(encoding);
  Windower windower(options, is_delimited_name(name), on_chunk);
  head.remove_prefix(bom);
  while (true) {
    const bool last = static_cast<std::size_t>(n) < block.size();
    decoder.decode(head, last, windower.buffer());
    windower.drain();
    if (last) {
      break;
    }
    n = read_fully(fd, block.data(), block.size());
    if (n < 0) {
      result.read_errno = errno;
      break;
    }
    result.bytes_read += static_cast<std::uint64_t>(n);
    head = std::string_view(block.data(), static_cast<std::size_t>(n));
  }
  windower.finish();
  result.encoding = std::string(encoding_name(decoder.encoding()));
  return result;
}

}  // namespace piiscan
