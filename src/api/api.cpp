#include <wrt/api/api.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_set>

#include <wrt/runtime/linker.hpp>
#include <wrt/text/text.hpp>
#include <wrt/runtime/module_code.hpp>
#include <wrt/validator/validator.hpp>

namespace wrt {

namespace detail {

struct ModuleData {
  std::vector<std::uint8_t> bytes;
  ModuleDescription description;
  ModuleCode* code = nullptr;
  ~ModuleData() { ModuleCode::destroy(code); }
};

struct HostFunctionData {
  Signature signature;
  HostFunction function;           // a C++ callable, or
  HostCallback native = nullptr;   // a runtime-level callback with its user data
  void* native_data = nullptr;
  std::shared_ptr<void> native_owner;  // keeps native_data alive, when the definer said how
};

// A host function as defined in one store: the user data of its FunctionInstance, so that the
// call knows the store it runs in (an ImportMap, and so a HostFunctionData, may serve several).
struct HostBinding {
  std::shared_ptr<HostFunctionData> data;
  StoreData* store = nullptr;
};

// A store and what must live as long as it: the modules its instances run and the closures of
// its host functions. Handles share it; the last one destroys the store.
struct StoreData : std::enable_shared_from_this<StoreData> {
  explicit StoreData(const RuntimeLimits& limits) : store(default_allocator(), limits) {}

  // Whether `function` is one of this store's functions. Only compares addresses, so a
  // reference whose store is gone is refused, not read. The index is built on first use (most
  // embedders never pass references in) and kept up to date after that.
  bool owns(const FunctionInstance* function) {
    if (!indexed) {
      for (const Instance* instance : instances) index_instance(*instance);
      for (const FunctionInstance* f : host_function_instances) function_index.insert(f);
      indexed = true;
    }
    return function_index.contains(function);
  }
  // Whether a reference value may enter this store: non-references and nulls always may.
  bool accepts(const Value& value) {
    return !is_reference(value.type()) || top_heap(heap_kind(value.type())) != HeapKind::func || value.is_null() ||
           owns(value.as_funcref());
  }
  void add_instance(Instance& instance) {
    instances.push_back(&instance);
    if (indexed) index_instance(instance);
  }
  void add_host_function(FunctionInstance& function) {
    host_function_instances.push_back(&function);
    if (indexed) function_index.insert(&function);
  }

  Store store;
  std::vector<std::shared_ptr<ModuleData>> modules;
  std::vector<std::unique_ptr<HostBinding>> host_bindings;
  std::vector<std::shared_ptr<HostFunctionData>> native_functions;

 private:
  void index_instance(const Instance& instance) {
    for (std::uint32_t i = 0; i < instance.module().function_count(); ++i) function_index.insert(instance.function(i));
  }
  std::vector<const Instance*> instances;
  std::vector<const FunctionInstance*> host_function_instances;
  std::unordered_set<const FunctionInstance*> function_index;
  bool indexed = false;
};

// What a ModuleInstance is: its store, its Instance in that store, and the Thread its calls run
// on. The ModuleInstance and the TypedFuncs made from it share it.
struct InstanceData {
  std::shared_ptr<StoreData> store;
  std::shared_ptr<ModuleData> module;
  Instance* instance = nullptr;
  std::unique_ptr<Thread> thread;  // declared after the store: destroyed before it
  std::size_t pending_results = 0;  // result count of the suspended invoke

  // A host function may drop the last handle of the instance whose call it is part of; the
  // data then lives until that call returns. Calls in progress are counted here rather than
  // by copying the shared_ptr, whose atomic count would cost a call about as much as the call.
  std::uint32_t calls_in_progress = 0;
  bool orphaned = false;  // the last handle went during a call

  static std::shared_ptr<InstanceData> make() {
    return std::shared_ptr<InstanceData>(new InstanceData(), [](InstanceData* data) noexcept {
      if (data->calls_in_progress != 0) {
        data->orphaned = true;
      } else {
        delete data;
      }
    });
  }
};

// Keeps an InstanceData alive for the duration of a call.
class CallInProgress {
 public:
  explicit CallInProgress(InstanceData& data) noexcept : data_(data) { ++data_.calls_in_progress; }
  ~CallInProgress() {
    if (--data_.calls_in_progress == 0 && data_.orphaned) delete &data_;
  }
  CallInProgress(const CallInProgress&) = delete;
  CallInProgress& operator=(const CallInProgress&) = delete;

