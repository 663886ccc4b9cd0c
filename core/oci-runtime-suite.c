/* oci-runtime-suite.c — runs the registered runtime cases in parallel
 *
 * The calling thread builds what all cases share (the runtime's features,
 * the busybox template), hands the cases to a thread pool and reports
 * each as it finishes. It is also a child subreaper and reaps the
 * container processes that runtimes leave to it, so none stays a zombie.
 * A SIGINT, SIGTERM or SIGHUP cancels the run: calls in flight are killed,
 * every started case cleans up, the work directory is swept, and the
 * signal is raised again. Before and after the run the host is
 * snapshot (oci-runtime-hoststate.c), and whatever the run changed or
 * left running is the result of one more test point, "host.unchanged".
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "oci-runtime-private.h"
#include "oci-spec.h"

#define DEFAULT_BUSYBOX "/bin/busybox"

struct _OciRuntimeSuite
{
  GObject parent_instance;

  OciRegistry *registry;
  char *runtime_path;
  GStrv runtime_args;
  guint jobs;
  GStrv only;
  GStrv skip;
  gboolean keep;
  guint timeout_s;
  OciTier compliance;
  char *release;
  char *work_parent;
  char *runtimetest;
  char *busybox;
  GStrv plugin_files;
  OciRuntimeCaseDoneFunc done;
  gpointer done_data;
  gint cancel;
  char *used_release;        /* what the last run generated configs for */
  char *used_release_source; /* and why */
};

G_DEFINE_FINAL_TYPE (OciRuntimeSuite, oci_runtime_suite, G_TYPE_OBJECT)

static volatile sig_atomic_t caught_signal;
/* The cancel flag of the running suite, for the signal handler. */
static gint *volatile active_cancel;

static void
oci_runtime_suite_finalize (GObject *object)
{
  OciRuntimeSuite *self = OCI_RUNTIME_SUITE (object);

  g_clear_object (&self->registry);
  g_free (self->runtime_path);
  g_strfreev (self->runtime_args);
  g_strfreev (self->only);
  g_strfreev (self->skip);
  g_free (self->release);
  g_free (self->work_parent);
  g_free (self->runtimetest);
  g_free (self->busybox);
  g_strfreev (self->plugin_files);
  g_free (self->used_release);
  g_free (self->used_release_source);
  G_OBJECT_CLASS (oci_runtime_suite_parent_class)->finalize (object);
}

static void
oci_runtime_suite_class_init (OciRuntimeSuiteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_runtime_suite_finalize;
}

/* Two cases per CPU: a case mostly waits (for the runtime's start-up, the
 * container's run, `state`), so one per CPU leaves them idle; on the
 * 2-core reference machine under load, 4 jobs ran the suite against runc
 * in 20.3 s where 2 took 24.7 s. */
static guint
default_jobs (void)
{
  return 2 * MAX (1, g_get_num_processors ());
}

static void
oci_runtime_suite_init (OciRuntimeSuite *self)
{
  self->jobs = default_jobs ();
  self->timeout_s = OCI_RUNTIME_DEFAULT_TIMEOUT_MS / 1000;
  self->compliance = OCI_TIER_MUST;
}

/**
 * oci_runtime_suite_new:
 * @registry: a registry whose plugins are active for the host platform
 * @runtime_path: the runtime binary (a name is looked up in $PATH)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 *
 * Returns: (transfer full): a suite with the defaults: one job per CPU,
 *   a 10 s timeout, the newest spec release, /bin/busybox, no
 *   oci-runtimetest (cases needing it are skipped until one is set)
 */
OciRuntimeSuite *
oci_runtime_suite_new (OciRegistry *registry, const char *runtime_path)
{
  OciRuntimeSuite *self = g_object_new (OCI_TYPE_RUNTIME_SUITE, NULL);

  self->registry = g_object_ref (registry);
  self->runtime_path = g_strdup (runtime_path);
  return self;
}

