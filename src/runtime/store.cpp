#include <wrt/runtime/store.hpp>

#include <cstring>
#include <new>

#include <wrt/decoder/instruction.hpp>
#include <wrt/foundation/virtual_memory.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/thread.hpp>

#include "runtime/interpreter.hpp"

namespace wrt {

// --- HostCall ------------------------------------------------------------------------------

std::size_t HostCall::slot_of_param(std::size_t i) const noexcept { return slot_count(type_.type.params.first(i)); }

std::size_t HostCall::slot_of_result(std::size_t i) const noexcept { return slot_count(type_.type.results.first(i)); }

Value HostCall::arg(std::size_t i) const noexcept {
  return Value::from_slots(type_.type.params[i], slots_ + slot_of_param(i));
}

void HostCall::set_result(std::size_t i, const Value& value) noexcept {
  Slot* s = slots_ + slot_of_result(i);
  s[0] = value.slots()[0];
  if (value.type() == ValType::v128) s[1] = value.slots()[1];
}

Error HostCall::throw_exception(ExceptionInstance& exception) const noexcept {
  if (thread_ == nullptr) return Error(ErrorCode::host_error, "an exception thrown without a calling thread");
  return thread_->raise(exception);
}

Value ExceptionInstance::payload(std::size_t i) const noexcept {
  const FuncType& type = tag_->type().type;
  return Value::from_slots(type.params[i], payload_slots() + slot_count(type.params.first(i)));
}

MemoryInstance* HostCall::memory() const noexcept {
  if (caller_ == nullptr || caller_->memory_count() == 0) return nullptr;
  return caller_->memory(0);
}

// --- tables and memories -------------------------------------------------------------------

std::int64_t TableInstance::grow(std::uint64_t delta, RefBits init) noexcept {
  const std::size_t old = elements_.size();
  if (delta > max_ - old) return -1;  // old <= max_: cannot wrap
  // max_ is at most the embedder's 32-bit limit, so the new size fits a size_t.
  const auto wanted = static_cast<std::size_t>(old + delta);
  if (!elements_.reserve(wanted)) return -1;
  while (elements_.size() < wanted) (void)elements_.push_back(init);  // reserved above
  return static_cast<std::int64_t>(old);
}

std::int64_t MemoryInstance::grow(std::uint64_t delta) noexcept {
  std::uint64_t old_pages = pages();
  if (delta == 0) return static_cast<std::int64_t>(old_pages);
  if (delta > max_pages_ || old_pages + delta > max_pages_) return -1;
  // max_pages_ * page size fits in 64 bits (Store::create_memory bounds it by the embedder's limit).
  std::uint64_t new_size = (old_pages + delta) << type_.page_size_log2();
  if (new_size > static_cast<std::uint64_t>(static_cast<std::size_t>(-1))) return -1;
  if (new_size > capacity_ && !grow_storage(new_size)) return -1;
  // Freshly committed pages of a reservation are zero already (and writing them would make
  // them resident); an allocator's bytes are not.
  if (reserved_ == 0) std::memset(data_ + size_, 0, static_cast<std::size_t>(new_size - size_));
  size_ = new_size;
  return static_cast<std::int64_t>(old_pages);
}

bool MemoryInstance::grow_storage(std::uint64_t bytes) noexcept {
  if constexpr (virtual_memory::kAvailable) {
    // The whole maximum as address space, once: growth then never moves or copies the bytes.
    // Rounded up to whole 64 KiB units: a reservation's commits are in those.
    const std::uint64_t maximum = ((max_pages_ << type_.page_size_log2()) + kPageSize - 1) / kPageSize * kPageSize;
    if (data_ == nullptr && may_reserve_ && maximum <= static_cast<std::uint64_t>(static_cast<std::size_t>(-1))) {
      if (void* base = virtual_memory::reserve(static_cast<std::size_t>(maximum)); base != nullptr) {
        data_ = static_cast<std::uint8_t*>(base);
        reserved_ = maximum;
      }
    }
    if (reserved_ != 0) {
      // Committing ahead (to twice the size) saves a system call per growth: growing one page at
      // a time to 1 GiB takes 15 of them instead of 16,383. Pages beyond the size are never
      // written (accesses are bounds-checked), so they stay zero and cost no memory. Where
      // commitment is strictly accounted and the larger step is refused, the exact one is tried.
      std::uint64_t ahead = capacity_ * 2 > bytes ? capacity_ * 2 : (bytes + kPageSize - 1) / kPageSize * kPageSize;
      if (ahead > reserved_) ahead = reserved_;
      if (ahead > bytes && virtual_memory::commit(data_ + capacity_, static_cast<std::size_t>(ahead - capacity_))) {
        capacity_ = ahead;
        return true;
      }
      std::uint64_t exact = (bytes + kPageSize - 1) / kPageSize * kPageSize;  // whole 64 KiB units
      if (exact > reserved_) exact = reserved_;
      if (!virtual_memory::commit(data_ + capacity_, static_cast<std::size_t>(exact - capacity_))) return false;
      capacity_ = exact;
      return true;
    }
  }
  void* fresh = data_ == nullptr ? allocator_->allocate(static_cast<std::size_t>(bytes), 16)
                                 : allocator_->reallocate(data_, static_cast<std::size_t>(capacity_),
                                                          static_cast<std::size_t>(bytes), 16);
  if (fresh == nullptr) return false;
  data_ = static_cast<std::uint8_t*>(fresh);
  capacity_ = bytes;
  return true;
}

Result<std::span<std::uint8_t>> MemoryInstance::view(std::uint64_t offset, std::uint64_t length) noexcept {
  if (offset > size_ || length > size_ - offset) {
    return Error(ErrorCode::out_of_bounds_memory).append_detail("view outside the memory");
  }
  return std::span<std::uint8_t>(data_ + offset, static_cast<std::size_t>(length));
}

MemoryInstance::~MemoryInstance() {
  if (reserved_ != 0) {
    virtual_memory::release(data_, static_cast<std::size_t>(reserved_));
  } else if (data_ != nullptr) {
    allocator_->deallocate(data_, static_cast<std::size_t>(capacity_), 16);
  }
}

// --- constant expressions and element items ------------------------------------------------

// Validated already: at most kMaxConstExprDepth values, operands of the right types.
Result<Value> evaluate_const_expr(ByteReader& reader, Instance& instance) noexcept {
  InstructionReader::Context context{Features{}, false, 0};
  InstructionReader instructions(reader, context);
  Value stack[kMaxConstExprDepth];
  std::size_t depth = 0;
  for (;;) {
    Instruction inst;
    WRT_TRY(instructions.read(inst));
    Value value;
    switch (inst.op) {
      case Opcode::end:
        if (kMaxConstExprDepth > 1 && depth != 1) return Error(ErrorCode::type_mismatch).at(inst.offset);
        return stack[0];
      case Opcode::i32_const: value = Value::i32(inst.i32); break;
      case Opcode::i64_const: value = Value::i64(inst.i64); break;
      case Opcode::f32_const: value = Value::f32_bits(inst.f32_bits); break;
      case Opcode::f64_const: value = Value::f64_bits(inst.f64_bits); break;
      case Opcode::v128_const: {
        V128 v;
        std::memcpy(v.bytes, inst.v128, 16);
        value = Value::v128(v);
        break;
      }
      case Opcode::ref_null: value = Value::null(inst.ref_type); break;
      case Opcode::ref_func: value = Value::funcref(instance.function(inst.index)); break;
      case Opcode::global_get: value = instance.global(inst.index)->get(); break;
#if WRT_ENABLE_EXTENDED_CONST
      case Opcode::i32_add:
      case Opcode::i32_sub:
      case Opcode::i32_mul:
      case Opcode::i64_add:
      case Opcode::i64_sub:
      case Opcode::i64_mul: {
        if (depth < 2) return Error(ErrorCode::type_mismatch).at(inst.offset);
        // Wrapping arithmetic on the unsigned bits, as the instructions define it.
        const std::uint64_t a = static_cast<std::uint64_t>(stack[depth - 2].as_i64());
        const std::uint64_t b = static_cast<std::uint64_t>(stack[depth - 1].as_i64());
        const std::uint64_t r = (inst.op == Opcode::i32_add || inst.op == Opcode::i64_add)   ? a + b
                                : (inst.op == Opcode::i32_sub || inst.op == Opcode::i64_sub) ? a - b
                                                                                              : a * b;
        const bool is32 = inst.op == Opcode::i32_add || inst.op == Opcode::i32_sub || inst.op == Opcode::i32_mul;
        --depth;
        stack[depth - 1] = is32 ? Value::i32(static_cast<std::int32_t>(static_cast<std::uint32_t>(r)))
                                : Value::i64(static_cast<std::int64_t>(r));
        continue;
      }
#endif
      default:
        // Validation admits nothing else into a constant expression.
        return Error(ErrorCode::constant_required).at(inst.offset);
    }
    if constexpr (kMaxConstExprDepth == 1) {
      stack[0] = value;  // 2.0: one value (validated), as small as can be for the firmware
      depth = 1;
      continue;
    }
    if (depth == kMaxConstExprDepth) return Error(ErrorCode::limit_exceeded).at(inst.offset);
    stack[depth++] = value;
  }
}

Result<RefBits> element_item(const ElementSegment& segment, ByteReader& reader, Instance& instance) noexcept {
  if (!segment.item_expressions) {
    std::uint32_t function = WRT_TRY(reader.read_u32());
    return reinterpret_cast<RefBits>(instance.function(function));
  }
  Value v = WRT_TRY(evaluate_const_expr(reader, instance));
  return v.ref_bits();
}

// --- the store -----------------------------------------------------------------------------

Store::Store(Allocator& allocator, const RuntimeLimits& limits) noexcept
    : allocator_(&allocator),
      limits_(limits),
      types_(allocator),
      type_storage_(allocator),
      functions_(allocator),
      tables_(allocator),
      memories_(allocator),
      globals_(allocator),
      tags_(allocator),
      instances_(allocator) {}

namespace {
template <typename T>
void destroy_all(Allocator& allocator, Vec<T*>& list) noexcept {
  for (T* object : list) {
    object->~T();
    allocator.deallocate(object, sizeof(T), alignof(T));
  }
  list.clear();
}
template <typename T>
void destroy_all(Allocator& /*allocator*/, NoVec<T*>& /*compiled out*/) noexcept {}
}  // namespace

Store::~Store() {
  destroy_all(*allocator_, instances_);
  destroy_all(*allocator_, functions_);
  destroy_all(*allocator_, tables_);
  destroy_all(*allocator_, memories_);
  destroy_all(*allocator_, globals_);
  if constexpr (WRT_ENABLE_EXCEPTIONS) {  // compiled out, no tag or exception is ever made
    destroy_all(*allocator_, tags_);
    while (exceptions_ != nullptr) release_exception(exceptions_);
  }
  for (CanonicalType* type : types_) {
    std::size_t bytes = sizeof(CanonicalType) + (type->type.params.size() + type->type.results.size()) * sizeof(ValType);
    type->~CanonicalType();
    allocator_->deallocate(type, bytes, alignof(CanonicalType));
  }
}

template <typename T, typename... Args>
Result<T*> Store::make(Vec<T*>& list, Args&&... args) noexcept {
  WRT_TRY(list.reserve_more(1));
  void* memory = allocator_->allocate(sizeof(T), alignof(T));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory);
  T* object = ::new (memory) T(static_cast<Args&&>(args)...);
  (void)list.push_back(object);  // reserved above
  return object;
}

