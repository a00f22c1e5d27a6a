#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed corpus: content/, the test
# fixtures and, when ../shared is beside the project, the spec's examples.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
for target in parse pipeline; do
  dir="$here/corpus/$target"
  mkdir -p "$dir"
  find "$root/content" "$root/tests/fixtures" "$root/tests/golden" "$root/examples" \
    -type f \( -name '*.md' -o -name '*.txt' \) -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
    done
  spec="$root/../shared/spec/quiz-markdown.md"
  if [ -f "$spec" ]; then
    cp "$spec" "$dir/spec-whole"
    # Every fenced ```markdown example of the spec becomes one seed.
    awk -v dir="$dir" '
      /^```+ *(markdown|md)/ { inside = 1; n++; file = sprintf("%s/spec-%03d", dir, n); next }
      /^```/ && inside { inside = 0; close(file); next }
      inside { print > file }
    ' "$spec"
  fi
  echo "$target: $(ls "$dir" | wc -l) seeds"
done
