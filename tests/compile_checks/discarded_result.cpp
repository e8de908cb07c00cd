#include <wrt/error.hpp>

wrt::Result<int> produce();

void consume() {
#ifdef WRT_CONTROL
  (void)produce();
#else
  produce();  // must not compile: Result is [[nodiscard]]
#endif
}
