// Instantiation of a component (Explainer.md's definitions, run in order): the run-time
// counterpart of validation's walk, with the static types validation recorded.
#include "component/async.hpp"
#include "component/runtime.hpp"

namespace wrt::component::detail {

namespace {

Error unlinkable(const char* message, std::string_view name) noexcept {
  return Error(ErrorCode::unknown_import, message).append_detail(name);
}

class Instantiator {
 public:
  Instantiator(ComponentRuntime& rt, ComponentInstance& inst) noexcept
      : rt_(rt), d_(rt.description()), info_(rt.info()), types_(rt.types()), inst_(inst) {}

  Result<void> run(std::span<const NamedEntity> args) noexcept {
    const ComponentNode& node = d_.components[inst_.node];
    for (std::uint32_t i = 0; i < node.count; ++i) {
      const Definition& def = d_.definitions[node.first + i];
      TypeId type = info_.definition_types[node.first + i];
      Result<void> r = definition(def, type, args);
      if (!r) {
        Error e = r.error();
        e.at_if_unset(def.offset);
        return e.with_context(name_of(def.kind));
      }
    }
    return {};
  }

 private:
  // The resources a static type names, bound to the run-time ones of an entity: for a type,
  // the resource itself; for an instance, those of its type exports, recursively.
  Result<void> bind(TypeId type, ExternKind kind, const RuntimeEntity& entity, std::uint32_t depth = 0) noexcept {
    if (depth > 1000) return Error(ErrorCode::limit_exceeded, "instances nested too deeply");
    if (kind == ExternKind::type) {
      const TypeNode& n = types_.peeled(type);
      if (n.kind != NodeKind::resource) return {};
      if (entity.resource == nullptr) return Error(ErrorCode::incompatible_import, "a resource type was expected");
      return map(n.canon, entity.resource);
    }
    if (kind != ExternKind::instance || entity.instance == nullptr) return {};
    const TypeNode& n = types_.peeled(type);
    for (std::uint32_t i = 0; i < n.count; ++i) {
      const TypeEntry e = types_.exports(types_.peeled(type))[i];
      if (e.kind != ExternKind::type && e.kind != ExternKind::instance) continue;
      const RuntimeEntity* r = entity.instance->find(e.name);
      if (r == nullptr) return unlinkable("an instance lacks an export:", e.name);
      WRT_TRY(bind(e.type, e.kind, *r, depth + 1));
    }
    return {};
  }

  Result<void> map(TypeId canon, ResourceType* resource) noexcept {
    if (inst_.resources.contains(canon)) return {};
    std::uint32_t index = WRT_TRY(rt_.add_resource_type(resource));
    return inst_.resources.set(canon, index);
  }

  Result<RuntimeEntity> entity_of(SortIndex item) noexcept {
    auto get = [&](const Vec<RuntimeEntity>& space) -> Result<RuntimeEntity> {
      if (item.index >= space.size()) return Error(ErrorCode::trap, "index out of bounds at instantiation");
      return space[item.index];
    };
    switch (item.sort) {
      case Sort::func: return get(inst_.funcs);
      case Sort::type: return get(inst_.types);
      case Sort::component: return get(inst_.components);
      case Sort::instance: return get(inst_.instances);
      case Sort::core_module: {
        if (item.index >= inst_.core_modules.size()) return Error(ErrorCode::trap, "index out of bounds at instantiation");
        RuntimeEntity e;
        e.kind = ExternKind::core_module;
        e.module = inst_.core_modules[item.index];
        return e;
      }
      default:
        return Error(ErrorCode::invalid_argument, "values are not supported at run time");
    }
  }

  Result<void> push(const RuntimeEntity& e) noexcept {
    switch (e.kind) {
      case ExternKind::func: return inst_.funcs.push_back(e);
      case ExternKind::type: return inst_.types.push_back(e);
      case ExternKind::component: return inst_.components.push_back(e);
      case ExternKind::instance: return inst_.instances.push_back(e);
      case ExternKind::core_module: return inst_.core_modules.push_back(e.module);
      case ExternKind::value: return Error(ErrorCode::invalid_argument, "values are not supported at run time");
    }
    return {};
  }

