/* oci-guard-request.c — reading a front's request in the decision server
 * (see oci-guard-serve.c for the protocol; the front writes it in
 * oci-guard-front.c). Every field is NUL-terminated and bounded by the
 * message: nothing is read past @len, and anything that is not exactly a
 * request is refused.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "oci-guard-common.h"
#include "oci-guard-request.h"

/* The next NUL-terminated field of @buf (@len bytes) from *@at, or NULL. */
static const char *
next_field (const char *buf, gsize len, gsize *at)
{
  const char *field, *end;

  if (*at >= len)
    return NULL;
  field = buf + *at;
  if ((end = memchr (field, '\0', len - *at)) == NULL)
    return NULL;
  *at += (gsize) (end - field) + 1;
  return field;
}

static gboolean
parse_number (const char *text, guint base, guint64 max, guint64 *out)
{
  return text && g_ascii_string_to_unsigned (text, base, 0, max, out, NULL);
}

/**
 * guard_request_parse:
 * @buf: a request as the front sends it (oci-guard-front.c, make_request)
 * @len: its size in bytes
 * @r: filled with pointers into @buf; r->argv and r->env are arrays the
 *   caller made, to which the fields are added
 *
 * Reads the request's fields: the protocol name, when the front started,
 * its umask (octal), working folder, argc and argv, then one entry per
 * name of guard_request_env (NAME=VALUE, or NAME when unset), in that
 * order, and nothing after.
 *
 * Returns: %FALSE when @buf is not such a request
 */
gboolean
guard_request_parse (const char *buf, gsize len, GuardRequest *r)
{
  gsize at = 0;
  guint64 started, mask, argc;
  const char *magic = next_field (buf, len, &at);

  if (g_strcmp0 (magic, GUARD_WIRE_MAGIC) != 0 || !parse_number (next_field (buf, len, &at), 10, G_MAXINT64, &started)
      || !parse_number (next_field (buf, len, &at), 8, 0777, &mask) || (r->cwd = next_field (buf, len, &at)) == NULL
      || !parse_number (next_field (buf, len, &at), 10, 4096, &argc) || argc < 2)
    return FALSE;
  r->started = (long long) started;
  r->mask = (mode_t) mask;
  for (guint64 i = 0; i < argc; i++)
    {
      const char *arg = next_field (buf, len, &at);
      if (arg == NULL)
        return FALSE;
      g_ptr_array_add (r->argv, (gpointer) arg);
    }
  g_ptr_array_add (r->argv, NULL);
  for (const char *const *name = guard_request_env; *name; name++)
    {
      const char *entry = next_field (buf, len, &at);
      gsize n = strlen (*name);
      if (entry == NULL || strncmp (entry, *name, n) != 0 || (entry[n] != '\0' && entry[n] != '='))
        return FALSE;
      g_ptr_array_add (r->env, (gpointer) entry);
    }
  return at == len;
}

