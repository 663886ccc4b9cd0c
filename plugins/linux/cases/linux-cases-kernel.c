/* linux-cases-kernel.c — namespaces (asked inside the container, against
 * the inodes noted outside), user namespace mappings, the time
 * namespace, sysctls and seccomp filters enforced for real
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "linux-runtime.h"
#include "checks/linux-checks.h"
#include "inside/linux-inside.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY

static const char *const args_true[] = { "/bin/true", NULL };

/* ---- namespaces, asked inside the container --------------------------- */

/* linux.inside.namespaces compares the container's /proc/self/ns with the
 * inodes the configure functions note (linux_rt_annotate_namespaces()):
 * right also where the state pid is a sandbox, not the container. */
static const char *const inside_ns[] = { "linux.inside.namespaces", NULL };

/* ---- ns_itype: every namespace inherited but the mount namespace ------- */

/* The mount namespace stays: without it the runtime would mount /proc,
 * /dev and the rest into the runtime namespace, and leave them there. The
 * hostname goes: without a uts namespace it would be the host's. */
static const char *const opts_ns_inherit[] = {
  "--linux-namespace-remove=pid", "--linux-namespace-remove=network", "--linux-namespace-remove=ipc",
  "--linux-namespace-remove=uts", "--linux-namespace-remove=cgroup",  "--hostname=",
  NULL,
};

/* ---- ns_nopath: new namespaces of every type --------------------------- */

static const char *const opts_ns_new[] = {
  "--linux-namespace-add=cgroup",
  "--linux-uidmappings=100000:0:65536",
  "--linux-gidmappings=100000:0:65536",
  NULL,
};

static gboolean
open_bundle (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return linux_rt_open_bundle_path (rc, error);
}

/* The owner of the root filesystem before the case ("uid:gid"), to see
 * that the runtime did not chown it to realise the mappings. */
static char *
rootfs_owner (OciRuntimeContext *rc)
{
  struct stat st;

  if (stat (oci_runtime_context_get_rootfs (rc), &st) != 0)
    return NULL;
  return g_strdup_printf ("%u:%u", (unsigned) st.st_uid, (unsigned) st.st_gid);
}

static gboolean
open_bundle_note_owner (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  char *owner;

  if (!linux_rt_open_bundle_path (rc, error))
    return FALSE;
  if ((owner = rootfs_owner (rc)) == NULL)
    return linux_rt_setup_error (error, "cannot stat %s: %s", oci_runtime_context_get_rootfs (rc), g_strerror (errno));
  oci_runtime_context_set_data (rc, "linux-rootfs-owner", owner, g_free);
  return TRUE;
}

static gboolean
check_owner_kept (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const char *before = oci_runtime_context_get_data (rc, "linux-rootfs-owner");
  g_autofree char *after = rootfs_owner (rc);

  if (before == NULL)
    return TRUE; /* not configured: nothing was noted */
  if (g_strcmp0 (before, after) == 0)
    oci_check_pass (ctx, "linux.runtime.id-mappings.no-chown");
  else
    oci_check_fail_values (ctx, "linux.runtime.id-mappings.no-chown", "/linux/uidMappings", before,
                           after ? after : "(gone)", "the runtime changed the owner of the root filesystem");
  return TRUE;
}

static gboolean
open_bundle_note_ns (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return open_bundle (rc, config, error) && linux_rt_annotate_namespaces (rc, config, error);
}

static gboolean
needs_userns_cgroupns (OciRuntimeContext *rc, char **reason)
{
  if (!linux_rt_needs_userns (rc, reason))
    return FALSE;
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_CGROUPNS) == 0)
    {
      *reason = g_strdup ("the kernel has no cgroup namespaces");
      return FALSE;
    }
  return TRUE;
}

/* ---- ns_path: the namespaces of a helper process ----------------------- */

/* The helper, `unshare ... sleep`, killed (with its child) when the case
 * ends, however it ends. */
typedef struct
{
  GPid pid;
} NsHelper;

static void
ns_helper_free (gpointer data)
{
  NsHelper *h = data;

  if (h->pid > 0)
    {
      kill (h->pid, SIGKILL);
      waitpid (h->pid, NULL, 0);
    }
  g_free (h);
}

static const char *const helper_types[] = { "ipc", "uts", "network", "mount", "pid", "cgroup" };

