// The component binary reader (wrt/component/binary.hpp): what it accepts, what it refuses and
// where it says the problem is.
#include <wrt/component/binary.hpp>

#include <gtest/gtest.h>

#include "support/component_builder.hpp"
#include "support/test_allocator.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;

Result<void> decode(const ByteVec& bytes, ComponentDescription& out, const ComponentDecodeOptions& options = {}) {
  return decode_component(Bytes(bytes.data(), bytes.size()), options, out);
}

TEST(ComponentBinary, EmptyComponent) {
  ComponentBuilder b;
  ComponentDescription d(allocator());
  ASSERT_TRUE(decode(b.bytes(), d));
  ASSERT_EQ(d.components.size(), 1u);
  EXPECT_EQ(d.root().count, 0u);
  EXPECT_EQ(d.root().end, 8u);
  EXPECT_TRUE(looks_like_component(Bytes(b.bytes().data(), b.bytes().size())));
}

TEST(ComponentBinary, PreambleErrors) {
  ComponentDescription d(allocator());
  ByteVec bad_magic = {0x00, 0x61, 0x73, 0x6E, 0x0D, 0x00, 0x01, 0x00};
  auto r = decode(bad_magic, d);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::bad_magic);

  ComponentDescription d2(allocator());
  ByteVec core_module = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  r = decode(core_module, d2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
  EXPECT_EQ(r.error().offset(), 4u);

  ComponentDescription d3(allocator());
  ByteVec other_version = {0x00, 0x61, 0x73, 0x6D, 0x0C, 0x00, 0x01, 0x00};
  r = decode(other_version, d3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::bad_version);

  ComponentDescription d4(allocator());
  ByteVec truncated = {0x00, 0x61, 0x73, 0x6D, 0x0D};
  r = decode(truncated, d4);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
}

