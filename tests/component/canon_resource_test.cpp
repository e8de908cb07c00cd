// Handles across the boundary (CanonicalABI.md, "Handle State", lift_own/lift_borrow,
// lower_own/lower_borrow, the resource built-ins): resources a component defines, resources
// the host defines and the component imports, own and borrow in both directions, and the
// traps of the handle rules.
#include <gtest/gtest.h>

#include "support/component_harness.hpp"

namespace {

using namespace wrt;
using namespace wrt::component;
using namespace wrt::test;
using cgen::Code;
using cgen::ComponentGen;
using cgen::Prim;
using cgen::T;
using cgen::kResultArea;

void expect_trap(const Result<ComponentValue>& r, std::string_view reason) {
  ASSERT_FALSE(r) << "returned instead of trapping with \"" << reason << "\"";
  std::string text = text_of(r.error());
  EXPECT_EQ(r.error().kind(), ErrorKind::trap) << text;
  EXPECT_NE(text.find(reason), std::string::npos) << "expected \"" << reason << "\", got: " << text;
}

// --- resources the component defines ----------------------------------------------------------

class ComponentResources : public ::testing::Test {
 protected:
  void SetUp() override {
    ComponentGen g;
    const T u32 = g.prim(Prim::u32);
    const T r = g.resource("r", true);   // destructor: module A's counter
    const T s = g.resource("s", false);
    const T own_r = g.own(r);
    const T own_s = g.own(s);
    const std::uint32_t new_r = g.resource_new(r);
    const std::uint32_t drop_r = g.resource_drop(r);
    const std::uint32_t rep_r = g.resource_rep(r);
    const std::uint32_t new_s = g.resource_new(s);
    const std::uint32_t drop_s = g.resource_drop(s);
    const std::uint32_t rep_s = g.resource_rep(s);
    g.function("make-r", {u32}, own_r, Code().local_get(0).call(new_r));
    g.function("make-s", {u32}, own_s, Code().local_get(0).call(new_s));
    g.identity("id-own-r", own_r);
    g.identity("id-own-s", own_s);
    g.identity("id-list-own", g.list(own_r));
    g.identity("id-option-own", g.option(own_r));
    g.function("rep-of", {g.borrow(r)}, u32, Code().local_get(0));  // into its own instance a borrow is the rep
    g.function("rep-of-own", {own_r}, u32, Code().local_get(0).call(rep_r).local_get(0).call(drop_r));
    g.function("drop-r", {own_r}, cgen::kNone, Code().local_get(0).call(drop_r));
    g.function("dtor-count", {}, u32, Code().i32_const(0).i32_load(cgen::kDtorCount));
    g.function("dtor-rep", {}, u32, Code().i32_const(0).i32_load(cgen::kDtorRep));
    // Misuse.
    g.function("use-after-drop", {own_r}, u32, Code().local_get(0).call(drop_r).local_get(0).call(rep_r));
    g.function("drop-twice", {own_r}, cgen::kNone, Code().local_get(0).call(drop_r).local_get(0).call(drop_r));
    g.function("rep-as-s", {own_r}, u32, Code().local_get(0).call(rep_s));
    g.function("drop-as-s", {own_r}, cgen::kNone, Code().local_get(0).call(drop_s));
    g.function("forge-s", {own_r}, own_s, Code().local_get(0));  // an r handle returned as own<s>
    g.function("forge-index", {u32}, own_r, Code().local_get(0));
    // The same handle returned twice: the first lift takes it out of the table.
    g.function("return-twice", {own_r}, g.tuple({own_r, own_r}),
               Code().i32_const(0).local_get(0).i32_store(kResultArea).i32_const(0).local_get(0).i32_store(kResultArea + 4)
                   .i32_const(kResultArea));
    bytes_ = g.build();
    use(allocator());
  }
  // A harness of the component on `heap`, instantiated.
  void use(Allocator& heap) {
    harness_ = std::make_unique<Harness>(bytes_, heap);
    auto loaded = harness_->load();
    ASSERT_TRUE(loaded) << text_of(loaded.error());
    fresh();
  }
  void fresh() {
    auto made = harness_->instantiate();
    ASSERT_TRUE(made) << text_of(made.error());
  }
  ComponentValue make(const char* f, std::uint32_t rep) {
    auto r = harness_->call(f, ComponentValue::u32(rep));
    EXPECT_TRUE(r) << text_of(r.error());
    return r ? std::move(*r) : ComponentValue();
  }
  std::uint64_t number(const char* f) {
    auto r = harness_->call(f);
    EXPECT_TRUE(r) << text_of(r.error());
    return r ? r->as_unsigned() : ~std::uint64_t{0};
  }
  // Hands back the last freed block of the same size first, as small-object allocators do
  // (glibc's tcache, pools): what makes a dead runtime's resource type share its address with
  // a new one. Keeps its blocks until it goes, so ASan sees no reuse of freed memory.
  class RecyclingHeap final : public AllocatorImpl<RecyclingHeap> {
   public:
    RecyclingHeap() = default;
    RecyclingHeap(const RecyclingHeap&) = delete;
    RecyclingHeap& operator=(const RecyclingHeap&) = delete;
    ~RecyclingHeap() {
      for (const Block& b : free_) allocator().deallocate(b.pointer, b.size, b.alignment);
    }
    void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
      for (std::size_t i = free_.size(); i-- > 0;) {
        if (free_[i].size == size && free_[i].alignment == alignment) {
          void* p = free_[i].pointer;
          free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
          return p;
        }
      }
      return allocator().allocate(size, alignment);
    }
    void do_deallocate(void* pointer, std::size_t size, std::size_t alignment) noexcept {
      free_.push_back({pointer, size, alignment});
    }