static gboolean
has_unshare (OciRuntimeContext *rc, char **reason)
{
  g_autofree char *unshare = g_find_program_in_path ("unshare");

  if (unshare == NULL)
    {
      *reason = g_strdup ("no unshare(1) program (util-linux) to make the namespaces to join");
      return FALSE;
    }
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_ROOT) == 0)
    {
      *reason = g_strdup ("making namespaces to join needs root");
      return FALSE;
    }
  return TRUE;
}

/* Waits until the helper has unshared: its namespaces differ from ours. */
static gboolean
wait_unshared (OciRuntimeContext *rc, NsHelper *helper, GError **error)
{
  GPid pid = helper->pid;
  gint64 deadline = g_get_monotonic_time () + (gint64) oci_runtime_context_get_timeout_ms (rc) * 1000;
  g_autofree char *ours = linux_rt_ns_link (0, "pid_for_children");

  for (;;)
    {
      g_autofree char *pid_ns = linux_rt_ns_link (pid, "pid_for_children");
      g_autofree char *ipc_ns = linux_rt_ns_link (pid, "ipc");
      g_autofree char *our_ipc = linux_rt_ns_link (0, "ipc");

      /* unshare(1) makes them all with one call: two tell it happened. */
      if (pid_ns && ipc_ns && g_strcmp0 (pid_ns, ours) != 0 && g_strcmp0 (ipc_ns, our_ipc) != 0)
        return TRUE;
      /* Gone (reaped here or by the suite): it could not unshare. */
      if (waitpid (pid, NULL, WNOHANG) != 0)
        {
          helper->pid = 0; /* never signal a pid that may be reused */
          return linux_rt_setup_error (error, "unshare (pid %d) exited before making its namespaces", pid);
        }
      if (g_get_monotonic_time () > deadline)
        return linux_rt_setup_error (error, "unshare (pid %d) did not make its namespaces in time", pid);
      g_usleep (1000);
    }
}

static void
set_namespace_path (OciConfig *config, const char *type, const char *path)
{
  JsonArray *namespaces = oci_config_ensure_array (config, "/linux/namespaces");
  JsonObject *entry = NULL;

  for (guint i = 0; i < json_array_get_length (namespaces) && entry == NULL; i++)
    {
      JsonNode *n = json_array_get_element (namespaces, i);
      if (JSON_NODE_HOLDS_OBJECT (n)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (n), "type"), type) == 0)
        entry = json_node_get_object (n);
    }
  if (entry == NULL)
    {
      entry = json_object_new ();
      json_object_set_string_member (entry, "type", type);
      json_array_add_object_element (namespaces, entry);
    }
  json_object_set_string_member (entry, "path", path);
}

static gboolean
join_helper_namespaces (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  const char *argv[] = { "unshare", "--ipc", "--uts", "--net", "--mount", "--pid", "--cgroup", "--fork",
                         "--kill-child", "sleep", "60", NULL };
  NsHelper *helper = g_new0 (NsHelper, 1);

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                        | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &helper->pid, error))
    {
      g_free (helper);
      return FALSE;
    }
  oci_runtime_context_set_data (rc, "linux-ns-helper", helper, ns_helper_free);
  if (!wait_unshared (rc, helper, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (helper_types); i++)
    {
      const char *file = strcmp (helper_types[i], "pid") == 0       ? "pid_for_children"
                         : strcmp (helper_types[i], "network") == 0 ? "net"
                         : strcmp (helper_types[i], "mount") == 0   ? "mnt"
                                                                    : helper_types[i];
      g_autofree char *path = g_strdup_printf ("/proc/%d/ns/%s", helper->pid, file);
      set_namespace_path (config, helper_types[i], path);
    }
  return linux_rt_annotate_namespaces (rc, config, error);
}

/* ---- ns_path_type: a path of another namespace type -------------------- */

/* Each type gets the runtime namespace of another type, the pairs of the
 * Go suite. */
static gboolean
wrong_path (OciConfig *config, const char *type, const char *wrong_file)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/ns/%s", (int) getpid (), wrong_file);

  set_namespace_path (config, type, path);
  return TRUE;
}

#define WRONG_PATH(name, type, wrong) \
  static gboolean name (OciRuntimeContext *rc, OciConfig *config, GError **error) \
  { \
    return wrong_path (config, type, wrong); \
  }

