/* oci-runtime-devns.c — a mount namespace with a /dev of the suite's own
 *
 * A runtime that sets up a user-namespaced container cannot create device
 * nodes, so it bind-mounts the host's /dev/null and friends into the
 * container; one that then chowns them to the container's root changes
 * the host's /dev/null (crun 1.8 does, with the uid mappings of the
 * linux.uid_mappings case). So every runtime call of a suite run joins a
 * mount namespace where /dev is a tmpfs holding copies of the host's
 * nodes (same type, device number, owner and mode), its folders and
 * special files bind-mounted from the host. What a runtime does to those
 * copies is reported (oci-runtime-hoststate.c) and never reaches the host.
 * The namespace is a slave of the host's: mounts of the host show in it,
 * none of its mounts show on the host.
 *
 * A helper child makes the namespace and stays in it (asleep on a pipe)
 * so it lives while the run does; its /proc/PID/ns/mnt is what the calls
 * join. Everything it needs is prepared before the fork, so the child
 * makes only system calls (the suite may have threads).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* unshare */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci-runtime-private.h"

typedef enum
{
  ENTRY_NODE,    /* mknod a copy */
  ENTRY_SYMLINK, /* the same link */
  ENTRY_DIR,     /* an empty folder, then a recursive bind of the host's */
  ENTRY_FILE,    /* an empty file, then a bind of the host's */
} EntryKind;

typedef struct
{
  EntryKind kind;
  char *path;   /* /dev/NAME */
  char *source; /* /proc/self/fd/HOSTDEV/NAME, for binds */
  char *target; /* of a symlink */
  mode_t mode;
  dev_t rdev;
  uid_t uid;
  gid_t gid;
} Entry;

struct _OciDevNamespace
{
  GPid helper;
  int wake_fd; /* closing it ends the helper */
  int ns_fd;   /* its /proc/PID/ns/mnt */
};

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_free (e->path);
  g_free (e->source);
  g_free (e->target);
}

/* The host's /dev, as a list of what the child recreates. */
static GArray *
list_dev (int host_dev)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(GDir) d = g_dir_open ("/dev", 0, NULL);
  const char *name;

  g_array_set_clear_func (entries, entry_clear);
  while (d && (name = g_dir_read_name (d)))
    {
      struct stat st;
      Entry e = { 0 };

      if (fstatat (host_dev, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      e.path = g_build_filename ("/dev", name, NULL);
      e.source = g_strdup_printf ("/proc/self/fd/%d/%s", host_dev, name);
      e.mode = st.st_mode & 07777;
      e.rdev = st.st_rdev;
      e.uid = st.st_uid;
      e.gid = st.st_gid;
      if (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode))
        {
          e.kind = ENTRY_NODE;
          e.mode = st.st_mode & (S_IFMT | 07777);
        }
      else if (S_ISLNK (st.st_mode))
        {
          g_autofree char *full = g_build_filename ("/dev", name, NULL);
          e.kind = ENTRY_SYMLINK;
          e.target = g_file_read_link (full, NULL);
          if (e.target == NULL)
            {
              entry_clear (&e);
              continue;
            }
        }
      else if (S_ISDIR (st.st_mode))
        e.kind = ENTRY_DIR;
      else
        e.kind = ENTRY_FILE;
      g_array_append_val (entries, e);
    }
  return entries;
}

