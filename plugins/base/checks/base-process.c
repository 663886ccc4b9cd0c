/* base-process.c — process fields of config.md that hold on every platform
 *
 * On Windows from 1.0.2, commandLine instead of args is the windows
 * plugin's rule. The Linux process fields (apparmorProfile, capabilities,
 * noNewPrivileges, oomScoreAdj, scheduler, selinuxLabel, ioPriority,
 * execCPUAffinity) are the linux plugin's.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>

#include "base-checks.h"

static gboolean
has_entries (JsonArray *array)
{
  return array != NULL && json_array_get_length (array) > 0;
}

/* Until 1.0.2 args is REQUIRED everywhere; from 1.0.2 Windows may give
 * commandLine instead, which the windows plugin checks. */
static void
check_args (OciCheckContext *ctx, OciConfig *config, gboolean windows)
{
  JsonArray *args = oci_config_get_array (config, "/process/args");
  const char *ptr = oci_config_has (config, "/process/args") ? "/process/args" : "/process";

  if (windows && oci_check_context_release_at_least (ctx, "1.0.2"))
    return;
  oci_check_expect (ctx, has_entries (args), "base.process.args.required", ptr, "process.args has no entry");
}

static void
check_user (OciCheckContext *ctx, OciConfig *config)
{
  gboolean has_uid = oci_config_has (config, "/process/user/uid");
  gboolean has_gid = oci_config_has (config, "/process/user/gid");

  if (!oci_config_has (config, "/process/user"))
    return;
  oci_check_expect (ctx, has_uid && has_gid, "base.process.user.ids", "/process/user",
                    "process.user has no %s", !has_uid && !has_gid ? "uid and gid" : has_uid ? "gid" : "uid");
}

gboolean
base_check_process (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *os = oci_check_context_get_os (ctx);
  gboolean windows = g_strcmp0 (os, "windows") == 0;
  const char *cwd = oci_config_get_string (config, "/process/cwd");
  gboolean terminal = FALSE;

  if (!oci_config_has (config, "/process"))
    return TRUE;
  if (cwd)
    oci_check_expect (ctx, oci_path_is_absolute_for (os, cwd), "base.process.cwd.absolute",
                      "/process/cwd", "\"%s\" is not an absolute path", cwd);
  check_args (ctx, config, windows);
  if (!windows)
    check_user (ctx, config);
  oci_config_get_boolean (config, "/process/terminal", &terminal);
  oci_check_expect (ctx, terminal || !oci_config_has (config, "/process/consoleSize"),
                    "base.process.consolesize.terminal", "/process/consoleSize",
                    "consoleSize is set but terminal is not true: runtimes ignore it");
  return TRUE;
}

/* args[0] is execvp's file. When it is absolute and the root filesystem
 * has it (and no mount covers it), it must be something exec can run. The
 * Go tool only warns when it is missing: so do we, by saying nothing. */
gboolean
base_check_executable (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  const char *rootfs = oci_check_context_get_rootfs (ctx);
  JsonArray *args = oci_config_get_array (config, "/process/args");
  const char *file = has_entries (args) ? oci_json_array_get_string (args, 0) : NULL;
  g_autofree char *host = NULL;
  int err = 0;

  if (file == NULL || file[0] != '/' || rootfs == NULL || oci_check_context_get_bundle (ctx) == NULL
      || g_strcmp0 (oci_check_context_get_os (ctx), "windows") == 0 || base_path_under_mount (config, file))
    return TRUE;
  host = oci_path_resolve_in_root (rootfs, file, &err);
  if (host == NULL)
    {
      if (err != ENOENT && err != ENOTDIR)
        oci_check_skip (ctx, "base.process.args.executable", "/process/args/0",
                        "%s cannot be resolved in the root filesystem: %s", file, g_strerror (err));
      return TRUE;
    }
  oci_check_expect (ctx, base_is_executable_file (host), "base.process.args.executable", "/process/args/0",
                    "%s is in the root filesystem (%s) but is not an executable file", file, host);
  return TRUE;
}
