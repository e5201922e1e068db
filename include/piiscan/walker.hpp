// The directory walker: roots → regular files to scan, plus skip and error records.
//
// Decides by file type before anything is opened: FIFOs, sockets and devices are skipped (a FIFO
// would block a reader forever), symlinks are skipped unless `follow_symlinks` is set, in which
// case directory loops are detected by (device, inode) of the ancestors. A root given on the
// command line is followed even when it is a symlink. The type comes from the directory listing
// (d_type) where the file system gives it, else from lstat(2); a regular file is not lstat'ed
// (the worker that opens it fstat's it anyway). Entries that cannot be read become error records
// and the walk goes on. A folder is read completely, then stays open while its subfolders are
// walked, each opened in it (openat, O_NOFOLLOW), so a folder swapped for a symlink is not
// entered; at most 64 folders are open at once, and deeper ones are opened by path and checked
// with fstat to be the folder lstat saw.
//
// Thread-safety: `walk` runs on the calling thread and calls the sink from it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

struct stat;

namespace piiscan {

// A file's identity on its machine: what stat(2) calls st_dev and st_ino.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// The identity stat(2), lstat(2) or fstat(2) reported.
FileIdentity identity_of(const struct stat& st) noexcept;

// A descriptor of an open folder, closed with the last entry that holds it.
class FolderDescriptor {
 public:
  explicit FolderDescriptor(int fd) noexcept;
  ~FolderDescriptor();
  FolderDescriptor(const FolderDescriptor&) = delete;
  FolderDescriptor& operator=(const FolderDescriptor&) = delete;
  int fd() const noexcept { return m_fd; }
  // How many exist: the walker hands out at most k_max_open of them.
  static int open_count() noexcept;
  static constexpr int k_max_open = 256;

 private:
  int m_fd;
};

struct FileEntry {
  std::string path;       // root as given joined with the relative path
  FileIdentity identity;  // the file the walker found; whoever opens it checks it is this one
  // The folder whose listing named the file, when its type came from that listing instead of
  // lstat(2): `identity` is then the folder's device and the entry's inode number (d_ino).
  // Unset for roots and followed symlinks, whose identity is stat(2)'s.
  std::optional<FileIdentity> listed_in;
  // For a listed file whose path is too long to open (PATH_MAX bytes or more): its folder, open,
  // to open the file in (openat). Null otherwise, or when k_max_open folders are held already.
  std::shared_ptr<const FolderDescriptor> folder;
};

// What the worker that opens a FileEntry checks on the opened file (fstat(2)), where a listed
// file's size and identity are first known.
struct FileChecks {
  std::uint64_t max_file_size = 0;         // larger files are skipped as "too_large"; 0 = no limit
  std::vector<FileIdentity> skip_files;  // skipped as "report_file": the report being written
};

struct WalkOptions {
  std::vector<std::string> excludes;  // globs; see `is_excluded`
  bool follow_symlinks = false;
};

// Receives what the walker finds. Skip reasons: "excluded", "symlink_not_followed", "fifo",
// "socket", "device", "symlink_loop". Error stages: "walk" and "stat".
class WalkSink {
 public:
  virtual ~WalkSink() = default;
  virtual void on_file(FileEntry entry) = 0;
  virtual void on_skip(const std::string& path, const std::string& reason) = 0;
  virtual void on_error(const std::string& path, const std::string& stage,
                        const std::string& message) = 0;
  // Returning true stops the walk early (e.g. on SIGINT).
  virtual bool stop_requested() const { return false; }
};

// Walks every root in order. A root that is a file is reported as that file.
void walk(const std::vector<std::string>& roots, const WalkOptions& options, WalkSink& sink);

// Glob semantics (gitignore-like): a pattern without '/' matches the base name at any depth
// ("*.log", "node_modules"); a pattern with '/' matches the path relative to its root
// ("HR/archiv/*"). `*` does not cross '/', `**` does. An excluded folder is not entered.
bool is_excluded(const std::vector<std::string>& patterns, const std::string& relative_path);

// Joins a root and a relative path the way reports show it ("share" + "HR/x.csv").
std::string join_path(const std::string& root, const std::string& relative);

}  // namespace piiscan
