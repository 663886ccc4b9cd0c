/* oci-guard-front.c — the oci-guard program: the short way through for
 * the runtime's other commands, and the door to the decision module.
 *
 * An engine calls the guard for every runtime command: `state`, `kill`,
 * `delete`, `exec`, … far more often than `create`. This program links
 * libc only, so such a command costs what starting a small C program
 * costs: it reads the policy's runtime= and executes the real runtime.
 * Everything else — `create`, `run`, `hook`, the loop check, and any
 * policy this reader does not take as plainly valid — goes to the decision
 * module (oci-guard.c, linked with libocirt, GLib and json-glib), opened
 * here with dlopen, which reads the policy in full and says what is wrong
 * with it. See docs/enforcement.md.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "oci-guard-common.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define GUARD_MODULE_FILE "oci-guard-decide.so"
/* A policy larger than this is read by the module. */
#define GUARD_FAST_POLICY_MAX (64 * 1024)
#define GUARD_EXIT_ERROR 2

static long long
monotonic_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The whole of a regular file of at most GUARD_FAST_POLICY_MAX bytes,
 * NUL-terminated; NULL otherwise, with errno. */
static char *
read_small_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;
  char *text = NULL;
  size_t done = 0;

  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > GUARD_FAST_POLICY_MAX
      || (text = malloc ((size_t) st.st_size + 1)) == NULL)
    goto fail;
  while (done < (size_t) st.st_size)
    {
      ssize_t n = read (fd, text + done, (size_t) st.st_size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      done += (size_t) n;
    }
  text[done] = '\0';
  close (fd);
  return text;
fail:
  errno = errno ? errno : EINVAL;
  free (text);
  close (fd);
  return NULL;
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Plain printable ASCII, tabs and newlines: nothing whose meaning a
 * GKeyFile reader could see otherwise (no \r, no NUL, no UTF-8). */
static bool
is_plain_text (const char *text)
{
  for (const unsigned char *c = (const unsigned char *) text; *c; c++)
    if ((*c < 0x20 && *c != '\t' && *c != '\n') || *c >= 0x7f)
      return false;
  return true;
}

/* What this reader takes from a plain policy. */
typedef struct
{
  char *runtime;     /* runtime=, NULL: the default */
  char *server;      /* server=, NULL: the default; "": none */
  long timeout;      /* timeout=, seconds; -1: the default */
} FastPolicy;

static void
fast_policy_clear (FastPolicy *p)
{
  free (p->runtime);
  free (p->server);
  p->runtime = p->server = NULL;
  p->timeout = -1;
}

/* A plain value of @key: no trailing blank, and for runtime= not empty. */
static bool
take_value (const char *value, size_t value_len, bool may_be_empty, char **to)
{
  if ((value_len == 0 && !may_be_empty) || (value_len > 0 && is_blank (value[value_len - 1])))
    return false;
  free (*to);
  *to = strndup (value, value_len);
  return *to != NULL;
}

static bool
take_timeout (const char *value, size_t value_len, long *to)
{
  long seconds = 0;

  if (value_len == 0 || value_len > 4)
    return false;
  for (size_t i = 0; i < value_len; i++)
    {
      if (value[i] < '0' || value[i] > '9')
        return false;
      seconds = seconds * 10 + (value[i] - '0');
    }
  *to = seconds;
  return seconds <= 3600;
}

static bool
is_key (const char *line, size_t key_len, const char *key)
{
  return key_len == strlen (key) && strncmp (line, key, key_len) == 0;
}

/* One line of the policy, @line stripped of leading blanks. */
static bool
read_policy_line (const char *line, size_t len, bool *in_group, FastPolicy *policy)
{
  const char *eq = memchr (line, '=', len);
  size_t key_len;
  const char *value;
  size_t value_len;

  if (len == 0 || line[0] == '#')
    return true;
  if (line[0] == '[')
    {
      /* one [guard] group, nothing else */
      if (*in_group || len != strlen ("[" GUARD_GROUP "]") || strncmp (line, "[" GUARD_GROUP "]", len) != 0)
        return false;
      *in_group = true;
      return true;
    }
  if (!*in_group || eq == NULL)
    return false;
  /* GKeyFile trims spaces around '=': a tab there is left to it */
  for (key_len = (size_t) (eq - line); key_len > 0 && line[key_len - 1] == ' '; key_len--)
    ;
  if (!guard_is_policy_key (line, key_len))
    return false;
  for (value = eq + 1; value < line + len && *value == ' '; value++)
    ;
  value_len = (size_t) (line + len - value);
  if (memchr (value, '\\', value_len) != NULL || (value_len > 0 && value[0] == '\t'))
    return false;
  if (is_key (line, key_len, "runtime"))
    return take_value (value, value_len, false, &policy->runtime);
  if (is_key (line, key_len, "server"))
    return take_value (value, value_len, true, &policy->server)
           && (policy->server[0] == '\0' || policy->server[0] == '/');
  if (is_key (line, key_len, "timeout"))
    return take_timeout (value, value_len, &policy->timeout);
  return true;
}

/* The policy's runtime=, server= and timeout= when the policy is absent
 * (the system one only: a file OCI_GUARD_CONFIG names must exist) or
 * plainly valid: blank lines, comments, one [guard] group and known keys
 * with values without escapes. Returns false for anything else: the
 * module then reads the policy in full and names what is wrong. */
static bool
read_policy_fast (FastPolicy *policy)
{
  const char *env = getenv (GUARD_CONFIG_ENV);
  const char *path = env && *env ? env : OCI_GUARD_SYSCONF_FILE;
  char *text;
  bool in_group = false;
  bool ok = true;

  policy->runtime = policy->server = NULL;
  policy->timeout = -1;
  errno = 0;
  text = read_small_file (path);
  if (text == NULL)
    return errno == ENOENT && path != env;
  ok = is_plain_text (text);
  for (char *line = text; ok && *line;)
    {
      size_t len = strcspn (line, "\n");
      char *next = line + len + (line[len] == '\n');
      while (len > 0 && is_blank (*line))
        line++, len--;
      ok = read_policy_line (line, len, &in_group, policy);
      line = next;
    }
  free (text);
  if (!ok || !in_group)
    {
      fast_policy_clear (policy);
      return false;
    }
  return true;
}

/* Replaces this process with @runtime (as argv[0] too), marked as started
 * by the guard; returns, with errno, argv and the environment as they
 * were, when it cannot. */
static void
exec_marked (char **argv, const char *runtime)
{
  char *program = argv[0];
  int e;

  if (setenv (GUARD_ACTIVE_ENV, "1", 1) != 0)
    return;
  argv[0] = (char *) runtime;
  execv (runtime, argv);
  e = errno;
  argv[0] = program;
  unsetenv (GUARD_ACTIVE_ENV);
  errno = e;
}

/* Any command but create, run and hook: straight to the real runtime when
 * the policy is plain and the runtime found; returns when it could not
 * (the module tries again and says why it fails). */
static void
pass_through (char **argv)
{
  FastPolicy policy;
  char *runtime;
  bool found_self;

  if (!read_policy_fast (&policy))
    return;
  runtime = guard_resolve_runtime (policy.runtime, &found_self);
  fast_policy_clear (&policy);
  if (runtime)
    exec_marked (argv, runtime);
  free (runtime);
}

/* ---- the decision server ---------------------------------------------- */

/* Appends @text and its NUL to the request; false past the bound. */
static bool
put (char *buf, size_t *len, const char *text)
{
  size_t n = strlen (text) + 1;

  if (*len + n > GUARD_WIRE_MAX)
    return false;
  memcpy (buf + *len, text, n);
  *len += n;
  return true;
}

static bool
put_number (char *buf, size_t *len, long long value, bool octal)
{
  char text[32];

  snprintf (text, sizeof text, octal ? "%llo" : "%lld", value);
  return put (buf, len, text);
}

/* The request: the protocol, when the guard started, its umask, working
 * folder, command line and the environment a decision reads. */
static char *
make_request (int argc, char **argv, long long started, size_t *len)
{
  char *buf = malloc (GUARD_WIRE_MAX);
  char cwd[PATH_MAX];
  mode_t mask = umask (0);
  bool ok;

  umask (mask);
  *len = 0;
  if (buf == NULL || getcwd (cwd, sizeof cwd) == NULL)
    {
      free (buf);
      return NULL;
    }
  ok = put (buf, len, GUARD_WIRE_MAGIC) && put_number (buf, len, started, false)
       && put_number (buf, len, mask, true) && put (buf, len, cwd) && put_number (buf, len, argc, false);
  for (int i = 0; ok && i < argc; i++)
    ok = put (buf, len, argv[i]);
  for (const char *const *name = guard_request_env; ok && *name; name++)
    {
      const char *value = getenv (*name);
      char *entry = NULL;
      ok = value ? asprintf (&entry, "%s=%s", *name, value) >= 0 && put (buf, len, entry) : put (buf, len, *name);
      free (entry);
    }
  if (!ok)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

/* Sends @request with the descriptors the decision writes to (stderr) and
 * reads from (stdin, for the hook). */
static bool
send_request (int sock, const char *request, size_t len, bool hook)
{
  int fds[2] = { STDIN_FILENO, STDERR_FILENO };
  int n = hook ? 2 : 1;
  const int *given = hook ? fds : fds + 1;
  char control[CMSG_SPACE (sizeof fds)];
  struct iovec iov = { (void *) request, len };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;

  for (int i = 0; i < n; i++)
    if (fcntl (given[i], F_GETFD) < 0)
      return false;
  memset (control, 0, sizeof control);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = CMSG_SPACE (sizeof (int) * (size_t) n);
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int) * (size_t) n);
  memcpy (CMSG_DATA (cmsg), given, sizeof (int) * (size_t) n);
  return sendmsg (sock, &msg, MSG_NOSIGNAL) == (ssize_t) len;
}