  Result<void> core_instance(const CoreInstanceDef& def) noexcept {
    CoreInstanceRef* ref = WRT_TRY(rt_.make<CoreInstanceRef>(rt_.allocator()));
    if (def.instantiate) {
      ModuleCode* code = inst_.core_modules[def.module];
      const ModuleDescription& m = code->module();
      Vec<ExternVal> imports(rt_.allocator());
      WRT_TRY(imports.reserve(m.imports.size()));
      for (const Import& import : m.imports) {
        const CoreInstanceRef* from = nullptr;
        for (std::uint32_t i = 0; i < def.count && from == nullptr; ++i) {
          const CoreInstantiateArg& arg = d_.core_args[def.first + i];
          if (arg.name == import.module) from = inst_.core_instances[arg.instance];
        }
        ExternVal value;
        if (from == nullptr || !from->find(import.name, value)) {
          return unlinkable("a core instantiation argument lacks an export:", import.name);
        }
        WRT_TRY(imports.push_back(value));
      }
      ref->instance = WRT_TRY(rt_.store().instantiate(*code, imports.span(), rt_.thread()));
    } else {
      for (std::uint32_t i = 0; i < def.count; ++i) {
        const CoreInlineExport& x = d_.core_exports[def.first + i];
        ExternVal value;
        switch (x.sort) {
          case Sort::core_func: value = ExternVal::function(inst_.core_funcs[x.index]); break;
          case Sort::core_table: value = ExternVal::table(inst_.core_tables[x.index]); break;
          case Sort::core_memory: value = ExternVal::memory(inst_.core_memories[x.index]); break;
          case Sort::core_global: value = ExternVal::global(inst_.core_globals[x.index]); break;
          case Sort::core_tag: value = ExternVal::tag(inst_.core_tags[x.index]); break;
          default: return Error(ErrorCode::not_supported, "a core instance cannot export this sort");
        }
        WRT_TRY(ref->bundle.push_back(CoreInstanceRef::Named{x.name, value}));
      }
    }
    return inst_.core_instances.push_back(ref);
  }

  Result<void> instance(const InstanceDef& def, TypeId type) noexcept {
    RuntimeEntity e;
    e.kind = ExternKind::instance;
    e.type = type;
    if (def.instantiate) {
      const RuntimeEntity& component = inst_.components[def.component];
      Vec<NamedEntity> args(rt_.allocator());
      WRT_TRY(args.reserve(def.count));
      for (std::uint32_t i = 0; i < def.count; ++i) {
        const InstantiateArg& arg = d_.args[def.first + i];
        RuntimeEntity value = WRT_TRY(entity_of(arg.item));
        WRT_TRY(args.push_back(NamedEntity{arg.name, value}));
      }
      const Closure& c = *component.component;
      ComponentInstance* child = WRT_TRY(instantiate_component(rt_, c.node, c.type, &inst_, c.lexical, args.span()));
      e.instance = child->exports;
    } else {
      e.instance = WRT_TRY(rt_.make<InstanceExports>(rt_.allocator()));
      for (std::uint32_t i = 0; i < def.count; ++i) {
        const InlineExport& x = d_.inline_exports[def.first + i];
        RuntimeEntity value = WRT_TRY(entity_of(x.item));
        WRT_TRY(e.instance->exports.push_back(NamedEntity{x.name.name, value}));
      }
    }
    WRT_TRY(bind(type, ExternKind::instance, e));
    return inst_.instances.push_back(e);
  }

