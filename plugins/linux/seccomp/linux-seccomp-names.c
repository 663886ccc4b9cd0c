/* linux-seccomp-names.c — actions, operators, flags and architectures of
 * seccomp, as config-linux.md spells them, and syscall names checked
 * with libseccomp
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <seccomp.h>
#include <string.h>

#include "linux-seccomp.h"

/* The word is the Go tool's spelling where it has one. */
static const LinuxSeccompName actions[] = {
  { "allow", "SCMP_ACT_ALLOW", "1.0.0" },
  { "errno", "SCMP_ACT_ERRNO", "1.0.0" },
  { "kill", "SCMP_ACT_KILL", "1.0.0" },
  { "trace", "SCMP_ACT_TRACE", "1.0.0" },
  { "trap", "SCMP_ACT_TRAP", "1.0.0" },
  { "log", "SCMP_ACT_LOG", "1.0.2" },
  { "kill-process", "SCMP_ACT_KILL_PROCESS", "1.1.0" },
  { "kill-thread", "SCMP_ACT_KILL_THREAD", "1.1.0" },
  { "notify", "SCMP_ACT_NOTIFY", "1.1.0" },
  { NULL },
};

static const LinuxSeccompName operators[] = {
  { "NE", "SCMP_CMP_NE", "1.0.0" },
  { "LT", "SCMP_CMP_LT", "1.0.0" },
  { "LE", "SCMP_CMP_LE", "1.0.0" },
  { "EQ", "SCMP_CMP_EQ", "1.0.0" },
  { "GE", "SCMP_CMP_GE", "1.0.0" },
  { "GT", "SCMP_CMP_GT", "1.0.0" },
  { "ME", "SCMP_CMP_MASKED_EQ", "1.0.0" },
  { NULL },
};

static const LinuxSeccompName flags[] = {
  { "tsync", "SECCOMP_FILTER_FLAG_TSYNC", "1.0.2" },
  { "log", "SECCOMP_FILTER_FLAG_LOG", "1.0.2" },
  { "spec-allow", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "1.0.2" },
  { "wait-killable-recv", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "1.1.0" },
  { NULL },
};

