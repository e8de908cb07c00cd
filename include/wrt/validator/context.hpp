// What validating a function needs to know about its module beyond the ModuleDescription itself.
#pragma once

#include <cstdint>

#include <wrt/decoder/decoder.hpp>
#include <wrt/decoder/module.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt {

struct ValidationContext {
  ValidationContext(const ModuleDescription& m, const DecodeOptions& options) noexcept
      : module(m), features(options.features), limits(options.limits), declared_references(m.allocator()) {}

  const ModuleDescription& module;
  Features features;
  DecodeLimits limits;
  // One bit per function: may `ref.func` name it in code? (The spec's C.refs: functions that
  // occur in element segments, global initializers or exports.)
  Vec<std::uint8_t> declared_references;

  [[nodiscard]] bool is_declared_reference(std::uint32_t function) const noexcept {
    std::size_t byte = function / 8;
    return byte < declared_references.size() && ((declared_references[byte] >> (function % 8)) & 1) != 0;
  }
};

}  // namespace wrt