Result<const CanonicalType*> Store::intern(FuncType type, const void* owner) noexcept {
  if (!names_type_indices(type)) owner = nullptr;
  for (const CanonicalType* existing : types_) {
    if (existing->owner == owner && existing->type == type) return existing;
  }
  const std::size_t count = type.params.size() + type.results.size();
  const std::size_t bytes = sizeof(CanonicalType) + count * sizeof(ValType);
  WRT_TRY(types_.reserve_more(1));
  void* memory = allocator_->allocate(bytes, alignof(CanonicalType));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory);
  auto* canonical = ::new (memory) CanonicalType();
  canonical->owner = owner;
  canonical->id = static_cast<std::uint32_t>(types_.size());
  // The value types follow the header; its alignment (pointers) covers theirs.
  static_assert(alignof(CanonicalType) >= alignof(ValType) && sizeof(CanonicalType) % alignof(ValType) == 0);
  auto* storage = static_cast<ValType*>(static_cast<void*>(canonical + 1));
  for (std::size_t i = 0; i < type.params.size(); ++i) storage[i] = type.params[i];
  for (std::size_t i = 0; i < type.results.size(); ++i) storage[type.params.size() + i] = type.results[i];
  canonical->type.params = std::span<const ValType>(storage, type.params.size());
  canonical->type.results = std::span<const ValType>(storage + type.params.size(), type.results.size());
  canonical->param_slots = slot_count(type.params);
  canonical->result_slots = slot_count(type.results);
  (void)types_.push_back(canonical);
  return canonical;
}

