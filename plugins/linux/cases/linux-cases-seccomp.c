/* linux-cases-seccomp.c — the seccomp fields beyond the rules:
 * errnoRet and defaultErrnoRet (used, and refused with an action that
 * returns no errno), architectures, flags, and the notify socket
 *
 * The notify socket: the suite itself is the seccomp agent. It listens
 * on a socket of its own (listenerPath), and a thread takes the one
 * connection the runtime makes during create: the container process
 * state as JSON, the seccomp file descriptor with SCM_RIGHTS, the
 * connection closed after. The check compares every field with the
 * container and the config. Then the thread answers the notifications on
 * the descriptor: the container's ionice(1) asks ioprio_get(2) and gets
 * AGENT_ANSWER (class best-effort, level 7), which it prints; a call of
 * the runtime's own init goes on as if unfiltered. (A call the runtime
 * makes between loading the filter and handing the descriptor over would
 * hang it: a notify rule on getppid hung runc 1.1's create here; neither
 * runc nor crun calls ioprio_get.)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* accept4, MSG_CMSG_CLOEXEC */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <seccomp.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY
#define U OCI_RUNTIME_EXPECT_SUPPORTED

static const OciRequirement seccomp_requirements[] = {
  /* The fields' own text has no keyword for what they do: runtime.md's
   * create makes it binding ("all of the properties configured in
   * config.json except for process MUST be applied"). */
  { "linux.runtime.seccomp.errno-ret", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "a rule's calls fail with its errnoRet, EPERM when it has none" },
  { "linux.runtime.seccomp.default-errno-ret", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "calls no rule names fail with defaultErrnoRet" },
  { "linux.runtime.seccomp.architectures", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "the filter holds for the system calls of every listed architecture" },
  { "linux.runtime.seccomp.flags", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "the filter is loaded with the listed flags" },
  { "linux.runtime.seccomp.listener.metadata", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "listenerMetadata is sent as the metadata of the container process state" },
  { "linux.runtime.seccomp.listener.ignored", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.1.0", NULL,
    "without an SCMP_ACT_NOTIFY rule listenerPath is ignored" },
  /* Keywords of config-linux.md itself. */
  { "linux.runtime.seccomp.errno-ret.unsupported", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.1.0",
    NULL, "errnoRet with an action that returns no errno: the runtime MUST print an error and fail" },
  { "linux.runtime.seccomp.default-errno-ret.unsupported", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp",
    "1.1.0", NULL, "defaultErrnoRet with a defaultAction that returns no errno: the runtime MUST print an error and "
    "fail" },
  { "linux.runtime.seccomp.listener.state", OCI_LEVEL_MUST, "config-linux.md", "containerprocessstate", "1.1.0",
    NULL, "the runtime MUST send the container process state (ociVersion, fds, pid, metadata, state) as JSON over "
    "the listenerPath socket, file descriptors with SCM_RIGHTS, in the first sendmsg only" },
  { "linux.runtime.seccomp.listener.connection", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.1.0",
    NULL, "the runtime MUST send exactly one container process state per connection and MUST close it after" },
  { "linux.runtime.seccomp.listener.seccomp-fd", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.1.0",
    NULL, "the seccomp file descriptor is sent with SCM_RIGHTS and named seccompFd in fds (REQUIRED)" },
  { "linux.runtime.seccomp.listener.send-fail", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.1.0",
    NULL, "if sending to the listenerPath socket fails, the runtime MUST generate an error" },
};

static const char *const args_true[] = { "/bin/true", NULL };
static const char *const args_ionice[] = { "/bin/ionice", NULL };

/* ---- which release, which host ----------------------------------------- */

static gboolean
has_seccomp_since (OciRuntimeContext *rc, const char *release, char **reason)
{
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_SECCOMP) == 0)
    {
      *reason = g_strdup ("the kernel has no seccomp filters");
      return FALSE;
    }
  return linux_rt_since_release (rc, release, "the fields of this case are", reason);
}

static gboolean
since_1_0 (OciRuntimeContext *rc, char **reason)
{
  return has_seccomp_since (rc, "1.0.0", reason);
}

