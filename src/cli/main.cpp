// wrt-run: the command line front end of WRT.
//
//   wrt-run validate FILE.wasm        exit 0 and print nothing when valid; else the error
//   wrt-run wast FILE.json...         run spec test scripts (wast2json output)
//
// Only argument parsing, printing and exit codes live here; the work is in the libraries.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/platform.hpp>
#include <wrt/validator/validator.hpp>

#include "wast/wast_runner.hpp"

namespace {

// Exit codes: 0 success, 1 the input was rejected or a test failed, 2 usage or I/O problems.
constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;

bool read_file(const std::string& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int run_validate(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  if (!read_file(path, bytes)) {
    fmt::print(stderr, "error: cannot read {}\n", path);
    return kExitUsage;
  }
  wrt::Module module;
  wrt::DecodeOptions options;
  auto result = wrt::decode_and_validate(wrt::Bytes(bytes.data(), bytes.size()), options, module);
  if (!result) {
    fmt::print(stderr, "error: {}: {}\n", path, result.error());
    return kExitRejected;
  }
  return 0;
}

int run_wast(const std::vector<std::string>& files, const std::string& kinds, bool verbose) {
  wrt::wast::Options options;
  std::size_t start = 0;
  while (start < kinds.size()) {
    std::size_t comma = kinds.find(',', start);
    if (comma == std::string::npos) comma = kinds.size();
    if (comma > start) options.kinds.insert(kinds.substr(start, comma - start));
    start = comma + 1;
  }
  options.verbose = verbose;
  wrt::wast::Runner runner(options);
  for (const std::string& file : files) runner.run_file(file);
  return runner.print_summary() ? 0 : kExitRejected;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wrt-run: run and check WebAssembly with WRT"};
  app.set_version_flag("--version", std::string("wrt-run ") + wrt::kVersion + " (" + WRT_PROFILE_NAME + ")");
  app.require_subcommand(1);

  std::string validate_file;
  auto* validate = app.add_subcommand("validate", "Decode and validate a module; print nothing if it is valid");
  validate->add_option("FILE", validate_file, "the .wasm file")->required();

  std::vector<std::string> wast_files;
  std::string wast_kinds;
  bool wast_verbose = false;
  auto* wast = app.add_subcommand("wast", "Run spec test scripts converted by wast2json");
  wast->add_option("FILES", wast_files, "the .json scripts")->required();
  wast->add_option("--kinds", wast_kinds, "run only these comma-separated command types (e.g. assert_invalid,module)");
  wast->add_flag("--verbose", wast_verbose, "also note passing assertions whose error message differs");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }

  if (*validate) return run_validate(validate_file);
  if (*wast) return run_wast(wast_files, wast_kinds, wast_verbose);
  return kExitUsage;
}
