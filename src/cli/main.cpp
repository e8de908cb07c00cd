// wrt-run: the command line front end of WRT.
//
//   wrt-run validate FILE.wasm        exit 0 and print nothing when valid; else the error
//   wrt-run inspect FILE.wasm         sections, imports, exports, sizes [--disassemble]
//   wrt-run wast FILE.json...         run spec test scripts (wast2json output)
//
// Only argument parsing, printing and exit codes live in src/cli; the work is in the libraries.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <wrt/platform.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace wrt::cli;
  CLI::App app{"wrt-run: run and check WebAssembly with WRT"};
  app.set_version_flag("--version", std::string("wrt-run ") + wrt::kVersion + " (" + WRT_PROFILE_NAME + " profile)");
  app.require_subcommand(1);

  std::string validate_file;
  auto* validate = app.add_subcommand("validate", "Decode and validate a module; print nothing if it is valid");
  validate->add_option("FILE", validate_file, "the .wasm file")->required();

  std::string inspect_file;
  bool inspect_disassemble = false;
  auto* inspect = app.add_subcommand("inspect", "Show a module's sections, imports, exports and sizes");
  inspect->add_option("FILE", inspect_file, "the .wasm file")->required();
  inspect->add_flag("-d,--disassemble", inspect_disassemble, "also print the code of every function");

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
  if (*inspect) return run_inspect(inspect_file, inspect_disassemble);
  if (*wast) return run_wast(wast_files, wast_kinds, wast_verbose);
  return kExitUsage;
}