static gboolean
since_1_1 (OciRuntimeContext *rc, char **reason)
{
  return has_seccomp_since (rc, "1.1.0", reason);
}

/* ---- profiles ---------------------------------------------------------- */

static JsonObject *
new_profile (OciConfig *config, const char *default_action)
{
  JsonObject *seccomp = json_object_new ();

  json_object_set_string_member (seccomp, "defaultAction", default_action);
  json_object_set_array_member (seccomp, "syscalls", json_array_new ());
  json_object_set_object_member (oci_config_ensure_object (config, "/linux"), "seccomp", seccomp);
  return seccomp;
}

/* A rule for one call; @errno_ret < 0: none. */
static void
add_rule (JsonObject *seccomp, const char *name, const char *action, gint64 errno_ret)
{
  JsonObject *rule = json_object_new ();
  JsonArray *names = json_array_new ();

  json_array_add_string_element (names, name);
  json_object_set_array_member (rule, "names", names);
  json_object_set_string_member (rule, "action", action);
  if (errno_ret >= 0)
    json_object_set_int_member (rule, "errnoRet", errno_ret);
  json_array_add_object_element (json_object_get_array_member (seccomp, "syscalls"), rule);
}

static void
add_strings (JsonObject *object, const char *member, const char *const *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values[i]; i++)
    json_array_add_string_element (array, values[i]);
  json_object_set_array_member (object, member, array);
}

/* The native architecture and its companions, as libseccomp names them. */
static const char *const native_architectures[] = {
#if defined(__x86_64__)
  "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
#elif defined(__aarch64__)
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",
#endif
  NULL,
};

static const char *const filter_flags[] = { "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", NULL };

/* ---- fields: errnoRet, architectures, flags ---------------------------- */

/* Allowed by default; mkdir fails with EXDEV (18), rmdir with EPERM (no
 * errnoRet); the architectures of this machine. errnoRet is new in
 * 1.1.0: before, mkdir gets EPERM too. */
static gboolean
configure_fields (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *seccomp = new_profile (config, "SCMP_ACT_ALLOW");
  gboolean v11 = oci_semver_compare_strings (oci_runtime_context_get_release (rc), "1.1.0") >= 0;

  add_rule (seccomp, "mkdir", "SCMP_ACT_ERRNO", v11 ? 18 : -1);
  add_rule (seccomp, "rmdir", "SCMP_ACT_ERRNO", -1);
  if (native_architectures[0])
    add_strings (seccomp, "architectures", native_architectures);
  return TRUE;
}

/* The same profile with two flags, in a case of its own: a runtime may
 * refuse flags it does not support (runc 1.1 does). */
static gboolean
configure_flags (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *seccomp = new_profile (config, "SCMP_ACT_ALLOW");

  add_rule (seccomp, "mkdir", "SCMP_ACT_ERRNO", 18);
  add_strings (seccomp, "flags", filter_flags);
  return TRUE;
}

/* The default profile, its default action answering ENOSYS (38): the
 * answer a runtime and libc take for "not there" (EOPNOTSUPP makes runc
 * fail its own exec). */
static const char *const opts_default_errno[] = { "--linux-seccomp-default-errno-ret=38", NULL };

static const char *const inside_fields[] = { "linux.inside.seccomp-fields", NULL };

/* A flag this runtime or kernel does not have is refused cleanly: a skip. */
static const OciRuntimeStep fields_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, U },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};

/* ---- errnoRet with an action that returns none ------------------------- */

static gboolean
configure_errno_ret_allow (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  add_rule (new_profile (config, "SCMP_ACT_ALLOW"), "getpriority", "SCMP_ACT_ALLOW", 18);
  return TRUE;
}

static gboolean
configure_default_errno_ret_allow (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *seccomp = new_profile (config, "SCMP_ACT_ALLOW");

  json_object_set_int_member (seccomp, "defaultErrnoRet", 18);
  add_rule (seccomp, "mkdir", "SCMP_ACT_ERRNO", -1);
  return TRUE;
}

