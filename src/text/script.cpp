// `.wast` scripts: commands, actions, values; modules go to the module parser.
#include <wrt/text/script.hpp>

#include <cstring>

#include "text/lexer.hpp"
#include "text/module_parser.hpp"
#include "text/numbers.hpp"
#include "text/text_error.hpp"

namespace wrt::text {

namespace {

class ScriptParser {
 public:
  ScriptParser(std::string_view source, const Lexed& lexed) : s_(source), lexed_(lexed), t_(lexed.tokens) {}

  std::vector<ScriptCommand> parse() {
    std::vector<ScriptCommand> out;
    if (peek().kind == TokenKind::lparen && peek(1).kind == TokenKind::keyword && is_module_field(text(peek(1)))) {
      // A script that is one module's fields (as a .wat file): that module.
      ScriptCommand c;
      c.type = "module";
      c.line = 1;
      ScriptModule m;
      try {
        m.binary = encode_module(s_, lexed_, pos_, true).binary;
      } catch (const TextError& e) {
        m.is_text = true;
        m.error = locate(s_, e.offset, e.message);
        m.error->in_custom_annotation = e.in_custom_annotation;
      }
      c.module = std::move(m);
      out.push_back(std::move(c));
      return out;
    }
    while (peek().kind != TokenKind::eof) out.push_back(command());
    return out;
  }

