// The component binary reader's state, shared by its source files: binary_reader.cpp
// (preamble, sections, definitions) and binary_types.cpp (types and declarators).
#pragma once

#include <wrt/component/binary.hpp>

namespace wrt::component::detail {

class ComponentDecoder {
 public:
  ComponentDecoder(const ComponentDecodeOptions& options, ComponentDescription& out) noexcept
      : options_(options), limits_(options.limits), out_(out) {}

  // Decodes a component (preamble included) from `r` into components[node].
  Result<void> decode_component(ByteReader& r, std::uint32_t node, std::uint32_t depth) noexcept;

  // --- binary_types.cpp ---
  Result<std::uint32_t> read_type(ByteReader& r, std::uint32_t depth) noexcept;          // into types
  Result<std::uint32_t> read_core_type(ByteReader& r, std::uint32_t depth) noexcept;     // into core_types
  Result<ValTypeRef> read_valtype(ByteReader& r) noexcept;
  Result<ExternName> read_extern_name(ByteReader& r) noexcept;
  Result<ExternDesc> read_extern_desc(ByteReader& r) noexcept;
  Result<Alias> read_alias(ByteReader& r) noexcept;
  Result<SortIndex> read_sort_index(ByteReader& r) noexcept;
  Result<Sort> read_sort(ByteReader& r) noexcept;
  Result<Sort> read_core_sort(ByteReader& r) noexcept;

  // --- shared helpers ---
  Result<std::uint32_t> read_count(ByteReader& r, std::uint32_t limit, const char* what) noexcept;
  // An index that must fit the index spaces (< 2^31); larger ones are refused as too many.
  Result<std::uint32_t> read_index(ByteReader& r) noexcept;
  Result<bool> read_flag(ByteReader& r, const char* what) noexcept;  // 0x00 or 0x01
  static Error leading_byte(std::size_t at, std::uint8_t byte, const char* what) noexcept;

  // Room for `count` more (bounded by the bytes left). The vectors are pools shared by all
  // definitions, so growth is geometric: an exact reserve per definition made decoding
  // quadratic in the number of definitions.
  template <typename T>
  Result<void> reserve_for(Vec<T>& vec, std::uint32_t count, const ByteReader& r) noexcept {
    std::size_t bounded = count < r.remaining() ? count : r.remaining();
    return vec.reserve_more(bounded);
  }
  // Appends `items` to `pool` and returns where they start.
  template <typename T>
  Result<std::uint32_t> append_block(Vec<T>& pool, const Vec<T>& items) noexcept {
    auto first = static_cast<std::uint32_t>(pool.size());
    WRT_TRY(pool.reserve_more(items.size()));
    for (const T& item : items) WRT_TRY(pool.push_back(item));
    return first;
  }

  const ComponentDecodeOptions& options_;
  const ComponentLimits& limits_;
  ComponentDescription& out_;

 private:
  Result<void> decode_section(ByteReader& r, std::uint8_t id, std::uint32_t depth, Vec<Definition>& defs) noexcept;
  Result<void> decode_core_module(ByteReader& r, Vec<Definition>& defs) noexcept;
  Result<void> decode_nested_component(ByteReader& r, std::uint32_t depth, Vec<Definition>& defs) noexcept;
  Result<CoreInstanceDef> read_core_instance(ByteReader& r) noexcept;
  Result<InstanceDef> read_instance(ByteReader& r) noexcept;
  Result<CanonDef> read_canon(ByteReader& r) noexcept;
  Result<void> read_canon_options(ByteReader& r, CanonDef& canon) noexcept;
  Result<StartDef> read_start(ByteReader& r) noexcept;
  Result<ValueDef> read_value(ByteReader& r) noexcept;
  Result<ExportDef> read_export(ByteReader& r) noexcept;

  // --- binary_types.cpp ---
  Result<TypeDef> read_defvaltype(ByteReader& r, std::uint8_t code, std::size_t at) noexcept;
  Result<void> read_func_type(ByteReader& r, TypeDef& type) noexcept;
  Result<void> read_decls(ByteReader& r, TypeDef& type, bool component_type, std::uint32_t depth) noexcept;
  Result<void> read_labels(ByteReader& r, TypeDef& type, bool typed, bool optional_type) noexcept;
  Result<void> read_core_func_type(ByteReader& r, CoreTypeDef& type) noexcept;
  Result<void> read_module_type(ByteReader& r, CoreTypeDef& type, std::uint32_t depth) noexcept;
  Result<CoreExternDesc> read_core_extern(ByteReader& r) noexcept;
  Result<Limits> read_limits(ByteReader& r, bool& memory64, bool& shared, bool is_memory) noexcept;
  Result<std::string_view> read_label(ByteReader& r) noexcept;
};

}  // namespace wrt::component::detail