static void
drop_errno_rets (OciConfig *config)
{
  JsonObject *seccomp = oci_config_get_object (config, "/linux/seccomp");
  JsonArray *rules = seccomp ? oci_json_object_get_array (seccomp, "syscalls") : NULL;

  if (seccomp)
    json_object_remove_member (seccomp, "defaultErrnoRet");
  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    json_object_remove_member (json_array_get_object_element (rules, i), "errnoRet");
}


/* ---- the notify socket: the agent -------------------------------------- */

#define AGENT_KEY "linux-seccomp-agent"
#define AGENT_ANSWER ((2 << 13) | 7) /* IOPRIO_PRIO_VALUE (IOPRIO_CLASS_BE, 7) */
#define AGENT_PRINTED "best-effort: prio 7"
#define MAX_FDS 8
#define MAX_STATE (64 * 1024)

/* What the agent received on its one connection. */
typedef struct
{
  char *dir;       /* the agent's folder (a short path: sun_path is small) */
  char *socket;    /* dir/agent.sock */
  int listen_fd;
  GThread *thread;
  gint64 deadline; /* monotonic µs */
  gboolean stop;   /* atomic: the case ends */
  gboolean done;   /* atomic: the thread ended */
  gboolean received; /* atomic: the state is in; what follows is fixed */
  /* Written by the thread before done: */
  gboolean connected;
  GString *data;
  int fds[MAX_FDS];
  guint n_fds;
  char *fd_kinds[MAX_FDS]; /* what each received descriptor is (readlink) */
  gboolean late_fds;       /* descriptors after the first message */
  gboolean closed;         /* the runtime closed the connection */
  gboolean second;         /* a second connection came */
  char *failure;           /* the agent's own fault */
} SeccompAgent;

static void
agent_free (gpointer data)
{
  SeccompAgent *agent = data;

  g_atomic_int_set (&agent->stop, TRUE);
  if (agent->thread)
    g_thread_join (agent->thread);
  if (agent->listen_fd >= 0)
    close (agent->listen_fd);
  for (guint i = 0; i < agent->n_fds; i++)
    {
      close (agent->fds[i]);
      g_free (agent->fd_kinds[i]);
    }
  if (agent->socket)
    g_unlink (agent->socket);
  if (agent->dir)
    g_rmdir (agent->dir);
  if (agent->data)
    g_string_free (agent->data, TRUE);
  g_free (agent->socket);
  g_free (agent->dir);
  g_free (agent->failure);
  g_free (agent);
}

/* Waits for @fd to be readable, a tick at a time so a stop is seen. */
static gboolean
agent_wait (SeccompAgent *agent, int fd)
{
  while (!g_atomic_int_get (&agent->stop) && g_get_monotonic_time () < agent->deadline)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      if (poll (&p, 1, 50) > 0)
        return TRUE;
    }
  return FALSE;
}

static void
agent_keep_fds (SeccompAgent *agent, struct msghdr *msg, gboolean first)
{
  for (struct cmsghdr *c = CMSG_FIRSTHDR (msg); c; c = CMSG_NXTHDR (msg, c))
    {
      int *fds = (int *) CMSG_DATA (c);
      guint n = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);

      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        continue;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fds[i]);
          if (!first)
            agent->late_fds = TRUE;
          if (agent->n_fds == MAX_FDS)
            {
              close (fds[i]);
              continue;
            }
          agent->fd_kinds[agent->n_fds] = g_file_read_link (link, NULL);
          agent->fds[agent->n_fds++] = fds[i];
        }
    }
}

/* Reads the connection until the runtime closes it (or the deadline). */
static void
agent_read (SeccompAgent *agent, int conn)
{
  gboolean first = TRUE;

  while (agent->data->len < MAX_STATE && agent_wait (agent, conn))
    {
      char buf[4096];
      union
      {
        char bytes[CMSG_SPACE (MAX_FDS * sizeof (int))];
        struct cmsghdr align;
      } control;
      struct iovec iov = { buf, sizeof buf };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                            .msg_controllen = sizeof control.bytes };
      ssize_t n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          agent->closed = n == 0;
          return;
        }
      agent_keep_fds (agent, &msg, first);
      g_string_append_len (agent->data, buf, n);
      first = FALSE;
    }
}

