// wrt-run wast: the spec-script runner's front end.
#include "cli/commands.hpp"
#include "wast/wast_runner.hpp"

namespace wrt::cli {

int run_wast(const std::vector<std::string>& files, const std::string& kinds, bool verbose, const Features& features) {
  wast::Options options;
  std::size_t start = 0;
  while (start < kinds.size()) {
    std::size_t comma = kinds.find(',', start);
    if (comma == std::string::npos) comma = kinds.size();
    if (comma > start) options.kinds.insert(kinds.substr(start, comma - start));
    start = comma + 1;
  }
  options.verbose = verbose;
  options.features = features;
  wast::Runner runner(options);
  for (const std::string& file : files) runner.run_file(file);
  return runner.print_summary() ? 0 : kExitRejected;
}

}  // namespace wrt::cli
