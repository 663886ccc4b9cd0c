/* oci-file.c — every file the tools read or write, with bounds
 *
 * Reading: one function for every document, so that none can block on a
 * FIFO, read without end from a device, or be cut short by a size of 0
 * (/proc). Writing: atomic replacement where it is safe (a regular file,
 * or a name that does not exist yet), writing in place into what is not
 * a regular file, never turning a device or a FIFO into a regular file.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-error.h"
#include "oci-file.h"

/* Symlinks followed before giving up, as the kernel's MAXSYMLINKS. */
#define MAX_LINKS 40

/* What a stream is read in at first; it grows by doubling. */
#define FIRST_CHUNK 65536

static gboolean
fail (GError **error, OciConfigErrorCode code, const char *name, int errsv)
{
  g_set_error (error, OCI_CONFIG_ERROR, code, "%s: %s", name,
               errsv == ELOOP ? "too many levels of symbolic links" : g_strerror (errsv));
  return FALSE;
}

/* Why a file of mode @mode is not read (or written) as a document. */
static const char *
kind_refused (mode_t mode)
{
  if (S_ISDIR (mode))
    return "is a directory, not a file";
  if (S_ISFIFO (mode))
    return "is a FIFO, not a regular file";
  if (S_ISCHR (mode))
    return "is a character device, not a regular file";
  if (S_ISBLK (mode))
    return "is a block device, not a regular file";
  if (S_ISSOCK (mode))
    return "is a socket, not a regular file";
  return "is not a regular file";
}

static gboolean
too_large (GError **error, const char *name, gsize max)
{
  g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_LIMIT,
               "%s: file is too large (larger than %" G_GSIZE_FORMAT " bytes, the limit)", name, max);
  return FALSE;
}

/* Waits until @fd (non-blocking) has something to read, or its end. */
static void
wait_readable (int fd)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };

  while (poll (&p, 1, -1) < 0 && errno == EINTR)
    ;
}

/* Reads @fd to its end, at most @max bytes: one more is an error. */
static gboolean
read_all (int fd, const char *name, gsize hint, gsize max, char **contents, gsize *length, GError **error)
{
  gsize cap = MIN (MAX (hint, 4096), max) + 1;
  gsize done = 0;
  g_autofree char *buf = g_try_malloc (cap + 1);

  if (buf == NULL)
    return fail (error, OCI_CONFIG_ERROR_LIMIT, name, ENOMEM);
  for (;;)
    {
      ssize_t n;

      if (done == cap)
        {
          gsize bigger = MIN (cap * 2, max + 1);
          char *grown;

          if (cap > max)
            return too_large (error, name, max);
          grown = g_try_realloc (buf, bigger + 1);
          if (grown == NULL)
            return fail (error, OCI_CONFIG_ERROR_LIMIT, name, ENOMEM);
          buf = grown;
          cap = bigger;
        }
      n = read (fd, buf + done, cap - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          wait_readable (fd);
          continue;
        }
      if (n < 0)
        return fail (error, OCI_CONFIG_ERROR_READ, name, errno);
      if (n == 0)
        break;
      done += n;
    }
  buf[done] = '\0';
  *length = done;
  *contents = g_steal_pointer (&buf);
  return TRUE;
}

