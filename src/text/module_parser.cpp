// Text module → binary module. Two passes over the tokens: the first reads the module fields
// and gives every definition its index (so names can be used before their definition), the
// second resolves type uses and encodes instructions, which it reads from the token ranges the
// first pass kept.
#include "text/module_parser.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <unordered_map>

#include <wrt/decoder/opcode.hpp>
#include <wrt/foundation/utf8.hpp>

#include "text/gc_opcodes.hpp"
#include "text/numbers.hpp"
#include "text/text_error.hpp"

namespace wrt::text {

namespace {

// ---------------------------------------------------------------------------------------------
// Binary output

struct Writer {
  std::vector<std::uint8_t> bytes;

  void u8(std::uint8_t b) { bytes.push_back(b); }
  void u32(std::uint64_t v) {
    do {
      std::uint8_t b = v & 0x7F;
      v >>= 7;
      if (v != 0) b |= 0x80;
      bytes.push_back(b);
    } while (v != 0);
  }
  void sleb(std::int64_t v) {
    for (;;) {
      const std::uint8_t b = v & 0x7F;
      v >>= 7;  // arithmetic
      if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
        bytes.push_back(b);
        return;
      }
      bytes.push_back(b | 0x80);
    }
  }
  void fixed(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(const std::vector<std::uint8_t>& b) { bytes.insert(bytes.end(), b.begin(), b.end()); }
  void name(std::string_view s) {
    u32(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
};

// ---------------------------------------------------------------------------------------------
// The opcode table by text name

struct OpcodeNames {
  std::unordered_map<std::string_view, Opcode> by_name;
  OpcodeNames() {
#define WRT_X(id, prefix, code, text, imm, sig, bytes, feature) by_name.emplace(text, Opcode::id);
    WRT_OPCODES(WRT_X)
#undef WRT_X
    by_name["select"] = Opcode::select;  // `select (result t)` is select_t; decided by its form
  }
};

const OpcodeNames& opcode_names() {
  static const OpcodeNames names;
  return names;
}

// ---------------------------------------------------------------------------------------------
// The module being built

struct Ref {
  std::string_view name;  // empty: a number
  std::uint64_t number = 0;
  std::size_t offset = 0;
};

// A value type: a number or vector type, an abbreviated reference type (funcref: 0x70, exnref:
// 0x69, ...; also `(ref null func)`), or `(ref null? ht)` (0x63 / 0x64) with an abstract heap
// type or a type index. A type index named before its definition is resolved once all types
// are known (`resolved` is false until then).
struct ValType {
  std::uint8_t code = 0;
  std::uint8_t heap = 0;          // 0x63/0x64 with an abstract heap type: its byte
  bool indexed = false;           // 0x63/0x64 with a type index
  bool resolved = true;
  Ref ref;                        // the type index as written
  std::uint32_t index = 0;        // ... and resolved

  friend bool operator==(const ValType& a, const ValType& b) {
    return a.code == b.code && a.heap == b.heap && a.indexed == b.indexed && a.index == b.index;
  }
};

constexpr ValType simple_type(std::uint8_t code) {
  ValType t;
  t.code = code;
  return t;
}

using Sig = std::pair<std::vector<ValType>, std::vector<ValType>>;  // params, results

// A struct field or the array element: a storage type (a value type, or packed: code 0x78 for
// i8, 0x77 for i16) and whether it is mutable.
struct FieldType {
  ValType type;
  bool is_mutable = false;
};

// A type definition: `(type $t? comptype)` or `(type $t? (sub final? $super* comptype))`.
struct TypeDef {
  std::uint8_t kind = 0x60;  // the comptype's byte: 0x60 func, 0x5F struct, 0x5E array
  Sig sig;                   // func
  std::vector<FieldType> fields;  // struct; array: its one element type
  std::unordered_map<std::string_view, std::uint32_t> field_names;  // struct: per type
  bool is_final = true;      // `sub` without `final` is not
  std::vector<Ref> supers;
  bool in_rec = false;       // written inside `(rec ...)`
};

// The type section's entries: a `(rec ...)` group (0x4E) or a type alone.
struct RecGroup {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  bool is_rec = false;
};

struct Space {
  const char* kind;
  std::unordered_map<std::string_view, std::uint32_t> names;
  std::uint32_t count = 0;

  explicit Space(const char* k) : kind(k) {}

  std::uint32_t add(std::optional<std::string_view> name, std::size_t offset) {
    if (name) {
      if (!names.emplace(*name, count).second) fail_at(offset, std::string("duplicate ") + kind + " " + std::string(*name));
    }
    return count++;
  }
  std::uint32_t resolve(const Ref& ref) const {
    if (ref.name.empty()) return static_cast<std::uint32_t>(ref.number);
    auto it = names.find(ref.name);
    if (it == names.end()) fail_at(ref.offset, std::string("unknown ") + kind + " " + std::string(ref.name));
    return it->second;
  }
};

struct TypeUse {
  std::optional<Ref> type;
  bool has_inline = false;
  Sig sig;
  std::vector<std::pair<std::string_view, std::size_t>> param_names;  // "" when unnamed
  std::size_t offset = 0;
  std::uint32_t index = 0;  // resolved
};

// Tokens of an instruction sequence kept for the second pass; `zero` stands for `i32.const 0`
// (the offset of a segment written inline in a table or memory).
struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool zero = false;
  bool zero64 = false;  // `i64.const 0` (a table or memory with i64 addresses)
};

struct Func {
  TypeUse use;
  std::vector<ValType> locals;
  std::vector<std::pair<std::string_view, std::size_t>> local_names;
  Range body;
};

struct LimitsText {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  bool has_max = false;
};

struct Import {
  std::string module;
  std::string field;
  ExternKind kind = ExternKind::function;
  TypeUse use;                  // function
  ValType type;                 // table: element type; global: value type
  bool table64 = false;         // table, memory: i64 addresses
  bool shared = false;          // memory
  int page_log2 = -1;           // memory: (pagesize N)
  bool is_mutable = false;      // global
  LimitsText limits;            // table, memory
};

struct Table {
  ValType element = simple_type(0x70);
  LimitsText limits;
  bool table64 = false;
  std::optional<Range> init;  // `(table n (ref $t) expr)`
};

struct Memory {
  LimitsText limits;
  bool memory64 = false;
  bool shared = false;
  int page_log2 = -1;  // (pagesize N); -1: the default
};

struct Global {
  ValType type;
  bool is_mutable = false;
  Range init;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::function;
  Ref ref;
};

enum class SegmentMode { passive, active, declarative };

struct Elem {
  SegmentMode mode = SegmentMode::passive;
  std::optional<Ref> table;
  Range offset;
  ValType type = simple_type(0x70);
  bool indices = false;            // `func x*` (or the legacy form): function indices
  std::vector<Ref> funcs;          // when `indices`
  std::vector<Range> items;        // otherwise: one expression each
};

struct Data {
  SegmentMode mode = SegmentMode::passive;
  std::optional<Ref> memory;
  Range offset;
  std::string bytes;
};

// Section ids in the order they are written, for placing custom sections.
constexpr std::uint8_t kSectionOrder[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11};

struct Custom {
  std::string name;
  std::string bytes;
  int slot = 12;      // index into kSectionOrder (12: after the last one), or -1: before the first
  bool after = true;
};

// ---------------------------------------------------------------------------------------------

class ModuleParser {
 public:
  ModuleParser(std::string_view source, const std::vector<Token>& tokens, std::size_t pos)
      : s_(source), t_(tokens), pos_(pos) {}

  EncodedModule parse(bool fields_only, const std::vector<CustomAnnotation>& customs,
                      const std::vector<HintAnnotation>& hints) {
    EncodedModule out;
    std::size_t begin_offset = t_[pos_].offset;
    if (!fields_only) {
      expect_lparen();
      expect_keyword("module");
      if (at_keyword("definition")) {
        next();
        out.definition = true;
      }
      if (auto id = take_id()) out.id = std::string(*id);
    }
    while (peek().kind == TokenKind::lparen) field();
    std::size_t end_offset = t_[pos_].offset;
    if (!fields_only) {
      expect_rparen();
    } else if (peek().kind != TokenKind::eof) {
      expected("a module field");
    }
    for (const CustomAnnotation& c : customs) {
      if (c.tokens.front().offset >= begin_offset && c.tokens.front().offset < end_offset) custom(c);
    }
    for (const HintAnnotation& h : hints) {
      if (h.offset >= begin_offset && h.offset < end_offset) hints_.push_back(PendingHint{h.offset, h.body, false});
    }
    out.binary = encode();
    for (const PendingHint& h : hints_) {
      if (h.claimed) continue;
      const bool in_body = std::any_of(funcs_.begin(), funcs_.end(), [&](const Func& f) {
        return f.body.begin < f.body.end && h.offset > t_[f.body.begin].offset && h.offset < t_[f.body.end].offset;
      });
      fail_in_annotation_at(h.offset, in_body ? "@metadata.code.branch_hint annotation: not before an instruction"
                                              : "@metadata.code.branch_hint annotation: not in a function");
    }
    return out;
  }

  std::size_t position() const { return pos_; }

 private:
  // ----- tokens

  const Token& peek(std::size_t k = 0) const {
    const std::size_t i = std::min(pos_ + k, t_.size() - 1);
    return t_[i];
  }
  std::string_view text(const Token& t) const { return token_text(s_, t); }
  const Token& next() {
    const Token& t = peek();
    if (t.kind != TokenKind::eof && pos_ < t_.size()) ++pos_;
    return t;
  }
  std::string describe(const Token& t) const {
    switch (t.kind) {
      case TokenKind::eof: return "the end of the text";
      case TokenKind::lparen: return "`(`";
      case TokenKind::rparen: return "`)`";
      default: {
        std::string_view x = text(t);
        if (x.size() > 40) return "`" + std::string(x.substr(0, 40)) + "...`";
        return "`" + std::string(x) + "`";
      }
    }
  }
  [[noreturn]] void expected(const std::string& what) const {
    fail_at(peek().offset, "expected " + what + ", found " + describe(peek()));
  }
  bool at_keyword(std::string_view k, std::size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::keyword && text(peek(ahead)) == k;
  }
  bool at_field(std::string_view k) const { return peek().kind == TokenKind::lparen && at_keyword(k, 1); }
  void expect_lparen() {
    if (peek().kind != TokenKind::lparen) expected("`(`");
    next();
  }
  void expect_rparen() {
    if (peek().kind != TokenKind::rparen) expected("`)`");
    next();
  }
  void expect_keyword(std::string_view k) {
    if (!at_keyword(k)) expected("`" + std::string(k) + "`");
    next();
  }
  // An id's name: `$"fh"` is `$fh`.
  std::string_view id_text(const Token& t) {
    const std::string_view x = text(t);
    if (x.size() < 2 || x[1] != '"') return x;
    decoded_ids_.push_back("$" + string_value(s_, Token{TokenKind::string, t.offset + 1, t.length - 1}));
    return decoded_ids_.back();
  }
  std::optional<std::string_view> take_id() {
    if (peek().kind != TokenKind::id) return std::nullopt;
    return id_text(next());
  }
  std::string string() {
    if (peek().kind != TokenKind::string) expected("a string");
    return string_value(s_, next());
  }
  std::string name_string() {
    const std::size_t at = peek().offset;
    std::string n = string();
    if (!is_valid_utf8(Bytes(reinterpret_cast<const std::uint8_t*>(n.data()), n.size()))) {
      fail_at(at, "malformed UTF-8 encoding");
    }
    return n;
  }
  bool at_index() const { return peek().kind == TokenKind::id || peek().kind == TokenKind::number; }
  Ref index(const char* what = "an index") {
    Ref r;
    r.offset = peek().offset;
    if (peek().kind == TokenKind::id) {
      r.name = id_text(next());
      return r;
    }
    if (peek().kind != TokenKind::number || !parse_unsigned(text(peek()), UINT32_MAX, r.number)) expected(what);
    next();
    return r;
  }
  std::uint64_t nat(std::uint64_t max, const char* what) {
    std::uint64_t v = 0;
    if (peek().kind != TokenKind::number || !parse_unsigned(text(peek()), max, v)) expected(what);
    next();
    return v;
  }
  // Skips to the ")" that closes the current parenthesis (which stays unread); returns the range.
  Range skip_to_close() {
    Range r{pos_, pos_};
    int depth = 0;
    for (;;) {
      const Token& t = peek();
      if (t.kind == TokenKind::eof) expected("`)`");
      if (t.kind == TokenKind::rparen) {
        if (depth == 0) break;
        --depth;
      } else if (t.kind == TokenKind::lparen) {
        ++depth;
      }
      next();
    }
    r.end = pos_;
    return r;
  }

  // ----- types

  std::optional<std::uint8_t> value_type_keyword(std::string_view k) const {
    if (k == "i32") return 0x7F;
    if (k == "i64") return 0x7E;
    if (k == "f32") return 0x7D;
    if (k == "f64") return 0x7C;
    if (k == "v128") return 0x7B;
    return ref_abbreviation(k);
  }
  static std::optional<std::uint8_t> ref_abbreviation(std::string_view k) {
    static constexpr std::pair<std::string_view, std::uint8_t> kRefs[] = {
        {"funcref", 0x70}, {"externref", 0x6F}, {"exnref", 0x69}, {"anyref", 0x6E}, {"eqref", 0x6D},
        {"i31ref", 0x6C}, {"structref", 0x6B}, {"arrayref", 0x6A}, {"nullref", 0x71}, {"nullexternref", 0x72},
        {"nullfuncref", 0x73}, {"nullexnref", 0x74}};
    for (const auto& [name, code] : kRefs) {
      if (name == k) return code;
    }
    return std::nullopt;
  }
  static std::optional<std::uint8_t> abstract_heap_type(std::string_view k) {
    static constexpr std::pair<std::string_view, std::uint8_t> kHeaps[] = {
        {"func", 0x70}, {"extern", 0x6F}, {"exn", 0x69}, {"any", 0x6E}, {"eq", 0x6D}, {"i31", 0x6C},
        {"struct", 0x6B}, {"array", 0x6A}, {"none", 0x71}, {"noextern", 0x72}, {"nofunc", 0x73}, {"noexn", 0x74}};
    for (const auto& [name, code] : kHeaps) {
      if (name == k) return code;
    }
    return std::nullopt;
  }
  // A heap type: an abstract one (`func`, `extern`, `exn`, ...) or a type index, into t.
  void heap_type(ValType& t) {
    if (peek().kind == TokenKind::keyword) {
      if (auto h = abstract_heap_type(text(peek()))) {
        next();
        t.heap = *h;
        return;
      }
    }
    if (!at_index()) expected("a heap type");
    t.indexed = true;
    t.ref = index("a type index");
    fix(t, types_known_);
  }
  // Resolves a type index; before all types are known, a name not seen yet waits.
  void fix(ValType& t, bool must) const {
    if (!t.indexed) return;
    if (t.ref.name.empty()) {
      t.index = static_cast<std::uint32_t>(t.ref.number);
      t.resolved = true;
      return;
    }
    if (!must && !type_space_.names.contains(t.ref.name)) {
      t.resolved = false;
      return;
    }
    t.index = type_space_.resolve(t.ref);
    t.resolved = true;
  }
  void fix(Sig& sig) const {
    for (ValType& t : sig.first) fix(t, true);
    for (ValType& t : sig.second) fix(t, true);
  }
  // `ref.null ht`: the heap type alone.
  void heap_type_immediate(Writer& w) {
    ValType t;
    heap_type(t);
    write_heap(w, t);
  }
  // A reference type: an abbreviation (funcref, exnref, ...) or (ref null? ht).
  std::optional<ValType> try_ref_type() {
    if (peek().kind == TokenKind::keyword) {
      if (auto code = ref_abbreviation(text(peek()))) {
        next();
        return simple_type(*code);
      }
      return std::nullopt;
    }
    if (peek().kind == TokenKind::lparen && at_keyword("ref", 1)) {
      next();
      next();
      const bool nullable = at_keyword("null");
      if (nullable) next();
      ValType t;
      heap_type(t);
      expect_rparen();
      if (nullable && !t.indexed) {
        t.code = t.heap;  // (ref null func) is funcref
        t.heap = 0;
      } else {
        t.code = nullable ? 0x63 : 0x64;
      }
      return t;
    }
    return std::nullopt;
  }
  ValType ref_type() {
    if (auto t = try_ref_type()) return *t;
    expected("a reference type");
  }
  std::optional<ValType> try_value_type() {
    if (peek().kind == TokenKind::keyword) {
      if (auto t = value_type_keyword(text(peek()))) {
        next();
        return simple_type(*t);
      }
      return std::nullopt;
    }
    return try_ref_type();
  }
  ValType value_type() {
    if (auto t = try_value_type()) return *t;
    expected("a value type");
  }
  void write_type(Writer& w, const ValType& t) const {
    w.u8(t.code);
    if (t.code == 0x63 || t.code == 0x64) write_heap(w, t);
  }
  // The heap type of `(ref null? ht)`: a type index (s33) or an abstract heap type's byte.
  static void write_heap(Writer& w, const ValType& t) {
    if (t.indexed) {
      w.sleb(t.index);
    } else {
      w.u8(t.heap);
    }
  }

  // (param $x t) | (param t*) ... (result t*)...; names only where `names` is given.
  void params_and_results(Sig& sig, std::vector<std::pair<std::string_view, std::size_t>>* names, bool& any) {
    while (at_field("param")) {
      any = true;
      next();
      next();
      if (peek().kind == TokenKind::id) {
        if (names == nullptr) fail_at(peek().offset, "unexpected parameter name here");
        const std::size_t at = peek().offset;
        names->emplace_back(id_text(next()), at);
        sig.first.push_back(value_type());
        expect_rparen();
        continue;
      }
      while (peek().kind != TokenKind::rparen) {
        sig.first.push_back(value_type());
        if (names) names->emplace_back(std::string_view{}, 0);
      }
      next();
    }
    while (at_field("result")) {
      any = true;
      next();
      next();
      while (peek().kind != TokenKind::rparen) sig.second.push_back(value_type());
      next();
    }
    if (at_field("param")) fail_at(peek().offset, "unexpected `param` after `result`");
  }

  TypeUse type_use(bool allow_names) {
    TypeUse use;
    use.offset = peek().offset;
    if (at_field("type")) {
      next();
      next();
      use.type = index("a type index");
      expect_rparen();
    }
    params_and_results(use.sig, allow_names ? &use.param_names : nullptr, use.has_inline);
    return use;
  }

  // Bounds up to 2^64-1 (memory64 reads them as u64): the decoder or the validator refuses
  // one too large for its address type ("memory size", "table size").
  LimitsText limits(std::uint64_t max_value, const char* what) {
    LimitsText l;
    if (peek().kind != TokenKind::number || !parse_unsigned(text(peek()), max_value, l.min)) expected(what);
    next();
    if (peek().kind == TokenKind::number) {
      if (!parse_unsigned(text(peek()), max_value, l.max)) expected(what);
      next();
      l.has_max = true;
    }
    return l;
  }

  // `i64` or `i32` before the limits of a table or memory (memory64, table64).
  bool address64() {
    if (at_keyword("i64")) {
      next();
      return true;
    }
    if (at_keyword("i32")) next();
    return false;
  }
  bool shared_keyword() {
    if (at_keyword("shared")) {
      next();
      return true;
    }
    if (at_keyword("unshared")) next();
    return false;
  }
  // `(pagesize N)` (custom page sizes): its log2, or -1 when absent.
  int page_size() {
    if (!at_field("pagesize")) return -1;
    next();
    next();
    const std::size_t at = peek().offset;
    const std::uint64_t n = nat(UINT64_MAX, "a page size");
    if (n == 0 || (n & (n - 1)) != 0) fail_at(at, "invalid custom page size");
    expect_rparen();
    int log2 = 0;
    while ((std::uint64_t{1} << log2) < n) ++log2;
    return log2;
  }

  // ----- pass 1: module fields

  std::vector<std::pair<std::string_view, std::size_t>> inline_exports_and_import(
      std::optional<std::pair<std::string, std::string>>& import) {
    std::vector<std::pair<std::string_view, std::size_t>> exports;
    while (at_field("export")) {
      next();
      next();
      exports_text_.push_back(name_string());
      exports.emplace_back(std::string_view{}, exports_text_.size() - 1);
      expect_rparen();
    }
    if (at_field("import")) {
      next();
      next();
      std::string m = name_string();
      std::string f = name_string();
      import.emplace(std::move(m), std::move(f));
      expect_rparen();
    }
    return exports;
  }

  void add_inline_exports(const std::vector<std::pair<std::string_view, std::size_t>>& exports, ExternKind kind,
                          std::uint32_t index_value) {
    for (const auto& e : exports) {
      Export x;
      x.name = exports_text_[e.second];
      x.kind = kind;
      x.ref.number = index_value;
      exports_.push_back(std::move(x));
    }
  }

  void check_import_order(std::size_t at) {
    if (!funcs_.empty()) fail_at(at, "import after function");
    if (!tables_.empty()) fail_at(at, "import after table");
    if (!memories_.empty()) fail_at(at, "import after memory");
    if (!globals_.empty()) fail_at(at, "import after global");
    if (!tags_.empty()) fail_at(at, "import after tag");
  }

  void field() {
    const std::size_t at = peek().offset;
    if (peek(1).kind != TokenKind::keyword) {
      next();
      expected("a module field");
    }
    std::string_view k = text(peek(1));
    const std::size_t keyword_at = peek(1).offset;
    next();
    next();
    if (k == "type") {
      type_field();
    } else if (k == "rec") {
      rec_field();
    } else if (k == "import") {
      import_field(at);
    } else if (k == "func") {
      func_field(at);
    } else if (k == "table") {
      table_field(at);
    } else if (k == "memory") {
      memory_field(at);
    } else if (k == "global") {
      global_field(at);
    } else if (k == "tag") {
      tag_field(at);
    } else if (k == "export") {
      Export e;
      e.name = name_string();
      expect_lparen();
      e.kind = extern_kind();
      e.ref = index();
      expect_rparen();
      exports_.push_back(std::move(e));
    } else if (k == "start") {
      if (start_) fail_at(at, "multiple start sections");
      start_ = index("a function index");
    } else if (k == "elem") {
      elem_field();
    } else if (k == "data") {
      data_field();
    } else {
      fail_at(keyword_at, "unknown module field `" + std::string(k) + "`");
    }
    expect_rparen();
  }

  ExternKind extern_kind() {
    if (at_keyword("func")) { next(); return ExternKind::function; }
    if (at_keyword("table")) { next(); return ExternKind::table; }
    if (at_keyword("memory")) { next(); return ExternKind::memory; }
    if (at_keyword("global")) { next(); return ExternKind::global; }
    if (at_keyword("tag")) { next(); return ExternKind::tag; }
    expected("`func`, `table`, `memory`, `global` or `tag`");
  }

  // ----- type definitions (garbage collection: rec groups, subtypes, structs and arrays)

  void type_field() {
    rec_groups_.push_back(RecGroup{static_cast<std::uint32_t>(types_.size()), 1, false});
    type_definition(false);
  }

  // `(rec (type ...)*)`: its types may refer to each other (and forward) by index or name.
  void rec_field() {
    const auto first = static_cast<std::uint32_t>(types_.size());
    while (at_field("type")) {
      next();
      next();
      type_definition(true);
      expect_rparen();
    }
    rec_groups_.push_back(RecGroup{first, static_cast<std::uint32_t>(types_.size()) - first, true});
  }

  // After `(type`: `$t? comptype` or `$t? (sub final? $super* comptype)`; the `)` stays.
  void type_definition(bool in_rec) {
    const std::size_t at = peek().offset;
    auto id = take_id();
    TypeDef def;
    def.in_rec = in_rec;
    expect_lparen();
    if (at_keyword("sub")) {
      next();
      def.is_final = false;
      if (at_keyword("final")) {
        next();
        def.is_final = true;
      }
      while (at_index()) def.supers.push_back(index("a type index"));
      expect_lparen();
      composite_type(def);
      expect_rparen();
    } else {
      composite_type(def);
    }
    expect_rparen();
    type_space_.add(id, at);
    types_.push_back(std::move(def));
  }

  // After `(`: `func ...`, `struct field*` or `array fieldtype`; the `)` stays.
  void composite_type(TypeDef& def) {
    if (at_keyword("func")) {
      next();
      bool any = false;
      std::vector<std::pair<std::string_view, std::size_t>> names;
      params_and_results(def.sig, &names, any);
    } else if (at_keyword("struct")) {
      next();
      def.kind = 0x5F;
      while (at_field("field")) {
        next();
        next();
        if (peek().kind == TokenKind::id) {  // (field $f t): one named field
          const std::size_t name_at = peek().offset;
          const std::string_view name = id_text(next());
          if (!def.field_names.emplace(name, static_cast<std::uint32_t>(def.fields.size())).second) {
            fail_at(name_at, "duplicate field " + std::string(name));
          }
          def.fields.push_back(field_type());
        } else {  // (field t*): any number of unnamed fields
          while (peek().kind != TokenKind::rparen) def.fields.push_back(field_type());
        }
        expect_rparen();
      }
    } else if (at_keyword("array")) {
      next();
      def.kind = 0x5E;
      def.fields.push_back(field_type());
    } else {
      expected("`func`, `struct` or `array`");
    }
  }

  // storagetype or (mut storagetype)
  FieldType field_type() {
    FieldType f;
    if (at_field("mut")) {
      next();
      next();
      f.is_mutable = true;
      f.type = storage_type();
      expect_rparen();
    } else {
      f.type = storage_type();
    }
    return f;
  }

  ValType storage_type() {
    if (at_keyword("i8")) {
      next();
      return simple_type(0x78);
    }
    if (at_keyword("i16")) {
      next();
      return simple_type(0x77);
    }
    if (auto t = try_value_type()) return *t;
    expected("a storage type");
  }

  void write_type_definition(Writer& w, const TypeDef& d) const {
    // The short form for a final type without supertypes, as `(type comptype)` abbreviates.
    if (!d.is_final || !d.supers.empty()) {
      w.u8(d.is_final ? 0x4F : 0x50);
      w.u32(d.supers.size());
      for (const Ref& r : d.supers) w.u32(type_space_.resolve(r));
    }
    w.u8(d.kind);
    if (d.kind == 0x60) {
      w.u32(d.sig.first.size());
      for (const ValType& t : d.sig.first) write_type(w, t);
      w.u32(d.sig.second.size());
      for (const ValType& t : d.sig.second) write_type(w, t);
      return;
    }
    if (d.kind == 0x5F) w.u32(d.fields.size());
    for (const FieldType& f : d.fields) {
      write_type(w, f.type);
      w.u8(f.is_mutable ? 1 : 0);
    }
  }

  void import_field(std::size_t at) {
    Import im;
    im.module = name_string();
    im.field = name_string();
    expect_lparen();
    const std::size_t desc_at = peek().offset;
    im.kind = extern_kind();
    auto id = take_id();
    check_import_order(at);
    switch (im.kind) {
      case ExternKind::function:
        im.use = type_use(true);
        func_space_.add(id, desc_at);
        break;
      case ExternKind::table:
        im.table64 = address64();
        im.limits = limits(UINT64_MAX, "table limits");
        im.type = ref_type();
        table_space_.add(id, desc_at);
        break;
      case ExternKind::memory:
        im.table64 = address64();
        im.limits = limits(UINT64_MAX, "memory limits");
        im.shared = shared_keyword();
        im.page_log2 = page_size();
        memory_space_.add(id, desc_at);
        break;
      case ExternKind::global:
        global_type(im.type, im.is_mutable);
        global_space_.add(id, desc_at);
        break;
      case ExternKind::tag:
        im.use = type_use(false);
        tag_space_.add(id, desc_at);
        break;
    }
    expect_rparen();
    imports_.push_back(std::move(im));
  }

  void global_type(ValType& type, bool& is_mutable) {
    if (at_field("mut")) {
      next();
      next();
      type = value_type();
      is_mutable = true;
      expect_rparen();
    } else {
      type = value_type();
      is_mutable = false;
    }
  }

  void func_field(std::size_t at) {
    auto id = take_id();
    std::optional<std::pair<std::string, std::string>> import;
    auto exports = inline_exports_and_import(import);
    if (import) {
      check_import_order(at);
      Import im;
      im.module = std::move(import->first);
      im.field = std::move(import->second);
      im.kind = ExternKind::function;
      im.use = type_use(true);
      add_inline_exports(exports, ExternKind::function, func_space_.add(id, at));
      imports_.push_back(std::move(im));
      return;
    }
    Func f;
    f.use = type_use(true);
    while (at_field("local")) {
      next();
      next();
      if (peek().kind == TokenKind::id) {
        const std::size_t name_at = peek().offset;
        f.local_names.emplace_back(id_text(next()), name_at);
        f.locals.push_back(value_type());
        expect_rparen();
        continue;
      }
      while (peek().kind != TokenKind::rparen) {
        f.locals.push_back(value_type());
        f.local_names.emplace_back(std::string_view{}, 0);
      }
      next();
    }
    f.body = skip_to_close();
    add_inline_exports(exports, ExternKind::function, func_space_.add(id, at));
    funcs_.push_back(std::move(f));
  }

  void table_field(std::size_t at) {
    auto id = take_id();
    std::optional<std::pair<std::string, std::string>> import;
    auto exports = inline_exports_and_import(import);
    if (import) {
      check_import_order(at);
      Import im;
      im.module = std::move(import->first);
      im.field = std::move(import->second);
      im.kind = ExternKind::table;
      im.table64 = address64();
      im.limits = limits(UINT64_MAX, "table limits");
      im.type = ref_type();
      add_inline_exports(exports, ExternKind::table, table_space_.add(id, at));
      imports_.push_back(std::move(im));
      return;
    }
    Table t;
    t.table64 = address64();
    if (auto element = try_ref_type()) {
      // (table reftype (elem ...)): the table is as large as its segment.
      t.element = *element;
      expect_lparen();
      expect_keyword("elem");
      Elem e;
      e.mode = SegmentMode::active;
      e.type = *element;
      const std::uint32_t table_index = table_space_.add(id, at);
      e.table = Ref{{}, table_index, at};
      e.offset.zero = !t.table64;
      e.offset.zero64 = t.table64;
      elem_list(e, true);
      expect_rparen();
      const std::uint64_t n = e.indices ? e.funcs.size() : e.items.size();
      t.limits = LimitsText{n, n, true};
      elems_.push_back(std::move(e));
      elem_space_.add(std::nullopt, at);
      add_inline_exports(exports, ExternKind::table, table_index);
      tables_.push_back(t);
      return;
    }
    t.limits = limits(UINT64_MAX, "table limits");
    t.element = ref_type();
    if (peek().kind != TokenKind::rparen) t.init = skip_to_close();  // (table n (ref $t) expr)
    add_inline_exports(exports, ExternKind::table, table_space_.add(id, at));
    tables_.push_back(t);
  }

  void memory_field(std::size_t at) {
    auto id = take_id();
    std::optional<std::pair<std::string, std::string>> import;
    auto exports = inline_exports_and_import(import);
    if (import) {
      check_import_order(at);
      Import im;
      im.module = std::move(import->first);
      im.field = std::move(import->second);
      im.kind = ExternKind::memory;
      im.table64 = address64();
      im.limits = limits(UINT64_MAX, "memory limits");
      im.shared = shared_keyword();
      im.page_log2 = page_size();
      add_inline_exports(exports, ExternKind::memory, memory_space_.add(id, at));
      imports_.push_back(std::move(im));
      return;
    }
    const std::uint32_t memory_index = memory_space_.add(id, at);
    const bool memory64 = address64();
    const int inline_page_log2 = page_size();  // (memory (pagesize n) (data ...))
    if (at_field("data")) {
      next();
      next();
      Data d;
      d.mode = SegmentMode::active;
      d.memory = Ref{{}, memory_index, at};
      d.offset.zero = !memory64;
      d.offset.zero64 = memory64;
      while (peek().kind == TokenKind::string) d.bytes += string();
      expect_rparen();
      const std::uint64_t page = std::uint64_t{1} << (inline_page_log2 >= 0 ? inline_page_log2 : 16);
      const std::uint64_t pages = (d.bytes.size() + page - 1) / page;
      memories_.push_back(Memory{LimitsText{pages, pages, true}, memory64, false, inline_page_log2});
      datas_.push_back(std::move(d));
      data_space_.add(std::nullopt, at);
    } else {
      if (inline_page_log2 >= 0) expected("`(data ...)`");
      Memory m;
      m.memory64 = memory64;
      m.limits = limits(UINT64_MAX, "memory limits");
      m.shared = shared_keyword();
      m.page_log2 = page_size();
      memories_.push_back(m);
    }
    add_inline_exports(exports, ExternKind::memory, memory_index);
  }

  void tag_field(std::size_t at) {
    auto id = take_id();
    std::optional<std::pair<std::string, std::string>> import;
    auto exports = inline_exports_and_import(import);
    if (import) {
      check_import_order(at);
      Import im;
      im.module = std::move(import->first);
      im.field = std::move(import->second);
      im.kind = ExternKind::tag;
      im.use = type_use(false);
      add_inline_exports(exports, ExternKind::tag, tag_space_.add(id, at));
      imports_.push_back(std::move(im));
      return;
    }
    TypeUse use = type_use(false);
    add_inline_exports(exports, ExternKind::tag, tag_space_.add(id, at));
    tags_.push_back(std::move(use));
  }

  void global_field(std::size_t at) {
    auto id = take_id();
    std::optional<std::pair<std::string, std::string>> import;
    auto exports = inline_exports_and_import(import);
    if (import) {
      check_import_order(at);
      Import im;
      im.module = std::move(import->first);
      im.field = std::move(import->second);
      im.kind = ExternKind::global;
      global_type(im.type, im.is_mutable);
      add_inline_exports(exports, ExternKind::global, global_space_.add(id, at));
      imports_.push_back(std::move(im));
      return;
    }
    Global g;
    global_type(g.type, g.is_mutable);
    g.init = skip_to_close();
    add_inline_exports(exports, ExternKind::global, global_space_.add(id, at));
    globals_.push_back(g);
  }

  // An offset: (offset instr*) or one folded instruction.
  Range offset_expression() {
    if (at_field("offset")) {
      next();
      next();
      Range r = skip_to_close();
      next();
      return r;
    }
    if (peek().kind != TokenKind::lparen) expected("an offset expression");
    return one_folded();
  }
  Range one_folded() {
    Range r;
    r.begin = pos_;
    next();
    skip_to_close();
    next();
    r.end = pos_;
    return r;
  }

  // The element list after the mode: `func x*`, `reftype item*`, or (legacy, in an active
  // segment or a table) bare function indices.
  void elem_list(Elem& e, bool in_table) {
    if (at_keyword("func")) {
      next();
      e.indices = true;
      e.type = simple_type(0x70);
    } else if (auto t = try_ref_type()) {
      if (in_table && !(*t == e.type)) fail_at(peek().offset, "element type does not match the table");
      e.type = *t;
    } else if (in_table || e.mode == SegmentMode::active) {
      e.indices = in_table ? (peek().kind != TokenKind::lparen) : true;
    } else {
      expected("`func` or a reference type");
    }
    if (e.indices) {
      while (at_index()) e.funcs.push_back(index("a function index"));
      return;
    }
    while (peek().kind == TokenKind::lparen) {
      if (at_field("item")) {
        next();
        next();
        e.items.push_back(skip_to_close());
        next();
      } else {
        e.items.push_back(one_folded());
      }
    }
  }

  void elem_field() {
    const std::size_t at = peek().offset;
    auto id = take_id();
    Elem e;
    if (at_keyword("declare")) {
      next();
      e.mode = SegmentMode::declarative;
    } else if (at_field("table")) {
      next();
      next();
      e.table = index("a table index");
      expect_rparen();
      e.mode = SegmentMode::active;
      e.offset = offset_expression();
    } else if (peek().kind == TokenKind::lparen && !at_field("ref")) {  // (ref ...): a passive segment's type
      e.mode = SegmentMode::active;
      e.offset = offset_expression();
    } else if (at_index() && peek(1).kind == TokenKind::lparen) {
      // legacy: (elem tableidx (offset ...) func*)
      e.table = index("a table index");
      e.mode = SegmentMode::active;
      e.offset = offset_expression();
    }
    elem_list(e, false);
    elem_space_.add(id, at);
    elems_.push_back(std::move(e));
  }

  void data_field() {
    const std::size_t at = peek().offset;
    auto id = take_id();
    Data d;
    if (at_field("memory")) {
      next();
      next();
      d.memory = index("a memory index");
      expect_rparen();
      d.mode = SegmentMode::active;
      d.offset = offset_expression();
    } else if (peek().kind == TokenKind::lparen) {
      d.mode = SegmentMode::active;
      d.offset = offset_expression();
    } else if (at_index() && peek(1).kind == TokenKind::lparen) {
      d.memory = index("a memory index");
      d.mode = SegmentMode::active;
      d.offset = offset_expression();
    }
    while (peek().kind == TokenKind::string) d.bytes += string();
    data_space_.add(id, at);
    datas_.push_back(std::move(d));
  }

  void custom(const CustomAnnotation& c) {
    ModuleParser sub(s_, c.tokens, 0);
    Custom out;
    sub.next();  // "(@custom"
    const std::size_t at = sub.peek().offset;
    out.name = sub.string();
    if (!is_valid_utf8(Bytes(reinterpret_cast<const std::uint8_t*>(out.name.data()), out.name.size()))) {
      fail_at(at, "malformed UTF-8 encoding");
    }
    if (sub.peek().kind == TokenKind::lparen) {
      sub.next();
      if (sub.at_keyword("before")) {
        out.after = false;
      } else if (!sub.at_keyword("after")) {
        sub.expected("`before` or `after`");
      }
      sub.next();
      static constexpr std::pair<std::string_view, int> kSlots[] = {
          {"type", 0}, {"import", 1}, {"func", 2}, {"table", 3}, {"memory", 4}, {"global", 5}, {"export", 6},
          {"start", 7}, {"elem", 8}, {"datacount", 9}, {"code", 10}, {"data", 11}};
      if (sub.at_keyword("first")) {
        out.slot = -1;
      } else if (sub.at_keyword("last")) {
        out.slot = 12;
      } else {
        bool found = false;
        for (const auto& [name, slot] : kSlots) {
          if (sub.at_keyword(name)) {
            out.slot = slot;
            found = true;
          }
        }
        if (!found) sub.expected("a section name");
      }
      sub.next();
      sub.expect_rparen();
    }
    while (sub.peek().kind == TokenKind::string) out.bytes += sub.string();
    if (sub.peek().kind != TokenKind::rparen) sub.expected("a string or `)`");
    customs_.push_back(std::move(out));
  }

  // ----- pass 2: type uses

  // An inline type use names the first function type with the same parameters and results
  // that is outside any `rec` group and has no supertypes (final or not: wasm-tools, whose
  // encodings text.wast3_gc_encoding compares with, looks no further); else one is appended.
  std::uint32_t find_or_add_type(const Sig& sig) {
    for (std::size_t i = 0; i < types_.size(); ++i) {
      const TypeDef& d = types_[i];
      if (d.kind == 0x60 && !d.in_rec && d.supers.empty() && d.sig == sig) {
        return static_cast<std::uint32_t>(i);
      }
    }
    TypeDef d;
    d.sig = sig;
    rec_groups_.push_back(RecGroup{static_cast<std::uint32_t>(types_.size()), 1, false});
    types_.push_back(std::move(d));
    return static_cast<std::uint32_t>(types_.size() - 1);
  }

  void resolve(TypeUse& use) {
    fix(use.sig);
    if (use.type) {
      use.index = type_space_.resolve(*use.type);
      // With inline parameters or results the type must exist among the explicit ones: the
      // text cannot be checked otherwise.
      if (use.has_inline && use.index >= explicit_types_) fail_at(use.type->offset, "unknown type");
      if (use.index < explicit_types_) {
        // A type that is not a function type is the validator's to refuse.
        if (types_[use.index].kind != 0x60) return;
        if (use.has_inline && types_[use.index].sig != use.sig) fail_at(use.offset, "inline function type does not match the type");
        if (!use.has_inline) use.sig = types_[use.index].sig;
      }
      return;
    }
    use.index = find_or_add_type(use.sig);
  }

  // ----- pass 2: branch hints

  struct PendingHint {
    std::uint32_t offset;
    std::string_view body;
    bool claimed;
  };
  struct Hint {
    std::size_t offset;  // of the instruction, from the start of the function body (its locals)
    std::uint8_t value;
  };

  // The hint written just before the token at `token_index` (an instruction's keyword, or the
  // `(` of a folded one): `(@metadata.code.branch_hint "\00" | "\01")`.
  std::optional<std::uint8_t> take_hint(std::size_t token_index) {
    if (hints_.empty() || token_index == 0 || token_index >= t_.size()) return std::nullopt;
    const std::uint32_t after = t_[token_index - 1].offset;
    const std::uint32_t before = t_[token_index].offset;
    std::optional<std::uint8_t> value;
    for (PendingHint& h : hints_) {
      if (h.offset <= after || h.offset >= before) continue;
      if (value) fail_in_annotation_at(h.offset, "@metadata.code.branch_hint annotation: duplicate annotation");
      h.claimed = true;
      if (!in_function_) fail_in_annotation_at(h.offset, "@metadata.code.branch_hint annotation: not in a function");
      value = hint_value(h);
    }
    return value;
  }
  std::uint8_t hint_value(const PendingHint& h) const {
    Lexed body;
    try {
      body = lex(h.body);
    } catch (const TextError&) {
      fail_in_annotation_at(h.offset, "@metadata.code.branch_hint annotation: malformed");
    }
    if (body.tokens.size() != 2 || body.tokens[0].kind != TokenKind::string) {
      fail_in_annotation_at(h.offset, "@metadata.code.branch_hint annotation: expected one string");
    }
    const std::string v = string_value(h.body, body.tokens[0]);
    if (v.size() != 1 || static_cast<std::uint8_t>(v[0]) > 1) {
      fail_in_annotation_at(h.offset, "@metadata.code.branch_hint annotation: the hint is not \\00 or \\01");
    }
    return static_cast<std::uint8_t>(v[0]);
  }
  // The instruction about to be written at w's end has the hint (if any).
  void note_hint(std::optional<std::uint8_t> hint, const Writer& w) {
    if (hint) function_hints_.push_back(Hint{w.bytes.size(), *hint});
  }

  // ----- pass 2: instructions

  struct Body {
    Space locals{"local"};
    std::vector<std::string_view> labels;  // innermost last; "" for none
  };

  std::uint32_t label(Body& b) {
    Ref r = index("a label");
    if (r.name.empty()) return static_cast<std::uint32_t>(r.number);
    for (std::size_t i = b.labels.size(); i-- > 0;) {
      if (b.labels[i] == r.name) return static_cast<std::uint32_t>(b.labels.size() - 1 - i);
    }
    fail_at(r.offset, "unknown label " + std::string(r.name));
  }

  // The block type after `block`/`loop`/`if` and its label.
  void block_type(Writer& w) {
    TypeUse use = type_use(false);
    if (!use.type && use.sig.first.empty() && use.sig.second.empty()) {
      w.u8(0x40);
    } else if (!use.type && use.sig.first.empty() && use.sig.second.size() == 1) {
      fix(use.sig);
      write_type(w, use.sig.second[0]);
    } else {
      resolve(use);
      w.sleb(use.index);
    }
  }

  void check_end_label(std::string_view label_name) {
    if (peek().kind != TokenKind::id) return;
    const Token& t = next();
    if (id_text(t) != label_name) fail_at(t.offset, "mismatching label");
  }

  // instr* up to `)` (or the end of the range), or up to an `end`/`else` that closes no block
  // opened here. Flat blocks are kept on an explicit stack, so deep nesting (compilers emit
  // thousands of nested blocks for a switch) costs no recursion.
  void instructions(Body& b, Writer& w) {
    struct Open {
      std::string_view name;
      bool is_if;
      bool in_else;
      bool is_try = false;       // legacy `try`
      bool in_catch = false;     // ... after a `catch` or `catch_all`
      bool in_catch_all = false;
    };
    std::vector<Open> open;
    for (;;) {
      if (pos_ >= end_ || peek().kind == TokenKind::rparen || peek().kind == TokenKind::eof) {
        if (open.empty()) return;
        expected("`end`");
      }
      if (at_keyword("end")) {
        if (open.empty()) return;
        next();
        check_end_label(open.back().name);
        open.pop_back();
        b.labels.pop_back();
        w.u8(0x0B);
        continue;
      }
      if (at_keyword("else")) {
        if (open.empty()) return;
        if (!open.back().is_if || open.back().in_else) fail_at(peek().offset, "unexpected `else`");
        next();
        check_end_label(open.back().name);
        open.back().in_else = true;
        w.u8(0x05);
        continue;
      }
      if (at_keyword("catch") || at_keyword("catch_all")) {
        if (open.empty()) return;
        const bool all = at_keyword("catch_all");
        if (!open.back().is_try || open.back().in_catch_all) fail_at(peek().offset, "unexpected `" + std::string(text(peek())) + "`");
        next();
        open.back().in_catch = true;
        open.back().in_catch_all = all;
        if (all) {
          w.u8(0x19);
        } else {
          w.u8(0x07);
          w.u32(tag_space_.resolve(index("a tag index")));
        }
        continue;
      }
      if (at_keyword("delegate")) {
        if (open.empty()) return;
        if (!open.back().is_try || open.back().in_catch) fail_at(peek().offset, "unexpected `delegate`");
        next();
        open.pop_back();
        b.labels.pop_back();
        w.u8(0x18);
        w.u32(label(b));  // from outside the try
        continue;
      }
      if (peek().kind == TokenKind::lparen) {
        folded(b, w);
        continue;
      }
      if (peek().kind != TokenKind::keyword) expected("an instruction");
      const std::string_view k = text(peek());
      note_hint(take_hint(pos_), w);
      if (k == "block" || k == "loop" || k == "if") {
        next();
        const std::string_view name = take_id().value_or(std::string_view{});
        w.u8(k == "block" ? 0x02 : k == "loop" ? 0x03 : 0x04);
        block_type(w);
        b.labels.push_back(name);
        open.push_back(Open{name, k == "if", false});
        continue;
      }
      if (k == "try_table" || k == "try") {
        next();
        const std::string_view name = take_id().value_or(std::string_view{});
        w.u8(k == "try" ? 0x06 : 0x1F);
        block_type(w);
        if (k == "try_table") catch_clauses(b, w);
        b.labels.push_back(name);
        Open o{name, false, false};
        o.is_try = k == "try";
        open.push_back(o);
        continue;
      }
      plain(b, w);
    }
  }

  // Folded instructions nest by recursion; this bounds it (flat code nests without limit).
  static constexpr int kMaxFoldedDepth = 1000;

  void folded(Body& b, Writer& w) {
    if (folded_depth_ >= kMaxFoldedDepth) fail_at(peek().offset, "folded instructions nested too deeply");
    ++folded_depth_;
    folded_body(b, w);
    --folded_depth_;
  }

  void folded_body(Body& b, Writer& w) {
    const std::optional<std::uint8_t> hint = take_hint(pos_);
    next();  // "("
    if (peek().kind != TokenKind::keyword) expected("an instruction");
    std::string_view k = text(peek());
    if (k == "block" || k == "loop") {
      next();
      const std::string_view name = take_id().value_or(std::string_view{});
      note_hint(hint, w);
      w.u8(k == "block" ? 0x02 : 0x03);
      block_type(w);
      b.labels.push_back(name);
      instructions(b, w);
      b.labels.pop_back();
      expect_rparen();
      w.u8(0x0B);
      return;
    }
    if (k == "try_table") {
      next();
      const std::string_view name = take_id().value_or(std::string_view{});
      note_hint(hint, w);
      w.u8(0x1F);
      block_type(w);
      catch_clauses(b, w);
      b.labels.push_back(name);
      instructions(b, w);
      b.labels.pop_back();
      expect_rparen();
      w.u8(0x0B);
      return;
    }
    if (k == "try") {
      folded_legacy_try(b, w);
      return;
    }
    if (k == "if") {
      next();
      const std::string_view name = take_id().value_or(std::string_view{});
      Writer type;
      block_type(type);
      while (peek().kind == TokenKind::lparen && !at_keyword("then", 1)) folded(b, w);
      note_hint(hint, w);
      w.u8(0x04);
      w.raw(type.bytes);
      b.labels.push_back(name);
      if (!at_field("then")) expected("`(then ...)`");
      next();
      next();
      instructions(b, w);
      expect_rparen();
      if (at_field("else")) {
        next();
        next();
        w.u8(0x05);
        instructions(b, w);
        expect_rparen();
      }
      b.labels.pop_back();
      expect_rparen();
      w.u8(0x0B);
      return;
    }
    Writer op;
    plain(b, op);
    while (peek().kind == TokenKind::lparen) folded(b, w);
    expect_rparen();
    note_hint(hint, w);
    w.raw(op.bytes);
  }

  // try_table's catch clauses; their labels are resolved outside the try_table's own.
  void catch_clauses(Body& b, Writer& w) {
    Writer clauses;
    std::uint32_t n = 0;
    for (;;) {
      std::uint8_t kind = 0;
      if (at_field("catch")) {
        kind = 0;
      } else if (at_field("catch_ref")) {
        kind = 1;
      } else if (at_field("catch_all")) {
        kind = 2;
      } else if (at_field("catch_all_ref")) {
        kind = 3;
      } else {
        break;
      }
      next();
      next();
      clauses.u8(kind);
      if (kind < 2) clauses.u32(tag_space_.resolve(index("a tag index")));
      clauses.u32(label(b));
      expect_rparen();
      ++n;
    }
    w.u32(n);
    w.raw(clauses.bytes);
  }

  // (try $l? bt (do instr*) (catch $tag instr*)* (catch_all instr*)?) or with (delegate l).
  void folded_legacy_try(Body& b, Writer& w) {
    next();  // try
    const std::string_view name = take_id().value_or(std::string_view{});
    w.u8(0x06);
    block_type(w);
    b.labels.push_back(name);
    if (!at_field("do")) expected("`(do ...)`");
    next();
    next();
    instructions(b, w);
    expect_rparen();
    if (at_field("delegate")) {
      next();
      next();
      b.labels.pop_back();
      w.u8(0x18);
      w.u32(label(b));
      expect_rparen();
      expect_rparen();
      return;
    }
    while (at_field("catch")) {
      next();
      next();
      w.u8(0x07);
      w.u32(tag_space_.resolve(index("a tag index")));
      instructions(b, w);
      expect_rparen();
    }
    if (at_field("catch_all")) {
      next();
      next();
      w.u8(0x19);
      instructions(b, w);
      expect_rparen();
    }
    b.labels.pop_back();
    expect_rparen();
    w.u8(0x0B);
  }

  void opcode(Writer& w, Opcode op) {
    const OpcodeInfo& i = info(op);
    if (i.prefix != 0) {
      w.u8(i.prefix);
      w.u32(i.code);
    } else {
      w.u8(static_cast<std::uint8_t>(i.code));
    }
  }

  std::uint32_t optional_index(const Space& space) {
    if (!at_index()) return 0;
    return space.resolve(index());
  }

  bool at_memarg_keyword(std::size_t ahead) const {
    if (peek(ahead).kind != TokenKind::keyword) return false;
    const std::string_view t = text(peek(ahead));
    return t.substr(0, 7) == "offset=" || t.substr(0, 6) == "align=";
  }

  // memidx? offset=? align=?; before a lane index, a lone number is the lane.
  void memarg(Writer& w, Opcode op, bool lane_follows = false) {
    std::uint32_t memory = 0;
    const bool has_memory = lane_follows ? (peek().kind == TokenKind::id ||
                                            (peek().kind == TokenKind::number &&
                                             (peek(1).kind == TokenKind::number || at_memarg_keyword(1))))
                                         : at_index();
    if (has_memory) memory = memory_space_.resolve(index("a memory index"));
    std::uint64_t offset = 0;
    std::uint64_t align = info(op).access_bytes;
    if (peek().kind == TokenKind::keyword && text(peek()).substr(0, 7) == "offset=") {
      // Up to 2^64-1: memory64's offsets; the decoder or the validator refuses one too large
      // for the memory (as the spec's 3.0 tests expect, "offset out of range").
      if (!parse_unsigned(text(peek()).substr(7), UINT64_MAX, offset)) expected("an offset (offset=N)");
      next();
    }
    if (peek().kind == TokenKind::keyword && text(peek()).substr(0, 6) == "align=") {
      // Up to 2^63: the validator refuses one larger than the access ("alignment must not be larger than natural").
      if (!parse_unsigned(text(peek()).substr(6), UINT64_MAX, align)) expected("an alignment (align=N)");
      if (align == 0 || (align & (align - 1)) != 0) fail_at(peek().offset, "alignment must be a power of two");
      next();
    }
    std::uint32_t log2 = 0;
    while ((std::uint64_t{1} << log2) < align) ++log2;
    if (memory != 0) {
      w.u32(log2 | 0x40);
      w.u32(memory);
    } else {
      w.u32(log2);
    }
    w.u32(offset);
  }

  void lane(Writer& w) { w.u8(static_cast<std::uint8_t>(nat(255, "a lane index"))); }

  void literal_i32(Writer& w) {
    std::uint64_t v = 0;
    if (!(peek().kind == TokenKind::number && parse_integer(text(peek()), 32, v))) expected("an i32 literal");
    next();
    w.sleb(static_cast<std::int32_t>(static_cast<std::uint32_t>(v)));
  }
  void literal_i64(Writer& w) {
    std::uint64_t v = 0;
    if (!(peek().kind == TokenKind::number && parse_integer(text(peek()), 64, v))) expected("an i64 literal");
    next();
    w.sleb(static_cast<std::int64_t>(v));
  }
  bool at_literal() const { return peek().kind == TokenKind::number || peek().kind == TokenKind::keyword; }
  void literal_f32(Writer& w) {
    std::uint32_t bits = 0;
    if (!(at_literal() && parse_f32(text(peek()), bits))) expected("an f32 literal");
    next();
    w.fixed(bits, 4);
  }
  void literal_f64(Writer& w) {
    std::uint64_t bits = 0;
    if (!(at_literal() && parse_f64(text(peek()), bits))) expected("an f64 literal");
    next();
    w.fixed(bits, 8);
  }

  void v128_literal(Writer& w) {
    if (peek().kind != TokenKind::keyword) expected("a vector shape");
    std::string_view shape = text(peek());
    const std::size_t shape_at = peek().offset;
    next();
    auto integers = [&](unsigned lanes, unsigned bits) {
      for (unsigned i = 0; i < lanes; ++i) {
        std::uint64_t v = 0;
        if (!(peek().kind == TokenKind::number && parse_integer_lane(text(peek()), bits, v))) expected("an i" + std::to_string(bits) + " literal");
        next();
        w.fixed(v, static_cast<int>(bits / 8));
      }
    };
    if (shape == "i8x16") integers(16, 8);
    else if (shape == "i16x8") integers(8, 16);
    else if (shape == "i32x4") integers(4, 32);
    else if (shape == "i64x2") integers(2, 64);
    else if (shape == "f32x4") for (int i = 0; i < 4; ++i) literal_f32(w);
    else if (shape == "f64x2") for (int i = 0; i < 2; ++i) literal_f64(w);
    else fail_at(shape_at, "unknown vector shape `" + std::string(shape) + "`");
  }
  static bool parse_integer_lane(std::string_view text, unsigned bits, std::uint64_t& out) {
    if (bits >= 32) return parse_integer(text, bits, out);
    const std::uint64_t umax = (std::uint64_t{1} << bits) - 1;
    const std::uint64_t smag = std::uint64_t{1} << (bits - 1);
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
      std::uint64_t m = 0;
      const bool negative = text[0] == '-';
      if (!parse_unsigned(text.substr(1), negative ? smag : smag - 1, m)) return false;
      out = (negative ? ~m + 1 : m) & umax;
      return true;
    }
    return parse_unsigned(text, umax, out);
  }

  void plain(Body& b, Writer& w) {
    const Token& name_token = peek();
    std::string_view k = text(name_token);
    const auto& names = opcode_names().by_name;
    auto it = names.find(k);
    if (it == names.end()) {
      if (const GcOpcode* gc = find_gc_opcode(k)) {
        next();
        gc_instruction(b, w, *gc);
        return;
      }
      fail_at(name_token.offset, "unknown operator `" + std::string(k) + "`");
    }
    if (k == "block" || k == "loop" || k == "if" || k == "else" || k == "end" || k == "try" || k == "try_table" ||
        k == "catch" || k == "catch_all" || k == "delegate") {
      fail_at(name_token.offset, "unexpected `" + std::string(k) + "`");
    }
    next();
    Opcode op = it->second;
    switch (info(op).immediate) {
      case ImmediateKind::none:
        if (op == Opcode::select && at_field("result")) {
          std::vector<ValType> types;
          while (at_field("result")) {
            next();
            next();
            while (peek().kind != TokenKind::rparen) types.push_back(value_type());
            next();
          }
          opcode(w, Opcode::select_t);
          w.u32(types.size());
          for (const ValType& t : types) write_type(w, t);
          return;
        }
        opcode(w, op);
        return;
      case ImmediateKind::block_type:
      case ImmediateKind::try_table:  // read as blocks (instructions, folded_body)
        fail_at(name_token.offset, "unexpected `" + std::string(k) + "`");
      case ImmediateKind::tag:  // throw (a legacy catch is read with its try)
        opcode(w, op);
        w.u32(tag_space_.resolve(index("a tag index")));
        return;
      case ImmediateKind::zero_byte:  // atomic.fence: a reserved 0x00
        opcode(w, op);
        w.u8(0);
        return;
      case ImmediateKind::label:
        opcode(w, op);
        w.u32(label(b));
        return;
      case ImmediateKind::label_table: {
        std::vector<std::uint32_t> labels;
        while (at_index()) labels.push_back(label(b));
        if (labels.empty()) expected("a label");
        opcode(w, op);
        w.u32(labels.size() - 1);
        for (std::uint32_t l : labels) w.u32(l);
        return;
      }
      case ImmediateKind::function:
        opcode(w, op);
        w.u32(func_space_.resolve(index("a function index")));
        return;
      case ImmediateKind::call_indirect: {
        const std::uint32_t table = optional_index(table_space_);
        TypeUse use = type_use(false);
        resolve(use);
        opcode(w, op);
        w.u32(use.index);
        w.u32(table);
        return;
      }
      case ImmediateKind::local:
        opcode(w, op);
        w.u32(b.locals.resolve(index("a local index")));
        return;
      case ImmediateKind::global:
        opcode(w, op);
        w.u32(global_space_.resolve(index("a global index")));
        return;
      case ImmediateKind::table:
        opcode(w, op);
        w.u32(optional_index(table_space_));
        return;
      case ImmediateKind::memarg:
        opcode(w, op);
        memarg(w, op);
        return;
      case ImmediateKind::memory:
        opcode(w, op);
        w.u32(optional_index(memory_space_));
        return;
      case ImmediateKind::memory_init: {
        Ref first = index("a data index");
        std::uint32_t memory = 0;
        Ref data = first;
        if (at_index()) {
          memory = memory_space_.resolve(first);
          data = index("a data index");
        }
        opcode(w, op);
        w.u32(data_space_.resolve(data));
        w.u32(memory);
        uses_data_count_ = true;
        return;
      }
      case ImmediateKind::memory_copy: {
        const std::uint32_t dst = optional_index(memory_space_);
        const std::uint32_t src = at_index() ? optional_index(memory_space_) : dst;
        opcode(w, op);
        w.u32(dst);
        w.u32(src);
        return;
      }
      case ImmediateKind::data:
        opcode(w, op);
        w.u32(data_space_.resolve(index("a data index")));
        uses_data_count_ = true;
        return;
      case ImmediateKind::table_init: {
        Ref first = index("an element index");
        std::uint32_t table = 0;
        Ref elem = first;
        if (at_index()) {
          table = table_space_.resolve(first);
          elem = index("an element index");
        }
        opcode(w, op);
        w.u32(elem_space_.resolve(elem));
        w.u32(table);
        return;
      }
      case ImmediateKind::table_copy: {
        std::uint32_t dst = 0;
        std::uint32_t src = 0;
        if (at_index()) {
          dst = table_space_.resolve(index());
          src = table_space_.resolve(index("a table index"));
        }
        opcode(w, op);
        w.u32(dst);
        w.u32(src);
        return;
      }
      case ImmediateKind::element:
        opcode(w, op);
        w.u32(elem_space_.resolve(index("an element index")));
        return;
      case ImmediateKind::i32:
        opcode(w, op);
        literal_i32(w);
        return;
      case ImmediateKind::i64:
        opcode(w, op);
        literal_i64(w);
        return;
      case ImmediateKind::f32:
        opcode(w, op);
        literal_f32(w);
        return;
      case ImmediateKind::f64:
        opcode(w, op);
        literal_f64(w);
        return;
      case ImmediateKind::v128:
        opcode(w, op);
        v128_literal(w);
        return;
      case ImmediateKind::shuffle:
        opcode(w, op);
        for (int i = 0; i < 16; ++i) lane(w);
        return;
      case ImmediateKind::lane2:
      case ImmediateKind::lane4:
      case ImmediateKind::lane8:
      case ImmediateKind::lane16:
        opcode(w, op);
        lane(w);
        return;
      case ImmediateKind::memarg_lane2:
      case ImmediateKind::memarg_lane4:
      case ImmediateKind::memarg_lane8:
      case ImmediateKind::memarg_lane16: {
        opcode(w, op);
        memarg(w, op, true);
        lane(w);
        return;
      }
      case ImmediateKind::ref_type:
        opcode(w, op);
        heap_type_immediate(w);
        return;
      case ImmediateKind::select_types:
        opcode(w, op);
        w.u32(0);
        return;
      case ImmediateKind::type_index:  // call_ref $t
        opcode(w, op);
        w.u32(type_space_.resolve(index("a type index")));
        return;
    }
  }

  // ----- garbage-collection instructions

  std::uint32_t type_index() { return type_space_.resolve(index("a type index")); }

  // A field of struct type `type`: its name (field names are per type) or its number.
  std::uint32_t field_index(std::uint32_t type) {
    const Ref r = index("a field index");
    if (r.name.empty()) return static_cast<std::uint32_t>(r.number);
    if (type >= types_.size()) fail_at(r.offset, "unknown type");
    auto it = types_[type].field_names.find(r.name);
    if (it == types_[type].field_names.end()) fail_at(r.offset, "unknown field " + std::string(r.name));
    return it->second;
  }

  void gc_opcode(Writer& w, const GcOpcode& op, std::uint32_t code) {
    if (op.prefix != 0) {
      w.u8(op.prefix);
      w.u32(code);
    } else {
      w.u8(static_cast<std::uint8_t>(code));
    }
  }

  // A reference type's heap type as bytes (`funcref` is `(ref null func)`); whether nullable.
  bool write_heap_of(Writer& w, const ValType& t) const {
    if (t.code == 0x63 || t.code == 0x64) {
      write_heap(w, t);
      return t.code == 0x63;
    }
    w.u8(t.code);  // an abbreviation's byte is its heap type's
    return true;
  }

  void gc_instruction(Body& b, Writer& w, const GcOpcode& op) {
    // A cast's opcode depends on its type's nullability (written below); every other one is fixed.
    if (op.immediate != GcImmediate::cast) gc_opcode(w, op, op.code);
    switch (op.immediate) {
      case GcImmediate::none:
        return;
      case GcImmediate::type_index:
        w.u32(type_index());
        return;
      case GcImmediate::type_field: {
        const std::uint32_t type = type_index();
        w.u32(type);
        w.u32(field_index(type));
        return;
      }
      case GcImmediate::type_count:
        w.u32(type_index());
        w.u32(nat(UINT32_MAX, "a number of elements"));
        return;
      case GcImmediate::type_data:
        w.u32(type_index());
        w.u32(data_space_.resolve(index("a data segment index")));
        // The binary format asks for the data count section when the code section uses a
        // data index (a global initializer is not the code section).
        if (in_function_) uses_data_count_ = true;
        return;
      case GcImmediate::type_element:
        w.u32(type_index());
        w.u32(elem_space_.resolve(index("an element segment index")));
        return;
      case GcImmediate::type_type:
        w.u32(type_index());
        w.u32(type_index());
        return;
      case GcImmediate::cast: {
        const ValType t = ref_type();
        Writer heap;
        const bool nullable = write_heap_of(heap, t);
        gc_opcode(w, op, nullable ? op.nullable_code : op.code);
        w.raw(heap.bytes);
        return;
      }
      case GcImmediate::cast_branch: {
        const std::uint32_t target = label(b);
        const ValType from = ref_type();
        const ValType to = ref_type();
        Writer heaps;
        const bool from_nullable = write_heap_of(heaps, from);
        const bool to_nullable = write_heap_of(heaps, to);
        w.u8(static_cast<std::uint8_t>((from_nullable ? 1 : 0) | (to_nullable ? 2 : 0)));
        w.u32(target);
        w.raw(heaps.bytes);
        return;
      }
    }
  }

  // Encodes the instructions in `range` followed by `end`.
  void expression(Range range, Body& b, Writer& w) {
    if (range.zero64) {
      w.u8(0x42);
      w.u8(0x00);
      w.u8(0x0B);
      return;
    }
    if (range.zero) {
      w.u8(0x41);
      w.u8(0x00);
      w.u8(0x0B);
      return;
    }
    const std::size_t saved = pos_;
    const std::size_t saved_end = end_;
    pos_ = range.begin;
    end_ = range.end;
    instructions(b, w);
    if (pos_ != range.end) {
      if (at_keyword("end") || at_keyword("else")) fail_at(peek().offset, "unexpected `" + std::string(text(peek())) + "`");
      expected("an instruction");
    }
    w.u8(0x0B);
    pos_ = saved;
    end_ = saved_end;
  }
  void const_expression(Range range, Writer& w) {
    Body b;
    expression(range, b, w);
  }

  // ----- encoding

  void limits_bytes(Writer& w, const LimitsText& l, bool is64 = false, bool shared = false, int page_log2 = -1) {
    w.u8(static_cast<std::uint8_t>((l.has_max ? 0x01 : 0x00) | (shared ? 0x02 : 0x00) | (is64 ? 0x04 : 0x00) |
                                   (page_log2 >= 0 ? 0x08 : 0x00)));
    w.u32(l.min);
    if (l.has_max) w.u32(l.max);
    if (page_log2 >= 0) w.u32(static_cast<std::uint64_t>(page_log2));
  }

  std::vector<std::uint8_t> encode() {
    // Every type is known now: resolve the type indices of value types read before them.
    types_known_ = true;
    for (TypeDef& d : types_) {
      fix(d.sig);
      for (FieldType& f : d.fields) fix(f.type, true);
    }
    for (Import& im : imports_) fix(im.type, true);
    for (Func& f : funcs_) {
      for (ValType& t : f.locals) fix(t, true);
    }
    for (Table& t : tables_) fix(t.element, true);
    for (Global& g : globals_) fix(g.type, true);
    for (Elem& e : elems_) fix(e.type, true);

    // Type uses of imports and functions first (their implicit types come before those of
    // block types and call_indirect).
    explicit_types_ = types_.size();
    for (Import& im : imports_) {
      if (im.kind == ExternKind::function || im.kind == ExternKind::tag) resolve(im.use);
    }
    for (Func& f : funcs_) resolve(f.use);
    for (TypeUse& use : tags_) resolve(use);

    std::vector<Writer> sections(13);

    // code (first: bodies can add types)
    Writer& code = sections[10];
    code.u32(funcs_.size());
    Writer hints;  // the metadata.code.branch_hint section's functions
    std::uint32_t hinted_functions = 0;
    std::uint32_t function_index = static_cast<std::uint32_t>(
        std::count_if(imports_.begin(), imports_.end(), [](const Import& im) { return im.kind == ExternKind::function; }));
    for (Func& f : funcs_) {
      Body b;
      for (const auto& [name, at] : f.use.param_names) {
        b.locals.add(name.empty() ? std::nullopt : std::optional<std::string_view>(name), at);
      }
      if (f.use.param_names.empty()) b.locals.count = static_cast<std::uint32_t>(f.use.sig.first.size());
      for (const auto& [name, at] : f.local_names) {
        b.locals.add(name.empty() ? std::nullopt : std::optional<std::string_view>(name), at);
      }
      Writer body;
      // locals in runs of one type
      std::vector<std::pair<std::uint32_t, ValType>> runs;
      for (const ValType& t : f.locals) {
        if (!runs.empty() && runs.back().second == t) {
          ++runs.back().first;
        } else {
          runs.emplace_back(1, t);
        }
      }
      body.u32(runs.size());
      for (const auto& [n, t] : runs) {
        body.u32(n);
        write_type(body, t);
      }
      in_function_ = true;
      function_hints_.clear();
      expression(f.body, b, body);
      in_function_ = false;
      if (!function_hints_.empty()) {
        ++hinted_functions;
        hints.u32(function_index);
        hints.u32(function_hints_.size());
        for (const Hint& h : function_hints_) {
          hints.u32(h.offset);
          hints.u32(1);
          hints.u8(h.value);
        }
      }
      ++function_index;
      code.u32(body.bytes.size());
      code.raw(body.bytes);
    }
    if (hinted_functions > 0) {
      // Before the code section, as the branch hinting proposal asks.
      Custom c;
      c.name = "metadata.code.branch_hint";
      Writer content;
      content.u32(hinted_functions);
      content.raw(hints.bytes);
      c.bytes.assign(content.bytes.begin(), content.bytes.end());
      c.slot = 10;
      c.after = false;
      customs_.insert(customs_.begin(), std::move(c));
    }

    Writer& global = sections[6];
    global.u32(globals_.size());
    for (const Global& g : globals_) {
      write_type(global, g.type);
      global.u8(g.is_mutable ? 1 : 0);
      const_expression(g.init, global);
    }

    Writer& element = sections[9];
    element.u32(elems_.size());
    for (const Elem& e : elems_) {
      if (e.indices && !(e.type == simple_type(0x70))) {
        // Function indices in a table of another reference type ((ref null $t)): as expressions.
        element.u8(6);
        element.u32(e.table ? table_space_.resolve(*e.table) : 0);
        const_expression(e.offset, element);
        write_type(element, e.type);
        element.u32(e.funcs.size());
        for (const Ref& r : e.funcs) {
          opcode(element, Opcode::ref_func);
          element.u32(func_space_.resolve(r));
          element.u8(0x0B);
        }
        continue;
      }
      const std::uint32_t table = e.table ? table_space_.resolve(*e.table) : 0;
      std::uint8_t flags = 0;
      if (e.mode == SegmentMode::passive) flags = 1;
      if (e.mode == SegmentMode::declarative) flags = 3;
      if (e.mode == SegmentMode::active && (table != 0 || (e.indices ? false : !(e.type == simple_type(0x70))))) flags = 2;
      if (!e.indices) flags |= 4;
      element.u8(flags);
      if (e.mode == SegmentMode::active) {
        if (flags & 2) element.u32(table);
        const_expression(e.offset, element);
      }
      if (flags & 3) {
        if (e.indices) {
          element.u8(0x00);
        } else {
          write_type(element, e.type);
        }
      }
      if (e.indices) {
        element.u32(e.funcs.size());
        for (const Ref& r : e.funcs) element.u32(func_space_.resolve(r));
      } else {
        element.u32(e.items.size());
        for (const Range& r : e.items) const_expression(r, element);
      }
    }

    Writer& data = sections[11];
    data.u32(datas_.size());
    for (const Data& d : datas_) {
      const std::uint32_t memory = d.memory ? memory_space_.resolve(*d.memory) : 0;
      if (d.mode == SegmentMode::passive) {
        data.u8(1);
      } else if (memory != 0) {
        data.u8(2);
        data.u32(memory);
      } else {
        data.u8(0);
      }
      if (d.mode == SegmentMode::active) const_expression(d.offset, data);
      data.name(d.bytes);
    }

    Writer& type = sections[1];
    type.u32(rec_groups_.size());
    for (const RecGroup& g : rec_groups_) {
      if (g.is_rec) {
        type.u8(0x4E);
        type.u32(g.count);
      }
      for (std::uint32_t i = 0; i < g.count; ++i) write_type_definition(type, types_[g.first + i]);
    }

    Writer& import = sections[2];
    import.u32(imports_.size());
    for (const Import& im : imports_) {
      import.name(im.module);
      import.name(im.field);
      import.u8(static_cast<std::uint8_t>(im.kind));
      switch (im.kind) {
        case ExternKind::function: import.u32(im.use.index); break;
        case ExternKind::table:
          write_type(import, im.type);
          limits_bytes(import, im.limits, im.table64);
          break;
        case ExternKind::memory: limits_bytes(import, im.limits, im.table64, im.shared, im.page_log2); break;
        case ExternKind::global:
          write_type(import, im.type);
          import.u8(im.is_mutable ? 1 : 0);
          break;
        case ExternKind::tag:
          import.u8(0x00);  // exception
          import.u32(im.use.index);
          break;
      }
    }

    Writer& function = sections[3];
    function.u32(funcs_.size());
    for (const Func& f : funcs_) function.u32(f.use.index);

    Writer& table = sections[4];
    table.u32(tables_.size());
    for (const Table& t : tables_) {
      if (t.init) {
        table.u8(0x40);
        table.u8(0x00);
      }
      write_type(table, t.element);
      limits_bytes(table, t.limits, t.table64);
      if (t.init) const_expression(*t.init, table);
    }

    Writer& memory = sections[5];
    memory.u32(memories_.size());
    for (const Memory& m : memories_) limits_bytes(memory, m.limits, m.memory64, m.shared, m.page_log2);

    Writer tag;  // section 13, after the memory section
    tag.u32(tags_.size());
    for (const TypeUse& use : tags_) {
      tag.u8(0x00);  // exception
      tag.u32(use.index);
    }

    Writer& exports = sections[7];
    exports.u32(exports_.size());
    for (const Export& e : exports_) {
      exports.name(e.name);
      exports.u8(static_cast<std::uint8_t>(e.kind));
      const Space& space = e.kind == ExternKind::function ? func_space_
                           : e.kind == ExternKind::table  ? table_space_
                           : e.kind == ExternKind::memory ? memory_space_
                           : e.kind == ExternKind::tag    ? tag_space_
                                                          : global_space_;
      exports.u32(space.resolve(e.ref));
    }

    if (start_) sections[8].u32(func_space_.resolve(*start_));
    if (uses_data_count_) sections[12].u32(datas_.size());

    auto present = [&](std::uint8_t id) {
      switch (id) {
        case 1: return !types_.empty();
        case 2: return !imports_.empty();
        case 3: return !funcs_.empty();
        case 4: return !tables_.empty();
        case 5: return !memories_.empty();
        case 6: return !globals_.empty();
        case 7: return !exports_.empty();
        case 8: return start_.has_value();
        case 9: return !elems_.empty();
        case 10: return !funcs_.empty();
        case 11: return !datas_.empty();
        case 12: return uses_data_count_;
        default: return false;
      }
    };

    Writer out;
    out.fixed(0x6D736100, 4);
    out.fixed(1, 4);
    auto write_customs = [&](int slot, bool after) {
      for (const Custom& c : customs_) {
        if (c.slot != slot || c.after != after) continue;
        Writer body;
        body.name(c.name);
        body.bytes.insert(body.bytes.end(), c.bytes.begin(), c.bytes.end());
        out.u8(0);
        out.u32(body.bytes.size());
        out.raw(body.bytes);
      }
    };
    write_customs(-1, false);
    write_customs(-1, true);
    for (int slot = 0; slot < 12; ++slot) {
      write_customs(slot, false);
      const std::uint8_t id = kSectionOrder[slot];
      if (present(id)) {
        out.u8(id);
        out.u32(sections[id].bytes.size());
        out.raw(sections[id].bytes);
      }
      write_customs(slot, true);
      if (id == 5 && !tags_.empty()) {
        out.u8(13);
        out.u32(tag.bytes.size());
        out.raw(tag.bytes);
      }
    }
    write_customs(12, false);
    write_customs(12, true);
    return std::move(out.bytes);
  }

  std::string_view s_;
  const std::vector<Token>& t_;
  std::size_t pos_;
  std::size_t end_ = SIZE_MAX;  // the end of the expression being encoded
  int folded_depth_ = 0;

  Space type_space_{"type"};
  Space func_space_{"function"};
  Space table_space_{"table"};
  Space memory_space_{"memory"};
  Space global_space_{"global"};
  Space tag_space_{"tag"};
  Space elem_space_{"elem segment"};
  Space data_space_{"data segment"};

  std::vector<TypeDef> types_;
  std::vector<RecGroup> rec_groups_;
  std::vector<Import> imports_;
  std::vector<Func> funcs_;
  std::vector<Table> tables_;
  std::vector<Memory> memories_;
  std::vector<Global> globals_;
  std::vector<TypeUse> tags_;
  std::vector<Export> exports_;
  std::vector<std::string> exports_text_;
  std::optional<Ref> start_;
  std::vector<Elem> elems_;
  std::vector<Data> datas_;
  std::vector<Custom> customs_;
  std::deque<std::string> decoded_ids_;  // names of ids written as strings (stable addresses)
  std::vector<PendingHint> hints_;   // branch hint annotations of this module
  std::vector<Hint> function_hints_; // those of the function being encoded
  bool in_function_ = false;
  bool types_known_ = false;  // pass 2: every type name is defined
  bool uses_data_count_ = false;
  std::size_t explicit_types_ = 0;  // types defined by `type` fields (the implicit ones follow)
};

}  // namespace

EncodedModule encode_module(std::string_view source, const Lexed& lexed, std::size_t& pos, bool fields_only) {
  ModuleParser parser(source, lexed.tokens, pos);
  EncodedModule out = parser.parse(fields_only, lexed.customs, lexed.hints);
  pos = parser.position();
  return out;
}

}  // namespace wrt::text
