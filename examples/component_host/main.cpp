// A C++ host for a component: the plugin of plugin.wit (plugin.component.wasm, made from
// plugin.c by regenerate.sh) gets a log function and a host resource, and the host calls its
// exports with typed C++ values: a string in and out, a list in and a result<record, string>
// out, and a long call sliced by fuel.
//
//   wrt_component_host plugin.component.wasm
#include <wrt/wrt.hpp>

#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <vector>

// The record `stats` of the world, declared once for the type mapping.
struct Stats {
  std::uint32_t count;
  std::uint64_t sum;
  std::uint32_t min;
  std::uint32_t max;
};
WRT_COMPONENT_RECORD(Stats, count, sum, min, max)

// The host's side of `resource counter-store`.
struct CounterStore {
  std::map<std::string, std::uint32_t> counts;
  bool live = true;  // false once moved from (into the resource table)
  CounterStore() = default;
  CounterStore(CounterStore&& other) noexcept : counts(std::move(other.counts)) { other.live = false; }
  ~CounterStore() {
    if (live) std::printf("host: counter store destroyed (%zu keys)\n", counts.size());
  }
};

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s plugin.component.wasm\n", argv[0]);
    return 2;
  }
  auto component = wrt::Component::from_file(argv[1]);
  if (!component) {
    std::fprintf(stderr, "error: %s\n", wrt::to_string(component.error()).c_str());
    return 1;
  }
  for (const wrt::ComponentItem& e : component->exports()) std::printf("export %s: %s\n", e.name.c_str(), e.wit.c_str());

  // The imports: functions typed by their C++ signatures (checked against the component's
  // types when it is instantiated), and a resource backed by a table of CounterStore objects.
  const char* host = "example:plugin/host@0.1.0";
  wrt::ComponentImports imports;
  imports.define(host, "log", [](std::string_view message) {
    std::printf("plugin: %.*s\n", static_cast<int>(message.size()), message.data());
  });
  auto stores = imports.define_resource<CounterStore>(host, "counter-store");
  imports.define(host, "[constructor]counter-store", [stores]() { return wrt::Resource<CounterStore>::make(stores, CounterStore{}); });
  imports.define(host, "[method]counter-store.add", [](wrt::Borrow<CounterStore> self, std::string_view key, std::uint32_t by) {
    return self->counts[std::string(key)] += by;
  });

  auto instance = component->instantiate(imports);
  if (!instance) {
    std::fprintf(stderr, "error: %s\n", wrt::to_string(instance.error()).c_str());
    return 1;
  }

  auto greet = instance->typed_func<std::string(std::string_view)>("greet");
  auto summarize = instance->typed_func<wrt::ComponentResult<Stats, std::string>(std::span<const std::uint32_t>)>("summarize");
  auto reset = instance->typed_func<void()>("reset");
  if (!greet || !summarize || !reset) {
    std::fprintf(stderr, "error: the plugin's exports do not have the expected types\n");
    return 1;
  }

  for (const char* name : {"Ada", "Grace", "Ada"}) {
    auto reply = (*greet)(name);
    if (!reply) return std::fprintf(stderr, "error: %s\n", wrt::to_string(reply.error()).c_str()), 1;
    std::printf("host: %s\n", reply->c_str());
  }

  auto show = [](const wrt::Result<wrt::ComponentResult<Stats, std::string>>& r) {
    if (!r) {
      std::printf("host: the call failed: %s\n", wrt::to_string(r.error()).c_str());
    } else if (r->is_ok()) {
      const Stats& s = r->value();
      std::printf("host: count %u, sum %llu, min %u, max %u\n", s.count, static_cast<unsigned long long>(s.sum), s.min, s.max);
    } else {
      std::printf("host: error: %s\n", r->error().c_str());
    }
  };
  const std::vector<std::uint32_t> digits = {3, 1, 4, 1, 5, 9, 2, 6};
  show((*summarize)(digits));
  show((*summarize)(std::span<const std::uint32_t>()));

  // A long call in slices of fuel: the call suspends when its fuel runs out and the host
  // resumes it (between slices it could run anything else).
  std::vector<std::uint32_t> many(200'000);
  std::iota(many.begin(), many.end(), 1u);
  auto list = wrt::ComponentType<std::vector<std::uint32_t>>::to_value(many);
  if (!list) return 1;
  instance->set_fuel(100'000);
  auto step = instance->invoke("summarize", std::span<const wrt::ComponentValue>(&*list, 1));
  int slices = 1;
  while (step && step->out_of_fuel()) {
    instance->add_fuel(100'000);
    step = instance->resume();
    ++slices;
  }
  if (!step) return std::fprintf(stderr, "error: %s\n", wrt::to_string(step.error()).c_str()), 1;
  auto sliced = wrt::ComponentType<wrt::ComponentResult<Stats, std::string>>::from_value(step->results()[0]);
  std::printf("host: %d fuel slices\n", slices);
  show(sliced);

  if (auto r = (*reset)(); !r) return std::fprintf(stderr, "error: %s\n", wrt::to_string(r.error()).c_str()), 1;
  std::printf("host: done\n");
  return 0;
}
