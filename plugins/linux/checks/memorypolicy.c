/* memorypolicy.c — linux.memoryPolicy (from 1.3.0), as set_mempolicy(2)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement mempolicy_requirements[] = {
  { "linux.memorypolicy.mode", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemoryPolicy", "1.3.0", NULL,
    "mode is one of the MPOL_* constants the text lists (advice: set_mempolicy(2) refuses "
    "others)" },
  { "linux.memorypolicy.nodes", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemoryPolicy", "1.3.0", NULL,
    "nodes is a comma-separated list with dashes for ranges, such as 0-3,7 (advice: the "
    "kernel's node list syntax)" },
  { "linux.memorypolicy.nodes.mode", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemoryPolicy", "1.3.0", NULL,
    "MPOL_DEFAULT and MPOL_LOCAL take no nodes; MPOL_BIND, MPOL_INTERLEAVE, "
    "MPOL_WEIGHTED_INTERLEAVE and MPOL_PREFERRED_MANY at least one (advice: set_mempolicy(2) "
    "refuses this)" },
  { "linux.memorypolicy.flags", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMemoryPolicy", "1.3.0", NULL,
    "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other (advice: "
    "set_mempolicy(2) refuses both)" },
};

/* How many nodes each mode takes: 0 none, 1 at least one, -1 any. */
static const struct
{
  const char *mode;
  int nodes;
} modes[] = {
  { "MPOL_DEFAULT", 0 }, { "MPOL_LOCAL", 0 }, { "MPOL_BIND", 1 }, { "MPOL_INTERLEAVE", 1 },
  { "MPOL_WEIGHTED_INTERLEAVE", 1 }, { "MPOL_PREFERRED_MANY", 1 }, { "MPOL_PREFERRED", -1 },
};

static int
mode_nodes (const char *mode)
{
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    if (strcmp (modes[i].mode, mode) == 0)
      return modes[i].nodes;
  return -2;
}

static gboolean
check_memory_policy (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *mode = oci_config_get_string (config, "/linux/memoryPolicy/mode");
  const char *nodes = oci_config_get_string (config, "/linux/memoryPolicy/nodes");
  JsonArray *flags = oci_config_get_array (config, "/linux/memoryPolicy/flags");
  guint count = 0;
  int wanted;

  if (mode == NULL)
    return TRUE;
  wanted = mode_nodes (mode);
  oci_check_expect (ctx, wanted != -2, "linux.memorypolicy.mode", "/linux/memoryPolicy/mode",
                    "\"%s\" is not a memory policy mode", mode);
  if (nodes && !oci_check_expect (ctx, linux_check_id_list (nodes, &count), "linux.memorypolicy.nodes",
                                  "/linux/memoryPolicy/nodes", "\"%s\" is not a node list such as 0-3,7", nodes))
    return TRUE;
  if (wanted >= 0)
    oci_check_expect (ctx, wanted == 0 ? count == 0 : count > 0, "linux.memorypolicy.nodes.mode",
                      nodes ? "/linux/memoryPolicy/nodes" : "/linux/memoryPolicy",
                      wanted == 0 ? "%s takes no nodes" : "%s needs at least one node", mode);
  if (flags)
    oci_check_expect (ctx, !(linux_check_strv_has (flags, "MPOL_F_STATIC_NODES")
                             && linux_check_strv_has (flags, "MPOL_F_RELATIVE_NODES")),
                      "linux.memorypolicy.flags", "/linux/memoryPolicy/flags",
                      "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES cannot be used together");
  return TRUE;
}

static const OciChecker mempolicy_checkers[] = {
  { "linux.memorypolicy", "NUMA memory policy: mode, nodes and flags", OCI_PHASE_BUNDLE, check_memory_policy },
};

void
linux_checks_memorypolicy_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, mempolicy_requirements, G_N_ELEMENTS (mempolicy_requirements));
  oci_plugin_add_checkers (plugin, mempolicy_checkers, G_N_ELEMENTS (mempolicy_checkers));
}
