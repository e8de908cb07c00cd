// The text format's lexer and parsers on arbitrary text: a script, and the same text as one
// module; a module that parses is decoded and validated as the runtime would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <wrt/text/script.hpp>
#include <wrt/text/text.hpp>
#include <wrt/validator/validator.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  wrt::text::ScriptResult script = wrt::text::parse_script(text);
  for (const wrt::text::ScriptCommand& command : script.commands) {
    if (command.module && command.module->is_text) (void)wrt::text::parse_module(command.module->text);
  }
  wrt::text::BinaryResult module = wrt::text::parse_module(text);
  if (module.ok()) {
    wrt::ModuleDescription description;
    (void)wrt::decode_and_validate(wrt::Bytes(module.binary.data(), module.binary.size()), {}, description);
  }
  return 0;
}
