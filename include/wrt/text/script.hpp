// `.wast` scripts (hosted only): the commands of the spec test scripts, parsed; their modules
// encoded to the binary format (or kept as text for `module quote`).
//
// The model follows the JSON that wabt's wast2json writes (type names, value spellings), so
// the spec-script runner executes both the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wrt/text/text.hpp>

namespace wrt::text {

// An argument or an expected result. `type` is "i32", "i64", "f32", "f64", "v128", a reference
// type of the 3.0 manifests ("funcref", "externref", "exnref", "anyref", ..., "refnull": any
// null), or "either" (one of `either`). Scalars have one entry in `values`: the value's bits in
// decimal, "nan:canonical", "nan:arithmetic", "null", or for references a number (externref,
// anyref of `ref.host`); no entry: any non-null reference of that type (`(ref.func)`). A v128
// has one entry per lane of `lane_type`.
struct ScriptValue {
  std::string type;
  std::string lane_type;
  std::vector<std::string> values;
  std::vector<ScriptValue> either;
};

struct ScriptAction {
  std::string type;    // "invoke" or "get"
  std::string module;  // `$name`, or empty for the current module
  std::string field;
  std::vector<ScriptValue> args;
};

struct ScriptModule {
  bool is_text = false;               // `module quote`: the text, parsed when the command runs
  std::vector<std::uint8_t> binary;   // otherwise the encoded (or `module binary`) bytes
  std::string text;
  std::optional<Diagnostic> error;    // a text module that did not parse
};

struct ScriptCommand {
  // "module", "module_definition", "module_instance", "register", "action", "assert_return",
  // "assert_trap", "assert_exhaustion", "assert_exception", "assert_malformed",
  // "assert_invalid", "assert_unlinkable", "assert_uninstantiable"
  std::string type;
  std::size_t line = 0;
  std::string name;        // module id; register: the instance registered
  std::string as;          // register: the module name it gets
  std::string definition;  // module_instance: the definition instantiated
  std::optional<ScriptModule> module;
  std::optional<ScriptAction> action;
  std::vector<ScriptValue> expected;
  std::string text;        // the assertion's message
};

struct ScriptResult {
  std::vector<ScriptCommand> commands;
  std::optional<Diagnostic> error;  // the script itself is malformed (commands are then empty)
};

[[nodiscard]] ScriptResult parse_script(std::string_view text);

}  // namespace wrt::text
