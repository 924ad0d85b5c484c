# plato-site: the two commands of the README are `make serve` and `make test`.
# Everything they need is installed here from a fresh Debian machine with Python 3.11
# (PyPI for Python packages, Debian for Chromium, npm for axe-core).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so the venv is refreshed whenever the
# declared dependencies (pyproject.toml) or their pins (constraints.txt) change.
VENV_STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium
SERVE_ADDR ?= 127.0.0.1:8000

# mkdocs-material 9.x prints an end-of-life / "MkDocs 2" banner at every build and
# serve. For staff it is noise that scrolls our French content errors out of sight;
# the end of life of Material 9 is tracked separately, not at every build.
export NO_MKDOCS_2_WARNING := 1
# PYTHONHASHSEED is deliberately left random: builds must be byte-identical without
# it, and a fixed seed here would hide set-ordering bugs that appear elsewhere.
# TZ is not forced either: the code works in Europe/Paris by itself.

.PHONY: help
help:
	@echo "make serve        build and serve the example site on http://$(SERVE_ADDR) (live reload)"
	@echo "make test         run the whole test suite (installs Chromium, Apache, axe-core, Decap CMS if missing)"
	@echo "make preview TERRITORY=<slug>  serve one territory only (fast rebuilds)"
	@echo "make build        build the site into site/ (strict)"
	@echo "make validate     check the YAML content and report every problem"
	@echo "make edit         the web editor on http://$(SERVE_ADDR)/admin/ (writes content/), beside the preview"
	@echo "make lint         ruff check, ruff format --check, mypy, import contracts"
	@echo "make bench        run the benchmarks (build times, then page weight and Lighthouse)"
	@echo "make bench-weight only the search index size, page weight and Lighthouse scores"
	@echo "make fuzz         fuzz the loader and validator for FUZZ_SECONDS (default 600)"
	@echo "make constraints  re-pin constraints.txt from the current venv"
	@echo "make clean        remove build outputs; 'make distclean' also removes .venv and node_modules"

# --- Python environment -------------------------------------------------------

.PHONY: venv .venv
venv $(VENV): $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet \
		-c constraints.txt -e ".[dev]"
	@# Every installed distribution must be pinned, or a fresh install is not the tested one.
	@unpinned="$$(LC_ALL=C comm -23 \
		<($(BIN)/python -m pip freeze --disable-pip-version-check --exclude-editable \
			| LC_ALL=C sort) \
		<(grep -v '^\s*#' constraints.txt | LC_ALL=C sort))"; \
	if [ -n "$$unpinned" ]; then \
		echo "constraints.txt does not pin these installed packages:" >&2; \
		echo "$$unpinned" >&2; \
		echo "Pin them (make constraints) and commit constraints.txt." >&2; \
		exit 1; \
	fi
	touch $@

# Re-pin after adding a dependency to pyproject.toml: pip install it into the venv, then this.
.PHONY: constraints
constraints:
	$(BIN)/python -m pip freeze --disable-pip-version-check --exclude-editable > constraints.txt

# --- Browser test dependencies ------------------------------------------------

.PHONY: browser-deps chromium libical
browser-deps: chromium $(AXE)

# Chromium comes from Debian only: never a browser download (the machines have no
# internet but the package registries). Root installs directly, others through sudo.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		echo "Installing Chromium from Debian ($(CHROMIUM) is missing)"; \
		$$sudo apt-get update -q; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

# libical's RFC 5546 check of the feeds (tests/test_libical.py) is compiled against Debian's
# libical-dev with the system C compiler; both come from Debian, like Chromium.
LIBICAL_HEADER := /usr/include/libical/ical.h
libical:
	@if [ ! -f $(LIBICAL_HEADER) ] || ! command -v cc >/dev/null; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		echo "Installing libical-dev and gcc from Debian (for the feeds' RFC 5546 check)"; \
		$$sudo apt-get update -q; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libical-dev gcc libc6-dev; \
	fi

# axe-core, pinned by package-lock.json; npm ci only when the lock changes.
$(AXE): package.json package-lock.json
	npm ci --include=dev --no-audit --no-fund --loglevel=error
	touch $@

# --- Web editor (Decap CMS) and Apache ------------------------------------------
# The editor the site serves at /admin/ is Decap CMS's prebuilt dist/, pinned in
# package.json ("config": version and sha512 integrity). `npm pack` fetches only that
# tarball (16 MB): `npm install decap-cms` would pull 600 source packages (380 MB) the
# prebuilt file does not need. decap-server (the local backend of `make edit`) is a
# normal devDependency, installed by `npm ci` with axe-core.
DECAP_DIR := build/decap-cms
DECAP_STAMP := $(DECAP_DIR)/.fetched
DECAP_SERVER := node_modules/decap-server/dist/index.js
CMS_PORT ?= 8081
APACHE := /usr/sbin/apache2

.PHONY: editor-deps apache
editor-deps: $(DECAP_STAMP) $(AXE)

