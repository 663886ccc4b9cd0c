/* linux-inside-mounts.c — the Linux mount options of config.md as the
 * container sees them: every option of every mount posts its own
 * requirement ("linux.runtime.mounts.option.NAME")
 *
 * Evidence comes from /proc/self/mountinfo (per-mount flags, superblock
 * flags, propagation fields, the mounts below a destination) and, where a
 * bind mount holds the case's probe files (LINUX_MOUNT_PROBE_*), from
 * behaviour: executing a program, opening a device node, following a
 * symbolic link, creating a file; where behaviour was tried it decides
 * (a mountinfo that lacks the flag, as gVisor's does, is no failure of a
 * mount that behaves so). Options are read as mount(8) reads
 * them: a later option on the same flag overrides an earlier one, so
 * only the last word on each flag is judged. What mountinfo cannot show
 * (silent, iversion) is judged by the mount being there: a filesystem
 * given such a string as data refuses it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "linux-inside.h"
#include "checks/linux-checks.h"

typedef enum
{
  KIND_MNT,      /* a per-mount flag: @word shown (set) or not (clear) */
  KIND_SB,       /* a superblock flag, the same way */
  KIND_ATIME,    /* the atime mode of the mount */
  KIND_PROP,     /* propagation: @word is shared, slave, private, unbindable */
  KIND_BIND,     /* bind (@set FALSE) or rbind (@set TRUE) */
  KIND_ACCEPT,   /* nothing mountinfo shows: mounted is applied */
  KIND_REMOUNT,  /* the entry changes the mount below it, adds none */
  KIND_COPYUP,   /* a tmpfs holding what the rootfs had there */
  KIND_IDMAP,    /* the mount shows its source's owner through its mappings */
} RuleKind;

typedef struct
{
  const char *option;
  RuleKind kind;
  const char *word;    /* the mountinfo word, the atime mode or the propagation */
  gboolean set;
  gboolean recursive;  /* mount_setattr(AT_RECURSIVE): the submounts too */
  const char *slot;    /* options on the same slot override each other */
  const char *req;     /* its requirement row */
} MountRule;

#define REQ(o) "linux.runtime.mounts.option." o
#define MNT(o, w, s, r, slot) { o, KIND_MNT, w, s, r, slot, REQ (o) }
#define SB(o, w, s) { o, KIND_SB, w, s, FALSE, w, REQ (o) }
#define ATIME(o, mode, r) { o, KIND_ATIME, mode, TRUE, r, "atime", REQ (o) }
#define PROP(o, p, r) { o, KIND_PROP, p, TRUE, r, "propagation", REQ (o) }
#define ACCEPT(o) { o, KIND_ACCEPT, NULL, TRUE, FALSE, o, REQ (o) }

/* The options of config.md's table (1.1.0 to 1.3.0) and what each leaves
 * in mountinfo. The kernel has no flag for "not relatime": relatime is its
 * default unless noatime or strictatime is asked, so nostrictatime and
 * norelatime leave the default (mount(8) behaves the same). */
