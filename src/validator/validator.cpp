#include <wrt/validator/validator.hpp>

#include <string_view>

#include <wrt/decoder/instruction.hpp>
#include <wrt/validator/function_validator.hpp>

namespace wrt {

namespace {

// Heapsort: O(n log n) for a module with many exports, and a few hundred bytes of code where
// std::sort costs a kilobyte of a firmware image.
void sift_down(std::span<std::string_view> a, std::size_t root, std::size_t end) noexcept {
  while (2 * root + 1 < end) {
    std::size_t child = 2 * root + 1;
    if (child + 1 < end && a[child] < a[child + 1]) ++child;
    if (!(a[root] < a[child])) return;
    std::string_view t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

void sort_names(std::span<std::string_view> a) noexcept {
  for (std::size_t i = a.size() / 2; i-- > 0;) sift_down(a, i, a.size());
  for (std::size_t end = a.size(); end-- > 1;) {
    std::string_view t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end);
  }
}


// The largest memory the address type allows, in pages: 2^32 bytes for 32-bit memories,
// 2^64 for memory64 (2^48 pages of 64 KiB), and no more pages than memory.size's result can
// count (2^32-1 one-byte pages for a 32-bit memory).
constexpr std::uint64_t max_memory_pages(const MemoryType& type) noexcept {
  const unsigned address_bits = type.is64() ? 64 : 32;
  const unsigned log2 = address_bits - type.page_size_log2();
  const std::uint64_t pages = log2 >= 64 ? ~std::uint64_t{0} : std::uint64_t{1} << log2;
  const std::uint64_t countable = type.is64() ? ~std::uint64_t{0} : 0xFFFFFFFFu;
  return pages < countable ? pages : countable;
}
constexpr std::uint64_t max_table_elements(const TableType& type) noexcept {
  return type.is64() ? ~std::uint64_t{0} : 0xFFFFFFFFu;
}

class ModuleValidator {
 public:
  ModuleValidator(const ModuleDescription& module, const DecodeOptions& options) noexcept
      : module_(module), options_(options), context_(module, options) {}

  Result<void> validate() noexcept;
  Result<void> validate_structure() noexcept;
  Result<void> collect_references() noexcept { return collect_declared_references(); }
  Vec<std::uint8_t>& references() noexcept { return context_.declared_references; }

 private:
  Result<void> validate_limits(const Limits& limits, std::uint64_t bound, ErrorCode too_large, std::uint32_t offset) noexcept;
  Result<void> validate_memory_type(const MemoryType& type, std::uint32_t offset) noexcept;
  // `visible_globals`: how many globals (from index 0) the expression may read with the
  // 3.0 rule; 2.0 allows only the imported ones.
  Result<void> validate_const_expr(const ConstExpr& expr, ValType expected,
                                   std::size_t visible_globals = SIZE_MAX) noexcept;
  Result<void> collect_declared_references() noexcept;
  Result<void> declare(std::uint32_t function) noexcept;
  Result<void> validate_types() noexcept;
  // A value type may name only defined types (`bound` of them: the type section's, or, inside
  // the type section, those up to and including the type being defined).
  Result<void> check_type(ValType t, std::size_t bound, std::uint32_t offset) noexcept;
  Result<void> validate_imports() noexcept;
  Result<void> validate_tag_type(std::uint32_t type_index) noexcept;
  Result<void> validate_functions() noexcept;
  Result<void> validate_tables_and_memories() noexcept;
  Result<void> validate_globals() noexcept;
  Result<void> validate_exports() noexcept;
  Result<void> validate_start() noexcept;
  Result<void> validate_elements() noexcept;
  Result<void> validate_data() noexcept;
  Result<void> validate_code() noexcept;

  const ModuleDescription& module_;
  const DecodeOptions& options_;
  ValidationContext context_;
};

Result<void> ModuleValidator::validate() noexcept {
  WRT_TRY(validate_structure());
  return validate_code().with_context("in code section");
}

Result<void> ModuleValidator::validate_structure() noexcept {
  if constexpr (kFunctionReferences) WRT_TRY(validate_types().with_context("in type section"));  // types name types
  WRT_TRY(validate_imports().with_context("in import section"));
  WRT_TRY(validate_functions().with_context("in function section"));
  WRT_TRY(validate_tables_and_memories());
  WRT_TRY(collect_declared_references());
  WRT_TRY(validate_globals().with_context("in global section"));
  WRT_TRY(validate_exports().with_context("in export section"));
  WRT_TRY(validate_start().with_context("in start section"));
  WRT_TRY(validate_elements().with_context("in element section"));
  return validate_data().with_context("in data section");
}

Result<void> ModuleValidator::validate_limits(const Limits& limits, std::uint64_t bound, ErrorCode too_large,
                                              std::uint32_t offset) noexcept {
  if (limits.min > bound || (limits.has_max && limits.max > bound)) return Error(too_large).at(offset);
  if (limits.has_max && limits.min > limits.max) return Error(ErrorCode::limits_min_exceeds_max).at(offset);
  return {};
}

Result<void> ModuleValidator::validate_memory_type(const MemoryType& type, std::uint32_t offset) noexcept {
  if constexpr (!kMemoryProposals) {  // 2.0: the limits alone
    return validate_limits(type.limits, max_memory_pages(type), ErrorCode::memory_too_large, offset);
  }
  WRT_TRY(validate_limits(type.limits, max_memory_pages(type), ErrorCode::memory_too_large, offset));
  if (type.shared() && !type.limits.has_max) {
    return Error(ErrorCode::invalid, "shared memory must have maximum").at(offset);
  }
  return {};
}

Result<void> ModuleValidator::check_type(ValType t, std::size_t bound, std::uint32_t offset) noexcept {
  if (is_reference(t) && is_concrete(t) && type_index_of(t) >= bound) {
    return Error(ErrorCode::unknown_type).at(offset).append_detail_number(type_index_of(t));
  }
  return {};
}

// Without recursion groups (GC), a function type may refer to itself and earlier types only.
Result<void> ModuleValidator::validate_types() noexcept {
  for (std::uint32_t i = 0; i < module_.types.size(); ++i) {
    FuncType f = module_.type(i);
    for (ValType t : f.params) WRT_TRY(check_type(t, i + 1, Error::kNoOffset).with_context("type", i));
    for (ValType t : f.results) WRT_TRY(check_type(t, i + 1, Error::kNoOffset).with_context("type", i));
  }
  return {};
}

Result<void> ModuleValidator::validate_imports() noexcept {
  for (const Import& import : module_.imports) {
    if (import.kind == ExternKind::table) WRT_TRY(check_type(import.table.element, module_.types.size(), import.offset));
    if (import.kind == ExternKind::global) WRT_TRY(check_type(import.global.type, module_.types.size(), import.offset));
    switch (import.kind) {
      case ExternKind::function:
        if (import.type_index >= module_.types.size()) {
          return Error(ErrorCode::unknown_type).at(import.offset).append_detail_number(import.type_index);
        }
        break;
      case ExternKind::table:
        WRT_TRY(validate_limits(import.table.limits, max_table_elements(import.table), ErrorCode::table_too_large, import.offset));
        break;
      case ExternKind::memory:
        WRT_TRY(validate_memory_type(import.memory, import.offset));
        break;
      case ExternKind::global:
        break;
      case ExternKind::tag:  // the decoder makes none when exception handling is compiled out
        if constexpr (WRT_ENABLE_EXCEPTIONS) WRT_TRY(validate_tag_type(import.type_index).with_context("tag import"));
        break;
    }
  }
  return {};
}

// A tag's type: a function type without results (its params are the exception's payload).
Result<void> ModuleValidator::validate_tag_type(std::uint32_t type_index) noexcept {
  if (type_index >= module_.types.size()) return Error(ErrorCode::unknown_type).append_detail_number(type_index);
  if (!module_.type(type_index).results.empty()) return Error(ErrorCode::non_empty_tag_result);
  return {};
}

Result<void> ModuleValidator::validate_functions() noexcept {
  for (std::uint32_t i = module_.imported_functions; i < module_.functions.size(); ++i) {
    if (module_.functions[i] >= module_.types.size()) {
      return Error(ErrorCode::unknown_type).append_detail_number(module_.functions[i]).with_context("function", i);
    }
  }
  return {};
}

Result<void> ModuleValidator::validate_tables_and_memories() noexcept {
  for (std::size_t i = module_.imported_tables; i < module_.tables.size(); ++i) {
    const TableType& table = module_.tables[i];
    WRT_TRY(validate_limits(table.limits, max_table_elements(table), ErrorCode::table_too_large, Error::kNoOffset)
                .with_context("in table section"));
    WRT_TRY(check_type(table.element, module_.types.size(), Error::kNoOffset).with_context("in table section"));
    const std::size_t defined = i - module_.imported_tables;
    const bool has_init = kFunctionReferences && defined < module_.table_inits.size() && !module_.table_inits[defined].code.empty();
    if (has_init) {
      // The initializer may read imported globals (the global section comes later).
      WRT_TRY(validate_const_expr(module_.table_inits[defined], table.element, module_.imported_globals)
                  .with_context("table", static_cast<std::uint32_t>(i))
                  .with_context("in table section"));
    } else if (!is_defaultable(table.element)) {
      return Error(ErrorCode::type_mismatch, "a table of non-null references needs an initializer")
          .with_context("table", static_cast<std::uint32_t>(i))
          .with_context("in table section");
    }
  }
  for (std::size_t i = module_.imported_memories; i < module_.memories.size(); ++i) {
    WRT_TRY(validate_memory_type(module_.memories[i], Error::kNoOffset).with_context("in memory section"));
  }
  // Before reference types (1.0, and the threads proposal's scripts) a module has one table.
  if (module_.tables.size() > 1 && !options_.features.reference_types) {
    return Error(ErrorCode::invalid, "multiple tables");
  }
  if (module_.memories.size() > 1 && (!kMemoryProposals || !options_.features.multi_memory)) return Error(ErrorCode::multiple_memories).append_detail_number(module_.memories.size());
  return {};
}

Result<void> ModuleValidator::declare(std::uint32_t function) noexcept {
  if (function >= module_.functions.size()) return {};  // reported where it occurs
  context_.declared_references[function / 8] =
      static_cast<std::uint8_t>(context_.declared_references[function / 8] | (1u << (function % 8)));
  return {};
}

// ref.func in code may only name functions that occur in element segments, global
// initializers or exports.
Result<void> ModuleValidator::collect_declared_references() noexcept {
  WRT_TRY(context_.declared_references.resize((module_.functions.size() + 7) / 8));
  auto declare_in = [this](const ConstExpr& expr) -> Result<void> {
    ByteReader r(expr.code, expr.offset);
    auto decode = InstructionReader::Context::for_module(module_, options_.features, options_.limits.max_br_table_targets);
    InstructionReader reader(r, decode);
    while (!r.at_end()) {
      Instruction inst;
      WRT_TRY(reader.read(inst));
      if (inst.op == Opcode::ref_func) WRT_TRY(declare(inst.index));
    }
    return {};
  };
  for (std::size_t i = module_.imported_globals; i < module_.globals.size(); ++i) {
    WRT_TRY(declare_in(module_.globals[i].init));
  }
  if constexpr (kFunctionReferences) {  // only they give tables initializers
    for (const ConstExpr& init : module_.table_inits) {
      if (!init.code.empty()) WRT_TRY(declare_in(init));
    }
  }
  for (const Export& exp : module_.exports) {
    if (exp.kind == ExternKind::function) WRT_TRY(declare(exp.index));
  }
  for (const ElementSegment& seg : module_.elements) {
    ByteReader r(seg.items, seg.items_offset);
    for (std::uint32_t k = 0; k < seg.count; ++k) {
      if (seg.item_expressions) {
        // Each item is a constant expression running to its `end`.
        auto decode = InstructionReader::Context::for_module(module_, options_.features, options_.limits.max_br_table_targets);
        InstructionReader reader(r, decode);
        for (;;) {
          Instruction inst;
          WRT_TRY(reader.read(inst));
          if (inst.op == Opcode::ref_func) WRT_TRY(declare(inst.index));
          if (inst.op == Opcode::end) break;
        }
      } else {
        std::uint32_t function = WRT_TRY(r.read_u32());
        WRT_TRY(declare(function));
      }
    }
  }
  return {};
}

// Constant expressions (2.0): one value from t.const, ref.null, ref.func, or global.get of an
// imported immutable global. With extended constant expressions (3.0): also i32/i64 add, sub
// and mul; with the 3.0 rule (function_references here): global.get of any immutable global
// defined before (`visible_globals`).
Result<void> ModuleValidator::validate_const_expr(const ConstExpr& expr, ValType expected,
                                                  std::size_t visible_globals) noexcept {
  ByteReader r(expr.code, expr.offset);
  auto decode = InstructionReader::Context::for_module(module_, options_.features, options_.limits.max_br_table_targets);
  InstructionReader reader(r, decode);
  const bool extended = WRT_ENABLE_EXTENDED_CONST && options_.features.extended_const;
  // Reading the module's own earlier globals came with GC into 3.0; WRT ties it to typed
  // function references (the extended-const proposal alone does not allow it).
  const bool own_globals = WRT_ENABLE_FUNCTION_REFERENCES && options_.features.function_references;
  const std::size_t readable_globals =
      own_globals ? (visible_globals < module_.globals.size() ? visible_globals : module_.globals.size())
                  : module_.imported_globals;
  ValType stack[kMaxConstExprDepth];
  std::size_t depth = 0;
  for (;;) {
    Instruction inst;
    WRT_TRY(reader.read(inst));
    ValType produced;
    switch (inst.op) {
      case Opcode::end:
        if (depth != 1 || !is_subtype(stack[0], expected, module_)) {
          Error e = Error(ErrorCode::type_mismatch).at(inst.offset);
          e.append_detail("constant expression must give ").append_detail(kFunctionReferences ? text_of(expected).c_str() : name_of(expected));
          return e;
        }
        return {};
      case Opcode::i32_const: produced = ValType::i32; break;
      case Opcode::i64_const: produced = ValType::i64; break;
      case Opcode::f32_const: produced = ValType::f32; break;
      case Opcode::f64_const: produced = ValType::f64; break;
      case Opcode::v128_const: produced = ValType::v128; break;
      case Opcode::ref_null:
        WRT_TRY(check_type(inst.ref_type, module_.types.size(), inst.offset));
        produced = inst.ref_type;
        break;
      case Opcode::ref_func:
        if (inst.index >= module_.functions.size()) {
          return Error(ErrorCode::unknown_function).at(inst.offset).append_detail_number(inst.index);
        }
        // (ref $t) with typed function references, funcref in 2.0.
        produced = own_globals ? make_ref(false, module_.functions[inst.index]) : ValType::funcref;
        break;
      case Opcode::global_get: {
        if (inst.index >= readable_globals) {
          return Error(ErrorCode::unknown_global).at(inst.offset).append_detail_number(inst.index);
        }
        const GlobalType& g = module_.globals[inst.index].type;
        if (g.is_mutable) return Error(ErrorCode::constant_required).at(inst.offset).append_detail("mutable global");
        produced = g.type;
        break;
      }
      case Opcode::i32_add:
      case Opcode::i32_sub:
      case Opcode::i32_mul:
      case Opcode::i64_add:
      case Opcode::i64_sub:
      case Opcode::i64_mul: {
        if (!extended) {
          Error e = Error(ErrorCode::constant_required).at(inst.offset);
          return with_instruction(e, inst.op);
        }
        const ValType operand = signature_params(info(inst.op).signature)[0];
        if (depth < 2 || stack[depth - 1] != operand || stack[depth - 2] != operand) {
          Error e = Error(ErrorCode::type_mismatch).at(inst.offset);
          return with_instruction(e, inst.op);
        }
        --depth;  // two operands in, one result out, of the same type
        continue;
      }
      default:
        Error e = Error(ErrorCode::constant_required).at(inst.offset);
        return with_instruction(e, inst.op);
    }
    if (depth == (extended ? kMaxConstExprDepth : 1)) {
      if (!extended) {
        return Error(ErrorCode::type_mismatch).at(inst.offset).append_detail("constant expression gives more than one value");
      }
      return Error(ErrorCode::limit_exceeded).at(inst.offset).append_detail("constant expression deeper than 32 values");
    }
    stack[depth++] = produced;
  }
}

Result<void> ModuleValidator::validate_globals() noexcept {
  for (std::uint32_t i = module_.imported_tags; WRT_ENABLE_EXCEPTIONS && i < module_.tags.size(); ++i) {
    WRT_TRY(validate_tag_type(module_.tags[i]).with_context("tag", i));
  }
  for (std::size_t i = module_.imported_globals; i < module_.globals.size(); ++i) {
    const GlobalDefinition& g = module_.globals[i];
    WRT_TRY(check_type(g.type.type, module_.types.size(), g.init.offset).with_context("global", static_cast<std::uint32_t>(i)));
    WRT_TRY(validate_const_expr(g.init, g.type.type, i).with_context("global", static_cast<std::uint32_t>(i)));
  }
  return {};
}

Result<void> ModuleValidator::validate_exports() noexcept {
  Vec<std::string_view> names(module_.allocator());
  WRT_TRY(names.reserve(module_.exports.size()));
  for (const Export& exp : module_.exports) {
    std::size_t bound = 0;
    ErrorCode unknown = ErrorCode::unknown_function;
    switch (exp.kind) {
      case ExternKind::function: bound = module_.functions.size(); break;
      case ExternKind::table: bound = module_.tables.size(); unknown = ErrorCode::unknown_table; break;
      case ExternKind::memory: bound = module_.memories.size(); unknown = ErrorCode::unknown_memory; break;
      case ExternKind::global: bound = module_.globals.size(); unknown = ErrorCode::unknown_global; break;
      case ExternKind::tag: bound = module_.tags.size(); unknown = ErrorCode::unknown_tag; break;
    }
    if (exp.index >= bound) return Error(unknown).at(exp.offset).append_detail_number(exp.index);
    WRT_TRY(names.push_back(exp.name));
  }
  sort_names(names.span());
  for (std::size_t i = 1; i < names.size(); ++i) {
    if (names[i] == names[i - 1]) return Error(ErrorCode::duplicate_export).append_detail(names[i]);
  }
  return {};
}

Result<void> ModuleValidator::validate_start() noexcept {
  if (!module_.has_start) return {};
  if (module_.start >= module_.functions.size()) {
    return Error(ErrorCode::unknown_function).append_detail_number(module_.start);
  }
  FuncType type = module_.function_type(module_.start);
  if (!type.params.empty() || !type.results.empty()) {
    return Error(ErrorCode::invalid_start).append_detail("must take and return nothing");
  }
  return {};
}

Result<void> ModuleValidator::validate_elements() noexcept {
  for (std::size_t i = 0; i < module_.elements.size(); ++i) {
    const ElementSegment& seg = module_.elements[i];
    auto segment = static_cast<std::uint32_t>(i);
    if (seg.mode == SegmentMode::active) {
      if (seg.table >= module_.tables.size()) {
        return Error(ErrorCode::unknown_table).at(seg.entry_offset).append_detail_number(seg.table).with_context("segment", segment);
      }
      ValType address = module_.tables[seg.table].is64() ? ValType::i64 : ValType::i32;
      WRT_TRY(validate_const_expr(seg.offset, address).with_context("segment", segment));
      if (!is_subtype(seg.type, module_.tables[seg.table].element, module_)) {
        return Error(ErrorCode::type_mismatch).at(seg.entry_offset).append_detail("element type differs from the table's")
            .with_context("segment", segment);
      }
    }
    WRT_TRY(check_type(seg.type, module_.types.size(), seg.entry_offset).with_context("segment", segment));
    ByteReader r(seg.items, seg.items_offset);
    for (std::uint32_t k = 0; k < seg.count; ++k) {
      if (seg.item_expressions) {
        std::size_t start = r.offset();
        // Find the item's extent, then validate it as a constant expression.
        auto decode = InstructionReader::Context::for_module(module_, options_.features, options_.limits.max_br_table_targets);
        InstructionReader reader(r, decode);
        for (;;) {
          Instruction inst;
          WRT_TRY(reader.read(inst));
          if (inst.op == Opcode::end) break;
        }
        ConstExpr item{Bytes(seg.items.data() + (start - seg.items_offset), r.offset() - start),
                       ByteReader::offset32(start)};
        WRT_TRY(validate_const_expr(item, seg.type).with_context("segment", segment));
      } else {
        std::size_t at = r.offset();
        std::uint32_t function = WRT_TRY(r.read_u32());
        if (function >= module_.functions.size()) {
          return Error(ErrorCode::unknown_function).at(ByteReader::offset32(at)).append_detail_number(function)
              .with_context("segment", segment);
        }
      }
    }
  }
  return {};
}

Result<void> ModuleValidator::validate_data() noexcept {
  for (std::size_t i = 0; i < module_.data.size(); ++i) {
    const DataSegment& seg = module_.data[i];
    if (seg.mode != SegmentMode::active) continue;
    auto segment = static_cast<std::uint32_t>(i);
    if (seg.memory >= module_.memories.size()) {
      return Error(ErrorCode::unknown_memory).at(seg.entry_offset).append_detail_number(seg.memory).with_context("segment", segment);
    }
    ValType address = module_.memories[seg.memory].is64() ? ValType::i64 : ValType::i32;
    WRT_TRY(validate_const_expr(seg.offset, address).with_context("segment", segment));
  }
  return {};
}

Result<void> ModuleValidator::validate_code() noexcept {
  ValidatorScratch scratch(module_.allocator());
  NullEmitter emitter;
  FunctionValidator<NullEmitter> validator(context_, scratch, emitter);
  for (std::uint32_t i = module_.imported_functions; i < module_.functions.size(); ++i) {
    WRT_TRY(validator.validate(i));
  }
  return {};
}

Result<void> scan_body(const ModuleDescription& module, const DecodeOptions& options, const FunctionBody& body) noexcept {
  ByteReader r(body.code, body.code_offset);
  r.set_end_error(ErrorCode::unexpected_end_of_section);
  auto decode = InstructionReader::Context::for_module(module, options.features, options.limits.max_br_table_targets);
  InstructionReader reader(r, decode);
  std::uint64_t depth = 0;
  for (;;) {
    Instruction inst;
    WRT_TRY(reader.read(inst));
    if (inst.op == Opcode::block || inst.op == Opcode::loop || inst.op == Opcode::if_) {
      ++depth;
#if WRT_ENABLE_EXCEPTIONS
    } else if (inst.op == Opcode::try_ || inst.op == Opcode::try_table) {
      ++depth;
    } else if (inst.op == Opcode::delegate && depth > 0) {  // the legacy try's other end
      --depth;
#endif
    } else if (inst.op == Opcode::end) {
      if (depth == 0) break;
      --depth;
    }
  }
  if (!r.at_end()) return r.error_here(ErrorCode::section_size_mismatch, "bytes after the end of the function");
  return {};
}

}  // namespace

Result<void> scan_function_bodies(const ModuleDescription& module, const DecodeOptions& options) noexcept {
  for (std::uint32_t i = 0; i < module.bodies.size(); ++i) {
    WRT_TRY(scan_body(module, options, module.bodies[i]).with_context("in function", module.imported_functions + i));
  }
  return {};
}

Result<void> validate_module(const ModuleDescription& module, const DecodeOptions& options) noexcept {
  ModuleValidator validator(module, options);
  Result<void> result = validator.validate();
  if (!result && result.error().kind() == ErrorKind::invalid) {
    // Decoding precedes validation in the spec: a malformed body anywhere wins.
    Result<void> scan = scan_function_bodies(module, options);
    if (!scan) return scan;
  }
  return result;
}

Result<void> validate_module_structure(const ModuleDescription& module, const DecodeOptions& options) noexcept {
  ModuleValidator validator(module, options);
  Result<void> result = validator.validate_structure();
  if (!result && result.error().kind() == ErrorKind::invalid) {
    Result<void> scan = scan_function_bodies(module, options);
    if (!scan) return scan;
  }
  return result;
}

Result<void> prepare_validation_context(ValidationContext& context) noexcept {
  DecodeOptions options;
  options.features = context.features;
  options.limits = context.limits;
  ModuleValidator validator(context.module, options);
  WRT_TRY(validator.collect_references());
  context.declared_references = std::move(validator.references());
  return {};
}

Result<void> decode_and_validate(Bytes bytes, const DecodeOptions& options, ModuleDescription& module) noexcept {
  WRT_TRY(decode_module(bytes, options, module));
  return validate_module(module, options);
}

}  // namespace wrt
