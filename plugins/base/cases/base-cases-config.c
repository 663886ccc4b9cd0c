/* base-cases-config.c — config.md applied: the container as seen from
 * inside, by the base plugin's inside checkers (../inside/)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>

#include <glib/gstdio.h>

#include "base-runtime.h"

static const char *const inside_root[] = { "base.inside.root", NULL };
static const char *const inside_uts[] = { "base.inside.uts", NULL };
static const char *const inside_process[] = { "base.inside.process", NULL };
static const char *const inside_rlimits[] = { "base.inside.rlimits", NULL };
static const char *const inside_mounts[] = { "base.inside.mounts", NULL };

static const char *const opts_hostname[] = { "--hostname=ort-hostname", NULL };
static const char *const opts_domainname[] = { "--hostname=ort-host", "--domainname=ort.example", NULL };
static const char *const opts_readonly[] = { "--rootfs-readonly", NULL };

/* process: args with spaces, a cwd the harness creates, variables. */
static const char *const args_process[] = { OCI_RUNTIMETEST_PATH, "first", "second argument", "", NULL };
static const char *const opts_process[] = {
  "--process-cwd=/ort-cwd/sub dir", "--env=ORT_A=value a", "--env=ORT_B=123", "--env=ORT_EMPTY=", NULL,
};

static gboolean
make_cwd (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *dir = oci_runtime_context_rootfs_path (rc, oci_config_get_string (config, "/process/cwd"));

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: %s", dir, g_strerror (errno)),
           FALSE;
  return TRUE;
}

/* process_user: a user of the rootfs's /etc/passwd, another group, a umask. */
static const char *const opts_user[] = {
  "--process-uid=1000", "--process-gid=1000", "--process-groups=1001", "--process-groups=65534",
  "--process-umask=0027", NULL,
};

static const char *const opts_rlimits[] = {
  "--process-rlimits-add=RLIMIT_NOFILE:2048:1536", "--process-rlimits-add=RLIMIT_CORE:0:0",
  "--process-rlimits-add=RLIMIT_NPROC:4096:2048", NULL,
};

/* mounts: tmpfs and bind mounts in a chosen order, with flags and
 * propagation, one nested in another (order matters). */
static const char *const opts_mounts[] = {
  "--mounts-add={\"destination\": \"/mnt/ort-a\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", "
  "\"options\": [\"nosuid\", \"nodev\", \"mode=755\", \"size=64k\"]}",
  "--mounts-add={\"destination\": \"/mnt/ort-a/nested\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", "
  "\"options\": [\"noexec\", \"ro\", \"size=16k\"]}",
  "--mounts-add={\"destination\": \"/mnt/ort-bind\", \"type\": \"bind\", \"source\": \"@BUNDLE@/ort-bind-src\", "
  "\"options\": [\"bind\", \"ro\", \"nosuid\"]}",
  /* Propagation options are defined for bind mounts (config.md, Linux mount options). */
  "--mounts-add={\"destination\": \"/mnt/ort-private\", \"type\": \"bind\", \"source\": \"@BUNDLE@/ort-bind-src\", "
  "\"options\": [\"rbind\", \"rprivate\"]}",
  "--mounts-add={\"destination\": \"/mnt/ort-shared\", \"type\": \"bind\", \"source\": \"@BUNDLE@/ort-bind-src\", "
  "\"options\": [\"bind\", \"shared\"]}",
  NULL,
};

static gboolean
make_bind_source (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *dir = oci_runtime_context_bundle_path (rc, "ort-bind-src");

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP, "%s: %s", dir, g_strerror (errno)),
           FALSE;
  return TRUE;
}

const OciRuntimeCase base_config_cases[] = {
  { "base.default", "the default config, every inside checker" },
  { "base.hostname", "the container sees the configured hostname", opts_hostname, NULL, inside_uts },
  { "base.domainname", "the container sees the configured domainname", opts_domainname, NULL, inside_uts },
  { "base.process", "args, cwd and env of the container process", opts_process, args_process, inside_process,
    NULL, 0, NULL, make_cwd },
  { "base.process_user", "uid, gid, additional gids and umask of the container process", opts_user, NULL,
    inside_process },
  { "base.process_rlimits", "the container process has the configured resource limits", opts_rlimits, NULL,
    inside_rlimits },
  { "base.root_readonly_true", "with root.readonly the root filesystem is read-only", opts_readonly, NULL,
    inside_root },
  { "base.root_readonly_false", "without root.readonly the root filesystem is writable", NULL, NULL,
    inside_root },
  { "base.mounts", "mounts in order, with their types, flags and propagation", opts_mounts, NULL, inside_mounts,
    NULL, 0, NULL, make_bind_source },
};

const gsize base_n_config_cases = G_N_ELEMENTS (base_config_cases);
