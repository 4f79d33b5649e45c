# Shared by scripts/cluster-check.sh and scripts/pacs-check.sh (sourced): installing what a
# check needs at run time, and finding the release tools.

# install_missing NAME PACKAGE...: apt-get install the packages (an update first if the
# plain install fails); exits 2 when that is impossible.
install_missing() {
  local name=$1; shift
  [ $# -gt 0 ] || return 0
  echo "$name: installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null; } \
    || { echo "$name: cannot install $*" >&2; exit 2; }
}

# release_tools NAME REPO TOOL...: sets BIN (default: a release build of REPO) and checks
# that every TOOL is there.
release_tools() {
  local name=$1 repo=$2; shift 2
  if [ -z "${BIN:-}" ]; then
    (cd "$repo" && swift build -c release >/dev/null)
    BIN=$(cd "$repo" && swift build -c release --show-bin-path)
  fi
  local t
  for t in "$@"; do
    [ -x "$BIN/$t" ] || { echo "$name: $BIN/$t not built" >&2; exit 2; }
  done
}
