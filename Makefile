# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run workshop serve rolling-restart serve-status check test lint bench clean update-data messages messages-extract messages-update messages-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the pinned requirements or the package metadata change.
# requirements.txt ends with `-e .`: the app's own package comes with its dependencies.
$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

# A workshop from a laptop: served on the local network, so phones on the same Wi-Fi can
# join; the facilitator page's join link and QR code then carry this machine's address.
# Two app processes (a laptop's cores) on the local SQLite file, behind HAProxy (README,
# "Running a workshop"): the balancer's cache sends the phones Streamlit's front end,
# which would otherwise take most of the app's time while a room arrives.
# WORKSHOP_REPLICAS=1 for one process; without HAProxy installed, `streamlit run` alone.
WORKSHOP_REPLICAS ?= 2
workshop: $(STAMP)
	$(BIN)/python -m deploy.replicas workshop --replicas $(WORKSHOP_REPLICAS) --port $(PORT)

# Several replicas behind HAProxy (README, "Several replicas behind HAProxy"): the balancer
# on $(ADDRESS):$(PORT), the replicas on the next $(REPLICAS) loopback ports, all on the
# PostgreSQL database in ADOPTION_DATABASE_URL (more than one replica refuses SQLite).
# Ctrl-C stops the balancer and every replica.
REPLICAS ?= 2
ADDRESS  ?= 0.0.0.0
serve: $(STAMP)
	$(BIN)/python -m deploy.replicas serve --replicas $(REPLICAS) --port $(PORT) --address $(ADDRESS)

# Restart the replicas of `make serve` one at a time (or only REPLICA=r2), through
# HAProxy's runtime API; `make serve-status` shows each one as HAProxy sees it.
rolling-restart: $(STAMP)
	$(BIN)/python -m deploy.replicas restart --port $(PORT) $(REPLICA)

serve-status: $(STAMP)
	$(BIN)/python -m deploy.replicas status --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The fast tier (README, "Tests"): lint, then every test that needs no browser, no
# PostgreSQL, no server and no exhaustive grid (domain, AppTest, curated-data checks).
FAST := not browser and not postgres and not slow

check: lint
	$(BIN)/pytest -m "$(FAST)" -n 2

# Everything, browser and PostgreSQL tests included (CI runs this).
test: lint
	$(BIN)/pytest

# Translations: gettext catalogs under $(LOCALES), one per language (README, "Translations").
# `make messages` after changing strings in the code: extract the ids, update the .po files,
# compile the .mo files the app reads. Babel is a build tool: the app reads the committed .mo
# with the standard library, so a requirements-only install needs no compile step.
LOCALES  ?= src/adoption/locales
POT      := $(LOCALES)/messages.pot
KEYWORDS := -k t -k tr -k text -k tn:1,1 -k trn:1,1 -k plural:1,1 -k _counted:1,1 -k N_

messages: messages-extract messages-update messages-compile

messages-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords $(KEYWORDS) \
	    --add-comments=i18n: --strip-comment-tags --add-location=file --sort-output \
	    --project="SME AI Adoption Benchmark" --version=0.1.0 \
	    --copyright-holder="SME AI Adoption Benchmark" --msgid-bugs-address="" -o $(POT) app.py pages src

messages-update: $(STAMP)
	$(BIN)/pybabel update -i $(POT) -d $(LOCALES) -D messages \
	    --no-fuzzy-matching --ignore-pot-creation-date

messages-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALES) -D messages --statistics

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh data/eurostat_ai.csv from Eurostat's API (README, "The dataset"): prints what
# changed and writes nothing; `make update-data WRITE=1` writes it.
update-data: $(STAMP)
	$(BIN)/python scripts/update_eurostat.py $(if $(WRITE),--write,--no-input)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
