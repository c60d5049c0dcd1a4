#!/usr/bin/env bash
# Installs every Debian package nk3rig needs, and nothing when all are present.
# Idempotent: a second run only checks (dpkg-query) and exits. Runs apt-get update
# once before installing on a machine that lacks something. Needs root or sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config clang-format
  # the fuzz preset (fuzz/): clang, and its runtimes (libFuzzer, ASan, UBSan)
  clang libclang-rt-dev
  # bindgen (littlefs2-sys, built by cargo) loads libclang
  libclang-dev
  # C++ libraries
  libfido2-dev libusb-1.0-0-dev libgpiod-dev libboost-dev
  libsigrok-dev libsigrokcxx-dev libglibmm-2.4-dev
  pybind11-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libyaml-cpp-dev libsqlite3-dev libssl-dev libcbor-dev libcli11-dev nlohmann-json3-dev
  # Python (Debian's /usr/bin/python3)
  python3 python3-dev python3-venv python3-pytest python3-fido2 python3-yaml python3-matplotlib python3-jinja2
  # report rendering tests
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done

venv() {
  # The project's virtual environment (.venv) for the Python packages Debian lacks
  # (python/requirements.txt), on top of Debian's interpreter and packages. Recreated only when
  # the requirements changed (a copy of them is kept in the environment).
  local root req
  root=$(cd "$(dirname "$0")/.." && pwd)
  req="$root/python/requirements.txt"
  if [[ -x $root/.venv/bin/python3 ]] && cmp -s "$req" "$root/.venv/requirements.txt"; then
    echo "bootstrap: .venv up to date"
    return 0
  fi
  echo "bootstrap: creating .venv (python/requirements.txt)"
  rm -rf "$root/.venv"
  /usr/bin/python3 -m venv --system-site-packages "$root/.venv"
  "$root/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$root/.venv/requirements.txt"
}

rust() {
  # Rust (stable) comes from rustup, not Debian (Debian 12's rustc is too old for the glue).
  if command -v cargo >/dev/null || [[ -x ${CARGO_HOME:-$HOME/.cargo}/bin/cargo ]]; then return 0; fi
  echo "bootstrap: cargo not found; install Rust stable with rustup (https://rustup.rs)" >&2
  exit 3
}

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} Debian packages present"
  rust
  venv
  exit 0
fi

echo "bootstrap: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "bootstrap: not root and no sudo; install: ${missing[*]}" >&2; exit 3; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
rust
venv
echo "bootstrap: done"
