/* report-check.c — checks that a report is valid in its format: JSON that
 * parses and is UTF-8, well-formed XML, TAP with one line per test point,
 * GitHub workflow commands one per line, text without raw control bytes.
 *
 * The XML checker covers what well-formedness means for documents without
 * a DTD: one root element, nested tags that match, quoted attributes that
 * are not repeated, only the five predefined entities and character
 * references, only XML 1.0 characters, no "]]>" in content.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#include "oci-json-private.h"
#include "report-check.h"

static gboolean
fail (char **why, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (char **why, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (why)
    *why = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/**
 * ort_check_json:
 * @text: the report
 * @length: its length in bytes
 * @why: (out) (optional): what is wrong
 *
 * Returns: %TRUE if @text is UTF-8 and one JSON document
 */
gboolean
ort_check_json (const char *text, gsize length, char **why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_utf8_validate (text, (gssize) length, NULL))
    return fail (why, "JSON report is not UTF-8");
  node = oci_json_parse (text, length, "report", &error);
  if (node == NULL)
    return fail (why, "JSON report does not parse: %s", error->message);
  return TRUE;
}

/* ---- XML ----------------------------------------------------------------- */

typedef struct
{
  const char *p, *end;
  GPtrArray *open; /* element names */
  char **why;
} Xml;

static gboolean
xml_char_ok (gunichar u)
{
  return u == '\t' || u == '\n' || u == '\r' || (u >= 0x20 && u <= 0xd7ff) || (u >= 0xe000 && u <= 0xfffd)
         || (u >= 0x10000 && u <= 0x10ffff);
}

static gboolean
is_name_char (char c, gboolean first)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || (!first && (g_ascii_isdigit (c) || c == '-' || c == '.'));
}

static char *
xml_name (Xml *x)
{
  const char *start = x->p;

  if (x->p >= x->end || !is_name_char (*x->p, TRUE))
    return NULL;
  while (x->p < x->end && is_name_char (*x->p, FALSE))
    x->p++;
  return g_strndup (start, x->p - start);
}

static void
xml_space (Xml *x)
{
  while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' || *x->p == '\r'))
    x->p++;
}

/* At '&': one of the predefined entities or a character reference to an
 * allowed character. */
static gboolean
xml_reference (Xml *x)
{
  static const char *const entities[] = { "lt;", "gt;", "amp;", "quot;", "apos;" };
  const char *semi;

  x->p++;
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    if ((gsize) (x->end - x->p) >= strlen (entities[i]) && strncmp (x->p, entities[i], strlen (entities[i])) == 0)
      {
        x->p += strlen (entities[i]);
        return TRUE;
      }
  semi = memchr (x->p, ';', x->end - x->p);
  if (*x->p == '#' && semi && semi - x->p > 1 && semi - x->p < 12)
    {
      gboolean hexa = x->p[1] == 'x';
      g_autofree char *digits = g_strndup (x->p + 1 + hexa, semi - x->p - 1 - hexa);
      char *stop = NULL;
      guint64 u = g_ascii_strtoull (digits, &stop, hexa ? 16 : 10);
      if (*digits && *stop == '\0' && u <= 0x10ffff && xml_char_ok ((gunichar) u))
        {
          x->p = semi + 1;
          return TRUE;
        }
    }
  return fail (x->why, "XML: bad entity or character reference");
}

/* Character data up to '<' (or, in an attribute, the closing quote). */
static gboolean
xml_chars (Xml *x, char stop, gboolean attribute)
{
  while (x->p < x->end && *x->p != stop)
    {
      gunichar u;
      if (*x->p == '&')
        {
          if (!xml_reference (x))
            return FALSE;
          continue;
        }
      if (attribute && *x->p == '<')
        return fail (x->why, "XML: '<' in an attribute value");
      if (!attribute && x->end - x->p >= 3 && strncmp (x->p, "]]>", 3) == 0)
        return fail (x->why, "XML: ']]>' in content");
      u = g_utf8_get_char_validated (x->p, x->end - x->p);
      if (u == (gunichar) -1 || u == (gunichar) -2 || !xml_char_ok (u))
        return fail (x->why, "XML: character not allowed: 0x%02x", (guchar) *x->p);
      x->p = g_utf8_next_char (x->p);
    }
  return TRUE;
}

