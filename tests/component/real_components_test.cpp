// Real components, made by the reference tools (tests/component/regenerate_data.sh): they
// decode and validate, and the description and the component type agree with what jco says
// about them (<name>.expected), plus facts checked by hand from `jco print`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <wrt/component/validator.hpp>

#include "support/test_allocator.hpp"

namespace wrt::component {
namespace {

std::vector<std::uint8_t> read_data(const std::string& name) {
  std::ifstream in(std::string(WRT_COMPONENT_DATA_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct CoreModuleCounts {
  std::size_t imports = 0;
  std::size_t exports = 0;
  std::size_t functions = 0;  // defined, not imported
};

// <name>.expected, written from `jco print` by regenerate_data.sh.
struct Expected {
  std::vector<std::string> imports;
  std::vector<std::string> exports;
  std::size_t core_modules = 0;
  std::size_t nested_components = 0;
  std::vector<CoreModuleCounts> modules;
};

Expected read_expected(const std::string& name) {
  Expected e;
  std::ifstream file(std::string(WRT_COMPONENT_DATA_DIR) + "/" + name + ".expected");
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "import" || key == "export") {
      std::string value;
      words >> value;
      (key == "import" ? e.imports : e.exports).push_back(value);
    } else if (key == "core-modules") {
      words >> e.core_modules;
    } else if (key == "nested-components") {
      words >> e.nested_components;
    } else if (key == "core-module") {
      std::size_t index = 0;
      std::string imports, exports, functions;
      CoreModuleCounts c;
      words >> index >> imports >> c.imports >> exports >> c.exports >> functions >> c.functions;
      EXPECT_EQ(index, e.modules.size());
      e.modules.push_back(c);
    } else {
      ADD_FAILURE() << name << ".expected: unknown line: " << line;
    }
  }
  EXPECT_GT(e.exports.size(), 0u) << name << ".expected has no exports";
  return e;
}

std::string describe(const Error& error) {
  char text[512];
  std::size_t n = error.format(text, sizeof text);
  return std::string(text, std::min(n, sizeof text - 1));
}

// A decoded and validated component with the bytes it views.
struct Loaded {
  std::vector<std::uint8_t> bytes;
  ComponentDecodeOptions options;
  ComponentDescription description{test::allocator()};
  ComponentInfo info{test::allocator()};
};

void load(const std::string& name, Loaded& out) {
  out.bytes = read_data(name + ".component.wasm");
  ASSERT_FALSE(out.bytes.empty());
  ASSERT_TRUE(looks_like_component(Bytes(out.bytes.data(), out.bytes.size())));
  auto result = decode_and_validate_component(Bytes(out.bytes.data(), out.bytes.size()), out.options, out.description,
                                              out.info);
  ASSERT_TRUE(result) << name << ": " << describe(result.error());
  ASSERT_NE(out.info.root, kNoType);
}

std::vector<std::string> names_of(std::span<const TypeEntry> entries) {
  std::vector<std::string> names;
  for (const TypeEntry& e : entries) names.emplace_back(e.name);
  return names;
}

// The description and the root component type against <name>.expected.
void check_against_jco(const std::string& name, const Loaded& c) {
  const Expected expected = read_expected(name);
  const ComponentDescription& d = c.description;
  EXPECT_EQ(d.core_modules.size(), expected.core_modules);
  EXPECT_EQ(d.modules.size(), expected.core_modules);
  EXPECT_EQ(d.components.size(), expected.nested_components + 1);  // [0] is the root
  ASSERT_EQ(expected.modules.size(), expected.core_modules);
  for (std::size_t i = 0; i < d.core_modules.size() && i < expected.modules.size(); ++i) {
    const ModuleDescription& m = d.modules[d.core_modules[i].description];
    EXPECT_EQ(m.imports.size(), expected.modules[i].imports) << "core module " << i;
    EXPECT_EQ(m.exports.size(), expected.modules[i].exports) << "core module " << i;
    EXPECT_EQ(m.bodies.size(), expected.modules[i].functions) << "core module " << i;
  }
  // The root's import and export definitions, in binary order...
  std::vector<std::string> imports, exports;
  for (const Definition& def : d.definitions_of(d.root())) {
    if (def.kind == DefinitionKind::import) imports.emplace_back(d.imports[def.index].name.name);
    if (def.kind == DefinitionKind::export_) exports.emplace_back(d.exports[def.index].name.name);
  }
  EXPECT_EQ(imports, expected.imports);
  EXPECT_EQ(exports, expected.exports);
  // ... and the validated component type: the same names.
  const TypeNode& root = c.info.types[c.info.root];
  ASSERT_EQ(root.kind, NodeKind::component);
  EXPECT_EQ(names_of(c.info.types.imports(root)), expected.imports);
  EXPECT_EQ(names_of(c.info.types.exports(root)), expected.exports);
}

const TypeEntry* find_entry(std::span<const TypeEntry> entries, std::string_view name) {
  for (const TypeEntry& e : entries) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// Where a definition of the root sits among the root's definitions of its kind.
std::size_t root_count(const ComponentDescription& d, DefinitionKind kind) {
  auto defs = d.definitions_of(d.root());
  return static_cast<std::size_t>(std::count_if(defs.begin(), defs.end(), [&](const Definition& x) { return x.kind == kind; }));
}

// A WASI command (`jco new --wasi-command`): imports WASI interfaces, exports wasi:cli/run,
// whose `run` is a function of no parameters returning result.
void check_wasi_command(const Loaded& c) {
  const ComponentDescription& d = c.description;
  const TypeArena& types = c.info.types;
  // The four core modules sit in the root; the nested one is the shim component of
  // wasi:cli/run, which has none.
  EXPECT_EQ(root_count(d, DefinitionKind::core_module), 4u);
  EXPECT_EQ(root_count(d, DefinitionKind::component), 1u);
  ASSERT_EQ(d.components.size(), 2u);
  EXPECT_EQ(d.components[1].depth, 1u);
  EXPECT_LT(d.components[1].offset, d.components[1].end);
  EXPECT_LE(d.components[1].end, d.bytes.size());
  // The program's module exports _start and memory; the adapter imports from the program's
  // instance and from WASI.
  const ModuleDescription& program = d.modules[d.core_modules[0].description];
  bool has_start = false;
  for (const Export& e : program.exports) has_start = has_start || e.name == "_start";
  EXPECT_TRUE(has_start);

  const TypeNode& root = types[c.info.root];
  ASSERT_EQ(root.count, 1u);
  const TypeEntry& run_export = types.exports(root)[0];
  EXPECT_EQ(run_export.name.substr(0, 17), "wasi:cli/run@0.2.");
  ASSERT_EQ(run_export.kind, ExternKind::instance);
  const TypeNode& run_instance = types.peeled(run_export.type);
  ASSERT_EQ(run_instance.kind, NodeKind::instance);
  const TypeEntry* run = find_entry(types.exports(run_instance), "run");
  ASSERT_NE(run, nullptr);
  ASSERT_EQ(run->kind, ExternKind::func);
  const TypeNode& run_type = types.peeled(run->type);
  ASSERT_EQ(run_type.kind, NodeKind::func);
  EXPECT_EQ(run_type.count, 0u);
  ASSERT_NE(run_type.a, kNoType);
  const TypeNode& result = types.peeled(run_type.a);
  EXPECT_EQ(result.kind, NodeKind::result);
  EXPECT_EQ(result.a, kNoType);
  EXPECT_EQ(result.b, kNoType);
  EXPECT_EQ(result.size32, 1u);  // result<_, _> is a discriminant byte
  EXPECT_EQ(result.flat_count32, 1u);

  // wasi:io/streams exports the resources input-stream and output-stream, and
  // output-stream.blocking-write-and-flush takes a borrow and a list<u8>.
  const TypeEntry* streams = nullptr;
  for (const TypeEntry& e : types.imports(root)) {
    if (e.name.substr(0, 16) == "wasi:io/streams@") streams = &e;
  }
  ASSERT_NE(streams, nullptr);
  const TypeNode& streams_instance = types.peeled(streams->type);
  ASSERT_EQ(streams_instance.kind, NodeKind::instance);
  const TypeEntry* output_stream = find_entry(types.exports(streams_instance), "output-stream");
  ASSERT_NE(output_stream, nullptr);
  EXPECT_EQ(output_stream->kind, ExternKind::type);
  EXPECT_EQ(types.peeled(output_stream->type).kind, NodeKind::resource);
  const TypeEntry* write =
      find_entry(types.exports(streams_instance), "[method]output-stream.blocking-write-and-flush");
  ASSERT_NE(write, nullptr);
  const TypeNode& write_type = types.peeled(write->type);
  ASSERT_EQ(write_type.kind, NodeKind::func);
  ASSERT_EQ(write_type.count, 2u);
  const TypeItem& self = types.items(write_type)[0];
  const TypeItem& contents = types.items(write_type)[1];
  EXPECT_EQ(self.name, "self");
  EXPECT_EQ(types.peeled(self.type).kind, NodeKind::borrow);
  EXPECT_EQ(types.peeled(types.peeled(self.type).a).kind, NodeKind::resource);
  EXPECT_EQ(contents.name, "contents");
  const TypeNode& list = types.peeled(contents.type);
  ASSERT_EQ(list.kind, NodeKind::list);
  EXPECT_EQ(list.size32, 8u);  // pointer and length
  EXPECT_EQ(list.flat_count32, 2u);
}

TEST(RealComponents, HelloWasiCommand) {
  Loaded c;
  ASSERT_NO_FATAL_FAILURE(load("hello", c));
  EXPECT_GT(c.bytes.size(), 100'000u);  // jco's output of examples/programs/hello.c, ~170 KB
  check_against_jco("hello", c);
  check_wasi_command(c);
}

TEST(RealComponents, CppProgramWasiCommand) {
  Loaded c;
  ASSERT_NO_FATAL_FAILURE(load("cpp_program", c));
  EXPECT_GT(c.bytes.size(), 300'000u);
  check_against_jco("cpp_program", c);
  check_wasi_command(c);
}

TEST(RealComponents, DemoWorld) {
  Loaded c;
  ASSERT_NO_FATAL_FAILURE(load("demo", c));
  check_against_jco("demo", c);
  const TypeArena& types = c.info.types;
  const TypeNode& root = types[c.info.root];

  // area: func(s: shape) -> u64, shape = variant { circle(u32), rect(tuple<point, point>), empty }.
  const TypeEntry* area = find_entry(types.exports(root), "area");
  ASSERT_NE(area, nullptr);
  ASSERT_EQ(area->kind, ExternKind::func);
  const TypeNode& area_type = types.peeled(area->type);
  ASSERT_EQ(area_type.count, 1u);
  EXPECT_EQ(types.items(area_type)[0].name, "s");
  const TypeNode& shape = types.peeled(types.items(area_type)[0].type);
  ASSERT_EQ(shape.kind, NodeKind::variant);
  ASSERT_EQ(shape.count, 3u);
  EXPECT_EQ(types.items(shape)[0].name, "circle");
  EXPECT_EQ(types.items(shape)[1].name, "rect");
  EXPECT_EQ(types.items(shape)[2].name, "empty");
  EXPECT_EQ(types.items(shape)[2].type, kNoType);
  const TypeNode& rect = types.peeled(types.items(shape)[1].type);
  ASSERT_EQ(rect.kind, NodeKind::tuple);
  ASSERT_EQ(rect.count, 2u);
  const TypeNode& point = types.peeled(types.items(rect)[0].type);
  ASSERT_EQ(point.kind, NodeKind::record);
  EXPECT_EQ(point.count, 2u);
  EXPECT_TRUE(types.value_types_equal(types.items(rect)[0].type, types.items(rect)[1].type));
  // The canonical ABI: a u8 discriminant, then the largest case (two points) at alignment 4;
  // flat: the discriminant and four i32.
  EXPECT_EQ(shape.size32, 20u);
  EXPECT_EQ(shape.align32, 4u);
  EXPECT_EQ(shape.flat_count32, 5u);
  EXPECT_EQ(types.peeled(area_type.a).kind, NodeKind::primitive);
  EXPECT_EQ(types.peeled(area_type.a).primitive, Primitive::u64);

  // sum: func(values: list<u32>) -> tuple<u64, u32>: 16 bytes at alignment 8, flat (i64, i32).
  const TypeEntry* sum = find_entry(types.exports(root), "sum");
  ASSERT_NE(sum, nullptr);
  const TypeNode& sum_result = types.peeled(types.peeled(sum->type).a);
  ASSERT_EQ(sum_result.kind, NodeKind::tuple);
  EXPECT_EQ(sum_result.size32, 16u);
  EXPECT_EQ(sum_result.align32, 8u);
  ASSERT_EQ(sum_result.flat_count32, 2u);
  EXPECT_EQ(sum_result.flat32[0], FlatType::i64);
  EXPECT_EQ(sum_result.flat32[1], FlatType::i32);

  // describe: func(c: color, p: perms) -> string; color is an enum of 3, perms flags of 3.
  const TypeEntry* describe_export = find_entry(types.exports(root), "describe");
  ASSERT_NE(describe_export, nullptr);
  const TypeNode& describe_type = types.peeled(describe_export->type);
  ASSERT_EQ(describe_type.count, 2u);
  EXPECT_EQ(types.peeled(types.items(describe_type)[0].type).kind, NodeKind::enum_);
  EXPECT_EQ(types.peeled(types.items(describe_type)[0].type).count, 3u);
  EXPECT_EQ(types.peeled(types.items(describe_type)[1].type).kind, NodeKind::flags);
  EXPECT_EQ(types.peeled(types.items(describe_type)[1].type).size32, 1u);

  // The imported host interface: a resource `blob` and parse -> result<shape, string>, whose
  // shape is the same type as area's (both come from the imported shapes interface).
  const TypeEntry* host = find_entry(types.imports(root), "wrt:demo/host@0.1.0");
  ASSERT_NE(host, nullptr);
  const TypeNode& host_type = types.peeled(host->type);
  ASSERT_EQ(host_type.kind, NodeKind::instance);
  const TypeEntry* blob = find_entry(types.exports(host_type), "blob");
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(types.peeled(blob->type).kind, NodeKind::resource);
  const TypeEntry* parse = find_entry(types.exports(host_type), "parse");
  ASSERT_NE(parse, nullptr);
  const TypeNode& parse_result = types.peeled(types.peeled(parse->type).a);
  ASSERT_EQ(parse_result.kind, NodeKind::result);
  EXPECT_TRUE(types.value_types_equal(parse_result.a, types.items(area_type)[0].type));
  EXPECT_EQ(types.peeled(parse_result.b).primitive, Primitive::string);
  EXPECT_EQ(parse_result.flat_count32, 6u);  // discriminant + join(shape's 5, string's 2)

  // The exported counters interface: a resource defined by the component, its constructor
  // returns own<counter>, merge takes a borrow and an own.
  const TypeEntry* counters = find_entry(types.exports(root), "wrt:demo/counters@0.1.0");
  ASSERT_NE(counters, nullptr);
  const TypeNode& counters_type = types.peeled(counters->type);
  ASSERT_EQ(counters_type.kind, NodeKind::instance);
  const TypeEntry* counter = find_entry(types.exports(counters_type), "counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(types.peeled(counter->type).kind, NodeKind::resource);
  const TypeEntry* merge = find_entry(types.exports(counters_type), "[static]counter.merge");
  ASSERT_NE(merge, nullptr);
  const TypeNode& merge_type = types.peeled(merge->type);
  ASSERT_EQ(merge_type.count, 2u);
  EXPECT_EQ(types.peeled(types.items(merge_type)[0].type).kind, NodeKind::borrow);
  EXPECT_EQ(types.peeled(types.items(merge_type)[1].type).kind, NodeKind::own);
  EXPECT_EQ(types.peeled(merge_type.a).kind, NodeKind::own);
  EXPECT_NE(find_entry(types.exports(counters_type), "[constructor]counter"), nullptr);
  EXPECT_NE(find_entry(types.exports(counters_type), "[method]counter.increment"), nullptr);
  // The component defines one resource (counter) and imports one (blob).
  EXPECT_EQ(root.bound_count, 1u);
  EXPECT_EQ(root.imported_resource_count, 1u);
}

// The offsets where the root's sections end: a component cut there is well-formed.
std::vector<std::size_t> section_ends(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::size_t> ends{8};  // the preamble
  std::size_t at = 8;
  while (at < bytes.size()) {
    ++at;  // section id
    std::uint64_t size = 0;
    for (unsigned shift = 0; at < bytes.size(); shift += 7) {
      const std::uint8_t b = bytes[at++];
      size |= std::uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) break;
    }
    at += size;
    ends.push_back(at);
  }
  return ends;
}

// Every prefix of a real component that cuts a section is malformed (never a crash, never
// accepted), with an offset inside the bytes; a prefix that ends between sections may be
// valid or invalid, not malformed. All prefixes of the small one, a sample of the large ones.
void check_prefixes(const std::string& name, std::size_t step) {
  const std::vector<std::uint8_t> bytes = read_data(name + ".component.wasm");
  ASSERT_FALSE(bytes.empty());
  const std::vector<std::size_t> ends = section_ends(bytes);
  ASSERT_EQ(ends.back(), bytes.size());
  std::size_t malformed = 0;
  for (std::size_t size = 0; size < bytes.size(); size += step) {
    ComponentDecodeOptions options;
    ComponentDescription description(test::allocator());
    ComponentInfo info(test::allocator());
    auto result = decode_and_validate_component(Bytes(bytes.data(), size), options, description, info);
    const std::string where = name + " cut at " + std::to_string(size);
    if (std::find(ends.begin(), ends.end(), size) != ends.end()) {
      if (!result) {
        EXPECT_NE(result.error().kind(), ErrorKind::malformed) << where << ": " << describe(result.error());
      }
      continue;
    }
    ASSERT_FALSE(result) << where << " was accepted";
    EXPECT_EQ(result.error().kind(), ErrorKind::malformed) << where << ": " << describe(result.error());
    if (result.error().has_offset()) {
      EXPECT_LE(result.error().offset(), size) << where << ": " << describe(result.error());
    }
    ++malformed;
  }
  EXPECT_GT(malformed, bytes.size() / step / 2);
}

TEST(RealComponents, EveryPrefixOfDemoIsMalformed) { check_prefixes("demo", 1); }
TEST(RealComponents, PrefixesOfHelloAreMalformed) { check_prefixes("hello", 997); }

}  // namespace
}  // namespace wrt::component
