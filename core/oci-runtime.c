/* oci-runtime.c — drives one OCI runtime binary through its command line
 *
 * Every call runs in a process group of its own, with stdin from an empty
 * memfd (not /dev/null, see oci_runtime_run()) and stdout/stderr in files (never pipes: a container inherits
 * the stdio of `create`, and a pipe would not see its end until the
 * container exits), and a tag in its environment (oci-runtime-procs.c).
 * The call is awaited through a pidfd with the timeout; when it expires
 * its whole tree is killed (group, descendants, tagged processes). When a
 * call other than `create` or `start` ends, whatever it left running is
 * killed and recorded. Captured output in memory is a sealed memfd of
 * OCI_RUNTIME_MAX_CAPTURE bytes: writes past it fail.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* memfd_create, setns */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci-runtime-private.h"

/* What is read back of one output stream: enough for any state or error
 * message, bounded against a runtime that prints garbage without end. */
#define MAX_CAPTURE OCI_RUNTIME_MAX_CAPTURE

G_DEFINE_QUARK (oci-runtime-error-quark, oci_runtime_error)

struct _OciRuntime
{
  GObject parent_instance;

  char *path;
  char *name;
  char *state_root;
  guint timeout_ms;
  char *tag;        /* OWNER of the OWNER/SERIAL tags of its calls */
  int mount_ns_fd;  /* a mount namespace its calls join, or -1 */
  GStrv global_args; /* given before the command, after --root */
  guint serial;
  GPtrArray *calls; /* OciRuntimeCall *, oldest first */
};

G_DEFINE_FINAL_TYPE (OciRuntime, oci_runtime, G_TYPE_OBJECT)

/* ---- process bookkeeping shared with the orphan reaper ------------------ */

/* Pids we spawned and still await: the reaper must leave them alone. A
 * spawn holds the lock from fork until the pid is recorded, so the reaper
 * never sees one of ours unrecorded. */
static GMutex children_lock;
static GHashTable *children;

static void
children_add (GPid pid)
{
  if (children == NULL)
    children = g_hash_table_new (NULL, NULL);
  g_hash_table_add (children, GINT_TO_POINTER (pid));
}

static void
children_remove (GPid pid)
{
  g_mutex_lock (&children_lock);
  g_hash_table_remove (children, GINT_TO_POINTER (pid));
  g_mutex_unlock (&children_lock);
}

/**
 * oci_runtime_kill_running_calls:
 *
 * Kills the process group of every runtime call in flight (when the
 * suite is interrupted): the calls end at once with a signal, and the
 * cases go on to their clean-up, whose calls are new ones.
 */
void
oci_runtime_kill_running_calls (void)
{
  GHashTableIter it;
  gpointer key;

  g_mutex_lock (&children_lock);
  if (children)
    {
      g_hash_table_iter_init (&it, children);
      while (g_hash_table_iter_next (&it, &key, NULL))
        kill (-GPOINTER_TO_INT (key), SIGKILL);
    }
  g_mutex_unlock (&children_lock);
}

/**
 * oci_runtime_reap_orphans:
 *
 * Reaps exited children that no runtime call awaits: container processes
 * re-parented to this process when it is a child subreaper.
 *
 * Returns: how many were reaped
 */