static const LinuxSeccompName arches[] = {
  { "x86", "SCMP_ARCH_X86", "1.0.0" },
  { "amd64", "SCMP_ARCH_X86_64", "1.0.0" },
  { "x32", "SCMP_ARCH_X32", "1.0.0" },
  { "arm", "SCMP_ARCH_ARM", "1.0.0" },
  { "arm64", "SCMP_ARCH_AARCH64", "1.0.0" },
  { "mips", "SCMP_ARCH_MIPS", "1.0.0" },
  { "mips64", "SCMP_ARCH_MIPS64", "1.0.0" },
  { "mips64n32", "SCMP_ARCH_MIPS64N32", "1.0.0" },
  { "mipsel", "SCMP_ARCH_MIPSEL", "1.0.0" },
  { "mipsel64", "SCMP_ARCH_MIPSEL64", "1.0.0" },
  { "mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "1.0.0" },
  { "parisc", "SCMP_ARCH_PARISC", "1.0.0" },
  { "parisc64", "SCMP_ARCH_PARISC64", "1.0.0" },
  { "ppc", "SCMP_ARCH_PPC", "1.0.0" },
  { "ppc64", "SCMP_ARCH_PPC64", "1.0.0" },
  { "ppc64le", "SCMP_ARCH_PPC64LE", "1.0.0" },
  { "s390", "SCMP_ARCH_S390", "1.0.0" },
  { "s390x", "SCMP_ARCH_S390X", "1.0.0" },
  { "riscv64", "SCMP_ARCH_RISCV64", "1.1.0" },
  { "loong64", "SCMP_ARCH_LOONGARCH64", "1.2.1" },
  { "m68k", "SCMP_ARCH_M68K", "1.2.1" },
  { "sh", "SCMP_ARCH_SH", "1.2.1" },
  { "sheb", "SCMP_ARCH_SHEB", "1.2.1" },
  { NULL },
};

/* GOARCH spellings that are not already a word above. */
static const char *const goarch_aliases[][2] = {
  { "386", "SCMP_ARCH_X86" },
  { "mipsle", "SCMP_ARCH_MIPSEL" },
  { "mips64le", "SCMP_ARCH_MIPSEL64" },
};

static const LinuxSeccompName *
table_for (LinuxSeccompNameKind kind)
{
  switch (kind)
    {
    case LINUX_SECCOMP_ACTION:
      return actions;
    case LINUX_SECCOMP_OPERATOR:
      return operators;
    case LINUX_SECCOMP_FLAG:
      return flags;
    case LINUX_SECCOMP_ARCH:
    default:
      return arches;
    }
}

/* libseccomp's name of an architecture: "SCMP_ARCH_X86_64" -> "x86_64". */
static char *
libseccomp_arch_name (const char *name)
{
  return g_ascii_strdown (name + strlen ("SCMP_ARCH_"), -1);
}

static gboolean
arch_matches (const LinuxSeccompName *row, const char *text)
{
  g_autofree char *lib = libseccomp_arch_name (row->name);

  return strcmp (lib, text) == 0;
}

/**
 * linux_seccomp_name_lookup:
 * @kind: which table
 * @text: our word ("allow"), the config's name ("SCMP_ACT_ALLOW"), and
 *   for architectures also libseccomp's ("x86_64") or a GOARCH ("386")
 *
 * Returns: (nullable): the row, %NULL when @text names nothing of @kind
 */
const LinuxSeccompName *
linux_seccomp_name_lookup (LinuxSeccompNameKind kind, const char *text)
{
  const LinuxSeccompName *table = table_for (kind);

  if (text == NULL)
    return NULL;
  for (const LinuxSeccompName *row = table; row->word; row++)
    if (strcmp (row->word, text) == 0 || strcmp (row->name, text) == 0
        || (kind == LINUX_SECCOMP_ARCH && arch_matches (row, text)))
      return row;
  if (kind == LINUX_SECCOMP_ARCH)
    for (gsize i = 0; i < G_N_ELEMENTS (goarch_aliases); i++)
      if (strcmp (goarch_aliases[i][0], text) == 0)
        return linux_seccomp_name_lookup (kind, goarch_aliases[i][1]);
  return NULL;
}

/**
 * linux_seccomp_name_words:
 * @kind: which table
 *
 * Returns: (transfer full): the words of @kind, for error messages
 */
char *
linux_seccomp_name_words (LinuxSeccompNameKind kind)
{
  GString *s = g_string_new (NULL);

  for (const LinuxSeccompName *row = table_for (kind); row->word; row++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", row->word);
  return g_string_free (s, FALSE);
}

/**
 * linux_seccomp_action_takes_errno:
 * @action: an SCMP_ACT_* name
 *
 * Returns: %TRUE for the actions config-linux.md lets return an errno
 */
gboolean
linux_seccomp_action_takes_errno (const char *action)
{
  return g_strcmp0 (action, "SCMP_ACT_ERRNO") == 0 || g_strcmp0 (action, "SCMP_ACT_TRACE") == 0;
}

static void
add_token (GArray *tokens, const char *arch)
{
  const LinuxSeccompName *row = linux_seccomp_name_lookup (LINUX_SECCOMP_ARCH, arch);
  g_autofree char *lib = NULL;
  guint32 token;

  if (row == NULL)
    return;
  lib = libseccomp_arch_name (row->name);
  token = seccomp_arch_resolve_name (lib);
  /* An architecture newer than the linked libseccomp resolves to 0. */
  if (token != 0)
    g_array_append_val (tokens, token);
}

/**
 * linux_seccomp_syscall_known:
 * @architectures: (nullable): the profile's architectures
 * @goarch: the target architecture, used when @architectures names none
 *   libseccomp knows
 * @name: a system call name
 *
 * Returns: %TRUE when libseccomp knows @name for one of the architectures
 */
gboolean
linux_seccomp_syscall_known (JsonArray *architectures, const char *goarch, const char *name)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; architectures && i < json_array_get_length (architectures); i++)
    {
      JsonNode *node = json_array_get_element (architectures, i);
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        add_token (tokens, json_node_get_string (node));
    }
  if (tokens->len == 0)
    add_token (tokens, goarch);
  if (tokens->len == 0)
    {
      guint32 native = SCMP_ARCH_NATIVE;
      g_array_append_val (tokens, native);
    }
  for (guint i = 0; i < tokens->len; i++)
    if (seccomp_syscall_resolve_name_arch (g_array_index (tokens, guint32, i), name) != __NR_SCMP_ERROR)
      return TRUE;
  return FALSE;
}

/**
 * linux_seccomp_name_list:
 * @kind: which table
 *
 * Returns: (transfer full): the words of @kind, for completion
 */
char **
linux_seccomp_name_list (LinuxSeccompNameKind kind)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (const LinuxSeccompName *row = table_for (kind); row->word; row++)
    g_strv_builder_add (b, row->word);
  return g_strv_builder_end (b);
}
