// Runs a WASI program under node's WASI implementation, the reference the WASI tests compare
// wrt-run with:  node --experimental-wasi-unstable-preview1 node_wasi.mjs [--dir HOST::GUEST]... [--env KEY=VALUE]... FILE [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
while (argv.length > 0 && argv[0].startsWith('--')) {
  const option = argv.shift();
  const value = argv.shift();
  if (option === '--dir') {
    const [host, guest] = value.split('::');
    preopens[guest ?? host] = host;
  } else if (option === '--env') {
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
  }
}
const [file, ...args] = argv;
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env, preopens, returnOnExit: true });
const module = new WebAssembly.Module(readFileSync(file));
const imports = wasi.getImportObject ? wasi.getImportObject() : { wasi_snapshot_preview1: wasi.wasiImport };
const instance = new WebAssembly.Instance(module, imports);
process.exitCode = wasi.start(instance);