static gboolean
xml_start_tag (Xml *x)
{
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_free);

  x->p++;
  name = xml_name (x);
  if (name == NULL)
    return fail (x->why, "XML: bad element name");
  for (;;)
    {
      const char *before = x->p;
      char *attr;
      char quote;

      xml_space (x);
      if (x->p < x->end && *x->p == '/')
        {
          if (x->end - x->p < 2 || x->p[1] != '>')
            return fail (x->why, "XML: bad empty-element tag");
          x->p += 2;
          return TRUE;
        }
      if (x->p < x->end && *x->p == '>')
        {
          x->p++;
          g_ptr_array_add (x->open, g_steal_pointer (&name));
          return TRUE;
        }
      if (x->p == before)
        return fail (x->why, "XML: no space before an attribute");
      attr = xml_name (x);
      if (attr == NULL)
        return fail (x->why, "XML: bad attribute name in <%s>", name);
      for (guint i = 0; i < attributes->len; i++)
        if (strcmp (attributes->pdata[i], attr) == 0)
          {
            g_free (attr);
            return fail (x->why, "XML: repeated attribute in <%s>", name);
          }
      g_ptr_array_add (attributes, attr);
      xml_space (x);
      if (x->p >= x->end || *x->p != '=')
        return fail (x->why, "XML: attribute without '='");
      x->p++;
      xml_space (x);
      if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
        return fail (x->why, "XML: unquoted attribute value");
      quote = *x->p++;
      if (!xml_chars (x, quote, TRUE))
        return FALSE;
      if (x->p >= x->end)
        return fail (x->why, "XML: unterminated attribute value");
      x->p++;
    }
}

static gboolean
xml_end_tag (Xml *x)
{
  g_autofree char *name = NULL;

  x->p += 2;
  name = xml_name (x);
  xml_space (x);
  if (name == NULL || x->p >= x->end || *x->p != '>')
    return fail (x->why, "XML: bad end tag");
  x->p++;
  if (x->open->len == 0 || strcmp (x->open->pdata[x->open->len - 1], name) != 0)
    return fail (x->why, "XML: </%s> does not close the open element", name);
  g_ptr_array_remove_index (x->open, x->open->len - 1);
  return TRUE;
}

/**
 * ort_check_xml:
 * @text: the report
 * @length: its length in bytes
 * @why: (out) (optional): what is wrong
 *
 * Returns: %TRUE if @text is a well-formed XML document
 */
gboolean
ort_check_xml (const char *text, gsize length, char **why)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_free);
  Xml x = { text, text + length, open, why };
  guint roots = 0;

  if (!g_utf8_validate (text, (gssize) length, NULL))
    return fail (why, "XML report is not UTF-8");
  if (length >= 5 && strncmp (text, "<?xml", 5) == 0)
    {
      const char *close = g_strstr_len (text, (gssize) length, "?>");
      if (close == NULL)
        return fail (why, "XML: unterminated declaration");
      x.p = close + 2;
    }
  while (x.p < x.end)
    {
      if (open->len == 0)
        {
          xml_space (&x);
          if (x.p >= x.end)
            break;
          if (*x.p != '<' || roots++ > 0)
            return fail (why, "XML: content outside the root element");
        }
      if (*x.p != '<')
        {
          if (!xml_chars (&x, '<', FALSE))
            return FALSE;
          continue;
        }
      if (x.end - x.p >= 4 && strncmp (x.p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (x.p + 4, x.end - x.p - 4, "-->");
          if (close == NULL)
            return fail (why, "XML: unterminated comment");
          x.p = close + 3;
          continue;
        }
      if (!(x.end - x.p >= 2 && x.p[1] == '/' ? xml_end_tag (&x) : xml_start_tag (&x)))
        return FALSE;
    }
  if (roots != 1)
    return fail (why, "XML: %u root elements", roots);
  if (open->len)
    return fail (why, "XML: <%s> is never closed", (char *) open->pdata[open->len - 1]);
  return TRUE;
}

/* ---- TAP ----------------------------------------------------------------- */

/* "ok N" or "not ok N", followed by the end or " - " / " #". */
static gboolean
tap_point (const char *line, guint *number)
{
  const char *p = g_str_has_prefix (line, "ok ") ? line + 3 : g_str_has_prefix (line, "not ok ") ? line + 7 : NULL;
  char *stop = NULL;

  if (p == NULL || !g_ascii_isdigit (*p))
    return FALSE;
  *number = (guint) g_ascii_strtoull (p, &stop, 10);
  return *stop == '\0' || *stop == ' ';
}

/**
 * ort_check_tap:
 * @text: the report
 * @length: its length in bytes
 * @points: how many test points there must be, or %G_MAXUINT for any
 * @why: (out) (optional): what is wrong
 *
 * Every line is the version line, a test point numbered in order, a
 * comment, the plan, a "Bail out!" or a line of a YAML block ("  ---" to
 * "  ...") after a test point: a forged line is none of these or breaks
 * the numbering.
 *
 * Returns: %TRUE if @text is such a TAP 13 stream with @points points
 */
