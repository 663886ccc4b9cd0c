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
#include <sys/stat.h>
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

/* One line of the policy, @line stripped of leading blanks. */
static bool
read_policy_line (const char *line, size_t len, bool *in_group, char **runtime)
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
  if (key_len == strlen ("runtime") && strncmp (line, "runtime", key_len) == 0)
    {
      if (value_len == 0 || is_blank (value[value_len - 1]))
        return false;
      free (*runtime);
      *runtime = strndup (value, value_len);
    }
  return true;
}

/* The policy's runtime= (NULL: the default) when the policy is absent (the
 * system one only: a file OCI_GUARD_CONFIG names must exist) or plainly
 * valid: blank lines, comments, one [guard] group and known keys with
 * values without escapes. Returns false for anything else: the module
 * then reads the policy in full and names what is wrong. */
static bool
read_policy_fast (char **runtime)
{
  const char *env = getenv (GUARD_CONFIG_ENV);
  const char *path = env && *env ? env : OCI_GUARD_SYSCONF_FILE;
  char *text;
  bool in_group = false;
  bool ok = true;

  *runtime = NULL;
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
      ok = read_policy_line (line, len, &in_group, runtime);
      line = next;
    }
  free (text);
  if (!ok || !in_group)
    {
      free (*runtime);
      *runtime = NULL;
      return false;
    }
  return true;
}

/* Any command but create, run and hook: straight to the real runtime when
 * the policy is plain and the runtime found; returns when it could not. */
static void
pass_through (char **argv)
{
  char *configured = NULL;
  char *runtime = NULL;
  char *program = argv[0];
  bool found_self;

  if (!read_policy_fast (&configured))
    return;
  runtime = guard_resolve_runtime (configured, &found_self);
  free (configured);
  if (runtime == NULL || setenv (GUARD_ACTIVE_ENV, "1", 1) != 0)
    {
      free (runtime);
      return;
    }
  argv[0] = runtime;
  execv (runtime, argv);
  /* the module tries again and says why it fails */
  argv[0] = program;
  unsetenv (GUARD_ACTIVE_ENV);
  free (runtime);
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

  if (!hook && !(command < argc && guard_is_create (argv[command])) && getenv (GUARD_ACTIVE_ENV) == NULL)
    pass_through (argv);
  return run_module (argc, argv, started);
}