/**
 * oci_runtime_suite_set_jobs:
 * @self: a suite
 * @jobs: cases run at once (0: two per CPU)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_jobs (OciRuntimeSuite *self, guint jobs)
{
  self->jobs = jobs ? jobs : default_jobs ();
}

/**
 * oci_runtime_suite_set_filters:
 * @self: a suite
 * @only: (nullable) (array zero-terminated=1): globs over case ids; a glob
 *   without wildcards also selects the ids below it ("base" → "base.*")
 * @skip: (nullable) (array zero-terminated=1): globs of cases to leave out
 *
 * A glob of runtime requirement ids (with the "runtime" segment:
 * "base.runtime.state.*") selects (or leaves out) the cases that test a
 * row whose id it matches (oci_registry_get_case_requirements()).
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_filters (OciRuntimeSuite *self, const char *const *only, const char *const *skip)
{
  g_strfreev (self->only);
  g_strfreev (self->skip);
  self->only = only && only[0] ? g_strdupv ((char **) only) : NULL;
  self->skip = skip && skip[0] ? g_strdupv ((char **) skip) : NULL;
}

/**
 * oci_runtime_suite_set_runtime_args:
 * @self: a suite
 * @args: (nullable) (array zero-terminated=1): global options of every
 *   runtime call, given before the command ("--network=none")
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_runtime_args (OciRuntimeSuite *self, const char *const *args)
{
  g_strfreev (self->runtime_args);
  self->runtime_args = args && args[0] ? g_strdupv ((char **) args) : NULL;
}

/**
 * oci_runtime_suite_set_keep:
 * @self: a suite
 * @keep: keep every case's bundle and the work directory, for debugging
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_keep (OciRuntimeSuite *self, gboolean keep)
{
  self->keep = keep;
}

/**
 * oci_runtime_suite_set_timeout:
 * @self: a suite
 * @seconds: the limit of one runtime call or wait (0: 10 s; at most
 *   %OCI_RUNTIME_MAX_TIMEOUT_S, larger values are taken as that)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_timeout (OciRuntimeSuite *self, guint seconds)
{
  self->timeout_s = seconds ? MIN (seconds, OCI_RUNTIME_MAX_TIMEOUT_S) : OCI_RUNTIME_DEFAULT_TIMEOUT_MS / 1000;
}

/**
 * oci_runtime_suite_set_compliance:
 * @self: a suite
 * @compliance: the lowest tier whose failures fail a case
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_compliance (OciRuntimeSuite *self, OciTier compliance)
{
  self->compliance = compliance;
}

/**
 * oci_runtime_suite_set_spec_version:
 * @self: a suite
 * @release: (nullable): the release of the generated configs (default: the newest)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_spec_version (OciRuntimeSuite *self, const char *release)
{
  g_free (self->release);
  self->release = g_strdup (release);
}

/**
 * oci_runtime_suite_set_work_dir:
 * @self: a suite
 * @dir: (nullable): where the run's temporary directory is made (default $TMPDIR)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_work_dir (OciRuntimeSuite *self, const char *dir)
{
  g_free (self->work_parent);
  self->work_parent = g_strdup (dir);
}

/**
 * oci_runtime_suite_set_runtimetest:
 * @self: a suite
 * @path: (nullable): the oci-runtimetest program
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_runtimetest (OciRuntimeSuite *self, const char *path)
{
  g_free (self->runtimetest);
  self->runtimetest = g_strdup (path);
}

/**
 * oci_runtime_suite_set_busybox:
 * @self: a suite
 * @path: (nullable): the busybox binary (default /bin/busybox, from busybox-static)
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_busybox (OciRuntimeSuite *self, const char *path)
{
  g_free (self->busybox);
  self->busybox = g_strdup (path);
}

/**
 * oci_runtime_suite_set_plugin_files:
 * @self: a suite
 * @paths: (nullable) (array zero-terminated=1): plugin modules for
 *   oci-runtimetest; %NULL: the files of the registry's active plugins
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_plugin_files (OciRuntimeSuite *self, const char *const *paths)
{
  g_strfreev (self->plugin_files);
  self->plugin_files = paths ? g_strdupv ((char **) paths) : NULL;
}

/**
 * oci_runtime_suite_set_case_done:
 * @self: a suite
 * @func: (nullable): called as each case finishes
 * @user_data: for @func
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_set_case_done (OciRuntimeSuite *self, OciRuntimeCaseDoneFunc func, gpointer user_data)
{
  self->done = func;
  self->done_data = user_data;
}

static gboolean
glob_selects (char **globs, const char *id)
{
  for (char **g = globs; g && *g; g++)
    {
      gsize n = strlen (*g);
      if (g_pattern_match_simple (*g, id))
        return TRUE;
      if (strpbrk (*g, "*?") == NULL && strncmp (*g, id, n) == 0 && id[n] == '.')
        return TRUE;
    }
  return FALSE;
}

/* Whether @globs (--only, --skip) name a requirement row @c tests. Only
 * a glob of runtime row ids ("base.runtime.state.*", with the "runtime"
 * segment) names rows: "linux.*" keeps meaning the linux plugin's cases,
 * not every case whose inside checkers post a linux row. */
