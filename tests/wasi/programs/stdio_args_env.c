// Arguments, environment and the standard streams.
#include "check.h"

int main(int argc, char** argv) {
  CHECK("argc is 3", argc == 3);
  CHECK("argv[1]", argc > 1 && strcmp(argv[1], "first arg") == 0);
  CHECK("argv[2]", argc > 2 && strcmp(argv[2], "--second") == 0);
  const char* greeting = getenv("WRT_GREETING");
  CHECK("environment variable", greeting != NULL && strcmp(greeting, "hello world") == 0);
  CHECK("unset variable", getenv("WRT_NOT_SET") == NULL);
  // stdin: two lines, then end of file.
  char line[64];
  CHECK("stdin line 1", fgets(line, sizeof line, stdin) != NULL && strcmp(line, "line one\n") == 0);
  CHECK("stdin line 2", fgets(line, sizeof line, stdin) != NULL && strcmp(line, "line two\n") == 0);
  CHECK("stdin end", fgets(line, sizeof line, stdin) == NULL && feof(stdin));
  fprintf(stderr, "this goes to stderr\n");
  CHECK("stderr write", ferror(stderr) == 0);
  return done();
}
