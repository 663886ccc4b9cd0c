/* personality.c — linux.personality (from 1.0.2)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "linux-checks.h"

static const OciRequirement personality_requirements[] = {
  { "linux.personality.domain", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxPersonality", "1.0.2", NULL,
    "the execution domain is LINUX or LINUX32 (advice: the text lists the values without a "
    "keyword)" },
  { "linux.personality.flags", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxPersonality", "1.0.2", NULL,
    "personality flags are empty (advice: the text defines no flag values yet, so a runtime "
    "cannot apply any)" },
};

static const char *const domains[] = { "LINUX", "LINUX32", NULL };

static gboolean
check_personality (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *domain = oci_config_get_string (config, "/linux/personality/domain");
  JsonArray *flags = oci_config_get_array (config, "/linux/personality/flags");

  if (domain)
    oci_check_expect (ctx, g_strv_contains (domains, domain), "linux.personality.domain",
                      "/linux/personality/domain", "\"%s\" is not an execution domain (LINUX, LINUX32)", domain);
  if (flags)
    oci_check_expect (ctx, json_array_get_length (flags) == 0, "linux.personality.flags",
                      "/linux/personality/flags/0", "personality flags are not supported by runtime-spec %s",
                      oci_check_context_get_release (ctx));
  return TRUE;
}

static const OciChecker personality_checkers[] = {
  { "linux.personality", "execution domain and flags", OCI_PHASE_BUNDLE, check_personality },
};

void
linux_checks_personality_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, personality_requirements, G_N_ELEMENTS (personality_requirements));
  oci_plugin_add_checkers (plugin, personality_checkers, G_N_ELEMENTS (personality_checkers));
}
