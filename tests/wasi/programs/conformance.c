// wasi_snapshot_preview1 through its error cases, on the raw functions (wasi/api.h), each
// checked against the errno the specification gives (the witx documentation of
// wasi_snapshot_preview1) and, where the witx is silent, what wasmtime answers (its preview-1
// implementation on Linux, which follows POSIX: the answers of the same calls on Linux). Where
// node's WASI (uvwasi) answers otherwise, the comment says so; the spec wins.
//
// Runs in the harness's sandbox: /sandbox is the only preopen and holds inside.txt.
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

#include "check.h"

static const char* errno_name(__wasi_errno_t e) {
  switch (e) {
    case __WASI_ERRNO_SUCCESS: return "SUCCESS";
    case __WASI_ERRNO_BADF: return "BADF";
    case __WASI_ERRNO_EXIST: return "EXIST";
    case __WASI_ERRNO_INVAL: return "INVAL";
    case __WASI_ERRNO_ISDIR: return "ISDIR";
    case __WASI_ERRNO_LOOP: return "LOOP";
    case __WASI_ERRNO_NOENT: return "NOENT";
    case __WASI_ERRNO_NOTCAPABLE: return "NOTCAPABLE";
    case __WASI_ERRNO_NOTDIR: return "NOTDIR";
    case __WASI_ERRNO_NOTEMPTY: return "NOTEMPTY";
    case __WASI_ERRNO_NOTSOCK: return "NOTSOCK";
    case __WASI_ERRNO_PERM: return "PERM";
    case __WASI_ERRNO_SPIPE: return "SPIPE";
    case __WASI_ERRNO_NAMETOOLONG: return "NAMETOOLONG";
    default: return "other";
  }
}

// One errno check: prints PASS/FAIL with the name, the answer and the expected one.
#define EXPECT(name, call, expected)                                                          \
  do {                                                                                        \
    __wasi_errno_t got_ = (call);                                                             \
    if (got_ == (expected)) {                                                                 \
      printf("PASS %s: %s\n", name, errno_name(got_));                                        \
    } else {                                                                                  \
      printf("FAIL %s: got %s (%u), expected %s\n", name, errno_name(got_), got_, errno_name(expected)); \
      ++g_failures;                                                                           \
    }                                                                                         \
  } while (0)

static __wasi_fd_t sandbox = 0;

static __wasi_errno_t open_at(__wasi_fd_t dir, const char* path, __wasi_lookupflags_t lookup, __wasi_oflags_t oflags,
                              __wasi_rights_t base, __wasi_rights_t inheriting, __wasi_fdflags_t fdflags, __wasi_fd_t* fd) {
  return __wasi_path_open(dir, lookup, path, oflags, base, inheriting, fdflags, fd);
}

static const __wasi_rights_t kAll = ~(__wasi_rights_t)0;
static const __wasi_rights_t kFileRead = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                                         __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS;
static const __wasi_rights_t kFileWrite = kFileRead | __WASI_RIGHTS_FD_WRITE;

static __wasi_errno_t write_file(const char* path, const char* text) {
  __wasi_fd_t fd;
  __wasi_errno_t e = open_at(sandbox, path, 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, kFileWrite, 0, 0, &fd);
  if (e != __WASI_ERRNO_SUCCESS) return e;
  __wasi_ciovec_t iov = {(const uint8_t*)text, strlen(text)};
  __wasi_size_t n;
  e = __wasi_fd_write(fd, &iov, 1, &n);
  (void)__wasi_fd_close(fd);
  return e;
}

static void find_sandbox(void) {
  for (__wasi_fd_t fd = 3; fd < 64; ++fd) {
    __wasi_prestat_t pre;
    if (__wasi_fd_prestat_get(fd, &pre) != __WASI_ERRNO_SUCCESS) continue;
    char name[64] = {0};
    if (pre.u.dir.pr_name_len < sizeof name && __wasi_fd_prestat_dir_name(fd, (uint8_t*)name, pre.u.dir.pr_name_len) == 0 &&
        strcmp(name, "/sandbox") == 0) {
      sandbox = fd;
      return;
    }
  }
}

// --- bad descriptors ----------------------------------------------------------------------

