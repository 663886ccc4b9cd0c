/* host.c — what --host-specific adds: mount types the kernel knows,
 * network interfaces that exist, huge page sizes the host has
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <net/if.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "linux-checks.h"

static const OciRequirement host_requirements[] = {
  { "linux.mounts.type.host", OCI_LEVEL_ADVICE, "config.md", "configPOSIXMounts", "1.0.0", NULL,
    "a mount type is a filesystem the kernel supports (/proc/filesystems, or a module it can "
    "load); bind mounts take any type (advice: the kernel refuses an unknown type)" },
  { "linux.netdevices.host", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "the runtime MUST check that moving the interface is possible: it exists on the host" },
  { "linux.resources.network.priorities.host", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxNetwork", "1.0.0",
    NULL, "a priorities entry names an interface of the runtime network namespace (advice: the "
    "net_prio controller refuses an unknown interface)" },
  { "linux.resources.hugepage.host", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxHugePageLimits", "1.0.0", NULL,
    "a huge page size matches one the host's hugetlb controller has (advice: runtimes cannot "
    "set a limit the controller has no file for)" },
};

/* A module the kernel would load on mount: modules.alias lists it as
 * "alias fs-TYPE MODULE". */
static gboolean
module_provides (const char *type)
{
  struct utsname uts;
  g_autofree char *path = NULL;
  g_autofree char *aliases = NULL;
  g_autofree char *needle = g_strdup_printf ("\nalias fs-%s ", type);

  if (uname (&uts) != 0)
    return FALSE;
  path = g_build_filename ("/lib/modules", uts.release, "modules.alias", NULL);
  return g_file_get_contents (path, &aliases, NULL, NULL) && strstr (aliases, needle) != NULL;
}

static gboolean
filesystem_known (const char *filesystems, const char *type)
{
  g_autofree char *needle = g_strdup_printf ("\t%s\n", type);

  return strstr (filesystems, needle) != NULL || module_provides (type);
}

static void
check_mount_types (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  g_autofree char *filesystems = NULL;

  if (mounts == NULL || !g_file_get_contents ("/proc/filesystems", &filesystems, NULL, NULL))
    return;
  for (guint i = 0; i < json_array_get_length (mounts); i++)
    {
      JsonObject *mount = linux_check_object_at (mounts, i);
      JsonArray *options = oci_json_object_get_array (mount, "options");
      const char *type = oci_json_object_get_string (mount, "type");
      g_autofree char *ptr = g_strdup_printf ("/mounts/%u/type", i);

      if (type == NULL || *type == '\0' || linux_check_strv_has (options, "bind")
          || linux_check_strv_has (options, "rbind"))
        continue;
      oci_check_expect (ctx, filesystem_known (filesystems, type), "linux.mounts.type.host", ptr,
                        "this host's kernel supports no filesystem \"%s\" (/proc/filesystems)", type);
    }
}

static void
check_interfaces (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *devices = oci_config_get_object (config, "/linux/netDevices");
  JsonArray *priorities = oci_config_get_array (config, "/linux/resources/network/priorities");
  g_autoptr(GList) hosts = devices ? json_object_get_members (devices) : NULL;

  for (GList *l = hosts; l; l = l->next)
    {
      g_autofree char *ptr = oci_json_pointer_append ("/linux/netDevices", l->data);

      oci_check_expect (ctx, if_nametoindex (l->data) != 0, "linux.netdevices.host", ptr,
                        "this host has no network interface \"%s\"", (const char *) l->data);
    }
  for (guint i = 0; priorities && i < json_array_get_length (priorities); i++)
    {
      const char *name = oci_json_object_get_string (linux_check_object_at (priorities, i), "name");
      g_autofree char *ptr = g_strdup_printf ("/linux/resources/network/priorities/%u/name", i);

      if (name)
        oci_check_expect (ctx, if_nametoindex (name) != 0, "linux.resources.network.priorities.host", ptr,
                          "this host has no network interface \"%s\"", name);
    }
}

