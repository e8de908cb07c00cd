#include <wrt/error/error.hpp>

#include <cstring>

#include <wrt/error/text_writer.hpp>

namespace wrt {

namespace {

// Three arrays rather than one table of rows: a firmware that never asks for an error code's
// name (name_of) does not carry the names.
constexpr ErrorKind kCodeKinds[] = {
#define WRT_X(id, kind, message) ErrorKind::kind,
    WRT_ERROR_CODES(WRT_X)
#undef WRT_X
};
// The threads proposal's traps cannot happen in a build without the memory proposals (the
// firmware), nor the errors of typed function references or exception handling in a build
// without them: their messages stay out of its flash.
constexpr const char* message_in_build(ErrorCode code, const char* message) {
  const bool threads_trap = code == ErrorCode::unaligned_atomic || code == ErrorCode::expected_shared_memory;
  const bool typed_references = code == ErrorCode::uninitialized_local || code == ErrorCode::null_function_reference ||
                                code == ErrorCode::null_reference;
  const bool exceptions = code == ErrorCode::unknown_tag || code == ErrorCode::non_empty_tag_result ||
                          code == ErrorCode::null_exception_reference;
  if (WRT_ENABLE_FUNCTION_REFERENCES == 0 && typed_references) return "";
  if (WRT_ENABLE_EXCEPTIONS == 0 && exceptions) return "";
  return WRT_MEMORY_PROPOSALS == 0 && threads_trap ? "" : message;
}
constexpr std::size_t kCodeCount = sizeof(kCodeKinds) / sizeof(kCodeKinds[0]);

// The messages of this build, evaluated at compile time only: the pointers never reach the image.
struct MessagesInBuild {
  const char* of[kCodeCount];
};
constexpr MessagesInBuild messages_in_build() {
  return {{
#define WRT_X(id, kind, message) message_in_build(ErrorCode::id, message),
      WRT_ERROR_CODES(WRT_X)
#undef WRT_X
  }};
}

// The messages as one block of text with a 16-bit offset per code, not an array of pointers:
// half the flash for the table (88 codes: 176 bytes instead of 352 on a 32-bit target).
struct MessageTable {
  static constexpr std::size_t kTextSize = [] {
    std::size_t size = 0;
    for (const char* m : messages_in_build().of) {
      while (*m++ != '\0') ++size;
      ++size;  // its terminator
    }
    return size;
  }();
  static_assert(kTextSize <= 0xFFFF, "error messages outgrew 16-bit offsets");

  std::uint16_t offsets[kCodeCount] = {};
  char text[kTextSize] = {};
};

constexpr MessageTable kCodeMessages = [] {
  const MessagesInBuild messages = messages_in_build();
  MessageTable table;
  std::size_t at = 0;
  for (std::size_t i = 0; i < kCodeCount; ++i) {
    table.offsets[i] = static_cast<std::uint16_t>(at);
    for (const char* m = messages.of[i]; *m != '\0'; ++m) table.text[at++] = *m;
    table.text[at++] = '\0';
  }
  return table;
}();
// Each name its own array (not a literal, which would share a section with the messages).
#define WRT_X(id, kind, message) constexpr char kName_##id[] = #id;
WRT_ERROR_CODES(WRT_X)
#undef WRT_X
constexpr const char* kCodeNames[] = {
#define WRT_X(id, kind, message) kName_##id,
    WRT_ERROR_CODES(WRT_X)
#undef WRT_X
};

std::size_t index_of(ErrorCode code) noexcept {
  auto index = static_cast<std::size_t>(code);
  WRT_CHECK(index < kCodeCount, "ErrorCode out of range");
  return index;
}

}  // namespace

ErrorKind kind_of(ErrorCode code) noexcept { return kCodeKinds[index_of(code)]; }
const char* default_message(ErrorCode code) noexcept {
  return kCodeMessages.text + kCodeMessages.offsets[index_of(code)];
}
const char* name_of(ErrorCode code) noexcept { return kCodeNames[index_of(code)]; }

const char* name_of(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::malformed: return "malformed";
    case ErrorKind::invalid: return "invalid";
    case ErrorKind::unlinkable: return "unlinkable";
    case ErrorKind::trap: return "trap";
    case ErrorKind::exception: return "exception";
    case ErrorKind::exhaustion: return "exhaustion";
    case ErrorKind::limit: return "limit";
    case ErrorKind::host: return "host";
    case ErrorKind::io: return "io";
    case ErrorKind::usage: return "usage";
  }
  return "unknown";
}

