/* ort-help.c — help texts that fit the terminal
 *
 * GOption's own help has no line wrapping, writes "(null)" for a program
 * name it was not told, and turns its "…" into "?" outside UTF-8 locales.
 * The commands' help is written here instead, from the same option
 * tables: plain ASCII, wrapped to the terminal's width (80 columns when
 * the output is not a terminal).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ort-cli.h"

/* Where descriptions start (below the names under 72 columns), and the
 * narrowest width wrapped to. */
#define HELP_COLUMN 30
#define HELP_MIN_WIDTH 40

/**
 * ort_help_width:
 *
 * Returns: $COLUMNS when set, else the columns of the terminal standard
 *   output is, else 80
 */
int
ort_help_width (void)
{
  struct winsize ws = { 0 };
  const char *columns = g_getenv ("COLUMNS");
  guint64 n;

  if (columns && g_ascii_string_to_unsigned (columns, 10, 1, 1000, &n, NULL))
    return MAX ((int) n, HELP_MIN_WIDTH);
  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return MAX (ws.ws_col, HELP_MIN_WIDTH);
  return 80;
}

/* Where a word too long for a line may break: after a comma or before a
 * bracket (JSON samples, option syntaxes). Returns the length of the
 * longest head of @word, at most @room long, ending at such a point; 0 if
 * there is none. */
static gsize
break_point (const char *word, gsize len, gsize room)
{
  gsize best = 0;

  for (gsize i = 1; i < len && i <= room; i++)
    if ((word[i - 1] == ',' && (i < 2 || word[i - 2] != '[')) || word[i] == '[' || word[i] == '{')
      best = i;
  return best;
}

/* Appends @text, breaking lines at blanks so that none passes @width;
 * continuation lines start at @indent. @column is where the text starts.
 * A '\n' in @text breaks the line there. */
