/* freebsd-options.c — generate options, defaults and field order of config-freebsd.md
 *
 * The Go tool has no FreeBSD options; these follow its naming: one option
 * per field, named after the field (--freebsd-jail-ip4Addr), devices with
 * add / remove / remove-all. The whole section is new in runtime-spec
 * 1.3.0.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <arpa/inet.h>
#include <string.h>

#include "freebsd-plugin.h"

#define SINCE "1.3.0"

static const char *const sharing[] = { "disable", "new", "inherit", NULL };
static const char *const sharing_no_disable[] = { "new", "inherit", NULL };

static OciConfig *
config_of (OciGenerateContext *gen)
{
  return oci_generate_context_get_config (gen);
}

static gboolean
apply_choice (OciGenerateContext *gen, const OciOption *option, const char *value, const char *const *choices,
              GError **error)
{
  if (value == NULL || !g_strv_contains (choices, value))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) choices);
      g_propagate_error (error, oci_option_value_error (option, value, "not one of %s", known));
      return FALSE;
    }
  oci_config_set_string (config_of (gen), option->pointer, value);
  return TRUE;
}

/* ip4, ip6, sysvmsg, sysvsem, sysvshm */
static gboolean
apply_sharing (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_choice (gen, option, value, sharing, error);
}

/* host and vnet cannot be disabled */
static gboolean
apply_sharing_no_disable (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return apply_choice (gen, option, value, sharing_no_disable, error);
}

static gboolean
apply_address (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  int family = g_str_has_suffix (option->name, "ip6Addr") ? AF_INET6 : AF_INET;
  guchar buf[sizeof (struct in6_addr)];

  if (value == NULL || inet_pton (family, value, buf) != 1)
    {
      g_propagate_error (error, oci_option_value_error (option, value, "not a numeric IPv%c address",
                                                        family == AF_INET6 ? '6' : '4'));
      return FALSE;
    }
  oci_config_append_string (config_of (gen), option->pointer, value);
  return TRUE;
}

/* 0: all host mounts visible, 1: those under the jail's root, 2: the root alone. */
static gboolean
apply_enforce_statfs (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 2, &v, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected 0, 1 or 2"));
      return FALSE;
    }
  oci_config_set_int (config_of (gen), option->pointer, (gint64) v);
  return TRUE;
}

static gboolean
apply_nonempty_append (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, oci_option_value_error (option, value, "the value is empty"));
      return FALSE;
    }
  oci_config_append_string (config_of (gen), option->pointer, value);
  return TRUE;
}

/* ---- devices ---------------------------------------------------------- */

/* A mode as chmod(1) takes it: octal digits ("0660" or "660"). */
static gboolean
parse_mode (const char *text, guint64 *mode)
{
  return g_ascii_string_to_unsigned (text, 8, 0, 07777, mode, NULL);
}

/* PATH[:mode=OCTAL]; a device with the same path is replaced. */
static gboolean
apply_device_add (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  guint n = g_strv_length (parts);
  guint64 mode = 0;
  JsonArray *devices;
  JsonObject *device;
  gint at;

  if (n == 0 || n > 2 || *parts[0] == '\0' || parts[0][0] == '/'
      || (n == 2 && (!g_str_has_prefix (parts[1], "mode=") || !parse_mode (parts[1] + 5, &mode))))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "expected a path relative to /dev, then optionally "
                                                        ":mode= and an octal file mode"));
      return FALSE;
    }
  device = json_object_new ();
  json_object_set_string_member (device, "path", parts[0]);
  if (n == 2)
    json_object_set_int_member (device, "mode", (gint64) mode);
  devices = oci_config_ensure_array (config_of (gen), option->pointer);
  at = oci_generate_context_find_element (gen, devices, "path", parts[0]);
  if (at >= 0)
    json_node_set_object (json_array_get_element (devices, at), device);
  else
    json_array_add_object_element (devices, json_object_ref (device));
  json_object_unref (device);
  return TRUE;
}

/* Drops the freebsd object when nothing is left in it. */
static void
prune_freebsd (OciConfig *config)
{
  JsonObject *freebsd = oci_config_get_object (config, "/freebsd");

  if (freebsd && json_object_get_size (freebsd) == 0)
    oci_config_remove (config, "/freebsd");
}

