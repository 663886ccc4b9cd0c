/* test-reports.c — reports through the real command line: never lost
 * without exit status 2 and a message (a full device, a closed standard
 * output, a reader that went away), never killed by SIGPIPE, valid in
 * every format whatever the bundle's path holds, colour only where asked
 *
 * The full device is made with mknod inside the test's own folder; the
 * real /dev/full is never written.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <fcntl.h>
#include <pty.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#include "ort-test.h"
#include "report-check.h"

static const char good_config[] =
  "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"},"
  " \"root\": {\"path\": \"rootfs\"}}\n";
static const char bad_config[] =
  "{\"ociVersion\": \"1.2.0\",\n \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"],"
  " \"cwd\": \"rel\\u001b[2J\\nok 9 - forged\"},\n \"root\": {\"path\": \"rootfs\"}, \"hostname\": \"%s\"}\n";

typedef struct
{
  char *dir;
  char *out;
  char *err;
  int status;
} Fixture;

/* How the child's standard output is set up. */
typedef enum
{
  OUT_CAPTURE,
  OUT_CLOSED,
  OUT_FD, /* dup2 of Fixture-given descriptor */
} OutMode;

typedef struct
{
  OutMode mode;
  int fd;
  int err_fd; /* standard error, or -1 to capture it */
} ChildSetup;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-reports-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static void
child_setup (gpointer data)
{
  ChildSetup *c = data;

  if (c->mode == OUT_CLOSED)
    close (STDOUT_FILENO);
  else if (c->mode == OUT_FD)
    dup2 (c->fd, STDOUT_FILENO);
  if (c->err_fd >= 0)
    dup2 (c->err_fd, STDERR_FILENO);
}

/* Runs the CLI with @args, standard output as @mode says, @env_set
 * (NAME, VALUE pairs) added to the environment. */
static int
run_with_err (Fixture *f, OutMode mode, int fd, int err_fd, const char *const *env_set, const char *const *args)
{
  g_auto(GStrv) env = g_get_environ ();
  ChildSetup c = { mode, fd, err_fd };

  for (const char *const *e = env_set; e && *e; e += 2)
    env = g_environ_setenv (env, e[0], e[1], TRUE);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  f->status = ort_test_run_cli_with (f->dir, env, child_setup, &c, args, mode == OUT_CAPTURE ? &f->out : NULL, &f->err);
  return f->status;
}

static int
run_with (Fixture *f, OutMode mode, int fd, const char *const *env_set, const char *const *args)
{
  return run_with_err (f, mode, fd, -1, env_set, args);
}

static char *
make_bundle (Fixture *f, const char *name, const char *config)
{
  return ort_test_make_bundle (f->dir, name, config);
}

/* Every command that prints a report, with arguments that make it print. */
typedef struct
{
  const char *name;
  const char *args[8];
} Command;

static const Command commands[] = {
  { "validate", { "validate", "--path", "@bundle", NULL } },
  { "validate-json", { "validate", "--path", "@bundle", "--format", "json", NULL } },
  { "validate-tap", { "validate", "--path", "@bundle", "--format", "tap", NULL } },
  { "requirements", { "requirements", NULL } },
  { "plugins", { "plugins", NULL } },
  { "json-schema", { "json-schema", "@schema", "@bundle/config.json", NULL } },
  { "generate", { "generate", NULL } },
  { "runtime-validate", { "runtime-validate", "--list", NULL } },
  { "version", { "--version", NULL } },
};

/* The command's argv with @bundle and @schema filled in. */
static GPtrArray *
command_args (Fixture *f, const Command *c)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bundle = make_bundle (f, "good", good_config);
  g_autofree char *schema = g_build_filename (f->dir, "schema.json", NULL);

  g_assert_true (g_file_set_contents (schema, "{\"type\": \"object\"}", -1, NULL));
  for (const char *const *a = c->args; *a; a++)
    {
      if (g_str_has_prefix (*a, "@bundle"))
        g_ptr_array_add (args, g_strconcat (bundle, *a + strlen ("@bundle"), NULL));
      else if (strcmp (*a, "@schema") == 0)
        g_ptr_array_add (args, g_strdup (schema));
      else
        g_ptr_array_add (args, g_strdup (*a));
    }
  g_ptr_array_add (args, NULL);
  return args;
}

static void
assert_one_line_error (Fixture *f)
{
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "oci-runtime-tool: "));
  g_assert_nonnull (strstr (f->err, "standard output"));
  g_assert_cmpint (strchr (f->err, '\n') - f->err + 1, ==, strlen (f->err));
}

