// The wrt-run subcommands. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wrt/decoder/module.hpp>
#include <wrt/error/result.hpp>

namespace wrt::cli {

// Exit codes: 0 success, 1 the input was rejected or a test failed, 2 usage or I/O problems.
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

// The bytes of a module file; "-" reads standard input. Errors do not name the file (the
// caller prints it first).
Result<std::vector<std::uint8_t>> read_input(const std::string& path);
// How messages name a module file ("-" is standard input).
std::string display_name(const std::string& path);

// Reads and decodes a module file. On failure prints the one-line error and returns the exit
// code (kExitUsage for a file that cannot be read, kExitRejected for bytes that do not
// decode); returns 0 on success.
int read_and_decode(const std::string& path, std::vector<std::uint8_t>& bytes, ModuleDescription& module);

struct RunOptions {
  std::string file;               // "-": standard input
  std::vector<std::string> args;  // what follows FILE: the program's arguments, or --invoke's
  std::string invoke;             // call this export instead of _start: NAME or NAME(ARGS)
  std::vector<std::string> dirs;  // HOST[::GUEST]
  std::vector<std::string> env;   // NAME=VALUE, or NAME to inherit it
  bool inherit_env = false;       // the whole host environment first (--env entries override)
  std::vector<std::string> tcp_listen;  // HOST:PORT
  std::string argv0;
  // Limits, when given; zero means zero.
  std::optional<std::uint64_t> fuel;
  std::optional<std::uint64_t> max_memory_bytes;
  std::optional<std::uint64_t> max_stack_bytes;
  std::optional<std::uint32_t> max_call_depth;
  bool stats = false;
  bool lazy_validation = false;
};

int run_program(const RunOptions& options);
int run_validate(const std::string& path);
int run_inspect(const std::string& path, bool disassemble);
// Components (component.cpp): detected by their preamble.
bool is_component_file(const std::string& path);
int run_validate_component(const std::string& path);
int run_inspect_component(const std::string& path);

int run_wast(const std::vector<std::string>& files, const std::string& kinds, const std::string& enable, bool verbose);

}  // namespace wrt::cli