 private:
  static bool is_module_field(std::string_view k) {
    return k == "type" || k == "import" || k == "func" || k == "table" || k == "memory" || k == "global" ||
           k == "export" || k == "start" || k == "elem" || k == "data";
  }
  const Token& peek(std::size_t k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
  std::string_view text(const Token& t) const { return token_text(s_, t); }
  const Token& next() {
    const Token& t = t_[pos_];
    if (t.kind != TokenKind::eof) ++pos_;
    return t;
  }
  [[noreturn]] void expected(const std::string& what) const {
    std::string found = peek().kind == TokenKind::eof      ? "the end of the text"
                        : peek().kind == TokenKind::lparen ? "`(`"
                        : peek().kind == TokenKind::rparen ? "`)`"
                                                           : "`" + std::string(text(peek()).substr(0, 40)) + "`";
    fail_at(peek().offset, "expected " + what + ", found " + found);
  }
  bool at_keyword(std::string_view k, std::size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::keyword && text(peek(ahead)) == k;
  }
  void expect_lparen() {
    if (peek().kind != TokenKind::lparen) expected("`(`");
    next();
  }
  void expect_rparen() {
    if (peek().kind != TokenKind::rparen) expected("`)`");
    next();
  }
  std::string string() {
    if (peek().kind != TokenKind::string) expected("a string");
    return string_value(s_, next());
  }
  std::string optional_id() {
    if (peek().kind != TokenKind::id) return {};
    return std::string(text(next()));
  }
  std::size_t line_of(std::size_t offset) {
    while (line_offset_ < offset && line_offset_ < s_.size()) {
      if (s_[line_offset_] == '\n') ++line_;
      ++line_offset_;
    }
    return line_;
  }

  ScriptCommand command() {
    ScriptCommand c;
    c.line = line_of(peek().offset);
    expect_lparen();
    if (peek().kind != TokenKind::keyword) expected("a script command");
    const std::string_view k = text(peek());
    if (k == "module") {
      pos_ -= 1;
      module_command(c);
      return c;
    }
    next();
    // An assertion's line is that of its action or module, as wast2json (and the converted 3.0
    // manifests) give it: a failure reads the same from a `.wast` and from its JSON.
    if (k.starts_with("assert_") && peek().kind == TokenKind::lparen) c.line = line_of(peek().offset);
    if (k == "register") {
      c.type = "register";
      c.as = string();
      c.name = optional_id();
    } else if (k == "invoke" || k == "get") {
      pos_ -= 2;
      c.type = "action";
      c.action = action();
      return c;
    } else if (k == "assert_return") {
      c.type = "assert_return";
      c.action = action();
      while (peek().kind == TokenKind::lparen) c.expected.push_back(result());
    } else if (k == "assert_trap") {
      if (peek().kind == TokenKind::lparen && at_keyword("module", 1)) {
        c.type = "assert_uninstantiable";
        module_command(c);
      } else {
        c.type = "assert_trap";
        c.action = action();
      }
      c.text = string();
    } else if (k == "assert_exhaustion") {
      c.type = "assert_exhaustion";
      c.action = action();
      c.text = string();
    } else if (k == "assert_exception") {
      c.type = "assert_exception";
      c.action = action();
    } else if (k == "assert_malformed" || k == "assert_invalid" || k == "assert_unlinkable" ||
               k == "assert_malformed_custom" || k == "assert_invalid_custom") {
      c.type = std::string(k);
      module_command(c);
      c.text = string();
    } else {
      fail_at(peek().offset, "unknown script command `" + std::string(k) + "`");
    }
    expect_rparen();
    return c;
  }

  // `(module ...)` in any of its forms; fills c.module (and c.type/c.name for a plain module
  // command, where c.type is still empty).
  void module_command(ScriptCommand& c, bool keep_errors = true) {
    const std::size_t start = pos_;
    expect_lparen();
    if (!at_keyword("module")) expected("`module`");
    next();
    const bool definition = at_keyword("definition");
    if (definition) next();
    if (at_keyword("instance")) {
      next();
      if (c.type.empty()) c.type = "module_instance";
      c.name = optional_id();
      c.definition = optional_id();
      expect_rparen();
      return;
    }
    std::string id = optional_id();
    ScriptModule m;
    if (at_keyword("binary") || at_keyword("quote")) {
      const bool quote = at_keyword("quote");
      next();
      std::string bytes;
      while (peek().kind == TokenKind::string) bytes += string();
      expect_rparen();
      if (quote) {
        m.is_text = true;
        m.text = std::move(bytes);
      } else {
        m.binary.assign(bytes.begin(), bytes.end());
      }
    } else {
      pos_ = start;
      try {
        EncodedModule encoded = encode_module(s_, lexed_, pos_, false);
        m.binary = std::move(encoded.binary);
      } catch (const TextError& e) {
        if (!keep_errors) throw;
        // A text module that does not parse: the command fails (or, in assert_malformed, passes)
        // when it runs; the rest of the script still runs.
        m.is_text = true;
        m.error = locate(s_, e.offset, e.message);
        m.error->in_custom_annotation = e.in_custom_annotation;
        pos_ = start;
        skip_group();
      }
    }
    if (c.type.empty()) c.type = definition ? "module_definition" : "module";
    if (c.name.empty()) c.name = id;
    c.module = std::move(m);
  }

  void skip_group() {
    int depth = 0;
    do {
      if (peek().kind == TokenKind::eof) expected("`)`");
      if (peek().kind == TokenKind::lparen) ++depth;
      if (peek().kind == TokenKind::rparen) --depth;
      next();
    } while (depth > 0);
  }

  ScriptAction action() {
    ScriptAction a;
    expect_lparen();
    if (at_keyword("invoke")) {
      a.type = "invoke";
    } else if (at_keyword("get")) {
      a.type = "get";
    } else {
      expected("`invoke` or `get`");
    }
    next();
    a.module = optional_id();
    a.field = string();
    if (a.type == "invoke") {
      while (peek().kind == TokenKind::lparen) a.args.push_back(constant(false));
    }
    expect_rparen();
    return a;
  }

  ScriptValue result() {
    if (peek().kind == TokenKind::lparen && at_keyword("either", 1)) {
      next();
      next();
      ScriptValue v;
      v.type = "either";
      while (peek().kind == TokenKind::lparen) v.either.push_back(constant(true));
      expect_rparen();
      return v;
    }
    return constant(true);
  }

  std::string float_text(unsigned bits, bool pattern) {
    const std::string_view t = text(peek());
    if (pattern && (t == "nan:canonical" || t == "nan:arithmetic")) {
      next();
      return std::string(t);
    }
    if (bits == 32) {
      std::uint32_t v = 0;
      if (!parse_f32(t, v)) expected("an f32 literal");
      next();
      return std::to_string(v);
    }
    std::uint64_t v = 0;
    if (!parse_f64(t, v)) expected("an f64 literal");
    next();
    return std::to_string(v);
  }

  std::string integer_text(unsigned bits) {
    std::uint64_t v = 0;
    const std::string_view t = text(peek());
    bool ok = false;
    if (bits >= 32) {
      ok = parse_integer(t, bits, v);
    } else {
      const std::uint64_t umax = (std::uint64_t{1} << bits) - 1;
      const std::uint64_t smag = std::uint64_t{1} << (bits - 1);
      if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        std::uint64_t m = 0;
        ok = parse_unsigned(t.substr(1), t[0] == '-' ? smag : smag - 1, m);
        v = (t[0] == '-' ? ~m + 1 : m) & umax;
      } else {
        ok = parse_unsigned(t, umax, v);
      }
    }
    if (peek().kind != TokenKind::number || !ok) expected("an i" + std::to_string(bits) + " literal");
    next();
    return std::to_string(v);
  }