  Result<void> alias(const Alias& a, TypeId type) noexcept {
    switch (a.kind) {
      case AliasKind::instance_export: {
        const RuntimeEntity& from = inst_.instances[a.instance];
        const RuntimeEntity* found = from.instance != nullptr ? from.instance->find(a.name) : nullptr;
        if (found == nullptr) return unlinkable("an instance lacks an export:", a.name);
        RuntimeEntity e = *found;
        e.type = type;
        if (e.kind == ExternKind::type || e.kind == ExternKind::instance) WRT_TRY(bind(type, e.kind, e));
        return push(e);
      }
      case AliasKind::core_instance_export: {
        ExternVal value;
        if (!inst_.core_instances[a.instance]->find(a.name, value)) return unlinkable("a core instance lacks an export:", a.name);
        switch (a.sort) {
          case Sort::core_func: return inst_.core_funcs.push_back(value.as_function());
          case Sort::core_table: return inst_.core_tables.push_back(value.as_table());
          case Sort::core_memory: return inst_.core_memories.push_back(value.as_memory());
          case Sort::core_global: return inst_.core_globals.push_back(value.as_global());
          case Sort::core_tag: return inst_.core_tags.push_back(value.as_tag());
          default: return Error(ErrorCode::not_supported, "core instances export no items of this sort");
        }
      }
      case AliasKind::outer: {
        ComponentInstance* target = &inst_;
        for (std::uint32_t i = 0; i < a.count && target != nullptr; ++i) target = target->lexical;
        if (target == nullptr) return Error(ErrorCode::trap, "outer alias beyond the outermost component");
        switch (a.sort) {
          case Sort::core_module: return inst_.core_modules.push_back(target->core_modules[a.index]);
          case Sort::component: return inst_.components.push_back(target->components[a.index]);
          case Sort::type: {
            RuntimeEntity e = target->types[a.index];
            e.type = type;
            if (e.resource != nullptr) WRT_TRY(map(types_.peeled(type).canon, e.resource));
            return inst_.types.push_back(e);
          }
          default: return {};  // core types are static
        }
      }
    }
    return {};
  }

  Result<void> type_definition(TypeId type) noexcept {
    RuntimeEntity e;
    e.kind = ExternKind::type;
    e.type = type;
    const TypeNode& n = types_.peeled(type);
    if (n.kind == NodeKind::resource) {
      // Each instance of a component makes its resource types anew.
      ResourceType* rt = WRT_TRY(rt_.new_resource_type());
      rt->owner = &inst_;
      rt->runtime = &rt_;
      rt->rep = n.rep;
      if (n.has_dtor) rt->dtor = inst_.core_funcs[n.dtor];
      e.resource = rt;
      WRT_TRY(map(n.canon, rt));
    }
    return inst_.types.push_back(e);
  }

  Result<CanonOptions> options(const CanonDef& def) noexcept {
    CanonOptions o;
    for (std::uint32_t i = 0; i < def.option_count; ++i) {
      const CanonOption& opt = d_.options[def.first_option + i];
      switch (opt.kind) {
        case CanonOptionKind::utf8: o.encoding = StringEncoding::utf8; break;
        case CanonOptionKind::utf16: o.encoding = StringEncoding::utf16; break;
        case CanonOptionKind::latin1_utf16: o.encoding = StringEncoding::latin1_utf16; break;
        case CanonOptionKind::memory:
          o.memory = inst_.core_memories[opt.index];
          o.memory64 = o.memory->type().is64();
          break;
        case CanonOptionKind::realloc: o.realloc = inst_.core_funcs[opt.index]; break;
        case CanonOptionKind::post_return: o.post_return = inst_.core_funcs[opt.index]; break;
        case CanonOptionKind::async: o.async = true; break;
        case CanonOptionKind::callback: o.callback = inst_.core_funcs[opt.index]; break;
      }
    }
    return o;
  }

  Result<FunctionInstance*> host_function(TypeId core_type, HostCallback callback, void* user_data) noexcept {
    const TypeNode& t = types_[core_type];
    FuncType ft{types_.core_params(t), types_.core_results(t)};
    return rt_.store().create_host_function(ft, callback, user_data);
  }