 private:
  InstanceData& data_;
};

}  // namespace detail

// --- Module --------------------------------------------------------------------------------

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  constexpr std::uintmax_t kMaxFileSize = std::uintmax_t{1} << 30;  // DecodeLimits::max_module_size
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec) return Error(ErrorCode::io_error, "cannot read the file").append_detail(ec.message());
  if (std::filesystem::is_directory(status)) {
    return Error(ErrorCode::io_error, "cannot read the file").append_detail("it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::io_error, "cannot read the file").append_detail(std::strerror(errno));
  std::vector<std::uint8_t> bytes;
  if (std::filesystem::is_regular_file(status)) {  // sized up front, read at once
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) return Error(ErrorCode::io_error, "cannot read the file").append_detail(ec.message());
    if (size > kMaxFileSize) return Error(ErrorCode::limit_exceeded, "the file is larger than 1 GiB");
    bytes.resize(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
      return Error(ErrorCode::io_error, "cannot read the file").append_detail("short read");
    }
    return bytes;
  }
  // A pipe or device (`wrt-run /dev/stdin`): read in chunks, up to the same bound.
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.insert(bytes.end(), chunk, chunk + in.gcount());
    if (bytes.size() > kMaxFileSize) return Error(ErrorCode::limit_exceeded, "the file is larger than 1 GiB");
  }
  if (in.bad()) return Error(ErrorCode::io_error, "cannot read the file").append_detail(std::strerror(errno));
  return bytes;
}


Result<Module> Module::from_bytes(std::span<const std::uint8_t> bytes, const ModuleOptions& options) {
  return from_owned_bytes(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), options);
}

Result<Module> Module::from_text(std::string_view text, const ModuleOptions& options) {
  text::BinaryResult parsed = text::parse_module(text);
  if (!parsed.ok()) return Error(ErrorCode::malformed, "malformed text").append_detail(parsed.error->to_string());
  return from_owned_bytes(std::move(parsed.binary), options);
}

Result<Module> Module::from_owned_bytes(std::vector<std::uint8_t> bytes, const ModuleOptions& options) {
  auto data = std::make_shared<detail::ModuleData>();
  data->bytes = std::move(bytes);
  const Bytes view(data->bytes.data(), data->bytes.size());
  if (options.lazy_validation && !options.eager_translation) {
    WRT_TRY(decode_module(view, options.decode, data->description));
    WRT_TRY(validate_module_structure(data->description, options.decode));
  } else {
    WRT_TRY(decode_and_validate(view, options.decode, data->description));
  }
  data->code = WRT_TRY(ModuleCode::create(data->description, options.decode, default_allocator()));
  if (options.eager_translation) WRT_TRY(data->code->translate_all(false));
  return Module(std::move(data));
}

Result<Module> Module::from_file(const std::string& path, const ModuleOptions& options) {
  Result<std::vector<std::uint8_t>> bytes = read_file(path);
  if (!bytes) return Error(bytes.error()).with_subject(path);
  Result<Module> module = from_owned_bytes(std::move(*bytes), options);
  if (!module) return Error(module.error()).with_subject(path);
  return module;
}

const ModuleDescription& Module::description() const noexcept { return data_->description; }
std::size_t Module::size_bytes() const noexcept { return data_->bytes.size(); }
ModuleCode& Module::code() const noexcept { return *data_->code; }

// --- handles -------------------------------------------------------------------------------

Result<void> Memory::read(std::uint64_t offset, std::span<std::uint8_t> out) const noexcept {
  std::span<std::uint8_t> source = WRT_TRY(memory_->view(offset, out.size()));
  if (!out.empty()) std::memcpy(out.data(), source.data(), out.size());
  return {};
}

Result<void> Memory::write(std::uint64_t offset, std::span<const std::uint8_t> bytes) noexcept {
  std::span<std::uint8_t> target = WRT_TRY(memory_->view(offset, bytes.size()));
  if (!bytes.empty()) std::memcpy(target.data(), bytes.data(), bytes.size());
  return {};
}

