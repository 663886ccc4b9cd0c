/* oci-guard-common.c — the command line, the policy's keys and the runtime
 * lookup, shared by oci-guard's front and its decision module (libc only;
 * see oci-guard-common.h).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf */
#endif
#include "oci-guard-common.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const GuardFlag guard_global_flags[] = {
  { "root", FLAG_VALUE }, { "log", FLAG_VALUE }, { "log-format", FLAG_VALUE },
  { "log-level", FLAG_VALUE }, { "criu", FLAG_VALUE }, { "cgroup-manager", FLAG_VALUE },
  { "rootless", FLAG_TRISTATE },
};
const size_t guard_n_global_flags = sizeof guard_global_flags / sizeof guard_global_flags[0];

const GuardFlag guard_create_flags[] = {
  { "bundle", FLAG_VALUE }, { "b", FLAG_VALUE }, { "console-socket", FLAG_VALUE },
  { "pid-file", FLAG_VALUE }, { "preserve-fds", FLAG_VALUE }, { "config", FLAG_VALUE },
  { "f", FLAG_VALUE },
};
const size_t guard_n_create_flags = sizeof guard_create_flags / sizeof guard_create_flags[0];

const char *const guard_policy_keys[] = {
  "runtime", "mode", "compliance-level", "on-error", "only", "skip", "require-plugin",
  "plugin-dir", "plugin-option", "annotation-prefix", "exceptions", "log", "timeout", "strict", "server", NULL
};

const char *const guard_request_env[] = {
  GUARD_CONFIG_ENV, GUARD_ACTIVE_ENV, "OCI_RUNTIME_TOOLS_PLUGIN_PATH", "OCI_RUNTIME_TOOLS_SETTINGS_PATH",
  "PATH", "HOME", "XDG_CONFIG_HOME", NULL
};

static FlagKind
flag_kind (const GuardFlag *table, size_t n, const char *name, size_t len)
{
  for (size_t i = 0; i < n; i++)
    if (strlen (table[i].name) == len && strncmp (table[i].name, name, len) == 0)
      return table[i].kind;
  return FLAG_BOOL;
}

/**
 * guard_skip_flags:
 * @argc: the number of arguments
 * @argv: the runtime's command line
 * @start: where to begin
 * @table: the flags that take a value
 * @n: the size of @table
 * @on_value: (nullable): sees each flag with a value
 * @data: for @on_value
 *
 * Walks the flags from @start.
 *
 * Returns: the index of the first argument that is no flag (@argc if none)
 */
int
guard_skip_flags (int argc, char **argv, int start, const GuardFlag *table, size_t n,
                  GuardFlagFunc on_value, void *data)
{
  for (int i = start; i < argc; i++)
    {
      const char *a = argv[i];
      const char *name;
      size_t len;
      FlagKind kind;

      if (strcmp (a, "--") == 0)
        return i + 1 < argc ? i + 1 : argc;
      if (a[0] != '-' || a[1] == '\0')
        return i;
      name = a + (a[1] == '-' ? 2 : 1);
      len = strcspn (name, "=");
      kind = flag_kind (table, n, name, len);
      if (name[len] == '=')
        {
          if (on_value)
            on_value (name, len, name + len + 1, data);
          continue;
        }
      if (kind == FLAG_VALUE && i + 1 < argc)
        {
          if (on_value)
            on_value (name, len, argv[i + 1], data);
          i++;
        }
      else if (kind == FLAG_TRISTATE && i + 1 < argc
               && (strcmp (argv[i + 1], "true") == 0 || strcmp (argv[i + 1], "false") == 0
                   || strcmp (argv[i + 1], "auto") == 0))
        i++;
    }
  return argc;
}

/**
 * guard_is_create:
 * @command: a runtime command
 *
 * Returns: whether @command creates a container (the guard decides on it)
 */
bool
guard_is_create (const char *command)
{
  return strcmp (command, "create") == 0 || strcmp (command, "run") == 0;
}

/**
 * guard_is_policy_key:
 * @key: a key of the policy's [guard] group (not NUL-terminated)
 * @len: its length
 *
 * Returns: whether @key is one the policy knows
 */
bool
guard_is_policy_key (const char *key, size_t len)
{
  for (const char *const *k = guard_policy_keys; *k; k++)
    if (strlen (*k) == len && strncmp (*k, key, len) == 0)
      return true;
  return false;
}

/**
 * guard_is_this_program:
 * @path: an executable
 *
 * Returns: whether @path is this very program (through any link)
 */
bool
guard_is_this_program (const char *path)
{
  char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  char *other;
  bool same;

  if (n <= 0)
    return false;
  self[n] = '\0';
  other = realpath (path, NULL);
  same = other && strcmp (self, other) == 0;
  free (other);
  return same;
}

static bool
is_executable_file (const char *path)
{
  struct stat st;

  return stat (path, &st) == 0 && S_ISREG (st.st_mode) && access (path, X_OK) == 0;
}

/* The first executable @name in PATH that is not this program: the guard
 * may be installed as "runc" ahead of the real one. */
static char *
find_in_path (const char *name, bool *found_self)
{
  const char *path = getenv ("PATH");
  const char *dir = path ? path : "/usr/local/bin:/usr/bin:/bin";

  for (;;)
    {
      size_t len = strcspn (dir, ":");
      size_t take = len;
      char *file = NULL;

      while (take > 1 && dir[take - 1] == '/')
        take--;
      if (asprintf (&file, "%.*s/%s", (int) (take ? take : 1), take ? dir : ".", name) < 0)
        return NULL;
      if (is_executable_file (file))
        {
          if (!guard_is_this_program (file))
            return file;
          *found_self = true;
        }
      free (file);
      if (dir[len] == '\0')
        return NULL;
      dir += len + 1;
    }
}

/**
 * guard_resolve_runtime:
 * @configured: (nullable): the policy's runtime= (a path, or a name looked
 *   up in PATH); %NULL for the default, runc else crun
 * @found_self: set when a candidate was this program
 *
 * Finds the real runtime, never this program.
 *
 * Returns: (transfer full) (nullable): its path (free() it), or %NULL
 */
char *
guard_resolve_runtime (const char *configured, bool *found_self)
{
  const char *const defaults[] = { "runc", "crun", NULL };
  const char *const given[] = { configured, NULL };
  const char *const *names = configured ? given : defaults;

  *found_self = false;
  for (const char *const *n = names; *n; n++)
    {
      char *path = NULL;
      if (strchr (*n, '/') == NULL)
        path = find_in_path (*n, found_self);
      else if (access (*n, X_OK) == 0 && guard_is_this_program (*n))
        *found_self = true;
      else if (access (*n, X_OK) == 0)
        path = strdup (*n);
      if (path)
        return path;
    }
  return NULL;
}

/**
 * guard_default_server_socket:
 *
 * Where the decision server listens when neither the environment nor the
 * policy says: the system place for root, the user's runtime folder for
 * anybody else (none without $XDG_RUNTIME_DIR).
 *
 * Returns: (transfer full) (nullable): the path (free() it), or %NULL
 */
char *
guard_default_server_socket (void)
{
  const char *runtime_dir = getenv ("XDG_RUNTIME_DIR");
  char *path = NULL;

  if (geteuid () == 0)
    return strdup (GUARD_SERVER_DEFAULT);
  if (runtime_dir == NULL || runtime_dir[0] != '/'
      || asprintf (&path, "%s/%s", runtime_dir, GUARD_SERVER_SOCKET_NAME) < 0)
    return NULL;
  return path;
}
