#include "wast/wast_runner.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/validator/validator.hpp>

namespace wrt::wast {

namespace {

using Json = nlohmann::json;

bool is_assertion(const std::string& type) { return type.rfind("assert_", 0) == 0; }

std::optional<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Decoding and validation of one binary module, keeping the module for later steps.
struct LoadResult {
  std::optional<Error> error;
};

LoadResult load_module(const std::vector<std::uint8_t>& bytes) {
  Module module;
  DecodeOptions options;
  auto result = decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module);
  if (!result) return LoadResult{result.error()};
  return LoadResult{};
}

}  // namespace

struct Runner::State {
  std::filesystem::path directory;
  std::string source;  // the .wast name, for FAIL lines
};

Runner::Runner(Options options) : options_(std::move(options)) {}
Runner::~Runner() = default;

void Runner::run_file(const std::string& json_path) {
  State state;
  state.directory = std::filesystem::path(json_path).parent_path();
  state.source = json_path;

  auto fail = [&](std::uint64_t line, const std::string& command, const std::string& reason) {
    fmt::print("FAIL {}:{} {}: {}\n", state.source, line, command, reason);
    ++failures_;
  };

  std::ifstream in(json_path);
  if (!in) {
    fail(0, "script", "cannot open " + json_path);
    return;
  }
  Json script;
  try {
    script = Json::parse(in);
  } catch (const std::exception& e) {
    fail(0, "script", std::string("not valid JSON: ") + e.what());
    return;
  }
  if (script.contains("source_filename")) state.source = script["source_filename"].get<std::string>();

  for (const Json& command : script.value("commands", Json::array())) {
    const std::string type = command.value("type", "");
    const std::uint64_t line = command.value("line", std::uint64_t{0});
    if (!options_.kinds.empty() && options_.kinds.count(type) == 0) continue;

    const bool text_module = command.value("module_type", "") == "text";
    if ((type == "assert_malformed" || type == "assert_invalid") && text_module) continue;

    bool passed = false;
    std::string reason;

    if (type == "module" || type == "assert_malformed" || type == "assert_invalid") {
      std::filesystem::path file = state.directory / command.value("filename", "");
      auto bytes = read_file(file);
      if (!bytes) {
        reason = "cannot read " + file.string();
      } else {
        LoadResult loaded = load_module(*bytes);
        if (type == "module") {
          passed = !loaded.error;
          if (!passed) reason = to_string(*loaded.error);
        } else {
          const ErrorKind expected = type == "assert_malformed" ? ErrorKind::malformed : ErrorKind::invalid;
          const std::string text = command.value("text", "");
          if (!loaded.error) {
            reason = fmt::format("expected {} (\"{}\"), but the module was accepted", name_of(expected), text);
          } else if (loaded.error->kind() != expected) {
            reason = fmt::format("expected {} (\"{}\"), got {}: {}", name_of(expected), text,
                                 name_of(loaded.error->kind()), to_string(*loaded.error));
          } else {
            passed = true;
            std::string_view reported = loaded.error->message();
            // The script's text names the error; ours may be more or less specific.
            if (reported.rfind(text, 0) != 0 && std::string_view(text).rfind(reported, 0) != 0) {
              ++message_mismatches_;
              if (options_.verbose) {
                fmt::print("NOTE {}:{} {}: expected \"{}\", reported \"{}\"\n", state.source, line, type, text,
                           to_string(*loaded.error));
              }
            }
          }
        }
      }
    } else {
      reason = "needs the interpreter, which does not exist yet";
    }

    if (is_assertion(type)) {
      Counts& c = counts_[type];
      ++c.total;
      if (passed) ++c.passed;
    }
    if (!passed) fail(line, type, reason);
  }
}

bool Runner::print_summary() const {
  std::uint64_t passed = 0;
  std::uint64_t total = 0;
  for (const auto& [kind, c] : counts_) {
    fmt::print("{}: {}/{}\n", kind, c.passed, c.total);
    passed += c.passed;
    total += c.total;
  }
  if (options_.verbose && message_mismatches_ > 0) {
    fmt::print("NOTE {} passing assertions reported a different message than the script\n", message_mismatches_);
  }
  fmt::print("{} passed, {} failed\n", passed, total - passed);
  return failures_ == 0;
}

}  // namespace wrt::wast
