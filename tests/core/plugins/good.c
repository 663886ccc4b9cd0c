/* A well-formed test plugin: one requirement, two checkers, one option.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement good_requirements[] = {
  { "testgood.flag", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL,
    "the annotation org.example.fail must not be set" },
  { "testgood.advice", OCI_LEVEL_SHOULD, "config.md", "configAnnotations", "1.0.0", NULL,
    "the annotation org.example.warn should not be set" },
};

static gboolean
check_flag (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *fail = oci_config_get_string (config, "/annotations/org.example.fail");
  const char *warn = oci_config_get_string (config, "/annotations/org.example.warn");

  oci_check_expect (ctx, fail == NULL, "testgood.flag", "/annotations/org.example.fail",
                    "org.example.fail is set to \"%s\"", fail);
  oci_check_expect (ctx, warn == NULL, "testgood.advice", "/annotations/org.example.warn",
                    "org.example.warn is set to \"%s\"", warn);
  return TRUE;
}

/* Cannot run when asked to: its GError becomes an error result. */
static gboolean
check_broken (OciCheckContext *ctx, GError **error)
{
  if (!oci_config_has (oci_check_context_get_config (ctx), "/annotations/org.example.break"))
    return TRUE;
  g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT, "deliberately broken checker");
  return FALSE;
}

static const OciChecker good_checkers[] = {
  { "testgood.broken", "fails to run on request", OCI_PHASE_BUNDLE, check_broken },
  { "testgood.flag", "checks annotations", OCI_PHASE_BUNDLE, check_flag },
};

static const OciOption good_options[] = {
  { "testgood-label", "VALUE", "set annotation org.example.label", OCI_OPTION_VALUE, oci_option_set_string,
    "/annotations/org.example.label" },
};

static gboolean
good_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, good_requirements, G_N_ELEMENTS (good_requirements));
  oci_plugin_add_checkers (plugin, good_checkers, G_N_ELEMENTS (good_checkers));
  oci_plugin_add_options (plugin, good_options, G_N_ELEMENTS (good_options));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("testgood", "a good test plugin", "*", good_init)
