# The two commands a newcomer needs: `make run` and `make test`.
# Both install what is missing first (scripts/install-tools.sh).

export CARGO_TARGET_DIR ?= $(HOME)/.cache/rj-portfolio/target
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test build tools bench

run: tools build
	LEPTOS_SITE_ROOT=$(CURDIR)/target/site $(CARGO_TARGET_DIR)/release/server

test:
	bash scripts/test.sh

build:
	cargo leptos build --release --split

tools:
	bash scripts/install-tools.sh

# The sync bench runs the server in-process; the browser half (Lighthouse,
# bytes per chunk, typing) needs the release site, and appends its section.
bench: tools build
	bash scripts/bench.sh
	bash scripts/bench-browser.sh >> BENCHMARKS.md
