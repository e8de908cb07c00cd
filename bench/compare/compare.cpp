// wrt-bench-compare: runs the benchmark workloads under wrt-run, natively, under node and under
// any peer runtime named on the command line or in WRT_BENCH_PEERS, side by side.
//
// Runs alternate (every runner once per round, in a rotating order) so that a slow phase of the
// machine does not fall on one runner. Each run's standard output must equal the native run's;
// a disagreement is reported and makes the exit status 1. A peer that fails to run a workload
// (one without exception handling, say) is reported and shown as "n/a": peers are reference
// points, not what is tested; wrong output from a peer still fails. The table gives median
// wall-clock times (CPU times with --cpu-time), their spread ((max - min) / median), ratios to
// native, node and each peer, and geometric means. Peers are binaries a person built; nothing
// here builds or fetches them.
//
//   wrt-bench-compare --workloads DIR --wrt PATH [--node PATH] [--peer NAME=PATH]...
//                     [--rounds N] [--scale N] [--variant mvp|bulk]... [--only a,b] [--markdown]
//                     [--cpu-time]
//   wrt-bench-compare --measure N -- COMMAND [ARGS...]
//                     runs one command N times: median and minimum wall time, peak RSS
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace fs = std::filesystem;

namespace {

struct Runner {
  std::string name;
  // A peer given on the command line: when it cannot run a workload it is left out of that row.
  bool peer = false;
  // The command before the program; "{wasm}" is replaced by the module, "{native}" by the
  // native executable. Arguments of the workload follow.
  std::vector<std::string> command;
  bool native = false;
};

struct RunResult {
  bool ok = false;
  double seconds = 0;
  double cpu_seconds = 0;  // user + system time of the child (and its threads)
  long max_rss_kib = 0;
  std::string output;
  std::string failure;
};

// Runs argv, capturing standard output (standard error passes through); times the wall clock
// from fork to the child's exit.
RunResult run_process(const std::vector<std::string>& argv) {
  RunResult result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    result.failure = fmt::format("pipe: {}", std::strerror(errno));
    return result;
  }
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    result.failure = fmt::format("fork: {}", std::strerror(errno));
    return result;
  }
  if (pid == 0) {
    dup2(pipe_fds[1], 1);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(pipe_fds[1]);
  char buffer[4096];
  for (;;) {
    ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.max_rss_kib = usage.ru_maxrss;
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.ok = true;
  } else if (WIFEXITED(status)) {
    result.failure = fmt::format("exit status {}", WEXITSTATUS(status));
  } else {
    result.failure = fmt::format("killed by signal {}", WTERMSIG(status));
  }
  return result;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double geometric_mean(const std::vector<double>& v) {
  double log_sum = 0;
  for (double x : v) log_sum += std::log(x);
  return std::exp(log_sum / static_cast<double>(v.size()));
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string format_time(double seconds) {
  return seconds < 1 ? fmt::format("{:.0f} ms", seconds * 1000) : fmt::format("{:.2f} s", seconds);
}

struct Measurement {
  std::vector<double> times;
  long max_rss_kib = 0;
  bool failed = false;
  bool unsupported = false;  // a peer that cannot run this workload (see Runner::peer)
};

}  // namespace

// --measure N -- COMMAND...: start-up and memory figures of one command.
int measure(int runs, const std::vector<std::string>& command) {
  std::vector<double> times;
  long peak = 0;
  std::string first_output;
  for (int i = 0; i < runs; ++i) {
    RunResult r = run_process(command);
    if (!r.ok) {
      fmt::print(stderr, "wrt-bench-compare: {} failed: {}\n", command[0], r.failure);
      return 1;
    }
    times.push_back(r.seconds);
    peak = std::max(peak, r.max_rss_kib);
  }
  fmt::print("{} runs: median {:.1f} ms, min {:.1f} ms, peak RSS {:.2f} MB ({} KiB)\n", runs, median(times) * 1000,
             *std::min_element(times.begin(), times.end()) * 1000, static_cast<double>(peak) / 1024, peak);
  return 0;
}

int main(int argc, char** argv) {
  for (int i = 1; i + 2 < argc; ++i) {
    if (std::strcmp(argv[i], "--measure") == 0 && std::strcmp(argv[i + 2], "--") == 0 && i + 3 < argc) {
      return measure(std::atoi(argv[i + 1]), std::vector<std::string>(argv + i + 3, argv + argc));
    }
  }
  CLI::App app{"Runs the benchmark workloads side by side under wrt-run, natively, under node and peers"};
  std::string workloads_dir;
  std::string wrt_path;
  std::string node_path = "node";
  std::string node_runner;
  std::vector<std::string> peer_specs;
  std::vector<std::string> variants{"mvp"};
  std::string only;
  int rounds = 5;
  int scale = 0;
  bool markdown = false;
  bool no_node = false;
  bool cpu_time = false;
  app.add_option("--workloads", workloads_dir, "Directory with <name>.wasm, <name>.bulk.wasm and native <name>")
      ->required();
  app.add_option("--wrt", wrt_path, "The wrt-run binary")->required();
  app.add_option("--node", node_path, "node binary (V8, the JIT reference)");
  app.add_option("--node-runner", node_runner, "The WASI runner script for node (default: beside the workloads)");
  app.add_flag("--no-node", no_node, "Leave node out");
  app.add_option("--peer", peer_specs, "A peer runtime NAME=PATH, run as `PATH module.wasm args` (repeatable; "
                                       "WRT_BENCH_PEERS adds space-separated NAME=PATH entries)");
  app.add_option("--variant", variants, "mvp (clang -O2) and/or bulk (-O2 -mbulk-memory)");
  app.add_option("--only", only, "Comma-separated workloads to run (default: all)");
  app.add_option("--rounds", rounds, "Runs of each workload per runner")->check(CLI::Range(1, 1000));
  app.add_option("--scale", scale, "Scale argument passed to every workload (default: its full size)");
  app.add_flag("--markdown", markdown, "Print the table as Markdown");
  app.add_flag("--cpu-time", cpu_time,
               "Measure CPU time (user + system) instead of wall-clock time: steadier on a busy machine; "
               "node's includes its compiler threads");
  CLI11_PARSE(app, argc, argv);

  if (const char* env = std::getenv("WRT_BENCH_PEERS")) {
    for (const std::string& spec : split(env, ' ')) peer_specs.push_back(spec);
  }
  if (node_runner.empty()) node_runner = (fs::path(workloads_dir) / "node_wasi.mjs").string();

  std::vector<Runner> runners;
  runners.push_back({"native", false, {"{native}"}, true});
  runners.push_back({"wrt", false, {wrt_path, "{wasm}"}, false});
  if (!no_node) runners.push_back({"node", false, {node_path, "--no-warnings", node_runner, "{wasm}"}, false});
  for (const std::string& spec : peer_specs) {
    std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      fmt::print(stderr, "wrt-bench-compare: a peer is NAME=PATH, not '{}'\n", spec);
      return 2;
    }
    runners.push_back({spec.substr(0, eq), true, {spec.substr(eq + 1), "{wasm}"}, false});
  }

  std::vector<std::string> names;
  if (!only.empty()) {
    names = split(only, ',');
  } else {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(workloads_dir, ec)) {
      const fs::path& p = entry.path();
      if (p.extension() == ".wasm" && p.stem().extension().empty()) names.push_back(p.stem().string());
    }
    if (ec) {
      fmt::print(stderr, "wrt-bench-compare: cannot list {}: {}\n", workloads_dir, ec.message());
      return 2;
    }
    std::sort(names.begin(), names.end());
  }
  if (names.empty()) {
    fmt::print(stderr, "wrt-bench-compare: no workloads in {}\n", workloads_dir);
    return 2;
  }

  struct Row {
    std::string label;
    std::vector<Measurement> per_runner;
  };
  std::vector<Row> rows;
  bool all_agree = true;
  for (const std::string& variant : variants) {
    if (variant != "mvp" && variant != "bulk") {
      fmt::print(stderr, "wrt-bench-compare: unknown variant '{}' (mvp or bulk)\n", variant);
      return 2;
    }
    for (const std::string& name : names) {
      std::string wasm = (fs::path(workloads_dir) / (variant == "mvp" ? name + ".wasm" : name + ".bulk.wasm")).string();
      std::string native = (fs::path(workloads_dir) / name).string();
      Row row{variant == "mvp" ? name : name + " (bulk)", std::vector<Measurement>(runners.size())};
      std::string expected;
      for (int round = 0; round < rounds; ++round) {
        for (std::size_t k = 0; k < runners.size(); ++k) {
          // Rotate the order each round; in round 0 native runs first and gives the reference.
          const std::size_t r = (k + static_cast<std::size_t>(round)) % runners.size();
          const Runner& runner = runners[r];
          Measurement& m = row.per_runner[r];
          if (m.failed || m.unsupported) continue;
          std::vector<std::string> command;
          for (const std::string& part : runner.command) {
            command.push_back(part == "{wasm}" ? wasm : part == "{native}" ? native : part);
          }
          if (scale > 0) command.push_back(std::to_string(scale));
          RunResult result = run_process(command);
          if (!result.ok && runner.peer) {
            fmt::print(stderr, "{}: {} cannot run it ({}); left out\n", row.label, runner.name, result.failure);
            m.unsupported = true;
            continue;
          }
          if (!result.ok) {
            fmt::print(stderr, "{}: {} failed: {}\n", row.label, runner.name, result.failure);
            m.failed = true;
            all_agree = false;
            continue;
          }
          if (runner.native && expected.empty()) expected = result.output;
          if (!expected.empty() && result.output != expected) {
            fmt::print(stderr, "{}: {} printed {:?}, native printed {:?}\n", row.label, runner.name, result.output,
                       expected);
            m.failed = true;
            all_agree = false;
            continue;
          }
          m.times.push_back(cpu_time ? result.cpu_seconds : result.seconds);
          m.max_rss_kib = std::max(m.max_rss_kib, result.max_rss_kib);
        }
      }
      std::string line = fmt::format("{:<18}", row.label);
      for (std::size_t r = 0; r < runners.size(); ++r) {
        const Measurement& m = row.per_runner[r];
        line += m.unsupported                  ? fmt::format("  {}: n/a", runners[r].name)
                : m.failed || m.times.empty() ? fmt::format("  {}: FAIL", runners[r].name)
                                              : fmt::format("  {}: {}", runners[r].name, format_time(median(m.times)));
      }
      fmt::print(stderr, "{}\n", line);
      rows.push_back(std::move(row));
    }
  }

  // Columns: the median (and spread) of each runner, then wrt's ratio to each other runner.
  std::size_t wrt_index = 1;
  std::vector<std::string> header{"workload"};
  for (const Runner& r : runners) header.push_back(r.name);
  for (std::size_t r = 0; r < runners.size(); ++r) {
    if (r != wrt_index) header.push_back("wrt/" + runners[r].name);
  }
  std::vector<std::vector<std::string>> table;
  std::vector<std::vector<double>> ratios(runners.size());
  std::vector<std::vector<double>> ratio_to_native(runners.size());
  for (const Row& row : rows) {
    std::vector<std::string> cells{row.label};
    std::vector<double> medians(runners.size(), 0);
    for (std::size_t r = 0; r < runners.size(); ++r) {
      const Measurement& m = row.per_runner[r];
      if (m.unsupported) {
        cells.push_back("n/a");
        continue;
      }
      if (m.failed || m.times.empty()) {
        cells.push_back("FAIL");
        continue;
      }
      double med = median(m.times);
      medians[r] = med;
      auto [lo, hi] = std::minmax_element(m.times.begin(), m.times.end());
      cells.push_back(fmt::format("{} ±{:.0f}%", format_time(med), 50 * (*hi - *lo) / med));
    }
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (medians[r] > 0 && medians[0] > 0) ratio_to_native[r].push_back(medians[r] / medians[0]);
      if (r == wrt_index) continue;
      if (medians[r] > 0 && medians[wrt_index] > 0) {
        double ratio = medians[wrt_index] / medians[r];
        ratios[r].push_back(ratio);
        cells.push_back(fmt::format("{:.2f}", ratio));
      } else {
        cells.push_back("-");
      }
    }
    table.push_back(std::move(cells));
  }
  {
    std::vector<std::string> cells{"geometric mean"};
    for (std::size_t r = 0; r < runners.size(); ++r) {
      cells.push_back(ratio_to_native[r].empty() ? "-"
                                                 : fmt::format("{:.2f}x native", geometric_mean(ratio_to_native[r])));
    }
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (r == wrt_index) continue;
      cells.push_back(ratios[r].empty() ? "-" : fmt::format("{:.2f}", geometric_mean(ratios[r])));
    }
    table.push_back(std::move(cells));
  }

  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& cells : table) {
    for (std::size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], cells[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line = markdown ? "|" : "";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (markdown) {
        line += fmt::format(" {} |", cells[c]);
      } else {
        line += c == 0 ? fmt::format("{:<{}}", cells[c], widths[c]) : fmt::format("  {:>{}}", cells[c], widths[c]);
      }
    }
    fmt::print("{}\n", line);
  };
  fmt::print("{} rounds{}; median {} time ±half the range; ratios are wrt's time / theirs\n{}", rounds,
             scale > 0 ? fmt::format(", scale {}", scale) : "", cpu_time ? "CPU (user + system)" : "wall-clock",
             markdown ? "\n" : "");
  print_row(header);
  if (markdown) {
    std::vector<std::string> rule(header.size(), "---");
    print_row(rule);
  }
  for (const auto& cells : table) print_row(cells);
  std::string rss = "peak RSS:";
  for (std::size_t r = 0; r < runners.size(); ++r) {
    long peak = 0;
    for (const Row& row : rows) peak = std::max(peak, row.per_runner[r].max_rss_kib);
    rss += fmt::format(" {} {:.1f} MB", runners[r].name, static_cast<double>(peak) / 1024);
  }
  fmt::print("{}\n", rss);
  if (!all_agree) {
    fmt::print("some runs failed or disagreed with native (see above)\n");
    return 1;
  }
  fmt::print("all outputs agree with native\n");
  return 0;
}