static gboolean
tests_requirement (OciRuntimeSuite *self, char **globs, const OciRuntimeCase *c)
{
  g_autoptr(GPtrArray) ids = NULL;

  for (char **g = globs; *g; g++)
    {
      if (!oci_requirement_id_is_runtime (*g))
        continue;
      if (ids == NULL)
        ids = oci_registry_get_case_requirements (self->registry, c);
      for (guint i = 0; i < ids->len; i++)
        if (g_pattern_match_simple (*g, ids->pdata[i]))
          return TRUE;
    }
  return FALSE;
}

/**
 * oci_runtime_suite_list_cases:
 * @self: a suite
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 *
 * Returns: (transfer container) (element-type OciRuntimeCase): the cases
 *   the filters select, in registration order
 */
GPtrArray *
oci_runtime_suite_list_cases (OciRuntimeSuite *self)
{
  GPtrArray *all = oci_registry_get_runtime_cases (self->registry);
  GPtrArray *cases = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      const OciRuntimeCase *c = all->pdata[i];
      if (self->only && !glob_selects (self->only, c->id) && !tests_requirement (self, self->only, c))
        continue;
      if (self->skip && (glob_selects (self->skip, c->id) || tests_requirement (self, self->skip, c)))
        continue;
      g_ptr_array_add (cases, (gpointer) c);
    }
  return cases;
}

/* ---- signals ----------------------------------------------------------- */

static void
on_signal (int signum)
{
  caught_signal = signum;
  /* Lock-free: safe in a handler. Cases stop at their next step. */
  if (active_cancel)
    g_atomic_int_set (active_cancel, 1);
}

/**
 * oci_runtime_suite_install_signal_handlers:
 * @self: a suite
 *
 * Makes SIGINT, SIGTERM and SIGHUP cancel a running suite: clean-up runs,
 * oci_runtime_suite_run() returns %G_IO_ERROR_CANCELLED, and the caller
 * ends its report and calls oci_runtime_suite_raise_signal().
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_install_signal_handlers (OciRuntimeSuite *self)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction sa = { 0 };

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &sa, NULL);
  /* A reader that goes away (| head) must not kill us before the clean-up:
   * writes fail with EPIPE instead. */
  signal (SIGPIPE, SIG_IGN);
}

/**
 * oci_runtime_suite_raise_signal:
 * @self: a suite
 *
 * After an interrupted run: raises the signal that interrupted it again,
 * with its default action (the program ends as the signal says). Does
 * nothing when no signal was caught.
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 */
void
oci_runtime_suite_raise_signal (OciRuntimeSuite *self)
{
  struct sigaction sa = { 0 };
  int signum = caught_signal;

  if (signum == 0)
    return;
  sa.sa_handler = SIG_DFL;
  sigemptyset (&sa.sa_mask);
  sigaction (signum, &sa, NULL);
  fflush (NULL);
  raise (signum);
}

/* ---- the runtime ------------------------------------------------------- */

/**
 * oci_runtime_suite_check_runtime:
 * @self: a suite
 * @error: an %OCI_RUNTIME_ERROR_SPAWN naming the runtime and the reason
 *
 * Checks once, before a run, that the runtime can be run at all: a file
 * that exists, is executable, and starts (`RUNTIME --version` is run; its
 * exit status does not matter, a failure to execute it does).
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 *
 * Returns: %TRUE if the runtime can be run
 */