/* Whether the process @pid runs the container's program (not the
 * runtime's init, which has the same pid before its exec). */
static gboolean
is_program (guint32 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/comm", pid);
  g_autofree char *comm = NULL;

  return g_file_get_contents (path, &comm, NULL, NULL) && strcmp (g_strstrip (comm), "ionice") == 0;
}

/* Answers the notifications of @fd until the case ends: the program's
 * ioprio_get gets AGENT_ANSWER, anything else goes on unfiltered. */
static void
agent_serve (SeccompAgent *agent, int fd)
{
  struct seccomp_notif *req = NULL;
  struct seccomp_notif_resp *resp = NULL;
  int notified_nr = seccomp_syscall_resolve_name ("ioprio_get");

  if (seccomp_notify_alloc (&req, &resp) != 0)
    return;
  while (!g_atomic_int_get (&agent->stop))
    {
      struct pollfd p = { fd, POLLIN, 0 };

      if (poll (&p, 1, 50) <= 0)
        continue;
      if ((p.revents & POLLIN) == 0 || seccomp_notify_receive (fd, req) != 0)
        break; /* every task of the filter is gone */
      memset (resp, 0, sizeof *resp);
      resp->id = req->id;
      if (req->data.nr == notified_nr && is_program (req->pid))
        resp->val = AGENT_ANSWER;
      else
        resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      seccomp_notify_respond (fd, resp);
    }
  seccomp_notify_free (req, resp);
}

