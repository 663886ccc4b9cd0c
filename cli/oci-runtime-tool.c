/* oci-runtime-tool.c — the command line: global options, then a command
 *
 * The CLI knows no spec area: it composes the plugins that apply to the
 * target and hands their options and checkers to the core.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ort-cli.h"

static const struct
{
  const char *name;
  OrtCommandFunc func;
  const char *summary;
  const char *params; /* what follows the options in the usage line */
} commands[] = {
  { "generate", ort_cmd_generate, "generate an OCI runtime-spec config.json", NULL },
  { "validate", ort_cmd_validate, "validate bundles (and state or features documents)", NULL },
  { "runtime-validate", ort_cmd_runtime_validate, "test an OCI runtime (runc, crun, ...) against the spec", NULL },
  { "plugins", ort_cmd_plugins, "list the plugins, their checkers and generate options", NULL },
  { "requirements", ort_cmd_requirements, "list the spec requirements that are checked", NULL },
  { "json-schema", ort_cmd_json_schema, "validate JSON files against a draft-04 JSON Schema", "SCHEMA INSTANCE..." },
  { "completion", ort_cmd_completion, "print the bash, zsh or fish completion script", "bash|zsh|fish" },
};

static gssize
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      return (gssize) i;
  return -1;
}

/* The names of the commands, for completion. */
void
ort_list_commands (GPtrArray *names)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_ptr_array_add (names, (gpointer) commands[i].name);
}

/* The usage line's words after [OPTION...], or NULL. */
const char *
ort_command_params (const char *command)
{
  gssize i = find_command (command);

  return i >= 0 ? commands[i].params : NULL;
}

static GPtrArray *kept_until_exit;

/* Takes a reference the process keeps to its end, never released. */
void
ort_keep_until_exit (gpointer object)
{
  if (kept_until_exit == NULL)
    kept_until_exit = g_ptr_array_new ();
  g_ptr_array_add (kept_until_exit, object);
}

int
ort_usage_error (const char *command, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_report_printf (stderr, "%s: %s\nTry '%s%s%s --help'.\n", ORT_PROGRAM, message, ORT_PROGRAM,
                     command ? " " : "", command ? command : "");
  return ORT_EXIT_USAGE;
}

int
ort_input_error (const GError *error)
{
  /* the embedded schemas' URIs mean nothing to a user */
  g_autofree char *hidden = oci_spec_hide_schema_uris (error->message);
  g_autofree char *message = oci_report_visible (hidden);

  fprintf (stderr, "%s: %s\n", ORT_PROGRAM, message);
  return ORT_EXIT_USAGE;
}

OciRegistry *
ort_registry_new (OrtGlobals *globals, const char *const *name_filter)
{
  OciRegistry *registry = oci_registry_new ();

  for (guint i = 0; i < globals->plugin_dirs->len; i++)
    oci_registry_add_search_dir (registry, globals->plugin_dirs->pdata[i]);
  oci_registry_add_default_search_path (registry);
  oci_registry_set_name_filter (registry, name_filter);
  for (guint i = 0; globals->plugin_options && i < globals->plugin_options->len; i++)
    oci_registry_add_plugin_option (registry, globals->plugin_options->pdata[i], NULL); /* checked when taken */
  for (guint i = 0; i < globals->disabled_plugins->len; i++)
    oci_registry_disable_plugin (registry, globals->disabled_plugins->pdata[i]);
  oci_registry_set_isolation (registry, globals->isolation, globals->plugin_timeout_ms);
  return registry;
}

/* --require-plugin: each named plugin must load and be active. */
int
ort_require_plugins (OrtGlobals *globals, OciRegistry *registry)
{
  for (guint i = 0; i < globals->required_plugins->len; i++)
    {
      g_autoptr(GError) error = NULL;
      if (!oci_registry_require_plugin (registry, globals->required_plugins->pdata[i], &error))
        {
          ort_print_warnings (globals, registry);
          fprintf (stderr, "%s: --require-plugin: %s\n", ORT_PROGRAM, error->message);
          return ORT_EXIT_USAGE;
        }
    }
  return 0;
}

