/* oci-guard.c — oci-guard's decision module: a validating OCI runtime
 * front and a createRuntime hook
 *
 * An engine calls oci-guard where it would call runc or crun. On `create`
 * and `run` the bundle's config.json is validated with the same registry
 * and validator as `oci-runtime-tool validate`; then the real runtime is
 * executed (execv: same process, same argv, fds, exit status and signals)
 * or the container is refused before the runtime ever runs. Every other
 * command goes to the real runtime at once, without loading any plugin.
 *
 * `oci-guard hook` is the same decision as an OCI hook: the container
 * state on standard input, a non-zero exit stops the container.
 *
 * The policy is a GKeyFile (group [guard]); see docs/enforcement.md.
 *
 * This is a module: the oci-guard program (oci-guard-front.c, libc only)
 * executes the runtime itself for the other commands when the policy is
 * plain, and opens this module, which links libocirt, GLib and json-glib,
 * for everything else (oci_guard_main()).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sigabbrev_np */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#include "oci-guard-common.h"
#include "oci-guard-serve.h"

#define GUARD_DEFAULT_ANNOTATION_PREFIX "io.github.oci-runtime-tools.guard"
/* The journal's MESSAGE_ID of a decision record. */
#define GUARD_MESSAGE_ID "5b1f0c7e2a9d4e3f8c6a1d2b3e4f5a60"
/* The container state a hook reads is small: a bound on what is read. */
#define GUARD_STATE_MAX (1024 * 1024)

/* Seconds the checks may take before the guard gives up (on-error). */
#define GUARD_DEFAULT_TIMEOUT 10

#define GUARD_EXIT_REFUSED 1
#define GUARD_EXIT_ERROR 2

typedef enum
{
  GUARD_ENFORCE,
  GUARD_AUDIT,
} GuardMode;

typedef struct
{
  char *path;              /* the policy file, or NULL when there is none */
  char *runtime;           /* as written; resolved by find_runtime () */
  GuardMode mode;
  OciTier compliance;
  gboolean fail_open;      /* on-error=allow */
  GStrv only;
  GStrv skip;
  GStrv required_plugins;
  GStrv plugin_dirs;
  GStrv plugin_options;    /* NAME.KEY=VALUE */
  char *annotation_prefix; /* empty: no exception by annotation */
  GStrv exceptions;        /* globs of the requirement ids an annotation may waive */
  char *log_path;
  guint timeout;           /* seconds the checks may take; 0: no limit */
  gboolean strict;         /* advice (no RFC 2119 keyword behind it) refuses too */
} GuardPolicy;

typedef struct
{
  const char *command;     /* create, run, hook */
  char *bundle;
  char *config_path;
  char *id;
} GuardTarget;

typedef struct
{
  GuardPolicy *policy;
  GPtrArray *failures;     /* OciResult * */
  GPtrArray *excepted;     /* char *: requirement ids waived by annotation */
  GPtrArray *errors;       /* char *: why the guard could not decide */
  GStrv allowed;           /* the ids the container's annotation names */
  gboolean missing_plugin; /* a required plugin is not there: refused whatever on-error says */
} GuardDecision;

/* ---- serving --------------------------------------------------------- */

/* Set while the decision server (oci-guard-serve.c) decides for a front:
 * the runtime is named to the front instead of executed here, and what a
 * decision builds is freed instead of left to the exit. */
static gboolean serving;
/* The front's connection, for the fault handler's answer. */
static int serving_fd = -1;
/* The runtime a served decision lets run. */
static char *served_runtime;
/* The fault handler's answer when on-error=allow lets create go on. */
static char crash_reply[PATH_MAX + 8];

/* ---- messages ---------------------------------------------------------- */

/* The runtime's own log (--log FILE, --log-format text|json): engines
 * such as containerd's shim read a runtime's error from there, not from
 * its stderr, so the guard's messages go to both. */
static char *runtime_log;
static gboolean runtime_log_json;

static void
append_runtime_log (const char *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;
  int fd;

  if (runtime_log_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_string_value (b, "error");
      json_builder_set_member_name (b, "msg");
      json_builder_add_string_value (b, message);
      json_builder_set_member_name (b, "time");
      json_builder_add_string_value (b, time);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      line = g_strconcat (text, "\n", NULL);
    }
  else
    {
      g_autofree char *quoted = g_strescape (message, NULL);
      line = g_strdup_printf ("time=\"%s\" level=error msg=\"%s\"\n", time, quoted);
    }
  fd = open (runtime_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0640);
  if (fd < 0)
    return;
  if (write (fd, line, strlen (line)) < 0)
    fprintf (stderr, "%s: warning: cannot write the runtime log %s: %s\n", GUARD_PROGRAM, runtime_log,
             g_strerror (errno));
  close (fd);
}

/* One message for the engine's user: a line on stderr, and a record in
 * the runtime log when the command line names one. */
static void G_GNUC_PRINTF (1, 2)
guard_say (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", GUARD_PROGRAM, message);
  if (runtime_log)
    {
      g_autofree char *full = g_strconcat (GUARD_PROGRAM ": ", message, NULL);
      append_runtime_log (full);
    }
}

/* ---- the policy ------------------------------------------------------- */