Error& Error::with_context(const char* text, std::uint32_t number) & noexcept {
  std::size_t slot = context_count_;
  if (slot == kMaxContexts) {
    slot = kMaxContexts - 1;
    contexts_truncated_ = true;
  } else {
    ++context_count_;
  }
  context_text_[slot] = text != nullptr ? text : "";
  context_number_[slot] = number;
  return *this;
}

Error& Error::append_detail(std::string_view text) & noexcept {
  static constexpr std::string_view kEllipsis = "...";
  std::size_t room = kDetailCapacity - detail_length_;
  if (text.size() <= room) {
    std::memcpy(detail_ + detail_length_, text.data(), text.size());
    detail_length_ = static_cast<std::uint8_t>(detail_length_ + text.size());
    return *this;
  }
  // Cut, and make the cut visible. If even the ellipsis does not fit, the detail was already cut.
  if (room >= kEllipsis.size()) {
    std::size_t keep = room - kEllipsis.size();
    std::memcpy(detail_ + detail_length_, text.data(), keep);
    std::memcpy(detail_ + detail_length_ + keep, kEllipsis.data(), kEllipsis.size());
    detail_length_ = static_cast<std::uint8_t>(kDetailCapacity);
  }
  return *this;
}

Error& Error::with_subject(std::string_view text) & noexcept {
  static constexpr std::string_view kEllipsis = "...";
  // Drop the old subject.
  const std::size_t old_detail = detail_length_ - subject_length_;
  std::memmove(detail_, detail_ + subject_length_, old_detail);
  detail_length_ = static_cast<std::uint8_t>(old_detail);
  subject_length_ = 0;
  // What the detail leaves, but at least half the buffer; a longer subject keeps its end.
  const std::size_t limit = kDetailCapacity - detail_length_ > kDetailCapacity / 2 ? kDetailCapacity - detail_length_
                                                                                   : kDetailCapacity / 2;
  const bool cut = text.size() > limit;
  const std::string_view kept = cut ? text.substr(text.size() - (limit - kEllipsis.size())) : text;
  const std::size_t length = kept.size() + (cut ? kEllipsis.size() : 0);
  // Room for it before the detail, cutting the detail's end if needed.
  std::size_t detail_kept = detail_length_;
  if (detail_kept + length > kDetailCapacity) {
    detail_kept = kDetailCapacity - length;
    if (detail_kept >= kEllipsis.size()) std::memcpy(detail_ + detail_kept - kEllipsis.size(), kEllipsis.data(), kEllipsis.size());
  }
  std::memmove(detail_ + length, detail_, detail_kept);
  if (cut) std::memcpy(detail_, kEllipsis.data(), kEllipsis.size());
  std::memcpy(detail_ + (cut ? kEllipsis.size() : 0), kept.data(), kept.size());
  subject_length_ = static_cast<std::uint8_t>(length);
  detail_length_ = static_cast<std::uint8_t>(length + detail_kept);
  subject_position_ = context_count_;
  return *this;
}

Error& Error::append_detail_number(std::uint64_t value) & noexcept {
  char digits[21];
  TextWriter writer(digits, sizeof digits);
  writer.put_decimal(value);
  std::size_t length = writer.finish();
  return append_detail(std::string_view(digits, length));
}

std::size_t Error::format(char* buffer, std::size_t size) const noexcept {
  TextWriter out(buffer, size);
  // Outermost context first, as a reader follows it: "while loading x: in function 3: ...";
  // the subject between the contexts added after it and those that were there.
  const auto put_subject = [&] {
    out.put_escaped(subject());
    out.put(": ");
  };
  const std::size_t subject_at = subject_position_ < context_count_ ? subject_position_ : context_count_;
  for (std::size_t i = context_count_; i-- > 0;) {
    if (subject_length_ > 0 && i + 1 == subject_at) put_subject();
    out.put(context_text_[i]);
    if (context_number_[i] != kNoNumber) {
      out.put(" ");
      out.put_decimal(context_number_[i]);
    }
    out.put(i + 1 == context_count_ && contexts_truncated_ ? ": ...: " : ": ");
  }
  if (subject_length_ > 0 && subject_at == 0) put_subject();
  out.put(message());
  if (detail_length_ > subject_length_) {  // names and paths from outside: escaped for the terminal
    out.put(": ");
    out.put_escaped(detail());
  }
  if (has_offset()) {
    out.put(" (at byte offset ");
    out.put_decimal(offset_);
    out.put(")");
  }
  return out.finish();
}

}  // namespace wrt