Result<std::string_view> Memory::string(std::uint64_t offset, std::uint64_t length) const noexcept {
  std::span<std::uint8_t> bytes = WRT_TRY(memory_->view(offset, length));
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<std::uint64_t> Memory::grow(std::uint64_t pages) noexcept {
  std::int64_t old = memory_->grow(pages);
  if (old < 0) return Error(ErrorCode::limit_exceeded, "memory cannot grow that far");
  return static_cast<std::uint64_t>(old);
}

namespace {
Error foreign_reference() {
  return Error(ErrorCode::invalid_argument, "a function reference of another store (or of one that is gone)");
}
// Whether `value` may be stored in an object of `owner`'s store (a handle without an owner was
// made from a runtime object: unchecked).
bool accepted_by(const std::shared_ptr<detail::StoreData>& owner, const Value& value) {
  return owner == nullptr || owner->accepts(value);
}
}  // namespace

Result<void> Global::set(const Value& value) noexcept {
  if (!global_->type().is_mutable) return Error(ErrorCode::invalid_argument, "the global is immutable");
  if (!value_fits_in(value, global_->type().type, global_->type_module())) return Error(ErrorCode::invalid_argument, "value of the wrong type");
  if (!accepted_by(owner_, value)) return foreign_reference();
  global_->set(value);
  return {};
}

Result<Value> Table::get(std::uint32_t index) const noexcept {
  if (index >= table_->size()) return Error(ErrorCode::out_of_bounds_table);
  return Value::from_slots(table_->type().element, std::array<Slot, 2>{table_->get(index), 0}.data());
}

Result<void> Table::set(std::uint32_t index, const Value& value) noexcept {
  if (index >= table_->size()) return Error(ErrorCode::out_of_bounds_table);
  if (!value_fits_in(value, table_->type().element, table_->type_module())) return Error(ErrorCode::invalid_argument, "value of the wrong type");
  if (!accepted_by(owner_, value)) return foreign_reference();
  table_->set(index, value.ref_bits());
  return {};
}

Result<std::uint32_t> Table::grow(std::uint32_t delta, const Value& init) noexcept {
  if (!value_fits_in(init, table_->type().element, table_->type_module())) return Error(ErrorCode::invalid_argument, "value of the wrong type");
  if (!accepted_by(owner_, init)) return foreign_reference();
  std::int64_t old = table_->grow(delta, init.ref_bits());
  if (old < 0) return Error(ErrorCode::limit_exceeded, "table cannot grow that far");
  return static_cast<std::uint32_t>(old);
}

Result<Memory> Caller::memory() const noexcept {
  MemoryInstance* memory = call_.memory();
  if (memory == nullptr) return Error(ErrorCode::unknown_export, "the caller has no memory");
  return Memory(*memory, store_ != nullptr ? store_->shared_from_this() : nullptr);
}

Result<Memory> Caller::memory(std::uint32_t index) const noexcept {
  Instance* caller = call_.caller();
  if (caller == nullptr || index >= caller->memory_count()) {
    return Error(ErrorCode::unknown_export, "the caller has no memory").append_detail_number(index);
  }
  return Memory(*caller->memory(index), store_ != nullptr ? store_->shared_from_this() : nullptr);
}

// --- host functions ------------------------------------------------------------------------

// Exception handling -----------------------------------------------------------------------

Result<Tag> Caller::tag(std::string_view name) const noexcept {
  Instance* caller = call_.caller();
  ExternVal value;
  if (caller == nullptr || !caller->find_export(name, value) || value.kind != ExternKind::tag) {
    return Error(ErrorCode::unknown_export, "the caller exports no tag named").append_detail(name);
  }
  return Tag(*value.as_tag(), store_ != nullptr ? store_->shared_from_this() : nullptr);
}

Error Caller::throw_exception(const Tag& tag, std::span<const Value> payload) const noexcept {
  if (store_ == nullptr) return Error(ErrorCode::host_error, "throw_exception outside a call");
  for (const Value& v : payload) {
    if (!store_->accepts(v)) return Error(ErrorCode::host_error, "an exception payload holds a function of another store");
  }
  Result<ExceptionInstance*> exception = store_->store.create_exception(tag.raw(), payload);
  if (!exception) return Error(exception.error()).with_context("throwing an exception from a host function");
  return call_.throw_exception(**exception);
}

namespace {

// Between the interpreter and a host function given as a C++ callable: values in and out,
// suspension, and no C++ exception ever crosses into the interpreter.
Result<HostAction> host_trampoline(HostCall& call) noexcept {
  auto* binding = static_cast<detail::HostBinding*>(call.user_data());
  // The store outlives the call even if the host function drops every handle to it: the call
  // in progress keeps its instance's data, and so the store, alive.
  detail::StoreData* store = binding->store;
  detail::HostFunctionData* data = binding->data.get();
  const FuncType type = call.type();
  std::vector<Value> args(type.params.size());
  for (std::size_t i = 0; i < args.size(); ++i) args[i] = call.arg(i);
  std::vector<Value> results(type.results.size());
  for (std::size_t i = 0; i < results.size(); ++i) results[i] = Value::zero(type.results[i]);
  Caller caller(call, store);
  try {
    Result<void> r = data->function(caller, args, results);
    if (!r) return r.error();
  } catch (const std::exception& e) {
    return Error(ErrorCode::host_error, "a host function threw an exception").append_detail(e.what());
  } catch (...) {
    return Error(ErrorCode::host_error, "a host function threw an exception");
  }
  if (caller.suspending()) return HostAction::suspend;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!value_fits_in(results[i], type.results[i], nullptr)) {
      return Error(ErrorCode::host_error, "a host function returned a value of the wrong type").append_detail_number(i);
    }
    if (!store->accepts(results[i])) {
      return Error(ErrorCode::host_error, "a host function returned a function reference of another store");
    }
    call.set_result(i, results[i]);
  }
  return HostAction::done;
}

}  // namespace