/* --only and --skip globs must each match some checker or requirement:
 * a typo must not pass for a filter that removed everything. */
int
ort_check_globs (OciRegistry *registry, const char *option, char **globs)
{
  for (char **g = globs; g && *g; g++)
    if (!oci_registry_matches_any_id (registry, *g))
      {
        fprintf (stderr, "%s: %s: '%s' matches no checker or requirement id "
                 "(see '%s requirements' and '%s plugins')\n", ORT_PROGRAM, option, *g, ORT_PROGRAM, ORT_PROGRAM);
        return ORT_EXIT_USAGE;
      }
  return 0;
}

void
ort_print_warnings (OrtGlobals *globals, OciRegistry *registry)
{
  GPtrArray *warnings = oci_registry_get_warnings (registry);
  /* a command may print after each activation: only the new ones */
  static GPtrArray *last;
  static guint printed;

  if (warnings != last)
    {
      last = warnings;
      printed = 0;
    }
  if (g_strcmp0 (globals->log_level, "panic") == 0 || g_strcmp0 (globals->log_level, "fatal") == 0)
    return;
  for (guint i = printed; i < warnings->len; i++)
    oci_report_printf (stderr, "%s: warning: %s\n", ORT_PROGRAM, (char *) warnings->pdata[i]);
  printed = warnings->len;
}

/* --color=always|never, else colour where oci_report_color_auto() says. */
gboolean
ort_use_color (OrtGlobals *globals, int fd)
{
  if (globals->color != ORT_COLOR_AUTO)
    return globals->color == ORT_COLOR_ALWAYS;
  return oci_report_color_auto (fd);
}

/* A standard stream closed when the program starts would be taken by the
 * first file it opens, and the report written into that file. Each gets
 * /dev/null opened the wrong way round instead: writes to standard output
 * then fail (EBADF) and are reported as lost, reads of standard input
 * fail. */
