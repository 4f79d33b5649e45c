#!/usr/bin/env bash
# Builds the tools (release) and installs them with their man pages and shell completions.
# Usage: scripts/install.sh [PREFIX]   (default /usr/local; needs write access there)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
. scripts/install-deps.sh
swift build -c release
bin=$(swift build -c release --show-bin-path)
install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/man/man5" "$prefix/share/man/man7"
for exe in "$bin"/dcm-*; do
  [ -f "$exe" ] && [ -x "$exe" ] && install -m 0755 "$exe" "$prefix/bin/"
done
for page in man/*.[157]; do
  [ -f "$page" ] || continue
  install -m 0644 "$page" "$prefix/share/man/man${page##*.}/"
done
if [ -d completions ]; then
  install -d "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
             "$prefix/share/fish/vendor_completions.d"
  for f in completions/bash/*; do [ -f "$f" ] && install -m 0644 "$f" "$prefix/share/bash-completion/completions/"; done
  for f in completions/zsh/_*; do [ -f "$f" ] && install -m 0644 "$f" "$prefix/share/zsh/site-functions/"; done
  for f in completions/fish/*.fish; do [ -f "$f" ] && install -m 0644 "$f" "$prefix/share/fish/vendor_completions.d/"; done
fi
echo "installed into $prefix: $(ls "$prefix/bin" | grep -c '^dcm-') tools; try: man dcm-deid"
