#!/usr/bin/env bash
# Installs what the tests use from the system's packages when it is missing: qpdf, poppler (pdftoppm, pdftotext),
# Chromium and npm (which installs axe-core) for the browser tests, and the DejaVu fonts.
# With --bench also wrk, the benchmarks' load generator (`make bench-deps`).
# Uses apt-get (root, or sudo when available).
set -euo pipefail

need=()
command -v qpdf >/dev/null || need+=(qpdf)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null || need+=(wrk); fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