Result<const CanonicalType*> Store::intern_module_type(const ModuleDescription& module, std::uint32_t index,
                                                       std::span<const CanonicalType* const> earlier) noexcept {
  const FuncType type = module.type(index);
  if (!names_type_indices(type)) return intern(type);
  // The identity: every named type by its canonical type's id, the type itself as itself.
  Vec<ValType> identity(*allocator_);
  WRT_TRY(identity.reserve(type.params.size() + type.results.size()));
  auto add = [&](ValType t) noexcept -> bool {
    if (is_concrete(t)) {
      const std::uint32_t named = type_index_of(t);
      std::uint32_t id = CanonicalType::kSelfReference;
      if (named != index) {
        if (named >= earlier.size() || earlier[named] == nullptr) return false;  // a later type: no identity yet
        id = earlier[named]->id;
        if (id >= CanonicalType::kSelfReference) return false;  // beyond what a reference can name
      }
      t = make_ref(is_nullable(t), id);
    }
    (void)identity.push_back(t);  // reserved above
    return true;
  };
  bool complete = true;
  for (ValType t : type.params) complete = complete && add(t);
  for (ValType t : type.results) complete = complete && add(t);
  if (!complete) return intern(type, &module);
  const auto values = std::span<const ValType>(identity.data(), identity.size());
  return intern(FuncType{values.first(type.params.size()), values.subspan(type.params.size())}, &kStoreWideIdentity);
}

