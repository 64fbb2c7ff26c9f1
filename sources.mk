# SPDX-License-Identifier: GPL-2.0
# What the tool is built from, layer by layer (docs/architecture.md): the
# Makefile, the unit tests and the fuzz targets all take their lists from
# here. A layer includes only the layers listed below it
# (tests/cli/test_layers.sh holds the rule).
include $(dir $(lastword $(MAKEFILE_LIST)))lib/sources.mk

LIB_SRC := $(addprefix lib/,$(LIB_CODE))
LIB_SUITE_SRC := $(addprefix lib/,$(LIB_SUITES))

# text and file primitives that know nothing of a guest
BASE_SRC := $(addprefix tools/base/,util.c compat.c linereader.c lineprefix.c klog.c \
	kvfile.c json_out.c tar_read.c sha256.c outfile.c \
	dirlist.c)
# what a guest is, and what the checks decided
MODEL_SRC := $(addprefix tools/model/,result.c log_model.c vmbus_names.c)
# captures (lspci, /proc/interrupts, ip, ethtool, .config, KTAP, MANIFEST)
# into the model
PARSE_SRC := $(addprefix tools/parse/,lspci_text.c interrupts.c kconfig.c \
	ipaddr_text.c ethtool_text.c net_pair.c ktap.c series.c)
# profiles, signatures and the knowledge base
PROFILE_SRC := $(addprefix tools/profile/,sig.c sig_set.c profile.c kb.c \
	catalog.c vf_events.c)
# every read of a guest: live, bundle, sosreport
SOURCE_SRC := $(addprefix tools/source/,source.c)
# the guest, through the source, into the model; the live RDMA port state
# through libibverbs when the Makefile found it (IBV_LIBS)
COLLECT_SRC := $(addprefix tools/collect/,all.c pci.c log.c log_parts.c \
	platform.c vmbus.c net.c irq.c kconfig.c rdma.c image.c redact.c \
	$(if $(IBV_LIBS),rdma_verbs.c,rdma_noverbs.c))
# the model judged: results
CHECK_SRC := $(addprefix tools/checks/,checks.c table.c platform.c vmbus.c \
	pci.c driver.c irq.c net.c image.c datapath.c kmod_judge.c kconfig_judge.c \
	report_view.c)
# results printed
RENDER_SRC := $(addprefix tools/render/,render.c text.c json.c tap.c junit.c prom.c \
	html.c kconfig_text.c tree_text.c fields.c)
# the commands
CMD_SRC := $(addprefix tools/cmd/,hvdiag.c options.c check.c profiles.c lsvmbus.c \
	collect.c ktap.c exercise.c kconfig.c tree.c tree_series.c watch.c)

# everything but the commands: what unit tests and fuzz targets link
CORE_SRC := $(LIB_SRC) $(BASE_SRC) $(MODEL_SRC) $(PARSE_SRC) $(PROFILE_SRC) \
	$(SOURCE_SRC) $(COLLECT_SRC) $(CHECK_SRC) $(RENDER_SRC)
TOOL_SRC := $(CORE_SRC) $(CMD_SRC)
UNIT_SRC := $(LIB_SUITE_SRC) $(addprefix tests/unit/,main.c parsers_test.c \
	sig_test.c redact_test.c net_test.c render_prom_test.c logscan_test.c \
	field_test.c lspci_formats_test.c vfevents_test.c ethtool_test.c)
