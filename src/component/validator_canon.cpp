// Component validation: canonical definitions (CanonicalABI.md, "Canonical Definitions").
#include "component/validator_state.hpp"

namespace wrt::component::detail {

namespace {

constexpr unsigned kMaxFlatParams = 16;
constexpr unsigned kMaxFlatAsyncParams = 4;
constexpr unsigned kMaxFlatResults = 1;

ValType core_of(FlatType t) noexcept {
  switch (t) {
    case FlatType::i32: return ValType::i32;
    case FlatType::i64: return ValType::i64;
    case FlatType::f32: return ValType::f32;
    case FlatType::f64: return ValType::f64;
  }
  return ValType::i32;
}

struct Options {
  bool has_encoding = false;
  StringEncoding encoding = StringEncoding::utf8;
  bool has_memory = false;
  bool memory64 = false;
  bool has_realloc = false;
  bool has_post_return = false;
  std::uint32_t post_return = 0;
  std::uint32_t post_return_offset = 0;
  bool async = false;
  bool has_callback = false;
  std::uint32_t callback = 0;
  std::uint32_t callback_offset = 0;
};

// A flat signature being assembled.
struct FlatSignature {
  ValType params[kMaxFlatParams + 2] = {};
  unsigned param_count = 0;
  ValType results[kMaxFlatParams + 1] = {};
  unsigned result_count = 0;
  void param(ValType t) noexcept { params[param_count++] = t; }
  void result(ValType t) noexcept { results[result_count++] = t; }
};

}  // namespace

Result<void> Validator::canon(Scope& s, const CanonDef& def) noexcept {
  const std::uint32_t at = def.offset;
  std::span<const CanonOption> opts(d_.options.data() + def.first_option, def.option_count);
  Options o;
  // General option rules: each at most once, indices valid, signatures right.
  for (const CanonOption& opt : opts) {
    switch (opt.kind) {
      case CanonOptionKind::utf8:
      case CanonOptionKind::utf16:
      case CanonOptionKind::latin1_utf16:
        if (o.has_encoding) return invalid("canonical encoding option conflicts with a previous one", opt.offset);
        o.has_encoding = true;
        o.encoding = opt.kind == CanonOptionKind::utf8    ? StringEncoding::utf8
                     : opt.kind == CanonOptionKind::utf16 ? StringEncoding::utf16
                                                          : StringEncoding::latin1_utf16;
        break;
      case CanonOptionKind::memory: {
        if (o.has_memory) return invalid("canonical option `memory` is specified more than once", opt.offset);
        if (opt.index >= s.core_memories.size()) {
          return Error(ErrorCode::invalid, "memory index out of bounds").at(opt.offset).append_detail_number(opt.index);
        }
        const CoreItem& m = s.core_memories[opt.index];
        if (m.memory64 && !options_.features.rep_i64) return invalid("canonical option `memory` must be a 32-bit memory", opt.offset);
        o.has_memory = true;
        o.memory64 = m.memory64;
        break;
      }
      case CanonOptionKind::realloc:
        if (o.has_realloc) return invalid("canonical option `realloc` is specified more than once", opt.offset);
        if (opt.index >= s.core_funcs.size()) {
          return Error(ErrorCode::invalid, "function index out of bounds").at(opt.offset).append_detail_number(opt.index);
        }
        o.has_realloc = true;
        break;
      case CanonOptionKind::post_return:
        if (o.has_post_return) return invalid("canonical option `post-return` is specified more than once", opt.offset);
        if (opt.index >= s.core_funcs.size()) {
          return Error(ErrorCode::invalid, "function index out of bounds").at(opt.offset).append_detail_number(opt.index);
        }
        o.has_post_return = true;
        o.post_return = opt.index;
        o.post_return_offset = opt.offset;
        break;
      case CanonOptionKind::async:
        if (!options_.features.async) return invalid("the `async` option requires the 🔀 feature", opt.offset);
        if (o.async) return invalid("canonical option `async` is specified more than once", opt.offset);
        o.async = true;
        break;
      case CanonOptionKind::callback:
        if (o.has_callback) return invalid("canonical option `callback` is specified more than once", opt.offset);
        if (opt.index >= s.core_funcs.size()) {
          return Error(ErrorCode::invalid, "function index out of bounds").at(opt.offset).append_detail_number(opt.index);
        }
        o.has_callback = true;
        o.callback = opt.index;
        o.callback_offset = opt.offset;
        break;
    }
  }
  const ValType ptr = o.memory64 ? ValType::i64 : ValType::i32;
  // realloc's signature, once the memory's address type is known.
  for (const CanonOption& opt : opts) {
    if (opt.kind != CanonOptionKind::realloc) continue;
    if (!o.has_memory) return invalid("canonical option `realloc` requires `memory` to also be specified", opt.offset);
    const TypeNode& f = node(s.core_funcs[opt.index]);
    auto p = types_.core_params(f);
    auto r = types_.core_results(f);
    if (p.size() != 4 || r.size() != 1 || p[0] != ptr || p[1] != ptr || p[2] != ptr || p[3] != ptr || r[0] != ptr) {
      return invalid("canonical option `realloc` uses a core function with an incorrect signature", opt.offset);
    }
  }
  if (o.has_callback) {
    const TypeNode& f = node(s.core_funcs[o.callback]);
    auto p = types_.core_params(f);
    auto r = types_.core_results(f);
    if (p.size() != 3 || r.size() != 1 || p[0] != ValType::i32 || p[1] != ValType::i32 || p[2] != ValType::i32 ||
        r[0] != ValType::i32) {
      return invalid("canonical option `callback` uses a core function with an incorrect signature", o.callback_offset);
    }
    if (!o.async) return invalid("canonical option `callback` requires `async`", o.callback_offset);
  }
  if (o.async && o.has_post_return) return invalid("canonical options `async` and `post-return` exclude each other", at);

  auto only = [&](bool memory, bool encoding, bool realloc, bool async) -> Result<void> {
    if ((o.has_memory && !memory) || (o.has_encoding && !encoding) || (o.has_realloc && !realloc) ||
        (o.async && !async) || o.has_post_return || o.has_callback) {
      return invalid("a canonical option is not allowed on this built-in", at);
    }
    return {};
  };
  auto require_memory = [&]() -> Result<void> {
    if (!o.has_memory) return invalid("canonical option `memory` is required", at);
    return {};
  };
  auto require_realloc = [&]() -> Result<void> {
    WRT_TRY(require_memory());
    if (!o.has_realloc) return invalid("canonical option `realloc` is required", at);
    return {};
  };
  auto push_core = [&](std::initializer_list<ValType> params, std::initializer_list<ValType> results) -> Result<void> {
    TypeId t = WRT_TRY(core_func_type(std::span<const ValType>(params.begin(), params.size()),
                                      std::span<const ValType>(results.begin(), results.size())));
    return s.core_funcs.push_back(t);
  };
  auto push_signature = [&](const FlatSignature& sig) -> Result<TypeId> {
    TypeId t = WRT_TRY(core_func_type(std::span<const ValType>(sig.params, sig.param_count),
                                      std::span<const ValType>(sig.results, sig.result_count)));
    return t;
  };
  // The flat types of a function type's parameters and result (memory32 or 64).
  auto flat_of = [&](TypeId t, ValType* out, unsigned& count, unsigned limit) {
    const TypeNode& n = peeled(t);
    unsigned c = o.memory64 ? n.flat_count64 : n.flat_count32;
    const FlatType* flat = o.memory64 ? n.flat64 : n.flat32;
    for (unsigned i = 0; i < c; ++i) {
      if (count < limit && i < kMaxFlat) out[count] = core_of(flat[i]);
      ++count;
    }
  };
  auto resource_at = [&](std::uint32_t index, bool local) -> Result<const TypeNode*> {
    TypeId t = WRT_TRY(type_at(s, index, at));
    const TypeNode& r = peeled(t);
    if (r.kind != NodeKind::resource) return Error(ErrorCode::invalid, "type is not a resource type: type index").at(at).append_detail_number(index);
    if (local && r.owner != s.id) return invalid("not a local resource: only the component that defines a resource can create it or see its representation", at);
    return &r;
  };
  auto stream_or_future_at = [&](std::uint32_t index, NodeKind kind) -> Result<const TypeNode*> {
    if (!options_.features.async) return invalid("streams and futures require the 🔀 feature", at);
    TypeId t = WRT_TRY(type_at(s, index, at));
    const TypeNode& n = peeled(t);
    if (n.kind != kind) return invalid(kind == NodeKind::stream ? "the type is not a stream type" : "the type is not a future type", at);
    return &n;
  };
  auto async_feature = [&]() -> Result<void> {
    if (!options_.features.async) return invalid("async built-ins require the 🔀 feature", at);
    return {};
  };
  auto thread_feature = [&]() -> Result<void> {
    if (!options_.features.threads) return invalid("thread built-ins require the 🧵 feature", at);
    return {};
  };

  switch (def.kind) {
    case CanonKind::lift: {
      if (def.func >= s.core_funcs.size()) return Error(ErrorCode::invalid, "function index out of bounds").at(at).append_detail_number(def.func);
      TypeId ft = WRT_TRY(func_type_at(s, def.type, at));
      const TypeNode& f = node(ft);
      if (o.async && !f.is_async) return invalid("the `async` canonical option requires an async function type", at);
      // What flows in (parameters) is written into the callee's memory: realloc; what flows
      // out (the result) is read from it: memory.
      FlatSignature sig;
      unsigned params = 0;
      std::uint32_t param_flags = 0;
      for (const TypeItem& p : types_.items(f)) {
        flat_of(p.type, sig.params, params, kMaxFlatParams + 1);
        param_flags |= peeled(p.type).flags;
      }
      unsigned results = 0;
      std::uint32_t result_flags = 0;
      if (f.a != kNoType) {
        flat_of(f.a, sig.results, results, kMaxFlatParams + 1);
        result_flags = peeled(f.a).flags;
      }
      if ((param_flags & kHasStringOrList) != 0 || params > kMaxFlatParams) WRT_TRY(require_realloc());
      unsigned max_results = o.async ? kMaxFlatParams : kMaxFlatResults;
      if ((result_flags & kHasStringOrList) != 0 || results > max_results) WRT_TRY(require_memory());
      if (params > kMaxFlatParams) {
        sig.param_count = 1;
        sig.params[0] = ptr;
      } else {
        sig.param_count = params;
      }
      if (o.async) {
        sig.result_count = 0;
        if (o.has_callback) sig.result(ValType::i32);
      } else if (results > kMaxFlatResults) {
        sig.result_count = 1;
        sig.results[0] = ptr;
      } else {
        sig.result_count = results;
      }
      TypeId expected = WRT_TRY(push_signature(sig));
      if (!core_func_types_equal(s.core_funcs[def.func], expected)) {
        return invalid("lowered parameter or result types do not match the lifted core function's type", at);
      }
      if (o.has_post_return) {
        const TypeNode& pr = node(s.core_funcs[o.post_return]);
        auto p = types_.core_params(pr);
        bool ok = pr.length == 0 && p.size() == sig.result_count;
        for (std::size_t i = 0; ok && i < p.size(); ++i) ok = p[i] == sig.results[i];
        if (!ok) return invalid("canonical option `post-return` uses a core function with an incorrect signature", o.post_return_offset);
      }
      return s.funcs.push_back(ft);
    }
    case CanonKind::lower: {
      if (def.func >= s.funcs.size()) return Error(ErrorCode::invalid, "function index out of bounds").at(at).append_detail_number(def.func);
      const TypeNode& f = peeled(s.funcs[def.func]);
      if (o.has_post_return) return invalid("canonical option `post-return` cannot be specified for lowerings", o.post_return_offset);
      if (o.has_callback) return invalid("canonical option `callback` cannot be specified for lowerings", o.callback_offset);
      if (o.async && !f.is_async) return invalid("the `async` canonical option requires an async function type", at);
      FlatSignature sig;
      unsigned params = 0;
      std::uint32_t param_flags = 0;
      for (const TypeItem& p : types_.items(f)) {
        flat_of(p.type, sig.params, params, kMaxFlatParams + 1);
        param_flags |= peeled(p.type).flags;
      }
      unsigned results = 0;
      ValType result_flat[kMaxFlatParams + 1] = {};
      std::uint32_t result_flags = 0;
      if (f.a != kNoType) {
        flat_of(f.a, result_flat, results, kMaxFlatParams + 1);
        result_flags = peeled(f.a).flags;
      }
      unsigned max_params = o.async ? kMaxFlatAsyncParams : kMaxFlatParams;
      unsigned max_results = o.async ? 0 : kMaxFlatResults;
      if ((param_flags & kHasStringOrList) != 0 || params > max_params) WRT_TRY(require_memory());
      if ((result_flags & kHasStringOrList) != 0) WRT_TRY(require_realloc());
      // (CanonicalABI.md asks for `memory` on every async lower; the conformance tests and
      // wasmtime require it only where the signature needs it: spilled parameters or a result.)
      if (results > max_results) WRT_TRY(require_memory());
      if (params > max_params) {
        sig.param_count = 1;
        sig.params[0] = ptr;
      } else {
        sig.param_count = params;
      }
      if (o.async) {
        if (results > 0) sig.param(ptr);
        sig.result(ValType::i32);
      } else if (results > kMaxFlatResults) {
        sig.param(ptr);
      } else {
        for (unsigned i = 0; i < results; ++i) sig.result(result_flat[i]);
      }
      TypeId t = WRT_TRY(push_signature(sig));
      return s.core_funcs.push_back(t);
    }
    case CanonKind::resource_new: {
      WRT_TRY(only(false, false, false, false));
      const TypeNode* r = WRT_TRY(resource_at(def.type, true));
      return push_core({r->rep}, {ValType::i32});
    }
    case CanonKind::resource_drop:
      WRT_TRY(only(false, false, false, false));
      WRT_TRY(resource_at(def.type, false));
      return push_core({ValType::i32}, {});
    case CanonKind::resource_rep: {
      WRT_TRY(only(false, false, false, false));
      const TypeNode* r = WRT_TRY(resource_at(def.type, true));
      return push_core({ValType::i32}, {r->rep});
    }
    case CanonKind::backpressure_inc:
    case CanonKind::backpressure_dec:
    case CanonKind::task_cancel:
      WRT_TRY(async_feature());
      return push_core({}, {});
    case CanonKind::task_return: {
      WRT_TRY(async_feature());
      WRT_TRY(only(true, true, false, false));
      FlatSignature sig;
      unsigned params = 0;
      if (def.has_result) {
        TypeId t = WRT_TRY(valtype(s, def.result, at));
        if ((peeled(t).flags & kHasBorrow) != 0) return invalid("a task result cannot contain a `borrow` type", at);
        flat_of(t, sig.params, params, kMaxFlatParams + 1);
        if ((peeled(t).flags & kHasStringOrList) != 0) WRT_TRY(require_memory());
      }
      if (params > kMaxFlatParams) {
        WRT_TRY(require_memory());
        sig.param_count = 1;
        sig.params[0] = ptr;
      } else {
        sig.param_count = params;
      }
      TypeId t = WRT_TRY(push_signature(sig));
      return s.core_funcs.push_back(t);
    }
    case CanonKind::context_get:
    case CanonKind::context_set:
      WRT_TRY(async_feature());
      if (def.context_type != ValType::i32) return invalid("context values are i32", at);
      if (def.context_index >= 2) return invalid("context index out of range (there are 2 slots)", at);
      if (def.kind == CanonKind::context_get) return push_core({}, {ValType::i32});
      return push_core({ValType::i32}, {});
    case CanonKind::subtask_cancel:
      WRT_TRY(async_feature());
      return push_core({ValType::i32}, {ValType::i32});
    case CanonKind::subtask_drop:
      WRT_TRY(async_feature());
      return push_core({ValType::i32}, {});
    case CanonKind::stream_new:
    case CanonKind::future_new:
      WRT_TRY(stream_or_future_at(def.type, def.kind == CanonKind::stream_new ? NodeKind::stream : NodeKind::future));
      return push_core({}, {ValType::i64});
    case CanonKind::stream_read:
    case CanonKind::stream_write:
    case CanonKind::future_read:
    case CanonKind::future_write: {
      const bool stream = def.kind == CanonKind::stream_read || def.kind == CanonKind::stream_write;
      const TypeNode* t = WRT_TRY(stream_or_future_at(def.type, stream ? NodeKind::stream : NodeKind::future));
      WRT_TRY(only(true, true, true, true));
      if (t->a != kNoType) {
        WRT_TRY(require_memory());
        const bool into_guest = def.kind == CanonKind::stream_read || def.kind == CanonKind::future_read;
        if (into_guest && (peeled(t->a).flags & kHasStringOrList) != 0) WRT_TRY(require_realloc());
      }
      if (stream) return push_core({ValType::i32, ptr, ptr}, {ptr});
      return push_core({ValType::i32, ptr}, {ValType::i32});
    }
    case CanonKind::stream_cancel_read:
    case CanonKind::stream_cancel_write:
    case CanonKind::future_cancel_read:
    case CanonKind::future_cancel_write: {
      const bool stream = def.kind == CanonKind::stream_cancel_read || def.kind == CanonKind::stream_cancel_write;
      WRT_TRY(stream_or_future_at(def.type, stream ? NodeKind::stream : NodeKind::future));
      return push_core({ValType::i32}, {ValType::i32});
    }
    case CanonKind::stream_drop_readable:
    case CanonKind::stream_drop_writable:
    case CanonKind::future_drop_readable:
    case CanonKind::future_drop_writable: {
      const bool stream = def.kind == CanonKind::stream_drop_readable || def.kind == CanonKind::stream_drop_writable;
      WRT_TRY(stream_or_future_at(def.type, stream ? NodeKind::stream : NodeKind::future));
      return push_core({ValType::i32}, {});
    }
    case CanonKind::error_context_new:
      if (!options_.features.error_context) return invalid("error-context built-ins require the 📝 feature", at);
      WRT_TRY(only(true, true, false, false));
      WRT_TRY(require_memory());
      return push_core({ptr, ptr}, {ValType::i32});
    case CanonKind::error_context_debug_message:
      if (!options_.features.error_context) return invalid("error-context built-ins require the 📝 feature", at);
      WRT_TRY(only(true, true, true, false));
      WRT_TRY(require_realloc());
      return push_core({ValType::i32, ptr}, {});
    case CanonKind::error_context_drop:
      if (!options_.features.error_context) return invalid("error-context built-ins require the 📝 feature", at);
      return push_core({ValType::i32}, {});
    case CanonKind::waitable_set_new:
      WRT_TRY(async_feature());
      return push_core({}, {ValType::i32});
    case CanonKind::waitable_set_wait:
    case CanonKind::waitable_set_poll: {
      WRT_TRY(async_feature());
      if (def.memory >= s.core_memories.size()) {
        return Error(ErrorCode::invalid, "memory index out of bounds").at(at).append_detail_number(def.memory);
      }
      ValType p = s.core_memories[def.memory].memory64 ? ValType::i64 : ValType::i32;
      return push_core({ValType::i32, p}, {ValType::i32});
    }
    case CanonKind::waitable_set_drop:
      WRT_TRY(async_feature());
      return push_core({ValType::i32}, {});
    case CanonKind::waitable_join:
      WRT_TRY(async_feature());
      return push_core({ValType::i32, ValType::i32}, {});
    case CanonKind::thread_index:
      WRT_TRY(thread_feature());
      return push_core({}, {ValType::i32});
    case CanonKind::thread_new_indirect: {
      WRT_TRY(thread_feature());
      if (def.type >= s.core_types.size()) return Error(ErrorCode::invalid, "core type index out of bounds").at(at).append_detail_number(def.type);
      const TypeNode& ft = node(s.core_types[def.type]);
      auto p = types_.core_params(ft);
      if (ft.kind != NodeKind::core_func || p.size() != 1 || p[0] != ValType::i32 || ft.length != 0) {
        return invalid("thread.new-indirect needs a function type (func (param i32))", at);
      }
      if (def.table >= s.core_tables.size()) return Error(ErrorCode::invalid, "table index out of bounds").at(at).append_detail_number(def.table);
      if (s.core_tables[def.table].table.element != ValType::funcref) return invalid("thread.new-indirect needs a funcref table", at);
      return push_core({ValType::i32, ValType::i32}, {ValType::i32});
    }
    case CanonKind::thread_resume_later:
      WRT_TRY(thread_feature());
      return push_core({ValType::i32}, {});
    case CanonKind::thread_suspend:
      WRT_TRY(thread_feature());
      return push_core({}, {ValType::i32});
    case CanonKind::thread_yield:
      WRT_TRY(async_feature());
      return push_core({}, {ValType::i32});
    case CanonKind::thread_suspend_then_resume:
    case CanonKind::thread_yield_then_resume:
    case CanonKind::thread_suspend_then_promote:
    case CanonKind::thread_yield_then_promote:
      WRT_TRY(thread_feature());
      return push_core({ValType::i32}, {ValType::i32});
    case CanonKind::thread_spawn_ref:
    case CanonKind::thread_spawn_indirect:
    case CanonKind::thread_available_parallelism:
      if (!options_.features.shared_threads) return invalid("shared-everything thread built-ins require the 🧵② feature", at);
      // Their types need shared function references (core GC types), which this build's
      // core layers do not have.
      return invalid("shared-everything thread built-ins need shared function references, which WRT does not support",
                     at);
  }
  return invalid("unknown canonical built-in", at);
}

}  // namespace wrt::component::detail
