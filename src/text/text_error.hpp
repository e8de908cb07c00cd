// The one error of the text layer: a message at a byte offset of the source; line and column
// are worked out when it is reported.
#pragma once

#include <cstddef>
#include <string>

namespace wrt::text {

struct TextError {
  std::size_t offset;
  std::string message;
  bool in_custom_annotation = false;  // the module is fine; an annotation that makes a custom section is not
};

[[noreturn]] inline void fail_at(std::size_t offset, std::string message) {
  throw TextError{offset, std::move(message)};
}

[[noreturn]] inline void fail_in_annotation_at(std::size_t offset, std::string message) {
  throw TextError{offset, std::move(message), true};
}

}  // namespace wrt::text
