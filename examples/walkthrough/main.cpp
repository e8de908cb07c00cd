// The README's walk-through, linking wrt::wrt alone: errors that name the file, a host function
// that reads a string from the plugin's memory, a trap's backtrace, and a WASI program run
// from the API.
//
//   wrt_walkthrough plugin.wasm hello.wasm
#include <wrt/wrt.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

// Errors print with wrt::to_string (or Error::format into a buffer); no other library needed.
int fail(const wrt::Error& error) {
  std::fprintf(stderr, "error: %s\n", wrt::to_string(error).c_str());
  return 1;
}

// The plugin's imports. Guest pointers arrive as i32; wrt::Memory checks every access.
wrt::ImportMap plugin_imports() {
  wrt::ImportMap imports;
  // Reading a string from guest memory: (pointer, length) -> a view of the plugin's bytes.
  imports.define("env", "print", [](wrt::Caller& caller, std::uint32_t text, std::uint32_t length) -> wrt::Result<void> {
    wrt::Memory memory = WRT_TRY(caller.memory());
    std::string_view view = WRT_TRY(memory.string(text, length));  // out of bounds: an error, which traps
    std::printf("plugin says: %.*s\n", static_cast<int>(view.size()), view.data());
    return {};
  });
  // Writing into it: the host puts a name in the plugin's buffer.
  imports.define("env", "user_name", [](wrt::Caller& caller, std::uint32_t buffer, std::uint32_t capacity) -> wrt::Result<std::int32_t> {
    constexpr std::string_view kName = "Ada";
    const std::size_t n = std::min<std::size_t>(kName.size(), capacity);
    wrt::Memory memory = WRT_TRY(caller.memory());
    WRT_TRY(memory.write(buffer, {reinterpret_cast<const std::uint8_t*>(kName.data()), n}));
    return static_cast<std::int32_t>(n);
  });
  // A host function that fails traps its caller.
  imports.define("env", "require_positive", [](std::int32_t value) -> wrt::Result<std::int32_t> {
    if (value <= 0) return wrt::Error(wrt::ErrorCode::host_trap, "require_positive: not positive");
    return value;
  });
  return imports;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: wrt_walkthrough plugin.wasm hello.wasm\n");
    return 2;
  }

  // An error says what, where and in which file.
  auto missing = wrt::Module::from_file("missing-plugin.wasm");
  if (!missing) std::printf("as expected: %s\n", wrt::to_string(missing.error()).c_str());

  auto plugin = wrt::Module::from_file(argv[1]);
  if (!plugin) return fail(plugin.error());
  auto instance = wrt::ModuleInstance::create(*plugin, plugin_imports());
  if (!instance) return fail(instance.error());
  auto greeted = instance->invoke("greet");
  if (!greeted) return fail(greeted.error());

  // A trap: the error, then the WebAssembly frames that led to it, innermost first.
  auto trapped = instance->invoke("checked_double", {wrt::Value::i32(-1)});
  if (trapped) return fail(wrt::Error(wrt::ErrorCode::host_error, "checked_double(-1) did not trap"));
  std::printf("trapped: %s\n", wrt::to_string(trapped.error()).c_str());
  for (const wrt::BacktraceFrame& frame : instance->last_trap().frames) {
    const std::string name = frame.name.empty() ? "<unnamed>" : std::string(frame.name);
    std::printf("  at 0x%06x %s (function %u)\n", frame.code_offset, name.c_str(), frame.function_index);
  }

  // WASI from the API: what the program may see, then its imports.
  wrt::wasi::Options options;
  options.args = {"hello", "from", "the", "API"};
  options.env = {"GREETING=hi"};
  // options.preopens.push_back({"/srv/data", "/data"});  // a directory it may use
  auto wasi = wrt::wasi::Context::create(options);
  if (!wasi) return fail(wasi.error());
  wrt::ImportMap wasi_imports;
  (*wasi)->add_to(wasi_imports);
  auto hello = wrt::Module::from_file(argv[2]);
  if (!hello) return fail(hello.error());
  auto program = wrt::ModuleInstance::create(*hello, wasi_imports);
  if (!program) return fail(program.error());
  std::fflush(stdout);  // the program writes to the same stdout, unbuffered
  auto ran = program->invoke("_start");
  int exit_code = 0;
  if (!ran) {
    if (ran.error().code() != wrt::ErrorCode::process_exit) return fail(ran.error());
    exit_code = static_cast<int>((*wasi)->exit_code());  // it called proc_exit
  }
  std::printf("hello.wasm exited with %d\n", exit_code);
  return 0;
}