static void
guard_standard_streams (void)
{
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF)
      {
        int got = open ("/dev/null", (fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
        if (got >= 0 && got != fd)
          {
            dup2 (got, fd);
            close (got);
          }
      }
}

/* A handler, not SIG_IGN: a write to a closed pipe then fails with EPIPE
 * instead of killing the program, and the programs it starts (runtimes)
 * get the default action back when they are executed. */
static void
on_sigpipe (int signum)
{
}

/* An earlier write failed and left no errno: a pipe whose reader closed
 * it polls as an error. */
static gboolean
reader_gone (int fd)
{
  struct pollfd p = { .fd = fd, .events = POLLOUT };
  struct stat st;

  return fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode) && poll (&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* The report must not be lost without a word: a write, the last flush or
 * the close of standard output that failed makes the exit status 2. A
 * reader that went away (EPIPE, `| head`) is no news to its user. */
static int
finish_standard_output (int status)
{
  int err = 0;
  gboolean failed = FALSE;

  if (fflush (stdout) != 0)
    {
      err = errno;
      failed = TRUE;
    }
  failed |= ferror (stdout) != 0;
  if (failed && err == 0 && reader_gone (STDOUT_FILENO))
    err = EPIPE;
  if (fclose (stdout) != 0 && !failed)
    {
      err = errno;
      failed = TRUE;
    }
  if (!failed)
    return status;
  if (err != EPIPE)
    fprintf (stderr, "%s: the report could not be written to standard output%s%s\n", ORT_PROGRAM,
             err ? ": " : "", err ? g_strerror (err) : "");
  return ORT_EXIT_USAGE;
}

/* OS[/ARCH] */
gboolean
ort_parse_platform (const char *text, char **os, char **arch)
{
  const char *slash = strchr (text, '/');
  g_autofree char *o = slash ? g_strndup (text, slash - text) : g_strdup (text);

  if (*o == '\0' || (slash && slash[1] == '\0') || (slash && strchr (slash + 1, '/')))
    return FALSE;
  for (const char *c = o; *c; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  *os = g_steal_pointer (&o);
  *arch = slash ? g_strdup (slash + 1) : NULL;
  return TRUE;
}

static int run_command (OrtGlobals *globals, int argc, char **argv);

/* The option tables of the command, for the one-dash spelling below;
 * searched only when an argument has that spelling. */
static GPtrArray *noted_entries;

/* Records long option names, so that their one-dash spelling is known. */
void
ort_note_entries (const GOptionEntry *entries)
{
  if (noted_entries == NULL)
    noted_entries = g_ptr_array_new ();
  g_ptr_array_add (noted_entries, (gpointer) entries);
}

static gboolean
is_noted_long_name (const char *name, gsize len)
{
  for (guint t = 0; noted_entries && t < noted_entries->len; t++)
    for (const GOptionEntry *e = noted_entries->pdata[t]; e->long_name; e++)
      if (strlen (e->long_name) == len && strncmp (e->long_name, name, len) == 0)
        return TRUE;
  return FALSE;
}

/* The option whose value (or the argument itself) is not text in the
 * locale's character set, for a message that names it. */
static char *
argument_not_text (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_utf8_validate (argv[i], -1, NULL))
        continue;
      if (argv[i][0] == '-')
        return g_strndup (argv[i], strcspn (argv[i], "="));
      if (i > 1 && argv[i - 1][0] == '-')
        return g_strdup (argv[i - 1]);
      break;
    }
  return g_strdup ("an argument");
}

/* The Go tool (urfave/cli) takes long options with one dash too
 * ("-path x"); rewrite those, for names the command knows. */
void
ort_fix_single_dash (int argc, char **argv)
{
  static GPtrArray *rewritten;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        break;
      if (a[0] != '-' || a[1] == '-' || a[1] == '\0' || a[2] == '\0')
        continue;
      if (is_noted_long_name (a + 1, strcspn (a + 1, "=")))
        {
          if (rewritten == NULL)
            rewritten = g_ptr_array_new_with_free_func (g_free);
          argv[i] = g_strconcat ("-", a, NULL);
          g_ptr_array_add (rewritten, argv[i]);
        }
    }
}

/* The help of a command whose options are all in the tables it noted. */
static void
print_command_help (GOptionContext *context, const char *command)
{
  g_autofree OrtHelpSection *sections = g_new0 (OrtHelpSection, noted_entries ? noted_entries->len : 0);
  guint n = 0;

  for (guint t = 0; noted_entries && t < noted_entries->len; t++)
    {
      sections[n].title = "Options:";
      sections[n++].entries = noted_entries->pdata[t];
    }
  ort_help_print (command, ort_command_params (command), g_option_context_get_summary (context), sections, n);
}

/* While completion describes the commands: each stops in
 * ort_parse_options(), whose tables are copied here (they live in the
 * commands' frames). */
static GArray *described; /* GOptionEntry */

static void
describe_noted (void)
{
  for (guint t = 0; noted_entries && t < noted_entries->len; t++)
    for (const GOptionEntry *e = noted_entries->pdata[t]; e->long_name; e++)
      g_array_append_val (described, *e);
}

/**
 * ort_describe_command:
 * @globals: the global options
 * @command: a command's name
 *
 * Runs @command up to its option parsing, which is skipped.
 *
 * Returns: (transfer full) (element-type GOptionEntry): the options it
 *   takes (strings owned by the program)
 */
GArray *
ort_describe_command (OrtGlobals *globals, const char *command)
{
  char *argv[] = { (char *) command, NULL };
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (GOptionEntry));

  described = entries;
  if (noted_entries)
    g_ptr_array_set_size (noted_entries, 0);
  run_command (globals, 1, argv);
  described = NULL;
  if (noted_entries)
    g_ptr_array_set_size (noted_entries, 0);
  return entries;
}

/* TRUE while ort_describe_command() runs a command: it stops at its
 * options. */
gboolean
ort_describing (void)
{
  if (described == NULL)
    return FALSE;
  describe_noted ();
  return TRUE;
}

