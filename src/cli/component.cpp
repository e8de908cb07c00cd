// wrt-run validate and inspect for components (files whose preamble says layer 1).
#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include <wrt/api/api.hpp>
#include <wrt/component/validator.hpp>
#include <wrt/component/wit.hpp>
#include <wrt/error/fmt.hpp>

#include "cli/commands.hpp"

namespace wrt::cli {

namespace {

using namespace wrt::component;

// Module text (names, WIT) may hold any Unicode, but control characters must not reach the
// terminal: they print as \u{..} escapes.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n') || byte == 0x7f) {
      out += fmt::format("\\u{{{:x}}}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

void write_to_string(void* context, std::string_view text) { static_cast<std::string*>(context)->append(text); }

std::string wit_of(const TypeArena& types, TypeId type, std::uint32_t indent) {
  std::string text;
  WitOptions options;
  options.indent = indent;
  print_wit(types, type, TextSink{&write_to_string, &text}, options);
  return printable(text);
}

// The definitions of one component (not of those nested in it), counted by kind.
std::string definition_counts(const ComponentDescription& d, const ComponentNode& node) {
  std::array<std::size_t, 12> counts{};
  for (const Definition& def : d.definitions_of(node)) ++counts[static_cast<std::size_t>(def.kind)];
  std::string text;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) continue;
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", counts[k], name_of(static_cast<DefinitionKind>(k)));
  }
  return text.empty() ? "empty" : text;
}

}  // namespace

bool is_component_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<std::uint8_t, 8> head{};
  if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return false;
  return looks_like_component(Bytes(head.data(), head.size()));
}

int run_validate_component(const std::string& path) {
  auto bytes = wrt::read_file(path);
  if (!bytes) {
    fmt::print(stderr, "error: {}: {}\n", printable(path), printable(to_string(bytes.error())));
    return kExitUsage;
  }
  ComponentDescription description;
  ComponentInfo info;
  auto valid = decode_and_validate_component(Bytes(bytes->data(), bytes->size()), {}, description, info);
  if (!valid) {
    fmt::print(stderr, "error: {}: {}\n", printable(path), printable(to_string(valid.error())));
    return kExitRejected;
  }
  return 0;
}

int run_inspect_component(const std::string& path) {
  auto bytes = wrt::read_file(path);
  if (!bytes) {
    fmt::print(stderr, "error: {}: {}\n", printable(path), printable(to_string(bytes.error())));
    return kExitUsage;
  }
  ComponentDecodeOptions options;
  ComponentDescription d;
  auto decoded = decode_component(Bytes(bytes->data(), bytes->size()), options, d);
  if (!decoded) {
    fmt::print(stderr, "error: {}: {}\n", printable(path), printable(to_string(decoded.error())));
    return kExitRejected;
  }
  fmt::print("{}: {} bytes, WebAssembly component (binary version 0x{:x}, layer {})\n", printable(path), bytes->size(),
             kComponentVersion, kComponentLayer);

  fmt::print("\nstructure:\n");
  for (std::size_t i = 0; i < d.components.size(); ++i) {
    const ComponentNode& node = d.components[i];
    fmt::print("  {:{}}component {} at {}: {}\n", "", 2 * (node.depth < 16 ? node.depth : 16), i, node.offset,
               definition_counts(d, node));
  }
  std::size_t module_bytes = 0;
  for (const CoreModuleDef& m : d.core_modules) module_bytes += m.bytes.size();
  fmt::print("core modules: {} ({} bytes)", d.core_modules.size(), module_bytes);
  for (std::size_t i = 0; i < d.core_modules.size(); ++i) {
    const ModuleDescription& m = d.modules[d.core_modules[i].description];
    fmt::print("{} {}: {} functions, {} imports, {} exports", i == 0 ? ":" : ";", i, m.function_count(), m.imports.size(),
               m.exports.size());
  }
  fmt::print("\n");
  for (const CustomSectionDef& c : d.customs) fmt::print("custom section \"{}\": {} bytes\n", printable(c.name), c.data.size());

  ComponentInfo info;
  auto valid = validate_component(d, options, info);
  if (!valid) {
    fmt::print("\ninvalid: {}\n", printable(to_string(valid.error())));
    return kExitRejected;
  }
  const TypeNode& root = info.types.peeled(info.root);
  fmt::print("\n{} imports, {} exports:\n{}\n", root.import_count, root.count, wit_of(info.types, info.root, 0));
  fmt::print("\nvalid\n");
  return 0;
}

}  // namespace wrt::cli