guint
oci_runtime_reap_orphans (void)
{
  guint reaped = 0;

  for (;;)
    {
      siginfo_t info = { 0 };
      gboolean ours;

      g_mutex_lock (&children_lock);
      if (waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
        {
          g_mutex_unlock (&children_lock);
          return reaped;
        }
      ours = children && g_hash_table_contains (children, GINT_TO_POINTER (info.si_pid));
      if (!ours)
        {
          waitpid (info.si_pid, NULL, WNOHANG);
          reaped++;
        }
      g_mutex_unlock (&children_lock);
      if (ours)
        return reaped; /* its caller reaps it; the rest waits for the next round */
    }
}

/* ---- OciRuntimeCall ---------------------------------------------------- */

/**
 * oci_runtime_call_copy:
 * @call: a call
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): a deep copy
 */
OciRuntimeCall *
oci_runtime_call_copy (const OciRuntimeCall *call)
{
  OciRuntimeCall *copy = g_new0 (OciRuntimeCall, 1);

  *copy = *call;
  copy->argv = g_strdupv (call->argv);
  copy->out = g_strdup (call->out);
  copy->err = g_strdup (call->err);
  copy->leftovers = g_strdupv (call->leftovers);
  return copy;
}

/**
 * oci_runtime_call_free:
 * @call: (nullable): a call
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_runtime_call_free (OciRuntimeCall *call)
{
  if (call == NULL)
    return;
  g_strfreev (call->argv);
  g_free (call->out);
  g_free (call->err);
  g_strfreev (call->leftovers);
  g_free (call);
}

/**
 * oci_runtime_call_describe:
 * @call: a call
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): "runc --root R state ID: exit status 1" and
 *   the like, for diagnostics
 */
char *
oci_runtime_call_describe (const OciRuntimeCall *call)
{
  g_autofree char *cmd = g_strjoinv (" ", call->argv);

  if (call->timed_out)
    return g_strdup_printf ("%s: no answer within the timeout (killed after %.1f s)", cmd, call->seconds);
  if (call->term_signal)
    return g_strdup_printf ("%s: killed by signal %d (%s)", cmd, call->term_signal,
                            g_strsignal (call->term_signal));
  return g_strdup_printf ("%s: exit status %d", cmd, call->exit_status);
}

/* ---- the object -------------------------------------------------------- */

static void
oci_runtime_finalize (GObject *object)
{
  OciRuntime *self = OCI_RUNTIME (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->state_root);
  g_free (self->tag);
  g_strfreev (self->global_args);
  g_ptr_array_unref (self->calls);
  G_OBJECT_CLASS (oci_runtime_parent_class)->finalize (object);
}

static void
oci_runtime_class_init (OciRuntimeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_runtime_finalize;
}

static void
oci_runtime_init (OciRuntime *self)
{
  self->timeout_ms = OCI_RUNTIME_DEFAULT_TIMEOUT_MS;
  self->tag = g_strdup_printf ("ort-%d-rt", (int) getpid ());
  self->mount_ns_fd = -1;
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_runtime_call_free);
}

/**
 * oci_runtime_new:
 * @path: the runtime binary; a name without '/' is looked up in $PATH
 * @state_root: (nullable): passed as `--root`; %NULL for the runtime's default
 *
 * Nothing runs yet; a missing binary shows on the first call.
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (transfer full): a driver
 */
OciRuntime *
oci_runtime_new (const char *path, const char *state_root)
{
  OciRuntime *self = g_object_new (OCI_TYPE_RUNTIME, NULL);
  g_autofree char *found = strchr (path, '/') ? NULL : g_find_program_in_path (path);

  self->path = found ? g_steal_pointer (&found) : g_strdup (path);
  self->name = g_path_get_basename (self->path);
  self->state_root = g_strdup (state_root);
  return self;
}

/**
 * oci_runtime_get_path:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: the runtime binary
 */
const char *
oci_runtime_get_path (OciRuntime *self)
{
  return self->path;
}

/**
 * oci_runtime_get_name:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: the binary's base name ("runc")
 */
const char *
oci_runtime_get_name (OciRuntime *self)
{
  return self->name;
}

/**
 * oci_runtime_get_state_root:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (nullable): the `--root` directory
 */
const char *
oci_runtime_get_state_root (OciRuntime *self)
{
  return self->state_root;
}

/**
 * oci_runtime_set_timeout:
 * @self: a driver
 * @milliseconds: how long one call may take (0: the default)
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 */
void
oci_runtime_set_timeout (OciRuntime *self, guint milliseconds)
{
  self->timeout_ms = milliseconds ? milliseconds : OCI_RUNTIME_DEFAULT_TIMEOUT_MS;
}

/**
 * oci_runtime_get_timeout:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: the timeout of one call, in milliseconds
 */
guint
oci_runtime_get_timeout (OciRuntime *self)
{
  return self->timeout_ms;
}