/* A device with /dev/full's numbers, made in our folder: every write
 * fails with ENOSPC. */
static void
test_full_device (Fixture *f, gconstpointer data)
{
  const Command *c = data;
  g_autoptr(GPtrArray) args = command_args (f, c);
  g_autofree char *full = g_build_filename (f->dir, "full", NULL);
  int fd;

  if (mknod (full, S_IFCHR | 0600, makedev (1, 7)) != 0)
    {
      g_test_skip ("cannot make a device node here (not root?)");
      return;
    }
  fd = open (full, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  run_with (f, OUT_FD, fd, NULL, (const char *const *) args->pdata);
  close (fd);
  assert_one_line_error (f);
}

static void
test_closed_stdout (Fixture *f, gconstpointer data)
{
  const Command *c = data;
  g_autoptr(GPtrArray) args = command_args (f, c);
  g_autofree char *config = g_build_filename (f->dir, "good", "config.json", NULL);
  g_autofree char *before = NULL, *after = NULL;

  g_assert_true (g_file_get_contents (config, &before, NULL, NULL));
  run_with (f, OUT_CLOSED, -1, NULL, (const char *const *) args->pdata);
  assert_one_line_error (f);
  /* the report went nowhere else: not into a file the tool opened */
  g_assert_true (g_file_get_contents (config, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
}

/* A pipe whose reader is gone before the first write (`| head -c 0`):
 * exit 2, no signal, at most one line on stderr. */
static void
test_reader_gone (Fixture *f, gconstpointer data)
{
  const Command *c = data;
  g_autoptr(GPtrArray) args = command_args (f, c);
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  close (fds[0]);
  run_with (f, OUT_FD, fds[1], NULL, (const char *const *) args->pdata);
  close (fds[1]);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_cmpuint (strlen (f->err), <=, 200);
  g_assert_null (strchr (f->err, '\n') ? strchr (strchr (f->err, '\n') + 1, '\n') : NULL);
}

/* ---- hostile paths and values, every format --------------------------- */

static void
check_format (const char *format, const char *text, gsize length)
{
  g_autofree char *schema = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "report.schema.json", NULL);
  g_autofree char *sarif = g_build_filename (g_getenv ("OCI_TEST_DATA"), "report", "sarif-subset.schema.json", NULL);
  g_autofree char *why = NULL;
  gboolean ok = FALSE;

  if (strcmp (format, "text") == 0)
    ok = ort_check_text (text, length, &why);
  else if (strcmp (format, "tap") == 0)
    ok = ort_check_tap (text, length, G_MAXUINT, &why);
  else if (strcmp (format, "json") == 0)
    ok = ort_check_schema (schema, text, length, &why);
  else if (strcmp (format, "junit") == 0)
    ok = ort_check_xml (text, length, &why);
  else if (strcmp (format, "sarif") == 0)
    ok = ort_check_schema (sarif, text, length, &why);
  else if (strcmp (format, "github") == 0)
    ok = ort_check_github (text, length, &why) && ort_check_text (text, length, &why);
  if (!ok)
    g_test_message ("%s report:\n%s", format, text);
  g_assert_cmpstr (why, ==, NULL);
  g_assert_true (ok);
}

static void
test_hostile_path (Fixture *f, gconstpointer data)
{
  static const char *const formats[] = { "text", "tap", "json", "junit", "sarif", "github" };
  g_autofree char *long_name = g_strnfill (100000, 'h');
  g_autofree char *config = g_strdup_printf (bad_config, long_name);
  g_autofree char *bundle = make_bundle (f, "b\xff\x1b[31m\nok 9 - forged", config);
  g_autofree char *missing = g_build_filename (f->dir, "gone\xfe\x1b]0;x\x07", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *args[] = { "validate", "--path", bundle, "--path", missing, "--format", formats[i], NULL };

      run_with (f, OUT_CAPTURE, -1, NULL, args);
      g_assert_cmpint (f->status, ==, 2);
      check_format (formats[i], f->out, strlen (f->out));
      g_assert_null (strchr (f->out, '\x1b'));
      g_assert_null (strstr (f->out, "\nok 9 - forged"));
      /* the 100 kB hostname is echoed cut, not whole */
      g_assert_cmpuint (strlen (f->out), <, 40000);
    }
}

/* ---- colour ------------------------------------------------------------ */

/* Validates a failing bundle with stdout on a new terminal; returns what
 * the terminal got. */
static char *
run_on_terminal (Fixture *f, const char *term, const char *color)
{
  g_autofree char *config = g_strdup_printf (bad_config, "h");
  g_autofree char *bundle = make_bundle (f, "bad", config);
  const char *args[] = { "validate", "--path", bundle, color, NULL };
  const char *env[] = { "TERM", term, "NO_COLOR", "", NULL };
  int master, slave;
  GString *got = g_string_new (NULL);
  char buf[4096];
  ssize_t n;

  if (color == NULL)
    args[3] = NULL;
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  run_with (f, OUT_FD, slave, env, args);
  close (slave);
  g_assert_cmpint (f->status, ==, 1);
  g_unix_set_fd_nonblocking (master, TRUE, NULL);
  while ((n = read (master, buf, sizeof buf)) > 0)
    g_string_append_len (got, buf, n);
  close (master);
  return g_string_free (got, FALSE);
}

static void
test_color (Fixture *f, gconstpointer data)
{
  g_autofree char *config = g_strdup_printf (bad_config, "h");
  g_autofree char *bundle = make_bundle (f, "bad", config);
  g_autofree char *tty = run_on_terminal (f, "xterm", NULL);
  g_autofree char *dumb = run_on_terminal (f, "dumb", NULL);
  g_autofree char *never = run_on_terminal (f, "xterm", "--color=never");
  const char *always[] = { "--color", "always", "validate", "--path", bundle, NULL };
  const char *piped[] = { "validate", "--path", bundle, NULL };
  const char *bad[] = { "validate", "--color=sometimes", "--path", bundle, NULL };

  g_assert_nonnull (strstr (tty, "\033[1;31mFAIL"));
  g_assert_nonnull (strstr (dumb, "FAIL"));
  g_assert_null (strchr (dumb, '\033'));
  g_assert_nonnull (strstr (never, "FAIL"));
  g_assert_null (strchr (never, '\033'));
  run_with (f, OUT_CAPTURE, -1, NULL, always);
  g_assert_nonnull (strstr (f->out, "\033[1;31mFAIL"));
  run_with (f, OUT_CAPTURE, -1, NULL, piped);
  g_assert_null (strchr (f->out, '\033'));
  run_with (f, OUT_CAPTURE, -1, NULL, bad);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "--color: invalid value \"sometimes\""));
}

