/* oci-report-escape.c — the one layer every report writes its text through
 *
 * What a report echoes comes from documents, paths and runtimes that are
 * not ours: any byte may be in it. Each format gets its own escaping here,
 * and every writer (the reporters, the runtime report, the command line)
 * uses these functions instead of writing such text raw.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-report-private.h"
#include "oci-reporter.h"

static const char hex[] = "0123456789abcdef";

/* The length of the valid UTF-8 character at @p (at most @left bytes), or
 * 0 when the bytes there are no valid character. */
static gsize
valid_char_len (const char *p, gsize left)
{
  gunichar c = g_utf8_get_char_validated (p, (gssize) left);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return 0;
  return (gsize) (g_utf8_next_char (p) - p);
}

/**
 * oci_report_clip:
 * @text: (nullable): text
 * @max: the most bytes kept
 *
 * Cuts @text at @max bytes (never inside a UTF-8 character) and says how
 * long it was: "…… (1048576 bytes)".
 *
 * Returns: (transfer full) (nullable): the bounded text, %NULL for %NULL
 */
char *
oci_report_clip (const char *text, gsize max)
{
  gsize len, cut = 0;

  if (text == NULL)
    return NULL;
  len = strlen (text);
  if (len <= max)
    return g_strdup (text);
  while (cut < max)
    {
      gsize n = valid_char_len (text + cut, len - cut);
      if (n == 0)
        n = 1;
      if (cut + n > max)
        break;
      cut += n;
    }
  return g_strdup_printf ("%.*s… (%" G_GSIZE_FORMAT " bytes)", (int) cut, text, len);
}

/**
 * oci_report_utf8:
 * @text: (nullable): text
 * @replaced: (out) (optional): set to %TRUE when a byte was replaced
 *   (left alone otherwise, so one flag can collect several fields)
 *
 * Returns: (transfer full): @text with every byte that is not part of a
 *   valid UTF-8 character replaced by U+FFFD
 */
char *
oci_report_utf8 (const char *text, gboolean *replaced)
{
  gsize len = text ? strlen (text) : 0;
  GString *out;

  if (text == NULL || g_utf8_validate (text, (gssize) len, NULL))
    return g_strdup (text ? text : "");
  out = g_string_sized_new (len + 8);
  for (const char *p = text; *p;)
    {
      gsize n = valid_char_len (p, len - (gsize) (p - text));
      if (n == 0)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          continue;
        }
      g_string_append_len (out, p, (gssize) n);
      p += n;
    }
  if (replaced)
    *replaced = TRUE;
  return g_string_free (out, FALSE);
}

static void
append_hex_byte (GString *out, guchar c)
{
  g_string_append (out, "\\x");
  g_string_append_c (out, hex[c >> 4]);
  g_string_append_c (out, hex[c & 15]);
}

static char *
visible (const char *text, gboolean keep_lines)
{
  gsize len = text ? strlen (text) : 0;
  GString *out = g_string_sized_new (len + 8);

  for (const char *p = text ? text : ""; *p;)
    {
      guchar c = (guchar) *p;
      gsize n = valid_char_len (p, len - (gsize) (p - text));
      gunichar u = n ? g_utf8_get_char (p) : 0;

      if (n == 0)
        append_hex_byte (out, c);
      else if (c == '\\' && !keep_lines)
        g_string_append (out, "\\\\");
      else if (c == '\n' && keep_lines)
        g_string_append_c (out, '\n');
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == 0x1b)
        g_string_append (out, "\\e");
      else if (c < 0x20 || c == 0x7f)
        append_hex_byte (out, c);
      else if (u >= 0x80 && u < 0xa0)
        g_string_append_printf (out, "\\u%04x", u);
      else
        g_string_append_len (out, p, (gssize) n);
      p += n ? n : 1;
    }
  return g_string_free (out, FALSE);
}

/**
 * oci_report_visible:
 * @text: (nullable): text
 *
 * For a terminal: control characters (C0, DEL, C1) are shown as
 * `\n`, `\t`, `\r`, `\e`, `\xNN` or `\u0085`, a byte that is not UTF-8 as
 * `\xNN`, and a backslash as `\\` so that none of these can be faked. No
 * escape sequence and no line break reaches the output raw.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): one line of printable text
 */
char *
oci_report_visible (const char *text)
{
  return visible (text, FALSE);
}

/**
 * oci_report_visible_lines:
 * @text: (nullable): text of one or more lines
 *
 * As oci_report_visible(), but line feeds stay (and backslashes are not
 * doubled): for messages whose lines are meant, with parts that are not
 * ours inside (a path, a plugin's description).
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): printable text
 */
char *
oci_report_visible_lines (const char *text)
{
  return visible (text, TRUE);
}

/**
 * oci_json_quote:
 * @text: (nullable): text
 * @replaced: (out) (optional): set to %TRUE when a byte that is not UTF-8
 *   was replaced by U+FFFD
 *
 * Every control character (C0, DEL, C1) and U+2028/U+2029 is written as a
 * \u escape, so the literal is also a safe YAML double-quoted scalar and
 * shows nothing raw on a terminal.
 *
 * Returns: (transfer full): @text as a JSON string literal, quotes included
 */
char *
oci_json_quote (const char *text, gboolean *replaced)
{
  g_autofree char *valid = oci_report_utf8 (text, replaced);
  GString *out = g_string_sized_new (strlen (valid) + 2);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);

      if (u == '"')
        g_string_append (out, "\\\"");
      else if (u == '\\')
        g_string_append (out, "\\\\");
      else if (u == '\n')
        g_string_append (out, "\\n");
      else if (u == '\t')
        g_string_append (out, "\\t");
      else if (u == '\r')
        g_string_append (out, "\\r");
      else if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029)
        g_string_append_printf (out, "\\u%04x", u);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* XML 1.0's Char production: tab, LF, CR, and from U+0020 on, less the
 * surrogates (never in valid UTF-8) and U+FFFE, U+FFFF. C1 controls are
 * allowed but discouraged: they are replaced too, as terminals act on them. */
