#!/usr/bin/env bash
# tests/house.sh -- the rules of the code itself, as TAP:
#   - every C and C++ file is formatted as .clang-format says (`make format` fixes it);
#   - lib/ includes no header of indexer/ or server/ (the build enforces it too: lib/ is compiled
#     with -Ilib only).
set -uo pipefail
cd "$(dirname "$0")/.."
T_NUM=0
ok() { T_NUM=$((T_NUM + 1)); echo "ok $T_NUM - $1"; }
not_ok() { T_NUM=$((T_NUM + 1)); echo "not ok $T_NUM - $1"; shift; printf '#   %s\n' "$@"; }

files=$(make -s --no-print-directory -f - print-formatted <<'MK'
include Makefile
print-formatted: ; @echo $(FORMATTED)
MK
)
if out=$(clang-format --dry-run -Werror $files 2>&1); then
  ok "every C and C++ file is formatted (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1))"
else
  not_ok "every C and C++ file is formatted; run make format" "$(printf '%s\n' "$out" | grep -oE '^[a-z][^: ]*\.(c|h|cc)' | sort -u | tr '\n' ' ')"
fi

server_headers=$(cd server && ls *.h | sed 's/^/"/; s/$/"/' | paste -sd'|')
if bad=$(grep -nE "#include ($server_headers)" lib/* 2>/dev/null); then
  not_ok "lib/ includes no server header" "$bad"
else
  ok "lib/ includes no server header"
fi