static gboolean
apply_device_remove (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonArray *devices = oci_config_get_array (config_of (gen), option->pointer);

  while (devices && oci_generate_context_remove_element (gen, devices, "path", value) >= 0)
    ;
  if (devices && json_array_get_length (devices) == 0)
    {
      oci_config_remove (config_of (gen), option->pointer);
      prune_freebsd (config_of (gen));
    }
  return TRUE;
}

static gboolean
apply_device_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean on;

  if (!oci_option_parse_bool (option, value, &on, error))
    return FALSE;
  if (on)
    {
      oci_config_remove (config_of (gen), option->pointer);
      prune_freebsd (config_of (gen));
    }
  return TRUE;
}

#define F "freebsd-"
#define JAIL F "jail-"
#define ALLOW JAIL "allow-"
#define FLAG(name, help) \
  { ALLOW name, NULL, help, OCI_OPTION_FLAG, oci_option_set_bool, "/freebsd/jail/allow/" name, SINCE }

static const OciOption freebsd_options[] = {
  { F "device-add", "PATH[:mode=OCTAL]",
    "Make /dev/PATH visible in the jail (a device with the same path is replaced)",
    OCI_OPTION_VALUE, apply_device_add, "/freebsd/devices", SINCE },
  { F "device-remove", "PATH", "Remove the device of this path", OCI_OPTION_VALUE, apply_device_remove,
    "/freebsd/devices", SINCE },
  { F "device-remove-all", NULL, "Remove every device", OCI_OPTION_FLAG | OCI_OPTION_CLEARS, apply_device_remove_all,
    "/freebsd/devices", SINCE },
  { JAIL "parent", "NAME", "Parent jail of the container's jail", OCI_OPTION_VALUE, oci_option_set_string,
    "/freebsd/jail/parent", SINCE },
  { JAIL "host", "new|inherit", "Own hostname, domainname, hostuuid and hostid, or the parent's",
    OCI_OPTION_VALUE, apply_sharing_no_disable, "/freebsd/jail/host", SINCE },
  { JAIL "ip4", "disable|new|inherit", "IPv4 availability", OCI_OPTION_VALUE, apply_sharing,
    "/freebsd/jail/ip4", SINCE },
  { JAIL "ip4Addr", "ADDRESS", "Restrict IPv4 to this address (repeatable)", OCI_OPTION_VALUE, apply_address,
    "/freebsd/jail/ip4Addr", SINCE },
  { JAIL "ip6", "disable|new|inherit", "IPv6 availability", OCI_OPTION_VALUE, apply_sharing,
    "/freebsd/jail/ip6", SINCE },
  { JAIL "ip6Addr", "ADDRESS", "Restrict IPv6 to this address (repeatable)", OCI_OPTION_VALUE, apply_address,
    "/freebsd/jail/ip6Addr", SINCE },
  { JAIL "vnet", "new|inherit", "A network stack of its own, or the parent's", OCI_OPTION_VALUE,
    apply_sharing_no_disable, "/freebsd/jail/vnet", SINCE },
  { JAIL "interface", "IF", "Interface the jail's addresses are added to", OCI_OPTION_VALUE,
    oci_option_set_string, "/freebsd/jail/interface", SINCE },
  { JAIL "vnetInterfaces", "IF", "Move this interface into the jail's vnet (repeatable)", OCI_OPTION_VALUE,
    apply_nonempty_append, "/freebsd/jail/vnetInterfaces", SINCE },
  { JAIL "sysvmsg", "disable|new|inherit", "System V message queues", OCI_OPTION_VALUE, apply_sharing,
    "/freebsd/jail/sysvmsg", SINCE },
  { JAIL "sysvsem", "disable|new|inherit", "System V semaphores", OCI_OPTION_VALUE, apply_sharing,
    "/freebsd/jail/sysvsem", SINCE },
  { JAIL "sysvshm", "disable|new|inherit", "System V shared memory", OCI_OPTION_VALUE, apply_sharing,
    "/freebsd/jail/sysvshm", SINCE },
  { JAIL "enforceStatfs", "0|1|2", "Mounts visible: 0 all, 1 those under the jail's root, 2 its root alone",
    OCI_OPTION_VALUE, apply_enforce_statfs, "/freebsd/jail/enforceStatfs", SINCE },
  FLAG ("setHostname", "Allow changing the hostname"),
  FLAG ("rawSockets", "Allow raw sockets"),
  FLAG ("chflags", "Allow changing system file flags"),
  { ALLOW "mount", "FSTYPE", "Allow mounting file systems of this type (repeatable)", OCI_OPTION_VALUE,
    apply_nonempty_append, "/freebsd/jail/allow/mount", SINCE },
  FLAG ("quotas", "Allow changing file system quotas"),
  FLAG ("socketAf", "Allow socket families other than IPv4, IPv6 and unix"),
  FLAG ("mlock", "Allow mlock(2) and munlock(2)"),
  FLAG ("reservedPorts", "Allow binding ports below 1024"),
  FLAG ("suser", "The jail's security.bsd.suser_enabled"),
};

