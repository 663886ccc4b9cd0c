/* test-guard.c — oci-guard in front of a fake runtime that records what it
 * gets: argument pass-through, fds, exit status and signals, enforce and
 * audit, exceptions, vendor plugins, the hook, and bad input.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2 */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *dir;
  char *bundle;
  char *policy;
  char *out;
  char *log;
  char *plugins;     /* a plugin-dir of this test's own */
  int fd3;           /* given to the guard as fd 3 when >= 0 */
  char *run;         /* mounted on /run for the guard (a journal of our own) */
  int status;        /* wait status */
  GPid pid;          /* of the last program run */
  char *err;         /* the guard's stderr */
  /* the decision server of a served run (OCI_TEST_GUARD_SERVED) */
  char *server_socket;
  GPid server;
  char *server_run;  /* the private /run it was started with */
} Fixture;

/* The whole suite runs twice: the front deciding in-process, and (with
 * OCI_TEST_GUARD_SERVED set) a decision server of each test's own
 * deciding for it; the outcome must be the same. */
static gboolean
served_mode (void)
{
  return g_getenv ("OCI_TEST_GUARD_SERVED") != NULL;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("oci-guard-XXXXXX", &error);
  g_assert_no_error (error);
  fx->bundle = g_build_filename (fx->dir, "bundle", NULL);
  fx->policy = g_build_filename (fx->dir, "guard.conf", NULL);
  fx->out = g_build_filename (fx->dir, "runtime.out", NULL);
  fx->log = g_build_filename (fx->dir, "guard.log", NULL);
  fx->plugins = g_build_filename (fx->dir, "plugins", NULL);
  fx->server_socket = g_build_filename (fx->dir, "server", "decide.sock", NULL);
  fx->fd3 = -1;
}

static void
stop_server (Fixture *fx)
{
  int status;

  if (fx->server == 0)
    return;
  kill (fx->server, SIGTERM);
  g_assert_cmpint (waitpid (fx->server, &status, 0), ==, fx->server);
  fx->server = 0;
  g_clear_pointer (&fx->server_run, g_free);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  stop_server (fx);
  g_free (fx->server_socket);
  ort_test_remove_tree (fx->dir);
  if (fx->fd3 >= 0)
    close (fx->fd3);
  g_free (fx->dir);
  g_free (fx->bundle);
  g_free (fx->policy);
  g_free (fx->out);
  g_free (fx->log);
  g_free (fx->plugins);
  g_free (fx->run);
  g_free (fx->err);
}

/* The config `generate` writes with @options, generated once per set of
 * options for the whole program (each run of the CLI costs, above all
 * under the sanitizers). */
static const char *
generated_config (const char *const *options)
{
  static GHashTable *cache;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *key = g_strjoinv ("\n", (char **) options);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_contains (cache, key))
    return g_hash_table_lookup (cache, key);
  g_ptr_array_add (argv, (gpointer) g_getenv ("OCI_TEST_CLI"));
  g_ptr_array_add (argv, (gpointer) "generate");
  for (const char *const *o = options; o && *o; o++)
    g_ptr_array_add (argv, (gpointer) *o);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_hash_table_insert (cache, g_steal_pointer (&key), out);
  return out;
}

/* A bundle whose config `generate` writes with @options (NULL-terminated),
 * and a rootfs with the program it runs. */
