// Fuzz target: arbitrary bytes through decode + validate. Nothing may crash, hang, leak,
// overflow or allocate without bound; every rejection must be an Error that formats.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <wrt/decoder/decoder.hpp>
#include <wrt/foundation/arena.hpp>
#include <wrt/validator/validator.hpp>

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
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wrt::Bytes bytes(data, size);
  {
    wrt::ModuleDescription module(g_heap);
    wrt::DecodeOptions options;
    auto result = wrt::decode_and_validate(bytes, options, module);
    if (!result) {
      char text[256];
      (void)result.error().format(text, sizeof text);
    }
  }
  {
    // The same input with a small fixed arena, as the no-heap profile would run it: running out
    // of memory must be a clean error too.
    static wrt::StaticArena<64 * 1024> storage;
    storage.arena().reset();
    wrt::ModuleDescription module(storage);
    wrt::DecodeOptions options;
    options.limits.max_locals = 1000;
    (void)wrt::decode_and_validate(bytes, options, module);
  }
  return 0;
}
