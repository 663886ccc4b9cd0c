/* oci-runtime-procs.c — finding and ending what runtime calls leave running
 *
 * Every runtime call carries a tag in its environment (ORT_RUNTIME_CALL=
 * OWNER/SERIAL); this process is a child subreaper, so whatever a call
 * forks stays below it even when it calls setsid() and its parent exits.
 * The processes a call left are then its tagged descendants, found by
 * walking /proc/PID/task/TID/children from this process down. A subtree
 * (a call that timed out) is found the same way from the call's pid.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "oci-runtime-private.h"

/* A walk stops here: a fork bomb must not make it endless. */
#define MAX_PROCS 4096
/* Kill rounds: a process that forks while it is killed shows up again. */
#define KILL_ROUNDS 8

/**
 * oci_procs_become_subreaper:
 *
 * Makes this process the child subreaper of everything it starts, once:
 * orphans of runtime calls are re-parented here, not to init, so they can
 * be found and reaped.
 */
void
oci_procs_become_subreaper (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
      g_once_init_leave (&done, 1);
    }
}

/* Appends the children of every thread of @pid. */
static void
add_children (GPid pid, GArray *out)
{
  g_autofree char *task = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) d = g_dir_open (task, 0, NULL);
  const char *tid;

  while (d && (tid = g_dir_read_name (d)))
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/children", task, tid);
      g_autofree char *text = NULL;
      char *p, *end;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      for (p = text; *p; p = end)
        {
          gint64 child = g_ascii_strtoll (p, &end, 10);
          if (end == p)
            break;
          if (child > 0 && out->len < MAX_PROCS)
            {
              GPid c = (GPid) child;
              g_array_append_val (out, c);
            }
        }
    }
}

/**
 * oci_procs_descendants:
 * @root: a process (0: this one)
 *
 * Returns: (transfer full) (element-type GPid): every descendant of
 *   @root, parents before their children
 */
GArray *
oci_procs_descendants (GPid root)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (GPid));

  add_children (root ? root : getpid (), all);
  for (guint i = 0; i < all->len && all->len < MAX_PROCS; i++)
    add_children (g_array_index (all, GPid, i), all);
  return all;
}

/**
 * oci_procs_get_tag:
 * @pid: a process
 *
 * Returns: (transfer full) (nullable): the value of its ORT_RUNTIME_CALL
 *   variable, %NULL when it has none (or is gone, or a zombie)
 */
char *
oci_procs_get_tag (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/environ", (int) pid);
  g_autofree char *text = NULL;
  gsize len = 0;
  static const char key[] = OCI_RUNTIME_TAG_ENV "=";

  if (!g_file_get_contents (path, &text, &len, NULL))
    return NULL;
  for (gsize i = 0; i < len; i += strlen (text + i) + 1)
    if (strncmp (text + i, key, sizeof key - 1) == 0)
      return g_strdup (text + i + sizeof key - 1);
  return NULL;
}

/**
 * oci_procs_describe:
 * @pid: a process
 *
 * Returns: (transfer full): "pid 123 (sleep 100)" with its command line
 */
char *
oci_procs_describe (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL) || len == 0)
    return g_strdup_printf ("pid %d", (int) pid);
  for (gsize i = 0; i + 1 < len; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  if (len > 120)
    strcpy (text + 117, "...");
  return g_strdup_printf ("pid %d (%s)", (int) pid, g_strchomp (text));
}

static gboolean
is_zombie (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return TRUE; /* gone */
  paren = strrchr (text, ')');
  return paren == NULL || paren[1] == '\0' || paren[2] == 'Z' || paren[2] == 'X';
}

static gboolean
tag_matches (const char *tag, const char *wanted, gboolean prefix)
{
  if (tag == NULL)
    return FALSE;
  return prefix ? g_str_has_prefix (tag, wanted) : strcmp (tag, wanted) == 0;
}

/**
 * oci_procs_kill_tagged:
 * @tag: a tag, or the start of tags
 * @prefix: match every tag starting with @tag
 * @found: (nullable) (element-type utf8): descriptions of the processes
 *   killed are appended (each once)
 *
 * SIGKILLs every live descendant of this process whose tag matches, in
 * rounds, until none is left. Their zombies are reaped by whoever reaps
 * orphans (oci_runtime_reap_orphans()).
 *
 * Returns: how many processes were killed
 */
guint
oci_procs_kill_tagged (const char *tag, gboolean prefix, GPtrArray *found)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      g_autoptr(GArray) all = oci_procs_descendants (0);
      guint hit = 0;

      for (guint i = 0; i < all->len; i++)
        {
          GPid pid = g_array_index (all, GPid, i);
          g_autofree char *t = NULL;

          if (is_zombie (pid) || !tag_matches ((t = oci_procs_get_tag (pid)), tag, prefix))
            continue;
          if (!g_hash_table_contains (seen, GINT_TO_POINTER (pid)))
            {
              g_hash_table_add (seen, GINT_TO_POINTER (pid));
              if (found)
                g_ptr_array_add (found, oci_procs_describe (pid));
            }
          kill (pid, SIGKILL);
          hit++;
        }
      if (hit == 0)
        break;
      g_usleep (2000);
    }
  return g_hash_table_size (seen);
}

/**
 * oci_procs_kill_tree:
 * @pid: a process
 *
 * SIGKILLs @pid's process group and every descendant of @pid (also those
 * that left the group with setsid()), in rounds until none is left alive.
 * @pid itself is killed but not reaped.
 */
void
oci_procs_kill_tree (GPid pid)
{
  /* Frozen first: a stopped process forks no more, and its children stay
   * below it (they would be re-parented away if it died first). */
  kill (pid, SIGSTOP);
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      g_autoptr(GArray) below = oci_procs_descendants (pid);
      guint alive = 0;

      for (guint i = 0; i < below->len; i++)
        kill (g_array_index (below, GPid, i), SIGSTOP);
      for (guint i = 0; i < below->len; i++)
        {
          GPid p = g_array_index (below, GPid, i);
          if (!is_zombie (p))
            alive++;
          kill (p, SIGKILL);
        }
      if (alive == 0)
        break;
    }
  kill (-pid, SIGKILL);
  kill (pid, SIGKILL);
}