static const MountRule rules[] = {
  MNT ("ro", "ro", TRUE, FALSE, "ro"),
  MNT ("rw", "ro", FALSE, FALSE, "ro"),
  MNT ("nosuid", "nosuid", TRUE, FALSE, "nosuid"),
  MNT ("suid", "nosuid", FALSE, FALSE, "nosuid"),
  MNT ("nodev", "nodev", TRUE, FALSE, "nodev"),
  MNT ("dev", "nodev", FALSE, FALSE, "nodev"),
  MNT ("noexec", "noexec", TRUE, FALSE, "noexec"),
  MNT ("exec", "noexec", FALSE, FALSE, "noexec"),
  MNT ("nodiratime", "nodiratime", TRUE, FALSE, "nodiratime"),
  MNT ("diratime", "nodiratime", FALSE, FALSE, "nodiratime"),
  MNT ("nosymfollow", "nosymfollow", TRUE, FALSE, "nosymfollow"),
  MNT ("symfollow", "nosymfollow", FALSE, FALSE, "nosymfollow"),
  MNT ("rro", "ro", TRUE, TRUE, "ro"),
  MNT ("rrw", "ro", FALSE, TRUE, "ro"),
  MNT ("rnosuid", "nosuid", TRUE, TRUE, "nosuid"),
  MNT ("rsuid", "nosuid", FALSE, TRUE, "nosuid"),
  MNT ("rnodev", "nodev", TRUE, TRUE, "nodev"),
  MNT ("rdev", "nodev", FALSE, TRUE, "nodev"),
  MNT ("rnoexec", "noexec", TRUE, TRUE, "noexec"),
  MNT ("rexec", "noexec", FALSE, TRUE, "noexec"),
  MNT ("rnodiratime", "nodiratime", TRUE, TRUE, "nodiratime"),
  MNT ("rdiratime", "nodiratime", FALSE, TRUE, "nodiratime"),
  MNT ("rnosymfollow", "nosymfollow", TRUE, TRUE, "nosymfollow"),
  MNT ("rsymfollow", "nosymfollow", FALSE, TRUE, "nosymfollow"),
  SB ("sync", "sync", TRUE),
  SB ("async", "sync", FALSE),
  SB ("dirsync", "dirsync", TRUE),
  SB ("lazytime", "lazytime", TRUE),
  SB ("nolazytime", "lazytime", FALSE),
  SB ("nomand", "mand", FALSE),
  ATIME ("noatime", "noatime", FALSE),
  ATIME ("atime", "not-noatime", FALSE),
  ATIME ("relatime", "relatime", FALSE),
  ATIME ("norelatime", "default", FALSE),
  ATIME ("strictatime", "strictatime", FALSE),
  ATIME ("nostrictatime", "default", FALSE),
  ATIME ("rnoatime", "noatime", TRUE),
  ATIME ("ratime", "not-noatime", TRUE),
  ATIME ("rrelatime", "relatime", TRUE),
  ATIME ("rnorelatime", "default", TRUE),
  ATIME ("rstrictatime", "strictatime", TRUE),
  ATIME ("rnostrictatime", "default", TRUE),
  PROP ("shared", "shared", FALSE),
  PROP ("slave", "slave", FALSE),
  PROP ("private", "private", FALSE),
  PROP ("unbindable", "unbindable", FALSE),
  PROP ("rshared", "shared", TRUE),
  PROP ("rslave", "slave", TRUE),
  PROP ("rprivate", "private", TRUE),
  PROP ("runbindable", "unbindable", TRUE),
  { "bind", KIND_BIND, NULL, FALSE, FALSE, "bind", REQ ("bind") },
  { "rbind", KIND_BIND, NULL, TRUE, FALSE, "bind", REQ ("rbind") },
  { "remount", KIND_REMOUNT, NULL, TRUE, FALSE, "remount", REQ ("remount") },
  { "tmpcopyup", KIND_COPYUP, NULL, TRUE, FALSE, "tmpcopyup", REQ ("tmpcopyup") },
  /* idmap itself is linux.inside.idmapped-mounts' (linux.runtime.mounts.idmap) */
  { "ridmap", KIND_IDMAP, NULL, TRUE, TRUE, "idmap", REQ ("ridmap") },
  /* mand: Linux 5.15 dropped mandatory locks, the flag is ignored */
  ACCEPT ("mand"),
  ACCEPT ("silent"),
  ACCEPT ("loud"),
  ACCEPT ("iversion"),
  ACCEPT ("noiversion"),
  ACCEPT ("defaults"),
};

/* One config mount being judged. */
typedef struct
{
  OciCheckContext *ctx;
  const char *dest;            /* canonical, absolute */
  const char *pointer;         /* /mounts/N */
  const OciMountInfo *top;     /* what the process sees at dest */
  GPtrArray *below;            /* the mounts under top, recursively */
  guint stacked;               /* how many mounts sit at dest */
  guint entries;               /* config entries at dest that add one */
  JsonObject *mount;           /* the config's entry */
} Judged;

static const MountRule *
rule_of (const char *option)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (strcmp (rules[i].option, option) == 0)
      return &rules[i];
  return NULL;
}

static gboolean
has_word (const char *list, const char *word)
{
  g_auto(GStrv) words = g_strsplit (list ? list : "", ",", -1);

  return g_strv_contains ((const char *const *) words, word);
}

/* The kernel is at least @major.@minor. */
static gboolean
kernel_at_least (int major, int minor)
{
  struct utsname u;
  int a = 0, b = 0;

  if (uname (&u) != 0 || sscanf (u.release, "%d.%d", &a, &b) != 2)
    return TRUE; /* unknown: judge by what mountinfo shows */
  return a > major || (a == major && b >= minor);
}

static const char *
atime_mode (const OciMountInfo *m)
{
  if (has_word (m->mount_options, "noatime"))
    return "noatime";
  if (has_word (m->mount_options, "relatime"))
    return "relatime";
  return "strictatime";
}

