/* sysctl.c — linux.sysctl: which namespace isolates each kernel parameter
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement sysctl_requirements[] = {
  { "linux.sysctl.namespace", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSysctl", "1.0.0", NULL,
    "a namespaced sysctl (net.*: network; fs.mqueue.*, kernel.msg*, sem, shm*: ipc; "
    "kernel.hostname, domainname: uts; user.*: user) needs that namespace in linux.namespaces "
    "(advice: it changes the host's otherwise; runc refuses this)" },
  { "linux.sysctl.host", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSysctl", "1.0.0", NULL,
    "a sysctl no namespace isolates changes the whole host (advice: runc refuses this)" },
};

/* Which namespace holds a parameter: by prefix when the name ends with
 * '.', else the whole name. Data from namespaces(7) and the kernel. */
static const struct
{
  const char *name;
  const char *namespace;
} sysctl_namespaces[] = {
  { "net.", "network" },
  { "fs.mqueue.", "ipc" },
  { "kernel.msgmax", "ipc" },
  { "kernel.msgmnb", "ipc" },
  { "kernel.msgmni", "ipc" },
  { "kernel.sem", "ipc" },
  { "kernel.shmall", "ipc" },
  { "kernel.shmmax", "ipc" },
  { "kernel.shmmni", "ipc" },
  { "kernel.shm_rmid_forced", "ipc" },
  { "kernel.hostname", "uts" },
  { "kernel.domainname", "uts" },
  { "user.", "user" },
};

/* sysctl.d(5) also accepts '/' as the separator ("net/ipv4/ip_forward"):
 * there '.' may occur inside a component, so both are swapped. */
static char *
normalise_name (const char *name)
{
  char *copy = g_strdup (name);
  const char *sep = strpbrk (name, "./");

  if (sep && *sep == '/')
    for (char *p = copy; *p; p++)
      *p = *p == '/' ? '.' : *p == '.' ? '/' : *p;
  return copy;
}

static const char *
namespace_of (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sysctl_namespaces); i++)
    {
      const char *entry = sysctl_namespaces[i].name;

      if (g_str_has_suffix (entry, ".") ? g_str_has_prefix (name, entry) : strcmp (name, entry) == 0)
        return sysctl_namespaces[i].namespace;
    }
  return NULL;
}

static gboolean
check_sysctl (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonObject *sysctl = oci_config_get_object (config, "/linux/sysctl");
  g_autoptr(GList) names = sysctl ? json_object_get_members (sysctl) : NULL;

  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *name = normalise_name (l->data);
      g_autofree char *ptr = oci_json_pointer_append ("/linux/sysctl", l->data);
      const char *ns = namespace_of (name);

      if (!oci_check_expect (ctx, ns != NULL, "linux.sysctl.host", ptr,
                             "no namespace isolates %s: setting it changes the host", name))
        continue;
      oci_check_expect (ctx, linux_check_namespace (config, ns).present, "linux.sysctl.namespace", ptr,
                        "%s belongs to the %s namespace, and linux.namespaces has none: it would change "
                        "the host's", name, ns);
    }
  return TRUE;
}

static const OciChecker sysctl_checkers[] = {
  { "linux.sysctl", "kernel parameters and their namespaces", OCI_PHASE_BUNDLE, check_sysctl },
};

void
linux_checks_sysctl_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, sysctl_requirements, G_N_ELEMENTS (sysctl_requirements));
  oci_plugin_add_checkers (plugin, sysctl_checkers, G_N_ELEMENTS (sysctl_checkers));
}