bool function_has_type(const FunctionInstance& f, const ModuleDescription& module, std::uint32_t type_index) noexcept {
  if (type_index >= module.types.size()) return false;
  if (f.instance() != nullptr) {
    const ModuleDescription& own = f.instance()->module();
    return types_equivalent(own, own.functions[f.index()], module, type_index);
  }
  // A host function's type names no type indices; one of the module's that names some differs.
  const FuncType expected = module.type(type_index);
  return !names_type_indices(expected) && f.type().type == expected;
}

bool value_fits_in(const Value& v, ValType type, const ModuleDescription* module) noexcept {
  if (!value_fits(v, type)) return false;
  // Without typed references every reference type is a nullable abstract one (funcref,
  // externref), which any reference of its kind fits.
  if (!kFunctionReferences || !is_reference(type)) return true;
  if (v.is_null()) return is_nullable(type);
  const HeapKind kind = heap_kind(type);
  if (is_bottom_heap(kind)) return false;  // (ref nofunc) and its kin hold null only
  if (kind != HeapKind::concrete) return true;
  if (module == nullptr || top_heap(heap_kind(v.type())) != HeapKind::func) return false;
  return function_has_type(*v.as_funcref(), *module, type_index_of(type));
}

Result<FunctionInstance*> Store::create_host_function(FuncType type, HostCallback callback, void* user_data) noexcept {
  const CanonicalType* canonical = WRT_TRY(intern(type));
  FunctionInstance* f = WRT_TRY(make(functions_));
  f->type_ = canonical;
  f->host_ = callback;
  f->user_data_ = user_data;
  return f;
}