static void
guard_policy_free (GuardPolicy *p)
{
  g_free (p->path);
  g_free (p->runtime);
  g_strfreev (p->only);
  g_strfreev (p->skip);
  g_strfreev (p->required_plugins);
  g_strfreev (p->plugin_dirs);
  g_strfreev (p->plugin_options);
  g_free (p->annotation_prefix);
  g_strfreev (p->exceptions);
  g_free (p->log_path);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuardPolicy, guard_policy_free)

static gboolean
policy_error (GError **error, const char *path, const char *key, const char *syntax, const char *value)
{
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "%s: [guard] %s: invalid value \"%s\" (syntax: %s=%s)", path, key, value, key, syntax);
  return FALSE;
}

/* The string lists of the policy; an absent key is NULL. */
static gboolean
policy_read_lists (GKeyFile *kf, GuardPolicy *p, GError **error)
{
  struct { const char *key; GStrv *list; } lists[] = {
    { "only", &p->only }, { "skip", &p->skip }, { "require-plugin", &p->required_plugins },
    { "plugin-dir", &p->plugin_dirs }, { "plugin-option", &p->plugin_options },
    { "exceptions", &p->exceptions },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GError) local = NULL;
      *lists[i].list = g_key_file_get_string_list (kf, GUARD_GROUP, lists[i].key, NULL, &local);
      if (local && !g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        {
          g_set_error (error, G_KEY_FILE_ERROR, local->code, "%s: %s", p->path, local->message);
          return FALSE;
        }
    }
  for (char **o = p->plugin_options; o && *o; o++)
    {
      const char *dot = strchr (*o, '.'), *eq = strchr (*o, '=');
      if (dot == NULL || dot == *o || eq == NULL || eq < dot + 2)
        return policy_error (error, p->path, "plugin-option", "NAME.KEY=VALUE", *o);
    }
  return TRUE;
}

static gboolean
policy_read_values (GKeyFile *kf, GuardPolicy *p, GError **error)
{
  g_autofree char *mode = g_key_file_get_string (kf, GUARD_GROUP, "mode", NULL);
  g_autofree char *level = g_key_file_get_string (kf, GUARD_GROUP, "compliance-level", NULL);
  g_autofree char *on_error = g_key_file_get_string (kf, GUARD_GROUP, "on-error", NULL);
  g_autofree char *prefix = g_key_file_get_string (kf, GUARD_GROUP, "annotation-prefix", NULL);
  g_autofree char *timeout = g_key_file_get_string (kf, GUARD_GROUP, "timeout", NULL);
  g_autofree char *strict = g_key_file_get_string (kf, GUARD_GROUP, "strict", NULL);

  if (mode && strcmp (mode, "enforce") != 0 && strcmp (mode, "audit") != 0)
    return policy_error (error, p->path, "mode", "enforce|audit", mode);
  p->mode = g_strcmp0 (mode, "audit") == 0 ? GUARD_AUDIT : GUARD_ENFORCE;
  if (level && !oci_tier_parse (level, &p->compliance))
    return policy_error (error, p->path, "compliance-level", "must|should|may", level);
  if (on_error && strcmp (on_error, "deny") != 0 && strcmp (on_error, "allow") != 0)
    return policy_error (error, p->path, "on-error", "deny|allow", on_error);
  p->fail_open = g_strcmp0 (on_error, "allow") == 0;
  if (prefix)
    {
      g_free (p->annotation_prefix);
      p->annotation_prefix = g_steal_pointer (&prefix);
    }
  if (strict && strcmp (strict, "true") != 0 && strcmp (strict, "false") != 0)
    return policy_error (error, p->path, "strict", "true|false", strict);
  p->strict = g_strcmp0 (strict, "true") == 0;
  if (timeout)
    {
      guint64 seconds;
      if (!g_ascii_string_to_unsigned (timeout, 10, 0, 3600, &seconds, NULL))
        return policy_error (error, p->path, "timeout", "SECONDS (0-3600)", timeout);
      p->timeout = (guint) seconds;
    }
  {
    /* read by the front: an absolute socket path, or empty for none */
    g_autofree char *server = g_key_file_get_string (kf, GUARD_GROUP, "server", NULL);
    if (server && *server && *server != '/')
      return policy_error (error, p->path, "server", "SOCKET-PATH (absolute, or empty: no server)", server);
  }
  p->runtime = g_key_file_get_string (kf, GUARD_GROUP, "runtime", NULL);
  p->log_path = g_key_file_get_string (kf, GUARD_GROUP, "log", NULL);
  if (p->runtime && *p->runtime == '\0')
    return policy_error (error, p->path, "runtime", "PATH", "");
  return TRUE;
}

static gboolean
policy_check_keys (GKeyFile *kf, GuardPolicy *p, GError **error)
{
  g_auto(GStrv) keys = NULL;

  if (!g_key_file_has_group (kf, GUARD_GROUP))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "%s: no [guard] group", p->path);
      return FALSE;
    }
  keys = g_key_file_get_keys (kf, GUARD_GROUP, NULL, NULL);
  for (char **k = keys; k && *k; k++)
    if (!guard_is_policy_key (*k, strlen (*k)))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                     "%s: [guard] unknown key \"%s\"", p->path, *k);
        return FALSE;
      }
  return TRUE;
}

/* The policy: the file $OCI_GUARD_CONFIG names (it must exist), else the
 * system one (its absence means the defaults). An unreadable or invalid
 * policy is an error: the guard never guesses a weaker one. */
