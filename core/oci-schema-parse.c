/* oci-schema-parse.c: JSON text for schemas and instances
 *
 * oci_schema_parse_json() builds a json-glib tree with the core's strict
 * reader, which keeps integer literals beyond the gint64 range as the
 * nearest double (json-glib 1.6 would wrap 18446744073709551615 to -1).
 *
 * Schema documents that come as text (the embedded runtime-spec schemas,
 * the draft-04 meta-schema) are not turned into trees at all: building the
 * json-glib tree of a 16 KB schema costs about 2.7 million instructions,
 * an order of magnitude more than validating a config with it, and a
 * validation only reaches a fraction of the document. An OciSchemaText
 * checks the text once and indexes where each object and array ends; the
 * compiler then reads, through OciSchemaValue, only the schemas that
 * validation reaches.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oci-error.h"
#include "oci-json-private.h"

/* Objects with more members than this get a name index on first lookup
 * ("definitions" holds a hundred). */
#define MEMBER_INDEX_MIN 16

struct _OciSchemaText
{
  const char *data;     /* followed by a NUL, which ends every scanning loop */
  gsize       length;
  char       *copy;     /* @data, when the caller's text had no NUL after it */
  /* every object and array, in document order: where it opens and where
   * it ends (one past its closing bracket), as offsets into @data */
  GArray     *starts;   /* guint32 */
  GArray     *ends;     /* guint32 */
  /* object start -> MemberIndex; built on demand, so only touched with
   * the owning store's lock held */
  GHashTable *member_index;
};

/* An open-addressing table of an object's members by name. Names without
 * escapes (nearly all) point into the text and are not copied. */
typedef struct {
  const char *name;
  gsize       length;
  const char *value;
} MemberSlot;

typedef struct {
  guint       mask;
  MemberSlot *slots;
  GPtrArray  *decoded;   /* names that had escapes */
} MemberIndex;

/**
 * oci_schema_parse_json:
 * @data: (array length=length) (element-type guint8): JSON text
 * @length: length of @data in bytes, or -1 when it is nul-terminated
 * @name: the name of the input for messages, usually a file name
 * @error: return location for a #GError
 *
 * Parses JSON text with the core's strict reader; integer literals beyond
 * the #gint64 range become the nearest double, which #OciSchema validation
 * still counts as an integer.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full) (nullable): the root node, or %NULL with @error
 *   set to %OCI_SCHEMA_ERROR_LOAD, the message starting with
 *   @name:line:column
 */
JsonNode *
oci_schema_parse_json (const char *data,
                       gssize      length,
                       const char *name,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  root = oci_json_parse (data, length < 0 ? strlen (data) : (gsize) length, name, &local_error);
  if (root == NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, "%s", local_error->message);
      return NULL;
    }
  return root;
}

/* ---- checking and indexing text ---------------------------------------- */

typedef struct {
  OciSchemaText *text;
  const char    *p;
  const char    *end;
  const char    *name;
  GError       **error;
} Scan;

