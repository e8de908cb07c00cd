// The component embedding API: Component, ComponentImports, ComponentInstance.
#include <wrt/api/api.hpp>
#include <wrt/api/component.hpp>
#include <wrt/component/wit.hpp>
#include <wrt/error/fmt.hpp>

namespace wrt {

namespace detail {

struct ComponentData {
  std::vector<std::uint8_t> bytes;
  component::ComponentDescription description;
  component::ComponentInfo info;
  ComponentOptions options;
};

// A host function the component calls: what its callback reaches through user_data.
struct HostFunctionRecord {
  ComponentHostFunction call;
  ComponentImports::AsyncCall async_call;  // an async host function
  ComponentImports::AsyncCancel async_cancel;
  std::weak_ptr<ComponentInstanceData> instance;  // what its ComponentReply completes through
};

struct ComponentInstanceData : std::enable_shared_from_this<ComponentInstanceData> {
  std::shared_ptr<ComponentData> component;
  std::unique_ptr<component::ComponentRuntime> runtime;
  component::InstanceExports* exports = nullptr;
  std::vector<std::unique_ptr<HostFunctionRecord>> host_functions;
  std::vector<std::shared_ptr<ResourceTableBase>> resources;          // kept alive while handles may exist
  std::vector<std::shared_ptr<ComponentInstanceData>> linked;         // instances whose exports are imported
  std::vector<std::unique_ptr<component::InstanceExports>> import_instances;
};

namespace {

void append(void* out, std::string_view text) { static_cast<std::string*>(out)->append(text); }

// `scope`: the component or instance type whose type names the text uses.
std::string wit_of(const component::TypeArena& types, component::TypeId type, component::TypeId scope = component::kNoType) {
  std::string text;
  component::WitOptions options;
  options.names_from = scope;
  component::print_wit(types, type, component::TextSink{&append, &text}, options);
  return text;
}

std::vector<ComponentItem> items_of(const component::TypeArena& types, std::span<const component::TypeEntry> entries,
                                    component::TypeId scope) {
  std::vector<ComponentItem> out;
  out.reserve(entries.size());
  for (const component::TypeEntry& e : entries) {
    ComponentItem item;
    item.name = std::string(e.name);
    item.kind = e.kind;
    // A type entry prints its definition, not its own name.
    item.wit = e.kind == component::ExternKind::core_module ? "core module"
               : e.kind == component::ExternKind::type      ? wit_of(types, e.type)
                                                            : wit_of(types, e.type, scope);
    out.push_back(std::move(item));
  }
  return out;
}

Result<void> host_trampoline(void* user_data, component::ComponentRuntime&, std::span<const ComponentValue> args,
                             std::span<ComponentValue> results) noexcept {
  auto* record = static_cast<HostFunctionRecord*>(user_data);
  // The API layer may throw (std::bad_alloc from the standard containers): a throw does not
  // cross into the runtime, it becomes a host error that traps the caller.
  try {
    return record->call(args, results);
  } catch (...) {
    return Error(ErrorCode::host_error, "a host function threw an exception");
  }
}

Result<void> async_host_trampoline(void* user_data, component::ComponentRuntime&, std::span<const ComponentValue> args,
                                   component::PendingHostCall call) noexcept {
  auto* record = static_cast<HostFunctionRecord*>(user_data);
  try {
    return record->async_call(args, call, record->instance);
  } catch (...) {
    return Error(ErrorCode::host_error, "a host function threw an exception");
  }
}

void async_cancel_trampoline(void* user_data, component::ComponentRuntime&, component::PendingHostCall call) noexcept {
  auto* record = static_cast<HostFunctionRecord*>(user_data);
  try {
    record->async_cancel(call, record->instance);
  } catch (...) {
    // Nothing to tell: the call stays pending, as if the host had not been told yet.
  }
}

Result<std::shared_ptr<ComponentInstanceData>> reply_instance(const std::weak_ptr<ComponentInstanceData>& instance) {
  std::shared_ptr<ComponentInstanceData> data = instance.lock();
  if (!data || !data->runtime) return Error(ErrorCode::invalid_argument, "the instance of this host call is gone");
  return data;
}

}  // namespace

Result<void> reply_complete(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call,
                            std::span<ComponentValue> results) {
  std::shared_ptr<ComponentInstanceData> data = WRT_TRY(reply_instance(instance));
  return data->runtime->complete(call, results);
}

Result<void> reply_cancelled(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call) {
  std::shared_ptr<ComponentInstanceData> data = WRT_TRY(reply_instance(instance));
  return data->runtime->complete_cancelled(call);
}

bool reply_cancel_requested(const std::weak_ptr<ComponentInstanceData>& instance, component::PendingHostCall call) {
  std::shared_ptr<ComponentInstanceData> data = instance.lock();
  return data && data->runtime && data->runtime->cancel_requested(call);
}

Result<void> check_signature(const component::TypeArena& types, component::TypeId type, const SignatureCheck& check,
                             std::string_view name) {
  if (check.matches(types, type)) return {};
  std::string expected = wit_of(types, type);
  return Error(ErrorCode::incompatible_import, "the C++ signature does not match the component's type")
      .append_detail(name)
      .append_detail(": C++ ")
      .append_detail(check.text)
      .append_detail(", component ")
      .append_detail(expected);
}

const component::TypeArena& instance_types(const ComponentInstanceData& data) noexcept { return data.runtime->types(); }

Result<void> call_entity(ComponentInstanceData& data, const component::RuntimeEntity& f, std::span<const ComponentValue> args,
                         std::span<ComponentValue> results) {
  return data.runtime->call(f, args, results);
}

Result<std::vector<ComponentValue>> take_args(std::initializer_list<ComponentArg> args) {
  std::vector<ComponentValue> values;
  values.reserve(args.size());
  for (const ComponentArg& a : args) values.push_back(WRT_TRY(a.take().with_context("in an argument")));
  return values;
}

std::shared_ptr<ComponentInstanceData> instance_data_of(component::ComponentRuntime* runtime) noexcept {
  if (runtime == nullptr || runtime->embedder_data() == nullptr) return nullptr;
  return static_cast<ComponentInstanceData*>(runtime->embedder_data())->shared_from_this();
}

Result<void> drop_guest_handle(ComponentInstanceData& owner, component::ResourceType* type, std::uint32_t rep) noexcept {
  ComponentValue handle = ComponentValue::own(type, rep);
  return owner.runtime->drop(handle);
}

namespace {

// A version "major.minor.patch[-pre][+build]": its three numbers (missing ones 0).
struct Version {
  std::uint64_t part[3] = {0, 0, 0};
  bool ok = false;
};

Version parse_version(std::string_view text) {
  Version v;
  std::size_t end = text.find_first_of("-+");
  std::string_view core = text.substr(0, end);
  for (int i = 0; i < 3; ++i) {
    std::size_t dot = core.find('.');
    std::string_view digits = core.substr(0, dot);
    if (digits.empty() || digits.size() > 18) return v;
    std::uint64_t n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return v;
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    v.part[i] = n;
    if (dot == std::string_view::npos) {
      v.ok = i == 2;
      return v;
    }
    core = core.substr(dot + 1);
  }
  return v;
}

}  // namespace

// Whether what the host defines under `defined` satisfies the import `imported`: the same name,
// or the same package and interface with a semver-compatible version (the same major version;
// for 0.x the same minor; for 0.0.x the same patch), or `defined` without a version at all.
// So a host implementing wasi:cli/environment@0.2.6 serves a component built against @0.2.0.
bool import_name_matches(std::string_view defined, std::string_view imported) {
  if (defined == imported) return true;
  std::size_t at_i = imported.find('@');
  if (at_i == std::string_view::npos) return false;
  std::size_t at_d = defined.find('@');
  if (defined.substr(0, at_d) != imported.substr(0, at_i)) return false;
  if (at_d == std::string_view::npos) return true;
  Version d = parse_version(defined.substr(at_d + 1));
  Version i = parse_version(imported.substr(at_i + 1));
  if (!d.ok || !i.ok) return false;
  if (d.part[0] != i.part[0]) return false;
  if (d.part[0] > 0) return true;
  if (d.part[1] != i.part[1]) return false;
  if (d.part[1] > 0) return true;
  return d.part[2] == i.part[2];
}

}  // namespace detail

// --- Component ---------------------------------------------------------------------------------

Result<Component> Component::from_owned_bytes(std::vector<std::uint8_t> bytes, const ComponentOptions& options) {
  auto data = std::make_shared<detail::ComponentData>();
  data->bytes = std::move(bytes);
  data->options = options;
  WRT_TRY(component::decode_and_validate_component(Bytes(data->bytes.data(), data->bytes.size()), options.decode,
                                                   data->description, data->info));
  return Component(std::move(data));
}

Result<Component> Component::from_bytes(std::span<const std::uint8_t> bytes, const ComponentOptions& options) {
  return from_owned_bytes(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), options);
}

