// WRT on a Cortex-M4 with no heap: the firmware embeds a WebAssembly module (a C array made at
// build time), instantiates it with host functions that print through semihosting, runs a few
// computations, and exits with status 0 when every result is right.
//
// All memory is static: arenas for the module (decoded description and translated code), for
// the store's objects and for the linear memory, and fixed arrays for the value and frame
// stacks. The firmware prints how much of each it used, for sizing them.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <wrt/wrt.hpp>

#include "semihosting.hpp"

extern "C" const unsigned char demo_wasm[];
extern "C" const unsigned int demo_wasm_size;

namespace {

// --- output -----------------------------------------------------------------------------

void print(const char* text) { semihosting::write(text); }

void print_number(std::int64_t value) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  *--p = '\0';
  bool negative = value < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  print(p);
}

void print_error(const wrt::Error& error) {
  char text[160];
  error.format(text, sizeof text);
  print(text);
}

int failures = 0;

// The fuel each call gets (instructions): enough for the demo's calls, a bound for a runaway.
constexpr std::uint64_t kCallFuel = 10'000'000;

void check(bool ok, const char* what) {
  print(ok ? "ok   " : "FAIL ");
  print(what);
  print("\n");
  if (!ok) ++failures;
}

// --- memory: everything static -----------------------------------------------------------

wrt::StaticArena<8 * 1024> module_arena;        // decoded module and translated code
wrt::StaticArena<2 * 1024> store_arena;         // instances, functions, globals, tables
wrt::StaticArena<64 * 1024 + 16> memory_arena;  // one page of linear memory (16-byte aligned)
// One buffer, used twice: as scratch while the module is translated, then as the value stack.
alignas(8) std::byte work_area[5 * 1024];
wrt::CallFrame frames[32];

// --- host functions ----------------------------------------------------------------------

// A guest string: bounds-checked against the caller's memory before it is touched.
bool guest_text(wrt::HostCall& call, std::size_t pointer_arg, char* out, std::size_t capacity) {
  wrt::MemoryInstance* memory = call.memory();
  if (memory == nullptr) return false;
  auto pointer = static_cast<std::uint32_t>(call.arg(pointer_arg).as_i32());
  auto length = static_cast<std::uint32_t>(call.arg(pointer_arg + 1).as_i32());
  if (length >= capacity) return false;
  auto bytes = memory->view(pointer, length);
  if (!bytes) return false;
  std::memcpy(out, bytes->data(), length);
  out[length] = '\0';
  return true;
}

wrt::Result<wrt::HostAction> host_print(wrt::HostCall& call) noexcept {
  char text[96];
  if (!guest_text(call, 0, text, sizeof text)) return wrt::Error(wrt::ErrorCode::host_error, "print: bad string");
  print("wasm: ");
  print(text);
  print("\n");
  return wrt::HostAction::done;
}

wrt::Result<wrt::HostAction> host_print_i32(wrt::HostCall& call) noexcept {
  char label[64];
  if (!guest_text(call, 0, label, sizeof label)) return wrt::Error(wrt::ErrorCode::host_error, "print_i32: bad label");
  print("wasm: ");
  print(label);
  print(": ");
  print_number(call.arg(2).as_i32());
  print("\n");
  return wrt::HostAction::done;
}

wrt::FunctionInstance* exported(wrt::Instance& instance, const char* name) {
  wrt::ExternVal value;
  return instance.find_export(name, value) ? value.as_function() : nullptr;
}

// Calls an export taking and returning i32s; false if it did not complete.
bool call(wrt::Thread& thread, wrt::Instance& instance, const char* name, std::initializer_list<std::int32_t> args,
          std::int32_t* result, wrt::Error* error = nullptr) {
  wrt::FunctionInstance* function = exported(instance, name);
  if (function == nullptr) return false;
  wrt::Value in[4];
  std::size_t n = 0;
  for (std::int32_t a : args) in[n++] = wrt::Value::i32(a);
  wrt::Value out[1];
  thread.set_fuel(kCallFuel);
  auto status = thread.invoke(*function, std::span<const wrt::Value>(in, n),
                              std::span<wrt::Value>(out, result != nullptr ? 1 : 0));
  if (!status) {
    if (error != nullptr) *error = status.error();
    return false;
  }
  if (*status != wrt::ExecStatus::completed) return false;
  if (result != nullptr) *result = out[0].as_i32();
  return true;
}

}  // namespace