static gboolean G_GNUC_PRINTF (3, 4)
scan_fail (Scan       *scan,
           const char *at,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_json_position (scan->text->data, MIN (at, scan->end), &line, &column);
  g_set_error (scan->error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD, "%s:%u:%u: %s",
               scan->name, line, column, message);
  return FALSE;
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

static gboolean
scan_escape (Scan *scan)
{
  const char *start = scan->p++;

  if (scan->p >= scan->end)
    return scan_fail (scan, start, "unterminated string");
  if (strchr ("\"\\/bfnrt", *scan->p) != NULL && *scan->p != '\0')
    {
      scan->p++;
      return TRUE;
    }
  if (*scan->p != 'u' || scan->end - scan->p < 5)
    return scan_fail (scan, start, "invalid escape");
  for (int i = 1; i <= 4; i++)
    if (!g_ascii_isxdigit (scan->p[i]))
      return scan_fail (scan, start, "invalid \\u escape");
  scan->p += 5;
  return TRUE;
}

/* Bytes that end a plain run inside a string: the quote, a backslash, a
 * control character or the start of a multi-byte sequence. */
static const guint8 string_stop[256] = {
  [0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xff] = 1,
};

static gboolean
scan_string (Scan *scan)
{
  const char *start = scan->p;
  const char *p = start + 1;
  gboolean ascii = TRUE;

  for (;;)
    {
      guchar c;

      /* the NUL after the text stops this loop too */
      while (!string_stop[(guchar) *p])
        p++;
      c = *p;
      if (c == '"')
        {
          const char *bad;

          scan->p = p + 1;
          /* only strings with multi-byte sequences need a UTF-8 check */
          if (!ascii && !g_utf8_validate_len (start, scan->p - start, &bad))
            return scan_fail (scan, bad, "invalid UTF-8 in string");
          return TRUE;
        }
      if (c == '\\')
        {
          scan->p = p;
          if (!scan_escape (scan))
            return FALSE;
          p = scan->p;
          continue;
        }
      if (p >= scan->end)
        return scan_fail (scan, start, "unterminated string");
      if (c < 0x20)
        return scan_fail (scan, p, "control character 0x%02x in string must be escaped", c);
      ascii = FALSE;
      p++;
    }
}

static gboolean
scan_digits (Scan       *scan,
             const char *what)
{
  if (scan->p >= scan->end || !g_ascii_isdigit (*scan->p))
    return scan_fail (scan, scan->p, "expected %s", what);
  while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
    scan->p++;
  return TRUE;
}

static gboolean
scan_number (Scan *scan)
{
  const char *start = scan->p;
  gboolean exponent = FALSE;

  if (*scan->p == '-')
    scan->p++;
  if (scan->p < scan->end && *scan->p == '0')
    scan->p++;
  else if (!scan_digits (scan, "a digit"))
    return FALSE;
  if (scan->p < scan->end && *scan->p == '.')
    {
      scan->p++;
      if (!scan_digits (scan, "a digit after '.'"))
        return FALSE;
    }
  if (scan->p < scan->end && (*scan->p == 'e' || *scan->p == 'E'))
    {
      scan->p++;
      if (scan->p < scan->end && (*scan->p == '+' || *scan->p == '-'))
        scan->p++;
      if (!scan_digits (scan, "a digit in the exponent"))
        return FALSE;
      exponent = TRUE;
    }
  /* as the core reader: a number no double holds is an error */
  if (exponent || scan->p - start > 300)
    {
      g_autofree char *literal = g_strndup (start, scan->p - start);

      if (!isfinite (g_ascii_strtod (literal, NULL)))
        return scan_fail (scan, start, "number is out of the range of a double");
    }
  return TRUE;
}

static gboolean
scan_word (Scan       *scan,
           const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (scan->end - scan->p) < n || memcmp (scan->p, word, n) != 0)
    return scan_fail (scan, scan->p, "expected a JSON value");
  scan->p += n;
  return TRUE;
}

static gboolean scan_value (Scan *scan,
                            guint depth);

/* Reads the members or items of the container at scan->p and records
 * where it ends. */
static gboolean
scan_container (Scan *scan,
                guint depth)
{
  const char *open = scan->p;
  gboolean object = *open == '{';
  char close = object ? '}' : ']';
  guint slot = scan->text->starts->len;
  guint32 offset = open - scan->text->data;

  if (depth >= OCI_JSON_MAX_DEPTH)
    return scan_fail (scan, open, "nesting deeper than %d levels", OCI_JSON_MAX_DEPTH);
  g_array_append_val (scan->text->starts, offset);
  g_array_append_val (scan->text->ends, offset);

  scan->p = skip_space (scan->p + 1, scan->end);
  if (scan->p < scan->end && *scan->p == close)
    goto done;
  for (;;)
    {
      if (object)
        {
          if (scan->p >= scan->end || *scan->p != '"')
            return scan_fail (scan, scan->p, "expected a member name in double quotes");
          if (!scan_string (scan))
            return FALSE;
          scan->p = skip_space (scan->p, scan->end);
          if (scan->p >= scan->end || *scan->p != ':')
            return scan_fail (scan, scan->p, "expected ':' after the member name");
          scan->p = skip_space (scan->p + 1, scan->end);
        }
      if (!scan_value (scan, depth + 1))
        return FALSE;
      scan->p = skip_space (scan->p, scan->end);
      if (scan->p < scan->end && *scan->p == ',')
        {
          scan->p = skip_space (scan->p + 1, scan->end);
          continue;
        }
      if (scan->p < scan->end && *scan->p == close)
        break;
      return scan_fail (scan, scan->p, "expected ',' or '%c'", close);
    }
done:
  scan->p++;
  g_array_index (scan->text->ends, guint32, slot) = scan->p - scan->text->data;
  return TRUE;
}

