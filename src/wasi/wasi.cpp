// wasi_snapshot_preview1 on POSIX hosts.
#include <wrt/wasi/wasi.hpp>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <random>
#include <iterator>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <wrt/api/api.hpp>
#include <wrt/runtime/linker.hpp>
#include <wrt/runtime/store.hpp>

#include "wasi/abi.hpp"
#include "wasi/sandbox.hpp"

namespace wrt::wasi {

// --- descriptors ---------------------------------------------------------------------------

struct Descriptor {
  int host = -1;
  Filetype type = filetype_unknown;
  std::uint64_t rights_base = 0;
  std::uint64_t rights_inheriting = 0;
  std::uint16_t flags = 0;
  std::string preopen;  // the guest name of a preopened directory, else empty
};

// What the host function of one WASI import knows: its context and which function it is.
struct Binding {
  Context::State* state;
  std::size_t function;  // into kFunctions
};

struct Context::State {
  std::vector<Binding> bindings;  // one per function; their addresses are the functions' user data
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::map<std::uint32_t, Descriptor> fds;
  bool exited = false;
  std::uint32_t exit_code = 0;

  ~State() {
    for (auto& [fd, d] : fds) ::close(d.host);
  }

  Descriptor* get(std::uint32_t fd) {
    auto it = fds.find(fd);
    return it == fds.end() ? nullptr : &it->second;
  }
  std::uint32_t add(Descriptor d) {
    std::uint32_t fd = 0;
    while (fds.count(fd) != 0) ++fd;  // the lowest free number, as POSIX does
    fds.emplace(fd, std::move(d));
    return fd;
  }
};

namespace {

Filetype filetype_of(mode_t mode) {
  if (S_ISREG(mode)) return filetype_regular_file;
  if (S_ISDIR(mode)) return filetype_directory;
  if (S_ISCHR(mode)) return filetype_character_device;
  if (S_ISBLK(mode)) return filetype_block_device;
  if (S_ISLNK(mode)) return filetype_symbolic_link;
  if (S_ISSOCK(mode)) return filetype_socket_stream;
  return filetype_unknown;
}

Filetype filetype_of_fd(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return filetype_unknown;
  if (S_ISSOCK(st.st_mode)) {
    int type = 0;
    socklen_t length = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_DGRAM) return filetype_socket_dgram;
  }
  return filetype_of(st.st_mode);
}

std::uint64_t rights_for(Filetype type) {
  switch (type) {
    case filetype_regular_file: return rights::file;
    case filetype_directory: return rights::directory;
    case filetype_socket_stream:
    case filetype_socket_dgram: return rights::socket;
    default: return rights::stream;
  }
}

// Guest memory as a WASI function sees it: every access checked, little-endian values.
class Guest {
 public:
  explicit Guest(HostCall& call) noexcept : memory_(call.memory()) {}
  [[nodiscard]] bool valid() const noexcept { return memory_ != nullptr; }
  [[nodiscard]] std::uint8_t* span(std::uint64_t ptr, std::uint64_t length) const noexcept {
    if (memory_ == nullptr || ptr > memory_->size() || length > memory_->size() - ptr) return nullptr;
    return memory_->data() + ptr;
  }
  template <typename T>
  bool load(std::uint64_t ptr, T& out) const noexcept {
    std::uint8_t* p = span(ptr, sizeof(T));
    if (p == nullptr) return false;
    std::memcpy(&out, p, sizeof(T));
    return true;
  }
  template <typename T>
  bool store(std::uint64_t ptr, T value) const noexcept {
    std::uint8_t* p = span(ptr, sizeof(T));
    if (p == nullptr) return false;
    std::memcpy(p, &value, sizeof(T));
    return true;
  }
  bool string(std::uint64_t ptr, std::uint64_t length, std::string& out) const {
    std::uint8_t* p = span(ptr, length);
    if (p == nullptr) return false;
    out.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(length));
    return true;
  }
  // The iovec array as host iovecs; false if any part lies outside memory.
  bool iovecs(std::uint32_t ptr, std::uint32_t count, std::vector<struct iovec>& out) const {
    out.clear();
    if (count > 1024 * 1024) return false;
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t buf = 0;
      std::uint32_t length = 0;
      if (!load(std::uint64_t{ptr} + i * kIovecSize, buf) || !load(std::uint64_t{ptr} + i * kIovecSize + 4, length)) {
        return false;
      }
      std::uint8_t* p = span(buf, length);
      if (p == nullptr) return false;
      out.push_back(iovec{p, length});
    }
    return true;
  }

 private:
  MemoryInstance* memory_;
};

// The arguments of a call: every WASI parameter is one i32 or i64 slot.
struct Args {
  explicit Args(HostCall& call) noexcept : slots(call.slots()) {}
  [[nodiscard]] std::uint32_t u32(std::size_t i) const noexcept { return static_cast<std::uint32_t>(slots[i]); }
  [[nodiscard]] std::uint64_t u64(std::size_t i) const noexcept { return slots[i]; }
  Slot* slots;
};

using Handler = Errno (*)(Context::State& s, Guest& mem, const Args& a);

struct FunctionInfo {
  const char* name;
  const char* params;   // i = i32, l = i64
  bool returns_errno;   // proc_exit returns nothing
  Handler handler;
};

// --- args, environment, clocks, random, scheduling -----------------------------------------

Errno write_string_list(const std::vector<std::string>& list, Guest& mem, std::uint32_t pointers, std::uint32_t buffer) {
  std::uint64_t at = buffer;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!mem.store<std::uint32_t>(std::uint64_t{pointers} + 4 * i, static_cast<std::uint32_t>(at))) return errno_::fault;
    std::uint8_t* p = mem.span(at, list[i].size() + 1);
    if (p == nullptr) return errno_::fault;
    std::memcpy(p, list[i].c_str(), list[i].size() + 1);
    at += list[i].size() + 1;
  }
  return errno_::success;
}

