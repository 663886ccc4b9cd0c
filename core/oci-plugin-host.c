/* oci-plugin-host.c — third-party checkers run in a helper process
 *
 * As GStreamer scans plugins in gst-plugin-scanner, the checkers of
 * plugins that are not ours run where their faults cannot reach the tool:
 * a child process, forked from the tool the first time such a checker
 * runs. It is a fork, not a separate program: it needs no exec, no
 * dynamic linking and no second discovery of the plugins (it inherits the
 * registry as it is), so starting it costs a fraction of a millisecond,
 * and one host serves every bundle and checker of a run.
 *
 * The protocol, over a socket pair: each message is a 32-bit length then
 * a serialised GVariant of a fixed type, checked (type, size, normal form)
 * before anything in it is used. A request is an operation and its
 * arguments. "load" opens and initialises a plugin in the host before
 * the tool opens it itself: the host answers whether that worked, so a
 * constructor or an init that crashes, exits or hangs costs a warning.
 * "check" names one or more configs, each with its target and the ids of
 * the checkers to run. A config parsed before the host was forked (one
 * offered with oci_plugin_host_offer()) is named by its place in the list
 * the host inherited: the host reads the tool's parsed tree, copied on
 * write, and nothing is serialised or parsed again. Any other config is
 * sent as text. The host answers one message per config and checker, in
 * order: the results it posted, the requirements it checked, and its
 * error if it could not run. The tool re-posts the results through its
 * own context, so filters, locations, URLs and passes are exactly those
 * of an in-process checker.
 *
 * The tool does not wait where it need not: loads are asked as soon as
 * the config is parsed and answered while the tool opens its own plugins;
 * a check request is sent before the tool runs its own checkers and
 * collected after them; the host opens only the plugins that own the
 * checkers it is asked for; a request marked last makes the host _exit
 * after its answers, and the tool reaps it later (at the next fork, at
 * the end of the validator's entry point, oci_plugin_host_reap()) instead
 * of killing it and waiting for its exit.
 *
 * A host that dies (a signal, exit()), stays silent past the time limit of
 * the checker it runs, or sends what is not a message is killed; the
 * checker becomes one error result naming the plugin, the checker and what
 * happened, and a new host takes the checkers (and configs) after it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* sigabbrev_np */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci-error.h"
#include "oci-plugin-host-private.h"
#include "oci-plugin-private.h"
#include "oci-result-bus.h"

/* an operation ("load", "check") and its arguments */
#define REQUEST_TYPE G_VARIANT_TYPE ("(sv)")
/* load: the name of the plugin */
#define LOAD_TYPE G_VARIANT_TYPE_STRING
/* its answer: why it could not load, or nothing */
#define LOADED_TYPE G_VARIANT_TYPE ("(ms)")
/* apply: config text, os, arch, release, has a template, host-specific,
 * option name, value */
#define APPLY_TYPE G_VARIANT_TYPE ("(sssmsbbsms)")
/* its answer: the config's new text, the output pointer, or why not */
#define APPLIED_TYPE G_VARIANT_TYPE ("(msmsms)")
/* check: per config, its place in the host's inherited list (-1: sent
 * as text), its text, source name, bundle ("": none), subject (file
 * names: bytes, not always UTF-8), os, arch, release, host-specific,
 * wants passes, checker ids, the plugins that own them */
#define CHECK_ITEM "(isayayaysssbbasas)"
#define CHECK_ITEMS_TYPE G_VARIANT_TYPE ("a" CHECK_ITEM)
/* check: whether it is the host's last request (it then ends by itself
 * after its last answer, so that the tool need not wait for its exit),
 * and the configs */
#define CHECK_TYPE G_VARIANT_TYPE ("(ba" CHECK_ITEM ")")
/* results (status, requirement, pointer, expected, actual, message),
 * requirements checked, the error of a checker that could not run */
#define REPLY_TYPE G_VARIANT_TYPE ("(a(umsmsmsmsms)asms)")
/* No message is larger: 20,000 findings of a large config fit well. */
#define MAX_MESSAGE (64u << 20)

/* The tool's ends of every host's socket: a new host closes them, so
 * that a plugin writing to every socket it has reaches no other host. */
static GMutex ends_lock;
static GArray *tool_ends; /* int */
/* Parsed configs a host forked from now on inherits (under ends_lock). */
static GPtrArray *offered; /* OciConfig *, owned */
/* Hosts that end by themselves (or were killed) and are not reaped yet
 * (under ends_lock): reaped when the next host starts, and at the latest
 * by oci_plugin_host_reap(). */
static GArray *ending; /* pid_t */

struct _OciPluginHost
{
  OciRegistry *registry; /* not a reference: the registry owns the host */
  guint timeout_ms;
  GPid pid;              /* 0 when no host runs; -1: reaped, fd to close */
  int fd;
  GPtrArray *configs;    /* OciConfig *, owned: those offered when it forked */
  guint loads;           /* load requests not answered yet */
  gint64 since;          /* when the oldest unanswered request was sent, or
                          * the last answer came: its time limit counts
                          * from there */
  /* The check request in flight (oci_plugin_host_send_jobs()): the jobs
   * (the caller's), the checker answered next (job j, its checker k),
   * whether the host ends after it, whether the running host has it. */
  const OciPluginHostJob *jobs;
  guint n_jobs, j, k;
  gboolean last;
  gboolean sent;
};

