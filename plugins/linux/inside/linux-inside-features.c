/* linux-inside-features.c — the effects of what a runtime's features
 * document advertises, seen from the container: each mount option on a
 * mount of its own, seccomp actions that kill or trap
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>

#include "linux-inside.h"

#define FEATURES_MOUNTS_REQ "linux.runtime.mounts.option-effect"
#define FEATURES_MOUNTS_REC_REQ "linux.runtime.mounts.option-effect.recursive"

/* ---- mount options ----------------------------------------------------- */

typedef enum
{
  SEEN_MOUNT,       /* a per-mount option of mountinfo */
  SEEN_SUPER,       /* a per-superblock option of mountinfo */
  SEEN_PROPAGATION, /* an optional field ("shared:", "unbindable") */
  SEEN_MARKER,      /* the marker file is there (a bind, tmpcopyup) */
} Seen;

/* What the mount table shows of an option: @flag present (or absent when
 * @present is FALSE). Options missing here show nothing there (acl,
 * iversion, silent, defaults, mand on kernels without mandatory locking,
 * norelatime and nostrictatime, whose mount is relatime by the kernel's
 * default): accepting them is all that can be seen. */
static const struct
{
  const char *option;
  Seen seen;
  const char *flag;
  gboolean present;
  gboolean recursive; /* an AT_RECURSIVE option: a SHOULD of 1.1.0 */
} evidence[] = {
  { "ro", SEEN_MOUNT, "ro", TRUE, FALSE },
  { "rro", SEEN_MOUNT, "ro", TRUE, TRUE },
  { "rw", SEEN_MOUNT, "rw", TRUE, FALSE },
  { "rrw", SEEN_MOUNT, "rw", TRUE, TRUE },
  { "nosuid", SEEN_MOUNT, "nosuid", TRUE, FALSE },
  { "rnosuid", SEEN_MOUNT, "nosuid", TRUE, TRUE },
  { "suid", SEEN_MOUNT, "nosuid", FALSE, FALSE },
  { "rsuid", SEEN_MOUNT, "nosuid", FALSE, TRUE },
  { "nodev", SEEN_MOUNT, "nodev", TRUE, FALSE },
  { "rnodev", SEEN_MOUNT, "nodev", TRUE, TRUE },
  { "dev", SEEN_MOUNT, "nodev", FALSE, FALSE },
  { "rdev", SEEN_MOUNT, "nodev", FALSE, TRUE },
  { "noexec", SEEN_MOUNT, "noexec", TRUE, FALSE },
  { "rnoexec", SEEN_MOUNT, "noexec", TRUE, TRUE },
  { "exec", SEEN_MOUNT, "noexec", FALSE, FALSE },
  { "rexec", SEEN_MOUNT, "noexec", FALSE, TRUE },
  { "noatime", SEEN_MOUNT, "noatime", TRUE, FALSE },
  { "rnoatime", SEEN_MOUNT, "noatime", TRUE, TRUE },
  { "atime", SEEN_MOUNT, "noatime", FALSE, FALSE },
  { "ratime", SEEN_MOUNT, "noatime", FALSE, TRUE },
  { "nodiratime", SEEN_MOUNT, "nodiratime", TRUE, FALSE },
  { "rnodiratime", SEEN_MOUNT, "nodiratime", TRUE, TRUE },
  { "diratime", SEEN_MOUNT, "nodiratime", FALSE, FALSE },
  { "rdiratime", SEEN_MOUNT, "nodiratime", FALSE, TRUE },
  { "relatime", SEEN_MOUNT, "relatime", TRUE, FALSE },
  { "rrelatime", SEEN_MOUNT, "relatime", TRUE, TRUE },
  { "strictatime", SEEN_MOUNT, "relatime", FALSE, FALSE },
  { "rstrictatime", SEEN_MOUNT, "relatime", FALSE, TRUE },
  { "nosymfollow", SEEN_MOUNT, "nosymfollow", TRUE, FALSE },
  { "rnosymfollow", SEEN_MOUNT, "nosymfollow", TRUE, TRUE },
  { "symfollow", SEEN_MOUNT, "nosymfollow", FALSE, FALSE },
  { "rsymfollow", SEEN_MOUNT, "nosymfollow", FALSE, TRUE },
  { "sync", SEEN_SUPER, "sync", TRUE, FALSE },
  { "async", SEEN_SUPER, "sync", FALSE, FALSE },
  { "dirsync", SEEN_SUPER, "dirsync", TRUE, FALSE },
  { "lazytime", SEEN_SUPER, "lazytime", TRUE, FALSE },
  { "nolazytime", SEEN_SUPER, "lazytime", FALSE, FALSE },
  { "nomand", SEEN_SUPER, "mand", FALSE, FALSE },
  { "shared", SEEN_PROPAGATION, "shared:", TRUE, FALSE },
  { "rshared", SEEN_PROPAGATION, "shared:", TRUE, FALSE },
  { "private", SEEN_PROPAGATION, "shared:", FALSE, FALSE },
  { "rprivate", SEEN_PROPAGATION, "shared:", FALSE, FALSE },
  { "slave", SEEN_PROPAGATION, "shared:", FALSE, FALSE },
  { "rslave", SEEN_PROPAGATION, "shared:", FALSE, FALSE },
  { "unbindable", SEEN_PROPAGATION, "unbindable", TRUE, FALSE },
  { "runbindable", SEEN_PROPAGATION, "unbindable", TRUE, FALSE },
  { "bind", SEEN_MARKER, NULL, TRUE, FALSE },
  { "rbind", SEEN_MARKER, NULL, TRUE, FALSE },
  { "tmpcopyup", SEEN_MARKER, NULL, TRUE, FALSE },
};

