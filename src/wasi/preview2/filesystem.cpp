// wasi:filesystem: types (descriptor, directory-entry-stream, filesystem-error-code) and
// preopens. Every path goes through the sandbox of preview 1 (wasi/sandbox.hpp), with its rules:
// nothing leads out of a preopen, trailing slashes mean "a directory" and are never handed to
// the kernel, links that could only lead out are not made, directories are never opened for
// writing.
#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/preview2/types.hpp"
#include "wasi/sandbox.hpp"

namespace wrt::wasi::preview2 {

namespace {

template <typename T>
using FsResult = ComponentResult<T, FsError>;
using FsUnit = ComponentResult<void, FsError>;

DescriptorType type_of(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return DescriptorType::regular_file;
    case S_IFDIR: return DescriptorType::directory;
    case S_IFLNK: return DescriptorType::symbolic_link;
    case S_IFCHR: return DescriptorType::character_device;
    case S_IFBLK: return DescriptorType::block_device;
    case S_IFIFO: return DescriptorType::fifo;
    case S_IFSOCK: return DescriptorType::socket;
    default: return DescriptorType::unknown;
  }
}

Datetime datetime_of(const timespec& ts) {
  return Datetime{static_cast<std::uint64_t>(ts.tv_sec), static_cast<std::uint32_t>(ts.tv_nsec)};
}

DescriptorStat stat_of(const struct stat& st) {
  DescriptorStat out;
  out.type = type_of(st.st_mode);
  out.link_count = st.st_nlink;
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.data_access_timestamp = datetime_of(st.st_atim);
  out.data_modification_timestamp = datetime_of(st.st_mtim);
  out.status_change_timestamp = datetime_of(st.st_ctim);
  return out;
}

MetadataHashValue hash_of(const struct stat& st) {
  return MetadataHashValue{static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_dev)};
}

FsError host_error() { return error_code_of_host(errno); }

// A path below a directory descriptor. `reads_target`: the operation reads what the path names
// (stat, open), so a trailing slash follows a final symlink as POSIX has it.
Errno resolve(const Descriptor& d, std::string_view path, bool follow, ResolvedPath& out, bool reads_target = false) {
  if (d.type != DescriptorType::directory) return errno_::notdir;
  if (reads_target && path.size() > 1 && path.back() == '/') follow = true;
  return resolve_path(d.fd->fd, path, follow, out);
}

Errno make_time(const NewTimestamp& t, timespec& out) {
  switch (t.index()) {
    case 0: out.tv_sec = 0; out.tv_nsec = UTIME_OMIT; break;
    case 1: out.tv_sec = 0; out.tv_nsec = UTIME_NOW; break;
    default: {
      const Datetime& d = std::get<2>(t);
      if (d.nanoseconds >= 1000000000u) return errno_::inval;
      out.tv_sec = static_cast<time_t>(d.seconds);
      out.tv_nsec = static_cast<long>(d.nanoseconds);
    }
  }
  return errno_::success;
}

FsResult<std::vector<DirectoryEntry>> list_directory(int dir_fd) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return FsResult<std::vector<DirectoryEntry>>::err(host_error());
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    FsError e = host_error();
    ::close(fd);
    return FsResult<std::vector<DirectoryEntry>>::err(e);
  }
  std::vector<DirectoryEntry> entries;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    DescriptorType type = DescriptorType::unknown;
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) type = type_of(st.st_mode);
    entries.push_back(DirectoryEntry{type, std::move(name)});
  }
  ::closedir(dir);
  return FsResult<std::vector<DirectoryEntry>>::ok(std::move(entries));
}

}  // namespace

