/* oci-schema-parse.c: JSON text to JsonNode without losing large integers
 *
 * json-glib 1.6 reads an integer literal beyond the gint64 range by
 * wrapping it: 18446744073709551615 (the runtime-spec's uint64 maximum)
 * becomes -1. Before parsing, such literals get a ".0" appended so that
 * json-glib reads them as the nearest double; OciSchema counts integral
 * doubles beyond the gint64 range as integers.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <string.h>

/* Whether the integer literal (an optional '-', then digits) lies
 * outside the gint64 range. */
static gboolean
integer_overflows (const char *literal,
                   gsize       length)
{
  gboolean negative = literal[0] == '-';
  const char *digits = literal + (negative ? 1 : 0);
  gsize count = length - (negative ? 1 : 0);

  while (count > 1 && digits[0] == '0')
    {
      digits++;
      count--;
    }
  if (count != 19)
    return count > 19;
  return strncmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) > 0;
}

static gsize
skip_string (const char *data,
             gsize       length,
             gsize       i)
{
  for (i++; i < length && data[i] != '"'; i++)
    if (data[i] == '\\')
      i++;
  return i + 1;
}

/* Returns a widened copy of @data, or NULL when nothing needs widening. */
static GString *
widen_big_integers (const char *data,
                    gsize       length)
{
  GString *out = NULL;
  gsize copied = 0;
  gsize i = 0;

  while (i < length)
    {
      gsize start = i;
      gboolean integral;

      if (data[i] == '"')
        {
          i = skip_string (data, length, i);
          continue;
        }
      if (data[i] != '-' && !g_ascii_isdigit (data[i]))
        {
          i++;
          continue;
        }

      for (i++; i < length && g_ascii_isdigit (data[i]); i++)
        ;
      integral = i >= length || (data[i] != '.' && data[i] != 'e' && data[i] != 'E');
      if (integral && g_ascii_isdigit (data[i - 1])
          && integer_overflows (data + start, i - start))
        {
          if (out == NULL)
            out = g_string_sized_new (length + 16);
          g_string_append_len (out, data + copied, i - copied);
          g_string_append (out, ".0");
          copied = i;
        }
      /* the rest of the number: fraction and exponent */
      while (i < length && (g_ascii_isalnum (data[i]) || data[i] == '.' || data[i] == '+' || data[i] == '-'))
        i++;
    }
  if (out != NULL)
    g_string_append_len (out, data + copied, length - copied);
  return out;
}

/**
 * oci_schema_parse_json:
 * @data: (array length=length) (element-type guint8): JSON text
 * @length: length of @data in bytes, or -1 when it is nul-terminated
 * @name: the name of the input for messages, usually a file name
 * @error: return location for a #GError
 *
 * Parses JSON text as json-glib does, except for integer literals beyond
 * the #gint64 range: json-glib 1.6 wraps them silently (18446744073709551615
 * would read as -1), here they become the nearest double, which
 * #OciSchema validation still counts as an integer. Use it for instances
 * that may hold such values; schema documents loaded by #OciSchema are
 * parsed this way already.
 *
 * Returns: (transfer full) (nullable): the immutable root node, or %NULL
 *   with @error set to %OCI_SCHEMA_ERROR_LOAD, the message starting with
 *   @name:line:column
 */
JsonNode *
oci_schema_parse_json (const char *data,
                       gssize      length,
                       const char *name,
                       GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) widened = NULL;
  gsize size;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  widened = widen_big_integers (data, size);
  if (widened != NULL)
    {
      data = widened->str;
      size = widened->len;
    }

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      const char *message = local_error->message;

      /* json-glib names in-memory input "<data>" */
      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>");
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, "%s%s%s", name,
                   message[0] == ':' ? "" : ": ", message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, "%s: empty document", name);
  return root;
}