TEST(ComponentBinary, SectionErrorsHaveOffsets) {
  {
    ComponentBuilder b;
    b.section(13, {});
    ComponentDescription d(allocator());
    auto r = decode(b.bytes(), d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::malformed_section_id);
    EXPECT_EQ(r.error().offset(), 8u);
  }
  {
    // A type section whose size says 5 bytes, holding a 3-byte vector: size mismatch.
    ComponentBuilder b;
    b.section(kTypeSection, {0x01, 0x79, 0x00, 0x00, 0x00});
    ComponentDescription d(allocator());
    auto r = decode(b.bytes(), d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::section_size_mismatch);
    EXPECT_EQ(r.error().offset(), 12u);
  }
  {
    // A section size past the end of the binary.
    ByteVec bytes = ComponentBuilder().bytes();
    bytes.insert(bytes.end(), {kTypeSection, 0x10, 0x01});
    ComponentDescription d(allocator());
    auto r = decode(bytes, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
    EXPECT_EQ(r.error().offset(), 8u);
  }
}

TEST(ComponentBinary, InvalidLeadingBytesAreMalformed) {
  struct Case {
    std::uint8_t section;
    ByteVec payload;
  };
  const Case cases[] = {
      {kTypeSection, {0x01, 0x62}},                       // no such type constructor
      {kTypeSection, {0x01, 0x40, 0x00, 0x02}},           // results: neither 0x00 nor 0x01
      {kTypeSection, {0x01, 0x71, 0x01, 0x01, 'a', 0x00, 0x01}},  // case must end in 0x00
      {kCanonSection, {0x01, 0x2e}},                      // no such canonical built-in
      {kCanonSection, {0x01, 0x00, 0x01, 0x00, 0x00, 0x00}},  // lift of a non-func sort
      {kCanonSection, {0x01, 0x01, 0x00, 0x00, 0x01, 0x0a}},  // no such option
      {kAliasSection, {0x01, 0x01, 0x03, 0x00, 0x00}},    // no such alias target
      {kAliasSection, {0x01, 0x05, 0x02, 0x00, 0x00}},    // instances cannot be aliased from outside
      {kImportSection, {0x01, 0x03, 0x01, 'a', 0x01, 0x00}},  // no such name form
      {kImportSection, {0x01, 0x00, 0x01, 'a', 0x06, 0x00}},  // no such extern kind
      {kImportSection, {0x01, 0x00, 0x01, 'a', 0x03, 0x02}},  // no such type bound
      {kCoreInstanceSection, {0x01, 0x02}},               // no such core instance form
      {kInstanceSection, {0x01, 0x02}},                   // no such instance form
  };
  for (const Case& c : cases) {
    ComponentBuilder b;
    b.section(c.section, c.payload);
    ComponentDescription d(allocator());
    auto r = decode(b.bytes(), d);
    ASSERT_FALSE(r) << "section " << int(c.section);
    EXPECT_EQ(r.error().kind(), ErrorKind::malformed) << "section " << int(c.section);
    EXPECT_TRUE(r.error().has_offset());
  }
}

TEST(ComponentBinary, DecodesTypesNamesAndCanon) {
  ComponentBuilder b;
  // type 0: (record (field "x" u32) (field "y" string)); type 1: (list 0); type 2: (func (param "r" 0) (result 1))
  b.items(kTypeSection, {cat({{0x72, 0x02}, name("x"), kU32, name("y"), kString}),
                         {0x70, 0x00},
                         func_type({{"r", type_index(0)}}, ByteVec{0x01})});
  // (import "f" (implements "a:b/c") (external-id "id") (func (type 2)))
  b.items(kImportSection, {cat({{0x02}, name("f"), {0x02, 0x00}, name("a:b/c"), {0x02}, name("id"), func_desc(2)})});
  // (canon lower (func 0) string-encoding=utf16 (memory 0) (core func))
  b.items(kCanonSection, {{0x01, 0x00, 0x00, 0x02, 0x01, 0x03, 0x00}});
  ComponentDescription d(allocator());
  ASSERT_TRUE(decode(b.bytes(), d));
  ASSERT_EQ(d.root().count, 5u);
  ASSERT_EQ(d.types.size(), 3u);
  const TypeDef& record = d.types[0];
  EXPECT_EQ(record.kind, TypeKind::record);
  ASSERT_EQ(record.count, 2u);
  EXPECT_EQ(d.labeled[record.first].label, "x");
  EXPECT_EQ(d.labeled[record.first + 1].type, ValTypeRef::primitive(Primitive::string));
  EXPECT_EQ(d.types[1].kind, TypeKind::list);
  EXPECT_EQ(d.types[1].a, ValTypeRef::index(0));
  EXPECT_EQ(d.types[2].kind, TypeKind::func);
  EXPECT_TRUE(d.types[2].has_a);
  ASSERT_EQ(d.imports.size(), 1u);
  const ImportDef& import = d.imports[0];
  EXPECT_EQ(import.name.name, "f");
  EXPECT_TRUE(import.name.has_implements);
  EXPECT_EQ(import.name.implements, "a:b/c");
  EXPECT_EQ(import.name.external_id, "id");
  EXPECT_FALSE(import.name.duplicate_attribute);
  EXPECT_EQ(import.desc.kind, component::ExternKind::func);
  EXPECT_EQ(import.desc.index, 2u);
  ASSERT_EQ(d.canons.size(), 1u);
  EXPECT_EQ(d.canons[0].kind, CanonKind::lower);
  ASSERT_EQ(d.canons[0].option_count, 2u);
  EXPECT_EQ(d.options[d.canons[0].first_option].kind, CanonOptionKind::utf16);
  EXPECT_EQ(d.options[d.canons[0].first_option + 1].kind, CanonOptionKind::memory);
}

TEST(ComponentBinary, DuplicateAttributeIsLeftForValidation) {
  ComponentBuilder b;
  b.items(kImportSection, {cat({{0x02}, name("f"), {0x02, 0x02}, name("x"), {0x02}, name("y"), func_desc(0)})});
  ComponentDescription d(allocator());
  ASSERT_TRUE(decode(b.bytes(), d));
  EXPECT_TRUE(d.imports[0].name.duplicate_attribute);
}

// Components nest to the configured limit, no further; the error is a limit, not a crash.
TEST(ComponentBinary, NestingIsBounded) {
  auto nested = [](unsigned depth) {
    ComponentBuilder inner;
    for (unsigned i = 0; i < depth; ++i) {
      ComponentBuilder outer;
      outer.nested(inner);
      inner = outer;
    }
    return inner.bytes();
  };
  ComponentDecodeOptions options;
  options.limits.max_nesting = 50;
  ComponentDescription ok(allocator());
  ASSERT_TRUE(decode(nested(50), ok, options));
  EXPECT_EQ(ok.components.size(), 51u);
  ComponentDescription deep(allocator());
  auto r = decode(nested(51), deep, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::limit_exceeded);
}

// A declared count far beyond the bytes is an error, never an allocation the size of the count.
class CappedHeap final : public AllocatorImpl<CappedHeap> {
 public:
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    if (size > 1 << 20) return nullptr;  // would be a lying count
    largest = size > largest ? size : largest;
    return allocator().allocate(size, alignment);
  }
  void do_deallocate(void* p, std::size_t size, std::size_t alignment) noexcept { allocator().deallocate(p, size, alignment); }
  std::size_t largest = 0;
};

