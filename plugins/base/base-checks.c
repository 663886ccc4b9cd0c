/* base-checks.c — requirements and checkers of config.md and bundle.md that
 * hold on every platform (and the POSIX process parts that are not Linux's)
 *
 * The checkers live in checks/; this file is the catalogue. Levels follow
 * the text of each release; where the text has no RFC 2119 keyword for a
 * rule we check, the summary says which sentence the level comes from.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "checks/base-checks.h"

static const OciRequirement base_requirements[] = {
  /* bundle.md */
  { "base.bundle.single-directory", OCI_LEVEL_MUST, "bundle.md", "containerFormat", "1.0.0", NULL,
    "config.json and the root filesystem MUST all be present in the bundle directory: "
    "neither may resolve (through symlinks or '..') outside it (a relative root.path; POSIX)" },

  /* config.md: ociVersion and root */
  { "base.ociversion.semver", OCI_LEVEL_MUST, "config.md", "configSpecificationVersion", "1.0.0", NULL,
    "ociVersion MUST be in SemVer v2.0.0 format" },
  { "base.root.required", OCI_LEVEL_REQUIRED, "config.md", "configRoot", "1.0.0", NULL,
    "root is REQUIRED on all platforms but Hyper-V Windows containers (windows.hyperv set)" },
  { "base.root.path.exists", OCI_LEVEL_MUST, "config.md", "configRoot", "1.0.0", NULL,
    "a directory MUST exist at the path root.path declares (POSIX; checked with the bundle)" },
  { "base.root.path.conventional", OCI_LEVEL_SHOULD, "config.md", "configRoot", "1.0.0", NULL,
    "on POSIX platforms root.path SHOULD be the conventional rootfs (its last component)" },

  /* config.md: process */
  { "base.process.cwd.absolute", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "process.cwd MUST be an absolute path" },
  { "base.process.args.required", OCI_LEVEL_REQUIRED, "config.md", "configProcess", "1.0.0", "1.0.2",
    "process.args is REQUIRED and needs at least one entry, on every platform" },
  { "base.process.args.required", OCI_LEVEL_REQUIRED, "config.md", "configProcess", "1.0.2", NULL,
    "process.args needs at least one entry on platforms other than Windows" },
  { "base.process.args.executable", OCI_LEVEL_ADVICE, "config.md", "configProcess", "1.0.0", NULL,
    "args[0] is used as execvp's file: when absolute and present in the root filesystem it is "
    "an executable file (advice: exec fails otherwise; the text has no keyword for it)" },
  { "base.process.user.ids", OCI_LEVEL_REQUIRED, "config.md", "configPOSIXUser", "1.0.0", NULL,
    "on POSIX platforms process.user.uid and process.user.gid are REQUIRED" },
  { "base.process.consolesize.terminal", OCI_LEVEL_ADVICE, "config.md", "configProcess", "1.0.0", NULL,
    "consoleSize without terminal true has no effect (advice: the text's MUST binds runtimes, "
    "which ignore consoleSize unless terminal is true)" },
  { "base.process.env.format", OCI_LEVEL_ADVICE, "config.md", "configProcess", "1.0.0", NULL,
    "process.env has environ semantics (IEEE 1003.1 XBD 8.1): each entry is name=value with a "
    "non-empty name (advice: config.md only points at environ; a runtime cannot set a "
    "variable without a name)" },
  { "base.process.env.portable", OCI_LEVEL_ADVICE, "config.md", "configProcess", "1.0.0", NULL,
    "process.env names are portable, [A-Za-z_][A-Za-z0-9_]* (advice: XBD 8.1 leaves other "
    "names to the implementation; config.md has no keyword for them)" },
  { "base.process.env.unique", OCI_LEVEL_ADVICE, "config.md", "configProcess", "1.0.0", NULL,
    "process.env names a variable once (advice: XBD 8.1 leaves the effect of a repeated name "
    "undefined)" },

  /* config.md: POSIX process rlimits */
  { "base.rlimits.type.valid", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "an rlimit type MUST map to a resource of the platform's getrlimit (runtimes MUST generate "
    "an error for values which cannot be mapped to a kernel interface)" },
  { "base.rlimits.unique", OCI_LEVEL_MUST, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "rlimits MUST NOT repeat a type (runtimes MUST generate an error for duplicated entries)" },
  { "base.rlimits.soft-within-hard", OCI_LEVEL_ADVICE, "config.md", "configPOSIXProcess", "1.0.0", NULL,
    "an rlimit's soft value does not exceed its hard value (advice: setrlimit(2) refuses soft "
    "above hard, so the runtime cannot make rlim_cur and rlim_max match the values)" },

  /* config.md: mounts */
  { "base.mounts.destination.absolute", OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", "1.2.0",
    "a mount destination MUST be an absolute path" },
  { "base.mounts.destination.absolute", OCI_LEVEL_MUST, "config.md", "configMounts", "1.2.0", NULL,
    "a mount destination MUST be an absolute path on platforms other than Linux" },
  { "base.mounts.destination.linux-relative", OCI_LEVEL_SHOULD, "config.md", "configMounts", "1.2.0", NULL,
    "on Linux a mount destination SHOULD be absolute: relative ones are deprecated (taken relative to /)" },
  { "base.mounts.shadowed", OCI_LEVEL_ADVICE, "config.md", "configMounts", "1.0.0", NULL,
    "a mount does not hide an earlier one (advice: runtimes mount in the listed order, so a "
    "later mount on the same or a parent destination covers it)" },
  { "base.mounts.options.separate", OCI_LEVEL_SHOULD, "config.md", "configLinuxMountOptions", "1.1.0", NULL,
    "each Linux mount option SHOULD be its own string: a known option inside a comma-joined entry "
    "is an unknown option, which runtimes pass to mount(2) as data instead of applying it" },
  { "base.mounts.bind.source", OCI_LEVEL_ADVICE, "config.md", "configMounts", "1.0.2", NULL,
    "a bind mount has a source, a file or directory absolute or relative to the bundle, and "
    "with --host-specific it exists (advice: mount(2) has nothing to bind otherwise, and runc "
    "refuses this)" },

  /* config.md: hostname, domainname */
  { "base.hostname.length", OCI_LEVEL_ADVICE, "config.md", "configHostname", "1.0.0", NULL,
    "hostname fits the platform's limit: Linux 64 bytes, FreeBSD and Solaris 255 (advice: the "
    "kernel refuses a longer name)" },
  { "base.domainname.length", OCI_LEVEL_ADVICE, "config.md", "configDomainname", "1.1.0", NULL,
    "domainname fits the platform's limit: Linux 64 bytes, FreeBSD 255 (advice: the kernel "
    "refuses a longer name)" },
  { "base.domainname.release", OCI_LEVEL_ADVICE, "config.md", "configExtensibility", "1.0.0", "1.1.0",
    "domainname exists from 1.1.0 (advice: a runtime of an older release ignores it as an "
    "unknown property)" },

  /* config.md: annotations */
  { "base.annotations.key.nonempty", OCI_LEVEL_MUST_NOT, "config.md", "configAnnotations", "1.0.0", NULL,
    "annotation keys MUST NOT be an empty string" },
  { "base.annotations.key.reserved", OCI_LEVEL_ADVICE, "config.md", "configAnnotations", "1.0.0", "1.2.0",
    "annotation keys stay out of the org.opencontainers namespace but for the image-spec "
    "conversion keys (advice: the text reserves it for OCI specifications; its MUST NOT binds "
    "them)" },
  { "base.annotations.key.reserved", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.2.0", NULL,
    "keys in the org.opencontainers namespace MUST be as config.md describes: only its "
    "org.opencontainers.image.* keys MAY be used" },
  { "base.annotations.image.value", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.2.0", NULL,
    "an org.opencontainers.image.* value MUST be valid for the image-spec property it names: os and "
    "architecture as GOOS and GOARCH, variant as the Platform Variants table, created RFC 3339, "
    "stopSignal a signal name or number" },
  { "base.annotations.key.reverse-domain", OCI_LEVEL_SHOULD, "config.md", "configAnnotations", "1.0.0", NULL,
    "annotation keys SHOULD be named using a reverse domain notation, e.g. com.example.myKey" },

  /* runtime.md: the state of a container (validate --state) */
  { "base.state.pid", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "pid is REQUIRED when status is created or running on Linux" },
  { "base.state.bundle.absolute", OCI_LEVEL_REQUIRED, "runtime.md", "runtimeState", "1.0.0", NULL,
    "bundle (REQUIRED) is the absolute path to the container's bundle directory" },

  /* features.md (validate --features) */
  { "base.features.version.order", OCI_LEVEL_MUST_NOT, "features.md", "featuresSpecificationVersion", "1.1.0",
    NULL, "the value of ociVersionMax MUST NOT be less than the value of ociVersionMin" },
};