Errno write_string_sizes(const std::vector<std::string>& list, Guest& mem, std::uint32_t count_ptr, std::uint32_t size_ptr) {
  std::uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  if (!mem.store<std::uint32_t>(count_ptr, static_cast<std::uint32_t>(list.size()))) return errno_::fault;
  if (!mem.store<std::uint32_t>(size_ptr, static_cast<std::uint32_t>(total))) return errno_::fault;
  return errno_::success;
}

Errno args_get(Context::State& s, Guest& mem, const Args& a) { return write_string_list(s.args, mem, a.u32(0), a.u32(1)); }
Errno args_sizes_get(Context::State& s, Guest& mem, const Args& a) { return write_string_sizes(s.args, mem, a.u32(0), a.u32(1)); }
Errno environ_get(Context::State& s, Guest& mem, const Args& a) { return write_string_list(s.env, mem, a.u32(0), a.u32(1)); }
Errno environ_sizes_get(Context::State& s, Guest& mem, const Args& a) { return write_string_sizes(s.env, mem, a.u32(0), a.u32(1)); }

bool host_clock(std::uint32_t id, clockid_t& out) {
  switch (id) {
    case clockid::realtime: out = CLOCK_REALTIME; return true;
    case clockid::monotonic: out = CLOCK_MONOTONIC; return true;
    case clockid::process_cputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case clockid::thread_cputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

std::uint64_t nanoseconds(const struct timespec& ts) {
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

Errno clock_res_get(Context::State&, Guest& mem, const Args& a) {
  clockid_t clock;
  if (!host_clock(a.u32(0), clock)) return errno_::inval;
  struct timespec ts {};
  if (::clock_getres(clock, &ts) != 0) return from_host_errno(errno);
  return mem.store<std::uint64_t>(a.u32(1), nanoseconds(ts)) ? errno_::success : errno_::fault;
}

Errno clock_time_get(Context::State&, Guest& mem, const Args& a) {
  clockid_t clock;
  if (!host_clock(a.u32(0), clock)) return errno_::inval;
  struct timespec ts {};
  if (::clock_gettime(clock, &ts) != 0) return from_host_errno(errno);
  return mem.store<std::uint64_t>(a.u32(2), nanoseconds(ts)) ? errno_::success : errno_::fault;
}

Errno random_get(Context::State&, Guest& mem, const Args& a) {
  std::uint8_t* p = mem.span(a.u32(0), a.u32(1));
  if (p == nullptr) return errno_::fault;
  std::size_t done = 0;
  while (done < a.u32(1)) {
    ssize_t n = ::getrandom(p + done, a.u32(1) - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return from_host_errno(errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return errno_::success;
}

Errno sched_yield(Context::State&, Guest&, const Args&) {
  ::sched_yield();
  return errno_::success;
}

Errno proc_raise(Context::State&, Guest&, const Args&) { return errno_::notsup; }

// --- descriptors ---------------------------------------------------------------------------

// The descriptor `fd` if it exists and has `needed` rights.
Errno lookup(Context::State& s, std::uint32_t fd, std::uint64_t needed, Descriptor*& out) {
  out = s.get(fd);
  if (out == nullptr) return errno_::badf;
  if ((out->rights_base & needed) != needed) return errno_::notcapable;
  return errno_::success;
}

#define WRT_LOOKUP(var, fd, rights)                                             \
  Descriptor* var = nullptr;                                                    \
  if (Errno e_ = lookup(s, fd, rights, var); e_ != errno_::success) return e_

Errno fd_advise(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_advise);
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (a.u32(3) > 5) return errno_::inval;
  if (d->type == filetype_directory) return errno_::badf;
  int r = ::posix_fadvise(d->host, static_cast<off_t>(a.u64(1)), static_cast<off_t>(a.u64(2)), kAdvice[a.u32(3)]);
  return r == 0 ? errno_::success : from_host_errno(r);
}

Errno fd_allocate(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_allocate);
  if (d->type != filetype_regular_file) return errno_::badf;
  int r = ::posix_fallocate(d->host, static_cast<off_t>(a.u64(1)), static_cast<off_t>(a.u64(2)));
  return r == 0 ? errno_::success : from_host_errno(r);
}

Errno fd_close(Context::State& s, Guest&, const Args& a) {
  auto it = s.fds.find(a.u32(0));
  if (it == s.fds.end()) return errno_::badf;
  ::close(it->second.host);
  s.fds.erase(it);
  return errno_::success;
}

Errno fd_datasync(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_datasync);
  return ::fdatasync(d->host) == 0 ? errno_::success : from_host_errno(errno);
}

Errno fd_sync(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_sync);
  return ::fsync(d->host) == 0 ? errno_::success : from_host_errno(errno);
}

Errno fd_fdstat_get(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), 0);
  std::uint8_t buffer[kFdstatSize] = {};
  buffer[0] = d->type;
  std::memcpy(buffer + 2, &d->flags, 2);
  std::memcpy(buffer + 8, &d->rights_base, 8);
  std::memcpy(buffer + 16, &d->rights_inheriting, 8);
  std::uint8_t* p = mem.span(a.u32(1), kFdstatSize);
  if (p == nullptr) return errno_::fault;
  std::memcpy(p, buffer, kFdstatSize);
  return errno_::success;
}

Errno fd_fdstat_set_flags(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_fdstat_set_flags);
  auto wanted = static_cast<std::uint16_t>(a.u32(1));
  int host = ::fcntl(d->host, F_GETFL);
  if (host < 0) return from_host_errno(errno);
  host &= ~(O_APPEND | O_NONBLOCK);
  if (wanted & fdflags::append) host |= O_APPEND;
  if (wanted & fdflags::nonblock) host |= O_NONBLOCK;
  if (::fcntl(d->host, F_SETFL, host) != 0) return from_host_errno(errno);
  d->flags = static_cast<std::uint16_t>(wanted & (fdflags::append | fdflags::nonblock)) |
             static_cast<std::uint16_t>(d->flags & ~(fdflags::append | fdflags::nonblock));
  return errno_::success;
}

Errno fd_fdstat_set_rights(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), 0);
  std::uint64_t base = a.u64(1);
  std::uint64_t inheriting = a.u64(2);
  // Rights can only be dropped.
  if ((base & ~d->rights_base) != 0 || (inheriting & ~d->rights_inheriting) != 0) return errno_::notcapable;
  d->rights_base = base;
  d->rights_inheriting = inheriting;
  return errno_::success;
}

