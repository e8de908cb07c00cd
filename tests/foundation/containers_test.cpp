#include <wrt/foundation.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace wrt {
namespace {

struct Tracked {
  static inline int alive = 0;
  int value;
  explicit Tracked(int v = 0) noexcept : value(v) { ++alive; }
  Tracked(const Tracked& o) noexcept : value(o.value) { ++alive; }
  Tracked(Tracked&& o) noexcept : value(o.value) { ++alive; }
  Tracked& operator=(const Tracked&) = default;
  ~Tracked() { --alive; }
};

// --- BoundedVec -------------------------------------------------------------------------------

TEST(BoundedVec, PushUntilFullThenRefuse) {
  BoundedVec<int, 3> v;
  EXPECT_EQ(v.capacity(), 3u);
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(v.push_back(1));
  EXPECT_TRUE(v.push_back(2));
  auto third = v.emplace_back(3);
  ASSERT_TRUE(third);
  EXPECT_EQ(**third, 3);
  EXPECT_TRUE(v.full());
  Result<void> refused = v.push_back(4);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::capacity_exceeded);
  EXPECT_EQ(refused.error().kind(), ErrorKind::exhaustion);
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.back(), 3);
  int sum = 0;
  for (int x : v) sum += x;
  EXPECT_EQ(sum, 6);
  v.pop_back();
  EXPECT_EQ(v.size(), 2u);
  EXPECT_TRUE(v.push_back(9));
  EXPECT_EQ(v[2], 9);
}

TEST(BoundedVec, ResizeWithinAndBeyondCapacity) {
  BoundedVec<int, 4> v;
  EXPECT_TRUE(v.resize(4));
  EXPECT_EQ(v[3], 0);
  EXPECT_FALSE(v.resize(5));
  EXPECT_EQ(v.size(), 4u);
  EXPECT_TRUE(v.resize(1));
  EXPECT_EQ(v.size(), 1u);
}

TEST(BoundedVec, LifetimesOfElements) {
  {
    BoundedVec<Tracked, 4> v;
    EXPECT_TRUE(v.emplace_back(1));
    EXPECT_TRUE(v.push_back(Tracked(2)));
    EXPECT_EQ(Tracked::alive, 2);
    BoundedVec<Tracked, 4> copy = v;
    EXPECT_EQ(Tracked::alive, 4);
    BoundedVec<Tracked, 4> moved = std::move(copy);
    EXPECT_EQ(moved[1].value, 2);
    EXPECT_TRUE(copy.empty());
    EXPECT_EQ(Tracked::alive, 4);
    v.clear();
    EXPECT_EQ(Tracked::alive, 2);
  }
  EXPECT_EQ(Tracked::alive, 0);
}

// --- BoundedString ----------------------------------------------------------------------------

TEST(BoundedString, AppendRefusesWhatDoesNotFit) {
  BoundedString<8> s;
  EXPECT_TRUE(s.append("spec"));
  EXPECT_TRUE(s.push_back('-'));
  EXPECT_EQ(s.view(), "spec-");
  Result<void> refused = s.append("test");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::capacity_exceeded);
  EXPECT_EQ(s.view(), "spec-");  // unchanged
  EXPECT_STREQ(s.c_str(), "spec-");
  EXPECT_TRUE(s.append("abc"));
  EXPECT_EQ(s.size(), 8u);
  EXPECT_FALSE(s.push_back('x'));
  EXPECT_TRUE(s == std::string_view("spec-abc"));
}

TEST(BoundedString, TruncatingAppendAndFrom) {
  BoundedString<4> s;
  EXPECT_FALSE(s.append_truncated("abcdef"));
  EXPECT_EQ(s.view(), "abcd");
  EXPECT_STREQ(s.c_str(), "abcd");
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(BoundedString<4>::from("wasm"));
  EXPECT_FALSE(BoundedString<4>::from("wasm!"));
}

// --- Arena ------------------------------------------------------------------------------------

TEST(Arena, BumpAllocationWithAlignment) {
  alignas(16) std::byte buffer[64];
  Arena arena(buffer);
  void* a = arena.allocate(3, 1);
  ASSERT_NE(a, nullptr);
  void* b = arena.allocate(8, 8);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b) % 8, 0u);
  EXPECT_EQ(arena.used(), 16u);
  EXPECT_EQ(arena.allocate(64, 1), nullptr);  // does not fit: clean failure
  EXPECT_EQ(arena.used(), 16u);
  EXPECT_NE(arena.allocate(48, 1), nullptr);  // exactly fills
  EXPECT_EQ(arena.available(), 0u);
  EXPECT_EQ(arena.allocate(1, 1), nullptr);
  EXPECT_EQ(arena.high_water(), 64u);
  arena.reset();
  EXPECT_EQ(arena.used(), 0u);
  EXPECT_EQ(arena.high_water(), 64u);
}