/* A connection to the server at @path when one listens there under this
 * user's id; -1 otherwise. */
static int
connect_server (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct ucred peer;
  socklen_t peer_len = sizeof peer;
  int sock;

  if (strlen (path) >= sizeof addr.sun_path)
    return -1;
  memcpy (addr.sun_path, path, strlen (path) + 1);
  sock = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return -1;
  /* a server of another user would decide with its rights, not ours */
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) != 0
      || getsockopt (sock, SOL_SOCKET, SO_PEERCRED, &peer, &peer_len) != 0 || peer.uid != geteuid ())
    {
      close (sock);
      return -1;
    }
  return sock;
}

/* The socket to ask: the environment's, else the policy's (empty: none),
 * else the default. */
static char *
server_socket (const FastPolicy *policy)
{
  const char *env = getenv (GUARD_SERVER_ENV);

  if (env && *env)
    return strdup (env);
  if (policy->server)
    return *policy->server ? strdup (policy->server) : NULL;
  return guard_default_server_socket ();
}

/* Executes the runtime the server named, as the module would. */
static int
exec_named_runtime (char **argv, const char *runtime)
{
  exec_marked (argv, runtime);
  fprintf (stderr, "%s: cannot run the runtime %s: %s\n", GUARD_PROGRAM, runtime, strerror (errno));
  return GUARD_EXIT_ERROR;
}

