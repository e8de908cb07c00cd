// Host functions that read and write the plugin's memory, a host function that traps, typed
// exports, the plugin's memory from the host side, and per-instance limits.
//
//   wrt_host_functions plugin.wasm
//
// Exits 0 when every step behaved as described, 1 otherwise (the tests run it).
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

int failures = 0;

void expect(bool ok, std::string_view what) {
  fmt::print("{} {}\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

std::uint32_t fnv1a(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// The plugin's imports. Guest pointers arrive as i32; every access through wrt::Memory is
// bounds-checked, and a failed access returns an error, which traps the plugin.
wrt::ImportMap plugin_imports(std::string& printed) {
  wrt::ImportMap imports;
  imports.define("env", "print",
                 [&printed](wrt::Caller& caller, std::uint32_t text, std::uint32_t length) -> wrt::Result<void> {
                   wrt::Memory memory = WRT_TRY(caller.memory());
                   std::string_view view = WRT_TRY(memory.string(text, length));
                   fmt::print("plugin prints: {}\n", view);
                   printed = view;
                   return {};
                 });
  imports.define("env", "user_name",
                 [](wrt::Caller& caller, std::uint32_t buffer, std::uint32_t capacity) -> wrt::Result<std::int32_t> {
                   constexpr std::string_view kName = "Ada Lovelace";
                   std::size_t n = std::min<std::size_t>(kName.size(), capacity);
                   wrt::Memory memory = WRT_TRY(caller.memory());
                   WRT_TRY(memory.write(buffer, {reinterpret_cast<const std::uint8_t*>(kName.data()), n}));
                   return static_cast<std::int32_t>(n);
                 });
  imports.define("env", "require_positive", [](std::int32_t value) -> wrt::Result<std::int32_t> {
    if (value <= 0) return wrt::Error(wrt::ErrorCode::host_trap, "require_positive: the value is not positive");
    return value;
  });
  return imports;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: wrt_host_functions plugin.wasm\n");
    return 2;
  }
  auto module = wrt::Module::from_file(argv[1]).with_context("while loading plugin");
  if (!module) {
    fmt::print(stderr, "error: {}\n", module.error());
    return 1;
  }

  // An import nothing provides fails to link, naming it; nothing is stubbed.
  auto unlinked = wrt::ModuleInstance::create(*module, wrt::ImportMap{});
  expect(!unlinked, "instantiating without imports fails");
  if (!unlinked) fmt::print("     {}\n", unlinked.error());

  // Limits are per instance: this one may grow its memory to 4 pages (256 KiB) at most.
  std::string printed;
  wrt::InstanceLimits limits;
  limits.max_memory_pages = 4;
  limits.max_call_depth = 1000;
  auto instance = wrt::ModuleInstance::create(*module, plugin_imports(printed), limits);
  if (!instance) {
    fmt::print(stderr, "error: {}\n", instance.error());
    return 1;
  }

  // The host writes into the plugin's memory (user_name), then reads from it (print).
  auto greet = instance->typed_func<std::int32_t()>("greet");
  auto greeted = greet ? (*greet)() : wrt::Result<std::int32_t>(greet.error());
  expect(greeted && printed == "hello, Ada Lovelace!", "greet: the host wrote the name, then read the greeting");

  // Typed exports are checked against the C++ signature when they are looked up.
  auto fib = instance->typed_func<std::int32_t(std::int32_t)>("fib");
  auto fib20 = fib ? (*fib)(20) : wrt::Result<std::int32_t>(fib.error());
  expect(fib20 && *fib20 == 6765, "fib(20) = 6765 through a typed handle");
  auto wrong = instance->typed_func<std::int64_t(std::int32_t)>("fib");
  expect(!wrong, "a typed handle with the wrong signature is refused");
  if (!wrong) fmt::print("     {}\n", wrong.error());

  // The exported memory from the host: fill the plugin's input buffer, let it hash it.
  constexpr std::string_view kInput = "The quick brown fox jumps over the lazy dog";
  auto memory = instance->memory("memory");
  auto input_buffer = instance->typed_func<std::uint32_t()>("input_buffer");
  auto checksum = instance->typed_func<std::uint32_t(std::int32_t)>("checksum");
  bool wrote = false;
  wrt::Result<std::uint32_t> hash = wrt::Error(wrt::ErrorCode::host_error);
  if (memory && input_buffer && checksum) {
    auto address = (*input_buffer)();
    wrote = address && memory->write(*address, {reinterpret_cast<const std::uint8_t*>(kInput.data()), kInput.size()});
    hash = (*checksum)(static_cast<std::int32_t>(kInput.size()));
  }
  expect(wrote && hash && *hash == fnv1a(kInput), "checksum of text the host wrote into the plugin's memory");
  expect(memory && !memory->view(memory->size() - 4, 8), "a view past the end of memory is refused");

  // A host function that fails traps the plugin: the call returns the error, with the
  // WebAssembly frames that led to it.
  auto doubled = instance->invoke("checked_double", {wrt::Value::i32(21)});
  expect(doubled && doubled->completed() && (*doubled)[0].as_i32() == 42, "checked_double(21) = 42");
  auto refused = instance->invoke("checked_double", {wrt::Value::i32(-1)});
  expect(!refused && refused.error().code() == wrt::ErrorCode::host_trap, "checked_double(-1) traps in the host");
  if (!refused) {
    fmt::print("     {}\n", refused.error());
    for (const auto& frame : instance->last_trap().frames) {
      fmt::print("       in function {} {} (code offset {:#x})\n", frame.function_index, frame.name, frame.code_offset);
    }
  }

  // The memory limit: growing to 4 pages works, beyond fails (memory.grow returns -1).
  auto grow = instance->typed_func<std::int32_t(std::int32_t)>("grow");
  auto grew = grow ? (*grow)(2) : wrt::Result<std::int32_t>(grow.error());
  auto refused_growth = grow ? (*grow)(1) : wrt::Result<std::int32_t>(grow.error());
  expect(grew && *grew == 2 && refused_growth && *refused_growth == -1,
         "memory grows to the instance's limit of 4 pages and no further");

  // The call-depth limit: deep recursion stops with a clean trap, not a crashed host.
  auto deep = fib ? (*fib)(2000) : wrt::Result<std::int32_t>(fib.error());
  expect(!deep && deep.error().code() == wrt::ErrorCode::call_stack_exhausted, "recursion deeper than 1000 calls traps");

  fmt::print("{}\n", failures == 0 ? "all steps behaved as described" : "some steps failed");
  return failures == 0 ? 0 : 1;
}
