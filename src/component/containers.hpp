// Small hash containers the component validator needs: a map of 32-bit ids and a set of
// strings. Open addressing over a Vec, so every allocation can fail cleanly and nothing
// recurses.
#pragma once

#include <cstdint>
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

}  // namespace wrt::component::detail