Errno write_filestat(Guest& mem, std::uint32_t ptr, const struct stat& st) {
  std::uint8_t buffer[kFilestatSize] = {};
  auto put = [&](std::size_t offset, std::uint64_t v) { std::memcpy(buffer + offset, &v, 8); };
  put(0, static_cast<std::uint64_t>(st.st_dev));
  put(8, static_cast<std::uint64_t>(st.st_ino));
  buffer[16] = filetype_of(st.st_mode);
  put(24, static_cast<std::uint64_t>(st.st_nlink));
  put(32, static_cast<std::uint64_t>(st.st_size));
  put(40, nanoseconds(st.st_atim));
  put(48, nanoseconds(st.st_mtim));
  put(56, nanoseconds(st.st_ctim));
  std::uint8_t* p = mem.span(ptr, kFilestatSize);
  if (p == nullptr) return errno_::fault;
  std::memcpy(p, buffer, kFilestatSize);
  return errno_::success;
}

Errno fd_filestat_get(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_filestat_get);
  struct stat st {};
  if (::fstat(d->host, &st) != 0) return from_host_errno(errno);
  Errno e = write_filestat(mem, a.u32(1), st);
  if (e == errno_::success && d->type != filetype_regular_file && d->type != filetype_directory) {
    mem.store<std::uint8_t>(std::uint64_t{a.u32(1)} + 16, d->type);  // sockets, streams as WASI sees them
  }
  return e;
}

Errno fd_filestat_set_size(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_filestat_set_size);
  return ::ftruncate(d->host, static_cast<off_t>(a.u64(1))) == 0 ? errno_::success : from_host_errno(errno);
}

// Builds the timespec pair of utimensat/futimens from WASI's times and flags.
Errno make_times(std::uint64_t atim, std::uint64_t mtim, std::uint32_t flags, struct timespec times[2]) {
  if (flags & ~0xFu) return errno_::inval;
  if ((flags & fstflags::atim) && (flags & fstflags::atim_now)) return errno_::inval;
  if ((flags & fstflags::mtim) && (flags & fstflags::mtim_now)) return errno_::inval;
  auto set = [](struct timespec& ts, bool given, bool now, std::uint64_t ns) {
    if (now) {
      ts.tv_sec = 0;
      ts.tv_nsec = UTIME_NOW;
    } else if (given) {
      ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
      ts.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
    } else {
      ts.tv_sec = 0;
      ts.tv_nsec = UTIME_OMIT;
    }
  };
  set(times[0], flags & fstflags::atim, flags & fstflags::atim_now, atim);
  set(times[1], flags & fstflags::mtim, flags & fstflags::mtim_now, mtim);
  return errno_::success;
}

Errno fd_filestat_set_times(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP(d, a.u32(0), rights::fd_filestat_set_times);
  struct timespec times[2];
  if (Errno e = make_times(a.u64(1), a.u64(2), a.u32(3), times); e != errno_::success) return e;
  return ::futimens(d->host, times) == 0 ? errno_::success : from_host_errno(errno);
}

Errno fd_prestat_get(Context::State& s, Guest& mem, const Args& a) {
  Descriptor* d = s.get(a.u32(0));
  if (d == nullptr || d->preopen.empty()) return errno_::badf;
  if (!mem.store<std::uint32_t>(a.u32(1), 0)) return errno_::fault;  // tag 0: a directory
  return mem.store<std::uint32_t>(std::uint64_t{a.u32(1)} + 4, static_cast<std::uint32_t>(d->preopen.size()))
             ? errno_::success
             : errno_::fault;
}

Errno fd_prestat_dir_name(Context::State& s, Guest& mem, const Args& a) {
  Descriptor* d = s.get(a.u32(0));
  if (d == nullptr || d->preopen.empty()) return errno_::badf;
  if (a.u32(2) < d->preopen.size()) return errno_::nametoolong;
  std::uint8_t* p = mem.span(a.u32(1), d->preopen.size());
  if (p == nullptr) return errno_::fault;
  std::memcpy(p, d->preopen.data(), d->preopen.size());
  return errno_::success;
}

Errno transfer(Context::State& s, Guest& mem, const Args& a, bool write, bool positioned) {
  WRT_LOOKUP(d, a.u32(0), write ? rights::fd_write : rights::fd_read);
  if (positioned && !(d->rights_base & rights::fd_seek)) return errno_::notcapable;
  if (d->type == filetype_directory) return errno_::isdir;
  std::vector<struct iovec> iov;
  if (!mem.iovecs(a.u32(1), a.u32(2), iov)) return errno_::fault;
  std::uint32_t result_ptr = positioned ? a.u32(4) : a.u32(3);
  ssize_t n;
  if (positioned) {
    auto offset = static_cast<off_t>(a.u64(3));
    n = write ? ::pwritev(d->host, iov.data(), static_cast<int>(iov.size()), offset)
              : ::preadv(d->host, iov.data(), static_cast<int>(iov.size()), offset);
  } else {
    n = write ? ::writev(d->host, iov.data(), static_cast<int>(iov.size()))
              : ::readv(d->host, iov.data(), static_cast<int>(iov.size()));
  }
  if (n < 0) return from_host_errno(errno);
  return mem.store<std::uint32_t>(result_ptr, static_cast<std::uint32_t>(n)) ? errno_::success : errno_::fault;
}

Errno fd_read(Context::State& s, Guest& mem, const Args& a) { return transfer(s, mem, a, false, false); }
Errno fd_write(Context::State& s, Guest& mem, const Args& a) { return transfer(s, mem, a, true, false); }
Errno fd_pread(Context::State& s, Guest& mem, const Args& a) { return transfer(s, mem, a, false, true); }
Errno fd_pwrite(Context::State& s, Guest& mem, const Args& a) { return transfer(s, mem, a, true, true); }