WRONG_PATH (wrong_cgroup, "cgroup", "ipc")
WRONG_PATH (wrong_ipc, "ipc", "mnt")
WRONG_PATH (wrong_mount, "mount", "net")
WRONG_PATH (wrong_network, "network", "pid")
WRONG_PATH (wrong_pid, "pid", "user")
WRONG_PATH (wrong_uts, "uts", "cgroup")

static gboolean
wrong_user (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return linux_rt_open_bundle_path (rc, error) && wrong_path (config, "user", "uts");
}

/* The control: new namespaces instead of the wrong paths (a user
 * namespace without mappings would be refused for that: none at all). */
static void
drop_wrong_paths (OciConfig *config)
{
  JsonArray *namespaces = oci_config_get_array (config, "/linux/namespaces");

  for (guint i = namespaces ? json_array_get_length (namespaces) : 0; i > 0; i--)
    {
      JsonObject *entry = linux_check_object_at (namespaces, i - 1);

      if (entry == NULL || !json_object_has_member (entry, "path"))
        continue;
      if (g_strcmp0 (oci_json_object_get_string (entry, "type"), "user") == 0)
        json_array_remove_element (namespaces, i - 1);
      else
        json_object_remove_member (entry, "path");
    }
}

static gboolean
check_wrong_type_refused (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused (rc, ctx, "linux.runtime.namespaces.path-type", drop_wrong_paths, NULL, error);
}

static const OciRuntimeStep refused_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_wrong_type_refused },
  { OCI_RUNTIME_STEP_END },
};

/* ---- user namespace mappings and the time namespace -------------------- */

static const char *const inside_id_mappings[] = { "linux.inside.id-mappings", NULL };
static const char *const opts_id_mappings[] = {
  "--linux-uidmappings=100000:0:65536",
  "--linux-gidmappings=200000:0:1000",
  "--linux-gidmappings=300000:1000:64536",
  NULL,
};

static const char *const inside_time[] = { "linux.inside.time-offsets", NULL };

/* A runtime that cannot make a time namespace fails a SHOULD; the
 * offsets are only checked in one it made. */
static const OciRuntimeStep time_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "linux.runtime.namespaces.supported" },
  { OCI_RUNTIME_STEP_START },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE },
  { OCI_RUNTIME_STEP_END },
};
static const char *const opts_time[] = {
  "--linux-namespace-add=time",
  "--linux-time-offset=monotonic:86400",
  "--linux-time-offset=boottime:172800:500",
  NULL,
};

/* The time namespace option refuses releases before 1.1.0 as a value
 * error: decide here. */
static gboolean
has_time_namespace (OciRuntimeContext *rc, char **reason)
{
  if (!linux_rt_since_release (rc, "1.1.0", "time namespaces are", reason))
    return FALSE;
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_TIMENS) == 0)
    {
      *reason = g_strdup ("the kernel has no time namespaces");
      return FALSE;
    }
  return TRUE;
}

static gboolean
note_boottime (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  struct timespec now;
  g_autofree char *value = NULL;

  if (clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return linux_rt_setup_error (error, "clock_gettime (CLOCK_BOOTTIME): %s", g_strerror (errno));
  value = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) now.tv_sec);
  linux_rt_annotate (config, LINUX_ANNOTATION_BOOTTIME, value);
  return TRUE;
}

/* ---- sysctl ------------------------------------------------------------ */

static const char *const inside_sysctl[] = { "linux.inside.sysctl", NULL };
static const char *const opts_sysctl[] = {
  "--linux-sysctl=net.ipv4.ip_forward=1",
  "--linux-sysctl=net.ipv4.ip_local_port_range=40000 50000",
  "--linux-sysctl=kernel.shm_rmid_forced=1",
  "--linux-sysctl=net/ipv4/tcp_syncookies=0",
  NULL,
};

/* ---- seccomp ----------------------------------------------------------- */

static const char *const inside_seccomp[] = { "linux.inside.seccomp", NULL };

/* Allowed by default; mkdir fails with EPERM, getpriority is traced
 * (ENOSYS without a tracer). */
static const char *const opts_seccomp[] = {
  "--linux-seccomp-default=allow",
  "--linux-seccomp-errno=mkdir",
  "--linux-seccomp-trace=getpriority",
  NULL,
};

