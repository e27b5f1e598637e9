# Two commands do all set-up on a fresh machine:
#   make site   create .venv, install gongkai, generate site_src/ and datapackage/,
#               validate the package and render the HTML site into site/
#   make test   install what the tests need (Python extras, Debian's chromium, a CJK font,
#               Java and Node when missing; the npm tools of package-lock.json: the Nu Html
#               Checker, Lighthouse, terser) and run the whole test suite: the unit tier,
#               then the integration tier, then the browser tier
#   make minify the theme's own JavaScript minified (*.min.js, committed; a test checks them)
# and, for offices without hosting:
#   make offline   as make site, plus site-offline.zip: a copy that opens from disk
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo)

NODE_TOOLS := node_modules/.installed
TERSER     := node_modules/.bin/terser
JS_SOURCES := generator/theme/assets/gongkai-tables.js generator/theme/assets/javascripts/gongkai-search.js

.PHONY: site offline test test-fast golden install system-deps node-deps minify clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

site: install
	$(BIN)/gongkai build
	$(BIN)/frictionless validate datapackage/datapackage.json

offline: install
	$(BIN)/gongkai build --offline-zip site-offline.zip
	$(BIN)/frictionless validate datapackage/datapackage.json

system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then \
		echo "installing Debian packages chromium and fonts-wqy-microhei"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei; \
	fi
	@if ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "installing Debian packages default-jre-headless, nodejs and npm (the HTML checker, Lighthouse)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless nodejs npm; \
	fi

# The Nu Html Checker (vnu-jar), Lighthouse and terser, as package-lock.json pins them.
$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-deps: system-deps $(NODE_TOOLS)

minify: node-deps
	@for f in $(JS_SOURCES); do \
		$(TERSER) $$f --compress --mangle --ecma 2020 \
			--preamble "/* gongkai: $$(basename $$f) minified by terser (make minify) */" -o $${f%.js}.min.js; \
	done

test: install system-deps node-deps
	GONGKAI_REQUIRE_TOOLS=1 $(BIN)/python -m pytest tests/unit tests/integration tests/browser

# the unit tier alone (under 30 s): cleaning, extraction, metadata, package, search encoding
test-fast: install
	$(BIN)/python -m pytest tests/unit

# regenerate the golden copy of the seeds' outputs (tests/golden/), after a deliberate change
golden: install
	rm -rf tests/golden
	$(BIN)/gongkai build --no-html --no-cache --out tests/golden

clean:
	rm -rf site site-offline.zip test-artifacts .pytest_cache