void define_filesystem(ComponentImports& imports, const StatePtr& state) {
  StatePtr s = state;
  const char* types = "wasi:filesystem/types";
  imports.define_resource(types, "descriptor", s->descriptors);
  imports.define_resource(types, "directory-entry-stream", s->directory_streams);
  imports.define_resource(types, "error", s->errors);
  imports.define_resource(types, "input-stream", s->input_streams);
  imports.define_resource(types, "output-stream", s->output_streams);

  imports.define_resource("wasi:filesystem/preopens", "descriptor", s->descriptors);
  imports.define("wasi:filesystem/preopens", "get-directories", [s]() {
    std::vector<std::tuple<Resource<Descriptor>, std::string>> out;
    for (const auto& [fd, name] : s->preopens) {
      Descriptor d;
      d.fd = fd;
      d.type = DescriptorType::directory;
      d.flags.read = true;
      d.flags.mutate_directory = true;
      out.emplace_back(Resource<Descriptor>::make(s->descriptors, std::move(d)), name);
    }
    return out;
  });

  using InResult = FsResult<Resource<InputStream>>;
  using OutResult = FsResult<Resource<OutputStream>>;
  imports.define(types, "[method]descriptor.read-via-stream", [s](Borrow<Descriptor> self, std::uint64_t offset) -> InResult {
    if (self->type == DescriptorType::directory) return InResult::err(FsError::is_directory);
    if (!self->flags.read) return InResult::err(FsError::bad_descriptor);
    return InResult::ok(Resource<InputStream>::make(s->input_streams, InputStream{self->fd, true, offset, false}));
  });
  imports.define(types, "[method]descriptor.write-via-stream", [s](Borrow<Descriptor> self, std::uint64_t offset) -> OutResult {
    if (self->type == DescriptorType::directory) return OutResult::err(FsError::is_directory);
    if (!self->flags.write) return OutResult::err(FsError::bad_descriptor);
    return OutResult::ok(
        Resource<OutputStream>::make(s->output_streams, OutputStream{self->fd, OutputStream::Mode::positioned, offset, false}));
  });
  imports.define(types, "[method]descriptor.append-via-stream", [s](Borrow<Descriptor> self) -> OutResult {
    if (self->type == DescriptorType::directory) return OutResult::err(FsError::is_directory);
    if (!self->flags.write) return OutResult::err(FsError::bad_descriptor);
    return OutResult::ok(
        Resource<OutputStream>::make(s->output_streams, OutputStream{self->fd, OutputStream::Mode::append, 0, false}));
  });
  imports.define(types, "[method]descriptor.advise",
                 [](Borrow<Descriptor> self, std::uint64_t offset, std::uint64_t length, Advice advice) -> FsUnit {
                   int a = POSIX_FADV_NORMAL;
                   switch (advice) {
                     case Advice::normal: a = POSIX_FADV_NORMAL; break;
                     case Advice::sequential: a = POSIX_FADV_SEQUENTIAL; break;
                     case Advice::random: a = POSIX_FADV_RANDOM; break;
                     case Advice::will_need: a = POSIX_FADV_WILLNEED; break;
                     case Advice::dont_need: a = POSIX_FADV_DONTNEED; break;
                     case Advice::no_reuse: a = POSIX_FADV_NOREUSE; break;
                   }
                   int r = ::posix_fadvise(self->fd->fd, static_cast<off_t>(offset), static_cast<off_t>(length), a);
                   if (r != 0) return FsUnit::err(error_code_of_host(r));
                   return FsUnit::ok();
                 });
  imports.define(types, "[method]descriptor.sync-data", [](Borrow<Descriptor> self) -> FsUnit {
    if (::fdatasync(self->fd->fd) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });
  imports.define(types, "[method]descriptor.sync", [](Borrow<Descriptor> self) -> FsUnit {
    if (::fsync(self->fd->fd) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });
  imports.define(types, "[method]descriptor.get-flags",
                 [](Borrow<Descriptor> self) { return FsResult<DescriptorFlags>::ok(self->flags); });
  imports.define(types, "[method]descriptor.get-type",
                 [](Borrow<Descriptor> self) { return FsResult<DescriptorType>::ok(self->type); });
  imports.define(types, "[method]descriptor.set-size", [](Borrow<Descriptor> self, std::uint64_t size) -> FsUnit {
    if (self->type == DescriptorType::directory) return FsUnit::err(FsError::is_directory);
    if (!self->flags.write) return FsUnit::err(FsError::bad_descriptor);
    if (::ftruncate(self->fd->fd, static_cast<off_t>(size)) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });
  imports.define(types, "[method]descriptor.set-times",
                 [](Borrow<Descriptor> self, NewTimestamp atime, NewTimestamp mtime) -> FsUnit {
                   timespec times[2];
                   if (make_time(atime, times[0]) != errno_::success || make_time(mtime, times[1]) != errno_::success) {
                     return FsUnit::err(FsError::invalid);
                   }
                   if (::futimens(self->fd->fd, times) != 0) return FsUnit::err(host_error());
                   return FsUnit::ok();
                 });
  using ReadResult = FsResult<std::tuple<std::vector<std::uint8_t>, bool>>;
  imports.define(types, "[method]descriptor.read",
                 [](Borrow<Descriptor> self, std::uint64_t length, std::uint64_t offset) -> ReadResult {
                   if (self->type == DescriptorType::directory) return ReadResult::err(FsError::is_directory);
                   if (!self->flags.read) return ReadResult::err(FsError::bad_descriptor);
                   std::vector<std::uint8_t> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(length, 1 << 20)));
                   ssize_t n = ::pread(self->fd->fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
                   if (n < 0) return ReadResult::err(host_error());
                   buffer.resize(static_cast<std::size_t>(n));
                   bool end = n == 0 && length > 0;
                   return ReadResult::ok(std::make_tuple(std::move(buffer), end));
                 });
  imports.define(types, "[method]descriptor.write",
                 [](Borrow<Descriptor> self, const std::vector<std::uint8_t>& buffer, std::uint64_t offset) -> FsResult<std::uint64_t> {
                   if (self->type == DescriptorType::directory) return FsResult<std::uint64_t>::err(FsError::is_directory);
                   if (!self->flags.write) return FsResult<std::uint64_t>::err(FsError::bad_descriptor);
                   ssize_t n = ::pwrite(self->fd->fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
                   if (n < 0) return FsResult<std::uint64_t>::err(host_error());
                   return FsResult<std::uint64_t>::ok(static_cast<std::uint64_t>(n));
                 });
  imports.define(types, "[method]descriptor.read-directory", [s](Borrow<Descriptor> self) -> FsResult<Resource<DirectoryEntryStream>> {
    using R = FsResult<Resource<DirectoryEntryStream>>;
    if (self->type != DescriptorType::directory) return R::err(FsError::not_directory);
    auto entries = list_directory(self->fd->fd);
    if (!entries.is_ok()) return R::err(entries.error());
    return R::ok(Resource<DirectoryEntryStream>::make(s->directory_streams, DirectoryEntryStream{entries.value(), 0}));
  });
  imports.define(types, "[method]directory-entry-stream.read-directory-entry", [](Borrow<DirectoryEntryStream> self) {
    std::optional<DirectoryEntry> next;
    if (self->next < self->entries.size()) next = self->entries[self->next++];
    return FsResult<std::optional<DirectoryEntry>>::ok(std::move(next));
  });

  imports.define(types, "[method]descriptor.stat", [](Borrow<Descriptor> self) -> FsResult<DescriptorStat> {
    struct stat st {};
    if (::fstat(self->fd->fd, &st) != 0) return FsResult<DescriptorStat>::err(host_error());
    return FsResult<DescriptorStat>::ok(stat_of(st));
  });
  imports.define(types, "[method]descriptor.stat-at",
                 [](Borrow<Descriptor> self, PathFlags flags, std::string_view path) -> FsResult<DescriptorStat> {
                   using R = FsResult<DescriptorStat>;
                   ResolvedPath p;
                   if (Errno e = resolve(*self, path, flags.symlink_follow, p, true); e != errno_::success) return R::err(error_code_of(e));
                   if (Errno e = require_directory(p); e != errno_::success) return R::err(error_code_of(e));
                   struct stat st {};
                   if (::fstatat(p.dir(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return R::err(host_error());
                   return R::ok(stat_of(st));
                 });
  imports.define(types, "[method]descriptor.set-times-at",
                 [](Borrow<Descriptor> self, PathFlags flags, std::string_view path, NewTimestamp atime, NewTimestamp mtime) -> FsUnit {
                   ResolvedPath p;
                   if (Errno e = resolve(*self, path, flags.symlink_follow, p, true); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (Errno e = require_directory(p); e != errno_::success) return FsUnit::err(error_code_of(e));
                   timespec times[2];
                   if (make_time(atime, times[0]) != errno_::success || make_time(mtime, times[1]) != errno_::success) {
                     return FsUnit::err(FsError::invalid);
                   }
                   if (::utimensat(p.dir(), p.name().c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) return FsUnit::err(host_error());
                   return FsUnit::ok();
                 });
  imports.define(types, "[method]descriptor.metadata-hash", [](Borrow<Descriptor> self) -> FsResult<MetadataHashValue> {
    struct stat st {};
    if (::fstat(self->fd->fd, &st) != 0) return FsResult<MetadataHashValue>::err(host_error());
    return FsResult<MetadataHashValue>::ok(hash_of(st));
  });
  imports.define(types, "[method]descriptor.metadata-hash-at",
                 [](Borrow<Descriptor> self, PathFlags flags, std::string_view path) -> FsResult<MetadataHashValue> {
                   using R = FsResult<MetadataHashValue>;
                   ResolvedPath p;
                   if (Errno e = resolve(*self, path, flags.symlink_follow, p, true); e != errno_::success) return R::err(error_code_of(e));
                   struct stat st {};
                   if (::fstatat(p.dir(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return R::err(host_error());
                   return R::ok(hash_of(st));
                 });
  imports.define(types, "[method]descriptor.is-same-object", [](Borrow<Descriptor> self, Borrow<Descriptor> other) {
    struct stat a {};
    struct stat b {};
    if (::fstat(self->fd->fd, &a) != 0 || ::fstat(other->fd->fd, &b) != 0) return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  });

  imports.define(types, "[method]descriptor.create-directory-at", [](Borrow<Descriptor> self, std::string_view path) -> FsUnit {
    ResolvedPath p;
    if (Errno e = resolve(*self, path, false, p); e != errno_::success) return FsUnit::err(error_code_of(e));
    if (!self->flags.mutate_directory) return FsUnit::err(FsError::read_only);
    if (::mkdirat(p.dir(), p.name().c_str(), 0777) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });
  imports.define(types, "[method]descriptor.link-at",
                 [](Borrow<Descriptor> self, PathFlags flags, std::string_view old_path, Borrow<Descriptor> new_dir,
                    std::string_view new_path) -> FsUnit {
                   ResolvedPath from;
                   ResolvedPath to;
                   if (Errno e = resolve(*self, old_path, flags.symlink_follow, from); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (Errno e = resolve(*new_dir, new_path, false, to); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (!new_dir->flags.mutate_directory) return FsUnit::err(FsError::read_only);
                   if (from.must_be_directory() || to.must_be_directory()) {
                     mode_t type = 0;
                     if (Errno e = entry_type(from, type); e != errno_::success) return FsUnit::err(error_code_of(e));
                     if (type == 0) return FsUnit::err(FsError::no_entry);
                     if (type == S_IFDIR) return FsUnit::err(FsError::not_permitted);
                     if (from.must_be_directory()) return FsUnit::err(FsError::not_directory);
                     mode_t target = 0;
                     if (Errno e = entry_type(to, target); e != errno_::success) return FsUnit::err(error_code_of(e));
                     return FsUnit::err(target != 0 ? FsError::exist : FsError::no_entry);
                   }
                   if (::linkat(from.dir(), from.name().c_str(), to.dir(), to.name().c_str(), 0) != 0) return FsUnit::err(host_error());
                   return FsUnit::ok();
                 });
  imports.define(types, "[method]descriptor.open-at",
                 [s](Borrow<Descriptor> self, PathFlags path_flags, std::string_view path, OpenFlags open_flags,
                     DescriptorFlags flags) -> FsResult<Resource<Descriptor>> {
                   using R = FsResult<Resource<Descriptor>>;
                   ResolvedPath p;
                   if (Errno e = resolve(*self, path, path_flags.symlink_follow, p, true); e != errno_::success) return R::err(error_code_of(e));
                   if (open_flags.directory && (open_flags.create || open_flags.exclusive || open_flags.truncate)) {
                     return R::err(FsError::invalid);  // a directory is neither made nor truncated by open-at
                   }
                   const bool write = flags.write;
                   if ((write || open_flags.create || open_flags.truncate || flags.mutate_directory) && !self->flags.mutate_directory) {
                     return R::err(FsError::read_only);
                   }
                   bool directory = open_flags.directory;
                   if (p.must_be_directory()) {
                     mode_t type = 0;
                     if (Errno e = entry_type(p, type); e != errno_::success) return R::err(error_code_of(e));
                     if (type == 0) return R::err(open_flags.create ? FsError::is_directory : FsError::no_entry);
                     if (type != S_IFDIR) return R::err(FsError::not_directory);
                     directory = true;
                   }
                   int host_flags = O_CLOEXEC | O_NOFOLLOW;
                   if (directory) {
                     host_flags |= O_RDONLY | O_DIRECTORY;
                   } else if (write) {
                     host_flags |= flags.read ? O_RDWR : O_WRONLY;
                   } else {
                     host_flags |= O_RDONLY;
                   }
                   if (open_flags.create) host_flags |= O_CREAT;
                   if (open_flags.exclusive) host_flags |= O_EXCL;
                   if (open_flags.truncate) host_flags |= O_TRUNC;
                   if (flags.file_integrity_sync) host_flags |= O_SYNC;
                   if (flags.data_integrity_sync) host_flags |= O_DSYNC;
                   if (flags.requested_write_sync) host_flags |= O_RSYNC;
                   int fd = ::openat(p.dir(), p.name().c_str(), host_flags, 0666);
                   if (fd < 0 && errno == EISDIR && !open_flags.directory && !write) {
                     fd = ::openat(p.dir(), p.name().c_str(), (host_flags & ~O_ACCMODE) | O_RDONLY | O_DIRECTORY);
                   }
                   if (fd < 0) return R::err(host_error());
                   struct stat st {};
                   ::fstat(fd, &st);
                   Descriptor d;
                   d.fd = std::make_shared<HostFd>(fd);
                   d.type = type_of(st.st_mode);
                   if (d.type == DescriptorType::directory && write) return R::err(FsError::is_directory);  // never for writing
                   d.flags = flags;
                   if (d.type == DescriptorType::directory) {
                     d.flags.read = true;
                     d.flags.mutate_directory = flags.mutate_directory || self->flags.mutate_directory;
                   }
                   return R::ok(Resource<Descriptor>::make(s->descriptors, std::move(d)));
                 });
  imports.define(types, "[method]descriptor.readlink-at", [](Borrow<Descriptor> self, std::string_view path) -> FsResult<std::string> {
    using R = FsResult<std::string>;
    ResolvedPath p;
    if (Errno e = resolve(*self, path, false, p); e != errno_::success) return R::err(error_code_of(e));
    std::vector<char> buffer(256);
    for (;;) {
      ssize_t n = ::readlinkat(p.dir(), p.name().c_str(), buffer.data(), buffer.size());
      if (n < 0) return R::err(host_error());
      if (static_cast<std::size_t>(n) < buffer.size()) return R::ok(std::string(buffer.data(), static_cast<std::size_t>(n)));
      if (buffer.size() >= 65536) return R::err(FsError::name_too_long);
      buffer.resize(buffer.size() * 2);
    }
  });
  imports.define(types, "[method]descriptor.remove-directory-at", [](Borrow<Descriptor> self, std::string_view path) -> FsUnit {
    ResolvedPath p;
    if (Errno e = resolve(*self, path, false, p); e != errno_::success) return FsUnit::err(error_code_of(e));
    if (!self->flags.mutate_directory) return FsUnit::err(FsError::read_only);
    if (::unlinkat(p.dir(), p.name().c_str(), AT_REMOVEDIR) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });
  imports.define(types, "[method]descriptor.rename-at",
                 [](Borrow<Descriptor> self, std::string_view old_path, Borrow<Descriptor> new_dir, std::string_view new_path) -> FsUnit {
                   ResolvedPath from;
                   ResolvedPath to;
                   if (Errno e = resolve(*self, old_path, false, from); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (Errno e = resolve(*new_dir, new_path, false, to); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (!self->flags.mutate_directory || !new_dir->flags.mutate_directory) return FsUnit::err(FsError::read_only);
                   if (from.must_be_directory() || to.must_be_directory()) {
                     mode_t type = 0;
                     if (Errno e = entry_type(from, type); e != errno_::success) return FsUnit::err(error_code_of(e));
                     if (type == 0) return FsUnit::err(FsError::no_entry);
                     if (type != S_IFDIR) return FsUnit::err(FsError::not_directory);
                   }
                   if (::renameat(from.dir(), from.name().c_str(), to.dir(), to.name().c_str()) != 0) return FsUnit::err(host_error());
                   return FsUnit::ok();
                 });
  imports.define(types, "[method]descriptor.symlink-at",
                 [](Borrow<Descriptor> self, std::string_view old_path, std::string_view new_path) -> FsUnit {
                   ResolvedPath p;
                   if (Errno e = resolve(*self, new_path, false, p); e != errno_::success) return FsUnit::err(error_code_of(e));
                   if (!self->flags.mutate_directory) return FsUnit::err(FsError::read_only);
                   if (old_path.find('\0') != std::string_view::npos) return FsUnit::err(FsError::illegal_byte_sequence);
                   if (!target_stays_inside(old_path, p.depth())) return FsUnit::err(FsError::not_permitted);
                   if (p.must_be_directory()) {
                     mode_t type = 0;
                     if (Errno e = entry_type(p, type); e != errno_::success) return FsUnit::err(error_code_of(e));
                     return FsUnit::err(type != 0 ? FsError::exist : FsError::no_entry);
                   }
                   if (::symlinkat(std::string(old_path).c_str(), p.dir(), p.name().c_str()) != 0) return FsUnit::err(host_error());
                   return FsUnit::ok();
                 });
  imports.define(types, "[method]descriptor.unlink-file-at", [](Borrow<Descriptor> self, std::string_view path) -> FsUnit {
    ResolvedPath p;
    if (Errno e = resolve(*self, path, false, p); e != errno_::success) return FsUnit::err(error_code_of(e));
    if (!self->flags.mutate_directory) return FsUnit::err(FsError::read_only);
    if (p.must_be_directory()) {  // "f/": not a file to unlink, whatever it is
      mode_t type = 0;
      if (Errno e = entry_type(p, type); e != errno_::success) return FsUnit::err(error_code_of(e));
      return FsUnit::err(type == 0 ? FsError::no_entry : type == S_IFDIR ? FsError::is_directory : FsError::not_directory);
    }
    if (::unlinkat(p.dir(), p.name().c_str(), 0) != 0) return FsUnit::err(host_error());
    return FsUnit::ok();
  });

  imports.define(types, "filesystem-error-code", [](Borrow<IoError> error) { return std::optional<FsError>(error->code); });
}

}  // namespace wrt::wasi::preview2
