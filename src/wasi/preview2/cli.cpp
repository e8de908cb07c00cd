// wasi:cli: environment, exit, stdin, stdout, stderr, terminal-input, terminal-output,
// terminal-stdin, terminal-stdout, terminal-stderr.
#include "wasi/preview2/types.hpp"

namespace wrt::wasi::preview2 {

void define_cli(ComponentImports& imports, const StatePtr& state) {
  StatePtr s = state;

  imports.define("wasi:cli/environment", "get-environment", [s]() {
    std::vector<std::tuple<std::string, std::string>> out;
    for (const std::string& entry : s->options.env) {
      std::size_t equals = entry.find('=');
      if (equals == std::string::npos) {
        out.emplace_back(entry, std::string());
      } else {
        out.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
      }
    }
    return out;
  });
  imports.define("wasi:cli/environment", "get-arguments", [s]() { return s->options.args; });
  // No working directory: paths are relative to a preopen, never to the host's cwd.
  imports.define("wasi:cli/environment", "initial-cwd", []() { return std::optional<std::string>(); });

  // WASI 0.2 knows success and failure only: err is 1 (as wasmtime reports it).
  imports.define("wasi:cli/exit", "exit", [s](ComponentResult<> status) -> Result<void> {
    s->exited = true;
    s->exit_code = status.is_ok() ? 0 : 1;
    return Error(ErrorCode::process_exit);
  });
  imports.define("wasi:cli/exit", "exit-with-code", [s](std::uint8_t code) -> Result<void> {
    s->exited = true;
    s->exit_code = code;
    return Error(ErrorCode::process_exit);
  });

  imports.define_resource("wasi:cli/stdin", "input-stream", s->input_streams);
  imports.define("wasi:cli/stdin", "get-stdin",
                 [s]() { return Resource<InputStream>::make(s->input_streams, InputStream{s->stdin_fd, false, 0, false}); });
  imports.define_resource("wasi:cli/stdout", "output-stream", s->output_streams);
  imports.define("wasi:cli/stdout", "get-stdout", [s]() {
    return Resource<OutputStream>::make(s->output_streams, OutputStream{s->stdout_fd, OutputStream::Mode::stream, 0, false});
  });
  imports.define_resource("wasi:cli/stderr", "output-stream", s->output_streams);
  imports.define("wasi:cli/stderr", "get-stderr", [s]() {
    return Resource<OutputStream>::make(s->output_streams, OutputStream{s->stderr_fd, OutputStream::Mode::stream, 0, false});
  });

  imports.define_resource("wasi:cli/terminal-input", "terminal-input", s->terminal_inputs);
  imports.define_resource("wasi:cli/terminal-output", "terminal-output", s->terminal_outputs);
  imports.define_resource("wasi:cli/terminal-stdin", "terminal-input", s->terminal_inputs);
  imports.define_resource("wasi:cli/terminal-stdout", "terminal-output", s->terminal_outputs);
  imports.define_resource("wasi:cli/terminal-stderr", "terminal-output", s->terminal_outputs);
  // A terminal only where the host stream is one.
  imports.define("wasi:cli/terminal-stdin", "get-terminal-stdin", [s]() {
    std::optional<Resource<TerminalInput>> out;
    if (::isatty(s->stdin_fd->fd) == 1) out = Resource<TerminalInput>::make(s->terminal_inputs, TerminalInput{});
    return out;
  });
  auto terminal_output = [s](const SharedFd& fd) {
    std::optional<Resource<TerminalOutput>> out;
    if (::isatty(fd->fd) == 1) out = Resource<TerminalOutput>::make(s->terminal_outputs, TerminalOutput{});
    return out;
  };
  imports.define("wasi:cli/terminal-stdout", "get-terminal-stdout", [s, terminal_output]() { return terminal_output(s->stdout_fd); });
  imports.define("wasi:cli/terminal-stderr", "get-terminal-stderr", [s, terminal_output]() { return terminal_output(s->stderr_fd); });
}

}  // namespace wrt::wasi::preview2