Errno fd_readdir(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP(any, a.u32(0), 0);
  if (any->type != filetype_directory) return errno_::notdir;  // the type before the rights
  WRT_LOOKUP(d, a.u32(0), rights::fd_readdir);
  const std::uint32_t buffer = a.u32(1);
  const std::uint32_t length = a.u32(2);
  const std::uint64_t cookie = a.u64(3);
  if (mem.span(buffer, length) == nullptr) return errno_::fault;
  // Read the listing from the start each time: the cookie is an entry's position.
  int dup = ::openat(d->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup < 0) return from_host_errno(errno);
  DIR* dir = ::fdopendir(dup);
  if (dir == nullptr) {
    ::close(dup);
    return from_host_errno(errno);
  }
  std::uint32_t used = 0;
  std::uint64_t index = 0;
  while (struct dirent* entry = ::readdir(dir)) {
    if (index++ < cookie) continue;
    const std::uint32_t name_length = static_cast<std::uint32_t>(std::strlen(entry->d_name));
    std::uint8_t header[kDirentSize] = {};
    std::uint64_t next = index;
    std::uint64_t inode = entry->d_ino;
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &inode, 8);
    std::memcpy(header + 16, &name_length, 4);
    Filetype type = filetype_unknown;
    switch (entry->d_type) {
      case DT_REG: type = filetype_regular_file; break;
      case DT_DIR: type = filetype_directory; break;
      case DT_LNK: type = filetype_symbolic_link; break;
      case DT_CHR: type = filetype_character_device; break;
      case DT_BLK: type = filetype_block_device; break;
      case DT_SOCK: type = filetype_socket_stream; break;
      default: break;
    }
    header[20] = type;
    // Entries are copied whole or cut at the end of the buffer (the caller then asks again
    // with a larger one, as the spec describes).
    std::uint8_t* out = mem.span(buffer, length);
    for (std::uint32_t i = 0; i < kDirentSize && used < length; ++i) out[used++] = header[i];
    for (std::uint32_t i = 0; i < name_length && used < length; ++i) out[used++] = static_cast<std::uint8_t>(entry->d_name[i]);
    if (used >= length) break;
  }
  ::closedir(dir);
  return mem.store<std::uint32_t>(a.u32(4), used) ? errno_::success : errno_::fault;
}

Errno fd_renumber(Context::State& s, Guest&, const Args& a) {
  std::uint32_t from = a.u32(0);
  std::uint32_t to = a.u32(1);
  auto source = s.fds.find(from);
  if (source == s.fds.end()) return errno_::badf;
  auto target = s.fds.find(to);
  if (target == s.fds.end()) return errno_::badf;  // the spec: renumbering to a closed fd is EBADF
  if (from == to) return errno_::success;
  ::close(target->second.host);
  target->second = std::move(source->second);
  s.fds.erase(source);
  return errno_::success;
}

// Pipes, terminals and sockets have no position: ESPIPE, before any rights check (what lseek
// answers, and wasmtime).
bool unseekable(Filetype type) {
  return type == filetype_unknown || type == filetype_character_device || type == filetype_socket_stream ||
         type == filetype_socket_dgram;
}

Errno fd_seek(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP(any, a.u32(0), 0);
  if (unseekable(any->type)) return errno_::spipe;
  WRT_LOOKUP(d, a.u32(0), rights::fd_seek);
  static constexpr int kWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  if (a.u32(2) > 2) return errno_::inval;
  if (d->type == filetype_directory) return errno_::badf;
  off_t r = ::lseek(d->host, static_cast<off_t>(a.u64(1)), kWhence[a.u32(2)]);
  if (r < 0) return from_host_errno(errno);
  return mem.store<std::uint64_t>(a.u32(3), static_cast<std::uint64_t>(r)) ? errno_::success : errno_::fault;
}

Errno fd_tell(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP(any, a.u32(0), 0);
  if (unseekable(any->type)) return errno_::spipe;
  WRT_LOOKUP(d, a.u32(0), rights::fd_tell);
  off_t r = ::lseek(d->host, 0, SEEK_CUR);
  if (r < 0) return from_host_errno(errno);
  return mem.store<std::uint64_t>(a.u32(1), static_cast<std::uint64_t>(r)) ? errno_::success : errno_::fault;
}

// --- paths ---------------------------------------------------------------------------------

// The directory descriptor `fd` (with `needed` rights), the guest path, and its resolution.
// `reads_target`: the operation reads what the path names (stat, open), so a trailing slash follows
// a final symlink as POSIX has it ("link/" is the directory the link names).
Errno resolve(Context::State& s, Guest& mem, std::uint32_t fd, std::uint64_t needed, std::uint32_t ptr,
              std::uint32_t length, bool follow, ResolvedPath& out, bool reads_target = false) {
  WRT_LOOKUP(any, fd, 0);
  if (any->type != filetype_directory) return errno_::notdir;  // the type before the rights
  WRT_LOOKUP(d, fd, needed);
  std::string path;
  if (!mem.string(ptr, length, path)) return errno_::fault;
  if (reads_target && path.size() > 1 && path.back() == '/') follow = true;
  return resolve_path(d->host, path, follow, out);
}