typedef enum
{
  IO_OK,
  IO_EOF,
  IO_TIMEOUT,
  IO_MALFORMED,
} IoStatus;

/* ---- messages ------------------------------------------------------- */

static gboolean
write_all (int fd, const void *data, gsize len, gint64 deadline)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = send (fd, (const char *) data + done, len - done, MSG_NOSIGNAL);
      if (n > 0)
        {
          done += n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN && deadline > 0)
        {
          struct pollfd p = { fd, POLLOUT, 0 };
          gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
          if (left <= 0 || poll (&p, 1, (int) MIN (left, G_MAXINT)) <= 0)
            return FALSE;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

/* Reads @len bytes; @deadline 0 blocks (the host's side). */
static IoStatus
read_all (int fd, void *data, gsize len, gint64 deadline)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n;

      if (deadline > 0)
        {
          struct pollfd p = { fd, POLLIN, 0 };
          gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
          int r;
          if (left <= 0)
            return IO_TIMEOUT;
          r = poll (&p, 1, (int) MIN (left + 1, G_MAXINT));
          if (r < 0 && errno == EINTR)
            continue;
          if (r == 0)
            return IO_TIMEOUT;
        }
      n = read (fd, (char *) data + done, len - done);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        return IO_EOF;
      done += n;
    }
  return IO_OK;
}

static gboolean
send_message (int fd, GVariant *message, gint64 deadline)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (message);
  guint32 len = (guint32) g_variant_get_size (owned);

  return write_all (fd, &len, sizeof len, deadline)
         && write_all (fd, g_variant_get_data (owned), len, deadline);
}

/* A message of @type, or %NULL with *status saying why. */
static GVariant *
receive_message (int fd, const GVariantType *type, gint64 deadline, IoStatus *status)
{
  guint32 len = 0;
  g_autofree char *data = NULL;
  g_autoptr(GVariant) message = NULL;

  if ((*status = read_all (fd, &len, sizeof len, deadline)) != IO_OK)
    return NULL;
  if (len > MAX_MESSAGE)
    {
      *status = IO_MALFORMED;
      return NULL;
    }
  data = g_malloc (len ? len : 1);
  if ((*status = read_all (fd, data, len, deadline)) != IO_OK)
    return NULL;
  message = g_variant_ref_sink (g_variant_new_from_data (type, data, len, FALSE, g_free, data));
  g_steal_pointer (&data);
  if (!g_variant_is_normal_form (message))
    {
      *status = IO_MALFORMED;
      return NULL;
    }
  return g_steal_pointer (&message);
}

/* ---- the host process ----------------------------------------------- */

/* A string a GVariant can carry: a checker may echo a file name that is
 * not UTF-8. */
static GVariant *
maybe_text (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  return g_variant_new_maybe (NULL, g_variant_new_string (text));
}

static GVariant *
result_to_variant (const OciResult *r)
{
  return g_variant_new ("(u@ms@ms@ms@ms@ms)", (guint32) r->status, maybe_text (r->requirement_id),
                        maybe_text (r->pointer), maybe_text (r->expected), maybe_text (r->actual),
                        maybe_text (r->message));
}

static GVariant *
reply_for (OciCheckContext *ctx, const char *error_message)
{
  GVariantBuilder results, passes;
  GHashTableIter it;
  gpointer key;

  g_variant_builder_init (&results, G_VARIANT_TYPE ("a(umsmsmsmsms)"));
  g_variant_builder_init (&passes, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < ctx->held->len; i++)
    g_variant_builder_add_value (&results, result_to_variant (ctx->held->pdata[i]));
  if (ctx->checked)
    {
      g_hash_table_iter_init (&it, ctx->checked);
      while (g_hash_table_iter_next (&it, &key, NULL))
        if (g_utf8_validate (key, -1, NULL))
          g_variant_builder_add (&passes, "s", (const char *) key);
      g_hash_table_remove_all (ctx->checked);
      g_hash_table_remove_all (ctx->settled);
    }
  g_ptr_array_set_size (ctx->held, 0);
  return g_variant_new ("(@a(umsmsmsmsms)@as@ms)", g_variant_builder_end (&results),
                        g_variant_builder_end (&passes), maybe_text (error_message));
}