/**
 * oci_runtime_set_tag:
 * @self: a driver
 * @tag: the owner part of the tags of its calls (default "ort-PID-rt")
 *
 * Each call runs with `ORT_RUNTIME_CALL=TAG/N` in its environment; what
 * it starts inherits it, so the processes a call or a set of calls left
 * behind can be found and killed (the suite tags each case's calls with
 * the case's container id).
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 */
void
oci_runtime_set_tag (OciRuntime *self, const char *tag)
{
  g_free (self->tag);
  self->tag = g_strdup (tag);
}

/**
 * oci_runtime_get_tag:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: the owner part of the tags of its calls
 */
const char *
oci_runtime_get_tag (OciRuntime *self)
{
  return self->tag;
}

/* The suite's: every call joins the mount namespace @ns_fd (not owned;
 * -1 for none) before the runtime runs (oci-runtime-devns.c). */
void
oci_runtime_set_mount_namespace (OciRuntime *self, int ns_fd)
{
  self->mount_ns_fd = ns_fd;
}

/**
 * oci_runtime_set_global_args:
 * @self: a driver
 * @args: (nullable) (array zero-terminated=1): options every call gives
 *   before the command, after `--root` ("--network=none" for runsc)
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 */
void
oci_runtime_set_global_args (OciRuntime *self, const char *const *args)
{
  g_strfreev (self->global_args);
  self->global_args = args ? g_strdupv ((char **) args) : NULL;
}

/**
 * oci_runtime_get_last_call:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (transfer none) (nullable): the last call made
 */
const OciRuntimeCall *
oci_runtime_get_last_call (OciRuntime *self)
{
  return self->calls->len ? self->calls->pdata[self->calls->len - 1] : NULL;
}

/**
 * oci_runtime_get_calls:
 * @self: a driver
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (transfer none) (element-type OciRuntimeCall): every call, oldest first
 */
GPtrArray *
oci_runtime_get_calls (OciRuntime *self)
{
  return self->calls;
}

/**
 * oci_runtime_check_executable:
 * @path: a runtime binary
 * @error: an %OCI_RUNTIME_ERROR_SPAWN naming @path and the reason
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE if @path is a regular file this process may execute
 */
gboolean
oci_runtime_check_executable (const char *path, GError **error)
{
  g_autofree char *found = strchr (path, '/') ? g_strdup (path) : g_find_program_in_path (path);

  if (found == NULL || !g_file_test (found, G_FILE_TEST_EXISTS))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN,
                        "%s: no such runtime binary", path), FALSE;
  if (!g_file_test (found, G_FILE_TEST_IS_REGULAR))
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN,
                        "%s: the runtime is not a regular file", found), FALSE;
  if (access (found, X_OK) != 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN,
                        "%s: the runtime is not executable: %s", found, g_strerror (errno)), FALSE;
  return TRUE;
}

/* ---- running one call -------------------------------------------------- */

static void
child_setup (gpointer data)
{
  int ns_fd = GPOINTER_TO_INT (data) - 1;
  sigset_t none;

  /* Our own group, so a timeout kills everything the call started; and
   * the signal mask of a suite thread must not leak into the runtime. */
  setpgid (0, 0);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (ns_fd >= 0 && setns (ns_fd, CLONE_NEWNS) != 0)
    {
      static const char msg[] = "oci-runtime-tool: cannot join the suite's mount namespace\n";
      (void) !write (STDERR_FILENO, msg, sizeof msg - 1);
      _exit (126);
    }
}

static int
open_output (const char *path, const char *what, GError **error)
{
  int fd;

  if (path)
    fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  else
    {
      /* A page past the bound, then sealed: a write beyond it fails, and
       * an offset past the bound says the call wrote more (writes stop at
       * page boundaries, so the slack is a whole page). */
      fd = memfd_create (what, MFD_CLOEXEC | MFD_ALLOW_SEALING);
      if (fd >= 0 && (ftruncate (fd, MAX_CAPTURE + 4096) != 0
                      || fcntl (fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0))
        {
          close (fd);
          fd = -1;
        }
    }
  if (fd < 0)
    g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: cannot open for the runtime's %s: %s",
                 path ? path : "memfd", what, g_strerror (errno));
  return fd;
}

/* Reads back what the call wrote, at most MAX_CAPTURE bytes (*capped
 * set when there was more); NUL bytes and invalid UTF-8 are made
 * printable, so diagnostics stay text. */
