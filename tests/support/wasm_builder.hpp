// Hand-built WebAssembly binaries for unit tests: sections from raw payload bytes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace wrt::test {

using ByteVec = std::vector<std::uint8_t>;

inline ByteVec leb(std::uint64_t value) {
  ByteVec out;
  do {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    out.push_back(static_cast<std::uint8_t>(byte | (value != 0 ? 0x80 : 0)));
  } while (value != 0);
  return out;
}

inline ByteVec name(std::string_view text) {
  ByteVec out = leb(text.size());
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

inline ByteVec cat(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const ByteVec& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

class WasmBuilder {
 public:
  WasmBuilder() : bytes_{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00} {}

  WasmBuilder& section(std::uint8_t id, const ByteVec& payload) {
    bytes_.push_back(id);
    ByteVec size = leb(payload.size());
    bytes_.insert(bytes_.end(), size.begin(), size.end());
    bytes_.insert(bytes_.end(), payload.begin(), payload.end());
    return *this;
  }
  // A type section with one type () -> () and a function section with `count` functions of it.
  WasmBuilder& void_functions(std::uint32_t count) {
    section(1, {0x01, 0x60, 0x00, 0x00});
    ByteVec funcs = leb(count);
    for (std::uint32_t i = 0; i < count; ++i) funcs.push_back(0x00);
    return section(3, funcs);
  }
  // A code section from bodies given as instruction bytes (no locals, `end` appended).
  WasmBuilder& code(std::initializer_list<ByteVec> bodies) {
    ByteVec payload = leb(bodies.size());
    for (const ByteVec& body : bodies) {
      ByteVec full = {0x00};  // no local groups
      full.insert(full.end(), body.begin(), body.end());
      full.push_back(0x0B);
      ByteVec size = leb(full.size());
      payload.insert(payload.end(), size.begin(), size.end());
      payload.insert(payload.end(), full.begin(), full.end());
    }
    return section(10, payload);
  }
  [[nodiscard]] const ByteVec& bytes() const { return bytes_; }
  // Offset the next section would start at (for checking error offsets).
  [[nodiscard]] std::size_t size() const { return bytes_.size(); }

 private:
  ByteVec bytes_;
};

}  // namespace wrt::test
