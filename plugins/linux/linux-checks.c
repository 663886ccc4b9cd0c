/* linux-checks.c — requirements and checkers of config-linux.md and of the
 * Linux parts of config.md; each spec area lives in checks/
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "checks/linux-checks.h"

typedef void (*LinuxRegisterFunc) (OciPlugin *plugin);

/* In the order checkers run: cheap bundle checks first, the host last. */
static const LinuxRegisterFunc linux_areas[] = {
  linux_checks_namespaces_register,
  linux_checks_idmappings_register,
  linux_checks_sysctl_register,
  linux_checks_devices_register,
  linux_checks_resources_register,
  linux_checks_blockio_register,
  linux_checks_seccomp_register,
  linux_checks_capabilities_register,
  linux_checks_paths_register,
  linux_checks_labels_register,
  linux_checks_process_register,
  linux_checks_personality_register,
  linux_checks_memorypolicy_register,
  linux_checks_netdevices_register,
  linux_checks_intelrdt_register,
  linux_checks_seccomp_compile_register,
  linux_checks_host_register,
};

void
linux_register_checks (OciPlugin *plugin)
{
  for (gsize i = 0; i < G_N_ELEMENTS (linux_areas); i++)
    linux_areas[i] (plugin);
}
