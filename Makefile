# One virtualenv, ./venv, serves the tests, the offline preview and the Pulumi CLI
# (Pulumi.yaml names it). The policy pack gets its own, policies/venv, holding only
# policies/requirements.txt, exactly as the Pulumi CLI would prepare it.
PYTHON ?= python3
VENV := venv
BIN := $(VENV)/bin
PACK_VENV := policies/venv
STACK ?= dev

.PHONY: test lint typecheck unit preview bench clean

test: lint typecheck unit

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(PACK_VENV)/bin/.installed: policies/requirements.txt
	test -x $(PACK_VENV)/bin/python || $(PYTHON) -m venv $(PACK_VENV)
	$(PACK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r policies/requirements.txt
	touch $@

lint: $(BIN)/.installed
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

unit: $(BIN)/.installed $(PACK_VENV)/bin/.installed
	$(BIN)/python -m pytest

preview: $(BIN)/.installed $(PACK_VENV)/bin/.installed
	$(BIN)/python -m preview --stack $(STACK)

bench: $(BIN)/.installed $(PACK_VENV)/bin/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(PACK_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
