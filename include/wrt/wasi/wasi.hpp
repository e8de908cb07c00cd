// WASI preview 1 (`wasi_snapshot_preview1`), hosted profile only.
//
// A wasi::Context holds what a program may see: its arguments, environment, standard streams
// and the directories it is granted ("preopens"). Every path a program names is resolved inside
// one of those directories and can never leave it: not with "..", not with an absolute path,
// not through a symlink (absolute or relative), whatever the nesting; a symlink loop is ELOOP.
//
//   wrt::wasi::Options options;
//   options.args = {"program", "input.txt"};
//   options.preopens.push_back({"/srv/data", "/data"});
//   auto wasi = wrt::wasi::Context::create(options);
//   wrt::ImportMap imports;
//   (*wasi)->add_to(imports);
//   ... instantiate, invoke "_start"; a proc_exit ends the call with ErrorCode::process_exit,
//   and (*wasi)->exit_code() says with which code.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wrt/error/result.hpp>

namespace wrt {
class ImportMap;
class Linker;
class Store;
}  // namespace wrt

namespace wrt::wasi {

struct Preopen {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the program sees (e.g. "/" or "/data")
};

struct Options {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<Preopen> preopens;
  // Host sockets (listening or connected) the program gets as descriptors after the preopens
  // (after, because wasi-libc stops looking for preopens at the first descriptor that is not
  // one); they are duplicated. The sock_* functions work on these and on stdio sockets.
  std::vector<int> sockets;
  // Host descriptors that become the program's 0, 1 and 2 (they are duplicated).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
};

class Context {
 public:
  // Opens the preopened directories; a directory that cannot be opened is an error naming it.
  static Result<std::unique_ptr<Context>> create(const Options& options);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Defines every wasi_snapshot_preview1 function: in an ImportMap (embedding API), whose
  // instances then keep the context's state alive (the Context object itself may go first), or
  // in a Linker of a Store (runtime layer), where the context must outlive the instances.
  void add_to(ImportMap& imports);
  Result<void> define(Linker& linker, Store& store);

  // After a call ended with ErrorCode::process_exit: the code passed to proc_exit.
  [[nodiscard]] bool exited() const noexcept;
  [[nodiscard]] std::uint32_t exit_code() const noexcept;

  struct State;

 private:
  Context();
  std::shared_ptr<State> state_;
};

// The names of all functions this layer provides, in the spec's order.
const std::vector<std::string>& function_names();

}  // namespace wrt::wasi