/* Runs one checker as run_checkers() would, in this process. */
static GVariant *
host_run_one (OciCheckContext *ctx, const char *id)
{
  const OciChecker *c = oci_registry_lookup_checker (ctx->registry, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (c == NULL)
    message = g_strdup_printf ("checker %s is not active in the plugin host", id);
  else
    {
      ctx->checker = c;
      ctx->checker_id = c->id;
      ctx->phase = c->phase;
      if (!c->check (ctx, &error))
        message = error ? g_strdup (error->message) : g_strdup_printf ("checker %s failed without saying why", id);
    }
  return reply_for (ctx, message);
}

/* An answer for each checker of a config the host could not read. */
static gboolean
send_unread (int fd, const char *const *ids, const char *why)
{
  for (const char *const *id = ids; *id; id++)
    if (!send_message (fd, g_variant_new ("(@a(umsmsmsmsms)@as@ms)",
                                          g_variant_new_array (G_VARIANT_TYPE ("(umsmsmsmsms)"), NULL, 0),
                                          g_variant_new_strv (NULL, 0), maybe_text (why)), 0))
      return FALSE;
  return TRUE;
}

/* The config of one item: the inherited one at @index, or @text parsed. */
static OciConfig *
item_config (GPtrArray *configs, gint32 index, const char *text, const char *source, GError **error)
{
  if (index < 0)
    return oci_config_new_from_data (text, -1, source, error);
  if (configs == NULL || (guint) index >= configs->len)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "config %d is not one the plugin host inherited", index), NULL;
  return g_object_ref (configs->pdata[index]);
}

/* Runs the checkers of one config, one answer each; FALSE when the tool
 * is gone. */
static gboolean
host_serve_one (OciRegistry *registry, OciResultBus *bus, GPtrArray *configs, int fd, GVariant *item)
{
  const char *text, *source, *bundle, *subject, *os, *arch, *release;
  gboolean host_specific, passes;
  gint32 index;
  g_autofree const char **ids = NULL;
  g_autofree const char **owners = NULL;
  g_autoptr(OciConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  OciCheckContext ctx;
  gboolean ok = TRUE;

  g_variant_get (item, "(i&s^&ay^&ay^&ay&s&s&sbb^a&s^a&s)", &index, &text, &source, &bundle, &subject, &os,
                 &arch, &release, &host_specific, &passes, &ids, &owners);
  if (*bundle == '\0')
    bundle = NULL;
  config = item_config (configs, index, text, source, &error);
  if (config == NULL)
    return send_unread (fd, ids, error->message);
  /* The plugins the tool activated since the fork, and only those that
   * own the checkers asked for: opening the others would cost this host
   * the time the tool waits for it. */
  for (const char **o = owners; *o; o++)
    g_free (oci_registry_host_activate (registry, *o));
  oci_check_context_init (&ctx, registry, bus, config, bundle, subject);
  ctx.os = os;
  ctx.arch = arch;
  ctx.release = release;
  ctx.host_specific = host_specific;
  ctx.held = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  if (passes && ctx.checked == NULL)
    {
      ctx.checked = g_hash_table_new (g_str_hash, g_str_equal);
      ctx.settled = g_hash_table_new (g_str_hash, g_str_equal);
    }
  for (const char **id = ids; ok && *id; id++)
    ok = send_message (fd, host_run_one (&ctx, *id), 0);
  oci_check_context_clear (&ctx);
  return ok;
}

static void
host_serve (OciRegistry *registry, OciResultBus *bus, GPtrArray *configs, int fd, GVariant *request)
{
  g_autoptr(GVariant) items = NULL;
  GVariantIter iter;
  GVariant *item;
  gboolean last;

  g_variant_get (request, "(b@a" CHECK_ITEM ")", &last, &items);
  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      gboolean ok = host_serve_one (registry, bus, configs, fd, item);
      g_variant_unref (item);
      if (!ok)
        _exit (0);
    }
  /* Its last answer is sent: the tool need not wait for this process to
   * end (its exit frees the whole copied address space). */
  if (last)
    _exit (0);
}

/* Applies one generate option (@defaults: the defaults function of the
 * plugin named instead) to the config it is sent with. */
