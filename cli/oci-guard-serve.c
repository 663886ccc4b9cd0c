/* oci-guard-serve.c — `oci-guard serve`, the decision server
 *
 * Before a single check runs, a create through the guard pays what
 * starting a GLib and json-glib program costs: a dozen shared libraries
 * mapped and bound (Debian builds them with BIND_NOW), the built-in
 * plugins registered, the schema compiled. The server pays that once and
 * keeps it. The front (oci-guard-front.c, libc only) connects to its
 * socket and sends its command line, working folder, umask and the
 * environment a decision reads (guard_request_env), with its stderr, and
 * for the hook its stdin. The server makes the module's very decision
 * with those (guard_decide_for_front()): the policy is read anew, the
 * plugins are found and the checks run as in the front, messages go to
 * the front's stderr and records to the journal and the policy's log. Its
 * answer is one message: "E PATH", the front executes the runtime itself
 * (so the engine's process, descriptors, exit status and signals stay
 * the runtime's), or "X STATUS", the front exits with it. "D WHY" declines:
 * the front then decides in-process, as it does when no server listens.
 *
 * Requests are served one at a time, each in the state the last one left
 * the process in but for the module's statics, which are reset. A fault
 * or the policy's time limit during the checks answers the front as the
 * in-process guard would (on-error=), then ends the server: systemd
 * starts a new one on the next connection (data/systemd/).
 *
 * Only a front of the server's own user is served, and a front only asks
 * a server of its own user (SO_PEERCRED on both sides): nobody gets a
 * decision made with rights that are not theirs.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* struct ucred */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "oci-guard-common.h"
#include "oci-guard-request.h"
#include "oci-guard-serve.h"

#define SERVE_EXIT_ERROR 2
/* The first descriptor systemd passes (sd_listen_fds). */
#define LISTEN_FDS_START 3
/* Seconds a front has to send its request once connected. */
#define REQUEST_TIMEOUT 5

static volatile sig_atomic_t stopping;

/* ---- the server's code on disk --------------------------------------- */

typedef struct
{
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
} FileId;

/* Path → FileId, as first seen. */
static GHashTable *seen_files;

/**
 * guard_serve_file_unchanged:
 * @path: a file the server's code comes from (its module, libocirt, a
 *   plugin)
 *
 * Whether @path is the file this server first saw there: an upgrade that
 * replaced it leaves the server running the old code (the dynamic loader
 * hands out what it loaded under that name), so the server must step
 * aside. A path first seen now is recorded.
 *
 * Returns: %FALSE when it changed or went away since first seen
 */
gboolean
guard_serve_file_unchanged (const char *path)
{
  struct stat st;
  FileId *id;
  gboolean exists;

  if (seen_files == NULL)
    seen_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  exists = stat (path, &st) == 0;
  id = g_hash_table_lookup (seen_files, path);
  if (id == NULL)
    {
      if (!exists)
        return TRUE;
      id = g_new0 (FileId, 1);
      id->dev = st.st_dev;
      id->ino = st.st_ino;
      id->size = st.st_size;
      id->mtime = st.st_mtim;
      g_hash_table_insert (seen_files, g_strdup (path), id);
      return TRUE;
    }
  return exists && id->dev == st.st_dev && id->ino == st.st_ino && id->size == st.st_size
         && id->mtime.tv_sec == st.st_mtim.tv_sec && id->mtime.tv_nsec == st.st_mtim.tv_nsec;
}

/**
 * guard_serve_step_aside:
 * @conn: the front's connection
 * @path: the file that changed
 *
 * Declines the request (the front decides in-process, with the new code)
 * and ends the server before it decided or told anything.
 */
void
guard_serve_step_aside (int conn, const char *path)
{
  g_autofree char *reply = g_strdup_printf ("D %s changed on disk since the server started; it ends", path);

  send (conn, reply, strlen (reply), MSG_NOSIGNAL);
  _exit (0);
}

/* The files of the server's own code: this module and libocirt. */
static void
own_files (char **module, char **library)
{
  Dl_info info;

  *module = dladdr ((void *) guard_serve, &info) && info.dli_fname ? g_strdup (info.dli_fname) : NULL;
  *library = dladdr ((void *) oci_registry_new, &info) && info.dli_fname ? g_strdup (info.dli_fname) : NULL;
}