/* Has the decision server decide: it runs the module's very decision,
 * already loaded, writing its messages to this process's stderr, and
 * answers with an exit status ("X N") or the runtime to execute
 * ("E PATH"). Returns the exit status, or executes the runtime; -1 when
 * there is no server, it declines ("D why") or fails: the module then
 * decides here, as without a server. */
static int
ask_server (int argc, char **argv, long long started, bool hook)
{
  FastPolicy policy;
  char *path, *request;
  char reply[PATH_MAX + 16];
  size_t len;
  ssize_t n;
  int sock, wait_ms;
  struct pollfd p;

  if (!read_policy_fast (&policy))
    return -1;
  path = server_socket (&policy);
  wait_ms = policy.timeout == 0 ? -1 : (int) ((policy.timeout < 0 ? 10 : policy.timeout) + GUARD_WIRE_GRACE) * 1000;
  fast_policy_clear (&policy);
  sock = path ? connect_server (path) : -1;
  free (path);
  if (sock < 0)
    return -1;
  request = make_request (argc, argv, started, &len);
  p.fd = sock;
  p.events = POLLIN;
  n = -1;
  if (request && send_request (sock, request, len, hook) && poll (&p, 1, wait_ms) == 1)
    n = recv (sock, reply, sizeof reply - 1, 0);
  free (request);
  close (sock);
  if (n < 3 || reply[1] != ' ')
    return -1;
  reply[n] = '\0';
  if (reply[0] == 'X')
    return atoi (reply + 2);
  if (reply[0] == 'E' && reply[2] == '/')
    return exec_named_runtime (argv, reply + 2);
  return -1;
}

