#include <piiscan/walker.hpp>

#include <algorithm>
#include <cerrno>
#include <set>

#include <dirent.h>
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
    visit(root, root, "", st);
  }

 private:
  // `display` is what reports show; `fs_path` is what we open (identical here, kept apart so a
  // future in-memory FileSystem can map one to the other).
  void visit(const std::string& display, const std::string& fs_path, const std::string& relative,
             const struct stat& st) {
    if (m_sink.stop_requested()) {
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      walk_directory(display, fs_path, relative, st);
    } else if (S_ISREG(st.st_mode)) {
      visit_file(display, st);
    } else if (const char* reason = special_file_reason(st.st_mode)) {
      m_sink.on_skip(display, reason);
    } else {
      m_sink.on_skip(display, "other");
    }
  }

  void visit_file(const std::string& display, const struct stat& st) {
    const InodeKey key{st.st_dev, st.st_ino};
    if (std::find(m_options.skip_inodes.begin(), m_options.skip_inodes.end(), key) !=
        m_options.skip_inodes.end()) {
      m_sink.on_skip(display, "report_file");
      return;
    }
    if (m_options.max_file_size != 0 && static_cast<std::uint64_t>(st.st_size) > m_options.max_file_size) {
      m_sink.on_skip(display, "too_large");
      return;
    }
    m_sink.on_file(FileEntry{display, static_cast<std::uint64_t>(st.st_size), st.st_dev, st.st_ino});
  }

  void walk_directory(const std::string& display, const std::string& fs_path,
                      const std::string& relative, const struct stat& st) {
    const InodeKey key{st.st_dev, st.st_ino};
    if (m_ancestors.count(key) != 0) {
      m_sink.on_skip(display, "symlink_loop");
      return;
    }
    std::vector<std::string> names;
    if (!read_names(display, fs_path, names)) {
      return;
    }
    m_ancestors.insert(key);
    for (const std::string& name : names) {
      visit_child(join_path(display, name), join_path(fs_path, name),
                  relative.empty() ? name : relative + "/" + name);
    }
    m_ancestors.erase(key);
  }

  bool read_names(const std::string& display, const std::string& fs_path,
                  std::vector<std::string>& names) {
    DIR* dir = ::opendir(fs_path.c_str());
    if (dir == nullptr) {
      m_sink.on_error(display, "walk", errno_text(errno));
      return false;
    }
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") {
        names.emplace_back(name);
      }
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0) {
      m_sink.on_error(display, "walk", errno_text(error));
    }
    std::sort(names.begin(), names.end());  // deterministic walk order
    return true;
  }

  void visit_child(const std::string& display, const std::string& fs_path,
                   const std::string& relative) {
    if (is_excluded(m_options.excludes, relative)) {
      m_sink.on_skip(display, "excluded");
      return;
    }
    struct stat st {};
    if (::lstat(fs_path.c_str(), &st) != 0) {
      m_sink.on_error(display, "stat", errno_text(errno));
      return;
    }
    if (S_ISLNK(st.st_mode)) {
      if (!m_options.follow_symlinks) {
        m_sink.on_skip(display, "symlink_not_followed");
        return;
      }
      if (::stat(fs_path.c_str(), &st) != 0) {
        m_sink.on_error(display, "stat", errno_text(errno));
        return;
      }
    }
    visit(display, fs_path, relative, st);
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
  return root.back() == '/' ? root + relative : root + "/" + relative;
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
