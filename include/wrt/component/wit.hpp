// Component types as WIT-like text (for `wrt-run inspect`, error messages and reflection).
//
// A component type prints as a `world` of imports and exports, an instance type as an
// `interface`, functions as `func(name: type, ...) -> type`. Types that an import or export
// names are printed by that name where they are used, as WIT does; anonymous records,
// variants, enums and flags (which WIT cannot express) print inline. Nesting deeper than
// `max_depth` prints as `...` rather than recursing further.
#pragma once

#include <cstdint>
#include <string_view>
#include <wrt/component/types.hpp>

namespace wrt::component {

// Where text goes: called with consecutive pieces.
struct TextSink {
  void (*write)(void* context, std::string_view text) = nullptr;
  void* context = nullptr;
  void operator()(std::string_view text) const { write(context, text); }
};

struct WitOptions {
  std::uint32_t indent = 0;      // spaces before every line
  std::uint32_t max_depth = 64;  // value-type nesting printed before `...`
  // A component or instance type whose named types (its type imports and exports) print by
  // name: how a function of a component prints as it reads in the component's world.
  TypeId names_from = kNoType;
};

// Prints a component type (`world { ... }`), an instance type (`interface { ... }`), a
// function type or a value type.
void print_wit(const TypeArena& types, TypeId type, const TextSink& sink, const WitOptions& options = {}) noexcept;

// Prints one import or export entry: `import name: type;` (`export` when !is_import).
void print_wit_entry(const TypeArena& types, const TypeEntry& entry, bool is_import, const TextSink& sink,
                     const WitOptions& options = {}) noexcept;

}  // namespace wrt::component
