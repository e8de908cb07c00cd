// Every way out of the granted directory must be refused; the directory itself stays usable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static int refused(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  return 1;
}

int main(void) {
  // The host created /sandbox/inside.txt and, outside the sandbox, ../outside.txt.
  CHECK("inside is readable", !refused("/sandbox/inside.txt"));
  CHECK("dot-dot out", refused("/sandbox/../outside.txt"));
  CHECK("deep dot-dot out", refused("/sandbox/a/../../outside.txt"));
  CHECK("absolute host path", refused("/etc/passwd"));
  CHECK("absolute path through the root", refused("/../etc/passwd"));
  // Links that could only lead out are not made (EPERM)...
  errno = 0;
  CHECK("symlink with an absolute target refused", symlink("/etc", "/sandbox/abs2") == -1 && errno == EPERM);
  errno = 0;
  CHECK("symlink to the parent refused", symlink("..", "/sandbox/up2") == -1 && errno == EPERM);
  // ...and those made outside WASI (the harness made abs -> /etc, up -> .., upup -> up/up in the
  // granted directory) are never followed out.
  CHECK("absolute symlink not followed out", refused("/sandbox/abs/passwd"));
  CHECK("relative symlink out refused", refused("/sandbox/up/outside.txt"));
  CHECK("symlink chain out", refused("/sandbox/upup/outside.txt"));
  CHECK("symlink loop creation", symlink("loop2", "/sandbox/loop1") == 0 && symlink("loop1", "/sandbox/loop2") == 0);
  errno = 0;
  CHECK("symlink loop is ELOOP", refused("/sandbox/loop1") && errno == ELOOP);
  CHECK("symlink inside is followed", symlink("inside.txt", "/sandbox/ok") == 0 && !refused("/sandbox/ok"));
  CHECK("inner dir symlink", mkdir("/sandbox/d", 0755) == 0 && symlink("../inside.txt", "/sandbox/d/back") == 0 &&
                                 !refused("/sandbox/d/back"));
  // A path far longer than any real one.
  static char long_path[8192];
  strcpy(long_path, "/sandbox/");
  while (strlen(long_path) < sizeof long_path - 8) strcat(long_path, "a/../");
  strcat(long_path, "x");
  CHECK("very long path fails cleanly", refused(long_path));
  static char long_name[4200];
  strcpy(long_name, "/sandbox/");
  memset(long_name + 9, 'n', 4000);
  long_name[4009] = '\0';
  CHECK("very long name fails cleanly", refused(long_name));
  CHECK("rename out refused", rename("/sandbox/inside.txt", "/sandbox/../stolen.txt") == -1);
  CHECK("link out refused", link("/sandbox/inside.txt", "/sandbox/../stolen.txt") == -1);
  CHECK("mkdir out refused", mkdir("/sandbox/../newdir", 0755) == -1);
  CHECK("unlink out refused", unlink("/sandbox/../outside.txt") == -1);
  struct stat st;
  CHECK("stat out refused", stat("/sandbox/../outside.txt", &st) == -1);
  unlink("/sandbox/loop1");
  unlink("/sandbox/loop2");
  unlink("/sandbox/ok");
  unlink("/sandbox/d/back");
  rmdir("/sandbox/d");
  return done();
}