// --- ImportMap -----------------------------------------------------------------------------

struct ImportMap::Entry {
  std::string module;
  std::string name;
  std::shared_ptr<detail::HostFunctionData> host;       // a host function, or:
  ExternVal value;                                       // an object of another instance, or
  std::shared_ptr<detail::InstanceData> instance;        // a whole instance
  std::shared_ptr<detail::StoreData> owner;              // the store of value or instance
  bool empty_instance = false;                           // define_instance got a moved-from one
};

ImportMap::ImportMap() = default;
ImportMap::~ImportMap() = default;
ImportMap::ImportMap(ImportMap&&) noexcept = default;
ImportMap& ImportMap::operator=(ImportMap&&) noexcept = default;
ImportMap::ImportMap(const ImportMap&) = default;
ImportMap& ImportMap::operator=(const ImportMap&) = default;

ImportMap& ImportMap::define_raw(std::string module, std::string name, Signature signature, HostFunction function) {
  Entry e;
  e.module = std::move(module);
  e.name = std::move(name);
  e.host = std::make_shared<detail::HostFunctionData>(detail::HostFunctionData{std::move(signature), std::move(function), nullptr, nullptr, nullptr});
  entries_.push_back(std::move(e));
  return *this;
}

ImportMap& ImportMap::define_native(std::string module, std::string name, Signature signature, HostCallback callback,
                                    void* user_data, std::shared_ptr<void> keep_alive) {
  Entry e;
  e.module = std::move(module);
  e.name = std::move(name);
  e.host = std::make_shared<detail::HostFunctionData>(
      detail::HostFunctionData{std::move(signature), {}, callback, user_data, std::move(keep_alive)});
  entries_.push_back(std::move(e));
  return *this;
}

namespace {
template <typename Entry>
Entry object_entry(std::string module, std::string name, ExternVal value, const std::shared_ptr<detail::StoreData>& owner) {
  Entry e;
  e.module = std::move(module);
  e.name = std::move(name);
  e.value = value;
  e.owner = owner;
  return e;
}
}  // namespace

