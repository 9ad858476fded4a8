# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh and examples/demo.sh: the Debian packages veille needs to build,
# test and run its demo, installed when missing (as root), named otherwise.
VEILLE_PACKAGES=(
  g++ cmake make pkg-config
  libxapian-dev xapian-tools libicu-dev libdeflate-dev libjemalloc-dev libboost-test-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  wfrench hunspell-fr-comprehensive
)

veille_install_deps() {
  local missing=() p
  for p in "${VEILLE_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "veille needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