static GuardPolicy *
guard_policy_load (GError **error)
{
  g_autoptr(GuardPolicy) p = g_new0 (GuardPolicy, 1);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  const char *env = g_getenv (GUARD_CONFIG_ENV);

  p->mode = GUARD_ENFORCE;
  p->compliance = OCI_TIER_MUST;
  p->timeout = GUARD_DEFAULT_TIMEOUT;
  p->annotation_prefix = g_strdup (GUARD_DEFAULT_ANNOTATION_PREFIX);
  if (env && *env == '\0')
    env = NULL;
  p->path = g_strdup (env ? env : OCI_GUARD_SYSCONF_FILE);
  /* a FIFO or a device would block or never end */
  if (g_file_test (p->path, G_FILE_TEST_EXISTS) && !g_file_test (p->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: cannot read the policy: not a regular file",
                   p->path);
      return NULL;
    }
  if (!g_key_file_load_from_file (kf, p->path, G_KEY_FILE_NONE, &local))
    {
      if (env == NULL && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_clear_pointer (&p->path, g_free);
          return g_steal_pointer (&p);
        }
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot read the policy: %s",
                   p->path, local->message);
      return NULL;
    }
  if (!policy_check_keys (kf, p, error) || !policy_read_values (kf, p, error)
      || !policy_read_lists (kf, p, error))
    return NULL;
  return g_steal_pointer (&p);
}

static const char *
guard_policy_name (GuardPolicy *p)
{
  return p->path ? p->path : OCI_GUARD_SYSCONF_FILE " (absent: defaults)";
}

/* ---- the real runtime ------------------------------------------------- */

/* The real runtime's path: the policy's runtime= (a path, or a name looked
 * up in PATH), else runc, else crun. Never this program. */
static char *
find_runtime (GuardPolicy *policy, GError **error)
{
  bool found_self = false;
  char *found = guard_resolve_runtime (policy->runtime, &found_self);

  if (found)
    {
      char *path = g_strdup (found);
      free (found);
      return path;
    }
  if (found_self)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
                 "the runtime %s is oci-guard itself (set runtime= in %s to the real runc or crun)",
                 policy->runtime ? policy->runtime : "runc", guard_policy_name (policy));
  else if (policy->runtime)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 "the runtime %s (runtime= in %s) does not exist or is not executable",
                 policy->runtime, guard_policy_name (policy));
  else
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 "neither runc nor crun is in PATH (set runtime= in %s)", guard_policy_name (policy));
  return NULL;
}

/* Replaces this process with the real runtime: same argv (but argv[0]),
 * environment, fds, and so its exit status and signals. */
static int
exec_runtime (const char *runtime, char **argv)
{
  if (serving)
    {
      g_free (served_runtime);
      served_runtime = g_strdup (runtime);
      return 0;
    }
  argv[0] = (char *) runtime;
  g_setenv (GUARD_ACTIVE_ENV, "1", TRUE);
  execv (runtime, argv);
  guard_say ("cannot run the runtime %s: %s", runtime, g_strerror (errno));
  return GUARD_EXIT_ERROR;
}

/* ---- the runtime command line ----------------------------------------- */

/* Notes the runtime log the engine reads errors from. */
static void
on_global_flag (const char *name, size_t len, const char *value, void *data)
{
  if (len == 3 && strncmp (name, "log", 3) == 0)
    {
      g_free (runtime_log);
      runtime_log = *value ? g_strdup (value) : NULL;
    }
  else if (len == 10 && strncmp (name, "log-format", 10) == 0)
    runtime_log_json = strcmp (value, "json") == 0;
}

static void
on_create_flag (const char *name, size_t len, const char *value, void *data)
{
  GuardTarget *t = data;

  if ((len == 6 && strncmp (name, "bundle", 6) == 0) || (len == 1 && name[0] == 'b'))
    {
      g_free (t->bundle);
      t->bundle = g_strdup (value);
    }
  else if ((len == 6 && strncmp (name, "config", 6) == 0) || (len == 1 && name[0] == 'f'))
    {
      g_free (t->config_path);
      t->config_path = g_strdup (value);
    }
}

/* The bundle, config and container id of `create`/`run` arguments. */
static void
parse_create (int argc, char **argv, int command, GuardTarget *t)
{
  int i = command + 1;

  while (i < argc)
    {
      i = guard_skip_flags (argc, argv, i, guard_create_flags, guard_n_create_flags, on_create_flag, t);
      if (i < argc && t->id == NULL)
        t->id = g_strdup (argv[i]);
      i++;
    }
  if (t->bundle == NULL)
    t->bundle = g_get_current_dir ();
  if (t->config_path == NULL)
    t->config_path = g_build_filename (t->bundle, "config.json", NULL);
  else if (!g_path_is_absolute (t->config_path))
    {
      /* crun reads --config from inside the bundle */
      char *in_bundle = g_build_filename (t->bundle, t->config_path, NULL);
      g_free (t->config_path);
      t->config_path = in_bundle;
    }
}

static void
guard_target_clear (GuardTarget *t)
{
  g_free (t->bundle);
  g_free (t->config_path);
  g_free (t->id);
}

/* ---- the decision ----------------------------------------------------- */

static void
guard_decision_clear (GuardDecision *d)
{
  g_clear_pointer (&d->failures, g_ptr_array_unref);
  g_clear_pointer (&d->excepted, g_ptr_array_unref);
  g_clear_pointer (&d->errors, g_ptr_array_unref);
  g_clear_pointer (&d->allowed, g_strfreev);
}

