#!/usr/bin/env bash
# Brings translations/berth_*.ts in step with the code: new messages are added unfinished (translate
# them with Qt Linguist or an editor), messages the code no longer has are dropped.
#   scripts/update-translations.sh           update every translations/berth_*.ts
#   scripts/update-translations.sh --check   change nothing; fail when a .ts lacks a message of the code,
#                                            keeps one the code no longer has, or has an unfinished,
#                                            obsolete or vanished entry (the unit test i18n.translations)
# Sources: core/, app/ and, where it exists, ui/. Needs lupdate (qt6-l10n-tools) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
mode=merge
case "${1:-}" in
    --check) mode=check ;;
    "") ;;
    *) echo "usage: scripts/update-translations.sh [--check]" >&2; exit 2 ;;
esac

sources=(core app)
[ -d ui ] && sources+=(ui)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# No locations: line numbers would change with every edit of the code and make merges conflict.
# berth::tr is the engine's tr() (core/util/translate.h); tstool.py moves its messages to the context "berth".
"$LUPDATE" -silent -no-obsolete -locations none -tr-function-alias tr+=berth::tr \
    "${sources[@]}" -ts "$tmp/fresh.ts" 2>"$tmp/lupdate.log" || { cat "$tmp/lupdate.log" >&2; exit 1; }
if grep -v "lacks Q_OBJECT macro" "$tmp/lupdate.log" | grep -q .; then
    # Anything else lupdate says (a tr() it cannot read, a string it cannot see) is worth fixing.
    grep -v "lacks Q_OBJECT macro" "$tmp/lupdate.log" >&2
    [ "$mode" = check ] && exit 1
fi

status=0
for ts in translations/berth_*.ts; do
    python3 translations/tstool.py "$mode" "$tmp/fresh.ts" "$ts" "$tmp/lupdate.log" || status=1
done
exit $status