static gboolean
atime_ok (const char *want, const char *have)
{
  if (strcmp (want, "not-noatime") == 0)
    return strcmp (have, "noatime") != 0;
  if (strcmp (want, "default") == 0)
    return strcmp (have, "strictatime") != 0;
  return strcmp (want, have) == 0;
}

/* Whether one mount shows what @rule asks; *have says what it shows. */
static gboolean
mount_shows (const MountRule *rule, const OciMountInfo *m, const char **have)
{
  switch (rule->kind)
    {
    case KIND_MNT:
      *have = m->mount_options;
      return has_word (m->mount_options, rule->word) == rule->set;
    case KIND_SB:
      *have = m->super_options;
      return has_word (m->super_options, rule->word) == rule->set;
    case KIND_ATIME:
      *have = atime_mode (m);
      return atime_ok (rule->word, *have);
    case KIND_PROP:
      *have = linux_inside_propagation_of (m);
      /* a mount can be shared and a slave at once: "shared" asks a peer group */
      if (strcmp (rule->word, "shared") == 0)
        {
          for (char **o = m->optional; o && *o; o++)
            if (g_str_has_prefix (*o, "shared:"))
              return TRUE;
          return FALSE;
        }
      return strcmp (rule->word, *have) == 0;
    default:
      *have = "";
      return TRUE;
    }
}

/* ---- behaviour: what the probe files of a bind mount show ----------- */

/* Runs @exe as busybox's "true": 0 when it ran, else the errno of
 * execve(2), which a close-on-exec pipe brings back. */
