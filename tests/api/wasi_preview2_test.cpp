// WASI 0.2 through the C++ API (wrt/wasi/preview2.hpp): a command component instantiated with
// the host's definitions, its standard streams redirected to pipes, its exit status; resource
// types shared between interfaces (wasi:cli/stdout's output-stream is wasi:io/streams').
#include <wrt/wrt.hpp>
#include <wrt/wasi/preview2.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace {

using namespace wrt;

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

struct CommandRun {
  int status = -1;
  std::string out;
  std::string error;
};

CommandRun run_command(const std::string& path, std::vector<std::string> args) {
  CommandRun r;
  auto component = Component::from_file(path);
  if (!component) {
    r.error = to_string(component.error());
    return r;
  }
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) return r;
  wasi::preview2::Options options;
  options.args = std::move(args);
  options.stdout_fd = out_pipe[1];
  auto host = wasi::preview2::Host::create(options);
  ::close(out_pipe[1]);
  if (!host) {
    r.error = to_string(host.error());
    ::close(out_pipe[0]);
    return r;
  }
  ComponentImports imports;
  (*host)->add_to(imports);
  {
    auto instance = component->instantiate(imports);
    if (!instance) {
      r.error = to_string(instance.error());
    } else {
      auto status = wasi::preview2::run(*instance, **host);
      if (status) {
        r.status = *status;
      } else {
        r.error = to_string(status.error());
      }
    }
  }
  host->reset();  // closes its copy of the pipe's write end: the reader then sees the end
  imports = ComponentImports();
  r.out = read_all(out_pipe[0]);
  ::close(out_pipe[0]);
  return r;
}

TEST(WasiPreview2, RunsACommandComponent) {
  CommandRun r = run_command(std::string(WRT_COMPONENT_DATA_DIR) + "/hello.component.wasm", {"hello", "x"});
  ASSERT_EQ(r.status, 0) << r.error;
  EXPECT_EQ(r.out, "hello from WebAssembly\narg 1: x\nsum of the first ten squares: 385\n");
}

TEST(WasiPreview2, ExitStatusIsZeroOrOne) {
  CommandRun zero = run_command(std::string(WRT_WASI_COMPONENTS_DIR) + "/exit_code.component.wasm", {"exit_code", "0"});
  EXPECT_EQ(zero.status, 0) << zero.error;
  EXPECT_EQ(zero.out, "exiting with 0\n");
  CommandRun code = run_command(std::string(WRT_WASI_COMPONENTS_DIR) + "/exit_code.component.wasm", {"exit_code", "42"});
  EXPECT_EQ(code.status, 1) << code.error;
}

TEST(WasiPreview2, ATrapIsAnError) {
  CommandRun r = run_command(std::string(WRT_WASI_COMPONENTS_DIR) + "/trap.component.wasm", {"trap"});
  EXPECT_EQ(r.status, -1);
  EXPECT_NE(r.error.find("integer divide by zero"), std::string::npos) << r.error;
}

TEST(WasiPreview2, NamesEveryFunction) {
  const auto& names = wasi::preview2::function_names();
  for (const char* name : {"wasi:cli/environment#get-arguments", "wasi:cli/exit#exit", "wasi:io/poll#poll",
                           "wasi:io/streams#[method]output-stream.blocking-write-and-flush", "wasi:clocks/monotonic-clock#now",
                           "wasi:random/insecure-seed#insecure-seed", "wasi:filesystem/types#[method]descriptor.open-at",
                           "wasi:filesystem/preopens#get-directories"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_GT(names.size(), 60u);
}

TEST(WasiPreview2, APreopenThatCannotBeOpenedIsNamed) {
  wasi::preview2::Options options;
  options.preopens.push_back({"/nonexistent/wrt-dir", "/x"});
  auto host = wasi::preview2::Host::create(options);
  ASSERT_FALSE(host);
  EXPECT_NE(to_string(host.error()).find("/nonexistent/wrt-dir"), std::string::npos);
}

}  // namespace
