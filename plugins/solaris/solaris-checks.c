/* solaris-checks.c — requirements and checkers of config-solaris.md
 *
 * config-solaris.md types every field as a string and defines its value by
 * the zonecfg(1M), dladm(1M), priv_str_to_set(3C) and smf(5) property it
 * maps to; the checks here hold each string to that syntax.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <arpa/inet.h>
#include <string.h>

#include "solaris-plugin.h"

static const OciRequirement solaris_requirements[] = {
  { "solaris.fields.type", OCI_LEVEL_ADVICE, "config-solaris.md", "solarisApplicationContainerConfiguration",
    "1.0.0", NULL, "each field of the solaris object has the type config-solaris.md gives it (advice: "
    "zonecfg reads these as strings of its own syntax)" },
  { "solaris.milestone.fmri", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisMilestone", "1.0.0", NULL,
    "milestone is an SMF FMRI, svc:/service[:instance] (advice: SMF knows no other name)" },
  { "solaris.limitpriv.syntax", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisLimitpriv", "1.0.0", NULL,
    "limitpriv is a comma-separated privilege set specification (advice: priv_str_to_set(3C) "
    "refuses others)" },
  { "solaris.maxshmmemory.size", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisMaxShmMemory", "1.0.0",
    NULL, "maxShmMemory is a number with an optional scale, K, M, G or T (advice: zonecfg refuses "
    "others)" },
  { "solaris.cappedcpu.ncpus", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisCappedCpu", "1.0.0", NULL,
    "cappedCPU.ncpus is a positive number of CPUs: whole, a fraction (.75) or mixed (1.25) "
    "(advice: zonecfg refuses others)" },
  { "solaris.cappedmemory.size", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisCappedMemory", "1.0.0",
    NULL, "cappedMemory physical and swap are numbers with an optional scale, K, M, G or T (advice: "
    "zonecfg refuses others)" },
  { "solaris.anet.linkname", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork", "1.0.0",
    NULL, "an anet linkname is a datalink name: letters, digits, '_', '.'; not starting but ending "
    "with a digit; at most 31 characters (advice: dladm refuses others)" },
  { "solaris.anet.linkname.unique", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork",
    "1.0.0", NULL, "no two anet entries create a VNIC of the same linkname (advice: dladm refuses the "
    "second)" },
  { "solaris.anet.lowerlink", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork", "1.0.0",
    NULL, "an anet lowerLink is a datalink name or auto (advice: zonecfg lower-link takes nothing "
    "else)" },
  { "solaris.anet.allowedaddress", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork",
    "1.0.0", NULL, "an anet allowedAddress is a comma-separated list of IP addresses, each with an optional "
    "/prefix length (advice: zonecfg allowed-address refuses others)" },
  { "solaris.anet.configureallowedaddress", OCI_LEVEL_ADVICE, "config-solaris.md",
    "configSolarisAutomaticNetwork", "1.0.0", NULL, "an anet configureAllowedAddress is \"true\" or \"false\" (advice: zonecfg takes nothing "
    "else)" },
  { "solaris.anet.defrouter", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork", "1.0.0",
    NULL, "an anet defrouter is a comma-separated list of IP addresses (advice: zonecfg defrouter "
    "refuses others)" },
  { "solaris.anet.macaddress", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork", "1.0.0",
    NULL, "an anet macAddress is a zonecfg keyword (factory, random, auto, vrrp) or a unicast MAC "
    "address (advice: zonecfg refuses others)" },
  { "solaris.anet.linkprotection", OCI_LEVEL_ADVICE, "config-solaris.md", "configSolarisAutomaticNetwork",
    "1.0.0", NULL, "an anet linkProtection is a comma-separated list of dladm protection types: mac-nospoof, "
    "ip-nospoof, dhcp-nospoof, restricted (advice: dladm refuses others)" },
};

typedef struct
{
  const char *pointer; /* relative to /solaris; "*" stands for each anet element */
  JsonNodeType node_type;
  GType value_type;    /* for JSON_NODE_VALUE */
} SolarisField;

