// Fuzz target: arbitrary bytes that validate are instantiated and every exported function is
// run, under fuel and tight limits. Imports are satisfied with stand-ins of the right types.
// Nothing may crash; traps, exhaustion and running out of fuel are all fine outcomes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <wrt/decoder/decoder.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#include <wrt/validator/validator.hpp>

namespace {

class MallocAllocator final : public wrt::AllocatorImpl<MallocAllocator> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    std::size_t align = alignment < 16 ? 16 : alignment;
    return std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
  }
  void do_deallocate(void* pointer, std::size_t, std::size_t) noexcept { std::free(pointer); }
};
MallocAllocator g_heap;

// Returns zeros for every result.
wrt::Result<wrt::HostAction> stand_in(wrt::HostCall& call) noexcept {
  for (std::size_t i = 0; i < call.type().results.size(); ++i) call.set_result(i, wrt::Value::zero(call.type().results[i]));
  return wrt::HostAction::done;
}

constexpr std::uint64_t kFuel = 20'000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wrt::ModuleDescription module(g_heap);
  wrt::DecodeOptions options;
  if (!wrt::decode_and_validate(wrt::Bytes(data, size), options, module)) return 0;
  auto code = wrt::ModuleCode::create(module, options, g_heap);
  if (!code) return 0;

  wrt::RuntimeLimits limits;
  limits.max_memory_pages = 32;
  limits.max_table_elements = 10'000;
  limits.max_call_depth = 300;
  limits.value_stack_slots = 1u << 15;
  {
    wrt::Store store(g_heap, limits);
    wrt::Thread thread(store);
    std::vector<wrt::ExternVal> imports;
    for (const wrt::Import& import : module.imports) {
      wrt::ExternVal value;
      switch (import.kind) {
        case wrt::ExternKind::function: {
          auto f = store.create_host_function(module.type(import.type_index), &stand_in, nullptr);
          if (f) value = wrt::ExternVal::function(*f);
          break;
        }
        case wrt::ExternKind::table: {
          auto t = store.create_table(import.table, 0);
          if (t) value = wrt::ExternVal::table(*t);
          break;
        }
        case wrt::ExternKind::memory: {
          auto m = store.create_memory(import.memory);
          if (m) value = wrt::ExternVal::memory(*m);
          break;
        }
        case wrt::ExternKind::global: {
          auto g = store.create_global(import.global, wrt::Value::zero(import.global.type));
          if (g) value = wrt::ExternVal::global(*g);
          break;
        }
        case wrt::ExternKind::tag: {
          auto t = store.create_tag(module.type(import.type_index));
          if (t) value = wrt::ExternVal::tag(*t);
          break;
        }
      }
      imports.push_back(value);
    }
    thread.set_fuel(kFuel);
    auto instance = store.instantiate(**code, imports, thread);
    if (thread.suspended()) thread.cancel();
    if (instance) {
      for (const wrt::Export& exp : module.exports) {
        if (exp.kind != wrt::ExternKind::function) continue;
        wrt::FunctionInstance* f = (*instance)->function(exp.index);
        std::vector<wrt::Value> args;
        for (wrt::ValType t : f->type().type.params) args.push_back(wrt::Value::zero(t));
        std::vector<wrt::Value> results(f->type().type.results.size());
        thread.set_fuel(kFuel);
        auto status = thread.invoke(*f, args, results);
        if (thread.suspended()) thread.cancel();
        (void)status;
      }
    }
  }
  wrt::ModuleCode::destroy(*code);
  return 0;
}
