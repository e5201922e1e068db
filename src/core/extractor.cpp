#include <piiscan/extractor.hpp>

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "core/decode.hpp"
#include "core/sniff.hpp"
#include "core/text_stream.hpp"

namespace piiscan {

ReadFn read_from_fd(int fd) {
  return [fd](char* buffer, std::size_t size) -> long {
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
    return static_cast<long>(done);
  };
}

ReadFn read_from_memory(std::string_view bytes) {
  return [bytes, position = std::size_t{0}](char* buffer, std::size_t size) mutable -> long {
    const std::size_t n = std::min(size, bytes.size() - position);
    std::memcpy(buffer, bytes.data() + position, n);
    position += n;
    return static_cast<long>(n);
  };
}

ExtractResult extract_text(const ReadFn& read, std::string_view name, const ExtractOptions& options,
                           const std::function<void(const Chunk&)>& on_chunk, std::string& head) {
  ExtractResult result;
  head.resize(options.read_bytes);
  long n = read(head.data(), head.size());
  if (n < 0) {
    result.read_errno = errno;
    head.clear();
    return result;
  }
  head.resize(static_cast<std::size_t>(n));
  result.bytes_read = static_cast<std::uint64_t>(n);
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
  TextStream stream(options, on_chunk);
  if (is_delimited_name(name)) {
    stream.take_headers_from_first_line();
  }
  std::string block = std::move(head);
  std::string_view pending = std::string_view(block).substr(bom);
  while (true) {
    const bool last = pending.size() + bom < options.read_bytes || n == 0;
    decoder.decode(pending, last, stream.buffer());
    stream.drain();
    if (last) {
      break;
    }
    bom = 0;
    block.resize(options.read_bytes);
    n = read(block.data(), block.size());
    if (n < 0) {
      result.read_errno = errno;
      break;
    }
    block.resize(static_cast<std::size_t>(n));
    result.bytes_read += static_cast<std::uint64_t>(n);
    pending = block;
  }
  stream.finish();
  result.encoding = std::string(encoding_name(decoder.encoding()));
  head.clear();
  return result;
}

}  // namespace piiscan