static char *
read_capture (int fd, const char *path, gboolean *capped)
{
  g_autofree char *buf = NULL;
  ssize_t n, total = 0, limit = MAX_CAPTURE;
  int rfd = path ? open (path, O_RDONLY | O_CLOEXEC) : fd;

  if (rfd < 0)
    return g_strdup ("");
  if (path == NULL)
    {
      /* The memfd: what was written ends at the shared offset. */
      off_t end = lseek (rfd, 0, SEEK_CUR);
      if (end > MAX_CAPTURE)
        *capped = TRUE;
      limit = MIN (MAX (end, 0), MAX_CAPTURE);
      lseek (rfd, 0, SEEK_SET);
    }
  else
    {
      struct stat st;
      if (fstat (rfd, &st) == 0 && st.st_size > MAX_CAPTURE)
        *capped = TRUE;
    }
  buf = g_malloc (limit + 1);
  while (total < limit && (n = read (rfd, buf + total, limit - total)) > 0)
    total += n;
  if (path)
    close (rfd);
  buf[total] = '\0';
  for (ssize_t i = 0; i < total; i++)
    if (buf[i] == '\0')
      buf[i] = ' ';
  return g_utf8_make_valid (buf, total);
}

static int
open_pidfd (GPid pid)
{
#ifdef SYS_pidfd_open
  return (int) syscall (SYS_pidfd_open, pid, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}

/* Waits for @pid at most @timeout_ms; returns FALSE on timeout. */
static gboolean
wait_child (GPid pid, guint timeout_ms, int *wstatus)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int pidfd = open_pidfd (pid);
  guint nap = 1;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      pid_t r = waitpid (pid, wstatus, WNOHANG);

      if (r == pid)
        break;
      if (r < 0 && errno != EINTR)
        {
          *wstatus = 0;
          break;
        }
      if (left <= 0)
        {
          if (pidfd >= 0)
            close (pidfd);
          return FALSE;
        }
      if (pidfd >= 0)
        {
          struct pollfd p = { pidfd, POLLIN, 0 };
          poll (&p, 1, (int) MIN (left / 1000 + 1, G_MAXINT));
        }
      else
        {
          /* No pidfd: poll with a growing nap, at most 20 ms. */
          g_usleep (MIN ((gint64) nap * 1000, left));
          nap = MIN (nap * 2, 20);
        }
    }
  if (pidfd >= 0)
    close (pidfd);
  return TRUE;
}

static GStrv
build_argv (OciRuntime *self, const char *const *args)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, self->path);
  if (self->state_root)
    {
      g_strv_builder_add (b, "--root");
      g_strv_builder_add (b, self->state_root);
    }
  if (self->global_args)
    g_strv_builder_addv (b, (const char **) self->global_args);
  g_strv_builder_addv (b, (const char **) args);
  return g_strv_builder_end (b);
}

static gboolean
call_error (OciRuntimeCall *call, GError **error)
{
  g_autofree char *what = oci_runtime_call_describe (call);
  g_autofree char *err = g_strstrip (g_strdup (call->err ? call->err : ""));

  if (call->timed_out)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_TIMEOUT, "%s", what), FALSE;
  if (call->capped)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_CAPTURE,
                        "%s: wrote more than %d MiB on stdout or stderr; the rest was refused and not read",
                        what, MAX_CAPTURE / (1024 * 1024)), FALSE;
  if (call->term_signal)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SIGNALED, "%s", what), FALSE;
  if (call->exit_status != 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_EXIT, "%s%s%s", what,
                        *err ? ": " : "", err), FALSE;
  return TRUE;
}

/**
 * oci_runtime_run:
 * @self: a driver
 * @args: (array zero-terminated=1): the arguments after `RUNTIME --root ROOT`
 * @stdout_path: (nullable): append stdout to this file (else captured in memory)
 * @stderr_path: (nullable): append stderr to this file (else captured in memory)
 * @error: %OCI_RUNTIME_ERROR_SPAWN, _TIMEOUT, _SIGNALED or _EXIT
 *
 * Runs one command and records it (oci_runtime_get_last_call()), also
 * when it fails.
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE if the runtime ran and exited with status 0
 */