static const OciChecker base_checkers[] = {
  { "base.version", "ociVersion is SemVer", OCI_PHASE_BUNDLE, base_check_version },
  { "base.root", "root is present, its path a directory, conventionally rootfs", OCI_PHASE_BUNDLE,
    base_check_root },
  { "base.bundle", "config.json and the root filesystem stay inside the bundle", OCI_PHASE_BUNDLE,
    base_check_bundle },
  { "base.process", "process cwd, args, user ids, consoleSize", OCI_PHASE_BUNDLE,
    base_check_process },
  { "base.executable", "an absolute args[0] in the root filesystem is executable", OCI_PHASE_BUNDLE,
    base_check_executable },
  { "base.env", "process.env entries are name=value, portable, unique", OCI_PHASE_BUNDLE, base_check_env },
  { "base.rlimits", "rlimit types known to the platform, unique, soft within hard", OCI_PHASE_BUNDLE,
    base_check_rlimits },
  { "base.mounts", "mount destinations, order, options, bind sources", OCI_PHASE_BUNDLE, base_check_mounts },
  { "base.mount-sources", "bind mount sources exist on the host", OCI_PHASE_HOST, base_check_mount_sources },
  { "base.hostname", "hostname and domainname", OCI_PHASE_BUNDLE, base_check_hostname },
  { "base.annotations", "annotation keys", OCI_PHASE_BUNDLE, base_check_annotations },
  { "base.image-annotations", "org.opencontainers.image.* annotation values", OCI_PHASE_BUNDLE,
    base_check_image_annotations },
  { "base.state", "a runtime's state: pid when created or running, absolute bundle", OCI_PHASE_STATE,
    base_check_state },
  { "base.features", "a runtime's features: ociVersionMax not below ociVersionMin", OCI_PHASE_FEATURES,
    base_check_features },
};

void
base_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, base_requirements, G_N_ELEMENTS (base_requirements));
  oci_plugin_add_checkers (plugin, base_checkers, G_N_ELEMENTS (base_checkers));
}
