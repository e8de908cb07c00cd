// Directories: create, list, stat, remove; relative paths from the granted directory.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static int compare(const void* a, const void* b) { return strcmp(*(const char* const*)a, *(const char* const*)b); }

int main(void) {
  CHECK("mkdir", mkdir("/sandbox/dir", 0755) == 0);
  CHECK("mkdir existing fails", mkdir("/sandbox/dir", 0755) == -1 && errno == EEXIST);
  CHECK("nested mkdir", mkdir("/sandbox/dir/sub", 0755) == 0);
  const char* names[] = {"b.txt", "a.txt", "c.txt"};
  for (int i = 0; i < 3; ++i) {
    char path[64];
    snprintf(path, sizeof path, "/sandbox/dir/%s", names[i]);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK("create file in dir", fd >= 0 && close(fd) == 0);
  }
  DIR* dir = opendir("/sandbox/dir");
  CHECK("opendir", dir != NULL);
  char* listed[16];
  int count = 0;
  struct dirent* entry;
  while (dir != NULL && (entry = readdir(dir)) != NULL && count < 16) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    listed[count++] = strdup(entry->d_name);
  }
  if (dir != NULL) closedir(dir);
  qsort(listed, (size_t)count, sizeof listed[0], compare);
  CHECK("four entries", count == 4);
  CHECK("sorted listing", count == 4 && strcmp(listed[0], "a.txt") == 0 && strcmp(listed[1], "b.txt") == 0 &&
                              strcmp(listed[2], "c.txt") == 0 && strcmp(listed[3], "sub") == 0);
  for (int i = 0; i < count; ++i) printf("entry %s\n", listed[i]);
  struct stat st;
  CHECK("stat dir", stat("/sandbox/dir/sub", &st) == 0 && S_ISDIR(st.st_mode));
  CHECK("rmdir non-empty fails", rmdir("/sandbox/dir") == -1 && errno == ENOTEMPTY);
  CHECK("chdir-free relative open", open("/sandbox/dir/sub/../a.txt", O_RDONLY) >= 0);
  CHECK("open a file as a directory fails", opendir("/sandbox/dir/a.txt") == NULL && errno == ENOTDIR);
  for (int i = 0; i < 3; ++i) {
    char path[64];
    snprintf(path, sizeof path, "/sandbox/dir/%s", names[i]);
    CHECK("unlink", unlink(path) == 0);
  }
  CHECK("rmdir sub", rmdir("/sandbox/dir/sub") == 0);
  CHECK("rmdir dir", rmdir("/sandbox/dir") == 0);
  CHECK("dir gone", stat("/sandbox/dir", &st) == -1 && errno == ENOENT);
  // A directory with many entries is read in several fd_readdir calls.
  CHECK("mkdir many", mkdir("/sandbox/many", 0755) == 0);
  for (int i = 0; i < 300; ++i) {
    char path[80];
    snprintf(path, sizeof path, "/sandbox/many/entry-with-a-rather-long-name-%03d", i);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) close(fd);
  }
  dir = opendir("/sandbox/many");
  int seen = 0;
  while (dir != NULL && (entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] != '.') ++seen;
  }
  if (dir != NULL) closedir(dir);
  CHECK("all 300 entries listed", seen == 300);
  return done();
}
