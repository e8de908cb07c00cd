// Fuzz target: arbitrary bytes through decode + validate. Nothing may crash, hang, leak,
// overflow or allocate without bound; every rejection must be an Error that formats.
#include <cstddef>
#include <cstdint>

#include <wrt/decoder/decoder.hpp>
#include <wrt/foundation/arena.hpp>
#include <wrt/validator/validator.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wrt::Bytes bytes(data, size);
  {
    wrt::Module module;
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
    wrt::Module module(storage);
    wrt::DecodeOptions options;
    options.limits.max_locals = 1000;
    (void)wrt::decode_and_validate(bytes, options, module);
  }
  return 0;
}