/* "2MB" -> 2048 (kB), 0 if not a size. */
static guint64
page_size_kb (const char *size)
{
  char *end;
  guint64 n = g_ascii_strtoull (size, &end, 10);

  if (end == size || strlen (end) != 2 || end[1] != 'B')
    return 0;
  switch (end[0])
    {
    case 'K': return n;
    case 'M': return n << 10;
    case 'G': return n << 20;
    default: return 0;
    }
}

static void
check_huge_pages (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *pages = oci_config_get_array (config, "/linux/resources/hugepageLimits");
  const char *sysfs = "/sys/kernel/mm/hugepages";

  if (pages == NULL || !g_file_test (sysfs, G_FILE_TEST_IS_DIR))
    return;
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      const char *size = oci_json_object_get_string (linux_check_object_at (pages, i), "pageSize");
      g_autofree char *ptr = g_strdup_printf ("/linux/resources/hugepageLimits/%u/pageSize", i);
      g_autofree char *dir = NULL;

      if (size == NULL || page_size_kb (size) == 0)
        continue;
      dir = g_strdup_printf ("%s/hugepages-%" G_GUINT64_FORMAT "kB", sysfs, page_size_kb (size));
      oci_check_expect (ctx, g_file_test (dir, G_FILE_TEST_IS_DIR), "linux.resources.hugepage.host", ptr,
                        "this host has no %s huge pages (%s)", size, dir);
    }
}

/* A namespace joined by path may be the runtime's own (/proc/1/ns/net on
 * the host): then sysctls and host names set in it change the host's. */
static gboolean
joins_runtime_namespace (OciConfig *config, const char *type, const char *proc_name)
{
  LinuxCheckNamespace ns = linux_check_namespace (config, type);
  g_autofree char *own = g_build_filename ("/proc/self/ns", proc_name, NULL);
  struct stat a, b;

  if (ns.path == NULL || stat (ns.path, &a) != 0 || stat (own, &b) != 0)
    return FALSE;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void
check_joined_namespaces (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *sysctl = oci_config_get_object (config, "/linux/sysctl");
  g_autoptr(GList) names = sysctl ? json_object_get_members (sysctl) : NULL;
  gboolean host_net = joins_runtime_namespace (config, "network", "net");
  gboolean host_uts = joins_runtime_namespace (config, "uts", "uts");
  const char *fields[][2] = { { "/hostname", "linux.hostname.uts" }, { "/domainname", "linux.domainname.uts" } };

  for (GList *l = names; host_net && l; l = l->next)
    {
      g_autofree char *ptr = oci_json_pointer_append ("/linux/sysctl", l->data);

      if (g_str_has_prefix (l->data, "net.") || g_str_has_prefix (l->data, "net/"))
        oci_check_fail (ctx, "linux.sysctl.namespace", ptr,
                        "the network namespace joined is this host's own: %s would change the host's",
                        (const char *) l->data);
    }
  for (gsize i = 0; host_uts && i < G_N_ELEMENTS (fields); i++)
    {
      const char *name = oci_config_get_string (config, fields[i][0]);

      if (name && *name)
        oci_check_fail (ctx, fields[i][1], fields[i][0],
                        "the UTS namespace joined is this host's own: \"%s\" would rename the host", name);
    }
}

static gboolean
check_host (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  check_mount_types (ctx, config);
  check_joined_namespaces (ctx, config);
  check_interfaces (ctx, config);
  check_huge_pages (ctx, config);
  return TRUE;
}

static const OciChecker host_checkers[] = {
  { "linux.host", "mount types, namespaces joined, network interfaces and huge page sizes of this host",
    OCI_PHASE_HOST,
    check_host },
};

void
linux_checks_host_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, host_requirements, G_N_ELEMENTS (host_requirements));
  oci_plugin_add_checkers (plugin, host_checkers, G_N_ELEMENTS (host_checkers));
}