static int
try_exec (const char *exe)
{
  char *const argv[] = { (char *) "true", NULL };
  char *const envp[] = { NULL };
  int fds[2], err = 0, status = 0;
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    return errno;
  pid = fork ();
  if (pid == 0)
    {
      execve (exe, argv, envp);
      err = errno;
      if (write (fds[1], &err, sizeof err) < 0)
        _exit (126);
      _exit (127);
    }
  close (fds[1]);
  if (pid < 0 || read (fds[0], &err, sizeof err) != sizeof err)
    err = pid < 0 ? errno : 0;
  close (fds[0]);
  if (pid > 0 && waitpid (pid, &status, 0) == pid && err == 0 && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    err = EIO; /* it ran, and failed */
  return err;
}

static int
try_open (const char *path, int flags)
{
  int fd = open (path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600);

  if (fd < 0)
    return errno;
  close (fd);
  if (flags & O_CREAT)
    unlink (path);
  return 0;
}

/* Reads @path once and says whether that moved its access time. */
static gboolean
read_moves_atime (const char *path, time_t atime, time_t mtime, gboolean *moved)
{
  struct timespec times[2] = { { atime, 0 }, { mtime, 0 } };
  struct stat st;
  char c;
  int fd;

  if (utimensat (AT_FDCWD, path, times, 0) != 0 || (fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    return FALSE;
  if (read (fd, &c, 1) != 1)
    {
      close (fd);
      return FALSE;
    }
  close (fd);
  if (stat (path, &st) != 0)
    return FALSE;
  *moved = st.st_atime != atime;
  return TRUE;
}

/* The atime mode a mount shows by behaviour, or NULL where no file can be
 * made there: a read of a file whose atime lies ahead of its mtime and
 * ctime (set a minute into the future) moves it only under strictatime;
 * one whose atime is two days old moves it under relatime too, never
 * under noatime. */
static const char *
atime_by_behaviour (const char *dest)
{
  g_autofree char *path = g_build_filename (dest, "ort-atime-probe", NULL);
  time_t now = time (NULL);
  gboolean recent = FALSE, old = FALSE;
  gboolean ok;

  if (!g_file_set_contents (path, "x", 1, NULL))
    return NULL;
  ok = read_moves_atime (path, now + 60, now - 20, &recent)
       && read_moves_atime (path, now - 2 * 86400, now - 3 * 86400, &old);
  unlink (path);
  if (!ok)
    return NULL;
  return recent ? "strictatime" : old ? "relatime" : "noatime";
}

typedef enum
{
  BEHAVES_UNTRIED, /* no probe file for this option at @dest */
  BEHAVES_SO,
  BEHAVES_NOT,
} Behaviour;

/* Whether a flag option behaves on the probe files at @dest as it says;
 * *seen says what happened. */
static Behaviour
behaviour (const MountRule *rule, const char *dest, char **seen)
{
  g_autofree char *path = NULL;
  g_autofree char *exe = g_build_filename (dest, LINUX_MOUNT_PROBE_EXE, NULL);
  int want_error, got;

  if (rule->kind == KIND_ATIME && !rule->recursive)
    {
      const char *mode = atime_by_behaviour (dest);

      if (mode == NULL)
        return BEHAVES_UNTRIED;
      *seen = g_strdup_printf ("reads of a file at %s behave as %s", dest, mode);
      return atime_ok (rule->word, mode) ? BEHAVES_SO : BEHAVES_NOT;
    }
  if (rule->kind != KIND_MNT || rule->recursive)
    return BEHAVES_UNTRIED;
  /* Only the case's bind mounts carry the probe files. */
  if (!g_file_test (exe, G_FILE_TEST_EXISTS))
    return BEHAVES_UNTRIED;
  if (strcmp (rule->word, "noexec") == 0)
    path = g_steal_pointer (&exe), want_error = EACCES;
  else if (strcmp (rule->word, "nodev") == 0)
    path = g_build_filename (dest, LINUX_MOUNT_PROBE_NODE, NULL), want_error = EACCES;
  else if (strcmp (rule->word, "nosymfollow") == 0)
    path = g_build_filename (dest, LINUX_MOUNT_PROBE_LINK, NULL), want_error = ELOOP;
  else if (strcmp (rule->word, "ro") == 0)
    path = g_build_filename (dest, "ort-probe-write", NULL), want_error = EROFS;
  else
    return BEHAVES_UNTRIED;
  if (strcmp (rule->word, "noexec") == 0)
    got = try_exec (path);
  else if (strcmp (rule->word, "ro") == 0)
    got = try_open (path, O_WRONLY | O_CREAT | O_EXCL);
  else
    got = try_open (path, O_RDONLY);
  *seen = g_strdup_printf ("%s gave %s", path, got ? g_strerror (got) : "success");
  return (rule->set && got == want_error) || (!rule->set && got == 0) ? BEHAVES_SO : BEHAVES_NOT;
}

/* ---- judging one option ---------------------------------------------- */

/* mountinfo, and behaviour where a probe file allows: a mount that
 * behaves as the option says passes even where its mountinfo does not
 * show the flag (gVisor's shows few); one that does not behave so fails
 * whatever mountinfo shows. */
static void
judge_flags (Judged *j, const MountRule *rule, gboolean top_too, const char *req)
{
  g_autofree char *seen = NULL;
  const char *have = NULL;
  Behaviour b = top_too ? behaviour (rule, j->dest, &seen) : BEHAVES_UNTRIED;

  if (b == BEHAVES_NOT)
    {
      oci_check_fail_values (j->ctx, req, j->pointer, rule->option, seen,
                             "the mount at %s does not behave as %s says", j->dest, rule->option);
      return;
    }
  if (top_too && b == BEHAVES_UNTRIED && !mount_shows (rule, j->top, &have))
    {
      oci_check_fail_values (j->ctx, req, j->pointer, rule->option, have,
                             "the mount at %s does not show the option %s", j->dest, rule->option);
      return;
    }
  for (guint i = 0; rule->recursive && i < j->below->len; i++)
    {
      const OciMountInfo *m = j->below->pdata[i];

      if (!mount_shows (rule, m, &have))
        {
          oci_check_fail_values (j->ctx, req, j->pointer, rule->option, have,
                                 "the submount %s of %s does not show the recursive option %s", m->mount_point,
                                 j->dest, rule->option);
          return;
        }
    }
  oci_check_pass (j->ctx, req);
}

static void
judge_bind (Judged *j, const MountRule *rule, const char *req)
{
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_SUBMOUNTS, j->dest, NULL);
  const char *count = linux_inside_annotation (j->ctx, key);
  guint64 source_below = count ? g_ascii_strtoull (count, NULL, 10) : 0;

  if (!rule->set && j->below->len == 0)
    oci_check_pass (j->ctx, req);
  else if (!rule->set)
    oci_check_fail_values (j->ctx, req, j->pointer, "no submounts (bind is not recursive)",
                           ((OciMountInfo *) j->below->pdata[0])->mount_point,
                           "the bind mount at %s brought the submounts of its source", j->dest);
  else if (count == NULL || source_below == 0)
    oci_check_skip (j->ctx, req, j->pointer, "the source of %s has no submounts here: recursion not observable",
                    j->dest);
  else if (j->below->len >= source_below)
    oci_check_pass (j->ctx, req);
  else
    {
      g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT " submounts", source_below);
      g_autofree char *have = g_strdup_printf ("%u submounts", j->below->len);

      oci_check_fail_values (j->ctx, req, j->pointer, want, have,
                             "the recursive bind mount at %s lacks submounts of its source", j->dest);
    }
}

static void
judge_prop (Judged *j, const MountRule *rule, gboolean top_too, const char *req)
{
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_SOURCE_PROPAGATION, j->dest, NULL);
  const char *source = linux_inside_annotation (j->ctx, key);

  /* A slave needs a master: a private source has none to give. */
  if (strcmp (rule->word, "slave") == 0 && source && strcmp (source, "shared") != 0
      && strcmp (source, "slave") != 0)
    {
      oci_check_skip (j->ctx, req, j->pointer, "the source of %s is %s in the runtime namespace: no slave can be "
                      "made of it", j->dest, source);
      return;
    }
  judge_flags (j, rule, top_too, req);
}

