/* A plugin whose checks read only the "org.example.vendor" section: a
 * config without it is validated without opening the module.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement sections_requirements[] = {
  { "testsections.enabled", OCI_LEVEL_MUST, "config.md", "extensibility", "1.0.0", NULL,
    "org.example.vendor.enabled must be true" },
};

static gboolean
check_vendor (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  gboolean enabled = FALSE;

  if (!oci_config_has (config, "/org.example.vendor"))
    return TRUE;
  oci_config_get_boolean (config, "/org.example.vendor/enabled", &enabled);
  oci_check_expect (ctx, enabled,
                    "testsections.enabled", "/org.example.vendor/enabled", "the vendor section is not enabled");
  return TRUE;
}

static const OciChecker sections_checkers[] = {
  { "testsections.vendor", "checks the vendor section", OCI_PHASE_BUNDLE, check_vendor },
};

static const OciOption sections_options[] = {
  { "testsections-enable", NULL, "enable the other section", OCI_OPTION_FLAG, oci_option_set_bool,
    "/org.example.other/enabled" },
};

static gboolean
sections_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, sections_requirements, G_N_ELEMENTS (sections_requirements));
  oci_plugin_add_checkers (plugin, sections_checkers, G_N_ELEMENTS (sections_checkers));
  oci_plugin_add_options (plugin, sections_options, G_N_ELEMENTS (sections_options));
  return TRUE;
}

OCI_PLUGIN_DEFINE_FOR_SECTIONS ("testsections", "reads only its vendor section", "*",
                                "org.example.vendor, org.example.other", sections_init)
