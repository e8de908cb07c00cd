// Small hash containers the component validator needs: a map of 32-bit ids and a set of
// strings. Open addressing over a Vec, so every allocation can fail cleanly and nothing
// recurses.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <span>
#include <string_view>
#include <utility>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>

namespace wrt::component::detail {

// Maps uint32 keys to uint32 values; key 0xffffffff is reserved.
class IdMap {
 public:
  static constexpr std::uint32_t kEmpty = 0xffff'ffffu;

  explicit IdMap(Allocator& allocator) noexcept : slots_(allocator) {}

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  // The value for `key`, or kEmpty.
  [[nodiscard]] std::uint32_t get(std::uint32_t key) const noexcept {
    if (slots_.empty()) return kEmpty;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == key) return slots_[i].value;
      if (slots_[i].key == kEmpty) return kEmpty;
    }
  }
  [[nodiscard]] bool contains(std::uint32_t key) const noexcept { return get(key) != kEmpty; }

  Result<void> set(std::uint32_t key, std::uint32_t value) noexcept {
    if ((size_ + 1) * 2 > slots_.size()) WRT_TRY(grow());
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == key) {
        slots_[i].value = value;
        return {};
      }
      if (slots_[i].key == kEmpty) {
        slots_[i] = Slot{key, value};
        ++size_;
        return {};
      }
    }
  }
  Result<void> insert(std::uint32_t key) noexcept { return set(key, 0); }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.key != kEmpty) f(s.key, s.value);
    }
  }

  void clear() noexcept {
    for (Slot& s : slots_) s.key = kEmpty;
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint32_t key = kEmpty;
    std::uint32_t value = 0;
  };
  static std::size_t hash(std::uint32_t key) noexcept {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 17);
  }
  Result<void> grow() noexcept {
    Vec<Slot> old = std::move(slots_);
    slots_ = Vec<Slot>(old.allocator());
    WRT_TRY(slots_.resize(old.size() < 16 ? 16 : old.size() * 2));
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != kEmpty) WRT_TRY(set(s.key, s.value));
    }
    return {};
  }

  Vec<Slot> slots_;
  std::size_t size_ = 0;
};

// A set of pairs of 32-bit ids.
class IdPairSet {
 public:
  explicit IdPairSet(Allocator& allocator) noexcept : slots_(allocator) {}

  [[nodiscard]] bool contains(std::uint32_t a, std::uint32_t b) const noexcept {
    if (slots_.empty()) return false;
    const std::uint64_t key = pack(a, b);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return true;
      if (slots_[i] == kEmpty) return false;
    }
  }
  Result<void> insert(std::uint32_t a, std::uint32_t b) noexcept {
    if ((size_ + 1) * 2 > slots_.size()) WRT_TRY(grow());
    return place(pack(a, b));
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // the pair (kNoType, kNoType)
  static std::uint64_t pack(std::uint32_t a, std::uint32_t b) noexcept { return (std::uint64_t{a} << 32) | b; }
  static std::size_t hash(std::uint64_t key) noexcept { return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 17); }
  Result<void> place(std::uint64_t key) noexcept {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return {};
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        ++size_;
        return {};
      }
    }
  }
  Result<void> grow() noexcept {
    Vec<std::uint64_t> old = std::move(slots_);
    slots_ = Vec<std::uint64_t>(old.allocator());
    WRT_TRY(slots_.resize(old.size() < 16 ? 16 : old.size() * 2));
    for (std::uint64_t& slot : slots_) slot = kEmpty;
    size_ = 0;
    for (std::uint64_t key : old) {
      if (key != kEmpty) WRT_TRY(place(key));
    }
    return {};
  }

  Vec<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

// A set of strings whose bytes it copies (so keys may be temporary).
class StringSet {
 public:
  explicit StringSet(Allocator& allocator) noexcept : chars_(allocator), entries_(allocator), slots_(allocator) {}