gboolean
ort_parse_options (GOptionContext *context, const char *command, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (ort_describing ())
    return FALSE;
  if (ort_help_requested (*argc, *argv))
    {
      print_command_help (context, command);
      exit (0);
    }
  ort_fix_single_dash (*argc, *argv);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      if (error->domain == G_CONVERT_ERROR)
        {
          g_autofree char *which = argument_not_text (*argc, *argv);
          ort_usage_error (command, "%s: not text in this locale's character set (%s)", which, error->message);
          return FALSE;
        }
      ort_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_main_help (FILE *out)
{
  fprintf (out,
           "Usage: %s [GLOBAL OPTIONS] COMMAND [OPTIONS]\n\n"
           "OCI (Open Container Initiative) runtime tools.\n\nCommands:\n", ORT_PROGRAM);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-17s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "  %-17s %s\n", "help", "this help; 'help COMMAND' for a command's options");
  fprintf (out,
           "\nGlobal options (before or after the command):\n"
           "  --color WHEN              colour in text reports: auto (default; a terminal,\n"
           "                            not TERM=dumb, no NO_COLOR), always or never\n"
           "  --compliance-level LEVEL  lowest RFC 2119 level whose failures fail the run:\n"
           "                            must (default), should or may\n"
           "  --host-specific           also run checks (and defaults) that look at this host\n"
           "  --log-level LEVEL         panic, fatal, error, warn (default), info or debug\n"
           "  --plugin-dir DIR          look for plugins in DIR first (repeatable)\n"
           "  --plugin-option NAME.KEY=VALUE\n"
           "                            set plugin NAME's setting KEY, over its settings\n"
           "                            files (repeatable; see `plugins NAME`)\n"
           "  --disable-plugin NAME     do not load plugin NAME (repeatable); the only way\n"
           "                            to let a third-party plugin replace a built-in one\n"
           "  --require-plugin NAME     fail (exit 2) unless plugin NAME loads (repeatable)\n"
           "  --isolate MODE            where plugin checkers run: external (default: the\n"
           "                            third-party ones in a helper process), all or none\n"
           "  --plugin-timeout S        seconds an isolated checker may run (default 10)\n"
           "  -v, --version             print the version and exit\n"
           "  -h, --help [COMMAND]      this help, or a command's (same as COMMAND --help)\n");
}

static void
print_version (void)
{
  printf ("%s version %s\nspec: runtime-spec %s (releases", ORT_PROGRAM, OCI_RUNTIME_TOOLS_VERSION,
          oci_spec_get_newest_release ());
  for (const char *const *r = oci_spec_get_releases (); *r; r++)
    printf (" %s", *r);
  printf (")\n");
}

/* Takes the global options out of argv, wherever they are; returns the
 * index of the command, or -1. */
