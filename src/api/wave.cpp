// WAVE text <-> ComponentValue, against component types (wrt/api/wave.hpp).
#include <wrt/api/wave.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace wrt::wave {

namespace {

using component::ComponentValue;
using component::NodeKind;
using component::Primitive;
using component::TypeArena;
using component::TypeId;
using component::TypeNode;
using component::ValueKind;

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Words that would read as something else: a label spelled so is written %word.
bool is_keyword(std::string_view w) {
  return w == "true" || w == "false" || w == "some" || w == "none" || w == "ok" || w == "err" || w == "inf" || w == "nan";
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

// Decodes one UTF-8 scalar at text[i] (the text was checked as UTF-8 by whoever made it, or is
// checked here: a bad sequence decodes as U+FFFD and advances one byte).
char32_t next_utf8(std::string_view text, std::size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > text.size()) {
    ++i;
    return 0xfffd;
  }
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1f) : n == 3 ? (b & 0x0f) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    auto cont = static_cast<unsigned char>(text[i + k]);
    if ((cont & 0xc0) != 0x80) {
      ++i;
      return 0xfffd;
    }
    c = (c << 6) | (cont & 0x3f);
  }
  i += n;
  return c;
}

class Parser {
 public:
  Parser(std::string_view text, const TypeArena& types) : text_(text), types_(types) {}

  Result<ComponentValue> whole(TypeId type) {
    ComponentValue v = WRT_TRY(value(type, 0));
    skip_spaces();
    if (pos_ != text_.size()) return fail("unexpected text after the value");
    return v;
  }

