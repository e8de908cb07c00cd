// Fuzz target: arbitrary text through the WAVE reader (wrt/api/wave.hpp), against the parameter
// types of the exports of tests/wasi/components/invoke.component.wasm (compiled in): the first
// byte picks the function, the rest is its argument list. Nothing may crash, hang or allocate
// without bound; what is read must print, and the printed text must read back to an equal
// value (print and parse agree).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <wrt/api/component.hpp>
#include <wrt/api/wave.hpp>

#include "fuzz_wave_component.hpp"  // kInvokeComponent: the bytes of invoke.component.wasm

namespace {

struct Target {
  wrt::Component component;
  std::vector<wrt::component::TypeId> functions;
};

const Target& target() {
  static const Target t = [] {
    auto component = wrt::Component::from_bytes(std::span<const std::uint8_t>(kInvokeComponent, sizeof kInvokeComponent));
    if (!component) __builtin_trap();
    std::vector<wrt::component::TypeId> functions;
    const wrt::component::TypeArena& types = component->types();
    for (const auto& e : types.exports(types.peeled(component->type()))) {
      if (e.kind == wrt::component::ExternKind::func) functions.push_back(e.type);
    }
    if (functions.empty()) __builtin_trap();
    return Target{std::move(*component), std::move(functions)};
  }();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Target& t = target();
  const wrt::component::TypeArena& types = t.component.types();
  wrt::component::TypeId func = t.functions[data[0] % t.functions.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto args = wrt::wave::parse_arguments(text, types, func);
  if (!args) {
    char message[256];
    (void)args.error().format(message, sizeof message);
    return 0;
  }
  auto params = types.items(types.peeled(func));
  if (args->size() != params.size()) __builtin_trap();
  for (std::size_t i = 0; i < args->size(); ++i) {
    auto printed = wrt::wave::print((*args)[i], types, params[i].type);
    if (!printed) __builtin_trap();
    auto again = wrt::wave::parse(*printed, types, params[i].type);
    if (!again || !again->equals((*args)[i])) __builtin_trap();
  }
  return 0;
}
