// wrt-run: the command line front end of WRT.
//
//   wrt-run [run] [OPTIONS] FILE.wasm [ARGS...]   run a WASI program (a bare FILE means run; - is stdin)
//   wrt-run validate FILE.wasm                    exit 0 and print nothing when valid
//   wrt-run inspect FILE.wasm [-d]                sections, imports, exports, sizes [code]
//   wrt-run wast FILE.json...                     run spec test scripts (wast2json output)
//
// Only argument parsing, printing and exit codes live in src/cli; the work is in the libraries.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <wrt/platform.hpp>

#include "cli/commands.hpp"
#include "cli/text.hpp"

namespace {

bool is_subcommand_or_global_flag(const char* arg) {
  static const char* const kKnown[] = {"run", "validate", "inspect", "wast", "--help", "-h", "--version"};
  for (const char* k : kKnown) {
    if (std::strcmp(arg, k) == 0) return true;
  }
  return false;
}

// CLI11 cannot stop parsing at the first positional of a subcommand that also has options
// before it, so the run command line is split here: the options up to FILE go to CLI11, FILE
// and everything after it belong to the program (as with `wasmtime run`). `--` ends the options.
bool run_option_takes_value(const char* arg) {
  static const char* const kWithValue[] = {"--invoke", "--dir", "--env", "--tcplisten", "--argv0", "--fuel",
                                           "--max-memory", "--max-stack", "--max-call-depth"};
  for (const char* k : kWithValue) {
    if (std::strcmp(arg, k) == 0) return true;
  }
  return false;
}

// Returns the index of FILE in `arguments` (arguments.size() when there is none), starting
// the scan after the `run` word at `run_index`.
std::size_t find_program_file(const std::vector<char*>& arguments, std::size_t run_index) {
  std::size_t i = run_index + 1;
  while (i < arguments.size()) {
    const char* arg = arguments[i];
    if (std::strcmp(arg, "--") == 0) return i + 1;
    if (arg[0] != '-' || arg[1] == '\0') return i;
    i += run_option_takes_value(arg) ? std::size_t{2} : std::size_t{1};
  }
  return arguments.size();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wrt::cli;

  // `wrt-run FILE.wasm ...` and `wrt-run --fuel 10 FILE.wasm` mean `wrt-run run ...`.
  std::vector<char*> arguments(argv, argv + argc);
  if (argc > 1 && !is_subcommand_or_global_flag(argv[1])) {
    static char run_word[] = "run";
    arguments.insert(arguments.begin() + 1, run_word);
  }

  CLI::App app{"wrt-run: run and check WebAssembly with WRT"};
  app.set_version_flag("--version", std::string("wrt-run ") + wrt::kVersion + " (" + WRT_PROFILE_NAME + " profile)");
  app.require_subcommand(1);
  app.footer("A bare `wrt-run FILE.wasm [ARGS...]` means `wrt-run run FILE.wasm [ARGS...]`.");

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Run a WASI program's _start, or call an export with --invoke");
  run->footer(
      "Usage: wrt-run [run] [OPTIONS] FILE.wasm [ARGS...]\n"
      "The options come before FILE (\"-\" reads the module from standard input); everything after\n"
      "it goes to the program as its arguments.\n"
      "--invoke: the function's arguments go either in parentheses, --invoke 'add(1, 2)', and then\n"
      "ARGS are still the program's WASI arguments; or, without parentheses, they are the ARGS\n"
      "(--invoke add FILE 1 2), and the program gets none. Results are printed one per line.\n"
      "Limits: zero means zero (--fuel 0 runs out before the first instruction).\n"
      "Exit status: the program's exit code; 1 invalid module or missing import; 2 usage or\n"
      "unreadable file; 134 trap, exhausted fuel or limit (with a backtrace on stderr).\n"
      "A program writing to a closed pipe gets EPIPE (wrt-run ignores SIGPIPE).");
  run->add_option("--invoke", run_options.invoke,
                  "call this exported function instead of _start: NAME(ARG, ...), or NAME with ARGS as its arguments");
  // One value per occurrence (a repeated option collects them): otherwise a vector option
  // would swallow the module file and the program's arguments that follow it.
  run->add_option("--dir", run_options.dirs, "grant a directory: HOST[::GUEST] (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--env", run_options.env,
                  "an environment variable for the program: NAME=VALUE, or NAME to pass the host's (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_flag("--inherit-env", run_options.inherit_env,
                "pass the whole host environment to the program (--env entries override it)");
  run->add_option("--tcplisten", run_options.tcp_listen,
                  "listen on ADDRESS:PORT (IPv4, [IPv6] or localhost) and give the program the socket, after the directories (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--argv0", run_options.argv0, "the program name the program sees (default: FILE)");
  // Numbers are taken as text and checked here: CLI11 would read "-5" into an unsigned.
  std::string fuel_text;
  std::string max_memory_text;
  std::string max_stack_text;
  std::string max_call_depth_text;
  run->add_option("--fuel", fuel_text, "stop after this many instructions (fuel units; 0: none)")->type_name("N");
  run->add_option("--max-memory", max_memory_text, "limit each linear memory to BYTES (whole 64 KiB pages)")
      ->type_name("BYTES");
  run->add_option("--max-stack", max_stack_text, "limit the value stack to BYTES (whole 8-byte slots)")->type_name("BYTES");
  run->add_option("--max-call-depth", max_call_depth_text, "limit nested calls to N frames")->type_name("N");
  run->add_flag("--stats", run_options.stats, "print timings, fuel used and peak memory to stderr");
  run->add_flag("--lazy-validation", run_options.lazy_validation,
                "validate each function when first called (fast start-up of large modules; an invalid "
                "function is reported when called)");

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
  std::string wast_enable;
  bool wast_verbose = false;
  auto* wast = app.add_subcommand("wast", "Run spec test scripts converted by wast2json");
  wast->add_option("FILES", wast_files, "the .json scripts")->required();
  wast->add_option("--kinds", wast_kinds, "run only these comma-separated command types (e.g. assert_invalid,module)");
  wast->add_option("--enable", wast_enable,
                   "let modules use these proposals: all, or comma-separated names (multi-memory, memory64, "
                   "custom-page-sizes, threads, wide-arithmetic, relaxed-simd)");
  wast->add_flag("--verbose", wast_verbose, "also note passing assertions whose error message differs");

  // Split off FILE and the program's arguments before CLI11 sees them.
  std::vector<std::string> program;
  if (arguments.size() > 1 && std::strcmp(arguments[1], "run") == 0) {
    std::size_t file_index = find_program_file(arguments, 1);
    for (std::size_t i = file_index; i < arguments.size(); ++i) program.emplace_back(arguments[i]);
    std::size_t options_end = file_index;
    if (options_end > 2 && options_end <= arguments.size() && std::strcmp(arguments[options_end - 1], "--") == 0) {
      --options_end;
    }
    arguments.resize(std::min(options_end, arguments.size()));
  }

  try {
    app.parse(static_cast<int>(arguments.size()), arguments.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }

  if (*run) {
    if (program.empty()) {
      std::fprintf(stderr, "error: no module given\n%s", run->help().c_str());
      return kExitUsage;
    }
    struct Limit {
      const char* option;
      const std::string& text;
      std::uint64_t max;
      std::optional<std::uint64_t>& value;
    };
    std::optional<std::uint64_t> max_call_depth;
    const Limit limits[] = {
        {"--fuel", fuel_text, UINT64_MAX, run_options.fuel},
        {"--max-memory", max_memory_text, UINT64_MAX, run_options.max_memory_bytes},
        {"--max-stack", max_stack_text, std::uint64_t{UINT32_MAX} * sizeof(std::uint64_t), run_options.max_stack_bytes},
        {"--max-call-depth", max_call_depth_text, UINT32_MAX, max_call_depth},
    };
    for (const Limit& limit : limits) {
      if (limit.text.empty() && run->count(limit.option) == 0) continue;
      std::uint64_t value = 0;
      if (!parse_unsigned(limit.text, limit.max, value)) {
        std::fprintf(stderr, "error: %s: \"%s\" is not a whole number from 0 to %llu\n", limit.option,
                     printable(limit.text).c_str(), static_cast<unsigned long long>(limit.max));
        return kExitUsage;
      }
      limit.value = value;
    }
    if (max_call_depth) run_options.max_call_depth = static_cast<std::uint32_t>(*max_call_depth);
    for (const std::string& entry : run_options.env) {
      if (entry.empty() || entry.front() == '=') {
        std::fprintf(stderr, "error: --env: \"%s\" is not NAME=VALUE or NAME\n", printable(entry).c_str());
        return kExitUsage;
      }
    }
    run_options.file = program.front();
    run_options.args.assign(program.begin() + 1, program.end());
    return run_program(run_options);
  }
  if (*validate) return run_validate(validate_file);
  if (*inspect) return run_inspect(inspect_file, inspect_disassemble);
  if (*wast) return run_wast(wast_files, wast_kinds, wast_enable, wast_verbose);
  return kExitUsage;
}