static int
take_globals (OrtGlobals *g, int *argc, char **argv, int *status)
{
  int out = 1, command = -1;
  gboolean passthrough = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      const char *a = argv[i];
      const char *name = a[0] == '-' ? a + (a[1] == '-' ? 2 : 1) : NULL;
      gsize nlen = name ? strcspn (name, "=") : 0;
      const char *inline_value = name && name[nlen] == '=' ? name + nlen + 1 : NULL;
      const char *value = NULL;

      if (passthrough || name == NULL || a[1] == '\0')
        {
          if (command < 0 && name == NULL)
            command = out;
          argv[out++] = argv[i];
          continue;
        }
      if (strcmp (a, "--") == 0)
        {
          passthrough = TRUE;
          argv[out++] = argv[i];
          continue;
        }
#define IS(opt) (nlen == strlen (opt) && strncmp (name, opt, nlen) == 0)
      if (IS ("color"))
        {
          static const char *const whens[] = { "auto", "always", "never", NULL };
          value = inline_value ? inline_value : (i + 1 < *argc ? argv[++i] : "");
          for (g->color = 0; whens[g->color] && strcmp (whens[g->color], value) != 0; g->color++)
            ;
          if (whens[g->color] == NULL)
            {
              *status = ort_usage_error (NULL, "--color: invalid value \"%s\" (syntax: --color=auto|always|never)", value);
              return -2;
            }
          continue;
        }
      if (IS ("compliance-level") || IS ("log-level") || IS ("plugin-dir") || IS ("plugin-option")
          || IS ("disable-plugin") || IS ("require-plugin") || IS ("isolate") || IS ("plugin-timeout"))
        {
          if (inline_value)
            value = inline_value;
          else if (i + 1 < *argc)
            value = argv[++i];
          else
            {
              *status = ort_usage_error (NULL, "option --%.*s needs a value", (int) nlen, name);
              return -2;
            }
          if (IS ("compliance-level"))
            {
              if (!oci_tier_parse (value, &g->compliance))
                {
                  *status = ort_usage_error (NULL, "--compliance-level: invalid value \"%s\" (syntax: --compliance-level must|should|may)", value);
                  return -2;
                }
            }
          else if (IS ("log-level"))
            {
              static const char *const levels[] = { "panic", "fatal", "error", "warn", "warning", "info", "debug", NULL };
              if (!g_strv_contains (levels, value))
                {
                  *status = ort_usage_error (NULL, "--log-level: invalid value \"%s\" (syntax: --log-level panic|fatal|error|warn|info|debug)", value);
                  return -2;
                }
              g_free (g->log_level);
              g->log_level = g_strdup (value);
            }
          else if (IS ("plugin-option"))
            {
              g_autoptr(OciRegistry) probe = oci_registry_new ();
              g_autoptr(GError) error = NULL;
              if (!oci_registry_add_plugin_option (probe, value, &error))
                {
                  *status = ort_usage_error (NULL, "--plugin-option: %s (syntax: --plugin-option NAME.KEY=VALUE)",
                                             error->message);
                  return -2;
                }
              g_ptr_array_add (g->plugin_options, g_strdup (value));
            }
          else if (IS ("plugin-dir"))
            {
              if (!g_file_test (value, G_FILE_TEST_IS_DIR))
                {
                  *status = ort_usage_error (NULL, "--plugin-dir: %s: %s", value,
                                             g_file_test (value, G_FILE_TEST_EXISTS) ? "not a directory" : "no such directory");
                  return -2;
                }
              g_ptr_array_add (g->plugin_dirs, g_strdup (value));
            }
          else if (IS ("disable-plugin") || IS ("require-plugin"))
            {
              if (*value == '\0' || strchr (value, '/') != NULL)
                {
                  *status = ort_usage_error (NULL, "--%.*s: invalid value \"%s\" (syntax: --%.*s NAME, a plugin name)",
                                             (int) nlen, name, value, (int) nlen, name);
                  return -2;
                }
              g_ptr_array_add (IS ("disable-plugin") ? g->disabled_plugins : g->required_plugins, g_strdup (value));
            }
          else if (IS ("isolate"))
            {
              static const char *const modes[] = { "external", "all", "none", NULL };
              if (!g_strv_contains (modes, value))
                {
                  *status = ort_usage_error (NULL, "--isolate: invalid value \"%s\" (syntax: --isolate external|all|none)", value);
                  return -2;
                }
              g->isolation = strcmp (value, "all") == 0 ? OCI_ISOLATE_ALL
                             : strcmp (value, "none") == 0 ? OCI_ISOLATE_NONE : OCI_ISOLATE_EXTERNAL;
            }
          else
            {
              char *end = NULL;
              double seconds = g_ascii_strtod (value, &end);
              if (end == value || *end != '\0' || !(seconds >= 0.001 && seconds <= 86400))
                {
                  *status = ort_usage_error (NULL, "--plugin-timeout: invalid value \"%s\" (syntax: --plugin-timeout SECONDS, 0.001 to 86400)", value);
                  return -2;
                }
              g->plugin_timeout_ms = (guint) (seconds * 1000 + 0.5);
            }
          continue;
        }
      if (IS ("host-specific"))
        {
          g->host_specific = inline_value == NULL || g_strcmp0 (inline_value, "true") == 0;
          continue;
        }
      /* --version anywhere, as the other globals; -v before the command
       * (as in the Go tool: after it, -v is a command's --verbose) */
      if (IS ("version") || (command < 0 && strcmp (a, "-v") == 0))
        {
          print_version ();
          *status = 0;
          return -2;
        }
#undef IS
      argv[out++] = argv[i];
    }
  argv[out] = NULL;
  *argc = out;
  return command;
}