Result<Component> Component::from_file(const std::string& path, const ComponentOptions& options) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  auto component = from_owned_bytes(std::move(*bytes), options);
  if (!component) {
    Error e = component.error();
    return e.with_context("in the component file").append_detail(" (").append_detail(path).append_detail(")");
  }
  return component;
}

const component::TypeArena& Component::types() const noexcept { return data_->info.types; }
component::TypeId Component::type() const noexcept { return data_->info.root; }

std::vector<ComponentItem> Component::imports() const {
  const component::TypeNode& root = types().peeled(type());
  return detail::items_of(types(), types().imports(root), type());
}

std::vector<ComponentItem> Component::exports() const {
  const component::TypeNode& root = types().peeled(type());
  return detail::items_of(types(), types().exports(root), type());
}

std::string Component::wit() const { return detail::wit_of(types(), type()); }

Result<ComponentInstance> Component::instantiate() const { return instantiate(ComponentImports{}); }

Result<ComponentInstance> Component::instantiate(const ComponentImports& imports, const InstanceLimits& limits) const {
  RuntimeLimits runtime_limits;
  runtime_limits.max_memory_pages = limits.max_memory_pages;
  runtime_limits.max_table_elements = limits.max_table_elements;
  runtime_limits.max_call_depth = limits.max_call_depth;
  runtime_limits.value_stack_slots = limits.max_stack_slots;
  auto data = std::make_shared<detail::ComponentInstanceData>();
  data->component = data_;
  data->runtime = std::make_unique<component::ComponentRuntime>(data_->description, data_->info, data_->options.decode.core,
                                                                default_allocator(), runtime_limits);
  component::ComponentRuntime& rt = *data->runtime;
  rt.set_embedder_data(data.get());
  const component::TypeArena& types = data_->info.types;
  const component::TypeNode& root = types.peeled(data_->info.root);

  auto find_function = [&](std::string_view interface, std::string_view name) -> const ComponentImports::Function* {
    // An exact definition wins over a semver-compatible one.
    const ComponentImports::Function* compatible = nullptr;
    for (const auto& f : imports.functions()) {
      if (f.name != name) continue;
      if (f.interface == interface) return &f;
      if (compatible == nullptr && detail::import_name_matches(f.interface, interface)) compatible = &f;
    }
    return compatible;
  };
  auto find_resource = [&](std::string_view interface, std::string_view name) -> const ComponentImports::ResourceDef* {
    const ComponentImports::ResourceDef* compatible = nullptr;
    for (const auto& r : imports.resources()) {
      if (r.name != name) continue;
      if (r.interface == interface) return &r;
      if (compatible == nullptr && detail::import_name_matches(r.interface, interface)) compatible = &r;
    }
    return compatible;
  };
  auto host_function = [&](const ComponentImports::Function& f, component::TypeId type,
                           std::string_view full_name) -> Result<component::RuntimeEntity> {
    WRT_TRY(detail::check_signature(types, type, f.check, full_name));
    auto record = std::make_unique<detail::HostFunctionRecord>();
    component::RuntimeEntity e;
    if (f.async_call) {
      record->async_call = f.async_call;
      record->async_cancel = f.async_cancel;
      record->instance = data;
      e = WRT_TRY(rt.async_host_function(type, &detail::async_host_trampoline, record.get(),
                                         f.async_cancel ? &detail::async_cancel_trampoline : nullptr));
    } else {
      record->call = f.call;
      e = WRT_TRY(rt.host_function(type, &detail::host_trampoline, record.get()));
    }
    data->host_functions.push_back(std::move(record));
    return e;
  };
  auto resource = [&](const ComponentImports::ResourceDef& r) {
    data->resources.push_back(r.table);
    component::RuntimeEntity e;
    e.kind = component::ExternKind::type;
    e.resource = r.table->type();
    return e;
  };
  auto missing = [](std::string_view what) {
    return Error(ErrorCode::unknown_import, "the component imports what was not defined").append_detail(what);
  };

  std::vector<component::NamedEntity> args;
  for (const component::TypeEntry& import : types.imports(root)) {
    std::string_view name = import.name;
    switch (import.kind) {
      case component::ExternKind::func: {
        const ComponentImports::Function* f = find_function("", name);
        if (f == nullptr) return missing(name);
        args.push_back({name, WRT_TRY(host_function(*f, import.type, name))});
        break;
      }
      case component::ExternKind::type: {
        const ComponentImports::ResourceDef* r = find_resource("", name);
        if (types.peeled(import.type).kind != component::NodeKind::resource) {
          component::RuntimeEntity e;
          e.kind = component::ExternKind::type;
          args.push_back({name, e});
        } else if (r == nullptr) {
          return missing(name);
        } else {
          args.push_back({name, resource(*r)});
        }
        break;
      }
      case component::ExternKind::instance: {
        // Another instance's exports, or host functions and resources defined under this name.
        const ComponentImports::InstanceDef* linked = nullptr;
        for (const auto& i : imports.instances()) {
          if (i.name == name) {
            linked = &i;
            break;
          }
          if (linked == nullptr && detail::import_name_matches(i.name, name)) linked = &i;
        }
        component::RuntimeEntity e;
        e.kind = component::ExternKind::instance;
        if (linked != nullptr) {
          data->linked.push_back(linked->instance);
          e.instance = linked->instance->exports;
          args.push_back({name, e});
          break;
        }
        auto bundle = std::make_unique<component::InstanceExports>(default_allocator());
        const component::TypeNode& instance_type = types.peeled(import.type);
        for (const component::TypeEntry& x : types.exports(instance_type)) {
          std::string full = std::string(name) + "#" + std::string(x.name);
          component::RuntimeEntity value;
          if (x.kind == component::ExternKind::func) {
            const ComponentImports::Function* f = find_function(name, x.name);
            if (f == nullptr) return missing(full);
            value = WRT_TRY(host_function(*f, x.type, full));
          } else if (x.kind == component::ExternKind::type) {
            value.kind = component::ExternKind::type;
            if (types.peeled(x.type).kind == component::NodeKind::resource) {
              const ComponentImports::ResourceDef* r = find_resource(name, x.name);
              if (r == nullptr) return missing(full);
              value = resource(*r);
            }
          } else {
            return Error(ErrorCode::not_supported, "the host cannot provide this kind of import yet:").append_detail(full);
          }
          if (!bundle->exports.push_back(component::NamedEntity{x.name, value})) return Error(ErrorCode::out_of_memory);
        }
        e.instance = bundle.get();
        data->import_instances.push_back(std::move(bundle));
        args.push_back({name, e});
        break;
      }
      default:
        return Error(ErrorCode::not_supported, "the host cannot provide this kind of import yet:").append_detail(name);
    }
  }
  data->exports = WRT_TRY(rt.instantiate(std::span<const component::NamedEntity>(args.data(), args.size())));
  return ComponentInstance(std::move(data));
}

