#include <piiscan/report_file.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <piiscan/error.hpp>

#include "util/errno_text.hpp"

namespace piiscan {

namespace {

[[noreturn]] void fail(const std::string& path, int error) {
  throw ConfigError("cannot write report: " + path + ": " + errno_text(error));
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string temp_name_for(const std::string& path) {
  std::random_device device;
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".piiscan-" + std::to_string(device()) + ".tmp";
}

// Refuses a symlink at `path`; returns true when `path` exists and is not a regular file (a
// device such as /dev/null or /dev/full, or a FIFO), which is written to as it is.
bool check_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return false;
  }
  if (S_ISLNK(st.st_mode)) {
    throw ConfigError("cannot write report: " + path +
                      ": the path is a symbolic link; refusing to write through it");
  }
  if (S_ISDIR(st.st_mode)) {
    throw ConfigError("cannot write report: " + path + ": is a directory");
  }
  return !S_ISREG(st.st_mode);
}

}  // namespace

// A streambuf over a file descriptor that remembers the first write error instead of losing it.
// Into a regular file it starts the write-back of every k_writeback_step bytes as they are
// written, so that commit()'s fsync waits only for the last of them: the fsync of a 122 MB
// report took 55 ms at the end of a 1.6 s scan, in which the workers were idle.
class ReportFile::Buffer : public std::streambuf {
 public:
  Buffer(int fd, bool regular_file)
      : m_fd(fd), m_storage(1 << 16), m_start_writeback(regular_file) {
    setp(m_storage.data(), m_storage.data() + m_storage.size());
  }
  ~Buffer() override { finish_truncation(); }
  int error() const noexcept { return m_error; }

  // Empties the file on a thread of its own. Freeing the pages of a large old report took
  // 27 ms (122 MB, in page cache): with O_TRUNC at open() the scan waited for it, now it runs
  // while the first files are scanned. What is written meanwhile is kept in memory and goes to
  // the file once it is empty: the first worker to write a line had waited for the truncation,
  // idle, and keeping the lines made a scale-1.0 scan at -j2, where the truncation shares the
  // two cores, 1.2 % faster (14 alternating runs).
  void truncate_in_background() {
    m_truncation = std::thread([this] {
      if (::ftruncate(m_fd, 0) != 0) {
        m_truncation_error = errno;
      }
      m_truncated.store(true, std::memory_order_release);
    });
  }

  // Waits for the truncation, if one runs, and writes what was kept meanwhile. Called before
  // anything else is written, at commit and on destruction.
  void finish_truncation() {
    if (!m_truncation.joinable()) {
      return;
    }
    m_truncation.join();
    if (m_truncation_error != 0 && m_error == 0) {
      m_error = m_truncation_error;
    }
    std::string kept;
    kept.swap(m_kept);
    write_out(kept.data(), kept.size());
  }

 protected:
  int_type overflow(int_type c) override {
    if (flush_buffer() != 0) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return flush_buffer(); }

