/* States every metadata field, a vendor requirement (absolute URL, no
 * release) and settings of each type.
 * SPDX-License-Identifier: Apache-2.0 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciSetting meta_settings[] = {
  { "label", OCI_SETTING_STRING, "none", "a string", { NULL } },
  { "limit", OCI_SETTING_INT, "10", "an integer", { NULL } },
  { "strict", OCI_SETTING_BOOLEAN, "false", "a boolean", { NULL } },
  { "ratio", OCI_SETTING_DOUBLE, "0.5", "a number", { NULL } },
  { "unset", OCI_SETTING_STRING, NULL, "no default", { NULL } },
};

static const OciRequirement meta_requirements[] = {
  { "testmeta.rule", OCI_LEVEL_MUST, "https://vendor.example/policy.html", "rule", NULL, NULL,
    "a vendor rule of every release" },
};

/* Posts the limit setting as it reads it, so tests see what a checker
 * sees. */
static gboolean
check_rule (OciCheckContext *ctx, GError **error)
{
  OciPlugin *self = oci_check_context_get_plugin (ctx);

  oci_check_fail (ctx, "testmeta.rule", "", "limit=%" G_GINT64_FORMAT,
                  oci_plugin_get_setting_int (self, "limit"));
  return TRUE;
}

static const OciChecker meta_checkers[] = {
  { "testmeta.rule", "posts the limit it reads", OCI_PHASE_BUNDLE, check_rule, { NULL } },
  /* the same inside the container (oci-runtimetest) */
  { "testmeta.inside", "posts the limit it reads, inside", OCI_PHASE_INSIDE, check_rule, { NULL } },
};

static gboolean
meta_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_settings (plugin, meta_settings, G_N_ELEMENTS (meta_settings));
  oci_plugin_add_requirements (plugin, meta_requirements, G_N_ELEMENTS (meta_requirements));
  oci_plugin_add_checkers (plugin, meta_checkers, G_N_ELEMENTS (meta_checkers));
  return TRUE;
}

OCI_PLUGIN_DEFINE_FULL ("testmeta", "metadata and settings", "*", meta_init, "2.3.4", "MIT",
                        "https://vendor.example/testmeta", "Vendor Inc.", "0.0.1")