static gboolean
has_optional (const OciMountInfo *m, const char *flag)
{
  gboolean prefix = g_str_has_suffix (flag, ":");

  for (char **o = m->optional; o && *o; o++)
    if (prefix ? g_str_has_prefix (*o, flag) : strcmp (*o, flag) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_super (const OciMountInfo *m, const char *flag)
{
  g_auto(GStrv) words = g_strsplit (m->super_options ? m->super_options : "", ",", -1);

  return g_strv_contains ((const char *const *) words, flag);
}

/* The last mount at @destination: the one the process sees. */
static const OciMountInfo *
mount_at (GPtrArray *table, const char *destination)
{
  for (guint i = table->len; i > 0; i--)
    {
      const OciMountInfo *m = table->pdata[i - 1];
      if (strcmp (m->mount_point, destination) == 0)
        return m;
    }
  return NULL;
}

static void
check_option (OciCheckContext *ctx, GPtrArray *table, const char *destination, const char *option,
              const char *pointer)
{
  const OciMountInfo *m = mount_at (table, destination);
  gboolean seen = FALSE;
  const char *requirement;
  gsize e;

  for (e = 0; e < G_N_ELEMENTS (evidence) && strcmp (evidence[e].option, option) != 0; e++)
    ;
  if (e == G_N_ELEMENTS (evidence))
    return; /* nothing shows it: its acceptance at create was the proof */
  requirement = evidence[e].recursive ? FEATURES_MOUNTS_REC_REQ : FEATURES_MOUNTS_REQ;
  if (m == NULL)
    {
      oci_check_fail_values (ctx, requirement, pointer, "a mount", "no mount", "%s: the mount with option "
                             "'%s' is not in /proc/self/mountinfo", destination, option);
      return;
    }
  switch (evidence[e].seen)
    {
    case SEEN_MOUNT:
      seen = oci_mount_info_has_option (m, evidence[e].flag);
      break;
    case SEEN_SUPER:
      seen = has_super (m, evidence[e].flag);
      break;
    case SEEN_PROPAGATION:
      seen = has_optional (m, evidence[e].flag);
      break;
    case SEEN_MARKER:
      {
        g_autofree char *marker = g_build_filename (destination, LINUX_FEATURES_MARKER, NULL);
        seen = g_file_test (marker, G_FILE_TEST_EXISTS);
      }
      break;
    }
  if (seen == evidence[e].present)
    {
      oci_check_pass (ctx, requirement);
      return;
    }
  {
    g_autofree char *want = evidence[e].flag ? g_strdup_printf ("%s%s", evidence[e].present ? "" : "no ",
                                                                evidence[e].flag)
                                             : g_strdup ("the destination's former contents");
    g_autofree char *have = g_strdup_printf ("%s (optional: %s; super: %s)", m->mount_options,
                                             m->optional && *m->optional ? m->optional[0] : "-",
                                             m->super_options ? m->super_options : "-");

    oci_check_fail_values (ctx, requirement, pointer, want, have,
                           "%s: the advertised option '%s' has no effect on the mount", destination, option);
  }
}

gboolean
linux_inside_check_features_mounts (OciCheckContext *ctx, GError **error)
{
  JsonArray *mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");
  g_autoptr(GPtrArray) table = oci_mount_info_read ("/proc/self/mountinfo", error);

  if (table == NULL)
    return FALSE;
  for (guint i = 0; mounts && i < json_array_get_length (mounts); i++)
    {
      JsonNode *n = json_array_get_element (mounts, i);
      JsonObject *mount = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *destination = mount ? oci_json_object_get_string (mount, "destination") : NULL;
      JsonArray *options = mount ? oci_json_object_get_array (mount, "options") : NULL;
      g_autofree char *pointer = g_strdup_printf ("/mounts/%u/options", i);

      if (destination == NULL || !g_str_has_prefix (destination, LINUX_FEATURES_MOUNT_DIR "/") || options == NULL
          || json_array_get_length (options) != 1)
        continue;
      check_option (ctx, table, destination, oci_json_array_get_string (options, 0), pointer);
    }
  return TRUE;
}

/* ---- seccomp actions that kill or trap --------------------------------- */

/* How a child that made the call ended: killed by SIGSYS for the kill
 * actions; for TRAP, the child's SIGSYS handler exits with TRAPPED. */
#define TRAPPED 42

static const struct
{
  const char *action;
  const char *syscall;
  gboolean trap;
} kill_actions[] = {
  { "SCMP_ACT_KILL", LINUX_FEATURES_SYSCALL_KILL, FALSE },
  { "SCMP_ACT_KILL_THREAD", LINUX_FEATURES_SYSCALL_KILL_THREAD, FALSE },
  { "SCMP_ACT_KILL_PROCESS", LINUX_FEATURES_SYSCALL_KILL_PROCESS, FALSE },
  { "SCMP_ACT_TRAP", LINUX_FEATURES_SYSCALL_TRAP, TRUE },
};

static void
on_sigsys (int sig)
{
  _exit (TRAPPED);
}

/* The rule of the profile for @syscall with no argument condition. */
static const char *
action_of (JsonObject *seccomp, const char *syscall)
{
  JsonArray *rules = oci_json_object_get_array (seccomp, "syscalls");

  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonNode *n = json_array_get_element (rules, i);
      JsonObject *rule = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *names = rule ? oci_json_object_get_array (rule, "names") : NULL;
      JsonArray *args = rule ? oci_json_object_get_array (rule, "args") : NULL;

      if (names == NULL || (args && json_array_get_length (args) > 0))
        continue;
      for (guint k = 0; k < json_array_get_length (names); k++)
        if (g_strcmp0 (oci_json_array_get_string (names, k), syscall) == 0)
          return oci_json_object_get_string (rule, "action");
    }
  return NULL;
}

/* Makes the call in a child (its arguments invalid, so that allowed it
 * only fails); the status it ended with. */
static gboolean
try_in_child (int nr, gboolean trap, int *status, GError **error)
{
  pid_t pid = fork ();

  if (pid < 0)
    return linux_inside_errno_error (error, errno, "fork");
  if (pid == 0)
    {
      if (trap)
        signal (SIGSYS, on_sigsys);
      syscall (nr, -1L, -1L, -1L);
      _exit (0);
    }
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return linux_inside_errno_error (error, errno, "waitpid");
  return TRUE;
}

gboolean
linux_inside_check_features_seccomp (OciCheckContext *ctx, GError **error)
{
  JsonObject *seccomp = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/seccomp");

  for (gsize i = 0; seccomp && i < G_N_ELEMENTS (kill_actions); i++)
    {
      int nr = seccomp_syscall_resolve_name (kill_actions[i].syscall);
      gboolean trap = kill_actions[i].trap;
      int status = 0;
      gboolean right;
      g_autofree char *have = NULL;

      if (nr < 0 || g_strcmp0 (action_of (seccomp, kill_actions[i].syscall), kill_actions[i].action) != 0)
        continue;
      if (!try_in_child (nr, trap, &status, error))
        return FALSE;
      right = trap ? WIFEXITED (status) && WEXITSTATUS (status) == TRAPPED
                   : WIFSIGNALED (status) && WTERMSIG (status) == SIGSYS;
      if (right)
        {
          oci_check_pass (ctx, "linux.runtime.seccomp.enforced");
          continue;
        }
      have = WIFSIGNALED (status) ? g_strdup_printf ("killed by signal %d", WTERMSIG (status))
                                  : g_strdup_printf ("exit status %d", WEXITSTATUS (status));
      oci_check_fail_values (ctx, "linux.runtime.seccomp.enforced", "/linux/seccomp/syscalls",
                             trap ? "SIGSYS delivered to its handler" : "killed by SIGSYS", have,
                             "%s(2) under %s", kill_actions[i].syscall, kill_actions[i].action);
    }
  return TRUE;
}

/* ---- the pids limit, as the container sees its cgroup ------------------ */

/* pids.max where the container's cgroup is mounted: the v1 pids
 * hierarchy, else the unified one. */
gboolean
linux_inside_check_features_cgroup (OciCheckContext *ctx, GError **error)
{
  static const char *const files[] = { "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max" };
  gint64 limit = 0;
  g_autofree char *want = NULL;

  if (!oci_config_get_int (oci_check_context_get_config (ctx), "/linux/resources/pids/limit", &limit))
    return TRUE;
  want = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *have = linux_inside_read_line (files[i], NULL);

      if (have == NULL)
        continue;
      if (strcmp (have, want) == 0)
        oci_check_pass (ctx, "linux.runtime.cgroups.pids");
      else
        oci_check_fail_values (ctx, "linux.runtime.cgroups.pids", "/linux/resources/pids/limit", want, have,
                               "%s inside the container", files[i]);
      return TRUE;
    }
  oci_check_skip (ctx, "linux.runtime.cgroups.pids", "/linux/resources/pids/limit",
                  "the container sees no pids.max under /sys/fs/cgroup");
  return TRUE;
}