/**
 * oci_file_read_bounded:
 * @path: a file name ("-" is standard input with %OCI_FILE_READ_STDIN)
 * @max: the most bytes accepted; a longer file is an error
 * @flags: what besides a regular file is accepted
 * @contents: (out) (transfer full): the bytes read, NUL-terminated
 * @length: (out): their number
 * @error: an #OCI_CONFIG_ERROR naming @path: %OCI_CONFIG_ERROR_READ when it
 *   cannot be opened or is of a refused kind, %OCI_CONFIG_ERROR_LIMIT when
 *   it is larger than @max
 *
 * Opens without blocking (a FIFO with no writer, from which nothing can be
 * read, is an error that says so), refuses
 * directories, block devices and (without %OCI_FILE_READ_STREAMS) anything
 * but a regular file, and reads to the end, at most @max + 1 bytes: a
 * file's reported size is a hint only, so files under /proc that report
 * 0 are read whole and /dev/zero is refused once past @max.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_file_read_bounded (const char *path, gsize max, OciFileReadFlags flags, char **contents, gsize *length,
                       GError **error)
{
  gboolean is_stdin = (flags & OCI_FILE_READ_STDIN) && strcmp (path, "-") == 0;
  const char *name = is_stdin ? "standard input" : path;
  struct stat st;
  gboolean ok;
  int fd;

  fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return fail (error, OCI_CONFIG_ERROR_READ, name, errno);
  if (fstat (fd, &st) < 0)
    {
      int e = errno;
      if (!is_stdin)
        close (fd);
      return fail (error, OCI_CONFIG_ERROR_READ, name, e);
    }
  if (S_ISDIR (st.st_mode) || S_ISBLK (st.st_mode)
      || (!S_ISREG (st.st_mode) && !(flags & OCI_FILE_READ_STREAMS) && !is_stdin))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ, "%s: %s", name, kind_refused (st.st_mode));
      if (!is_stdin)
        close (fd);
      return FALSE;
    }
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > max)
    {
      if (!is_stdin)
        close (fd);
      return too_large (error, name, max);
    }
  ok = read_all (fd, name, S_ISREG (st.st_mode) ? (gsize) st.st_size : FIRST_CHUNK, max, contents, length, error);
  if (!is_stdin)
    close (fd);
  /* opened without blocking, a FIFO nobody writes to reads as 0 bytes:
   * say so instead of handing back an empty document */
  if (ok && *length == 0 && S_ISFIFO (st.st_mode) && !is_stdin)
    {
      g_clear_pointer (contents, g_free);
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ,
                   "%s: is a FIFO with no writer (nothing could be read from it)", name);
      return FALSE;
    }
  return ok;
}

/* ---- writing ------------------------------------------------------------ */

/* The descriptor a name like /dev/stdout, /dev/fd/N or /proc/self/fd/N
 * stands for, or -1. Opening such a name would make a new open file (at
 * offset 0, without the shell's O_APPEND); writing to the descriptor is
 * what the user meant. */
static int
named_descriptor (const char *path)
{
  static const char *const prefixes[] = { "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/" };
  guint64 n;

  if (strcmp (path, "/dev/stdout") == 0)
    return STDOUT_FILENO;
  if (strcmp (path, "/dev/stderr") == 0)
    return STDERR_FILENO;
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (path, prefixes[i])
        && g_ascii_string_to_unsigned (path + strlen (prefixes[i]), 10, 0, G_MAXINT, &n, NULL))
      return (int) n;
  return -1;
}

static gboolean
write_all (int fd, const char *name, const char *data, gsize length, GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = write (fd, data + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          struct pollfd p = { .fd = fd, .events = POLLOUT };
          poll (&p, 1, -1);
          continue;
        }
      if (n <= 0)
        return fail (error, OCI_CONFIG_ERROR_WRITE, name, n < 0 ? errno : EIO);
      done += n;
    }
  return TRUE;
}

/* Follows @path's symlinks to the name that is written: sets @st (and
 * @exists) for it, or @fd when a link leads to an open descriptor. */
static char *
resolve_output (const char *path, struct stat *st, gboolean *exists, int *fd, GError **error)
{
  g_autofree char *p = g_strdup (path);

  *fd = -1;
  for (guint hops = 0;; hops++)
    {
      g_autofree char *target = NULL;
      g_autoptr(GError) local = NULL;

      if ((*fd = named_descriptor (p)) >= 0)
        return g_steal_pointer (&p);
      if (lstat (p, st) != 0)
        {
          if (errno != ENOENT)
            return (fail (error, OCI_CONFIG_ERROR_WRITE, path, errno), NULL);
          *exists = FALSE;
          return g_steal_pointer (&p);
        }
      *exists = TRUE;
      if (!S_ISLNK (st->st_mode))
        return g_steal_pointer (&p);
      if (hops == MAX_LINKS || (target = g_file_read_link (p, &local)) == NULL)
        return (fail (error, OCI_CONFIG_ERROR_WRITE, path, hops == MAX_LINKS ? ELOOP : errno), NULL);
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (p);
          char *joined = g_build_filename (dir, target, NULL);
          g_free (target);
          target = joined;
        }
      g_free (p);
      p = g_steal_pointer (&target);
    }
}

/* A temporary file beside @path renamed over it; @old is the file it
 * replaces (NULL: none), whose mode and owner the new one keeps. */
