#include <wrt/text/printer.hpp>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <set>
#include <span>

#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/disassembler.hpp>
#include <wrt/decoder/instruction.hpp>
#include <wrt/error/to_string.hpp>

namespace wrt::text {

namespace {

class Printer {
 public:
  explicit Printer(const ModuleDescription& m) : m_(m) {}

  Result<std::string> run() {
    out_ = "(module\n";
    std::size_t custom = 0;
    // Custom sections go where they were: before the first known section or after the one
    // before them.
    int previous = -1;  // id of the last non-custom section printed, -1: none yet
    for (const SectionInfo& s : m_.sections) {
      if (s.id == 0) {
        print_custom(m_.customs[custom++], previous);
        continue;
      }
      previous = s.id;
      WRT_TRY(section(s.id));
    }
    out_ += ")\n";
    return std::move(out_);
  }

 private:
  static const char* section_keyword(int id) {
    switch (id) {
      case 1: return "type";
      case 2: return "import";
      case 3: return "func";
      case 4: return "table";
      case 5: return "memory";
      case 6: return "global";
      case 7: return "export";
      case 8: return "start";
      case 9: return "elem";
      case 10: return "code";
      case 11: return "data";
      case 12: return "datacount";
      default: return "last";
    }
  }

  void print_custom(const CustomSection& c, int previous) {
    out_ += "  (@custom ";
    string(c.name);
    out_ += previous < 0 ? " (before first) " : std::string(" (after ") + section_keyword(previous) + ") ";
    string(std::string_view(reinterpret_cast<const char*>(c.data.data()), c.data.size()));
    out_ += ")\n";
  }