/* May the processes a call started outlive it? Only those of `create`
 * (the container, a sandbox) and `start` (a runtime may start the
 * container process then). */
static gboolean
may_leave_processes (const char *const *args)
{
  return args[0] && (strcmp (args[0], "create") == 0 || strcmp (args[0], "start") == 0);
}

/* After the call: kills what it must not have left, records it. */
static void
sweep_call (OciRuntimeCall *call, const char *tag, gboolean everything)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (!everything)
    return;
  oci_procs_kill_tagged (tag, FALSE, found);
  if (found->len)
    {
      g_ptr_array_add (found, NULL);
      call->leftovers = (char **) g_ptr_array_steal (found, NULL);
    }
  oci_runtime_reap_orphans ();
}

gboolean
oci_runtime_run (OciRuntime *self, const char *const *args, const char *stdout_path,
                 const char *stderr_path, GError **error)
{
  OciRuntimeCall *call = g_new0 (OciRuntimeCall, 1);
  int in_fd = -1, out_fd = -1, err_fd = -1;
  gint64 start = g_get_monotonic_time ();
  GPid pid = 0;
  int wstatus = 0;
  gboolean spawned, capped = FALSE;
  g_autoptr(GError) local = NULL;
  g_autofree char *tag = g_strdup_printf ("%s/%u", self->tag, g_atomic_int_add (&self->serial, 1));
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), OCI_RUNTIME_TAG_ENV, tag, TRUE);

  oci_procs_become_subreaper ();
  call->argv = build_argv (self, args);
  call->exit_status = -1;
  g_ptr_array_add (self->calls, call);
  if ((out_fd = open_output (stdout_path, "stdout", error)) < 0
      || (err_fd = open_output (stderr_path, "stderr", error)) < 0)
    goto fail;
  /* Stdin is an empty memfd, never /dev/null: a runtime that chowns its
   * stdio to the container's root user (crun 1.8 with a user namespace)
   * would chown the host's /dev/null. */
  in_fd = memfd_create ("stdin", MFD_CLOEXEC);

  g_mutex_lock (&children_lock);
  spawned = g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) call->argv, (const char *const *) envp,
                                              G_SPAWN_DO_NOT_REAP_CHILD, child_setup,
                                              GINT_TO_POINTER (self->mount_ns_fd + 1),
                                              in_fd, out_fd, err_fd, NULL, NULL, 0, &pid,
                                              NULL, NULL, NULL, &local);
  if (spawned)
    children_add (pid);
  g_mutex_unlock (&children_lock);
  if (!spawned)
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SPAWN, "%s: cannot run the runtime: %s",
                   self->path, local->message);
      call->err = g_strdup (local->message);
      goto fail;
    }

  if (!wait_child (pid, self->timeout_ms, &wstatus))
    {
      call->timed_out = TRUE;
      oci_procs_kill_tree (pid);
      waitpid (pid, &wstatus, 0);
    }
  children_remove (pid);
  sweep_call (call, tag, call->timed_out || !may_leave_processes (args));
  call->seconds = (g_get_monotonic_time () - start) / 1e6;
  if (WIFEXITED (wstatus) && !call->timed_out)
    call->exit_status = WEXITSTATUS (wstatus);
  else if (WIFSIGNALED (wstatus) && !call->timed_out)
    call->term_signal = WTERMSIG (wstatus);
  call->out = read_capture (out_fd, stdout_path, &capped);
  call->err = read_capture (err_fd, stderr_path, &capped);
  call->capped = capped;
  close (in_fd);
  close (out_fd);
  close (err_fd);
  return call_error (call, error);

fail:
  call->seconds = (g_get_monotonic_time () - start) / 1e6;
  if (in_fd >= 0)
    close (in_fd);
  if (out_fd >= 0)
    close (out_fd);
  if (err_fd >= 0)
    close (err_fd);
  return FALSE;
}

/* An id argument: "" means none at all (to test that the runtime refuses). */
static void
add_id (GStrvBuilder *b, const char *id)
{
  if (id && *id)
    g_strv_builder_add (b, id);
}