gboolean
oci_runtime_suite_check_runtime (OciRuntimeSuite *self, GError **error)
{
  static const char *const args[] = { "--version", NULL };
  g_autoptr(OciRuntime) rt = NULL;
  g_autoptr(GError) local = NULL;

  if (!oci_runtime_check_executable (self->runtime_path, error))
    return FALSE;
  rt = oci_runtime_new (self->runtime_path, NULL);
  oci_runtime_set_timeout (rt, self->timeout_s * 1000);
  oci_runtime_set_global_args (rt, (const char *const *) self->runtime_args);
  if (!oci_runtime_run (rt, args, NULL, NULL, &local)
      && g_error_matches (local, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN, "%s", local->message), FALSE;
  return TRUE;
}

/* ---- shared setup ------------------------------------------------------ */

/* oci-runtimetest beside the running program, else in $PATH. */
static char *
find_runtimetest (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe ? g_path_get_dirname (exe) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, "oci-runtimetest", NULL) : NULL;

  if (beside && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&beside);
  return g_find_program_in_path ("oci-runtimetest");
}

static GStrv
active_plugin_files (OciRegistry *registry)
{
  GPtrArray *plugins = oci_registry_get_plugins (registry);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < plugins->len; i++)
    if (oci_plugin_is_active (plugins->pdata[i]))
      g_strv_builder_add (b, oci_plugin_get_path (plugins->pdata[i]));
  return g_strv_builder_end (b);
}

static char *
own_cgroup (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &text, NULL, NULL))
    return g_strdup ("/");
  lines = g_strsplit (text, "\n", -1);
  /* The unified line "0::/path" on v2; else the first v1 line. */
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, "0::"))
      return g_strdup (*l + 3);
  for (char **l = lines; *l; l++)
    {
      const char *last = strrchr (*l, ':');
      if (last)
        return g_strdup (last + 1);
    }
  return g_strdup ("/");
}

static void
load_features (OciSuiteShared *sh, const char *work)
{
  g_autofree char *root = g_build_filename (work, "features-state", NULL);
  g_autoptr(OciRuntime) rt = oci_runtime_new (sh->runtime_path, root);
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = g_strconcat (sh->cgroup_prefix, "-features", NULL);

  oci_runtime_set_mount_namespace (rt, sh->mount_ns_fd);
  oci_runtime_set_global_args (rt, (const char *const *) sh->runtime_args);
  oci_runtime_set_tag (rt, tag);
  oci_runtime_set_timeout (rt, sh->timeout_ms);
  sh->features = oci_runtime_features (rt, &error);
  if (sh->features == NULL)
    sh->features_error = g_strdup (error->message);
  oci_rm_rf (root, NULL);
}

static void
shared_clear (OciSuiteShared *sh)
{
  g_clear_object (&sh->schema);
  g_free (sh->runtime_path);
  g_strfreev (sh->runtime_args);
  g_clear_error (&sh->runtime_error);
  g_clear_pointer (&sh->features, json_node_unref);
  g_free (sh->features_error);
  g_free (sh->template_dir);
  g_free (sh->release);
  g_free (sh->release_source);
  g_free (sh->os);
  g_free (sh->arch);
  g_free (sh->cgroup_prefix);
  g_free (sh->cgroup_self);
  g_free (sh->mountinfo);
}

/* The spec version a `--version` output claims: a line "spec: 1.0.2-dev"
 * (runc, crun, runsc) or "spec version 1.0.0". */
static char *
version_claim (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (char **l = lines; *l; l++)
    {
      const char *p = g_strstrip (*l);
      if (g_ascii_strncasecmp (p, "spec", 4) != 0)
        continue;
      p += 4;
      if (g_ascii_strncasecmp (p, " version", 8) == 0)
        p += 8;
      while (*p == ':' || *p == ' ' || *p == '\t')
        p++;
      if (g_ascii_isdigit (*p))
        return g_strndup (p, strcspn (p, " \t"));
    }
  return NULL;
}

