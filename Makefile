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
# libibverbs is optional: live RDMA port state through verbs when present.
IBV_LIBS := $(shell $(PKG_CONFIG) --libs libibverbs 2>/dev/null)
IBV_CFLAGS := $(if $(IBV_LIBS),-DHAVE_IBVERBS)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wno-unused-parameter -Wno-format-truncation
STD := -std=gnu99
OPT ?= -O2 -g
WERROR ?= -Werror
CFLAGS_ALL = $(STD) $(OPT) $(WARN) $(WERROR) $(PCI_CFLAGS) $(IBV_CFLAGS) \
	-pthread -D_FILE_OFFSET_BITS=64 -DDATADIR='"$(DATADIR)"' $(CFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(PCI_LIBS) $(IBV_LIBS) -lz -lm -pthread $(LDLIBS)

LIB_SRC := lib/bdf.c lib/pcicap.c lib/ktest.c lib/mlx4_comm.c lib/mlx4_pf.c lib/hv_ic.c
# Parsers and models: no libpci, no main; shared by the tool, tests, fuzzers.
CORE_SRC := tools/util.c tools/linereader.c tools/lineprefix.c tools/source.c tools/klog.c \
	tools/sig.c tools/sig_set.c tools/kvfile.c tools/profile.c tools/kb.c tools/catalog.c \
	tools/lspci_text.c tools/interrupts.c tools/kconfig.c tools/ipaddr_text.c tools/net_pair.c \
	tools/json.c tools/redact.c tools/vmbus_names.c tools/ktap.c tools/log_store.c \
	tools/result.c tools/kmod_judge.c tools/render_text.c tools/render_json.c \
	tools/render_tap.c tools/render_junit.c tools/render_prom.c tools/render_html.c \
	tools/tar_read.c tools/vf_events.c tools/ethtool_text.c
COLLECT_SRC := tools/collect_all.c tools/collect_pci.c tools/collect_log.c \
	tools/collect_platform.c tools/collect_vmbus.c tools/collect_net.c \
	tools/collect_irq.c tools/collect_kconfig.c tools/collect_rdma.c tools/log_parts.c \
	tools/collect_image.c
CHECK_SRC := tools/checks.c tools/checks_table.c tools/check_platform.c \
	tools/check_vmbus.c tools/check_pci.c tools/check_driver.c \
	tools/check_irq.c tools/check_net.c tools/check_image.c tools/check_datapath.c \
	tools/report_view.c
CMD_SRC := tools/hvdiag.c tools/cmd_check.c tools/cmd_profiles.c \
	tools/cmd_lsvmbus.c tools/cmd_collect.c tools/cmd_ktap.c \
	tools/cmd_exercise.c tools/cmd_kconfig.c tools/cmd_tree.c tools/cmd_watch.c \
	tools/series.c tools/sha256.c

TOOL_SRC := $(LIB_SRC) $(CORE_SRC) $(COLLECT_SRC) $(CHECK_SRC) $(CMD_SRC)
UNIT_SRC := tests/unit/main.c lib/lib_test.c lib/mlx4_comm_test.c lib/hv_ic_test.c tests/unit/parsers_test.c \
	tests/unit/sig_test.c tests/unit/redact_test.c tests/unit/net_test.c \
	tests/unit/render_prom_test.c tests/unit/logscan_test.c tests/unit/field_test.c \
	tests/unit/lspci_formats_test.c tests/unit/vfevents_test.c tests/unit/ethtool_test.c
FUZZERS := klog lspci profile interrupts ktap tar ipaddr sigtune vfevents

BUILD ?= build

.PHONY: fuzz-speed all check check-unit check-cli check-asan corpus rig-check rig-kernel module bench fuzz install clean deb

all: tools/hvdiag

tools/hvdiag: $(TOOL_SRC) $(wildcard tools/*.h lib/*.h) Makefile
	$(CC) $(CFLAGS_ALL) -o $@ $(TOOL_SRC) $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/hvdiag: $(TOOL_SRC) $(wildcard tools/*.h lib/*.h) Makefile
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_ALL) -o $@ $(TOOL_SRC) $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/unit: $(UNIT_SRC) $(LIB_SRC) $(CORE_SRC) $(COLLECT_SRC) $(wildcard tools/*.h lib/*.h tests/unit/*.h)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_ALL) -Itools -DFIXTURES='"$(CURDIR)/tests/fixtures"' -o $@ $(UNIT_SRC) $(LIB_SRC) $(CORE_SRC) $(COLLECT_SRC) $(LDFLAGS) $(LDLIBS_ALL)

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