static gpointer
agent_run (gpointer data)
{
  SeccompAgent *agent = data;
  int conn;

  if (agent_wait (agent, agent->listen_fd) && (conn = accept4 (agent->listen_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    {
      agent->connected = TRUE;
      agent_read (agent, conn);
      close (conn);
      /* A moment for a second connection, which must not come. */
      struct pollfd p = { agent->listen_fd, POLLIN, 0 };
      agent->second = poll (&p, 1, 100) > 0;
    }
  g_atomic_int_set (&agent->received, TRUE);
  for (guint i = 0; i < agent->n_fds; i++)
    if (g_strcmp0 (agent->fd_kinds[i], "anon_inode:seccomp notify") == 0)
      {
        agent_serve (agent, agent->fds[i]);
        break;
      }
  g_atomic_int_set (&agent->done, TRUE);
  return NULL;
}

static gboolean
agent_listen (SeccompAgent *agent, GError **error)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };

  if (strlen (agent->socket) >= sizeof addr.sun_path)
    return linux_rt_setup_error (error, "%s: too long for a socket address", agent->socket);
  strcpy (addr.sun_path, agent->socket);
  agent->listen_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (agent->listen_fd < 0 || bind (agent->listen_fd, (struct sockaddr *) &addr, sizeof addr) != 0
      || listen (agent->listen_fd, 2) != 0)
    return linux_rt_setup_error (error, "%s: cannot listen: %s", agent->socket, g_strerror (errno));
  return TRUE;
}

static char *
metadata_of (OciRuntimeContext *rc)
{
  return g_strdup_printf ("ort-agent;id=%s", oci_runtime_context_get_id (rc));
}

/* The profile: ioprio_get goes to the agent; everything else is allowed. */
static gboolean
configure_notify (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  SeccompAgent *agent = g_new0 (SeccompAgent, 1);
  JsonObject *seccomp;
  g_autofree char *metadata = metadata_of (rc);

  agent->listen_fd = -1;
  agent->data = g_string_new (NULL);
  oci_runtime_context_set_data (rc, AGENT_KEY, agent, agent_free);
  /* /tmp, not the bundle: a socket path has at most 107 bytes. */
  agent->dir = g_dir_make_tmp ("ort-agent-XXXXXX", error);
  if (agent->dir == NULL)
    return FALSE;
  agent->socket = g_build_filename (agent->dir, "agent.sock", NULL);
  if (!agent_listen (agent, error))
    return FALSE;
  agent->deadline = g_get_monotonic_time () + (gint64) oci_runtime_context_get_timeout_ms (rc) * 2000;
  agent->thread = g_thread_new ("ort-seccomp-agent", agent_run, agent);
  seccomp = new_profile (config, "SCMP_ACT_ALLOW");
  json_object_set_string_member (seccomp, "listenerPath", agent->socket);
  json_object_set_string_member (seccomp, "listenerMetadata", metadata);
  add_rule (seccomp, "ioprio_get", "SCMP_ACT_NOTIFY", -1);
  return TRUE;
}

/* ---- the notify socket: what the agent received ------------------------ */

static void
check_fds (OciCheckContext *ctx, SeccompAgent *agent, JsonObject *o)
{
  JsonArray *names = oci_json_object_get_array (o, "fds");
  gint at = -1;

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    if (g_strcmp0 (oci_json_array_get_string (names, i), "seccompFd") == 0)
      at = (gint) i;
  if (at < 0)
    oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.seccomp-fd", "/linux/seccomp/listenerPath",
                           "\"seccompFd\" in fds", "none", "the state names no seccompFd");
  else if ((guint) at >= agent->n_fds)
    oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.seccomp-fd", "/linux/seccomp/listenerPath",
                           "a descriptor for each name of fds", agent->n_fds ? "fewer" : "none",
                           "seccompFd names a descriptor that was not sent with SCM_RIGHTS");
  else if (g_strcmp0 (agent->fd_kinds[at], "anon_inode:seccomp notify") != 0)
    oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.seccomp-fd", "/linux/seccomp/listenerPath",
                           "anon_inode:seccomp notify", agent->fd_kinds[at],
                           "the descriptor named seccompFd is no seccomp listener");
  else
    oci_check_pass (ctx, "linux.runtime.seccomp.listener.seccomp-fd");
  oci_check_expect (ctx, !agent->late_fds, "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "descriptors came after the first sendmsg");
  oci_check_expect (ctx, names == NULL || json_array_get_length (names) == agent->n_fds,
                    "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "fds names %u descriptors, %u came", names ? json_array_get_length (names) : 0, agent->n_fds);
}

/* The container process state's fields against the container. */
static void
check_state_fields (OciRuntimeContext *rc, OciCheckContext *ctx, JsonObject *o)
{
  JsonObject *state = oci_json_object_get_object (o, "state");
  g_autofree char *metadata = metadata_of (rc);
  const char *status = state ? oci_json_object_get_string (state, "status") : NULL;
  gint64 pid = 0, state_pid = 0;

  oci_check_expect (ctx, oci_json_object_get_string (o, "ociVersion") != NULL, "linux.runtime.seccomp.listener.state",
                    "/linux/seccomp/listenerPath", "the container process state has no ociVersion");
  oci_check_expect (ctx, oci_json_object_get_int (o, "pid", &pid) && pid > 0, "linux.runtime.seccomp.listener.state",
                    "/linux/seccomp/listenerPath", "the container process state has no pid");
  if (!oci_check_expect (ctx, state != NULL, "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                         "the container process state has no state"))
    return;
  oci_check_expect (ctx, g_strcmp0 (oci_json_object_get_string (state, "id"), oci_runtime_context_get_id (rc)) == 0,
                    "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "the state names container %s, not %s", oci_json_object_get_string (state, "id"),
                    oci_runtime_context_get_id (rc));
  oci_check_expect (ctx, g_strcmp0 (oci_json_object_get_string (state, "bundle"),
                                    oci_runtime_context_get_bundle (rc)) == 0,
                    "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "the state's bundle is %s", oci_json_object_get_string (state, "bundle"));
  oci_check_expect (ctx, g_strcmp0 (status, "creating") == 0 || g_strcmp0 (status, "created") == 0,
                    "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "the state's status is %s during create", status);
  oci_check_expect (ctx, !oci_json_object_get_int (state, "pid", &state_pid) || state_pid == pid,
                    "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                    "the process state's pid %" G_GINT64_FORMAT " is not its state's %" G_GINT64_FORMAT, pid,
                    state_pid);
  if (g_strcmp0 (oci_json_object_get_string (o, "metadata"), metadata) == 0)
    oci_check_pass (ctx, "linux.runtime.seccomp.listener.metadata");
  else
    oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.metadata", "/linux/seccomp/listenerMetadata",
                           metadata, oci_json_object_get_string (o, "metadata"),
                           "the metadata is not the config's listenerMetadata");
}

static gboolean
check_notify (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  SeccompAgent *agent = oci_runtime_context_get_data (rc, AGENT_KEY);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  /* The state is sent during create: a moment more is all it may take. */
  for (int i = 0; i < 100 && !g_atomic_int_get (&agent->received); i++)
    g_usleep (10000);
  if (!g_atomic_int_get (&agent->received))
    {
      g_atomic_int_set (&agent->stop, TRUE);
      g_thread_join (g_steal_pointer (&agent->thread));
    }
  if (!agent->connected)
    {
      oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.state", "/linux/seccomp/listenerPath",
                             "a connection during create", "none", "the runtime never connected to %s",
                             agent->socket);
      return TRUE;
    }
  oci_check_expect (ctx, agent->closed && !agent->second, "linux.runtime.seccomp.listener.connection",
                    "/linux/seccomp/listenerPath", agent->closed ? "the runtime connected a second time"
                                                                 : "the runtime did not close the connection");
  if (!json_parser_load_from_data (parser, agent->data->str, agent->data->len, &local)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.connection", "/linux/seccomp/listenerPath",
                             "one JSON object", local ? local->message : "not an object",
                             "the connection did not carry exactly one container process state");
      return TRUE;
    }
  check_fds (ctx, agent, json_node_get_object (root));
  check_state_fields (rc, ctx, json_node_get_object (root));
  return TRUE;
}

/* The program printed the agent's answer: the descriptor was the live
 * listener of the container's filter. */
static gboolean
check_answered (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *out = oci_runtime_context_read_stdout (rc);
  const char *want = AGENT_PRINTED;

  if (out)
    g_strstrip (out);
  if (g_strcmp0 (out, want) == 0)
    oci_check_pass (ctx, "linux.runtime.seccomp.listener.seccomp-fd");
  else
    oci_check_fail_values (ctx, "linux.runtime.seccomp.listener.seccomp-fd", "/linux/seccomp/listenerPath", want,
                           out ? out : "(nothing)",
                           "the container's ioprio_get was not answered through the descriptor named "
                           "seccompFd");
  return TRUE;
}

static const OciRuntimeStep notify_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, U, NULL, NULL, check_notify },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S, NULL, NULL, check_answered },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the notify socket: nobody listens --------------------------------- */

