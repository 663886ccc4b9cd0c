/* hooks-checks.c — requirements and checkers of lifecycle hooks (config.md)
 *
 * The checkers live in checks/; this file is the catalogue.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "checks/hooks-checks.h"

static const OciRequirement hooks_requirements[] = {
  { "hooks.path.absolute", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.0", NULL,
    "a hook's path MUST be absolute" },
  { "hooks.timeout.positive", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.0", NULL,
    "if set, a hook's timeout MUST be greater than zero" },
  { "hooks.env.format", OCI_LEVEL_ADVICE, "config.md", "configHooks", "1.0.0", NULL,
    "a hook's env has environ semantics (IEEE 1003.1 XBD 8.1): each entry is name=value with "
    "a non-empty name (advice: config.md only points at environ; a runtime cannot set a "
    "variable without a name)" },
  { "hooks.env.portable", OCI_LEVEL_ADVICE, "config.md", "configHooks", "1.0.0", NULL,
    "a hook's env names are portable, [A-Za-z_][A-Za-z0-9_]* (advice: XBD 8.1 leaves other "
    "names to the implementation; config.md has no keyword for them)" },
  { "hooks.env.unique", OCI_LEVEL_ADVICE, "config.md", "configHooks", "1.0.0", NULL,
    "a hook's env names a variable once (advice: XBD 8.1 leaves the effect of a repeated name "
    "undefined)" },
  { "hooks.kind.release", OCI_LEVEL_ADVICE, "config.md", "configExtensibility", "1.0.0", "1.0.2",
    "createRuntime, createContainer and startContainer hooks exist from 1.0.2 (advice: a "
    "runtime of an older release ignores them as unknown properties, so they never run)" },
  { "hooks.path.resolves", OCI_LEVEL_ADVICE, "config.md", "configHooks", "1.0.0", "1.0.2",
    "with --host-specific: a hook's path names an existing file on the host (advice: execv "
    "fails otherwise; the text's MUST comes with 1.0.2)" },
  { "hooks.path.resolves", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.2", NULL,
    "with --host-specific: a hook's path MUST resolve in the runtime namespace (the host), a "
    "startContainer hook's in the container namespace (the root filesystem)" },
  { "hooks.path.executable", OCI_LEVEL_ADVICE, "config.md", "configHooks", "1.0.0", NULL,
    "with --host-specific: the file a hook's path resolves to is executable (advice: execv "
    "fails otherwise; the text has no keyword for it)" },
};

static const OciChecker hooks_checkers[] = {
  { "hooks.config", "hook kinds of the release, absolute paths, timeouts, env", OCI_PHASE_BUNDLE,
    hooks_check_config },
  { "hooks.host", "hook paths resolve to executables (host, or rootfs for startContainer)", OCI_PHASE_HOST,
    hooks_check_host },
};

void
hooks_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, hooks_requirements, G_N_ELEMENTS (hooks_requirements));
  oci_plugin_add_checkers (plugin, hooks_checkers, G_N_ELEMENTS (hooks_checkers));
}
