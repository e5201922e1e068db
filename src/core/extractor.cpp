#include <piiscan/extractor.hpp>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "core/decode.hpp"
#include "core/sniff.hpp"
#include "core/text_stream.hpp"

namespace piiscan {

namespace {

constexpr std::uint64_t k_unknown_end = ~std::uint64_t{0};

// Files are opened with O_NONBLOCK (see open_checked), which reads of a regular file ignore on
// local file systems; a file system that honours it makes the read wait once it is cleared.
bool clear_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && (flags & O_NONBLOCK) != 0 && ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

// Fills `buffer` until it is full or read(2) returns 0, retrying EINTR and short reads.
// `left` counts the bytes down to the size fstat gave; reaching exactly 0 is taken as the end,
// since asking read(2) to confirm it was one more syscall per small file. Going past it (the
// file grew) makes the end unknown again, as does a size of 0 (as /proc reports): read(2) says.
long read_block(int fd, char* buffer, std::size_t size, std::uint64_t& left) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, buffer + done, size - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && clear_nonblocking(fd)) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    if (n == 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
    const auto got = static_cast<std::uint64_t>(n);
    if (left != k_unknown_end) {
      left = got > left ? k_unknown_end : left - got;
    }
    if (left == 0) {
      break;  // the next call still reads, in case the file grew
    }
  }
  return static_cast<long>(done);
}

}  // namespace

ReadFn read_from_fd(int fd, std::uint64_t expected_size) {
  // Two captures, 16 bytes, fit in std::function's own storage; a third made it allocate for
  // every file.
  return [fd, left = expected_size == 0 ? k_unknown_end : expected_size](
             char* buffer, std::size_t size) mutable { return read_block(fd, buffer, size, left); };
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
  // One read buffer per thread, allocated (and zeroed) once: zeroing 256 KiB per file was 16 %
  // of the time on a tree of small files.
  thread_local std::vector<char> block;
  if (block.size() < options.read_bytes) {
    block.resize(options.read_bytes);
  }
  ExtractResult result;
  long n = read(block.data(), options.read_bytes);
  if (n < 0) {
    result.read_errno = errno;
    return result;
  }
  result.bytes_read = static_cast<std::uint64_t>(n);
  std::string_view pending(block.data(), static_cast<std::size_t>(n));
  std::size_t bom = 0;
  const Encoding encoding = sniff_encoding(pending, bom);
  const bool utf16 = encoding == Encoding::utf16le || encoding == Encoding::utf16be;
  const SniffResult sniffed = sniff_content(pending, name, utf16);
  result.kind = sniffed.kind;
  result.media_type = sniffed.media_type;
  if (sniffed.kind != ContentKind::text) {
    head.assign(pending);
    return result;
  }
  TextDecoder decoder(encoding);
  // A lambda holding a reference fits in std::function's own storage; a copy of on_chunk
  // could allocate for every file.
  TextStream stream(options, [&on_chunk](const Chunk& chunk) { on_chunk(chunk); });
  // One allocation instead of growing from empty: a text longer than one read block grows to
  // a window, its overlap and the block read after it (copying 45 M instructions' worth of
  // text on share-0.25 when it grew by doubling).
  const std::size_t longest_buffer =
      options.window_bytes + options.overlap_bytes + options.read_bytes;
  stream.buffer().reserve(pending.size() == options.read_bytes ? longest_buffer : pending.size());
  if (is_delimited_name(name)) {
    stream.take_headers_from_first_line();
  }
  pending.remove_prefix(bom);
  while (true) {
    const bool last = pending.size() + bom < options.read_bytes || n == 0;
    decoder.decode(pending, last, stream.buffer());
    stream.drain();
    if (last) {
      break;
    }
    bom = 0;
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
      result.interrupted = true;
      break;
    }
    n = read(block.data(), options.read_bytes);
    if (n < 0) {
      result.read_errno = errno;
      break;
    }
    result.bytes_read += static_cast<std::uint64_t>(n);
    pending = std::string_view(block.data(), static_cast<std::size_t>(n));
  }
  stream.finish();
  result.encoding = std::string(encoding_name(decoder.encoding()));
  return result;
}

}  // namespace piiscan