/* What `RUNTIME --version` claims, or NULL. */
static char *
runtime_version_claim (const OciSuiteShared *sh)
{
  static const char *const args[] = { "--version", NULL };
  g_autoptr(OciRuntime) rt = oci_runtime_new (sh->runtime_path, NULL);

  oci_runtime_set_timeout (rt, sh->timeout_ms);
  oci_runtime_set_mount_namespace (rt, sh->mount_ns_fd);
  oci_runtime_set_global_args (rt, (const char *const *) sh->runtime_args);
  if (!oci_runtime_run (rt, args, NULL, NULL, NULL))
    return NULL;
  return version_claim (oci_runtime_get_last_call (rt)->out);
}

/* The release of the generated configs: --spec-version, else what the
 * runtime claims (the ociVersionMax of its features, else the spec line
 * of its --version), else the newest release it accepts, but only when it
 * refuses an invalid ociVersion (else acceptance proves nothing). */
static void
choose_release (OciRuntimeSuite *self, OciSuiteShared *sh, const char *work)
{
  const char *max = sh->features ? oci_json_object_get_string (json_node_get_object (sh->features), "ociVersionMax")
                                 : NULL;
  const char *release = NULL;
  g_autofree char *probe_dir = NULL;
  g_autofree char *probed = NULL;
  g_autofree char *claim = NULL;
  gboolean lax = FALSE;

  if (self->release)
    {
      sh->release_source = g_strdup ("--spec-version");
      return;
    }
  if (max && oci_spec_match_release (max, &release) != OCI_RELEASE_INVALID)
    {
      g_free (sh->release);
      sh->release = g_strdup (release);
      sh->release_source = g_strdup_printf ("the ociVersionMax %s of the runtime's features", max);
      return;
    }
  claim = runtime_version_claim (sh);
  if (claim && oci_spec_match_release (claim, &release) != OCI_RELEASE_INVALID)
    {
      g_free (sh->release);
      sh->release = g_strdup (release);
      sh->release_source = g_strdup_printf ("the spec version %s the runtime's --version claims", claim);
      return;
    }
  probe_dir = g_build_filename (work, "probe", NULL);
  probed = oci_runtime_probe_release (sh, probe_dir, &lax);
  oci_rm_rf (probe_dir, NULL);
  if (lax)
    {
      sh->release_source = g_strdup ("the newest known release: the runtime claims no version and accepts even "
                                     "ociVersion \"invalid\", so what it accepts proves nothing");
      return;
    }
  if (probed)
    {
      g_free (sh->release);
      sh->release = g_steal_pointer (&probed);
      sh->release_source = g_strdup ("the newest release whose default config the runtime accepts");
    }
  else
    sh->release_source = g_strdup ("the newest known release (the runtime accepted no default config)");
}

static gboolean
shared_init (OciRuntimeSuite *self, OciSuiteShared *sh, const char *work, GError **error)
{
  g_autofree char *runtimetest = self->runtimetest ? g_strdup (self->runtimetest) : find_runtimetest ();
  g_auto(GStrv) plugins = self->plugin_files ? g_strdupv (self->plugin_files) : active_plugin_files (self->registry);
  g_autofree char *found = strchr (self->runtime_path, '/') ? NULL : g_find_program_in_path (self->runtime_path);
  OciRootfsSpec spec = { self->busybox ? self->busybox : (char *) DEFAULT_BUSYBOX, runtimetest, plugins };

  sh->registry = self->registry;
  sh->schema = oci_schema_new ();
  sh->runtime_path = found ? g_steal_pointer (&found) : g_strdup (self->runtime_path);
  sh->runtime_args = g_strdupv (self->runtime_args);
  sh->release = g_strdup (self->release ? self->release : oci_spec_get_newest_release ());
  sh->os = g_strdup (oci_host_os ());
  sh->arch = g_strdup (oci_host_arch ());
  sh->host = oci_host_get_features ();
  sh->compliance = self->compliance;
  sh->timeout_ms = self->timeout_s * 1000;
  sh->keep = self->keep;
  sh->cgroup_prefix = g_strdup_printf ("ort-%d", (int) getpid ());
  sh->cgroup_self = own_cgroup ();
  sh->cancel = &self->cancel;
  sh->have_runtimetest = runtimetest != NULL && g_file_test (runtimetest, G_FILE_TEST_IS_EXECUTABLE);
  if (!sh->have_runtimetest)
    spec.runtimetest = NULL;

  if (!oci_runtime_check_executable (sh->runtime_path, &sh->runtime_error))
    return TRUE; /* every case reports it */
  load_features (sh, work);
  sh->template_dir = g_build_filename (work, "rootfs-template", NULL);
  if (!g_file_test (spec.busybox, G_FILE_TEST_IS_EXECUTABLE))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                        "%s: no busybox to build the root filesystem from (install busybox-static or use --busybox)",
                        spec.busybox), FALSE;
  if (!oci_rootfs_build_template (&spec, sh->template_dir, error))
    return FALSE;
  choose_release (self, sh, work);
  return TRUE;
}