static void
judge_copyup (Judged *j, const char *req)
{
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_COPYUP, j->dest, NULL);
  const char *name = linux_inside_annotation (j->ctx, key);
  g_autofree char *path = name ? g_build_filename (j->dest, name, NULL) : NULL;

  if (strcmp (j->top->fs_type, "tmpfs") != 0)
    oci_check_fail_values (j->ctx, req, j->pointer, "tmpfs", j->top->fs_type,
                           "tmpcopyup at %s is no tmpfs", j->dest);
  else if (path && !g_file_test (path, G_FILE_TEST_EXISTS))
    oci_check_fail_values (j->ctx, req, j->pointer, path, "missing",
                           "the tmpfs at %s lacks what the root filesystem had there", j->dest);
  else
    oci_check_pass (j->ctx, req);
}

/* The owner the harness gave the source, seen through the mappings, at
 * the mount and every submount of it. */
static void
judge_idmap (Judged *j, JsonObject *mount, const char *req)
{
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_SOURCE_OWNER, j->dest, NULL);
  const char *owner = linux_inside_annotation (j->ctx, key);
  gint64 uid = -1, gid = -1;
  g_autofree char *want = NULL;

  if (owner == NULL || sscanf (owner, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &uid, &gid) != 2)
    {
      oci_check_skip (j->ctx, req, j->pointer, "the owner of the source of %s outside is not known", j->dest);
      return;
    }
  want = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                          linux_inside_map_id (oci_json_object_get_array (mount, "uidMappings"), uid),
                          linux_inside_map_id (oci_json_object_get_array (mount, "gidMappings"), gid));
  for (guint i = 0; i <= j->below->len; i++)
    {
      const char *path = i == 0 ? j->dest : ((OciMountInfo *) j->below->pdata[i - 1])->mount_point;
      g_autofree char *have = NULL;
      struct stat st;

      if (stat (path, &st) != 0)
        continue;
      have = g_strdup_printf ("%u:%u", (guint) st.st_uid, (guint) st.st_gid);
      /* submounts have owners of their own: only the idmap flag can be asked of them */
      if (i == 0 && strcmp (have, want) != 0)
        {
          oci_check_fail_values (j->ctx, req, j->pointer, want, have,
                                 "%s (owned by %s outside) does not have the owner its idmapping gives", path, owner);
          return;
        }
      if (i > 0 && !has_word (((OciMountInfo *) j->below->pdata[i - 1])->mount_options, "idmapped"))
        {
          oci_check_fail_values (j->ctx, req, j->pointer, "idmapped", "not idmapped",
                                 "the submount %s of %s is not idmapped", path, j->dest);
          return;
        }
    }
  oci_check_pass (j->ctx, req);
}

static void
judge_remount (Judged *j, const char *req)
{
  g_autofree char *want = g_strdup_printf ("%u mounts", j->entries);
  g_autofree char *have = g_strdup_printf ("%u mounts", j->stacked);

  if (j->stacked == j->entries)
    oci_check_pass (j->ctx, req);
  else
    oci_check_fail_values (j->ctx, req, j->pointer, want, have,
                           "remount at %s added a mount instead of changing the one there", j->dest);
}

/* A later option of the same mount on the same slot overrides @k: for the
 * mount itself any, for its submounts only a recursive one. */
static gboolean
overridden (const char *const *options, guint k, const MountRule *rule, gboolean recursive_only)
{
  for (guint l = k + 1; options[l]; l++)
    {
      const MountRule *later = rule_of (options[l]);

      if (later && strcmp (later->slot, rule->slot) == 0 && (!recursive_only || later->recursive))
        return TRUE;
    }
  return FALSE;
}