void
ort_help_wrap (GString *out, const char *text, int column, int indent, int width)
{
  const char *p = text;
  gboolean glued = FALSE; /* the rest of a word broken at a break point */
  gboolean line_start = TRUE; /* nothing of @text on this line yet */

  while (*p)
    {
      const char *word;
      gsize len, head;
      int space;

      if (*p == '\n')
        {
          g_string_append_printf (out, "\n%*s", indent, "");
          column = indent;
          line_start = TRUE;
          p++;
          continue;
        }
      while (*p == ' ')
        p++;
      word = p;
      len = strcspn (word, " \n");
      if (len == 0)
        continue;
      space = line_start || glued ? 0 : 1;
      if (!line_start && column + space + (int) len > width)
        {
          /* a word longer than a whole line breaks where it can */
          head = (int) len > width - indent ? break_point (word, len, width - column - space) : 0;
          if (head == 0)
            {
              g_string_append_printf (out, "\n%*s", indent, "");
              column = indent;
              line_start = TRUE;
              glued = FALSE;
              continue;
            }
          len = head;
        }
      else if (line_start && column + (int) len > width)
        {
          /* the longest head that fits, else the shortest there is */
          gsize cut = break_point (word, len, width - column);
          for (gsize room = width - column + 1; cut == 0 && room < len; room++)
            cut = break_point (word, len, room);
          len = cut ? cut : len;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append_len (out, word, len);
      column += (int) g_utf8_strlen (word, len);
      line_start = FALSE;
      p = word + len;
      glued = *p != ' ' && *p != '\n' && *p != '\0';
      if (glued && column >= width)
        {
          g_string_append_printf (out, "\n%*s", indent, "");
          column = indent;
          line_start = TRUE;
        }
    }
}

/* "-o, --output=FILE" */
static void
append_names (GString *out, const GOptionEntry *e)
{
  if (e->short_name)
    g_string_append_printf (out, "-%c, ", e->short_name);
  g_string_append_printf (out, "--%s", e->long_name);
  if (e->arg == G_OPTION_ARG_NONE)
    return;
  if (e->flags & G_OPTION_FLAG_OPTIONAL_ARG)
    g_string_append_printf (out, "[=%s]", e->arg_description ? e->arg_description : "VALUE");
  else
    g_string_append_printf (out, "=%s", e->arg_description ? e->arg_description : "VALUE");
}

/**
 * ort_help_append_entries:
 * @out: the text
 * @entries: a table ending with an entry without a long name
 * @width: the line width
 *
 * One option per paragraph: its names, then its description from column
 * 30 (below the names, from column 8, when they are longer, or on a
 * terminal narrower than 72 columns).
 */
void
ort_help_append_entries (GString *out, const GOptionEntry *entries, int width)
{
  int column = width < 72 ? 8 : HELP_COLUMN;

  for (const GOptionEntry *e = entries; e->long_name; e++)
    {
      gsize start = out->len;
      int used;

      if (e->flags & G_OPTION_FLAG_HIDDEN)
        continue;
      {
        g_autoptr(GString) names = g_string_new (NULL);
        append_names (names, e);
        g_string_append (out, "  ");
        ort_help_wrap (out, names->str, 2, 6, width);
      }
      used = (int) g_utf8_strlen (strrchr (out->str + start, '\n') ? strrchr (out->str + start, '\n') + 1
                                                                    : out->str + start, -1);
      if (used + 2 > column)
        {
          g_string_append_printf (out, "\n%*s", column, "");
          used = column;
        }
      else
        {
          g_string_append_printf (out, "%*s", column - used, "");
          used = column;
        }
      ort_help_wrap (out, e->description ? e->description : "", used, column, width);
      g_string_append_c (out, '\n');
    }
}

/**
 * ort_help_print:
 * @command: the command
 * @params: (nullable): what follows the options in the usage line
 * @summary: (nullable): paragraphs between the usage line and the options
 * @sections: (array length=n_sections): the option tables, with titles
 * @n_sections: their number
 *
 * Writes a command's help to standard output.
 */
void
ort_help_print (const char *command, const char *params, const char *summary,
                const OrtHelpSection *sections, guint n_sections)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int width = ort_help_width ();

  g_string_append_printf (out, "Usage: %s %s [OPTION...]%s%s\n", ORT_PROGRAM, command, params ? " " : "",
                          params ? params : "");
  if (summary)
    {
      /* a lone line break is a blank: the summaries were written for 80
       * columns; a blank line separates paragraphs */
      g_auto(GStrv) paragraphs = g_strsplit (summary, "\n\n", -1);
      for (guint i = 0; paragraphs[i]; i++)
        {
          g_strdelimit (paragraphs[i], "\n", ' ');
          g_string_append_c (out, '\n');
          ort_help_wrap (out, paragraphs[i], 0, 0, width);
          g_string_append_c (out, '\n');
        }
    }
  for (guint i = 0; i < n_sections; i++)
    {
      g_string_append_printf (out, "\n");
      ort_help_wrap (out, sections[i].title, 0, 0, width);
      g_string_append_c (out, '\n');
      ort_help_append_entries (out, sections[i].entries, width);
    }
  {
    g_autofree char *globals = g_strdup_printf ("Global options (--compliance-level, --host-specific, --log-level, "
                                                "--plugin-dir, --version) go before or after the command: see "
                                                "'%s --help'.", ORT_PROGRAM);
    g_string_append_c (out, '\n');
    ort_help_wrap (out, globals, 0, 0, width);
    g_string_append_c (out, '\n');
  }
  fwrite (out->str, 1, out->len, stdout);
}

/**
 * ort_help_requested:
 * @argc: the argument count
 * @argv: the command's arguments (argv[0] is its name)
 *
 * Returns: %TRUE when an argument before "--" asks for help
 */
gboolean
ort_help_requested (int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-help") == 0
        || g_str_has_prefix (argv[i], "--help-"))
      return TRUE;
  return FALSE;
}
