#include "text/lexer.hpp"


namespace wrt::text {

namespace {

bool is_idchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '/': case ':': case '<': case '=': case '>': case '?': case '@': case '\\':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Characters that may sit in a reserved token but in no other.
bool is_reserved_only(unsigned char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether `bytes` are well-formed UTF-8 (names must be).
bool is_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    std::size_t n = 0;
    std::uint32_t v = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      v = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= bytes.size()) return false;  // truncated
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(bytes[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      v = (v << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF.
    if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return false;
    i += n + 1;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : s_(source) {}

  Lexed run() {
    Lexed out;
    int custom_depth = 0;  // > 0 while inside an (@custom ...) annotation
    CustomAnnotation custom;
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) break;
      const std::size_t start = pos_;
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      Token token{};
      if (c == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '@') {
        // An annotation: "(@" followed by its name (identifier characters or a string).
        pos_ += 2;
        const std::size_t name_start = pos_;
        const TokenKind name_kind = name_start < s_.size() ? scan_run() : TokenKind::eof;
        std::string_view name = s_.substr(name_start, pos_ - name_start);
        if (name.empty()) fail_at(start, "expected an annotation name after \"(@\"");
        if (name_kind == TokenKind::string) {  // (@"name"): a name, so not empty and UTF-8
          check_name(Token{name_kind, static_cast<std::uint32_t>(name_start), static_cast<std::uint32_t>(name.size())},
                     "empty annotation id");
        }
        if (custom_depth == 0 && name == "custom") {
          custom_depth = 1;
          custom.tokens.clear();
          custom.tokens.push_back(Token{TokenKind::lparen, static_cast<std::uint32_t>(start),
                                        static_cast<std::uint32_t>(pos_ - start)});
          continue;
        }
        if (custom_depth > 0) fail_at(start, "annotation inside a custom annotation");
        const std::size_t body_start = pos_;
        skip_annotation(start);
        if (name == "metadata.code.branch_hint") {
          out.hints.push_back(HintAnnotation{static_cast<std::uint32_t>(start),
                                             s_.substr(body_start, pos_ - 1 - body_start)});
        }
        continue;
      }
      if (c == '(') {
        ++pos_;
        token.kind = TokenKind::lparen;
      } else if (c == ')') {
        ++pos_;
        token.kind = TokenKind::rparen;
      } else if (c == '"' || is_idchar(c) || is_reserved_only(c)) {
        token.kind = scan_run();
        if (token.kind == TokenKind::id && s_[start + 1] == '"') {  // $"name"
          check_name(Token{token.kind, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_ - start)},
                     "empty identifier");
        }
      } else {
        fail_at(start, c < 0x20 || c >= 0x7F ? "unexpected character" : std::string("unexpected character '") +
                                                                            static_cast<char>(c) + "'");
      }
      token.offset = static_cast<std::uint32_t>(start);
      token.length = static_cast<std::uint32_t>(pos_ - start);
      if (custom_depth > 0) {
        custom.tokens.push_back(token);
        if (token.kind == TokenKind::lparen) ++custom_depth;
        if (token.kind == TokenKind::rparen && --custom_depth == 0) {
          out.customs.push_back(std::move(custom));
          custom = {};
        }
        continue;
      }
      out.tokens.push_back(token);
    }
    if (custom_depth > 0) fail_at(custom.tokens.front().offset, "unclosed annotation");
    out.tokens.push_back(Token{TokenKind::eof, static_cast<std::uint32_t>(s_.size()), 0});
    return out;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;  // CR ends it too
      } else if (c == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  void skip_block_comment() {
    const std::size_t start = pos_;
    int depth = 0;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        ++depth;
        pos_ += 2;
      } else if (s_[pos_] == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ')') {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
    fail_at(start, "unterminated block comment");
  }

  // Skips an annotation's body up to its closing parenthesis (nested parentheses, strings
  // and comments included).
  void skip_annotation(std::size_t start) {
    int depth = 1;
    while (depth > 0) {
      skip_space();
      if (pos_ >= s_.size()) fail_at(start, "unclosed annotation");
      const char c = s_[pos_];
      if (c == '(') {
        ++depth;
        ++pos_;
      } else if (c == ')') {
        --depth;
        ++pos_;
      } else if (c == '"' || is_idchar(static_cast<unsigned char>(c)) || is_reserved_only(static_cast<unsigned char>(c))) {
        scan_run();  // the body is tokens too: other characters are as illegal as elsewhere
      } else if (c == ';') {
        ++pos_;  // a lone `;` (not a comment): a reserved token of its own (3.0's token grammar)
      } else {
        fail_at(pos_, "unexpected character in an annotation");
      }
    }
  }

  // A name written as a string (`$"name"`, `(@"name")`): not empty, and UTF-8.
  void check_name(const Token& token, const char* empty_message) {
    const std::string value = string_value(s_, token);
    if (value.empty()) fail_at(token.offset, empty_message);
    if (!is_utf8(value)) fail_at(token.offset, "malformed UTF-8 encoding");
  }

  // Scans a string from its opening quote; checks its characters, not its escapes' meaning.
  void scan_string() {
    const std::size_t start = pos_;
    ++pos_;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c < 0x20 || c == 0x7F) fail_at(pos_, "control character in a string");
      ++pos_;
    }
    fail_at(start, "unterminated string");
  }

