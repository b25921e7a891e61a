#!/usr/bin/env bash
# tests/house.sh -- the rules of the code itself, as TAP:
#   - every C and C++ file is formatted as .clang-format says (`make format` fixes it);
#   - lib/ includes no header of indexer/ or server/ (the build enforces it too: lib/ is compiled
#     with -Ilib only);
#   - no function in lib/, indexer/ or server/ has a body longer than 60 lines, unless a comment
#     just above it says why ("Long: ...").
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

long=$(python3 - lib/*.c lib/*.cc indexer/*.c server/*.c <<'PY'
import re, sys
LIMIT = 60
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{":
            start = i
        elif line == "}" and start is not None:
            body = i - start - 1
            if body > LIMIT:
                # The signature and the comment block above it.
                j = start - 1
                while j > 0 and lines[j].strip() and not lines[j].startswith("}"):
                    j -= 1
                head = "\n".join(lines[j:start])
                code = [l for l in lines[j:start] if not l.lstrip().startswith(("/*", "*", "//"))]
                name = re.findall(r"(\w+)\s*\(", "\n".join(code))
                if "Long:" not in head:
                    print(f"{path}:{start + 1}: {name[0] if name else '?'}: {body} lines")
            start = None
PY
)
if [ -n "$long" ]; then
  mapfile -t long_lines <<<"$long"
  not_ok "no function body is longer than 60 lines without a reason (Long: ...)" "${long_lines[@]}"
else
  ok "no function body is longer than 60 lines without a reason (Long: ...)"
fi
