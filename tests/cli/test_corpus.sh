#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The corpus of real cases (tests/corpus/) as part of make check.
exec bash "$(dirname "$0")/../corpus/run.sh"