/* ---- defaults and field order ----------------------------------------- */

static gboolean
has_mount_at (OciConfig *config, const char *destination)
{
  JsonArray *mounts = oci_config_get_array (config, "/mounts");

  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *node = json_array_get_element (mounts, i);
      JsonObject *mount = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      if (g_strcmp0 (oci_json_object_get_string (mount, "destination"), destination) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
add_mount (OciConfig *config, const char *destination, const char *type, const char *source,
           const char *option)
{
  JsonObject *mount = json_object_new ();

  json_object_set_string_member (mount, "destination", destination);
  json_object_set_string_member (mount, "type", type);
  json_object_set_string_member (mount, "source", source);
  if (option)
    {
      JsonArray *options = json_array_new ();
      json_array_add_string_element (options, option);
      json_object_set_array_member (mount, "options", options);
    }
  oci_config_append (config, "/mounts", json_node_init_object (json_node_alloc (), mount));
  json_object_unref (mount);
}

/* The Go tool's FreeBSD mounts: devfs with the usual jail ruleset (4,
 * devfsrules_jail) at /dev, and fdescfs at /dev/fd; config-freebsd.md
 * says each container SHOULD have a devfs at /dev. Added unless a
 * mount is already there. */
static gboolean
freebsd_defaults (OciGenerateContext *gen, GError **error)
{
  OciConfig *config = config_of (gen);

  if (g_strcmp0 (oci_generate_context_get_os (gen), "freebsd") != 0)
    return TRUE;
  if (!has_mount_at (config, "/dev"))
    add_mount (config, "/dev", "devfs", "devfs", "ruleset=4");
  if (!has_mount_at (config, "/dev/fd"))
    add_mount (config, "/dev/fd", "fdescfs", "fdesc", NULL);
  return TRUE;
}

/* specs-go v1.3.0 struct field order. */
static const char *const freebsd_order[] = { "devices", "jail", NULL };
static const char *const device_order[] = { "path", "mode", NULL };
static const char *const jail_order[] = {
  "parent", "host", "ip4", "ip4Addr", "ip6", "ip6Addr", "vnet", "interface", "vnetInterfaces",
  "sysvmsg", "sysvsem", "sysvshm", "enforceStatfs", "allow", NULL,
};
static const char *const allow_order[] = {
  "setHostname", "rawSockets", "chflags", "mount", "quotas", "socketAf", "mlock", "reservedPorts",
  "suser", NULL,
};

static const OciFieldOrder freebsd_field_orders[] = {
  { "/freebsd", OCI_FIELD_ORDER_LISTED, freebsd_order },
  { "/freebsd/devices/*", OCI_FIELD_ORDER_LISTED, device_order },
  { "/freebsd/jail", OCI_FIELD_ORDER_LISTED, jail_order },
  { "/freebsd/jail/allow", OCI_FIELD_ORDER_LISTED, allow_order },
};

void
freebsd_register_options (OciPlugin *plugin)
{
  oci_plugin_add_options (plugin, freebsd_options, G_N_ELEMENTS (freebsd_options));
  oci_plugin_add_field_orders (plugin, freebsd_field_orders, G_N_ELEMENTS (freebsd_field_orders));
  oci_plugin_set_defaults (plugin, freebsd_defaults);
}
