#include "wast/wast_runner.hpp"

#include <cinttypes>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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
#include <wrt/validator/validator.hpp>

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

std::optional<Value> parse_value(const Json& j) {
  auto type = value_type_of(j.value("type", ""));
  if (!type) return std::nullopt;
  switch (*type) {
    case ValType::i32: return Value::i32(static_cast<std::int32_t>(parse_u64(j["value"].get<std::string>())));
    case ValType::i64: return Value::i64(static_cast<std::int64_t>(parse_u64(j["value"].get<std::string>())));
    case ValType::f32: return Value::f32_bits(static_cast<std::uint32_t>(parse_u64(j["value"].get<std::string>())));
    case ValType::f64: return Value::f64_bits(parse_u64(j["value"].get<std::string>()));
    case ValType::v128: {
      V128 v{};
      if (!parse_lanes(j["value"], j.value("lane_type", ""), v)) return std::nullopt;
      return Value::v128(v);
    }
    case ValType::funcref:
    case ValType::externref: {
      std::string text = j["value"].get<std::string>();
      if (text == "null") return Value::null(*type);
      if (*type == ValType::externref) return Value::externref(reinterpret_cast<void*>(extern_bits(parse_u64(text))));
      return std::nullopt;  // no way to name a function in a script
    }
  }
  return std::nullopt;
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
  }
  return "?";
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

bool value_matches(const Value& actual, const Json& expected) {
  auto type = value_type_of(expected.value("type", ""));
  if (!type || actual.type() != *type) return false;
  switch (*type) {
    case ValType::i32: return static_cast<std::uint32_t>(actual.as_i32()) == static_cast<std::uint32_t>(parse_u64(expected["value"]));
    case ValType::i64: return static_cast<std::uint64_t>(actual.as_i64()) == parse_u64(expected["value"]);
    case ValType::f32: return float_matches(actual.f32_bits(), expected["value"], false);
    case ValType::f64: return float_matches(actual.f64_bits(), expected["value"], true);
    case ValType::v128: {
      const std::string lane_type = expected.value("lane_type", "");
      const Json& lanes = expected["value"];
      std::size_t width = 16 / lanes.size();
      V128 v = actual.as_v128();
      for (std::size_t i = 0; i < lanes.size(); ++i) {
        if (!lane_matches(v, i, width, lane_type, lanes[i].get<std::string>())) return false;
      }
      return true;
    }
    case ValType::funcref:
    case ValType::externref: {
      std::string text = expected["value"].get<std::string>();
      if (text == "null") return actual.is_null();
      if (*type == ValType::funcref) return !actual.is_null();
      return actual.ref_bits() == extern_bits(parse_u64(text));
    }
  }
  return false;
}

// The spectest module of the reference interpreter: print functions that print nothing of
// interest here (they only need to exist), globals of value 666 / 666.6, a table and a memory.
Result<HostAction> spectest_print(HostCall&) noexcept { return HostAction::done; }

}  // namespace

// Everything one script creates: its store, modules and instances, and the names they are
// registered under.
struct Runner::State {
  State() : store(), thread(store) {}

  Store store;
  Thread thread;
  std::filesystem::path directory;
  std::string source;
  std::vector<std::unique_ptr<std::vector<std::uint8_t>>> binaries;
  std::vector<std::unique_ptr<ModuleDescription>> modules;
  std::vector<ModuleCode*> codes;
  Features features;  // what modules may use (Options::features)
  Instance* current = nullptr;
  std::unordered_map<std::string, Instance*> named;  // "$name" -> instance
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

  // Decodes, validates, links and instantiates a module file.
  Result<Instance*> load(const std::filesystem::path& file) {
    auto bytes = read_file(file);
    if (!bytes) return Error(ErrorCode::io_error).append_detail("cannot read the module file");
    binaries.push_back(std::make_unique<std::vector<std::uint8_t>>(std::move(*bytes)));
    const std::vector<std::uint8_t>& data = *binaries.back();
    modules.push_back(std::make_unique<ModuleDescription>());
    ModuleDescription& module = *modules.back();
    DecodeOptions options;
    options.features = features;
    WRT_TRY(decode_and_validate(Bytes(data.data(), data.size()), options, module));
    ModuleCode* code = WRT_TRY(ModuleCode::create(module, options, store.allocator()));
    codes.push_back(code);
    thread.disable_fuel();
    return linker.instantiate(store, *code, thread);
  }

