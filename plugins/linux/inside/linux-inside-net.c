/* linux-inside-net.c — network devices of linux.netDevices, seen from
 * inside the container: present under their name, up, with the
 * addresses they had on the host (the harness writes those as an
 * annotation per device)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linux-inside.h"

static guint
prefix_length (const struct sockaddr *mask)
{
  const unsigned char *bytes;
  gsize n;
  guint bits = 0;

  if (mask == NULL)
    return 0;
  if (mask->sa_family == AF_INET)
    {
      bytes = (const unsigned char *) &((const struct sockaddr_in *) mask)->sin_addr;
      n = 4;
    }
  else
    {
      bytes = (const unsigned char *) &((const struct sockaddr_in6 *) mask)->sin6_addr;
      n = 16;
    }
  for (gsize i = 0; i < n; i++)
    for (int b = 7; b >= 0; b--)
      bits += (bytes[i] >> b) & 1;
  return bits;
}

/* The addresses of @name as "ADDRESS/PREFIX" strings. */
static GPtrArray *
addresses_of (struct ifaddrs *all, const char *name)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (struct ifaddrs *a = all; a; a = a->ifa_next)
    {
      char text[INET6_ADDRSTRLEN];
      const void *raw;

      if (a->ifa_addr == NULL || g_strcmp0 (a->ifa_name, name) != 0
          || (a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6))
        continue;
      raw = a->ifa_addr->sa_family == AF_INET ? (const void *) &((struct sockaddr_in *) a->ifa_addr)->sin_addr
                                              : (const void *) &((struct sockaddr_in6 *) a->ifa_addr)->sin6_addr;
      if (inet_ntop (a->ifa_addr->sa_family, raw, text, sizeof text))
        g_ptr_array_add (found, g_strdup_printf ("%s/%u", text, prefix_length (a->ifa_netmask)));
    }
  return found;
}

static gboolean
is_up (const char *name, gboolean *up)
{
  struct ifreq req = { 0 };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  g_strlcpy (req.ifr_name, name, sizeof req.ifr_name);
  ok = ioctl (fd, SIOCGIFFLAGS, &req) == 0;
  close (fd);
  *up = ok && (req.ifr_flags & IFF_UP) != 0;
  return ok;
}

static void
check_addresses (OciCheckContext *ctx, struct ifaddrs *all, const char *name, const char *expected)
{
  g_autoptr(GPtrArray) have = addresses_of (all, name);
  g_auto(GStrv) want = g_strsplit (expected, ",", -1);
  g_autofree char *actual = NULL;

  g_ptr_array_add (have, NULL);
  actual = g_strjoinv (",", (char **) have->pdata);
  for (char **w = want; *w; w++)
    if (**w && !g_strv_contains ((const char *const *) have->pdata, *w))
      {
        oci_check_fail_values (ctx, "linux.runtime.net-devices.addresses", "/linux/netDevices", expected, actual,
                               "%s lost its address %s on the way into the container", name, *w);
        return;
      }
  oci_check_pass (ctx, "linux.runtime.net-devices.addresses");
}

static void
check_device (OciCheckContext *ctx, struct ifaddrs *all, const char *host_name, JsonObject *entry)
{
  const char *name = entry ? oci_json_object_get_string (entry, "name") : NULL;
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_NET_ADDRESSES, host_name, NULL);
  const char *expected = linux_inside_annotation (ctx, key);
  gboolean up = FALSE;

  if (name == NULL)
    name = host_name;
  if (if_nametoindex (name) == 0)
    {
      oci_check_fail_values (ctx, "linux.runtime.net-devices.moved", "/linux/netDevices", name, "no such interface",
                             "the network device %s is not in the container", host_name);
      return;
    }
  oci_check_pass (ctx, "linux.runtime.net-devices.moved");
  if (!is_up (name, &up) || !up)
    oci_check_fail_values (ctx, "linux.runtime.net-devices.up", "/linux/netDevices", "up", "down",
                           "the network device %s was not set up in the container", name);
  else
    oci_check_pass (ctx, "linux.runtime.net-devices.up");
  if (expected)
    check_addresses (ctx, all, name, expected);
}

gboolean
linux_inside_check_net_devices (OciCheckContext *ctx, GError **error)
{
  JsonObject *devices = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/netDevices");
  struct ifaddrs *all = NULL;
  g_autoptr(GList) names = NULL;

  if (devices == NULL)
    return TRUE;
  if (getifaddrs (&all) != 0)
    return linux_inside_errno_error (error, errno, "getifaddrs");
  names = json_object_get_members (devices);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (devices, l->data);
      check_device (ctx, all, l->data, JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL);
    }
  freeifaddrs (all);
  return TRUE;
}
