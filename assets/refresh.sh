#!/usr/bin/env bash
# Rebuilds the front-end files the web crate serves and embeds, in
# crates/web/static/, from the pinned packages in assets/package-lock.json.
# Needs Node.js (>= 20.19) and npm; `cargo build` / `cargo run` do not.
#
#   assets/refresh.sh
#
# Writes:
#   app.css                   brand.scss compiled (GOV.UK Frontend + our brand)
#   govuk-frontend.min.js     GOV.UK Frontend's JavaScript (ES module)
#   LICENSE-govuk-frontend.txt
#   favicon.svg               our own icon (assets/favicon.svg)
# and checks that app.css loads no font or image that static/ does not hold.
set -euo pipefail

ASSETS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(cd "$ASSETS_DIR/.." && pwd)/crates/web/static"
GOVUK_DIR="$ASSETS_DIR/node_modules/govuk-frontend"

cd "$ASSETS_DIR"
mkdir -p "$STATIC_DIR"

# Exact versions from package-lock.json; no install scripts are needed (sass
# is pure JavaScript; its optional file watcher is not used here).
npm ci --ignore-scripts --no-audit --no-fund

govuk_version="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
sass_version="$(node -p 'require("./node_modules/sass/package.json").version')"
echo "govuk-frontend $govuk_version, sass $sass_version"

# CSS
npx --no-install sass --pkg-importer=node --style=compressed --quiet-deps --no-source-map \
  brand.scss "$STATIC_DIR/app.css"

# JavaScript. The source map is not shipped, so drop the comment pointing at it
# (browsers' developer tools would otherwise ask the server for it).
sed -e 's|//# sourceMappingURL=[^ ]*$||' \
  "$GOVUK_DIR/dist/govuk/govuk-frontend.min.js" > "$STATIC_DIR/govuk-frontend.min.js"

# Licence. The npm package says "license": "MIT" but does not include the
# licence file, so a copy of the project's LICENSE.txt is kept in assets/.
if [[ -f "$GOVUK_DIR/LICENSE.txt" ]]; then
  cp "$GOVUK_DIR/LICENSE.txt" "$STATIC_DIR/LICENSE-govuk-frontend.txt"
else
  cp "$ASSETS_DIR/LICENSE-govuk-frontend.txt" "$STATIC_DIR/LICENSE-govuk-frontend.txt"
fi

# Images: none of GOV.UK Frontend's (favicon.ico/svg, govuk-crest.svg,
# govuk-icon-*.png, govuk-icon-mask.svg, govuk-opengraph-image.png are all
# GOV.UK branding). Our own icon:
cp "$ASSETS_DIR/favicon.svg" "$STATIC_DIR/favicon.svg"

# --- checks ---------------------------------------------------------------
fail=0
if grep -q "GDS Transport" "$STATIC_DIR/app.css"; then
  echo "error: app.css mentions GDS Transport (GOV.UK's font)" >&2
  fail=1
fi
if grep -qE '@font-face' "$STATIC_DIR/app.css"; then
  echo "error: app.css declares @font-face: we ship no font files" >&2
  fail=1
fi
# Every url(...) must be a data: URL or a file in static/.
while IFS= read -r ref; do
  [[ -z "$ref" ]] && continue
  target="${ref#url(}"
  target="${target%)}"
  target="${target#[\"\']}"
  target="${target%[\"\']}"
  case "$target" in
    data:*) continue ;;
  esac
  if [[ ! -f "$STATIC_DIR/$(basename "$target")" ]]; then
    echo "error: app.css references $target, which static/ does not hold" >&2
    fail=1
  fi
done < <(grep -oE 'url\([^)]*\)' "$STATIC_DIR/app.css" | sort -u || true)
for f in "$STATIC_DIR"/*; do
  case "$(basename "$f")" in
    *crest* | *govuk-icon* | *opengraph* | favicon.ico | *.woff | *.woff2)
      echo "error: $f is GOV.UK branding or a GOV.UK font: remove it" >&2
      fail=1
      ;;
  esac
done
if [[ $fail -ne 0 ]]; then
  exit 1
fi

ls -l "$STATIC_DIR"
echo "refreshed $STATIC_DIR"