ImportMap& ImportMap::define(std::string module, std::string name, const Memory& memory) {
  entries_.push_back(object_entry<Entry>(std::move(module), std::move(name), ExternVal::memory(memory.memory_), memory.owner_));
  return *this;
}
ImportMap& ImportMap::define(std::string module, std::string name, const Tag& tag) {
  entries_.push_back(object_entry<Entry>(std::move(module), std::move(name), ExternVal::tag(tag.tag_), tag.owner_));
  return *this;
}
ImportMap& ImportMap::define(std::string module, std::string name, const Global& global) {
  entries_.push_back(object_entry<Entry>(std::move(module), std::move(name), ExternVal::global(global.global_), global.owner_));
  return *this;
}
ImportMap& ImportMap::define(std::string module, std::string name, const Table& table) {
  entries_.push_back(object_entry<Entry>(std::move(module), std::move(name), ExternVal::table(table.table_), table.owner_));
  return *this;
}
ImportMap& ImportMap::define(std::string module, std::string name, const Function& function) {
  entries_.push_back(
      object_entry<Entry>(std::move(module), std::move(name), ExternVal::function(function.function_), function.owner_));
  return *this;
}
ImportMap& ImportMap::define_instance(std::string module, const ModuleInstance& instance) {
  Entry e;
  e.module = std::move(module);
  e.instance = instance.data_;
  e.owner = instance.data_ != nullptr ? instance.data_->store : nullptr;
  e.empty_instance = instance.data_ == nullptr;
  entries_.push_back(std::move(e));
  return *this;
}

// --- ModuleInstance ------------------------------------------------------------------------

ModuleInstance::ModuleInstance(ModuleInstance&&) noexcept = default;
ModuleInstance& ModuleInstance::operator=(ModuleInstance&&) noexcept = default;
ModuleInstance::~ModuleInstance() = default;

namespace {
Error empty_instance() {
  return Error(ErrorCode::invalid_argument, "the instance is empty (moved from)");
}
}  // namespace

Result<ModuleInstance> ModuleInstance::create(const Module& module, const ImportMap& imports, const InstanceLimits& limits) {
  RuntimeLimits runtime_limits;
  runtime_limits.max_memory_pages = limits.max_memory_pages;
  runtime_limits.max_table_elements = limits.max_table_elements;
  runtime_limits.max_call_depth = limits.max_call_depth;
  runtime_limits.value_stack_slots = limits.max_stack_slots;

  // Instances that import from each other share a store; objects of one instance can only be
  // used in its store. An instance imported from decides the store.
  std::shared_ptr<detail::StoreData> store;
  for (const ImportMap::Entry& e : imports.entries_) {
    if (e.host != nullptr) continue;
    if (e.empty_instance) {
      return Error(ErrorCode::invalid_argument, "define_instance was given an empty (moved-from) instance")
          .append_detail(e.module);
    }
    if (e.owner == nullptr) {
      return Error(ErrorCode::invalid_argument, "an imported object must come from an instance's exports")
          .append_detail(e.module).append_detail(".").append_detail(e.name);
    }
    if (store != nullptr && store != e.owner) {
      return Error(ErrorCode::invalid_argument, "imports come from instances of different stores");
    }
    store = e.owner;
  }
  if (store == nullptr) store = std::make_shared<detail::StoreData>(runtime_limits);

  Linker linker(default_allocator());
  for (const ImportMap::Entry& e : imports.entries_) {
    if (e.host != nullptr) {
      FuncType type{std::span<const ValType>(e.host->signature.params), std::span<const ValType>(e.host->signature.results)};
      FunctionInstance* f = nullptr;
      if (e.host->native != nullptr) {
        f = WRT_TRY(store->store.create_host_function(type, e.host->native, e.host->native_data));
        store->native_functions.push_back(e.host);
      } else {
        auto binding = std::make_unique<detail::HostBinding>(detail::HostBinding{e.host, store.get()});
        f = WRT_TRY(store->store.create_host_function(type, &host_trampoline, binding.get()));
        store->host_bindings.push_back(std::move(binding));
      }
      store->add_host_function(*f);
      WRT_TRY(linker.define(e.module, e.name, ExternVal::function(f)));
    } else if (e.instance != nullptr) {
      WRT_TRY(linker.define_instance(e.module, *e.instance->instance));
    } else {
      WRT_TRY(linker.define(e.module, e.name, e.value));
    }
  }

  auto data = detail::InstanceData::make();
  data->store = store;
  data->module = module.data_;
  data->thread = std::make_unique<Thread>(store->store);
  store->modules.push_back(module.data_);
  data->instance = WRT_TRY(linker.instantiate(store->store, *module.data_->code, *data->thread));
  store->add_instance(*data->instance);
  ModuleInstance instance;
  instance.data_ = std::move(data);
  return Result<ModuleInstance>(std::move(instance));
}