static void
make_bundle_at (const char *bundle, const char *const *options)
{
  const char *const none[] = { NULL };
  g_autofree char *rootfs = g_build_filename (bundle, "rootfs", "bin", NULL);
  g_autofree char *sh = g_build_filename (rootfs, "sh", NULL);
  g_autofree char *config = g_build_filename (bundle, "config.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (rootfs, 0755), ==, 0);
  g_file_set_contents (sh, "#!/bin/true\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chmod (sh, 0755), ==, 0);
  g_file_set_contents (config, generated_config (options ? options : none), -1, &error);
  g_assert_no_error (error);
}

static void
make_bundle (Fixture *fx, const char *const *options)
{
  make_bundle_at (fx->bundle, options);
}

/* The policy: the fake runtime, the log, then @extra lines. */
static void
write_policy (Fixture *fx, const char *extra)
{
  g_autofree char *text = g_strdup_printf ("[guard]\nruntime=%s\nlog=%s\n%s", g_getenv ("OCI_TEST_FAKE_RUNTIME"),
                                           fx->log, extra ? extra : "");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fx->policy, text, -1, &error);
  g_assert_no_error (error);
}

static void
use_plugin (Fixture *fx, const char *name)
{
  g_autofree char *file = g_strdup_printf ("lib%s.so", name);
  g_autofree char *from = g_build_filename (g_getenv ("OCI_TEST_GUARD_PLUGINS"), file, NULL);
  g_autofree char *to = g_build_filename (fx->plugins, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (fx->plugins, 0755), ==, 0);
  ort_test_copy_file (from, to);
}

/* In the child, before exec: fd 3, and a private /run when asked. */
static void
child_setup (gpointer data)
{
  Fixture *fx = data;

  if (fx->fd3 >= 0 && fx->fd3 != 3)
    {
      dup2 (fx->fd3, 3);
      close (fx->fd3);
    }
  if (fx->run
      && (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
          || mount (fx->run, "/run", NULL, MS_BIND, NULL) != 0))
    _exit (99);
}

/* Whether a server answers at @path. */
static gboolean
server_answers (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sock = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  gboolean yes;

  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpuint (strlen (path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, path);
  yes = connect (sock, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (sock);
  return yes;
}

/* Starts `oci-guard serve` at @path with @envp (and the fixture's private
 * /run, if any) and waits until it answers. */
static GPid
start_server_at (Fixture *fx, const char *path, char **envp)
{
  const char *argv[] = { g_getenv ("OCI_TEST_GUARD"), "serve", "--socket", path, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async (fx->dir, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, fx, &pid, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 400 && !server_answers (path); i++)
    g_usleep (25000);
  g_assert_true (server_answers (path));
  return pid;
}

/* The environment of a program the test runs: the policy, the fake
 * runtime's record, then @env's NAME=VALUE. */
static GStrv
program_env (Fixture *fx, const char *const *env)
{
  GStrv envp = g_get_environ ();

  envp = g_environ_setenv (envp, "OCI_GUARD_CONFIG", fx->policy, TRUE);
  envp = g_environ_setenv (envp, "FAKE_OUT", fx->out, TRUE);
  for (const char *const *e = env; e && *e; e++)
    {
      g_auto(GStrv) kv = g_strsplit (*e, "=", 2);
      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }
  return envp;
}

/* In a served run: the test's server, started (again, when the test
 * changed its private /run) before the guard runs. */
static void
ensure_server (Fixture *fx)
{
  g_auto(GStrv) envp = NULL;

  if (fx->server && g_strcmp0 (fx->run, fx->server_run) == 0)
    return;
  stop_server (fx);
  envp = program_env (fx, NULL);
  fx->server = start_server_at (fx, fx->server_socket, envp);
  fx->server_run = g_strdup (fx->run);
}

/* Runs @program with @args in @cwd, with the policy and fake runtime
 * settings; @env: extra NAME=VALUE (NULL-terminated). */
static void
run_program (Fixture *fx, const char *program, const char *cwd, const char *const *args,
             const char *const *env, const char *input)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  GSpawnFlags flags = G_SPAWN_LEAVE_DESCRIPTORS_OPEN;
  int in[2] = { -1, -1 }, errp[2];
  g_autoptr(GString) err = g_string_new (NULL);
  GPid pid;
  char buf[4096];
  ssize_t n;

  g_ptr_array_add (argv, (gpointer) program);
  for (const char *const *a = args; a && *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  envp = program_env (fx, env);
  if (served_mode () && g_strcmp0 (program, g_getenv ("OCI_TEST_GUARD")) == 0)
    {
      ensure_server (fx);
      envp = g_environ_setenv (envp, "OCI_GUARD_SERVER", fx->server_socket, FALSE);
    }
  g_assert_cmpint (pipe2 (errp, O_CLOEXEC), ==, 0);
  if (input)
    g_assert_cmpint (pipe2 (in, O_CLOEXEC), ==, 0);
  g_spawn_async_with_pipes_and_fds (cwd, (const char *const *) argv->pdata, (const char *const *) envp,
                                    flags | G_SPAWN_DO_NOT_REAP_CHILD, child_setup, fx,
                                    input ? in[0] : -1, -1, errp[1], NULL, NULL, 0, &pid,
                                    NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  close (errp[1]);
  if (input)
    {
      close (in[0]);
      /* a guard that stops reading (the bound) makes this write fail */
      if (write (in[1], input, strlen (input)) < 0)
        g_assert_cmpint (errno, ==, EPIPE);
      close (in[1]);
    }
  while ((n = read (errp[0], buf, sizeof buf)) > 0)
    g_string_append_len (err, buf, n);
  close (errp[0]);
  g_assert_cmpint (waitpid (pid, &fx->status, 0), ==, pid);
  fx->pid = pid;
  g_free (fx->err);
  fx->err = g_string_free (g_steal_pointer (&err), FALSE);
}

static void
run_guard (Fixture *fx, const char *const *args, const char *const *env)
{
  run_program (fx, g_getenv ("OCI_TEST_GUARD"), fx->bundle, args, env, NULL);
}

static void
assert_exit (Fixture *fx, int code)
{
  if (!WIFEXITED (fx->status) || WEXITSTATUS (fx->status) != code)
    g_test_message ("stderr: %s", fx->err);
  g_assert_true (WIFEXITED (fx->status));
  g_assert_cmpint (WEXITSTATUS (fx->status), ==, code);
}

/* What the fake runtime recorded, or NULL when it never ran. */
static char *
runtime_record (Fixture *fx)
{
  char *text = NULL;

  if (!g_file_get_contents (fx->out, &text, NULL, NULL))
    return NULL;
  return text;
}

static gboolean
runtime_ran (Fixture *fx)
{
  return g_file_test (fx->out, G_FILE_TEST_EXISTS);
}

static GStrv
record_lines (Fixture *fx, const char *prefix)
{
  g_autofree char *text = runtime_record (fx);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_assert_nonnull (text);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, prefix))
      g_strv_builder_add (b, *l + strlen (prefix));
  return g_strv_builder_end (b);
}

/* The log's records, parsed. */
static GPtrArray *
log_records (Fixture *fx)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  if (!g_file_get_contents (fx->log, &text, NULL, NULL))
    return records;
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l && **l; l++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_from_string (*l, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (records, node);
    }
  return records;
}

static JsonObject *
only_record (Fixture *fx, GPtrArray **keep)
{
  *keep = log_records (fx);
  g_assert_cmpuint ((*keep)->len, ==, 1);
  return json_node_get_object ((*keep)->pdata[0]);
}

static char *
joined_member (JsonObject *record, const char *member)
{
  JsonArray *a = json_object_get_array_member (record, member);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (a); i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", json_array_get_string_element (a, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_record (Fixture *fx, const char *verdict, const char *failed)
{
  g_autoptr(GPtrArray) keep = NULL;
  JsonObject *r = only_record (fx, &keep);
  g_autofree char *ids = joined_member (r, "failed");

  g_assert_cmpstr (json_object_get_string_member (r, "verdict"), ==, verdict);
  g_assert_cmpstr (ids, ==, failed);
  g_assert_true (json_object_get_int_member (r, "duration_us") > 0);
  /* who decided: the server in a served run */
  g_assert_cmpint (json_object_get_boolean_member (r, "server"), ==, served_mode ());
}

/* The one record's verdict (a decision the checks never finished has no
 * duration). */
static void
assert_verdict (Fixture *fx, const char *verdict)
{
  g_autoptr(GPtrArray) keep = NULL;

  g_assert_cmpstr (json_object_get_string_member (only_record (fx, &keep), "verdict"), ==, verdict);
}

static const char *const relative_cwd[] = { "--process-cwd", "rel", NULL };

/* ---- pass-through ----------------------------------------------------- */

static void
test_argv_create (Fixture *fx, gconstpointer data)
{
  const char *const args[] = { "--root", "/run/x", "--log", "/tmp/l", "--log-format", "json",
                               "--systemd-cgroup", "--debug", "--rootless", "true", "create",
                               "--bundle", fx->bundle, "--console-socket", "/tmp/s", "--pid-file",
                               "/tmp/p", "cid", NULL };
  g_auto(GStrv) got = NULL;

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  run_guard (fx, args, NULL);
  assert_exit (fx, 0);
  got = record_lines (fx, "arg:");
  g_assert_cmpstrv (got, args);
  assert_record (fx, "allow", "");
}

/* --flag=value forms and a bundle given relative to the working folder;
 * the bundle found is the broken one, not the working folder. */
static void
test_argv_equals (Fixture *fx, gconstpointer data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other", NULL);
  const char *const args[] = { "--root=/run/x", "--log-format=json", "run", "--bundle=../other", "-d", "cid", NULL };
  g_autoptr(GPtrArray) keep = NULL;

  make_bundle (fx, NULL);
  make_bundle_at (other, relative_cwd);
  write_policy (fx, NULL);
  run_guard (fx, args, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "base.process.cwd.absolute"));
  g_assert_cmpstr (json_object_get_string_member (only_record (fx, &keep), "bundle"), ==, "../other");
  g_assert_cmpstr (json_object_get_string_member (only_record (fx, &keep), "id"), ==, "cid");
}

/* -b and the global flag value that looks like a command. */
static void
test_argv_short (Fixture *fx, gconstpointer data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other", NULL);
  const char *const args[] = { "--root", "create", "--log", "run", "create", "-b", other, "cid", NULL };
  g_auto(GStrv) got = NULL;

  make_bundle (fx, relative_cwd);
  make_bundle_at (other, NULL);
  write_policy (fx, NULL);
  run_guard (fx, args, NULL);
  assert_exit (fx, 0);
  got = record_lines (fx, "arg:");
  g_assert_cmpstrv (got, args);
}

/* crun's --config/-f: a file inside the bundle is what is checked. */
static void
test_argv_crun_config (Fixture *fx, gconstpointer data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other", NULL);
  g_autofree char *from = g_build_filename (other, "config.json", NULL);
  g_autofree char *to = g_build_filename (fx->bundle, "broken.json", NULL);

  make_bundle (fx, NULL);
  make_bundle_at (other, relative_cwd);
  ort_test_copy_file (from, to);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "--bundle", fx->bundle, "-f", "broken.json", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  run_guard (fx, (const char *const[]) { "create", "--config=config.json", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
}

/* Without --bundle, the working folder is the bundle. */
static void
test_argv_cwd_bundle (Fixture *fx, gconstpointer data)
{
  const char *const args[] = { "create", "cid", NULL };

  make_bundle (fx, relative_cwd);
  write_policy (fx, NULL);
  run_guard (fx, args, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
}

/* Other commands go straight through: no validation, no record. */
static void
test_argv_other_commands (Fixture *fx, gconstpointer data)
{
  const char *const commands[][6] = {
    { "start", "cid", NULL }, { "--root", "/r", "state", "cid", NULL }, { "kill", "cid", "KILL", NULL },
    { "delete", "--force", "cid", NULL }, { "exec", "--tty", "cid", "sh", NULL }, { "--version", NULL },
    { "features", NULL }, { "ps", "cid", NULL },
  };

  make_bundle (fx, relative_cwd); /* would be refused, were it checked */
  write_policy (fx, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(GStrv) got = NULL;
      g_autoptr(GPtrArray) records = NULL;
      run_guard (fx, commands[i], NULL);
      assert_exit (fx, 0);
      got = record_lines (fx, "arg:");
      g_assert_cmpstrv (got, commands[i]);
      records = log_records (fx);
      g_assert_cmpuint (records->len, ==, 0);
    }
}

/* ---- fds, exit status, signals ---------------------------------------- */

static GStrv
fds_seen (Fixture *fx, const char *program, const char *const *args)
{
  const char *const env[] = { "FAKE_FD3=through fd 3", NULL };
  int p[2];
  char buf[64] = { 0 };

  g_assert_cmpint (pipe2 (p, O_CLOEXEC), ==, 0);
  fx->fd3 = p[1];
  run_program (fx, program, fx->bundle, args, env, NULL);
  close (p[1]);
  fx->fd3 = -1;
  g_assert_cmpint (read (p[0], buf, sizeof buf - 1), >, 0);
  close (p[0]);
  g_assert_cmpstr (buf, ==, "through fd 3\n");
  return record_lines (fx, "fd:");
}

/* The runtime gets the engine's fds (here fd 3, as --preserve-fds 1
 * passes it) and no other: the guard leaks none of its own. */
static void
test_fds (Fixture *fx, gconstpointer data)
{
  const char *const args[] = { "run", "--preserve-fds", "1", "cid", NULL };
  g_auto(GStrv) direct = NULL;
  g_auto(GStrv) guarded = NULL;
  g_auto(GStrv) passed = NULL;

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  direct = fds_seen (fx, g_getenv ("OCI_TEST_FAKE_RUNTIME"), args);
  guarded = fds_seen (fx, g_getenv ("OCI_TEST_GUARD"), args);
  g_assert_cmpstrv (guarded, direct);
  g_assert_true (g_strv_contains ((const char *const *) guarded, "3"));
  passed = fds_seen (fx, g_getenv ("OCI_TEST_GUARD"), (const char *const[]) { "exec", "--preserve-fds", "1", "cid", "sh", NULL });
  g_assert_cmpstrv (passed, direct);
}

/* The runtime is the process the engine started (execv, no fork): its
 * pid, so LISTEN_PID/LISTEN_FDS socket activation stays valid, and waiting
 * for it is waiting for the runtime. */
static void
test_same_process (Fixture *fx, gconstpointer data)
{
  g_autofree char *pid = NULL;
  g_auto(GStrv) got_pid = NULL;
  g_auto(GStrv) got_env = NULL;
  const char *const env[] = { "LISTEN_FDS=1", NULL };

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  for (int i = 0; i < 2; i++)
    {
      run_guard (fx, i == 0 ? (const char *const[]) { "create", "cid", NULL } : (const char *const[]) { "start", "cid", NULL }, env);
      assert_exit (fx, 0);
      g_strfreev (got_pid);
      g_strfreev (got_env);
      got_pid = record_lines (fx, "pid:");
      got_env = record_lines (fx, "env:LISTEN_FDS=");
      g_free (pid);
      pid = g_strdup_printf ("%d", (int) fx->pid);
      g_assert_cmpstrv (got_pid, ((const char *const[]) { pid, NULL }));
      g_assert_cmpstrv (got_env, ((const char *const[]) { "1", NULL }));
    }
}

static void
test_exit_status (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "FAKE_EXIT=7", NULL };

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, env);
  assert_exit (fx, 7);
  run_guard (fx, (const char *const[]) { "delete", "cid", NULL }, env);
  assert_exit (fx, 7);
}

static void
test_signal (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "FAKE_SIGNAL=TERM", NULL };

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "run", "cid", NULL }, env);
  g_assert_true (WIFSIGNALED (fx->status));
  g_assert_cmpint (WTERMSIG (fx->status), ==, SIGTERM);
  run_guard (fx, (const char *const[]) { "kill", "cid", NULL }, env);
  g_assert_true (WIFSIGNALED (fx->status));
  g_assert_cmpint (WTERMSIG (fx->status), ==, SIGTERM);
}