$(DECAP_STAMP): package.json
	rm -rf $(DECAP_DIR)
	mkdir -p $(DECAP_DIR)
	@version="$$(node -p 'require("./package.json").config.decapCms')"; \
	expected="$$(node -p 'require("./package.json").config.decapCmsIntegrity')"; \
	tarball="$(DECAP_DIR)/decap-cms-$$version.tgz"; \
	echo "Fetching decap-cms $$version from the npm registry (npm pack)"; \
	npm pack --silent --pack-destination $(DECAP_DIR) "decap-cms@$$version" >/dev/null; \
	actual="$$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$$tarball")"; \
	if [ "$$actual" != "$$expected" ]; then \
		echo "decap-cms $$version: integrity $$actual, package.json pins $$expected" >&2; exit 1; \
	fi; \
	tar -xzf "$$tarball" -C $(DECAP_DIR) --strip-components=2 --wildcards \
		'package/dist/*decap-cms.js' 'package/dist/*.wasm' 'package/dist/decap-cms.js.LICENSE.txt'; \
	rm "$$tarball"
	touch $@

# serve, preview and build publish the editor when npm is installed; without npm the site is
# built without /admin/ (the build says so), as before the editor existed.
.PHONY: editor-bundle
editor-bundle:
	@if command -v npm >/dev/null; then $(MAKE) -s --no-print-directory $(DECAP_STAMP); \
	else echo "npm is missing: the site is built without the web editor (/admin/)"; fi

# Apache from Debian, for the test that serves site/ with the .htaccess the build writes.
apache:
	@if [ ! -x $(APACHE) ]; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		echo "Installing Apache from Debian ($(APACHE) is missing)"; \
		$$sudo apt-get update -q; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends apache2; \
	fi

# The editor at http://$(SERVE_ADDR)/admin/ writes into content/ through decap-server (its
# local backend, on CMS_PORT); the preview beside it rebuilds after every save.
.PHONY: edit
edit: $(VENV_STAMP) $(DECAP_STAMP) $(AXE)
	@echo "Éditeur : http://$(SERVE_ADDR)/admin/   (Ctrl+C pour arrêter)"
	@trap 'kill $$cms 2>/dev/null' EXIT; \
	PORT=$(CMS_PORT) BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" LOG_LEVEL=warn \
		node $(DECAP_SERVER) & cms=$$!; \
	PLATO_CMS_PORT=$(CMS_PORT) $(BIN)/mkdocs serve -a $(SERVE_ADDR) --livereload

# --- Everyday commands --------------------------------------------------------

.PHONY: test
test: $(VENV_STAMP) browser-deps editor-deps apache libical
	$(BIN)/pytest

.PHONY: serve
serve: $(VENV_STAMP) editor-bundle
	@# --livereload is the default, but some Click releases turn it off silently
	@# (mkdocs issue 4032): say it explicitly so edits always reload the page.
	$(BIN)/mkdocs serve -a $(SERVE_ADDR) --livereload

# One territory only, for staff editing it: every file is still validated, and a rebuild
# after a YAML edit takes a second or two even on a national network.
.PHONY: preview
preview: $(VENV_STAMP) editor-bundle
	@test -n "$(TERRITORY)" || { echo "Usage: make preview TERRITORY=<slug> (a file name in content/territoires/)" >&2; exit 2; }
	PLATO_PREVIEW="$(TERRITORY)" $(BIN)/mkdocs serve -a $(SERVE_ADDR) --livereload

.PHONY: build
build: $(VENV_STAMP) editor-bundle
	$(BIN)/mkdocs build --strict

# The report is the whole answer: make's own "make: *** [Makefile:…: validate] Error 1"
# would only confuse staff, and make prints it for any failing recipe (even with -s).
# So on failure the recipe ends make with SIGPIPE, the one signal neither make nor the
# calling shell comments on: `make validate` then exits 141 (any non-zero status fails CI;
# a script wanting exactly 1 calls .venv/bin/plato-site validate, which make runs here).
.PHONY: validate
validate: $(VENV_STAMP)
	@$(BIN)/plato-site validate || kill -PIPE $$PPID

.PHONY: lint
lint: $(VENV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# The layering contracts of pyproject.toml ([tool.importlinter]).
	$(BIN)/lint-imports --no-cache

# The benchmark's own tools: Lighthouse (npm, pinned in its own package file so that
# `make test` never installs it), Debian's Chromium and Apache to serve the site compressed.
LIGHTHOUSE_DIR := tests/benchmarks/lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse

.PHONY: bench bench-deps bench-weight
bench-deps: chromium apache $(LIGHTHOUSE)

$(LIGHTHOUSE): $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	npm ci --prefix $(LIGHTHOUSE_DIR) --include=dev --no-audit --no-fund --loglevel=error
	touch $@

bench: $(VENV_STAMP) bench-deps
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.weight

# Only the second part: search index size, page weight and Lighthouse (about 5 minutes).
bench-weight: $(VENV_STAMP) bench-deps
	$(BIN)/python -m tests.benchmarks.weight

# Random bytes and mutations of the example content through load, validate and render; the
# failing inputs land in fuzz-failures/. A bounded run is part of `make test` (test_fuzz.py).
FUZZ_SECONDS ?= 600
.PHONY: fuzz
fuzz: $(VENV_STAMP)
	$(BIN)/python -m tests.fuzz --seconds $(FUZZ_SECONDS) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

.PHONY: clean distclean
clean:
	rm -rf site/ build/ tests/screenshots/ .pytest_cache/ .mypy_cache/ .ruff_cache/ .cache/ fuzz-failures/ .import_linter_cache/
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		\( -name __pycache__ -o -name '*.egg-info' \) -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules/