TEST(Arena, LastAllocationCanBeReturnedAndResized) {
  alignas(16) std::byte buffer[64];
  Arena arena(buffer);
  void* a = arena.allocate(16, 8);
  void* b = arena.allocate(16, 8);
  arena.deallocate(a, 16, 8);  // not the last: kept
  EXPECT_EQ(arena.used(), 32u);
  void* grown = arena.reallocate(b, 16, 40, 8);
  EXPECT_EQ(grown, b);  // in place
  EXPECT_EQ(arena.used(), 56u);
  EXPECT_EQ(arena.reallocate(b, 40, 100, 8), nullptr);  // no room; b untouched
  arena.deallocate(b, 40, 8);
  EXPECT_EQ(arena.used(), 16u);
}

TEST(Arena, MarkAndRelease) {
  StaticArena<128> storage;
  Arena& arena = storage;
  ASSERT_NE(arena.allocate(10, 1), nullptr);
  Arena::Mark mark = arena.mark();
  ASSERT_NE(arena.allocate(50, 1), nullptr);
  EXPECT_EQ(arena.used(), 60u);
  arena.release(mark);
  EXPECT_EQ(arena.used(), 10u);
}

TEST(Arena, HugeRequestsFailWithoutWrapping) {
  alignas(16) std::byte buffer[32];
  Arena arena(buffer);
  EXPECT_EQ(arena.allocate(static_cast<std::size_t>(-1), 1), nullptr);
  EXPECT_EQ(arena.allocate(static_cast<std::size_t>(-8), 8), nullptr);
  EXPECT_EQ(arena.allocate(1, std::size_t{1} << 62), nullptr);
  EXPECT_EQ(arena.used(), 0u);
}

// --- Vec --------------------------------------------------------------------------------------

TEST(Vec, GrowsInAnArenaAndFailsCleanlyWhenFull) {
  StaticArena<256> storage;
  Vec<std::uint32_t> v(storage);
  for (std::uint32_t i = 0; i < 64; ++i) ASSERT_TRUE(v.push_back(i)) << i;  // 256 bytes exactly
  EXPECT_EQ(v.size(), 64u);
  Result<void> refused = v.push_back(64);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::out_of_memory);
  EXPECT_EQ(v.size(), 64u);  // unchanged by the failure
  for (std::uint32_t i = 0; i < 64; ++i) EXPECT_EQ(v[i], i);
}

TEST(Vec, NonTrivialElementsMoveAndDestroy) {
  StaticArena<4096> storage;
  {
    Vec<Tracked> v(storage);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(v.emplace_back(i));
    EXPECT_EQ(Tracked::alive, 20);
    EXPECT_EQ(v[19].value, 19);
    auto copy = v.clone();
    ASSERT_TRUE(copy);
    EXPECT_EQ(Tracked::alive, 40);
    v.truncate(5);
    EXPECT_EQ(Tracked::alive, 25);
    Vec<Tracked> moved = std::move(v);
    EXPECT_EQ(moved.size(), 5u);
    EXPECT_TRUE(v.empty());
  }
  EXPECT_EQ(Tracked::alive, 0);
}

TEST(Vec, AppendResizeAndSpan) {
  StaticArena<1024> storage;
  Vec<std::uint8_t> v(storage);
  const std::uint8_t bytes[] = {1, 2, 3};
  ASSERT_TRUE(v.append(bytes));
  ASSERT_TRUE(v.resize(6));
  EXPECT_EQ(v.span().size(), 6u);
  EXPECT_EQ(v[2], 3);
  EXPECT_EQ(v[5], 0);
  EXPECT_TRUE(v.reserve(100));
  EXPECT_GE(v.capacity(), 100u);
  EXPECT_FALSE(v.reserve(Vec<std::uint8_t>::kMaxSize + 1));
  EXPECT_FALSE(v.reserve(5000));  // bigger than the arena
  v.clear();
  EXPECT_TRUE(v.empty());
}

TEST(Vec, StorageOfTrivialElementsIsFreedWhenDestroyed) {
  StaticArena<256> storage;
  {
    Vec<std::uint32_t> v(storage);
    ASSERT_TRUE(v.reserve(8));
    EXPECT_EQ(storage.arena().used(), 32u);
  }
  EXPECT_EQ(storage.arena().used(), 0u);  // the last allocation, so the arena takes it back
  { Vec<std::uint32_t> never_allocated(storage); }
  EXPECT_EQ(storage.arena().used(), 0u);
}

// The stand-in for vectors of a proposal that is compiled out.
struct WithNoVec {
  std::uint32_t kept = 0;
  [[no_unique_address]] VecIf<false, std::uint32_t> absent;
};
static_assert(sizeof(WithNoVec) == sizeof(std::uint32_t), "a NoVec takes no room");
static_assert(std::is_same_v<VecIf<true, std::uint32_t>, Vec<std::uint32_t>>);

TEST(Vec, NoVecIsAlwaysEmptyAndRefusesToGrow) {
  StaticArena<64> storage;
  NoVec<std::uint32_t> v(storage);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.begin(), v.end());
  EXPECT_TRUE(v.span().empty());
  EXPECT_TRUE(v.reserve(0));
  Result<void> refused = v.push_back(1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::out_of_memory);
  EXPECT_FALSE(v.resize(3));
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(storage.arena().used(), 0u);
}