  // (i32.const n) ... (v128.const shape lanes) (ref.null t) (ref.extern n) (ref.func)
  ScriptValue constant(bool pattern) {
    expect_lparen();
    if (peek().kind != TokenKind::keyword) expected("a constant");
    const std::string_view k = text(next());
    ScriptValue v;
    if (k == "i32.const" || k == "i64.const") {
      v.type = std::string(k.substr(0, 3));
      v.values.push_back(integer_text(k == "i32.const" ? 32 : 64));
    } else if (k == "f32.const" || k == "f64.const") {
      v.type = std::string(k.substr(0, 3));
      v.values.push_back(float_text(k == "f32.const" ? 32 : 64, pattern));
    } else if (k == "v128.const") {
      v.type = "v128";
      if (peek().kind != TokenKind::keyword) expected("a vector shape");
      const std::string_view shape = text(next());
      unsigned lanes = 0;
      unsigned bits = 0;
      bool is_float = false;
      if (shape == "i8x16") { lanes = 16; bits = 8; }
      else if (shape == "i16x8") { lanes = 8; bits = 16; }
      else if (shape == "i32x4") { lanes = 4; bits = 32; }
      else if (shape == "i64x2") { lanes = 2; bits = 64; }
      else if (shape == "f32x4") { lanes = 4; bits = 32; is_float = true; }
      else if (shape == "f64x2") { lanes = 2; bits = 64; is_float = true; }
      else expected("a vector shape");
      v.lane_type = std::string(is_float ? "f" : "i") + std::to_string(bits);
      for (unsigned i = 0; i < lanes; ++i) {
        v.values.push_back(is_float ? float_text(bits, pattern) : integer_text(bits));
      }
    } else if (k == "ref.null") {
      // The type names of the 3.0 manifests (json-from-wast's); `(ref.null)`: any null.
      static constexpr std::pair<std::string_view, std::string_view> kNulls[] = {
          {"func", "funcref"}, {"extern", "externref"}, {"exn", "exnref"}, {"any", "anyref"}, {"eq", "eqref"},
          {"i31", "i31ref"}, {"struct", "structref"}, {"array", "arrayref"}, {"none", "nullref"},
          {"nofunc", "nullfuncref"}, {"noextern", "nullexternref"}, {"noexn", "nullexnref"}};
      if (peek().kind == TokenKind::rparen && pattern) {
        v.type = "refnull";
      } else {
        for (const auto& [heap, type] : kNulls) {
          if (at_keyword(heap)) v.type = std::string(type);
        }
        if (v.type.empty()) expected("a heap type");
        next();
      }
      v.values.push_back("null");
    } else if (k == "ref.extern" || k == "ref.host") {
      v.type = k == "ref.extern" ? "externref" : "anyref";
      if (peek().kind == TokenKind::rparen && pattern) {
        // any non-null reference: no value
      } else {
        std::uint64_t n = 0;
        if (peek().kind != TokenKind::number || !parse_unsigned(text(peek()), UINT32_MAX, n)) expected("a number");
        next();
        v.values.push_back(std::to_string(n));
      }
    } else if (pattern && (k == "ref.func" || k == "ref.any" || k == "ref.eq" || k == "ref.i31" ||
                           k == "ref.struct" || k == "ref.array" || k == "ref.exn")) {
      v.type = std::string(k.substr(4)) + "ref";  // any non-null reference of that type: no value
      if (peek().kind != TokenKind::rparen) next();
    } else {
      fail_at(peek().offset, "unknown constant `" + std::string(k) + "`");
    }
    expect_rparen();
    return v;
  }

  std::string_view s_;
  const Lexed& lexed_;
  const std::vector<Token>& t_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_offset_ = 0;
};

}  // namespace

ScriptResult parse_script(std::string_view text) {
  ScriptResult result;
  try {
    Lexed lexed = lex(text);
    result.commands = ScriptParser(text, lexed).parse();
  } catch (const TextError& e) {
    result.commands.clear();
    result.error = locate(text, e.offset, e.message);
  }
  return result;
}

}  // namespace wrt::text
