# One command sets up and runs the main job; another runs the tests. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZHNER := $(BIN)/zhner
# The default pipeline segments words with the project's own pkuseg model; the char pipeline
# (configs/char-ner.cfg, configs/char.cfg) is the measured alternative (reports/segmenters.md).
SEGMENTER_DIR ?= training/output/segmenter
NER_CONFIG ?= configs/pkuseg-ner.cfg
CONFIG ?= configs/pkuseg.cfg
NER_DIR ?= training/output/ner
MODEL_DIR ?= training/output/default
CHAR_NER_DIR ?= training/output/char-ner
CHAR_DIR ?= training/output/char
VERSION ?= 0.1.0
EVAL_SETS := corpus/build/test.jsonl corpus/build/test-trad.jsonl corpus/build/test-trad_gloss.jsonl
# Today's test articles (b01-b12) are scored apart from those of the batches written to the shape
# of real pages (b13-b21), so the two can be compared over time; b22-b23, written for the long tail
# of fields real pages name, b24 (statistics, company, product-belt and list pages), b25 (notice
# pages), b26 (factory, farm, press-conference and industry-chain pages), b27 (trade fairs, money
# and people for industry, pages across borders), b28 (public works, listed firms' filings with
# declared short names, Greater China and the Belt and Road, county trades), b29 (county specialty
# trades, raw-material chains, services and heavy industry, rich in fields the corpus had not named),
# b30 (instruments and parts, farming and food, metals and energy, money and services, each
# naming the same kinds of words as fields and as goods side by side), b31 (light industry, the
# service economy, environment and urban works, pages across borders), b32 (list and digest pages,
# people talking about their trades, pages across borders and scripts, niche trades of small firms),
# b33 (notice pages, money and markets pages, the county economy, old heavy industry in transition),
# b34 (industrial-chain pages, small specialised makers, consumer and craft trades of towns, the
# west, the north-east and the borders), b35 (government portal pages on investment policy, new
# technology trades, health and life sciences, ports and foreign trade with pages from Hong Kong,
# Macau and Taiwan), b36 (firms describing themselves, environment and energy-transition trades,
# culture, tourism, sport and services, investment-promotion trips), b37 (county investment pages from
# WeChat and portals, long-named public works in the south-west and north-west, rarely named fields of the
# north and north-east, listed firms and money) and b38 (fields the train split had not named: tropical and
# mountain specialty chains of the south, service and software sectors of the east, fine links of materials
# and chemicals in the north-west, health and consumer trades of the centre) are scored apart too.
EVAL_GROUPS := --group b01-b12=b01-b12 --group b13-b21=b13-b21 --group b22-b38=b22-b38

.PHONY: all venv corpus segmenter train train-char compare-segmenters evaluate bench bench-spark benchmark sweep package install-model demo test readme clean labelstudio-venv labelstudio-screenshot

# The whole run, timed from a clean start to the installed model: reports/make-all.json, in the README.
ALL_TARGETS := venv corpus segmenter train evaluate bench package install-model demo
all:
	@start=$$(date +%s); \
	$(MAKE) $(ALL_TARGETS) && \
	$(ZHNER) report make-all --seconds $$(( $$(date +%s) - start )) --targets "$(ALL_TARGETS)" && \
	$(MAKE) readme

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

venv: $(BIN)/activate
	$(BIN)/python -m pip install -q -e ".[test]"

corpus: venv
	$(ZHNER) corpus validate
	$(ZHNER) corpus build
	mkdir -p reports
	$(ZHNER) corpus stats --json > reports/corpus-stats.json

segmenter: venv
	$(ZHNER) segmenter train --output $(SEGMENTER_DIR)

# Two stages: tok2vec + ner, then the spancat on the frozen stage-1 model (see configs/).
train: venv
	mkdir -p reports
	set -o pipefail; $(ZHNER) train --config $(NER_CONFIG) --output $(NER_DIR) --set paths.segmenter=$(SEGMENTER_DIR) 2>&1 | tee reports/train-ner.log
	set -o pipefail; $(ZHNER) train --config $(CONFIG) --output $(MODEL_DIR) --set paths.segmenter=$(SEGMENTER_DIR) --set paths.ner_model=$(NER_DIR)/model-best 2>&1 | tee reports/train.log

# The alternative pipeline on character tokens, and the dev-split comparison of the two.
train-char: venv
	set -o pipefail; $(ZHNER) train --config configs/char-ner.cfg --output $(CHAR_NER_DIR) 2>&1 | tee reports/train-char-ner.log
	set -o pipefail; $(ZHNER) train --config configs/char.cfg --output $(CHAR_DIR) --set paths.ner_model=$(CHAR_NER_DIR)/model-best 2>&1 | tee reports/train-char.log