gboolean
ort_check_tap (const char *text, gsize length, guint points, char **why)
{
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = NULL;
  guint seen = 0, plan = 0;
  gboolean in_yaml = FALSE, after_point = FALSE;

  if (strlen (copy) != length || !g_utf8_validate (text, (gssize) length, NULL))
    return fail (why, "TAP: not UTF-8 text");
  if (!g_str_has_prefix (copy, "TAP version 13\n"))
    return fail (why, "TAP: no version line");
  if (length && text[length - 1] != '\n')
    return fail (why, "TAP: last line unterminated");
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 1; lines[i] && lines[i + 1]; i++)
    {
      const char *l = lines[i];
      guint n;

      for (const char *c = l; *c; c++)
        if ((guchar) *c < 0x20 && *c != '\t')
          return fail (why, "TAP line %u: control byte", i + 1);
      if (in_yaml)
        {
          if (strcmp (l, "  ...") == 0)
            in_yaml = FALSE;
          else if (!g_str_has_prefix (l, "  "))
            return fail (why, "TAP line %u: YAML block line without indent", i + 1);
          continue;
        }
      if (strcmp (l, "  ---") == 0 && after_point)
        {
          in_yaml = TRUE;
          after_point = FALSE;
          continue;
        }
      after_point = FALSE;
      if (tap_point (l, &n))
        {
          if (n != ++seen)
            return fail (why, "TAP line %u: test point %u where %u was due", i + 1, n, seen);
          after_point = TRUE;
        }
      else if (g_str_has_prefix (l, "1.."))
        {
          if (plan++)
            return fail (why, "TAP line %u: second plan", i + 1);
        }
      else if (!g_str_has_prefix (l, "#") && !g_str_has_prefix (l, "Bail out!"))
        return fail (why, "TAP line %u: neither a test point, a comment nor YAML: %s", i + 1, l);
    }
  if (in_yaml)
    return fail (why, "TAP: unterminated YAML block");
  if (points != G_MAXUINT && seen != points)
    return fail (why, "TAP: %u test points where %u results were posted", seen, points);
  return TRUE;
}

/* ---- GitHub and text ---------------------------------------------------- */

/**
 * ort_check_github:
 * @text: the report
 * @length: its length in bytes
 * @why: (out) (optional): what is wrong
 *
 * Returns: %TRUE if every line starting with "::" is one well-formed
 *   error, warning or notice command whose properties are escaped
 */
gboolean
ort_check_github (const char *text, gsize length, char **why)
{
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = NULL;

  if (strlen (copy) != length || !g_utf8_validate (text, (gssize) length, NULL))
    return fail (why, "github: not UTF-8 text");
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      const char *sep;
      g_autofree char *props = NULL;

      if (strchr (l, '\r'))
        return fail (why, "github line %u: raw carriage return", i + 1);
      if (!g_str_has_prefix (l, "::"))
        continue;
      if (!g_str_has_prefix (l, "::error") && !g_str_has_prefix (l, "::warning") && !g_str_has_prefix (l, "::notice"))
        return fail (why, "github line %u: unknown command", i + 1);
      sep = strstr (l + 2, "::");
      if (sep == NULL)
        return fail (why, "github line %u: no message", i + 1);
      props = g_strndup (l + 2, sep - l - 2);
      if (strchr (props, ' '))
        {
          g_auto(GStrv) pairs = g_strsplit (strchr (props, ' ') + 1, ",", -1);
          for (char **p = pairs; *p; p++)
            {
              const char *eq = strchr (*p, '=');
              static const char *const keys[] = { "file", "line", "col", "endLine", "endColumn", "title", NULL };
              g_autofree char *key = eq ? g_strndup (*p, eq - *p) : NULL;
              if (key == NULL || !g_strv_contains (keys, key) || strchr (eq + 1, ':'))
                return fail (why, "github line %u: bad property '%s'", i + 1, *p);
            }
        }
    }
  return TRUE;
}

/**
 * ort_check_text:
 * @text: the report
 * @length: its length in bytes
 * @why: (out) (optional): what is wrong
 *
 * Returns: %TRUE if @text is UTF-8 with no control byte but line feeds
 *   (and the colour sequences a terminal gets, when @text has them)
 */
gboolean
ort_check_text (const char *text, gsize length, char **why)
{
  if (!g_utf8_validate (text, (gssize) length, NULL))
    return fail (why, "text report is not UTF-8");
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);
      if ((u < 0x20 && u != '\n') || (u >= 0x7f && u < 0xa0))
        return fail (why, "text report has control character U+%04X at byte %" G_GSIZE_FORMAT, u,
                     (gsize) (p - text));
    }
  return TRUE;
}

/**
 * ort_check_schema:
 * @schema_path: a draft-04 JSON Schema file
 * @text: a JSON document
 * @length: its length in bytes
 * @why: (out) (optional): what is wrong
 *
 * Returns: %TRUE if @text is valid JSON that the schema accepts
 */
gboolean
ort_check_schema (const char *schema_path, const char *text, gsize length, char **why)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autofree char *uri = NULL;

  if (!ort_check_json (text, length, why))
    return FALSE;
  node = oci_json_parse (text, length, "report", &error);
  if (!oci_schema_add_file (schema, schema_path, &uri, &error)
      || !oci_schema_validate (schema, uri, node, &violations, &error))
    return fail (why, "%s: %s", schema_path, error->message);
  if (violations->len)
    {
      OciSchemaViolation *v = violations->pdata[0];
      return fail (why, "%u violations of %s, first at %s: %s", violations->len, schema_path,
                   v->instance_pointer, v->message);
    }
  return TRUE;
}
