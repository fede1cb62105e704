#!/usr/bin/env bash
# Makes `/usr/bin/python3 -c "import fundsim"` work: writes fundsim.pth into Debian python's
# /usr/local site directory (override with FUNDSIM_SITE_DIR), pointing at the build's python package
# directory (build/python, or $FUNDSIM_BUILD_DIR/python). Idempotent: rewrites only on change.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUNDSIM_BUILD_DIR:-build}
PY=/usr/bin/python3
pkg_dir="$(cd "$BUILD_DIR" && pwd)/python"
if [ ! -f "$pkg_dir/fundsim/__init__.py" ]; then
  echo "install-python-path: $pkg_dir/fundsim is not built; run scripts/build.sh first" >&2
  exit 2
fi
site_dir=${FUNDSIM_SITE_DIR:-$("$PY" -c 'import site; print(next(p for p in site.getsitepackages() if p.startswith("/usr/local/")))')}
pth="$site_dir/fundsim.pth"
if [ -f "$pth" ] && [ "$(cat "$pth")" = "$pkg_dir" ]; then
  exit 0
fi
mkdir -p "$site_dir" 2>/dev/null || true
if [ ! -w "$site_dir" ]; then
  echo "install-python-path: cannot write $site_dir (run as root, or set FUNDSIM_SITE_DIR)" >&2
  exit 2
fi
echo "$pkg_dir" > "$pth.tmp.$$"
mv "$pth.tmp.$$" "$pth"
echo "install-python-path: $pth -> $pkg_dir"
