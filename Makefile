# SPDX-License-Identifier: GPL-2.0
# hvdiag: top-level build. Targets: all check bench fuzz install deb clean.

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/sbin
DATADIR ?= $(PREFIX)/share/hvdiag
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

PKG_CONFIG ?= pkg-config
PCI_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpci 2>/dev/null)
PCI_LIBS := $(shell $(PKG_CONFIG) --libs libpci 2>/dev/null || echo -lpci)
# libibverbs is optional: live RDMA port state through verbs when present
# (sources.mk builds collect/rdma_verbs.c, else collect/rdma_noverbs.c).
IBV_LIBS := $(shell $(PKG_CONFIG) --libs libibverbs 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wno-unused-parameter -Wno-format-truncation
STD := -std=gnu99
OPT ?= -O2 -g
WERROR ?= -Werror
CFLAGS_ALL = $(STD) $(OPT) $(WARN) $(WERROR) $(PCI_CFLAGS) \
	-pthread -D_FILE_OFFSET_BITS=64 -DDATADIR='"$(DATADIR)"' $(CFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(PCI_LIBS) $(IBV_LIBS) -lz -lm -pthread $(LDLIBS)

include sources.mk
FUZZERS := klog lspci profile interrupts ktap tar ipaddr sigtune vfevents

BUILD ?= build
# -Itools/base: lib/hvd_types.h finds the userspace hvd_sys.h there
INC := -I. -Itools -Itools/base

.PHONY: fuzz-speed all check check-unit check-cli check-asan corpus rig-check rig-kernel module bench fuzz install clean deb

all: tools/hvdiag

# One object per source under $(BUILD)/obj/, each with the headers it read
# (-MMD): a change rebuilds what it touches, and nothing else.
objs = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
-include $(patsubst %.c,$(BUILD)/obj/%.d,$(TOOL_SRC) $(UNIT_SRC))

$(BUILD)/obj/%.o: %.c Makefile sources.mk lib/sources.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(INC) -MMD -MP -c -o $@ $<

# the unit tests read their fixtures from the tree
$(BUILD)/obj/tests/unit/%.o: CFLAGS_ALL += -DFIXTURES='"$(CURDIR)/tests/fixtures"'

$(BUILD)/hvdiag: $(call objs,$(TOOL_SRC))
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

tools/hvdiag: $(BUILD)/hvdiag
	cp $< $@

$(BUILD)/unit: $(call objs,$(UNIT_SRC) $(CORE_SRC))
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/runstat: tests/bench/runstat.c
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_ALL) -o $@ $<

# Unit suites (KTAP), then the CLI against fixtures, then both again
# under ASan+UBSan. The last line is the totals.
check: all $(BUILD)/unit check-asan
	@tests/run-all.sh

# Every real case of tests/corpus/ against its expected verdicts.
corpus: all
	@CORPUS_STRICT=1 tests/corpus/run.sh

check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		build-asan/hvdiag build-asan/unit

# Debian packages (debian/) built in a copy of the tree, linted, unpacked
# and used; the .debs land in build/deb/. Not part of check.
deb:
	@tests/pkg/build.sh

# hvdiag.ko against the installed Debian kernel headers (KDIR to override).
module:
	$(MAKE) -C kmod

# Boot Debian's kernel (or RIG_KERNEL=bzImage|dir) under QEMU with the
# emulated PF and run the guest suites; report/ gets rig.ktap,
# rig-junit.xml and rig-report.json.
rig-check: all
	@tests/rig/run.sh && tests/rig/report.sh

# The seed's kernel for the rig: KSRC=<pristine 3.10.108> BACKPORT=<Microsoft's
# 0001 patch>; the series applied in a copy, bzImage and modules into
# build/rig-kernel/ (then: make rig-check RIG_KERNEL=build/rig-kernel).
rig-kernel: all
	@tests/rig/build-kernel.sh

bench: all $(BUILD)/runstat
	@tests/bench/bench.sh
	@tests/bench/watch-bench.sh
	@tests/bench/rig-bench.sh

fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

# The fuzz targets' speed as a benchmark: each must run 1000 inputs a
# second on a free CPU.
fuzz-speed:
	@FUZZ_MIN_EXECS=1000 tests/fuzz/run.sh $(or $(FUZZ_SECONDS),30)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(DATADIR)/kb \
		$(DESTDIR)$(MANDIR)/man8
	install -m 0755 tools/hvdiag $(DESTDIR)$(BINDIR)/hvdiag
	install -m 0644 profiles/*.profile $(DESTDIR)$(DATADIR)/profiles/
	install -m 0644 kb/*.kb kb/vf-events.ev $(DESTDIR)$(DATADIR)/kb/
	install -d $(DESTDIR)$(DATADIR)/patches
	install -m 0644 patches/hyperv-sriov.config $(DESTDIR)$(DATADIR)/patches/
	install -d $(DESTDIR)$(DATADIR)/patches/3.10.108
	install -m 0644 patches/3.10.108/* $(DESTDIR)$(DATADIR)/patches/3.10.108/
	install -m 0644 docs/hvdiag.8 $(DESTDIR)$(MANDIR)/man8/hvdiag.8
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 tools/completion/hvdiag.bash $(DESTDIR)$(BASHCOMPDIR)/hvdiag

clean:
	rm -rf tools/hvdiag build build-asan build-fuzz report
	-$(MAKE) -C kmod clean
