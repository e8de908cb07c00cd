// The syntax of component names (Explainer.md, "Import and Export Definitions"):
// kebab-case labels, plain names with [constructor]/[method]/[static] annotations,
// interface names (`ns:pkg/iface@1.2.3`), semver, and the "strongly-unique" rule.
#pragma once

#include <cstdint>
#include <string_view>
#include <wrt/error/result.hpp>

namespace wrt::component {

// `label ::= first-fragment ('-' fragment)*`: words of [a-z0-9] or acronyms of [A-Z0-9],
// the first starting with a letter.
[[nodiscard]] bool is_kebab_label(std::string_view text) noexcept;

// A valid Semantic Versioning 2.0 version (`1.2.3-rc.1+build`).
[[nodiscard]] bool is_valid_semver(std::string_view text) noexcept;

enum class NameKind : std::uint8_t { label, constructor, method, static_, interface };

// An extern name, parsed. For annotated names, `resource` is the first label and `item` the
// second ([method]r.item); for [constructor]r only `resource`. For interfaces, `package` is
// everything before the last '/' projection (`ns:pkg` or nested `a:b:c/d`), `interface` the
// projection(s), `version` what follows '@' (empty when there is none).
struct ParsedName {
  NameKind kind = NameKind::label;
  std::string_view text;
  std::string_view resource;
  std::string_view item;
  std::string_view package;
  std::string_view interface;
  std::string_view version;
  bool has_version = false;
  bool canonical_version = false;  // the version matches `canonversion` (1, 0.2, 0.0.1, 0.0.0)
};

struct NameOptions {
  bool nested_names = false;    // 🪺 nested namespaces and projections
  bool version_suffix = true;   // 🔗 canonical versions
};

// Parses an import or export name; an invalid one is ErrorCode::invalid_name with the reason
// (the offset is left to the caller).
Result<ParsedName> parse_extern_name(std::string_view text, const NameOptions& options = {}) noexcept;

// Parses `text` as an interface name only (the argument of (implements ...)).
Result<ParsedName> parse_interface_name(std::string_view text, const NameOptions& options = {}) noexcept;

// The key under which two names collide when they are not strongly-unique: acronyms
// lowercased, `[method]l.l`/`[static]l.l` reduced to `l`, other annotations but
// [constructor] stripped. Written into `buffer` (which must hold name.size() bytes).
std::string_view strong_uniqueness_key(const ParsedName& name, char* buffer) noexcept;

}  // namespace wrt::component