Result<TableInstance*> Store::create_table(const TableType& type, RefBits init) noexcept {
  std::uint64_t max = type.limits.has_max ? type.limits.max : 0xFFFFFFFFu;
  if (max > limits_.max_table_elements) max = limits_.max_table_elements;
  if (type.limits.min > max) {
    return Error(ErrorCode::limit_exceeded, "the table's initial size exceeds the configured maximum")
        .append_detail("elements needed: ")
        .append_detail_number(type.limits.min)
        .append_detail(", allowed: ")
        .append_detail_number(max);
  }
  TableInstance* table = WRT_TRY(make(tables_, *allocator_));
  table->type_ = type;
  table->max_ = max;
  WRT_TRY(table->elements_.reserve(static_cast<std::size_t>(type.limits.min)));
  for (std::uint64_t i = 0; i < type.limits.min; ++i) (void)table->elements_.push_back(init);
  return table;
}

Result<MemoryInstance*> Store::create_memory(const MemoryType& type) noexcept {
  // The effective maximum, in the memory's own pages: the type's (or what its addresses reach),
  // and the embedder's limit, which is in 64 KiB pages whatever the page size. Memories whose
  // declared limits go beyond 4 GiB (memory64) are refused here when the embedder's limit is
  // lower, before anything is reserved.
  const unsigned log2 = type.page_size_log2();
  const std::uint64_t embedder_bytes = std::uint64_t{limits_.max_memory_pages} * kPageSizeOfLimits;
  std::uint64_t max = embedder_bytes >> log2;
  if (type.limits.has_max && type.limits.max < max) max = type.limits.max;
  if (!type.is64() && log2 == 0 && max > 0xFFFFFFFFu) max = 0xFFFFFFFFu;  // memory.size must fit an i32
  if (type.limits.min > max) {
    return Error(ErrorCode::limit_exceeded, "the memory's initial size exceeds the configured maximum")
        .append_detail(log2 == 16 ? "64 KiB pages needed: " : "one-byte pages needed: ")
        .append_detail_number(type.limits.min)
        .append_detail(", allowed: ")
        .append_detail_number(max);
  }
  MemoryInstance* memory = WRT_TRY(make(memories_, memory_allocator_ != nullptr ? *memory_allocator_ : *allocator_,
                                        memory_allocator_ == nullptr));
  memory->type_ = type;
  memory->max_pages_ = max;
  if (type.limits.min > 0 && memory->grow(type.limits.min) < 0) {
    return Error(ErrorCode::out_of_memory).append_detail("allocating a linear memory");
  }
  return memory;
}

Result<GlobalInstance*> Store::create_global(const GlobalType& type, const Value& value) noexcept {
  GlobalInstance* global = WRT_TRY(make(globals_));
  global->type_ = type;
  global->set(value);
  return global;
}

Result<TagInstance*> Store::create_tag(FuncType type) noexcept {
  if (!type.results.empty()) return Error(ErrorCode::non_empty_tag_result);
  const CanonicalType* canonical = WRT_TRY(intern(type));
  TagInstance* tag = WRT_TRY(make(tags_));
  tag->type_ = canonical;
  return tag;
}

ExceptionInstance* Store::allocate_exception(TagInstance& tag, const Slot* slots) noexcept {
  if (live_exceptions_ >= limits_.max_exceptions) return nullptr;
  const std::size_t payload_slots = tag.type().param_slots;
  const std::size_t bytes = sizeof(ExceptionInstance) + payload_slots * sizeof(Slot);
  void* memory = allocator_->allocate(bytes, alignof(ExceptionInstance) > alignof(Slot) ? alignof(ExceptionInstance) : alignof(Slot));
  if (memory == nullptr) return nullptr;
  auto* exception = ::new (memory) ExceptionInstance();
  exception->tag_ = &tag;
  exception->bytes_ = bytes;
  if (payload_slots > 0) std::memcpy(exception->payload_slots(), slots, payload_slots * sizeof(Slot));
  exception->next_ = exceptions_;
  if (exceptions_ != nullptr) exceptions_->prev_ = exception;
  exceptions_ = exception;
  ++live_exceptions_;
  return exception;
}

void Store::release_exception(ExceptionInstance* exception) noexcept {
  if (exception == nullptr) return;
  if (exception->prev_ != nullptr) exception->prev_->next_ = exception->next_;
  else exceptions_ = exception->next_;
  if (exception->next_ != nullptr) exception->next_->prev_ = exception->prev_;
  --live_exceptions_;
  const std::size_t bytes = exception->bytes_;
  exception->~ExceptionInstance();
  allocator_->deallocate(exception, bytes, alignof(ExceptionInstance) > alignof(Slot) ? alignof(ExceptionInstance) : alignof(Slot));
}

