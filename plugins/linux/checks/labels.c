/* labels.c — SELinux labels (mountLabel, process.selinuxLabel) and the
 * AppArmor profile name
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement label_requirements[] = {
  { "linux.mountlabel.format", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxMountLabel", "1.0.0", NULL,
    "mountLabel is an SELinux context, user:role:type[:level] (advice: SELinux refuses "
    "another form)" },
  { "linux.process.selinuxlabel.format", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "selinuxLabel is an SELinux context, user:role:type[:level] (advice: SELinux refuses "
    "another form)" },
  { "linux.process.apparmorprofile.name", OCI_LEVEL_ADVICE, "config.md", "configLinuxProcess", "1.0.0", NULL,
    "apparmorProfile names a profile: no blanks or control characters (advice: AppArmor has "
    "no profile of such a name)" },
};

/* An SELinux context: three non-empty fields, then an optional MLS/MCS
 * level that may itself hold colons ("s0:c1,c2"). */
static gboolean
selinux_context_valid (const char *label)
{
  g_auto(GStrv) fields = g_strsplit (label, ":", 4);

  if (g_strv_length (fields) < 3)
    return FALSE;
  for (guint i = 0; fields[i]; i++)
    if (*fields[i] == '\0' || strpbrk (fields[i], " \t\n\r") != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
apparmor_name_valid (const char *name)
{
  for (const char *p = name; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

static void
check_label (OciCheckContext *ctx, const char *pointer, const char *requirement)
{
  const char *label = oci_config_get_string (oci_check_context_get_config (ctx), pointer);

  if (label && *label)
    oci_check_expect (ctx, selinux_context_valid (label), requirement, pointer,
                      "\"%s\" is not an SELinux context user:role:type[:level]", label);
}

static gboolean
check_labels (OciCheckContext *ctx, GError **error)
{
  const char *profile = oci_config_get_string (oci_check_context_get_config (ctx), "/process/apparmorProfile");

  check_label (ctx, "/linux/mountLabel", "linux.mountlabel.format");
  check_label (ctx, "/process/selinuxLabel", "linux.process.selinuxlabel.format");
  /* A profile is loaded in the host kernel, not a file of the root
   * filesystem (the Go tool looks for rootfs/etc/apparmor.d/NAME). */
  if (profile && *profile)
    oci_check_expect (ctx, apparmor_name_valid (profile), "linux.process.apparmorprofile.name",
                      "/process/apparmorProfile", "\"%s\" holds blanks or control characters", profile);
  return TRUE;
}

static const OciChecker label_checkers[] = {
  { "linux.labels", "SELinux labels and the AppArmor profile name", OCI_PHASE_BUNDLE, check_labels },
};

void
linux_checks_labels_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, label_requirements, G_N_ELEMENTS (label_requirements));
  oci_plugin_add_checkers (plugin, label_checkers, G_N_ELEMENTS (label_checkers));
}
