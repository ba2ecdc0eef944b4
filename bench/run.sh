#!/usr/bin/env bash
# Runs every benchmark in bench/ (each script prints its figures and the floor it compares to).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.dev}
for script in bench/*_bench.py bench/search_relevance.py; do
  [ -f "$script" ] || continue
  echo "== $script"
  .venv/bin/python "$script"
done