static gboolean
matches_any (const char *const *globs, const char *id)
{
  for (const char *const *g = globs; g && *g; g++)
    if (g_pattern_match_simple (*g, id))
      return TRUE;
  return FALSE;
}

/* A failing requirement the container's annotation names, where the policy
 * lets annotations waive it. */
static gboolean
is_excepted (GuardDecision *d, const char *id)
{
  return id && matches_any ((const char *const *) d->policy->exceptions, id)
         && d->allowed && g_strv_contains ((const char *const *) d->allowed, id);
}

static void
on_result (OciResultBus *bus, const OciResult *result, gpointer data)
{
  GuardDecision *d = data;

  if (!oci_result_bus_is_failing (bus, result))
    return;
  if (result->status == OCI_STATUS_ERROR)
    g_ptr_array_add (d->errors, g_strdup_printf ("%s could not run: %s",
                                                 result->checker_id ? result->checker_id : "a checker",
                                                 result->message ? result->message : "no reason given"));
  else if (is_excepted (d, result->requirement_id))
    g_ptr_array_add (d->excepted, g_strdup (result->requirement_id));
  else
    g_ptr_array_add (d->failures, oci_result_copy (result));
}

static void
on_input_error (OciResultBus *bus, const char *subject, const char *message, gpointer data)
{
  GuardDecision *d = data;

  g_ptr_array_add (d->errors, g_strdup (message));
}

static void
read_exceptions (GuardDecision *d, OciConfig *config)
{
  g_autofree char *key = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *pointer = NULL;
  const char *value;

  if (d->policy->annotation_prefix == NULL || *d->policy->annotation_prefix == '\0')
    return;
  key = g_strconcat (d->policy->annotation_prefix, ".allow", NULL);
  escaped = oci_json_pointer_escape (key);
  pointer = g_strconcat ("/annotations/", escaped, NULL);
  value = oci_config_get_string (config, pointer);
  if (value == NULL)
    return;
  d->allowed = g_strsplit (value, ",", -1);
  for (char **a = d->allowed; *a; a++)
    g_strstrip (*a);
}

static void
check_required_plugins (GuardDecision *d, OciRegistry *registry)
{
  for (char **n = d->policy->required_plugins; n && *n; n++)
    {
      OciPlugin *plugin = oci_registry_lookup_plugin (registry, *n);
      if (plugin != NULL && oci_plugin_is_active (plugin))
        continue;
      d->missing_plugin = TRUE;
      g_ptr_array_add (d->errors, g_strdup_printf ("the required plugin %s is %s (require-plugin= in %s)",
                                                   *n, plugin ? "not active for this config" : "not loaded",
                                                   guard_policy_name (d->policy)));
    }
}

/* Names, for a crash report, the plugins that came from the policy's
 * plugin folders: a fault during the checks is most likely theirs. */
static char crash_note[512];
static const char *crash_runtime;
static char **crash_argv;
/* The record of a decision the checks never finish, and where it goes:
 * made beforehand, as the signal handler may only open and write. */
static char *crash_record;
static char *crash_log;
static gboolean crash_fail_open;

static void
note_vendor_plugins (OciRegistry *registry, GuardPolicy *policy)
{
  GPtrArray *plugins = oci_registry_get_plugins (registry);
  g_autoptr(GString) note = g_string_new (NULL);

  for (guint i = 0; i < plugins->len; i++)
    {
      const char *path = oci_plugin_get_path (plugins->pdata[i]);
      for (char **dir = policy->plugin_dirs; path && dir && *dir; dir++)
        if (g_str_has_prefix (path, *dir))
          g_string_append_printf (note, "%s%s (%s)", note->len ? ", " : "",
                                  oci_plugin_get_name (plugins->pdata[i]), path);
    }
  g_strlcpy (crash_note, note->len ? note->str : "none from plugin-dir", sizeof crash_note);
}

static void
write_all (int fd, const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (fd, text, len);
      if (n <= 0)
        return;
      text += n;
      len -= (gsize) n;
    }
}

/* A fault, or the time limit, while the plugins check: one line naming
 * them, then the policy's on-error (async-signal-safe: write, alarm,
 * execv, _exit only). */
static void
on_fatal_signal (int sig)
{
  if (sig == SIGALRM)
    write_all (STDERR_FILENO, GUARD_PROGRAM ": the checks did not finish within the policy's timeout");
  else
    {
      write_all (STDERR_FILENO, GUARD_PROGRAM ": the checks crashed (");
      write_all (STDERR_FILENO, sigabbrev_np (sig) ? sigabbrev_np (sig) : "signal");
      write_all (STDERR_FILENO, ")");
    }
  write_all (STDERR_FILENO, "; vendor plugins: ");
  write_all (STDERR_FILENO, crash_note);
  if (crash_log)
    {
      int fd = open (crash_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0640);
      if (fd >= 0)
        {
          write_all (fd, crash_record);
          close (fd);
        }
    }
  if (!crash_fail_open)
    {
      write_all (STDERR_FILENO, "; refused (on-error=deny)\n");
      /* a server answers its front, then ends: what crashed or hung is
       * not to be trusted with the next request */
      if (serving_fd >= 0)
        send (serving_fd, "X 2", 3, MSG_NOSIGNAL);
      _exit (GUARD_EXIT_ERROR);
    }
  write_all (STDERR_FILENO, "; allowed (on-error=allow)\n");
  if (serving_fd >= 0)
    {
      if (crash_runtime)
        send (serving_fd, crash_reply, strlen (crash_reply), MSG_NOSIGNAL);
      else
        send (serving_fd, "X 0", 3, MSG_NOSIGNAL);
      _exit (GUARD_EXIT_ERROR);
    }
  if (crash_runtime == NULL) /* the hook: let the container go on */
    _exit (0);
  alarm (0);
  execv (crash_runtime, crash_argv);
  _exit (GUARD_EXIT_ERROR);
}

