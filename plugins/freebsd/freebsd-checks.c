/* freebsd-checks.c — requirements and checkers of config-freebsd.md (1.3.0)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <arpa/inet.h>
#include <string.h>

#include "freebsd-plugin.h"

static const OciRequirement freebsd_requirements[] = {
  { "freebsd.devfs.mount", OCI_LEVEL_SHOULD, "config-freebsd.md", "configFreeBSDDevices", "1.3.0", NULL,
    "each container SHOULD have a devfs filesystem mounted on its /dev directory" },
  { "freebsd.devices.path.required", OCI_LEVEL_REQUIRED, "config-freebsd.md", "configFreeBSDDevices", "1.3.0",
    NULL, "each device has a path (REQUIRED)" },
  { "freebsd.devices.path.relative", OCI_LEVEL_ADVICE, "config-freebsd.md", "configFreeBSDDevices", "1.3.0", NULL,
    "a device path is relative to /dev: not absolute, without '..' components (advice: devfs "
    "resolves it under /dev)" },
  { "freebsd.jail.sharing", OCI_LEVEL_ADVICE, "config-freebsd.md", "configFreeBSDJail", "1.3.0", NULL,
    "ip4, ip6, sysvmsg, sysvsem and sysvshm are disable, new or inherit; host and vnet are "
    "new or inherit (advice: jail(8) refuses other values)" },
  { "freebsd.jail.enforcestatfs.range", OCI_LEVEL_ADVICE, "config-freebsd.md", "configFreeBSDJail", "1.3.0", NULL,
    "enforceStatfs is 0, 1 or 2 (advice: jail(8) refuses other values)" },
  { "freebsd.jail.ipaddr.numeric", OCI_LEVEL_ADVICE, "config-freebsd.md", "configFreeBSDJail", "1.3.0", NULL,
    "ip4Addr and ip6Addr entries are addresses of their family in numeric form (advice: the "
    "text's should is lower-case; jail(8) takes numeric addresses)" },
  { "freebsd.jail.vnet.new", OCI_LEVEL_SHOULD, "config-freebsd.md", "configFreeBSDJail", "1.3.0", NULL,
    "a container with a vnet of its own (vnet \"new\") SHOULD leave ip4 and ip6 unset" },
  { "freebsd.jail.vnet.shared", OCI_LEVEL_SHOULD, "config-freebsd.md", "configFreeBSDJail", "1.3.0", NULL,
    "a container sharing the parent's vnet SHOULD set ip4 and ip6 to \"inherit\" (unless it restricts them "
    "to ip4Addr / ip6Addr or disables them)" },
};

typedef struct
{
  const char *member;
  gboolean can_disable;
} SharingField;

static const SharingField sharing_fields[] = {
  { "host", FALSE }, { "ip4", TRUE }, { "ip6", TRUE }, { "vnet", FALSE },
  { "sysvmsg", TRUE }, { "sysvsem", TRUE }, { "sysvshm", TRUE },
};

typedef struct
{
  const char *sharing; /* "ip4" */
  const char *addrs;   /* "ip4Addr" */
  int family;
} IpFamily;

static const IpFamily ip_families[] = {
  { "ip4", "ip4Addr", AF_INET },
  { "ip6", "ip6Addr", AF_INET6 },
};

static gboolean
check_devfs_mount (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *mounts = oci_config_get_array (config, "/mounts");
  gboolean found = FALSE;

  for (guint i = 0; mounts && i < json_array_get_length (mounts) && !found; i++)
    {
      JsonNode *node = json_array_get_element (mounts, i);
      JsonObject *m = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *dest = oci_json_object_get_string (m, "destination");
      g_autofree char *canon = dest && *dest == '/' ? g_canonicalize_filename (dest, "/") : NULL;

      found = canon && strcmp (canon, "/dev") == 0
              && g_strcmp0 (oci_json_object_get_string (m, "type"), "devfs") == 0;
    }
  oci_check_expect (ctx, found, "freebsd.devfs.mount", mounts ? "/mounts" : "",
                    "no devfs filesystem is mounted on /dev");
  return TRUE;
}

static gboolean
is_relative_to_dev (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (*path == '\0' || *path == '/')
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (char **p = parts; *p; p++)
    if (strcmp (*p, "..") == 0)
      return FALSE;
  return TRUE;
}

static void
check_devices (OciCheckContext *ctx, OciConfig *config)
{
  JsonArray *devices = oci_config_get_array (config, "/freebsd/devices");

  for (guint i = 0; devices && i < json_array_get_length (devices); i++)
    {
      JsonNode *node = json_array_get_element (devices, i);
      JsonObject *dev = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *path = oci_json_object_get_string (dev, "path");
      g_autofree char *ptr = g_strdup_printf ("/freebsd/devices/%u", i);
      g_autofree char *path_ptr = g_strconcat (ptr, "/path", NULL);

      if (dev == NULL)
        continue;
      oci_check_expect (ctx, json_object_has_member (dev, "path"), "freebsd.devices.path.required", ptr,
                        "device %u has no path", i);
      if (path)
        oci_check_expect (ctx, is_relative_to_dev (path), "freebsd.devices.path.relative", path_ptr,
                          "\"%s\" is not a path relative to /dev", path);
    }
}

