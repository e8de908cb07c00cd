// The type arena (wrt/component/types.hpp): interning, canonical ABI sizes and flat types.
#include <wrt/component/types.hpp>

#include <gtest/gtest.h>

#include <vector>

#include "support/test_allocator.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;

class Types : public ::testing::Test {
 protected:
  TypeArena arena{test::allocator()};

  TypeId prim(Primitive p) { return *arena.primitive(p); }
  TypeId make(NodeKind kind, std::vector<TypeItem> items = {}, TypeId a = kNoType, TypeId b = kNoType,
              std::uint32_t length = 0) {
    TypeNode n;
    n.kind = kind;
    n.a = a;
    n.b = b;
    n.length = length;
    if (!items.empty()) {
      n.first = *arena.add_items(std::span<const TypeItem>(items.data(), items.size()));
      n.count = static_cast<std::uint32_t>(items.size());
    }
    return *arena.add_value_type(n);
  }
  std::vector<FlatType> flat(TypeId t) {
    const TypeNode& n = arena.peeled(t);
    return std::vector<FlatType>(n.flat32, n.flat32 + (n.flat_count32 < kMaxFlat ? n.flat_count32 : kMaxFlat));
  }
};

TEST_F(Types, PrimitiveLayout) {
  struct Expect {
    Primitive p;
    std::uint32_t size;
    FlatType flat;
  };
  for (Expect e : {Expect{Primitive::bool_, 1, FlatType::i32}, Expect{Primitive::u16, 2, FlatType::i32},
                   Expect{Primitive::s32, 4, FlatType::i32}, Expect{Primitive::u64, 8, FlatType::i64},
                   Expect{Primitive::f32, 4, FlatType::f32}, Expect{Primitive::f64, 8, FlatType::f64},
                   Expect{Primitive::char_, 4, FlatType::i32}}) {
    const TypeNode& n = arena[prim(e.p)];
    EXPECT_EQ(n.size32, e.size) << name_of(e.p);
    EXPECT_EQ(n.align32, e.size) << name_of(e.p);
    ASSERT_EQ(n.flat_count32, 1u);
    EXPECT_EQ(n.flat32[0], e.flat);
  }
  const TypeNode& s = arena[prim(Primitive::string)];
  EXPECT_EQ(s.size32, 8u);
  EXPECT_EQ(s.align32, 4u);
  EXPECT_EQ(s.size64, 16u);
  EXPECT_EQ(s.flat_count32, 2u);
  EXPECT_EQ(s.flat64[0], FlatType::i64);
  EXPECT_NE(s.flags & kHasStringOrList, 0u);
}

// CanonicalABI.md's layout rules for records and variants.
TEST_F(Types, RecordAndVariantLayout) {
  TypeId rec = make(NodeKind::record, {{"a", prim(Primitive::u8)}, {"b", prim(Primitive::u32)}, {"c", prim(Primitive::u16)}});
  EXPECT_EQ(arena[rec].size32, 12u);  // 1, pad to 4, 4, 2, pad to 4
  EXPECT_EQ(arena[rec].align32, 4u);
  EXPECT_EQ(flat(rec), (std::vector<FlatType>{FlatType::i32, FlatType::i32, FlatType::i32}));

  // (variant (case "a" u8) (case "b" f32) (case "c" u64) (case "d")): discriminant u8, payload 8.
  TypeId var = make(NodeKind::variant,
                    {{"a", prim(Primitive::u8)}, {"b", prim(Primitive::f32)}, {"c", prim(Primitive::u64)}, {"d", kNoType}});
  EXPECT_EQ(arena[var].size32, 16u);
  EXPECT_EQ(arena[var].align32, 8u);
  // i32 discriminant, then join(i32, f32, i64) = i64.
  EXPECT_EQ(flat(var), (std::vector<FlatType>{FlatType::i32, FlatType::i64}));

  TypeId opt = make(NodeKind::option, {}, prim(Primitive::f32));
  EXPECT_EQ(flat(opt), (std::vector<FlatType>{FlatType::i32, FlatType::f32}));
  EXPECT_EQ(arena[opt].size32, 8u);

  TypeId res = make(NodeKind::result, {}, prim(Primitive::string), kNoType);
  EXPECT_EQ(flat(res), (std::vector<FlatType>{FlatType::i32, FlatType::i32, FlatType::i32}));
  EXPECT_EQ(arena[res].size32, 12u);

  std::vector<TypeItem> many;
  for (int i = 0; i < 300; ++i) many.push_back({"x", kNoType});
  TypeId big_enum = make(NodeKind::enum_, many);
  EXPECT_EQ(arena[big_enum].size32, 2u);  // more than 256 cases: a u16 discriminant

  std::vector<TypeItem> flags(17, TypeItem{"f", kNoType});
  TypeId fl = make(NodeKind::flags, flags);
  EXPECT_EQ(arena[fl].size32, 4u);
  EXPECT_EQ(flat(fl), (std::vector<FlatType>{FlatType::i32}));
}

