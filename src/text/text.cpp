#include <wrt/text/text.hpp>

#include "text/lexer.hpp"
#include "text/module_parser.hpp"
#include "text/text_error.hpp"

namespace wrt::text {

std::string Diagnostic::to_string() const {
  return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

Diagnostic locate(std::string_view text, std::size_t offset, std::string message) {
  Diagnostic d;
  d.offset = offset;
  d.line = 1;
  d.column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++d.line;
      d.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++d.column;  // columns count characters, not UTF-8 continuation bytes
    }
  }
  d.message = std::move(message);
  return d;
}

BinaryResult parse_module(std::string_view text) {
  BinaryResult result;
  try {
    Lexed lexed = lex(text);
    std::size_t pos = 0;
    const bool wrapped = lexed.tokens.size() > 2 && lexed.tokens[0].kind == TokenKind::lparen &&
                         lexed.tokens[1].kind == TokenKind::keyword && token_text(text, lexed.tokens[1]) == "module";
    EncodedModule module = encode_module(text, lexed, pos, !wrapped);
    if (wrapped && lexed.tokens[pos].kind != TokenKind::eof) {
      throw TextError{lexed.tokens[pos].offset, "unexpected text after the module"};
    }
    result.binary = std::move(module.binary);
  } catch (const TextError& e) {
    result.error = locate(text, e.offset, e.message);
    result.error->in_custom_annotation = e.in_custom_annotation;
  }
  return result;
}

bool looks_like_text(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t c = bytes[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';') {
      while (i < bytes.size() && bytes[i] != '\n') ++i;
    } else if (c == '(' && i + 1 < bytes.size() && bytes[i + 1] == ';') {
      int depth = 0;
      while (i + 1 < bytes.size()) {
        if (bytes[i] == '(' && bytes[i + 1] == ';') {
          ++depth;
          i += 2;
        } else if (bytes[i] == ';' && bytes[i + 1] == ')') {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
      if (depth != 0) return false;
    } else {
      return c == '(';
    }
  }
  return false;
}

}  // namespace wrt::text
