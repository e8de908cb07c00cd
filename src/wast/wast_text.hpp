// `.wast` scripts read directly: the text layer's script model turned into the runner's
// command model (the JSON that wast2json writes), with the modules kept in memory.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <wrt/text/script.hpp>

namespace wrt::wast {

// The commands of `script` as wast2json would write them; each module's bytes (or, for
// `module quote`, its text) go into `files` under the command's "filename".
nlohmann::json script_to_json(const text::ScriptResult& script, const std::string& source,
                              std::map<std::string, std::vector<std::uint8_t>>& files);

}  // namespace wrt::wast
