// Linker: resolves a module's imports by module name and field name.
//
// Definitions are single entities ("env" "log" -> a host function) or whole instances ("env" ->
// every export of an instance). A later definition of the same name shadows an earlier one.
// An import nothing defines fails with ErrorCode::unknown_import naming it; one defined with
// the wrong kind or type fails at instantiation with incompatible_import.
#pragma once

#include <string_view>

#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/vec.hpp>
#include <wrt/runtime/store.hpp>

namespace wrt {

class Thread;

class Linker {
 public:
  explicit Linker(Allocator& allocator) noexcept : names_(allocator), entries_(allocator), instances_(allocator) {}
#if WRT_HAS_DEFAULT_ALLOCATOR
  Linker() noexcept : Linker(default_allocator()) {}
#endif

  // Names are copied.
  Result<void> define(std::string_view module, std::string_view name, ExternVal value) noexcept;
  Result<void> define_instance(std::string_view module, Instance& instance) noexcept;

  // The definition of one import, or unknown_import.
  Result<ExternVal> resolve(const Import& import) const noexcept;
  // Every import of `module`, in its order.
  Result<void> resolve_all(const ModuleDescription& module, Vec<ExternVal>& out) const noexcept;
  // resolve_all + Store::instantiate.
  Result<Instance*> instantiate(Store& store, ModuleCode& code, Thread& thread) const noexcept;

 private:
  struct Name {
    std::uint32_t offset;
    std::uint32_t length;
  };
  struct Entry {
    Name module;
    Name name;
    ExternVal value;
  };
  struct InstanceEntry {
    Name module;
    Instance* instance;
  };
  Result<Name> store_name(std::string_view text) noexcept;
  [[nodiscard]] std::string_view text(Name name) const noexcept {
    return {names_.data() + name.offset, name.length};
  }

  Vec<char> names_;
  Vec<Entry> entries_;
  Vec<InstanceEntry> instances_;
};

}  // namespace wrt
