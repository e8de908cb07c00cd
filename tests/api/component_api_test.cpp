// The component embedding API (wrt/api/component.hpp): host functions from C++ signatures,
// typed and dynamic calls, wrong signatures refused with both types named, host resources.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <string>

#include "support/component_builder.hpp"

namespace {

using namespace wrt;
using namespace wrt::test;

// A component importing `host` (an instance with `add: func(a: u32, b: u32) -> u32`) and
// exporting `compute: func(x: u32) -> u32` = add(x, 10), through a core module.
ByteVec adder_component() {
  // (module (import "host" "add" (func (param i32 i32) (result i32)))
  //         (func (export "compute") (param i32) (result i32) local.get 0 i32.const 10 call 0))
  WasmBuilder core;
  core.section(1, {0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7F, 0x01, 0x7F});
  core.section(2, cat({{0x01}, name("host"), name("add"), {0x00, 0x00}}));
  core.section(3, {0x01, 0x01});
  core.section(7, cat({{0x01}, name("compute"), {0x00, 0x01}}));
  ByteVec body = {0x00, 0x20, 0x00, 0x41, 0x0A, 0x10, 0x00, 0x0B};
  core.section(10, cat({{0x01}, leb(body.size()), body}));

  ComponentBuilder b;
  // type 0: the instance type (instance (type (func (param "a" u32) (param "b" u32) (result u32)))
  //                                      (export "add" (func (type 0))))
  ByteVec add_type = func_type({{"a", kU32}, {"b", kU32}}, kU32);
  b.items(kTypeSection, {cat({{0x42, 0x02, 0x01}, add_type, {0x04}, plain_name("add"), func_desc(0)})});
  b.items(kImportSection, {cat({plain_name("host"), instance_desc(0)})});           // instance 0
  b.items(kAliasSection, {cat({{0x01, 0x00, 0x00}, name("add")})});                 // func 0 = host.add
  b.items(kCanonSection, {{0x01, 0x00, 0x00, 0x00}});                               // core func 0 = lower func 0
  b.items(kCoreInstanceSection, {cat({{0x01, 0x01}, name("add"), {0x00, 0x00}})}); // core instance 0 {add}
  b.core_module(core.bytes());                                                       // core module 0
  b.items(kCoreInstanceSection, {cat({{0x00, 0x00, 0x01}, name("host"), {0x12, 0x00}})});  // core instance 1
  b.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x01}, name("compute")})});      // core func 1
  b.items(kTypeSection, {func_type({{"x", kU32}}, kU32)});                           // type 1
  b.items(kCanonSection, {{0x00, 0x00, 0x01, 0x00, 0x01}});                         // func 1 = lift core func 1 (type 1)
  b.items(kExportSection, {cat({plain_name("compute"), {0x01, 0x01, 0x00}})});      // export compute
  return b.bytes();
}

TEST(ComponentApi, TypedHostFunctionAndTypedExport) {
  auto component = Component::from_bytes(adder_component());
  ASSERT_TRUE(component) << to_string(component.error());
  ASSERT_EQ(component->imports().size(), 1u);
  EXPECT_EQ(component->imports()[0].name, "host");
  EXPECT_NE(component->imports()[0].wit.find("add: func(a: u32, b: u32) -> u32"), std::string::npos)
      << component->imports()[0].wit;
  ASSERT_EQ(component->exports().size(), 1u);
  EXPECT_EQ(component->exports()[0].wit, "func(x: u32) -> u32");

  int calls = 0;
  ComponentImports imports;
  imports.define("host", "add", [&](std::uint32_t a, std::uint32_t b) {
    ++calls;
    return a + b;
  });
  auto instance = component->instantiate(imports);
  ASSERT_TRUE(instance) << to_string(instance.error());

  auto compute = instance->typed_func<std::uint32_t(std::uint32_t)>("compute");
  ASSERT_TRUE(compute) << to_string(compute.error());
  auto r = (*compute)(32);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(*r, 42u);
  EXPECT_EQ(calls, 1);

  std::vector<ComponentValue> args;
  args.push_back(ComponentValue::u32(5));
  auto dynamic = instance->call("compute", std::move(args));
  ASSERT_TRUE(dynamic) << to_string(dynamic.error());
  ASSERT_EQ(dynamic->size(), 1u);
  EXPECT_EQ((*dynamic)[0].as_unsigned(), 15u);
}

TEST(ComponentApi, WrongSignaturesNameBothTypes) {
  auto component = Component::from_bytes(adder_component());
  ASSERT_TRUE(component);
  {
    ComponentImports imports;
    imports.define("host", "add", [](std::string_view s) { return static_cast<std::uint32_t>(s.size()); });
    auto instance = component->instantiate(imports);
    ASSERT_FALSE(instance);
    std::string text = to_string(instance.error());
    EXPECT_NE(text.find("func(string) -> u32"), std::string::npos) << text;
    EXPECT_NE(text.find("func(a: u32, b: u32) -> u32"), std::string::npos) << text;
    EXPECT_NE(text.find("host#add"), std::string::npos) << text;
  }
  {
    ComponentImports imports;  // nothing defined: the missing import is named
    auto instance = component->instantiate(imports);
    ASSERT_FALSE(instance);
    EXPECT_EQ(instance.error().kind(), ErrorKind::unlinkable);
    EXPECT_NE(to_string(instance.error()).find("host#add"), std::string::npos);
  }
  ComponentImports imports;
  imports.define("host", "add", [](std::uint32_t a, std::uint32_t b) { return a * b; });
  auto instance = component->instantiate(imports);
  ASSERT_TRUE(instance);
  auto wrong = instance->typed_func<std::string(std::uint32_t)>("compute");
  ASSERT_FALSE(wrong);
  EXPECT_NE(to_string(wrong.error()).find("func(u32) -> string"), std::string::npos);
  auto missing = instance->typed_func<std::uint32_t(std::uint32_t)>("nothing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::unknown_export);
  // Arguments of the wrong type in a dynamic call are an error, not a crash.
  std::vector<ComponentValue> bad;
  bad.push_back(ComponentValue::boolean(true));
  auto r = instance->call("compute", std::move(bad));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::usage);
}

TEST(ComponentApi, HostErrorsTrapTheCaller) {
  auto component = Component::from_bytes(adder_component());
  ASSERT_TRUE(component);
  ComponentImports imports;
  imports.define("host", "add", [](std::uint32_t, std::uint32_t) -> Result<std::uint32_t> {
    return Error(ErrorCode::host_error, "the host says no");
  });
  auto instance = component->instantiate(imports);
  ASSERT_TRUE(instance);
  auto compute = instance->typed_func<std::uint32_t(std::uint32_t)>("compute");
  ASSERT_TRUE(compute);
  auto r = (*compute)(1);
  ASSERT_FALSE(r);
  EXPECT_NE(to_string(r.error()).find("the host says no"), std::string::npos);
}

}  // namespace