/* ---- enforce, audit, exceptions ---------------------------------------- */

static void
test_enforce (Fixture *fx, gconstpointer data)
{
  g_auto(GStrv) lines = NULL;

  make_bundle (fx, relative_cwd);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  lines = g_strsplit (fx->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2); /* one line, and the end */
  g_assert_true (g_str_has_prefix (fx->err, "oci-guard: refused container cid: base.process.cwd.absolute (MUST) at /process/cwd: "));
  g_assert_nonnull (strstr (fx->err, "https://github.com/opencontainers/runtime-spec/blob/"));
  g_assert_nonnull (strstr (fx->err, "to allow it"));
  assert_record (fx, "deny", "base.process.cwd.absolute");
}

/* Advice (a finding no RFC 2119 keyword backs) refuses only with strict=,
 * as validate --strict fails on it. */
static void
test_strict (Fixture *fx, gconstpointer data)
{
  const char *const long_hostname[] = { "--hostname", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL };

  make_bundle (fx, long_hostname);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_remove (fx->out);
  g_remove (fx->log);
  write_policy (fx, "strict=true\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "base.hostname.length (ADVICE) at /hostname"));
  assert_record (fx, "deny", "base.hostname.length");
}

/* With a journal (here one of the test's own, on a private /run), each
 * decision is one structured entry; the guard's socket is not passed on. */
static void
test_journal (Fixture *fx, gconstpointer data)
{
  g_autofree char *dir = NULL;
  g_autofree char *socket_path = NULL;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_auto(GStrv) fds_without = NULL;
  g_auto(GStrv) fds_with = NULL;
  char entry[8192];
  ssize_t n;
  int sock;

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  fds_without = record_lines (fx, "fd:");

  fx->run = g_build_filename (fx->dir, "run", NULL);
  dir = g_build_filename (fx->run, "systemd", "journal", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  socket_path = g_build_filename (dir, "socket", NULL);
  g_assert_cmpuint (strlen (socket_path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, socket_path);
  sock = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  fds_with = record_lines (fx, "fd:");
  g_assert_cmpstrv (fds_with, fds_without);
  n = recv (sock, entry, sizeof entry - 1, 0);
  g_assert_cmpint (n, >, 0);
  entry[n] = '\0';
  g_assert_nonnull (strstr (entry, "MESSAGE_ID=5b1f0c7e2a9d4e3f8c6a1d2b3e4f5a60\n"));
  g_assert_nonnull (strstr (entry, "OCI_GUARD_VERDICT=allow\n"));
  g_assert_nonnull (strstr (entry, "OCI_GUARD_CONTAINER_ID=cid\n"));

  ort_test_remove_tree (fx->bundle);
  make_bundle (fx, relative_cwd);
  run_guard (fx, (const char *const[]) { "create", "cid2", NULL }, NULL);
  assert_exit (fx, 1);
  n = recv (sock, entry, sizeof entry - 1, 0);
  g_assert_cmpint (n, >, 0);
  entry[n] = '\0';
  g_assert_nonnull (strstr (entry, "OCI_GUARD_VERDICT=deny\n"));
  g_assert_nonnull (strstr (entry, "OCI_GUARD_FAILED=base.process.cwd.absolute\n"));
  g_assert_nonnull (strstr (entry, "OCI_GUARD_MODE=enforce\n"));
  g_assert_nonnull (strstr (entry, "OCI_GUARD_DURATION_US="));
  g_assert_cmpint (recv (sock, entry, sizeof entry, 0), <, 0); /* one entry per decision */
  close (sock);
}

/* Engines read a runtime's error from its --log file (containerd's shim
 * does): the refusal is there too, in the format --log-format asks for. */
static void
test_runtime_log (Fixture *fx, gconstpointer data)
{
  g_autofree char *log = g_build_filename (fx->dir, "runtime-log.json", NULL);
  const char *const args[] = { "--root", "/r", "--log", log, "--log-format", "json", "create", "cid", NULL };
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  make_bundle (fx, relative_cwd);
  write_policy (fx, NULL);
  run_guard (fx, args, NULL);
  assert_exit (fx, 1);
  g_file_get_contents (log, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (text, "\n"));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "level"), ==, "error");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "msg"),
                                   "oci-guard: refused container cid: base.process.cwd.absolute (MUST)"));
  g_assert_nonnull (json_object_get_string_member (o, "time"));
}