static gboolean
scan_value (Scan *scan,
            guint depth)
{
  if (scan->p >= scan->end)
    return scan_fail (scan, scan->p, "expected a JSON value, found the end of input");
  switch (*scan->p)
    {
    case '{':
    case '[':
      return scan_container (scan, depth);
    case '"':
      return scan_string (scan);
    case 't':
      return scan_word (scan, "true");
    case 'f':
      return scan_word (scan, "false");
    case 'n':
      return scan_word (scan, "null");
    default:
      if (*scan->p == '-' || g_ascii_isdigit (*scan->p))
        return scan_number (scan);
      return scan_fail (scan, scan->p, "expected a JSON value");
    }
}

/*
 * oci_schema_text_new:
 * @data: JSON text, borrowed: it must outlive the result; @data[@length]
 *   is read (embedded text and C strings have a NUL there; if it
 *   is not a NUL, the text is copied)
 *
 * Checks that @data is one well-formed JSON value in UTF-8 (member names
 * are not checked for duplicates) and indexes its containers.
 *
 * Returns: the text, or NULL with @error set (OCI_SCHEMA_ERROR_LOAD,
 *   "name:line:column: problem")
 */
OciSchemaText *
oci_schema_text_new (const char *data,
                     gsize       length,
                     const char *name,
                     GError    **error)
{
  OciSchemaText *text = g_new0 (OciSchemaText, 1);
  Scan scan = { text, NULL, NULL, name, error };

  /* resources and C strings have a NUL after them; copy anything else */
  if (data[length] != '\0')
    data = text->copy = g_strndup (data, length);
  text->data = data;
  text->length = length;
  scan.p = data;
  scan.end = data + length;
  text->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  text->ends = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* outside strings, any byte beyond ASCII is a syntax error already */
  if (length >= G_MAXUINT32)
    scan_fail (&scan, data, "document too large");
  else if (scan_value (&scan, 0)
           && (scan.p = skip_space (scan.p, scan.end)) < scan.end)
    scan_fail (&scan, scan.p, "unexpected text after the JSON value");
  else if (error == NULL || *error == NULL)
    return text;
  oci_schema_text_free (text);
  return NULL;
}

/* The container index a build writes beside an embedded schema (see
 * schemas/gen-schemas.py): "OCIX", a little-endian guint32 count, then the
 * count starts and the count ends, in document order. */
#define INDEX_MAGIC "OCIX"

static gboolean
read_index (OciSchemaText *text,
            const guint8  *index,
            gsize          size)
{
  guint32 count;

  if (size < 8 || memcmp (index, INDEX_MAGIC, 4) != 0)
    return FALSE;
  memcpy (&count, index + 4, 4);
  count = GUINT32_FROM_LE (count);
  if (count == 0 || (size - 8) / 8 != count || (size - 8) % 8 != 0)
    return FALSE;
  g_array_set_size (text->starts, count);
  g_array_set_size (text->ends, count);
  memcpy (text->starts->data, index + 8, 4 * (gsize) count);
  memcpy (text->ends->data, index + 8 + 4 * (gsize) count, 4 * (gsize) count);
  /* cheap checks, so that a wrong index is never followed: ascending
   * starts, each on an opening bracket, each end one past its match */
  for (guint32 i = 0; i < count; i++)
    {
      guint32 start = GUINT32_FROM_LE (g_array_index (text->starts, guint32, i));
      guint32 end = GUINT32_FROM_LE (g_array_index (text->ends, guint32, i));
      char open, close;

      if ((i > 0 && start <= g_array_index (text->starts, guint32, i - 1))
          || end <= start + 1 || end > text->length)
        return FALSE;
      open = text->data[start];
      close = text->data[end - 1];
      if (!((open == '{' && close == '}') || (open == '[' && close == ']')))
        return FALSE;
      g_array_index (text->starts, guint32, i) = start;
      g_array_index (text->ends, guint32, i) = end;
    }
  /* the first container is the document itself */
  return g_array_index (text->starts, guint32, 0) == 0;
}

