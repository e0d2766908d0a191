# Sourced by ./pos before the test scripts: the browser suites drive Chromium (Playwright never downloads one
# here). Like ensure-node.sh, it provides what is missing when it can — Debian's `chromium` package — and
# otherwise stops with one line saying what is missing and how to get it.
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Chromium is missing (the browser tests need it): installing Debian's chromium package" >&2
    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || true
  fi
  if [ ! -x "$chromium_path" ]; then
    echo "Chromium not found at $chromium_path (the browser tests need it): install it (sudo apt-get install chromium) or set CHROMIUM_PATH=<path to chromium>" >&2
    exit 1
  fi
fi
