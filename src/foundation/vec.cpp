#include <wrt/foundation/vec.hpp>

namespace wrt::detail {

Result<std::size_t> vec_growth_target(std::size_t size, std::size_t capacity, std::size_t extra,
                                      std::size_t max_size) noexcept {
  std::size_t needed;
  if (add_overflow(size, extra, needed) || needed > max_size) return Error(ErrorCode::out_of_memory);
  std::size_t doubled = capacity < max_size / 2 ? capacity * 2 : max_size;
  std::size_t target = needed > doubled ? needed : doubled;
  return target < 4 ? std::size_t{4} : target;
}

Result<void> vec_reallocate(Allocator& allocator, void*& data, std::size_t& capacity, std::size_t new_capacity,
                            std::size_t element_size, std::size_t alignment) noexcept {
  // The callers bound new_capacity by max_size, so the byte counts cannot overflow.
  std::size_t bytes = new_capacity * element_size;
  void* fresh = data == nullptr ? allocator.allocate(bytes, alignment)
                                : allocator.reallocate(data, capacity * element_size, bytes, alignment);
  if (fresh == nullptr) return Error(ErrorCode::out_of_memory);
  data = fresh;
  capacity = new_capacity;
  return {};
}

void vec_free(Allocator& allocator, void* data, std::size_t bytes, std::size_t alignment) noexcept {
  if (data != nullptr) allocator.deallocate(data, bytes, alignment);
}

Result<void> vec_grow(Allocator& allocator, void*& data, std::size_t& capacity, std::size_t size, std::size_t extra,
                      std::size_t element_size, std::size_t alignment, std::size_t max_size) noexcept {
  std::size_t target = WRT_TRY(vec_growth_target(size, capacity, extra, max_size));
  return vec_reallocate(allocator, data, capacity, target, element_size, alignment);
}

}  // namespace wrt::detail