  // Inserts `key`; false when it was already there.
  Result<bool> insert(std::string_view key) noexcept {
    if ((entries_.size() + 1) * 2 > slots_.size()) WRT_TRY(grow());
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        auto at = static_cast<std::uint32_t>(chars_.size());
        WRT_TRY(chars_.append(std::span<const char>(key.data(), key.size())));
        WRT_TRY(entries_.push_back(Entry{at, static_cast<std::uint32_t>(key.size())}));
        slots_[i] = static_cast<std::uint32_t>(entries_.size());
        return true;
      }
      if (view(entries_[slots_[i] - 1]) == key) return false;
    }
  }
  [[nodiscard]] bool contains(std::string_view key) const noexcept {
    if (slots_.empty()) return false;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) return false;
      if (view(entries_[slots_[i] - 1]) == key) return true;
    }
  }

 private:
  struct Entry {
    std::uint32_t at = 0;
    std::uint32_t length = 0;
  };
  [[nodiscard]] std::string_view view(const Entry& e) const noexcept { return {chars_.data() + e.at, e.length}; }
  static std::size_t hash(std::string_view key) noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : key) h = (h ^ static_cast<std::uint8_t>(c)) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }
  Result<void> grow() noexcept {
    Vec<std::uint32_t> slots(slots_.allocator());
    WRT_TRY(slots.resize(slots_.size() < 16 ? 16 : slots_.size() * 2));
    std::size_t mask = slots.size() - 1;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
      for (std::size_t i = hash(view(entries_[e])) & mask;; i = (i + 1) & mask) {
        if (slots[i] == 0) {
          slots[i] = static_cast<std::uint32_t>(e + 1);
          break;
        }
      }
    }
    slots_ = std::move(slots);
    return {};
  }

  Vec<char> chars_;
  Vec<Entry> entries_;
  Vec<std::uint32_t> slots_;  // entry index + 1, 0 = empty
};

// A vector that keeps its first N elements inline and moves to the allocator only beyond:
// the canonical ABI's work lists and flat values are small for the values calls usually
// carry, and a call should not allocate for them.
template <typename T, std::size_t N>
class SmallVec {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>, "SmallVec holds plain data");

 public:
  explicit SmallVec(Allocator& allocator) noexcept : heap_(allocator) {}
  SmallVec(const SmallVec&) = delete;
  SmallVec& operator=(const SmallVec&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] T* data() noexcept { return size_ <= N && heap_.empty() ? inline_ : heap_.data(); }
  [[nodiscard]] const T* data() const noexcept { return size_ <= N && heap_.empty() ? inline_ : heap_.data(); }
  [[nodiscard]] T& operator[](std::size_t i) noexcept { return data()[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  [[nodiscard]] T& back() noexcept { return data()[size_ - 1]; }
  [[nodiscard]] std::span<T> span() noexcept { return {data(), size_}; }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data(), size_}; }
  T* begin() noexcept { return data(); }
  T* end() noexcept { return data() + size_; }

  Result<void> push_back(const T& value) noexcept {
    if (heap_.empty() && size_ < N) {
      inline_[size_++] = value;
      return {};
    }
    if (heap_.empty()) {
      // Moving out of the inline buffer: everything goes to the heap from now on.
      WRT_TRY(heap_.reserve(2 * N));
      for (std::size_t i = 0; i < size_; ++i) (void)heap_.push_back(inline_[i]);
    }
    WRT_TRY(heap_.push_back(value));
    ++size_;
    return {};
  }
  void pop_back() noexcept {
    --size_;
    if (!heap_.empty()) heap_.pop_back();
  }
  void clear() noexcept {
    size_ = 0;
    heap_.clear();
  }
  Result<void> resize(std::size_t count, const T& value = T{}) noexcept {
    while (size_ > count) pop_back();
    while (size_ < count) WRT_TRY(push_back(value));
    return {};
  }

 private:
  T inline_[N];
  std::size_t size_ = 0;
  Vec<T> heap_;
};

// Positions of a list of named things, sorted by name, for lookups in O(log n): instantiation
// arguments and export lists are matched by name, and a hostile component may make both long.
class NameIndex {
 public:
  explicit NameIndex(Allocator& allocator) noexcept : order_(allocator) {}

  // `name_of(i)` gives the name of item i < count; the items must outlive the index.
  template <typename NameOf>
  Result<void> build(std::size_t count, NameOf name_of) noexcept {
    order_.clear();
    WRT_TRY(order_.reserve(count));
    for (std::size_t i = 0; i < count; ++i) WRT_TRY(order_.push_back(Item{name_of(i), static_cast<std::uint32_t>(i)}));
    std::sort(order_.begin(), order_.end(), [](const Item& a, const Item& b) {
      return a.name != b.name ? a.name < b.name : a.index < b.index;
    });
    return {};
  }
  // The first item with this name, or -1.
  [[nodiscard]] std::int64_t find(std::string_view name) const noexcept {
    const Item* it = std::lower_bound(order_.begin(), order_.end(), name,
                                      [](const Item& item, std::string_view key) { return item.name < key; });
    if (it == order_.end() || it->name != name) return -1;
    return it->index;
  }

 private:
  struct Item {
    std::string_view name;
    std::uint32_t index = 0;
  };
  Vec<Item> order_;
};

}  // namespace wrt::component::detail