/* listenerPath names a socket of the bundle no one listens on. */
static void
set_dead_listener (OciRuntimeContext *rc, JsonObject *seccomp)
{
  g_autofree char *path = oci_runtime_context_bundle_path (rc, "none.sock");

  json_object_set_string_member (seccomp, "listenerPath", path);
}

static gboolean
configure_send_fail (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *seccomp = new_profile (config, "SCMP_ACT_ALLOW");

  set_dead_listener (rc, seccomp);
  add_rule (seccomp, "getpriority", "SCMP_ACT_NOTIFY", -1);
  return TRUE;
}

static void
drop_listener (OciConfig *config)
{
  oci_config_remove (config, "/linux/seccomp");
}

/* ---- refusals: each case's control config ------------------------------ */

static const LinuxRtRefusal refusals[] = {
  { "linux.seccomp.errno_ret_allow", drop_errno_rets },
  { "linux.seccomp.default_errno_ret_allow", drop_errno_rets },
  { "linux.seccomp.notify_send_fail", drop_listener },
};

static gboolean
check_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused_by_case (rc, ctx, refusals, G_N_ELEMENTS (refusals), error);
}

static const OciRuntimeStep refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_refused },
  { OCI_RUNTIME_STEP_END },
};

/* The same dead socket without a notify rule: nothing to send, create
 * and start go through. */