  Instance* instance_named(const Json& action) {
    if (action.contains("module")) {
      auto it = named.find(action["module"].get<std::string>());
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
      if (!v) return Error(ErrorCode::invalid_argument).append_detail("unsupported argument");
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
  State state;
  state.features = options_.features;
  state.directory = std::filesystem::path(json_path).parent_path();
  state.source = json_path;

  auto fail = [&](std::uint64_t line, const std::string& command, const std::string& reason) {
    // The reason is made of error texts (escaped by Error::format) and JSON dumps (escaped).
    fmt::print("FAIL {}:{} {}: {}\n", escaped(state.source), line, escaped(command), reason);
    ++failures_;
  };

  std::ifstream in(json_path);
  if (!in) {
    fail(0, "script", "cannot open " + json_path);
    return;
  }
  Json script;
  try {
    script = Json::parse(in);
  } catch (const std::exception& e) {
    fail(0, "script", std::string("not valid JSON: ") + e.what());
    return;
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

  auto note_message = [&](std::uint64_t line, const std::string& type, const std::string& expected, const Error& error) {
    std::string_view reported = error.message();
    if (reported.rfind(expected, 0) != 0 && std::string_view(expected).rfind(reported, 0) != 0) {
      ++message_mismatches_;
      if (options_.verbose) {
        fmt::print("NOTE {}:{} {}: expected \"{}\", reported \"{}\"\n", escaped(state.source), line, escaped(type),
                   escaped(expected), to_string(error));
      }
    }
  };

  for (const Json& command : script.value("commands", Json::array())) {
    const std::string type = command.value("type", "");
    const std::uint64_t line = command.value("line", std::uint64_t{0});
    if (!options_.kinds.empty() && options_.kinds.count(type) == 0) continue;
    const bool text_module = command.value("module_type", "") == "text";
    if ((type == "assert_malformed" || type == "assert_invalid") && text_module) continue;

    bool passed = false;
    std::string reason;
    const std::string expected_text = command.value("text", "");
    const std::filesystem::path file = state.directory / command.value("filename", "");

    if (type == "module") {
      auto loaded = state.load(file);
      if (loaded) {
        passed = true;
        state.current = *loaded;
        if (command.contains("name")) state.named[command["name"].get<std::string>()] = *loaded;
      } else {
        reason = to_string(loaded.error());
        state.current = nullptr;
      }
    } else if (type == "register") {
      Instance* instance = state.instance_named(command);
      if (instance != nullptr && state.linker.define_instance(command.value("as", ""), *instance)) {
        passed = true;
      } else {
        reason = "no module to register";
      }
    } else if (type == "assert_malformed" || type == "assert_invalid") {
      auto bytes = read_file(file);
      if (!bytes) {
        reason = "cannot read " + file.string();
      } else {
        ModuleDescription module;
        DecodeOptions options;
        options.features = state.features;
        auto result = decode_and_validate(Bytes(bytes->data(), bytes->size()), options, module);
        const ErrorKind expected = type == "assert_malformed" ? ErrorKind::malformed : ErrorKind::invalid;
        if (result) {
          reason = fmt::format("expected {} (\"{}\"), but the module was accepted", name_of(expected), expected_text);
        } else if (result.error().kind() != expected) {
          reason = fmt::format("expected {} (\"{}\"), got {}: {}", name_of(expected), expected_text,
                               name_of(result.error().kind()), to_string(result.error()));
        } else {
          passed = true;
          note_message(line, type, expected_text, result.error());
        }
      }
    } else if (type == "assert_unlinkable" || type == "assert_uninstantiable") {
      auto loaded = state.load(file);
      const ErrorKind expected = type == "assert_unlinkable" ? ErrorKind::unlinkable : ErrorKind::trap;
      if (loaded) {
        reason = fmt::format("expected {} (\"{}\"), but instantiation succeeded", name_of(expected), expected_text);
      } else if (loaded.error().kind() != expected) {
        reason = fmt::format("expected {} (\"{}\"), got: {}", name_of(expected), expected_text, to_string(loaded.error()));
      } else {
        passed = true;
        note_message(line, type, expected_text, loaded.error());
      }
    } else if (type == "action" || type == "assert_return") {
      auto results = state.perform(command["action"]);
      if (!results) {
        reason = to_string(results.error());
      } else if (type == "action") {
        passed = true;
      } else {
        const Json& expected = command.value("expected", Json::array());
        passed = expected.size() == results->size();
        for (std::size_t i = 0; passed && i < expected.size(); ++i) passed = value_matches((*results)[i], expected[i]);
        if (!passed) {
          std::string got;
          for (const Value& v : *results) got += (got.empty() ? "" : " ") + describe(v);
          reason = fmt::format("expected {}, got [{}]", expected.dump(), got);
        }
      }
    } else if (type == "assert_trap" || type == "assert_exhaustion") {
      auto results = state.perform(command["action"]);
      const bool exhaustion = type == "assert_exhaustion";
      if (results) {
        reason = fmt::format("expected a {} (\"{}\"), but it returned", exhaustion ? "resource exhaustion" : "trap", expected_text);
      } else if (exhaustion ? results.error().code() != ErrorCode::call_stack_exhausted
                            : results.error().kind() != ErrorKind::trap) {
        reason = fmt::format("expected \"{}\", got: {}", expected_text, to_string(results.error()));
      } else {
        passed = true;
        note_message(line, type, expected_text, results.error());
      }
    } else {
      reason = "unknown command type";
    }

    if (is_assertion(type)) {
      Counts& c = counts_[type];
      ++c.total;
      if (passed) ++c.passed;
    }
    if (!passed) fail(line, type, reason);
  }
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