static void
test_audit (Fixture *fx, gconstpointer data)
{
  make_bundle (fx, relative_cwd);
  write_policy (fx, "mode=audit\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "would refuse container cid: base.process.cwd.absolute"));
  assert_record (fx, "audit", "base.process.cwd.absolute");
}

static const char *const excepted_cwd[] = {
  "--process-cwd", "rel", "--label", "io.github.oci-runtime-tools.guard.allow=other.rule, base.process.cwd.absolute", NULL
};

/* The annotation waives a rule only where the policy's exceptions= says. */
static void
test_exception (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) keep = NULL;
  g_autofree char *excepted = NULL;

  make_bundle (fx, excepted_cwd);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));

  g_remove (fx->log);
  write_policy (fx, "exceptions=base.process.*\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  excepted = joined_member (only_record (fx, &keep), "excepted");
  g_assert_cmpstr (excepted, ==, "base.process.cwd.absolute");
  g_assert_cmpstr (json_object_get_string_member (only_record (fx, &keep), "verdict"), ==, "allow");
}

/* A policy may name another annotation prefix; the default one then counts
 * for nothing. */
static void
test_exception_prefix (Fixture *fx, gconstpointer data)
{
  const char *const options[] = { "--process-cwd", "rel", "--label", "org.example.policy.allow=base.process.cwd.absolute", NULL };

  make_bundle (fx, options);
  write_policy (fx, "exceptions=*\nannotation-prefix=org.example.policy\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  ort_test_remove_tree (fx->bundle);
  make_bundle (fx, excepted_cwd);
  run_guard (fx, (const char *const[]) { "create", "cid2", NULL }, NULL);
  assert_exit (fx, 1);
}

/* ---- vendor plugins ----------------------------------------------------- */

static void
test_vendor_rule (Fixture *fx, gconstpointer data)
{
  const char *const privileged[] = { "--process-cap-add", "CAP_SYS_ADMIN", NULL };
  g_autofree char *extra = NULL;

  use_plugin (fx, "guardtest");
  extra = g_strdup_printf ("plugin-dir=%s\nrequire-plugin=guardtest\n", fx->plugins);
  make_bundle (fx, privileged);
  write_policy (fx, extra);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "guardtest.no-sys-admin (MUST) at /process/capabilities/bounding"));
  assert_record (fx, "deny", "guardtest.no-sys-admin");
}

/* The policy's plugin-option= reaches the vendor plugin's settings: the
 * forbidden capability becomes CAP_SYS_TIME, so CAP_SYS_ADMIN passes and
 * CAP_SYS_TIME is refused. */
static void
test_vendor_setting (Fixture *fx, gconstpointer data)
{
  const char *const admin[] = { "--process-cap-add", "CAP_SYS_ADMIN", NULL };
  const char *const raw[] = { "--process-cap-add", "CAP_SYS_TIME", NULL };
  g_autofree char *extra = NULL;

  use_plugin (fx, "guardtest");
  extra = g_strdup_printf ("plugin-dir=%s\nrequire-plugin=guardtest\n"
                           "plugin-option=guardtest.capability=CAP_SYS_TIME\n", fx->plugins);
  write_policy (fx, extra);
  make_bundle (fx, admin);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_cmpint (g_unlink (fx->out), ==, 0);
  make_bundle (fx, raw);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "CAP_SYS_TIME is in the bounding set"));
}

