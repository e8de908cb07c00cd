// Hand-built component binaries for unit tests: sections from raw payload bytes.
#pragma once

#include <utility>

#include "support/wasm_builder.hpp"

namespace wrt::test {

// Component section ids (Binary.md).
enum ComponentSection : std::uint8_t {
  kCustomSection = 0,
  kCoreModuleSection = 1,
  kCoreInstanceSection = 2,
  kCoreTypeSection = 3,
  kComponentSection = 4,
  kInstanceSection = 5,
  kAliasSection = 6,
  kTypeSection = 7,
  kCanonSection = 8,
  kStartSection = 9,
  kImportSection = 10,
  kExportSection = 11,
  kValueSection = 12,
};

class ComponentBuilder {
 public:
  ComponentBuilder() : bytes_{0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00} {}

  ComponentBuilder& section(std::uint8_t id, const ByteVec& payload) {
    bytes_.push_back(id);
    ByteVec size = leb(payload.size());
    bytes_.insert(bytes_.end(), size.begin(), size.end());
    bytes_.insert(bytes_.end(), payload.begin(), payload.end());
    return *this;
  }
  // A vector section: the count, then the items.
  ComponentBuilder& items(std::uint8_t id, std::initializer_list<ByteVec> items) {
    ByteVec payload = leb(items.size());
    for (const ByteVec& item : items) payload.insert(payload.end(), item.begin(), item.end());
    return section(id, payload);
  }
  ComponentBuilder& nested(const ComponentBuilder& inner) { return section(kComponentSection, inner.bytes()); }
  ComponentBuilder& core_module(const ByteVec& module) { return section(kCoreModuleSection, module); }
  [[nodiscard]] const ByteVec& bytes() const { return bytes_; }
  [[nodiscard]] std::size_t size() const { return bytes_.size(); }

 private:
  ByteVec bytes_;
};

// Pieces of the binary format.
inline ByteVec plain_name(std::string_view text) { return cat({{0x00}, name(text)}); }  // nameattributes 0x00
// externtype (func (type i)), (instance (type i)), (type (sub resource)), (type (eq i))
inline ByteVec func_desc(std::uint32_t type) { return cat({{0x01}, leb(type)}); }
inline ByteVec instance_desc(std::uint32_t type) { return cat({{0x05}, leb(type)}); }
inline ByteVec component_desc(std::uint32_t type) { return cat({{0x04}, leb(type)}); }
inline ByteVec sub_resource_desc() { return {0x03, 0x01}; }
inline ByteVec eq_type_desc(std::uint32_t type) { return cat({{0x03, 0x00}, leb(type)}); }
// (func (param "p" t)* (result r)?) with value types given as encoded valtypes.
inline ByteVec func_params(std::initializer_list<std::pair<std::string_view, ByteVec>> params) {
  ByteVec out = leb(params.size());
  out.insert(out.begin(), 0x40);
  for (const auto& [label, type] : params) {
    ByteVec n = name(label);
    out.insert(out.end(), n.begin(), n.end());
    out.insert(out.end(), type.begin(), type.end());
  }
  return out;
}
inline ByteVec func_type(std::initializer_list<std::pair<std::string_view, ByteVec>> params) {
  ByteVec out = func_params(params);
  out.push_back(0x01);
  out.push_back(0x00);
  return out;
}
inline ByteVec func_type(std::initializer_list<std::pair<std::string_view, ByteVec>> params, const ByteVec& result) {
  ByteVec out = func_params(params);
  out.push_back(0x00);
  out.insert(out.end(), result.begin(), result.end());
  return out;
}
// Encoded primitive value types.
inline const ByteVec kU32 = {0x79};
inline const ByteVec kString = {0x73};
// A type index where a value type belongs: a non-negative SLEB128 (the negative ones are the
// primitive types), so indices from 64 up take two bytes.
inline ByteVec type_index(std::uint32_t i) {
  ByteVec out;
  std::int64_t value = i;
  for (;;) {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    bool done = value == 0 && (byte & 0x40) == 0;
    out.push_back(static_cast<std::uint8_t>(byte | (done ? 0 : 0x80)));
    if (done) return out;
  }
}

}  // namespace wrt::test
