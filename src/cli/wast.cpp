// wrt-run wast: the spec-script runner's front end.
#include <fmt/core.h>

#include "cli/commands.hpp"
#include "wast/wast_runner.hpp"

namespace wrt::cli {

namespace {

// --enable=all, or a comma-separated list of proposal names as the spec's folders spell them.
bool enable_features(const std::string& list, Features& features) {
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string name = list.substr(start, comma - start);
    if (name == "all") {
      features = Features::all();
    } else if (name == "multi-memory") {
      features.multi_memory = true;
    } else if (name == "memory64") {
      features.memory64 = true;
    } else if (name == "custom-page-sizes") {
      features.custom_page_sizes = true;
    } else if (name == "threads") {
      features.threads = true;
    } else if (name == "wide-arithmetic") {
      features.wide_arithmetic = true;
    } else if (name == "relaxed-simd") {
      features.relaxed_simd = true;
    } else if (!name.empty()) {
      fmt::print(stderr, "wrt-run wast: unknown proposal '{}' in --enable\n", name);
      return false;
    }
    start = comma + 1;
  }
  return true;
}

}  // namespace

int run_wast(const std::vector<std::string>& files, const std::string& kinds, const std::string& enable, bool verbose) {
  wast::Options options;
  if (!enable_features(enable, options.features)) return kExitUsage;
  std::size_t start = 0;
  while (start < kinds.size()) {
    std::size_t comma = kinds.find(',', start);
    if (comma == std::string::npos) comma = kinds.size();
    if (comma > start) options.kinds.insert(kinds.substr(start, comma - start));
    start = comma + 1;
  }
  options.verbose = verbose;
  wast::Runner runner(options);
  for (const std::string& file : files) runner.run_file(file);
  return runner.print_summary() ? 0 : kExitRejected;
}

}  // namespace wrt::cli
