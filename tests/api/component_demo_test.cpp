// The component API on a component made by the reference tools (tests/component/data/demo.*:
// a custom world with records, variants, enums, flags, lists, strings, options, results, tuples,
// a host resource and a resource the component exports). Every value crosses in both directions
// through C++ types; host resources are destroyed exactly once; fuel suspends and resumes a
// component call.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <variant>
#include <vector>

namespace demo {
struct Point {
  std::int32_t x;
  std::int32_t y;
};
enum class Color { red, green, blue };
struct Perms {
  bool read;
  bool write;
  bool exec;
};
}  // namespace demo
WRT_COMPONENT_RECORD(demo::Point, x, y)
WRT_COMPONENT_ENUM(demo::Color, red, green, blue)
WRT_COMPONENT_FLAGS(demo::Perms, read, write, exec)

namespace {

using namespace wrt;
using demo::Color;
using demo::Perms;
using demo::Point;
// variant shape { circle(u32), rect(tuple<point, point>), empty }
using Shape = std::variant<std::uint32_t, std::tuple<Point, Point>, std::monostate>;

constexpr const char* kHost = "wrt:demo/host@0.1.0";
constexpr const char* kCounters = "wrt:demo/counters@0.1.0";

Component load_demo() {
  auto component = Component::from_file(std::string(WRT_COMPONENT_DATA_DIR) + "/demo.component.wasm");
  if (!component) ADD_FAILURE() << to_string(component.error());
  return std::move(*component);
}

struct Blob {
  std::vector<std::uint8_t> bytes;
  int* destroyed;
  Blob(std::vector<std::uint8_t> b, int* d) : bytes(std::move(b)), destroyed(d) {}
  Blob(Blob&& other) noexcept : bytes(std::move(other.bytes)), destroyed(other.destroyed) { other.destroyed = nullptr; }
  Blob& operator=(Blob&&) = delete;
  ~Blob() {
    if (destroyed != nullptr) ++*destroyed;
  }
};

// What the host side records.
struct HostLog {
  std::vector<std::string> messages;
  int blobs_made = 0;
  int blobs_destroyed = 0;
  int sizes_asked = 0;
};

ComponentImports demo_imports(HostLog& log, const char* interface = kHost) {
  ComponentImports imports;
  auto blobs = imports.define_resource<Blob>(interface, "blob");
  imports.define(interface, "[constructor]blob", [&log, blobs](std::vector<std::uint8_t> init) {
    ++log.blobs_made;
    return Resource<Blob>::make(blobs, Blob(std::move(init), &log.blobs_destroyed));
  });
  imports.define(interface, "[method]blob.size", [&log](Borrow<Blob> self) {
    ++log.sizes_asked;
    return static_cast<std::uint32_t>(self->bytes.size());
  });
  imports.define(interface, "log", [&log](std::string_view message) { log.messages.emplace_back(message); });
  imports.define(interface, "nearest", [](std::vector<Point> points, Point to) -> std::optional<Point> {
    if (points.empty()) return std::nullopt;
    auto distance = [&](const Point& p) { return std::abs(p.x - to.x) + std::abs(p.y - to.y); };
    return *std::min_element(points.begin(), points.end(),
                             [&](const Point& a, const Point& b) { return distance(a) < distance(b); });
  });
  imports.define(interface, "parse", [](std::string_view text) -> ComponentResult<Shape, std::string> {
    if (text == "empty") return ComponentResult<Shape, std::string>::ok(Shape(std::monostate{}));
    return ComponentResult<Shape, std::string>::err("cannot parse " + std::string(text));
  });
  return imports;
}

TEST(ComponentDemo, ReflectionPrintsTheWorld) {
  Component component = load_demo();
  std::vector<std::string> imports;
  for (const ComponentItem& i : component.imports()) imports.push_back(i.name + ": " + i.wit);
  // the shapes interface (its types), host, and the three types the world uses from shapes
  ASSERT_EQ(imports.size(), 5u);
  EXPECT_NE(imports[1].find("wrt:demo/host@0.1.0: interface {"), std::string::npos) << imports[1];
  EXPECT_NE(imports[1].find("parse: func(text: string) -> result<"), std::string::npos) << imports[1];
  EXPECT_NE(imports[1].find("[constructor]blob: func(init: list<u8>) -> blob;"), std::string::npos) << imports[1];
  bool saw_sum = false;
  for (const ComponentItem& e : component.exports()) {
    if (e.name == "sum") {
      saw_sum = true;
      EXPECT_EQ(e.wit, "func(values: list<u32>) -> tuple<u64, u32>");
    }
  }
  EXPECT_TRUE(saw_sum);
  EXPECT_NE(component.wit().find("export describe: func(c: "), std::string::npos) << component.wit();
}

TEST(ComponentDemo, ValuesCrossBothWays) {
  Component component = load_demo();
  HostLog log;
  auto instance = component.instantiate(demo_imports(log));
  ASSERT_TRUE(instance) << to_string(instance.error());

  auto area = instance->typed_func<std::uint64_t(Shape)>("area");
  ASSERT_TRUE(area) << to_string(area.error());
  EXPECT_EQ(*(*area)(Shape(std::uint32_t{5})), 75u);
  EXPECT_EQ(*(*area)(Shape(std::tuple<Point, Point>{Point{1, 2}, Point{4, 6}})), 12u);
  EXPECT_EQ(*(*area)(Shape(std::monostate{})), 0u);

  auto sum = instance->typed_func<std::tuple<std::uint64_t, std::uint32_t>(std::span<const std::uint32_t>)>("sum");
  ASSERT_TRUE(sum) << to_string(sum.error());
  std::vector<std::uint32_t> values(10'000);  // the demo's bump allocator grows by one page
  std::iota(values.begin(), values.end(), 4'000'000'000u - 10'000u);
  auto total = (*sum)(values);
  ASSERT_TRUE(total) << to_string(total.error());
  std::uint64_t expected = 0;
  for (std::uint32_t v : values) expected += v;
  EXPECT_EQ(std::get<0>(*total), expected);
  EXPECT_EQ(std::get<1>(*total), 10'000u);
  auto empty_sum = (*sum)(std::span<const std::uint32_t>());
  ASSERT_TRUE(empty_sum);
  EXPECT_EQ(*empty_sum, std::make_tuple(std::uint64_t{0}, std::uint32_t{0}));

  // describe logs through the host and makes, measures and drops a host blob.
  auto describe = instance->typed_func<std::string(Color, Perms)>("describe");
  ASSERT_TRUE(describe) << to_string(describe.error());
  for (int i = 0; i < 3; ++i) {
    auto text = (*describe)(Color::green, Perms{true, false, true});
    ASSERT_TRUE(text) << to_string(text.error());
    EXPECT_EQ(*text, "counter");
  }
  EXPECT_EQ(log.messages, (std::vector<std::string>{"counter", "counter", "counter"}));
  EXPECT_EQ(log.blobs_made, 3);
  EXPECT_EQ(log.sizes_asked, 3);
  EXPECT_EQ(log.blobs_destroyed, 3);  // each exactly once, when the component dropped it

  // The dynamic form finds the same functions and checks argument types.
  auto r = instance->call("area", {ComponentValue::variant(0, ComponentValue::u32(2))});
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ((*r)[0].as_unsigned(), 12u);
  auto bad = instance->call("area", {ComponentValue::u32(2)});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::invalid_argument);
}

TEST(ComponentDemo, ExportedResourcesFromTheHost) {
  Component component = load_demo();
  HostLog log;
  auto instance = component.instantiate(demo_imports(log));
  ASSERT_TRUE(instance) << to_string(instance.error());
  const std::string counters = kCounters;
  auto make = instance->typed_func<GuestResource(std::uint32_t)>(counters + "#[constructor]counter");
  ASSERT_TRUE(make) << to_string(make.error());
  auto increment = instance->typed_func<std::uint32_t(GuestBorrow, std::uint32_t)>(counters + "#[method]counter.increment");
  ASSERT_TRUE(increment) << to_string(increment.error());
  auto name = instance->typed_func<std::string(GuestBorrow)>(counters + "#[method]counter.name");
  ASSERT_TRUE(name) << to_string(name.error());
  auto merge = instance->typed_func<GuestResource(GuestBorrow, GuestResource)>(counters + "#[static]counter.merge");
  ASSERT_TRUE(merge) << to_string(merge.error());
  // The seed's "interface.function" spelling finds the same export.
  EXPECT_TRUE(instance->function(counters + ".[method]counter.increment"));

  GuestResource a = *(*make)(10);
  GuestResource b = *(*make)(5);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*(*increment)(a.borrow(), 1), 11u);
  EXPECT_EQ(*(*increment)(b.borrow(), 2), 7u);
  EXPECT_EQ(*(*name)(a.borrow()), "counter");
  // merge(a, b): adds b into a, consumes b and returns a new handle to b's cell.
  GuestResource merged = *(*merge)(a.borrow(), b);
  EXPECT_FALSE(b);  // ownership moved into the call
  EXPECT_EQ(*(*increment)(a.borrow(), 0), 18u);
  EXPECT_EQ(*(*increment)(merged.borrow(), 0), 7u);
  EXPECT_TRUE(merged.drop());
  EXPECT_FALSE(merged);
  EXPECT_TRUE(a.drop());
  EXPECT_TRUE(a.drop());  // an empty handle: nothing to do
  // An empty handle is an error before the call, not a crash.
  auto after = (*increment)(a.borrow(), 1);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code(), ErrorCode::invalid_argument) << to_string(after.error());
}

