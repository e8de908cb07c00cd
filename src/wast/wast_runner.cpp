#include "wast/wast_runner.hpp"

#include <cinttypes>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/error/text_writer.hpp>
#include <wrt/runtime/linker.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/runtime/thread.hpp>
#include <wrt/text/script.hpp>
#include <wrt/text/text.hpp>
#include <wrt/validator/validator.hpp>

#include "wast/wast_text.hpp"

namespace wrt::wast {

namespace {

using Json = nlohmann::json;

bool is_assertion(const std::string& type) { return type.rfind("assert_", 0) == 0; }

std::optional<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::uint64_t parse_u64(const std::string& text) { return std::strtoull(text.c_str(), nullptr, 10); }

std::optional<ValType> value_type_of(const std::string& name) {
  if (name == "i32") return ValType::i32;
  if (name == "i64") return ValType::i64;
  if (name == "f32") return ValType::f32;
  if (name == "f64") return ValType::f64;
  if (name == "v128") return ValType::v128;
  if (name == "funcref") return ValType::funcref;
  if (name == "externref") return ValType::externref;
  if (name == "exnref") return ValType::exnref;
  return std::nullopt;
}

// `ref.extern n` is the host pointer n + 1, so that `ref.extern 0` is not null.
RefBits extern_bits(std::uint64_t n) { return static_cast<RefBits>(n + 1); }

// Writes lane values given as decimal strings (each lane's bits) into 16 bytes.
bool parse_lanes(const Json& lanes, const std::string& lane_type, V128& out) {
  std::size_t width = lane_type == "i8" ? 1 : lane_type == "i16" ? 2 : (lane_type == "i32" || lane_type == "f32") ? 4 : 8;
  if (!lanes.is_array() || lanes.size() * width != 16) return false;
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    std::uint64_t bits = parse_u64(lanes[i].get<std::string>());
    std::memcpy(out.bytes + i * width, &bits, width);  // little-endian host
  }
  return true;
}

// The reference hierarchies of WebAssembly 3.0, for the reference result forms of the scripts
// (json-from-wast's type names): a null of any type of a hierarchy is the same null.
enum class RefHierarchy { none, func, external, any, exn };

RefHierarchy hierarchy_of(const std::string& name) {
  if (name == "funcref" || name == "nullfuncref") return RefHierarchy::func;
  if (name == "externref" || name == "nullexternref") return RefHierarchy::external;
  if (name == "anyref" || name == "eqref" || name == "i31ref" || name == "structref" || name == "arrayref" ||
      name == "nullref")
    return RefHierarchy::any;
  if (name == "exnref" || name == "nullexnref") return RefHierarchy::exn;
  return RefHierarchy::none;
}

RefHierarchy hierarchy_of(ValType type) {
  if (!is_reference(type)) return RefHierarchy::none;
  switch (top_heap(heap_kind(type))) {
    case HeapKind::func: return RefHierarchy::func;
    case HeapKind::extern_: return RefHierarchy::external;
    case HeapKind::exn: return RefHierarchy::exn;
    default: return RefHierarchy::none;
  }
}

// A string field of the manifest; a missing or mistyped one throws Json::exception, which the
// command loop reports as a failed command ("bad manifest").
const std::string& text_of(const Json& j, const char* key) { return j.at(key).get_ref<const std::string&>(); }

std::optional<Value> parse_value(const Json& j) {
  const std::string name = j.value("type", "");
  if (hierarchy_of(name) != RefHierarchy::none) {
    // Arguments can only be nulls (of any type of the func and extern hierarchies: a null is
    // the same in all of them), or host references.
    auto type = value_type_of(name);
    const std::string& text = text_of(j, "value");
    if (text == "null") {
      if (hierarchy_of(name) == RefHierarchy::func) return Value::null(ValType::funcref);
      if (hierarchy_of(name) == RefHierarchy::external) return Value::null(ValType::externref);
      if (hierarchy_of(name) == RefHierarchy::exn) return Value::null(make_ref(true, HeapKind::exn));
    }
    if (!type) return std::nullopt;
    if (*type == ValType::externref) return Value::externref(reinterpret_cast<void*>(extern_bits(parse_u64(text))));
    return std::nullopt;  // no way to name a function in a script
  }
  auto type = value_type_of(name);
  if (!type) return std::nullopt;
  switch (*type) {
    case ValType::i32: return Value::i32(static_cast<std::int32_t>(parse_u64(text_of(j, "value"))));
    case ValType::i64: return Value::i64(static_cast<std::int64_t>(parse_u64(text_of(j, "value"))));
    case ValType::f32: return Value::f32_bits(static_cast<std::uint32_t>(parse_u64(text_of(j, "value"))));
    case ValType::f64: return Value::f64_bits(parse_u64(text_of(j, "value")));
    case ValType::v128: {
      V128 v{};
      if (!parse_lanes(j.at("value"), j.value("lane_type", ""), v)) return std::nullopt;
      return Value::v128(v);
    }
    default: return std::nullopt;
  }
}

std::string describe(const Value& v) {
  switch (v.type()) {
    case ValType::i32: return fmt::format("i32:{}", static_cast<std::uint32_t>(v.as_i32()));
    case ValType::i64: return fmt::format("i64:{}", static_cast<std::uint64_t>(v.as_i64()));
    case ValType::f32: return fmt::format("f32:{} ({:#010x})", v.as_f32(), v.f32_bits());
    case ValType::f64: return fmt::format("f64:{} ({:#018x})", v.as_f64(), v.f64_bits());
    case ValType::v128: {
      V128 b = v.as_v128();
      std::string s = "v128:";
      for (int i = 0; i < 16; ++i) s += fmt::format("{:02x}", b.bytes[i]);
      return s;
    }
    case ValType::funcref: return v.is_null() ? "funcref:null" : "funcref";
    case ValType::externref: return v.is_null() ? "externref:null" : fmt::format("externref:{}", v.ref_bits() - 1);
    case ValType::exnref: return v.is_null() ? "exnref:null" : "exnref";
  }
  // Typed references print as the text format writes their type.
  if (is_reference(v.type())) return fmt::format("{}:{}", wrt::text_of(v.type()).c_str(), v.is_null() ? "null" : "ref");
  return "?";
}

std::string describe(const std::vector<Value>& values) {
  std::string text;
  for (const Value& v : values) text += (text.empty() ? "" : " ") + describe(v);
  return "[" + text + "]";
}

// NaN patterns of the scripts: canonical (only the quiet bit set in the payload) or
// arithmetic (any quiet NaN), of either sign.
bool float_matches(std::uint64_t bits, const std::string& expected, bool is64) {
  const std::uint64_t sign = is64 ? 0x8000000000000000ull : 0x80000000ull;
  const std::uint64_t canonical = is64 ? 0x7FF8000000000000ull : 0x7FC00000ull;
  if (expected == "nan:canonical") return (bits & ~sign) == canonical;
  if (expected == "nan:arithmetic") return (bits & canonical) == canonical;
  return bits == parse_u64(expected);
}

bool lane_matches(const V128& actual, std::size_t lane, std::size_t width, const std::string& lane_type,
                  const std::string& expected) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, actual.bytes + lane * width, width);
  if (lane_type == "f32" || lane_type == "f64") return float_matches(bits, expected, lane_type == "f64");
  std::uint64_t mask = width == 8 ? ~0ull : ((1ull << (width * 8)) - 1);
  return bits == (parse_u64(expected) & mask);
}

