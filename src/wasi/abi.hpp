// The wasi_snapshot_preview1 ABI: numbers and layouts from the WASI specification
// (witx/typenames.witx of preview 1), and the mapping of host errno values onto WASI's.
#pragma once

#include <cerrno>
#include <cstdint>

namespace wrt::wasi {

using Errno = std::uint16_t;

namespace errno_ {
inline constexpr Errno success = 0, toobig = 1, acces = 2, addrinuse = 3, addrnotavail = 4, afnosupport = 5,
                       again = 6, already = 7, badf = 8, badmsg = 9, busy = 10, canceled = 11, child = 12,
                       connaborted = 13, connrefused = 14, connreset = 15, deadlk = 16, destaddrreq = 17, dom = 18,
                       dquot = 19, exist = 20, fault = 21, fbig = 22, hostunreach = 23, idrm = 24, ilseq = 25,
                       inprogress = 26, intr = 27, inval = 28, io = 29, isconn = 30, isdir = 31, loop = 32,
                       mfile = 33, mlink = 34, msgsize = 35, multihop = 36, nametoolong = 37, netdown = 38,
                       netreset = 39, netunreach = 40, nfile = 41, nobufs = 42, nodev = 43, noent = 44,
                       noexec = 45, nolck = 46, nolink = 47, nomem = 48, nomsg = 49, noprotoopt = 50, nospc = 51,
                       nosys = 52, notconn = 53, notdir = 54, notempty = 55, notrecoverable = 56, notsock = 57,
                       notsup = 58, notty = 59, nxio = 60, overflow = 61, ownerdead = 62, perm = 63, pipe = 64,
                       proto = 65, protonosupport = 66, prototype = 67, range = 68, rofs = 69, spipe = 70,
                       srch = 71, stale = 72, timedout = 73, txtbsy = 74, xdev = 75, notcapable = 76;
}  // namespace errno_

// Host errno -> WASI errno.
inline Errno from_host_errno(int e) {
  switch (e) {
    case 0: return errno_::success;
    case E2BIG: return errno_::toobig;
    case EACCES: return errno_::acces;
    case EADDRINUSE: return errno_::addrinuse;
    case EADDRNOTAVAIL: return errno_::addrnotavail;
    case EAFNOSUPPORT: return errno_::afnosupport;
    case EAGAIN: return errno_::again;
    case EALREADY: return errno_::already;
    case EBADF: return errno_::badf;
    case EBADMSG: return errno_::badmsg;
    case EBUSY: return errno_::busy;
    case ECANCELED: return errno_::canceled;
    case ECHILD: return errno_::child;
    case ECONNABORTED: return errno_::connaborted;
    case ECONNREFUSED: return errno_::connrefused;
    case ECONNRESET: return errno_::connreset;
    case EDEADLK: return errno_::deadlk;
    case EDESTADDRREQ: return errno_::destaddrreq;
    case EDOM: return errno_::dom;
    case EDQUOT: return errno_::dquot;
    case EEXIST: return errno_::exist;
    case EFAULT: return errno_::fault;
    case EFBIG: return errno_::fbig;
    case EHOSTUNREACH: return errno_::hostunreach;
    case EIDRM: return errno_::idrm;
    case EILSEQ: return errno_::ilseq;
    case EINPROGRESS: return errno_::inprogress;
    case EINTR: return errno_::intr;
    case EINVAL: return errno_::inval;
    case EIO: return errno_::io;
    case EISCONN: return errno_::isconn;
    case EISDIR: return errno_::isdir;
    case ELOOP: return errno_::loop;
    case EMFILE: return errno_::mfile;
    case EMLINK: return errno_::mlink;
    case EMSGSIZE: return errno_::msgsize;
    case EMULTIHOP: return errno_::multihop;
    case ENAMETOOLONG: return errno_::nametoolong;
    case ENETDOWN: return errno_::netdown;
    case ENETRESET: return errno_::netreset;
    case ENETUNREACH: return errno_::netunreach;
    case ENFILE: return errno_::nfile;
    case ENOBUFS: return errno_::nobufs;
    case ENODEV: return errno_::nodev;
    case ENOENT: return errno_::noent;
    case ENOEXEC: return errno_::noexec;
    case ENOLCK: return errno_::nolck;
    case ENOLINK: return errno_::nolink;
    case ENOMEM: return errno_::nomem;
    case ENOMSG: return errno_::nomsg;
    case ENOPROTOOPT: return errno_::noprotoopt;
    case ENOSPC: return errno_::nospc;
    case ENOSYS: return errno_::nosys;
    case ENOTCONN: return errno_::notconn;
    case ENOTDIR: return errno_::notdir;
    case ENOTEMPTY: return errno_::notempty;
    case ENOTRECOVERABLE: return errno_::notrecoverable;
    case ENOTSOCK: return errno_::notsock;
    case ENOTSUP: return errno_::notsup;
    case ENOTTY: return errno_::notty;
    case ENXIO: return errno_::nxio;
    case EOVERFLOW: return errno_::overflow;
    case EOWNERDEAD: return errno_::ownerdead;
    case EPERM: return errno_::perm;
    case EPIPE: return errno_::pipe;
    case EPROTO: return errno_::proto;
    case EPROTONOSUPPORT: return errno_::protonosupport;
    case EPROTOTYPE: return errno_::prototype;
    case ERANGE: return errno_::range;
    case EROFS: return errno_::rofs;
    case ESPIPE: return errno_::spipe;
    case ESRCH: return errno_::srch;
    case ESTALE: return errno_::stale;
    case ETIMEDOUT: return errno_::timedout;
    case ETXTBSY: return errno_::txtbsy;
    case EXDEV: return errno_::xdev;
    default: return errno_::io;
  }
}

enum Filetype : std::uint8_t {
  filetype_unknown = 0,
  filetype_block_device = 1,
  filetype_character_device = 2,
  filetype_directory = 3,
  filetype_regular_file = 4,
  filetype_socket_dgram = 5,
  filetype_socket_stream = 6,
  filetype_symbolic_link = 7,
};

namespace rights {
inline constexpr std::uint64_t fd_datasync = 1ull << 0, fd_read = 1ull << 1, fd_seek = 1ull << 2,
                               fd_fdstat_set_flags = 1ull << 3, fd_sync = 1ull << 4, fd_tell = 1ull << 5,
                               fd_write = 1ull << 6, fd_advise = 1ull << 7, fd_allocate = 1ull << 8,
                               path_create_directory = 1ull << 9, path_create_file = 1ull << 10,
                               path_link_source = 1ull << 11, path_link_target = 1ull << 12, path_open = 1ull << 13,
                               fd_readdir = 1ull << 14, path_readlink = 1ull << 15, path_rename_source = 1ull << 16,
                               path_rename_target = 1ull << 17, path_filestat_get = 1ull << 18,
                               path_filestat_set_size = 1ull << 19, path_filestat_set_times = 1ull << 20,
                               fd_filestat_get = 1ull << 21, fd_filestat_set_size = 1ull << 22,
                               fd_filestat_set_times = 1ull << 23, path_symlink = 1ull << 24,
                               path_remove_directory = 1ull << 25, path_unlink_file = 1ull << 26,
                               poll_fd_readwrite = 1ull << 27, sock_shutdown = 1ull << 28, sock_accept = 1ull << 29;
inline constexpr std::uint64_t all = (1ull << 30) - 1;
// What a regular file, a directory and a stream may be granted.
inline constexpr std::uint64_t file = fd_datasync | fd_read | fd_seek | fd_fdstat_set_flags | fd_sync | fd_tell |
                                      fd_write | fd_advise | fd_allocate | fd_filestat_get | fd_filestat_set_size |
                                      fd_filestat_set_times | poll_fd_readwrite;
inline constexpr std::uint64_t directory =
    fd_fdstat_set_flags | fd_sync | fd_advise | path_create_directory | path_create_file | path_link_source |
    path_link_target | path_open | fd_readdir | path_readlink | path_rename_source | path_rename_target |
    path_filestat_get | path_filestat_set_size | path_filestat_set_times | fd_filestat_get | fd_filestat_set_times |
    path_symlink | path_remove_directory | path_unlink_file;
inline constexpr std::uint64_t stream = fd_read | fd_write | fd_fdstat_set_flags | fd_filestat_get | poll_fd_readwrite;
inline constexpr std::uint64_t socket = stream | sock_shutdown | sock_accept;
}  // namespace rights

namespace oflags {
inline constexpr std::uint16_t creat = 1, directory = 2, excl = 4, trunc = 8;
}
namespace fdflags {
inline constexpr std::uint16_t append = 1, dsync = 2, nonblock = 4, rsync = 8, sync = 16;
}
namespace lookupflags {
inline constexpr std::uint32_t symlink_follow = 1;
}
namespace fstflags {
inline constexpr std::uint16_t atim = 1, atim_now = 2, mtim = 4, mtim_now = 8;
}
namespace clockid {
inline constexpr std::uint32_t realtime = 0, monotonic = 1, process_cputime = 2, thread_cputime = 3;
}
namespace eventtype {
inline constexpr std::uint8_t clock = 0, fd_read = 1, fd_write = 2;
}
namespace riflags {
inline constexpr std::uint16_t recv_peek = 1, recv_waitall = 2;
}
namespace sdflags {
inline constexpr std::uint8_t rd = 1, wr = 2;
}

// Struct sizes in guest memory.
inline constexpr std::uint32_t kIovecSize = 8;
inline constexpr std::uint32_t kFdstatSize = 24;
inline constexpr std::uint32_t kFilestatSize = 64;
inline constexpr std::uint32_t kPrestatSize = 8;
inline constexpr std::uint32_t kDirentSize = 24;
inline constexpr std::uint32_t kSubscriptionSize = 48;
inline constexpr std::uint32_t kEventSize = 32;

}  // namespace wrt::wasi
