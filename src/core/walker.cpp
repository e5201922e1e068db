#include <piiscan/walker.hpp>

#include <algorithm>
#include <cerrno>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "util/errno_text.hpp"
#include "util/glob.hpp"

namespace piiscan {

namespace {

using InodeKey = std::pair<dev_t, ino_t>;

const char* special_file_reason(mode_t mode) {
  if (S_ISFIFO(mode)) {
    return "fifo";
  }
  if (S_ISSOCK(mode)) {
    return "socket";
  }
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    return "device";
  }
  return nullptr;
}

// What the walker needs of a stat(2) result. Kept for every entry of a directory while it is
// walked, so a compact copy rather than a 144-byte struct stat.
struct Status {
  mode_t mode = 0;
  dev_t device = 0;
  ino_t inode = 0;
  std::uint64_t size = 0;
};

Status status_of(const struct stat& st) {
  return Status{st.st_mode, st.st_dev, st.st_ino, static_cast<std::uint64_t>(st.st_size)};
}

// A directory entry, lstat'ed while its directory was open.
struct Child {
  std::string name;
  Status status;
  int stat_error = 0;     // errno of lstat(2); 0 when it succeeded
  bool excluded = false;  // excluded entries are not lstat'ed
};

class Walker {
 public:
  Walker(const WalkOptions& options, WalkSink& sink) : m_options(options), m_sink(sink) {}

  void walk_root(const std::string& root) {
    struct stat st {};
    // A root named on the command line is followed even when it is a symlink.
    if (::stat(root.c_str(), &st) != 0) {
      m_sink.on_error(root, "stat", errno_text(errno));
      return;
    }
    m_ancestors.clear();
    std::string display = root;
    visit(display, root, "", status_of(st));
  }

 private:
  // `display` is what reports show; `fs_path` is what we open (identical here, kept apart so a
  // future in-memory FileSystem can map one to the other). A file takes `display` with it.
  void visit(std::string& display, const std::string& fs_path, const std::string& relative,
             const Status& st) {
    if (m_sink.stop_requested()) {
      return;
    }
    if (S_ISDIR(st.mode)) {
      walk_directory(display, fs_path, relative, st);
    } else if (S_ISREG(st.mode)) {
      visit_file(display, st);
    } else if (const char* reason = special_file_reason(st.mode)) {
      m_sink.on_skip(display, reason);
    } else {
      m_sink.on_skip(display, "other");
    }
  }

  void visit_file(std::string& display, const Status& st) {
    const InodeKey key{st.device, st.inode};
    if (std::find(m_options.skip_inodes.begin(), m_options.skip_inodes.end(), key) !=
        m_options.skip_inodes.end()) {
      m_sink.on_skip(display, "report_file");
      return;
    }
    if (m_options.max_file_size != 0 && st.size > m_options.max_file_size) {
      m_sink.on_skip(display, "too_large");
      return;
    }
    m_sink.on_file(FileEntry{std::move(display), st.size, st.device, st.inode});
  }

  void walk_directory(const std::string& display, const std::string& fs_path,
                      const std::string& relative, const Status& st) {
    const InodeKey key{st.device, st.inode};
    if (m_ancestors.count(key) != 0) {
      m_sink.on_skip(display, "symlink_loop");
      return;
    }
    std::vector<Child> children;
    if (!read_children(display, fs_path, relative, children)) {
      return;
    }
    m_ancestors.insert(key);
    for (Child& child : children) {
      visit_child(display, fs_path, relative, child);
    }
    m_ancestors.erase(key);
  }

  // Reads the names, sorts them (a deterministic walk order) and lstats each one relative to the
  // open directory, which spares the kernel a lookup of the whole path per entry. The
  // directory is closed before anything is visited, so one descriptor is open at a time.
  bool read_children(const std::string& display, const std::string& fs_path,
                     const std::string& relative, std::vector<Child>& children) {
    DIR* dir = ::opendir(fs_path.c_str());
    if (dir == nullptr) {
      m_sink.on_error(display, "walk", errno_text(errno));
      return false;
    }
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") {
        children.push_back(Child{std::string(name), {}, 0, false});
      }
    }
    const int error = errno;
    std::sort(children.begin(), children.end(),
              [](const Child& a, const Child& b) { return a.name < b.name; });
    for (Child& child : children) {
      lstat_child(::dirfd(dir), relative, child);
    }
    ::closedir(dir);
    if (error != 0) {
      m_sink.on_error(display, "walk", errno_text(error));
    }
    return true;
  }

  void lstat_child(int dir_fd, const std::string& relative, Child& child) {
    if (!m_options.excludes.empty() &&
        is_excluded(m_options.excludes, child_relative(relative, child.name))) {
      child.excluded = true;
      return;
    }
    struct stat st {};
    if (::fstatat(dir_fd, child.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      child.stat_error = errno;
      return;
    }
    child.status = status_of(st);
  }

  void visit_child(const std::string& parent_display, const std::string& parent_fs_path,
                   const std::string& relative, const Child& child) {
    std::string display = join_path(parent_display, child.name);
    if (child.excluded) {
      m_sink.on_skip(display, "excluded");
      return;
    }
    if (child.stat_error != 0) {
      m_sink.on_error(display, "stat", errno_text(child.stat_error));
      return;
    }
    Status st = child.status;
    if (S_ISREG(st.mode)) {  // the common case: no fs_path or relative path needed
      visit(display, "", "", st);
      return;
    }
    const std::string fs_path = join_path(parent_fs_path, child.name);
    if (S_ISLNK(st.mode)) {
      if (!m_options.follow_symlinks) {
        m_sink.on_skip(display, "symlink_not_followed");
        return;
      }
      struct stat target {};
      if (::stat(fs_path.c_str(), &target) != 0) {
        m_sink.on_error(display, "stat", errno_text(errno));
        return;
      }
      st = status_of(target);
    }
    visit(display, fs_path, child_relative(relative, child.name), st);
  }

  static std::string child_relative(const std::string& relative, const std::string& name) {
    return relative.empty() ? name : relative + "/" + name;
  }

  const WalkOptions& m_options;
  WalkSink& m_sink;
  std::set<InodeKey> m_ancestors;
};

}  // namespace

std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty()) {
    return relative;
  }
  std::string path;
  path.reserve(root.size() + 1 + relative.size());  // one allocation per entry walked
  path.append(root);
  if (root.back() != '/') {
    path.push_back('/');
  }
  path.append(relative);
  return path;
}

bool is_excluded(const std::vector<std::string>& patterns, const std::string& relative_path) {
  const std::size_t slash = relative_path.find_last_of('/');
  const std::string_view base =
      slash == std::string::npos ? std::string_view(relative_path)
                                 : std::string_view(relative_path).substr(slash + 1);
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
    if (pattern.find('/') == std::string::npos) {
      return glob_match(pattern, base);
    }
    const std::string_view anchored =
        pattern.front() == '/' ? std::string_view(pattern).substr(1) : std::string_view(pattern);
    return glob_match(anchored, relative_path);
  });
}

void walk(const std::vector<std::string>& roots, const WalkOptions& options, WalkSink& sink) {
  Walker walker(options, sink);
  for (const std::string& root : roots) {
    walker.walk_root(root);
  }
}

}  // namespace piiscan
