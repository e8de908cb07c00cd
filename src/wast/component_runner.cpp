// The spec runner's Component Model scripts (../shared/component-model/json, README there):
// components are decoded and validated; assert_malformed and assert_invalid must fail with
// the matching error kind. Instantiating and running components (component_instance, invoke,
// assert_return, assert_trap...) is the next layer's work and reported as not supported yet.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

  for (const Json& command : script.value("commands", Json::array())) {
    const std::string type = command.value("type", "");
    const std::uint64_t line = command.value("line", std::uint64_t{0});
    if (!options_.kinds.empty() && options_.kinds.count(type) == 0) continue;
    const bool text_module = command.value("module_type", "") == "text";
    if ((type == "assert_malformed" || type == "assert_invalid") && text_module) continue;
    const std::string expected_text = command.value("text", "");
    const std::filesystem::path file = std::filesystem::path(directory) / command.value("filename", "");
    bool passed = false;
    std::string reason;
    bool counted = true;

    if (type == "component") {
      auto result = check(file);
      if (result) {
        passed = true;
      } else {
        reason = to_string(result.error());
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
    } else {
      reason = "running components is not supported yet (Component Model part 2)";
      counted = type.rfind("assert_", 0) == 0;
    }
    if (counted) count(type, passed);
    if (!passed) fail(line, type, reason);
  }
}

}  // namespace wrt::wast