static gboolean
xml_char_ok (gunichar u)
{
  if (u == '\t' || u == '\n' || u == '\r')
    return TRUE;
  if (u < 0x20 || (u >= 0x7f && u < 0xa0))
    return FALSE;
  return u != 0xfffe && u != 0xffff;
}

/**
 * oci_xml_escape:
 * @text: (nullable): text
 * @replaced: (out) (optional): set to %TRUE when a byte that is not UTF-8
 *   was replaced
 *
 * XML 1.0 allows no control characters but tab, LF and CR, not even as
 * character references: they become U+FFFD, as do bytes that are not
 * UTF-8; markup characters become entities (so "]]>" cannot end anything).
 *
 * Returns: (transfer full): @text fit for XML content and attributes
 */
char *
oci_xml_escape (const char *text, gboolean *replaced)
{
  g_autofree char *valid = oci_report_utf8 (text, replaced);
  GString *out = g_string_sized_new (strlen (valid) + 8);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);
      switch (u)
        {
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '&': g_string_append (out, "&amp;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        /* attribute values normalise raw line breaks to spaces */
        case '\n': g_string_append (out, "&#10;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '\t': g_string_append (out, "&#9;"); break;
        default:
          if (xml_char_ok (u))
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          else
            g_string_append (out, "\xef\xbf\xbd");
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * oci_github_escape:
 * @text: (nullable): text
 * @property: %TRUE for a property value (file=, title=), which also
 *   escapes ':' and ','
 *
 * GitHub workflow commands end at a line break and take '%' as their
 * escape character; the rest of the text is made valid UTF-8 and control
 * characters are shown visibly.
 *
 * Returns: (transfer full): @text for a `::error …::` command
 */
char *
oci_github_escape (const char *text, gboolean property)
{
  g_autofree char *valid = oci_report_utf8 (text, NULL);
  GString *out = g_string_sized_new (strlen (valid) + 8);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);

      if (u == '%')
        g_string_append (out, "%25");
      else if (u == '\r')
        g_string_append (out, "%0D");
      else if (u == '\n')
        g_string_append (out, "%0A");
      else if (property && u == ':')
        g_string_append (out, "%3A");
      else if (property && u == ',')
        g_string_append (out, "%2C");
      else if (u < 0x20 || (u >= 0x7f && u < 0xa0))
        g_string_append_printf (out, "\\u%04x", u);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* How much of each text field of a result a report echoes: values copied
 * from the input get the tightest bound, prose and paths more room. */
static const struct
{
  gsize offset;
  gsize max;
} result_bounds[] = {
  { G_STRUCT_OFFSET (OciResult, message), OCI_REPORT_MAX_TEXT },
  { G_STRUCT_OFFSET (OciResult, pointer), OCI_REPORT_MAX_TEXT },
  { G_STRUCT_OFFSET (OciResult, subject), OCI_REPORT_MAX_TEXT },
  { G_STRUCT_OFFSET (OciResult, file), OCI_REPORT_MAX_TEXT },
  { G_STRUCT_OFFSET (OciResult, url), OCI_REPORT_MAX_TEXT },
  { G_STRUCT_OFFSET (OciResult, requirement_id), OCI_REPORT_MAX_ECHO },
  { G_STRUCT_OFFSET (OciResult, checker_id), OCI_REPORT_MAX_ECHO },
  { G_STRUCT_OFFSET (OciResult, expected), OCI_REPORT_MAX_ECHO },
  { G_STRUCT_OFFSET (OciResult, actual), OCI_REPORT_MAX_ECHO },
};

/**
 * oci_report_needs_bound:
 * @result: a result
 *
 * Returns: %TRUE if a text field of @result is longer than its bound, so
 *   that oci_report_bound_result() would change it
 */
gboolean
oci_report_needs_bound (const OciResult *result)
{
  for (gsize i = 0; i < G_N_ELEMENTS (result_bounds); i++)
    {
      char *const *field = G_STRUCT_MEMBER_P (result, result_bounds[i].offset);
      if (*field && strlen (*field) > result_bounds[i].max)
        return TRUE;
    }
  return FALSE;
}

/**
 * oci_report_bound_result:
 * @result: a result
 *
 * Returns: (transfer full): a copy of @result whose text fields are cut
 *   at their bounds (see oci_report_clip())
 */
OciResult *
oci_report_bound_result (const OciResult *result)
{
  OciResult *copy = oci_result_copy (result);

  for (gsize i = 0; i < G_N_ELEMENTS (result_bounds); i++)
    {
      char **field = G_STRUCT_MEMBER_P (copy, result_bounds[i].offset);
      if (*field && strlen (*field) > result_bounds[i].max)
        {
          char *cut = oci_report_clip (*field, result_bounds[i].max);
          g_free (*field);
          *field = cut;
        }
    }
  return copy;
}

/**
 * oci_report_printf:
 * @stream: where to write
 * @format: a printf() format
 * @...: its arguments
 *
 * printf() through oci_report_visible_lines(): for lines of a listing or a
 * message whose arguments come from outside (paths, plugin metadata).
 *
 * Thread safety: safe from any thread on a stream or builder no other
 * thread writes at the same time; reporters call it on the thread that
 * posts to the bus, never from checker threads under `validate --jobs`.
 *
 * Returns: what fputs() returns
 */
int
oci_report_printf (FILE *stream, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  shown = oci_report_visible_lines (text);
  return fputs (shown, stream);
}
