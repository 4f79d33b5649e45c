#!/usr/bin/env bash
# Installs the Debian packages the toolkit builds and tests with (idempotent).
# Swift itself (6.x) must be on PATH: https://www.swift.org/install/linux/
set -euo pipefail
pkgs=(pkg-config zlib1g-dev dcmtk dicom3tools python3-venv bc libtesseract-dev tesseract-ocr-eng libleptonica-dev libjpeg62-turbo-dev libopenjp2-7-dev libcharls-dev libdcmtk-dev wamerican)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do [ -x "$d/swift" ] && export PATH="$d:$PATH"; done
fi
command -v swift >/dev/null 2>&1 || { echo "swift not found: install a Swift 6 toolchain first" >&2; exit 1; }
