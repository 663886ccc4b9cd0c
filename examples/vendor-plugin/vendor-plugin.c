/* vendor-plugin.c — an out-of-tree plugin built against the installed SDK
 *
 * It adds one requirement of a vendor's own: every config it checks must
 * carry the annotation com.example.owner. Build it with the Makefile here
 * (only `pkg-config --cflags --libs oci-runtime-tools`), then run
 *
 *   oci-runtime-tool --plugin-dir . validate --path BUNDLE
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement example_requirements[] = {
  /* A vendor rule is no spec rule: it links to the spec's annotation
   * section it builds on. */
  { "example.owner", OCI_LEVEL_MUST, "config.md", "configAnnotations", "1.0.0", NULL,
    "configs of Example Corp. MUST name their owner in the com.example.owner annotation" },
};

static gboolean
check_owner (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *owner = oci_config_get_string (config, "/annotations/com.example.owner");

  oci_check_expect (ctx, owner != NULL && *owner != '\0', "example.owner", "/annotations",
                    "the annotation com.example.owner is missing or empty");
  return TRUE;
}

static const OciChecker example_checkers[] = {
  { "example.owner", "the com.example.owner annotation is set", OCI_PHASE_BUNDLE, check_owner },
};

static gboolean
example_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, example_requirements, G_N_ELEMENTS (example_requirements));
  oci_plugin_add_checkers (plugin, example_checkers, G_N_ELEMENTS (example_checkers));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("example", "Example Corp. policy: configs name their owner", "*", example_init)
