// The directory walker: roots → regular files to scan, plus skip and error records.
//
// Decides by lstat(2) before anything is opened: FIFOs, sockets and devices are skipped (a FIFO
// would block a reader forever), symlinks are skipped unless `follow_symlinks` is set, in which
// case directory loops are detected by (device, inode) of the ancestors. A root given on the
// command line is followed even when it is a symlink. Entries that cannot be read become error
// records and the walk goes on. Directories are read completely and closed before descending,
// so the walk holds one directory descriptor at a time however deep the tree.
//
// Thread-safety: `walk` runs on the calling thread and calls the sink from it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace piiscan {

struct FileEntry {
  std::string path;  // root as given joined with the relative path
  std::uint64_t size = 0;
  dev_t device = 0;
  ino_t inode = 0;
};

struct WalkOptions {
  std::vector<std::string> excludes;  // globs; see `is_excluded`
  std::uint64_t max_file_size = 0;    // 0 = no limit
  bool follow_symlinks = false;
  // Files never to scan, by (device, inode): the report being written.
  std::vector<std::pair<dev_t, ino_t>> skip_inodes;
};

// Receives what the walker finds. Skip reasons: "excluded", "symlink_not_followed", "fifo",
// "socket", "device", "too_large", "symlink_loop", "report_file". Error stages: "walk" and "stat".
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
