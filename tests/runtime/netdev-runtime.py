#!/usr/bin/env python3
"""netdev-runtime.py — runc with the network devices of runtime-spec 1.3.0.

runc 1.1 knows nothing of linux.netDevices. This wrapper gives the tests
a runtime that does what config-linux.md 1.3.0 asks, so that the suite's
netDevices cases can be seen passing (and their checks seen working):

  features   runc's document, with ociVersionMax 1.3.0 and
             linux.netDevices.enabled true
  create     runc's create, then each device of netDevices: its permanent
             global addresses noted, moved into the container's network
             namespace under its new name, the addresses put back, set up.
             A move that fails (a device of that name is already there)
             deletes the container and fails create.
  others     runc's, unchanged

$NETDEV_REAL_RUNTIME names the runtime to wrap (default: runc).

SPDX-License-Identifier: Apache-2.0
"""

import json
import os
import subprocess
import sys

REAL = os.environ.get("NETDEV_REAL_RUNTIME", "runc")
COMMANDS = {"create", "start", "state", "kill", "delete", "features", "run", "--version", "spec"}


def split_args(argv):
    """The global options, the command and its arguments."""
    for i, arg in enumerate(argv):
        if arg in COMMANDS:
            return argv[:i], arg, argv[i + 1:]
    return argv, None, []


def run(argv):
    return subprocess.run(argv, check=False).returncode


def features(global_args):
    out = subprocess.run([REAL] + global_args + ["features"], check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    doc["ociVersionMax"] = "1.3.0"
    doc.setdefault("linux", {})["netDevices"] = {"enabled": True}
    print(json.dumps(doc, indent=2))
    return 0


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


def permanent_addresses(device):
    out = subprocess.run(["ip", "-j", "addr", "show", "dev", device], check=True, capture_output=True,
                         text=True).stdout
    found = []
    for link in json.loads(out):
        for a in link.get("addr_info", []):
            if a.get("scope") == "global" and "dynamic" not in a:
                found.append("%s/%s" % (a["local"], a["prefixlen"]))
    return found


def move(pid, device, name):
    inside = ["nsenter", "-t", str(pid), "-n", "ip"]
    # Checked first: the kernel moves a device under its old name and only
    # then fails to rename it.
    if subprocess.run(inside + ["link", "show", name], check=False, capture_output=True).returncode == 0:
        raise subprocess.CalledProcessError(1, inside + ["link", "show", name], "a device %s is there" % name)
    addresses = permanent_addresses(device)
    subprocess.run(["ip", "link", "set", device, "netns", str(pid), "name", name], check=True)
    for a in addresses:
        subprocess.run(inside + ["addr", "add", a, "dev", name] + (["nodad"] if ":" in a else []), check=True)
    subprocess.run(inside + ["link", "set", name, "up"], check=True)


def create(global_args, args):
    status = run([REAL] + global_args + ["create"] + args)
    if status != 0:
        return status
    bundle = option(args, "--bundle") or option(args, "-b") or "."
    with open(os.path.join(bundle, "config.json")) as f:
        config = json.load(f)
    with open(option(args, "--pid-file")) as f:
        pid = int(f.read().strip())
    try:
        for device, entry in config.get("linux", {}).get("netDevices", {}).items():
            move(pid, device, (entry or {}).get("name") or device)
    except subprocess.CalledProcessError as e:
        print("netdev-runtime: moving a network device failed: %s" % e, file=sys.stderr)
        run([REAL] + global_args + ["delete", "--force", args[-1]])
        return 1
    return 0


def main():
    global_args, command, args = split_args(sys.argv[1:])
    if command == "features":
        return features(global_args)
    if command == "create":
        return create(global_args, args)
    os.execvp(REAL, [REAL] + sys.argv[1:])
    return 2


if __name__ == "__main__":
    sys.exit(main())