/*
 * oci_schema_text_new_indexed:
 * @data: JSON text written by the build, borrowed as for
 *   oci_schema_text_new()
 * @index: (nullable): the container index the build wrote for @data
 *
 * Like oci_schema_text_new(), for the schemas embedded in the library:
 * their text is generated and checked at build time, and the index saves
 * scanning it again in every process. Without a usable @index (absent,
 * or failing its checks), the text is scanned as oci_schema_text_new()
 * does.
 */
OciSchemaText *
oci_schema_text_new_indexed (const char *data,
                             gsize       length,
                             GBytes     *index,
                             const char *name,
                             GError    **error)
{
  OciSchemaText *text;
  gsize size = 0;
  const guint8 *raw = index ? g_bytes_get_data (index, &size) : NULL;

  if (raw == NULL || data[length] != '\0' || length >= G_MAXUINT32 || length == 0
      || (data[0] != '{' && data[0] != '['))
    return oci_schema_text_new (data, length, name, error);
  text = g_new0 (OciSchemaText, 1);
  text->data = data;
  text->length = length;
  text->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  text->ends = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (read_index (text, raw, size))
    return text;
  oci_schema_text_free (text);
  return oci_schema_text_new (data, length, name, error);
}

void
oci_schema_text_free (OciSchemaText *text)
{
  if (text == NULL)
    return;
  g_array_unref (text->starts);
  g_array_unref (text->ends);
  g_clear_pointer (&text->member_index, g_hash_table_unref);
  g_free (text->copy);
  g_free (text);
}

const char *
oci_schema_text_get_data (const OciSchemaText *text,
                          gsize               *length)
{
  *length = text->length;
  return text->data;
}

/* Where the container opening at @at ends. */
static const char *
container_end (const OciSchemaText *text,
               const char          *at)
{
  guint32 offset = at - text->data;
  const guint32 *starts = (const guint32 *) (gpointer) text->starts->data;
  guint lo = 0, hi = text->starts->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo < text->starts->len && starts[lo] == offset);
  return text->data + g_array_index (text->ends, guint32, lo);
}

/* The first byte after the value at @at. */
static const char *
value_end (const OciSchemaText *text,
           const char          *at)
{
  const char *end = text->data + text->length;
  const char *p = at;

  switch (*p)
    {
    case '{':
    case '[':
      return container_end (text, p);
    case '"':
      for (p++; *p != '"'; p++)
        if (*p == '\\')
          p++;
      return p + 1;
    default:
      while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n'
             && *p != '\r' && *p != '\t')
        p++;
      return p;
    }
}

static void
decode_escape (const char **p,
               GString     *out)
{
  const char *q = *p + 1;   /* after the backslash */
  gunichar c;

  switch (*q)
    {
    case 'b': g_string_append_c (out, '\b'); break;
    case 'f': g_string_append_c (out, '\f'); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'r': g_string_append_c (out, '\r'); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'u':
      c = 0;
      for (int i = 1; i <= 4; i++)
        c = (c << 4) | g_ascii_xdigit_value (q[i]);
      q += 4;
      if (c >= 0xd800 && c <= 0xdbff && q[1] == '\\' && q[2] == 'u')
        {
          gunichar lo = 0;

          for (int i = 3; i <= 6; i++)
            lo = (lo << 4) | g_ascii_xdigit_value (q[i]);
          if (lo >= 0xdc00 && lo <= 0xdfff)
            {
              c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
              q += 6;
            }
        }
      g_string_append_unichar (out, c);
      break;
    default:   /* " \ / */
      g_string_append_c (out, *q);
      break;
    }
  *p = q + 1;
}

