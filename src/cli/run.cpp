// wrt-run run: runs a WASI program (its `_start`), or calls one export with --invoke.
//
// Exit status: the program's WASI exit code (proc_exit, or 0 when _start returns); 1 when the
// module is rejected or fails to link; 2 for usage and I/O problems; 134 when it traps (the
// status of an abort, as for a native program that crashes), with the trap and its
// WebAssembly backtrace on stderr, or when a WebAssembly exception escapes uncaught (its tag
// and payload on stderr).
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <wrt/api/api.hpp>
#include <wrt/component/binary.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/wasi/wasi.hpp>

#include "cli/commands.hpp"
#include "cli/text.hpp"

extern char** environ;

namespace wrt::cli {

namespace {

constexpr int kExitTrap = 134;

std::uint64_t now_ns() noexcept {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

// An --invoke argument in the type of its parameter.
bool parse_argument(const std::string& text, ValType type, Value& out) {
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case ValType::i32: {
      long long v = std::strtoll(text.c_str(), &end, 0);
      if (v < INT32_MIN || v > static_cast<long long>(UINT32_MAX)) return false;
      out = Value::i32(static_cast<std::int32_t>(v));
      break;
    }
    case ValType::i64: {
      if (!text.empty() && text[0] != '-') {
        out = Value::i64(static_cast<std::int64_t>(std::strtoull(text.c_str(), &end, 0)));
      } else {
        out = Value::i64(std::strtoll(text.c_str(), &end, 0));
      }
      break;
    }
    case ValType::f32: out = Value::f32(std::strtof(text.c_str(), &end)); break;
    case ValType::f64: out = Value::f64(std::strtod(text.c_str(), &end)); break;
    default: return false;
  }
  return end != nullptr && *end == '\0' && errno == 0 && !text.empty();
}

std::string format_value(const Value& v) {
  switch (v.type()) {
    case ValType::i32: return std::to_string(v.as_i32());
    case ValType::i64: return std::to_string(v.as_i64());
    case ValType::f32: return fmt::format("{}", v.as_f32());
    case ValType::f64: return fmt::format("{}", v.as_f64());
    case ValType::v128: {
      V128 b = v.as_v128();
      std::string s = "0x";
      for (int i = 15; i >= 0; --i) s += fmt::format("{:02x}", b.bytes[i]);
      return s;
    }
    case ValType::funcref: return v.is_null() ? "null" : "funcref";
    case ValType::externref: return v.is_null() ? "null" : "externref";
    case ValType::exnref: return v.is_null() ? "null" : "exnref";
  }
  if (is_reference(v.type())) return v.is_null() ? "null" : text_of(v.type()).c_str();  // typed references
  return "?";
}

void print_trap(const std::string& file, const Error& error, const Backtrace& bt) {
  fmt::print(stderr, "error: {}: {}\n", file, error);
  if (bt.frames.empty()) return;
  fmt::print(stderr, "wasm backtrace:\n");
  for (std::size_t i = 0; i < bt.frames.size(); ++i) {
    const BacktraceFrame& f = bt.frames[i];
    fmt::print(stderr, "  {:>2}: {:#08x} - {} (function {})\n", i, f.code_offset,
               f.name.empty() ? std::string("<unnamed>") : printable(f.name), f.function_index);
  }
  if (bt.total_frames > bt.frames.size()) {
    fmt::print(stderr, "  ... {} more frames\n", bt.total_frames - bt.frames.size());
  }
}

// An exception nobody caught: what it was, as far as the module says (the tag's export name,
// if it has one) and its payload.
void print_uncaught(const std::string& file, const Error& error, const ModuleInstance& instance) {
  fmt::print(stderr, "error: {}: uncaught WebAssembly exception{}\n", file,
             error.has_offset() ? fmt::format(" (thrown at byte offset {:#x})", error.offset()) : std::string());
  const auto exception = instance.uncaught_exception();
  if (!exception) return;
  std::string tag = "a tag the module does not export";
  const Instance& raw = instance.raw();
  for (const Export& e : raw.module().exports) {
    if (e.kind == ExternKind::tag && raw.tag(e.index) == &exception->tag.raw()) {
      tag = fmt::format("tag \"{}\"", printable(e.name));
      break;
    }
  }
  std::string payload;
  for (const Value& v : exception->payload) payload += (payload.empty() ? "" : ", ") + format_value(v);
  fmt::print(stderr, "  {}, payload ({})\n", tag, payload);
}

long peak_rss_kib() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

// A listening TCP socket for --tcplisten ADDRESS:PORT: a numeric IPv4 address, an IPv6 one in
// brackets, or `localhost` (127.0.0.1). Names are not resolved (no resolver, so a static
// wrt-run needs no shared libraries), as with wasmtime's socket addresses.
int listen_on(const std::string& address, std::string& problem) {
  std::size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    problem = "expected HOST:PORT";
    return -1;
  }
  std::string host = address.substr(0, colon);
  const std::string port_text = address.substr(colon + 1);
  char* end = nullptr;
  const unsigned long port = std::strtoul(port_text.c_str(), &end, 10);
  if (*end != '\0' || port > 65535 || port_text.find_first_not_of("0123456789") != std::string::npos) {
    problem = "the port is not a number from 0 to 65535";
    return -1;
  }
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (host == "localhost") host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6->sin6_addr) != 1) {
      problem = "not an IPv6 address";
      return -1;
    }
    length = sizeof(sockaddr_in6);
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) != 1) {
      problem = "not an IPv4 address, [IPv6] address or localhost";
      return -1;
    }
    length = sizeof(sockaddr_in);
  }
  int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    problem = std::strerror(errno);
    return -1;
  }
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0 || ::listen(fd, 128) != 0) {
    problem = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

namespace {

// --invoke NAME or NAME(ARG, ...): the export's name, and its arguments when they are given in
// parentheses (then what follows FILE is the program's, not the function's).
struct Invocation {
  std::string name;
  bool has_arguments = false;  // the parenthesized form
  std::vector<std::string> arguments;
};

bool has_argument_list(const std::string& invoke) { return invoke.find('(') != std::string::npos; }

bool parse_invocation(const std::string& text, Invocation& out, std::string& problem) {
  out = Invocation{text, false, {}};
  const std::size_t open = text.find('(');
  if (open == std::string::npos) return true;
  if (open == 0 || text.back() != ')') {
    problem = "expected NAME or NAME(ARG, ...)";
    return false;
  }
  out.name = text.substr(0, open);
  out.has_arguments = true;
  const std::string_view inside = std::string_view(text).substr(open + 1, text.size() - open - 2);
  const auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  if (trim(inside).empty()) return true;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = inside.find(',', start);
    const std::string_view argument = trim(inside.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (argument.empty()) {
      problem = "an empty argument in the list";
      return false;
    }
    out.arguments.emplace_back(argument);
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

}  // namespace

// The program's environment: the host's when asked for, then each --env entry, replacing an
// earlier variable of the same name; a bare NAME takes the host's value (and is left out when
// the host has none).
std::vector<std::string> program_environment(const RunOptions& options) {
  std::vector<std::string> env;
  if (options.inherit_env) {
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  }
  for (const std::string& entry : options.env) {
    const std::size_t equals = entry.find('=');
    const std::string name = entry.substr(0, equals);
    std::erase_if(env, [&](const std::string& e) { return e.size() > name.size() && e.starts_with(name) && e[name.size()] == '='; });
    if (equals != std::string::npos) {
      env.push_back(entry);
    } else if (const char* value = std::getenv(name.c_str()); value != nullptr) {
      env.push_back(name + "=" + value);
    }
  }
  return env;
}

// Zero means zero: no pages, no stack, no frames (what cannot run then fails, clearly).
InstanceLimits instance_limits(const RunOptions& options) {
  InstanceLimits limits;
  if (options.max_memory_bytes) {
    limits.max_memory_pages = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(*options.max_memory_bytes / MemoryInstance::kPageSize, 65536));
  }
  if (options.max_stack_bytes) limits.max_stack_slots = static_cast<std::uint32_t>(*options.max_stack_bytes / sizeof(Slot));
  if (options.max_call_depth) limits.max_call_depth = *options.max_call_depth;
  return limits;
}

int run_program(const RunOptions& options) {
  // A program writing to a closed pipe gets EPIPE from fd_write, as under wasmtime, instead of
  // wrt-run dying of the signal; wrt-run's own output is checked below.
  std::signal(SIGPIPE, SIG_IGN);
  const std::string file = display_name(options.file);
  const std::uint64_t t0 = now_ns();
  ModuleOptions module_options;
  module_options.lazy_validation = options.lazy_validation;
  auto bytes = read_input(options.file);
  if (!bytes) {
    fmt::print(stderr, "error: {}: {}\n", file, bytes.error());
    return bytes.error().kind() == ErrorKind::malformed ? kExitRejected : kExitUsage;  // text that does not parse
  }
  if (component::looks_like_component(Bytes(bytes->data(), bytes->size()))) return run_component(options, std::move(*bytes));
  auto module = Module::from_owned_bytes(std::move(*bytes), module_options);
  if (!module) {
    fmt::print(stderr, "error: {}: {}\n", file, module.error());
    return kExitRejected;
  }
  module->code().set_clock(&now_ns);
  const std::uint64_t t_loaded = now_ns();

  // The program's arguments: what follows FILE, unless those are --invoke's.
  const bool args_are_invokes = !options.invoke.empty() && !has_argument_list(options.invoke);
  wasi::Options wasi_options;
  wasi_options.args.push_back(options.argv0.empty() ? options.file : options.argv0);
  if (!args_are_invokes) {
    for (const std::string& a : options.args) wasi_options.args.push_back(a);
  }
  wasi_options.env = program_environment(options);
  for (const std::string& dir : options.dirs) {
    std::size_t sep = dir.find("::");
    wasi::Preopen p;
    p.host_path = dir.substr(0, sep);
    p.guest_path = sep == std::string::npos ? dir : dir.substr(sep + 2);
    wasi_options.preopens.push_back(p);
  }
  struct Sockets {  // closed when run_program returns; the program holds duplicates
    std::vector<int> fds;
    ~Sockets() {
      for (int fd : fds) ::close(fd);
    }
  } sockets;
  for (const std::string& address : options.tcp_listen) {
    std::string problem;
    int fd = listen_on(address, problem);
    if (fd < 0) {
      fmt::print(stderr, "error: cannot listen on {}: {}\n", printable(address), problem);
      return kExitUsage;
    }
    sockets.fds.push_back(fd);
  }
  wasi_options.sockets = sockets.fds;
  auto wasi = wasi::Context::create(wasi_options);
  if (!wasi) {
    fmt::print(stderr, "error: {}\n", wasi.error());
    return kExitUsage;
  }
  // WASI's functions are defined only for a module that imports some (nothing to set up for a
  // plain module run with --invoke).
  ImportMap imports;
  bool imports_wasi = false;
  for (const Import& import : module->imports()) {
    imports_wasi = imports_wasi || import.module.starts_with("wasi_");
  }
  if (imports_wasi) (*wasi)->add_to(imports);

  const InstanceLimits limits = instance_limits(options);

  auto instance = ModuleInstance::create(*module, imports, limits);
  if (!instance) {
    if (instance.error().code() == ErrorCode::process_exit) return static_cast<int>((*wasi)->exit_code());
    if (instance.error().kind() == ErrorKind::trap || instance.error().kind() == ErrorKind::exhaustion) {
      print_trap(file, instance.error(), Backtrace{});
      return kExitTrap;
    }
    fmt::print(stderr, "error: {}: {}\n", file, instance.error());
    return kExitRejected;
  }
  if (options.fuel) instance->set_fuel(*options.fuel);
  const std::uint64_t t_instantiated = now_ns();

  Invocation invocation{"_start", false, {}};
  if (!options.invoke.empty()) {
    std::string problem;
    if (!parse_invocation(options.invoke, invocation, problem)) {
      fmt::print(stderr, "error: --invoke \"{}\": {}\n", printable(options.invoke), problem);
      return kExitUsage;
    }
    if (!invocation.has_arguments) invocation.arguments = options.args;
  }
  auto function = instance->function(invocation.name);
  if (!function) {
    if (options.invoke.empty()) {
      fmt::print(stderr, "error: {}: the module has no _start function (use --invoke NAME to call an export)\n", file);
    } else {
      fmt::print(stderr, "error: {}: no exported function named \"{}\"\n", file, printable(invocation.name));
    }
    return kExitUsage;
  }
  std::vector<Value> args;
  if (!options.invoke.empty()) {
    FuncType type = function->type();
    if (invocation.arguments.size() != type.params.size()) {
      fmt::print(stderr, "error: {} takes {} arguments, {} given{}\n", printable(invocation.name), type.params.size(),
                 invocation.arguments.size(),
                 invocation.has_arguments || invocation.arguments.empty()
                     ? ""
                     : fmt::format(" (to give them to the program instead: --invoke '{}()')", printable(invocation.name)));
      return kExitUsage;
    }
    for (std::size_t i = 0; i < invocation.arguments.size(); ++i) {
      Value v;
      if (!parse_argument(invocation.arguments[i], type.params[i], v)) {
        fmt::print(stderr, "error: argument {} (\"{}\") is not a valid {}\n", i + 1, printable(invocation.arguments[i]),
                   text_of(type.params[i]).c_str());
        return kExitUsage;
      }
      args.push_back(v);
    }
  }

  auto execution = instance->invoke(*function, args);
  const std::uint64_t t_done = now_ns();
  int status = 0;
  if (!execution) {
    const Error& error = execution.error();
    if (error.code() == ErrorCode::process_exit) {
      status = static_cast<int>((*wasi)->exit_code());
    } else if (error.code() == ErrorCode::uncaught_exception) {
      print_uncaught(file, error, *instance);
      status = kExitTrap;
    } else if (error.kind() == ErrorKind::trap || error.kind() == ErrorKind::exhaustion ||
               error.kind() == ErrorKind::host) {  // a failed host call traps its caller
      print_trap(file, error, instance->last_trap());
      status = kExitTrap;
    } else {
      fmt::print(stderr, "error: {}: {}\n", file, error);
      status = kExitRejected;
    }
  } else if (!execution->completed()) {
    fmt::print(stderr, "error: {}: ran out of fuel ({} units)\n", file, options.fuel.value_or(0));
    status = kExitTrap;
  } else if (!options.invoke.empty()) {
    for (const Value& v : execution->results()) {
      const std::string line = format_value(v) + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  if (std::fflush(stdout) != 0 && status == 0) {  // e.g. EPIPE: the reader went away
    fmt::print(stderr, "error: cannot write the results: {}\n", std::strerror(errno));
    status = kExitUsage;
  }

  if (options.stats) {
    const double ms = 1e-6;
    const double translate = static_cast<double>(module->code().translation_ns()) * ms;
    fmt::print(stderr, "stats: load (decode + validate) {:.3f} ms, instantiate {:.3f} ms, translate {:.3f} ms "
               "({} functions), run {:.3f} ms\n",
               static_cast<double>(t_loaded - t0) * ms, static_cast<double>(t_instantiated - t_loaded) * ms, translate,
               module->code().translated_count(), static_cast<double>(t_done - t_instantiated) * ms - translate);
    if (options.fuel) fmt::print(stderr, "stats: fuel used {}\n", *options.fuel - instance->fuel());
    fmt::print(stderr, "stats: peak memory {} KiB\n", peak_rss_kib());
  }
  return status;
}

}  // namespace wrt::cli