static void
catch_faults (gboolean on, guint timeout)
{
  static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM };
  struct sigaction sa = { 0 };

  sa.sa_handler = on ? on_fatal_signal : SIG_DFL;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&sa.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (sigs); i++)
    sigaction (sigs[i], &sa, NULL);
  /* a pending alarm would outlive execv and kill the runtime */
  alarm (on ? timeout : 0);
}

static void
add_plugin_options (GuardDecision *d, OciRegistry *registry)
{
  for (char **o = d->policy->plugin_options; o && *o; o++)
    {
      g_autoptr(GError) error = NULL;
      if (!oci_registry_add_plugin_option (registry, *o, &error))
        g_ptr_array_add (d->errors, g_strdup_printf ("plugin-option=%s in %s: %s", *o,
                                                     guard_policy_name (d->policy), error->message));
    }
}

/* What the checks built is left to the kernel: the process execs the
 * runtime or exits next, and freeing the trees (the config's, the
 * compiled schema's) took a tenth of the guard's own instructions. */
static void
keep_until_exit (gpointer object)
{
  static GPtrArray *kept;

  /* a server decides again and again: nothing may pile up */
  if (serving)
    {
      g_object_unref (object);
      return;
    }
  if (kept == NULL)
    kept = g_ptr_array_new ();
  g_ptr_array_add (kept, object);
}

/* The built-in plugins, linked into this module (cli/meson.build). */
#define X(name) extern const OciPluginDesc oci_plugin_desc_##name;
OCI_GUARD_STATIC_PLUGINS
#undef X
static const OciPluginDesc *const static_plugins[] = {
#define X(name) &oci_plugin_desc_##name,
  OCI_GUARD_STATIC_PLUGINS
#undef X
};

/* A registry with the built-in plugins linked into this module. */
static OciRegistry *
builtin_registry (void)
{
  OciRegistry *registry = oci_registry_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (static_plugins); i++)
    oci_registry_add_static_plugin (registry, static_plugins[i]);
  return registry;
}

/* A server that loaded a plugin module which changed on disk since would
 * check with the old code: it steps aside before it decided or told
 * anything, and the front decides with the new one. */
static void
step_aside_if_stale (OciRegistry *registry)
{
  GPtrArray *plugins = oci_registry_get_plugins (registry);

  for (guint i = 0; serving && i < plugins->len; i++)
    {
      const char *path = oci_plugin_get_path (plugins->pdata[i]);
      if (path && !guard_serve_file_unchanged (path))
        guard_serve_step_aside (serving_fd, path);
    }
}

static void
run_checks (GuardDecision *d, OciConfig *config, const GuardTarget *t)
{
  GuardPolicy *policy = d->policy;
  g_autoptr(OciRegistry) registry = builtin_registry ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (policy->compliance);
  g_autoptr(OciValidator) validator = NULL;

  oci_result_bus_set_strict (bus, policy->strict);
  for (char **dir = policy->plugin_dirs; dir && *dir; dir++)
    oci_registry_add_search_dir (registry, *dir);
  oci_registry_add_default_search_path (registry);
  add_plugin_options (d, registry);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), d);
  g_signal_connect (bus, "input-error", G_CALLBACK (on_input_error), d);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_filters (validator, (const char *const *) policy->only,
                             (const char *const *) policy->skip);
  oci_registry_discover (registry);
  step_aside_if_stale (registry);
  note_vendor_plugins (registry, policy);
  catch_faults (TRUE, policy->timeout);
  oci_result_bus_begin_subject (bus, t->bundle);
  oci_validator_validate_config (validator, config, t->bundle, t->bundle, NULL);
  oci_result_bus_end_subject (bus, t->bundle);
  catch_faults (FALSE, 0);
  check_required_plugins (d, registry);
  for (guint i = 0; i < oci_registry_get_warnings (registry)->len; i++)
    fprintf (stderr, "%s: warning: %s\n", GUARD_PROGRAM, (char *) oci_registry_get_warnings (registry)->pdata[i]);
  g_signal_handlers_disconnect_by_data (bus, d);
  keep_until_exit (g_steal_pointer (&validator));
  keep_until_exit (g_steal_pointer (&bus));
  keep_until_exit (g_steal_pointer (&registry));
}

/* Validates the target's config; what is found goes to @d. */
static void
guard_decide (GuardDecision *d, const GuardTarget *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) config = NULL;

  d->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  d->excepted = g_ptr_array_new_with_free_func (g_free);
  d->errors = g_ptr_array_new_with_free_func (g_free);
  if (!g_file_test (t->bundle, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (d->errors, g_strdup_printf (g_file_test (t->bundle, G_FILE_TEST_EXISTS)
                                                   ? "%s: the bundle is not a directory"
                                                   : "%s: no such bundle directory", t->bundle));
      return;
    }
  config = oci_config_new_from_file (t->config_path, &error);
  if (config == NULL)
    {
      g_ptr_array_add (d->errors, g_strdup (error->message));
      return;
    }
  read_exceptions (d, config);
  run_checks (d, config, t);
  keep_until_exit (g_steal_pointer (&config));
}