/* Paths and values in the command line's own lines and messages are shown
 * visibly too: json-schema's verdicts, an unreadable file's error. */
static void
test_messages_escaped (Fixture *f, gconstpointer data)
{
  g_autofree char *schema = g_build_filename (f->dir, "schema.json", NULL);
  g_autofree char *doc = g_build_filename (f->dir, "doc\x1b[2J\nx: valid.json", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "gone\x1b]0;title\x07", NULL);
  const char *check[] = { "json-schema", schema, doc, NULL };
  const char *gone[] = { "validate", "--path", missing, NULL };

  g_assert_true (g_file_set_contents (schema, "{\"type\": \"string\"}", -1, NULL));
  g_assert_true (g_file_set_contents (doc, "[\"\\u001b[31m\"]", -1, NULL));
  run_with (f, OUT_CAPTURE, -1, NULL, check);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_null (strchr (f->out, '\x1b'));
  g_assert_nonnull (strstr (f->out, "doc\\e[2J\\nx: valid.json: /: "));
  g_assert_cmpint (strchr (f->out, '\n') - f->out + 1, ==, strlen (f->out));
  run_with (f, OUT_CAPTURE, -1, NULL, gone);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_null (strchr (f->out, '\x1b'));
  g_assert_null (strchr (f->err, '\x1b'));
  g_assert_nonnull (strstr (f->out, "gone\\e]0;title\\x07"));
}

/* ---- runtime-validate ---------------------------------------------------- */

/* Runs one case against the fake runtime with standard error on a new
 * terminal whose TERM is @term; returns what the terminal got. */
static char *
runtime_progress (Fixture *f, const char *term)
{
  g_autofree char *fake = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "runtime", "fake-runtime.sh", NULL);
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  const char *args[] = { "runtime-validate", "--runtime", fake, "--only", "base.create", "--timeout=20",
                         "--work-dir", work, NULL };
  const char *env[] = { "TERM", term, "FAKE_RUNTIME_MODE", "ok", NULL };
  GString *got = g_string_new (NULL);
  int master, slave;
  char buf[4096];
  ssize_t n;

  g_mkdir (work, 0755);
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  run_with_err (f, OUT_CAPTURE, -1, slave, env, args);
  close (slave);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "ok 1 - base.create"));
  g_unix_set_fd_nonblocking (master, TRUE, NULL);
  while ((n = read (master, buf, sizeof buf)) > 0)
    g_string_append_len (got, buf, n);
  close (master);
  return g_string_free (got, FALSE);
}