static void bad_descriptors(void) {
  const __wasi_fd_t bad = 1000;
  uint8_t buffer[16];
  __wasi_iovec_t iov = {buffer, sizeof buffer};
  __wasi_ciovec_t ciov = {buffer, sizeof buffer};
  __wasi_size_t n;
  __wasi_filesize_t position;
  __wasi_fdstat_t fdstat;
  __wasi_filestat_t filestat;
  __wasi_prestat_t prestat;
  __wasi_fd_t out;
  EXPECT("fd_close of a closed fd", __wasi_fd_close(bad), __WASI_ERRNO_BADF);
  EXPECT("fd_read of a closed fd", __wasi_fd_read(bad, &iov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT("fd_write of a closed fd", __wasi_fd_write(bad, &ciov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT("fd_seek of a closed fd", __wasi_fd_seek(bad, 0, __WASI_WHENCE_SET, &position), __WASI_ERRNO_BADF);
  EXPECT("fd_tell of a closed fd", __wasi_fd_tell(bad, &position), __WASI_ERRNO_BADF);
  EXPECT("fd_fdstat_get of a closed fd", __wasi_fd_fdstat_get(bad, &fdstat), __WASI_ERRNO_BADF);
  EXPECT("fd_filestat_get of a closed fd", __wasi_fd_filestat_get(bad, &filestat), __WASI_ERRNO_BADF);
  EXPECT("fd_readdir of a closed fd", __wasi_fd_readdir(bad, buffer, sizeof buffer, 0, &n), __WASI_ERRNO_BADF);
  EXPECT("fd_prestat_get of a closed fd", __wasi_fd_prestat_get(bad, &prestat), __WASI_ERRNO_BADF);
  EXPECT("fd_renumber from a closed fd", __wasi_fd_renumber(bad, sandbox), __WASI_ERRNO_BADF);
  EXPECT("path_open in a closed fd", open_at(bad, "x", 0, 0, kFileRead, 0, 0, &out), __WASI_ERRNO_BADF);
  EXPECT("fd_sync of a closed fd", __wasi_fd_sync(bad), __WASI_ERRNO_BADF);
}

// --- wrong descriptor types -----------------------------------------------------------------

static void wrong_types(void) {
  __wasi_fd_t file;
  if (open_at(sandbox, "inside.txt", 0, 0, kFileRead | __WASI_RIGHTS_SOCK_SHUTDOWN, 0, 0, &file) != 0) {
    CHECK("open inside.txt", 0);
    return;
  }
  __wasi_fd_t out;
  uint8_t buffer[64];
  __wasi_size_t n;
  __wasi_iovec_t iov = {buffer, sizeof buffer};
  __wasi_ciovec_t ciov = {buffer, 1};
  __wasi_roflags_t roflags;
  __wasi_prestat_t prestat;
  EXPECT("path_open relative to a file", open_at(file, "x", 0, 0, kFileRead, 0, 0, &out), __WASI_ERRNO_NOTDIR);
  EXPECT("path_create_directory in a file", __wasi_path_create_directory(file, "x"), __WASI_ERRNO_NOTDIR);
  EXPECT("fd_readdir of a file", __wasi_fd_readdir(file, buffer, sizeof buffer, 0, &n), __WASI_ERRNO_NOTDIR);
  // sock_* on a file: the type is checked before the rights (wasmtime: ENOTSOCK).
  EXPECT("sock_shutdown of a file", __wasi_sock_shutdown(file, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
  EXPECT("sock_recv of a file", __wasi_sock_recv(file, &iov, 1, 0, &n, &roflags), __WASI_ERRNO_NOTSOCK);
  EXPECT("sock_send of a file", __wasi_sock_send(file, &ciov, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
  EXPECT("sock_accept of a file", __wasi_sock_accept(file, 0, &out), __WASI_ERRNO_NOTSOCK);
  EXPECT("sock_shutdown of a directory", __wasi_sock_shutdown(sandbox, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
  // A descriptor that is not a preopen has no prestat.
  EXPECT("fd_prestat_get of an opened file", __wasi_fd_prestat_get(file, &prestat), __WASI_ERRNO_BADF);
  (void)__wasi_fd_close(file);
}

// --- rights -------------------------------------------------------------------------------

static void rights(void) {
  __wasi_fd_t file;
  uint8_t buffer[8] = "abc";
  __wasi_ciovec_t ciov = {buffer, 3};
  __wasi_iovec_t iov = {buffer, sizeof buffer};
  __wasi_size_t n;
  EXPECT("write_file rights.txt", write_file("rights.txt", "rights"), __WASI_ERRNO_SUCCESS);
  // Opened for reading only: writing is not in its rights.
  EXPECT("open read-only", open_at(sandbox, "rights.txt", 0, 0, kFileRead, 0, 0, &file), __WASI_ERRNO_SUCCESS);
  EXPECT("fd_write without FD_WRITE", __wasi_fd_write(file, &ciov, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("fd_allocate without FD_ALLOCATE", __wasi_fd_allocate(file, 0, 10), __WASI_ERRNO_NOTCAPABLE);
  // Rights only shrink.
  EXPECT("fd_fdstat_set_rights drops FD_READ",
         __wasi_fd_fdstat_set_rights(file, kFileRead & ~__WASI_RIGHTS_FD_READ, 0), __WASI_ERRNO_SUCCESS);
  EXPECT("fd_read after FD_READ was dropped", __wasi_fd_read(file, &iov, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("fd_fdstat_set_rights cannot add", __wasi_fd_fdstat_set_rights(file, kFileRead, 0), __WASI_ERRNO_NOTCAPABLE);
  (void)__wasi_fd_close(file);

  // A directory whose rights allow opening but not creating, truncating or making directories.
  EXPECT("path_create_directory limited", __wasi_path_create_directory(sandbox, "limited"), __WASI_ERRNO_SUCCESS);
  EXPECT("write_file limited/f", write_file("limited/f", "data"), __WASI_ERRNO_SUCCESS);
  __wasi_fd_t dir;
  const __wasi_rights_t dir_rights = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_FILESTAT_GET;
  EXPECT("open limited", open_at(sandbox, "limited", 0, __WASI_OFLAGS_DIRECTORY, dir_rights, kFileWrite, 0, &dir),
         __WASI_ERRNO_SUCCESS);
  EXPECT("O_CREAT without PATH_CREATE_FILE", open_at(dir, "new", 0, __WASI_OFLAGS_CREAT, kFileWrite, 0, 0, &file),
         __WASI_ERRNO_NOTCAPABLE);
  // Truncating sets the size: PATH_FILESTAT_SET_SIZE (wasmtime; node ignores it).
  EXPECT("O_TRUNC without PATH_FILESTAT_SET_SIZE", open_at(dir, "f", 0, __WASI_OFLAGS_TRUNC, kFileWrite, 0, 0, &file),
         __WASI_ERRNO_NOTCAPABLE);
  EXPECT("path_create_directory without its right", __wasi_path_create_directory(dir, "sub"), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("path_unlink_file without its right", __wasi_path_unlink_file(dir, "f"), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("plain open still works", open_at(dir, "f", 0, 0, kFileRead, 0, 0, &file), __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(file);
  (void)__wasi_fd_close(dir);
  (void)__wasi_path_unlink_file(sandbox, "limited/f");
  (void)__wasi_path_remove_directory(sandbox, "limited");
  (void)__wasi_path_unlink_file(sandbox, "rights.txt");
}

// --- paths --------------------------------------------------------------------------------

static void paths(void) {
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT("empty path", open_at(sandbox, "", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOENT);
  EXPECT("absolute path", open_at(sandbox, "/etc/passwd", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("dot-dot out of the preopen", open_at(sandbox, "../x", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOTCAPABLE);
  EXPECT("missing file", open_at(sandbox, "nothere", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOENT);
  EXPECT("file as a directory", open_at(sandbox, "inside.txt/x", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOTDIR);
  EXPECT("path_create_directory d", __wasi_path_create_directory(sandbox, "d"), __WASI_ERRNO_SUCCESS);
  EXPECT("empty components and dots", __wasi_path_filestat_get(sandbox, 0, "d//./../inside.txt", &st), __WASI_ERRNO_SUCCESS);
  EXPECT("path_create_directory of an existing name", __wasi_path_create_directory(sandbox, "d"), __WASI_ERRNO_EXIST);
  EXPECT("write_file d/f", write_file("d/f", "f"), __WASI_ERRNO_SUCCESS);
  EXPECT("path_remove_directory of a non-empty one", __wasi_path_remove_directory(sandbox, "d"), __WASI_ERRNO_NOTEMPTY);
  EXPECT("path_remove_directory of a file", __wasi_path_remove_directory(sandbox, "inside.txt"), __WASI_ERRNO_NOTDIR);
  EXPECT("path_unlink_file of a directory", __wasi_path_unlink_file(sandbox, "d"), __WASI_ERRNO_ISDIR);
  EXPECT("path_readlink of a file", __wasi_path_readlink(sandbox, "inside.txt", (uint8_t*)&st, 8, &(__wasi_size_t){0}),
         __WASI_ERRNO_INVAL);

  // A trailing slash means "this must be a directory" (POSIX), for every path function.
  EXPECT("path_create_directory nd/", __wasi_path_create_directory(sandbox, "nd/"), __WASI_ERRNO_SUCCESS);
  EXPECT("path_filestat_get nd/", __wasi_path_filestat_get(sandbox, 0, "nd/", &st), __WASI_ERRNO_SUCCESS);
  EXPECT("rename nd/ to md", __wasi_path_rename(sandbox, "nd/", sandbox, "md"), __WASI_ERRNO_SUCCESS);
  EXPECT("rename md to nd/", __wasi_path_rename(sandbox, "md", sandbox, "nd/"), __WASI_ERRNO_SUCCESS);
  EXPECT("path_remove_directory nd/", __wasi_path_remove_directory(sandbox, "nd/"), __WASI_ERRNO_SUCCESS);
  EXPECT("rename of a file to x/", __wasi_path_rename(sandbox, "d/f", sandbox, "x/"), __WASI_ERRNO_NOTDIR);
  EXPECT("rename of f/", __wasi_path_rename(sandbox, "d/f/", sandbox, "x"), __WASI_ERRNO_NOTDIR);
  EXPECT("path_unlink_file inside.txt/", __wasi_path_unlink_file(sandbox, "inside.txt/"), __WASI_ERRNO_NOTDIR);
  EXPECT("path_unlink_file d/", __wasi_path_unlink_file(sandbox, "d/"), __WASI_ERRNO_ISDIR);
  EXPECT("path_remove_directory inside.txt/", __wasi_path_remove_directory(sandbox, "inside.txt/"), __WASI_ERRNO_NOTDIR);
  EXPECT("path_open inside.txt/", open_at(sandbox, "inside.txt/", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_NOTDIR);
  EXPECT("path_open new/ with O_CREAT", open_at(sandbox, "new/", 0, __WASI_OFLAGS_CREAT, kFileWrite, 0, 0, &fd),
         __WASI_ERRNO_ISDIR);
  EXPECT("path_filestat_get inside.txt/", __wasi_path_filestat_get(sandbox, 0, "inside.txt/", &st), __WASI_ERRNO_NOTDIR);
  EXPECT("path_open d/", open_at(sandbox, "d/", 0, 0, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd), __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(fd);
  EXPECT("path_link to new/", __wasi_path_link(sandbox, 0, "d/f", sandbox, "new/"), __WASI_ERRNO_NOENT);
  EXPECT("path_link of a directory", __wasi_path_link(sandbox, 0, "d", sandbox, "e"), __WASI_ERRNO_PERM);
  EXPECT("path_symlink to new/", __wasi_path_symlink("d", sandbox, "new/"), __WASI_ERRNO_NOENT);
  (void)__wasi_path_unlink_file(sandbox, "d/f");
  (void)__wasi_path_remove_directory(sandbox, "d");
}

// --- symlinks -----------------------------------------------------------------------------

static void symlinks(void) {
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  char link[64];
  __wasi_size_t used = 0;
  // Links that could only lead out of the grant are not made (wasmtime: EPERM).
  EXPECT("path_symlink to /", __wasi_path_symlink("/", sandbox, "abs"), __WASI_ERRNO_PERM);
  EXPECT("path_symlink to /etc/passwd", __wasi_path_symlink("/etc/passwd", sandbox, "abs"), __WASI_ERRNO_PERM);
  EXPECT("path_symlink to ..", __wasi_path_symlink("..", sandbox, "up"), __WASI_ERRNO_PERM);
  EXPECT("path_symlink to d/../../x", __wasi_path_symlink("d/../../x", sandbox, "up"), __WASI_ERRNO_PERM);
  EXPECT("path_create_directory d", __wasi_path_create_directory(sandbox, "d"), __WASI_ERRNO_SUCCESS);
  EXPECT("path_symlink d/back to ../inside.txt", __wasi_path_symlink("../inside.txt", sandbox, "d/back"),
         __WASI_ERRNO_SUCCESS);
  EXPECT("path_symlink d/out to ../../x", __wasi_path_symlink("../../x", sandbox, "d/out"), __WASI_ERRNO_PERM);
  EXPECT("path_symlink over an existing name", __wasi_path_symlink("inside.txt", sandbox, "d/back"), __WASI_ERRNO_EXIST);
  EXPECT("follow d/back", open_at(sandbox, "d/back", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, kFileRead, 0, 0, &fd),
         __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(fd);
  // Opening a symlink without following it is ELOOP (O_NOFOLLOW), as wasmtime and Linux.
  EXPECT("open d/back without following", open_at(sandbox, "d/back", 0, 0, kFileRead, 0, 0, &fd), __WASI_ERRNO_LOOP);
  EXPECT("path_readlink d/back", __wasi_path_readlink(sandbox, "d/back", (uint8_t*)link, sizeof link, &used),
         __WASI_ERRNO_SUCCESS);
  CHECK("path_readlink gives the target", used == 13 && memcmp(link, "../inside.txt", 13) == 0);
  EXPECT("path_readlink into 4 bytes", __wasi_path_readlink(sandbox, "d/back", (uint8_t*)link, 4, &used),
         __WASI_ERRNO_SUCCESS);
  CHECK("path_readlink truncates to the buffer", used == 4 && memcmp(link, "../i", 4) == 0);
  EXPECT("path_symlink dangling", __wasi_path_symlink("nothere", sandbox, "d/dangling"), __WASI_ERRNO_SUCCESS);
  EXPECT("follow a dangling link", open_at(sandbox, "d/dangling", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, kFileRead, 0, 0, &fd),
         __WASI_ERRNO_NOENT);
  EXPECT("lstat of a dangling link", __wasi_path_filestat_get(sandbox, 0, "d/dangling", &st), __WASI_ERRNO_SUCCESS);
  CHECK("it is a symlink", st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT("path_symlink dl to d", __wasi_path_symlink("d", sandbox, "dl"), __WASI_ERRNO_SUCCESS);
  // "dl/" names the directory the link names for lookups, and is not a directory to rename.
  EXPECT("path_filestat_get dl/", __wasi_path_filestat_get(sandbox, 0, "dl/", &st), __WASI_ERRNO_SUCCESS);
  CHECK("dl/ is the directory", st.filetype == __WASI_FILETYPE_DIRECTORY);
  EXPECT("rename dl/", __wasi_path_rename(sandbox, "dl/", sandbox, "x"), __WASI_ERRNO_NOTDIR);
  EXPECT("path_remove_directory dl/", __wasi_path_remove_directory(sandbox, "dl/"), __WASI_ERRNO_NOTDIR);
  (void)__wasi_path_unlink_file(sandbox, "dl");
  (void)__wasi_path_unlink_file(sandbox, "d/back");
  (void)__wasi_path_unlink_file(sandbox, "d/dangling");
  (void)__wasi_path_remove_directory(sandbox, "d");
}

// --- open flags ---------------------------------------------------------------------------

static void open_flags(void) {
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT("O_DIRECTORY on a file", open_at(sandbox, "inside.txt", 0, __WASI_OFLAGS_DIRECTORY, kFileRead, 0, 0, &fd),
         __WASI_ERRNO_NOTDIR);
  EXPECT("O_CREAT|O_EXCL on an existing file",
         open_at(sandbox, "inside.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, kFileWrite, 0, 0, &fd), __WASI_ERRNO_EXIST);
  // A directory is never opened for writing.
  EXPECT("O_DIRECTORY with FD_WRITE",
         open_at(sandbox, ".", 0, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd),
         __WASI_ERRNO_ISDIR);
  EXPECT("a directory with FD_WRITE", open_at(sandbox, ".", 0, 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), __WASI_ERRNO_ISDIR);
  EXPECT("O_DIRECTORY|O_CREAT", open_at(sandbox, "newdir", 0, __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, kFileRead, 0, 0, &fd),
         __WASI_ERRNO_INVAL);
  EXPECT("O_DIRECTORY read-only", open_at(sandbox, ".", 0, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd),
         __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(fd);
  EXPECT("write_file t.txt", write_file("t.txt", "some text"), __WASI_ERRNO_SUCCESS);
  EXPECT("O_TRUNC", open_at(sandbox, "t.txt", 0, __WASI_OFLAGS_TRUNC, kFileWrite, 0, 0, &fd), __WASI_ERRNO_SUCCESS);
  EXPECT("fd_filestat_get", __wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS);
  CHECK("O_TRUNC empties the file", st.size == 0);
  (void)__wasi_fd_close(fd);
  EXPECT("O_CREAT|O_EXCL of a new file", open_at(sandbox, "t2.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, kFileWrite, 0, 0, &fd),
         __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(fd);
  (void)__wasi_path_unlink_file(sandbox, "t.txt");
  (void)__wasi_path_unlink_file(sandbox, "t2.txt");
}

// --- fd_readdir ---------------------------------------------------------------------------

static int count_entries(const uint8_t* buffer, __wasi_size_t used, __wasi_dircookie_t* second_cookie) {
  int count = 0;
  __wasi_size_t at = 0;
  while (at + sizeof(__wasi_dirent_t) <= used) {
    __wasi_dirent_t entry;
    memcpy(&entry, buffer + at, sizeof entry);
    if (count == 0 && second_cookie != NULL) *second_cookie = entry.d_next;
    at += sizeof(__wasi_dirent_t) + entry.d_namlen;
    if (at <= used) ++count;
  }
  return count;
}

static void readdir_cases(void) {
  EXPECT("path_create_directory r", __wasi_path_create_directory(sandbox, "r"), __WASI_ERRNO_SUCCESS);
  write_file("r/a", "a");
  write_file("r/b", "b");
  write_file("r/c", "c");
  __wasi_fd_t dir;
  EXPECT("open r", open_at(sandbox, "r", 0, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &dir), __WASI_ERRNO_SUCCESS);
  static uint8_t buffer[4096];
  __wasi_size_t used = 0;
  __wasi_dircookie_t second = 0;
  EXPECT("fd_readdir all", __wasi_fd_readdir(dir, buffer, sizeof buffer, 0, &used), __WASI_ERRNO_SUCCESS);
  CHECK("fd_readdir lists . .. a b c", count_entries(buffer, used, &second) == 5 && used < sizeof buffer);
  EXPECT("fd_readdir from the second cookie", __wasi_fd_readdir(dir, buffer, sizeof buffer, second, &used), __WASI_ERRNO_SUCCESS);
  CHECK("the rest is four entries", count_entries(buffer, used, NULL) == 4);
  // A buffer too small for everything is filled completely: bufused == buffer size means "more".
  EXPECT("fd_readdir into 30 bytes", __wasi_fd_readdir(dir, buffer, 30, 0, &used), __WASI_ERRNO_SUCCESS);
  CHECK("a small buffer is filled", used == 30);
  EXPECT("fd_readdir past the end", __wasi_fd_readdir(dir, buffer, sizeof buffer, 1000, &used), __WASI_ERRNO_SUCCESS);
  CHECK("past the end there is nothing", used == 0);
  (void)__wasi_fd_close(dir);
  (void)__wasi_path_unlink_file(sandbox, "r/a");
  (void)__wasi_path_unlink_file(sandbox, "r/b");
  (void)__wasi_path_unlink_file(sandbox, "r/c");
  (void)__wasi_path_remove_directory(sandbox, "r");
}

// --- fd_seek, flags -------------------------------------------------------------------------

static void seek_and_flags(void) {
  __wasi_fd_t fd;
  __wasi_filesize_t position = 0;
  EXPECT("write_file s.txt", write_file("s.txt", "0123456789"), __WASI_ERRNO_SUCCESS);
  EXPECT("open s.txt", open_at(sandbox, "s.txt", 0, 0, kFileWrite, 0, 0, &fd), __WASI_ERRNO_SUCCESS);
  EXPECT("fd_seek past the end", __wasi_fd_seek(fd, 100, __WASI_WHENCE_SET, &position), __WASI_ERRNO_SUCCESS);
  CHECK("the position is past the end", position == 100);
  EXPECT("fd_seek to a negative position", __wasi_fd_seek(fd, -200, __WASI_WHENCE_CUR, &position), __WASI_ERRNO_INVAL);
  EXPECT("fd_tell after the failed seek", __wasi_fd_tell(fd, &position), __WASI_ERRNO_SUCCESS);
  CHECK("a failed seek leaves the position", position == 100);
  EXPECT("fd_seek with a bad whence", __wasi_fd_seek(fd, 0, 7, &position), __WASI_ERRNO_INVAL);
  EXPECT("fd_seek from the end", __wasi_fd_seek(fd, -3, __WASI_WHENCE_END, &position), __WASI_ERRNO_SUCCESS);
  CHECK("seek from the end", position == 7);
  // APPEND: every write goes to the end, wherever the position was.
  EXPECT("fd_fdstat_set_flags APPEND", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_SUCCESS);
  __wasi_fdstat_t fdstat;
  EXPECT("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &fdstat), __WASI_ERRNO_SUCCESS);
  CHECK("the flags say APPEND", (fdstat.fs_flags & __WASI_FDFLAGS_APPEND) != 0);
  (void)__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &position);
  __wasi_ciovec_t iov = {(const uint8_t*)"AB", 2};
  __wasi_size_t n;
  EXPECT("fd_write with APPEND", __wasi_fd_write(fd, &iov, 1, &n), __WASI_ERRNO_SUCCESS);
  __wasi_filestat_t st;
  (void)__wasi_fd_filestat_get(fd, &st);
  CHECK("APPEND wrote at the end", st.size == 12);
  EXPECT("fd_fdstat_set_flags NONBLOCK", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK), __WASI_ERRNO_SUCCESS);
  (void)__wasi_fd_close(fd);
  (void)__wasi_path_unlink_file(sandbox, "s.txt");
  // A pipe or terminal (stdout here is a pipe) cannot seek.
  EXPECT("fd_seek of stdout (a pipe)", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &position), __WASI_ERRNO_SPIPE);
}

// --- poll_oneoff ----------------------------------------------------------------------------

static void poll_cases(void) {
  __wasi_subscription_t subs[3];
  __wasi_event_t events[3];
  __wasi_size_t n = 0;
  memset(subs, 0, sizeof subs);
  EXPECT("poll_oneoff with nothing", __wasi_poll_oneoff(subs, events, 0, &n), __WASI_ERRNO_INVAL);
  subs[0].userdata = 11;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 1000000;  // 1 ms, relative
  EXPECT("poll_oneoff on a 1 ms clock", __wasi_poll_oneoff(subs, events, 1, &n), __WASI_ERRNO_SUCCESS);
  CHECK("the clock fired", n == 1 && events[0].userdata == 11 && events[0].type == __WASI_EVENTTYPE_CLOCK &&
                               events[0].error == __WASI_ERRNO_SUCCESS);
  __wasi_fd_t fd;
  open_at(sandbox, "inside.txt", 0, 0, kFileRead | __WASI_RIGHTS_POLL_FD_READWRITE, 0, 0, &fd);
  subs[1].userdata = 22;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = fd;
  subs[0].u.u.clock.timeout = 1000000000;  // 1 s: the file is ready long before
  EXPECT("poll_oneoff on a file", __wasi_poll_oneoff(subs, events, 2, &n), __WASI_ERRNO_SUCCESS);
  CHECK("a regular file is ready at once", n == 1 && events[0].userdata == 22 && events[0].error == __WASI_ERRNO_SUCCESS);
  subs[1].u.u.fd_read.file_descriptor = 1000;
  EXPECT("poll_oneoff on a closed fd", __wasi_poll_oneoff(subs, events, 2, &n), __WASI_ERRNO_SUCCESS);
  CHECK("the event carries BADF", n >= 1 && events[0].userdata == 22 && events[0].error == __WASI_ERRNO_BADF);
  (void)__wasi_fd_close(fd);
}

int main(void) {
  find_sandbox();
  if (sandbox == 0) {
    printf("FAIL no /sandbox preopen\n");
    return 1;
  }
  bad_descriptors();
  wrong_types();
  rights();
  paths();
  symlinks();
  open_flags();
  readdir_cases();
  seek_and_flags();
  poll_cases();
  return done();
}