TEST(ComponentDemo, FuelSuspendsAndResumesAComponentCall) {
  Component component = load_demo();
  HostLog log;
  auto instance = component.instantiate(demo_imports(log));
  ASSERT_TRUE(instance) << to_string(instance.error());
  std::vector<std::uint32_t> values(10'000, 3);
  auto list = [&] { return ComponentType<std::vector<std::uint32_t>>::to_value(values); };
  auto args = list();
  ASSERT_TRUE(args);

  instance->set_fuel(1'000);
  auto started = instance->invoke("sum", std::span<const ComponentValue>(&*args, 1));
  ASSERT_TRUE(started) << to_string(started.error());
  ASSERT_TRUE(started->out_of_fuel());
  EXPECT_TRUE(started->results().empty());
  EXPECT_TRUE(instance->suspended());
  // While suspended, other calls are refused with a clear error.
  auto refused = instance->call("area", {ComponentValue::variant(2)});
  ASSERT_FALSE(refused);
  EXPECT_NE(to_string(refused.error()).find("suspended"), std::string::npos) << to_string(refused.error());

  int slices = 1;
  Result<ComponentExecution> step = std::move(*started);
  while (step && step->out_of_fuel()) {
    instance->add_fuel(20'000);
    step = instance->resume();
    ++slices;
  }
  ASSERT_TRUE(step) << to_string(step.error());
  EXPECT_GT(slices, 3);
  ASSERT_EQ(step->results().size(), 1u);
  auto total = ComponentType<std::tuple<std::uint64_t, std::uint32_t>>::from_value(step->results()[0]);
  ASSERT_TRUE(total);
  EXPECT_EQ(*total, std::make_tuple(std::uint64_t{30'000}, std::uint32_t{10'000}));
  EXPECT_FALSE(instance->suspended());

  // The instance works on; a call that runs out of fuel without invoke() is an error that
  // leaves the instance unusable, as a trap does.
  instance->set_fuel(1'000'000);
  auto again = instance->call("area", {ComponentValue::variant(0, ComponentValue::u32(1))});
  ASSERT_TRUE(again) << to_string(again.error());
  instance->set_fuel(100);
  auto args2 = list();
  auto out = instance->call("sum", std::span<const ComponentValue>(&*args2, 1));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::out_of_fuel);
  instance->set_fuel(1'000'000);
  auto poisoned = instance->call("area", {ComponentValue::variant(2)});
  ASSERT_FALSE(poisoned);
  EXPECT_EQ(poisoned.error().kind(), ErrorKind::trap);

  // cancel() abandons a suspended call the same way.
  auto second = component.instantiate(demo_imports(log));
  ASSERT_TRUE(second);
  second->set_fuel(200);  // enough for realloc while lowering, not for the loop
  auto args3 = list();
  auto s = second->invoke("sum", std::span<const ComponentValue>(&*args3, 1));
  ASSERT_TRUE(s && s->out_of_fuel());
  second->cancel();
  EXPECT_FALSE(second->suspended());
  second->set_fuel(1'000'000);
  EXPECT_FALSE(second->call("area", {ComponentValue::variant(2)}));
  EXPECT_FALSE(second->resume());
}

TEST(ComponentDemo, SemverCompatibleImportNames) {
  Component component = load_demo();
  HostLog log;
  EXPECT_TRUE(component.instantiate(demo_imports(log, "wrt:demo/host@0.1.7")));  // 0.1.x serves 0.1.0
  EXPECT_TRUE(component.instantiate(demo_imports(log, "wrt:demo/host")));        // no version: any
  auto newer = component.instantiate(demo_imports(log, "wrt:demo/host@0.2.0"));
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().kind(), ErrorKind::unlinkable);
  EXPECT_NE(to_string(newer.error()).find("wrt:demo/host@0.1.0#"), std::string::npos) << to_string(newer.error());
  EXPECT_TRUE(detail::import_name_matches("wasi:cli/environment@0.2.6", "wasi:cli/environment@0.2.0"));
  EXPECT_TRUE(detail::import_name_matches("a:b/c@1.4.0", "a:b/c@1.0.2"));
  EXPECT_FALSE(detail::import_name_matches("a:b/c@2.0.0", "a:b/c@1.0.2"));
  EXPECT_FALSE(detail::import_name_matches("a:b/c@0.0.2", "a:b/c@0.0.1"));
  EXPECT_FALSE(detail::import_name_matches("a:b/cd@0.2.0", "a:b/c@0.2.0"));
  EXPECT_FALSE(detail::import_name_matches("a:b/c@0.2", "a:b/c@0.2.0"));  // not a version
}

TEST(ComponentDemo, WrongSignatureOfEachKindIsRefused) {
  Component component = load_demo();
  HostLog log;
  auto instance = component.instantiate(demo_imports(log));
  ASSERT_TRUE(instance);
  struct Other {
    std::int32_t a;
    std::int32_t b;
  };
  // Each: the export exists, the C++ type does not fit; the error names both types.
  auto check = [&](auto result, const char* component_type) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code(), ErrorCode::incompatible_import) << to_string(result.error());
    EXPECT_NE(to_string(result.error()).find(component_type), std::string::npos) << to_string(result.error());
  };
  check(instance->typed_func<std::uint64_t(std::uint32_t)>("area"), "func(s: ");                        // variant vs u32
  check(instance->typed_func<std::uint64_t(std::variant<std::uint32_t, std::monostate>)>("area"), "variant");  // case count
  check(instance->typed_func<std::string(Perms, Color)>("describe"), "func(c: ");                        // enum/flags swapped
  check(instance->typed_func<std::tuple<std::uint64_t, std::uint64_t>(std::vector<std::uint32_t>)>("sum"), "tuple<u64, u32>");
  check(instance->typed_func<std::tuple<std::uint64_t, std::uint32_t>(std::vector<std::int32_t>)>("sum"), "list<u32>");
  check(instance->typed_func<std::uint32_t(std::uint32_t)>(std::string(kCounters) + "#[constructor]counter"), "own<");
  check(instance->typed_func<std::uint32_t(std::uint32_t, std::uint32_t)>(std::string(kCounters) + "#[method]counter.increment"),
        "borrow<");

  ComponentImports imports = demo_imports(log);
  ComponentImports wrong;
  wrong.define(kHost, "nearest", [](std::vector<Point>, Point) { return Point{0, 0}; });  // option<point> expected
  auto refused = component.instantiate(wrong);
  ASSERT_FALSE(refused);  // (the first import checked is reported; blob is missing here too)
  EXPECT_EQ(refused.error().kind(), ErrorKind::unlinkable);
}

