# The few commands the README names. Everything installs into .venv from PyPI.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FANKG := $(VENV)/bin/fankg
SHARED ?= ../shared

.PHONY: install demo test eval lint bench browser clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

## demo: build exports/ from seeds/ (the main job on the seed article)
demo: install
	$(FANKG) build seeds --out exports

## browser: Debian's Chromium for the page tests (needs root; CI runs as root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)" >&2; exit 1; fi; }

## test: install what tests need, then run the whole suite
test: install browser
	$(PY) -m pytest

## eval: score extraction against the independent annotation of the seed (with and without its
## show profile), the client's real articles ($(SHARED)/eval/real) and our own articles about
## other shows (tests/data/eval/), each article and each set pooled
eval: install
	@printf '%-40s ' "seed"; $(FANKG) eval $(SHARED)/eval/gold/seed-emily-in-paris.yaml seeds/000_a3abcfeae2050fef.txt
	@printf '%-40s ' "seed, no profile"; $(FANKG) eval --no-profile $(SHARED)/eval/gold/seed-emily-in-paris.yaml seeds/000_a3abcfeae2050fef.txt
	@printf '\nreal articles, development set (%s)\n' "$(SHARED)/eval/real"; $(FANKG) eval $(SHARED)/eval/real
	@printf '\nour own articles (tests/data/eval)\n'; $(FANKG) eval tests/data/eval

## bench: corpus-scale benchmarks (long: builds 1,000 and 10,000 synthetic articles); see docs/benchmarks.md
bench: install browser
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check graph tests
	$(VENV)/bin/mypy graph --ignore-missing-imports

clean:
	rm -rf $(VENV) .pytest_cache exports/*.ttl exports/*.nt exports/*.jsonld exports/*.trig exports/*.graphml exports/*.html exports/*.jsonl