   private:
    struct Block {
      void* pointer;
      std::size_t size;
      std::size_t alignment;
    };
    std::vector<Block> free_;
  };

  ByteVec bytes_;
  RecyclingHeap recycling_;  // before harness_: it outlives the runtimes made on it
  std::unique_ptr<Harness> harness_;
};

TEST_F(ComponentResources, OwnAndBorrowRoundTrip) {
  Harness& h = *harness_;
  ComponentValue a = make("make-r", 42);
  ASSERT_EQ(a.kind(), ValueKind::own);
  EXPECT_EQ(a.rep(), 42u);
  ResourceType* r = a.resource_type();
  ASSERT_NE(r, nullptr);
  // own: into the instance's table and out again.
  auto back = h.call("id-own-r", ComponentValue::own(r, 42));
  ASSERT_TRUE(back) << text_of(back.error());
  EXPECT_EQ(back->kind(), ValueKind::own);
  EXPECT_EQ(back->rep(), 42u);
  EXPECT_EQ(back->resource_type(), r);
  // borrow into the defining instance: the representation itself.
  auto rep = h.call("rep-of", ComponentValue::borrow(r, 42));
  ASSERT_TRUE(rep) << text_of(rep.error());
  EXPECT_EQ(rep->as_unsigned(), 42u);
  auto rep_own = h.call("rep-of-own", ComponentValue::own(r, 43));
  ASSERT_TRUE(rep_own) << text_of(rep_own.error());
  EXPECT_EQ(rep_own->as_unsigned(), 43u);
  EXPECT_EQ(number("dtor-count"), 1u);  // rep-of-own dropped it
  // Handles inside lists and options (stored in and loaded from memory, or flat).
  ComponentValue list = *ComponentValue::list(3, allocator());
  for (std::uint32_t i = 0; i < 3; ++i) list[i] = ComponentValue::own(r, 100 + i);
  auto lifted = h.call("id-list-own", std::move(list));
  ASSERT_TRUE(lifted) << text_of(lifted.error());
  ASSERT_EQ(lifted->size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) EXPECT_EQ((*lifted)[i].rep(), 100 + i);
  auto some = h.call("id-option-own", *ComponentValue::some(ComponentValue::own(r, 7), allocator()));
  ASSERT_TRUE(some) << text_of(some.error());
  ASSERT_TRUE(some->has_payload());
  EXPECT_EQ(some->payload().rep(), 7u);
  // Dropping runs the destructor in the defining instance, once.
  ASSERT_TRUE(h.call("drop-r", ComponentValue::own(r, 42)));
  EXPECT_EQ(number("dtor-count"), 2u);
  EXPECT_EQ(number("dtor-rep"), 42u);
  // A resource without a destructor drops silently.
  ComponentValue s = make("make-s", 9);
  EXPECT_EQ(s.rep(), 9u);
  EXPECT_NE(s.resource_type(), r);
  EXPECT_EQ(number("dtor-count"), 2u);
}

// Each instantiation makes its resource types anew: a handle of one instance's `r` is not an
// `r` of another.
TEST_F(ComponentResources, TypesAreGenerative) {
  ComponentValue a = make("make-r", 1);
  fresh();
  ComponentValue b = make("make-r", 1);
  EXPECT_TRUE(b.is_handle_of(*b.resource_type()));
  EXPECT_FALSE(a.is_handle_of(*b.resource_type()));
}