/* errnoRet: rmdir and chmod fail with EXDEV (18). */
static const char *const opts_seccomp_errno_ret[] = {
  "--linux-seccomp-default=allow",
  "--linux-seccomp-errno-ret=rmdir,chmod=18",
  NULL,
};

/* The default profile, its default action answering EOPNOTSUPP (95). */
static const char *const opts_seccomp_default_errno[] = { "--linux-seccomp-default-errno-ret=95", NULL };

static gboolean
has_seccomp (OciRuntimeContext *rc, char **reason)
{
  if ((oci_runtime_context_get_host (rc) & OCI_HOST_SECCOMP) == 0)
    {
      *reason = g_strdup ("the kernel has no seccomp filters");
      return FALSE;
    }
  return TRUE;
}

/* ---- the table --------------------------------------------------------- */

static const char *const rq_ns_path_type[] = { "linux.runtime.namespaces.path-type", NULL };

#define NS_PATH_TYPE(type, configure) \
  { "linux.ns_path_type." type, "a " type " namespace path of another type is an error", NULL, args_true, NULL, \
    refused_steps, OCI_HOST_ROOT, NULL, configure, .requirements = rq_ns_path_type }

/* The requirement rows each case tests beyond those its steps and inside
 * checkers name (see OciRuntimeCase.requirements). */
static const char *const rq_ns_itype[] = { "linux.runtime.namespaces.inherit", "linux.runtime.namespaces.new", NULL };
static const char *const rq_ns_nopath[] = { "linux.runtime.namespaces.new", NULL };
static const char *const rq_uid_mappings[] = { "linux.runtime.id-mappings.no-chown", NULL };
static const char *const rq_ns_path[] = { "linux.runtime.namespaces.path", NULL };

const OciRuntimeCase linux_kernel_cases[] = {
  { "linux.ns_itype", "namespaces not listed are inherited from the runtime", opts_ns_inherit, NULL, inside_ns,
    NULL, OCI_HOST_ROOT, NULL, linux_rt_annotate_namespaces, NULL, 0, rq_ns_itype },
  { "linux.ns_nopath", "a namespace without path is a new one, for every type", opts_ns_new, NULL, inside_ns,
    NULL, 0, needs_userns_cgroupns, open_bundle_note_ns, NULL, 0, rq_ns_nopath },
  { "linux.ns_path", "a namespace with a path is the one at that path", NULL, NULL, inside_ns, NULL, 0,
    has_unshare, join_helper_namespaces, NULL, 0, rq_ns_path },
  NS_PATH_TYPE ("cgroup", wrong_cgroup),
  NS_PATH_TYPE ("ipc", wrong_ipc),
  NS_PATH_TYPE ("mount", wrong_mount),
  NS_PATH_TYPE ("network", wrong_network),
  NS_PATH_TYPE ("pid", wrong_pid),
  NS_PATH_TYPE ("uts", wrong_uts),
  NS_PATH_TYPE ("user", wrong_user),
  { "linux.uid_mappings", "the user namespace has the uid and gid mappings", opts_id_mappings, NULL,
    inside_id_mappings, NULL, 0, linux_rt_needs_userns, open_bundle_note_owner, check_owner_kept,
    .requirements = rq_uid_mappings },
  { "linux.time_offsets", "the time namespace has the clock offsets", opts_time, NULL, inside_time, time_steps,
    0, has_time_namespace, note_boottime },
  { "linux.sysctl", "the kernel parameters have their values in the container", opts_sysctl, NULL, inside_sysctl },
  { "linux.seccomp", "denied system calls fail with EPERM, traced ones with ENOSYS, others run", opts_seccomp,
    NULL, inside_seccomp, NULL, 0, has_seccomp },
  { "linux.seccomp.errno_ret", "denied system calls fail with their errnoRet", opts_seccomp_errno_ret, NULL,
    inside_seccomp, NULL, 0, has_seccomp },
  { "linux.seccomp.default", "the default profile: calls it does not list fail with EPERM", NULL, NULL,
    inside_seccomp, NULL, 0, has_seccomp },
  { "linux.seccomp.default_errno_ret", "calls the profile does not list fail with defaultErrnoRet",
    opts_seccomp_default_errno, NULL, inside_seccomp, NULL, 0, has_seccomp },
};

const gsize linux_n_kernel_cases = G_N_ELEMENTS (linux_kernel_cases);