/* Every field of config-solaris.md with its type: strings but the containers. */
static const SolarisField solaris_fields[] = {
  { "", JSON_NODE_OBJECT, 0 },
  { "/milestone", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/limitpriv", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/maxShmMemory", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedCPU", JSON_NODE_OBJECT, 0 },
  { "/cappedCPU/ncpus", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedMemory", JSON_NODE_OBJECT, 0 },
  { "/cappedMemory/physical", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/cappedMemory/swap", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet", JSON_NODE_ARRAY, 0 },
  { "/anet/*", JSON_NODE_OBJECT, 0 },
  { "/anet/*/linkname", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/lowerLink", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/allowedAddress", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/configureAllowedAddress", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/defrouter", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/linkProtection", JSON_NODE_VALUE, G_TYPE_STRING },
  { "/anet/*/macAddress", JSON_NODE_VALUE, G_TYPE_STRING },
};

/* dladm(1M) link protection types. */
static const char *const protection_types[] = { "mac-nospoof", "ip-nospoof", "dhcp-nospoof", "restricted", NULL };
/* zonecfg(1M) mac-address keywords. */
static const char *const mac_keywords[] = { "factory", "random", "auto", "vrrp", NULL };

/* A string syntax and the requirement it serves, for one anet member. */
typedef struct
{
  const char *member;
  const char *requirement;
  gboolean (*valid) (const char *value);
  const char *what;
} AnetSyntax;

static const char *
type_name (JsonNodeType node_type, GType value_type)
{
  if (node_type == JSON_NODE_OBJECT)
    return "an object";
  if (node_type == JSON_NODE_ARRAY)
    return "an array";
  if (node_type == JSON_NODE_NULL)
    return "null";
  return value_type == G_TYPE_STRING ? "a string" : value_type == G_TYPE_BOOLEAN ? "a boolean" : "a number";
}

static void
check_field (OciCheckContext *ctx, const SolarisField *field, const char *pointer)
{
  JsonNode *node = oci_config_lookup (oci_check_context_get_config (ctx), pointer);
  JsonNodeType t;
  GType vt = 0;

  if (node == NULL)
    return;
  t = JSON_NODE_TYPE (node);
  if (t == JSON_NODE_VALUE)
    vt = json_node_get_value_type (node);
  oci_check_expect (ctx, t == field->node_type && (t != JSON_NODE_VALUE || vt == field->value_type),
                    "solaris.fields.type", pointer, "%s must be %s, not %s", pointer,
                    type_name (field->node_type, field->value_type), type_name (t, vt));
}

static void
check_types (OciCheckContext *ctx, guint n_anet)
{
  for (gsize i = 0; i < G_N_ELEMENTS (solaris_fields); i++)
    {
      const SolarisField *f = &solaris_fields[i];
      const char *star = strchr (f->pointer, '*');
      g_autofree char *head = NULL;

      if (star == NULL)
        {
          g_autofree char *ptr = g_strconcat ("/solaris", f->pointer, NULL);
          check_field (ctx, f, ptr);
          continue;
        }
      head = g_strndup (f->pointer, star - f->pointer);
      for (guint k = 0; k < n_anet; k++)
        {
          g_autofree char *ptr = g_strdup_printf ("/solaris%s%u%s", head, k, star + 1);
          check_field (ctx, f, ptr);
        }
    }
}

static gboolean
all_chars_in (const char *s, gsize len, const char *extra)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && strchr (extra, s[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* svc:/name[/name…][:instance] or svc://host/…, as smf(5) writes FMRIs. */
static gboolean
is_fmri (const char *s)
{
  const char *colon;
  g_autofree char *service = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (s, "svc:/"))
    return FALSE;
  s += strlen ("svc:/");
  if (*s == '/')
    {
      const char *slash = strchr (s + 1, '/');
      if (slash == NULL || slash == s + 1)
        return FALSE;
      s = slash + 1;
    }
  colon = strchr (s, ':');
  if (colon && (colon[1] == '\0' || !all_chars_in (colon + 1, strlen (colon + 1), "_-.,")))
    return FALSE;
  service = colon ? g_strndup (s, colon - s) : g_strdup (s);
  parts = g_strsplit (service, "/", -1);
  for (char **p = parts; *p; p++)
    if (**p == '\0' || !all_chars_in (*p, strlen (*p), "_-.,"))
      return FALSE;
  return TRUE;
}

/* Splits a comma-separated list and checks each trimmed item; an empty
 * item is refused. */
static gboolean
each_item (const char *list, gboolean (*valid) (const char *item))
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  if (items[0] == NULL)
    return FALSE;
  for (char **i = items; *i; i++)
    if (*g_strstrip (*i) == '\0' || !valid (*i))
      return FALSE;
  return TRUE;
}

/* A privilege or set name, possibly negated ("-" or "!"). */
static gboolean
is_privilege_item (const char *item)
{
  if (*item == '-' || *item == '!')
    item++;
  return (g_ascii_isalpha (*item) || *item == '_') && all_chars_in (item, strlen (item), "_");
}

static gboolean
is_privilege_set (const char *s)
{
  return each_item (s, is_privilege_item);
}

/* Digits, an optional fraction, an optional scale K M G T (either case). */
static gboolean
is_size (const char *s)
{
  const char *p = s;

  while (g_ascii_isdigit (*p))
    p++;
  if (p == s)
    return FALSE;
  if (*p == '.')
    {
      const char *f = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      if (p == f)
        return FALSE;
    }
  if (*p && strchr ("KkMmGgTt", *p))
    p++;
  return *p == '\0';
}

/* "8", "1.25" or ".75", above zero. */
static gboolean
is_ncpus (const char *s)
{
  const char *p = s;
  gboolean digits = FALSE;

  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    {
      const char *f = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      if (p == f)
        return FALSE;
      digits = TRUE;
    }
  return digits && *p == '\0' && g_ascii_strtod (s, NULL) > 0;
}

/* dladm's rule: at most 31 characters of letters, digits, '_' and '.',
 * not starting with a digit, ending with one. */
static gboolean
is_link_name (const char *s)
{
  gsize len = strlen (s);

  return len > 0 && len <= 31 && !g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[len - 1])
         && all_chars_in (s, len, "_.");
}

static gboolean
is_lower_link (const char *s)
{
  return strcmp (s, "auto") == 0 || is_link_name (s);
}

/* An IPv4 or IPv6 address with an optional /prefix length. */
static gboolean
is_address_item (const char *item)
{
  g_autofree char *addr = g_strdup (item);
  char *slash = strchr (addr, '/');
  guchar buf[16];
  int family;
  guint64 prefix = 0;

  if (slash)
    *slash = '\0';
  family = strchr (addr, ':') ? AF_INET6 : AF_INET;
  if (inet_pton (family, addr, buf) != 1)
    return FALSE;
  if (slash == NULL)
    return TRUE;
  return g_ascii_string_to_unsigned (slash + 1, 10, 0, family == AF_INET ? 32 : 128, &prefix, NULL);
}

static gboolean
is_address_list (const char *s)
{
  return each_item (s, is_address_item);
}

static gboolean
is_boolean_word (const char *s)
{
  return strcmp (s, "true") == 0 || strcmp (s, "false") == 0;
}

/* Six octets of one or two hex digits separated by ':' (Solaris drops
 * leading zeros: 2:8:20:ab:cd:ef), the group bit clear. */
static gboolean
is_unicast_mac (const char *s)
{
  g_auto(GStrv) octets = g_strsplit (s, ":", -1);
  guint64 first = 0;

  if (g_strv_length (octets) != 6)
    return FALSE;
  for (char **o = octets; *o; o++)
    {
      gsize len = strlen (*o);
      if (len < 1 || len > 2 || !g_ascii_isxdigit ((*o)[0]) || (len == 2 && !g_ascii_isxdigit ((*o)[1])))
        return FALSE;
    }
  first = g_ascii_strtoull (octets[0], NULL, 16);
  return (first & 1) == 0;
}

static gboolean
is_mac_address (const char *s)
{
  return g_strv_contains (mac_keywords, s) || is_unicast_mac (s);
}

static gboolean
is_protection_item (const char *item)
{
  return g_strv_contains (protection_types, item);
}

static gboolean
is_protection_list (const char *s)
{
  return each_item (s, is_protection_item);
}

static const AnetSyntax anet_syntaxes[] = {
  { "linkname", "solaris.anet.linkname", is_link_name, "a datalink name" },
  { "lowerLink", "solaris.anet.lowerlink", is_lower_link, "a datalink name or auto" },
  { "allowedAddress", "solaris.anet.allowedaddress", is_address_list, "a list of IP[/prefix] addresses" },
  { "configureAllowedAddress", "solaris.anet.configureallowedaddress", is_boolean_word, "\"true\" or \"false\"" },
  { "defrouter", "solaris.anet.defrouter", is_address_list, "a list of IP addresses" },
  { "macAddress", "solaris.anet.macaddress", is_mac_address, "a mac-address keyword or a unicast MAC address" },
  { "linkProtection", "solaris.anet.linkprotection", is_protection_list,
    "a list of mac-nospoof, ip-nospoof, dhcp-nospoof, restricted" },
};

/* Checks one string member against a syntax, when it is a string. */
static void
check_syntax (OciCheckContext *ctx, OciConfig *config, const char *pointer, const char *requirement,
              gboolean (*valid) (const char *), const char *what)
{
  const char *value = oci_config_get_string (config, pointer);

  if (value)
    oci_check_expect (ctx, valid (value), requirement, pointer, "\"%s\" is not %s", value, what);
}

static void
check_anet (OciCheckContext *ctx, OciConfig *config, JsonArray *anet)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; anet && i < json_array_get_length (anet); i++)
    {
      JsonNode *node = json_array_get_element (anet, i);
      const char *linkname;
      g_autofree char *name_ptr = g_strdup_printf ("/solaris/anet/%u/linkname", i);

      for (gsize k = 0; k < G_N_ELEMENTS (anet_syntaxes); k++)
        {
          const AnetSyntax *a = &anet_syntaxes[k];
          g_autofree char *ptr = g_strdup_printf ("/solaris/anet/%u/%s", i, a->member);
          check_syntax (ctx, config, ptr, a->requirement, a->valid, a->what);
        }
      linkname = JSON_NODE_HOLDS_OBJECT (node)
                   ? oci_json_object_get_string (json_node_get_object (node), "linkname") : NULL;
      if (linkname == NULL)
        continue;
      oci_check_expect (ctx, !g_hash_table_contains (names, linkname), "solaris.anet.linkname.unique",
                        name_ptr, "anet %u repeats the linkname \"%s\" of anet %u", i, linkname,
                        GPOINTER_TO_UINT (g_hash_table_lookup (names, linkname)));
      if (!g_hash_table_contains (names, linkname))
        g_hash_table_insert (names, (gpointer) linkname, GUINT_TO_POINTER (i));
    }
}