/* Decodes the string whose opening quote is at @at into @out. */
static void
decode_string (const char *at,
               GString    *out)
{
  const char *p = at + 1;

  g_string_truncate (out, 0);
  for (;;)
    {
      const char *run = p;

      while (*p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (*p == '"')
        return;
      decode_escape (&p, out);
    }
}

/* Whether the string at @at, undecoded, is @name. Most member names have
 * no escapes, so this avoids decoding them. */
static gboolean
string_equals (const char *at,
               const char *name,
               GString   **scratch)
{
  const char *p = at + 1;
  gsize n = 0;

  while (p[n] != '"' && p[n] != '\\')
    n++;
  if (p[n] == '"')
    return strncmp (p, name, n) == 0 && name[n] == '\0';
  if (*scratch == NULL)
    *scratch = g_string_new (NULL);
  decode_string (at, *scratch);
  return strcmp ((*scratch)->str, name) == 0;
}

/* Steps over the member at *@p of an object ending at @end (its closing
 * brace): @key at its name's opening quote, @value at its value. */
static gboolean
next_member (const OciSchemaText *text,
             const char         **p,
             const char          *end,
             const char         **key,
             const char         **value)
{
  const char *q = skip_space (*p, end);

  if (q < end && *q == ',')
    q = skip_space (q + 1, end);
  if (q >= end)
    return FALSE;
  *key = q;
  q = skip_space (value_end (text, q), end);
  *value = skip_space (q + 1, end);   /* after the ':' */
  *p = value_end (text, *value);
  return TRUE;
}

/* ---- values ------------------------------------------------------------ */

OciSchemaKind
oci_schema_value_kind (const OciSchemaValue *value)
{
  const char *p = value->at;

  if (value->json != NULL)
    return oci_schema_kind_of (value->json);
  switch (*p)
    {
    case '{':
      return OCI_SCHEMA_KIND_OBJECT;
    case '[':
      return OCI_SCHEMA_KIND_ARRAY;
    case '"':
      return OCI_SCHEMA_KIND_STRING;
    case 't':
    case 'f':
      return OCI_SCHEMA_KIND_BOOLEAN;
    case 'n':
      return OCI_SCHEMA_KIND_NULL;
    default:
      for (const char *end = value_end (value->text, p); p < end; p++)
        if (*p == '.' || *p == 'e' || *p == 'E')
          return OCI_SCHEMA_KIND_NUMBER;
      return OCI_SCHEMA_KIND_INTEGER;
    }
}

/* The root value of a text document. */
void
oci_schema_value_init_text (OciSchemaValue      *value,
                            const OciSchemaText *text)
{
  value->json = NULL;
  value->text = text;
  value->at = skip_space (text->data, text->data + text->length);
}

/* What tells two schema objects apart: the json-glib object, or the
 * position in the text. */
gconstpointer
oci_schema_value_identity (const OciSchemaValue *value)
{
  if (value->json != NULL)
    return json_node_get_object (value->json);
  return value->at;
}

void
oci_schema_value_iter_init (OciSchemaValueIter   *iter,
                            const OciSchemaValue *container)
{
  memset (iter, 0, sizeof *iter);
  iter->is_array = oci_schema_value_kind (container) == OCI_SCHEMA_KIND_ARRAY;
  if (container->json != NULL)
    {
      if (iter->is_array)
        iter->array = json_node_get_array (container->json);
      else
        json_object_iter_init_ordered (&iter->object_iter, json_node_get_object (container->json));
      return;
    }
  iter->text = container->text;
  iter->p = container->at + 1;
  iter->end = container_end (container->text, container->at) - 1;
}

static gboolean
text_iter_next (OciSchemaValueIter *iter,
                const char        **name,
                OciSchemaValue     *value)
{
  const char *key = NULL;

  if (iter->is_array)
    {
      const char *p = skip_space (iter->p, iter->end);

      if (p < iter->end && *p == ',')
        p = skip_space (p + 1, iter->end);
      if (p >= iter->end)
        return FALSE;
      value->at = p;
      iter->p = value_end (iter->text, p);
    }
  else if (!next_member (iter->text, &iter->p, iter->end, &key, &value->at))
    return FALSE;

  if (name != NULL && key != NULL)
    {
      if (iter->name == NULL)
        iter->name = g_string_new (NULL);
      decode_string (key, iter->name);
      *name = iter->name->str;
    }
  else if (name != NULL)
    *name = NULL;
  value->json = NULL;
  value->text = iter->text;
  iter->index++;
  return TRUE;
}

/*
 * oci_schema_value_iter_next:
 * @name: (out) (optional): the member name, valid until the next call;
 *   NULL for array items (iter->index - 1 is then the item's index)
 *
 * Returns: FALSE after the last member or item
 */
gboolean
oci_schema_value_iter_next (OciSchemaValueIter *iter,
                            const char        **name,
                            OciSchemaValue     *value)
{
  if (iter->text != NULL)
    return text_iter_next (iter, name, value);

  value->text = NULL;
  value->at = NULL;
  if (iter->is_array)
    {
      if (iter->array == NULL || iter->index >= json_array_get_length (iter->array))
        return FALSE;
      if (name != NULL)
        *name = NULL;
      value->json = json_array_get_element (iter->array, iter->index++);
      return TRUE;
    }
  iter->index++;
  return json_object_iter_next_ordered (&iter->object_iter, name, &value->json);
}

void
oci_schema_value_iter_clear (OciSchemaValueIter *iter)
{
  if (iter->name != NULL)
    g_string_free (iter->name, TRUE);
  iter->name = NULL;
}

static guint
hash_name (const char *name,
           gsize       length)
{
  guint hash = 5381;

  for (gsize i = 0; i < length; i++)
    hash = hash * 33 + (guchar) name[i];
  return hash;
}

static void
member_index_free (MemberIndex *index)
{
  g_free (index->slots);
  g_clear_pointer (&index->decoded, g_ptr_array_unref);
  g_free (index);
}

static void
member_index_insert (MemberIndex *index,
                     const char  *name,
                     gsize        length,
                     const char  *value)
{
  guint i = hash_name (name, length) & index->mask;

  for (; index->slots[i].name != NULL; i = (i + 1) & index->mask)
    if (index->slots[i].length == length && memcmp (index->slots[i].name, name, length) == 0)
      return;   /* the first member of a name wins */
  index->slots[i] = (MemberSlot) { name, length, value };
}

static const char *
member_index_lookup (const MemberIndex *index,
                     const char        *name)
{
  gsize length = strlen (name);

  for (guint i = hash_name (name, length) & index->mask; index->slots[i].name != NULL;
       i = (i + 1) & index->mask)
    if (index->slots[i].length == length && memcmp (index->slots[i].name, name, length) == 0)
      return index->slots[i].value;
  return NULL;
}

/* Builds the name index of a large object. */
static MemberIndex *
member_index (OciSchemaText *text,
              const char    *object)
{
  MemberIndex *index = g_new0 (MemberIndex, 1);
  const char *end = container_end (text, object) - 1;
  const char *p = object + 1;
  const char *key, *value;
  guint count = 0, capacity = 16;

  while (next_member (text, &p, end, &key, &value))
    count++;
  while (capacity < 2 * count)
    capacity *= 2;
  index->mask = capacity - 1;
  index->slots = g_new0 (MemberSlot, capacity);

  p = object + 1;
  while (next_member (text, &p, end, &key, &value))
    {
      const char *name = key + 1;
      gsize length = 0;

      while (name[length] != '"' && name[length] != '\\')
        length++;
      if (name[length] == '\\')
        {
          GString *decoded = g_string_new (NULL);

          decode_string (key, decoded);
          if (index->decoded == NULL)
            index->decoded = g_ptr_array_new_with_free_func (g_free);
          length = decoded->len;
          name = g_string_free (decoded, FALSE);
          g_ptr_array_add (index->decoded, (char *) name);
        }
      member_index_insert (index, name, length, value);
    }
  if (text->member_index == NULL)
    text->member_index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) member_index_free);
  g_hash_table_insert (text->member_index, (gpointer) object, index);
  return index;
}

static gboolean
text_member (const OciSchemaValue *object,
             const char           *name,
             OciSchemaValue       *member)
{
  OciSchemaText *text = (OciSchemaText *) object->text;
  MemberIndex *index = text->member_index ? g_hash_table_lookup (text->member_index, object->at) : NULL;
  g_autoptr(GString) scratch = NULL;
  const char *p = object->at + 1;
  const char *end = container_end (text, object->at) - 1;
  const char *key, *value;

  member->json = NULL;
  member->text = text;
  for (guint count = 0; index == NULL; count++)
    {
      if (!next_member (text, &p, end, &key, &value))
        return FALSE;
      if (string_equals (key, name, &scratch))
        {
          member->at = value;
          return TRUE;
        }
      /* a large object ("definitions"): index it once, look up by hash */
      if (count == MEMBER_INDEX_MIN)
        index = member_index (text, object->at);
    }
  return (member->at = member_index_lookup (index, name)) != NULL;
}

/*
 * oci_schema_value_member:
 *
 * Finds a member of an object (of a text document: with the lock of the
 * store that owns it held, as large objects are indexed on demand).
 *
 * Returns: whether @object is an object with a member @name
 */
gboolean
oci_schema_value_member (const OciSchemaValue *object,
                         const char           *name,
                         OciSchemaValue       *member)
{
  JsonNode *json;

  if (oci_schema_value_kind (object) != OCI_SCHEMA_KIND_OBJECT)
    return FALSE;
  if (object->text != NULL)
    return text_member (object, name, member);
  json = json_object_get_member (json_node_get_object (object->json), name);
  member->json = json;
  member->text = NULL;
  member->at = NULL;
  return json != NULL;
}

gboolean
oci_schema_value_element (const OciSchemaValue *array,
                          guint                 index,
                          OciSchemaValue       *element)
{
  OciSchemaValueIter iter;

  if (oci_schema_value_kind (array) != OCI_SCHEMA_KIND_ARRAY)
    return FALSE;
  if (array->json != NULL)
    {
      JsonArray *items = json_node_get_array (array->json);

      if (index >= json_array_get_length (items))
        return FALSE;
      element->json = json_array_get_element (items, index);
      element->text = NULL;
      element->at = NULL;
      return TRUE;
    }
  oci_schema_value_iter_init (&iter, array);
  while (oci_schema_value_iter_next (&iter, NULL, element))
    if (iter.index - 1 == index)
      return TRUE;
  return FALSE;
}

/*
 * oci_schema_value_get_string:
 * @scratch: where a text value is decoded
 *
 * Returns: the string, valid while @scratch (text) or the document
 *   (tree) is unchanged
 */
const char *
oci_schema_value_get_string (const OciSchemaValue *value,
                             GString              *scratch)
{
  if (value->json != NULL)
    return json_node_get_string (value->json);
  decode_string (value->at, scratch);
  return scratch->str;
}

/* The string, kept as long as the document and @strings. */
const char *
oci_schema_value_keep_string (const OciSchemaValue *value,
                              GStringChunk         *strings)
{
  g_autoptr(GString) scratch = NULL;

  if (value->json != NULL)
    return json_node_get_string (value->json);
  scratch = g_string_new (NULL);
  decode_string (value->at, scratch);
  return g_string_chunk_insert_len (strings, scratch->str, scratch->len);
}

gboolean
oci_schema_value_get_boolean (const OciSchemaValue *value)
{
  if (value->json != NULL)
    return json_node_get_boolean (value->json);
  return *value->at == 't';
}

/* As the core reader reads numbers: an exact gint64 when the literal has
 * no fraction or exponent and fits, the nearest double otherwise. */
gboolean
oci_schema_value_get_number (const OciSchemaValue *value,
                             OciSchemaNumber      *number)
{
  g_autofree char *literal = NULL;
  OciSchemaKind kind = oci_schema_value_kind (value);

  if (value->json != NULL)
    return oci_schema_number_from_node (value->json, number);
  if (kind != OCI_SCHEMA_KIND_INTEGER && kind != OCI_SCHEMA_KIND_NUMBER)
    return FALSE;

  literal = g_strndup (value->at, value_end (value->text, value->at) - value->at);
  if (kind == OCI_SCHEMA_KIND_INTEGER)
    {
      errno = 0;
      number->i = g_ascii_strtoll (literal, NULL, 10);
      if (errno == 0)
        {
          number->is_int = TRUE;
          number->d = (double) number->i;
          return TRUE;
        }
    }
  number->is_int = FALSE;
  number->i = 0;
  number->d = g_ascii_strtod (literal, NULL);
  return TRUE;
}

/* A json-glib tree of the value: a new reference for a tree, a parse of
 * the value's text otherwise. */
JsonNode *
oci_schema_value_to_json (const OciSchemaValue *value,
                          GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *end;
  JsonNode *json;

  if (value->json != NULL)
    return json_node_ref (value->json);
  end = value_end (value->text, value->at);
  json = oci_json_parse (value->at, end - value->at, "schema", &local_error);
  if (json == NULL)
    g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA, "%s",
                 local_error->message);
  return json;
}