TEST(ComponentBinary, LyingCountsAllocateNothingLarge) {
  const ByteVec lies[] = {
      cat({{kTypeSection, 0x06}, leb(0xFFFFFFFF), {0x79}}),        // 2^32-1 types, one byte of them
      cat({{kTypeSection, 0x07, 0x01, 0x72}, leb(0x0FFFFFFF)}),    // a record of 2^28 fields
      cat({{kCanonSection, 0x09, 0x01, 0x01, 0x00, 0x00}, leb(0x0FFFFFFF)}),  // 2^28 options
  };
  for (const ByteVec& lie : lies) {
    ByteVec bytes = ComponentBuilder().bytes();
    bytes.insert(bytes.end(), lie.begin(), lie.end());
    CappedHeap heap;
    ComponentDescription d(heap);
    auto r = decode(bytes, d);
    ASSERT_FALSE(r);  // malformed (the bytes end) or a limit (the count is beyond one)
    EXPECT_TRUE(r.error().kind() == ErrorKind::malformed || r.error().kind() == ErrorKind::limit);
    EXPECT_LT(heap.largest, 4096u);
  }
}

// A core module inside a component goes to the core decoder; its errors carry offsets in the
// component's bytes.
TEST(ComponentBinary, CoreModuleErrorsAreLocatedInTheComponent) {
  WasmBuilder module;
  module.section(1, {0x01, 0x61});  // a type that is not a function type
  ComponentBuilder b;
  b.core_module(module.bytes());
  ComponentDescription d(allocator());
  auto r = decode(b.bytes(), d);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
  // 8 (preamble) + 2 (section id and size) + 8 (module preamble) + 2 (type section header) + 1 (count)
  EXPECT_EQ(r.error().offset(), 21u);

  ComponentBuilder nested_layer;
  nested_layer.core_module(ComponentBuilder().bytes());  // a component where a module belongs
  ComponentDescription d2(allocator());
  r = decode(nested_layer.bytes(), d2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::malformed);
}

TEST(ComponentBinary, CustomSectionsAreKept) {
  ComponentBuilder b;
  b.section(kCustomSection, cat({name("component-name"), {0x00, 0x02, 0x01, 'c'}}));
  ComponentDescription d(allocator());
  ASSERT_TRUE(decode(b.bytes(), d));
  ASSERT_EQ(d.customs.size(), 1u);
  EXPECT_EQ(d.customs[0].name, "component-name");
  EXPECT_EQ(d.customs[0].data.size(), 4u);
}

}  // namespace