namespace {

// A call on `data`'s thread; `data` is kept alive by the caller for the whole call.
Result<Execution> invoke_on(detail::InstanceData& data, FunctionInstance& function,
                            const std::shared_ptr<detail::StoreData>& function_owner, std::span<const Value> args) {
  // A function of another store would run against this store's limits and objects it does
  // not own; an owner-less handle (made from a runtime object) is looked up instead.
  if (function_owner != nullptr ? function_owner != data.store : !data.store->owns(&function)) {
    return Error(ErrorCode::invalid_argument, "the function belongs to another store");
  }
  for (const Value& arg : args) {
    if (!data.store->accepts(arg)) return foreign_reference();
  }
  std::vector<Value> results(function.type().type.results.size());
  Result<ExecStatus> status = data.thread->invoke(function, args, results);
  if (!status) return status.error();
  if (*status != ExecStatus::completed) {
    data.pending_results = results.size();
    return Execution(*status, {});
  }
  return Execution(ExecStatus::completed, std::move(results));
}

Result<Execution> resume_on(detail::InstanceData& data) {
  std::vector<Value> results(data.pending_results);
  Result<ExecStatus> status = data.thread->resume(results);
  if (!status) return status.error();
  if (*status != ExecStatus::completed) return Execution(*status, {});
  return Execution(ExecStatus::completed, std::move(results));
}

}  // namespace

Result<Execution> ModuleInstance::invoke(const Function& function, std::span<const Value> args) {
  if (data_ == nullptr) return empty_instance();
  detail::InstanceData& data = *data_;  // `this` may be destroyed during the call
  const detail::CallInProgress call(data);
  return invoke_on(data, *function.function_, function.owner_, args);
}

Result<Execution> ModuleInstance::invoke(std::string_view name, std::span<const Value> args) {
  Function f = WRT_TRY(function(name));
  return invoke(f, args);
}

Result<Execution> ModuleInstance::resume() {
  if (data_ == nullptr) return empty_instance();
  if (data_->thread->has_pending_host_call()) {
    return Error(ErrorCode::invalid_argument, "a host function suspended the execution: resume_with its results");
  }
  detail::InstanceData& data = *data_;
  const detail::CallInProgress call(data);
  return resume_on(data);
}

Result<Execution> ModuleInstance::resume_with(std::span<const Value> host_results) {
  if (data_ == nullptr) return empty_instance();
  detail::InstanceData& data = *data_;
  const detail::CallInProgress in_progress(data);
  Thread& thread = *data.thread;
  if (!thread.suspended() || !thread.has_pending_host_call()) {
    return Error(ErrorCode::invalid_argument, "no host call is suspended");
  }
  HostCall call = thread.pending_host_call();
  const FuncType type = call.type();
  if (host_results.size() != type.results.size()) {
    return Error(ErrorCode::invalid_argument, "wrong number of results for the suspended host call");
  }
  for (std::size_t i = 0; i < host_results.size(); ++i) {
    if (!value_fits_in(host_results[i], type.results[i], nullptr)) {
      return Error(ErrorCode::invalid_argument, "result of the wrong type for the suspended host call");
    }
    if (!data.store->accepts(host_results[i])) return foreign_reference();
  }
  for (std::size_t i = 0; i < host_results.size(); ++i) call.set_result(i, host_results[i]);
  return resume_on(data);
}

std::vector<Value> ModuleInstance::pending_host_arguments() const {
  std::vector<Value> args;
  if (data_ == nullptr || !data_->thread->suspended() || !data_->thread->has_pending_host_call()) return args;
  HostCall call = data_->thread->pending_host_call();
  for (std::size_t i = 0; i < call.type().params.size(); ++i) args.push_back(call.arg(i));
  return args;
}