static void
on_stop (int sig)
{
  (void) sig;
  stopping = 1;
}


/* ---- the listening socket -------------------------------------------- */

/* The socket systemd passed (socket activation), or -1. */
static int
activated_socket (void)
{
  const char *pid = g_getenv ("LISTEN_PID");
  const char *fds = g_getenv ("LISTEN_FDS");
  int type = 0;
  socklen_t len = sizeof type;

  if (pid == NULL || fds == NULL || atol (pid) != (long) getpid () || atoi (fds) < 1)
    return -1;
  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_unsetenv ("LISTEN_FDNAMES");
  if (getsockopt (LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_SEQPACKET)
    return -1;
  fcntl (LISTEN_FDS_START, F_SETFD, FD_CLOEXEC);
  return LISTEN_FDS_START;
}

/* Whether a server answers at @addr. */
static gboolean
someone_listens (const struct sockaddr_un *addr)
{
  int probe = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  gboolean yes = probe >= 0 && connect (probe, (const struct sockaddr *) addr, sizeof *addr) == 0;

  if (probe >= 0)
    close (probe);
  return yes;
}

/* A socket bound at @path (its folder made, mode 0700, when missing; a
 * dead server's socket replaced), listening. */
static int
bind_socket (const char *path, GError **error)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  int sock;

  if (!g_path_is_absolute (path) || strlen (path) >= sizeof addr.sun_path)
    return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "--socket %s: not an absolute path of at most %zu bytes (syntax: --socket PATH)", path,
                        sizeof addr.sun_path - 1), -1;
  memcpy (addr.sun_path, path, strlen (path) + 1);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: cannot make the folder: %s", dir,
                        g_strerror (errno)), -1;
  if (lstat (path, &st) == 0)
    {
      if (!S_ISSOCK (st.st_mode))
        return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s: exists and is not a socket", path), -1;
      if (someone_listens (&addr))
        return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s: another server listens there", path), -1;
      g_unlink (path);
    }
  sock = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (sock < 0 || bind (sock, (struct sockaddr *) &addr, sizeof addr) != 0 || chmod (path, 0600) != 0
      || listen (sock, 64) != 0)
    {
      int e = errno;
      if (sock >= 0)
        close (sock);
      return g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: cannot listen there: %s", path,
                          g_strerror (e)), -1;
    }
  return sock;
}

/* ---- one request ------------------------------------------------------ */

static void
answer (int conn, const char *text)
{
  if (send (conn, text, strlen (text), MSG_NOSIGNAL) < 0)
    g_debug ("the front went away: %s", g_strerror (errno));
}

/* The value @r gives @name, or NULL when unset there. */
static const char *
request_env (const GuardRequest *r, const char *name)
{
  gsize n = strlen (name);

  for (guint i = 0; i < r->env->len; i++)
    {
      const char *entry = r->env->pdata[i];
      if (strncmp (entry, name, n) == 0 && (entry[n] == '=' || entry[n] == '\0'))
        return entry[n] == '=' ? entry + n + 1 : NULL;
    }
  return NULL;
}

/* The user settings folder the front would use (GLib's rule), which this
 * process cannot change: GLib keeps the first it computed. */
static char *
front_config_dir (const GuardRequest *r)
{
  const char *xdg = request_env (r, "XDG_CONFIG_HOME");
  const char *home = request_env (r, "HOME");
  struct passwd *pw;

  if (xdg && *xdg)
    return g_strdup (xdg);
  if (home && *home)
    return g_build_filename (home, ".config", NULL);
  pw = getpwuid (geteuid ());
  return pw && pw->pw_dir ? g_build_filename (pw->pw_dir, ".config", NULL) : NULL;
}

/* Gives the process the front's values of guard_request_env; @saved gets
 * the server's own, for restore_env(). */
static void
apply_env (const GuardRequest *r, GPtrArray *saved)
{
  for (const char *const *name = guard_request_env; *name; name++)
    {
      const char *value = request_env (r, *name);
      g_ptr_array_add (saved, g_strdup (g_getenv (*name)));
      if (value)
        g_setenv (*name, value, TRUE);
      else
        g_unsetenv (*name);
    }
}

