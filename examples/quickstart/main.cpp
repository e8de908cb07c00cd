// Quickstart: embed WRT in a C++ program. Loads a plugin, gives it a host function, and runs
// it under fuel: once with enough fuel, once in slices that suspend and resume.
//
//   wrt_quickstart primes.wasm
//
// Every WRT call returns wrt::Result<T>: check it, and print its error with fmt (what went
// wrong, where in the binary, and the context chain).
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <fmt/format.h>

#include <cstdint>

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: wrt_quickstart primes.wasm\n");
    return 2;
  }

  // Decode and validate: nothing unvalidated ever runs.
  auto module = wrt::Module::from_file(argv[1]).with_context("while loading plugin");
  if (!module) {
    fmt::print(stderr, "error: {}\n", module.error());
    return 1;
  }

  // The plugin imports env.log(i32); the signature follows from the lambda's type.
  wrt::ImportMap imports;
  imports.define("env", "log", [](std::int32_t x) { fmt::print("plugin: counting the primes below {}\n", x); });

  auto instance = wrt::ModuleInstance::create(*module, imports);
  if (!instance) {
    fmt::print(stderr, "error: {}\n", instance.error());
    return 1;
  }

  // Fuel: one unit per WebAssembly instruction.
  instance->set_fuel(10'000'000);
  auto result = instance->invoke("compute", {wrt::Value::i32(10'000)});
  if (!result || !result->completed()) {
    fmt::print(stderr, "error: compute did not finish\n");
    return 1;
  }
  fmt::print("primes below 10000: {} (fuel used: {})\n", (*result)[0].as_i32(), 10'000'000 - instance->fuel());

  // Out of fuel is not an error: the call suspends, and continues where it stopped once the
  // embedder adds fuel. Here it runs in slices of one million instructions.
  constexpr std::uint64_t kSlice = 1'000'000;
  instance->set_fuel(kSlice);
  result = instance->invoke("compute", {wrt::Value::i32(100'000)});
  int slices = 1;
  while (result && result->out_of_fuel()) {
    instance->add_fuel(kSlice);
    result = instance->resume();
    ++slices;
  }
  if (!result || !result->completed()) {
    fmt::print(stderr, "error: compute did not finish\n");
    return 1;
  }
  fmt::print("primes below 100000: {} (in {} slices of {} fuel)\n", (*result)[0].as_i32(), slices, kSlice);
  return 0;
}
