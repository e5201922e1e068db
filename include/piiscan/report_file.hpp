// Report files: created private (mode 0600 whatever the umask), never through a symlink, and
// never half-written in place.
//
// A whole-document report is written to a temporary file beside the target, created with
// O_CREAT|O_EXCL|O_NOFOLLOW, then fsync'ed and renamed over the target, so readers see the old
// report or the complete new one. A streaming report (JSON Lines) is written to the target
// itself, opened with O_NOFOLLOW, so that its lines can be followed while the scan runs; an
// old report there is emptied on a thread of its own while the scan starts, and nothing is
// written before that has finished.
// A target that is a symlink or a folder is refused; an existing device or FIFO (/dev/null,
// /dev/full, a pipe) is written to as it is, never replaced or chmod'ed. Failures throw `ConfigError` ("cannot write report:
// PATH: REASON"), which the CLI turns into exit code 3.
//
// Thread-safety: none; one thread writes a report.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include <sys/types.h>

namespace piiscan {

class ReportFile {
 public:
  // Creates the file (see above). `streaming` selects in-place writing.
  ReportFile(std::string path, bool streaming);
  ~ReportFile();  // removes the temporary file unless commit() succeeded
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;

  std::ostream& stream();

  // Flushes, syncs and (for whole documents) renames into place. Throws `ConfigError` when any
  // write failed, e.g. with ENOSPC.
  void commit();

  // (device, inode) of the file being written, so the walker can leave it out.
  std::pair<dev_t, ino_t> identity() const noexcept { return m_identity; }

  // The folder the report goes to ("." for a bare name), where its temporary files belong; empty
  // for a device or FIFO (/dev/null, say), whose folder is no place for them.
  std::string directory() const;

 private:
  class Buffer;
  void open_special();
  std::string m_path;
  std::string m_temp_path;  // empty when streaming
  int m_fd = -1;
  std::unique_ptr<Buffer> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
  std::pair<dev_t, ino_t> m_identity{};
  bool m_committed = false;
  bool m_special = false;  // a device or FIFO, written as it is
};

// Writes everything `stream` buffered and throws `ConfigError` naming `what` if writing failed
// (e.g. stdout redirected to /dev/full).
void check_stream(std::ostream& stream, const std::string& what);

}  // namespace piiscan
