// Component types as WIT-like text.
#include <wrt/component/wit.hpp>

#include <wrt/error/text_writer.hpp>

#include "component/containers.hpp"

namespace wrt::component {

namespace {

class WitPrinter {
 public:
  WitPrinter(const TypeArena& types, const TextSink& sink, const WitOptions& options) noexcept
      : types_(types), sink_(sink), options_(options), names_(types.allocator()), by_identity_(types.allocator()) {}

  void type(TypeId id, std::uint32_t depth) noexcept {
    if (id == kNoType) {
      put("_");
      return;
    }
    if (depth > options_.max_depth) {
      put("...");
      return;
    }
    // A type some entry named prints by that name.
    if (std::string_view name = name_of_identity(id); !name.empty()) {
      put(name);
      return;
    }
    const TypeNode& n = types_.peeled(id);
    switch (n.kind) {
      case NodeKind::primitive: put(name_of(n.primitive)); return;
      case NodeKind::list:
      case NodeKind::option:
      case NodeKind::stream:
      case NodeKind::future:
        put(n.kind == NodeKind::list ? "list" : n.kind == NodeKind::option ? "option" : n.kind == NodeKind::stream ? "stream" : "future");
        if (n.a == kNoType) return;  // stream and future without a payload
        put("<");
        type(n.a, depth + 1);
        put(">");
        return;
      case NodeKind::fixed_list:
        put("list<");
        type(n.a, depth + 1);
        put(", ");
        number(n.length);
        put(">");
        return;
      case NodeKind::map:
        put("map<");
        type(n.a, depth + 1);
        put(", ");
        type(n.b, depth + 1);
        put(">");
        return;
      case NodeKind::tuple: {
        put("tuple<");
        bool first = true;
        for (const TypeItem& item : types_.items(n)) {
          if (!first) put(", ");
          first = false;
          type(item.type, depth + 1);
        }
        put(">");
        return;
      }
      case NodeKind::result:
        if (n.a == kNoType && n.b == kNoType) {
          put("result");
          return;
        }
        put("result<");
        if (n.a == kNoType) {
          put("_");
        } else {
          type(n.a, depth + 1);
        }
        if (n.b != kNoType) {
          put(", ");
          type(n.b, depth + 1);
        }
        put(">");
        return;
      case NodeKind::own:
        // WIT writes an owned handle as the resource's name; a resource with no name in
        // view (a function's type printed alone) reads own<resource>.
        if (!name_of_identity(n.a).empty()) {
          type(n.a, depth + 1);
          return;
        }
        put("own<");
        type(n.a, depth + 1);
        put(">");
        return;
      case NodeKind::borrow:
        put("borrow<");
        type(n.a, depth + 1);
        put(">");
        return;
      case NodeKind::record:
      case NodeKind::variant:
      case NodeKind::enum_:
      case NodeKind::flags:
        labeled_body(n, depth);
        return;
      case NodeKind::resource:
        put("resource");
        return;
      case NodeKind::func:
        func(n, depth);
        return;
      case NodeKind::instance:
      case NodeKind::component:
        scope_body(n, depth);
        return;
      case NodeKind::core_module:
        put("core module");
        return;
      default:
        put(name_of(n.kind));
        return;
    }
  }

  void entry(const TypeEntry& e, bool is_import, std::uint32_t depth) noexcept {
    indent(depth);
    put(is_import ? "import " : "export ");
    put(e.name);
    if (!e.implements.empty()) {
      put(" (implements ");
      put(e.implements);
      put(")");
    }
    put(": ");
    switch (e.kind) {
      case ExternKind::type: {
        // `type r: resource;` or `type point = record { ... };`
        const TypeNode& n = types_.peeled(e.type);
        put("type");
        if (n.kind == NodeKind::resource) {
          put(" resource");
        } else {
          put(" = ");
          // Print the definition, not the name this entry gives it.
          TypeId saved = suppressed_;
          suppressed_ = e.type;
          type(e.type, depth + 1);
          suppressed_ = saved;
        }
        break;
      }
      case ExternKind::value:
        put("value ");
        type(e.type, depth + 1);
        break;
      case ExternKind::core_module:
        put("core module");
        break;
      default:
        type(e.type, depth);  // an interface's body indents one level below this entry
        break;
    }
    put(";\n");
  }