// --- ComponentImports --------------------------------------------------------------------------

ComponentImports& ComponentImports::add(std::string_view interface, std::string_view name, ComponentHostFunction call,
                                        detail::SignatureCheck check) {
  Function f;
  f.interface = std::string(interface);
  f.name = std::string(name);
  f.call = std::move(call);
  f.check = std::move(check);
  functions_.push_back(std::move(f));
  return *this;
}

ComponentImports& ComponentImports::add_async(std::string_view interface, std::string_view name, AsyncCall call,
                                              AsyncCancel cancel, detail::SignatureCheck check) {
  Function f;
  f.interface = std::string(interface);
  f.name = std::string(name);
  f.check = std::move(check);
  f.async_call = std::move(call);
  f.async_cancel = std::move(cancel);
  functions_.push_back(std::move(f));
  return *this;
}

ComponentImports& ComponentImports::define_raw(std::string_view interface, std::string_view name, ComponentHostFunction function) {
  detail::SignatureCheck any;
  any.matches = [](const component::TypeArena& types, component::TypeId id) {
    return types.peeled(id).kind == component::NodeKind::func;
  };
  any.text = "func(...)";
  return add(interface, name, std::move(function), std::move(any));
}

void ComponentImports::add_resource(std::string_view interface, std::string_view name,
                                    std::shared_ptr<detail::ResourceTableBase> table) {
  resources_.push_back(ResourceDef{std::string(interface), std::string(name), std::move(table)});
}

