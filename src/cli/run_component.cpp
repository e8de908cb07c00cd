// wrt-run run for components: a WASI 0.2 command's wasi:cli/run#run, with the options modules
// have (--dir, --env, --argv0, --fuel and the limits), or --invoke 'name(args)' of any export
// with its arguments and result in WAVE. --tcplisten gives wasi:sockets its listeners.
//
// Exit status: 0 when run returns ok, 1 when it returns err or the component exits with a
// failure (WASI 0.2 has no other codes: as wasmtime, any non-zero exit is 1); 1 also for a
// rejected component or a missing import; 2 for usage problems; 134 for a trap or exhausted
// fuel or limits.
#include <cstdio>
#include <cstring>
#include <string>

#include <unistd.h>

#include <fmt/format.h>

#include <wrt/api/component.hpp>
#include <wrt/api/wave.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/wasi/preview2.hpp>

#include "cli/commands.hpp"
#include "cli/text.hpp"

namespace wrt::cli {

namespace {

constexpr int kExitTrap = 134;

bool is_trap(const Error& e) {
  return e.kind() == ErrorKind::trap || e.kind() == ErrorKind::exhaustion || e.kind() == ErrorKind::host ||
         e.code() == ErrorCode::out_of_fuel;
}

int report_call_error(const std::string& file, const Error& e, const RunOptions& options) {
  if (e.code() == ErrorCode::out_of_fuel) {
    fmt::print(stderr, "error: {}: ran out of fuel ({} units)\n", file, options.fuel.value_or(0));
    return kExitTrap;
  }
  fmt::print(stderr, "error: {}: {}\n", file, printable(to_string(e)));
  return is_trap(e) ? kExitTrap : kExitRejected;
}

}  // namespace

int run_component(const RunOptions& options, std::vector<std::uint8_t> bytes) {
  const std::string file = display_name(options.file);
  auto component = Component::from_owned_bytes(std::move(bytes));
  if (!component) {
    fmt::print(stderr, "error: {}: {}\n", file, printable(to_string(component.error())));
    return kExitRejected;
  }

  // --invoke 'name(args)': the arguments are WAVE text; the program keeps what follows FILE.
  std::string_view call_name;
  std::string_view call_arguments;
  if (!options.invoke.empty() && !wave::split_call(options.invoke, call_name, call_arguments)) {
    fmt::print(stderr, "error: --invoke \"{}\": a component's export is called as NAME(ARGS), its arguments in WAVE\n",
               printable(options.invoke));
    return kExitUsage;
  }

  wasi::preview2::Options wasi_options;
  wasi_options.args.push_back(options.argv0.empty() ? options.file : options.argv0);
  for (const std::string& a : options.args) wasi_options.args.push_back(a);
  wasi_options.env = program_environment(options);
  for (const std::string& dir : options.dirs) {
    std::size_t sep = dir.find("::");
    wasi::Preopen p;
    p.host_path = dir.substr(0, sep);
    p.guest_path = sep == std::string::npos ? dir : dir.substr(sep + 2);
    wasi_options.preopens.push_back(p);
  }
  // --tcplisten: listeners a wasi:sockets tcp-socket may bind to and adopt.
  struct Listeners {
    std::vector<int> fds;
    ~Listeners() {
      for (int fd : fds) ::close(fd);
    }
  } listeners;
  for (const std::string& address : options.tcp_listen) {
    std::string problem;
    int fd = listen_on(address, problem);
    if (fd < 0) {
      fmt::print(stderr, "error: cannot listen on {}: {}\n", printable(address), problem);
      return kExitUsage;
    }
    listeners.fds.push_back(fd);
  }
  wasi_options.tcp_listeners = listeners.fds;
  auto host = wasi::preview2::Host::create(wasi_options);
  if (!host) {
    fmt::print(stderr, "error: {}\n", printable(to_string(host.error())));
    return kExitUsage;
  }
  ComponentImports imports;
  (*host)->add_to(imports);

  auto instance = component->instantiate(imports, instance_limits(options));
  if (!instance) {
    const Error& e = instance.error();
    if (e.code() == ErrorCode::process_exit && (*host)->exited()) return static_cast<int>((*host)->exit_code());
    fmt::print(stderr, "error: {}: {}\n", file, printable(to_string(e)));
    return is_trap(e) ? kExitTrap : kExitRejected;
  }
  if (options.fuel) instance->set_fuel(*options.fuel);

  int status = 0;
  if (options.invoke.empty()) {
    if (!wasi::preview2::find_run_export(*instance)) {
      fmt::print(stderr, "error: {}: the component exports no wasi:cli/run (use --invoke 'NAME(ARGS)' to call an export)\n",
                 file);
      return kExitUsage;
    }
    auto result = wasi::preview2::run(*instance, **host);
    if (!result) return report_call_error(file, result.error(), options);
    status = *result;
  } else {
    auto function = instance->function(call_name);
    if (!function) {
      fmt::print(stderr, "error: {}: no exported function named \"{}\"\n", file, printable(call_name));
      return kExitUsage;
    }
    const component::TypeArena& types = instance->runtime().types();
    auto args = wave::parse_arguments(call_arguments, types, function->type);
    if (!args) {
      fmt::print(stderr, "error: --invoke \"{}\": {}\n", printable(options.invoke), printable(to_string(args.error())));
      return kExitUsage;
    }
    auto results = instance->call(call_name, std::span<const ComponentValue>(args->data(), args->size()));
    if (!results) {
      if (results.error().code() == ErrorCode::process_exit && (*host)->exited()) return static_cast<int>((*host)->exit_code());
      return report_call_error(file, results.error(), options);
    }
    const component::TypeNode& f = types.peeled(function->type);
    if (!results->empty() && f.a != component::kNoType) {
      auto text = wave::print((*results)[0], types, f.a);
      if (!text) {
        fmt::print(stderr, "error: {}: the result cannot be printed: {}\n", file, printable(to_string(text.error())));
        for (ComponentValue& r : *results) (void)instance->drop(r);
        return kExitRejected;
      }
      const std::string line = *text + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  if (std::fflush(stdout) != 0 && status == 0) {
    fmt::print(stderr, "error: cannot write the results: {}\n", std::strerror(errno));
    status = kExitUsage;
  }
  return status;
}

}  // namespace wrt::cli
