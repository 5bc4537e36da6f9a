# ./venv serves the stack program, the offline preview and the Pulumi CLI (Pulumi.yaml names it):
# requirements.txt installs this package (editable) and the stack program's needs; `make test`
# adds requirements-dev.txt. The policy pack and the plugin get their own, policies/venv and
# plugin/venv, as the Pulumi CLI would prepare them: this package, then the folder's
# requirements.txt (already satisfied by it).
PYTHON ?= python3
VENV := venv
BIN := $(VENV)/bin
PACK_VENV := policies/venv
PLUGIN_VENV := plugin/venv
STACK ?= dev
PIP := --quiet --disable-pip-version-check

.PHONY: test lint typecheck unit preview bench clean

test: lint typecheck unit

$(BIN)/.runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP) -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install $(PIP) -r requirements-dev.txt
	touch $@

# policies/venv and plugin/venv: one recipe for the folders the Pulumi CLI runs with their own venv/.
%/venv/bin/.installed: %/requirements.txt pyproject.toml
	test -x $*/venv/bin/python || $(PYTHON) -m venv $*/venv
	$*/venv/bin/python -m pip install $(PIP) -e .
	cd $* && venv/bin/python -m pip install $(PIP) -r requirements.txt
	touch $@

lint: $(BIN)/.dev
	$(BIN)/ruff check .

typecheck: $(BIN)/.dev
	$(BIN)/mypy

unit: $(BIN)/.dev $(PACK_VENV)/bin/.installed $(PLUGIN_VENV)/bin/.installed
	$(BIN)/python -m pytest

preview: $(BIN)/.runtime
	$(BIN)/alicloud-instance-role preview --stack $(STACK)

bench: $(BIN)/.dev $(PACK_VENV)/bin/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(PACK_VENV) $(PLUGIN_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