static void
judge_option (Judged *j, const char *const *options, guint k)
{
  const MountRule *rule = rule_of (options[k]);
  const char *req = rule ? rule->req : NULL;
  gboolean top_too;

  if (rule == NULL)
    return;
  if (!oci_check_context_wants (j->ctx, req))
    return;
  if (rule->recursive && !kernel_at_least (5, 12))
    {
      oci_check_skip (j->ctx, req, j->pointer, "recursive mount attributes need Linux 5.12 (mount_setattr)");
      return;
    }
  if (strcmp (rule->slot, "nosymfollow") == 0 && !kernel_at_least (5, 10))
    {
      oci_check_skip (j->ctx, req, j->pointer, "nosymfollow needs Linux 5.10");
      return;
    }
  top_too = !overridden (options, k, rule, FALSE);
  if (!top_too && (!rule->recursive || overridden (options, k, rule, TRUE)))
    return; /* not the last word: mount(8) applies the later one */
  switch (rule->kind)
    {
    case KIND_BIND:
      judge_bind (j, rule, req);
      break;
    case KIND_PROP:
      judge_prop (j, rule, top_too, req);
      break;
    case KIND_REMOUNT:
      judge_remount (j, req);
      break;
    case KIND_COPYUP:
      judge_copyup (j, req);
      break;
    case KIND_IDMAP:
      judge_idmap (j, j->mount, req);
      break;
    case KIND_ACCEPT:
      oci_check_pass (j->ctx, req); /* mounted: the option was taken as a flag */
      break;
    default:
      judge_flags (j, rule, top_too, req);
    }
}

/* ---- the mounts ------------------------------------------------------ */

static gboolean
descends (GPtrArray *mounts, const OciMountInfo *m, guint ancestor)
{
  for (guint hops = 0; hops < mounts->len; hops++)
    {
      const OciMountInfo *parent = NULL;

      if (m->parent_id == ancestor)
        return TRUE;
      for (guint i = 0; i < mounts->len && parent == NULL; i++)
        if (((OciMountInfo *) mounts->pdata[i])->mount_id == m->parent_id)
          parent = mounts->pdata[i];
      if (parent == NULL || parent == m)
        return FALSE;
      m = parent;
    }
  return FALSE;
}

static void
find_mounts (GPtrArray *mounts, Judged *j)
{
  j->top = NULL;
  j->stacked = 0;
  for (guint i = 0; i < mounts->len; i++)
    {
      const OciMountInfo *m = mounts->pdata[i];

      if (strcmp (m->mount_point, j->dest) == 0)
        j->top = m, j->stacked++;
    }
  for (guint i = 0; j->top && i < mounts->len; i++)
    if (descends (mounts, mounts->pdata[i], j->top->mount_id))
      g_ptr_array_add (j->below, mounts->pdata[i]);
}

static GStrv
options_of (JsonObject *o)
{
  JsonArray *a = oci_json_object_get_array (o, "options");
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; a && i < json_array_get_length (a); i++)
    if (linux_check_string_at (a, i))
      g_strv_builder_add (b, linux_check_string_at (a, i));
  return g_strv_builder_end (b);
}

/* Only the mount cases' own mounts are judged here: their destinations
 * start with LINUX_MOUNT_CASE_PREFIX, or the prefix an annotation names
 * (the tests' way to judge a mount of the host); the config's other
 * mounts are base.inside.mounts'. */
static gboolean
is_case_mount (OciCheckContext *ctx, const char *dest)
{
  const char *prefix = linux_inside_annotation (ctx, LINUX_ANNOTATION_MOUNT_PREFIX);

  return dest && g_str_has_prefix (dest, prefix ? prefix : LINUX_MOUNT_CASE_PREFIX);
}

/**
 * linux_inside_mount_destination:
 * @mount: a mount of the config
 *
 * Where the mount lands: a relative destination is taken relative to "/"
 * (config.md, from 1.2.0), "." and ".." resolved.
 *
 * Returns: (transfer full) (nullable): the absolute path, %NULL without one
 */
char *
linux_inside_mount_destination (JsonObject *mount)
{
  const char *dest = mount ? oci_json_object_get_string (mount, "destination") : NULL;

  return dest ? g_canonicalize_filename (dest, "/") : NULL;
}

/* The config entries at @dest that add a mount (a remount adds none), in
 * the listed order. */
