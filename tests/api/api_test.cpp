#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

std::vector<std::uint8_t> wasm(const std::string& name) {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The imports api.wat needs, with a log of what the host saw.
struct Host {
  std::vector<std::int32_t> logged;
  std::string greeted;
  wrt::ImportMap imports() {
    wrt::ImportMap map;
    map.define("env", "log", [this](std::int32_t x) { logged.push_back(x); });
    map.define("env", "scale", [](std::int32_t x) { return x * 3; });
    map.define("env", "greet", [this](wrt::Caller& caller, std::int32_t ptr, std::int32_t len) -> wrt::Result<std::int32_t> {
      wrt::Memory memory = WRT_TRY(caller.memory());
      std::string_view text = WRT_TRY(memory.string(static_cast<std::uint32_t>(ptr), static_cast<std::uint32_t>(len)));
      greeted = text;
      return static_cast<std::int32_t>(text.size());
    });
    map.define("env", "wait", [](wrt::Caller& caller, std::int32_t) -> std::int32_t {
      caller.suspend();  // the embedder answers later
      return 0;
    });
    return map;
  }
};

// A host that outlives every instance of the tests that do not inspect it.
Host& shared_host() {
  static Host host;
  return host;
}

TEST(Api, TheReadmeExample) {
  std::vector<std::uint8_t> bytes = wasm("api");
  Host host;

  auto module = wrt::Module::from_bytes(bytes);  // Result<Module>, validated
  ASSERT_TRUE(module);
  wrt::ImportMap imports = host.imports();
  auto instance = wrt::ModuleInstance::create(*module, imports);
  ASSERT_TRUE(instance);
  instance->set_fuel(1000);
  auto result = instance->invoke("compute", {wrt::Value::i32(42)});
  ASSERT_TRUE(result) << wrt::to_string(result.error());
  ASSERT_TRUE(result->completed());
  EXPECT_EQ((*result)[0].as_i32(), 42 * 3 + 5);
  auto left = instance->fuel();
  EXPECT_LT(left, 1000u);
  EXPECT_GT(left, 0u);
  EXPECT_EQ(host.logged, std::vector<std::int32_t>{42});
}

TEST(Api, ErrorsCarryContext) {
  const std::uint8_t bad[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
  auto module = wrt::Module::from_bytes(bad).with_context("while loading plugin");
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind(), wrt::ErrorKind::malformed);
  EXPECT_EQ(wrt::to_string(module.error()), "while loading plugin: unknown binary version: 2 (at byte offset 4)");
}

TEST(Api, FromFileErrorsNameTheFile) {
  auto missing = wrt::Module::from_file("no/such/plugin.wasm").with_context("while loading plugin");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind(), wrt::ErrorKind::io);
  EXPECT_EQ(wrt::to_string(missing.error()),
            "while loading plugin: no/such/plugin.wasm: cannot read the file: No such file or directory");
  const std::string not_wasm = (std::filesystem::temp_directory_path() / "wrt_api_test_not_a_module.txt").string();
  std::ofstream(not_wasm) << "not a module";
  auto bad = wrt::Module::from_file(not_wasm);
  std::filesystem::remove(not_wasm);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), wrt::ErrorKind::malformed);
  EXPECT_TRUE(bad.error().subject().ends_with("wrt_api_test_not_a_module.txt")) << bad.error().subject();
  EXPECT_EQ(wrt::to_string(bad.error()),
            std::string(bad.error().subject()) + ": magic header not detected (at byte offset 0)");
}

TEST(Api, MissingImportsAreNamed) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  ASSERT_TRUE(module);
  wrt::ImportMap partial;
  partial.define("env", "log", [](std::int32_t) {});
  auto instance = wrt::ModuleInstance::create(*module, partial);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code(), wrt::ErrorCode::unknown_import);
  EXPECT_EQ(instance.error().detail(), "env.scale");

  wrt::ImportMap wrong = shared_host().imports();
  wrong.define("env", "scale", [](std::int64_t x) { return x; });  // shadows with the wrong type
  auto mismatched = wrt::ModuleInstance::create(*module, wrong);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().code(), wrt::ErrorCode::incompatible_import);
}

