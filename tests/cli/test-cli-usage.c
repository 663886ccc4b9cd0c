/* test-cli-usage.c — the command line's own surface: usage lines, help
 * (wrapped, complete, per command), version flags, notes
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib.h>

typedef struct
{
  char *out;
  char *err;
  int status;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the CLI with @columns in $COLUMNS (unset when 0) and a
 * NULL-terminated argument list; standard output is never a terminal. */
static void
run_with (Run *r, guint columns, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  va_list ap;
  const char *a;
  int wait_status = 0;

  run_clear (r);
  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  va_start (ap, columns);
  while ((a = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (columns)
    {
      g_autofree char *text = g_strdup_printf ("%u", columns);
      env = g_environ_setenv (env, "COLUMNS", text, TRUE);
    }
  else
    env = g_environ_unsetenv (env, "COLUMNS");
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

#define run(r, ...) run_with (r, 0, __VA_ARGS__)

/* The widest line of @text, in characters. */
static glong
widest_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  glong widest = 0;

  for (guint i = 0; lines[i]; i++)
    widest = MAX (widest, g_utf8_strlen (lines[i], -1));
  return widest;
}

static const char *const commands[] = {
  "generate", "validate", "runtime-validate", "plugins", "requirements", "json-schema", "completion", NULL,
};

/* Defect 3: "Usage: (null) [OPTION…]", "[OPTION?]" */
static void
test_usage_lines (void)
{
  g_auto(Run) r = { 0 };

  for (guint i = 0; commands[i]; i++)
    {
      g_autofree char *usage = g_strdup_printf ("Usage: oci-runtime-tool %s [OPTION...]", commands[i]);

      run (&r, commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_str_has_prefix (r.out, usage));
      g_assert_null (strstr (r.out, "(null)"));
      g_assert_null (strstr (r.out, "OPTION?"));
    }
}

/* Defect 3: "((null))" from runtime-validate with a runtime that is not there */
static void
test_no_null (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "runtime-validate", "--runtime", "/nonexistent-runtime", "--only", "base.create", NULL);
  g_assert_null (strstr (r.out, "(null)"));
  g_assert_null (strstr (r.err, "(null)"));
}

/* Defect 3: help CMD, --help CMD and CMD --help are one text */
static void
test_help_command (void)
{
  g_auto(Run) r = { 0 };
  g_autofree char *expected = NULL;

  run (&r, "validate", "--help", NULL);
  expected = g_steal_pointer (&r.out);
  g_assert_nonnull (strstr (expected, "--features"));
  run (&r, "help", "validate", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
  run (&r, "--help", "validate", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
  run (&r, "-h", "validate", NULL);
  g_assert_cmpstr (r.out, ==, expected);
  run (&r, "help", NULL);
  g_assert_true (g_str_has_prefix (r.out, "Usage: oci-runtime-tool [GLOBAL OPTIONS] COMMAND"));
  run (&r, "help", "no-such-command", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown command 'no-such-command'"));
}

/* Defect 3: --version after the command; -v as in the Go tool */
static void
test_version (void)
{
  g_auto(Run) r = { 0 };
  const char *const *forms[] = {
    (const char *const[]) { "--version", NULL },
    (const char *const[]) { "-v", NULL },
    (const char *const[]) { "generate", "--version", NULL },
    (const char *const[]) { "validate", "--version", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      run (&r, forms[i][0], forms[i][1], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_str_has_prefix (r.out, "oci-runtime-tool version "));
    }
  /* after the command, -v stays the command's own --verbose */
  run (&r, "validate", "-v", "--path", "/nonexistent-bundle", NULL);
  g_assert_false (g_str_has_prefix (r.out, "oci-runtime-tool version "));
}

/* Defect 4: 80 columns when not a terminal, $COLUMNS when set; the
 * output, template and platform options first */
static void
test_help_width (void)
{
  g_auto(Run) r = { 0 };
  const char *output, *template, *os;

  run (&r, "generate", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (widest_line (r.out), <=, 80);
  output = strstr (r.out, "\n  -o, --output=FILE");
  template = strstr (r.out, "\n  --template=FILE");
  os = strstr (r.out, "\n  --os=OS");
  g_assert_nonnull (output);
  g_assert_nonnull (template);
  g_assert_nonnull (os);
  g_assert_true (output < template && template < os);
  /* nothing but the usage and the summary before them */
  g_assert_null (g_strstr_len (r.out, output - r.out, "\n  --"));
  run_with (&r, 60, "generate", "--help", NULL);
  g_assert_cmpint (widest_line (r.out), <=, 60);
  run_with (&r, 60, "validate", "--help", NULL);
  g_assert_cmpint (widest_line (r.out), <=, 60);
  run_with (&r, 120, "validate", "--help", NULL);
  g_assert_cmpint (widest_line (r.out), >, 80);
}

/* Defect 1: help lists every plugin's options, whatever the host,
 * grouped by platform */
static void
test_help_every_plugin (void)
{
  g_auto(Run) r = { 0 };
  const char *sections[] = { "Every platform: options of the base plugin", "linux: options of the linux plugin",
                             "solaris: options of the solaris plugin", "windows: options of the windows plugin",
                             "zos: options of the zos plugin", "freebsd: options of the freebsd plugin" };
  const char *options[] = { "--solaris-milestone", "--windows-layer-folders", "--linux-cpu-shares",
                            "--freebsd-jail-vnet", "--zos-namespace-add", "--hooks-prestart-add", "--vm-image-path" };

  run (&r, "generate", "--help-all", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_assert_nonnull (strstr (r.out, sections[i]));
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (r.out, options[i]));
  run (&r, "generate", "--help-solaris", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--solaris-milestone"));
  g_assert_null (strstr (r.out, "--linux-cpu-shares"));
}

/* Defect 11: an add after the remove-all is kept, without a note */
static void
test_no_note_in_order (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "generate", "--process-cap-drop-all", "--process-cap-add", "CAP_KILL", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "note:"));
  g_assert_nonnull (strstr (r.out, "CAP_KILL"));
  run (&r, "--log-level", "error", "generate", "--process-cap-add", "CAP_KILL", "--process-cap-drop-all", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "note:"));
}

/* The candidates bash completion offers for @line (words separated by
 * blanks; the last one, possibly empty, is completed), with the stub
 * installed for bash loaded as bash-completion would. */
static char *
complete_bash (const char *line)
{
  g_autofree char *cli_dir = g_path_get_dirname (g_getenv ("OCI_TEST_CLI"));
  g_autofree char *stub = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "cli", "completion",
                                            "oci-runtime-tool.bash", NULL);
  g_autofree char *script = NULL;
  g_autofree char *quoted_stub = g_shell_quote (stub);
  g_autofree char *path = g_strdup_printf ("%s:%s", cli_dir, g_getenv ("PATH"));
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PATH", path, TRUE);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;
  const char *argv[] = { "bash", "--norc", "--noprofile", "-c", NULL, NULL };

  /* the stub finds the program on $PATH, as once installed */
  script = g_strdup_printf ("source %s\n"
                            "read -r -a COMP_WORDS <<< 'oci-runtime-tool %s'\n"
                            "case '%s' in *' ') COMP_WORDS+=('') ;; esac\n"
                            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                            "_oci_runtime_tool\n"
                            "printf '%%s\\n' \"${COMPREPLY[@]}\"\n",
                            quoted_stub, line, line);
  argv[4] = script;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  return out;
}

static gboolean
has_line (const char *text, const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char *const *) lines, line);
}

/* Defect 6: candidates from the registry at run time, values of fixed
 * sets */
static void
test_completion_bash (void)
{
  static const struct
  {
    const char *line;
    const char *expected;   /* one of the candidates */
    const char *unexpected; /* never a candidate (NULL: none) */
  } cases[] = {
    { "gen", "generate", "validate" },
    { "", "runtime-validate", NULL },
    { "generate --solaris-mi", "--solaris-milestone", NULL },
    { "generate --os ", "windows", NULL },
    { "generate --os=", "solaris", NULL },
    { "generate --spec-version ", "1.0.2", NULL },
    { "validate --format ", "junit", NULL },
    { "validate --platform ", "freebsd", NULL },
    { "generate --linux-namespace-add ", "cgroup", NULL },
    { "generate --linux-seccomp-default kill-", "kill-process", "allow" },
    { "generate --process-cap-add CAP_SYS_AD", "CAP_SYS_ADMIN", NULL },
    { "generate --process-cap-add CAP_KILL,CAP_NET_RA", "CAP_KILL,CAP_NET_RAW", NULL },
    { "validate --only linux.seccomp.sysc", "linux.seccomp.syscall.known", NULL },
    { "--compliance-level ", "should", NULL },
    { "--log-level debug val", "validate", NULL },
    { "completion ", "fish", NULL },
    { "help runt", "runtime-validate", NULL },
    { "generate --vm-image-format ", "qcow2", NULL },
    { "generate --windows-hyperv=", "false", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = complete_bash (cases[i].line);

      g_test_message ("'%s' -> %s", cases[i].line, out);
      g_assert_true (has_line (out, cases[i].expected));
      if (cases[i].unexpected)
        g_assert_false (has_line (out, cases[i].unexpected));
    }
}

/* Where @shell is installed, it reads @script (on its standard input)
 * without a syntax error. */
static void
syntax_check (const char *shell, const char **argv, const char *script)
{
  g_autofree char *program = g_find_program_in_path (shell);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  if (program == NULL)
    {
      g_test_message ("%s is not installed: its script's syntax is not checked", shell);
      return;
    }
  p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, script, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (p));
}

/* The scripts of the other shells are written too; fish's names every
 * plugin's options. */
static void
test_completion_scripts (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "completion", "zsh", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "compdef _oci_runtime_tool_zsh oci-runtime-tool"));
  run (&r, "completion", "fish", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "-n '__fish_seen_subcommand_from generate' -l linux-namespace-add -x -a "
                                   "'pid network mount ipc uts user cgroup time'"));
  syntax_check ("fish", (const char *[]) { "fish", "--no-execute", NULL }, r.out);
  run (&r, "completion", "zsh", NULL);
  syntax_check ("zsh", (const char *[]) { "zsh", "-n", NULL }, r.out);
  run (&r, "completion", "tcsh", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown shell \"tcsh\" (syntax: completion bash|zsh|fish)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/usage/usage-lines", test_usage_lines);
  g_test_add_func ("/cli/usage/help-command", test_help_command);
  g_test_add_func ("/cli/usage/no-null", test_no_null);
  g_test_add_func ("/cli/usage/version", test_version);
  g_test_add_func ("/cli/usage/help-width", test_help_width);
  g_test_add_func ("/cli/usage/help-every-plugin", test_help_every_plugin);
  g_test_add_func ("/cli/usage/no-note-in-order", test_no_note_in_order);
  g_test_add_func ("/cli/completion/bash", test_completion_bash);
  g_test_add_func ("/cli/completion/scripts", test_completion_scripts);
  return g_test_run ();
}
