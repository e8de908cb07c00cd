// Path resolution that cannot leave a directory.
//
// A guest path is resolved component by component from a directory descriptor: ".." may not
// climb above it, an absolute path is refused, and every symlink met on the way is expanded
// here (not by the kernel), with its target resolved by the same rules, so that neither a
// relative nor an absolute link can lead outside. Each step opens the next directory relative to
// the previous one with O_NOFOLLOW, so a directory replaced by a symlink between two checks fails
// instead of escaping. Operations then act on (directory, final name) with the *at() calls and
// without following a final symlink.
#pragma once

#include <string>
#include <string_view>

#include <sys/types.h>

#include "wasi/abi.hpp"

namespace wrt::wasi {

// The directory that holds the final component, and that component.
class ResolvedPath {
 public:
  ResolvedPath() = default;
  ResolvedPath(ResolvedPath&& other) noexcept;
  ResolvedPath& operator=(ResolvedPath&& other) noexcept;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;
  ~ResolvedPath();

  [[nodiscard]] int dir() const noexcept { return dir_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  // The path ended in '/': the final component must be a directory (POSIX). The name has no
  // slash; the callers check the type themselves, never handing "name/" to the kernel, which
  // would follow a final symlink out of the sandbox.
  [[nodiscard]] bool must_be_directory() const noexcept { return must_be_directory_; }
  // How many directories below the root `dir()` is (0: the root itself).
  [[nodiscard]] std::size_t depth() const noexcept { return depth_; }

 private:
  friend Errno resolve_path(int root, std::string_view path, bool follow_last, ResolvedPath& out);
  int dir_ = -1;
  bool owned_ = false;
  bool must_be_directory_ = false;
  std::size_t depth_ = 0;
  std::string name_;
};

// Resolves `path` below directory descriptor `root`. With `follow_last`, a final symlink is
// expanded too. A path naming `root` itself resolves to (root, "."). Trailing slashes are
// taken off and recorded (must_be_directory); a final symlink then must be followed: without
// `follow_last` it is ENOTDIR, as POSIX has it for rename, unlink and rmdir of "link/".
Errno resolve_path(int root, std::string_view path, bool follow_last, ResolvedPath& out);

// The type of what a resolved path names, without following it (S_IFREG, S_IFDIR, ...): 0 when
// it does not exist.
Errno entry_type(const ResolvedPath& p, mode_t& type);

// A path that ended in '/' must name a directory (one that does not exist yet passes: the
// caller decides whether it may be made).
Errno require_directory(const ResolvedPath& p);

// Whether a symlink target, read from a directory `depth` levels below the preopen, stays in
// it by its text alone. A link that could only lead out (an absolute target, or ".." above the
// preopen) is refused when made (EPERM, as wasmtime does).
bool target_stays_inside(std::string_view target, std::size_t depth);

}  // namespace wrt::wasi