Errno path_create_directory(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_create_directory, a.u32(1), a.u32(2), false, p); e != errno_::success) return e;
  return ::mkdirat(p.dir(), p.name().c_str(), 0777) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_filestat_get(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  bool follow = a.u32(1) & lookupflags::symlink_follow;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_filestat_get, a.u32(2), a.u32(3), follow, p, true); e != errno_::success) return e;
  if (Errno e = require_directory(p); e != errno_::success) return e;
  struct stat st {};
  if (::fstatat(p.dir(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return from_host_errno(errno);
  return write_filestat(mem, a.u32(4), st);
}

Errno path_filestat_set_times(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  bool follow = a.u32(1) & lookupflags::symlink_follow;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_filestat_set_times, a.u32(2), a.u32(3), follow, p, true); e != errno_::success) return e;
  if (Errno e = require_directory(p); e != errno_::success) return e;
  struct timespec times[2];
  if (Errno e = make_times(a.u64(4), a.u64(5), a.u32(6), times); e != errno_::success) return e;
  return ::utimensat(p.dir(), p.name().c_str(), times, AT_SYMLINK_NOFOLLOW) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_link(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath from;
  ResolvedPath to;
  bool follow = a.u32(1) & lookupflags::symlink_follow;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_link_source, a.u32(2), a.u32(3), follow, from); e != errno_::success) return e;
  if (Errno e = resolve(s, mem, a.u32(4), rights::path_link_target, a.u32(5), a.u32(6), false, to); e != errno_::success) return e;
  if (from.must_be_directory() || to.must_be_directory()) {
    // Only a directory may be named with a trailing slash, and directories cannot be linked.
    mode_t type = 0;
    if (Errno e = entry_type(from, type); e != errno_::success) return e;
    if (type == 0) return errno_::noent;
    if (type == S_IFDIR) return errno_::perm;
    if (from.must_be_directory()) return errno_::notdir;
    mode_t target = 0;
    if (Errno e = entry_type(to, target); e != errno_::success) return e;
    return target != 0 ? errno_::exist : errno_::noent;
  }
  return ::linkat(from.dir(), from.name().c_str(), to.dir(), to.name().c_str(), 0) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_open(Context::State& s, Guest& mem, const Args& a) {
  const std::uint32_t dir_fd = a.u32(0);
  const bool follow = a.u32(1) & lookupflags::symlink_follow;
  const auto open_flags = static_cast<std::uint16_t>(a.u32(4));
  std::uint64_t wanted_base = a.u64(5);
  std::uint64_t wanted_inheriting = a.u64(6);
  const auto fd_flags = static_cast<std::uint16_t>(a.u32(7));
  std::uint64_t needed = rights::path_open;
  if (open_flags & oflags::creat) needed |= rights::path_create_file;
  if (open_flags & oflags::trunc) needed |= rights::path_filestat_set_size;  // truncating sets the size
  ResolvedPath p;
  if (Errno e = resolve(s, mem, dir_fd, needed, a.u32(2), a.u32(3), follow, p, true); e != errno_::success) return e;
  if ((open_flags & oflags::directory) && (open_flags & (oflags::creat | oflags::excl | oflags::trunc))) {
    return errno_::inval;  // a directory is neither made nor truncated by path_open
  }
  bool directory = open_flags & oflags::directory;
  if (p.must_be_directory()) {
    mode_t type = 0;
    if (Errno e = entry_type(p, type); e != errno_::success) return e;
    if (type == 0) return (open_flags & oflags::creat) ? errno_::isdir : errno_::noent;
    if (type != S_IFDIR) return errno_::notdir;
    directory = true;
  }
  Descriptor* parent = s.get(dir_fd);
  // A new descriptor gets at most what its directory lets it inherit.
  wanted_base &= parent->rights_inheriting;
  wanted_inheriting &= parent->rights_inheriting;

  const bool read = wanted_base & (rights::fd_read | rights::fd_readdir);
  const bool write = wanted_base & (rights::fd_write | rights::fd_datasync | rights::fd_allocate | rights::fd_filestat_set_size);
  int flags = O_CLOEXEC | O_NOFOLLOW;
  if (directory) {
    flags |= O_RDONLY | O_DIRECTORY;
  } else if (write) {
    flags |= read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (open_flags & oflags::creat) flags |= O_CREAT;
  if (open_flags & oflags::excl) flags |= O_EXCL;
  if (open_flags & oflags::trunc) flags |= O_TRUNC;
  if (fd_flags & fdflags::append) flags |= O_APPEND;
  if (fd_flags & fdflags::nonblock) flags |= O_NONBLOCK;
  if (fd_flags & fdflags::dsync) flags |= O_DSYNC;
  if (fd_flags & fdflags::sync) flags |= O_SYNC;
  if (fd_flags & fdflags::rsync) flags |= O_RSYNC;
  int host = ::openat(p.dir(), p.name().c_str(), flags, 0666);
  if (host < 0 && errno == EISDIR && !(open_flags & oflags::directory) && !write) {
    host = ::openat(p.dir(), p.name().c_str(), (flags & ~O_ACCMODE) | O_RDONLY | O_DIRECTORY);  // a directory opened for reading
  }
  if (host < 0) return from_host_errno(errno);
  Descriptor d;
  d.host = host;
  d.type = filetype_of_fd(host);
  if (d.type == filetype_directory && write) {  // a directory is never opened for writing
    ::close(host);
    return errno_::isdir;
  }
  d.rights_base = wanted_base & rights_for(d.type);
  d.rights_inheriting = d.type == filetype_directory ? wanted_inheriting : 0;
  d.flags = fd_flags;
  std::uint32_t fd = s.add(std::move(d));
  if (!mem.store<std::uint32_t>(a.u32(8), fd)) {
    ::close(host);
    s.fds.erase(fd);
    return errno_::fault;
  }
  return errno_::success;
}

Errno path_readlink(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_readlink, a.u32(1), a.u32(2), false, p); e != errno_::success) return e;
  std::uint8_t* out = mem.span(a.u32(3), a.u32(4));
  if (out == nullptr) return errno_::fault;
  ssize_t n = ::readlinkat(p.dir(), p.name().c_str(), reinterpret_cast<char*>(out), a.u32(4));
  if (n < 0) return from_host_errno(errno);
  return mem.store<std::uint32_t>(a.u32(5), static_cast<std::uint32_t>(n)) ? errno_::success : errno_::fault;
}