  void register_names(const TypeNode& n, std::uint32_t depth) noexcept {
    if (depth > options_.max_depth) return;
    auto add = [&](std::span<const TypeEntry> entries) {
      for (const TypeEntry& e : entries) {
        // Printing does not fail: without memory for the index, types print by structure.
        if (e.kind == ExternKind::type && !by_identity_.contains(e.type) &&
            by_identity_.set(e.type, static_cast<std::uint32_t>(names_.size())) && names_.push_back(e.name)) {
        }
        if (e.kind == ExternKind::instance) register_names(types_.peeled(e.type), depth + 1);
      }
    };
    add(types_.imports(n));
    add(types_.exports(n));
  }

  void register_context(TypeId scope) noexcept {
    if (scope == kNoType || scope >= types_.size()) return;
    const TypeNode& n = types_.peeled(scope);
    if (n.kind == NodeKind::instance || n.kind == NodeKind::component) register_names(n, 0);
  }

 private:
  std::string_view name_of_identity(TypeId id) const noexcept {
    if (id == suppressed_) return {};
    std::uint32_t i = by_identity_.get(id);
    return i < names_.size() ? names_[i] : std::string_view{};
  }

  void labeled_body(const TypeNode& n, std::uint32_t depth) noexcept {
    put(n.kind == NodeKind::record ? "record { " : n.kind == NodeKind::variant ? "variant { " : n.kind == NodeKind::enum_ ? "enum { " : "flags { ");
    bool first = true;
    for (const TypeItem& item : types_.items(n)) {
      if (!first) put(", ");
      first = false;
      put(item.name);
      if (item.type == kNoType) continue;
      if (n.kind == NodeKind::record) {
        put(": ");
        type(item.type, depth + 1);
      } else {
        put("(");
        type(item.type, depth + 1);
        put(")");
      }
    }
    put(" }");
  }

  void func(const TypeNode& n, std::uint32_t depth) noexcept {
    if (n.is_async) put("async ");
    put("func(");
    bool first = true;
    for (const TypeItem& p : types_.items(n)) {
      if (!first) put(", ");
      first = false;
      put(p.name);
      put(": ");
      type(p.type, depth + 1);
    }
    put(")");
    if (n.a != kNoType) {
      put(" -> ");
      type(n.a, depth + 1);
    }
  }

  void scope_body(const TypeNode& n, std::uint32_t depth) noexcept {
    put(n.kind == NodeKind::component ? "world {\n" : "interface {\n");
    for (const TypeEntry& e : types_.imports(n)) entry(e, true, depth + 1);
    for (const TypeEntry& e : types_.exports(n)) entry(e, false, depth + 1);
    indent(depth);
    put("}");
  }

  void indent(std::uint32_t depth) noexcept {
    std::uint32_t spaces = options_.indent + 2 * (depth < 32 ? depth : 32);
    for (std::uint32_t i = 0; i < spaces; ++i) put(" ");
  }
  void number(std::uint64_t value) noexcept {
    char buffer[24];
    TextWriter w(buffer, sizeof buffer);
    w.put_decimal(value);
    put(std::string_view(buffer, w.finish()));
  }
  void put(std::string_view text) noexcept { sink_(text); }

  const TypeArena& types_;
  const TextSink& sink_;
  const WitOptions& options_;
  Vec<std::string_view> names_;
  detail::IdMap by_identity_;  // identity -> index into names_
  TypeId suppressed_ = kNoType;
};

}  // namespace

void print_wit(const TypeArena& types, TypeId type, const TextSink& sink, const WitOptions& options) noexcept {
  WitPrinter printer(types, sink, options);
  printer.register_context(options.names_from);
  const TypeNode& n = types.peeled(type);
  if (n.kind == NodeKind::instance || n.kind == NodeKind::component) printer.register_names(n, 0);
  printer.type(type, 0);
}

void print_wit_entry(const TypeArena& types, const TypeEntry& entry, bool is_import, const TextSink& sink,
                     const WitOptions& options) noexcept {
  WitPrinter printer(types, sink, options);
  printer.register_context(options.names_from);
  if (entry.kind == ExternKind::instance) printer.register_names(types.peeled(entry.type), 0);
  printer.entry(entry, is_import, 0);
}

}  // namespace wrt::component
