/* capabilities.c — process.capabilities on Linux (config.md), names
 * resolved through libcap
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/capability.h>

#include "linux-checks.h"

/* 1.0.x: "Any value which cannot be mapped to a relevant kernel interface
 * MUST cause an error"; from 1.1.0 such values are logged as warnings and
 * runtimes SHOULD NOT fail. The subset rules were never errors: the
 * kernel drops what it cannot grant, and `runc spec` writes ambient
 * capabilities without inheritable ones. */
static const OciRequirement capability_requirements[] = {
  { "linux.process.capabilities.known", OCI_LEVEL_MUST, "config.md", "configLinuxProcess", "1.0.0", "1.1.0",
    "a capability name MUST map to a kernel capability (CAP_*, capabilities(7))" },
  { "linux.process.capabilities.known", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.1.0", NULL,
    "a capability name maps to a kernel capability (advice: runtimes log one they cannot map "
    "as a warning and go on)" },
  { "linux.process.capabilities.effective", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "an effective capability is also permitted (advice: the kernel cannot grant it otherwise)" },
  { "linux.process.capabilities.ambient", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "an ambient capability is also permitted and inheritable (advice: the kernel cannot grant "
    "it otherwise)" },
};

static const char *const capability_sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };

static int
host_last_cap (void)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/sys/kernel/cap_last_cap", &text, NULL, NULL))
    return (int) g_ascii_strtoll (text, NULL, 10);
  return (int) cap_max_bits () - 1;
}

/* "CAP_CHOWN" as written by the spec: the prefix, upper case, a name
 * libcap knows (not a number, which cap_from_name also accepts). */
static gboolean
capability_known (const char *name, int last_cap)
{
  cap_value_t value;

  if (!g_str_has_prefix (name, "CAP_"))
    return FALSE;
  for (const char *c = name; *c; c++)
    if (g_ascii_islower (*c))
      return FALSE;
  if (cap_from_name (name, &value) != 0)
    return FALSE;
  return last_cap < 0 || value <= last_cap;
}

static void
check_names (OciCheckContext *ctx, JsonObject *caps, const char *set, int last_cap)
{
  JsonArray *names = oci_json_object_get_array (caps, set);

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    {
      const char *name = linux_check_string_at (names, i);
      g_autofree char *ptr = NULL;

      if (name == NULL)
        continue;
      /* The pointer is built only to report a failure. */
      if (capability_known (name, last_cap))
        {
          oci_check_pass (ctx, "linux.process.capabilities.known");
          continue;
        }
      ptr = g_strdup_printf ("/process/capabilities/%s/%u", set, i);
      if (last_cap < 0)
        oci_check_expect (ctx, capability_known (name, last_cap), "linux.process.capabilities.known", ptr,
                          "\"%s\" is not a capability libcap knows (CAP_*)", name);
      else
        oci_check_expect (ctx, capability_known (name, last_cap), "linux.process.capabilities.known", ptr,
                          "\"%s\" is not a capability of this host (CAP_*, number %d at most)", name, last_cap);
    }
}

/* Every member of @set must be in each of the @within sets. */
static void
check_subset (OciCheckContext *ctx, JsonObject *caps, const char *set, const char *const *within,
              const char *requirement)
{
  JsonArray *names = oci_json_object_get_array (caps, set);

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    {
      const char *name = linux_check_string_at (names, i);

      for (const char *const *w = within; name && *w; w++)
        {
          g_autofree char *ptr = NULL;

          if (linux_check_strv_has (oci_json_object_get_array (caps, *w), name))
            {
              oci_check_pass (ctx, requirement);
              continue;
            }
          ptr = g_strdup_printf ("/process/capabilities/%s/%u", set, i);
          oci_check_fail (ctx, requirement, ptr, "%s capability %s is not %s: the kernel will not grant it",
                          set, name, *w);
          break;
        }
    }
}

static gboolean
check_capabilities (OciCheckContext *ctx, GError **error)
{
  JsonObject *caps = oci_config_get_object (oci_check_context_get_config (ctx), "/process/capabilities");
  const char *const permitted[] = { "permitted", NULL };
  const char *const ambient_within[] = { "permitted", "inheritable", NULL };
  int last_cap = oci_check_context_is_host_specific (ctx) ? host_last_cap () : -1;

  if (caps == NULL)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (capability_sets); i++)
    check_names (ctx, caps, capability_sets[i], last_cap);
  check_subset (ctx, caps, "effective", permitted, "linux.process.capabilities.effective");
  check_subset (ctx, caps, "ambient", ambient_within, "linux.process.capabilities.ambient");
  return TRUE;
}

static const OciChecker capability_checkers[] = {
  { "linux.capabilities", "capability names (bounded by the host's last one with --host-specific) and sets",
    OCI_PHASE_BUNDLE, check_capabilities },
};

void
linux_checks_capabilities_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, capability_requirements, G_N_ELEMENTS (capability_requirements));
  oci_plugin_add_checkers (plugin, capability_checkers, G_N_ELEMENTS (capability_checkers));
}
