// Feature names as the command line spells them (`wrt-run --enable/--disable`).
#include <wrt/decoder/types.hpp>

namespace wrt {

namespace {

bool same(const char* a, const char* b) noexcept {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

// Bit-field flags have no member pointers: each name has a setter.
struct NamedFeature {
  const char* name;
  void (*set)(Features&, bool);
  bool wasm3;  // part of the "3.0" group
};

#define WRT_FEATURE(text, field, wasm3) {text, [](Features& f, bool on) { f.field = on; }, wasm3}
constexpr NamedFeature kNamedFeatures[] = {
    WRT_FEATURE("sign-extension", sign_extension, false),
    WRT_FEATURE("saturating-float-to-int", saturating_float_to_int, false),
    WRT_FEATURE("multi-value", multi_value, false),
    WRT_FEATURE("mutable-globals", mutable_globals, false),
    WRT_FEATURE("reference-types", reference_types, false),
    WRT_FEATURE("bulk-memory", bulk_memory, false),
    WRT_FEATURE("simd", simd, false),
    WRT_FEATURE("tail-call", tail_call, true),
    WRT_FEATURE("exceptions", exceptions, true),
    WRT_FEATURE("legacy-exceptions", legacy_exceptions, true),
    WRT_FEATURE("function-references", function_references, true),
    WRT_FEATURE("extended-const", extended_const, true),
    WRT_FEATURE("multi-memory", multi_memory, true),
    WRT_FEATURE("memory64", memory64, true),
    WRT_FEATURE("relaxed-simd", relaxed_simd, true),
    WRT_FEATURE("custom-page-sizes", custom_page_sizes, false),
    WRT_FEATURE("threads", threads, false),
    WRT_FEATURE("wide-arithmetic", wide_arithmetic, false),
};
#undef WRT_FEATURE

}  // namespace

bool set_feature(Features& features, const char* name, bool on) noexcept {
  const bool group = same(name, "3.0");
  const bool all = same(name, "all");
  bool known = false;
  for (const NamedFeature& f : kNamedFeatures) {
    if (all || (group ? f.wasm3 : same(name, f.name))) {
      f.set(features, on);
      known = true;
    }
  }
  return known;
}

const char* feature_names() noexcept {
  return "sign-extension, saturating-float-to-int, multi-value, mutable-globals, reference-types, bulk-memory, "
         "simd, tail-call, exceptions, legacy-exceptions, function-references, extended-const, multi-memory, "
         "memory64, relaxed-simd, custom-page-sizes, threads, wide-arithmetic, 3.0 (every WebAssembly 3.0 proposal), all";
}

}  // namespace wrt
