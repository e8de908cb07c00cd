// The wrt-run subcommands. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace wrt::cli {

// Exit codes: 0 success, 1 the input was rejected or a test failed, 2 usage or I/O problems.
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

bool read_file(const std::string& path, std::vector<std::uint8_t>& out);

int run_validate(const std::string& path);
int run_inspect(const std::string& path, bool disassemble);
int run_wast(const std::vector<std::string>& files, const std::string& kinds, bool verbose);

}  // namespace wrt::cli