  void string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        out_ += static_cast<char>(c);
      } else {
        out_ += '\\';
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
      }
    }
    out_ += '"';
  }

  void number(std::uint64_t v) { out_ += std::to_string(v); }

  // A name from the name section as an identifier: ` $name`, or ` $"..."` when the name has
  // characters an identifier cannot. A name already given in the same index space is left out
  // (the parser would refuse the duplicate), and so is an empty one.
  void identifier(std::string_view name, std::set<std::string_view>& given) {
    if (name.empty() || !given.insert(name).second) return;
    out_ += " $";
    bool plain = true;
    for (char ch : name) {
      if (!is_idchar(static_cast<unsigned char>(ch))) plain = false;
    }
    if (plain) {
      out_ += name;
    } else {
      string(name);
    }
  }

  // The name section's names of function `index`'s locals (parameters first), by local index.
  std::span<const LocalNameEntry> local_names(std::uint32_t index) const {
    const LocalNameEntry* begin = m_.names.locals.data();
    const LocalNameEntry* end = begin + m_.names.locals.size();
    const LocalNameEntry* first =
        std::lower_bound(begin, end, index, [](const LocalNameEntry& e, std::uint32_t f) { return e.function < f; });
    const LocalNameEntry* last = first;
    while (last != end && last->function == index) ++last;
    return {first, last};
  }

  void limits(const Limits& l) {
    if (l.is64) out_ += " i64";
    out_ += ' ';
    number(l.min);
    if (l.has_max) {
      out_ += ' ';
      number(l.max);
    }
    if (l.shared) out_ += " shared";
    if (l.one_byte_pages) out_ += " (pagesize 1)";
  }

  void value_types(const char* keyword, std::span<const ValType> types) {
    if (types.empty()) return;
    out_ += " (";
    out_ += keyword;
    for (ValType t : types) {
      out_ += ' ';
      out_ += text_of(t).c_str();
    }
    out_ += ')';
  }

  void global_type(const GlobalType& g) {
    out_ += g.is_mutable ? std::string(" (mut ") + text_of(g.type).c_str() + ")" : std::string(" ") + text_of(g.type).c_str();
  }

  void f32(std::uint32_t bits) {
    const bool negative = (bits >> 31) != 0;
    const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
    char buffer[64];
    if (magnitude > 0x7F800000u) {
      std::snprintf(buffer, sizeof buffer, "%snan:0x%" PRIx32, negative ? "-" : "", magnitude & 0x7FFFFFu);
    } else if (magnitude == 0x7F800000u) {
      std::snprintf(buffer, sizeof buffer, "%sinf", negative ? "-" : "");
    } else {
      float f;
      std::memcpy(&f, &bits, 4);
      std::snprintf(buffer, sizeof buffer, "%a", static_cast<double>(f));
    }
    out_ += buffer;
  }

  void f64(std::uint64_t bits) {
    const bool negative = (bits >> 63) != 0;
    const std::uint64_t magnitude = bits & 0x7FFFFFFFFFFFFFFFull;
    char buffer[64];
    if (magnitude > 0x7FF0000000000000ull) {
      std::snprintf(buffer, sizeof buffer, "%snan:0x%" PRIx64, negative ? "-" : "", static_cast<std::uint64_t>(magnitude & 0xFFFFFFFFFFFFFull));
    } else if (magnitude == 0x7FF0000000000000ull) {
      std::snprintf(buffer, sizeof buffer, "%sinf", negative ? "-" : "");
    } else {
      double d;
      std::memcpy(&d, &bits, 8);
      std::snprintf(buffer, sizeof buffer, "%a", d);
    }
    out_ += buffer;
  }

  void instruction(const Instruction& inst) {
    if (inst.op == Opcode::f32_const) {
      out_ += "f32.const ";
      f32(inst.f32_bits);
      return;
    }
    if (inst.op == Opcode::f64_const) {
      out_ += "f64.const ";
      f64(inst.f64_bits);
      return;
    }
    if (inst.op == Opcode::select_t) {
      // every type of the vector (the disassembler shows only the first)
      out_ += "select (result";
      const Bytes code = current_code_;
      ByteReader r(code.subspan(inst.offset - current_code_offset_ + 1), 0);
      auto count = r.read_u32();
      for (std::uint32_t i = 0; count && i < *count; ++i) {
        auto b = r.read_u8();
        if (!b) break;
        out_ += ' ';
        out_ += text_of(static_cast<ValType>(*b)).c_str();
      }
      out_ += ')';
      return;
    }
    if (info(inst.op).immediate == ImmediateKind::type_index) {
      // `call_ref $t` (the disassembler shows wasm-objdump's "(type N)")
      out_ += name_of(inst.op);
      out_ += ' ';
      number(inst.index);
      return;
    }
    char buffer[256];
    std::size_t n = disassemble(inst, buffer, sizeof buffer);
    if (n < sizeof buffer) {
      out_.append(buffer, n);
    } else {
      std::string big(n + 1, '\0');
      disassemble(inst, big.data(), big.size());
      big.resize(n);
      out_ += big;
    }
  }

  // Instructions up to the final `end` (not printed), one per line at `indent`.
  Result<void> instructions(Bytes code, std::uint32_t code_offset, int indent) {
    current_code_ = code;
    current_code_offset_ = code_offset;
    ByteReader reader(code, code_offset);
    const auto context = InstructionReader::Context::for_module(m_, Features{}, 1'000'000);
    InstructionReader ir(reader, context);
    int depth = 0;
    while (!reader.at_end()) {
      Instruction inst;
      WRT_TRY(ir.read(inst));
      if (inst.op == Opcode::end || inst.op == Opcode::delegate) {  // delegate closes its try
        if (depth == 0) return {};
        --depth;
      }
      const bool middle = inst.op == Opcode::else_ || inst.op == Opcode::catch_ || inst.op == Opcode::catch_all;
      const int level = middle && depth > 0 ? depth - 1 : depth;
      out_.append(static_cast<std::size_t>(indent + 2 * level), ' ');
      instruction(inst);
      out_ += '\n';
      if (inst.op == Opcode::block || inst.op == Opcode::loop || inst.op == Opcode::if_ || inst.op == Opcode::try_ ||
          inst.op == Opcode::try_table) {
        ++depth;
      }
    }
    return Error(ErrorCode::end_expected);
  }

  // A constant expression on one line: "(i32.const 0)" style is not needed; flat is fine.
  Result<void> inline_expression(const ConstExpr& e) {
    std::string saved = std::move(out_);
    out_.clear();
    WRT_TRY(instructions(e.code, e.offset, 0));
    std::string body = std::move(out_);
    out_ = std::move(saved);
    for (char& c : body) {
      if (c == '\n') c = ' ';
    }
    while (!body.empty() && body.back() == ' ') body.pop_back();
    out_ += body;
    return {};
  }

  Result<void> section(std::uint8_t id) {
    switch (id) {
      case 1:
        for (std::uint32_t i = 0; i < m_.types.size(); ++i) {
          FuncType t = m_.type(i);
          out_ += "  (type (func";
          value_types("param", t.params);
          value_types("result", t.results);
          out_ += "))\n";
        }
        return {};
      case 2: {
        std::uint32_t imported_function = 0;  // function imports so far: their index
        for (const Import& im : m_.imports) {
          out_ += "  (import ";
          string(im.module);
          out_ += ' ';
          string(im.name);
          switch (im.kind) {
            case ExternKind::function:
              out_ += " (func";
              identifier(m_.function_name(imported_function), function_names_);
              ++imported_function;
              out_ += " (type ";
              number(im.type_index);
              out_ += "))";
              break;
            case ExternKind::table:
              out_ += " (table";
              limits(im.table.limits);
              out_ += std::string(" ") + text_of(im.table.element).c_str() + ")";
              break;
            case ExternKind::memory:
              out_ += " (memory";
              limits(im.memory.limits);
              out_ += ')';
              break;
            case ExternKind::global:
              out_ += " (global";
              global_type(im.global);
              out_ += ')';
              break;
            case ExternKind::tag:
              out_ += " (tag (type ";
              number(im.type_index);
              out_ += "))";
              break;
          }
          out_ += ")\n";
        }
        return {};
      }
      case 3:
        return {};  // with the code
      case 4:
        for (std::uint32_t i = m_.imported_tables; i < m_.tables.size(); ++i) {
          out_ += "  (table";
          limits(m_.tables[i].limits);
          out_ += std::string(" ") + text_of(m_.tables[i].element).c_str();
          const std::uint32_t defined = i - m_.imported_tables;
          if (defined < m_.table_inits.size() && !m_.table_inits[defined].code.empty()) {
            out_ += ' ';
            WRT_TRY(inline_expression(m_.table_inits[defined]));
          }
          out_ += ")\n";
        }
        return {};
      case 5:
        for (std::uint32_t i = m_.imported_memories; i < m_.memories.size(); ++i) {
          out_ += "  (memory";
          limits(m_.memories[i].limits);
          out_ += ")\n";
        }
        return {};
      case 6:
        for (std::uint32_t i = m_.imported_globals; i < m_.globals.size(); ++i) {
          out_ += "  (global";
          global_type(m_.globals[i].type);
          out_ += ' ';
          WRT_TRY(inline_expression(m_.globals[i].init));
          out_ += ")\n";
        }
        return {};
      case 7:
        for (const Export& e : m_.exports) {
          out_ += "  (export ";
          string(e.name);
          out_ += std::string(" (") +
                  (e.kind == ExternKind::function ? "func"
                   : e.kind == ExternKind::table  ? "table"
                   : e.kind == ExternKind::memory ? "memory"
                   : e.kind == ExternKind::tag    ? "tag"
                                                  : "global") +
                  " ";
          number(e.index);
          out_ += "))\n";
        }
        return {};
      case 8:
        out_ += "  (start ";
        number(m_.start);
        out_ += ")\n";
        return {};
      case 9:
        for (const ElementSegment& e : m_.elements) WRT_TRY(element(e));
        return {};
      case 10:
        for (std::uint32_t i = m_.imported_functions; i < m_.function_count(); ++i) WRT_TRY(function(i));
        return {};
      case 11:
        for (const DataSegment& d : m_.data) WRT_TRY(data(d));
        return {};
      case 13:
        for (std::uint32_t i = m_.imported_tags; i < m_.tags.size(); ++i) {
          out_ += "  (tag (type ";
          number(m_.tags[i]);
          out_ += "))\n";
        }
        return {};
      default:
        return {};  // the data count: implied by memory.init / data.drop
    }
  }

  Result<void> function(std::uint32_t index) {
    const FunctionBody& body = m_.body(index);
    out_ += "  (func";
    identifier(m_.function_name(index), function_names_);
    out_ += " (type ";
    number(m_.functions[index]);
    out_ += ')';
    // Named locals are written one by one, with their names; the parameters then inline
    // (with the results, so that they match the type).
    const std::span<const LocalNameEntry> names = local_names(index);
    std::set<std::string_view> given;
    std::size_t next_name = 0;
    auto local_name = [&](std::uint32_t local) -> std::string_view {
      while (next_name < names.size() && names[next_name].local < local) ++next_name;
      return next_name < names.size() && names[next_name].local == local ? names[next_name].name : std::string_view{};
    };
    const FuncType type = m_.function_type(index);
    const auto params = static_cast<std::uint32_t>(type.params.size());
    if (!names.empty() && names.front().local < params) {
      for (std::uint32_t p = 0; p < params; ++p) {
        out_ += " (param";
        identifier(local_name(p), given);
        out_ += ' ';
        out_ += text_of(type.params[p]).c_str();
        out_ += ')';
      }
      value_types("result", type.results);
    }
    std::uint32_t local = params;
    for (std::uint32_t g = 0; g < body.local_group_count; ++g) {
      const LocalGroup& group = m_.local_groups[body.first_local_group + g];
      if (group.count == 0) continue;
      if (names.empty() || names.back().local < local) {
        out_ += " (local";
        for (std::uint32_t k = 0; k < group.count; ++k) {
          out_ += ' ';
          out_ += text_of(group.type).c_str();
        }
        out_ += ')';
        local += group.count;
        continue;
      }
      for (std::uint32_t k = 0; k < group.count; ++k, ++local) {
        out_ += " (local";
        identifier(local_name(local), given);
        out_ += ' ';
        out_ += text_of(group.type).c_str();
        out_ += ')';
      }
    }
    out_ += '\n';
    WRT_TRY(instructions(body.code, body.code_offset, 4));
    out_ += "  )\n";
    return {};
  }

  Result<void> element(const ElementSegment& e) {
    out_ += "  (elem";
    if (e.mode == SegmentMode::declarative) out_ += " declare";
    if (e.mode == SegmentMode::active) {
      // The binary's form 0 (table 0 implied) is written without `(table ...)`.
      const bool explicit_table = e.table != 0 || (e.item_expressions && e.type != ValType::funcref);
      if (explicit_table) {
        out_ += " (table ";
        number(e.table);
        out_ += ')';
      }
      out_ += " (offset ";
      WRT_TRY(inline_expression(e.offset));
      out_ += ')';
    }
    ByteReader r(e.items, e.items_offset);
    if (!e.item_expressions) {
      out_ += " func";
      for (std::uint32_t i = 0; i < e.count; ++i) {
        std::uint32_t f = WRT_TRY(r.read_u32());
        out_ += ' ';
        number(f);
      }
    } else {
      out_ += ' ';
      out_ += text_of(e.type).c_str();
      for (std::uint32_t i = 0; i < e.count; ++i) {
        // each item runs to its own `end`
        const std::size_t start = r.offset();
        const auto context = InstructionReader::Context::for_module(m_, Features{}, 1'000'000);
        InstructionReader ir(r, context);
        Instruction inst;
        do {
          WRT_TRY(ir.read(inst));
        } while (inst.op != Opcode::end);
        ConstExpr item;
        item.offset = static_cast<std::uint32_t>(start);
        item.code = e.items.subspan(start - e.items_offset, r.offset() - start);
        out_ += " (item ";
        WRT_TRY(inline_expression(item));
        out_ += ')';
      }
    }
    out_ += ")\n";
    return {};
  }

  Result<void> data(const DataSegment& d) {
    out_ += "  (data";
    if (d.mode == SegmentMode::active) {
      if (d.memory != 0) {
        out_ += " (memory ";
        number(d.memory);
        out_ += ')';
      }
      out_ += " (offset ";
      WRT_TRY(inline_expression(d.offset));
      out_ += ')';
    }
    out_ += ' ';
    string(std::string_view(reinterpret_cast<const char*>(d.init.data()), d.init.size()));
    out_ += ")\n";
    return {};
  }

  // Whether a byte may appear in an identifier (the lexer's idchar).
  static bool is_idchar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return c != 0 && std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != nullptr;
  }

  const ModuleDescription& m_;
  std::set<std::string_view> function_names_;  // the function names printed so far
  std::string out_;
  Bytes current_code_;
  std::uint32_t current_code_offset_ = 0;
};

}  // namespace

PrintResult print_module(std::span<const std::uint8_t> binary) {
  PrintResult result;
  ModuleDescription module;
  DecodeOptions options;
  if (auto decoded = decode_module(Bytes(binary.data(), binary.size()), options, module); !decoded) {
    result.error = to_string(decoded.error());
    return result;
  }
  auto text = Printer(module).run();
  if (!text) {
    result.error = to_string(text.error());
    return result;
  }
  result.text = std::move(*text);
  return result;
}

}  // namespace wrt::text