Result<ExceptionInstance*> Store::create_exception(TagInstance& tag, std::span<const Value> payload) noexcept {
  const FuncType& type = tag.type().type;
  if (payload.size() != type.params.size()) return Error(ErrorCode::invalid_argument, "payload count differs from the tag's type");
  Slot slots[2 * 64];
  if (tag.type().param_slots > sizeof(slots) / sizeof(slots[0])) {
    return Error(ErrorCode::limit_exceeded, "exception payloads of the host are limited to 128 slots");
  }
  std::size_t slot = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    // The tag's canonical type names store-wide identities, not a module's indices: a non-null
    // `(ref $t)` payload cannot be checked against them and is refused (null passes).
    if (!value_fits_in(payload[i], type.params[i], nullptr)) return Error(ErrorCode::invalid_argument, "payload value of the wrong type");
    slots[slot] = payload[i].slots()[0];
    if (payload[i].type() == ValType::v128) slots[slot + 1] = payload[i].slots()[1];
    slot += slot_count(payload[i].type());
  }
  ExceptionInstance* exception = allocate_exception(tag, slots);
  if (exception == nullptr) return Error(ErrorCode::out_of_memory).append_detail("exception storage exhausted");
  exception->exposed_ = true;  // the host holds it
  return exception;
}

namespace {

// Limits subtyping (spec: import matching): the provided object's limits must be within the
// import's.
bool limits_match(std::uint64_t actual_min, bool actual_has_max, std::uint64_t actual_max, const Limits& wanted) {
  if (actual_min < wanted.min) return false;
  if (wanted.has_max) {
    if (!actual_has_max || actual_max > wanted.max) return false;
  }
  return true;
}

Error incompatible(const Import& import, const char* why) {
  Error e(ErrorCode::incompatible_import);
  e.append_detail(import.module).append_detail(".").append_detail(import.name).append_detail(": ").append_detail(why);
  return e;
}

}  // namespace

Result<void> Store::link_imports(const ModuleDescription& module, std::span<const ExternVal> imports, Instance& instance) noexcept {
  if (imports.size() != module.imports.size()) {
    return Error(ErrorCode::invalid_argument).append_detail("import count differs from the module's");
  }
  for (std::size_t i = 0; i < imports.size(); ++i) {
    const Import& import = module.imports[i];
    const ExternVal& provided = imports[i];
    if (provided.kind != import.kind || provided.object == nullptr) return incompatible(import, "wrong kind");
    switch (import.kind) {
      case ExternKind::function: {
        FunctionInstance* f = provided.as_function();
        // A WebAssembly function's type is compared as a type of its module (typed function
        // references: type indices inside it mean that module's types); a host function's
        // canonical type has no type indices to compare.
        // Without them (kFunctionReferences) canonical types decide, as in 2.0.
        const bool same = kFunctionReferences && f->instance_ != nullptr
                              ? types_equivalent(*f->instance_->module_, f->instance_->module_->functions[f->index_], module,
                                                 import.type_index)
                              : f->type_ == instance.types_[import.type_index];
        if (!same) return incompatible(import, "function type differs");
        WRT_TRY(instance.functions_.push_back(f));
        break;
      }
      case ExternKind::table: {
        TableInstance* t = provided.as_table();
        // Element types match both ways (tables are read and written).
        const ModuleDescription& owner = t->module_ != nullptr ? *t->module_ : module;
        if (!is_subtype(t->type().element, owner, import.table.element, module) ||
            !is_subtype(import.table.element, module, t->type().element, owner)) {
          return incompatible(import, "element type differs");
        }
        if (t->type().is64() != import.table.is64()) return incompatible(import, "address type differs");
        if (!limits_match(t->size(), t->type().limits.has_max, t->type().limits.max, import.table.limits)) {
          return incompatible(import, "table limits do not match");
        }
        WRT_TRY(instance.tables_.push_back(t));
        break;
      }
      case ExternKind::memory: {
        MemoryInstance* m = provided.as_memory();
        if (m->type().is64() != import.memory.is64()) return incompatible(import, "address type differs");
        if (m->type().shared() != import.memory.shared()) return incompatible(import, "sharedness differs");
        if (m->type().page_size_log2() != import.memory.page_size_log2()) return incompatible(import, "page size differs");
        if (!limits_match(m->pages(), m->type().limits.has_max, m->type().limits.max, import.memory.limits)) {
          return incompatible(import, "memory limits do not match");
        }
        WRT_TRY(instance.memories_.push_back(m));
        break;
      }
      case ExternKind::global: {
        GlobalInstance* g = provided.as_global();
        // An immutable global's type may be a subtype of the import's; a mutable one's must match both ways.
        const ModuleDescription& owner = g->module_ != nullptr ? *g->module_ : module;
        if (g->type().is_mutable != import.global.is_mutable || !is_subtype(g->type().type, owner, import.global.type, module) ||
            (import.global.is_mutable && !is_subtype(import.global.type, module, g->type().type, owner))) {
          return incompatible(import, "global type differs");
        }
        WRT_TRY(instance.globals_.push_back(g));
        break;
      }
      case ExternKind::tag: {
        if constexpr (!WRT_ENABLE_EXCEPTIONS) return incompatible(import, "wrong kind");  // never decoded
        TagInstance* tag = provided.as_tag();
        if (tag->type_ != instance.types_[import.type_index]) return incompatible(import, "tag type differs");
        WRT_TRY(instance.tags_.push_back(tag));
        break;
      }
    }
  }
  return {};
}

