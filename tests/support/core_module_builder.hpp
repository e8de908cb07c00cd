// Core WebAssembly modules for component tests: flat core types, instruction helpers and a
// module builder (types, imports, functions, memory, globals, exports, data), enough for the
// core code of generated components (component_gen.hpp). Test-harness code.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/wasm_builder.hpp"

namespace wrt::test::cgen {

enum class Flat : std::uint8_t { i32, i64, f32, f64 };
using FlatList = std::vector<Flat>;

inline std::uint8_t core_byte(Flat f) {
  switch (f) {
    case Flat::i32: return 0x7f;
    case Flat::i64: return 0x7e;
    case Flat::f32: return 0x7d;
    case Flat::f64: return 0x7c;
  }
  return 0x7f;
}

inline ByteVec sleb(std::int64_t value) {
  ByteVec out;
  for (;;) {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    bool done = (value == 0 && (byte & 0x40) == 0) || (value == -1 && (byte & 0x40) != 0);
    out.push_back(static_cast<std::uint8_t>(byte | (done ? 0 : 0x80)));
    if (done) return out;
  }
}

// Instruction helpers (appending to a body).
struct Code {
  ByteVec bytes;
  Code& op(std::initializer_list<std::uint8_t> b) {
    bytes.insert(bytes.end(), b.begin(), b.end());
    return *this;
  }
  Code& raw(const ByteVec& b) {
    bytes.insert(bytes.end(), b.begin(), b.end());
    return *this;
  }
  Code& i32_const(std::int64_t v) { return op({0x41}).raw(sleb(static_cast<std::int32_t>(v))); }
  Code& i64_const(std::int64_t v) { return op({0x42}).raw(sleb(v)); }
  Code& local_get(std::uint32_t i) { return op({0x20}).raw(leb(i)); }
  Code& local_set(std::uint32_t i) { return op({0x21}).raw(leb(i)); }
  Code& global_get(std::uint32_t i) { return op({0x23}).raw(leb(i)); }
  Code& global_set(std::uint32_t i) { return op({0x24}).raw(leb(i)); }
  Code& call(std::uint32_t f) { return op({0x10}).raw(leb(f)); }
  // Memory access with alignment hint 0 and a static offset.
  Code& mem(std::uint8_t opcode, std::uint32_t offset) { return op({opcode, 0x00}).raw(leb(offset)); }
  Code& i32_load(std::uint32_t offset) { return mem(0x28, offset); }
  Code& i32_store(std::uint32_t offset) { return mem(0x36, offset); }
  Code& i64_store(std::uint32_t offset) { return mem(0x37, offset); }
  Code& i32_store8(std::uint32_t offset) { return mem(0x3a, offset); }
  // *(u32*)address = value
  Code& store_u32(std::uint32_t address, std::int64_t value) { return i32_const(0).i32_const(value).i32_store(address); }
  Code& end() { return op({0x0b}); }
};

// One function of a core module: its type, extra locals and body (without the final `end`).
struct CoreFunc {
  FlatList params;
  FlatList results;
  FlatList locals;
  ByteVec body;
};

class CoreModuleBuilder {
 public:
  std::uint32_t type(const FlatList& params, const FlatList& results) {
    for (std::uint32_t i = 0; i < types_.size(); ++i) {
      if (types_[i].first == params && types_[i].second == results) return i;
    }
    types_.push_back({params, results});
    return static_cast<std::uint32_t>(types_.size() - 1);
  }
  std::uint32_t import_func(const std::string& module, const std::string& name, const FlatList& params, const FlatList& results) {
    if (!funcs_.empty()) throw std::logic_error("imports before functions");
    ByteVec item = cat({wrt::test::name(module), wrt::test::name(name), {0x00}, leb(type(params, results))});
    imports_.push_back(item);
    return imported_funcs_++;
  }
  void import_memory(const std::string& module, const std::string& name) {
    imports_.push_back(cat({wrt::test::name(module), wrt::test::name(name), {0x02, 0x00, 0x00}}));
  }
  std::uint32_t func(const CoreFunc& f) {
    func_types_.push_back(type(f.params, f.results));
    funcs_.push_back(f);
    return imported_funcs_ + static_cast<std::uint32_t>(funcs_.size() - 1);
  }
  void memory(std::uint32_t pages) { memory_pages_ = pages; }
  std::uint32_t global_i32(std::int32_t init) {
    globals_.push_back(init);
    return static_cast<std::uint32_t>(globals_.size() - 1);
  }
  void export_func(const std::string& name, std::uint32_t index) {
    exports_.push_back(cat({wrt::test::name(name), {0x00}, leb(index)}));
  }
  void export_memory(const std::string& name) { exports_.push_back(cat({wrt::test::name(name), {0x02, 0x00}})); }
  void data(std::uint32_t address, const ByteVec& bytes) { data_.push_back({address, bytes}); }

  [[nodiscard]] ByteVec bytes() const {
    WasmBuilder m;
    auto vec = [](const std::vector<ByteVec>& items) {
      ByteVec out = leb(items.size());
      for (const ByteVec& i : items) out.insert(out.end(), i.begin(), i.end());
      return out;
    };
    std::vector<ByteVec> types;
    for (const auto& [p, r] : types_) {
      ByteVec t = {0x60};
      t = cat({t, leb(p.size())});
      for (Flat f : p) t.push_back(core_byte(f));
      t = cat({t, leb(r.size())});
      for (Flat f : r) t.push_back(core_byte(f));
      types.push_back(t);
    }
    m.section(1, vec(types));
    if (!imports_.empty()) m.section(2, vec(imports_));
    std::vector<ByteVec> decls;
    for (std::uint32_t t : func_types_) decls.push_back(leb(t));
    m.section(3, vec(decls));
    if (memory_pages_ != 0) m.section(5, cat({{0x01, 0x00}, leb(memory_pages_)}));
    if (!globals_.empty()) {
      std::vector<ByteVec> globals;
      for (std::int32_t g : globals_) globals.push_back(cat({{0x7f, 0x01, 0x41}, sleb(g), {0x0b}}));
      m.section(6, vec(globals));
    }
    if (!exports_.empty()) m.section(7, vec(exports_));
    std::vector<ByteVec> bodies;
    for (const CoreFunc& f : funcs_) {
      ByteVec body = leb(f.locals.size());
      for (Flat l : f.locals) body = cat({body, {0x01, core_byte(l)}});
      body = cat({body, f.body, {0x0b}});
      bodies.push_back(cat({leb(body.size()), body}));
    }
    m.section(10, vec(bodies));
    if (!data_.empty()) {
      std::vector<ByteVec> segments;
      for (const auto& [address, bytes] : data_) {
        segments.push_back(cat({{0x00, 0x41}, sleb(static_cast<std::int32_t>(address)), {0x0b}, leb(bytes.size()), bytes}));
      }
      m.section(11, vec(segments));
    }
    return m.bytes();
  }

 private:
  std::vector<std::pair<FlatList, FlatList>> types_;
  std::vector<ByteVec> imports_;
  std::uint32_t imported_funcs_ = 0;
  std::vector<CoreFunc> funcs_;
  std::vector<std::uint32_t> func_types_;
  std::uint32_t memory_pages_ = 0;
  std::vector<std::int32_t> globals_;
  std::vector<ByteVec> exports_;
  std::vector<std::pair<std::uint32_t, ByteVec>> data_;
};

}  // namespace wrt::test::cgen
