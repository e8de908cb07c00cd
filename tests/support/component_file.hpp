// Tests on a checked-in component file (tests/component/data, examples): its bytes, and a
// fixture that loads and instantiates it before each test (test-harness code).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "support/component_harness.hpp"

namespace wrt::test {

// The bytes of the file at `path`; a test failure when it cannot be read.
inline ByteVec read_component_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The component at `path`, loaded and instantiated without imports for each test (`h`).
class InstantiatedComponent : public ::testing::Test {
 protected:
  explicit InstantiatedComponent(const std::string& path) : h(read_component_file(path)), path_(path) {}

  void SetUp() override {
    Result<void> loaded = h.load();
    ASSERT_TRUE(loaded) << text_of(loaded.error()) << " (" << path_ << ")";
    Result<void> made = h.instantiate();
    ASSERT_TRUE(made) << text_of(made.error());
  }
  // The type of parameter 0 of export `name` (kNoType, and a test failure, without that export).
  component::TypeId param_type(std::string_view name) {
    const component::RuntimeEntity* f = h.find(name);
    EXPECT_NE(f, nullptr) << name;
    if (f == nullptr) return component::kNoType;
    const component::TypeArena& types = h.runtime().types();
    return types.items(types.peeled(f->type))[0].type;
  }

  Harness h;

 private:
  std::string path_;
};

}  // namespace wrt::test
