/* intelrdt.c — linux.intelRdt: the resctrl group and its schemata
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement intelrdt_requirements[] = {
  { "linux.intelrdt.closid", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxIntelRdt", "1.0.2", "1.3.0",
    "closID names a resctrl sub-directory: not empty, . or .., no '/' (advice: the text names "
    "the sub-directory without a keyword; resctrl refuses others)" },
  { "linux.intelrdt.closid", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxIntelRdt", "1.3.0", NULL,
    "closID names a resctrl sub-directory (not empty, . or .., no '/'), or is / for the "
    "default CLOS (advice: the text names the sub-directory without a keyword; resctrl "
    "refuses others)" },
  { "linux.intelrdt.l3cacheschema", OCI_LEVEL_SHOULD, "config-linux.md", "configLinuxIntelRdt", "1.0.2", NULL,
    "l3CacheSchema SHOULD start with L3: and SHOULD NOT contain newlines" },
  { "linux.intelrdt.membwschema", OCI_LEVEL_MUST, "config-linux.md", "configLinuxIntelRdt", "1.0.2", NULL,
    "memBwSchema MUST start with MB: and MUST NOT contain newlines" },
  { "linux.intelrdt.schemata", OCI_LEVEL_MUST_NOT, "config-linux.md", "configLinuxIntelRdt", "1.3.0", NULL,
    "a schemata line MUST NOT contain newlines" },
};

static gboolean
closid_valid (OciCheckContext *ctx, const char *closid)
{
  if (strcmp (closid, "/") == 0)
    return oci_check_context_release_at_least (ctx, "1.3.0");
  return *closid && strcmp (closid, ".") != 0 && strcmp (closid, "..") != 0 && strchr (closid, '/') == NULL;
}

static void
check_schema (OciCheckContext *ctx, const char *value, const char *prefix, const char *pointer,
              const char *requirement)
{
  g_autofree char *shown = value ? g_strescape (value, NULL) : NULL;

  if (value)
    oci_check_expect (ctx, g_str_has_prefix (value, prefix) && strchr (value, '\n') == NULL, requirement, pointer,
                      "\"%s\" does not start with %s or holds a newline", shown, prefix);
}

static gboolean
check_intelrdt (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *closid = oci_config_get_string (config, "/linux/intelRdt/closID");
  JsonArray *schemata = oci_config_get_array (config, "/linux/intelRdt/schemata");

  if (closid)
    oci_check_expect (ctx, closid_valid (ctx, closid), "linux.intelrdt.closid", "/linux/intelRdt/closID",
                      "\"%s\" is not a resctrl group name in runtime-spec %s", closid,
                      oci_check_context_get_release (ctx));
  check_schema (ctx, oci_config_get_string (config, "/linux/intelRdt/l3CacheSchema"), "L3:",
                "/linux/intelRdt/l3CacheSchema", "linux.intelrdt.l3cacheschema");
  check_schema (ctx, oci_config_get_string (config, "/linux/intelRdt/memBwSchema"), "MB:",
                "/linux/intelRdt/memBwSchema", "linux.intelrdt.membwschema");
  for (guint i = 0; schemata && i < json_array_get_length (schemata); i++)
    {
      const char *line = linux_check_string_at (schemata, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/intelRdt/schemata/%u", i);

      if (line)
        oci_check_expect (ctx, strchr (line, '\n') == NULL, "linux.intelrdt.schemata", ptr,
                          "schemata line %u holds a newline", i);
    }
  return TRUE;
}

static const OciChecker intelrdt_checkers[] = {
  { "linux.intelrdt", "Intel RDT group name and schemata", OCI_PHASE_BUNDLE, check_intelrdt },
};

void
linux_checks_intelrdt_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, intelrdt_requirements, G_N_ELEMENTS (intelrdt_requirements));
  oci_plugin_add_checkers (plugin, intelrdt_checkers, G_N_ELEMENTS (intelrdt_checkers));
}
