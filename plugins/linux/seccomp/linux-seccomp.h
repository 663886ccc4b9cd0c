/* linux-seccomp.h — seccomp generate options and the default profile
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* linux-seccomp-options.c: the --linux-seccomp-* options and the field
 * order of /linux/seccomp. */
void linux_register_seccomp (OciPlugin *plugin);

/* linux-seccomp-profile.c: the default profile, for os linux; the linux
 * plugin's defaults call it once the capabilities are set. */
gboolean linux_seccomp_defaults (OciGenerateContext *gen, GError **error);
JsonNode *linux_seccomp_default_profile (const char *goarch, GHashTable *capabilities);
gsize linux_seccomp_ordinary_calls (const char ***names);

/* linux-seccomp-names.c: the names seccomp.h spells, with the first
 * runtime-spec release that lists each. */
typedef struct
{
  const char *word;    /* the spelling on our command line: "allow", "NE", "tsync" */
  const char *name;    /* the spelling in config.json: "SCMP_ACT_ALLOW" */
  const char *since;   /* first release that has it */
} LinuxSeccompName;

typedef enum
{
  LINUX_SECCOMP_ACTION,
  LINUX_SECCOMP_OPERATOR,
  LINUX_SECCOMP_FLAG,
  LINUX_SECCOMP_ARCH,
} LinuxSeccompNameKind;

const LinuxSeccompName *linux_seccomp_name_lookup (LinuxSeccompNameKind kind, const char *text);
char *linux_seccomp_name_words (LinuxSeccompNameKind kind);
char **linux_seccomp_name_list (LinuxSeccompNameKind kind);
gboolean linux_seccomp_action_takes_errno (const char *action);
gboolean linux_seccomp_syscall_known (JsonArray *architectures, const char *goarch, const char *name);

G_END_DECLS
