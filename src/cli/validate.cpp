// wrt-run validate, and the file reading the commands share.
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/validator/validator.hpp>

#include "cli/commands.hpp"

namespace wrt::cli {

bool read_file(const std::string& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamoff size = in.tellg();
  if (size < 0) return false;
  out.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  return static_cast<bool>(in.read(reinterpret_cast<char*>(out.data()), size));
}

int read_and_decode(const std::string& path, std::vector<std::uint8_t>& bytes, ModuleDescription& module) {
  if (!read_file(path, bytes)) {
    fmt::print(stderr, "error: cannot read {}\n", path);
    return kExitUsage;
  }
  auto decoded = decode_module(Bytes(bytes.data(), bytes.size()), DecodeOptions{}, module);
  if (!decoded) {
    fmt::print(stderr, "error: {}: {}\n", path, decoded.error());
    return kExitRejected;
  }
  return 0;
}

int run_validate(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  ModuleDescription module;
  if (int status = read_and_decode(path, bytes, module); status != 0) return status;
  auto valid = validate_module(module, DecodeOptions{});
  if (!valid) {
    fmt::print(stderr, "error: {}: {}\n", path, valid.error());
    return kExitRejected;
  }
  return 0;
}

}  // namespace wrt::cli