/* ---- the run ----------------------------------------------------------- */

typedef struct
{
  OciRuntimeSuite *suite;
  OciSuiteShared *shared;
  GPtrArray *cases;
  char *work;
  GAsyncQueue *finished; /* OciRuntimeCaseResult *, or a not-run marker */
  GPtrArray *swept;      /* what the final sweep found left behind */
} Run;

typedef struct
{
  guint index;
  OciRuntimeCaseResult *result; /* NULL: not run (cancelled) */
} Finished;

static char *
case_dir_name (const Run *run, guint index, const char *id)
{
  g_autofree char *name = g_strdup_printf ("%03u-%s", index, id);

  return g_build_filename (run->work, "cases", name, NULL);
}

static void
worker (gpointer data, gpointer user_data)
{
  Run *run = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  const OciRuntimeCase *c = run->cases->pdata[index];
  Finished *f = g_new0 (Finished, 1);

  f->index = index;
  if (!g_atomic_int_get (&run->suite->cancel))
    {
      g_autofree char *dir = case_dir_name (run, index, c->id);
      f->result = oci_runtime_case_run (run->shared, c, index, dir);
    }
  g_async_queue_push (run->finished, f);
}

/* Top-level cgroups named with the run's prefix ("ort-PID-…"), in every
 * hierarchy: a case's own, and those its checks made beside it. */
static void
sweep_cgroups (const OciSuiteShared *sh, GPtrArray *swept)
{
  g_auto(GStrv) mounts = oci_host_cgroup_mounts ();
  g_autofree char *prefix = g_strconcat (sh->cgroup_prefix, "-", NULL);

  for (char **m = mounts; *m; m++)
    {
      g_autoptr(GDir) d = g_dir_open (*m, 0, NULL);
      const char *name;
      g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);

      while (d && (name = g_dir_read_name (d)))
        if (g_str_has_prefix (name, prefix))
          g_ptr_array_add (ours, g_strconcat ("/", name, NULL));
      for (guint i = 0; i < ours->len; i++)
        {
          g_ptr_array_add (swept, g_strdup_printf ("cgroup folder %s%s was left behind (removed)", *m,
                                                   (char *) ours->pdata[i]));
          oci_runtime_remove_cgroup (sh, ours->pdata[i], swept);
        }
    }
}

/* Whatever a case could not clean (a worker killed mid-way): containers
 * still in a state root, and cgroups named with the run's prefix. */
static void
sweep (Run *run)
{
  g_autofree char *cases_dir = g_build_filename (run->work, "cases", NULL);
  g_autoptr(GDir) d = g_dir_open (cases_dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *state = g_build_filename (cases_dir, name, "state", NULL);
      g_autoptr(GDir) s = g_dir_open (state, 0, NULL);
      const char *id;

      while (s && (id = g_dir_read_name (s)))
        {
          g_autoptr(OciRuntime) rt = oci_runtime_new (run->shared->runtime_path, state);
          oci_runtime_set_mount_namespace (rt, run->shared->mount_ns_fd);
          oci_runtime_set_global_args (rt, (const char *const *) run->shared->runtime_args);
          oci_runtime_set_tag (rt, id);
          oci_runtime_set_timeout (rt, g_atomic_int_get (&run->suite->cancel)
                                         ? MIN (run->shared->timeout_ms, CANCEL_TIMEOUT_MS)
                                         : run->shared->timeout_ms);
          oci_runtime_cleanup (rt, id);
        }
    }
  sweep_cgroups (run->shared, run->swept);
}