static void
test_required_plugin (Fixture *fx, gconstpointer data)
{
  make_bundle (fx, NULL);
  write_policy (fx, "require-plugin=acme\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "the required plugin acme is not loaded"));
  /* a missing policy plugin is never "could not decide, let it run" */
  write_policy (fx, "require-plugin=acme\non-error=allow\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
}

/* A vendor checker that crashes: one line naming it; refused (on-error=
 * deny) or passed on to the runtime (on-error=allow); never a signal. */
static void
test_crashing_plugin (Fixture *fx, gconstpointer data)
{
  const char *const crash[] = { "--label", "org.example.guardtest.crash=1", NULL };
  g_autofree char *state = NULL;
  g_autofree char *deny = NULL;
  g_autofree char *allow = NULL;

  use_plugin (fx, "guardtest");
  deny = g_strdup_printf ("plugin-dir=%s\n", fx->plugins);
  allow = g_strdup_printf ("plugin-dir=%s\non-error=allow\n", fx->plugins);
  make_bundle (fx, crash);
  write_policy (fx, deny);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
  /* the guard's own fault handler names the plugin folder's modules; with
   * libocirt's plugin isolation the crash is an error result naming the
   * plugin: either way, the plugin, the signal and the policy's choice */
  g_assert_nonnull (strstr (fx->err, "guardtest"));
  g_assert_nonnull (strstr (fx->err, "SEGV"));
  g_assert_nonnull (strstr (fx->err, "on-error=deny"));
  assert_verdict (fx, "error-deny");
  g_remove (fx->log);

  write_policy (fx, allow);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, (const char *const[]) { "FAKE_EXIT=5", NULL });
  assert_exit (fx, 5);
  g_assert_true (runtime_ran (fx));

  /* the hook: on-error=allow lets the container go on */
  state = g_strdup_printf ("{\"id\":\"hid\",\"bundle\":\"%s\"}", fx->bundle);
  run_program (fx, g_getenv ("OCI_TEST_GUARD"), fx->dir, (const char *const[]) { "hook", NULL }, NULL, state);
  assert_exit (fx, 0);
  write_policy (fx, deny);
  run_program (fx, g_getenv ("OCI_TEST_GUARD"), fx->dir, (const char *const[]) { "hook", NULL }, NULL, state);
  assert_exit (fx, 2);
}

/* A vendor checker that never returns: the policy's timeout ends the wait,
 * with the plugin named and the policy's on-error. */
static void
test_hanging_plugin (Fixture *fx, gconstpointer data)
{
  const char *const hang[] = { "--label", "org.example.guardtest.hang=1", NULL };
  g_autofree char *policy = NULL;
  gint64 start;

  use_plugin (fx, "guardtest");
  policy = g_strdup_printf ("plugin-dir=%s\ntimeout=1\n", fx->plugins);
  make_bundle (fx, hang);
  write_policy (fx, policy);
  start = g_get_monotonic_time ();
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "guardtest"));
  g_assert_nonnull (strstr (fx->err, "on-error=deny"));
  assert_verdict (fx, "error-deny");
}

/* ---- bad input ---------------------------------------------------------- */

static void
assert_one_line_refusal (Fixture *fx, int code, const char *needle)
{
  assert_exit (fx, code);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, needle));
  g_assert_true (g_str_has_suffix (fx->err, "\n"));
  g_assert_true (strchr (fx->err, '\n') == fx->err + strlen (fx->err) - 1);
}

static void
test_missing_config (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->bundle, "config.json", NULL);
  g_autoptr(GPtrArray) keep = NULL;

  make_bundle (fx, NULL);
  g_remove (path);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, path);
  g_assert_cmpstr (json_object_get_string_member (only_record (fx, &keep), "verdict"), ==, "error-deny");

  write_policy (fx, "on-error=allow\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
}

static void
test_unparsable_config (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->bundle, "config.json", NULL);
  g_autofree char *where = g_strdup_printf ("%s:2:", path);

  make_bundle (fx, NULL);
  g_file_set_contents (path, "{\n  \"ociVersion\": ,\n}", -1, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, where);
}

static void
test_bundle_not_dir (Fixture *fx, gconstpointer data)
{
  g_autofree char *file = g_build_filename (fx->dir, "plain", NULL);
  g_autofree char *needle = g_strdup_printf ("%s: the bundle is not a directory", file);

  make_bundle (fx, NULL);
  g_file_set_contents (file, "x", -1, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "create", "-b", file, "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, needle);
}

static void
test_bad_policy (Fixture *fx, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fx->dir, "nope.conf", NULL);
  g_autofree char *env = g_strdup_printf ("OCI_GUARD_CONFIG=%s", missing);

  make_bundle (fx, NULL);
  /* named by the environment but absent: every command refuses */
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, (const char *const[]) { env, NULL });
  assert_one_line_refusal (fx, 2, missing);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, (const char *const[]) { env, NULL });
  assert_one_line_refusal (fx, 2, missing);
  g_assert_cmpint (mkfifo (missing, 0600), ==, 0);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, (const char *const[]) { env, NULL });
  assert_one_line_refusal (fx, 2, "not a regular file");
  write_policy (fx, "mode=lenient\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "[guard] mode: invalid value \"lenient\" (syntax: mode=enforce|audit)");
  write_policy (fx, "timeout=soon\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "timeout=SECONDS (0-3600)");
  write_policy (fx, "plugin-option=nodot\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "plugin-option=NAME.KEY=VALUE");
  write_policy (fx, "modes=audit\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "unknown key \"modes\"");
}

static void
test_missing_runtime (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  make_bundle (fx, NULL);
  g_file_set_contents (fx->policy, "[guard]\nruntime=/nonexistent/runc\n", -1, &error);
  g_assert_no_error (error);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "the runtime /nonexistent/runc (runtime= in");
  run_guard (fx, (const char *const[]) { "delete", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "/nonexistent/runc");
}

/* The guard never runs itself: named as its own runtime, or started below
 * the runtime it started. */
static void
test_recursion (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = g_strdup_printf ("[guard]\nruntime=%s\n", g_getenv ("OCI_TEST_GUARD"));

  make_bundle (fx, NULL);
  g_file_set_contents (fx->policy, policy, -1, NULL);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "is oci-guard itself");
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, (const char *const[]) { "OCI_GUARD_ACTIVE=1", NULL });
  assert_one_line_refusal (fx, 2, "leads back to oci-guard");
}

/* Guards deciding at once: each record is one whole line (O_APPEND, one
 * write each), none lost, none torn. */
static void
test_log_concurrent (Fixture *fx, gconstpointer data)
{
  enum { N = 12 };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPid pids[N];

  make_bundle (fx, relative_cwd); /* refused: long records, with a failure */
  write_policy (fx, NULL);
  envp = g_environ_setenv (envp, "OCI_GUARD_CONFIG", fx->policy, TRUE);
  envp = g_environ_setenv (envp, "FAKE_OUT", fx->out, TRUE);
  for (int i = 0; i < N; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%d", i);
      const char *const argv[] = { g_getenv ("OCI_TEST_GUARD"), "create", "--bundle", fx->bundle, id, NULL };
      g_autoptr(GError) error = NULL;
      g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pids[i], &error);
      g_assert_no_error (error);
    }
  for (int i = 0; i < N; i++)
    {
      int status;
      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
    }
  records = log_records (fx);
  g_assert_cmpuint (records->len, ==, N);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *r = json_node_get_object (records->pdata[i]);
      g_assert_cmpstr (json_object_get_string_member (r, "verdict"), ==, "deny");
      g_hash_table_add (ids, g_strdup (json_object_get_string_member (r, "id")));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, N);
}

/* Installed as "runc" ahead of the real one in PATH, the guard finds the
 * real one (the next "runc" in PATH) and never itself. */
static void
test_drop_in (Fixture *fx, gconstpointer data)
{
  g_autofree char *front = g_build_filename (fx->dir, "front", NULL);
  g_autofree char *real = g_build_filename (fx->dir, "real", NULL);
  g_autofree char *guard_runc = g_build_filename (front, "runc", NULL);
  g_autofree char *fake_runc = g_build_filename (real, "runc", NULL);
  g_autofree char *path = g_strdup_printf ("PATH=%s:%s:/usr/bin:/bin", front, real);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) got = NULL;

  make_bundle (fx, NULL);
  g_file_set_contents (fx->policy, "[guard]\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (front, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (real, 0755), ==, 0);
  g_assert_cmpint (symlink (g_getenv ("OCI_TEST_GUARD"), guard_runc), ==, 0);
  g_assert_cmpint (symlink (g_getenv ("OCI_TEST_FAKE_RUNTIME"), fake_runc), ==, 0);
  run_program (fx, guard_runc, fx->bundle, (const char *const[]) { "state", "cid", NULL },
               (const char *const[]) { path, NULL }, NULL);
  assert_exit (fx, 0);
  got = record_lines (fx, "arg:");
  g_assert_cmpstrv (got, ((const char *const[]) { "state", "cid", NULL }));

  /* with no other runc in PATH: the loop is named, nothing runs */
  g_remove (fx->out);
  g_free (path);
  path = g_strdup_printf ("PATH=%s", front);
  run_program (fx, guard_runc, fx->bundle, (const char *const[]) { "state", "cid", NULL },
               (const char *const[]) { path, NULL }, NULL);
  assert_one_line_refusal (fx, 2, "is oci-guard itself");
}