ComponentImports& ComponentImports::define_instance(std::string_view name, const ComponentInstance& instance) {
  instances_.push_back(InstanceDef{std::string(name), instance.data()});
  return *this;
}

// --- ComponentInstance -------------------------------------------------------------------------

namespace {
Error moved_from() { return Error(ErrorCode::invalid_argument, "an empty ComponentInstance (moved from)"); }
}  // namespace

component::ComponentRuntime& ComponentInstance::runtime() const noexcept {
  if (!data_) panic("wrt::ComponentInstance::runtime on an empty instance (moved from)");
  return *data_->runtime;
}

Result<component::RuntimeEntity> ComponentInstance::function(std::string_view name) const {
  if (!data_) return moved_from();
  const component::InstanceExports& exports = *data_->exports;
  auto not_found = [&]() { return Error(ErrorCode::unknown_export, "no exported function named").append_detail(name); };
  auto as_function = [&](const component::RuntimeEntity* e) -> Result<component::RuntimeEntity> {
    if (e == nullptr) return not_found();
    if (e->kind != component::ExternKind::func) {
      return Error(ErrorCode::unknown_export, "the export is not a function:").append_detail(name);
    }
    return *e;
  };
  if (const component::RuntimeEntity* e = exports.find(name)) return as_function(e);
  // "interface#function", or the seed's "interface.function" (a dot that ends an instance name).
  auto in_instance = [&](std::string_view instance, std::string_view function) -> const component::RuntimeEntity* {
    const component::RuntimeEntity* i = exports.find(instance);
    if (i == nullptr || i->kind != component::ExternKind::instance || i->instance == nullptr) return nullptr;
    return i->instance->find(function);
  };
  if (std::size_t hash = name.find('#'); hash != std::string_view::npos) {
    return as_function(in_instance(name.substr(0, hash), name.substr(hash + 1)));
  }
  for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    if (const component::RuntimeEntity* e = in_instance(name.substr(0, dot), name.substr(dot + 1))) return as_function(e);
  }
  return not_found();
}

