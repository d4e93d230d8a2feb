#!/usr/bin/env bash
# Debian packages progoti needs: Tesseract with Bangla (and its library and headers: tesserocr is
# built against Debian's libtesseract, so in-process OCR is the same engine as the command), Noto fonts (Bangla), the Bangla and
# English Hunspell word lists and libhunspell's headers (pyhunspell is built against it; the
# word lists judge which text source reads as real words), and
# Chromium, with which the tests open the quality pages as a reviewer would.
# Installs only what is missing, so a second run costs a few dpkg queries.
set -euo pipefail
packages=(tesseract-ocr tesseract-ocr-ben tesseract-ocr-osd libtesseract-dev libleptonica-dev pkg-config fonts-noto-core fonts-lohit-beng-bengali fonts-beng-extra chromium
          hunspell-bn hunspell-en-us libhunspell-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
