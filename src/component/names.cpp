// Component name syntax: labels, annotated plain names, interface names and semver.
#include <wrt/component/names.hpp>

namespace wrt::component {

namespace {

bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

Error name_error(const char* message, std::string_view text) noexcept {
  return Error(ErrorCode::invalid_name, message).append_detail("`").append_detail(text).append_detail("`");
}

// `words ::= first-word ('-' word)*`: lowercase words only (namespaces and packages).
bool is_words(std::string_view text) noexcept {
  if (text.empty() || !is_lower(text[0])) return false;
  bool fragment_empty = false;
  for (char c : text) {
    if (c == '-') {
      if (fragment_empty) return false;
      fragment_empty = true;
    } else if (is_lower(c) || is_digit(c)) {
      fragment_empty = false;
    } else {
      return false;
    }
  }
  return !fragment_empty;
}

// A numeric identifier of semver: "0" or no leading zero.
bool is_numeric(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return text.size() == 1 || text[0] != '0';
}

bool is_identifier_char(char c) noexcept { return is_lower(c) || is_upper(c) || is_digit(c) || c == '-'; }

// Dot-separated, non-empty identifiers; `numeric_no_leading_zero` for pre-release ones.
bool is_dot_identifiers(std::string_view text, bool pre_release) noexcept {
  if (text.empty()) return false;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) return false;
    bool all_digits = true;
    for (char c : part) {
      if (!is_identifier_char(c)) return false;
      if (!is_digit(c)) all_digits = false;
    }
    if (pre_release && all_digits && part.size() > 1 && part[0] == '0') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// `canonversion`: 1, 0.2, 0.0.1 (no leading zeros; only the last component nonzero).
bool is_canon_version(std::string_view text) noexcept {
  auto nonzero_number = [](std::string_view s) { return is_numeric(s) && s != "0"; };
  if (nonzero_number(text)) return true;
  if (text.substr(0, 2) == "0." && nonzero_number(text.substr(2))) return true;
  if (text.substr(0, 4) == "0.0." && (nonzero_number(text.substr(4)) || text.substr(4) == "0")) return true;
  return false;
}

Result<void> check_version(std::string_view version, ParsedName& out) noexcept {
  if (version.empty()) return Error(ErrorCode::invalid_name, "empty string as a version");
  out.canonical_version = is_canon_version(version);
  if (!out.canonical_version && !is_valid_semver(version)) return name_error("is not a valid semver", version);
  return {};
}

}  // namespace

bool is_kebab_label(std::string_view text) noexcept {
  if (text.empty()) return false;
  bool first_fragment = true;
  std::size_t start = 0;
  for (;;) {
    std::size_t dash = text.find('-', start);
    std::string_view fragment = text.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    if (fragment.empty()) return false;
    // A fragment is all lowercase-or-digits (a word) or all uppercase-or-digits (an acronym);
    // the first must start with a letter.
    if (first_fragment && !is_lower(fragment[0]) && !is_upper(fragment[0])) return false;
    bool has_lower = false;
    bool has_upper = false;
    for (char c : fragment) {
      if (is_lower(c)) {
        has_lower = true;
      } else if (is_upper(c)) {
        has_upper = true;
      } else if (!is_digit(c)) {
        return false;
      }
    }
    if (has_lower && has_upper) return false;
    if (dash == std::string_view::npos) return true;
    first_fragment = false;
    start = dash + 1;
  }
}

bool is_valid_semver(std::string_view text) noexcept {
  std::size_t plus = text.find('+');
  std::string_view build;
  if (plus != std::string_view::npos) {
    build = text.substr(plus + 1);
    text = text.substr(0, plus);
    if (!is_dot_identifiers(build, false)) return false;
  }
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    if (!is_dot_identifiers(text.substr(dash + 1), true)) return false;
    text = text.substr(0, dash);
  }
  // major.minor.patch
  std::size_t first = text.find('.');
  if (first == std::string_view::npos) return false;
  std::size_t second = text.find('.', first + 1);
  if (second == std::string_view::npos) return false;
  return is_numeric(text.substr(0, first)) && is_numeric(text.substr(first + 1, second - first - 1)) &&
         is_numeric(text.substr(second + 1));
}