// Matches one result against an expected value of the script. Returns an explanation when the
// expected value is one the runner cannot check (then the assertion fails with it), else
// nothing and sets `matches`.
std::optional<std::string> value_matches(const Value& actual, const Json& expected, bool& matches) {
  matches = false;
  if (!expected.is_object()) return "bad manifest: an expected value is not an object: " + expected.dump();
  const std::string name = expected.value("type", "");
  if (name == "either") {  // one result with alternatives (a .wast script's `(either ...)`)
    for (const Json& alternative : expected.value("values", Json::array())) {
      if (auto problem = value_matches(actual, alternative, matches)) return problem;
      if (matches) return std::nullopt;
    }
    return std::nullopt;
  }
  if (name == "refnull") {  // any null reference
    matches = actual.is_null();
    return std::nullopt;
  }
  if (name == "ref") return "bad manifest: \"ref\" is a result type, not a result value: " + expected.dump();
  if (RefHierarchy hierarchy = hierarchy_of(name); hierarchy != RefHierarchy::none) {
    const bool same_hierarchy = hierarchy_of(actual.type()) == hierarchy;
    if (!expected.contains("value")) {  // any non-null reference of that heap type
      matches = same_hierarchy && !actual.is_null();
      return std::nullopt;
    }
    const std::string& text = text_of(expected, "value");
    if (text == "null") {
      matches = same_hierarchy && actual.is_null();
      return std::nullopt;
    }
    if (name == "externref") {
      matches = same_hierarchy && actual.ref_bits() == extern_bits(parse_u64(text));
      return std::nullopt;
    }
    return "host reference " + expected.dump() + " in the any hierarchy: not supported (needs GC)";
  }
  auto type = value_type_of(name);
  if (!type) return "unknown result type in the manifest: " + expected.dump();
  if (actual.type() != *type) return std::nullopt;
  switch (*type) {
    case ValType::i32:
      matches = static_cast<std::uint32_t>(actual.as_i32()) == static_cast<std::uint32_t>(parse_u64(text_of(expected, "value")));
      return std::nullopt;
    case ValType::i64: matches = static_cast<std::uint64_t>(actual.as_i64()) == parse_u64(text_of(expected, "value")); return std::nullopt;
    case ValType::f32: matches = float_matches(actual.f32_bits(), text_of(expected, "value"), false); return std::nullopt;
    case ValType::f64: matches = float_matches(actual.f64_bits(), text_of(expected, "value"), true); return std::nullopt;
    case ValType::v128: {
      const std::string lane_type = expected.value("lane_type", "");
      const Json& lanes = expected.at("value");
      if (!lanes.is_array() || lanes.empty() || 16 % lanes.size() != 0) return "bad manifest: v128 lanes " + lanes.dump();
      std::size_t width = 16 / lanes.size();
      V128 v = actual.as_v128();
      matches = true;
      for (std::size_t i = 0; matches && i < lanes.size(); ++i) {
        matches = lane_matches(v, i, width, lane_type, lanes[i].get<std::string>());
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

// Matches a whole result list against `"expected"` (a list of values) or `"either"` (a list of
// alternatives, each a value or, for several results, a list of values). Returns the failure
// reason, or nothing when the results match.
std::optional<std::string> results_match(const std::vector<Value>& results, const Json& command);

std::optional<std::string> results_match(const std::vector<Value>& results, const Json& command) {
  auto match_list = [&](const Json& expected, bool& matches) -> std::optional<std::string> {
    matches = false;
    if (!expected.is_array()) return "bad manifest: expected results are not a list: " + expected.dump();
    if (expected.size() != results.size()) return std::nullopt;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (auto problem = value_matches(results[i], expected[i], matches)) return problem;
      if (!matches) return std::nullopt;
    }
    matches = true;
    return std::nullopt;
  };
  bool matches = false;
  if (command.contains("either")) {
    const Json& alternatives = command.at("either");
    if (!alternatives.is_array()) return "bad manifest: \"either\" is not a list: " + alternatives.dump();
    for (const Json& alternative : alternatives) {
      const Json expected = alternative.is_array() ? alternative : Json::array({alternative});
      if (auto problem = match_list(expected, matches)) return problem;
      if (matches) return std::nullopt;
    }
    return fmt::format("expected one of {}, got {}", alternatives.dump(), describe(results));
  }
  const Json expected = command.value("expected", Json::array());
  if (auto problem = match_list(expected, matches)) return problem;
  if (matches) return std::nullopt;
  return fmt::format("expected {}, got {}", expected.dump(), describe(results));
}

// An action ended by a WebAssembly exception that nothing caught (exception handling).
bool is_uncaught_exception(const Error& error) { return error.code() == ErrorCode::uncaught_exception; }

// The spectest module of the reference interpreter: print functions that print nothing of
// interest here (they only need to exist), globals of value 666 / 666.6, a table and a memory.
Result<HostAction> spectest_print(HostCall&) noexcept { return HostAction::done; }

}  // namespace

// Everything one script creates: its store, modules and instances, and the names they are
// registered under.
struct Runner::State {
  explicit State(const Features& enabled) : store(), thread(store) { features = enabled; }

  Store store;
  Thread thread;
  Features features;
  std::filesystem::path directory;
  std::string source;
  std::vector<std::unique_ptr<std::vector<std::uint8_t>>> binaries;
  std::vector<std::unique_ptr<ModuleDescription>> modules;
  std::vector<ModuleCode*> codes;
  std::map<std::string, std::vector<std::uint8_t>> files;  // modules of a .wast script, by filename
  Instance* current = nullptr;
  std::unordered_map<std::string, Instance*> named;  // "$name" -> instance
  std::unordered_map<std::string, ModuleCode*> definitions;  // "$name" -> module definition
  ModuleCode* last_definition = nullptr;  // of `module_definition` without a name
  Linker linker;  // spectest, and every registered instance

  ~State() {
    for (ModuleCode* code : codes) ModuleCode::destroy(code);
  }

  Result<void> add_spectest() {
    auto add_function = [&](const char* name, std::initializer_list<ValType> params) -> Result<void> {
      std::vector<ValType> types(params);
      FuncType type{std::span<const ValType>(types.data(), types.size()), {}};
      FunctionInstance* f = WRT_TRY(store.create_host_function(type, &spectest_print, nullptr));
      return linker.define("spectest", name, ExternVal::function(f));
    };
    WRT_TRY(add_function("print", {}));
    WRT_TRY(add_function("print_i32", {ValType::i32}));
    WRT_TRY(add_function("print_i64", {ValType::i64}));
    WRT_TRY(add_function("print_f32", {ValType::f32}));
    WRT_TRY(add_function("print_f64", {ValType::f64}));
    WRT_TRY(add_function("print_i32_f32", {ValType::i32, ValType::f32}));
    WRT_TRY(add_function("print_f64_f64", {ValType::f64, ValType::f64}));
    GlobalInstance* g_i32 = WRT_TRY(store.create_global(GlobalType{ValType::i32, false}, Value::i32(666)));
    GlobalInstance* g_i64 = WRT_TRY(store.create_global(GlobalType{ValType::i64, false}, Value::i64(666)));
    GlobalInstance* g_f32 = WRT_TRY(store.create_global(GlobalType{ValType::f32, false}, Value::f32(666.6f)));
    GlobalInstance* g_f64 = WRT_TRY(store.create_global(GlobalType{ValType::f64, false}, Value::f64(666.6)));
    WRT_TRY(linker.define("spectest", "global_i32", ExternVal::global(g_i32)));
    WRT_TRY(linker.define("spectest", "global_i64", ExternVal::global(g_i64)));
    WRT_TRY(linker.define("spectest", "global_f32", ExternVal::global(g_f32)));
    WRT_TRY(linker.define("spectest", "global_f64", ExternVal::global(g_f64)));
    TableType table_type;
    table_type.element = ValType::funcref;
    table_type.limits = Limits{10, 20, true};
    TableInstance* table = WRT_TRY(store.create_table(table_type, 0));
    WRT_TRY(linker.define("spectest", "table", ExternVal::table(table)));
    TableType table64_type = table_type;  // memory64's spectest addition: the same, i64-indexed
    table64_type.limits.is64 = true;
    TableInstance* table64 = WRT_TRY(store.create_table(table64_type, 0));
    WRT_TRY(linker.define("spectest", "table64", ExternVal::table(table64)));
    MemoryType memory_type;
    memory_type.limits = Limits{1, 2, true};
    MemoryInstance* memory = WRT_TRY(store.create_memory(memory_type));
    WRT_TRY(linker.define("spectest", "memory", ExternVal::memory(memory)));
    MemoryType shared_type;  // the threads proposal's spectest addition
    shared_type.limits = Limits{1, 1, true};
    shared_type.limits.shared = true;
    MemoryInstance* shared = WRT_TRY(store.create_memory(shared_type));
    return linker.define("spectest", "shared_memory", ExternVal::memory(shared));
  }

  // The binary of a command's module: read from its file (or, for a .wast script, from
  // memory); a text module (`module quote`) is parsed here, and text that does not parse is
  // malformed.
  // `in_custom_annotation`, when given, tells whether a text module's problem is in an
  // annotation that makes a custom section (a branch hint), not in the module itself.
  Result<std::vector<std::uint8_t>> module_bytes(const Json& command, bool* in_custom_annotation = nullptr) {
    if (command.contains("text_error")) {
      if (in_custom_annotation) *in_custom_annotation = command.value("text_error_in_custom_annotation", false);
      return Error(ErrorCode::malformed, "malformed text").append_detail(text_of(command, "text_error"));
    }
    const std::string filename = text_of(command, "filename");
    std::optional<std::vector<std::uint8_t>> bytes;
    if (auto it = files.find(filename); it != files.end()) {
      bytes = it->second;
    } else {
      bytes = read_file(directory / filename);
    }
    if (!bytes) return Error(ErrorCode::io_error).append_detail("cannot read the module file");
    if (command.value("module_type", "") != "text") return std::move(*bytes);
    text::BinaryResult parsed =
        text::parse_module(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    if (!parsed.ok()) {
      if (in_custom_annotation) *in_custom_annotation = parsed.error->in_custom_annotation;
      return Error(ErrorCode::malformed, "malformed text").append_detail(parsed.error->to_string());
    }
    return std::move(parsed.binary);
  }

  // Decodes and validates a command's module into code that can be instantiated.
  Result<ModuleCode*> compile(const Json& command) {
    binaries.push_back(std::make_unique<std::vector<std::uint8_t>>(WRT_TRY(module_bytes(command))));
    const std::vector<std::uint8_t>& data = *binaries.back();
    modules.push_back(std::make_unique<ModuleDescription>());
    ModuleDescription& module = *modules.back();
    DecodeOptions options;
    options.features = features;
    WRT_TRY(decode_and_validate(Bytes(data.data(), data.size()), options, module));
    ModuleCode* code = WRT_TRY(ModuleCode::create(module, options, store.allocator()));
    codes.push_back(code);
    return code;
  }

  // Links and instantiates compiled code.
  Result<Instance*> instantiate(ModuleCode& code) {
    thread.disable_fuel();
    return linker.instantiate(store, code, thread);
  }

  // Decodes, validates, links and instantiates a command's module.
  Result<Instance*> load(const Json& command) {
    ModuleCode* code = WRT_TRY(compile(command));
    return instantiate(*code);
  }

  // The instance an action or a `register` names (`key`), or the current one.
  Instance* instance_named(const Json& command, const char* key = "module") {
    if (command.contains(key)) {
      auto it = named.find(text_of(command, key));
      return it == named.end() ? nullptr : it->second;
    }
    return current;
  }

  // Runs an invoke or get action.
  Result<std::vector<Value>> perform(const Json& action) {
    Instance* instance = instance_named(action);
    if (instance == nullptr) return Error(ErrorCode::unknown_export).append_detail("no such module");
    const std::string field = action.value("field", "");
    ExternVal target;
    if (!instance->find_export(field, target)) return Error(ErrorCode::unknown_export).append_detail(field);
    if (!action.is_object()) return Error(ErrorCode::invalid_argument).append_detail("bad manifest: the action is not an object");
    if (action.value("type", "") == "get") {
      GlobalInstance* global = target.as_global();
      if (global == nullptr) return Error(ErrorCode::unknown_export).append_detail("not a global");
      return std::vector<Value>{global->get()};
    }
    FunctionInstance* function = target.as_function();
    if (function == nullptr) return Error(ErrorCode::unknown_export).append_detail("not a function");
    std::vector<Value> args;
    for (const Json& a : action.value("args", Json::array())) {
      auto v = parse_value(a);
      if (!v) return Error(ErrorCode::invalid_argument).append_detail("unsupported argument " + a.dump());
      args.push_back(*v);
    }
    std::vector<Value> results(function->type().type.results.size());
    ExecStatus status = WRT_TRY(thread.invoke(*function, args, results));
    if (status != ExecStatus::completed) return Error(ErrorCode::out_of_fuel);
    return results;
  }
};

namespace {
// Script text (names from modules, the script's own fields) made safe for the terminal.
std::string escaped(std::string_view text) {
  std::string out(text.size() * 4 + 8, '\0');  // an escape is at most 4 bytes per byte
  TextWriter writer(out.data(), out.size());
  writer.put_escaped(text);
  out.resize(writer.finish());
  return out;
}
}  // namespace

Runner::Runner(Options options) : options_(std::move(options)) {}
Runner::~Runner() = default;

void Runner::run_file(const std::string& json_path) {
  State state(options_.features);
  state.directory = std::filesystem::path(json_path).parent_path();
  state.source = json_path;

  auto fail = [&](std::uint64_t line, const std::string& command, const std::string& reason) {
    // The reason is made of error texts (escaped by Error::format) and JSON dumps (escaped).
    fmt::print("FAIL {}:{} {}: {}\n", escaped(state.source), line, escaped(command), reason);
    ++failures_;
  };

  Json script;
  if (std::filesystem::path(json_path).extension() == ".wast") {
    // A script in the text format: parsed here into the same commands wast2json writes.
    auto bytes = read_file(json_path);
    if (!bytes) {
      fail(0, "script", "cannot open " + json_path);
      return;
    }
    text::ScriptResult parsed =
        text::parse_script(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    if (parsed.error) {
      fail(parsed.error->line, "script", escaped(parsed.error->to_string()));
      return;
    }
    script = script_to_json(parsed, json_path, state.files);
  } else {
    std::ifstream in(json_path);
    if (!in) {
      fail(0, "script", "cannot open " + json_path);
      return;
    }
    try {
      script = Json::parse(in);
    } catch (const std::exception& e) {
      fail(0, "script", std::string("not valid JSON: ") + e.what());
      return;
    }
  }
  if (script.contains("source_filename")) state.source = script["source_filename"].get<std::string>();
  for (const Json& command : script.value("commands", Json::array())) {
    if (command.value("kind", "") == "component" || command.value("type", "") == "component_instance") {
      run_component_script(&script, state.directory.string(), state.source);
      return;
    }
  }
  if (auto spectest = state.add_spectest(); !spectest) {
    fail(0, "script", "cannot create the spectest module: " + to_string(spectest.error()));
    return;
  }

  const Json commands = script.value("commands", Json::array());
  if (!commands.is_array()) {
    fail(0, "script", "bad manifest: \"commands\" is not a list");
    return;
  }
  for (const Json& command : commands) {
    const std::string type = command.is_object() ? command.value("type", "") : std::string();
    std::uint64_t line = 0;
    if (command.is_object() && command.contains("line") && command["line"].is_number_unsigned()) {
      line = command["line"].get<std::uint64_t>();
    }
    if (!options_.kinds.empty() && options_.kinds.count(type) == 0) continue;

    bool passed = false;
    std::string reason;
    // A manifest that does not have the fields a command needs fails that command, with the
    // JSON library's message; the script goes on.
    try {
      passed = run_command(state, command, type, line, reason);
    } catch (const Json::exception& e) {
      passed = false;
      reason = std::string("bad manifest: ") + e.what();
    }

    if (is_assertion(type)) {
      Counts& c = counts_[type];
      ++c.total;
      if (passed) ++c.passed;
    }
    if (!passed) fail(line, type, reason);
  }
}

bool Runner::run_command(State& state, const Json& command, const std::string& type, std::uint64_t line,
                         std::string& reason) {
  auto note_message = [&](const std::string& expected, const Error& error) {
    std::string_view reported = error.message();
    if (reported.rfind(expected, 0) != 0 && std::string_view(expected).rfind(reported, 0) != 0) {
      ++message_mismatches_;
      if (options_.verbose) {
        fmt::print("NOTE {}:{} {}: expected \"{}\", reported \"{}\"\n", escaped(state.source), line, escaped(type),
                   escaped(expected), to_string(error));
      }
    }
  };
  if (!command.is_object()) {
    reason = "bad manifest: the command is not an object";
    return false;
  }
  const std::string expected_text = command.value("text", "");

  if (type == "module" || type == "module_definition") {
    auto code = state.compile(command);
    if (!code) {
      reason = to_string(code.error());
      if (type == "module") state.current = nullptr;
      return false;
    }
    if (command.contains("name")) state.definitions[text_of(command, "name")] = *code;
    if (type == "module_definition") {
      state.last_definition = *code;
      return true;
    }
    auto loaded = state.instantiate(**code);
    if (!loaded) {
      reason = to_string(loaded.error());
      state.current = nullptr;
      return false;
    }
    state.current = *loaded;
    if (command.contains("name")) state.named[text_of(command, "name")] = *loaded;
    return true;
  }
  if (type == "module_instance") {
    ModuleCode* code = state.last_definition;
    if (command.contains("module")) {
      auto it = state.definitions.find(text_of(command, "module"));
      code = it == state.definitions.end() ? nullptr : it->second;
    }
    if (code == nullptr) {
      reason = "no module definition to instantiate";
      state.current = nullptr;
      return false;
    }
    auto loaded = state.instantiate(*code);
    if (!loaded) {
      reason = to_string(loaded.error());
      state.current = nullptr;
      return false;
    }
    state.current = *loaded;
    if (command.contains("instance")) state.named[text_of(command, "instance")] = *loaded;
    return true;
  }
  if (type == "register") {
    // `(register "as" $M)` names the instance with "name" (wabt's key); without it, the current one.
    Instance* instance = state.instance_named(command, "name");
    if (instance == nullptr) {
      reason = command.contains("name") ? "no module named " + escaped(text_of(command, "name")) + " to register"
                                        : "no module to register";
      return false;
    }
    if (auto defined = state.linker.define_instance(text_of(command, "as"), *instance); !defined) {
      reason = to_string(defined.error());
      return false;
    }
    return true;
  }
  if (type == "assert_malformed" || type == "assert_invalid") {
    auto bytes = state.module_bytes(command);
    if (!bytes && bytes.error().code() == ErrorCode::io_error) {
      reason = "cannot read " + text_of(command, "filename");
      return false;
    }
    ModuleDescription module;
    DecodeOptions options;
    options.features = state.features;
    auto result = bytes ? decode_and_validate(Bytes(bytes->data(), bytes->size()), options, module)
                        : Result<void>(bytes.error());
    const ErrorKind expected = type == "assert_malformed" ? ErrorKind::malformed : ErrorKind::invalid;
    if (result) {
      reason = fmt::format("expected {} (\"{}\"), but the module was accepted", name_of(expected), expected_text);
      return false;
    }
    if (result.error().kind() != expected) {
      reason = fmt::format("expected {} (\"{}\"), got {}: {}", name_of(expected), expected_text,
                           name_of(result.error().kind()), to_string(result.error()));
      return false;
    }
    note_message(expected_text, result.error());
    return true;
  }
  if (type == "assert_malformed_custom" || type == "assert_invalid_custom") {
    // A custom section or annotation is malformed or invalid; the module itself is fine, and a
    // runtime that does not interpret that custom section must accept it. The text layer reads
    // branch hints: one it finds malformed is what assert_malformed_custom asserts.
    bool in_custom_annotation = false;
    auto bytes = state.module_bytes(command, &in_custom_annotation);
    if (!bytes && in_custom_annotation && type == "assert_malformed_custom") {
      note_message(expected_text, bytes.error());
      return true;
    }
    if (!bytes) {
      reason = to_string(bytes.error());
      return false;
    }
    ModuleDescription module;
    DecodeOptions options;
    options.features = state.features;
    auto result = decode_and_validate(Bytes(bytes->data(), bytes->size()), options, module);
    if (!result) {
      reason = fmt::format("the module (with a bad custom section: \"{}\") must load, but: {}", expected_text,
                           to_string(result.error()));
      return false;
    }
    return true;
  }
  if (type == "assert_unlinkable" || type == "assert_uninstantiable") {
    auto loaded = state.load(command);
    const ErrorKind expected = type == "assert_unlinkable" ? ErrorKind::unlinkable : ErrorKind::trap;
    if (loaded) {
      reason = fmt::format("expected {} (\"{}\"), but instantiation succeeded", name_of(expected), expected_text);
      return false;
    }
    if (loaded.error().kind() != expected) {
      reason = fmt::format("expected {} (\"{}\"), got: {}", name_of(expected), expected_text, to_string(loaded.error()));
      return false;
    }
    note_message(expected_text, loaded.error());
    return true;
  }
  if (type == "action" || type == "assert_return") {
    auto results = state.perform(command.at("action"));
    if (!results) {
      reason = to_string(results.error());
      return false;
    }
    if (type == "action") return true;
    if (auto problem = results_match(*results, command)) {
      reason = *problem;
      return false;
    }
    return true;
  }
  if (type == "assert_trap" || type == "assert_exhaustion") {
    auto results = state.perform(command.at("action"));
    const bool exhaustion = type == "assert_exhaustion";
    if (results) {
      reason = fmt::format("expected a {} (\"{}\"), but it returned", exhaustion ? "resource exhaustion" : "trap", expected_text);
      return false;
    }
    if (exhaustion ? results.error().code() != ErrorCode::call_stack_exhausted : results.error().kind() != ErrorKind::trap) {
      reason = fmt::format("expected \"{}\", got: {}", expected_text, to_string(results.error()));
      return false;
    }
    note_message(expected_text, results.error());
    return true;
  }
  if (type == "assert_exception") {
    auto results = state.perform(command.at("action"));
    if (results) {
      reason = "expected an uncaught exception, but it returned";
      return false;
    }
    if (!is_uncaught_exception(results.error())) {
      reason = fmt::format("expected an uncaught exception, got: {}", to_string(results.error()));
      return false;
    }
    return true;
  }
  reason = "unknown command type";
  return false;
}

void Runner::count(const std::string& kind, bool passed) {
  Counts& c = counts_[kind];
  ++c.total;
  if (passed) ++c.passed;
}

bool Runner::print_summary() const {
  std::uint64_t passed = 0;
  std::uint64_t total = 0;
  for (const auto& [kind, c] : counts_) {
    fmt::print("{}: {}/{}\n", kind, c.passed, c.total);
    passed += c.passed;
    total += c.total;
  }
  if (options_.verbose && message_mismatches_ > 0) {
    fmt::print("NOTE {} passing assertions reported a different message than the script\n", message_mismatches_);
  }
  fmt::print("{} passed, {} failed\n", passed, total - passed);
  return failures_ == 0;
}

}  // namespace wrt::wast