/* The progress line is redrawn on a terminal, never on TERM=dumb; a full
 * device as the report's output is exit 2 for a real run too. */
static void
test_runtime_progress (Fixture *f, gconstpointer data)
{
  g_autofree char *fake = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "runtime", "fake-runtime.sh", NULL);
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  g_autofree char *full = g_build_filename (f->dir, "full", NULL);
  g_autofree char *xterm = NULL;
  g_autofree char *dumb = NULL;
  const char *args[] = { "runtime-validate", "--runtime", fake, "--only", "base.create", "--timeout=20",
                         "--work-dir", work, NULL };
  int fd;

  if (!g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE) || geteuid () != 0)
    {
      g_test_skip ("needs /bin/busybox and root (every runtime case needs root)");
      return;
    }
  xterm = runtime_progress (f, "xterm");
  dumb = runtime_progress (f, "dumb");
  g_assert_nonnull (strstr (xterm, "\r\033[K[1/"));  /* the run also counts host.unchanged */
  g_assert_null (strchr (dumb, '\033'));
  g_assert_null (strchr (dumb, '\r'));
  g_assert_cmpint (mknod (full, S_IFCHR | 0600, makedev (1, 7)), ==, 0);
  fd = open (full, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  run_with (f, OUT_FD, fd, NULL, args);
  close (fd);
  assert_one_line_error (f);
}

/* ---- many bundles ------------------------------------------------------ */

/* --recursive finds every bundle below the folder once, in name order,
 * not inside a bundle, through a symbolic link loop without looping, and
 * no deeper than its bound. */
static void
test_recursive (Fixture *f, gconstpointer data)
{
  g_autofree char *root = g_build_filename (f->dir, "tree", NULL);
  g_autofree char *loop = g_build_filename (root, "a", "x", "loop", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty", NULL);
  g_autoptr(GString) deep = g_string_new ("tree");
  static const char *const bundles[] = { "tree/z/b1", "tree/a/x/b2", "tree/a/b3", "tree/m", "tree/a/b3/rootfs/inner" };
  const char *args[] = { "validate", "--path", root, "--recursive", "--format", "tap", NULL };
  const char *none[] = { "validate", "--path", empty, "--recursive", NULL };
  g_autofree char *expected = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bundles); i++)
    g_free (make_bundle (f, bundles[i], good_config));
  for (int i = 0; i < 40; i++)
    g_string_append (deep, "/d");
  g_free (make_bundle (f, deep->str, good_config));
  g_assert_cmpint (symlink ("..", loop), ==, 0);
  run_with (f, OUT_CAPTURE, -1, NULL, args);
  g_assert_cmpint (f->status, ==, 0);
  expected = g_strdup_printf ("# %s/a/b3\n# %s/a/x/b2\n# %s/m\n# %s/z/b1\n", root, root, root, root);
  {
    g_autoptr(GString) comments = g_string_new (NULL);
    g_auto(GStrv) lines = g_strsplit (f->out, "\n", -1);
    for (char **l = lines; *l; l++)
      if (g_str_has_prefix (*l, "# "))
        g_string_append_printf (comments, "%s\n", *l);
    g_assert_cmpstr (comments->str, ==, expected);
  }
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  run_with (f, OUT_CAPTURE, -1, NULL, none);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "no bundle"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *full = g_strdup_printf ("/hardening/reports/full-device/%s", commands[i].name);
      g_autofree char *closed = g_strdup_printf ("/hardening/reports/closed-stdout/%s", commands[i].name);
      g_autofree char *gone = g_strdup_printf ("/hardening/reports/reader-gone/%s", commands[i].name);
      g_test_add (full, Fixture, &commands[i], setup, test_full_device, teardown);
      g_test_add (closed, Fixture, &commands[i], setup, test_closed_stdout, teardown);
      g_test_add (gone, Fixture, &commands[i], setup, test_reader_gone, teardown);
    }
  g_test_add ("/hardening/reports/hostile-path", Fixture, NULL, setup, test_hostile_path, teardown);
  g_test_add ("/hardening/reports/messages-escaped", Fixture, NULL, setup, test_messages_escaped, teardown);
  g_test_add ("/hardening/reports/runtime-progress", Fixture, NULL, setup, test_runtime_progress, teardown);
  g_test_add ("/hardening/reports/recursive", Fixture, NULL, setup, test_recursive, teardown);
  g_test_add ("/hardening/reports/color", Fixture, NULL, setup, test_color, teardown);
  return g_test_run ();
}
