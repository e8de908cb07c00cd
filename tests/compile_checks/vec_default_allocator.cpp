#include <wrt/foundation/arena.hpp>
#include <wrt/foundation/vec.hpp>

std::size_t build(wrt::Arena& arena) {
#ifdef WRT_CONTROL
  wrt::Vec<int> v(arena);  // an explicit allocator works in every profile
#else
  (void)arena;
  wrt::Vec<int> v;  // needs the profile's default allocator
#endif
  return v.size();
}
