#!/usr/bin/env bash
# Installs every Debian package nk3rig needs, and nothing when all are present.
# Idempotent: a second run only checks (dpkg-query) and exits. Runs apt-get update
# once before installing on a machine that lacks something. Needs root or sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config clang-format
  # C++ libraries
  libfido2-dev libusb-1.0-0-dev libgpiod-dev libboost-dev
  libsigrok-dev libsigrokcxx-dev libglibmm-2.4-dev
  pybind11-dev libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libyaml-cpp-dev libsqlite3-dev libssl-dev libcbor-dev libcli11-dev nlohmann-json3-dev
  # Python (Debian's /usr/bin/python3)
  python3 python3-dev python3-pytest python3-fido2 python3-yaml python3-matplotlib python3-jinja2
  # report rendering tests
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} Debian packages present"
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
echo "bootstrap: done"
