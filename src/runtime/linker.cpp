#include <wrt/runtime/linker.hpp>

#include <wrt/runtime/module_code.hpp>
#include <wrt/runtime/thread.hpp>

namespace wrt {

Result<Linker::Name> Linker::store_name(std::string_view text) noexcept {
  Name name{static_cast<std::uint32_t>(names_.size()), static_cast<std::uint32_t>(text.size())};
  WRT_TRY(names_.append(std::span<const char>(text.data(), text.size())));
  return name;
}

Result<void> Linker::define(std::string_view module, std::string_view name, ExternVal value) noexcept {
  Entry entry{};
  entry.module = WRT_TRY(store_name(module));
  entry.name = WRT_TRY(store_name(name));
  entry.value = value;
  return entries_.push_back(entry);
}

Result<void> Linker::define_instance(std::string_view module, Instance& instance) noexcept {
  InstanceEntry entry{};
  entry.module = WRT_TRY(store_name(module));
  entry.instance = &instance;
  return instances_.push_back(entry);
}

Result<ExternVal> Linker::resolve(const Import& import) const noexcept {
  // Newest first: later definitions shadow earlier ones. Single definitions are looked at
  // before whole instances of the same module name.
  for (std::size_t i = entries_.size(); i-- > 0;) {
    const Entry& e = entries_[i];
    if (text(e.module) == import.module && text(e.name) == import.name) return e.value;
  }
  for (std::size_t i = instances_.size(); i-- > 0;) {
    const InstanceEntry& e = instances_[i];
    if (text(e.module) != import.module) continue;
    ExternVal value;
    if (e.instance->find_export(import.name, value)) return value;
  }
  return Error(ErrorCode::unknown_import)
      .append_detail(import.module)
      .append_detail(".")
      .append_detail(import.name)
      .at(import.offset);
}

Result<void> Linker::resolve_all(const ModuleDescription& module, Vec<ExternVal>& out) const noexcept {
  out.clear();
  WRT_TRY(out.reserve(module.imports.size()));
  for (const Import& import : module.imports) {
    ExternVal value = WRT_TRY(resolve(import));
    (void)out.push_back(value);  // reserved
  }
  return {};
}

Result<Instance*> Linker::instantiate(Store& store, ModuleCode& code, Thread& thread) const noexcept {
  Vec<ExternVal> imports(store.allocator());
  WRT_TRY(resolve_all(code.module(), imports).with_context("while linking imports"));
  return store.instantiate(code, imports.span(), thread);
}

}  // namespace wrt
