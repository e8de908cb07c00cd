#include <wrt/error.hpp>
#include <wrt/error/text_writer.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>

#if WRT_PROFILE_HOSTED
#include <wrt/error/fmt.hpp>
#endif

namespace wrt {
namespace {

std::string text_of(const Error& e) {
  char buffer[512];
  std::size_t n = e.format(buffer, sizeof buffer);
  EXPECT_LT(n, sizeof buffer);
  EXPECT_EQ(std::strlen(buffer), n);
  return buffer;
}

TEST(Error, CodeKindAndDefaultMessage) {
  Error e(ErrorCode::integer_too_long);
  EXPECT_EQ(e.code(), ErrorCode::integer_too_long);
  EXPECT_EQ(e.kind(), ErrorKind::malformed);
  EXPECT_STREQ(e.message(), "integer representation too long");
  EXPECT_FALSE(e.has_offset());
  EXPECT_EQ(e.context_count(), 0u);
  EXPECT_TRUE(e.detail().empty());
  EXPECT_EQ(text_of(e), "integer representation too long");
}

TEST(Error, EveryCodeHasKindNameAndMessage) {
  // Walk the table through the X-macro so a new code cannot be forgotten here.
#define WRT_X(id, kind_, message_)                                  \
  EXPECT_EQ(kind_of(ErrorCode::id), ErrorKind::kind_) << #id;       \
  EXPECT_STREQ(default_message(ErrorCode::id), message_) << #id;    \
  EXPECT_STREQ(name_of(ErrorCode::id), #id);
  WRT_ERROR_CODES(WRT_X)
#undef WRT_X
  EXPECT_STREQ(name_of(ErrorKind::exhaustion), "exhaustion");
  EXPECT_STREQ(name_of(ErrorKind::usage), "usage");
}

TEST(Error, KindsCoverTheIssueCategories) {
  EXPECT_EQ(kind_of(ErrorCode::bad_magic), ErrorKind::malformed);
  EXPECT_EQ(kind_of(ErrorCode::type_mismatch), ErrorKind::invalid);
  EXPECT_EQ(kind_of(ErrorCode::unknown_import), ErrorKind::unlinkable);
  EXPECT_EQ(kind_of(ErrorCode::trap), ErrorKind::trap);
  EXPECT_EQ(kind_of(ErrorCode::out_of_fuel), ErrorKind::exhaustion);
  EXPECT_EQ(kind_of(ErrorCode::call_stack_exhausted), ErrorKind::exhaustion);
  EXPECT_EQ(kind_of(ErrorCode::out_of_memory), ErrorKind::exhaustion);
  EXPECT_EQ(kind_of(ErrorCode::limit_exceeded), ErrorKind::limit);
  EXPECT_EQ(kind_of(ErrorCode::host_error), ErrorKind::host);
  EXPECT_EQ(kind_of(ErrorCode::io_error), ErrorKind::io);
}

TEST(Error, CustomMessageOffsetAndDetail) {
  Error e = Error(ErrorCode::malformed, "malformed section id").at(12).append_detail("id ").append_detail_number(13);
  EXPECT_STREQ(e.message(), "malformed section id");
  ASSERT_TRUE(e.has_offset());
  EXPECT_EQ(e.offset(), 12u);
  EXPECT_EQ(e.detail(), "id 13");
  EXPECT_EQ(text_of(e), "malformed section id: id 13 (at byte offset 12)");
}

TEST(Error, AtIfUnsetKeepsTheInnerOffset) {
  Error e = Error(ErrorCode::unexpected_end).at(5);
  e.at_if_unset(99);
  EXPECT_EQ(e.offset(), 5u);
  Error f(ErrorCode::unexpected_end);
  f.at_if_unset(99);
  EXPECT_EQ(f.offset(), 99u);
}

TEST(Error, ContextChainPrintsOutermostFirst) {
  Error e = Error(ErrorCode::type_mismatch)
                .append_detail("expected i32, found i64")
                .with_context("in function", 3)
                .with_context("while loading plugin");
  ASSERT_EQ(e.context_count(), 2u);
  EXPECT_STREQ(e.context_text(0), "in function");
  EXPECT_EQ(e.context_number(0), 3u);
  EXPECT_EQ(e.context_number(1), Error::kNoNumber);
  EXPECT_EQ(text_of(e), "while loading plugin: in function 3: type mismatch: expected i32, found i64");
}

TEST(Error, ContextChainKeepsInnermostAndOutermostWhenFull) {
  Error e(ErrorCode::trap);
  for (std::uint32_t i = 0; i < Error::kMaxContexts + 3; ++i) e.with_context("level", i);
  e.with_context("outermost");
  EXPECT_EQ(e.context_count(), Error::kMaxContexts);
  EXPECT_TRUE(e.contexts_truncated());
  EXPECT_EQ(e.context_number(0), 0u);  // innermost survives
  EXPECT_STREQ(e.context_text(Error::kMaxContexts - 1), "outermost");
  EXPECT_NE(text_of(e).find("outermost: ...: "), std::string::npos) << text_of(e);
}

TEST(Error, DetailIsTruncatedVisiblyNeverOverrun) {
  std::string long_text(Error::kDetailCapacity * 3, 'x');
  Error e = Error(ErrorCode::unknown_import).append_detail(long_text);
  EXPECT_EQ(e.detail().size(), Error::kDetailCapacity);
  EXPECT_EQ(e.detail().substr(e.detail().size() - 3), "...");
  // Further appends do not grow it.
  e.append_detail("more");
  EXPECT_EQ(e.detail().size(), Error::kDetailCapacity);
}

TEST(Error, DetailFillsExactly) {
  std::string exact(Error::kDetailCapacity, 'y');
  Error e = Error(ErrorCode::unknown_import).append_detail(exact);
  EXPECT_EQ(e.detail(), exact);
}

TEST(Error, FormatTruncatesLikeSnprintf) {
  Error e = Error(ErrorCode::integer_too_large).at(1234);
  const std::string full = text_of(e);
  char small[10];
  std::memset(small, '#', sizeof small);
  std::size_t n = e.format(small, sizeof small);
  EXPECT_EQ(n, full.size());
  EXPECT_EQ(std::string(small), full.substr(0, sizeof small - 1));
  // Size zero writes nothing.
  char untouched = '#';
  EXPECT_EQ(e.format(&untouched, 0), full.size());
  EXPECT_EQ(untouched, '#');
}

std::string escaped(std::string_view text) {
  char buffer[256];
  TextWriter out(buffer, sizeof buffer);
  out.put_escaped(text);
  out.finish();
  return buffer;
}

TEST(TextWriter, EscapesWhatATerminalWouldAct) {
  EXPECT_EQ(escaped("plain name_1.2"), "plain name_1.2");
  EXPECT_EQ(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");  // UTF-8 stays
  EXPECT_EQ(escaped("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(escaped(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(escaped("line\nnext\ttab\rret\x7f"), "line\\nnext\\ttab\\rret\\x7f");
  EXPECT_EQ(escaped("back\\slash"), "back\\\\slash");
  EXPECT_EQ(escaped("\xc2\x9b" "2J"), "\\u{9b}2J");           // C1 CSI, as UTF-8
  EXPECT_EQ(escaped("\xe2\x80\xae" "txt"), "\\u{202e}txt");    // right-to-left override
  EXPECT_EQ(escaped("\xff\xc3"), "\\xff\\xc3");                 // not UTF-8; cut short
  EXPECT_EQ(escaped("\xed\xa0\x80"), "\\xed\\xa0\\x80");     // a surrogate
  EXPECT_EQ(escaped("\xc0\xaf"), "\\xc0\\xaf");                 // overlong
}

TEST(Error, FormatEscapesTheDetail) {
  Error e = Error(ErrorCode::unknown_import).append_detail("env.\x1b[2Jclear").with_context("while linking");
  EXPECT_EQ(text_of(e), "while linking: unknown import: env.\\x1b[2Jclear");
}

TEST(Error, SubjectGoesBeforeTheContextsItWasGiven) {
  Error e = Error(ErrorCode::unknown_import).append_detail("env.log").with_context("while linking");
  e.with_subject("plugin.wasm").with_context("while loading plugin");
  EXPECT_EQ(e.subject(), "plugin.wasm");
  EXPECT_EQ(e.detail(), "env.log");
  EXPECT_EQ(text_of(e), "while loading plugin: plugin.wasm: while linking: unknown import: env.log");
  // Without contexts; replaced by a second subject; escaped like the detail.
  EXPECT_EQ(text_of(Error(ErrorCode::io_error).with_subject("a.wasm")), "a.wasm: I/O error");
  Error twice = Error(ErrorCode::io_error).append_detail("why").with_subject("first").with_subject("x\x1b");
  EXPECT_EQ(text_of(twice), "x\\x1b: I/O error: why");
}

TEST(Error, SubjectTakesWhatTheDetailLeaves) {
  const std::string path(Error::kDetailCapacity - 5, 'p');
  Error e = Error(ErrorCode::io_error).append_detail("why").with_subject(path);
  EXPECT_EQ(e.subject(), path);
  EXPECT_EQ(e.detail(), "why");
}

TEST(Error, SubjectKeepsItsEndAndLeavesRoomForTheDetail) {
  const std::string path = "/a/long/path/to/the/plugins/directory/of/the/application/plugin.wasm";
  const std::string detail(Error::kDetailCapacity - 4, 'd');
  Error e = Error(ErrorCode::io_error).append_detail(detail).with_subject(path);
  ASSERT_EQ(e.subject().size(), Error::kDetailCapacity / 2);
  EXPECT_EQ(e.subject().substr(0, 3), "...");
  EXPECT_EQ(path.substr(path.size() - (e.subject().size() - 3)), e.subject().substr(3));  // the end
  EXPECT_EQ(e.detail().size(), Error::kDetailCapacity - e.subject().size());
  EXPECT_EQ(e.detail().substr(e.detail().size() - 3), "...");  // the detail was cut, visibly
  e.append_detail("more");  // full: nothing more fits
  EXPECT_EQ(e.subject().size() + e.detail().size(), Error::kDetailCapacity);
}

TEST(Error, IsTriviallyCopyable) {
  static_assert(std::is_trivially_copyable_v<Error>);
  Error a = Error(ErrorCode::host_error).append_detail("abc").with_context("ctx");
  Error b = a;
  EXPECT_EQ(text_of(a), text_of(b));
}

#if WRT_PROFILE_HOSTED
TEST(Error, FmtFormatting) {
  Error e = Error(ErrorCode::unknown_import).append_detail("env.log").with_context("while linking");
  EXPECT_EQ(fmt::format("error: {}", e), "error: while linking: unknown import: env.log");
  EXPECT_EQ(to_string(e), "while linking: unknown import: env.log");
  // Longer than to_string's stack buffer: the text is still complete.
  Error many(ErrorCode::trap);
  static const std::string kLong(120, 'c');
  for (std::size_t i = 0; i < Error::kMaxContexts; ++i) many.with_context(kLong.c_str());
  EXPECT_EQ(to_string(many).size(), Error::kMaxContexts * (kLong.size() + 2) + 4);
}
#endif

}  // namespace
}  // namespace wrt