static GVariant *
host_apply (OciRegistry *registry, GVariant *args, gboolean defaults)
{
  const char *text, *os, *arch, *release, *name, *value;
  gboolean has_template, host_specific;
  g_autoptr(OciConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  OciGenerateContext *gen;
  const OciOption *option = NULL;
  OciPlugin *plugin = NULL;
  gboolean ok;

  g_variant_get (args, "(&s&s&sm&sbb&sm&s)", &text, &os, &arch, &release, &has_template, &host_specific,
                 &name, &value);
  if (defaults)
    plugin = oci_registry_lookup_plugin (registry, name);
  else
    option = oci_registry_lookup_option (registry, name);
  if (option == NULL && (plugin == NULL || !plugin->active || plugin->defaults == NULL))
    return g_variant_new ("(msmsms)", NULL, NULL,
                          defaults ? "the plugin's defaults are not active in the plugin host"
                                   : "the option is not active in the plugin host");
  config = oci_config_new_from_data (text, -1, "config", &error);
  if (config == NULL)
    return g_variant_new ("(msms@ms)", NULL, NULL, maybe_text (error->message));
  gen = oci_generate_context_new (config, os, arch, release, has_template);
  oci_generate_context_set_host_specific (gen, host_specific);
  if (option)
    ok = oci_generate_context_apply (gen, option, value, &error);
  else if (!(ok = plugin->defaults (gen, &error)) && error == NULL)
    g_set_error (&error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT, "plugin %s: its defaults failed without saying why",
                 plugin->name);
  out = ok ? json_to_string (oci_config_get_root (config), FALSE) : NULL;
  {
    GVariant *reply = g_variant_new ("(msms@ms)", out, oci_generate_context_get_output_pointer (gen),
                                     maybe_text (ok ? NULL : error->message));
    oci_generate_context_free (gen);
    return reply;
  }
}

static void G_GNUC_NORETURN
host_main (OciRegistry *registry, GPtrArray *configs, int fd)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);

  oci_registry_enter_host (registry);
  for (;;)
    {
      IoStatus status;
      g_autoptr(GVariant) request = receive_message (fd, REQUEST_TYPE, 0, &status);
      g_autoptr(GVariant) args = NULL;
      const char *op;

      /* The tool closed its end (or sent garbage, which it never does). */
      if (request == NULL)
        _exit (0);
      g_variant_get (request, "(&sv)", &op, &args);
      if (strcmp (op, "check") == 0 && g_variant_is_of_type (args, CHECK_TYPE))
        host_serve (registry, bus, configs, fd, args);
      else if ((strcmp (op, "apply") == 0 || strcmp (op, "defaults") == 0)
               && g_variant_is_of_type (args, APPLY_TYPE))
        {
          if (!send_message (fd, host_apply (registry, args, strcmp (op, "defaults") == 0), 0))
            _exit (0);
        }
      else if (strcmp (op, "load") == 0 && g_variant_is_of_type (args, LOAD_TYPE))
        {
          g_autofree char *why = oci_registry_host_activate (registry, g_variant_get_string (args, NULL));
          if (!send_message (fd, g_variant_new ("(@ms)", maybe_text (why)), 0))
            _exit (0);
        }
      else
        _exit (0);
    }
}

/* ---- the tool's side ------------------------------------------------ */

OciPluginHost *
oci_plugin_host_new (OciRegistry *registry, guint timeout_ms)
{
  OciPluginHost *host = g_new0 (OciPluginHost, 1);

  host->registry = registry;
  host->timeout_ms = timeout_ms;
  host->fd = -1;
  return host;
}

/* Forgets the host's process (its socket, the configs it inherited);
 * the process itself is the caller's to end and reap. */
static void
host_forget (OciPluginHost *host)
{
  g_mutex_lock (&ends_lock);
  for (guint i = 0; tool_ends && i < tool_ends->len; i++)
    if (g_array_index (tool_ends, int, i) == host->fd)
      g_array_remove_index_fast (tool_ends, i--);
  g_mutex_unlock (&ends_lock);
  close (host->fd);
  host->fd = -1;
  host->pid = 0;
  host->sent = FALSE;
  host->loads = 0;
  g_clear_pointer (&host->configs, g_ptr_array_unref);
}

