#include <wrt/runtime/module_code.hpp>

#include <new>

#include <wrt/validator/function_validator.hpp>
#include <wrt/validator/validator.hpp>

#include "runtime/code.hpp"
#include "runtime/interpreter.hpp"
#include "runtime/translator.hpp"

namespace wrt {

// What translation needs across functions: the validation context (translation validates each
// body again, in the same pass) and reusable buffers.
struct ModuleCodeState {
  ModuleCodeState(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator) noexcept
      : context(module, options), validator_scratch(allocator), translator_scratch(allocator) {}
  ValidationContext context;
  ValidatorScratch validator_scratch;
  TranslatorScratch translator_scratch;
};

ModuleCode::ModuleCode(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator) noexcept
    : module_(&module), options_(options), allocator_(&allocator), scratch_allocator_(&allocator), compiled_{Vec<CompiledFunction*>(allocator),
                                                                             Vec<CompiledFunction*>(allocator)} {}

ModuleCode::~ModuleCode() {
  for (auto& variant : compiled_) {
    for (CompiledFunction* fn : variant) {
      if (fn != nullptr) allocator_->deallocate(fn, fn->allocation_bytes, kCompiledFunctionAlign);
    }
  }
  release_translation_state();
}

void ModuleCode::release_translation_state() noexcept {
  if (state_ == nullptr) return;
  state_->~ModuleCodeState();
  scratch_allocator_->deallocate(state_, sizeof(ModuleCodeState), alignof(ModuleCodeState));
  state_ = nullptr;
}

Result<ModuleCode*> ModuleCode::create(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator,
                                       Allocator* scratch) noexcept {
  void* memory = allocator.allocate(sizeof(ModuleCode), alignof(ModuleCode));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory);
  auto* code = ::new (memory) ModuleCode(module, options, allocator);
  code->scratch_allocator_ = scratch != nullptr ? scratch : &allocator;
  auto fail = [&](const Error& e) -> Result<ModuleCode*> {
    destroy(code);
    return e;
  };
  void* state_memory = code->scratch_allocator_->allocate(sizeof(ModuleCodeState), alignof(ModuleCodeState));
  if (state_memory == nullptr) return fail(Error(ErrorCode::out_of_memory));
  code->state_ = ::new (state_memory) ModuleCodeState(module, options, *code->scratch_allocator_);
  auto prepared = prepare_validation_context(code->state_->context);
  if (!prepared) return fail(prepared.error());
  const std::size_t defined = module.bodies.size();
  for (auto& variant : code->compiled_) {
    auto resized = variant.resize(defined);
    if (!resized) return fail(resized.error());
  }
  return code;
}

void ModuleCode::destroy(ModuleCode* code) noexcept {
  if (code == nullptr) return;
  Allocator* allocator = code->allocator_;
  code->~ModuleCode();
  allocator->deallocate(code, sizeof(ModuleCode), alignof(ModuleCode));
}

Result<const CompiledFunction*> ModuleCode::get(std::uint32_t function_index, bool metered) noexcept {
  const std::uint32_t defined = function_index - module_->imported_functions;
  CompiledFunction*& slot = compiled_[metered ? 1 : 0][defined];
  if (slot != nullptr) return slot;
  if (state_ == nullptr) {
    return Error(ErrorCode::invalid_argument,
                 "this code variant was not translated when the module was compiled ahead (run with fuel)")
        .append_detail(metered ? "metered" : "unmetered");
  }
  const std::uint64_t start = clock_ != nullptr ? clock_() : 0;
  Translator translator(*module_, state_->translator_scratch, Interpreter::handlers(), metered);
  FunctionValidator<Translator> validator(state_->context, state_->validator_scratch, translator);
  WRT_TRY(validator.validate(function_index));
  if (translator.wants_constant_pool()) {
    translator.use_constant_pool();
    WRT_TRY(validator.validate(function_index));
  }
  slot = WRT_TRY(translator.finish(*allocator_));
  ++translated_;
  if (clock_ != nullptr) translation_ns_ += clock_() - start;
  return slot;
}

Result<void> ModuleCode::translate_all(bool metered) noexcept {
  for (std::uint32_t i = module_->imported_functions; i < module_->function_count(); ++i) {
    (void)WRT_TRY(get(i, metered));
  }
  return {};
}

Result<void> ModuleCode::reserve_scratch() noexcept {
  if (state_ == nullptr) return {};
  // Sized from the largest body, once: an arena cannot give back a buffer that grows past later
  // allocations, so growing step by step would leave every smaller copy behind. The estimates
  // are generous for real code (one to two code words per byte of body); a function beyond them
  // still translates, growing as needed.
  std::size_t largest = 0;
  for (const FunctionBody& body : module_->bodies) largest = body.code.size() > largest ? body.code.size() : largest;
  TranslatorScratch& t = state_->translator_scratch;
  ValidatorScratch& v = state_->validator_scratch;
  const std::size_t depth = largest / 16 + 16;   // operand stack
  const std::size_t nesting = largest / 32 + 8;  // blocks open at once
  WRT_TRY(t.code.reserve(largest * (kHandlerWords + 1) + 16));
  WRT_TRY(t.offsets.reserve(largest / 4 + 4));
  WRT_TRY(t.operands.reserve(depth));
  WRT_TRY(t.labels.reserve(nesting));
  WRT_TRY(v.operands.reserve(depth));
  WRT_TRY(v.frames.reserve(nesting));
  return {};
}

Result<ModuleCode*> compile_module(Bytes bytes, const DecodeOptions& options, ModuleDescription& module,
                                   Allocator& allocator, bool metered, Allocator* scratch) noexcept {
  WRT_TRY(decode_module(bytes, options, module));
  WRT_TRY(validate_module_structure(module, options));
  ModuleCode* code = WRT_TRY(ModuleCode::create(module, options, allocator, scratch));
  if (Result<void> reserved = code->reserve_scratch(); !reserved) {
    ModuleCode::destroy(code);
    return reserved.error();
  }
  Result<void> translated = code->translate_all(metered);
  if (!translated) {
    Error error = translated.error();
    ModuleCode::destroy(code);
    if (error.kind() == ErrorKind::invalid) {
      // As in validate_module: decoding precedes validation, so a malformed body anywhere wins.
      Result<void> scan = scan_function_bodies(module, options);
      if (!scan) return scan.error();
    }
    return error.with_context("in code section");
  }
  if (scratch != nullptr) code->release_translation_state();  // the caller may reuse `scratch` now
  return code;
}

}  // namespace wrt
