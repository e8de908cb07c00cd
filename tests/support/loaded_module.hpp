// A test module from the runtime tests' wasm directory (WRT_TEST_WASM_DIR, assembled from
// tests/runtime/wat at build time), decoded, validated and compiled, ready to instantiate; and
// the lookup of an exported function. Shared by the runtime tests. Test-harness code only.
#pragma once

#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/store.hpp>
#include <wrt/validator/validator.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/test_allocator.hpp"

namespace wrt::test {

// The bytes of WRT_TEST_WASM_DIR/<name>.wasm (empty when the file cannot be read).
inline std::vector<std::uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One module, decoded, validated and ready to instantiate (failures are test failures).
struct Loaded {
  explicit Loaded(const std::string& name) : bytes(read_wasm(name)), module(allocator()) {
    EXPECT_FALSE(bytes.empty()) << name;
    auto r = decode_and_validate(Bytes(bytes.data(), bytes.size()), {}, module);
    EXPECT_TRUE(r) << name;
    auto c = ModuleCode::create(module, {}, allocator());
    EXPECT_TRUE(c);
    code = c ? *c : nullptr;
  }
  ~Loaded() { ModuleCode::destroy(code); }
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;
  std::vector<std::uint8_t> bytes;
  ModuleDescription module;
  ModuleCode* code = nullptr;
};

// The function `instance` exports as `name`, or null.
inline FunctionInstance* export_function(Instance* instance, const char* name) {
  ExternVal value;
  if (instance == nullptr || !instance->find_export(name, value)) return nullptr;
  return value.as_function();
}

}  // namespace wrt::test
