#include "wast/wast_text.hpp"

namespace wrt::wast {

namespace {

using Json = nlohmann::json;

Json value_json(const text::ScriptValue& v) {
  Json j;
  j["type"] = v.type;
  if (v.type == "either") {
    Json values = Json::array();
    for (const text::ScriptValue& e : v.either) values.push_back(value_json(e));
    j["values"] = values;
    return j;
  }
  if (v.type == "v128") {
    j["lane_type"] = v.lane_type;
    j["value"] = v.values;
    return j;
  }
  if (!v.values.empty()) j["value"] = v.values.front();  // none: any non-null reference
  return j;
}

Json action_json(const text::ScriptAction& a) {
  Json j;
  j["type"] = a.type;
  if (!a.module.empty()) j["module"] = a.module;
  j["field"] = a.field;
  Json args = Json::array();
  for (const text::ScriptValue& v : a.args) args.push_back(value_json(v));
  j["args"] = args;
  return j;
}

}  // namespace

Json script_to_json(const text::ScriptResult& script, const std::string& source,
                    std::map<std::string, std::vector<std::uint8_t>>& files) {
  Json commands = Json::array();
  std::size_t module_number = 0;
  for (const text::ScriptCommand& c : script.commands) {
    Json j;
    j["type"] = c.type;
    j["line"] = c.line;
    if (c.type == "module_instance") {  // the wasm-3.0 manifests' form (json-from-wast)
      if (!c.name.empty()) j["instance"] = c.name;
      if (!c.definition.empty()) j["module"] = c.definition;
    } else if (!c.name.empty()) {
      j["name"] = c.name;
    }
    if (c.type == "register") j["as"] = c.as;
    if (c.module) {
      const text::ScriptModule& m = *c.module;
      std::string filename = std::to_string(module_number++) + (m.is_text ? ".wat" : ".wasm");
      j["filename"] = filename;
      j["module_type"] = m.is_text ? "text" : "binary";
      if (m.error) j["text_error"] = m.error->to_string();
      if (m.error && m.error->in_custom_annotation) j["text_error_in_custom_annotation"] = true;
      if (m.is_text) {
        files[filename] = std::vector<std::uint8_t>(m.text.begin(), m.text.end());
      } else {
        files[filename] = m.binary;
      }
    }
    if (c.action) j["action"] = action_json(*c.action);
    if (c.type == "assert_return") {
      Json expected = Json::array();
      for (const text::ScriptValue& v : c.expected) expected.push_back(value_json(v));
      j["expected"] = expected;
    }
    if (!c.text.empty()) j["text"] = c.text;
    commands.push_back(j);
  }
  Json out;
  out["source_filename"] = source;
  out["commands"] = commands;
  return out;
}

}  // namespace wrt::wast