static gboolean
check_solaris (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *anet = oci_config_get_array (config, "/solaris/anet");

  if (!oci_config_has (config, "/solaris"))
    return TRUE;
  check_types (ctx, anet ? json_array_get_length (anet) : 0);
  check_syntax (ctx, config, "/solaris/milestone", "solaris.milestone.fmri", is_fmri, "an SMF FMRI");
  check_syntax (ctx, config, "/solaris/limitpriv", "solaris.limitpriv.syntax", is_privilege_set,
                "a comma-separated privilege set specification");
  check_syntax (ctx, config, "/solaris/maxShmMemory", "solaris.maxshmmemory.size", is_size,
                "a size (a number with an optional K, M, G or T scale)");
  check_syntax (ctx, config, "/solaris/cappedCPU/ncpus", "solaris.cappedcpu.ncpus", is_ncpus,
                "a positive number of CPUs (8, 1.25, .75)");
  check_syntax (ctx, config, "/solaris/cappedMemory/physical", "solaris.cappedmemory.size", is_size,
                "a size (a number with an optional K, M, G or T scale)");
  check_syntax (ctx, config, "/solaris/cappedMemory/swap", "solaris.cappedmemory.size", is_size,
                "a size (a number with an optional K, M, G or T scale)");
  check_anet (ctx, config, anet);
  return TRUE;
}

static const OciChecker solaris_checkers[] = {
  { "solaris.fields", "types and syntax of the solaris object's fields", OCI_PHASE_BUNDLE, check_solaris },
};

void
solaris_register_checks (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, solaris_requirements, G_N_ELEMENTS (solaris_requirements));
  oci_plugin_add_checkers (plugin, solaris_checkers, G_N_ELEMENTS (solaris_checkers));
}