  // A maximal run of identifier characters, strings and reserved-only characters.
  TokenKind scan_run() {
    const std::size_t start = pos_;
    int strings = 0;
    bool other = false;
    bool reserved = false;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        scan_string();
        ++strings;
      } else if (is_idchar(c)) {
        other = true;
        ++pos_;
      } else if (is_reserved_only(c)) {
        reserved = true;
        ++pos_;
      } else {
        break;
      }
    }
    const unsigned char first = static_cast<unsigned char>(s_[start]);
    if (reserved) return TokenKind::reserved;
    if (strings == 1 && !other) return TokenKind::string;
    // `$"name"`: an identifier written as a string (WebAssembly 3.0).
    if (strings == 1 && first == '$' && pos_ - start >= 3 && s_[start + 1] == '"' && s_[pos_ - 1] == '"') {
      return TokenKind::id;
    }
    if (strings > 0) return TokenKind::reserved;
    if (first == '$') return pos_ - start > 1 ? TokenKind::id : TokenKind::reserved;
    if (first >= 'a' && first <= 'z') return TokenKind::keyword;
    if ((first >= '0' && first <= '9') || first == '+' || first == '-') return TokenKind::number;
    return TokenKind::reserved;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Lexed lex(std::string_view source) { return Lexer(source).run(); }

std::string string_value(std::string_view source, const Token& token) {
  std::string_view text = token_text(source, token);
  std::size_t begin = text.find('"');
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = begin + 1; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    const std::size_t at = token.offset + i;
    if (i + 1 >= text.size() - 1) fail_at(at, "unterminated escape in a string");
    const char e = text[++i];
    switch (e) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case '"': out.push_back('"'); break;
      case '\'': out.push_back('\''); break;
      case '\\': out.push_back('\\'); break;
      case 'u': {
        if (i + 1 >= text.size() || text[i + 1] != '{') fail_at(at, "malformed unicode escape: expected '{'");
        i += 2;
        std::uint32_t value = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] != '}') {
          const int h = hex_value(static_cast<unsigned char>(text[i]));
          if (h < 0) {
            if (text[i] == '_' && digits > 0 && i + 1 < text.size() && hex_value(static_cast<unsigned char>(text[i + 1])) >= 0) {
              ++i;
              continue;
            }
            fail_at(at, "malformed unicode escape");
          }
          if (value > 0x10FFFF) fail_at(at, "unicode escape out of range");
          value = value * 16 + static_cast<std::uint32_t>(h);
          ++digits;
          ++i;
        }
        if (digits == 0 || i >= text.size()) fail_at(at, "malformed unicode escape");
        if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) fail_at(at, "unicode escape out of range");
        if (value < 0x80) {
          out.push_back(static_cast<char>(value));
        } else if (value < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (value >> 6)));
          out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
        } else if (value < 0x10000) {
          out.push_back(static_cast<char>(0xE0 | (value >> 12)));
          out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xF0 | (value >> 18)));
          out.push_back(static_cast<char>(0x80 | ((value >> 12) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
        }
        break;
      }
      default: {
        const int hi = hex_value(static_cast<unsigned char>(e));
        const int lo = i + 1 < text.size() - 1 ? hex_value(static_cast<unsigned char>(text[i + 1])) : -1;
        if (hi < 0 || lo < 0) fail_at(at, "unknown escape in a string");
        out.push_back(static_cast<char>(hi * 16 + lo));
        ++i;
      }
    }
  }
  return out;
}

}  // namespace wrt::text
