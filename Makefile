# Two commands for a new user: `make serve` and `make test`. Each installs what
# is missing first (a virtual environment in .venv, and Chromium for the
# browser tests where the machine lets us install it).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Zensical, the host that does not run plugins, in an environment of its own
# (pinned: 0.1.x does not install here). tests/test_hosts.py builds the sample
# sites with it after `annotated-essay prepare`, and skips when it is missing.
ZENSICAL_VERSION := 0.0.73
ZENSICAL_STAMP := .venv-zensical/.installed-$(ZENSICAL_VERSION)

.PHONY: serve test build check bench browser-deps lighthouse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/annotated-essay check

test: $(STAMP) browser-deps $(ZENSICAL_STAMP)
	$(BIN)/python -m pytest

$(ZENSICAL_STAMP):
	rm -rf .venv-zensical
	$(PYTHON) -m venv .venv-zensical
	if .venv-zensical/bin/pip install --quiet 'zensical==$(ZENSICAL_VERSION)'; then touch $@; \
	else echo "zensical $(ZENSICAL_VERSION) could not be installed: its tests will be skipped"; fi

bench: $(STAMP)
	$(BIN)/python -m bench

# The Nu Html Checker (vnu-jar from npm, run with Java) over our built site, a
# sample site with every kind of annotation and the hostile corpus's site;
# Material's known errors are listed in tests/vnu_allowed.txt. Not part of
# `make test`: it takes about a minute.
.PHONY: validate
validate: $(STAMP) browser-deps
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || npm install --silent --no-audit --no-fund
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python tests/vnu_check.py --sample site

# Debian's Chromium for the browser tests (Playwright cannot download its own
# here), and axe-core from npm for the accessibility checks.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped"; fi; }
	@if [ -f package.json ] && [ ! -d node_modules ] && command -v npm >/dev/null 2>&1; then \
	  npm ci --silent --no-audit --no-fund || npm install --silent --no-audit --no-fund; fi

# Lighthouse, desktop preset, on the essay page: the median of 3 runs per category.
lighthouse: $(STAMP) browser-deps
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python tests/browser/lighthouse.py --runs 3

clean:
	rm -rf $(VENV) .venv-zensical site node_modules
