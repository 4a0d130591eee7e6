#!/usr/bin/env bash
# Installs the build tools `make run` needs, each only when missing or at the
# wrong version. Everything comes from the package registries: rustup's wasm32
# target, cargo-leptos and wasm-bindgen-cli from crates.io, wasm-opt from npm
# (Debian's binaryen is too old for Leptos 0.8).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

# The tools' own code runs for seconds per build; optimising it fully costs
# minutes of a cold CI run on 2 cores. opt-level 1 keeps them quick enough.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=1

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  echo "Installing cargo-leptos $CARGO_LEPTOS_VERSION (takes several minutes on 2 cores)"
  cargo install cargo-leptos@"$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Its lock file names a webpki-roots release the registry no longer serves;
  # without --locked cargo picks the newest compatible one.
  cargo install wasm-bindgen-cli@"$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli@"$WASM_BINDGEN_VERSION"
fi

# Reinstall whenever the lock file changed since the last install, so a lock
# file out of step with package.json fails here as it would on a fresh clone.
lock_sum=$(sha256sum tools/package-lock.json tools/package.json | sha256sum | cut -d' ' -f1)
if [ ! -x tools/node_modules/.bin/wasm-opt ] \
  || [ "$(cat tools/node_modules/.rj-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  (cd tools && npm ci --no-audit --no-fund)
  echo "$lock_sum" > tools/node_modules/.rj-lock-sum
fi
