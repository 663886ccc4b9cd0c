/* A faulty vendor plugin for the guard's tests: its checker crashes.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement guardcrash_requirements[] = {
  { "guardcrash.never", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "never checked: the checker crashes first" },
};

static gboolean
check_crash (OciCheckContext *ctx, GError **error)
{
  raise (SIGSEGV);
  return TRUE;
}

static const OciChecker guardcrash_checkers[] = {
  { "guardcrash.never", "crashes", OCI_PHASE_BUNDLE, check_crash },
};

static gboolean
guardcrash_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, guardcrash_requirements, G_N_ELEMENTS (guardcrash_requirements));
  oci_plugin_add_checkers (plugin, guardcrash_checkers, G_N_ELEMENTS (guardcrash_checkers));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("guardcrash", "a test vendor plugin whose checker crashes", "*", guardcrash_init)
