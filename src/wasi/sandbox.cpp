#include "wasi/sandbox.hpp"

#include <deque>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wrt::wasi {

namespace {

constexpr int kMaxSymlinkExpansions = 40;  // as Linux's own limit: a loop ends as ELOOP

void split(std::string_view path, std::deque<std::string>& out, bool at_front) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (at_front) {
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.push_front(std::move(*it));
  } else {
    for (auto& p : parts) out.push_back(std::move(p));
  }
}

// The directories opened on the way, so ".." can step back without asking the kernel.
class DirectoryStack {
 public:
  explicit DirectoryStack(int root) { fds_.push_back(root); }
  ~DirectoryStack() {
    for (std::size_t i = 1; i < fds_.size(); ++i) ::close(fds_[i]);
  }
  DirectoryStack(const DirectoryStack&) = delete;
  DirectoryStack& operator=(const DirectoryStack&) = delete;

  [[nodiscard]] int top() const { return fds_.back(); }
  [[nodiscard]] bool at_root() const { return fds_.size() == 1; }
  [[nodiscard]] std::size_t depth() const { return fds_.size() - 1; }
  void push(int fd) { fds_.push_back(fd); }
  void pop() {
    ::close(fds_.back());
    fds_.pop_back();
  }
  // Gives up ownership of the top descriptor (the caller closes it), or -1 if it is the root.
  int release_top(bool& owned) {
    if (at_root()) {
      owned = false;
      return fds_[0];
    }
    int fd = fds_.back();
    fds_.pop_back();
    owned = true;
    return fd;
  }

 private:
  std::vector<int> fds_;
};

Errno read_link(int dir, const std::string& name, std::string& target) {
  std::vector<char> buffer(256);
  for (;;) {
    ssize_t n = ::readlinkat(dir, name.c_str(), buffer.data(), buffer.size());
    if (n < 0) return from_host_errno(errno);
    if (static_cast<std::size_t>(n) < buffer.size()) {
      target.assign(buffer.data(), static_cast<std::size_t>(n));
      return errno_::success;
    }
    if (buffer.size() >= 65536) return errno_::nametoolong;
    buffer.resize(buffer.size() * 2);
  }
}

}  // namespace

ResolvedPath::ResolvedPath(ResolvedPath&& other) noexcept
    : dir_(other.dir_),
      owned_(other.owned_),
      must_be_directory_(other.must_be_directory_),
      depth_(other.depth_),
      name_(std::move(other.name_)) {
  other.dir_ = -1;
  other.owned_ = false;
}

ResolvedPath& ResolvedPath::operator=(ResolvedPath&& other) noexcept {
  if (this != &other) {
    if (owned_) ::close(dir_);
    dir_ = other.dir_;
    owned_ = other.owned_;
    must_be_directory_ = other.must_be_directory_;
    depth_ = other.depth_;
    name_ = std::move(other.name_);
    other.dir_ = -1;
    other.owned_ = false;
  }
  return *this;
}

ResolvedPath::~ResolvedPath() {
  if (owned_) ::close(dir_);
}

Errno resolve_path(int root, std::string_view path, bool follow_last, ResolvedPath& out) {
  if (path.empty()) return errno_::noent;
  if (path.front() == '/') return errno_::notcapable;  // absolute: outside by definition
  if (path.find('\0') != std::string_view::npos) return errno_::ilseq;
  // "d/" names d and says it must be a directory; it is not "d" followed by an empty name.
  bool must_be_directory = false;
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
    must_be_directory = true;
  }

  std::deque<std::string> pending;
  split(path, pending, false);
  DirectoryStack stack(root);
  int expansions = 0;
  std::string last_name(1, '.');

  while (!pending.empty()) {
    std::string component = std::move(pending.front());
    pending.pop_front();
    const bool is_last = pending.empty();

    if (component.empty() || component == ".") {
      if (is_last) last_name.assign(1, '.');  // not = ".": GCC 12 -O3 reports a false -Wrestrict
      continue;
    }
    if (component == "..") {
      if (stack.at_root()) return errno_::notcapable;  // would climb out
      stack.pop();
      if (is_last) last_name.assign(1, '.');
      continue;
    }
    if (is_last && !follow_last && !must_be_directory) {
      last_name = std::move(component);
      break;
    }
    struct stat st {};
    if (::fstatat(stack.top(), component.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (is_last && errno == ENOENT) {  // a name to create
        last_name = std::move(component);
        break;
      }
      return from_host_errno(errno);
    }
    if (is_last && !follow_last) {
      if (S_ISLNK(st.st_mode)) return errno_::notdir;  // "link/" without following
      last_name = std::move(component);
      break;
    }
    if (S_ISLNK(st.st_mode)) {
      if (++expansions > kMaxSymlinkExpansions) return errno_::loop;
      std::string target;
      if (Errno e = read_link(stack.top(), component, target); e != errno_::success) return e;
      if (target.empty()) return errno_::noent;
      if (target.front() == '/') return errno_::notcapable;  // absolute links lead outside
      // The link's components replace it; a trailing component keeps its place as "last".
      split(target, pending, true);
      continue;
    }
    if (is_last) {
      last_name = std::move(component);
      break;
    }
    if (!S_ISDIR(st.st_mode)) return errno_::notdir;
    int fd = ::openat(stack.top(), component.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return from_host_errno(errno);
    stack.push(fd);
  }

  bool owned = false;
  const std::size_t depth = stack.depth();
  int dir = stack.release_top(owned);
  out = ResolvedPath();
  out.dir_ = dir;
  out.owned_ = owned;
  out.must_be_directory_ = must_be_directory;
  out.depth_ = depth;
  out.name_ = std::move(last_name);
  return errno_::success;
}

// The type of what a resolved path names, without following it: 0 when it does not exist.
Errno entry_type(const ResolvedPath& p, mode_t& type) {
  struct stat st {};
  if (::fstatat(p.dir(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno != ENOENT) return from_host_errno(errno);
    type = 0;
    return errno_::success;
  }
  type = st.st_mode & S_IFMT;
  return errno_::success;
}

// A path that ended in '/' must name a directory (one that does not exist yet passes: the
// caller decides whether it may be made).
Errno require_directory(const ResolvedPath& p) {
  if (!p.must_be_directory()) return errno_::success;
  mode_t type = 0;
  if (Errno e = entry_type(p, type); e != errno_::success) return e;
  return type == 0 || type == S_IFDIR ? errno_::success : errno_::notdir;
}

// Whether a symlink target, read from a directory `depth` levels below the preopen, stays in
// it by its text alone.
bool target_stays_inside(std::string_view target, std::size_t depth) {
  if (target.empty() || target.front() == '/') return false;
  std::size_t level = depth;
  std::size_t start = 0;
  while (start <= target.size()) {
    std::size_t slash = target.find('/', start);
    if (slash == std::string_view::npos) slash = target.size();
    std::string_view part = target.substr(start, slash - start);
    if (part == "..") {
      if (level == 0) return false;
      --level;
    } else if (!part.empty() && part != ".") {
      ++level;
    }
    start = slash + 1;
  }
  return true;
}

}  // namespace wrt::wasi