// A handle the host kept from a runtime that is gone names its type by an address that a new
// runtime's type can occupy: the type's serial tells them apart, for calls and for drop().
TEST_F(ComponentResources, StaleHandlesAreRefusedWhenTheirTypesAddressIsReused) {
  use(recycling_);
  ComponentValue r = make("make-r", 1);
  ComponentValue r_for_drop = make("make-r", 2);
  ComponentValue s = make("make-s", 3);
  const auto old_r = reinterpret_cast<std::uintptr_t>(r.resource_type());
  const auto old_s = reinterpret_cast<std::uintptr_t>(s.resource_type());
  fresh();  // a new runtime; the old one's memory goes back to the heap, and comes out again
  ComponentValue r2 = make("make-r", 4);
  ComponentValue s2 = make("make-s", 5);
  const auto new_r = reinterpret_cast<std::uintptr_t>(r2.resource_type());
  const auto new_s = reinterpret_cast<std::uintptr_t>(s2.resource_type());
  // What the test is about: an address of the old types is taken by a new one.
  ASSERT_TRUE(new_r == old_r || new_r == old_s || new_s == old_r || new_s == old_s)
      << "the recycling heap did not reuse a resource type's block";
  for (const ComponentValue* stale : {&r, &r_for_drop, &s}) {
    EXPECT_FALSE(stale->is_handle_of(*r2.resource_type()));
    EXPECT_FALSE(stale->is_handle_of(*s2.resource_type()));
  }
  auto dropped = harness_->runtime().drop(r_for_drop);
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().code(), ErrorCode::invalid_argument) << text_of(dropped.error());
  EXPECT_EQ(number("dtor-count"), 0u);  // nothing of the new instance was destroyed
  // The live handles work.
  EXPECT_TRUE(harness_->call("id-own-r", std::move(r2)));
  EXPECT_TRUE(harness_->runtime().drop(s2));
  // A trap poisons the instance: one per instance.
  expect_trap(harness_->call("id-own-r", std::move(r)), "another resource type");
  fresh();
  expect_trap(harness_->call("id-own-s", std::move(s)), "another resource type");
}

TEST_F(ComponentResources, HandleTraps) {
  Harness& h = *harness_;
  auto own_r = [&](std::uint32_t rep) {
    fresh();
    return make("make-r", rep);
  };
  {
    ComponentValue a = own_r(1);
    expect_trap(h.call("use-after-drop", std::move(a)), "unknown handle index");
  }
  {
    ComponentValue a = own_r(2);
    expect_trap(h.call("drop-twice", std::move(a)), "unknown handle index");
  }
  {
    ComponentValue a = own_r(3);
    expect_trap(h.call("rep-as-s", std::move(a)), "handle of another resource type");
  }
  {
    ComponentValue a = own_r(4);
    expect_trap(h.call("drop-as-s", std::move(a)), "handle of another resource type");
  }
  {
    ComponentValue a = own_r(5);
    expect_trap(h.call("forge-s", std::move(a)), "handle of another resource type");
  }
  {
    fresh();
    expect_trap(h.call("forge-index", ComponentValue::u32(5)), "unknown handle index");
    fresh();
    expect_trap(h.call("forge-index", ComponentValue::u32(0)), "unknown handle index");
  }
  {
    ComponentValue a = own_r(6);
    expect_trap(h.call("return-twice", std::move(a)), "unknown handle index");
  }
  {
    // The host hands an r where an s is expected.
    ComponentValue a = own_r(7);
    expect_trap(h.call("id-own-s", std::move(a)), "another resource type");
  }
  {
    // A handle of another instance's r, kept by the host across a fresh instantiation.
    ComponentValue a = own_r(8);
    fresh();
    expect_trap(h.call("id-own-r", std::move(a)), "another resource type");
  }
  {
    // A borrow where an own is expected is refused before the call, as a wrong argument.
    ComponentValue a = own_r(9);
    auto r = h.call("id-own-r", ComponentValue::borrow(a.resource_type(), 9));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::invalid_argument) << text_of(r.error());
  }
}