/* ---- the hook ------------------------------------------------------------ */

static void
run_hook_env (Fixture *fx, const char *state, const char *const *env)
{
  run_program (fx, g_getenv ("OCI_TEST_GUARD"), fx->dir, (const char *const[]) { "hook", NULL }, env, state);
}

static void
run_hook (Fixture *fx, const char *state)
{
  run_hook_env (fx, state, NULL);
}

static void
test_hook (Fixture *fx, gconstpointer data)
{
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) records = NULL;

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  state = g_strdup_printf ("{\"ociVersion\":\"1.2.0\",\"id\":\"hid\",\"status\":\"creating\",\"pid\":42,\"bundle\":\"%s\"}",
                           fx->bundle);
  /* runc hands its hooks its own environment: that of a guard in front
   * of it is no loop for the hook */
  run_hook_env (fx, state, (const char *const[]) { "OCI_GUARD_ACTIVE=1", NULL });
  assert_exit (fx, 0);
  g_assert_false (runtime_ran (fx)); /* a hook runs no runtime */
  ort_test_remove_tree (fx->bundle);
  make_bundle (fx, relative_cwd);
  run_hook (fx, state);
  assert_exit (fx, 1);
  g_assert_nonnull (strstr (fx->err, "refused container hid: base.process.cwd.absolute"));
  records = log_records (fx);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (records->pdata[1]), "command"), ==, "hook");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (records->pdata[1]), "verdict"), ==, "deny");
}

static void
test_hook_bad_state (Fixture *fx, gconstpointer data)
{
  g_autofree char *big = g_strnfill (2 * 1024 * 1024, ' ');

  write_policy (fx, NULL);
  run_hook (fx, "{\"id\": \"x\"}");
  assert_one_line_refusal (fx, 2, "no \"bundle\" string");
  run_hook (fx, "{\"id\": ");
  assert_one_line_refusal (fx, 2, "<stdin>:1:");
  run_hook (fx, big);
  assert_one_line_refusal (fx, 2, "larger than");
}

/* ---- the program's two parts (oci-guard-front.c) ---------------------- */

/* The libraries and modules a run of the guard loads (LD_DEBUG=files on
 * its stderr): whether @needle is among them. */
static gboolean
loaded (Fixture *fx, const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (fx->err, "\n", -1);

  for (char **l = lines; *l; l++)
    if (strstr (*l, "file=") && strstr (*l, needle))
      return TRUE;
  return FALSE;
}

/* A pass-through command starts no more than a small C program: neither
 * libocirt, GLib nor json-glib is loaded before the runtime runs; create
 * opens the decision module, which has the built-in plugins linked in
 * (no base.so, no linux.so opened). */
static void
test_start_light (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "LD_DEBUG=files", NULL };

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, env);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_true (loaded (fx, "libc.so"));
  g_assert_false (loaded (fx, "libocirt"));
  g_assert_false (loaded (fx, "libglib-2.0"));
  g_assert_false (loaded (fx, "libjson-glib"));
  g_assert_false (loaded (fx, "oci-guard-decide"));
  g_assert_cmpint (g_remove (fx->out), ==, 0);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, env);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_true (loaded (fx, "oci-guard-decide.so"));
  g_assert_true (loaded (fx, "libocirt"));
  g_assert_false (loaded (fx, "/base.so"));
  g_assert_false (loaded (fx, "/linux.so"));
  assert_record (fx, "allow", "");
}

/* The front reads only plain policies itself; anything else goes to the
 * module, which reads it as GKeyFile does and refuses what is wrong, for
 * pass-through commands too. */
static void
test_start_policy_forms (Fixture *fx, gconstpointer data)
{
  g_autofree char *spaced = g_build_filename (fx->dir, "fake runtime", NULL);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(GError) error = NULL;

  make_bundle (fx, NULL);
  g_assert_true (g_file_get_contents (g_getenv ("OCI_TEST_FAKE_RUNTIME"), &text, NULL, NULL));
  g_assert_true (g_file_set_contents (spaced, text, -1, NULL));
  g_assert_cmpint (g_chmod (spaced, 0755), ==, 0);
  /* comments, blank lines, blanks around '=': the short way */
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("# the guard\n\n  [guard]\n  runtime = %s\n\tmode=audit\n", g_getenv ("OCI_TEST_FAKE_RUNTIME"));
  g_file_set_contents (fx->policy, text, -1, &error);
  g_assert_no_error (error);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_cmpint (g_remove (fx->out), ==, 0);
  /* an escape (\s is a space in GKeyFile) and another group: the module */
  escaped = g_strdup_printf ("%s/fake\\sruntime", fx->dir);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("[guard]\nruntime=%s\n[other]\nkey=value\n", escaped);
  g_file_set_contents (fx->policy, text, -1, &error);
  g_assert_no_error (error);
  run_guard (fx, (const char *const[]) { "kill", "cid", "KILL", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_cmpint (g_remove (fx->out), ==, 0);
  /* what the module refuses is refused on every command */
  write_policy (fx, "modes=audit\n");
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "unknown key \"modes\"");
  g_file_set_contents (fx->policy, "runtime=/bin/true\n", -1, &error);
  g_assert_no_error (error);
  run_guard (fx, (const char *const[]) { "delete", "cid", NULL }, NULL);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
  g_file_set_contents (fx->policy, "[guard]\nruntime=\n", -1, &error);
  g_assert_no_error (error);
  run_guard (fx, (const char *const[]) { "state", "cid", NULL }, NULL);
  assert_one_line_refusal (fx, 2, "[guard] runtime: invalid value");
}

/* Without its decision module the guard still passes commands through,
 * and refuses create with one line naming the module. */
static void
test_start_module_broken (Fixture *fx, gconstpointer data)
{
  g_autofree char *bin = g_build_filename (fx->dir, "bin", NULL);
  g_autofree char *copy = g_build_filename (bin, "oci-guard", NULL);
  g_autofree char *module = g_build_filename (bin, "oci-guard-decide.so", NULL);
  g_autofree char *text = NULL;
  gsize length;

  make_bundle (fx, NULL);
  write_policy (fx, NULL);
  g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
  g_assert_true (g_file_get_contents (g_getenv ("OCI_TEST_GUARD"), &text, &length, NULL));
  g_assert_true (g_file_set_contents (copy, text, length, NULL));
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  g_assert_true (g_file_set_contents (module, "not a module\n", -1, NULL));
  run_program (fx, copy, fx->bundle, (const char *const[]) { "state", "cid", NULL }, NULL, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_cmpint (g_remove (fx->out), ==, 0);
  run_program (fx, copy, fx->bundle, (const char *const[]) { "create", "cid", NULL }, NULL, NULL);
  assert_one_line_refusal (fx, 2, "cannot load its decision module");
  g_assert_nonnull (strstr (fx->err, module));
}

static int static_inits;

static gboolean
static_init (OciPlugin *plugin, GError **error)
{
  static_inits++;
  return TRUE;
}

/* The registry's static plugins: a built-in plugin registered from its
 * descriptor, linked into the program; its module file in our folder is
 * passed over unread (one plugin "base", not two, no warning), and a
 * descriptor that is no built-in plugin's is refused. */
static void
test_start_static_registry (Fixture *fx, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "plugins", "base", NULL);
  g_autofree char *file = g_build_filename (dir, "base.so", NULL);
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  const OciPluginDesc base = { OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), "base", "linked in", "*", static_init };
  OciPluginDesc other = base;
  OciPlugin *plugin;

  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  other.name = "acme";
  oci_registry_add_builtin_dir (registry, dir);
  oci_registry_add_static_plugin (registry, &base);
  oci_registry_add_static_plugin (registry, &base);
  oci_registry_add_static_plugin (registry, &other);
  oci_registry_discover (registry);
  g_assert_cmpuint (oci_registry_get_plugins (registry)->len, ==, 1);
  g_assert_cmpuint (oci_registry_get_warnings (registry)->len, ==, 2);
  g_assert_nonnull (strstr (oci_registry_get_warnings (registry)->pdata[0], "already loaded"));
  g_assert_nonnull (strstr (oci_registry_get_warnings (registry)->pdata[1], "'acme' is not a built-in plugin"));
  oci_registry_activate (registry, "linux", "amd64");
  plugin = oci_registry_lookup_plugin (registry, "base");
  g_assert_true (oci_plugin_is_active (plugin));
  g_assert_true (oci_registry_is_builtin (registry, plugin));
  g_assert_cmpint (static_inits, ==, 1);
  g_assert_cmpuint (oci_registry_get_warnings (registry)->len, ==, 2);
}