/* Kills the host and returns its wait status. */
static int
host_stop (OciPluginHost *host)
{
  int status = 0;

  if (host->pid == 0)
    return 0;
  if (host->pid > 0)
    {
      kill (host->pid, SIGKILL);
      while (waitpid (host->pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  host_forget (host);
  return status;
}

/* Lets the host go without waiting for its end: it ends by itself after
 * its last answer, or (@kill) is killed now; either way it is reaped
 * later (reap_ended(), oci_plugin_host_reap()). */
static void
host_let_go (OciPluginHost *host, gboolean kill_it)
{
  if (host->pid == 0)
    return;
  if (host->pid > 0)
    {
      if (kill_it)
        kill (host->pid, SIGKILL);
      g_mutex_lock (&ends_lock);
      if (ending == NULL)
        ending = g_array_new (FALSE, FALSE, sizeof (pid_t));
      g_array_append_val (ending, host->pid);
      g_mutex_unlock (&ends_lock);
    }
  host_forget (host);
}

/* Reaps the hosts let go (@wait: all of them, killing any still there;
 * else those already ended). Called with ends_lock held. */
static void
reap_ended (gboolean wait)
{
  for (guint i = 0; ending && i < ending->len;)
    {
      pid_t pid = g_array_index (ending, pid_t, i);
      pid_t r;

      if (wait)
        kill (pid, SIGKILL);
      while ((r = waitpid (pid, NULL, wait ? 0 : WNOHANG)) < 0 && errno == EINTR)
        ;
      if (r == 0)
        i++;
      else
        g_array_remove_index_fast (ending, i);
    }
}

/**
 * oci_plugin_host_reap:
 *
 * Waits for the plugin hosts that were let go (they end by themselves
 * after their last answer) and kills any that has not ended yet, so that
 * no host outlives the validation that used it, as a process or as a
 * zombie. Called at the end of each of the validator's entry points:
 * by then a host has long sent its last answer.
 */
void
oci_plugin_host_reap (void)
{
  g_mutex_lock (&ends_lock);
  reap_ended (TRUE);
  g_mutex_unlock (&ends_lock);
}

/**
 * oci_plugin_host_stop:
 * @host: an idle plugin host (locked, or in the registry's idle list)
 *
 * Ends the host process, if one runs, without waiting for its exit (it
 * is reaped by oci_plugin_host_reap()); the next use forks a new one.
 */
void
oci_plugin_host_stop (OciPluginHost *host)
{
  host_let_go (host, TRUE);
}

void
oci_plugin_host_free (OciPluginHost *host)
{
  if (host == NULL)
    return;
  host_stop (host);
  oci_plugin_host_reap ();
  g_free (host);
}

static const int default_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGINT, SIGTERM, SIGPIPE };

/**
 * oci_plugin_host_start:
 * @host: a plugin host
 * @error: set if no process could be made
 *
 * Forks the host process unless it runs. Called before validate's worker
 * threads start, so that the fork copies a process with one thread.
 *
 * Returns: %TRUE when the host runs
 */
gboolean
oci_plugin_host_start (OciPluginHost *host, GError **error)
{
  int sv[2];
  pid_t parent = getpid ();
  pid_t pid;

  /* A host that ended while idle (it dies with the thread that forked
   * it: a validate worker that is gone) is replaced quietly. */
  if (host->pid > 0 && waitpid (host->pid, NULL, WNOHANG) == host->pid)
    {
      host->pid = -1;
      host_stop (host);
    }
  if (host->pid > 0)
    return TRUE;
  host->since = g_get_monotonic_time ();
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "could not start the plugin host: %s", g_strerror (errno)), FALSE;
  /* What stdio holds would otherwise be written twice, by the host too
   * if a plugin calls exit(). */
  fflush (stdout);
  fflush (stderr);
  g_mutex_lock (&ends_lock);
  reap_ended (FALSE);
  /* The host reads these as the tool parsed them; the tool keeps them
   * while the host runs, so that they name the same configs on both
   * sides. */
  g_clear_pointer (&host->configs, g_ptr_array_unref);
  if (offered && offered->len > 0)
    {
      host->configs = g_ptr_array_new_full (offered->len, g_object_unref);
      for (guint i = 0; i < offered->len; i++)
        g_ptr_array_add (host->configs, g_object_ref (offered->pdata[i]));
    }
  pid = fork ();
  if (pid == 0)
    for (guint i = 0; tool_ends && i < tool_ends->len; i++)
      close (g_array_index (tool_ends, int, i));
  if (pid != 0)
    {
      if (tool_ends == NULL)
        tool_ends = g_array_new (FALSE, FALSE, sizeof (int));
      if (pid > 0)
        g_array_append_val (tool_ends, sv[0]);
    }
  g_mutex_unlock (&ends_lock);
  if (pid < 0)
    {
      int e = errno;
      g_clear_pointer (&host->configs, g_ptr_array_unref);
      close (sv[0]);
      close (sv[1]);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                          "could not start the plugin host: %s", g_strerror (e)), FALSE;
    }
  if (pid == 0)
    {
      close (sv[0]);
      /* Gone with the tool; a plugin's output never reaches the report. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != parent)
        _exit (0);
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      /* A fault ends the host with its own signal, whatever handlers the
       * tool (or a sanitizer) installed: that is what the tool reports. */
      for (guint i = 0; i < G_N_ELEMENTS (default_signals); i++)
        signal (default_signals[i], SIG_DFL);
      host_main (host->registry, host->configs, sv[1]);
    }
  close (sv[1]);
  fcntl (sv[0], F_SETFL, fcntl (sv[0], F_GETFL) | O_NONBLOCK);
  host->pid = pid;
  host->fd = sv[0];
  return TRUE;
}

/* What happened to a host that stopped answering, in words. */
static char *
describe_failure (OciPluginHost *host, IoStatus io)
{
  double seconds = host->timeout_ms / 1000.0;
  int status;

  /* killed, and reaped later: its status says nothing more */
  if (io == IO_TIMEOUT)
    {
      host_let_go (host, TRUE);
      return g_strdup_printf ("timed out after %g s", seconds);
    }
  if (io == IO_MALFORMED)
    {
      host_let_go (host, TRUE);
      return g_strdup ("sent malformed data");
    }
  /* It closed its end: it is gone, or about to be. */
  status = host_stop (host);
  if (WIFSIGNALED (status))
    {
      const char *abbrev = sigabbrev_np (WTERMSIG (status));
      return g_strdup_printf ("crashed with signal SIG%s (%s)", abbrev ? abbrev : "?",
                              strsignal (WTERMSIG (status)));
    }
  if (WIFEXITED (status))
    return g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
  return g_strdup ("stopped answering");
}

static void
post_host_error (OciPluginHost *host, OciCheckContext *ctx, const OciChecker *c, const char *what)
{
  OciPlugin *plugin = oci_registry_plugin_for_checker (host->registry, c);
  g_autofree char *message = g_strdup_printf ("plugin %s (%s): checker %s %s",
                                              oci_plugin_get_name (plugin), oci_plugin_get_path (plugin),
                                              c->id, what);

  ctx->checker = c;
  ctx->checker_id = c->id;
  oci_check_post (ctx, OCI_STATUS_ERROR, NULL, NULL, NULL, NULL, message);
}

