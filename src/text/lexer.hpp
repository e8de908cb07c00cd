// The lexer of the WebAssembly text format: source text to tokens.
//
// Whitespace and comments (";; ..." and nested "(; ... ;)") separate tokens and are dropped.
// Annotations "(@name ...)" are dropped too, except "(@custom ...)", whose tokens are kept
// aside for the module parser. A run of characters that is not a valid single token (such
// as `0$l` or `"a""b"`) is a `reserved` token, which no rule of the grammar accepts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/text_error.hpp"

namespace wrt::text {

enum class TokenKind : std::uint8_t {
  lparen,
  rparen,
  keyword,   // starts with a lower-case letter: `i32.add`, `offset=4`, `nan:0x1`, `inf`
  id,        // `$name` or `$"name"`
  string,    // "..." (text still escaped)
  number,    // starts with a digit or a sign: integers and floats
  reserved,  // anything else made of identifier characters and strings
  eof,
};

struct Token {
  TokenKind kind;
  std::uint32_t offset;  // into the source
  std::uint32_t length;
};

// An `(@custom ...)` annotation: its tokens, from the "(@custom" token to its ")".
struct CustomAnnotation {
  std::vector<Token> tokens;
};

// A `(@metadata.code.branch_hint ...)` annotation (branch hinting): where it starts in the
// source and its body after the name (the parser reads the hint from it).
struct HintAnnotation {
  std::uint32_t offset;
  std::string_view body;
};

struct Lexed {
  std::vector<Token> tokens;  // ends with an eof token
  std::vector<CustomAnnotation> customs;
  std::vector<HintAnnotation> hints;  // in source order
};

// Throws TextError for a character that starts no token, an unterminated string or block
// comment, or an annotation without its closing parenthesis.
Lexed lex(std::string_view source);

// The bytes a string token stands for (escapes resolved); throws TextError for a bad escape.
std::string string_value(std::string_view source, const Token& token);

inline std::string_view token_text(std::string_view source, const Token& token) {
  return source.substr(token.offset, token.length);
}

}  // namespace wrt::text
