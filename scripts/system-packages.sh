#!/usr/bin/env bash
# Install the Debian packages the project and its tests need, when any is missing.
#
#   scripts/system-packages.sh          install what is missing, then check Chromium and WeasyPrint
#   scripts/system-packages.sh --check  only report what is missing (exit 1 when something is)
#
# Chromium drives the browser tests (Playwright with executable_path=/usr/bin/chromium), Pango
# and HarfBuzz are WeasyPrint's native libraries, the JDK, Maven and unzip provision
# Elasticsearch, and PostgreSQL is the test database.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PACKAGES=(
    chromium
    chromium-driver
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz-subset0
    fonts-dejavu-core
    fonts-liberation
    openjdk-17-jdk-headless
    maven
    unzip
    curl
    postgresql-15
)

log() { echo "system-packages: $*" >&2; }

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing_packages() {
    local pkg
    for pkg in "${PACKAGES[@]}"; do
        installed "$pkg" || echo "$pkg"
    done
}

check_weasyprint() {
    local python="$ROOT/.venv/bin/python"
    # Before the virtualenv exists (a fresh clone) there is nothing to check yet.
    [ -x "$python" ] && "$python" -c "import weasyprint" 2>/dev/null || return 0
    "$python" - <<'PY'
import weasyprint

pdf = weasyprint.HTML(string="<p>Työnhakijan ansioluettelo: ä ö å</p>").write_pdf()
assert pdf.startswith(b"%PDF"), "WeasyPrint did not produce a PDF"
PY
    log "WeasyPrint renders PDFs"
}

mapfile -t missing < <(missing_packages)

if [ "${1:-}" = "--check" ]; then
    if [ "${#missing[@]}" -gt 0 ]; then
        log "missing: ${missing[*]}"
        exit 1
    fi
    log "all present"
    exit 0
fi

if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || {
        log "missing: ${missing[*]} (run as root to install)"
        exit 1
    }
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x /usr/bin/chromium ] || {
    log "/usr/bin/chromium is missing after install"
    exit 1
}
log "$(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
check_weasyprint