/* Posts what the host said of checker @c, as if it had run here. */
static void
repost (OciPluginHost *host, OciCheckContext *ctx, const OciChecker *c, GVariant *reply)
{
  g_autoptr(GVariantIter) results = NULL;
  g_autoptr(GVariantIter) passes = NULL;
  const char *error_message = NULL;
  guint32 status;
  const char *req, *pointer, *expected, *actual, *message, *id;

  ctx->checker = c;
  ctx->checker_id = c->id;
  ctx->phase = c->phase;
  g_variant_get (reply, "(a(umsmsmsmsms)asm&s)", &results, &passes, &error_message);
  while (g_variant_iter_next (results, "(um&sm&sm&sm&sm&s)", &status, &req, &pointer, &expected, &actual, &message))
    {
      const OciRequirement *row = req ? oci_registry_lookup_requirement (host->registry, req, NULL) : NULL;

      if (status > OCI_STATUS_ERROR)
        status = OCI_STATUS_ERROR;
      /* The host already said when a requirement is unknown. */
      if (req && row == NULL)
        req = NULL;
      oci_check_post (ctx, status, row ? row->id : NULL, pointer, expected, actual, message);
      if (status == OCI_STATUS_SKIP && row && ctx->settled)
        g_hash_table_add (ctx->settled, (gpointer) row->id);
    }
  while (g_variant_iter_next (passes, "&s", &id))
    {
      const OciRequirement *row = oci_registry_lookup_requirement (host->registry, id, NULL);
      if (row)
        oci_check_pass (ctx, row->id);
    }
  if (error_message)
    {
      g_autofree char *m = g_strdup_printf ("%s: %s", c->id, error_message);
      oci_check_post (ctx, OCI_STATUS_ERROR, NULL, NULL, NULL, NULL, m);
    }
}

/* The place of @config in what @host inherited, or -1. */
static gint32
inherited_index (OciPluginHost *host, OciConfig *config)
{
  guint at;

  if (host->configs && g_ptr_array_find (host->configs, config, &at))
    return (gint32) at;
  return -1;
}

/* One item of a check request: @job's checkers from @from on. */
static GVariant *
request_item (OciPluginHost *host, const OciPluginHostJob *job, guint from)
{
  OciCheckContext *ctx = job->ctx;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autofree char *text = NULL;
  const char *source = oci_config_get_source_name (ctx->config);
  gint32 index = inherited_index (host, ctx->config);

  for (guint i = from; i < job->checkers->len; i++)
    {
      const OciChecker *c = job->checkers->pdata[i];
      const char *owner = oci_plugin_get_name (oci_registry_plugin_for_checker (host->registry, c));

      g_ptr_array_add (ids, (gpointer) c->id);
      if (!g_ptr_array_find_with_equal_func (owners, owner, g_str_equal, NULL))
        g_ptr_array_add (owners, (gpointer) owner);
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (owners, NULL);
  if (index < 0)
    text = json_to_string (oci_config_get_root (ctx->config), FALSE);
  return g_variant_new ("(is^ay^ay^aysssbb^as^as)", index, text ? text : "", source ? source : "",
                        ctx->bundle ? ctx->bundle : "", ctx->subject ? ctx->subject : "", ctx->os, ctx->arch,
                        ctx->release, ctx->host_specific, ctx->checked != NULL,
                        (const char *const *) ids->pdata, (const char *const *) owners->pdata);
}

/* The request for the host's jobs from job j, checker k on. */
static GVariant *
make_request (OciPluginHost *host)
{
  GVariantBuilder items;

  g_variant_builder_init (&items, CHECK_ITEMS_TYPE);
  for (guint i = host->j; i < host->n_jobs; i++)
    if (host->jobs[i].checkers->len > (i == host->j ? host->k : 0))
      g_variant_builder_add_value (&items, request_item (host, &host->jobs[i], i == host->j ? host->k : 0));
  return g_variant_new ("(sv)", "check", g_variant_new ("(b@a" CHECK_ITEM ")", host->last,
                                                        g_variant_builder_end (&items)));
}

/**
 * oci_plugin_host_offer:
 * @configs: (array length=n) (nullable): parsed configs
 * @n: their number
 *
 * Hosts forked from now on inherit @configs (references are kept until
 * the next offer): checking one of them sends no text and parses nothing.
 * Call with no other thread running plugin hosts.
 */
void
oci_plugin_host_offer (OciConfig *const *configs, guint n)
{
  g_mutex_lock (&ends_lock);
  g_clear_pointer (&offered, g_ptr_array_unref);
  if (n > 0)
    {
      offered = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (offered, g_object_ref (configs[i]));
    }
  g_mutex_unlock (&ends_lock);
}

/* The time limit of the next answer: the host's limit from the request's
 * sending or the previous answer, whichever is later. */
static gint64
next_deadline (OciPluginHost *host)
{
  return host->since + (gint64) host->timeout_ms * 1000;
}

/**
 * oci_plugin_host_load_begin:
 * @host: the plugin host (locked: see oci_registry_lock_host())
 * @name: a discovered plugin
 * @error: says why no host could be started
 *
 * Asks the host (forked now if none runs) to open and initialise the
 * plugin @name, without waiting for its answer: the tool goes on with its
 * own work meanwhile. oci_plugin_host_load_end() takes the answers, in
 * the order of the requests.
 *
 * Returns: %TRUE if the request is on its way
 */
gboolean
oci_plugin_host_load_begin (OciPluginHost *host, const char *name, GError **error)
{
  gboolean idle = host->pid > 0 && host->loads == 0;

  if (!oci_plugin_host_start (host, error))
    return FALSE;
  if (idle)
    host->since = g_get_monotonic_time ();
  /* A host that cannot take it has died: oci_plugin_host_load_end() says how. */
  send_message (host->fd, g_variant_new ("(sv)", "load", g_variant_new_string (name)), next_deadline (host));
  host->loads++;
  return TRUE;
}

/**
 * oci_plugin_host_load_end:
 * @host: the plugin host a load was asked of (oci_plugin_host_load_begin())
 * @error: says what happened when it could not load
 *
 * Takes the answer to the oldest load request. When the host died or
 * hung, it is gone, and the requests sent after this one with it: ask
 * them again.
 *
 * Returns: %TRUE if that plugin loaded in the host
 */
gboolean
oci_plugin_host_load_end (OciPluginHost *host, GError **error)
{
  g_autoptr(GVariant) reply = NULL;
  const char *why = NULL;
  IoStatus io = IO_EOF;

  if (host->pid != 0)
    reply = receive_message (host->fd, LOADED_TYPE, next_deadline (host), &io);
  if (host->loads > 0)
    host->loads--;
  if (reply == NULL)
    {
      g_autofree char *what = describe_failure (host, io);
      return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT,
                          "%s while being loaded in the plugin host; not loaded", what), FALSE;
    }
  host->since = g_get_monotonic_time ();
  g_variant_get (reply, "(m&s)", &why);
  if (why)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT, "%s", why), FALSE;
  return TRUE;
}