// Dropping an own handle while it is lent (canon resource.drop: trap_if(h.num_lends != 0)).
// A lender is only re-entered by a component it instantiated, so the test is a parent P that
// creates a handle, lends it to its child C (g: func(b: borrow<r>, h: u32)), and C calls back
// into P (dropper: func(h: u32)), which drops the lent handle. With h = 0, C does not call
// back; P drops the handle after the call, when it is no longer lent.
ByteVec lend_component() {
  using cgen::CoreModuleBuilder;
  using cgen::Flat;
  // The child.
  ComponentBuilder child;
  child.items(kImportSection, {cat({plain_name("r"), sub_resource_desc()})});  // type 0
  child.items(kTypeSection, {func_type({{"h", kU32}})});                      // type 1
  child.items(kImportSection, {cat({plain_name("dropper"), func_desc(1)})});  // func 0
  child.items(kCanonSection, {{0x01, 0x00, 0x00, 0x00}, {0x03, 0x00}});      // core 0: dropper; core 1: resource.drop r
  CoreModuleBuilder cm;
  cm.import_func("b", "dropper", {Flat::i32}, {});
  cm.import_func("b", "drop", {Flat::i32}, {});
  // g(b, h): drop the borrow; if h, call back into the parent with it.
  Code g;
  g.local_get(0).call(1).local_get(1).op({0x04, 0x40}).local_get(1).call(0).end();
  cm.export_func("g", cm.func(cgen::CoreFunc{{Flat::i32, Flat::i32}, {}, {}, g.bytes}));
  child.core_module(cm.bytes());
  child.items(kCoreInstanceSection, {cat({{0x01, 0x02}, name("dropper"), {0x00, 0x00}, name("drop"), {0x00, 0x01}})});
  child.items(kCoreInstanceSection, {cat({{0x00, 0x00, 0x01}, name("b"), {0x12, 0x00}})});
  child.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x01}, name("g")})});  // core 2
  child.items(kTypeSection, {{0x68, 0x00}, func_type({{"b", type_index(2)}, {"h", kU32}})});  // types 2, 3
  child.items(kCanonSection, {{0x00, 0x00, 0x02, 0x00, 0x03}});  // func 1
  child.items(kExportSection, {cat({plain_name("g"), {0x01, 0x01, 0x00}})});

  // The parent.
  ComponentBuilder parent;
  parent.items(kTypeSection, {{0x3f, 0x7f, 0x00}});          // type 0: resource r
  parent.items(kCanonSection, {{0x02, 0x00}, {0x03, 0x00}});  // core 0: resource.new; core 1: resource.drop
  CoreModuleBuilder x;
  x.import_func("b", "drop", {Flat::i32}, {});
  x.export_func("dropper", x.func(cgen::CoreFunc{{Flat::i32}, {}, {}, Code().local_get(0).call(0).bytes}));
  parent.core_module(x.bytes());  // core module 0
  CoreModuleBuilder y;
  y.import_func("b", "new", {Flat::i32}, {Flat::i32});
  y.import_func("b", "g", {Flat::i32, Flat::i32}, {});
  y.import_func("b", "drop", {Flat::i32}, {});
  // run(mode): h = new(42); g(h, mode ? h : 0); drop(h); 1
  Code run;
  run.i32_const(42).call(0).local_set(1);
  run.local_get(1).local_get(1).i32_const(0).local_get(0).op({0x1b}).call(1);
  run.local_get(1).call(2).i32_const(1);
  y.export_func("run", y.func(cgen::CoreFunc{{Flat::i32}, {Flat::i32}, {Flat::i32}, run.bytes}));
  parent.core_module(y.bytes());  // core module 1
  parent.items(kCoreInstanceSection, {cat({{0x01, 0x01}, name("drop"), {0x00, 0x01}})});   // core instance 0
  parent.items(kCoreInstanceSection, {cat({{0x00, 0x00, 0x01}, name("b"), {0x12, 0x00}})});  // core instance 1: X
  parent.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x01}, name("dropper")})});            // core 2
  parent.items(kTypeSection, {func_type({{"h", kU32}})});                                    // type 1
  parent.items(kCanonSection, {{0x00, 0x00, 0x02, 0x00, 0x01}});                             // func 0: dropper
  parent.nested(child);                                                                        // component 0
  parent.items(kInstanceSection, {cat({{0x00, 0x00, 0x02}, name("r"), {0x03, 0x00}, name("dropper"), {0x01, 0x00}})});
  parent.items(kAliasSection, {cat({{0x01, 0x00, 0x00}, name("g")})});  // func 1: the child's g
  parent.items(kCanonSection, {{0x01, 0x00, 0x01, 0x00}});             // core 3: g lowered
  parent.items(kCoreInstanceSection, {cat({{0x01, 0x03}, name("new"), {0x00, 0x00}, name("g"), {0x00, 0x03}, name("drop"), {0x00, 0x01}})});
  parent.items(kCoreInstanceSection, {cat({{0x00, 0x01, 0x01}, name("b"), {0x12, 0x02}})});  // core instance 3: Y
  parent.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x03}, name("run")})});                 // core 4
  parent.items(kTypeSection, {func_type({{"mode", kU32}}, kU32)});                            // type 2
  parent.items(kCanonSection, {{0x00, 0x00, 0x04, 0x00, 0x02}});                              // func 2
  parent.items(kExportSection, {cat({plain_name("run"), {0x01, 0x02, 0x00}})});
  return parent.bytes();
}

TEST(LentHandles, CannotBeDroppedWhileLent) {
  Harness h(lend_component());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());
  ASSERT_TRUE(h.instantiate());
  auto ok = h.call("run", ComponentValue::u32(0));
  ASSERT_TRUE(ok) << text_of(ok.error());
  EXPECT_EQ(ok->as_unsigned(), 1u);
  expect_trap(h.call("run", ComponentValue::u32(1)), "cannot drop a handle while it is lent");
}