Result<Instance*> Store::instantiate(ModuleCode& code, std::span<const ExternVal> imports, Thread& thread) noexcept {
  const ModuleDescription& module = code.module();
  Instance* instance = WRT_TRY(make(instances_, *allocator_));
  instance->module_ = &module;
  instance->code_ = &code;
  instance->store_ = this;

  WRT_TRY(instance->types_.reserve(module.types.size()));
  for (std::uint32_t i = 0; i < module.types.size(); ++i) {
    const CanonicalType* type = WRT_TRY(intern_module_type(module, i, std::span<const CanonicalType* const>(instance->types_.data(), instance->types_.size())));
    (void)instance->types_.push_back(type);
  }
  WRT_TRY(instance->functions_.reserve(module.functions.size()));
  WRT_TRY(instance->tables_.reserve(module.tables.size()));
  WRT_TRY(instance->memories_.reserve(module.memories.size()));
  WRT_TRY(instance->globals_.reserve(module.globals.size()));
  WRT_TRY(link_imports(module, imports, *instance).with_context("while linking imports"));

  for (std::uint32_t i = module.imported_functions; i < module.functions.size(); ++i) {
    FunctionInstance* f = WRT_TRY(make(functions_));
    f->type_ = instance->types_[module.functions[i]];
    f->instance_ = instance;
    f->index_ = i;
    f->code_ = &code;
    (void)instance->functions_.push_back(f);
  }
  for (std::size_t i = module.imported_tables; i < module.tables.size(); ++i) {
    // Typed function references: a table's initializer (which may read imported globals only).
    RefBits init = 0;
    const std::size_t defined = i - module.imported_tables;
    if (kFunctionReferences && defined < module.table_inits.size() && !module.table_inits[defined].code.empty()) {
      ByteReader reader(module.table_inits[defined].code, module.table_inits[defined].offset);
      Value value = WRT_TRY(evaluate_const_expr(reader, *instance));
      init = value.ref_bits();
    }
    TableInstance* t = WRT_TRY(create_table(module.tables[i], init));
    t->module_ = &module;
    (void)instance->tables_.push_back(t);
  }
  for (std::size_t i = module.imported_memories; i < module.memories.size(); ++i) {
    MemoryInstance* m = WRT_TRY(create_memory(module.memories[i]));
    (void)instance->memories_.push_back(m);
  }
  instance->memory0_ = instance->memories_.empty() ? nullptr : instance->memories_[0];
  if constexpr (WRT_ENABLE_EXCEPTIONS) WRT_TRY(instance->tags_.reserve(module.tags.size()));
  for (std::size_t i = module.imported_tags; WRT_ENABLE_EXCEPTIONS && i < module.tags.size(); ++i) {
    TagInstance* tag = WRT_TRY(make(tags_));
    tag->type_ = instance->types_[module.tags[i]];
    (void)instance->tags_.push_back(tag);
  }
  for (std::size_t i = module.imported_globals; i < module.globals.size(); ++i) {
    const GlobalDefinition& g = module.globals[i];
    ByteReader reader(g.init.code, g.init.offset);
    Value value = WRT_TRY(evaluate_const_expr(reader, *instance));
    GlobalInstance* global = WRT_TRY(create_global(g.type, value));
    global->module_ = &module;
    (void)instance->globals_.push_back(global);
  }
  WRT_TRY(instance->dropped_elements_.resize(module.elements.size()));
  WRT_TRY(instance->dropped_data_.resize(module.data.size()));

  WRT_TRY(initialize(*instance, thread));
  return instance;
}