/* ---- the decision server ---------------------------------------------- */

/* A server of the test's own, at the fixture's socket, with the
 * environment the guard runs get. */
static void
start_own_server (Fixture *fx)
{
  g_auto(GStrv) envp = program_env (fx, NULL);

  fx->server = start_server_at (fx, fx->server_socket, envp);
}

/* The one record's "server" member. */
static gboolean
record_served (Fixture *fx)
{
  g_autoptr(GPtrArray) keep = NULL;

  return json_object_get_boolean_member (only_record (fx, &keep), "server");
}

/* The server decides as the front would: same runtime argv, same
 * refusal, word for word; the record says who decided. */
static void
test_server_decides (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = g_strdup_printf ("server=%s\n", fx->server_socket);
  g_autofree char *served_err = NULL;
  g_auto(GStrv) served_args = NULL;
  g_auto(GStrv) args = NULL;

  start_own_server (fx);
  make_bundle (fx, NULL);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "--root", "/r", "create", "--pid-file", "p", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_cmpstr (fx->err, ==, "");
  g_assert_true (record_served (fx));
  served_args = record_lines (fx, "arg:");
  g_remove (fx->log);
  g_remove (fx->out);
  write_policy (fx, "server=\n");
  run_guard (fx, (const char *const[]) { "--root", "/r", "create", "--pid-file", "p", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_false (record_served (fx));
  args = record_lines (fx, "arg:");
  g_assert_cmpstrv (served_args, args);
  g_remove (fx->log);
  g_remove (fx->out);

  ort_test_remove_tree (fx->bundle);
  make_bundle (fx, relative_cwd);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (runtime_ran (fx));
  g_assert_true (record_served (fx));
  served_err = g_steal_pointer (&fx->err);
  g_remove (fx->log);
  write_policy (fx, "server=\n");
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (record_served (fx));
  /* the policy's name differs by the server= line only: same file */
  g_assert_cmpstr (served_err, ==, fx->err);
  g_assert_nonnull (strstr (served_err, "refused container cid: base.process.cwd.absolute (MUST)"));
}

/* No server at the policy's socket: the front decides itself. */
static void
test_server_absent (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = g_strdup_printf ("server=%s\n", fx->server_socket);

  make_bundle (fx, relative_cwd);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_false (record_served (fx));
  g_assert_nonnull (strstr (fx->err, "base.process.cwd.absolute"));
}

/* Each request reads the policy anew: an edit applies at once. */
static void
test_server_policy_change (Fixture *fx, gconstpointer data)
{
  g_autofree char *enforce = g_strdup_printf ("server=%s\n", fx->server_socket);
  g_autofree char *audit = g_strdup_printf ("server=%s\nmode=audit\n", fx->server_socket);

  start_own_server (fx);
  make_bundle (fx, relative_cwd);
  write_policy (fx, enforce);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_remove (fx->log);
  write_policy (fx, audit);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_true (record_served (fx));
  assert_verdict (fx, "audit");
}

/* A front whose user settings folder is not the server's (GLib keeps the
 * first it computes): the server declines and the front decides. */
static void
test_server_declines (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = g_strdup_printf ("server=%s\n", fx->server_socket);
  g_autofree char *home = g_build_filename (fx->dir, "home", NULL);
  g_autofree char *home_env = g_strconcat ("HOME=", home, NULL);
  g_autofree char *xdg_env = g_strconcat ("XDG_CONFIG_HOME=", home, "/.config", NULL);

  start_own_server (fx);
  make_bundle (fx, NULL);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL },
             (const char *const[]) { home_env, xdg_env, NULL });
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_false (record_served (fx));
}

