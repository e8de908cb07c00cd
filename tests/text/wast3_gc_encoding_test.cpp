// The text layer's encoding of the GC scripts of the 3.0 suite against the converted binaries.
//
// For every script of tests/spec/wasm3_gc_scripts.txt, the upstream `.wast` (a checkout of the
// testsuite commit named in ../shared/testsuite/wasm-3.0/README.md, WRT_WASM3_WAST) is parsed
// by the text layer and each module it holds is compared, command by command, with the `.wasm`
// the converter (wasm-tools) wrote for it: the bytes must be identical, except that the
// converted binary's `name` section is left out (wasm-tools makes one from `$names`, this parser
// makes none). Modules that differ for a reason of the converter's are listed with that reason
// in wast3_gc_encoding_differences.txt; a listed module that matches again fails the test, so
// the list can only shrink. `module quote` cases are checked as the JSON expects them:
// assert_malformed must be rejected by the parser, assert_invalid by the parser or the
// decoder/validator.
//
//   wrt_wast3_gc_encoding_tests <converted wasm-3.0 dir> <.wast checkout> <gc list> <differences>
//
// WRT_GC_ENCODING_DUMP=<dir> writes this parser's encoding of each differing module there.
// Without the checkout the test exits with 77 (reported by ctest as skipped, not passed).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <wrt/decoder/decoder.hpp>
#include <wrt/text/script.hpp>
#include <wrt/text/text.hpp>
#include <wrt/validator/validator.hpp>

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
  const std::string s = read_text(p);
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

// The value of `"key": "value"` in one JSON command line (one command per line, as written).
std::string json_string(const std::string& line, const std::string& key) {
  const std::string k = "\"" + key + "\": \"";
  const std::size_t at = line.find(k);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + k.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

struct JsonCommand {
  std::string type;
  std::string filename;
  std::string line;
};

std::vector<JsonCommand> json_commands(const fs::path& p) {
  std::vector<JsonCommand> out;
  std::istringstream in(read_text(p));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("  {\"type\": ", 0) != 0) continue;
    JsonCommand c;
    c.type = json_string(line, "type");
    c.filename = json_string(line, "filename");
    const std::size_t at = line.find("\"line\": ");
    if (at != std::string::npos) c.line = line.substr(at + 8, line.find_first_of(",}", at) - at - 8);
    out.push_back(c);
  }
  return out;
}

