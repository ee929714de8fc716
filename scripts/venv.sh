# Sourced by scripts/test and scripts/serve: the one way a virtual environment is made.
#
#   make_venv .venv            exactly the versions in requirements.lock (hashes checked)
#   make_venv .venv-latest 1   the newest versions pyproject.toml allows
#
# Then the package itself, editable, so the checkout's code is what runs.
make_venv() {
    local venv="$1" latest="${2:-}"
    [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
    if [ -z "$latest" ]; then
        "$venv/bin/python" -m pip install -qq --require-hashes -r requirements.lock
    else
        "$venv/bin/python" -m pip install -qq --upgrade --upgrade-strategy eager '.[test,browser]'
    fi
    "$venv/bin/python" -m pip install -qq --no-deps -e .
}
