// ModuleCode: a validated ModuleDescription together with its interpreter code.
//
// Functions are translated on their first call (so a large module starts fast) or all at
// once with translate_all(). Code is per module, shared by all its instances; it comes in two
// variants, with and without fuel accounting, each made when first needed.
#pragma once

#include <cstdint>

#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt {

struct CompiledFunction;
struct ModuleCodeState;

class ModuleCode {
 public:
  // `module` must be validated and outlive this object; `options` are those it was decoded
  // and validated with. Translated code comes from `allocator`; the translation state (the
  // validation context and buffers) from `scratch` if given, else from `allocator`.
  static Result<ModuleCode*> create(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator,
                                    Allocator* scratch = nullptr) noexcept;
  static void destroy(ModuleCode* code) noexcept;

  [[nodiscard]] const ModuleDescription& module() const noexcept { return *module_; }
  [[nodiscard]] const DecodeOptions& options() const noexcept { return options_; }

  // Translates every function now; reports the first error (out of memory).
  Result<void> translate_all(bool metered) noexcept;
  // Sizes the translation buffers for the largest function body at once (what compile_module
  // does), so that translating into an arena does not leave outgrown buffers behind.
  Result<void> reserve_scratch() noexcept;
  // Frees the translation state once every function needed is translated: functions not yet
  // translated (in either variant) then fail with an error instead of translating.
  void release_translation_state() noexcept;
  // The code of defined function `function_index` (module index space), translating it if needed.
  Result<const CompiledFunction*> get(std::uint32_t function_index, bool metered) noexcept;
  // Number of functions translated so far (both variants), for statistics.
  [[nodiscard]] std::uint32_t translated_count() const noexcept { return translated_; }
  // Statistics: with a clock (nanoseconds, any epoch) the time spent translating is summed.
  // The core has no clock of its own; the embedder provides one if it wants the figure.
  void set_clock(std::uint64_t (*now_ns)() noexcept) noexcept { clock_ = now_ns; }
  [[nodiscard]] std::uint64_t translation_ns() const noexcept { return translation_ns_; }

 private:
  ModuleCode(const ModuleDescription& module, const DecodeOptions& options, Allocator& allocator) noexcept;
  ~ModuleCode();

  const ModuleDescription* module_;
  DecodeOptions options_;
  Allocator* allocator_;
  Allocator* scratch_allocator_;
  ModuleCodeState* state_ = nullptr;  // validation context and translation buffers
  Vec<CompiledFunction*> compiled_[2];  // [metered][defined function]
  std::uint32_t translated_ = 0;
  std::uint64_t (*clock_)() noexcept = nullptr;
  std::uint64_t translation_ns_ = 0;
};

// Decodes, validates and translates a module: the module structure is validated first, then
// every function body is validated as it is translated (the `metered` variant, or the
// unmetered one), all before this returns. What firmware uses: the image then carries one
// function validator (the translator's) instead of two, and nothing is left to translate
// later. Errors are those decode_and_validate gives (a malformed body still wins).
//
// With a `scratch` allocator, the translation state lives there and is freed before this
// returns: the caller can reuse that memory (firmware uses the same buffer as its value stack
// afterwards), and only the `metered` variant exists (calls in the other one fail cleanly).
Result<ModuleCode*> compile_module(Bytes bytes, const DecodeOptions& options, ModuleDescription& module,
                                   Allocator& allocator, bool metered, Allocator* scratch = nullptr) noexcept;

}  // namespace wrt
