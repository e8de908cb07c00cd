// An event loop running several plugin instances at once on one thread, without threads or
// callbacks in the plugin: each task runs in slices of fuel (it is preempted when its slice
// runs out), and a host call that would block (fetch, sleep) suspends the task instead; the
// loop resumes it with the call's result when the (simulated) I/O completes.
//
//   wrt_event_loop worker.wasm
//
// Time is simulated, so the output is the same on every run; the tasks' results are checked
// against the same computation done natively. Exits 0 when they match.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

namespace {

constexpr std::uint64_t kFuelSlice = 20'000;
constexpr int kTasks = 3;
constexpr int kRounds = 3;

// The "database" behind fetch, and how long a fetch of a key takes.
std::int32_t database(std::int32_t key) { return (key * 7919) % 10'007 + 1; }
std::uint64_t fetch_latency_ms(std::int32_t key) { return 3 + static_cast<std::uint64_t>(key % 7); }

struct Task {
  int id = 0;
  std::optional<wrt::ModuleInstance> instance;
  // What the task is blocked on, set by the host function that suspended it.
  enum class Wait { none, fetch, sleep } wait = Wait::none;
  std::int32_t argument = 0;
  std::optional<std::int32_t> result;
  int slices = 0;
  int suspensions = 0;
};

// A completed I/O: at `time`, resume `task` with `results`.
struct Completion {
  std::uint64_t time;
  std::uint64_t sequence;  // ties in time complete in the order they were issued
  Task* task;
  std::vector<wrt::Value> results;
  bool operator>(const Completion& other) const {
    return time != other.time ? time > other.time : sequence > other.sequence;
  }
};

class EventLoop {
 public:
  void start(Task& task, std::span<const wrt::Value> args) {
    task.instance->set_fuel(kFuelSlice);
    handle(task, task.instance->invoke("run", args));
  }

  bool run() {
    while (!ready_.empty() || !pending_.empty()) {
      if (!ready_.empty()) {  // preempted tasks take turns
        Task* task = ready_.front();
        ready_.pop_front();
        task->instance->add_fuel(kFuelSlice);
        handle(*task, task->instance->resume());
      } else {  // everyone waits: advance time to the next completion
        Completion next = pending_.top();
        pending_.pop();
        now_ms_ = next.time;
        next.task->instance->add_fuel(kFuelSlice);
        handle(*next.task, next.task->instance->resume_with(next.results));
      }
    }
    return !failed_;
  }

  [[nodiscard]] std::uint64_t now_ms() const noexcept { return now_ms_; }

 private:
  void handle(Task& task, wrt::Result<wrt::Execution> execution) {
    ++task.slices;
    if (!execution) {
      fmt::print("t={:4} ms  task {} failed: {}\n", now_ms_, task.id, execution.error());
      failed_ = true;
      return;
    }
    if (execution->completed()) {
      task.result = (*execution)[0].as_i32();
      fmt::print("t={:4} ms  task {} finished: {}\n", now_ms_, task.id, *task.result);
      return;
    }
    if (execution->out_of_fuel()) {
      ready_.push_back(&task);
      return;
    }
    // Suspended in a host call: start the I/O it asked for.
    ++task.suspensions;
    if (task.wait == Task::Wait::fetch) {
      std::int32_t value = database(task.argument);
      fmt::print("t={:4} ms  task {} fetch({}) -> {} in {} ms\n", now_ms_, task.id, task.argument, value,
                 fetch_latency_ms(task.argument));
      pending_.push({now_ms_ + fetch_latency_ms(task.argument), sequence_++, &task, {wrt::Value::i32(value)}});
    } else {
      fmt::print("t={:4} ms  task {} sleep({} ms)\n", now_ms_, task.id, task.argument);
      pending_.push({now_ms_ + static_cast<std::uint64_t>(task.argument), sequence_++, &task, {}});
    }
    task.wait = Task::Wait::none;
  }

  std::uint64_t now_ms_ = 0;
  std::uint64_t sequence_ = 0;
  bool failed_ = false;
  std::deque<Task*> ready_;
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> pending_;
};

// The worker's computation, natively, to check the results.
std::int32_t native_run(int id, int rounds) {
  auto steps = [](std::uint32_t value) {
    int n = 0;
    while (value > 1) {
      value = (value & 1) ? 3 * value + 1 : value / 2;
      ++n;
    }
    return n;
  };
  std::int32_t total = 0;
  for (int round = 0; round < rounds; ++round) {
    std::int32_t value = database(id * 100 + round);
    for (int k = 0; k < 200; ++k) total += steps(static_cast<std::uint32_t>(value + k));
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: wrt_event_loop worker.wasm\n");
    return 2;
  }
  auto module = wrt::Module::from_file(argv[1]).with_context("while loading the worker");
  if (!module) {
    fmt::print(stderr, "error: {}\n", module.error());
    return 1;
  }

  // Each task is an instance of the same module, with host functions bound to that task.
  std::vector<std::unique_ptr<Task>> tasks;
  for (int id = 0; id < kTasks; ++id) {
    auto task = std::make_unique<Task>();
    task->id = id;
    Task* self = task.get();
    wrt::ImportMap imports;
    imports.define("env", "fetch", [self](wrt::Caller& caller, std::int32_t key) -> std::int32_t {
      self->wait = Task::Wait::fetch;
      self->argument = key;
      caller.suspend();  // the result comes with resume_with
      return 0;
    });
    imports.define("env", "sleep", [self](wrt::Caller& caller, std::int32_t milliseconds) {
      self->wait = Task::Wait::sleep;
      self->argument = milliseconds;
      caller.suspend();
    });
    auto instance = wrt::ModuleInstance::create(*module, imports);
    if (!instance) {
      fmt::print(stderr, "error: {}\n", instance.error());
      return 1;
    }
    task->instance.emplace(std::move(*instance));
    tasks.push_back(std::move(task));
  }

  EventLoop loop;
  for (auto& task : tasks) {
    wrt::Value args[] = {wrt::Value::i32(task->id), wrt::Value::i32(kRounds)};
    loop.start(*task, args);
  }
  bool ok = loop.run();

  for (auto& task : tasks) {
    std::int32_t expected = native_run(task->id, kRounds);
    bool match = task->result && *task->result == expected;
    fmt::print("task {}: {} (native: {}), {} fuel slices and I/O resumptions, {} host suspensions{}\n", task->id,
               task->result ? fmt::format("{}", *task->result) : "no result", expected, task->slices,
               task->suspensions, match ? "" : "  MISMATCH");
    ok = ok && match;
  }
  fmt::print("{} tasks finished at t={} ms: {}\n", kTasks, loop.now_ms(), ok ? "all results match" : "FAILED");
  return ok ? 0 : 1;
}