  // A line longer than the buffer (a file with thousands of findings makes one of megabytes)
  // goes to the file from the caller's memory: copying it through the buffer first was a
  // pass over every byte of the report.
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    if (static_cast<std::size_t>(size) < m_storage.size()) {
      return std::streambuf::xsputn(data, size);
    }
    if (flush_buffer() != 0 || !write_all(data, static_cast<std::size_t>(size))) {
      return 0;
    }
    return size;
  }

 private:
  int flush_buffer() {
    write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(m_storage.data(), m_storage.data() + m_storage.size());
    return m_error == 0 ? 0 : -1;
  }

  bool write_all(const char* data, std::size_t size) {
    if (keep_while_truncating(data, size)) {
      return m_error == 0;
    }
    finish_truncation();
    return write_out(data, size);
  }

  // True when `data` was kept for after the truncation: it still runs, and what is kept stays
  // within k_max_kept (past it, the writer waits for the truncation).
  bool keep_while_truncating(const char* data, std::size_t size) {
    if (!m_truncation.joinable() || m_truncated.load(std::memory_order_acquire) ||
        m_kept.size() + size > k_max_kept) {
      return false;
    }
    m_kept.append(data, size);
    return true;
  }

  bool write_out(const char* data, std::size_t size) {
    while (size > 0 && m_error == 0) {
      const ssize_t n = ::write(m_fd, data, std::min(size, k_max_write));
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        m_error = n < 0 ? errno : EIO;
        break;
      }
      data += n;
      size -= static_cast<std::size_t>(n);
      m_written += static_cast<std::uint64_t>(n);
    }
    start_writeback();
    return m_error == 0;
  }

  // Asks the kernel to begin writing what came since the last call, without waiting for it.
  // A failure is no error of the report: fsync at commit() still writes and checks it all.
  // Every MiB rather than every 8 MiB: scans of the bench's share were 1.6 % faster at -j1 and
  // at -j2 (12 interleaved rounds), and commit()'s fsync took 0.6–1.2 ms instead of 2.1–2.6 ms.
  void start_writeback() {
    constexpr std::uint64_t k_writeback_step = std::uint64_t{1} << 20;
    if (m_start_writeback && m_written - m_writeback_from >= k_writeback_step) {
      ::sync_file_range(m_fd, static_cast<off_t>(m_writeback_from),
                        static_cast<off_t>(m_written - m_writeback_from),
                        SYNC_FILE_RANGE_WRITE);
      m_writeback_from = m_written;
    }
  }

  // A line of many megabytes goes to the kernel in pieces: on this VM's kernel (6.18) a write()
  // of 4 MiB or more into the page cache now and then took ten times as long as the same bytes
  // in pieces of 1 MiB or less (122 MB in 16 MiB writes: 28 ms, or 100–355 ms; in 256 KiB
  // writes: 24 ms every time, also with two writers at once).
  static constexpr std::size_t k_max_write = std::size_t{256} << 10;
  static constexpr std::size_t k_max_kept = std::size_t{32} << 20;
  int m_fd;
  std::vector<char> m_storage;
  int m_error = 0;
  std::thread m_truncation;
  std::atomic<bool> m_truncated{false};  // set by m_truncation when it is done
  int m_truncation_error = 0;            // written by m_truncation, read after joining it
  std::string m_kept;                    // written while the truncation ran
  bool m_start_writeback;
  std::uint64_t m_written = 0;         // bytes written to the file
  std::uint64_t m_writeback_from = 0;  // where the write-back not yet started begins
};

ReportFile::ReportFile(std::string path, bool streaming) : m_path(std::move(path)) {
  constexpr int k_flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC;
  if (check_target(m_path)) {
    open_special();
    return;
  }
  if (streaming) {
    m_fd = ::open(m_path.c_str(), k_flags, 0600);  // emptied below, see Buffer
  } else {
    m_temp_path = temp_name_for(m_path);
    m_fd = ::open(m_temp_path.c_str(), k_flags | O_EXCL, 0600);
  }
  if (m_fd < 0) {
    fail(m_path, errno);
  }
  struct stat st {};
  // The mode given to open() is filtered by the umask; fchmod() is not.
  if (::fchmod(m_fd, 0600) != 0 || ::fstat(m_fd, &st) != 0) {
    fail(m_path, errno);
  }
  m_identity = {st.st_dev, st.st_ino};
  m_buffer = std::make_unique<Buffer>(m_fd, true);
  m_stream = std::make_unique<std::ostream>(m_buffer.get());
  if (streaming && st.st_size > 0) {
    m_buffer->truncate_in_background();
  }
}

void ReportFile::open_special() {
  // Never replaced by rename() and never chmod'ed: it is not ours.
  m_special = true;
  m_fd = ::open(m_path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  struct stat st {};
  if (m_fd < 0 || ::fstat(m_fd, &st) != 0) {
    fail(m_path, errno);
  }
  m_identity = {st.st_dev, st.st_ino};
  m_buffer = std::make_unique<Buffer>(m_fd, false);
  m_stream = std::make_unique<std::ostream>(m_buffer.get());
}

std::string ReportFile::directory() const {
  return m_special ? std::string() : directory_of(m_path);
}

ReportFile::~ReportFile() {
  m_stream.reset();
  m_buffer.reset();  // joins the truncation before its descriptor closes
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_committed && !m_temp_path.empty()) {
    ::unlink(m_temp_path.c_str());
  }
}

std::ostream& ReportFile::stream() { return *m_stream; }

void ReportFile::commit() {
  m_stream->flush();
  m_buffer->finish_truncation();  // and the lines kept while it ran
  if (m_buffer->error() != 0) {
    fail(m_path, m_buffer->error());
  }
  if (::fsync(m_fd) != 0 && errno != EINVAL && errno != EROFS) {
    fail(m_path, errno);
  }
  if (!m_temp_path.empty()) {
    if (check_target(m_path)) {  // a device or FIFO appeared there while the scan ran
      fail(m_path, EEXIST);
    }
    if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
      fail(m_path, errno);
    }
    const int dir = ::open(directory_of(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  m_committed = true;
}

void check_stream(std::ostream& stream, const std::string& what) {
  stream.flush();
  if (!stream) {
    throw ConfigError("cannot write report: " + what + ": write failed");
  }
}

}  // namespace piiscan