Result<std::vector<ComponentValue>> ComponentInstance::call(std::string_view name, std::span<const ComponentValue> args) {
  component::RuntimeEntity f = WRT_TRY(function(name));
  const component::TypeNode& ft = data_->runtime->types().peeled(f.type);
  std::vector<ComponentValue> results(ft.a == component::kNoType ? 0 : 1);
  WRT_TRY(data_->runtime->call(f, args, results).with_context("in a component call"));
  return results;
}

// --- async ---

bool ComponentCall::done() const noexcept { return instance_ && instance_->runtime->resolved(call_); }

Result<std::vector<ComponentValue>> ComponentCall::results() {
  if (!instance_ || taken_) return Error(ErrorCode::invalid_argument, "the call's results were taken already");
  if (!done()) return Error(ErrorCode::invalid_argument, "the call is not done: step the event loop");
  taken_ = true;
  WRT_TRY(instance_->runtime->finish(call_));
  return std::move(*results_);
}

Result<void> ComponentCall::cancel() {
  if (!instance_ || taken_) return Error(ErrorCode::invalid_argument, "the call is over");
  return instance_->runtime->cancel(call_);
}

Result<ComponentCall> ComponentInstance::start(std::string_view name, std::span<const ComponentValue> args) {
  component::RuntimeEntity f = WRT_TRY(function(name));
  const component::TypeNode& ft = data_->runtime->types().peeled(f.type);
  ComponentCall call;
  call.instance_ = data_;
  call.results_ = std::make_unique<std::vector<ComponentValue>>(ft.a == component::kNoType ? 0 : 1);
  call.call_ = WRT_TRY(data_->runtime->start_async(f, args, *call.results_).with_context("in a component call"));
  return call;
}

