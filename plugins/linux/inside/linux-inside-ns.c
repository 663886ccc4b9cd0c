/* linux-inside-ns.c — the namespaces of the container, asked from inside
 *
 * The harness writes, before create, the inode of each runtime namespace
 * (its own /proc/self/ns/FILE) and of each namespace path the config
 * names (LINUX_ANNOTATION_NS and LINUX_ANNOTATION_NS_PATH). Inside, the
 * process compares its own /proc/self/ns/FILE with them: a new namespace
 * differs from the runtime's, an inherited one is the runtime's, a joined
 * one is the path's. Asking from inside is right whatever runs the
 * container: under gVisor the state pid is the sandbox, not the container.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-inside.h"
#include "checks/linux-checks.h"

static const LinuxInsideNsType ns_types[] = {
  { "pid", "pid" }, { "network", "net" }, { "mount", "mnt" },       { "ipc", "ipc" },
  { "uts", "uts" }, { "user", "user" },   { "cgroup", "cgroup" }, { "time", "time" },
};

/**
 * linux_inside_ns_types:
 * @n: (out): how many
 *
 * Returns: the namespace types of linux.namespaces with their files in
 *   /proc/PID/ns
 */
const LinuxInsideNsType *
linux_inside_ns_types (gsize *n)
{
  *n = G_N_ELEMENTS (ns_types);
  return ns_types;
}

/**
 * linux_inside_ns_inode:
 * @path: a namespace file ("/proc/self/ns/net")
 * @inode: (out): the namespace's inode number
 * @how: (out) (optional): the source that answered
 *
 * Two sources: the link text ("net:[4026531840]"), else stat(2) of the
 * file (a kernel or a user-space kernel may lack readlink on nsfs).
 *
 * Returns: %TRUE when one of them answered
 */
gboolean
linux_inside_ns_inode (const char *path, guint64 *inode, const char **how)
{
  g_autofree char *link = g_file_read_link (path, NULL);
  const char *open = link ? strstr (link, ":[") : NULL;
  struct stat st;

  if (open && g_ascii_isdigit (open[2]))
    {
      *inode = g_ascii_strtoull (open + 2, NULL, 10);
      if (how)
        *how = "readlink";
      return TRUE;
    }
  if (stat (path, &st) == 0)
    {
      *inode = st.st_ino;
      if (how)
        *how = "stat";
      return TRUE;
    }
  return FALSE;
}

static gboolean
annotation_inode (OciCheckContext *ctx, const char *prefix, const char *type, guint64 *inode)
{
  g_autofree char *key = g_strconcat (prefix, type, NULL);
  const char *value = linux_inside_annotation (ctx, key);
  char *end = NULL;

  if (value == NULL || !g_ascii_isdigit (*value))
    return FALSE;
  *inode = g_ascii_strtoull (value, &end, 10);
  return *end == '\0';
}

static void
check_one (OciCheckContext *ctx, OciConfig *config, const LinuxInsideNsType *t)
{
  LinuxCheckNamespace ns = linux_check_namespace (config, t->type);
  const char *requirement = !ns.present ? "linux.runtime.namespaces.inherit"
                            : ns.path   ? "linux.runtime.namespaces.path"
                                        : "linux.runtime.namespaces.new";
  g_autofree char *mine_path = g_build_filename ("/proc/self/ns", t->file, NULL);
  guint64 mine = 0, runtime = 0, other = 0;
  const char *how = NULL;
  gboolean want_same = !ns.present || ns.path != NULL;

  if (!annotation_inode (ctx, LINUX_ANNOTATION_NS, t->type, &runtime))
    return; /* the runtime's kernel has no such namespace */
  other = runtime;
  if (ns.path && !annotation_inode (ctx, LINUX_ANNOTATION_NS_PATH, t->type, &other))
    {
      oci_check_skip (ctx, requirement, "/linux/namespaces", "the harness could not tell which %s namespace %s is",
                      t->type, ns.path);
      return;
    }
  if (!linux_inside_ns_inode (mine_path, &mine, &how))
    {
      oci_check_skip (ctx, requirement, "/linux/namespaces", "%s can be read neither by readlink nor by stat: %s",
                      mine_path, g_strerror (errno));
      return;
    }
  if ((mine == other) == want_same)
    {
      oci_check_pass (ctx, requirement);
      return;
    }
  {
    g_autofree char *e = g_strdup_printf ("%s%s:[%" G_GUINT64_FORMAT "]", want_same ? "" : "not ", t->file, other);
    g_autofree char *a = g_strdup_printf ("%s:[%" G_GUINT64_FORMAT "] (by %s)", t->file, mine, how);

    oci_check_fail_values (ctx, requirement, "/linux/namespaces", e, a,
                           !ns.present ? "the container does not inherit the runtime's %s namespace"
                           : ns.path   ? "the container is not in the %s namespace of its path"
                                       : "the container has no %s namespace of its own",
                           t->type);
  }
}

gboolean
linux_inside_check_namespaces (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);

  for (gsize i = 0; i < G_N_ELEMENTS (ns_types); i++)
    check_one (ctx, config, &ns_types[i]);
  return TRUE;
}