typedef enum
{
  VERDICT_ALLOW,
  VERDICT_DENY,
  VERDICT_AUDIT,       /* would be refused; audit mode lets it run */
  VERDICT_ERROR_DENY,  /* could not decide: refused (on-error=deny) */
  VERDICT_ERROR_ALLOW, /* could not decide: allowed (on-error=allow) */
} GuardVerdict;

static const char *const verdict_names[] = { "allow", "deny", "audit", "error-deny", "error-allow" };

static GuardVerdict
guard_verdict (GuardDecision *d)
{
  gboolean broken = d->failures->len > 0;

  if (broken)
    return d->policy->mode == GUARD_AUDIT ? VERDICT_AUDIT : VERDICT_DENY;
  if (d->errors->len > 0)
    {
      if (d->policy->mode == GUARD_AUDIT || (d->policy->fail_open && !d->missing_plugin))
        return VERDICT_ERROR_ALLOW;
      return VERDICT_ERROR_DENY;
    }
  return VERDICT_ALLOW;
}

/* ---- telling: stderr, the journal, the log file ----------------------- */

static void
print_refusal (GuardDecision *d, const GuardTarget *t, GuardVerdict verdict)
{
  const char *what = verdict == VERDICT_AUDIT || verdict == VERDICT_ERROR_ALLOW ? "would refuse" : "refused";
  g_autofree char *key = g_strconcat (d->policy->annotation_prefix, ".allow", NULL);

  for (guint i = 0; i < d->failures->len; i++)
    {
      const OciResult *r = d->failures->pdata[i];
      g_autofree char *how = NULL;
      if (*d->policy->annotation_prefix && matches_any ((const char *const *) d->policy->exceptions, r->requirement_id))
        how = g_strdup_printf ("to allow it, annotate the container %s=%s", key, r->requirement_id);
      else
        how = g_strdup_printf ("to allow it, change the policy %s (exceptions=, skip= or mode=audit)",
                               guard_policy_name (d->policy));
      guard_say ("%s container %s: %s (%s) at %s: %s [%s]; %s", what, t->id ? t->id : "(no id)",
                 r->requirement_id, oci_level_to_string (r->level),
                 r->pointer && *r->pointer ? r->pointer : "/", r->message ? r->message : "",
                 r->url ? r->url : "", how);
    }
  if (d->failures->len == 0)
    for (guint i = 0; i < d->errors->len; i++)
      guard_say ("%s container %s: cannot decide: %s (on-error=%s in %s)", what, t->id ? t->id : "(no id)",
                 (char *) d->errors->pdata[i], d->policy->fail_open ? "allow" : "deny",
                 guard_policy_name (d->policy));
}

static char *
join_ids (GPtrArray *failures)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < failures->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", ((OciResult *) failures->pdata[i])->requirement_id);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonNode *
decision_to_json (GuardDecision *d, const GuardTarget *t, GuardVerdict verdict, gint64 micros)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, time);
  json_builder_set_member_name (b, "program");
  json_builder_add_string_value (b, GUARD_PROGRAM);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, t->command);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, t->id);
  json_builder_set_member_name (b, "bundle");
  json_builder_add_string_value (b, t->bundle);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, verdict_names[verdict]);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, d->policy->mode == GUARD_AUDIT ? "audit" : "enforce");
  json_builder_set_member_name (b, "failed");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->failures->len; i++)
    json_builder_add_string_value (b, ((OciResult *) d->failures->pdata[i])->requirement_id);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "excepted");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->excepted->len; i++)
    json_builder_add_string_value (b, d->excepted->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->errors->len; i++)
    json_builder_add_string_value (b, d->errors->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "server");
  json_builder_add_boolean_value (b, serving);
  json_builder_set_member_name (b, "duration_us");
  json_builder_add_int_value (b, micros);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
record_line (JsonNode *record)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, record);
  text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* One record, one write(2) to a file opened with O_APPEND: records of
 * guards running at once never interleave. */
static void
append_record (const char *path, JsonNode *record)
{
  g_autofree char *line = record_line (record);
  gsize len = strlen (line);
  int fd;
  ssize_t n;

  fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0640);
  if (fd < 0)
    {
      fprintf (stderr, "%s: warning: cannot open the log %s: %s\n", GUARD_PROGRAM, path, g_strerror (errno));
      return;
    }
  n = write (fd, line, len);
  if (n != (ssize_t) len)
    fprintf (stderr, "%s: warning: cannot write the log %s: %s\n", GUARD_PROGRAM, path,
             n < 0 ? g_strerror (errno) : "short write");
  close (fd);
}