// Dropping an own handle enters the resource's instance, as a call of its destructor would,
// even when the resource has no destructor (canon resource.drop lifts `rt.dtor or (lambda
// rep: [])` into rt.impl): while that instance is on the stack, the drop traps. A parent P
// holds a handle of its child A's resource r and drops it from a callback A makes into P;
// with mode 0 it drops it directly, A not being on the stack.
ByteVec drop_while_entered_component() {
  using cgen::CoreModuleBuilder;
  using cgen::Flat;
  // The child A: resource r (no destructor), make() -> own<r>, call-back() calling its import cb.
  ComponentBuilder a;
  a.items(kTypeSection, {{0x3f, 0x7f, 0x00}});                                   // type 0: r
  a.items(kExportSection, {cat({plain_name("r"), {0x03, 0x00, 0x00}})});          // type 1
  a.items(kTypeSection, {{0x69, 0x01}, func_type({}, type_index(2)), func_type({})});  // types 2, 3, 4
  a.items(kImportSection, {cat({plain_name("cb"), func_desc(4)})});               // func 0
  a.items(kCanonSection, {{0x02, 0x00}, {0x01, 0x00, 0x00, 0x00}});               // core 0: resource.new; core 1: cb
  CoreModuleBuilder ma;
  ma.import_func("b", "new", {Flat::i32}, {Flat::i32});
  ma.import_func("b", "cb", {}, {});
  ma.export_func("make", ma.func(cgen::CoreFunc{{}, {Flat::i32}, {}, Code().i32_const(7).call(0).bytes}));
  ma.export_func("call-back", ma.func(cgen::CoreFunc{{}, {}, {}, Code().call(1).bytes}));
  a.core_module(ma.bytes());
  a.items(kCoreInstanceSection, {cat({{0x01, 0x02}, name("new"), {0x00, 0x00}, name("cb"), {0x00, 0x01}})});
  a.items(kCoreInstanceSection, {cat({{0x00, 0x00, 0x01}, name("b"), {0x12, 0x00}})});
  a.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x01}, name("make")}), cat({{0x00, 0x00, 0x01, 0x01}, name("call-back")})});  // core 2, 3
  a.items(kCanonSection, {{0x00, 0x00, 0x02, 0x00, 0x03}, {0x00, 0x00, 0x03, 0x00, 0x04}});  // funcs 1, 2
  a.items(kExportSection, {cat({plain_name("make"), {0x01, 0x01, 0x00}}), cat({plain_name("call-back"), {0x01, 0x02, 0x00}})});

  // X: cb() calls table[0] (filled later with resource.drop) on the handle set() stored.
  WasmBuilder x;
  x.section(1, {0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00});
  x.section(3, {0x02, 0x00, 0x01});
  x.section(4, {0x01, 0x70, 0x00, 0x01});
  x.section(6, {0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b});
  x.section(7, cat({{0x03}, name("t"), {0x01, 0x00}, name("set"), {0x00, 0x00}, name("cb"), {0x00, 0x01}}));
  x.code({{0x20, 0x00, 0x24, 0x00}, {0x23, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00}});
  // Z: puts resource.drop into X's table.
  WasmBuilder z;
  z.section(1, {0x01, 0x60, 0x01, 0x7f, 0x00});
  z.section(2, cat({{0x02}, name("x"), name("t"), {0x01, 0x70, 0x00, 0x01}, name("x"), name("drop"), {0x00, 0x00}}));
  z.section(9, {0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00});
  // Y: run(mode): h = make(); set(h); mode ? call-back() : drop(h); 1
  CoreModuleBuilder y;
  y.import_func("b", "make", {}, {Flat::i32});
  y.import_func("b", "call-back", {}, {});
  y.import_func("b", "set", {Flat::i32}, {});
  y.import_func("b", "drop", {Flat::i32}, {});
  Code run;
  run.call(0).local_set(1).local_get(1).call(2);
  run.local_get(0).op({0x04, 0x40}).call(1).op({0x05}).local_get(1).call(3).end();
  run.i32_const(1);
  y.export_func("run", y.func(cgen::CoreFunc{{Flat::i32}, {Flat::i32}, {Flat::i32}, run.bytes}));

  ComponentBuilder p;
  p.core_module(x.bytes());  // core module 0
  p.core_module(z.bytes());  // core module 1
  p.core_module(y.bytes());  // core module 2
  p.items(kCoreInstanceSection, {{0x00, 0x00, 0x00}});  // core instance 0: X
  p.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x00}, name("cb")}),    // core func 0
                          cat({{0x00, 0x01, 0x01, 0x00}, name("t")}),     // core table 0
                          cat({{0x00, 0x00, 0x01, 0x00}, name("set")})});  // core func 1
  p.items(kTypeSection, {func_type({})});                 // type 0
  p.items(kCanonSection, {{0x00, 0x00, 0x00, 0x00, 0x00}});  // func 0: cb lifted
  p.nested(a);                                             // component 0
  p.items(kInstanceSection, {cat({{0x00, 0x00, 0x01}, name("cb"), {0x01, 0x00}})});  // instance 0: A
  p.items(kAliasSection, {cat({{0x03, 0x00, 0x00}, name("r")}),             // type 1
                          cat({{0x01, 0x00, 0x00}, name("make")}),          // func 1
                          cat({{0x01, 0x00, 0x00}, name("call-back")})});   // func 2
  p.items(kCanonSection, {{0x03, 0x01}, {0x01, 0x00, 0x01, 0x00}, {0x01, 0x00, 0x02, 0x00}});  // core funcs 2, 3, 4
  p.items(kCoreInstanceSection, {cat({{0x01, 0x02}, name("t"), {0x01, 0x00}, name("drop"), {0x00, 0x02}})});  // core instance 1
  p.items(kCoreInstanceSection, {cat({{0x00, 0x01, 0x01}, name("x"), {0x12, 0x01}})});                       // core instance 2: Z
  p.items(kCoreInstanceSection, {cat({{0x01, 0x04}, name("make"), {0x00, 0x03}, name("call-back"), {0x00, 0x04},
                                      name("set"), {0x00, 0x01}, name("drop"), {0x00, 0x02}})});              // core instance 3
  p.items(kCoreInstanceSection, {cat({{0x00, 0x02, 0x01}, name("b"), {0x12, 0x03}})});                       // core instance 4: Y
  p.items(kAliasSection, {cat({{0x00, 0x00, 0x01, 0x04}, name("run")})});  // core func 5
  p.items(kTypeSection, {func_type({{"mode", kU32}}, kU32)});              // type 2
  p.items(kCanonSection, {{0x00, 0x00, 0x05, 0x00, 0x02}});                // func 3
  p.items(kExportSection, {cat({plain_name("run"), {0x01, 0x03, 0x00}})});
  return p.bytes();
}