static gboolean
run_builder (OciRuntime *self, GStrvBuilder *b, const char *out, const char *err, GError **error)
{
  g_auto(GStrv) args = g_strv_builder_end (b);

  return oci_runtime_run (self, (const char *const *) args, out, err, error);
}

/**
 * oci_runtime_create:
 * @self: a driver
 * @id: the container id ("" to give none)
 * @bundle: the bundle directory
 * @pid_file: (nullable): passed as `--pid-file`
 * @stdout_path: (nullable): the file the container's stdout goes to
 * @stderr_path: (nullable): the file the container's stderr goes to
 * @error: as for oci_runtime_run()
 *
 * `create --bundle BUNDLE [--pid-file FILE] ID`. Without a terminal the
 * container process inherits the stdio of this call, so its output lands
 * in @stdout_path and @stderr_path (and so does the runtime's own).
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE on success
 */
gboolean
oci_runtime_create (OciRuntime *self, const char *id, const char *bundle, const char *pid_file,
                    const char *stdout_path, const char *stderr_path, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add_many (b, "create", "--bundle", bundle, NULL);
  if (pid_file)
    g_strv_builder_add_many (b, "--pid-file", pid_file, NULL);
  add_id (b, id);
  return run_builder (self, b, stdout_path, stderr_path, error);
}

/**
 * oci_runtime_start:
 * @self: a driver
 * @id: the container id ("" to give none)
 * @error: as for oci_runtime_run()
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE on success
 */
gboolean
oci_runtime_start (OciRuntime *self, const char *id, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, "start");
  add_id (b, id);
  return run_builder (self, b, NULL, NULL, error);
}

static JsonNode *
parse_object (const OciRuntimeCall *call, const char *what, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *name = g_strdup_printf ("%s output", what);
  JsonNode *node = oci_json_load_data (call->out, strlen (call->out), name, &local);

  if (node == NULL)
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT,
                   "`%s` printed no valid JSON: %s", what, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_node_unref (node);
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_OUTPUT,
                   "`%s` printed JSON that is not an object", what);
      return NULL;
    }
  return node;
}

/**
 * oci_runtime_state:
 * @self: a driver
 * @id: the container id ("" to give none)
 * @error: as for oci_runtime_run(), or %OCI_RUNTIME_ERROR_OUTPUT when the
 *   output is no JSON object
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (transfer full) (nullable): the state document
 */
JsonNode *
oci_runtime_state (OciRuntime *self, const char *id, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, "state");
  add_id (b, id);
  if (!run_builder (self, b, NULL, NULL, error))
    return NULL;
  return parse_object (oci_runtime_get_last_call (self), "state", error);
}

/**
 * oci_runtime_kill:
 * @self: a driver
 * @id: the container id ("" to give none)
 * @signal: (nullable): a signal name or number; %NULL for "KILL"
 * @error: as for oci_runtime_run()
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE on success
 */
gboolean
oci_runtime_kill (OciRuntime *self, const char *id, const char *signal, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, "kill");
  add_id (b, id);
  g_strv_builder_add (b, signal ? signal : "KILL");
  return run_builder (self, b, NULL, NULL, error);
}

/**
 * oci_runtime_delete:
 * @self: a driver
 * @id: the container id ("" to give none)
 * @force: add `--force` (kill a running container first)
 * @error: as for oci_runtime_run()
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE on success
 */
gboolean
oci_runtime_delete (OciRuntime *self, const char *id, gboolean force, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, "delete");
  if (force)
    g_strv_builder_add (b, "--force");
  add_id (b, id);
  return run_builder (self, b, NULL, NULL, error);
}

/**
 * oci_runtime_features:
 * @self: a driver
 * @error: as for oci_runtime_state()
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: (transfer full) (nullable): the `features` document
 */
JsonNode *
oci_runtime_features (OciRuntime *self, GError **error)
{
  static const char *const args[] = { "features", NULL };

  if (!oci_runtime_run (self, args, NULL, NULL, error))
    return NULL;
  return parse_object (oci_runtime_get_last_call (self), "features", error);
}