/* What is no request gets a "D" answer, and the server goes on. */
static void
test_server_garbage (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = g_strdup_printf ("server=%s\n", fx->server_socket);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char reply[256];
  ssize_t n;
  int sock;

  start_own_server (fx);
  strcpy (addr.sun_path, fx->server_socket);
  sock = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  g_assert_cmpint (connect (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (send (sock, "garbage\0\0", 9, 0), ==, 9);
  n = recv (sock, reply, sizeof reply - 1, 0);
  g_assert_cmpint (n, >, 2);
  reply[n] = '\0';
  g_assert_true (g_str_has_prefix (reply, "D "));
  close (sock);

  make_bundle (fx, NULL);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (record_served (fx));
}

/* The policy's time limit in the server: the front gets the in-process
 * guard's answer (refused, the plugin named), and the server, whose
 * checks never finished, ends; the next front decides itself. */
static void
test_server_timeout (Fixture *fx, gconstpointer data)
{
  const char *const hang[] = { "--label", "org.example.guardtest.hang=1", NULL };
  g_autofree char *policy = NULL;
  int status;

  use_plugin (fx, "guardtest");
  policy = g_strdup_printf ("server=%s\nplugin-dir=%s\ntimeout=1\n", fx->server_socket, fx->plugins);
  start_own_server (fx);
  make_bundle (fx, hang);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 2);
  g_assert_false (runtime_ran (fx));
  g_assert_nonnull (strstr (fx->err, "guardtest"));
  g_assert_nonnull (strstr (fx->err, "on-error=deny"));
  assert_verdict (fx, "error-deny");
  g_assert_cmpint (waitpid (fx->server, &status, 0), ==, fx->server);
  fx->server = 0;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
}

/* A vendor plugin replaced on disk (an upgrade) after the server loaded
 * it: the server steps aside before it decides, the front decides with
 * the new file, and the server ends. */
static void
test_server_stale_plugin (Fixture *fx, gconstpointer data)
{
  g_autofree char *policy = NULL;
  g_autofree char *file = g_build_filename (fx->plugins, "libguardtest.so", NULL);
  g_autofree char *copy = g_build_filename (fx->dir, "libguardtest.so.new", NULL);
  int status;

  use_plugin (fx, "guardtest");
  policy = g_strdup_printf ("server=%s\nplugin-dir=%s\n", fx->server_socket, fx->plugins);
  start_own_server (fx);
  make_bundle (fx, NULL);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (record_served (fx));
  g_remove (fx->log);

  ort_test_copy_file (file, copy);
  g_assert_cmpint (g_rename (copy, file), ==, 0);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 0);
  g_assert_true (runtime_ran (fx));
  g_assert_false (record_served (fx));
  g_assert_cmpint (waitpid (fx->server, &status, 0), ==, fx->server);
  fx->server = 0;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Socket activation (the shipped units): the server takes the socket it is
 * given (LISTEN_FDS) instead of making one. */
static void
test_server_socket_activation (Fixture *fx, gconstpointer data)
{
  g_autofree char *tool = g_find_program_in_path ("systemd-socket-activate");
  g_autofree char *policy = g_strdup_printf ("server=%s\n", fx->server_socket);
  g_autofree char *dir = g_path_get_dirname (fx->server_socket);
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;

  if (tool == NULL)
    {
      g_test_skip ("systemd-socket-activate (package systemd) is not installed");
      return;
    }
  envp = program_env (fx, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_spawn_async (fx->dir,
                 (char **) (const char *[]) { tool, "--seqpacket", "-l", fx->server_socket, g_getenv ("OCI_TEST_GUARD"),
                                              "serve", NULL },
                 envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                 &fx->server, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 400 && !server_answers (fx->server_socket); i++)
    g_usleep (25000);
  make_bundle (fx, relative_cwd);
  write_policy (fx, policy);
  run_guard (fx, (const char *const[]) { "create", "cid", NULL }, NULL);
  assert_exit (fx, 1);
  g_assert_true (record_served (fx));
  g_assert_nonnull (strstr (fx->err, "base.process.cwd.absolute"));
}

/* `oci-guard serve` itself: bad options, a live server's socket, a dead
 * one's, and --idle-exit. */
static void
test_server_command (Fixture *fx, gconstpointer data)
{
  const char *guard = g_getenv ("OCI_TEST_GUARD");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autofree char *dir = g_path_get_dirname (fx->server_socket);
  int sock, status;
  gint64 start;

  status = ort_test_run (fx->dir, (const char *const[]) { guard, "serve", "--socket", "rel.sock", NULL }, NULL,
                         &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--socket rel.sock: not an absolute path"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  status = ort_test_run (fx->dir, (const char *const[]) { guard, "serve", "--idle-exit", "-1", NULL }, NULL,
                         &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--idle-exit"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* a dead server's socket is replaced */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  strcpy (addr.sun_path, fx->server_socket);
  sock = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  close (sock);
  start_own_server (fx);

  /* a live one's is not */
  status = ort_test_run (fx->dir, (const char *const[]) { guard, "serve", "--socket", fx->server_socket, NULL },
                         NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "another server listens there"));
  g_assert_true (server_answers (fx->server_socket));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  stop_server (fx);
  g_assert_false (g_file_test (fx->server_socket, G_FILE_TEST_EXISTS));

  /* --idle-exit: gone by itself, its socket too */
  start = g_get_monotonic_time ();
  status = ort_test_run (fx->dir, (const char *const[]) { guard, "serve", "--socket", fx->server_socket,
                                                          "--idle-exit", "1", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (fx->server_socket, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  static const struct
  {
    const char *path;
    void (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "/guard/argv/create", test_argv_create },
    { "/guard/argv/equals-forms", test_argv_equals },
    { "/guard/argv/short-and-values", test_argv_short },
    { "/guard/argv/crun-config", test_argv_crun_config },
    { "/guard/argv/cwd-bundle", test_argv_cwd_bundle },
    { "/guard/argv/other-commands", test_argv_other_commands },
    { "/guard/runtime/fds", test_fds },
    { "/guard/runtime/same-process", test_same_process },
    { "/guard/runtime/exit-status", test_exit_status },
    { "/guard/runtime/signal", test_signal },
    { "/guard/policy/enforce", test_enforce },
    { "/guard/policy/strict", test_strict },
    { "/guard/policy/runtime-log", test_runtime_log },
    { "/guard/policy/journal", test_journal },
    { "/guard/policy/audit", test_audit },
    { "/guard/policy/exception", test_exception },
    { "/guard/policy/exception-prefix", test_exception_prefix },
    { "/guard/plugins/vendor-rule", test_vendor_rule },
    { "/guard/plugins/vendor-setting", test_vendor_setting },
    { "/guard/plugins/required", test_required_plugin },
    { "/guard/plugins/crash", test_crashing_plugin },
    { "/guard/plugins/hang", test_hanging_plugin },
    { "/guard/bad-input/missing-config", test_missing_config },
    { "/guard/bad-input/unparsable-config", test_unparsable_config },
    { "/guard/bad-input/bundle-not-dir", test_bundle_not_dir },
    { "/guard/bad-input/policy", test_bad_policy },
    { "/guard/bad-input/missing-runtime", test_missing_runtime },
    { "/guard/bad-input/recursion", test_recursion },
    { "/guard/runtime/drop-in", test_drop_in },
    { "/guard/log/concurrent", test_log_concurrent },
    { "/guard/hook/decide", test_hook },
    { "/guard/hook/bad-state", test_hook_bad_state },
    { "/guard/start/light", test_start_light },
    { "/guard/start/policy-forms", test_start_policy_forms },
    { "/guard/start/module-broken", test_start_module_broken },
    { "/guard/start/static-registry", test_start_static_registry },
    { "/guard/server/decides", test_server_decides },
    { "/guard/server/absent", test_server_absent },
    { "/guard/server/policy-change", test_server_policy_change },
    { "/guard/server/declines", test_server_declines },
    { "/guard/server/garbage", test_server_garbage },
    { "/guard/server/timeout", test_server_timeout },
    { "/guard/server/stale-plugin", test_server_stale_plugin },
    { "/guard/server/command", test_server_command },
    { "/guard/server/socket-activation", test_server_socket_activation },
  };

  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  for (gsize i = 0; i < G_N_ELEMENTS (tests); i++)
    /* a served run: what a front decides; the front's start-up and the
     * server's own tests are the in-process run's */
    if (!served_mode () || !(g_str_has_prefix (tests[i].path, "/guard/start/")
                             || g_str_has_prefix (tests[i].path, "/guard/server/")))
      g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);
  return g_test_run ();
}
