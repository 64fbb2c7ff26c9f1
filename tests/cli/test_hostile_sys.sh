#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile sysfs copies in a bundle: links a bundle must not make us follow
# or believe.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 20"
# --- links read, not followed, must stay inside too (vmbus, net) ---
A=$TMP/4nic
cp -r "$FIX/azure-4nic" "$A"
drv=$(ls -d "$A"/sys/devices/*/*/*/*/VMBUS:01/1eccfd72-4b41-45ef-b73a-4a6e44c12924)/driver
rm "$drv"; ln -s /sys/bus/vmbus/drivers/hv_balloon "$drv"
drv2=$(ls -d "$A"/sys/devices/*/*/*/*/VMBUS:01/00000000-0000-8899-0000-000000000000)/driver
rm "$drv2"; ln -s ../../../../../../../../../../../../../../../../bus/vmbus/drivers/hv_storvsc "$drv2"
$TO "$HV" lsvmbus --root "$A" --format json -v > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 0 ]; ok "lsvmbus with links out of the bundle (exit $rc)" $?
python3 - "$TMP/out" <<'PY' > "$TMP/py" 2>&1
import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))}
assert d["1eccfd72-4b41-45ef-b73a-4a6e44c12924"]["driver"] in ("", None), d["1eccfd72-4b41-45ef-b73a-4a6e44c12924"]
assert d["00000000-0000-8899-0000-000000000000"]["driver"] in ("", None), d["00000000-0000-8899-0000-000000000000"]
assert d["00000000-0001-8899-0000-000000000000"]["driver"] == "hv_storvsc"
PY
r=$?; ok "driver links out of the bundle are not read as driver names" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py" | tail -3

done_testing