Result<component::LoopStatus> ComponentInstance::step() {
  if (!data_) return moved_from();
  return data_->runtime->step();
}

Result<component::LoopStatus> ComponentInstance::run_until_idle() {
  if (!data_) return moved_from();
  return data_->runtime->run_until_idle();
}

namespace detail {

Result<component::HostCopy> host_copy(ComponentInstanceData& data, component::HostEnd end, void* items, std::uint32_t count) {
  if (end.end == nullptr) return Error(ErrorCode::invalid_argument, "the stream end is closed");
  return data.runtime->copy(end, items, count);
}
Result<component::HostCopy> host_copy_values(ComponentInstanceData& data, component::HostEnd end, std::span<ComponentValue> values) {
  if (end.end == nullptr) return Error(ErrorCode::invalid_argument, "the stream end is closed");
  return data.runtime->copy_values(end, values);
}
Result<component::HostCopy> host_poll(ComponentInstanceData& data, component::HostEnd end) {
  if (end.end == nullptr) return Error(ErrorCode::invalid_argument, "the stream end is closed");
  return data.runtime->poll(end);
}
Result<component::HostCopy> host_cancel(ComponentInstanceData& data, component::HostEnd end) {
  if (end.end == nullptr) return Error(ErrorCode::invalid_argument, "the stream end is closed");
  return data.runtime->cancel_copy(end);
}
Result<void> host_drop(ComponentInstanceData& data, component::HostEnd end) { return data.runtime->drop_end(end); }
std::uint32_t host_element_size(ComponentInstanceData& data, component::HostEnd end) { return data.runtime->element_size(end); }

namespace {
Result<component::HostEnd> sized(ComponentInstanceData& data, component::HostEnd end, std::size_t element_size) {
  const std::uint32_t have = data.runtime->element_size(end);
  if (have != element_size) {
    (void)data.runtime->drop_end(end);
    return Error(ErrorCode::invalid_argument, "the stream's elements are not of the size of the C++ type");
  }
  return end;
}
}  // namespace

Result<component::HostEnd> new_host_stream(ComponentInstanceData& data, const component::RuntimeEntity& f, std::size_t param,
                                           ComponentValue& readable, std::size_t element_size) {
  const component::TypeArena& types = data.runtime->types();
  std::span<const component::TypeItem> params = types.items(types.peeled(f.type));
  if (param >= params.size()) return Error(ErrorCode::invalid_argument, "the function has no such parameter");
  ComponentValue made;
  component::HostEnd end = WRT_TRY(data.runtime->new_stream(params[param].type, made));
  component::HostEnd checked = WRT_TRY(sized(data, end, element_size));  // `readable` untouched on failure
  readable = std::move(made);
  return checked;
}

Result<component::HostEnd> open_host_stream(ComponentInstanceData& data, ComponentValue& readable, std::size_t element_size) {
  component::HostEnd end = WRT_TRY(data.runtime->open_readable(readable));
  return sized(data, end, element_size);
}

namespace {
// An end whose element type is `element` (dropped when it is not).
Result<component::HostEnd> typed(ComponentInstanceData& data, component::HostEnd end, const SignatureCheck& element) {
  const component::TypeId type = data.runtime->element_type(end);
  if (type == component::kNoType || !element.matches(data.runtime->types(), type)) {
    std::string have = type == component::kNoType ? std::string("none") : wit_of(data.runtime->types(), type);
    (void)data.runtime->drop_end(end);
    return Error(ErrorCode::invalid_argument, "the stream's elements are not of the C++ type")
        .append_detail(have)
        .append_detail(" vs C++ ")
        .append_detail(element.text);
  }
  return end;
}
}  // namespace

Result<component::HostEnd> new_host_value_stream(ComponentInstanceData& data, const component::RuntimeEntity& f, std::size_t param,
                                                 ComponentValue& readable, const SignatureCheck& element) {
  const component::TypeArena& types = data.runtime->types();
  std::span<const component::TypeItem> params = types.items(types.peeled(f.type));
  if (param >= params.size()) return Error(ErrorCode::invalid_argument, "the function has no such parameter");
  ComponentValue made;
  component::HostEnd end = WRT_TRY(data.runtime->new_stream(params[param].type, made));
  component::HostEnd checked = WRT_TRY(typed(data, end, element));  // `readable` untouched on failure
  readable = std::move(made);
  return checked;
}

Result<component::HostEnd> open_host_value_stream(ComponentInstanceData& data, ComponentValue& readable, const SignatureCheck& element) {
  component::HostEnd end = WRT_TRY(data.runtime->open_readable(readable));
  return typed(data, end, element);
}

}  // namespace detail

