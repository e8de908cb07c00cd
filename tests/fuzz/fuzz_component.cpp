// Fuzz target: arbitrary bytes through component decode + validate. Nothing may crash, hang,
// leak, overflow or allocate without bound; every rejection must be an Error that formats and
// points inside the input; an accepted component has a type for every component it contains.
// Seeds: the component binaries of ../shared/component-model/json and tests/component/data
// (tests/fuzz/README.md says how to run it).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <wrt/component/validator.hpp>
#include <wrt/foundation/arena.hpp>

namespace {
// The fuzzer is a hosted program whatever profile the libraries were built for.
class MallocAllocator final : public wrt::AllocatorImpl<MallocAllocator> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    std::size_t align = alignment < 16 ? 16 : alignment;  // and a size that is a multiple of it
    return std::aligned_alloc(align, (size + align - 1) & ~(align - 1));
  }
  void do_deallocate(void* pointer, std::size_t, std::size_t) noexcept { std::free(pointer); }
};
MallocAllocator g_heap;

void check(const wrt::Result<void>& result, std::size_t size, const wrt::component::ComponentDescription& description,
           const wrt::component::ComponentInfo& info) {
  if (!result) {
    char text[256];
    (void)result.error().format(text, sizeof text);
    // An offset past the end of the input points at nothing.
    if (result.error().has_offset() && result.error().offset() > size) __builtin_trap();
    return;
  }
  if (description.components.empty() || info.root == wrt::component::kNoType) __builtin_trap();
  if (info.component_types.size() != description.components.size()) __builtin_trap();
  for (wrt::component::TypeId t : info.component_types) {
    if (t == wrt::component::kNoType || t >= info.types.size()) __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wrt::Bytes bytes(data, size);
  {
    wrt::component::ComponentDecodeOptions options;
    wrt::component::ComponentDescription description(g_heap);
    wrt::component::ComponentInfo info(g_heap);
    auto result = wrt::component::decode_and_validate_component(bytes, options, description, info);
    check(result, size, description, info);
  }
  {
    // The same input in a fixed arena with small limits, as the freestanding-alloc profile
    // might run it: running out of memory or over a limit must be a clean error too.
    static wrt::StaticArena<256 * 1024> storage;
    storage.arena().reset();
    wrt::component::ComponentDecodeOptions options;
    options.core.limits.max_locals = 1000;
    options.limits.max_nesting = 8;
    options.limits.max_definitions = 4096;
    options.limits.max_type_items = 1024;
    wrt::component::ComponentDescription description(storage);
    wrt::component::ComponentInfo info(storage);
    auto result = wrt::component::decode_and_validate_component(bytes, options, description, info);
    check(result, size, description, info);
  }
  return 0;
}