Result<ParsedName> parse_interface_name(std::string_view text, const NameOptions& options) noexcept {
  ParsedName out;
  out.text = text;
  out.kind = NameKind::interface;
  std::string_view rest = text;
  std::size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    out.has_version = true;
    out.version = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return name_error("is not a valid extern name", text);
  // Namespaces (one, or several with 🪺), then the package, then projections.
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash < colon) {
    if (slash == std::string_view::npos) return name_error("expected `/` after package name in", text);
    return name_error("is not a valid extern name", text);
  }
  std::string_view package = rest.substr(0, slash);
  std::size_t segment_start = 0;
  unsigned namespaces = 0;
  for (;;) {
    std::size_t c = package.find(':', segment_start);
    std::string_view segment = package.substr(segment_start, c == std::string_view::npos ? std::string_view::npos : c - segment_start);
    if (!is_words(segment)) return name_error("is not in kebab case", segment);
    if (c == std::string_view::npos) break;
    ++namespaces;
    segment_start = c + 1;
  }
  if (namespaces > 1 && !options.nested_names) return name_error("expected `/` after package name in", text);
  out.package = package;
  out.interface = rest.substr(slash + 1);
  std::size_t start = 0;
  unsigned projections = 0;
  for (;;) {
    std::size_t s = out.interface.find('/', start);
    std::string_view projection =
        out.interface.substr(start, s == std::string_view::npos ? std::string_view::npos : s - start);
    if (!is_kebab_label(projection)) return name_error("is not in kebab case", projection);
    ++projections;
    if (s == std::string_view::npos) break;
    if (!options.nested_names) return name_error("trailing characters found in", out.interface.substr(s));
    start = s + 1;
  }
  if (out.has_version) WRT_TRY(check_version(out.version, out));
  return out;
}

Result<ParsedName> parse_extern_name(std::string_view text, const NameOptions& options) noexcept {
  ParsedName out;
  out.text = text;
  auto annotated = [&](std::string_view prefix, NameKind kind) -> Result<bool> {
    if (text.substr(0, prefix.size()) != prefix) return false;
    out.kind = kind;
    std::string_view rest = text.substr(prefix.size());
    if (kind == NameKind::constructor) {
      if (!is_kebab_label(rest)) return name_error("is not in kebab case", rest);
      out.resource = rest;
      return true;
    }
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return name_error("failed to find `.` character in", text);
    out.resource = rest.substr(0, dot);
    out.item = rest.substr(dot + 1);
    if (!is_kebab_label(out.resource)) return name_error("is not in kebab case", out.resource);
    if (!is_kebab_label(out.item)) return name_error("is not in kebab case", out.item);
    return true;
  };
  if (WRT_TRY(annotated("[constructor]", NameKind::constructor))) return out;
  if (WRT_TRY(annotated("[method]", NameKind::method))) return out;
  if (WRT_TRY(annotated("[static]", NameKind::static_))) return out;
  if (text.find(':') != std::string_view::npos || text.find('/') != std::string_view::npos ||
      text.find('@') != std::string_view::npos) {
    if (text.find(':') == std::string_view::npos) return name_error("is not in kebab case", text);
    return parse_interface_name(text, options);
  }
  if (!is_kebab_label(text)) return name_error("is not in kebab case", text);
  out.kind = NameKind::label;
  return out;
}

std::string_view strong_uniqueness_key(const ParsedName& name, char* buffer) noexcept {
  std::string_view source = name.text;
  if ((name.kind == NameKind::method || name.kind == NameKind::static_)) {
    // [method]l.l and [static]l.l become l; other [method]/[static] names lose the annotation.
    bool same = name.resource.size() == name.item.size();
    for (std::size_t i = 0; same && i < name.item.size(); ++i) {
      char a = name.resource[i];
      char b = name.item[i];
      if (is_upper(a)) a = static_cast<char>(a - 'A' + 'a');
      if (is_upper(b)) b = static_cast<char>(b - 'A' + 'a');
      same = a == b;
    }
    source = same ? name.resource
                  : std::string_view(name.resource.data(), name.resource.size() + 1 + name.item.size());
  }
  for (std::size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    buffer[i] = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buffer, source.size()};
}

}  // namespace wrt::component
