/* base-options.c — generate options, defaults and field order of config.md
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "base-plugin.h"

/* Member order of the Go tool's output (specs-go struct field order). */
static const char *const root_order[] = {
  "ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks",
  "annotations", "linux", "solaris", "windows", "vm", "zos", "freebsd", NULL,
};
static const char *const process_order[] = {
  "terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd",
  "capabilities", "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj",
  "scheduler", "selinuxLabel", "ioPriority", "execCPUAffinity", NULL,
};
static const char *const console_order[] = { "height", "width", NULL };
static const char *const user_order[] = {
  "uid", "gid", "umask", "additionalGids", "username", NULL,
};
static const char *const root_fs_order[] = { "path", "readonly", NULL };
static const char *const mount_order[] = {
  "destination", "type", "source", "options", "uidMappings", "gidMappings", NULL,
};
static const char *const rlimit_order[] = { "type", "hard", "soft", NULL };

static const OciFieldOrder base_field_orders[] = {
  { "", OCI_FIELD_ORDER_LISTED, root_order },
  { "/process", OCI_FIELD_ORDER_LISTED, process_order },
  { "/process/consoleSize", OCI_FIELD_ORDER_LISTED, console_order },
  { "/process/user", OCI_FIELD_ORDER_LISTED, user_order },
  { "/process/rlimits/*", OCI_FIELD_ORDER_LISTED, rlimit_order },
  { "/root", OCI_FIELD_ORDER_LISTED, root_fs_order },
  { "/mounts/*", OCI_FIELD_ORDER_LISTED, mount_order },
  { "/annotations", OCI_FIELD_ORDER_SORTED, NULL },
};

void
base_register_options (OciPlugin *plugin)
{
  oci_plugin_add_field_orders (plugin, base_field_orders, G_N_ELEMENTS (base_field_orders));
}