static gboolean
configure_ignored (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  JsonObject *seccomp = new_profile (config, "SCMP_ACT_ALLOW");

  set_dead_listener (rc, seccomp);
  add_rule (seccomp, "getpriority", "SCMP_ACT_ERRNO", -1);
  return TRUE;
}

static const OciRuntimeStep ignored_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "linux.runtime.seccomp.listener.ignored" },
  { OCI_RUNTIME_STEP_START, NULL, S, "linux.runtime.seccomp.listener.ignored" },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the table --------------------------------------------------------- */

static const char *const reqs_fields[] = {
  "linux.runtime.seccomp.errno-ret", "linux.runtime.seccomp.architectures", NULL,
};
static const char *const reqs_flags[] = { "linux.runtime.seccomp.flags", "linux.runtime.seccomp.errno-ret", NULL };
static const char *const reqs_default[] = { "linux.runtime.seccomp.default-errno-ret", NULL };
static const char *const reqs_errno_ret_refused[] = { "linux.runtime.seccomp.errno-ret.unsupported", NULL };
static const char *const reqs_default_refused[] = { "linux.runtime.seccomp.default-errno-ret.unsupported", NULL };
static const char *const reqs_notify[] = {
  "linux.runtime.seccomp.listener.state", "linux.runtime.seccomp.listener.connection",
  "linux.runtime.seccomp.listener.seccomp-fd", "linux.runtime.seccomp.listener.metadata", NULL,
};
static const char *const reqs_send_fail[] = { "linux.runtime.seccomp.listener.send-fail", NULL };
static const char *const reqs_ignored[] = { "linux.runtime.seccomp.listener.ignored", NULL };

static const OciRuntimeCase seccomp_cases[] = {
  { "linux.seccomp.fields", "errnoRet (and EPERM without) and the listed architectures hold", NULL, NULL,
    inside_fields, fields_steps, 0, since_1_0, configure_fields, NULL, 0, reqs_fields },
  { "linux.seccomp.flags", "a filter with flags is installed as they say", NULL, NULL, inside_fields, fields_steps,
    0, since_1_1, configure_flags, NULL, 0, reqs_flags },
  { "linux.seccomp.default_errno_value", "calls the default profile does not list fail with defaultErrnoRet",
    opts_default_errno, NULL, inside_fields, NULL, 0, since_1_1, NULL, NULL, 0, reqs_default },
  { "linux.seccomp.errno_ret_allow", "errnoRet on an SCMP_ACT_ALLOW rule is an error", NULL, args_true, NULL,
    refused_steps, 0, since_1_1, configure_errno_ret_allow, NULL, 0, reqs_errno_ret_refused },
  { "linux.seccomp.default_errno_ret_allow", "defaultErrnoRet with defaultAction SCMP_ACT_ALLOW is an error", NULL,
    args_true, NULL, refused_steps, 0, since_1_1, configure_default_errno_ret_allow, NULL, 0,
    reqs_default_refused },
  { "linux.seccomp.notify", "the runtime sends the container process state and the seccomp fd to listenerPath",
    NULL, args_ionice, NULL, notify_steps, 0, since_1_1, configure_notify, NULL, 0, reqs_notify },
  { "linux.seccomp.notify_send_fail", "a listenerPath no one listens on is an error", NULL, args_true, NULL,
    refused_steps, 0, since_1_1, configure_send_fail, NULL, 0, reqs_send_fail },
  { "linux.seccomp.listener_ignored", "listenerPath without an SCMP_ACT_NOTIFY rule is ignored", NULL, args_true,
    NULL, ignored_steps, 0, since_1_1, configure_ignored, NULL, 0, reqs_ignored },
};

/**
 * linux_register_seccomp_cases:
 * @plugin: the linux plugin
 *
 * Registers the rows and cases of the seccomp fields and notify socket.
 */
void
linux_register_seccomp_cases (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, seccomp_requirements, G_N_ELEMENTS (seccomp_requirements));
  oci_plugin_add_runtime_cases (plugin, seccomp_cases, G_N_ELEMENTS (seccomp_cases));
}