static gboolean
replace_atomically (const char *path, const char *name, const struct stat *old, const char *data, gsize length,
                    GError **error)
{
  /* A short temporary name: @path's own may already be NAME_MAX long. */
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".ort-XXXXXX", NULL);
  mode_t mask = umask (0);
  mode_t mode;
  int fd;

  umask (mask);
  mode = old ? old->st_mode & 07777 : 0666 & ~mask;
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    return fail (error, OCI_CONFIG_ERROR_WRITE, name, errno);
  /* mkstemp creates 0600 whatever it is asked: give the usual mode. */
  fchmod (fd, mode);
  if (old && geteuid () == 0 && (old->st_uid != 0 || old->st_gid != 0))
    (void) !fchown (fd, old->st_uid, old->st_gid);
  if (!write_all (fd, name, data, length, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    {
      int e = errno;
      g_unlink (tmp);
      return fail (error, OCI_CONFIG_ERROR_WRITE, name, e);
    }
  return TRUE;
}

/* A Unix socket is written by connecting to it. */
static int
connect_socket (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path)
    return (errno = ENAMETOOLONG, -1);
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      int e = errno;
      close (fd);
      return (errno = e, -1);
    }
  return fd;
}

/* Writes into a FIFO, character device or socket, as `>` would: no
 * truncation, no rename, and a FIFO with no reader is an error at once
 * instead of a wait without end. */
static gboolean
write_in_place (const char *path, const char *name, const struct stat *st, const char *data, gsize length,
                GError **error)
{
  gboolean ok;
  int fd;

  if (S_ISBLK (st->st_mode))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_WRITE,
                   "%s: is a block device: refusing to write a config over a disk", name);
      return FALSE;
    }
  fd = S_ISSOCK (st->st_mode) ? connect_socket (path)
                              : open (path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENXIO && S_ISFIFO (st->st_mode))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_WRITE, "%s: is a FIFO with no reader", name);
      return FALSE;
    }
  if (fd < 0)
    return fail (error, OCI_CONFIG_ERROR_WRITE, name, errno);
  /* A reader is there: from now on, wait for it as a pipe would. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  ok = write_all (fd, name, data, length, error);
  if (close (fd) != 0 && ok)
    return fail (error, OCI_CONFIG_ERROR_WRITE, name, errno);
  return ok;
}

/**
 * oci_file_set_contents_atomic:
 * @path: the file to write
 * @data: its new contents
 * @length: their length
 * @error: an #OCI_CONFIG_ERROR_WRITE naming @path
 *
 * A regular file, or a name that does not exist yet, is replaced
 * atomically: a temporary file with a short name is written beside it and
 * renamed over it, so that readers see the old or the new file, never a
 * part, and a failure leaves the old file as it was. The new file keeps
 * the mode (and, for root, the owner) of the one it replaces; a new name
 * gets mode 0666 less the umask. Symlinks are followed, and their target
 * is replaced, not the link. A FIFO, character device or socket is
 * written into, never replaced (a FIFO with no reader is an error, not a
 * wait); a block device or directory is refused. /dev/stdout, /dev/fd/N
 * and /proc/self/fd/N write to that descriptor, as "-" would.
 *
 * Nothing is fsync'ed: like the Go tool, this does not wait for the disk;
 * ext4 and XFS flush a file renamed over another before the rename reaches
 * the disk.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_file_set_contents_atomic (const char *path, const char *data, gsize length, GError **error)
{
  struct stat st;
  gboolean exists = FALSE;
  int fd = -1;
  g_autofree char *target = resolve_output (path, &st, &exists, &fd, error);

  if (target == NULL)
    return FALSE;
  if (fd >= 0)
    {
      if (fcntl (fd, F_GETFL) < 0)
        return fail (error, OCI_CONFIG_ERROR_WRITE, path, EBADF);
      return write_all (fd, path, data, length, error);
    }
  if (!exists)
    return replace_atomically (target, path, NULL, data, length, error);
  if (S_ISREG (st.st_mode))
    return replace_atomically (target, path, &st, data, length, error);
  if (S_ISDIR (st.st_mode))
    return fail (error, OCI_CONFIG_ERROR_WRITE, path, EISDIR);
  return write_in_place (target, path, &st, data, length, error);
}
