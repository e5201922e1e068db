#include <piiscan/walker.hpp>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  FileIdentity identity;
};

Status status_of(const struct stat& st) { return Status{st.st_mode, identity_of(st)}; }

// What a folder that is not the entry the walk saw any more is reported as.
constexpr const char* k_folder_changed = "folder changed while the scan ran";

// A directory entry, typed while its directory was open: by the listing's d_type for a regular
// file and a folder, else by lstat(2).
struct Child {
  std::string name;
  Status status;
  int stat_error = 0;     // errno of lstat(2); 0 when it succeeded
  bool excluded = false;  // excluded entries are not lstat'ed
  bool listed = false;    // a regular file by d_type; `status.identity.inode` is its d_ino
  bool folder = false;    // a folder by d_type, to be opened in the open parent (`openat`)
};

// An open folder and what fstat says it is.
struct OpenFolder {
  int fd = -1;
  FileIdentity identity;
  std::shared_ptr<const FolderDescriptor> shared;  // a duplicate of `fd`, made when needed
};

std::atomic<int> g_folder_descriptors{0};

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
      const OpenFolder folder = open_by_path(display, fs_path, st.identity);
      if (folder.fd >= 0) {
        walk_folder(display, fs_path, relative, folder);
      }
    } else if (S_ISREG(st.mode)) {
      m_sink.on_file(FileEntry{std::move(display), st.identity, std::nullopt, nullptr});
    } else if (const char* reason = special_file_reason(st.mode)) {
      m_sink.on_skip(display, reason);
    } else {
      m_sink.on_skip(display, "other");
    }
  }

  // Lists the open `folder` and visits its entries, then closes it. The folder stays open
  // while its subfolders are walked, so that each is opened in it (`openat`, no lookup of the
  // whole path, and no symlink swapped in is followed): up to k_open_depth folders at once,
  // beyond which a folder is closed before descending and its subfolders are opened by path.
  void walk_folder(const std::string& display, const std::string& fs_path,
                   const std::string& relative, OpenFolder folder) {
    const InodeKey key{folder.identity.device, folder.identity.inode};
    if (m_ancestors.count(key) != 0) {
      ::close(folder.fd);
      m_sink.on_skip(display, "symlink_loop");
      return;
    }
    const bool keep_open = m_ancestors.size() < k_open_depth;
    std::vector<Child> children;
    const int error = list(folder.fd, folder.identity.device, children);
    std::sort(children.begin(), children.end(),
              [](const Child& a, const Child& b) { return a.name < b.name; });
    for (Child& child : children) {
      type_child(folder.fd, relative, child, keep_open);
    }
    if (error != 0) {
      m_sink.on_error(display, "walk", errno_text(error));
    }
    if (!keep_open) {
      ::close(folder.fd);
      folder.fd = -1;
    }
    m_ancestors.insert(key);
    for (Child& child : children) {
      visit_child(display, fs_path, relative, folder, child);
    }
    m_ancestors.erase(key);
    if (folder.fd >= 0) {
      ::close(folder.fd);
    }
  }

  // Opens the folder that was stat'ed as `identity` by its path. A folder swapped for a symlink
  // since (to a folder outside the tree, say) is not the one stat saw, and is not entered.
  OpenFolder open_by_path(const std::string& display, const std::string& fs_path,
                          FileIdentity identity) {
    const int fd = ::open(fs_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      m_sink.on_error(display, "walk", errno_text(errno));
      return {};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || identity_of(st) != identity) {
      ::close(fd);
      m_sink.on_error(display, "walk", k_folder_changed);
      return {};
    }
    return {fd, identity, nullptr};
  }

  // Opens the entry `name` of the open folder `parent`, listed as a folder: no symlink in its
  // place is followed, so what opens is that folder's entry or nothing.
  OpenFolder open_in(int parent, const std::string& name, const std::string& display) {
    constexpr int k_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    const int fd = ::openat(parent, name.c_str(), k_flags);
    if (fd < 0) {
      const bool swapped = errno == ELOOP || errno == ENOTDIR;
      m_sink.on_error(display, "walk", swapped ? k_folder_changed : errno_text(errno));
      return {};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      m_sink.on_error(display, "walk", errno_text(errno));
      ::close(fd);
      return {};
    }
    return {fd, identity_of(st), nullptr};
  }

  // Appends the entries of the open directory `dir` on `device`; returns the errno of a failed
  // read (the entries read until then are kept), else 0. getdents64 rather than readdir, whose
  // fdopendir costs an fstat and two fcntl calls per directory on top of the open.
  int list(int dir, dev_t device, std::vector<Child>& children) {
    for (;;) {
      const ssize_t filled = ::getdents64(dir, m_listing.data(), m_listing.size());
      if (filled <= 0) {
        return filled < 0 ? errno : 0;
      }
      for (std::size_t at = 0; at < static_cast<std::size_t>(filled);) {
        dirent64 entry;
        const std::size_t header = offsetof(dirent64, d_name);
        std::memcpy(&entry, m_listing.data() + at, header);
        const std::string_view name(m_listing.data() + at + header);
        if (name != "." && name != "..") {
          Child child{std::string(name), {}, 0, false, entry.d_type == DT_REG,
                      entry.d_type == DT_DIR};
          if (child.listed) {
            child.status = Status{S_IFREG, FileIdentity{device, entry.d_ino}};
          }
          children.push_back(std::move(child));
        }
        at += entry.d_reclen;
      }
    }
  }

  void type_child(int dir_fd, const std::string& relative, Child& child, bool open_in_parent) {
    if (!m_options.excludes.empty() &&
        is_excluded(m_options.excludes, child_relative(relative, child.name))) {
      child.excluded = true;
      return;
    }
    if (child.listed || (child.folder && open_in_parent)) {
      return;
    }
    child.folder = false;
    struct stat st {};
    if (::fstatat(dir_fd, child.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      child.stat_error = errno;
      return;
    }
    child.status = status_of(st);
  }

  // The open `folder` for the workers, for a file whose path is too long to open: duplicated
  // once per folder, and not beyond FolderDescriptor::k_max_open held at once (the queue holds
  // up to 2,048 files; the file's open then fails as a path too long).
  static std::shared_ptr<const FolderDescriptor> shared_descriptor(OpenFolder& folder) {
    if (!folder.shared && folder.fd >= 0 &&
        FolderDescriptor::open_count() < FolderDescriptor::k_max_open) {
      const int copy = ::fcntl(folder.fd, F_DUPFD_CLOEXEC, 0);
      if (copy >= 0) {
        folder.shared = std::make_shared<const FolderDescriptor>(copy);
      }
    }
    return folder.shared;
  }

  void visit_child(const std::string& parent_display, const std::string& parent_fs_path,
                   const std::string& relative, OpenFolder& parent, const Child& child) {
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
      FileEntry entry{std::move(display), st.identity,
                      child.listed ? std::optional(parent.identity) : std::nullopt, nullptr};
      if (child.listed && entry.path.size() >= PATH_MAX) {
        entry.folder = shared_descriptor(parent);
      }
      m_sink.on_file(std::move(entry));
      return;
    }
    const std::string fs_path = join_path(parent_fs_path, child.name);
    if (child.folder) {
      if (m_sink.stop_requested()) {
        return;
      }
      const OpenFolder folder = open_in(parent.fd, child.name, display);
      if (folder.fd >= 0) {
        walk_folder(display, fs_path, child_relative(relative, child.name), folder);
      }
      return;
    }
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

  // Folders kept open at once while walking down (see walk_folder): far below the usual limit
  // of 1,024 descriptors, which the workers' files and the report share.
  static constexpr std::size_t k_open_depth = 64;

  const WalkOptions& m_options;
  WalkSink& m_sink;
  std::set<InodeKey> m_ancestors;
  std::vector<char> m_listing = std::vector<char>(32 * 1024);  // getdents64's buffer
};

}  // namespace

FileIdentity identity_of(const struct stat& st) noexcept {
  return FileIdentity{st.st_dev, st.st_ino};
}

FolderDescriptor::FolderDescriptor(int fd) noexcept : m_fd(fd) { ++g_folder_descriptors; }

FolderDescriptor::~FolderDescriptor() {
  ::close(m_fd);
  --g_folder_descriptors;
}

int FolderDescriptor::open_count() noexcept { return g_folder_descriptors.load(); }

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
