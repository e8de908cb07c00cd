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
    : module_(&module), options_(options), allocator_(&allocator), compiled_{Vec<CompiledFunction*>(allocator),
                                                                             Vec<CompiledFunction*>(allocator)} {}

ModuleCode::~ModuleCode() {
  for (auto& variant : compiled_) {
    for (CompiledFunction* fn : variant) {
      if (fn != nullptr) allocator_->deallocate(fn, fn->allocation_bytes, alignof(CompiledFunction));
    }
  }
  if (state_ != nullptr) {
    state_->~ModuleCodeState();
    allocator_->deallocate(state_, sizeof(ModuleCodeState), alignof(ModuleCodeState));
  }
}

Result<ModuleCode*> ModuleCode::create(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator) noexcept {
  void* memory = allocator.allocate(sizeof(ModuleCode), alignof(ModuleCode));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory);
  auto* code = ::new (memory) ModuleCode(module, options, allocator);
  auto fail = [&](const Error& e) -> Result<ModuleCode*> {
    destroy(code);
    return e;
  };
  void* state_memory = allocator.allocate(sizeof(ModuleCodeState), alignof(ModuleCodeState));
  if (state_memory == nullptr) return fail(Error(ErrorCode::out_of_memory));
  code->state_ = ::new (state_memory) ModuleCodeState(module, options, allocator);
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
  const std::uint64_t start = clock_ != nullptr ? clock_() : 0;
  Translator translator(*module_, state_->translator_scratch, Interpreter::handlers(), metered);
  FunctionValidator<Translator> validator(state_->context, state_->validator_scratch, translator);
  WRT_TRY(validator.validate(function_index));
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

Result<ModuleCode*> compile_module(Bytes bytes, const DecodeOptions& options, ModuleDescription& module,
                                   Allocator& allocator, bool metered) noexcept {
  WRT_TRY(decode_module(bytes, options, module));
  WRT_TRY(validate_module_structure(module, options));
  ModuleCode* code = WRT_TRY(ModuleCode::create(module, options, allocator));
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
  return code;
}

}  // namespace wrt