  Result<std::vector<ComponentValue>> arguments(TypeId func) {
    const TypeNode& f = types_.peeled(func);
    if (f.kind != NodeKind::func) return fail("not a function type");
    auto params = types_.items(f);
    std::vector<ComponentValue> out;
    skip_spaces();
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (i > 0 && !eat(',')) return fail("expected ',' and another argument");
      out.push_back(WRT_TRY(value(params[i].type, 0)));
      skip_spaces();
    }
    if (pos_ < text_.size() && text_[pos_] == ',') {  // a trailing comma
      ++pos_;
      skip_spaces();
    }
    if (pos_ != text_.size()) {
      return params.empty() ? fail("the function takes no arguments") : fail("more arguments than the function takes");
    }
    return out;
  }

 private:
  Error fail(const char* what) const {
    return Error(ErrorCode::invalid_argument, "WAVE").append_detail(what).append_detail(" (at character ").append_detail_number(pos_).append_detail(")");
  }
  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) ++pos_;
  }
  bool eat(char c) {
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    skip_spaces();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  // A label or keyword: [%]name. Empty when there is none.
  std::string_view label() {
    skip_spaces();
    std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '%') ++pos_;
    std::size_t name_start = pos_;
    while (pos_ < text_.size() && is_label_char(text_[pos_])) ++pos_;
    if (pos_ == name_start) {
      pos_ = start;
      return {};
    }
    return text_.substr(name_start, pos_ - name_start);
  }
  // A number's text: sign, digits, '.', exponent, or the words inf and nan.
  std::string_view number_token() {
    skip_spaces();
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || c == 'x' || c == '_' ||
          (c >= 'a' && c <= 'z')) {
        ++pos_;
      } else {
        break;
      }
    }
    return text_.substr(start, pos_ - start);
  }

  Result<char32_t> escape() {  // after the backslash
    if (pos_ >= text_.size()) return fail("an unfinished escape");
    char c = text_[pos_++];
    switch (c) {
      case 'n': return U'\n';
      case 't': return U'\t';
      case 'r': return U'\r';
      case '\\': return U'\\';
      case '"': return U'"';
      case '\'': return U'\'';
      case 'u': {
        if (pos_ >= text_.size() || text_[pos_] != '{') return fail("expected '{' after \\u");
        ++pos_;
        std::uint32_t v = 0;
        std::size_t digits = 0;
        while (pos_ < text_.size() && text_[pos_] != '}') {
          char h = text_[pos_++];
          int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
          if (d < 0 || ++digits > 6) return fail("a bad \\u{...} escape");
          v = v * 16 + static_cast<std::uint32_t>(d);
        }
        if (pos_ >= text_.size() || digits == 0) return fail("a bad \\u{...} escape");
        ++pos_;
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return fail("\\u{...} is not a Unicode scalar value");
        return static_cast<char32_t>(v);
      }
      default: return fail("an unknown escape");
    }
  }

  Result<std::string> quoted(char quote) {
    if (!eat(quote)) return quote == '"' ? fail("expected a string") : fail("expected a char");
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) return fail("an unterminated quote");
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        ++pos_;
        append_utf8(out, WRT_TRY(escape()));
      } else {
        out += c;
        ++pos_;
      }
    }
  }

  Result<ComponentValue> integer(Primitive p) {
    std::size_t at = pos_;
    std::string_view t = number_token();
    if (t.empty()) return fail("expected an integer");
    bool negative = t[0] == '-';
    std::string_view digits = negative ? t.substr(1) : t;
    std::uint64_t magnitude = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      pos_ = at;
      return fail("not an integer");
    }
    auto in_signed = [&](std::int64_t lo, std::int64_t hi, std::int64_t& out) {
      if (negative) {
        if (magnitude > static_cast<std::uint64_t>(-(lo + 1)) + 1) return false;
        out = magnitude == 0 ? 0 : -static_cast<std::int64_t>(magnitude - 1) - 1;
      } else {
        if (magnitude > static_cast<std::uint64_t>(hi)) return false;
        out = static_cast<std::int64_t>(magnitude);
      }
      return true;
    };
    auto in_unsigned = [&](std::uint64_t hi) { return (!negative || magnitude == 0) && magnitude <= hi; };
    std::int64_t s = 0;
    switch (p) {
      case Primitive::u8: if (in_unsigned(0xff)) return ComponentValue::u8(static_cast<std::uint8_t>(magnitude)); break;
      case Primitive::u16: if (in_unsigned(0xffff)) return ComponentValue::u16(static_cast<std::uint16_t>(magnitude)); break;
      case Primitive::u32: if (in_unsigned(0xffffffffu)) return ComponentValue::u32(static_cast<std::uint32_t>(magnitude)); break;
      case Primitive::u64: if (in_unsigned(UINT64_MAX)) return ComponentValue::u64(magnitude); break;
      case Primitive::s8: if (in_signed(INT8_MIN, INT8_MAX, s)) return ComponentValue::s8(static_cast<std::int8_t>(s)); break;
      case Primitive::s16: if (in_signed(INT16_MIN, INT16_MAX, s)) return ComponentValue::s16(static_cast<std::int16_t>(s)); break;
      case Primitive::s32: if (in_signed(INT32_MIN, INT32_MAX, s)) return ComponentValue::s32(static_cast<std::int32_t>(s)); break;
      case Primitive::s64: if (in_signed(INT64_MIN, INT64_MAX, s)) return ComponentValue::s64(s); break;
      default: break;
    }
    pos_ = at;
    return fail("the integer is out of the type's range");
  }

  Result<ComponentValue> floating(bool is_f32) {
    std::size_t at = pos_;
    std::string_view t = number_token();
    double v;
    if (t == "nan") {
      v = std::nan("");
    } else if (t == "inf") {
      v = std::numeric_limits<double>::infinity();
    } else if (t == "-inf") {
      v = -std::numeric_limits<double>::infinity();
    } else {
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
        pos_ = at;
        return fail("not a number");
      }
    }
    return is_f32 ? ComponentValue::f32(static_cast<float>(v)) : ComponentValue::f64(v);
  }

  Result<ComponentValue> primitive(Primitive p) {
    switch (p) {
      case Primitive::bool_: {
        std::string_view w = label();
        if (w == "true") return ComponentValue::boolean(true);
        if (w == "false") return ComponentValue::boolean(false);
        return fail("expected true or false");
      }
      case Primitive::f32: return floating(true);
      case Primitive::f64: return floating(false);
      case Primitive::char_: {
        std::string s = WRT_TRY(quoted('\''));
        std::size_t i = 0;
        if (s.empty()) return fail("an empty char");
        char32_t c = next_utf8(s, i);
        if (i != s.size()) return fail("more than one character in a char");
        return ComponentValue::character(c);
      }
      case Primitive::string: {
        std::string s = WRT_TRY(quoted('"'));
        auto v = ComponentValue::string(s);
        if (!v) return fail("the string is not valid UTF-8");
        return v;
      }
      default: return integer(p);
    }
  }

  // Items of a list or tuple up to `close`.
  template <typename TypeOf>
  Result<std::vector<ComponentValue>> sequence(char close, std::size_t depth, TypeOf type_of, std::size_t expected) {
    std::vector<ComponentValue> items;
    if (eat(close)) return items;
    for (;;) {
      if (items.size() >= expected) return fail("more elements than the type has");
      items.push_back(WRT_TRY(value(type_of(items.size()), depth + 1)));
      if (eat(close)) return items;
      if (!eat(',')) return fail("expected ',' or the closing bracket");
      if (eat(close)) return items;  // a trailing comma
    }
  }

  static Result<ComponentValue> aggregate(Result<ComponentValue> (*make)(std::size_t), std::vector<ComponentValue>& items) {
    ComponentValue v = WRT_TRY(make(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) v[i] = std::move(items[i]);
    return v;
  }

  std::int64_t find_label(const TypeNode& n, std::string_view name) {
    auto items = types_.items(n);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].name == name) return static_cast<std::int64_t>(i);
    }
    return -1;
  }

  Result<ComponentValue> payload_case(std::uint32_t index, TypeId payload, std::size_t depth,
                                      Result<ComponentValue> (*with)(std::uint32_t, ComponentValue),
                                      ComponentValue (*without)(std::uint32_t)) {
    if (payload == component::kNoType) {
      if (peek('(')) return fail("this case has no payload");
      return without(index);
    }
    if (!eat('(')) return fail("expected '(' and the case's payload");
    ComponentValue inner = WRT_TRY(value(payload, depth + 1));
    if (!eat(')')) return fail("expected ')'");
    return with(index, std::move(inner));
  }

  Result<ComponentValue> value(TypeId type, std::size_t depth) {
    if (depth > kMaxDepth) return fail("the value nests too deeply");
    const TypeNode& n = types_.peeled(type);
    skip_spaces();
    switch (n.kind) {
      case NodeKind::primitive: return primitive(n.primitive);
      case NodeKind::list:
      case NodeKind::fixed_list: {
        if (!eat('[')) return fail("expected '[' (a list)");
        std::size_t limit = n.kind == NodeKind::fixed_list ? n.length : SIZE_MAX;
        auto items = WRT_TRY(sequence(']', depth, [&](std::size_t) { return n.a; }, limit));
        if (n.kind == NodeKind::fixed_list && items.size() != n.length) return fail("the wrong number of elements");
        return aggregate(&ComponentValue::list, items);
      }
      case NodeKind::tuple: {
        if (!eat('(')) return fail("expected '(' (a tuple)");
        auto members = types_.items(n);
        auto items = WRT_TRY(sequence(')', depth, [&](std::size_t i) { return members[i].type; }, members.size()));
        if (items.size() != members.size()) return fail("the wrong number of tuple members");
        return aggregate(&ComponentValue::tuple, items);
      }
      case NodeKind::record: {
        if (!eat('{')) return fail("expected '{' (a record)");
        auto fields = types_.items(n);
        std::vector<ComponentValue> values(fields.size());
        std::vector<bool> seen(fields.size(), false);
        if (!eat('}')) {
          for (;;) {
            std::string_view name = label();
            std::int64_t i = find_label(n, name);
            if (i < 0) return fail("not a field of the record");
            if (seen[static_cast<std::size_t>(i)]) return fail("a field given twice");
            if (!eat(':')) return fail("expected ':' after the field name");
            values[static_cast<std::size_t>(i)] = WRT_TRY(value(fields[static_cast<std::size_t>(i)].type, depth + 1));
            seen[static_cast<std::size_t>(i)] = true;
            if (eat('}')) break;
            if (!eat(',')) return fail("expected ',' or '}'");
            if (eat('}')) break;
          }
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
          if (seen[i]) continue;
          if (types_.peeled(fields[i].type).kind != NodeKind::option) return fail("a field of the record is missing");
          values[i] = ComponentValue::none();
        }
        return aggregate(&ComponentValue::record, values);
      }
      case NodeKind::flags: {
        if (!eat('{')) return fail("expected '{' (flags)");
        std::uint32_t bits = 0;
        if (!eat('}')) {
          for (;;) {
            std::int64_t i = find_label(n, label());
            if (i < 0 || i >= 32) return fail("not a flag of the type");
            bits |= 1u << i;
            if (eat('}')) break;
            if (!eat(',')) return fail("expected ',' or '}'");
          }
        }
        return ComponentValue::flags(bits);
      }
      case NodeKind::enum_: {
        std::int64_t i = find_label(n, label());
        if (i < 0) return fail("not a case of the enum");
        return ComponentValue::enum_case(static_cast<std::uint32_t>(i));
      }
      case NodeKind::variant: {
        std::int64_t i = find_label(n, label());
        if (i < 0) return fail("not a case of the variant");
        auto index = static_cast<std::uint32_t>(i);
        return payload_case(index, types_.items(n)[index].type, depth,
                            [](std::uint32_t c, ComponentValue p) { return ComponentValue::variant(c, std::move(p)); },
                            [](std::uint32_t c) { return ComponentValue::variant(c); });
      }
      case NodeKind::option: {
        std::size_t at = pos_;
        std::string_view w = label();
        if (w == "none") return ComponentValue::none();
        if (w != "some") {
          pos_ = at;
          return fail("expected none or some(...)");
        }
        return payload_case(1, n.a, depth, [](std::uint32_t, ComponentValue p) { return ComponentValue::some(std::move(p)); },
                            [](std::uint32_t) { return ComponentValue::none(); });
      }
      case NodeKind::result: {
        std::size_t at = pos_;
        std::string_view w = label();
        if (w == "ok") {
          return payload_case(0, n.a, depth, [](std::uint32_t, ComponentValue p) { return ComponentValue::ok(std::move(p)); },
                              [](std::uint32_t) { return ComponentValue::ok(); });
        }
        if (w == "err") {
          return payload_case(1, n.b, depth, [](std::uint32_t, ComponentValue p) { return ComponentValue::err(std::move(p)); },
                              [](std::uint32_t) { return ComponentValue::err(); });
        }
        pos_ = at;
        return fail("expected ok or err");
      }
      default: return fail("this type has no WAVE text (handles, streams, futures)");
    }
  }

  std::string_view text_;
  const TypeArena& types_;
  std::size_t pos_ = 0;
};