static GPtrArray *
entries_at (JsonArray *config_mounts, const char *dest)
{
  GPtrArray *entries = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (config_mounts); i++)
    {
      JsonNode *node = json_array_get_element (config_mounts, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *d = linux_inside_mount_destination (o);
      g_auto(GStrv) options = o ? options_of (o) : NULL;

      if (d && strcmp (d, dest) == 0 && !g_strv_contains ((const char *const *) options, "remount"))
        g_ptr_array_add (entries, o);
    }
  return entries;
}

static void
judge_mount (OciCheckContext *ctx, GPtrArray *mounts, JsonArray *config_mounts, guint index)
{
  JsonNode *node = json_array_get_element (config_mounts, index);
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *dest = linux_inside_mount_destination (o);
  g_autofree char *pointer = g_strdup_printf ("/mounts/%u", index);
  g_autoptr(GPtrArray) below = g_ptr_array_new ();
  g_auto(GStrv) options = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  Judged j = { ctx, dest, pointer, NULL, below, 0, 0, o };

  if (!is_case_mount (ctx, dest))
    return;
  options = options_of (o);
  find_mounts (mounts, &j);
  entries = entries_at (config_mounts, dest);
  j.entries = entries->len;
  for (guint k = 0; options[k]; k++)
    {
      const MountRule *rule = rule_of (options[k]);

      if (rule && j.top == NULL)
        oci_check_fail_values (ctx, rule->req, pointer, dest, "nothing mounted there",
                               "the mount with option %s at %s is missing", options[k], dest);
      else if (rule)
        judge_option (&j, (const char *const *) options, k);
    }
}

typedef void (*JudgeFunc) (OciCheckContext *ctx, GPtrArray *mounts, JsonArray *config_mounts, guint index);

/* Calls @judge for each mount of the config, with mountinfo at hand. */
static gboolean
judge_each (OciCheckContext *ctx, JudgeFunc judge, GError **error)
{
  JsonArray *config_mounts = oci_config_get_array (oci_check_context_get_config (ctx), "/mounts");
  g_autoptr(GPtrArray) mounts = NULL;

  if (config_mounts == NULL || json_array_get_length (config_mounts) == 0)
    return TRUE;
  mounts = oci_mount_info_read (NULL, error);
  if (mounts == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (config_mounts); i++)
    judge (ctx, mounts, config_mounts, i);
  return TRUE;
}

gboolean
linux_inside_check_mount_options (OciCheckContext *ctx, GError **error)
{
  return judge_each (ctx, judge_mount, error);
}

/* ---- destinations and order ------------------------------------------ */

/* The mounts stacked at @dest, lowest first (each the parent of the next). */
static GPtrArray *
stack_at (GPtrArray *mounts, const char *dest)
{
  GPtrArray *stack = g_ptr_array_new ();

  for (guint i = 0; i < mounts->len; i++)
    {
      const OciMountInfo *m = mounts->pdata[i];
      gboolean parent_here = FALSE;

      if (strcmp (m->mount_point, dest) != 0)
        continue;
      for (guint k = 0; k < mounts->len; k++)
        {
          const OciMountInfo *p = mounts->pdata[k];
          if (p->mount_id == m->parent_id && strcmp (p->mount_point, dest) == 0)
            parent_here = TRUE;
        }
      if (!parent_here)
        g_ptr_array_add (stack, (gpointer) m);
    }
  for (guint s = 0; s < stack->len && stack->len == s + 1; s++)
    for (guint i = 0; i < mounts->len; i++)
      {
        const OciMountInfo *m = mounts->pdata[i];
        if (strcmp (m->mount_point, dest) == 0 && m->parent_id == ((OciMountInfo *) stack->pdata[s])->mount_id)
          {
            g_ptr_array_add (stack, (gpointer) m);
            break;
          }
      }
  return stack;
}

static gboolean
is_bind (JsonObject *o)
{
  g_auto(GStrv) options = options_of (o);

  return g_strv_contains ((const char *const *) options, "bind")
         || g_strv_contains ((const char *const *) options, "rbind");
}

/* Entries at one destination are stacked in the listed order: the n-th
 * mount from the bottom is the n-th entry (told apart by tmpfs or not). */