compare-segmenters: venv
	$(ZHNER) compare char=$(CHAR_DIR)/model-best pkuseg=$(MODEL_DIR)/model-best --data corpus/build/dev.jsonl --warmup corpus/build/test.jsonl --output reports

evaluate: venv
	$(ZHNER) evaluate $(MODEL_DIR)/model-best corpus/build/dev.jsonl --output reports --name evaluation-dev --show-errors 0
	$(ZHNER) evaluate $(MODEL_DIR)/model-best $(EVAL_SETS) $(EVAL_GROUPS) --output reports --name evaluation --show-errors 10
	$(ZHNER) pages $(MODEL_DIR)/model-best tests/fixtures/pages --output reports

bench: venv
	$(ZHNER) bench $(MODEL_DIR)/model-best corpus/build/test.jsonl --warmup corpus/build/dev.jsonl --long-text 200000 --output reports

# `zhner spark-annotate` in local[1] and local[2] against `zhner annotate`, on 20,000 articles (the test
# split's texts repeated): reports/spark-bench.{json,md}. Needs Java 17 (see README).
bench-spark: venv
	$(BIN)/python -m pip install -q -e ".[spark]"
	$(BIN)/python -m zhner.spark_bench $(MODEL_DIR)/model-best corpus/build/test.jsonl --articles 20000 --output reports

# Cross-validation, learning curve, peers, speed and size: reports/benchmark/ (long: trains 9 models).
benchmark: venv
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	$(ZHNER) benchmark $(MODEL_DIR)/model-best --config $(NER_CONFIG) --output reports/benchmark

# Stage-1 settings x seeds on dev (configs/sweep.json): reports/sweep.{json,md} (long: trains every setting).
# The third sweep: make sweep SWEEP_GRID=configs/sweep-fields.json SWEEP_NAME=sweep-fields SWEEP_DIR=training/output/sweep-fields
# The twenty-fifth (configs/sweep-segmenter-iterations.json) reads two segmenters built beforehand: the
# default folder from `make segmenter` when it trained 8 passes, and `zhner segmenter train --iterations 6
# --output training/output/segmenter-6`. With 6 passes now the default, rebuild the first with --iterations 8.
# The twenty-seventh (configs/sweep-places.json) scores the stage-1 models of the default as its baseline:
# link training/output/sweep-places/base-seed0 to training/output/ner and base-seed1 to a stage 1 trained
# with --set system.seed=1, then make sweep SWEEP_GRID=configs/sweep-places.json SWEEP_NAME=sweep-places
# SWEEP_DIR=training/output/sweep-places.
SWEEP_GRID ?= configs/sweep.json
SWEEP_NAME ?= sweep
SWEEP_DIR ?= training/output/sweep
sweep: venv
	$(ZHNER) sweep --config $(NER_CONFIG) --grid $(SWEEP_GRID) --workdir $(SWEEP_DIR) --name $(SWEEP_NAME) --jobs 2 --output reports

package: venv
	$(ZHNER) package $(MODEL_DIR)/model-best --output dist --version $(VERSION) --evaluation reports/evaluation.json

install-model: venv
	$(BIN)/python -m pip install -q --force-reinstall --no-deps dist/zh_industry_ner-$(VERSION)-py3-none-any.whl

demo: venv
	$(ZHNER) annotate examples/article.txt --format jsonl

readme: venv
	$(ZHNER) report readme

# Label Studio in its own environment: its pins (Django, numpy, …) are not spaCy's. The round-trip
# test against a real server (tests/test_labelstudio_server.py) runs it.
LABEL_STUDIO_VENV := .venv-labelstudio
LABEL_STUDIO_VERSION ?= 1.23.2

$(LABEL_STUDIO_VENV)/bin/label-studio:
	$(PYTHON) -m venv $(LABEL_STUDIO_VENV)
	$(LABEL_STUDIO_VENV)/bin/python -m pip install -q --upgrade pip
	$(LABEL_STUDIO_VENV)/bin/python -m pip install -q "label-studio==$(LABEL_STUDIO_VERSION)"

labelstudio-venv: $(LABEL_STUDIO_VENV)/bin/label-studio

# The README's picture of a pre-annotated task (needs Debian's chromium and fonts-noto-cjk).
labelstudio-screenshot: venv labelstudio-venv
	$(BIN)/python -m pip install -q -e ".[screenshot]"
	$(BIN)/python -m zhner.labelstudio_screenshot $(MODEL_DIR)/model-best examples/article.txt docs/labelstudio-task.png

test: venv labelstudio-venv
	$(BIN)/python -m pip install -q -e ".[test,bench,spark]"
	ZHNER_REQUIRE_LABEL_STUDIO=1 $(BIN)/python -m pytest -q

clean:
	rm -rf corpus/build training/output dist
