/* vendor-plugin.c — an out-of-tree plugin built against the installed SDK
 *
 * Example Corp.'s policy, with one of each part a plugin can have:
 *   - metadata (version, licence, URL, vendor, lowest libocirt);
 *   - settings, read from example.conf or --plugin-option example.KEY=VALUE;
 *   - a requirement of the vendor's own, linked to the vendor's page;
 *   - a bundle checker (validate), a generate option (generate),
 *   - a runtime case (runtime-validate) with an inside checker, which
 *     oci-runtimetest runs in the container.
 * example-cxx.cc is a second plugin, written in C++.
 *
 * Build with the Makefile here (only `pkg-config --cflags --libs
 * oci-runtime-tools`), then run
 *
 *   oci-runtime-tool --plugin-dir . plugins example
 *   oci-runtime-tool --plugin-dir . validate --path BUNDLE
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

/* Where the owner is written; a setting, so a site can use its own key. */
#define DEFAULT_ANNOTATION "com.example.owner"

static const OciSetting example_settings[] = {
  { "annotation", OCI_SETTING_STRING, DEFAULT_ANNOTATION, "the annotation that names a config's owner", { NULL } },
  { "require-owner", OCI_SETTING_BOOLEAN, "true", "whether a config without an owner fails (else: skipped)",
    { NULL } },
};

/* Vendor rules are no spec rules: their document is the vendor's own page
 * (an absolute URL, linked as it is) and they name no spec release (NULL:
 * they apply to configs of every release). */
static const OciRequirement example_requirements[] = {
  { "example.owner", OCI_LEVEL_MUST, "https://example.com/container-policy.html", "owner", NULL, NULL,
    "configs of Example Corp. MUST name their owner in an annotation" },
  { "example.inside.owner", OCI_LEVEL_MUST, "https://example.com/container-policy.html", "owner-env", NULL, NULL,
    "the container process MUST see its owner in $EXAMPLE_OWNER" },
};



static gboolean
check_owner (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  /* settings are read-only once init returns: safe from checker threads */
  OciPlugin *self = oci_check_context_get_plugin (ctx);
  const char *key = oci_plugin_get_setting_string (self, "annotation");
  g_autofree char *pointer = g_strconcat ("/annotations/", key, NULL);
  const char *owner = oci_config_get_string (config, pointer);

  if (owner != NULL && *owner != '\0')
    oci_check_pass (ctx, "example.owner");
  else if (oci_plugin_get_setting_boolean (self, "require-owner"))
    oci_check_fail (ctx, "example.owner", "/annotations", "the annotation %s is missing or empty", key);
  else
    oci_check_skip (ctx, "example.owner", "/annotations", "no owner, and example.require-owner is false");
  return TRUE;
}

/* Runs inside the container (oci-runtimetest): the live process against
 * the config it was started with. */
static gboolean
check_inside_owner (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *expected = oci_config_get_string (config, "/annotations/" DEFAULT_ANNOTATION);
  const char *actual = getenv ("EXAMPLE_OWNER");

  if (expected == NULL)
    return TRUE; /* nothing to compare: no result */
  if (actual != NULL && strcmp (actual, expected) == 0)
    oci_check_pass (ctx, "example.inside.owner");
  else
    oci_check_fail_values (ctx, "example.inside.owner", "/process/env", expected, actual ? actual : "(unset)",
                           "$EXAMPLE_OWNER does not name the owner");
  return TRUE;
}

static const OciChecker example_checkers[] = {
  { "example.owner", "the owner annotation is set", OCI_PHASE_BUNDLE, check_owner, { NULL } },
  { "example.inside.owner", "the process sees its owner", OCI_PHASE_INSIDE, check_inside_owner, { NULL } },
};

/* `generate --example-owner NAME`: vendor option names begin with the
 * plugin's name. The generic oci_option_set_string() writes the value at
 * the JSON pointer of the row. */
static const OciOption example_options[] = {
  { "example-owner", "NAME", "name the config's owner (annotation " DEFAULT_ANNOTATION ")", OCI_OPTION_VALUE,
    oci_option_set_string, "/annotations/" DEFAULT_ANNOTATION, NULL, NULL, { NULL } },
};

/* `runtime-validate`: a container made with these generate options must
 * pass the inside checker. */
static const char *const owner_case_options[] = { "--example-owner=ops", "--env=EXAMPLE_OWNER=ops", NULL };
static const char *const owner_case_inside[] = { "example.inside.owner", NULL };
/* the requirement rows the case tests (`requirements` lists its cases) */
static const char *const owner_case_rows[] = { "example.inside.owner", NULL };

static const OciRuntimeCase example_cases[] = {
  { "example.owner-env", "the container process sees its owner", owner_case_options, NULL, owner_case_inside,
    NULL, 0, NULL, NULL, NULL, 0, owner_case_rows, { NULL } },
};

static gboolean
example_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_settings (plugin, example_settings, G_N_ELEMENTS (example_settings));
  oci_plugin_add_requirements (plugin, example_requirements, G_N_ELEMENTS (example_requirements));
  oci_plugin_add_checkers (plugin, example_checkers, G_N_ELEMENTS (example_checkers));
  oci_plugin_add_options (plugin, example_options, G_N_ELEMENTS (example_options));
  oci_plugin_add_runtime_cases (plugin, example_cases, G_N_ELEMENTS (example_cases));
  return TRUE;
}

OCI_PLUGIN_DEFINE_FULL ("example", "Example Corp. policy: configs name their owner", "*", example_init,
                        "1.0.0", "Apache-2.0", "https://example.com/container-policy.html", "Example Corp.",
                        OCI_RUNTIME_TOOLS_VERSION)