static void
judge_stack (OciCheckContext *ctx, GPtrArray *mounts, JsonArray *config_mounts, guint index, const char *dest)
{
  g_autoptr(GPtrArray) stack = stack_at (mounts, dest);
  g_autoptr(GString) want = g_string_new (NULL);
  g_autoptr(GString) have = g_string_new (NULL);
  g_autofree char *pointer = g_strdup_printf ("/mounts/%u", index);
  g_autoptr(GPtrArray) entries = entries_at (config_mounts, dest);

  for (guint i = 0; i < entries->len; i++)
    g_string_append (want, is_bind (entries->pdata[i]) ? "bind " : "tmpfs ");
  for (guint i = 0; i < stack->len; i++)
    g_string_append (have, strcmp (((OciMountInfo *) stack->pdata[i])->fs_type, "tmpfs") == 0 ? "tmpfs " : "bind ");
  if (strcmp (want->str, have->str) == 0)
    oci_check_pass (ctx, "linux.runtime.mounts.order.stacked");
  else
    oci_check_fail_values (ctx, "linux.runtime.mounts.order.stacked", pointer, want->str, have->str,
                           "the mounts at %s are not stacked in the listed order (lowest first)", dest);
}

/* An entry below an earlier entry's destination sits on that mount. */
static void
judge_nesting (OciCheckContext *ctx, GPtrArray *mounts, JsonArray *config_mounts, guint index, const char *dest)
{
  g_autoptr(GPtrArray) mine = stack_at (mounts, dest);
  g_autofree char *pointer = g_strdup_printf ("/mounts/%u", index);

  for (guint i = 0; i < index && mine->len; i++)
    {
      g_autofree char *outer = linux_inside_mount_destination (json_array_get_object_element (config_mounts, i));
      g_autoptr(GPtrArray) theirs = NULL;
      gsize n = outer ? strlen (outer) : 0;

      if (outer == NULL || !g_str_has_prefix (dest, outer) || dest[n] != '/' || strcmp (outer, "/") == 0)
        continue;
      theirs = stack_at (mounts, outer);
      if (theirs->len
          && descends (mounts, mine->pdata[0], ((OciMountInfo *) theirs->pdata[theirs->len - 1])->mount_id))
        oci_check_pass (ctx, "linux.runtime.mounts.order.nested");
      else
        oci_check_fail_values (ctx, "linux.runtime.mounts.order.nested", pointer, outer, "another mount",
                               "%s, listed after %s, is not on the mount at %s", dest, outer, outer);
    }
}

static void
judge_destination (OciCheckContext *ctx, GPtrArray *mounts, JsonArray *config_mounts, guint i)
{
  JsonObject *o = json_array_get_object_element (config_mounts, i);
  const char *raw = o ? oci_json_object_get_string (o, "destination") : NULL;
  g_autofree char *dest = linux_inside_mount_destination (o);
  g_autofree char *key = dest ? g_strconcat (LINUX_ANNOTATION_MISSING, dest, NULL) : NULL;
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *pointer = g_strdup_printf ("/mounts/%u/destination", i);
  const char *req;

  if (!is_case_mount (ctx, dest))
    return;
  stack = stack_at (mounts, dest);
  if (!g_path_is_absolute (raw))
    req = "linux.runtime.mounts.destination.relative";
  else if (linux_inside_annotation (ctx, key))
    req = "linux.runtime.mounts.destination.created";
  else
    req = NULL;
  if (req && stack->len)
    oci_check_pass (ctx, req);
  else if (req)
    oci_check_fail_values (ctx, req, pointer, dest, "nothing mounted there", "%s (\"%s\") is not mounted at %s",
                           pointer, raw, dest);
  entries = entries_at (config_mounts, dest);
  if (entries->len > 1)
    judge_stack (ctx, mounts, config_mounts, i, dest);
  judge_nesting (ctx, mounts, config_mounts, i, dest);
}

gboolean
linux_inside_check_mount_destinations (OciCheckContext *ctx, GError **error)
{
  return judge_each (ctx, judge_destination, error);
}

static const OciChecker mount_checkers[] = {
  { "linux.inside.mount-options", "each Linux mount option of each mount, by mountinfo and behaviour",
    OCI_PHASE_INSIDE, linux_inside_check_mount_options },
  { "linux.inside.mount-destinations", "relative and missing destinations, mounts stacked and nested in order",
    OCI_PHASE_INSIDE, linux_inside_check_mount_destinations },
};

/**
 * linux_inside_register_mounts:
 * @plugin: the linux plugin
 *
 * Registers the inside checkers of this file.
 */
void
linux_inside_register_mounts (OciPlugin *plugin)
{
  oci_plugin_add_checkers (plugin, mount_checkers, G_N_ELEMENTS (mount_checkers));
}
