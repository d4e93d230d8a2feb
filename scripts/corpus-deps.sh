#!/usr/bin/env bash
# What the generated corpus needs beyond `make test`: LibreOffice Writer, which saves a quarter
# of the reports (Word files written by python-docx) as PDF — the producer most offices use.
# Only `make samples` and `make score` call this; the tests read the committed LibreOffice sample.
set -euo pipefail
command -v soffice >/dev/null 2>&1 && exit 0
echo "installing Debian package: libreoffice-writer-nogui" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