int main() {
  print("WRT on Cortex-M4: no heap, everything in static arenas\n");

  // Decode, validate and translate into the module arena, every function before anything runs.
  // The code is the metered variant: on a microcontroller every call runs under fuel, so a
  // runaway module cannot starve the rest of the firmware.
  wrt::ModuleDescription module(module_arena);
  wrt::DecodeOptions options;
  std::size_t scratch_used = 0;
  wrt::ModuleCode* code = nullptr;
  {
    wrt::Arena scratch(work_area);
    auto compiled = wrt::compile_module(wrt::Bytes(demo_wasm, demo_wasm_size), options, module, module_arena, true,
                                        &scratch);
    if (!compiled) {
      print("error: ");
      print_error(compiled.error());
      print("\n");
      return 1;
    }
    code = *compiled;
    scratch_used = scratch.high_water();
  }  // the translation state is gone: work_area is free for the value stack
  std::span<wrt::Slot> value_stack(reinterpret_cast<wrt::Slot*>(work_area), sizeof work_area / sizeof(wrt::Slot));

  wrt::RuntimeLimits limits;
  limits.max_memory_pages = 1;
  limits.max_call_depth = 32;
  wrt::Store store(store_arena, limits);
  store.set_memory_allocator(memory_arena);
  wrt::Thread thread(store, value_stack, frames);
  thread.set_fuel(kCallFuel);  // the start function too, if a module has one, runs metered

  // The imports, in the module's order.
  const wrt::ValType i32x3[] = {wrt::ValType::i32, wrt::ValType::i32, wrt::ValType::i32};
  wrt::FuncType two_i32{std::span<const wrt::ValType>(i32x3, 2), {}};
  wrt::FuncType three_i32{std::span<const wrt::ValType>(i32x3, 3), {}};
  auto print_fn = store.create_host_function(two_i32, &host_print, nullptr);
  auto print_i32_fn = store.create_host_function(three_i32, &host_print_i32, nullptr);
  if (!print_fn || !print_i32_fn) return 1;
  wrt::ExternVal imports[2] = {wrt::ExternVal::function(*print_fn), wrt::ExternVal::function(*print_i32_fn)};
  auto instantiated = store.instantiate(*code, imports, thread);
  if (!instantiated) {
    print("error: ");
    print_error(instantiated.error());
    print("\n");
    return 1;
  }
  wrt::Instance& instance = **instantiated;

  std::int32_t result = 0;
  check(call(thread, instance, "hello", {}, nullptr), "hello: a host function printed a guest string");
  check(call(thread, instance, "fib", {20}, &result) && result == 6765, "fib(20) = 6765 (recursion)");
  check(call(thread, instance, "primes_below", {8000}, &result) && result == 1007,
        "primes below 8000 = 1007 (a sieve in linear memory)");

  wrt::Error trap(wrt::ErrorCode::trap);
  bool divided = call(thread, instance, "divide", {1, 0}, &result, &trap);
  check(!divided && trap.code() == wrt::ErrorCode::integer_divide_by_zero, "divide(1, 0) traps, and the trap is caught");
  print("     trap: ");
  print_error(trap);
  print("\n");
  check(call(thread, instance, "divide", {84, 2}, &result) && result == 42, "the instance still works after the trap");

  // Fuel: run in slices of 5,000 instructions, resuming after each, as a main loop or an RTOS
  // task would between other work.
  wrt::FunctionInstance* collatz = exported(instance, "collatz_total");
  wrt::Value args[] = {wrt::Value::i32(1000)};
  wrt::Value out[1];
  thread.set_fuel(5000);
  auto status = thread.invoke(*collatz, args, out);
  int slices = 1;
  while (status && *status == wrt::ExecStatus::out_of_fuel) {
    thread.add_fuel(5000);
    status = thread.resume(out);
    ++slices;
  }
  check(status && *status == wrt::ExecStatus::completed && out[0].as_i32() == 59431,
        "collatz_total(1000) = 59431, run in fuel slices");
  print("     fuel slices: ");
  print_number(slices);
  print("\n");

  // This build leaves SIMD out: a module that uses it is refused with a clear error.
  {
    static const unsigned char simd_module[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                                0x01, 0x05, 0x01, 0x60, 0x01, 0x7B, 0x00};  // (func (param v128))
    wrt::StaticArena<512> small;
    wrt::ModuleDescription simd(small);
    auto refused = wrt::decode_module(wrt::Bytes(simd_module, sizeof simd_module), options, simd);
    char text[128] = {};
    if (!refused) refused.error().format(text, sizeof text);
    check(!refused && std::strstr(text, "SIMD is not compiled into this build") != nullptr,
          "a SIMD module is refused (SIMD is compiled out)");
    print("     ");
    print(text);
    print("\n");
  }

  // Typed function references and exception handling are compiled out too: a reference type
  // beyond funcref/externref and a tag section are malformed, as in WebAssembly 2.0.
  {
    static const unsigned char typed_module[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06,
                                                 0x01, 0x60, 0x01, 0x63, 0x70, 0x00};  // (func (param (ref null func)))
    static const unsigned char tag_module[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                               0x0D, 0x01, 0x00};  // an empty tag section
    wrt::StaticArena<512> small;
    wrt::ModuleDescription typed(small);
    auto refused = wrt::decode_module(wrt::Bytes(typed_module, sizeof typed_module), options, typed);
    char text[128] = {};
    if (!refused) refused.error().format(text, sizeof text);
    wrt::ModuleDescription tags(small);
    auto refused_tags = wrt::decode_module(wrt::Bytes(tag_module, sizeof tag_module), options, tags);
    char tag_text[128] = {};
    if (!refused_tags) refused_tags.error().format(tag_text, sizeof tag_text);
    check(!refused && std::strstr(text, "malformed value type") != nullptr && !refused_tags &&
              std::strstr(tag_text, "malformed section id") != nullptr,
          "typed references and tags are refused (compiled out)");
    print("     ");
    print(text);
    print("\n     ");
    print(tag_text);
    print("\n");
  }

  // What the demo used, for sizing the arenas (the test script adds WRT's static data).
  std::size_t stack_bytes = sizeof work_area + sizeof frames;
  std::size_t objects = sizeof store + sizeof thread + sizeof module;
  print("arena module: ");
  print_number(static_cast<std::int64_t>(module_arena.arena().high_water()));
  print("\narena store: ");
  print_number(static_cast<std::int64_t>(store_arena.arena().high_water()));
  print("\nlinear memory: ");
  print_number(static_cast<std::int64_t>(memory_arena.arena().high_water()));
  print("\ntranslation scratch (in the value stack's buffer): ");
  print_number(static_cast<std::int64_t>(scratch_used));
  print("\nstacks: ");
  print_number(static_cast<std::int64_t>(stack_bytes));
  print("\nruntime objects: ");
  print_number(static_cast<std::int64_t>(objects));
  print("\n");

  print(failures == 0 ? "all results are right\n" : "some results are wrong\n");
  return failures == 0 ? 0 : 1;
}