// Active segments are copied in order, as table.init / memory.init followed by a drop, so a
// failing segment leaves the earlier ones written (the spec's behaviour since bulk memory).
Result<void> Store::initialize(Instance& instance, Thread& thread) noexcept {
  const ModuleDescription& module = *instance.module_;
  for (std::size_t i = 0; i < module.elements.size(); ++i) {
    const ElementSegment& seg = module.elements[i];
    if (seg.mode == SegmentMode::passive) continue;
    instance.dropped_elements_[i] = 1;
    if (seg.mode == SegmentMode::declarative) continue;
    ByteReader offset_reader(seg.offset.code, seg.offset.offset);
    Value offset = WRT_TRY(evaluate_const_expr(offset_reader, instance));
    TableInstance* table = instance.tables_[seg.table];
    std::uint64_t start = table->type().is64() ? static_cast<std::uint64_t>(offset.as_i64()) : static_cast<std::uint32_t>(offset.as_i32());
    if (start > table->size() || seg.count > table->size() - start) {
      return Error(ErrorCode::out_of_bounds_table).append_detail("element segment ").append_detail_number(i);
    }
    ByteReader items(seg.items, seg.items_offset);
    for (std::uint32_t k = 0; k < seg.count; ++k) {
      RefBits item = WRT_TRY(element_item(seg, items, instance));
      table->set(static_cast<std::uint32_t>(start + k), item);
    }
  }
  for (std::size_t i = 0; i < module.data.size(); ++i) {
    const DataSegment& seg = module.data[i];
    if (seg.mode != SegmentMode::active) continue;
    instance.dropped_data_[i] = 1;
    ByteReader offset_reader(seg.offset.code, seg.offset.offset);
    Value offset = WRT_TRY(evaluate_const_expr(offset_reader, instance));
    MemoryInstance* memory = instance.memories_[seg.memory];
    std::uint64_t start = memory->type().is64() ? static_cast<std::uint64_t>(offset.as_i64()) : static_cast<std::uint32_t>(offset.as_i32());
    if (start > memory->size() || seg.init.size() > memory->size() - start) {
      return Error(ErrorCode::out_of_bounds_memory).append_detail("data segment ").append_detail_number(i);
    }
    if (!seg.init.empty()) std::memcpy(memory->data() + start, seg.init.data(), seg.init.size());
  }
  if (module.has_start) {
    ExecStatus status = WRT_TRY(thread.invoke(*instance.functions_[module.start], {}, {}).with_context("in the start function"));
    if (status != ExecStatus::completed) {
      thread.cancel();
      return Error(ErrorCode::out_of_fuel).append_detail("the start function did not complete");
    }
  }
  return {};
}

bool Instance::find_export(std::string_view name, ExternVal& out) const noexcept {
  for (const Export& exp : module_->exports) {
    if (exp.name != name) continue;
    out.kind = exp.kind;
    switch (exp.kind) {
      case ExternKind::function: out.object = functions_[exp.index]; break;
      case ExternKind::table: out.object = tables_[exp.index]; break;
      case ExternKind::memory: out.object = memories_[exp.index]; break;
      case ExternKind::global: out.object = globals_[exp.index]; break;
      case ExternKind::tag: out.object = tags_[exp.index]; break;
    }
    return true;
  }
  return false;
}

}  // namespace wrt