/* In the child: system calls only. */
static int
child_setup_ns (GArray *entries, int host_dev)
{
  if (unshare (CLONE_NEWNS) != 0)
    return 1;
  if (mount (NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0)
    return 2;
  if (mount ("ort-dev", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") != 0)
    return 3;
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      int fd;

      switch (e->kind)
        {
        case ENTRY_NODE:
          if (mknod (e->path, e->mode, e->rdev) == 0)
            {
              if (chown (e->path, e->uid, e->gid) != 0 || chmod (e->path, e->mode & 07777) != 0)
                return 4;
            }
          break;
        case ENTRY_SYMLINK:
          if (symlink (e->target, e->path) != 0)
            return 5;
          break;
        case ENTRY_DIR:
          if (mkdir (e->path, e->mode) == 0)
            mount (e->source, e->path, NULL, MS_BIND | MS_REC, NULL);
          break;
        case ENTRY_FILE:
          fd = open (e->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
          if (fd >= 0)
            {
              close (fd);
              mount (e->source, e->path, NULL, MS_BIND, NULL);
            }
          break;
        }
    }
  close (host_dev);
  return 0;
}

/**
 * oci_dev_namespace_new:
 * @error: why the namespace could not be made (not root, no mount
 *   namespaces)
 *
 * Returns: (transfer full) (nullable): the namespace, its helper running
 */
OciDevNamespace *
oci_dev_namespace_new (GError **error)
{
  int host_dev = open ("/dev", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_autoptr(GArray) entries = NULL;
  int ready[2] = { -1, -1 }, wake[2] = { -1, -1 };
  OciDevNamespace *ns;
  g_autofree char *ns_path = NULL;
  char status = 1;
  pid_t pid;

  if (host_dev < 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "/dev: %s", g_strerror (errno)), NULL;
  entries = list_dev (host_dev);
  if (pipe2 (ready, O_CLOEXEC) != 0 || pipe2 (wake, O_CLOEXEC) != 0)
    {
      close (host_dev);
      return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "pipe: %s", g_strerror (errno)), NULL;
    }
  pid = fork ();
  if (pid == 0)
    {
      char st = (char) child_setup_ns (entries, host_dev);
      char dummy;

      (void) !write (ready[1], &st, 1);
      close (wake[1]);
      /* Asleep until the suite closes its end (or dies). */
      while (read (wake[0], &dummy, 1) < 0 && errno == EINTR)
        ;
      _exit (0);
    }
  close (host_dev);
  close (ready[1]);
  close (wake[0]);
  if (pid < 0 || read (ready[0], &status, 1) != 1 || status != 0)
    {
      int saved = errno;
      close (ready[0]);
      close (wake[1]);
      if (pid > 0)
        waitpid (pid, NULL, 0);
      return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                          "cannot make a mount namespace with a private /dev (step %d): %s", status,
                          pid < 0 ? g_strerror (saved) : "a mount or unshare failed"), NULL;
    }
  close (ready[0]);
  ns = g_new0 (OciDevNamespace, 1);
  ns->helper = pid;
  ns->wake_fd = wake[1];
  ns_path = g_strdup_printf ("/proc/%d/ns/mnt", (int) pid);
  ns->ns_fd = open (ns_path, O_RDONLY | O_CLOEXEC);
  if (ns->ns_fd < 0)
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: %s", ns_path, g_strerror (errno));
      oci_dev_namespace_free (ns);
      return NULL;
    }
  return ns;
}

/**
 * oci_dev_namespace_get_fd:
 * @ns: (nullable): a namespace
 *
 * Returns: the namespace's file descriptor for setns(), -1 without one
 */
int
oci_dev_namespace_get_fd (const OciDevNamespace *ns)
{
  return ns ? ns->ns_fd : -1;
}

/**
 * oci_dev_namespace_path:
 * @ns: a namespace
 * @path: an absolute path as seen in the namespace ("/dev/null")
 *
 * Returns: (transfer full): the same file seen from here, through the
 *   helper's root (/proc/PID/root/dev/null)
 */
char *
oci_dev_namespace_path (const OciDevNamespace *ns, const char *path)
{
  return g_strdup_printf ("/proc/%d/root%s", (int) ns->helper, path);
}

/**
 * oci_dev_namespace_get_mountinfo:
 * @ns: a namespace
 *
 * Returns: (transfer full): the path of the namespace's mount table
 */
char *
oci_dev_namespace_get_mountinfo (const OciDevNamespace *ns)
{
  return g_strdup_printf ("/proc/%d/mountinfo", (int) ns->helper);
}

/**
 * oci_dev_namespace_free:
 * @ns: (nullable): a namespace
 *
 * Ends the helper; the namespace goes with the last process in it.
 */
void
oci_dev_namespace_free (OciDevNamespace *ns)
{
  if (ns == NULL)
    return;
  if (ns->ns_fd >= 0)
    close (ns->ns_fd);
  close (ns->wake_fd);
  kill (ns->helper, SIGKILL);
  waitpid (ns->helper, NULL, 0);
  g_free (ns);
}