Errno path_remove_directory(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_remove_directory, a.u32(1), a.u32(2), false, p); e != errno_::success) return e;
  return ::unlinkat(p.dir(), p.name().c_str(), AT_REMOVEDIR) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_rename(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath from;
  ResolvedPath to;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_rename_source, a.u32(1), a.u32(2), false, from); e != errno_::success) return e;
  if (Errno e = resolve(s, mem, a.u32(3), rights::path_rename_target, a.u32(4), a.u32(5), false, to); e != errno_::success) return e;
  if (from.must_be_directory() || to.must_be_directory()) {  // then only a directory may move
    mode_t type = 0;
    if (Errno e = entry_type(from, type); e != errno_::success) return e;
    if (type == 0) return errno_::noent;
    if (type != S_IFDIR) return errno_::notdir;
  }
  return ::renameat(from.dir(), from.name().c_str(), to.dir(), to.name().c_str()) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_symlink(Context::State& s, Guest& mem, const Args& a) {
  std::string target;
  if (!mem.string(a.u32(0), a.u32(1), target)) return errno_::fault;
  ResolvedPath p;
  if (Errno e = resolve(s, mem, a.u32(2), rights::path_symlink, a.u32(3), a.u32(4), false, p); e != errno_::success) return e;
  // A link that could only lead out of the grant is refused (EPERM, as wasmtime): an absolute
  // target, or one whose ".." climb above the preopen from where the link is. Following any
  // link still goes through the sandbox; this keeps such links from being made at all.
  if (!target_stays_inside(target, p.depth())) return errno_::perm;
  if (p.must_be_directory()) {
    mode_t type = 0;
    if (Errno e = entry_type(p, type); e != errno_::success) return e;
    return type != 0 ? errno_::exist : errno_::noent;
  }
  return ::symlinkat(target.c_str(), p.dir(), p.name().c_str()) == 0 ? errno_::success : from_host_errno(errno);
}

Errno path_unlink_file(Context::State& s, Guest& mem, const Args& a) {
  ResolvedPath p;
  if (Errno e = resolve(s, mem, a.u32(0), rights::path_unlink_file, a.u32(1), a.u32(2), false, p); e != errno_::success) return e;
  if (p.must_be_directory()) {  // "f/": not a file to unlink, whatever it is
    mode_t type = 0;
    if (Errno e = entry_type(p, type); e != errno_::success) return e;
    return type == 0 ? errno_::noent : type == S_IFDIR ? errno_::isdir : errno_::notdir;
  }
  return ::unlinkat(p.dir(), p.name().c_str(), 0) == 0 ? errno_::success : from_host_errno(errno);
}

// --- poll ----------------------------------------------------------------------------------

