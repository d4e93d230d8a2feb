#!/usr/bin/env bash
# Tesseract's integerised "best" Bangla model, into the environment's share/tessdata beside links
# to Debian's English and orientation models. Debian ships only the "fast" Bangla model; on the
# corpus's test part the best one reads 1-3 points more fields on every kind of scan (README,
# "Choices"). It comes from the npm registry's @tesseract.js-data/ben (a plain
# tarball of Tesseract's own model files), pinned by version and checked by hash.
# Does nothing when the model is in place.
set -euo pipefail
dest="${1:?usage: tessdata.sh DEST}"
url=https://registry.npmjs.org/@tesseract.js-data/ben/-/ben-1.0.0.tgz
sha256=0b3319da916ce374b1863955d1d61e2aebdebe37bf4e0dbfa59c8596f6d2e57f
model="$dest/ben.traineddata"
[ -f "$model" ] && echo "$sha256  $model" | sha256sum -c --status && exit 0
debian=$(tesseract --list-langs 2>/dev/null | sed -n 's/.*"\(.*\)".*/\1/p')
[ -d "$debian" ] || { echo "tesseract lists no model folder; is tesseract-ocr installed?" >&2; exit 1; }
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching Tesseract's best Bangla model ($url)" >&2
curl -fsSL --retry 3 -o "$tmp/ben.tgz" "$url"
tar -xzf "$tmp/ben.tgz" -C "$tmp" package/4.0.0_best_int/ben.traineddata.gz
gunzip -c "$tmp/package/4.0.0_best_int/ben.traineddata.gz" > "$tmp/ben.traineddata"
echo "$sha256  $tmp/ben.traineddata" | sha256sum -c --status \
  || { echo "the downloaded Bangla model does not have the pinned hash" >&2; exit 1; }
for f in eng.traineddata osd.traineddata configs tessconfigs; do
  [ -e "$debian/$f" ] && ln -sfn "$debian/$f" "$dest/$f"
done
mv "$tmp/ben.traineddata" "$model"