TEST(Api, HostFunctionsReadMemoryAndTheirErrorsTrap) {
  Host host;
  auto module = wrt::Module::from_bytes(wasm("api"));
  auto instance = wrt::ModuleInstance::create(*module, host.imports());
  ASSERT_TRUE(instance);
  auto hello = instance->invoke("hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)[0].as_i32(), 6);
  EXPECT_EQ(host.greeted, "plugin");

  // A host function that fails, and one that throws: both become errors of the call.
  wrt::ImportMap failing = shared_host().imports();
  failing.define("env", "scale", [](std::int32_t) -> wrt::Result<std::int32_t> {
    return wrt::Error(wrt::ErrorCode::host_error, "scale refused");
  });
  auto refusing = wrt::ModuleInstance::create(*module, failing);
  ASSERT_TRUE(refusing);
  auto refused = refusing->invoke("compute", {wrt::Value::i32(1)});
  ASSERT_FALSE(refused);
  EXPECT_STREQ(refused.error().message(), "scale refused");

  wrt::ImportMap throwing = shared_host().imports();
  throwing.define("env", "scale", [](std::int32_t) -> std::int32_t { throw std::runtime_error("boom"); });
  auto thrower = wrt::ModuleInstance::create(*module, throwing);
  ASSERT_TRUE(thrower);
  auto thrown = thrower->invoke("compute", {wrt::Value::i32(1)});
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code(), wrt::ErrorCode::host_error);
  EXPECT_EQ(thrown.error().detail(), "boom");
  // The instance is still usable.
  auto again = thrower->invoke("fib", {wrt::Value::i32(5)});
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)[0].as_i32(), 5);
}

TEST(Api, RawHostFunctions) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  wrt::ImportMap imports = shared_host().imports();
  imports.define_raw("env", "scale", wrt::Signature{{wrt::ValType::i32}, {wrt::ValType::i32}},
                     [](wrt::Caller&, std::span<const wrt::Value> args, std::span<wrt::Value> results) -> wrt::Result<void> {
                       results[0] = wrt::Value::i32(args[0].as_i32() + 1000);
                       return {};
                     });
  auto instance = wrt::ModuleInstance::create(*module, imports);
  ASSERT_TRUE(instance);
  auto r = instance->invoke("compute", {wrt::Value::i32(1)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_i32(), 1001 + 5);
}

std::int32_t add_seven(std::int32_t x) { return x + 7; }

TEST(Api, HostFunctionsFromFunctionPointers) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  ASSERT_TRUE(module);
  wrt::ImportMap imports = shared_host().imports();
  imports.define("env", "scale", &add_seven);  // replaces the lambda: the last definition wins
  auto instance = wrt::ModuleInstance::create(*module, imports);
  ASSERT_TRUE(instance);
  auto r = instance->invoke("compute", {wrt::Value::i32(1)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_i32(), 1 + 7 + 5);
}

TEST(Api, TypedFunctions) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  auto instance = wrt::ModuleInstance::create(*module, shared_host().imports());
  ASSERT_TRUE(instance);
  auto fib = instance->typed_func<std::int32_t(std::int32_t)>("fib");
  ASSERT_TRUE(fib);
  auto v = fib->call(20);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 6765);
  EXPECT_EQ(*(*fib)(10), 55);

  auto pair = instance->typed_func<std::tuple<std::int32_t, std::int64_t>(std::int64_t)>("pair");
  ASSERT_TRUE(pair);
  auto both = pair->call(21);
  ASSERT_TRUE(both);
  EXPECT_EQ(std::get<0>(*both), 21);
  EXPECT_EQ(std::get<1>(*both), 42);

  auto wrong = instance->typed_func<std::int64_t(std::int32_t)>("fib");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind(), wrt::ErrorKind::usage);
  auto missing = instance->typed_func<void()>("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), wrt::ErrorCode::unknown_export);
}

TEST(Api, MemoryGlobalAndTableExports) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  auto instance = wrt::ModuleInstance::create(*module, shared_host().imports());
  ASSERT_TRUE(instance);

  auto memory = instance->memory("memory");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->pages(), 1u);
  EXPECT_EQ(*memory->string(64, 6), "plugin");
  ASSERT_TRUE(memory->store<std::uint32_t>(100, 0xDEADBEEF));
  EXPECT_EQ(*memory->load<std::uint32_t>(100), 0xDEADBEEFu);
  auto outside = memory->view(65536 - 2, 4);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code(), wrt::ErrorCode::out_of_bounds_memory);
  EXPECT_FALSE(memory->load<std::uint64_t>(65536 - 7));

  auto counter = instance->global("counter");
  ASSERT_TRUE(counter);
  ASSERT_TRUE(instance->invoke("compute", {wrt::Value::i32(1)}));
  EXPECT_EQ(counter->get().as_i32(), 1);
  ASSERT_TRUE(counter->set(wrt::Value::i32(41)));
  ASSERT_TRUE(instance->invoke("compute", {wrt::Value::i32(1)}));
  EXPECT_EQ(counter->get().as_i32(), 42);
  auto version = instance->global("version");
  ASSERT_TRUE(version);
  EXPECT_FALSE(version->set(wrt::Value::i32(4)));  // immutable
  EXPECT_FALSE(counter->set(wrt::Value::i64(1)));  // wrong type

  auto table = instance->table("table");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 2u);
  EXPECT_FALSE(table->get(0)->is_null());  // the element segment put fib there
  EXPECT_TRUE(table->get(1)->is_null());
  EXPECT_FALSE(table->get(2));
  EXPECT_EQ(*table->grow(3, wrt::Value::null(wrt::ValType::funcref)), 2u);
  EXPECT_EQ(table->size(), 5u);

  EXPECT_EQ(instance->memory("counter").error().code(), wrt::ErrorCode::unknown_export);  // not a memory
}

