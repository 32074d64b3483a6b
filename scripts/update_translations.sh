#!/usr/bin/env bash
# Refresh the message catalogs after strings were added or changed in the code or templates:
# re-extract app/translations/messages.pot with babel.cfg, merge it into the ru and en catalogs
# (no fuzzy guesses: a new or changed string arrives empty and is translated on purpose) and
# print how much of each catalog is translated. Russian must stay at 100%:
# tests/test_translations.py fails otherwise and lists the missing strings.
#
#   scripts/update_translations.sh
set -euo pipefail

cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
TRANSLATIONS=app/translations
POT="$TRANSLATIONS/messages.pot"

# The patterns in babel.cfg are relative to the repository root, hence the extraction from `.`;
# dot-directories (.venv, .git) and instance/ (the embedded database) are not walked.
FRESH="$(mktemp)"
trap 'rm -f "$FRESH"' EXIT
"$PYBABEL" --quiet extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
    --project=Nastavnik --version=0.1.0 --copyright-holder=Nastavnik \
    --no-location --sort-output \
    --ignore-dirs='.* __pycache__ instance node_modules' \
    -o "$FRESH" .
# Keep the committed template when nothing but its POT-Creation-Date would change.
without_date() { grep -v '^"POT-Creation-Date: ' "$1"; }
if [[ ! -f "$POT" ]] || ! cmp -s <(without_date "$FRESH") <(without_date "$POT"); then
    cp "$FRESH" "$POT"
fi

for locale in ru en; do
    "$PYBABEL" --quiet update -i "$POT" -d "$TRANSLATIONS" -l "$locale" --width=110 \
        --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --init-missing
done

# The .mo files are build artefacts (git-ignored; `make translations` builds them too).
"$PYBABEL" compile --statistics -d "$TRANSLATIONS" 2>&1 | grep ' translated in ' || true
