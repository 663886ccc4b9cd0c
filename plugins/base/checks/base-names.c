/* base-names.c — hostname, domainname and annotation keys (config.md)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "base-checks.h"

/* The longest name each kernel accepts, in bytes (0: not judged).
 * Linux: __NEW_UTS_LEN; FreeBSD and Solaris: MAXHOSTNAMELEN less the NUL. */
static const struct
{
  const char *os;
  gsize hostname;
  gsize domainname;
} name_limits[] = {
  { "linux", 64, 64 },
  { "freebsd", 255, 255 },
  { "solaris", 255, 0 },
};

static void
check_length (OciCheckContext *ctx, const char *pointer, gsize limit, const char *requirement)
{
  const char *name = oci_config_get_string (oci_check_context_get_config (ctx), pointer);

  if (name == NULL || limit == 0)
    return;
  oci_check_expect (ctx, strlen (name) <= limit, requirement, pointer,
                    "%s is %zu bytes long; %s allows at most %zu", pointer + 1, strlen (name),
                    oci_check_context_get_os (ctx), limit);
}

gboolean
base_check_hostname (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *os = oci_check_context_get_os (ctx);

  /* Before 1.1.0 domainname is a property the release does not have. */
  if (!oci_check_context_release_at_least (ctx, "1.1.0"))
    oci_check_expect (ctx, !oci_config_has (config, "/domainname"), "base.domainname.release", "/domainname",
                      "domainname is new in 1.1.0: runtimes of %s ignore it",
                      oci_check_context_get_release (ctx));
  for (gsize i = 0; i < G_N_ELEMENTS (name_limits); i++)
    if (g_strcmp0 (os, name_limits[i].os) == 0)
      {
        check_length (ctx, "/hostname", name_limits[i].hostname, "base.hostname.length");
        check_length (ctx, "/domainname", name_limits[i].domainname, "base.domainname.length");
      }
  return TRUE;
}

/* The org.opencontainers keys of the image-spec's conversion rules, which
 * config.md lists from 1.2.0. */
static const char *const image_keys[] = {
  "org.opencontainers.image.os", "org.opencontainers.image.os.version",
  "org.opencontainers.image.os.features", "org.opencontainers.image.architecture",
  "org.opencontainers.image.variant", "org.opencontainers.image.author",
  "org.opencontainers.image.created", "org.opencontainers.image.stopSignal", NULL,
};

static gboolean
in_reserved_namespace (const char *key)
{
  return strcmp (key, "org.opencontainers") == 0 || g_str_has_prefix (key, "org.opencontainers.");
}

/* Reverse domain notation: a top-level domain of letters, then at least one
 * more label; domain labels are letters, digits and '-', and the last
 * segment (the key's own name) may also hold '_'. */
static gboolean
is_reverse_domain (const char *key)
{
  g_auto(GStrv) labels = g_strsplit (key, ".", -1);
  guint n = g_strv_length (labels);

  if (n < 2 || strlen (labels[0]) < 2)
    return FALSE;
  for (const char *c = labels[0]; *c; c++)
    if (!g_ascii_isalpha (*c))
      return FALSE;
  for (guint i = 1; i < n; i++)
    {
      if (*labels[i] == '\0')
        return FALSE;
      for (const char *c = labels[i]; *c; c++)
        if (!g_ascii_isalnum (*c) && *c != '-' && !(*c == '_' && i == n - 1))
          return FALSE;
    }
  return TRUE;
}

static void
check_key (OciCheckContext *ctx, const char *key)
{
  g_autofree char *ptr = oci_json_pointer_append ("/annotations", key);
  gboolean reserved_ok;

  if (!oci_check_expect (ctx, *key != '\0', "base.annotations.key.nonempty", ptr,
                         "an annotation key is empty"))
    return;
  /* The image-spec's conversion keys are never a finding: converters set
   * exactly these, and from 1.2.0 config.md lists them as keys that MAY be
   * used. */
  reserved_ok = !in_reserved_namespace (key) || g_strv_contains (image_keys, key);
  oci_check_expect (ctx, reserved_ok, "base.annotations.key.reserved", ptr,
                    "%s is in the reserved org.opencontainers namespace", key);
  oci_check_expect (ctx, is_reverse_domain (key), "base.annotations.key.reverse-domain", ptr,
                    "%s is not in reverse domain notation", key);
}

gboolean
base_check_annotations (OciCheckContext *ctx, GError **error)
{
  JsonObject *annotations = oci_config_get_object (oci_check_context_get_config (ctx), "/annotations");
  g_autoptr(GList) keys = annotations ? json_object_get_members (annotations) : NULL;

  for (GList *k = keys; k; k = k->next)
    check_key (ctx, k->data);
  return TRUE;
}
