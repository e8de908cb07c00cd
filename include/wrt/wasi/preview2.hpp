// WASI 0.2 (preview 2) for components, hosted profile only.
//
// The host side of the interfaces a WASI command uses, each a typed host implementation through
// the component API (wrt/api/component.hpp): wasi:cli (environment, exit, stdin, stdout, stderr,
// terminal-input, terminal-output, terminal-stdin, terminal-stdout, terminal-stderr), wasi:io
// (error, poll, streams), wasi:clocks (monotonic-clock, wall-clock), wasi:random (random,
// insecure, insecure-seed), wasi:filesystem (types, preopens) and wasi:sockets (network,
// instance-network, tcp-create-socket, tcp: on listening sockets the host hands over). They are defined without a
// version, so a component importing any 0.2.x version links (semver-compatible name matching).
// Paths are resolved by the same sandbox as preview 1 (src/wasi/sandbox.hpp): nothing a
// component names can leave its preopened directories.
//
//   wrt::wasi::preview2::Options options;
//   options.args = {"app.wasm", "input.txt"};
//   options.preopens.push_back({"/srv/data", "/data"});
//   auto host = wrt::wasi::preview2::Host::create(options);
//   wrt::ComponentImports imports;
//   (*host)->add_to(imports);
//   auto instance = component->instantiate(imports);
//   auto status = wrt::wasi::preview2::run(*instance, **host);   // calls wasi:cli/run#run
//
// wasi:cli/exit#exit ends the call with ErrorCode::process_exit; the Host then says with which
// code (0 for ok, 1 for err, as WASI 0.2 has only these two).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wrt/error/result.hpp>
#include <wrt/wasi/wasi.hpp>

namespace wrt {
class ComponentImports;
class ComponentInstance;
}  // namespace wrt

namespace wrt::wasi::preview2 {

struct Options {
  std::vector<std::string> args;  // get-arguments; args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<Preopen> preopens;  // get-directories, in this order
  // Host descriptors that become stdin, stdout and stderr (they are duplicated).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // Listening TCP sockets the component may use (they are duplicated when used): binding a
  // wasi:sockets tcp-socket to one of their addresses and listening adopts it. No other
  // address can be bound, and nothing can be connected to.
  std::vector<int> tcp_listeners;
};

class Host {
 public:
  // Opens the preopened directories; one that cannot be opened is an error naming it.
  static Result<std::shared_ptr<Host>> create(const Options& options);
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Defines every function and resource type of the interfaces above in `imports`. The
  // definitions keep the host's state alive.
  void add_to(ComponentImports& imports);

  // After a call ended with ErrorCode::process_exit: the exit status (0 or 1).
  [[nodiscard]] bool exited() const noexcept;
  [[nodiscard]] std::uint32_t exit_code() const noexcept;

  struct State;

 private:
  Host();
  std::shared_ptr<State> state_;
};

// The name of the instance's wasi:cli/run export (any 0.2.x version), or an error.
Result<std::string> find_run_export(const ComponentInstance& instance);

// Calls wasi:cli/run#run: the exit status (0 for ok, 1 for err or wasi:cli/exit with err), or
// the error of a trap.
Result<int> run(ComponentInstance& instance, const Host& host);

// "interface#function" for every function this layer defines, interface by interface.
const std::vector<std::string>& function_names();

}  // namespace wrt::wasi::preview2