void append_label(std::string& out, std::string_view name) {
  if (is_keyword(name)) out += '%';
  out += name;
}

void append_escaped(std::string& out, std::string_view text, char quote) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t c = next_utf8(text, i);
    switch (c) {
      case U'\n': out += "\\n"; break;
      case U'\t': out += "\\t"; break;
      case U'\r': out += "\\r"; break;
      case U'\\': out += "\\\\"; break;
      default:
        if (c == static_cast<char32_t>(quote)) {
          out += '\\';
          out += quote;
        } else if (c < 0x20 || c == 0x7f) {
          char buffer[16];
          auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::uint32_t>(c), 16);
          (void)ec;
          out += "\\u{";
          out.append(buffer, end);
          out += '}';
        } else {
          append_utf8(out, c);
        }
    }
  }
}

template <typename F>
void append_float(std::string& out, F v) {
  if (std::isnan(v)) {
    out += "nan";
  } else if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
  } else {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    (void)ec;
    out.append(buffer, end);
  }
}

Result<void> print_value(std::string& out, const ComponentValue& v, const TypeArena& types, TypeId type, std::size_t depth) {
  if (depth > 10 * kMaxDepth) return Error(ErrorCode::limit_exceeded, "WAVE: the value nests too deeply to print");
  const TypeNode& n = types.peeled(type);
  auto mismatch = [] { return Error(ErrorCode::invalid_argument, "WAVE: the value does not have the type's shape"); };
  switch (n.kind) {
    case NodeKind::primitive:
      switch (n.primitive) {
        case Primitive::bool_: out += v.as_bool() ? "true" : "false"; return {};
        case Primitive::s8:
        case Primitive::s16:
        case Primitive::s32:
        case Primitive::s64: out += std::to_string(v.as_signed()); return {};
        case Primitive::u8:
        case Primitive::u16:
        case Primitive::u32:
        case Primitive::u64: out += std::to_string(v.as_unsigned()); return {};
        case Primitive::f32: append_float(out, v.as_f32()); return {};
        case Primitive::f64: append_float(out, v.as_f64()); return {};
        case Primitive::char_: {
          std::string s;
          append_utf8(s, v.as_char());
          out += '\'';
          append_escaped(out, s, '\'');
          out += '\'';
          return {};
        }
        case Primitive::string:
          out += '"';
          append_escaped(out, v.as_string(), '"');
          out += '"';
          return {};
        default: return mismatch();
      }
    case NodeKind::list:
    case NodeKind::fixed_list:
    case NodeKind::tuple: {
      if (v.kind() != ValueKind::list && v.kind() != ValueKind::tuple) return mismatch();
      const bool tuple = n.kind == NodeKind::tuple;
      auto members = types.items(n);
      if (tuple && members.size() != v.size()) return mismatch();
      out += tuple ? '(' : '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += ", ";
        WRT_TRY(print_value(out, v[i], types, tuple ? members[i].type : n.a, depth + 1));
      }
      out += tuple ? ')' : ']';
      return {};
    }
    case NodeKind::record: {
      auto fields = types.items(n);
      if (v.kind() != ValueKind::record || v.size() != fields.size()) return mismatch();
      out += '{';
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ", ";
        append_label(out, fields[i].name);
        out += ": ";
        WRT_TRY(print_value(out, v[i], types, fields[i].type, depth + 1));
      }
      out += '}';
      return {};
    }
    case NodeKind::flags: {
      auto labels = types.items(n);
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < labels.size() && i < 32; ++i) {
        if (((v.bits() >> i) & 1u) == 0) continue;
        if (!first) out += ", ";
        first = false;
        append_label(out, labels[i].name);
      }
      out += '}';
      return {};
    }
    case NodeKind::enum_: {
      auto cases = types.items(n);
      if (v.case_index() >= cases.size()) return mismatch();
      append_label(out, cases[v.case_index()].name);
      return {};
    }
    case NodeKind::variant: {
      auto cases = types.items(n);
      if (v.kind() != ValueKind::variant || v.case_index() >= cases.size()) return mismatch();
      append_label(out, cases[v.case_index()].name);
      if (cases[v.case_index()].type != component::kNoType && v.has_payload()) {
        out += '(';
        WRT_TRY(print_value(out, v.payload(), types, cases[v.case_index()].type, depth + 1));
        out += ')';
      }
      return {};
    }
    case NodeKind::option:
      if (v.kind() != ValueKind::option) return mismatch();
      if (v.case_index() == 0) {
        out += "none";
        return {};
      }
      out += "some(";
      WRT_TRY(print_value(out, v.payload(), types, n.a, depth + 1));
      out += ')';
      return {};
    case NodeKind::result: {
      if (v.kind() != ValueKind::result) return mismatch();
      const bool ok = v.case_index() == 0;
      out += ok ? "ok" : "err";
      TypeId payload = ok ? n.a : n.b;
      if (payload != component::kNoType && v.has_payload()) {
        out += '(';
        WRT_TRY(print_value(out, v.payload(), types, payload, depth + 1));
        out += ')';
      }
      return {};
    }
    default: return Error(ErrorCode::not_supported, "WAVE: this type has no WAVE text (handles, streams, futures)");
  }
}

}  // namespace

Result<component::ComponentValue> parse(std::string_view text, const TypeArena& types, TypeId type) {
  return Parser(text, types).whole(type);
}

Result<std::vector<component::ComponentValue>> parse_arguments(std::string_view text, const TypeArena& types, TypeId func) {
  return Parser(text, types).arguments(func);
}

bool split_call(std::string_view text, std::string_view& name, std::string_view& arguments) {
  std::size_t open = text.find('(');
  if (open == std::string_view::npos || open == 0) return false;
  std::size_t end = text.size();
  while (end > open && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  if (end == open + 0 || text[end - 1] != ')') return false;
  name = text.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  arguments = text.substr(open + 1, end - open - 2);
  return !name.empty();
}

Result<std::string> print(const component::ComponentValue& value, const TypeArena& types, TypeId type) {
  std::string out;
  WRT_TRY(print_value(out, value, types, type, 0));
  return out;
}

}  // namespace wrt::wave