TEST_F(Types, FixedListsAndFlatSaturation) {
  TypeId fixed = make(NodeKind::fixed_list, {}, prim(Primitive::u16), kNoType, 3);
  EXPECT_EQ(arena[fixed].size32, 6u);
  EXPECT_EQ(arena[fixed].align32, 2u);
  EXPECT_EQ(arena[fixed].flat_count32, 3u);
  TypeId huge = make(NodeKind::fixed_list, {}, prim(Primitive::u64), kNoType, 0xFFFFFFFFu);
  EXPECT_GE(arena[huge].size64, std::uint64_t{1} << 28);  // validation refuses it
  EXPECT_EQ(arena[huge].flat_count32, kMaxFlat + 1);      // saturated, not 2^32
}

TEST_F(Types, StructuralEqualityAndResources) {
  TypeId l1 = make(NodeKind::list, {}, prim(Primitive::string));
  TypeId l2 = make(NodeKind::list, {}, prim(Primitive::string));
  EXPECT_NE(l1, l2);  // two identities...
  EXPECT_TRUE(arena.value_types_equal(l1, l2));  // ...of one type
  TypeId alias = *arena.add_alias(l1);
  EXPECT_TRUE(arena.value_types_equal(alias, l2));
  EXPECT_EQ(arena.peel(alias), l1);

  TypeId r1 = *arena.add_resource(ValType::i32, false, 0, 1);
  TypeId r2 = *arena.add_resource(ValType::i32, false, 0, 1);
  TypeId own1 = make(NodeKind::own, {}, r1);
  TypeId own1b = make(NodeKind::own, {}, *arena.add_alias(r1));
  TypeId own2 = make(NodeKind::own, {}, r2);
  EXPECT_TRUE(arena.value_types_equal(own1, own1b));
  EXPECT_FALSE(arena.value_types_equal(own1, own2));  // resources are generative
  TypeId borrow1 = make(NodeKind::borrow, {}, r1);
  EXPECT_FALSE(arena.value_types_equal(own1, borrow1));
  EXPECT_NE(arena[borrow1].flags & kHasBorrow, 0u);
  TypeId rec = make(NodeKind::record, {{"h", borrow1}});
  EXPECT_NE(arena[rec].flags & kHasBorrow, 0u);

  TypeId ra = make(NodeKind::record, {{"a", prim(Primitive::u32)}});
  TypeId rb = make(NodeKind::record, {{"b", prim(Primitive::u32)}});
  EXPECT_FALSE(arena.value_types_equal(ra, rb));  // labels are part of the type
}

// A value type nested 100,000 deep: properties come from the children at creation, so nothing
// walks the depth.
TEST_F(Types, DeepNestingIsConstantWorkPerType) {
  TypeId t = prim(Primitive::u8);
  for (int i = 0; i < 100000; ++i) t = make(i % 2 == 0 ? NodeKind::option : NodeKind::list, {}, t);
  EXPECT_EQ(arena[t].size32, 8u);  // the outermost is a list
  TypeId again = prim(Primitive::u8);
  for (int i = 0; i < 100000; ++i) again = make(i % 2 == 0 ? NodeKind::option : NodeKind::list, {}, again);
  EXPECT_TRUE(arena.value_types_equal(t, again));
}

TEST_F(Types, BudgetBoundsTheArena) {
  TypeArena small(test::allocator());
  small.set_budget(100);
  Result<TypeId> last = small.primitive(Primitive::u8);
  int made = 0;
  while (last) {
    TypeNode n;
    n.kind = NodeKind::list;
    n.a = *last;
    last = small.add_value_type(n);
    ++made;
  }
  EXPECT_EQ(last.error().code(), ErrorCode::limit_exceeded);
  EXPECT_LE(made, 100);
}

}  // namespace