  Result<void> canon(const CanonDef& def, TypeId type) noexcept {
    switch (def.kind) {
      case CanonKind::lift: {
        CanonOptions o = WRT_TRY(options(def));
        ComponentFunction* f = WRT_TRY(rt_.make<ComponentFunction>());
        f->runtime = &rt_;
        f->type = type;
        f->instance = &inst_;
        f->core = inst_.core_funcs[def.func];
        f->options = o;
        RuntimeEntity e;
        e.kind = ExternKind::func;
        e.type = type;
        e.func = f;
        return inst_.funcs.push_back(e);
      }
      case CanonKind::lower: {
        CanonOptions o = WRT_TRY(options(def));
        Lowered* l = WRT_TRY(rt_.make<Lowered>());
        l->runtime = &rt_;
        l->instance = &inst_;
        l->callee = inst_.funcs[def.func].func;
        l->type = inst_.funcs[def.func].type;
        l->options = o;
        FunctionInstance* f = WRT_TRY(host_function(type, &call_lowered, l));
        return inst_.core_funcs.push_back(f);
      }
      case CanonKind::resource_new:
      case CanonKind::resource_drop:
      case CanonKind::resource_rep: {
        ResourceBuiltin* b = WRT_TRY(rt_.make<ResourceBuiltin>());
        b->runtime = &rt_;
        b->instance = &inst_;
        b->type = inst_.types[def.type].resource;
        if (b->type == nullptr) {
          std::uint32_t index = inst_.resources.get(types_.peeled(inst_.types[def.type].type).canon);
          if (index != IdMap::kEmpty) b->type = rt_.resource_type(index);
        }
        if (b->type == nullptr) return Error(ErrorCode::trap, "a resource type has no run-time type");
        HostCallback callback = def.kind == CanonKind::resource_new    ? &resource_new
                                : def.kind == CanonKind::resource_drop ? &resource_drop
                                                                       : &resource_rep;
        FunctionInstance* f = WRT_TRY(host_function(type, callback, b));
        return inst_.core_funcs.push_back(f);
      }
      default: {
        // The async ABI's built-ins (async.hpp).
        AsyncBuiltin* b = WRT_TRY(rt_.make<AsyncBuiltin>());
        b->runtime = &rt_;
        b->instance = &inst_;
        b->kind = def.kind;
        b->flag = def.flag;
        b->index = def.context_index;
        b->options = WRT_TRY(options(def));
        switch (def.kind) {
          case CanonKind::task_return:
            if (def.has_result) {
              // The result type as this definition names it (validation checked it).
              if (def.result.is_primitive()) {
                b->type = WRT_TRY(const_cast<TypeArena&>(types_).primitive(def.result.as_primitive()));
              } else {
                b->type = inst_.types[def.result.as_index()].type;
              }
            }
            break;
          case CanonKind::stream_new: case CanonKind::stream_read: case CanonKind::stream_write:
          case CanonKind::stream_cancel_read: case CanonKind::stream_cancel_write:
          case CanonKind::stream_drop_readable: case CanonKind::stream_drop_writable:
          case CanonKind::future_new: case CanonKind::future_read: case CanonKind::future_write:
          case CanonKind::future_cancel_read: case CanonKind::future_cancel_write:
          case CanonKind::future_drop_readable: case CanonKind::future_drop_writable:
            b->type = inst_.types[def.type].type;
            if (def.kind == CanonKind::stream_read || def.kind == CanonKind::stream_write ||
                def.kind == CanonKind::future_read || def.kind == CanonKind::future_write) {
              b->flag = b->options.async;
            }
            break;
          case CanonKind::waitable_set_wait:
          case CanonKind::waitable_set_poll: b->memory = inst_.core_memories[def.memory]; break;
          case CanonKind::thread_new_indirect: {
            b->table = inst_.core_tables[def.table];
            ValType param = ValType::i32;
            b->core_type = WRT_TRY(rt_.store().intern(FuncType{std::span<const ValType>(&param, 1), {}}));
            break;
          }
          default: break;
        }
        if (rt_.async_state() == nullptr) return Error(ErrorCode::not_supported, "an async built-in in a component without async");
        FunctionInstance* f = WRT_TRY(host_function(type, &async_builtin, b));
        return inst_.core_funcs.push_back(f);
      }
    }
  }