TEST(Vec, HostileSizesNeverWrap) {
  StaticArena<64> storage;
  Vec<std::uint64_t> v(storage);
  EXPECT_FALSE(v.resize(static_cast<std::size_t>(-1)));
  EXPECT_FALSE(v.reserve(static_cast<std::size_t>(-1) / 4));
  EXPECT_TRUE(v.empty());
}

#if WRT_HAS_DEFAULT_ALLOCATOR
TEST(Vec, DefaultAllocatorOfTheProfile) {
#if WRT_PROFILE_FREESTANDING_ALLOC
  // Nothing installed yet: allocation fails cleanly. Then the embedder installs an arena.
  {
    Vec<int> none;
    EXPECT_FALSE(none.push_back(1));
  }
  static StaticArena<4096> installed;
  set_default_allocator(installed);
#endif
  Vec<std::string> v;  // hosted: the heap; freestanding-alloc: the installed allocator
  ASSERT_TRUE(v.push_back(std::string(100, 'x')));
  ASSERT_TRUE(v.emplace_back("wasm"));
  EXPECT_EQ(v[1], "wasm");
  EXPECT_EQ(&v.allocator(), &default_allocator());
}
#endif

// --- Custom allocators ----------------------------------------------------------------------

// An embedder's allocator, written the documented way. This file is compiled with RTTI (the
// compiler default) against core libraries built without it: that it links at all is part of
// the test (a virtual interface would not).
class CountingAllocator : public AllocatorImpl<CountingAllocator> {
 public:
  explicit CountingAllocator(Arena& backing) : backing_(backing) {}
  void* do_allocate(std::size_t size, std::size_t alignment) noexcept {
    ++allocations;
    return backing_.allocate(size, alignment);
  }
  void do_deallocate(void* pointer, std::size_t size, std::size_t alignment) noexcept {
    ++deallocations;
    backing_.deallocate(pointer, size, alignment);
  }
  int allocations = 0;
  int deallocations = 0;

 private:
  Arena& backing_;
};

TEST(Allocator, CustomAllocatorWithoutReallocateCopies) {
  StaticArena<8192> storage;
  CountingAllocator counting(storage);
  {
    Vec<std::uint32_t> v(counting);
    for (std::uint32_t i = 0; i < 100; ++i) ASSERT_TRUE(v.push_back(i));
    EXPECT_EQ(v[99], 99u);
    EXPECT_GT(counting.allocations, 1);  // grew by allocate + copy + deallocate
  }
  EXPECT_EQ(counting.allocations, counting.deallocations);
}

// Growing a few elements at a time must reallocate geometrically, not once per step (which
// made validating a 200,000-deep operand stack quadratic).
TEST(Allocator, ReserveMoreGrowsGeometrically) {
  StaticArena<1 << 20> storage;
  CountingAllocator counting(storage);
  Vec<std::uint32_t> v(counting);
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    ASSERT_TRUE(v.reserve_more(3));
    for (int k = 0; k < 3; ++k) ASSERT_TRUE(v.push_back(i));
  }
  EXPECT_EQ(v.size(), 30'000u);
  EXPECT_LE(counting.allocations, 16);  // log2(30,000) ~ 15
}

// --- Checked arithmetic -----------------------------------------------------------------------

TEST(Checked, OverflowIsReported) {
  std::uint32_t out = 0;
  EXPECT_FALSE(add_overflow<std::uint32_t>(1, 2, out));
  EXPECT_EQ(out, 3u);
  EXPECT_TRUE(add_overflow<std::uint32_t>(0xFFFFFFFF, 1, out));
  EXPECT_TRUE(mul_overflow<std::uint32_t>(0x10000, 0x10000, out));
  EXPECT_TRUE(sub_overflow<std::uint32_t>(0, 1, out));
  EXPECT_EQ(*checked_add<std::uint64_t>(5, 6), 11u);
  auto wrapped = checked_mul<std::uint64_t>(1ull << 40, 1ull << 40);
  ASSERT_FALSE(wrapped);
  EXPECT_EQ(wrapped.error().code(), ErrorCode::arithmetic_overflow);
  EXPECT_FALSE(checked_sub<std::int32_t>(std::numeric_limits<std::int32_t>::min(), 1));
}

TEST(Checked, Casts) {
  EXPECT_TRUE(fits_in<std::uint8_t>(255));
  EXPECT_FALSE(fits_in<std::uint8_t>(256));
  EXPECT_FALSE(fits_in<std::uint32_t>(-1));
  EXPECT_FALSE(fits_in<std::int32_t>(0x80000000u));
  EXPECT_TRUE(fits_in<std::int64_t>(0xFFFFFFFFu));
  EXPECT_EQ(*checked_cast<std::uint16_t>(65535), 65535);
  EXPECT_FALSE(checked_cast<std::uint16_t>(65536));
  std::size_t aligned = 0;
  EXPECT_FALSE(align_up_overflow(13, 8, aligned));
  EXPECT_EQ(aligned, 16u);
  EXPECT_TRUE(align_up_overflow(static_cast<std::size_t>(-3), 8, aligned));
}

}  // namespace
}  // namespace wrt
