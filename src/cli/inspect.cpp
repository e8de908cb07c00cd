// wrt-run inspect: what a module contains, for people.
#include <cstdint>

#include <fmt/format.h>

#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/disassembler.hpp>
#include <wrt/decoder/instruction.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/text/printer.hpp>
#include <wrt/validator/validator.hpp>

#include "cli/commands.hpp"
#include "cli/text.hpp"

namespace wrt::cli {

namespace {

std::string types_text(std::span<const ValType> types) {
  std::string text;
  for (ValType t : types) {
    if (!text.empty()) text += ' ';
    text += text_of(t).c_str();
  }
  return text;
}

std::string type_text(const FuncType& type) {
  return fmt::format("({}) -> ({})", types_text(type.params), types_text(type.results));
}

std::string limits_text(const Limits& limits) {
  return limits.has_max ? fmt::format("{}..{}", limits.min, limits.max) : fmt::format("{}..", limits.min);
}

// Indentation shows nesting up to this depth; deeper lines say their depth after the
// instruction instead (the instruction stays the first word, for tools), so the
// output stays linear in the code's size (a body of 100,000 nested blocks would otherwise
// print gigabytes of spaces).
constexpr int kMaxIndentedDepth = 32;

void print_disassembly(const ModuleDescription& module, const DecodeOptions& options) {
  for (std::uint32_t f = module.imported_functions; f < module.function_count(); ++f) {
    const FunctionBody& body = module.body(f);
    const std::string name = printable(module.function_name(f));
    fmt::print("\nfunc {}{}{} {}\n", f, name.empty() ? "" : " ", name,
               module.functions[f] < module.types.size() ? type_text(module.function_type(f)) : "(unknown type)");
    ByteReader reader(body.code, body.code_offset);
    auto context = InstructionReader::Context::for_module(module, options.features, options.limits.max_br_table_targets);
    InstructionReader instructions(reader, context);
    int depth = 1;
    while (!reader.at_end()) {
      Instruction inst;
      auto result = instructions.read(inst);
      if (!result) {
        fmt::print("  error: {}\n", result.error());
        break;
      }
      if (inst.op == Opcode::end || inst.op == Opcode::else_) --depth;
      char text[160];
      disassemble(inst, text, sizeof text);
      const int level = depth > 0 ? depth - 1 : 0;
      if (level <= kMaxIndentedDepth) {
        fmt::print("  {:06x}: {:{}}{}\n", inst.offset, "", 2 * level, text);
      } else {
        fmt::print("  {:06x}: {:{}}{}  ;; depth {}\n", inst.offset, "", 2 * kMaxIndentedDepth, text, level);
      }
      if (inst.op == Opcode::block || inst.op == Opcode::loop || inst.op == Opcode::if_ || inst.op == Opcode::else_) ++depth;
    }
  }
}

}  // namespace

int run_inspect(const std::string& path, bool disassemble_code, bool as_text) {
  if (is_component_file(path)) return run_inspect_component(path);
  if (as_text) {
    auto bytes = read_input(path);
    if (!bytes) {
      fmt::print(stderr, "error: {}: {}\n", display_name(path), bytes.error());
      return bytes.error().kind() == ErrorKind::malformed ? kExitRejected : kExitUsage;
    }
    text::PrintResult printed = text::print_module(*bytes);
    if (!printed.ok()) {
      fmt::print(stderr, "error: {}: {}\n", display_name(path), printed.error);
      return kExitRejected;
    }
    fmt::print("{}", printed.text);
    return 0;
  }
  std::vector<std::uint8_t> bytes;
  ModuleDescription module;
  if (int status = read_and_decode(path, bytes, module); status != 0) return status;
  DecodeOptions options;

  fmt::print("{}: {} bytes, WebAssembly binary version 1\n", display_name(path), bytes.size());
  fmt::print("\nsections:\n");
  for (const SectionInfo& s : module.sections) {
    std::string extra;
    if (s.id == 0) {
      for (const CustomSection& c : module.customs) {
        if (c.offset >= s.payload_offset && c.offset <= s.payload_offset + s.size) {
          extra = fmt::format(" \"{}\"", printable(c.name));
        }
      }
    }
    fmt::print("  {:<10} at {:>8}  {:>9} bytes{}\n", section_name(s.id), s.offset, s.size, extra);
  }

  fmt::print("\ntypes: {}   functions: {} ({} imported)   tables: {}   memories: {}   globals: {}\n", module.types.size(),
             module.function_count(), module.imported_functions, module.tables.size(), module.memories.size(),
             module.globals.size());
  if (!module.tags.empty()) fmt::print("tags: {} ({} imported)\n", module.tags.size(), module.imported_tags);
  fmt::print("element segments: {}   data segments: {}", module.elements.size(), module.data.size());
  std::size_t data_bytes = 0;
  for (const DataSegment& d : module.data) data_bytes += d.init.size();
  fmt::print(" ({} bytes)\n", data_bytes);
  if (module.has_start) fmt::print("start function: {}\n", module.start);

  if (!module.imports.empty()) {
    fmt::print("\nimports ({}):\n", module.imports.size());
    for (const Import& imp : module.imports) {
      std::string what;
      switch (imp.kind) {
        case ExternKind::function:
          what = imp.type_index < module.types.size() ? type_text(module.type(imp.type_index)) : "(unknown type)";
          break;
        case ExternKind::table: what = fmt::format("{} {}", text_of(imp.table.element).c_str(), limits_text(imp.table.limits)); break;
        case ExternKind::memory: what = fmt::format("pages {}", limits_text(imp.memory.limits)); break;
        case ExternKind::global: what = fmt::format("{}{}", imp.global.is_mutable ? "mut " : "", text_of(imp.global.type).c_str()); break;
        case ExternKind::tag:
          what = imp.type_index < module.types.size() ? type_text(module.type(imp.type_index)) : "(unknown type)";
          break;
      }
      fmt::print("  {:<6} {}.{} {}\n", name_of(imp.kind), printable(imp.module), printable(imp.name), what);
    }
  }
  if (!module.exports.empty()) {
    fmt::print("\nexports ({}):\n", module.exports.size());
    for (const Export& exp : module.exports) {
      fmt::print("  {:<6} \"{}\" {}\n", name_of(exp.kind), printable(exp.name), exp.index);
    }
  }
  for (std::size_t i = module.imported_memories; i < module.memories.size(); ++i) {
    fmt::print("\nmemory {}: pages {}\n", i, limits_text(module.memories[i].limits));
  }
  if (!module.names.module.empty()) fmt::print("\nmodule name: {}\n", printable(module.names.module));

  auto valid = validate_module(module, options);
  if (valid) {
    fmt::print("\nvalid\n");
  } else {
    fmt::print("\ninvalid: {}\n", valid.error());
  }
  if (disassemble_code) print_disassembly(module, options);
  return valid ? 0 : kExitRejected;
}

}  // namespace wrt::cli