TEST(ComponentDemo, LimitsBoundTheInstance) {
  Component component = load_demo();
  HostLog log;
  InstanceLimits limits;
  limits.max_memory_pages = 1;  // the demo's memory starts with one page
  auto instance = component.instantiate(demo_imports(log), limits);
  ASSERT_TRUE(instance) << to_string(instance.error());
  std::vector<std::uint32_t> small(1'000, 1);
  auto sum = instance->typed_func<std::tuple<std::uint64_t, std::uint32_t>(std::span<const std::uint32_t>)>("sum");
  ASSERT_TRUE(sum);
  EXPECT_TRUE((*sum)(small));
  // 80 KB of list needs a second page: memory.grow fails, and the guest's allocator traps.
  std::vector<std::uint32_t> large(20'000, 1);
  auto refused = (*sum)(large);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind(), ErrorKind::trap) << to_string(refused.error());
  // Without the limit the same call succeeds.
  auto unlimited = component.instantiate(demo_imports(log));
  ASSERT_TRUE(unlimited);
  auto sum2 = unlimited->typed_func<std::tuple<std::uint64_t, std::uint32_t>(std::span<const std::uint32_t>)>("sum");
  ASSERT_TRUE(sum2);
  auto ok = (*sum2)(large);
  ASSERT_TRUE(ok) << to_string(ok.error());
  EXPECT_EQ(std::get<0>(*ok), 20'000u);
}

TEST(ComponentDemo, MovedFromInstanceFailsCleanly) {
  Component component = load_demo();
  HostLog log;
  auto instance = component.instantiate(demo_imports(log));
  ASSERT_TRUE(instance);
  ComponentInstance moved = std::move(*instance);
  EXPECT_FALSE(instance->valid());
  EXPECT_TRUE(moved.valid());
  EXPECT_FALSE(instance->call("area", {ComponentValue::variant(2)}));
  EXPECT_FALSE(instance->invoke("area", {ComponentValue::variant(2)}));
  EXPECT_FALSE(instance->resume());
  EXPECT_FALSE((instance->typed_func<std::uint64_t(Shape)>("area")));
  EXPECT_TRUE(instance->exports().empty());
  EXPECT_EQ(instance->fuel(), 0u);
  instance->cancel();
  EXPECT_TRUE(moved.call("area", {ComponentValue::variant(2)}));
}

}  // namespace