/* The journal when there is one; elsewhere the log file is the record. */
static GLogWriterOutput
journal_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (g_file_test ("/run/systemd/journal/socket", G_FILE_TEST_EXISTS))
    return g_log_writer_journald (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

static void
log_decision (GuardDecision *d, const GuardTarget *t, GuardVerdict verdict, gint64 micros)
{
  static gboolean writer_set;
  g_autofree char *failed = join_ids (d->failures);
  g_autofree char *duration = g_strdup_printf ("%" G_GINT64_FORMAT, micros);

  g_autofree char *message = g_strdup_printf ("%s container %s (%s): %s%s%s", GUARD_PROGRAM,
                                               t->id ? t->id : "", t->bundle, verdict_names[verdict],
                                               *failed ? " " : "", failed);
  const GLogField fields[] = {
    { "MESSAGE_ID", GUARD_MESSAGE_ID, -1 },
    { "MESSAGE", message, -1 },
    { "PRIORITY", verdict == VERDICT_ALLOW ? "6" : "5", -1 },
    { "GLIB_DOMAIN", GUARD_PROGRAM, -1 },
    { "OCI_GUARD_CONTAINER_ID", t->id ? t->id : "", -1 },
    { "OCI_GUARD_BUNDLE", t->bundle, -1 },
    { "OCI_GUARD_COMMAND", t->command, -1 },
    { "OCI_GUARD_VERDICT", verdict_names[verdict], -1 },
    { "OCI_GUARD_MODE", d->policy->mode == GUARD_AUDIT ? "audit" : "enforce", -1 },
    { "OCI_GUARD_FAILED", failed, -1 },
    { "OCI_GUARD_DURATION_US", duration, -1 },
  };

  /* GLib takes one writer per process: a server sets it once */
  if (!writer_set)
    g_log_set_writer_func (journal_writer, NULL, NULL);
  writer_set = TRUE;
  g_log_structured_array (verdict == VERDICT_ALLOW ? G_LOG_LEVEL_INFO : G_LOG_LEVEL_MESSAGE,
                          fields, G_N_ELEMENTS (fields));
  if (d->policy->log_path)
    {
      g_autoptr(JsonNode) record = decision_to_json (d, t, verdict, micros);
      append_record (d->policy->log_path, record);
    }
}

/* The record the fault handler writes if the checks crash or time out. */
static void
prepare_crash_record (GuardPolicy *policy, const GuardTarget *t)
{
  GuardDecision d = { policy, NULL, NULL, NULL, NULL, FALSE };
  g_autoptr(JsonNode) record = NULL;

  crash_fail_open = policy->fail_open;
  if (policy->log_path == NULL)
    return;
  d.failures = g_ptr_array_new ();
  d.excepted = g_ptr_array_new ();
  d.errors = g_ptr_array_new ();
  g_ptr_array_add (d.errors, (gpointer) "the checks crashed or did not finish within the timeout");
  record = decision_to_json (&d, t, policy->fail_open ? VERDICT_ERROR_ALLOW : VERDICT_ERROR_DENY, -1);
  g_free (crash_record);
  crash_record = record_line (record);
  crash_log = policy->log_path;
  g_ptr_array_unref (d.failures);
  g_ptr_array_unref (d.excepted);
  g_ptr_array_unref (d.errors);
}

/* Decides on @t and tells; returns the verdict. */
static GuardVerdict
guard_judge (GuardPolicy *policy, const GuardTarget *t, gint64 started)
{
  GuardDecision d = { policy, NULL, NULL, NULL, NULL, FALSE };
  GuardVerdict verdict;

  prepare_crash_record (policy, t);
  guard_decide (&d, t);
  verdict = guard_verdict (&d);
  if (verdict != VERDICT_ALLOW)
    print_refusal (&d, t, verdict);
  log_decision (&d, t, verdict, g_get_monotonic_time () - started);
  guard_decision_clear (&d);
  return verdict;
}

static int
verdict_exit_code (GuardVerdict verdict)
{
  switch (verdict)
    {
    case VERDICT_DENY:
      return GUARD_EXIT_REFUSED;
    case VERDICT_ERROR_DENY:
      return GUARD_EXIT_ERROR;
    default:
      return 0;
    }
}

/* ---- the two modes ---------------------------------------------------- */

/* The hook's target: the state's bundle and id. */
static gboolean
read_hook_target (GuardTarget *t, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *state;
  gsize length;

  if (!oci_file_read_bounded ("-", GUARD_STATE_MAX, OCI_FILE_READ_INPUT, &text, &length, error))
    return FALSE;
  root = oci_json_load_data (text, length, "<stdin>", error);
  if (root == NULL)
    return FALSE;
  state = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (state == NULL || !json_object_has_member (state, "bundle")
      || json_node_get_value_type (json_object_get_member (state, "bundle")) != G_TYPE_STRING)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "<stdin>: the container state has no \"bundle\" string");
      return FALSE;
    }
  t->bundle = g_strdup (json_object_get_string_member (state, "bundle"));
  if (json_object_has_member (state, "id")
      && json_node_get_value_type (json_object_get_member (state, "id")) == G_TYPE_STRING)
    t->id = g_strdup (json_object_get_string_member (state, "id"));
  t->config_path = g_build_filename (t->bundle, "config.json", NULL);
  return TRUE;
}

static int
run_hook (GuardPolicy *policy, gint64 started)
{
  GuardTarget t = { "hook", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!read_hook_target (&t, &error))
    {
      guard_say ("hook: %s", error->message);
      return policy->fail_open ? 0 : GUARD_EXIT_ERROR;
    }
  status = verdict_exit_code (guard_judge (policy, &t, started));
  guard_target_clear (&t);
  return status;
}

