#!/usr/bin/env bash
# Installs the Debian 12 packages fundsim needs. Idempotent: does nothing when all are present.
# Reports: chromium prints report.pdf, fonts-wqy-microhei gives the Chinese report and its figures a
# CJK font (TrueType, so Chromium embeds it by name), python3-openpyxl writes report.xlsx,
# poppler-utils (pdffonts, pdftotext) checks the PDF in the tests.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build ccache git pkg-config
  libeigen3-dev libboost-dev libboost-random-dev libboost-math-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev libssl-dev libnlopt-cxx-dev libnlopt-dev
  libopenmpi-dev openmpi-bin
  clang libomp-dev libclang-rt-14-dev
  pybind11-dev python3-dev python3-numpy python3-pandas python3-matplotlib python3-scipy
  python3-nbformat python3-nbclient python3-ipykernel jupyter-nbconvert python3-pytest
  chromium
  fonts-wqy-microhei python3-openpyxl poppler-utils
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
