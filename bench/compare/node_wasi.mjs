// Runs a WASI (preview 1) program under node: node --no-warnings node_wasi.mjs FILE.wasm [ARGS...]
// V8 compiles the module (Liftoff, then TurboFan for hot code): the JIT reference of the benchmarks.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env, exit } from 'node:process';
import { basename } from 'node:path';

const file = argv[2];
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...argv.slice(3)], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