static gboolean
status_matches (const char *status, const char *wanted)
{
  g_auto(GStrv) alternatives = g_strsplit (wanted, "|", -1);

  return status && g_strv_contains ((const char *const *) alternatives, status);
}

/**
 * oci_runtime_wait_status:
 * @self: a driver
 * @id: the container id
 * @status: the status to wait for ("stopped"; "created|stopped" for either)
 * @timeout_ms: how long to poll `state`
 * @error: %OCI_RUNTIME_ERROR_STATUS when the status was not reached in
 *   time, or the error of a failing `state`
 *
 * Polls `state` (first every 5 ms, then up to every 50 ms).
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 *
 * Returns: %TRUE once the container has @status
 */
gboolean
oci_runtime_wait_status (OciRuntime *self, const char *id, const char *status, guint timeout_ms,
                         GError **error)
{
  return oci_runtime_wait_status_pid (self, id, status, 0, timeout_ms, error);
}

/* Sleeps @nap_ms, or less when *pidfd becomes readable (the process
 * ended): then it is closed, as it would stay readable. */
static void
nap_or_exit (int *pidfd, guint nap_ms)
{
  struct pollfd p = { *pidfd, POLLIN, 0 };

  if (*pidfd < 0)
    {
      g_usleep (nap_ms * 1000);
      return;
    }
  if (poll (&p, 1, (int) nap_ms) != 0)
    {
      close (*pidfd);
      *pidfd = -1;
    }
}

/**
 * oci_runtime_wait_status_pid:
 * @self: a driver
 * @id: a container id
 * @status: the status to wait for ("a|b" for either)
 * @pid: the container's process as the pid file named it, 0 if unknown
 * @timeout_ms: how long to wait
 * @error: an %OCI_RUNTIME_ERROR_STATUS when the time is up
 *
 * oci_runtime_wait_status(), but between two `state` calls it also
 * watches @pid (a pidfd): when the process ends, `state` is asked at
 * once, so waiting for "stopped" costs two calls instead of a poll every
 * few milliseconds. Where @pid is not the container's process (gVisor's
 * sandbox) the naps of 50 ms bound the wait as before.
 *
 * Returns: %TRUE once the container has @status
 */
gboolean
oci_runtime_wait_status_pid (OciRuntime *self, const char *id, const char *status, gint64 pid, guint timeout_ms,
                             GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int pidfd = pid > 0 && pid <= G_MAXINT ? open_pidfd ((GPid) pid) : -1;
  guint nap_ms = pidfd >= 0 ? 50 : 5;
  g_autofree char *last = NULL;

  /* Waiting for the end of a process that still runs: let it end first
   * (one `state` call saved; 50 ms at most where @pid is no container). */
  if (pidfd >= 0 && g_strcmp0 (status, "stopped") == 0)
    nap_or_exit (&pidfd, nap_ms);
  for (;;)
    {
      g_autoptr(JsonNode) state = oci_runtime_state (self, id, error);
      const char *now;

      if (state == NULL)
        break;
      now = oci_json_object_get_string (json_node_get_object (state), "status");
      if (status_matches (now, status))
        {
          if (pidfd >= 0)
            close (pidfd);
          return TRUE;
        }
      g_free (last);
      last = g_strdup (now);
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_STATUS,
                       "container %s did not become %s within %u ms (status: %s)", id, status, timeout_ms,
                       last ? last : "none");
          break;
        }
      nap_or_exit (&pidfd, nap_ms);
      nap_ms = MIN (nap_ms * 2, 50);
    }
  if (pidfd >= 0)
    close (pidfd);
  return FALSE;
}

/**
 * oci_runtime_cleanup:
 * @self: a driver
 * @id: a container id
 *
 * Best effort, errors ignored: `kill ID KILL`, then `delete --force ID`.
 * Calls are recorded like any other.
 *
 * Thread safety: runtime-validate's API, not used by `validate` nor from
 * its checker threads; an #OciRuntime is used by one thread at a time (the
 * suite gives each running case its own).
 */
void
oci_runtime_cleanup (OciRuntime *self, const char *id)
{
  oci_runtime_kill (self, id, "KILL", NULL);
  oci_runtime_delete (self, id, TRUE, NULL);
}