/* create/run: decide, then exec the runtime or refuse. */
static int
run_create (GuardPolicy *policy, int argc, char **argv, int command, gint64 started)
{
  GuardTarget t = { argv[command], NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = find_runtime (policy, &error);
  GuardVerdict verdict;

  if (runtime == NULL)
    {
      guard_say ("%s", error->message);
      return GUARD_EXIT_ERROR;
    }
  parse_create (argc, argv, command, &t);
  if (policy->fail_open)
    {
      crash_runtime = runtime;
      crash_argv = argv;
      g_snprintf (crash_reply, sizeof crash_reply, "E %s", runtime);
      argv[0] = runtime;
    }
  verdict = guard_judge (policy, &t, started);
  guard_target_clear (&t);
  if (verdict == VERDICT_DENY || verdict == VERDICT_ERROR_DENY)
    return verdict_exit_code (verdict);
  return exec_runtime (runtime, argv);
}

/* Any other command: straight to the runtime, no plugin loaded. */
static int
run_passthrough (GuardPolicy *policy, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = find_runtime (policy, &error);

  if (runtime == NULL)
    {
      guard_say ("%s", error->message);
      return GUARD_EXIT_ERROR;
    }
  return exec_runtime (runtime, argv);
}

/* ---- for the decision server ------------------------------------------ */

/* Forgets what the last request left in this module's statics. */
static void
reset_request_state (void)
{
  g_clear_pointer (&runtime_log, g_free);
  runtime_log_json = FALSE;
  crash_note[0] = '\0';
  crash_runtime = NULL;
  crash_argv = NULL;
  crash_reply[0] = '\0';
  g_clear_pointer (&crash_record, g_free);
  crash_log = NULL;
  crash_fail_open = FALSE;
  g_clear_pointer (&served_runtime, g_free);
}

/**
 * guard_decide_for_front:
 * @reply_fd: the front's connection (the fault handler answers there)
 * @argc: the number of arguments
 * @argv: the front's command line (argv[0] may be changed)
 * @started: when the front started (CLOCK_MONOTONIC, microseconds)
 * @runtime: (out) (transfer full) (nullable): the runtime the front is to
 *   execute, or %NULL when it is to exit
 *
 * oci_guard_main() for a front, in the server: the same decision, with
 * the runtime named instead of executed.
 *
 * Returns: the exit status when *@runtime is %NULL
 */
int
guard_decide_for_front (int reply_fd, int argc, char **argv, long long started, char **runtime)
{
  int status;

  reset_request_state ();
  serving = TRUE;
  serving_fd = reply_fd;
  status = oci_guard_main (argc, argv, started);
  *runtime = g_steal_pointer (&served_runtime);
  serving = FALSE;
  serving_fd = -1;
  reset_request_state ();
  return status;
}

/**
 * guard_warm_up:
 *
 * Validates a small config of the newest release with the built-in
 * plugins, so that the server's first request finds the schema compiled
 * and the checks' code paged in, like every later one.
 */
void
guard_warm_up (void)
{
  g_autofree char *text = g_strdup_printf ("{\"ociVersion\": \"%s\", \"root\": {\"path\": \"rootfs\"}, "
                                           "\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], "
                                           "\"user\": {\"uid\": 0, \"gid\": 0}}, "
                                           "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}}",
                                           oci_spec_get_newest_release ());
  g_autoptr(OciConfig) config = oci_config_new_from_data (text, -1, "warm-up", NULL);
  g_autoptr(OciRegistry) registry = builtin_registry ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciValidator) validator = NULL;

  if (config == NULL)
    return;
  validator = oci_validator_new (registry, bus);
  oci_registry_discover (registry);
  oci_result_bus_begin_subject (bus, "warm-up");
  oci_validator_validate_config (validator, config, NULL, "warm-up", NULL);
  oci_result_bus_end_subject (bus, "warm-up");
}

/**
 * oci_guard_main:
 * @argc: the number of arguments
 * @argv: the runtime command line oci-guard was given
 * @started: CLOCK_MONOTONIC in microseconds when oci-guard started
 *
 * Everything oci-guard does but the short way through of
 * oci-guard-front.c: reads the policy in full, decides on create, run and
 * hook, and executes the runtime for any other command (or says why not).
 *
 * Returns: the exit status, when the runtime was not executed
 */
G_MODULE_EXPORT int
oci_guard_main (int argc, char **argv, long long started)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GuardPolicy) policy = NULL;
  int command;

  if (argc >= 2 && strcmp (argv[1], "serve") == 0 && !serving)
    return guard_serve (argc, argv);
  command = guard_skip_flags (argc, argv, 1, guard_global_flags, guard_n_global_flags, on_global_flag, NULL);
  policy = guard_policy_load (&error);
  if (policy == NULL)
    {
      guard_say ("%s", error->message);
      return GUARD_EXIT_ERROR;
    }
  /* A hook runs nothing, so it cannot loop; and runc gives its hooks its
   * own environment, which names the guard in front of it. */
  if (argc == 2 && strcmp (argv[1], "hook") == 0)
    return run_hook (policy, started);
  if (g_getenv (GUARD_ACTIVE_ENV) != NULL)
    {
      guard_say ("started by the runtime it starts (%s is set): the policy's runtime= "
                 "leads back to oci-guard", GUARD_ACTIVE_ENV);
      return GUARD_EXIT_ERROR;
    }
  if (command < argc && guard_is_create (argv[command]))
    return run_create (policy, argc, argv, command, started);
  return run_passthrough (policy, argv);
}
