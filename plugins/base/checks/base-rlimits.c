/* base-rlimits.c — process.rlimits (config.md, POSIX process)
 *
 * The valid types are those of each platform's getrlimit man page. The Go
 * tool lets unknown types pass on platforms it has no list for, and its
 * Linux list lacks RLIMIT_LOCKS; these tables cover every platform the
 * spec has, and Windows has no rlimits at all.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "base-checks.h"

static const char *const linux_rlimits[] = {
  "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS",
  "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC",
  "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK", NULL,
};
static const char *const solaris_rlimits[] = {
  "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE",
  "RLIMIT_STACK", "RLIMIT_VMEM", NULL,
};
static const char *const freebsd_rlimits[] = {
  "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_KQUEUES",
  "RLIMIT_MEMLOCK", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_NPTS", "RLIMIT_PIPEBUF", "RLIMIT_RSS",
  "RLIMIT_SBSIZE", "RLIMIT_STACK", "RLIMIT_SWAP", "RLIMIT_UMTXP", "RLIMIT_VMEM", NULL,
};
static const char *const zos_rlimits[] = {
  "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_MEMLIMIT",
  "RLIMIT_NOFILE", "RLIMIT_STACK", NULL,
};
static const char *const no_rlimits[] = { NULL };

static const struct
{
  const char *os;
  const char *const *types;
} rlimit_tables[] = {
  { "linux", linux_rlimits },
  { "solaris", solaris_rlimits },
  { "freebsd", freebsd_rlimits },
  { "zos", zos_rlimits },
  { "windows", no_rlimits },
};

/* NULL for an os we know nothing about: then types are not judged. */
static const char *const *
types_for (const char *os)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rlimit_tables); i++)
    if (g_strcmp0 (os, rlimit_tables[i].os) == 0)
      return rlimit_tables[i].types;
  return NULL;
}

/* A uint64 as the parser keeps it: an integer, or beyond int64 a double. */
static gboolean
get_limit (JsonObject *rlimit, const char *member, double *value)
{
  JsonNode *node = json_object_get_member (rlimit, member);
  GType type = G_TYPE_INVALID;

  if (node && JSON_NODE_TYPE (node) == JSON_NODE_VALUE)
    type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static void
check_rlimit (OciCheckContext *ctx, JsonObject *rlimit, guint index, const char *const *types,
              GHashTable *seen)
{
  const char *type = oci_json_object_get_string (rlimit, "type");
  g_autofree char *ptr = g_strdup_printf ("/process/rlimits/%u", index);
  g_autofree char *type_ptr = g_strconcat (ptr, "/type", NULL);
  double soft, hard;

  if (type && types)
    oci_check_expect (ctx, g_strv_contains (types, type), "base.rlimits.type.valid", type_ptr,
                      types[0] ? "%s is not a resource limit of %s" : "%s: %s has no POSIX rlimits",
                      type, oci_check_context_get_os (ctx));
  if (type)
    {
      oci_check_expect (ctx, !g_hash_table_contains (seen, type), "base.rlimits.unique", type_ptr,
                        "%s is limited more than once", type);
      g_hash_table_add (seen, (gpointer) type);
    }
  if (get_limit (rlimit, "soft", &soft) && get_limit (rlimit, "hard", &hard))
    oci_check_expect (ctx, soft <= hard, "base.rlimits.soft-within-hard", ptr,
                      "%s: soft limit %.0f is above the hard limit %.0f", type ? type : "rlimit", soft, hard);
}

gboolean
base_check_rlimits (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  JsonArray *rlimits = oci_config_get_array (config, "/process/rlimits");
  const char *const *types = types_for (oci_check_context_get_os (ctx));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; rlimits && i < json_array_get_length (rlimits); i++)
    {
      JsonNode *r = json_array_get_element (rlimits, i);
      if (JSON_NODE_HOLDS_OBJECT (r))
        check_rlimit (ctx, json_node_get_object (r), i, types, seen);
    }
  return TRUE;
}