/* Where the decision module is: beside this program (a build tree), at
 * its installed place relative to this program (a moved installation),
 * then at its installed place. */
static char *
find_module (char *tried, size_t size)
{
  char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  char *slash;
  const char *candidates[3] = { NULL, NULL, OCI_GUARD_MODULE_DIR };
  char beside[PATH_MAX + 64] = "", relative[PATH_MAX + 256] = "";

  if (n > 0)
    {
      self[n] = '\0';
      slash = strrchr (self, '/');
      *slash = '\0';
      snprintf (beside, sizeof beside, "%s", self);
      snprintf (relative, sizeof relative, "%s/%s", self, OCI_GUARD_MODULE_DIR_FROM_BINDIR);
      candidates[0] = beside;
      candidates[1] = relative;
    }
  tried[0] = '\0';
  for (size_t i = 0; i < 3; i++)
    {
      char *path = NULL;
      if (candidates[i] == NULL || asprintf (&path, "%s/%s", candidates[i], GUARD_MODULE_FILE) < 0)
        continue;
      if (access (path, F_OK) == 0)
        return path;
      snprintf (tried + strlen (tried), size - strlen (tried), "%s%s", *tried ? ", " : "", path);
      free (path);
    }
  return NULL;
}

/* Hands the command over to the decision module. */
static int
run_module (int argc, char **argv, long long started)
{
  char tried[3 * PATH_MAX];
  char *path = find_module (tried, sizeof tried);
  void *module;
  GuardMainFunc guard_main;

  if (path == NULL)
    {
      fprintf (stderr, "%s: cannot find its decision module %s (looked for %s)\n", GUARD_PROGRAM,
               GUARD_MODULE_FILE, tried);
      return GUARD_EXIT_ERROR;
    }
  /* global: the built-in plugins bind to the libocirt and GLib it brings;
   * lazy: binding every function of a dozen libraries now would cost more
   * than the few the decision calls */
  module = dlopen (path, RTLD_LAZY | RTLD_GLOBAL);
  guard_main = module ? (GuardMainFunc) dlsym (module, GUARD_MAIN_SYMBOL) : NULL;
  if (guard_main == NULL)
    {
      fprintf (stderr, "%s: cannot load its decision module %s: %s\n", GUARD_PROGRAM, path, dlerror ());
      free (path);
      return GUARD_EXIT_ERROR;
    }
  free (path);
  return guard_main (argc, argv, started);
}

int
main (int argc, char **argv)
{
  long long started = monotonic_us ();
  int command = guard_skip_flags (argc, argv, 1, guard_global_flags, guard_n_global_flags, NULL, NULL);
  bool hook = argc == 2 && strcmp (argv[1], "hook") == 0;
  bool serve = argc >= 2 && strcmp (argv[1], "serve") == 0;
  bool create = command < argc && guard_is_create (argv[command]);
  bool active = getenv (GUARD_ACTIVE_ENV) != NULL;

  if (!hook && !serve && !create && !active)
    pass_through (argv);
  /* the loop check is the module's */
  if (hook || (create && !active))
    {
      int status = ask_server (argc, argv, started, hook);
      if (status >= 0)
        return status;
    }
  return run_module (argc, argv, started);
}
