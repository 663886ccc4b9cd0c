/* A vendor policy plugin for the guard's tests: "no CAP_SYS_ADMIN" (the
 * capability is its setting "capability", so the policy's plugin-option=
 * can be tested); and a
 * faulty one on request: its checker crashes when the config carries the
 * annotation org.example.guardtest.crash, and never returns with
 * org.example.guardtest.hang.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

static const OciRequirement guardtest_requirements[] = {
  { "guardtest.no-sys-admin", OCI_LEVEL_MUST, "config.md", "configProcess", "1.0.0", NULL,
    "a container must not hold CAP_SYS_ADMIN in its bounding set (test vendor rule)" },
};

static const OciSetting guardtest_settings[] = {
  { "capability", OCI_SETTING_STRING, "CAP_SYS_ADMIN", "the capability no container may hold", { NULL } },
};

static gboolean
has_capability (JsonArray *caps, const char *name)
{
  for (guint i = 0; caps && i < json_array_get_length (caps); i++)
    if (g_strcmp0 (json_array_get_string_element (caps, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_sys_admin (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *bounding = oci_config_get_array (config, "/process/capabilities/bounding");
  const char *forbidden = oci_plugin_get_setting_string (oci_check_context_get_plugin (ctx), "capability");

  if (oci_config_has (config, "/annotations/org.example.guardtest.crash"))
    raise (SIGSEGV);
  while (oci_config_has (config, "/annotations/org.example.guardtest.hang"))
    g_usleep (G_USEC_PER_SEC);

  oci_check_expect (ctx, !has_capability (bounding, forbidden), "guardtest.no-sys-admin",
                    "/process/capabilities/bounding", "%s is in the bounding set", forbidden);
  return TRUE;
}

static const OciChecker guardtest_checkers[] = {
  { "guardtest.no-sys-admin", "refuses CAP_SYS_ADMIN", OCI_PHASE_BUNDLE, check_sys_admin },
};

static gboolean
guardtest_init (OciPlugin *plugin, GError **error)
{
  oci_plugin_add_requirements (plugin, guardtest_requirements, G_N_ELEMENTS (guardtest_requirements));
  oci_plugin_add_checkers (plugin, guardtest_checkers, G_N_ELEMENTS (guardtest_checkers));
  oci_plugin_add_settings (plugin, guardtest_settings, G_N_ELEMENTS (guardtest_settings));
  return TRUE;
}

OCI_PLUGIN_DEFINE ("guardtest", "a test vendor policy: no CAP_SYS_ADMIN", "linux", guardtest_init)
