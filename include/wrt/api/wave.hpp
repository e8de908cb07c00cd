// WAVE, the WebAssembly Value Encoding: component values as text, read and written against
// their types (what `wasmtime run --invoke 'f(1, "x")'` takes and prints).
//
//   bool      true false            char     'a' '\n' '\u{1f600}'
//   integers  42 -7                 string   "text with \" \\ \t \n \r \' \u{...}"
//   floats    1.5 -0.25 1e10 nan inf -inf
//   list      [1, 2, 3]             tuple    (1, "a")
//   record    {x: 1, y: 2}          (fields of option type that are none may be left out)
//   variant   case, case(payload)   enum     case
//   option    none, some(v)         result   ok, ok(v), err, err(v)
//   flags     {read, write}         handles  not expressible: an error
//
// Reading is iterative in nothing but nesting depth, which is bounded (kMaxDepth): text from
// anyone is safe to parse. Errors name the problem and the character offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <wrt/component/types.hpp>
#include <wrt/component/value.hpp>
#include <wrt/error/result.hpp>

namespace wrt::wave {

inline constexpr std::size_t kMaxDepth = 100;

// One value of type `type`; the whole text must be that value (spaces around it allowed).
Result<component::ComponentValue> parse(std::string_view text, const component::TypeArena& types, component::TypeId type);

// The arguments of a call of the function type `func`: "1, \"a\"" (no parentheses), as many as
// it has parameters, each of its parameter's type.
Result<std::vector<component::ComponentValue>> parse_arguments(std::string_view text, const component::TypeArena& types,
                                                               component::TypeId func);

// A call "name(arguments)": the name and the text between the parentheses (false when the text
// is not of that form).
bool split_call(std::string_view text, std::string_view& name, std::string_view& arguments);

// The value as WAVE text (labels come from the type). Handles print as an error.
Result<std::string> print(const component::ComponentValue& value, const component::TypeArena& types, component::TypeId type);

}  // namespace wrt::wave