std::uint64_t leb(const std::vector<std::uint8_t>& b, std::size_t& i) {
  std::uint64_t v = 0;
  for (int shift = 0; i < b.size() && shift < 64; shift += 7) {
    const std::uint8_t byte = b[i++];
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return v;
}

// The binary without its custom sections named "name".
std::vector<std::uint8_t> without_name_section(const std::vector<std::uint8_t>& b) {
  if (b.size() < 8) return b;
  std::vector<std::uint8_t> out(b.begin(), b.begin() + 8);
  std::size_t i = 8;
  while (i < b.size()) {
    const std::size_t start = i;
    const std::uint8_t id = b[i++];
    const std::uint64_t size = leb(b, i);
    const std::size_t end = i + size;
    if (end > b.size()) return b;  // not a module this can take apart: compare as it is
    bool drop = false;
    if (id == 0) {
      std::size_t j = i;
      const std::uint64_t n = leb(b, j);
      drop = n == 4 && j + 4 <= end && std::string(b.begin() + j, b.begin() + j + 4) == "name";
    }
    if (!drop) out.insert(out.end(), b.begin() + start, b.begin() + end);
    i = end;
  }
  return out;
}

bool decodes_and_validates(const std::vector<std::uint8_t>& b) {
  wrt::ModuleDescription m;
  return static_cast<bool>(wrt::decode_and_validate(wrt::Bytes(b.data(), b.size()), {}, m));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <converted wasm-3.0 dir> <.wast checkout> <gc list> <differences>\n", argv[0]);
    return 2;
  }
  const fs::path json_root(argv[1]);
  const fs::path wast_root(argv[2]);
  if (!fs::is_directory(wast_root)) {
    std::printf("SKIPPED: no .wast checkout at '%s' (configure with -DWRT_WASM3_WAST=<dir>)\n", argv[2]);
    return 77;
  }
  std::set<std::string> listed;
  for (const std::string& line : lines_of(argv[4])) listed.insert(line.substr(0, line.find(' ')));

  std::set<std::string> differing;
  std::size_t compared = 0, identical = 0, quoted = 0, failures = 0;
  auto fail = [&](const std::string& what) {
    std::printf("FAIL %s\n", what.c_str());
    ++failures;
  };
  for (const std::string& rel : lines_of(argv[3])) {
    const fs::path json = json_root / rel;
    const std::string source = json_string(read_text(json).substr(0, 400), "source_filename");
    const std::string wast = read_text(wast_root / source);
    if (wast.empty()) {
      fail(rel + ": no " + (wast_root / source).string());
      continue;
    }
    const wrt::text::ScriptResult script = wrt::text::parse_script(wast);
    if (script.error) {
      fail(source + ": " + script.error->to_string());
      continue;
    }
    const std::vector<JsonCommand> expected = json_commands(json);
    if (expected.size() != script.commands.size()) {
      fail(source + ": " + std::to_string(script.commands.size()) + " commands, the JSON has " +
           std::to_string(expected.size()));
      continue;
    }
    const fs::path folder = json.parent_path();
    const std::string folder_rel = fs::path(rel).parent_path().string();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const JsonCommand& e = expected[i];
      const wrt::text::ScriptCommand& c = script.commands[i];
      const std::string where = source + ":" + e.line + " (" + e.filename + ")";
      if (e.filename.empty()) continue;
      if (!c.module) {
        fail(where + ": no module here in the text");
        continue;
      }
      if (e.filename.ends_with(".wat")) {  // module quote: what the assertion expects
        ++quoted;
        const wrt::text::BinaryResult r = wrt::text::parse_module(c.module->text);
        if (e.type == "assert_malformed" && r.ok()) fail(where + ": malformed text parses");
        if (e.type == "assert_invalid" && r.ok() && decodes_and_validates(r.binary)) fail(where + ": invalid text is valid");
        continue;
      }
      ++compared;
      const std::string name = folder_rel + "/" + e.filename;
      std::vector<std::uint8_t> got = c.module->binary;
      std::optional<wrt::text::Diagnostic> error = c.module->error;
      if (c.module->is_text && !error) {  // `module quote` the converter encoded: parse it here
        wrt::text::BinaryResult r = wrt::text::parse_module(c.module->text);
        got = std::move(r.binary);
        error = std::move(r.error);
      }
      if (error) {
        differing.insert(name);
        if (!listed.count(name)) fail(where + ": " + error->to_string());
        continue;
      }
      const std::vector<std::uint8_t> want = without_name_section(read_bytes(folder / e.filename));
      if (got == want) {
        ++identical;
        continue;
      }
      differing.insert(name);
      if (!listed.count(name)) fail(where + ": the encoding differs from the converted binary and is not listed");
      if (const char* dump = std::getenv("WRT_GC_ENCODING_DUMP")) {  // to look at a difference
        std::ofstream(fs::path(dump) / e.filename, std::ios::binary)
            .write(reinterpret_cast<const char*>(got.data()), static_cast<std::streamsize>(got.size()));
      }
    }
  }
  for (const std::string& name : listed) {
    if (!differing.count(name)) fail(name + ": listed in the differences but identical now; remove it");
  }
  std::printf("GC scripts: %zu modules compared, %zu byte-identical, %zu listed differences; %zu module quote cases checked\n",
              compared, identical, differing.size(), quoted);
  std::printf("%zu failures\n", failures);
  return failures == 0 ? 0 : 1;
}