  Result<void> import(const ImportDef& def, TypeId type, std::span<const NamedEntity> args) noexcept {
    const NamedEntity* arg = nullptr;
    for (const NamedEntity& a : args) {
      if (a.name == def.name.name) {
        arg = &a;
        break;
      }
    }
    if (arg == nullptr) return unlinkable("missing import named", def.name.name);
    if (arg->entity.kind != def.desc.kind) {
      return Error(ErrorCode::incompatible_import, "an import of another kind:").append_detail(def.name.name);
    }
    RuntimeEntity e = arg->entity;
    e.type = type;
    WRT_TRY(bind(type, e.kind, e).with_context("in an import"));
    return push(e);
  }

  Result<void> export_(const ExportDef& def, TypeId type) noexcept {
    RuntimeEntity e = WRT_TRY(entity_of(def.item));
    e.type = type;
    if (e.kind == ExternKind::type && e.resource != nullptr) WRT_TRY(map(types_.peeled(type).canon, e.resource));
    WRT_TRY(push(e));
    return inst_.exports->exports.push_back(NamedEntity{def.name.name, e});
  }

  Result<void> definition(const Definition& def, TypeId type, std::span<const NamedEntity> args) noexcept {
    switch (def.kind) {
      case DefinitionKind::core_module: {
        ModuleCode* code = WRT_TRY(rt_.module_code(d_.core_modules[def.index].description));
        return inst_.core_modules.push_back(code);
      }
      case DefinitionKind::core_instance:
        return core_instance(d_.core_instances[def.index]);
      case DefinitionKind::core_type:
        return {};
      case DefinitionKind::component: {
        Closure* c = WRT_TRY(rt_.make<Closure>());
        c->node = def.index;
        c->lexical = &inst_;
        c->type = type;
        RuntimeEntity e;
        e.kind = ExternKind::component;
        e.type = type;
        e.component = c;
        return inst_.components.push_back(e);
      }
      case DefinitionKind::instance:
        return instance(d_.instances[def.index], type);
      case DefinitionKind::alias:
        return alias(d_.aliases[def.index], type);
      case DefinitionKind::type:
        return type_definition(type);
      case DefinitionKind::canon:
        return canon(d_.canons[def.index], type).with_context(name_of(d_.canons[def.index].kind));
      case DefinitionKind::import:
        return import(d_.imports[def.index], type, args);
      case DefinitionKind::export_:
        return export_(d_.exports[def.index], type);
      case DefinitionKind::start:
      case DefinitionKind::value:
        return Error(ErrorCode::not_supported, "value and start definitions are not supported at run time");
    }
    return {};
  }

  ComponentRuntime& rt_;
  const ComponentDescription& d_;
  const ComponentInfo& info_;
  const TypeArena& types_;
  ComponentInstance& inst_;
};

}  // namespace

Result<ComponentInstance*> instantiate_component(ComponentRuntime& rt, std::uint32_t node, TypeId, ComponentInstance* parent,
                                                 ComponentInstance* lexical, std::span<const NamedEntity> args) noexcept {
  ComponentInstance* inst = WRT_TRY(rt.make<ComponentInstance>(rt.allocator()));
  inst->runtime = &rt;
  inst->parent = parent;
  inst->lexical = lexical;
  inst->node = node;
  inst->exports = WRT_TRY(rt.make<InstanceExports>(rt.allocator()));
  Instantiator instantiator(rt, *inst);
  WRT_TRY(instantiator.run(args));
  return inst;
}

}  // namespace wrt::component::detail

namespace wrt::component {

Result<InstanceExports*> ComponentRuntime::instantiate(std::span<const NamedEntity> imports) noexcept {
  if (async_state_ == nullptr && detail::uses_async(d_, info_)) async_state_ = WRT_TRY(make<detail::AsyncState>(*allocator_));
  ComponentInstance* root = WRT_TRY(detail::instantiate_component(*this, 0, info_.root, nullptr, nullptr, imports));
  return root->exports;
}

}  // namespace wrt::component