static void
restore_env (GPtrArray *saved)
{
  guint i = 0;

  for (const char *const *name = guard_request_env; *name; name++, i++)
    if (saved->pdata[i])
      g_setenv (*name, saved->pdata[i], TRUE);
    else
      g_unsetenv (*name);
}

/* Receives a request and the descriptors that come with it. */
static gssize
receive_request (int conn, char *buf, int *fds, int *n_fds)
{
  char control[CMSG_SPACE (4 * sizeof (int))];
  struct iovec iov = { buf, GUARD_WIRE_MAX };
  struct msghdr msg = { 0 };
  gssize n;

  *n_fds = 0;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  for (struct cmsghdr *c = n >= 0 ? CMSG_FIRSTHDR (&msg) : NULL; c; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        int got = (int) ((c->cmsg_len - CMSG_LEN (0)) / sizeof (int));
        int *data = (int *) (void *) CMSG_DATA (c);
        for (int i = 0; i < got; i++)
          if (*n_fds < 2)
            fds[(*n_fds)++] = data[i];
          else
            close (data[i]);
      }
  if (n >= 0 && (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
    return -1;
  return n;
}

/* Back to the server's own working folder, and closes @saved_cwd. */
static void
go_back (int saved_cwd)
{
  if (fchdir (saved_cwd) != 0)
    g_warning ("cannot go back to the server's working folder: %s", g_strerror (errno));
  close (saved_cwd);
}

/* Decides with the front's stderr (and stdin), working folder, umask and
 * environment, then gives the server its own back. */
static void
decide (int conn, const GuardRequest *r, const int *fds, int n_fds)
{
  g_autoptr(GPtrArray) saved_env = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *runtime = NULL;
  g_autofree char *reply = NULL;
  gboolean hook = n_fds == 2;
  int saved_err, saved_in = -1, saved_cwd, status;
  mode_t saved_mask;

  saved_cwd = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (saved_cwd < 0 || chdir (r->cwd) != 0)
    {
      reply = g_strdup_printf ("D cannot enter the front's working folder %s: %s", r->cwd, g_strerror (errno));
      answer (conn, reply);
      if (saved_cwd >= 0)
        close (saved_cwd);
      return;
    }
  /* without copies of its own descriptors the server could not take
   * them back: the front decides */
  saved_err = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (hook)
    saved_in = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved_err < 0 || (hook && saved_in < 0))
    {
      reply = g_strdup_printf ("D cannot keep the server's own descriptors: %s", g_strerror (errno));
      answer (conn, reply);
      if (saved_err >= 0)
        close (saved_err);
      go_back (saved_cwd);
      return;
    }
  dup2 (fds[hook ? 1 : 0], STDERR_FILENO);
  if (hook)
    dup2 (fds[0], STDIN_FILENO);
  saved_mask = umask (r->mask);
  apply_env (r, saved_env);

  status = guard_decide_for_front (conn, (int) r->argv->len - 1, (char **) r->argv->pdata, r->started, &runtime);

  restore_env (saved_env);
  umask (saved_mask);
  dup2 (saved_err, STDERR_FILENO);
  close (saved_err);
  if (saved_in >= 0)
    {
      dup2 (saved_in, STDIN_FILENO);
      close (saved_in);
    }
  go_back (saved_cwd);
  reply = runtime ? g_strdup_printf ("E %s", runtime) : g_strdup_printf ("X %d", status);
  answer (conn, reply);
}

static char *own_module;
static char *own_library;

static void
serve_one (int conn)
{
  g_autofree char *buf = g_malloc (GUARD_WIRE_MAX);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) env = g_ptr_array_new ();
  g_autofree char *own_dir = NULL;
  g_autofree char *front_dir = NULL;
  GuardRequest r = { 0 };
  struct ucred peer;
  socklen_t peer_len = sizeof peer;
  struct timeval tv = { REQUEST_TIMEOUT, 0 };
  int fds[2] = { -1, -1 }, n_fds = 0;
  gssize n;

  r.argv = argv;
  r.env = env;
  setsockopt (conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (getsockopt (conn, SOL_SOCKET, SO_PEERCRED, &peer, &peer_len) != 0 || peer.uid != geteuid ())
    {
      answer (conn, "D the server decides for its own user only");
      return;
    }
  if (own_module && !guard_serve_file_unchanged (own_module))
    guard_serve_step_aside (conn, own_module);
  if (own_library && !guard_serve_file_unchanged (own_library))
    guard_serve_step_aside (conn, own_library);
  n = receive_request (conn, buf, fds, &n_fds);
  if (n <= 0 || n_fds < 1 || !guard_request_parse (buf, (gsize) n, &r))
    answer (conn, "D not a request of this version of oci-guard");
  else if (g_strcmp0 (own_dir = g_strdup (g_get_user_config_dir ()), front_dir = front_config_dir (&r)) != 0)
    answer (conn, "D the front's user settings folder is not the server's");
  else
    decide (conn, &r, fds, n_fds);
  for (int i = 0; i < n_fds; i++)
    close (fds[i]);
}

/* ---- the server ------------------------------------------------------- */

static void
install_handlers (void)
{
  struct sigaction sa = { 0 };

  /* no SA_RESTART: poll() returns, and the loop ends */
  sa.sa_handler = on_stop;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  /* a front that went away must not take the server with it */
  signal (SIGPIPE, SIG_IGN);
}

/**
 * guard_serve:
 * @argc: the number of arguments
 * @argv: `oci-guard serve [--socket PATH] [--idle-exit SECONDS]`
 *
 * Serves decisions until SIGTERM, SIGINT or SIGHUP (or --idle-exit
 * seconds without a request), on the socket systemd passed, else on
 * --socket, else on the default place (guard_default_server_socket()).
 *
 * Returns: the exit status
 */
int
guard_serve (int argc, char **argv)
{
  g_autofree char *socket_path = NULL;
  int idle_exit = 0;
  gboolean bound = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("- decide for oci-guard's fronts");
  GOptionEntry entries[] = {
    { "socket", 0, 0, G_OPTION_ARG_FILENAME, &socket_path, "Listen at PATH (default: " GUARD_SERVER_DEFAULT
      " for root, $XDG_RUNTIME_DIR/" GUARD_SERVER_SOCKET_NAME " otherwise)", "PATH" },
    { "idle-exit", 0, 0, G_OPTION_ARG_INT, &idle_exit, "End after SECONDS without a request (0: never)", "SECONDS" },
    G_OPTION_ENTRY_NULL
  };
  int listener;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s serve: %s\n", GUARD_PROGRAM, error->message);
      return SERVE_EXIT_ERROR;
    }
  if (argc > 2 || idle_exit < 0)
    {
      fprintf (stderr, "%s serve: %s (syntax: %s serve [--socket PATH] [--idle-exit SECONDS])\n", GUARD_PROGRAM,
               idle_exit < 0 ? "--idle-exit takes seconds, 0 or more" : "unexpected argument", GUARD_PROGRAM);
      return SERVE_EXIT_ERROR;
    }
  listener = activated_socket ();
  if (listener < 0)
    {
      if (socket_path == NULL)
        socket_path = guard_default_server_socket ();
      if (socket_path == NULL)
        {
          fprintf (stderr, "%s serve: no socket: give --socket PATH (XDG_RUNTIME_DIR is not set)\n", GUARD_PROGRAM);
          return SERVE_EXIT_ERROR;
        }
      listener = bind_socket (socket_path, &error);
      if (listener < 0)
        {
          fprintf (stderr, "%s serve: %s\n", GUARD_PROGRAM, error->message);
          return SERVE_EXIT_ERROR;
        }
      bound = TRUE;
    }
  install_handlers ();
  own_files (&own_module, &own_library);
  for (char **f = (char *[]) { own_module, own_library, NULL }; *f; f++)
    guard_serve_file_unchanged (*f);
  guard_warm_up ();
  while (!stopping)
    {
      struct pollfd p = { listener, POLLIN, 0 };
      int r = poll (&p, 1, idle_exit > 0 ? idle_exit * 1000 : -1);
      int conn;

      if (r == 0)
        break;
      if (r < 0)
        continue;
      conn = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
      if (conn < 0)
        continue;
      serve_one (conn);
      close (conn);
    }
  if (bound)
    g_unlink (socket_path);
  close (listener);
  return 0;
}