/* The host check is one more test point after the cases. */
static const OciRuntimeCase host_case = {
  "host.unchanged",
  "the run left the host as it found it: device nodes, mounts, cgroups, interfaces, names, sysctls, processes",
};

static void
deliver (Run *run, Finished *f, guint *done)
{
  if (f->result)
    {
      (*done)++;
      if (run->suite->done)
        run->suite->done (f->result, *done, run->cases->len + 1, run->suite->done_data);
      oci_runtime_case_result_free (f->result);
    }
  g_free (f);
}

static guint
wait_all (Run *run)
{
  guint received = 0, done = 0;
  gboolean killed = FALSE;

  while (received < run->cases->len)
    {
      Finished *f = g_async_queue_timeout_pop (run->finished, 50 * 1000);

      oci_runtime_reap_orphans ();
      if (caught_signal && !killed)
        {
          g_atomic_int_set (&run->suite->cancel, 1);
          oci_runtime_kill_running_calls ();
          killed = TRUE;
        }
      if (f == NULL)
        continue;
      received++;
      deliver (run, f, &done);
    }
  return done;
}

static void
add_host_error (OciRuntimeCaseResult *result, const char *message)
{
  OciResult *r = oci_result_new ();

  r->status = OCI_STATUS_ERROR;
  r->level = OCI_LEVEL_MUST;
  r->subject = g_strdup (host_case.id);
  r->checker_id = g_strdup (host_case.id);
  r->message = g_strdup (message);
  g_ptr_array_add (result->results, r);
  if (result->status != OCI_STATUS_ERROR)
    {
      result->status = OCI_STATUS_ERROR;
      result->reason = g_strdup_printf ("error: %s", message);
    }
}

/* Compares the host with @before, kills what the run left running, and
 * reports both as the last test point. */
static void
check_host (Run *run, const OciDevNamespace *dev_ns, const OciHostState *before, const GError *ns_error,
            guint *done)
{
  g_autofree char *tag_prefix = g_strconcat (run->shared->cgroup_prefix, "-", NULL);
  const char *marks[] = { tag_prefix, run->work, NULL };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(OciHostState) after = NULL;
  Finished *f = g_new0 (Finished, 1);
  gint64 start = g_get_monotonic_time ();

  oci_procs_kill_tagged (tag_prefix, TRUE, procs);
  oci_runtime_reap_orphans ();
  after = oci_host_state_snapshot (dev_ns);
  oci_host_state_compare (before, after, marks, errors, notes);
  f->result = oci_runtime_case_result_new (&host_case);
  for (guint i = 0; i < procs->len; i++)
    {
      g_autofree char *m = g_strdup_printf ("a process the runtime calls started was still running at the end "
                                            "(killed): %s", (char *) procs->pdata[i]);
      add_host_error (f->result, m);
    }
  for (guint i = 0; i < run->swept->len; i++)
    add_host_error (f->result, run->swept->pdata[i]);
  for (guint i = 0; i < errors->len; i++)
    add_host_error (f->result, errors->pdata[i]);
  for (guint i = 0; i < notes->len; i++)
    g_ptr_array_add (f->result->notes, g_strdup_printf ("not ours, it seems (another program?): %s",
                                                        (char *) notes->pdata[i]));
  if (ns_error)
    g_ptr_array_add (f->result->notes, g_strdup_printf ("the runtime calls ran in the host's mount namespace: %s",
                                                        ns_error->message));
  f->result->seconds = (g_get_monotonic_time () - start) / 1e6;
  deliver (run, f, done);
}