static gboolean
is_help_word (const char *a)
{
  return strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0 || strcmp (a, "help") == 0;
}

static int
run_command (OrtGlobals *globals, int argc, char **argv)
{
  gssize i = find_command (argv[0]);

  if (i < 0)
    return ort_usage_error (NULL, "unknown command '%s'", argv[0]);
  return commands[i].func (globals, argc, argv);
}

/* TRUE when no argument has a byte beyond ASCII. */
static gboolean
ort_all_ascii (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    for (const unsigned char *c = (const unsigned char *) argv[i]; *c; c++)
      if (*c >= 0x80)
        return FALSE;
  return TRUE;
}

int
main (int argc, char **argv)
{
  OrtGlobals globals = { .compliance = OCI_TIER_MUST, .isolation = OCI_ISOLATE_EXTERNAL, .color = ORT_COLOR_AUTO };
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plugin_options = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) disabled = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) required = g_ptr_array_new_with_free_func (g_free);
  int status = 0;
  int command;
  const char *name;

  guard_standard_streams ();
  signal (SIGPIPE, on_sigpipe);
  /* The character set matters only to convert option values to UTF-8
   * (GOption does for string options). ASCII arguments need no
   * conversion, so the locale's character tables (a 350 KB file, some
   * 150 KiB resident) are loaded only for others. Numbers are written in
   * the C locale (JUnit times, JSON), and there are no translated
   * messages to load. */
  if (!ort_all_ascii (argc, argv))
    {
      const char *charset;
      setlocale (LC_CTYPE, "");
      /* An ASCII locale (LC_ALL=C) cannot have written bytes above 127:
       * they are UTF-8, which configs are, and pass through unchanged. */
      if (!g_get_charset (&charset) && g_ascii_strcasecmp (charset, "ANSI_X3.4-1968") == 0)
        setlocale (LC_CTYPE, "C.UTF-8");
    }
  globals.argv = g_strdupv (argv);
  globals.plugin_dirs = dirs;
  globals.plugin_options = plugin_options;
  globals.disabled_plugins = disabled;
  globals.required_plugins = required;
  globals.log_level = g_strdup ("warn");
  command = take_globals (&globals, &argc, argv, &status);
  if (command == -2)
    goto out;
  if (command < 0)
    {
      if (argc > 1 && is_help_word (argv[1]))
        {
          print_main_help (stdout);
          goto out;
        }
      if (argc > 1)
        status = ort_usage_error (NULL, "unknown option %s", argv[1]);
      else
        status = ort_usage_error (NULL, "no command given");
      goto out;
    }
  /* "help CMD", "--help CMD", "-h CMD": CMD --help */
  if ((command == 1 && strcmp (argv[1], "help") == 0 && argc > 2) || (command == 2 && is_help_word (argv[1])))
    {
      char *help_argv[] = { argv[command == 1 ? 2 : command], (char *) "--help", NULL };
      status = run_command (&globals, 2, help_argv);
      goto out;
    }
  name = argv[command];
  if (strcmp (name, "help") == 0)
    {
      print_main_help (stdout);
      goto out;
    }
  if (command != 1)
    {
      status = ort_usage_error (NULL, "unknown option %s", argv[1]);
      goto out;
    }
  /* The command sees argv from its own name on. */
  status = run_command (&globals, argc - command, argv + command);
out:
  g_free (globals.log_level);
  g_strfreev (globals.argv);
  return finish_standard_output (status);
}