TEST(DropEntersTheResourceInstance, EvenWithoutADestructor) {
  Harness h(drop_while_entered_component());
  auto loaded = h.load();
  ASSERT_TRUE(loaded) << text_of(loaded.error());
  ASSERT_TRUE(h.instantiate());
  auto ok = h.call("run", ComponentValue::u32(0));
  ASSERT_TRUE(ok) << text_of(ok.error());
  EXPECT_EQ(ok->as_unsigned(), 1u);
  expect_trap(h.call("run", ComponentValue::u32(1)), "cannot enter component instance");
}

// --- resources the host defines ---------------------------------------------------------------

struct HostState {
  int dtor_calls = 0;
  std::uint32_t dtor_rep = 0;
  std::vector<std::uint32_t> seen;  // reps the host functions were given
  ResourceType* type = nullptr;
  const RuntimeEntity* reenter = nullptr;  // what host-reenter calls
};

void host_dtor(void* user, std::uint32_t rep) noexcept {
  auto& s = *static_cast<HostState*>(user);
  ++s.dtor_calls;
  s.dtor_rep = rep;
}

class HostResources : public ::testing::Test {
 protected:
  void SetUp() override {
    ComponentGen g;
    const T u32 = g.prim(Prim::u32);
    const T hr = g.imported_resource("hr");
    const T own = g.own(hr);
    const T borrow = g.borrow(hr);
    const std::uint32_t host_rep = g.import_func("host-rep", {borrow}, u32);
    const std::uint32_t host_make = g.import_func("host-make", {u32}, own);
    const std::uint32_t host_take = g.import_func("host-take", {own}, cgen::kNone);
    const std::uint32_t host_lend = g.import_func("host-lend", {borrow, own}, cgen::kNone);
    const std::uint32_t host_noop = g.import_func("host-noop", {}, cgen::kNone);
    const std::uint32_t host_reenter = g.import_func("host-reenter", {}, cgen::kNone);
    std::vector<T> seventeen(17, u32);
    const std::uint32_t host_sum = g.import_func("host-sum", seventeen, g.tuple({u32, g.prim(Prim::u64)}));
    const std::uint32_t drop = g.resource_drop(hr);
    g.identity("id-own", own);
    g.function("take-own", {own}, cgen::kNone, Code().local_get(0).call(drop));
    g.function("keep-own", {own}, cgen::kNone, Code());
    g.function("keep-borrow", {borrow}, cgen::kNone, Code());
    g.function("drop-borrow", {borrow}, cgen::kNone, Code().local_get(0).call(drop));
    g.function("drop-borrow-twice", {borrow}, cgen::kNone, Code().local_get(0).call(drop).local_get(0).call(drop));
    // The guest lends its borrow on to the host, then drops it.
    g.function("borrow-rep", {borrow}, u32, Code().local_get(0).call(host_rep).local_get(0).call(drop));
    // Guest -> host own: made by the host, handed back; or returned; or dropped.
    g.function("make-and-give", {u32}, cgen::kNone, Code().local_get(0).call(host_make).call(host_take));
    g.function("make-and-return", {u32}, own, Code().local_get(0).call(host_make));
    g.function("make-and-drop", {u32}, cgen::kNone, Code().local_get(0).call(host_make).call(drop));
    // An own lent for the length of a call (host-rep), then dropped.
    g.function("make-lend-drop", {u32}, u32,
               Code().local_get(0).call(host_make).local_set(1).local_get(1).call(host_rep).local_get(1).call(drop), {cgen::Flat::i32});
    // The same handle as borrow and own in one call: the own cannot leave while it is lent.
    g.function("lend-and-give", {own}, cgen::kNone, Code().local_get(0).local_get(0).call(host_lend));
    // post-return may not call out of the instance.
    static const cgen::CoreFunc post{{}, {}, {}, Code().call(host_noop).bytes};
    cgen::Options calls_out;
    calls_out.post_return_func = &post;
    g.function("post-return-calls-out", {}, cgen::kNone, Code(), {}, calls_out);
    // The host, called by the guest, calls the guest again.
    g.function("reenter", {}, cgen::kNone, Code().call(host_reenter));
    g.function("noop", {}, cgen::kNone, Code());
    // 17 flat parameters and a two-value result: the guest passes a pointer to the arguments
    // and one for the result (the lowered signature); returns the sum's two halves added.
    Code sum;
    for (std::uint32_t i = 0; i < 17; ++i) sum.store_u32(cgen::kScratch + 0x100 + 4 * i, i + 1);
    sum.i32_const(cgen::kScratch + 0x100).i32_const(cgen::kScratch).call(host_sum);
    sum.i32_const(0).i32_load(cgen::kScratch).i32_const(0).i32_load(cgen::kScratch + 8).op({0x6a});
    g.function("call-host-sum", {}, u32, sum);
    harness_ = std::make_unique<Harness>(g.build());
    auto loaded = harness_->load();
    ASSERT_TRUE(loaded) << text_of(loaded.error());
    fresh();
  }