/**
 * oci_runtime_suite_run:
 * @self: a suite
 * @error: set when the suite could not start (no busybox, no work
 *   directory, a root filesystem that cannot be built) or was interrupted
 *   (%G_IO_ERROR_CANCELLED)
 *
 * Runs the selected cases, calling the case-done function for each. A
 * runtime that cannot be run at all is not an error here: every case
 * reports it (oci_runtime_suite_check_runtime() finds it first). When a
 * signal interrupted the run, the clean-up has run when this returns;
 * oci_runtime_suite_raise_signal() then ends the program as the signal
 * would have.
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 *
 * Returns: %TRUE when every selected case ran
 */
gboolean
oci_runtime_suite_run (OciRuntimeSuite *self, GError **error)
{
  g_autofree char *work = NULL;
  g_autofree char *template = g_build_filename (self->work_parent ? self->work_parent : g_get_tmp_dir (),
                                                "ort-rt-XXXXXX", NULL);
  g_autoptr(GPtrArray) cases = oci_runtime_suite_list_cases (self);
  OciSuiteShared shared = { 0 };
  g_autoptr(GPtrArray) swept = g_ptr_array_new_with_free_func (g_free);
  Run run = { self, &shared, cases, NULL, NULL, swept };
  g_autoptr(OciDevNamespace) dev_ns = NULL;
  g_autoptr(OciHostState) before = NULL;
  g_autoptr(GError) ns_error = NULL;
  GThreadPool *pool;
  gboolean ok = TRUE;
  guint done;

  g_atomic_int_set (&self->cancel, caught_signal ? 1 : 0);
  active_cancel = &self->cancel;
  if (self->work_parent)
    g_mkdir_with_parents (self->work_parent, 0755);
  work = g_mkdtemp (g_steal_pointer (&template));
  if (work == NULL)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "cannot create a work directory: %s",
                        g_strerror (errno)), FALSE;
  run.work = work;
  /* Root: the runtime calls get a /dev of their own (oci-runtime-devns.c). */
  if (geteuid () == 0)
    dev_ns = oci_dev_namespace_new (&ns_error);
  shared.mount_ns_fd = oci_dev_namespace_get_fd (dev_ns);
  shared.mountinfo = dev_ns ? oci_dev_namespace_get_mountinfo (dev_ns) : NULL;
  before = oci_host_state_snapshot (dev_ns);
  /* Container processes re-parented to us are reaped by wait_all(). */
  prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (!shared_init (self, &shared, work, error))
    {
      active_cancel = NULL;
      shared_clear (&shared);
      if (!self->keep)
        oci_rm_rf (work, NULL);
      return FALSE;
    }
  run.finished = g_async_queue_new ();
  pool = g_thread_pool_new (worker, &run, (int) MIN (self->jobs, MAX (cases->len, 1)), FALSE, NULL);
  for (guint i = 0; i < cases->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  done = wait_all (&run);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (run.finished);
  if (shared.runtime_error == NULL)
    sweep (&run);
  oci_runtime_reap_orphans ();
  if (!g_atomic_int_get (&self->cancel))
    check_host (&run, dev_ns, before, ns_error, &done);
  if (!self->keep)
    oci_rm_rf (work, NULL);
  else if (self->done)
    g_printerr ("runtime-validate: bundles kept in %s\n", work);
  g_free (self->used_release);
  g_free (self->used_release_source);
  self->used_release = g_strdup (shared.release);
  self->used_release_source = g_strdup (shared.release_source);
  shared_clear (&shared);
  active_cancel = NULL;
  if (caught_signal)
    {
      int signum = caught_signal;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "interrupted by signal %d (%s)", signum,
                   g_strsignal (signum));
      ok = FALSE;
    }
  return ok;
}

/**
 * oci_runtime_suite_get_release:
 * @self: a suite
 * @source: (out) (optional) (transfer none): how it was chosen
 *
 * Thread safety: call it from the thread that owns the suite
 * (oci_runtime_suite_run() starts the case threads itself), never from
 * case or checker threads.
 *
 * Returns: (nullable): the runtime-spec release the last run generated
 *   its configs for
 */
const char *
oci_runtime_suite_get_release (OciRuntimeSuite *self, const char **source)
{
  if (source)
    *source = self->used_release_source;
  return self->used_release;
}