static void
check_sharing (OciCheckContext *ctx, JsonObject *jail)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sharing_fields); i++)
    {
      const SharingField *f = &sharing_fields[i];
      const char *value = oci_json_object_get_string (jail, f->member);
      g_autofree char *ptr = g_strconcat ("/freebsd/jail/", f->member, NULL);
      gboolean ok;

      if (value == NULL)
        continue;
      ok = strcmp (value, "new") == 0 || strcmp (value, "inherit") == 0
           || (f->can_disable && strcmp (value, "disable") == 0);
      oci_check_expect (ctx, ok, "freebsd.jail.sharing", ptr, "%s is \"%s\", not %s", f->member, value,
                        f->can_disable ? "\"disable\", \"new\" or \"inherit\"" : "\"new\" or \"inherit\"");
    }
}

static gboolean
is_numeric_address (const char *entry, int family)
{
  g_autofree char *addr = g_strdup (entry);
  char *slash = strchr (addr, '/');
  guchar buf[16];
  guint64 prefix;

  if (slash)
    *slash = '\0';
  if (inet_pton (family, addr, buf) != 1)
    return FALSE;
  return slash == NULL
         || g_ascii_string_to_unsigned (slash + 1, 10, 0, family == AF_INET ? 32 : 128, &prefix, NULL);
}

static void
check_addresses (OciCheckContext *ctx, JsonObject *jail, const IpFamily *f)
{
  JsonArray *addrs = oci_json_object_get_array (jail, f->addrs);

  for (guint i = 0; addrs && i < json_array_get_length (addrs); i++)
    {
      JsonNode *node = json_array_get_element (addrs, i);
      const char *entry = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                            ? json_node_get_string (node) : NULL;
      g_autofree char *ptr = g_strdup_printf ("/freebsd/jail/%s/%u", f->addrs, i);

      if (entry)
        oci_check_expect (ctx, is_numeric_address (entry, f->family), "freebsd.jail.ipaddr.numeric", ptr,
                          "\"%s\" is not an IPv%c address in numeric form", entry,
                          f->family == AF_INET ? '4' : '6');
    }
}

/* The two SHOULDs of the text on vnet and ip4 / ip6. */
static void
check_vnet (OciCheckContext *ctx, JsonObject *jail, const IpFamily *f)
{
  const char *vnet = oci_json_object_get_string (jail, "vnet");
  const char *ip = oci_json_object_get_string (jail, f->sharing);
  JsonArray *addrs = oci_json_object_get_array (jail, f->addrs);
  g_autofree char *ptr = g_strconcat ("/freebsd/jail/", f->sharing, NULL);

  if (g_strcmp0 (vnet, "new") == 0)
    {
      oci_check_expect (ctx, !json_object_has_member (jail, f->sharing), "freebsd.jail.vnet.new", ptr,
                        "vnet is \"new\", yet %s is set", f->sharing);
      return;
    }
  /* Sharing the vnet: addresses left unusable (no ipNAddr, ipN unset or
   * "new") are what the text warns about; "disable" is a choice. */
  if (addrs && json_array_get_length (addrs) > 0)
    return;
  oci_check_expect (ctx, ip && (strcmp (ip, "inherit") == 0 || strcmp (ip, "disable") == 0),
                    "freebsd.jail.vnet.shared", ip ? ptr : "/freebsd/jail",
                    "the container shares the parent's vnet but %s is %s%s%s and %s is empty: set %s to "
                    "\"inherit\"", f->sharing, ip ? "\"" : "", ip ? ip : "unset", ip ? "\"" : "", f->addrs,
                    f->sharing);
}

static void
check_jail (OciCheckContext *ctx, OciConfig *config)
{
  JsonObject *jail = oci_config_get_object (config, "/freebsd/jail");
  gint64 statfs;

  if (jail == NULL)
    return;
  check_sharing (ctx, jail);
  if (oci_json_object_get_int (jail, "enforceStatfs", &statfs))
    oci_check_expect (ctx, statfs >= 0 && statfs <= 2, "freebsd.jail.enforcestatfs.range",
                      "/freebsd/jail/enforceStatfs", "enforceStatfs is %" G_GINT64_FORMAT ", not 0, 1 or 2",
                      statfs);
  for (gsize i = 0; i < G_N_ELEMENTS (ip_families); i++)
    {
      check_addresses (ctx, jail, &ip_families[i]);
      check_vnet (ctx, jail, &ip_families[i]);
    }
}

static gboolean
check_freebsd (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  check_devices (ctx, config);
  check_jail (ctx, config);
  return TRUE;
}

static const OciChecker freebsd_checkers[] = {
  { "freebsd.config", "the freebsd object: devices and jail parameters", OCI_PHASE_BUNDLE, check_freebsd },
  { "freebsd.devfs", "a devfs filesystem is mounted on /dev", OCI_PHASE_BUNDLE, check_devfs_mount },
};

void
freebsd_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, freebsd_requirements, G_N_ELEMENTS (freebsd_requirements));
  oci_plugin_add_checkers (plugin, freebsd_checkers, G_N_ELEMENTS (freebsd_checkers));
}