  // A runtime with the host's resource type and functions.
  void fresh() {
    Harness& h = *harness_;
    h.reset();
    ComponentRuntime& rt = h.runtime();
    auto type = rt.host_resource(&host_dtor, &state_);
    ASSERT_TRUE(type);
    state_.type = *type;
    RuntimeEntity resource;
    resource.kind = component::ExternKind::type;
    resource.resource = *type;
    std::vector<NamedEntity> imports = {{"hr", resource}};
    auto add = [&](const char* n, HostComponentCallback cb) {
      auto f = rt.host_function(h.import_type(n), cb, &state_);
      ASSERT_TRUE(f) << n << ": " << text_of(f.error());
      imports.push_back({n, *f});
    };
    add("host-rep", [](void* u, ComponentRuntime&, std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept -> Result<void> {
      auto& s = *static_cast<HostState*>(u);
      if (args[0].kind() != ValueKind::borrow || args[0].resource_type() != s.type) return Error(ErrorCode::host_error, "not a borrow<hr>");
      s.seen.push_back(args[0].rep());
      results[0] = ComponentValue::u32(args[0].rep() + 1000);
      return {};
    });
    add("host-make", [](void* u, ComponentRuntime&, std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept -> Result<void> {
      auto& s = *static_cast<HostState*>(u);
      results[0] = ComponentValue::own(s.type, static_cast<std::uint32_t>(args[0].as_unsigned()));
      return {};
    });
    add("host-take", [](void* u, ComponentRuntime&, std::span<const ComponentValue> args, std::span<ComponentValue>) noexcept -> Result<void> {
      auto& s = *static_cast<HostState*>(u);
      if (args[0].kind() != ValueKind::own || args[0].resource_type() != s.type) return Error(ErrorCode::host_error, "not an own<hr>");
      s.seen.push_back(args[0].rep());
      return {};
    });
    add("host-lend", [](void*, ComponentRuntime&, std::span<const ComponentValue>, std::span<ComponentValue>) noexcept -> Result<void> {
      return {};
    });
    add("host-noop", [](void*, ComponentRuntime&, std::span<const ComponentValue>, std::span<ComponentValue>) noexcept -> Result<void> {
      return {};
    });
    add("host-reenter", [](void* u, ComponentRuntime& runtime, std::span<const ComponentValue>, std::span<ComponentValue>) noexcept -> Result<void> {
      auto& s = *static_cast<HostState*>(u);
      return runtime.call(*s.reenter, {}, {});
    });
    add("host-sum", [](void* u, ComponentRuntime& runtime, std::span<const ComponentValue> args, std::span<ComponentValue> results) noexcept -> Result<void> {
      auto& s = *static_cast<HostState*>(u);
      std::uint64_t sum = 0;
      for (const ComponentValue& a : args) {
        sum += a.as_unsigned();
        s.seen.push_back(static_cast<std::uint32_t>(a.as_unsigned()));
      }
      ComponentValue t = WRT_TRY(ComponentValue::tuple(2, runtime.allocator()));
      t[0] = ComponentValue::u32(static_cast<std::uint32_t>(args.size()));
      t[1] = ComponentValue::u64(sum);
      results[0] = std::move(t);
      return {};
    });
    auto made = h.instantiate_prepared(imports);
    ASSERT_TRUE(made) << text_of(made.error());
    state_.reenter = h.find("noop");
  }

  HostState state_;
  std::unique_ptr<Harness> harness_;
};

TEST_F(HostResources, HostToGuest) {
  Harness& h = *harness_;
  // own in and out again: nothing is destroyed.
  auto back = h.call("id-own", ComponentValue::own(state_.type, 5));
  ASSERT_TRUE(back) << text_of(back.error());
  EXPECT_EQ(back->kind(), ValueKind::own);
  EXPECT_EQ(back->rep(), 5u);
  EXPECT_EQ(back->resource_type(), state_.type);
  EXPECT_EQ(state_.dtor_calls, 0);
  // own in and dropped by the guest: the host's destructor runs, once.
  ASSERT_TRUE(h.call("take-own", ComponentValue::own(state_.type, 6)));
  EXPECT_EQ(state_.dtor_calls, 1);
  EXPECT_EQ(state_.dtor_rep, 6u);
  // borrow in, lent on to the host, dropped.
  auto rep = h.call("borrow-rep", ComponentValue::borrow(state_.type, 7));
  ASSERT_TRUE(rep) << text_of(rep.error());
  EXPECT_EQ(rep->as_unsigned(), 1007u);
  ASSERT_EQ(state_.seen.size(), 1u);
  EXPECT_EQ(state_.seen[0], 7u);
  ASSERT_TRUE(h.call("drop-borrow", ComponentValue::borrow(state_.type, 8)));
  EXPECT_EQ(state_.dtor_calls, 1);  // dropping a borrow destroys nothing
  // An own the guest keeps stays in its table: no destructor, now or when the runtime goes.
  ASSERT_TRUE(h.call("keep-own", ComponentValue::own(state_.type, 9)));
  h.reset();
  EXPECT_EQ(state_.dtor_calls, 1);
}

TEST_F(HostResources, GuestToHost) {
  Harness& h = *harness_;
  ASSERT_TRUE(h.call("make-and-give", ComponentValue::u32(11)));
  ASSERT_EQ(state_.seen.size(), 1u);
  EXPECT_EQ(state_.seen[0], 11u);
  EXPECT_EQ(state_.dtor_calls, 0);
  auto returned = h.call("make-and-return", ComponentValue::u32(12));
  ASSERT_TRUE(returned) << text_of(returned.error());
  EXPECT_EQ(returned->kind(), ValueKind::own);
  EXPECT_EQ(returned->rep(), 12u);
  EXPECT_EQ(returned->resource_type(), state_.type);
  ASSERT_TRUE(h.call("make-and-drop", ComponentValue::u32(13)));
  EXPECT_EQ(state_.dtor_calls, 1);
  EXPECT_EQ(state_.dtor_rep, 13u);
  auto lent = h.call("make-lend-drop", ComponentValue::u32(14));
  ASSERT_TRUE(lent) << text_of(lent.error());
  EXPECT_EQ(lent->as_unsigned(), 1014u);
  EXPECT_EQ(state_.dtor_calls, 2);
  EXPECT_EQ(state_.dtor_rep, 14u);
  h.reset();
  EXPECT_EQ(state_.dtor_calls, 2);
}

// A lowered import with 17 flat parameters (passed in the guest's memory) and a result of two
// flat values (written where the guest's last argument points).
TEST_F(HostResources, SpilledImportCall) {
  auto r = harness_->call("call-host-sum");
  ASSERT_TRUE(r) << text_of(r.error());
  EXPECT_EQ(r->as_unsigned(), 17u + 153u);  // count + (1 + ... + 17)
  ASSERT_EQ(state_.seen.size(), 17u);
  for (std::uint32_t i = 0; i < 17; ++i) EXPECT_EQ(state_.seen[i], i + 1);
}

TEST_F(HostResources, Traps) {
  Harness& h = *harness_;
  expect_trap(h.call("keep-borrow", ComponentValue::borrow(state_.type, 1)), "borrow handles still remain");
  fresh();
  expect_trap(h.call("drop-borrow-twice", ComponentValue::borrow(state_.type, 2)), "unknown handle index");
  fresh();
  expect_trap(h.call("lend-and-give", ComponentValue::own(state_.type, 3)), "cannot transfer an owned handle while it is lent");
  fresh();
  expect_trap(h.call("post-return-calls-out"), "cannot leave component instance");
  fresh();
  expect_trap(h.call("reenter"), "cannot enter component instance");
  fresh();
  // An own of another host resource type.
  auto other = h.runtime().host_resource(&host_dtor, &state_);
  ASSERT_TRUE(other);
  expect_trap(h.call("id-own", ComponentValue::own(*other, 4)), "another resource type");
  EXPECT_EQ(state_.dtor_calls, 0);
}

}  // namespace