/* Replaces the members of @config's root with those of @text's. */
static gboolean
replace_root (OciConfig *config, const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *to = json_node_get_object (oci_config_get_root (config));
  g_autoptr(GList) old = NULL;
  JsonObjectIter it;
  const char *member;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  old = json_object_get_members (to);
  for (GList *l = old; l; l = l->next)
    json_object_remove_member (to, l->data);
  json_object_iter_init (&it, json_node_get_object (node));
  while (json_object_iter_next (&it, &member, &value))
    json_object_set_member (to, member, json_node_copy (value));
  return TRUE;
}

/* Runs @op ("apply" an option named @name, or the "defaults" of the
 * plugin named @name) in the host on a copy of @gen's config, then takes
 * the result; @what names it in errors ("--NAME", "its defaults"). */
static gboolean
host_generate (OciPluginHost *host, OciGenerateContext *gen, OciPlugin *plugin, const char *op,
               const char *name, const char *value, const char *what, GError **error)
{
  OciConfig *config = oci_generate_context_get_config (gen);
  g_autofree char *text = json_to_string (oci_config_get_root (config), FALSE);
  g_autoptr(GVariant) reply = NULL;
  const char *out = NULL, *pointer = NULL, *why = NULL;
  IoStatus io = IO_EOF;
  gint64 deadline;

  if (!oci_plugin_host_start (host, error))
    return FALSE;
  deadline = g_get_monotonic_time () + (gint64) host->timeout_ms * 1000;
  if (send_message (host->fd,
                    g_variant_new ("(sv)", op,
                                   g_variant_new ("(sssmsbbsms)", text, oci_generate_context_get_os (gen),
                                                  oci_generate_context_get_arch (gen),
                                                  oci_generate_context_get_release (gen),
                                                  oci_generate_context_has_template (gen),
                                                  oci_generate_context_is_host_specific (gen),
                                                  name, value)),
                    deadline))
    reply = receive_message (host->fd, APPLIED_TYPE, deadline, &io);
  if (reply == NULL)
    {
      g_autofree char *failure = describe_failure (host, io);
      return g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_FAILED,
                          "%s: plugin %s (%s) %s while applying it", what,
                          oci_plugin_get_name (plugin), oci_plugin_get_path (plugin), failure), FALSE;
    }
  g_variant_get (reply, "(m&sm&sm&s)", &out, &pointer, &why);
  if (why)
    return g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_FAILED, "%s", why), FALSE;
  if (out == NULL || !replace_root (config, out))
    return g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_FAILED,
                        "%s: plugin %s (%s) sent malformed data while applying it", what,
                        oci_plugin_get_name (plugin), oci_plugin_get_path (plugin)), FALSE;
  if (pointer)
    oci_generate_context_set_output_pointer (gen, pointer);
  return TRUE;
}