bool ModuleInstance::suspended() const noexcept { return data_ != nullptr && data_->thread->suspended(); }
void ModuleInstance::cancel() noexcept {
  if (data_ != nullptr) data_->thread->cancel();
}
void ModuleInstance::set_fuel(std::uint64_t fuel) noexcept {
  if (data_ != nullptr) data_->thread->set_fuel(fuel);
}
void ModuleInstance::add_fuel(std::uint64_t fuel) noexcept {
  if (data_ != nullptr) data_->thread->add_fuel(fuel);
}
void ModuleInstance::disable_fuel() noexcept {
  if (data_ != nullptr) data_->thread->disable_fuel();
}
std::uint64_t ModuleInstance::fuel() const noexcept { return data_ != nullptr ? data_->thread->fuel() : 0; }
const Backtrace& ModuleInstance::last_trap() const noexcept {
  static const Backtrace kNone{};
  return data_ != nullptr ? data_->thread->last_trap() : kNone;
}
Instance& ModuleInstance::raw() const noexcept {
  if (data_ == nullptr) panic("wrt::ModuleInstance::raw() on an empty (moved-from) instance");
  return *data_->instance;
}
Thread& ModuleInstance::thread() const noexcept {
  if (data_ == nullptr) panic("wrt::ModuleInstance::thread() on an empty (moved-from) instance");
  return *data_->thread;
}

Result<void> detail::call_to_completion(const std::shared_ptr<InstanceData>& instance, const Function& function,
                                        std::span<const Value> args, std::span<Value> results) {
  if (instance == nullptr) return empty_instance();
  InstanceData& data = *instance;  // the TypedFunc may be destroyed during the call
  const CallInProgress call(data);
  Execution execution = WRT_TRY(invoke_on(data, *function.function_, function.owner_, args));
  if (!execution.completed()) {
    data.thread->cancel();
    return Error(ErrorCode::out_of_fuel).append_detail("a typed call cannot suspend");
  }
  for (std::size_t i = 0; i < results.size() && i < execution.results().size(); ++i) results[i] = execution[i];
  return {};
}

namespace {
Result<ExternVal> find(const Instance& instance, std::string_view name, ExternKind kind) {
  ExternVal value;
  if (!instance.find_export(name, value)) return Error(ErrorCode::unknown_export).append_detail(name);
  if (value.kind != kind) {
    return Error(ErrorCode::unknown_export).append_detail(name).append_detail(" is a ").append_detail(name_of(value.kind));
  }
  return value;
}
}  // namespace

Result<Function> ModuleInstance::function(std::string_view name) const {
  if (data_ == nullptr) return empty_instance();
  ExternVal v = WRT_TRY(find(*data_->instance, name, ExternKind::function));
  return Function(*v.as_function(), data_->store);
}
Result<Memory> ModuleInstance::memory(std::string_view name) const {
  if (data_ == nullptr) return empty_instance();
  ExternVal v = WRT_TRY(find(*data_->instance, name, ExternKind::memory));
  return Memory(*v.as_memory(), data_->store);
}
Result<Memory> ModuleInstance::memory_at(std::uint32_t index) const {
  if (data_ == nullptr) return empty_instance();
  if (index >= data_->instance->memory_count()) {
    return Error(ErrorCode::invalid_argument, "no memory with this index").append_detail_number(index);
  }
  return Memory(*data_->instance->memory(index), data_->store);
}
std::uint32_t ModuleInstance::memory_count() const noexcept {
  return data_ == nullptr ? 0 : static_cast<std::uint32_t>(data_->instance->memory_count());
}
Result<Global> ModuleInstance::global(std::string_view name) const {
  if (data_ == nullptr) return empty_instance();
  ExternVal v = WRT_TRY(find(*data_->instance, name, ExternKind::global));
  return Global(*v.as_global(), data_->store);
}
Result<Tag> ModuleInstance::tag(std::string_view name) const {
  if (data_ == nullptr) return empty_instance();
  ExternVal v = WRT_TRY(find(*data_->instance, name, ExternKind::tag));
  return Tag(*v.as_tag(), data_->store);
}
std::optional<UncaughtException> ModuleInstance::uncaught_exception() const {
  if (data_ == nullptr) return std::nullopt;
  const ExceptionInstance* exception = data_->thread->uncaught_exception();
  if (exception == nullptr) return std::nullopt;
  UncaughtException out{Tag(exception->tag(), data_->store), {}};
  for (std::size_t i = 0; i < exception->payload_count(); ++i) out.payload.push_back(exception->payload(i));
  return out;
}
Result<Table> ModuleInstance::table(std::string_view name) const {
  if (data_ == nullptr) return empty_instance();
  ExternVal v = WRT_TRY(find(*data_->instance, name, ExternKind::table));
  return Table(*v.as_table(), data_->store);
}

}  // namespace wrt
