// The spec runner's Component Model scripts (../shared/component-model/json, README there):
// components are decoded, validated and instantiated; assert_malformed and assert_invalid
// must fail with the matching error kind; invocations take and return typed values (the
// folder's README describes their JSON form).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <wrt/component/instance.hpp>
#include <wrt/component/validator.hpp>
#include <wrt/error/fmt.hpp>

#include "wast/wast_runner.hpp"

namespace wrt::wast {

namespace {

using Json = nlohmann::json;

std::optional<std::vector<std::uint8_t>> read_binary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

using namespace wrt::component;

// A component read from a file: its bytes, description and validation, kept as long as any
// runtime of it lives.
struct LoadedComponent {
  std::vector<std::uint8_t> bytes;
  ComponentDescription description;
  ComponentInfo info;
};

struct RunningComponent {
  std::shared_ptr<LoadedComponent> loaded;
  std::unique_ptr<ComponentRuntime> runtime;
  InstanceExports* exports = nullptr;
};

Result<std::shared_ptr<LoadedComponent>> load_component(const std::filesystem::path& file) {
  auto bytes = read_binary(file);
  if (!bytes) return Error(ErrorCode::io_error).append_detail("cannot read the component file");
  auto loaded = std::make_shared<LoadedComponent>();
  loaded->bytes = std::move(*bytes);
  WRT_TRY(decode_and_validate_component(Bytes(loaded->bytes.data(), loaded->bytes.size()), ComponentDecodeOptions{},
                                        loaded->description, loaded->info));
  return loaded;
}

Result<RunningComponent> instantiate(const std::shared_ptr<LoadedComponent>& loaded) {
  RunningComponent running;
  running.loaded = loaded;
  running.runtime = std::make_unique<ComponentRuntime>(loaded->description, loaded->info, ComponentDecodeOptions{}.core,
                                                       default_allocator());
  running.exports = WRT_TRY(running.runtime->instantiate({}));
  return running;
}

std::uint64_t parse_integer(const std::string& text) {
  if (!text.empty() && text[0] == '-') return static_cast<std::uint64_t>(std::strtoll(text.c_str(), nullptr, 0));
  return std::strtoull(text.c_str(), nullptr, 0);
}

// A typed JSON value (the manifests' form) as a ComponentValue of type `type`.
Result<ComponentValue> from_json(const TypeArena& types, TypeId type, const Json& j) {
  const TypeNode& n = types.peeled(type);
  Allocator& a = default_allocator();
  auto str = [&]() { return j.at("value").is_string() ? j.at("value").get<std::string>() : std::string(); };
  switch (n.kind) {
    case NodeKind::primitive:
      switch (n.primitive) {
        case Primitive::bool_: return ComponentValue::boolean(j.at("value").get<bool>());
        case Primitive::s8: return ComponentValue::s8(static_cast<std::int8_t>(parse_integer(str())));
        case Primitive::u8: return ComponentValue::u8(static_cast<std::uint8_t>(parse_integer(str())));
        case Primitive::s16: return ComponentValue::s16(static_cast<std::int16_t>(parse_integer(str())));
        case Primitive::u16: return ComponentValue::u16(static_cast<std::uint16_t>(parse_integer(str())));
        case Primitive::s32: return ComponentValue::s32(static_cast<std::int32_t>(parse_integer(str())));
        case Primitive::u32: return ComponentValue::u32(static_cast<std::uint32_t>(parse_integer(str())));
        case Primitive::s64: return ComponentValue::s64(static_cast<std::int64_t>(parse_integer(str())));
        case Primitive::u64: return ComponentValue::u64(parse_integer(str()));
        case Primitive::f32: return ComponentValue::f32(std::strtof(str().c_str(), nullptr));
        case Primitive::f64: return ComponentValue::f64(std::strtod(str().c_str(), nullptr));
        case Primitive::char_: {
          std::string text = str();
          const auto* p = reinterpret_cast<const unsigned char*>(text.data());
          char32_t c = 0;
          if (text.empty()) return Error(ErrorCode::invalid_argument, "an empty char");
          if (p[0] < 0x80) c = p[0];
          else if (p[0] < 0xE0) c = static_cast<char32_t>(((p[0] & 0x1F) << 6) | (p[1] & 0x3F));
          else if (p[0] < 0xF0) c = static_cast<char32_t>(((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
          else c = static_cast<char32_t>(((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F));
          return ComponentValue::character(c);
        }
        case Primitive::string: return ComponentValue::string(str(), a);
        default: return Error(ErrorCode::invalid_argument, "unsupported value type");
      }
    case NodeKind::list:
    case NodeKind::fixed_list: {
      const Json& items = j.at("value");
      ComponentValue v = WRT_TRY(ComponentValue::list(items.size(), a));
      for (std::size_t i = 0; i < items.size(); ++i) v[i] = WRT_TRY(from_json(types, n.a, items[i]));
      return v;
    }
    case NodeKind::tuple: {
      const Json& items = j.at("value");
      auto fields = types.items(n);
      if (items.size() != fields.size()) return Error(ErrorCode::invalid_argument, "tuple size");
      ComponentValue v = WRT_TRY(ComponentValue::tuple(items.size(), a));
      for (std::size_t i = 0; i < items.size(); ++i) v[i] = WRT_TRY(from_json(types, fields[i].type, items[i]));
      return v;
    }
    case NodeKind::record: {
      const Json& items = j.at("value");
      auto fields = types.items(n);
      ComponentValue v = WRT_TRY(ComponentValue::record(fields.size(), a));
      if (items.size() != fields.size()) return Error(ErrorCode::invalid_argument, "record size");
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Json* found = nullptr;
        for (const Json& item : items) {
          if (item.at(0).get<std::string>() == fields[i].name) found = &item.at(1);
        }
        if (found == nullptr) return Error(ErrorCode::invalid_argument, "missing record field");
        v[i] = WRT_TRY(from_json(types, fields[i].type, *found));
      }
      return v;
    }
    case NodeKind::variant: {
      std::string label = j.at("case").get<std::string>();
      auto cases = types.items(n);
      for (std::uint32_t i = 0; i < cases.size(); ++i) {
        if (cases[i].name != label) continue;
        if (cases[i].type == kNoType) return ComponentValue::variant(i);
        ComponentValue payload = WRT_TRY(from_json(types, cases[i].type, j.at("value")));
        return ComponentValue::variant(i, std::move(payload), a);
      }
      return Error(ErrorCode::invalid_argument, "no such variant case");
    }
    case NodeKind::enum_: {
      std::string label = j.at("value").get<std::string>();
      auto cases = types.items(n);
      for (std::uint32_t i = 0; i < cases.size(); ++i) {
        if (cases[i].name == label) return ComponentValue::enum_case(i);
      }
      return Error(ErrorCode::invalid_argument, "no such enum case");
    }
    case NodeKind::flags: {
      std::uint32_t bits = 0;
      auto labels = types.items(n);
      for (const Json& f : j.at("value")) {
        std::string label = f.get<std::string>();
        for (std::uint32_t i = 0; i < labels.size(); ++i) {
          if (labels[i].name == label) bits |= 1u << i;
        }
      }
      return ComponentValue::flags(bits);
    }
    case NodeKind::option:
      if (j.at("value").is_null()) return ComponentValue::none();
      return ComponentValue::some(WRT_TRY(from_json(types, n.a, j.at("value"))), a);
    case NodeKind::result: {
      bool ok = j.at("ok").get<bool>();
      TypeId payload = ok ? n.a : n.b;
      if (payload == kNoType || j.at("value").is_null()) return ok ? ComponentValue::ok() : ComponentValue::err();
      ComponentValue p = WRT_TRY(from_json(types, payload, j.at("value")));
      return ok ? ComponentValue::ok(std::move(p), a) : ComponentValue::err(std::move(p), a);
    }
    default:
      return Error(ErrorCode::invalid_argument, "unsupported value type in a script:").append_detail(name_of(n.kind));
  }
}

// The value as text, for failure messages.
std::string describe(const ComponentValue& v) {
  switch (v.kind()) {
    case ValueKind::bool_: return v.as_bool() ? "true" : "false";
    case ValueKind::s8:
    case ValueKind::s16:
    case ValueKind::s32:
    case ValueKind::s64: return std::to_string(v.as_signed());
    case ValueKind::u8:
    case ValueKind::u16:
    case ValueKind::u32:
    case ValueKind::u64: return std::to_string(v.as_unsigned());
    case ValueKind::f32: return fmt::format("{}", v.as_f32());
    case ValueKind::f64: return fmt::format("{}", v.as_f64());
    case ValueKind::char_: return fmt::format("char {}", static_cast<std::uint32_t>(v.as_char()));
    case ValueKind::string: return fmt::format("\"{}\"", v.as_string());
    case ValueKind::enum_: return fmt::format("enum case {}", v.case_index());
    case ValueKind::flags: return fmt::format("flags {:#x}", v.bits());
    case ValueKind::own: return fmt::format("own {}", v.rep());
    case ValueKind::borrow: return fmt::format("borrow {}", v.rep());
    case ValueKind::stream: return "stream";
    case ValueKind::future: return "future";
    case ValueKind::error_context: return fmt::format("error-context \"{}\"", v.debug_message());
    default: break;
  }
  std::string text = fmt::format("{}", name_of(v.kind()));
  if (v.kind() == ValueKind::variant || v.kind() == ValueKind::option || v.kind() == ValueKind::result) {
    text += fmt::format(" case {}", v.case_index());
    if (v.has_payload()) text += "(" + describe(v.payload()) + ")";
    return text;
  }
  text += "[";
  for (std::size_t i = 0; i < v.size(); ++i) text += (i == 0 ? "" : ", ") + describe(v[i]);
  return text + "]";
}

// Invokes the action's export with the action's arguments.
Result<std::vector<ComponentValue>> invoke(RunningComponent& c, const Json& action) {
  std::string field = action.value("field", "");
  const RuntimeEntity* f = c.exports->find(field);
  if (f == nullptr || f->kind != component::ExternKind::func) return Error(ErrorCode::unknown_export).append_detail(field);
  const TypeArena& types = c.runtime->types();
  const TypeNode& ft = types.peeled(f->type);
  auto params = types.items(ft);
  const Json& json_args = action.value("args", Json::array());
  if (json_args.size() != params.size()) return Error(ErrorCode::invalid_argument, "wrong number of arguments in the script");
  std::vector<ComponentValue> args;
  for (std::size_t i = 0; i < params.size(); ++i) args.push_back(WRT_TRY(from_json(types, params[i].type, json_args[i])));
  std::vector<ComponentValue> results(ft.a == kNoType ? 0 : 1);
  WRT_TRY(c.runtime->call(*f, args, results));
  return results;
}

}  // namespace

void Runner::run_component_script(const void* script_ptr, const std::string& directory, const std::string& source) {
  const Json& script = *static_cast<const Json*>(script_ptr);
  auto fail = [&](std::uint64_t line, const std::string& command, const std::string& reason) {
    fmt::print("FAIL {}:{} {}: {}\n", source, line, command, reason);
    ++failures_;
  };
  // Decodes and validates a component binary.
  auto check = [&](const std::filesystem::path& file) -> Result<void> {
    auto bytes = read_binary(file);
    if (!bytes) return Error(ErrorCode::io_error).append_detail("cannot read the component file");
    component::ComponentDecodeOptions options;
    component::ComponentDescription description;
    component::ComponentInfo info;
    return component::decode_and_validate_component(Bytes(bytes->data(), bytes->size()), options, description, info);
  };

  std::map<std::string, std::shared_ptr<LoadedComponent>> definitions;
  std::unique_ptr<RunningComponent> current;
  // With a kind filter that leaves out invocations (the decode-and-validate runs), components
  // are not instantiated.
  const bool executing = options_.kinds.empty() || options_.kinds.count("assert_return") != 0 ||
                         options_.kinds.count("assert_trap") != 0;
  for (const Json& command : script.value("commands", Json::array())) {
    const std::string type = command.value("type", "");
    const std::uint64_t line = command.value("line", std::uint64_t{0});
    if (!options_.kinds.empty() && options_.kinds.count(type) == 0 && !(executing && type == "component_instance")) continue;
    const bool text_module = command.value("module_type", "") == "text";
    if ((type == "assert_malformed" || type == "assert_invalid") && text_module) continue;
    const std::string expected_text = command.value("text", "");
    const std::filesystem::path file = std::filesystem::path(directory) / command.value("filename", "");
    bool passed = false;
    std::string reason;
    bool counted = true;

    if (type == "component") {
      auto loaded = load_component(file);
      if (!loaded) {
        reason = to_string(loaded.error());
        if (!command.value("definition", false)) current.reset();
      } else if (command.value("definition", false)) {
        passed = true;
        if (command.contains("id") && command["id"].is_string()) definitions[command["id"].get<std::string>()] = *loaded;
      } else if (!executing) {
        passed = true;
      } else {
        auto running = instantiate(*loaded);
        if (!running) {
          reason = "instantiation failed: " + to_string(running.error());
          current.reset();
        } else {
          passed = true;
          current = std::make_unique<RunningComponent>(std::move(*running));
        }
        if (command.contains("id") && command["id"].is_string()) definitions[command["id"].get<std::string>()] = *loaded;
      }
    } else if (type == "component_instance") {
      counted = false;
      auto it = definitions.find(command.value("instanceOf", ""));
      if (it == definitions.end()) {
        reason = "no component definition named " + command.value("instanceOf", "");
      } else {
        auto running = instantiate(it->second);
        if (!running) {
          reason = "instantiation failed: " + to_string(running.error());
          current.reset();
        } else {
          passed = true;
          current = std::make_unique<RunningComponent>(std::move(*running));
        }
      }
    } else if (type == "assert_malformed" || type == "assert_invalid") {
      auto result = check(file);
      const ErrorKind expected = type == "assert_malformed" ? ErrorKind::malformed : ErrorKind::invalid;
      if (result) {
        reason = fmt::format("expected {} (\"{}\"), but the component was accepted", name_of(expected), expected_text);
      } else if (result.error().kind() != expected) {
        reason = fmt::format("expected {} (\"{}\"), got {}: {}", name_of(expected), expected_text,
                             name_of(result.error().kind()), to_string(result.error()));
      } else {
        passed = true;
        if (options_.verbose) {
          fmt::print("NOTE {}:{} {}: expected \"{}\", reported \"{}\"\n", source, line, type, expected_text,
                     to_string(result.error()));
        }
      }
    } else if (type == "assert_uninstantiable" || type == "assert_unlinkable") {
      auto loaded = load_component(file);
      const ErrorKind expected = type == "assert_unlinkable" ? ErrorKind::unlinkable : ErrorKind::trap;
      if (!loaded) {
        reason = "the component does not load: " + to_string(loaded.error());
      } else {
        auto running = instantiate(*loaded);
        if (running) {
          reason = fmt::format("expected {} (\"{}\"), but instantiation succeeded", name_of(expected), expected_text);
        } else if (running.error().kind() != expected || running.error().code() == ErrorCode::not_supported) {
          reason = fmt::format("expected {} (\"{}\"), got: {}", name_of(expected), expected_text, to_string(running.error()));
        } else {
          passed = true;
        }
      }
    } else if (type == "action" || type == "assert_return" || type == "assert_trap") {
      counted = type != "action";
      if (!current) {
        reason = "no component instance to invoke";
      } else {
        auto results = invoke(*current, command.value("action", Json::object()));
        if (type == "assert_trap") {
          if (results) {
            reason = fmt::format("expected a trap (\"{}\"), but it returned", expected_text);
          } else if (results.error().kind() != ErrorKind::trap || results.error().code() == ErrorCode::not_supported) {
            // Something this version does not implement is not the trap the script means.
            reason = fmt::format("expected a trap (\"{}\"), got: {}", expected_text, to_string(results.error()));
          } else {
            passed = true;
          }
        } else if (!results) {
          reason = to_string(results.error());
        } else if (type == "action") {
          passed = true;
        } else {
          const Json& expected = command.value("expected", Json::array());
          const RuntimeEntity* f = current->exports->find(command["action"].value("field", ""));
          const TypeArena& types = current->runtime->types();
          passed = expected.size() == results->size();
          std::string got;
          for (const ComponentValue& v : *results) got += (got.empty() ? "" : ", ") + describe(v);
          if (passed && !expected.empty()) {
            auto want = from_json(types, types.peeled(f->type).a, expected[0]);
            passed = want && want->equals((*results)[0]);
            if (!want) got += " (the expected value does not parse: " + to_string(want.error()) + ")";
          }
          if (!passed) reason = fmt::format("expected {}, got [{}]", expected.dump(), got);
        }
      }
    } else {
      reason = "unknown command type";
      counted = type.rfind("assert_", 0) == 0;
    }
    if (counted) count(type, passed);
    if (!passed) fail(line, type, reason);
  }
}

}  // namespace wrt::wast