Result<ComponentExecution> ComponentInstance::invoke(std::string_view name, std::span<const ComponentValue> args) {
  component::RuntimeEntity f = WRT_TRY(function(name));
  const component::TypeNode& ft = data_->runtime->types().peeled(f.type);
  std::vector<ComponentValue> results(ft.a == component::kNoType ? 0 : 1);
  ExecStatus status = WRT_TRY(data_->runtime->start(f, args, results).with_context("in a component call"));
  if (status != ExecStatus::completed) {
    pending_results_ = results.size();
    results.clear();
  }
  return ComponentExecution(status, std::move(results));
}

Result<ComponentExecution> ComponentInstance::resume() {
  if (!data_) return moved_from();
  std::vector<ComponentValue> results(pending_results_);
  ExecStatus status = WRT_TRY(data_->runtime->resume(results).with_context("in a component call"));
  if (status != ExecStatus::completed) results.clear();
  return ComponentExecution(status, std::move(results));
}

void ComponentInstance::cancel() noexcept {
  if (data_) data_->runtime->cancel();
}

bool ComponentInstance::suspended() const noexcept { return data_ && data_->runtime->suspended(); }

Result<void> ComponentInstance::drop(ComponentValue& handle) {
  if (!data_) return moved_from();
  return data_->runtime->drop(handle);
}

std::vector<ComponentItem> ComponentInstance::exports() const {
  std::vector<ComponentItem> out;
  if (!data_) return out;
  for (const component::NamedEntity& e : data_->exports->exports) {
    ComponentItem item;
    item.name = std::string(e.name);
    item.kind = e.entity.kind;
    item.wit = e.entity.kind == component::ExternKind::core_module ? "core module"
                                                                   : detail::wit_of(data_->runtime->types(), e.entity.type,
                                                                                    data_->component->info.root);
    out.push_back(std::move(item));
  }
  return out;
}

void ComponentInstance::set_fuel(std::uint64_t fuel) noexcept {
  if (data_) data_->runtime->thread().set_fuel(fuel);
}
void ComponentInstance::add_fuel(std::uint64_t fuel) noexcept {
  if (data_) data_->runtime->thread().add_fuel(fuel);
}
std::uint64_t ComponentInstance::fuel() const noexcept { return data_ ? data_->runtime->thread().fuel() : 0; }

}  // namespace wrt
