# Two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BUNDLE := vec2face_widget/static/widget.js
JS_SRC := $(wildcard js/src/*.ts) js/package.json js/tsconfig.json
# The Helen annotation archive for `make bench` (and retraining): make bench HELEN=/path/...
HELEN  ?= $(or $(VEC2FACE_HELEN),../shared/data/helen/annotation.tar.gz)
# Where `make demo` serves JupyterLab: make demo PORT=8899
PORT   ?= 8888

.PHONY: setup test demo lint jstest js browser bench clean

# The bundle first: the editable install then finds it and builds nothing itself.
setup: $(BUNDLE) $(VENV)/.installed

$(VENV)/.installed: pyproject.toml hatch_build.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

js/node_modules/.installed: js/package.json js/package-lock.json
	cd js && npm ci --no-audit --no-fund
	touch $@

$(BUNDLE): js/node_modules/.installed $(JS_SRC)
	cd js && npm run --silent typecheck && npm run --silent build

js: $(BUNDLE)

browser:
	bash scripts/install-chromium.sh

# ruff over every Python file (scripts/, benchmarks/, tests/, demo.ipynb too); mypy --strict
# over the package (see [tool.mypy] in pyproject.toml); Biome over the TypeScript.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	cd js && npm run --silent lint

# The front end's unit tests (vitest, js/test/): pure logic, no browser.
jstest: js/node_modules/.installed
	cd js && npm test --silent

test: setup browser lint jstest
	$(PY) -m pytest -ra

demo: setup
	PORT=$(PORT) bash scripts/demo.sh

# The benchmark-only extras (the text set's tokenizer and weights reader) come first.
bench: setup browser
	$(PY) -m pip install --quiet -e '.[bench]'
	VEC2FACE_HELEN=$(HELEN) $(PY) -m benchmarks.run_all

clean:
	rm -rf $(VENV) js/node_modules vec2face_widget/static