TEST(Api, OutOfFuelSuspendsAndResumes) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  auto instance = wrt::ModuleInstance::create(*module, shared_host().imports());
  ASSERT_TRUE(instance);
  instance->set_fuel(100);
  auto execution = instance->invoke("spin", {wrt::Value::i32(1000)});
  ASSERT_TRUE(execution);
  int resumptions = 0;
  while (execution->out_of_fuel()) {
    ASSERT_TRUE(instance->suspended());
    instance->add_fuel(100);
    execution = instance->resume();
    ASSERT_TRUE(execution);
    ++resumptions;
  }
  ASSERT_TRUE(execution->completed());
  EXPECT_EQ((*execution)[0].as_i32(), 1000);
  EXPECT_GT(resumptions, 50);
  EXPECT_FALSE(instance->suspended());
}

TEST(Api, HostFunctionsSuspendAndTheEmbedderAnswers) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  auto instance = wrt::ModuleInstance::create(*module, shared_host().imports());
  ASSERT_TRUE(instance);
  auto execution = instance->invoke("asks", {wrt::Value::i32(7)});
  ASSERT_TRUE(execution);
  ASSERT_TRUE(execution->host_suspended());
  std::vector<wrt::Value> args = instance->pending_host_arguments();
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0].as_i32(), 7);
  EXPECT_FALSE(instance->resume_with({wrt::Value::i64(1)}));  // wrong type: refused
  auto finished = instance->resume_with({wrt::Value::i32(41)});
  ASSERT_TRUE(finished);
  ASSERT_TRUE(finished->completed());
  EXPECT_EQ((*finished)[0].as_i32(), 42);
}

TEST(Api, LimitsPerInstance) {
  auto module = wrt::Module::from_bytes(wasm("api"));
  wrt::InstanceLimits limits;
  limits.max_memory_pages = 2;  // the module allows 4
  limits.max_call_depth = 50;
  auto instance = wrt::ModuleInstance::create(*module, shared_host().imports(), limits);
  ASSERT_TRUE(instance);
  EXPECT_EQ((*instance->invoke("grow", {wrt::Value::i32(1)}))[0].as_i32(), 1);
  EXPECT_EQ((*instance->invoke("grow", {wrt::Value::i32(1)}))[0].as_i32(), -1);
  auto deep = instance->invoke("fib", {wrt::Value::i32(60)});  // depth 60 > 50
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), wrt::ErrorCode::call_stack_exhausted);
}

TEST(Api, InstancesLinkToEachOther) {
  auto plugin_module = wrt::Module::from_bytes(wasm("api"));
  auto plugin = wrt::ModuleInstance::create(*plugin_module, shared_host().imports());
  ASSERT_TRUE(plugin);
  auto importer_module = wrt::Module::from_bytes(wasm("importer"));
  ASSERT_TRUE(importer_module);
  wrt::ImportMap imports;
  imports.define_instance("plugin", *plugin);
  auto importer = wrt::ModuleInstance::create(*importer_module, imports);
  ASSERT_TRUE(importer) << wrt::to_string(importer.error());
  auto r = importer->invoke("fib_plus_byte", {wrt::Value::i32(10)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_i32(), 55 + 'p');
  EXPECT_EQ(plugin->global("counter")->get().as_i32(), 100);  // the importer wrote the plugin's global

  // Single objects can be passed too.
  wrt::ImportMap piecewise;
  piecewise.define("plugin", "memory", *plugin->memory("memory"));
  piecewise.define("plugin", "counter", *plugin->global("counter"));
  piecewise.define("plugin", "fib", [](std::int32_t x) { return x; });
  auto second = wrt::ModuleInstance::create(*importer_module, piecewise);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second->invoke("fib_plus_byte", {wrt::Value::i32(10)}))[0].as_i32(), 10 + 'p');
}

TEST(Api, TrapsReportABacktrace) {
  auto module = wrt::Module::from_bytes(wasm("trap"));
  ASSERT_TRUE(module);
  auto instance = wrt::ModuleInstance::create(*module);
  ASSERT_TRUE(instance);
  auto r = instance->invoke("outer", {wrt::Value::i32(0)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wrt::ErrorCode::integer_divide_by_zero);
  ASSERT_EQ(instance->last_trap().frames.size(), 3u);
  EXPECT_EQ(instance->last_trap().frames[0].name, "inner");
}

}  // namespace
