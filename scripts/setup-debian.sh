#!/usr/bin/env bash
# Installs the Debian 12 packages WRT's build, tests and examples need, if any are missing.
# Idempotent: when everything is installed it does nothing (and needs no network or root).
# Uses sudo when not run as root.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ make binutils ccache
  # libraries
  libgtest-dev libgmock-dev libbenchmark-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  # WebAssembly: the spec-test converter, and C compiled to wasm32-wasi
  wabt clang lld wasi-libc libclang-rt-14-dev-wasm32 libclang-rt-14-dev libc++-14-dev-wasm32 libc++abi-14-dev-wasm32 nodejs
  # Cortex-M: cross compiler, newlib(-nano), and the emulator the firmware tests run on
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib libnewlib-arm-none-eabi qemu-system-arm
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: missing packages (${missing[*]}), and neither root nor sudo is available" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