Errno poll_oneoff(Context::State& s, Guest& mem, const Args& a) {
  const std::uint32_t in = a.u32(0);
  const std::uint32_t out = a.u32(1);
  const std::uint32_t count = a.u32(2);
  if (count == 0) return errno_::inval;
  if (mem.span(in, std::uint64_t{count} * kSubscriptionSize) == nullptr ||
      mem.span(out, std::uint64_t{count} * kEventSize) == nullptr) {
    return errno_::fault;
  }
  struct Subscription {
    std::uint64_t userdata;
    std::uint8_t tag;
    std::uint32_t fd;
    std::uint64_t deadline_ns;  // clocks: absolute monotonic deadline
    int pollfd_index = -1;
  };
  std::vector<Subscription> subs(count);
  std::vector<struct pollfd> pollfds;
  struct timespec now_ts {};
  ::clock_gettime(CLOCK_MONOTONIC, &now_ts);
  const std::uint64_t now = nanoseconds(now_ts);
  std::optional<std::uint64_t> earliest;
  std::vector<std::uint8_t> event_errors(count, errno_::success);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t base = std::uint64_t{in} + std::uint64_t{i} * kSubscriptionSize;
    Subscription& sub = subs[i];
    mem.load(base, sub.userdata);
    mem.load(base + 8, sub.tag);
    if (sub.tag == eventtype::clock) {
      std::uint32_t id = 0;
      std::uint64_t timeout = 0;
      std::uint16_t flags = 0;
      mem.load(base + 16, id);
      mem.load(base + 24, timeout);
      mem.load(base + 40, flags);
      clockid_t clock;
      if (!host_clock(id, clock)) {
        event_errors[i] = errno_::inval;
        sub.deadline_ns = now;
        earliest = now;
        continue;
      }
      if (flags & 1) {  // absolute time on that clock: convert to a monotonic deadline
        struct timespec clock_now {};
        ::clock_gettime(clock, &clock_now);
        std::uint64_t c = nanoseconds(clock_now);
        sub.deadline_ns = now + (timeout > c ? timeout - c : 0);
      } else {
        sub.deadline_ns = now + timeout;
      }
      if (!earliest || sub.deadline_ns < *earliest) earliest = sub.deadline_ns;
    } else if (sub.tag == eventtype::fd_read || sub.tag == eventtype::fd_write) {
      mem.load(base + 16, sub.fd);
      Descriptor* d = s.get(sub.fd);
      if (d == nullptr) {
        event_errors[i] = errno_::badf;
        earliest = now;
        continue;
      }
      if (!(d->rights_base & rights::poll_fd_readwrite)) {
        event_errors[i] = errno_::notcapable;
        earliest = now;
        continue;
      }
      sub.pollfd_index = static_cast<int>(pollfds.size());
      pollfds.push_back(pollfd{d->host, static_cast<short>(sub.tag == eventtype::fd_read ? POLLIN : POLLOUT), 0});
    } else {
      event_errors[i] = errno_::inval;
      earliest = now;
    }
  }
  int timeout_ms = -1;
  if (earliest) {
    std::uint64_t wait = *earliest > now ? *earliest - now : 0;
    timeout_ms = static_cast<int>(std::min<std::uint64_t>((wait + 999'999) / 1'000'000, 1u << 30));
  }
  if (!pollfds.empty()) {
    int r;
    do {
      r = ::poll(pollfds.data(), pollfds.size(), timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return from_host_errno(errno);
  } else if (timeout_ms > 0) {
    // Only clocks: sleep until the earliest one is due.
    struct timespec ts {};
    ts.tv_sec = static_cast<time_t>((*earliest - now) / 1'000'000'000ull);
    ts.tv_nsec = static_cast<long>((*earliest - now) % 1'000'000'000ull);
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
  }
  ::clock_gettime(CLOCK_MONOTONIC, &now_ts);
  const std::uint64_t after = nanoseconds(now_ts);
  std::uint32_t events = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const Subscription& sub = subs[i];
    bool fired = event_errors[i] != errno_::success;
    std::uint64_t nbytes = 0;
    std::uint16_t flags = 0;
    if (!fired && sub.tag == eventtype::clock) fired = after >= sub.deadline_ns;
    if (!fired && sub.pollfd_index >= 0) {
      const pollfd& p = pollfds[static_cast<std::size_t>(sub.pollfd_index)];
      fired = p.revents != 0;
      if (p.revents & POLLHUP) flags = 1;  // fd_readwrite_hangup
      if (fired && sub.tag == eventtype::fd_read) {
        int available = 0;
        if (::ioctl(p.fd, FIONREAD, &available) == 0 && available > 0) nbytes = static_cast<std::uint64_t>(available);
      }
    }
    if (!fired) continue;
    std::uint8_t event[kEventSize] = {};
    std::memcpy(event, &sub.userdata, 8);
    std::uint16_t error = event_errors[i];
    std::memcpy(event + 8, &error, 2);
    event[10] = sub.tag;
    std::memcpy(event + 16, &nbytes, 8);
    std::memcpy(event + 24, &flags, 2);
    std::memcpy(mem.span(std::uint64_t{out} + std::uint64_t{events} * kEventSize, kEventSize), event, kEventSize);
    ++events;
  }
  return mem.store<std::uint32_t>(a.u32(3), events) ? errno_::success : errno_::fault;
}

// --- sockets (inherited descriptors) --------------------------------------------------------

// A socket descriptor with `needed` rights: the type is checked before the rights, so a file
// is ENOTSOCK whatever rights it has (as the spec and wasmtime answer).
Errno lookup_socket(Context::State& s, std::uint32_t fd, std::uint64_t needed, Descriptor*& out) {
  if (Errno e = lookup(s, fd, 0, out); e != errno_::success) return e;
  if (out->type != filetype_socket_stream && out->type != filetype_socket_dgram) return errno_::notsock;
  return lookup(s, fd, needed, out);
}
#define WRT_LOOKUP_SOCKET(var, fd, rights)                                      \
  Descriptor* var = nullptr;                                                    \
  if (Errno e_ = lookup_socket(s, fd, rights, var); e_ != errno_::success) return e_

Errno sock_accept(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP_SOCKET(d, a.u32(0), rights::sock_accept);
  int flags = SOCK_CLOEXEC;
  if (a.u32(1) & fdflags::nonblock) flags |= SOCK_NONBLOCK;
  int host = ::accept4(d->host, nullptr, nullptr, flags);
  if (host < 0) return from_host_errno(errno);
  Descriptor n;
  n.host = host;
  n.type = filetype_socket_stream;
  n.rights_base = rights::socket & ~rights::sock_accept;
  n.flags = static_cast<std::uint16_t>(a.u32(1) & fdflags::nonblock);
  std::uint32_t fd = s.add(std::move(n));
  return mem.store<std::uint32_t>(a.u32(2), fd) ? errno_::success : errno_::fault;
}

Errno sock_recv(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP_SOCKET(d, a.u32(0), rights::fd_read);
  std::vector<struct iovec> iov;
  if (!mem.iovecs(a.u32(1), a.u32(2), iov)) return errno_::fault;
  int flags = 0;
  if (a.u32(3) & riflags::recv_peek) flags |= MSG_PEEK;
  if (a.u32(3) & riflags::recv_waitall) flags |= MSG_WAITALL;
  struct msghdr message {};
  message.msg_iov = iov.data();
  message.msg_iovlen = iov.size();
  ssize_t n = ::recvmsg(d->host, &message, flags);
  if (n < 0) return from_host_errno(errno);
  std::uint16_t roflags = (message.msg_flags & MSG_TRUNC) ? 1 : 0;
  if (!mem.store<std::uint32_t>(a.u32(4), static_cast<std::uint32_t>(n))) return errno_::fault;
  return mem.store<std::uint16_t>(a.u32(5), roflags) ? errno_::success : errno_::fault;
}

Errno sock_send(Context::State& s, Guest& mem, const Args& a) {
  WRT_LOOKUP_SOCKET(d, a.u32(0), rights::fd_write);
  std::vector<struct iovec> iov;
  if (!mem.iovecs(a.u32(1), a.u32(2), iov)) return errno_::fault;
  struct msghdr message {};
  message.msg_iov = iov.data();
  message.msg_iovlen = iov.size();
  ssize_t n = ::sendmsg(d->host, &message, MSG_NOSIGNAL);
  if (n < 0) return from_host_errno(errno);
  return mem.store<std::uint32_t>(a.u32(4), static_cast<std::uint32_t>(n)) ? errno_::success : errno_::fault;
}

Errno sock_shutdown(Context::State& s, Guest&, const Args& a) {
  WRT_LOOKUP_SOCKET(d, a.u32(0), rights::sock_shutdown);
  int how;
  switch (a.u32(1)) {
    case sdflags::rd: how = SHUT_RD; break;
    case sdflags::wr: how = SHUT_WR; break;
    case sdflags::rd | sdflags::wr: how = SHUT_RDWR; break;
    default: return errno_::inval;
  }
  return ::shutdown(d->host, how) == 0 ? errno_::success : from_host_errno(errno);
}

Errno proc_exit(Context::State& s, Guest&, const Args& a) {
  s.exited = true;
  s.exit_code = a.u32(0);
  return errno_::success;  // the caller turns this into the end of the execution
}

#undef WRT_LOOKUP

const FunctionInfo kFunctions[] = {
    {"args_get", "ii", true, &args_get},
    {"args_sizes_get", "ii", true, &args_sizes_get},
    {"environ_get", "ii", true, &environ_get},
    {"environ_sizes_get", "ii", true, &environ_sizes_get},
    {"clock_res_get", "ii", true, &clock_res_get},
    {"clock_time_get", "ili", true, &clock_time_get},
    {"fd_advise", "illi", true, &fd_advise},
    {"fd_allocate", "ill", true, &fd_allocate},
    {"fd_close", "i", true, &fd_close},
    {"fd_datasync", "i", true, &fd_datasync},
    {"fd_fdstat_get", "ii", true, &fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, &fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "ill", true, &fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", true, &fd_filestat_get},
    {"fd_filestat_set_size", "il", true, &fd_filestat_set_size},
    {"fd_filestat_set_times", "illi", true, &fd_filestat_set_times},
    {"fd_pread", "iiili", true, &fd_pread},
    {"fd_prestat_get", "ii", true, &fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, &fd_prestat_dir_name},
    {"fd_pwrite", "iiili", true, &fd_pwrite},
    {"fd_read", "iiii", true, &fd_read},
    {"fd_readdir", "iiili", true, &fd_readdir},
    {"fd_renumber", "ii", true, &fd_renumber},
    {"fd_seek", "ilii", true, &fd_seek},
    {"fd_sync", "i", true, &fd_sync},
    {"fd_tell", "ii", true, &fd_tell},
    {"fd_write", "iiii", true, &fd_write},
    {"path_create_directory", "iii", true, &path_create_directory},
    {"path_filestat_get", "iiiii", true, &path_filestat_get},
    {"path_filestat_set_times", "iiiilli", true, &path_filestat_set_times},
    {"path_link", "iiiiiii", true, &path_link},
    {"path_open", "iiiiillii", true, &path_open},
    {"path_readlink", "iiiiii", true, &path_readlink},
    {"path_remove_directory", "iii", true, &path_remove_directory},
    {"path_rename", "iiiiii", true, &path_rename},
    {"path_symlink", "iiiii", true, &path_symlink},
    {"path_unlink_file", "iii", true, &path_unlink_file},
    {"poll_oneoff", "iiii", true, &poll_oneoff},
    {"proc_exit", "i", false, &proc_exit},
    {"proc_raise", "i", true, &proc_raise},
    {"sched_yield", "", true, &sched_yield},
    {"random_get", "ii", true, &random_get},
    {"sock_accept", "iii", true, &sock_accept},
    {"sock_recv", "iiiiii", true, &sock_recv},
    {"sock_send", "iiiii", true, &sock_send},
    {"sock_shutdown", "ii", true, &sock_shutdown},
};

// The runtime-level host function behind every WASI import: user_data is its Binding.
Result<HostAction> dispatch(HostCall& call) noexcept {
  auto* binding = static_cast<Binding*>(call.user_data());
  const FunctionInfo& info = kFunctions[binding->function];
  Guest memory(call);
  Args args(call);
  Errno e = info.handler(*binding->state, memory, args);
  if (!info.returns_errno) {  // proc_exit
    return Error(ErrorCode::process_exit).append_detail("exit code ").append_detail_number(binding->state->exit_code);
  }
  call.slots()[0] = e;
  return HostAction::done;
}

Signature signature_of(const FunctionInfo& info) {
  Signature s;
  for (const char* p = info.params; *p != '\0'; ++p) s.params.push_back(*p == 'l' ? ValType::i64 : ValType::i32);
  if (info.returns_errno) s.results.push_back(ValType::i32);
  return s;
}

}  // namespace

// --- Context -------------------------------------------------------------------------------

Context::Context() : state_(std::make_shared<State>()) {}
Context::~Context() = default;

Result<std::unique_ptr<Context>> Context::create(const Options& options) {
  std::unique_ptr<Context> context(new Context());
  State& s = *context->state_;
  for (std::size_t i = 0; i < std::size(kFunctions); ++i) s.bindings.push_back(Binding{&s, i});
  s.args = options.args;
  s.env = options.env;
  const int std_fds[3] = {options.stdin_fd, options.stdout_fd, options.stderr_fd};
  for (int i = 0; i < 3; ++i) {
    int host = ::fcntl(std_fds[i], F_DUPFD_CLOEXEC, 0);
    if (host < 0) continue;  // a closed standard stream stays closed for the program too
    Descriptor d;
    d.host = host;
    d.type = filetype_of_fd(host);
    d.rights_base = rights_for(d.type);
    s.fds.emplace(static_cast<std::uint32_t>(i), d);
  }
  std::uint32_t next = 3;
  for (const Preopen& p : options.preopens) {
    int host = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (host < 0) {
      return Error(ErrorCode::io_error, "cannot open a directory to grant").append_detail(p.host_path);
    }
    Descriptor d;
    d.host = host;
    d.type = filetype_directory;
    d.rights_base = rights::directory;
    d.rights_inheriting = rights::all;
    d.preopen = p.guest_path.empty() ? "." : p.guest_path;
    s.fds.emplace(next++, d);
  }
  for (int socket : options.sockets) {
    int host = ::fcntl(socket, F_DUPFD_CLOEXEC, 0);
    if (host < 0) return Error(ErrorCode::io_error, "cannot pass a socket to the program").append_detail(std::strerror(errno));
    Descriptor d;
    d.host = host;
    d.type = filetype_of_fd(host);
    if (d.type != filetype_socket_stream && d.type != filetype_socket_dgram) {
      ::close(host);
      return Error(ErrorCode::invalid_argument, "a descriptor passed as a socket is not one");
    }
    d.rights_base = rights_for(d.type);
    s.fds.emplace(next++, d);
  }
  return context;
}

void Context::add_to(ImportMap& imports) {
  for (Binding& b : state_->bindings) {
    const FunctionInfo& info = kFunctions[b.function];
    imports.define_native("wasi_snapshot_preview1", info.name, signature_of(info), &dispatch, &b, state_);
  }
}

Result<void> Context::define(Linker& linker, Store& store) {
  for (Binding& b : state_->bindings) {
    const FunctionInfo& info = kFunctions[b.function];
    Signature sig = signature_of(info);
    FuncType type{std::span<const ValType>(sig.params), std::span<const ValType>(sig.results)};
    FunctionInstance* f = WRT_TRY(store.create_host_function(type, &dispatch, &b));
    WRT_TRY(linker.define("wasi_snapshot_preview1", info.name, ExternVal::function(f)));
  }
  return {};
}

bool Context::exited() const noexcept { return state_->exited; }
std::uint32_t Context::exit_code() const noexcept { return state_->exit_code; }

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const FunctionInfo& info : kFunctions) v.push_back(info.name);
    return v;
  }();
  return names;
}

}  // namespace wrt::wasi
