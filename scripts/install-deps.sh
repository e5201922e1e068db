#!/bin/sh
# Installs the Debian packages piiscan needs to build and test. Idempotent: does nothing when
# everything is present; uses sudo when not run as root.
set -eu

packages="build-essential cmake pkg-config git
  libcli11-dev libre2-dev nlohmann-json3-dev libspdlog-dev catch2 libtomlplusplus-dev
  libarchive-dev libpugixml-dev libpoppler-cpp-dev libgmime-3.0-dev libexiv2-dev
  libphonenumber-dev libprotobuf-dev
  python3 python3-stdnum iso-codes util-linux
  python3-docx python3-openpyxl python3-odf python3-reportlab python3-pil python3-piexif
  manpages-de"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
