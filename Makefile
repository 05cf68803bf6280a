# Essaim: every command sets up what it needs (virtual environment, packages, browser).
#   make serve   build the portal from resources/ and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (lint, unit, build, browser)
#   make build   build the site into site/
#   make check   validate every resource and producer
#   make check-rapide  validate only what changed since DEPUIS (origin/main), in a second
#   make liens   check the external links (lychee), as the weekly workflow does

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test lint browser office bench bench-pertinence lighthouse captures clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

serve: $(STAMP)
	ESSAIM_PREVIEW=1 $(BIN)/mkdocs serve --dirty --livereload --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/essaim check

# The pull request check: changed resources plus the rules that span files.
.PHONY: check-rapide install liens
DEPUIS ?= origin/main
check-rapide: $(STAMP)
	$(BIN)/essaim check --depuis $(DEPUIS)

install: $(STAMP)

# lychee exits non-zero when a link is broken: the report is written all the same, and
# `essaim liens` turns it into the text of the « liens cassés » issue (exit 1 if any).
liens: $(STAMP)
	@rm -rf build/liens && mkdir -p build/liens
	-$(BIN)/lychee --config lychee.toml --format json --output build/liens/lychee.json \
	  'resources/**/*.md' 'resources/**/*.yml' 'producers/*.yml' 'docs/**/*.md'
	$(BIN)/essaim liens build/liens/lychee.json --sortie build/liens/issue.md

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Debian's Chromium drives the browser tests; Playwright never downloads its own browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de Chromium (paquet Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# LibreOffice (Writer and Calc, no GUI) opens the generated office files and the open-data
# CSV in the tests; pdftotext (poppler-utils) reads the PDF of a printed resource page. All
# from Debian, installed when missing.
CALC_FILTER = /usr/lib/libreoffice/program/libscfiltlo.so
office:
	@{ command -v soffice && command -v pdftotext && test -e $(CALC_FILTER); } >/dev/null 2>&1 || { \
	  echo "Installation de LibreOffice Writer et Calc et de poppler-utils (paquets Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null; }

test: $(STAMP) browser office lint
	$(BIN)/pytest

# Figures, not pass/fail: validation, build, rebuild in serve, memory, sizes, search, at
# 500, 2,000 and 5,000 synthetic resources (TAILLES=500 for a quick look). See README.
TAILLES ?= 500,2000,5000
bench: $(STAMP) browser
	$(BIN)/python -m benchmarks.bench --tailles $(TAILLES)
	$(BIN)/python -m benchmarks.pertinence

# Relevance alone (a minute): the judged queries of benchmarks/requetes.yml, success@3 and
# MRR@10 for Essaim's search and for Pagefind on the same built site, side by side.
bench-pertinence: $(STAMP) browser
	$(BIN)/python -m benchmarks.pertinence --details

# Lighthouse, mobile profile, on the home, catalogue, a resource, a territory and the
# statistics (issue 16). npm installs Lighthouse 12 from benchmarks/package-lock.json into
# benchmarks/node_modules; it drives Debian's Chromium and never downloads a browser.
LIGHTHOUSE_BIN := benchmarks/node_modules/.bin/lighthouse
$(LIGHTHOUSE_BIN): benchmarks/package.json benchmarks/package-lock.json
	cd benchmarks && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: $(STAMP) browser $(LIGHTHOUSE_BIN)
	$(BIN)/python -m benchmarks.lighthouse

# README screenshots: home, catalogue, a resource and the map, desktop and phone widths,
# into docs/captures/ (Debian's Chromium through Playwright).
captures: $(STAMP) browser
	$(BIN)/python scripts/captures.py

clean:
	rm -rf site .pytest_cache .cache/essaim
