// wrt::Error: what went wrong, where, and in which context.
//
// An Error never allocates: the message is a static string, the context chain is a small
// fixed array of static strings (each optionally with a number, e.g. "in function" 12), and the
// one piece of dynamic text (an import name, the types in a mismatch) is copied into a fixed
// inline buffer and truncated if it does not fit. So the same type works in every profile,
// including the no-heap one, and copying an Error is a plain memcpy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <wrt/error/error_codes.hpp>
#include <wrt/platform.hpp>

namespace wrt {

// How an embedder reacts to an error; each ErrorCode belongs to exactly one kind.
enum class ErrorKind : std::uint8_t {
  malformed,   // not a well-formed binary
  invalid,     // well-formed, but validation rejects it
  unlinkable,  // imports cannot be satisfied
  trap,        // execution trapped
  exception,   // a WebAssembly exception that nothing caught reached the embedder
  exhaustion,  // fuel, call stack, value stack or memory ran out
  limit,       // a configured limit was exceeded
  host,        // a host function failed
  io,          // the operating system refused
  usage,       // the API was called wrongly
};

enum class ErrorCode : std::uint16_t {
#define WRT_X(id, kind, message) id,
  WRT_ERROR_CODES(WRT_X)
#undef WRT_X
};

[[nodiscard]] ErrorKind kind_of(ErrorCode code) noexcept;
[[nodiscard]] const char* default_message(ErrorCode code) noexcept;
[[nodiscard]] const char* name_of(ErrorCode code) noexcept;  // "unexpected_end"
[[nodiscard]] const char* name_of(ErrorKind kind) noexcept;  // "malformed"

class Error {
 public:
  static constexpr std::uint32_t kNoOffset = 0xFFFFFFFFu;
  static constexpr std::uint32_t kNoNumber = 0xFFFFFFFFu;
  static constexpr std::size_t kMaxContexts = WRT_ERROR_MAX_CONTEXTS;
  static constexpr std::size_t kDetailCapacity = WRT_ERROR_DETAIL_CAPACITY;
  static_assert(kMaxContexts >= 1 && kMaxContexts <= 255, "WRT_ERROR_MAX_CONTEXTS out of range");
  static_assert(kDetailCapacity >= 8 && kDetailCapacity <= 255, "WRT_ERROR_DETAIL_CAPACITY out of range");

  // message: a static string that replaces the code's default message; nullptr keeps the default.
  explicit Error(ErrorCode code, const char* message = nullptr) noexcept
      : message_(message), code_(code) {}

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_of(code_); }
  [[nodiscard]] const char* message() const noexcept {
    return message_ != nullptr ? message_ : default_message(code_);
  }

  // Byte offset in the binary being decoded (or in the code, for traps), if known.
  [[nodiscard]] bool has_offset() const noexcept { return offset_ != kNoOffset; }
  [[nodiscard]] std::uint32_t offset() const noexcept { return offset_; }
  Error& at(std::uint32_t offset) & noexcept {
    offset_ = offset;
    return *this;
  }
  Error&& at(std::uint32_t offset) && noexcept { return static_cast<Error&&>(at(offset)); }
  // Sets the offset only where no inner layer set a more precise one.
  Error& at_if_unset(std::uint32_t offset) & noexcept {
    if (offset_ == kNoOffset) offset_ = offset;
    return *this;
  }
  Error&& at_if_unset(std::uint32_t offset) && noexcept {
    return static_cast<Error&&>(at_if_unset(offset));
  }

  // Context chain, innermost first. `text` must outlive the error (a string literal); `number`
  // (for example a function index) is printed after it. When the chain is full, the newest
  // entry replaces the last slot: the innermost contexts and the outermost one survive.
  Error& with_context(const char* text, std::uint32_t number = kNoNumber) & noexcept;
  Error&& with_context(const char* text, std::uint32_t number = kNoNumber) && noexcept {
    return static_cast<Error&&>(with_context(text, number));
  }
  [[nodiscard]] std::size_t context_count() const noexcept { return context_count_; }
  [[nodiscard]] const char* context_text(std::size_t i) const noexcept { return context_text_[i]; }
  [[nodiscard]] std::uint32_t context_number(std::size_t i) const noexcept { return context_number_[i]; }
  // True when contexts were added beyond kMaxContexts and some were dropped.
  [[nodiscard]] bool contexts_truncated() const noexcept { return contexts_truncated_; }

  // What the error is about when that is not the code being decoded: a file name. Printed
  // before the contexts that were already there ("while loading plugin: plugin.wasm: magic
  // header not detected"). It shares the detail's buffer: it gets what the detail leaves, and
  // at least half (cutting the detail); a longer subject keeps its end (the file name), after
  // "...". Setting it again replaces it.
  Error& with_subject(std::string_view text) & noexcept;
  Error&& with_subject(std::string_view text) && noexcept { return static_cast<Error&&>(with_subject(text)); }
  [[nodiscard]] std::string_view subject() const noexcept { return {detail_, subject_length_}; }

  // Dynamic detail text, copied in; text beyond the buffer (kDetailCapacity, less the subject)
  // is cut and marked with "...".
  [[nodiscard]] std::string_view detail() const noexcept {
    return {detail_ + subject_length_, static_cast<std::size_t>(detail_length_ - subject_length_)};
  }
  Error& append_detail(std::string_view text) & noexcept;
  Error&& append_detail(std::string_view text) && noexcept {
    return static_cast<Error&&>(append_detail(text));
  }
  Error& append_detail_number(std::uint64_t value) & noexcept;
  Error&& append_detail_number(std::uint64_t value) && noexcept {
    return static_cast<Error&&>(append_detail_number(value));
  }

  // Writes "outer context: ...: [subject: ]inner context: message: detail (at byte offset N)"
  // into `buffer` (subject and detail escaped with TextWriter::put_escaped: they may quote a
  // module's names),
  // always NUL-terminated when size > 0, cut if too small. Returns the length the
  // full text has (as snprintf does), so a caller can detect truncation.
  std::size_t format(char* buffer, std::size_t size) const noexcept;

 private:
  const char* message_;
  const char* context_text_[kMaxContexts] = {};
  std::uint32_t context_number_[kMaxContexts] = {};
  std::uint32_t offset_ = kNoOffset;
  ErrorCode code_;
  std::uint8_t context_count_ = 0;
  std::uint8_t detail_length_ = 0;   // of detail_, subject included
  std::uint8_t subject_length_ = 0;  // the first bytes of detail_
  std::uint8_t subject_position_ = 0;  // context_count_ when the subject was set
  bool contexts_truncated_ = false;
  char detail_[kDetailCapacity] = {};
};

}  // namespace wrt
