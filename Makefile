# The two commands of the quick start are `make demo` and `make test`; everything
# they need (virtualenv, Python packages, a C compiler and Python's headers for the
# story engine's compiled core, Debian's chromium for the browser tests, Debian's
# PostgreSQL server for the store tests) is installed from here.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared/data

.PHONY: demo test fuzz model bench peers sysdeps pgserver builddeps clean

$(STAMP): pyproject.toml $(wildcard src/storyline/cluster/*.pyx)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 1; }
	@$(MAKE) -s builddeps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,scale]'
	touch $(STAMP)

# The compiled core (src/storyline/cluster/*.pyx) is built by pip with Cython and the C compiler:
# Debian's gcc, and Python's headers when this Python has none (Debian's python3.11-dev).
builddeps:
	@command -v cc >/dev/null 2>&1 && $(PYTHON) -c "import os, sysconfig, sys; \
	  sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gcc \
	    $$($(PYTHON) -c "import sysconfig, os; print('' if os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')) else 'python3.11-dev')") >/dev/null; }

# Debian's chromium for the Playwright tests; never `playwright install`.
sysdeps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The PostgreSQL server the store tests talk to (tests/_backends.py): 127.0.0.1:5432, user postgres, trust
# auth. Started when it does not answer; on a machine without PostgreSQL, Debian's `postgresql` is installed
# first and, being a fresh test server, told to trust local TCP connections (as this project's machines do).
PG_CLUSTER = $$(ls /etc/postgresql | sort -V | tail -1) main
pgserver:
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	if ! command -v pg_ctlcluster >/dev/null 2>&1; then \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	  HBA=/etc/postgresql/$$(ls /etc/postgresql | sort -V | tail -1)/main/pg_hba.conf; \
	  echo "host all postgres 127.0.0.1/32 trust" | $$SUDO sh -c "cat - $$HBA > $$HBA.new && mv $$HBA.new $$HBA"; \
	  $$SUDO pg_ctlcluster --skip-systemctl-redirect $(PG_CLUSTER) restart; \
	fi; \
	pg_isready -q -h 127.0.0.1 || $$SUDO pg_ctlcluster --skip-systemctl-redirect $(PG_CLUSTER) start; \
	pg_isready -h 127.0.0.1 -t 30 >/dev/null || { echo "PostgreSQL does not answer at 127.0.0.1:5432"; exit 1; }

demo: $(STAMP)
	$(VENV)/bin/storyline demo

test: $(STAMP) sysdeps pgserver
	$(PY) -m pytest -q

# The hostile-input tests at a larger scale: five times the hostile corpus, from another seed, all of it
# through `storyline ingest` (make test: two files of each kind), 2,000 hypothesis examples per
# property instead of 25, and 60 kill -9 trials instead of 12.
FUZZ_EXAMPLES ?= 2000
FUZZ_SCALE    ?= 5
FUZZ_SEED     ?= $(shell date +%j)
fuzz: $(STAMP)
	STORYLINE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) STORYLINE_HOSTILE_SCALE=$(FUZZ_SCALE) STORYLINE_HOSTILE_SEED=$(FUZZ_SEED) \
	  STORYLINE_HOSTILE_CLI_PER_KIND=0 STORYLINE_CRASH_TRIALS=60 STORYLINE_CRASH_SEED=$(FUZZ_SEED) \
	  $(PY) -m pytest -q -p no:cacheprovider --timeout 7200 tests/hostile  # 2,000 examples: longer than make test's 10 min

# The NER models (German, English), each from ../shared/data by the project's own script (docs/ner.md);
# one core each, one after the other (~30 and ~25 min on this shared machine under load).
model: $(STAMP)
	OMP_NUM_THREADS=1 $(PY) scripts/train_ner.py --lang de --data $(SHARED)
	OMP_NUM_THREADS=1 $(PY) scripts/train_ner.py --lang en --data $(SHARED)

# BERTopic for `storyline eval cluster --peers`: it declares sentence-transformers
# (and so torch) but runs without them on a scikit-learn embedder, hence --no-deps.
peers: $(STAMP)
	$(PY) -m pip install -q -e '.[peers]'
	$(PY) -m pip install -q --no-deps bertopic

bench: $(STAMP)
	$(PY) -m storyline.bench

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm
