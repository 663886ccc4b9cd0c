/* oci-json.c — a strict JSON reader that builds json-glib trees, a locator
 * that maps JSON pointers back to line:column, and a deterministic writer.
 *
 * json-glib's own parser (GScanner based) takes about 470 µs for a 12 KB
 * config on the reference machine, accepts comments, keeps the last of
 * duplicate members silently and recurses without a depth bound. This reader
 * is strict RFC 8259, bounded, reports file:line:column, and is an order of
 * magnitude faster; the tree it builds is plain json-glib.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "oci-error.h"
#include "oci-json-private.h"

typedef struct
{
  const char *data;
  const char *p;
  const char *end;
  const char *source;
  GString *buf;
  gboolean valid_utf8; /* the whole input is known to be UTF-8 */
  GError **error;
  /* Index mode: no tree is built; every value's pointer (@path while it
   * is read) is recorded with its offset in @index. */
  gboolean locate;
  GString *path;
  OciJsonIndex *index;
} OciJsonReader;

static void index_add (OciJsonReader *r);

void
oci_json_position (const char *data, const char *at, guint *line, guint *column)
{
  guint l = 1;
  const char *line_start = data;

  /* A byte order mark is not a character an editor shows */
  if (at >= data + 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    line_start = data + 3;
  for (const char *q = data; q < at; q++)
    if (*q == '\n')
      {
        l++;
        line_start = q + 1;
      }
  *line = l;
  /* Columns count characters, as editors do; bytes of a broken sequence
   * count one each. */
  *column = 1;
  for (const char *q = line_start; q < at;)
    {
      const char *next = g_utf8_find_next_char (q, at);
      q = next ? next : at;
      (*column)++;
    }
}

static gboolean G_GNUC_PRINTF (4, 5)
reader_fail (OciJsonReader *r, const char *at, int code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;
  guint line, column;

  if (r->error == NULL || *r->error != NULL)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_json_position (r->data, at, &line, &column);
  g_set_error (r->error, OCI_CONFIG_ERROR, code, "%s:%u:%u: %s",
               r->source ? r->source : "<data>", line, column, message);
  return FALSE;
}

static inline void
skip_space (OciJsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static const char *
describe_char (const char *p, const char *end, char buf[16])
{
  if (p >= end)
    return "end of input";
  if (*p == '\0')
    return "a NUL byte";
  if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
    {
      g_snprintf (buf, 16, "byte 0x%02x", (guchar) *p);
      return buf;
    }
  g_snprintf (buf, 16, "'%c'", *p);
  return buf;
}

static gboolean
unexpected (OciJsonReader *r, const char *what)
{
  char buf[16];

  return reader_fail (r, r->p, OCI_CONFIG_ERROR_PARSE, "expected %s, found %s", what,
                      describe_char (r->p, r->end, buf));
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = (v << 4) | d;
    }
  return v;
}

static gboolean
read_escape (OciJsonReader *r, GString *out)
{
  const char *start = r->p;
  int cp, lo;

  r->p++; /* the backslash */
  if (r->p >= r->end)
    return reader_fail (r, start, OCI_CONFIG_ERROR_PARSE, "unterminated string");
  switch (*r->p)
    {
    case '"': g_string_append_c (out, '"'); break;
    case '\\': g_string_append_c (out, '\\'); break;
    case '/': g_string_append_c (out, '/'); break;
    case 'b': g_string_append_c (out, '\b'); break;
    case 'f': g_string_append_c (out, '\f'); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'r': g_string_append_c (out, '\r'); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'u':
      if (r->end - r->p < 5 || (cp = hex4 (r->p + 1)) < 0)
        return reader_fail (r, start, OCI_CONFIG_ERROR_PARSE, "invalid \\u escape");
      r->p += 4;
      if (cp >= 0xd800 && cp <= 0xdbff)
        {
          if (r->end - r->p < 7 || r->p[1] != '\\' || r->p[2] != 'u'
              || (lo = hex4 (r->p + 3)) < 0xdc00 || lo > 0xdfff)
            return reader_fail (r, start, OCI_CONFIG_ERROR_ENCODING,
                                "unpaired UTF-16 surrogate in \\u escape");
          r->p += 6;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
      else if (cp >= 0xdc00 && cp <= 0xdfff)
        return reader_fail (r, start, OCI_CONFIG_ERROR_ENCODING,
                            "unpaired UTF-16 surrogate in \\u escape");
      else if (cp == 0)
        return reader_fail (r, start, OCI_CONFIG_ERROR_ENCODING,
                            "\\u0000 (NUL) is not allowed in strings");
      g_string_append_unichar (out, cp);
      break;
    default:
      return reader_fail (r, start, OCI_CONFIG_ERROR_PARSE, "invalid escape '\\%c'",
                          g_ascii_isprint (*r->p) ? *r->p : '?');
    }
  r->p++;
  return TRUE;
}

/* Reads a string at r->p (on the opening quote) into r->buf. */
static gboolean
read_string (OciJsonReader *r)
{
  const char *start = r->p;

  g_string_truncate (r->buf, 0);
  r->p++;
  for (;;)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (r->p > run)
        {
          const char *bad;
          if (!r->valid_utf8 && !g_utf8_validate_len (run, r->p - run, &bad))
            return reader_fail (r, bad, OCI_CONFIG_ERROR_ENCODING, "invalid UTF-8 in string");
          g_string_append_len (r->buf, run, r->p - run);
        }
      if (r->p >= r->end)
        return reader_fail (r, start, OCI_CONFIG_ERROR_PARSE, "unterminated string");
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      if (*r->p == '\\')
        {
          if (!read_escape (r, r->buf))
            return FALSE;
          continue;
        }
      if (*r->p == '\0')
        return reader_fail (r, r->p, OCI_CONFIG_ERROR_ENCODING, "NUL byte in string");
      return reader_fail (r, r->p, OCI_CONFIG_ERROR_PARSE,
                          "control character 0x%02x in string must be escaped", (guchar) *r->p);
    }
}

static JsonNode *
read_number (OciJsonReader *r)
{
  const char *start = r->p;
  gboolean is_int = TRUE;
  char tmp[64];
  g_autofree char *heap = NULL;
  char *text;
  gsize len;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (r->p < r->end && g_ascii_isdigit (*r->p))
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  else
    return (unexpected (r, "a digit"), NULL);
  if (r->p < r->end && *r->p == '.')
    {
      is_int = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return (unexpected (r, "a digit after '.'"), NULL);
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      is_int = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return (unexpected (r, "a digit in the exponent"), NULL);
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->locate)
    return NULL;

  len = r->p - start;
  text = len < sizeof tmp ? tmp : (heap = g_malloc (len + 1));
  memcpy (text, start, len);
  text[len] = '\0';
  if (is_int)
    {
      /* The grammar is checked: sum the digits, watching for overflow,
       * instead of trusting errno around a library call. */
      const char *q = text + (text[0] == '-');
      guint64 limit = text[0] == '-' ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
      guint64 v = 0;
      gboolean overflow = FALSE;

      for (; *q && !overflow; q++)
        {
          guint d = *q - '0';
          if (v > (limit - d) / 10)
            overflow = TRUE;
          else
            v = v * 10 + d;
        }
      if (!overflow)
        return json_node_init_int (json_node_alloc (),
                                   text[0] == '-' ? (gint64) (0 - v) : (gint64) v);
      /* Beyond 64 bits: kept as a number, which no integer field accepts. */
    }
  {
    double d;
    errno = 0;
    d = g_ascii_strtod (text, NULL);
    if (!isfinite (d))
      return (reader_fail (r, start, OCI_CONFIG_ERROR_PARSE,
                           "number %s is out of the range of a double", text), NULL);
    return json_node_init_double (json_node_alloc (), d);
  }
}

static gboolean
expect_word (OciJsonReader *r, const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return unexpected (r, "a JSON value");
  r->p += n;
  return TRUE;
}

static JsonNode *read_value (OciJsonReader *r, guint depth);

/* Appends @member as one RFC 6901 reference token. */
void
oci_json_pointer_append_token (GString *path, const char *member)
{
  for (const char *c = member; *c; c++)
    {
      if (*c == '~')
        g_string_append (path, "~0");
      else if (*c == '/')
        g_string_append (path, "~1");
      else
        g_string_append_c (path, *c);
    }
}

static JsonNode *
read_object (OciJsonReader *r, guint depth)
{
  g_autoptr(JsonObject) object = r->locate ? NULL : json_object_new ();
  const char *open = r->p;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      goto done;
    }
  for (;;)
    {
      const char *key_at;
      char key_space[64];
      g_autofree char *key_heap = NULL;
      const char *key;
      JsonNode *value;
      guint size;


      skip_space (r);
      if (r->p >= r->end || *r->p != '"')
        return (unexpected (r, "a member name in double quotes"), NULL);
      key_at = r->p;
      if (!read_string (r))
        return NULL;
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return (unexpected (r, "':' after the member name"), NULL);
      r->p++;
      skip_space (r);
      if (r->locate)
        {
          gsize mark = r->path->len;

          g_string_append_c (r->path, '/');
          oci_json_pointer_append_token (r->path, r->buf->str);
          index_add (r);
          read_value (r, depth + 1);
          g_string_truncate (r->path, mark);
        }
      else
        {
          /* reading the value reuses r->buf: keep the name (names are
           * short, the stack is enough for nearly all) */
          if (r->buf->len < sizeof key_space)
            key = memcpy (key_space, r->buf->str, r->buf->len + 1);
          else
            key = key_heap = g_strndup (r->buf->str, r->buf->len);
          value = read_value (r, depth + 1);
          if (value == NULL)
            return NULL;
          /* json-glib copies the name; a name already there is replaced,
           * which the unchanged size tells */
          size = json_object_get_size (object);
          json_object_set_member (object, key, value);
          if (json_object_get_size (object) == size)
            return (reader_fail (r, key_at, OCI_CONFIG_ERROR_DUPLICATE_KEY,
                                 "duplicate member \"%s\"", key), NULL);
        }
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          break;
        }
      if (r->p >= r->end)
        return (reader_fail (r, open, OCI_CONFIG_ERROR_PARSE, "unterminated object"), NULL);
      return (unexpected (r, "',' or '}'"), NULL);
    }
done:
  if (r->locate)
    return NULL;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (OciJsonReader *r, guint depth)
{
  g_autoptr(JsonArray) array = r->locate ? NULL : json_array_new ();
  const char *open = r->p;
  guint index = 0;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      goto done;
    }
  for (;;)
    {
      skip_space (r);
      if (r->locate)
        {
          gsize mark = r->path->len;

          g_string_append_printf (r->path, "/%u", index);
          index_add (r);
          read_value (r, depth + 1);
          g_string_truncate (r->path, mark);
        }
      else
        {
          JsonNode *value = read_value (r, depth + 1);
          if (value == NULL)
            return NULL;
          json_array_add_element (array, value);
        }
      index++;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          break;
        }
      if (r->p >= r->end)
        return (reader_fail (r, open, OCI_CONFIG_ERROR_PARSE, "unterminated array"), NULL);
      return (unexpected (r, "',' or ']'"), NULL);
    }
done:
  if (r->locate)
    return NULL;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (OciJsonReader *r, guint depth)
{
  if (depth > OCI_JSON_MAX_DEPTH)
    return (reader_fail (r, r->p, OCI_CONFIG_ERROR_LIMIT,
                         "nesting is deeper than %d levels", OCI_JSON_MAX_DEPTH), NULL);
  skip_space (r);
  if (r->p >= r->end)
    return (unexpected (r, "a JSON value"), NULL);
  switch (*r->p)
    {
    case '{':
      return read_object (r, depth);
    case '[':
      return read_array (r, depth);
    case '"':
      if (!read_string (r) || r->locate)
        return NULL;
      return json_node_init_string (json_node_alloc (), r->buf->str);
    case 't':
      if (!expect_word (r, "true") || r->locate)
        return NULL;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      if (!expect_word (r, "false") || r->locate)
        return NULL;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      if (!expect_word (r, "null") || r->locate)
        return NULL;
      return json_node_init_null (json_node_alloc ());
    case '-':
    case '0' ... '9':
      return read_number (r);
    case '\0':
      return (reader_fail (r, r->p, OCI_CONFIG_ERROR_ENCODING, "NUL byte in the input"), NULL);
    default:
      return (unexpected (r, "a JSON value"), NULL);
    }
}

/* TRUE if no byte of @data has its high bit set; eight bytes at a time. */
static gboolean
all_ascii (const char *data, gsize length)
{
  guint64 bits = 0;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      bits |= word;
    }
  for (; i < length; i++)
    bits |= (guchar) data[i];
  return (bits & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

/**
 * oci_json_parse:
 * @data: the text (need not be NUL-terminated)
 * @length: its length in bytes
 * @source_name: (nullable): a file name for messages
 * @error: an #OCI_CONFIG_ERROR naming source:line:column
 *
 * Parses strict RFC 8259 JSON: UTF-8 only, no NUL, no comments, no
 * duplicate members, nesting bounded by %OCI_JSON_MAX_DEPTH.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set
 */
JsonNode *
oci_json_parse (const char *data, gsize length, const char *source_name, GError **error)
{
  g_autoptr(GString) buf = g_string_sized_new (64);
  OciJsonReader r = { .data = data, .p = data, .end = data + length, .source = source_name,
                   .buf = buf, .error = error };
  g_autoptr(JsonNode) root = NULL;

  /* A UTF-8 byte order mark is not JSON text, but harmless; skip it. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    r.p += 3;
  /* Input that is all ASCII (nearly every config) needs no UTF-8 check
   * of its strings; other input is checked string by string. */
  r.valid_utf8 = all_ascii (data, length);
  root = read_value (&r, 0);
  if (root == NULL)
    {
      if (error && *error == NULL)
        reader_fail (&r, r.p, OCI_CONFIG_ERROR_PARSE, "invalid JSON");
      return NULL;
    }
  skip_space (&r);
  if (r.p < r.end)
    {
      char b[16];
      reader_fail (&r, r.p, OCI_CONFIG_ERROR_PARSE, "unexpected %s after the JSON value",
                   describe_char (r.p, r.end, b));
      return NULL;
    }
  return g_steal_pointer (&root);
}

/**
 * oci_json_pointer_split:
 * @pointer: an RFC 6901 pointer ("" is the whole document)
 *
 * Returns: (transfer full) (nullable): unescaped reference tokens, or %NULL
 *   when @pointer does not start with '/' (and is not "")
 */
gchar **
oci_json_pointer_split (const char *pointer)
{
  g_auto(GStrv) parts = NULL;

  if (pointer == NULL || *pointer == '\0')
    return g_new0 (char *, 1);
  if (*pointer != '/')
    return NULL;
  parts = g_strsplit (pointer + 1, "/", -1);
  for (char **s = parts; *s; s++)
    {
      char *in = *s, *out = *s;
      if (strchr (in, '~') == NULL)
        continue;
      while (*in)
        {
          if (in[0] == '~' && in[1] == '1')
            *out++ = '/', in += 2;
          else if (in[0] == '~' && in[1] == '0')
            *out++ = '~', in += 2;
          else
            *out++ = *in++;
        }
      *out = '\0';
    }
  return g_steal_pointer (&parts);
}

/* ---- locations ---------------------------------------------------------- */

/* Continuation bytes are counted per block of this many bytes, so that a
 * column costs at most two blocks' scan, however long its line. */
#define BLOCK 4096

struct _OciJsonIndex
{
  const char *data;
  gsize length;
  GHashTable *offsets;  /* JSON pointer (in @chunk) -> offset + 1 */
  GStringChunk *chunk;
  GArray *lines;        /* gsize: the offset each line starts at */
  gsize *continuations; /* UTF-8 continuation bytes before each block */
};

static void
index_add (OciJsonReader *r)
{
  OciJsonIndex *index = r->index;
  const char *key = g_string_chunk_insert_len (index->chunk, r->path->str, r->path->len);

  skip_space (r);
  g_hash_table_insert (index->offsets, (gpointer) key, GSIZE_TO_POINTER (r->p - r->data + 1));
}

static gboolean
is_continuation (char c)
{
  return ((guchar) c & 0xc0) == 0x80;
}

static void
index_lines (OciJsonIndex *index, gsize start)
{
  gsize n_blocks = index->length / BLOCK + 1;
  gsize count = 0;

  index->lines = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (index->lines, start);
  index->continuations = g_new (gsize, n_blocks);
  for (gsize i = 0; i < index->length; i++)
    {
      if (i % BLOCK == 0)
        index->continuations[i / BLOCK] = count;
      if (index->data[i] == '\n')
        {
          gsize next = i + 1;
          g_array_append_val (index->lines, next);
        }
      count += is_continuation (index->data[i]);
    }
  if (index->length % BLOCK == 0)
    index->continuations[index->length / BLOCK] = count;
}

/* Continuation bytes before @offset. */
static gsize
continuations_before (OciJsonIndex *index, gsize offset)
{
  gsize count = index->continuations[offset / BLOCK];

  for (gsize i = offset - offset % BLOCK; i < offset; i++)
    count += is_continuation (index->data[i]);
  return count;
}

/**
 * oci_json_index_new:
 * @data: JSON text that oci_json_parse() accepted; it must outlive the index
 * @length: its length
 *
 * Reads @data once, building no tree, and records where every value
 * starts and where every line starts, so that each location is then
 * found in logarithmic time.
 *
 * Returns: (transfer full): the index
 */
OciJsonIndex *
oci_json_index_new (const char *data, gsize length)
{
  OciJsonIndex *index = g_new0 (OciJsonIndex, 1);
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GString) path = g_string_new (NULL);
  OciJsonReader r = { .data = data, .p = data, .end = data + length, .buf = buf, .locate = TRUE,
                      .path = path, .index = index };
  gsize start = length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  index->data = data;
  index->length = length;
  index->offsets = g_hash_table_new (g_str_hash, g_str_equal);
  index->chunk = g_string_chunk_new (4096);
  index_lines (index, start);
  r.p += start;
  index_add (&r);
  read_value (&r, 0);
  return index;
}

/**
 * oci_json_index_free:
 * @index: (nullable): an index
 */
void
oci_json_index_free (OciJsonIndex *index)
{
  if (index == NULL)
    return;
  g_hash_table_unref (index->offsets);
  g_string_chunk_free (index->chunk);
  g_array_unref (index->lines);
  g_free (index->continuations);
  g_free (index);
}

/**
 * oci_json_index_locate:
 * @index: an index
 * @pointer: a JSON pointer, its tokens escaped as oci_json_pointer_escape() does
 * @line: (out): 1-based line of the value's first character
 * @column: (out): 1-based column, in characters (a byte order mark is none)
 *
 * Returns: %TRUE if the document has a value at @pointer
 */
gboolean
oci_json_index_locate (OciJsonIndex *index, const char *pointer, guint *line, guint *column)
{
  gpointer found = g_hash_table_lookup (index->offsets, pointer);
  gsize offset, lo = 0, hi;

  if (found == NULL)
    return FALSE;
  offset = GPOINTER_TO_SIZE (found) - 1;
  /* the last line starting at or before @offset */
  hi = index->lines->len;
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (g_array_index (index->lines, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  *line = (guint) lo + 1;
  {
    gsize start = g_array_index (index->lines, gsize, lo);
    *column = (guint) (offset - start - (continuations_before (index, offset) - continuations_before (index, start)))
              + 1;
  }
  return TRUE;
}

/* ---- writer ----------------------------------------------------------- */

typedef struct
{
  GString *out;
  GHashTable *orders; /* pattern -> const OciFieldOrder-like row */
  GString *pattern;
} OciJsonWriter;

/* Mirrors OciFieldOrder without depending on the public header. */
typedef struct
{
  const char *pattern;
  int flags;
  const char *const *members;
} FieldOrderRow;

static void
write_string (GString *out, const char *s)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        /* Go's encoder escapes these for HTML safety; doing the same keeps
         * our output byte-identical to the Go tool's. */
        case '<': case '>': case '&':
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 15]);
          break;
        default:
          if (*p < 0x20)
            {
              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[*p >> 4]);
              g_string_append_c (out, hex[*p & 15]);
            }
          else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
            {
              g_string_append (out, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
              p += 2;
            }
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_double (GString *out, double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest text that reads back as the same double. */
  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buf, sizeof buf, precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g", d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  g_string_append (out, buf);
}

static void
indent (GString *out, guint depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '\t');
}

static void write_node (OciJsonWriter *w, JsonNode *node, guint depth);

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
write_member (OciJsonWriter *w, JsonObject *object, const char *name, gboolean map,
              gboolean *first, guint depth)
{
  gsize saved = w->pattern->len;

  if (!*first)
    g_string_append_c (w->out, ',');
  *first = FALSE;
  indent (w->out, depth + 1);
  write_string (w->out, name);
  g_string_append (w->out, ": ");
  g_string_append_c (w->pattern, '/');
  if (map)
    g_string_append_c (w->pattern, '*');
  else
    for (const char *c = name; *c; c++)
      {
        if (*c == '~')
          g_string_append (w->pattern, "~0");
        else if (*c == '/')
          g_string_append (w->pattern, "~1");
        else
          g_string_append_c (w->pattern, *c);
      }
  write_node (w, json_object_get_member (object, name), depth + 1);
  g_string_truncate (w->pattern, saved);
}

static void
write_object (OciJsonWriter *w, JsonObject *object, guint depth)
{
  const FieldOrderRow *row = w->orders ? g_hash_table_lookup (w->orders, w->pattern->str) : NULL;
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean first = TRUE;

  if (members == NULL)
    {
      g_string_append (w->out, "{}");
      return;
    }
  g_string_append_c (w->out, '{');
  if (row && row->flags == 1)
    {
      guint n = g_list_length (members), i = 0;
      g_autofree const char **names = g_new (const char *, n);
      for (GList *l = members; l; l = l->next)
        names[i++] = l->data;
      qsort (names, n, sizeof *names, compare_names);
      for (i = 0; i < n; i++)
        write_member (w, object, names[i], TRUE, &first, depth);
    }
  else
    {
      if (row && row->members)
        for (const char *const *m = row->members; *m; m++)
          if (json_object_has_member (object, *m))
            write_member (w, object, *m, FALSE, &first, depth);
      for (GList *l = members; l; l = l->next)
        {
          gboolean listed = FALSE;
          if (row && row->members)
            for (const char *const *m = row->members; *m && !listed; m++)
              listed = strcmp (*m, l->data) == 0;
          if (!listed)
            write_member (w, object, l->data, FALSE, &first, depth);
        }
    }
  indent (w->out, depth);
  g_string_append_c (w->out, '}');
}

static void
write_array (OciJsonWriter *w, JsonArray *array, guint depth)
{
  guint n = json_array_get_length (array);
  gsize saved = w->pattern->len;

  if (n == 0)
    {
      g_string_append (w->out, "[]");
      return;
    }
  g_string_append_c (w->out, '[');
  g_string_append (w->pattern, "/*");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (w->out, ',');
      indent (w->out, depth + 1);
      write_node (w, json_array_get_element (array, i), depth + 1);
    }
  g_string_truncate (w->pattern, saved);
  indent (w->out, depth);
  g_string_append_c (w->out, ']');
}

static void
write_node (OciJsonWriter *w, JsonNode *node, guint depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_object (w, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      write_array (w, json_node_get_array (node), depth);
      break;
    case JSON_NODE_NULL:
      g_string_append (w->out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (w->out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (w->out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (w->out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          write_string (w->out, json_node_get_string (node));
          break;
        default:
          g_string_append (w->out, "null");
        }
      break;
    }
}

/**
 * oci_json_write:
 * @node: the tree
 * @orders: (nullable): pattern → order row, see #OciFieldOrder
 * @length: (out) (optional): the length of the result
 *
 * Writes @node the way Go's json.MarshalIndent (prefix "", indent tab)
 * does, with object members in the order the tables give.
 *
 * Returns: (transfer full): the text, without a trailing newline
 */
char *
oci_json_write (JsonNode *node, GHashTable *orders, gsize *length)
{
  g_autoptr(GString) pattern = g_string_new ("");
  OciJsonWriter w = { .out = g_string_sized_new (4096), .orders = orders, .pattern = pattern };

  write_node (&w, node, 0);
  if (length)
    *length = w.out->len;
  return g_string_free (w.out, FALSE);
}