/**
 * oci_plugin_host_apply:
 * @host: a plugin host (locked)
 * @gen: the generate context
 * @plugin: the option's plugin
 * @option: an option of an isolated plugin
 * @value: (nullable): its value
 * @error: says what went wrong, naming the plugin and the option
 *
 * Applies @option in the host to a copy of the config, then takes the
 * result. The host's context is a new one each time: what an option keeps
 * in it (oci_generate_context_set_data()) is not kept between options.
 *
 * Returns: %TRUE if the option applied
 */
gboolean
oci_plugin_host_apply (OciPluginHost *host, OciGenerateContext *gen, OciPlugin *plugin,
                       const OciOption *option, const char *value, GError **error)
{
  g_autofree char *what = g_strdup_printf ("--%s", option->name);

  return host_generate (host, gen, plugin, "apply", option->name, value, what, error);
}

/**
 * oci_plugin_host_defaults:
 * @host: a plugin host (locked)
 * @gen: the generate context of a new config
 * @plugin: an isolated plugin with a defaults function
 * @error: says what went wrong, naming the plugin
 *
 * Runs @plugin's #OciDefaultsFunc in the host on a copy of the config,
 * then takes the result, as oci_plugin_host_apply() does for an option.
 *
 * Returns: %TRUE if the defaults applied
 */
gboolean
oci_plugin_host_defaults (OciPluginHost *host, OciGenerateContext *gen, OciPlugin *plugin, GError **error)
{
  return host_generate (host, gen, plugin, "defaults", oci_plugin_get_name (plugin), NULL, "its defaults", error);
}

/* The next checker after the host's (j, k), skipping jobs that have none. */
static void
advance (OciPluginHost *host)
{
  host->k++;
  while (host->j < host->n_jobs && host->k >= host->jobs[host->j].checkers->len)
    {
      host->j++;
      host->k = 0;
    }
}

/* Sends what is left of the request to the host, forked first if none
 * runs; when no host can be made, each checker left is an error. */
static void
dispatch (OciPluginHost *host)
{
  while (host->j < host->n_jobs && !host->sent)
    {
      g_autoptr(GError) error = NULL;
      gboolean idle = host->pid > 0;

      if (!oci_plugin_host_start (host, &error))
        {
          post_host_error (host, host->jobs[host->j].ctx, host->jobs[host->j].checkers->pdata[host->k],
                           error->message);
          advance (host);
          continue;
        }
      if (idle)
        host->since = g_get_monotonic_time ();
      /* A host that cannot take it has died: collecting says how. */
      send_message (host->fd, make_request (host), next_deadline (host));
      host->sent = TRUE;
    }
}

/**
 * oci_plugin_host_send_jobs:
 * @host: the plugin host (locked: see oci_registry_lock_host())
 * @jobs: (array length=n): configs and the isolated checkers to run on
 *   each; kept by the caller until oci_plugin_host_collect_jobs() took
 *   every answer
 * @n: their number
 * @fresh: fork a new host even if one runs, so that it inherits the
 *   configs offered now (oci_plugin_host_offer())
 * @last: the host ends by itself after its answers: nothing else will be
 *   asked of it
 *
 * Sends the checkers of @jobs to the host process in one request and
 * returns at once: the caller does its own work while the host runs them,
 * then takes their results with oci_plugin_host_collect_jobs().
 */
void
oci_plugin_host_send_jobs (OciPluginHost *host, const OciPluginHostJob *jobs, guint n, gboolean fresh,
                           gboolean last)
{
  host->jobs = jobs;
  host->n_jobs = n;
  host->j = 0;
  host->k = (guint) -1;
  host->last = last;
  advance (host);
  if (host->j < n && fresh)
    host_let_go (host, TRUE);
  host->sent = FALSE;
  dispatch (host);
}

/**
 * oci_plugin_host_collect_jobs:
 * @host: the plugin host the jobs were sent to
 * @upto: collect the answers for the jobs before this one
 *
 * Posts what the host said of each checker of the jobs before @upto
 * through the job's context, in order. A checker whose host fails becomes
 * one error result on its own config; a new host then takes the checkers
 * and configs after it. Once every answer is in, a host sent its last
 * request ends by itself and is reaped later (oci_plugin_host_reap()).
 */
void
oci_plugin_host_collect_jobs (OciPluginHost *host, guint upto)
{
  upto = MIN (upto, host->n_jobs);
  while (host->j < upto)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autofree char *what = NULL;
      IoStatus io = IO_EOF;

      if (host->pid != 0)
        reply = receive_message (host->fd, REPLY_TYPE, next_deadline (host), &io);
      if (reply)
        {
          host->since = g_get_monotonic_time ();
          repost (host, host->jobs[host->j].ctx, host->jobs[host->j].checkers->pdata[host->k], reply);
          advance (host);
          continue;
        }
      what = describe_failure (host, io);
      post_host_error (host, host->jobs[host->j].ctx, host->jobs[host->j].checkers->pdata[host->k], what);
      advance (host);
      dispatch (host);
    }
  if (host->j >= host->n_jobs)
    {
      if (host->last && host->sent)
        host_let_go (host, FALSE);
      host->jobs = NULL;
      host->n_jobs = host->j = host->k = 0;
      host->sent = FALSE;
    }
}
