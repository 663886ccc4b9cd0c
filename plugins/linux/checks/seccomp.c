/* seccomp.c — linux.seccomp: names resolved through libseccomp
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-checks.h"

static const OciRequirement seccomp_requirements[] = {
  { "linux.seccomp.action.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "defaultAction and syscalls[].action are actions of the release, SCMP_ACT_* (advice: the "
    "text lists the constants without a keyword; runtimes refuse others)" },
  { "linux.seccomp.arch.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "an architecture is one the release lists or libseccomp knows, SCMP_ARCH_* (advice: the "
    "text lists the constants without a keyword; runtimes refuse others)" },
  { "linux.seccomp.flag.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.2", NULL,
    "a flag is one the release lists, SECCOMP_FILTER_FLAG_* (advice: the text lists the "
    "constants without a keyword; runtimes refuse others)" },
  { "linux.seccomp.operator.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "an argument operator is one of SCMP_CMP_NE, LT, LE, EQ, GE, GT, MASKED_EQ (advice: the "
    "text lists the constants without a keyword; libseccomp has no other)" },
  { "linux.seccomp.names.required", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "names MUST contain at least one entry" },
  { "linux.seccomp.syscall.known", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "a syscall name resolves with libseccomp for one of the listed architectures (advice: "
    "runtimes skip names they cannot resolve, so the rule does nothing)" },
  { "linux.seccomp.args.index", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "an argument index names one of the six syscall arguments, 0 to 5 (advice: a system call "
    "has no other; libseccomp refuses it)" },
  { "linux.seccomp.errnoret.action", OCI_LEVEL_MUST, "config-linux.md", "configLinuxSeccomp", "1.1.0", NULL,
    "errnoRet and defaultErrnoRet only go with actions that return an errno (SCMP_ACT_ERRNO, SCMP_ACT_TRACE): "
    "otherwise the runtime MUST fail" },
  { "linux.seccomp.notify.listener", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.1.0", NULL,
    "SCMP_ACT_NOTIFY needs a listenerPath, the socket the runtime sends the seccomp fd to "
    "(advice: runc refuses this)" },
  { "linux.seccomp.listener.metadata", OCI_LEVEL_MUST_NOT, "config-linux.md", "configLinuxSeccomp", "1.1.0", NULL,
    "listenerMetadata MUST NOT be set if listenerPath is not set" },
};

static const LinuxCheckSeccompAction seccomp_actions[] = {
  { "SCMP_ACT_KILL", "1.0.0", SCMP_ACT_KILL, FALSE },
  { "SCMP_ACT_KILL_PROCESS", "1.1.0", SCMP_ACT_KILL_PROCESS, FALSE },
  { "SCMP_ACT_KILL_THREAD", "1.1.0", SCMP_ACT_KILL_THREAD, FALSE },
  { "SCMP_ACT_TRAP", "1.0.0", SCMP_ACT_TRAP, FALSE },
  { "SCMP_ACT_ERRNO", "1.0.0", SCMP_ACT_ERRNO (0), TRUE },
  { "SCMP_ACT_TRACE", "1.0.0", SCMP_ACT_TRACE (0), TRUE },
  { "SCMP_ACT_ALLOW", "1.0.0", SCMP_ACT_ALLOW, FALSE },
  { "SCMP_ACT_LOG", "1.0.2", SCMP_ACT_LOG, FALSE },
  { "SCMP_ACT_NOTIFY", "1.1.0", SCMP_ACT_NOTIFY, FALSE },
};

static const struct
{
  const char *name;
  enum scmp_compare op;
} seccomp_operators[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT }, { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_EQ", SCMP_CMP_EQ }, { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* Names the spec lists, with the release that added them: the local
 * libseccomp may predate some of them. */
static const struct
{
  const char *name;
  const char *since;
} seccomp_names[] = {
  { "SCMP_ARCH_X86", "1.0.0" }, { "SCMP_ARCH_X86_64", "1.0.0" }, { "SCMP_ARCH_X32", "1.0.0" },
  { "SCMP_ARCH_ARM", "1.0.0" }, { "SCMP_ARCH_AARCH64", "1.0.0" }, { "SCMP_ARCH_MIPS", "1.0.0" },
  { "SCMP_ARCH_MIPS64", "1.0.0" }, { "SCMP_ARCH_MIPS64N32", "1.0.0" }, { "SCMP_ARCH_MIPSEL", "1.0.0" },
  { "SCMP_ARCH_MIPSEL64", "1.0.0" }, { "SCMP_ARCH_MIPSEL64N32", "1.0.0" }, { "SCMP_ARCH_PPC", "1.0.0" },
  { "SCMP_ARCH_PPC64", "1.0.0" }, { "SCMP_ARCH_PPC64LE", "1.0.0" }, { "SCMP_ARCH_S390", "1.0.0" },
  { "SCMP_ARCH_S390X", "1.0.0" }, { "SCMP_ARCH_PARISC", "1.0.0" }, { "SCMP_ARCH_PARISC64", "1.0.0" },
  { "SCMP_ARCH_RISCV64", "1.1.0" }, { "SCMP_ARCH_LOONGARCH64", "1.2.1" }, { "SCMP_ARCH_M68K", "1.2.1" },
  { "SCMP_ARCH_SH", "1.2.1" }, { "SCMP_ARCH_SHEB", "1.2.1" },
  { "SECCOMP_FILTER_FLAG_TSYNC", "1.0.2" }, { "SECCOMP_FILTER_FLAG_LOG", "1.0.2" },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "1.0.2" }, { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "1.1.0" },
};

/* Target architectures (GOARCH names) as libseccomp names them. */
static const char *const goarch_names[][2] = {
  { "amd64", "x86_64" }, { "386", "x86" }, { "arm64", "aarch64" }, { "arm", "arm" }, { "ppc64le", "ppc64le" },
  { "ppc64", "ppc64" }, { "s390x", "s390x" }, { "riscv64", "riscv64" }, { "mips", "mips" },
  { "mipsle", "mipsel" }, { "mips64", "mips64" }, { "mips64le", "mipsel64" }, { "loong64", "loongarch64" },
};

const LinuxCheckSeccompAction *
linux_check_seccomp_action (const char *name)
{
  for (gsize i = 0; name && i < G_N_ELEMENTS (seccomp_actions); i++)
    if (strcmp (seccomp_actions[i].name, name) == 0)
      return &seccomp_actions[i];
  return NULL;
}

enum scmp_compare
linux_check_seccomp_operator (const char *name)
{
  for (gsize i = 0; name && i < G_N_ELEMENTS (seccomp_operators); i++)
    if (strcmp (seccomp_operators[i].name, name) == 0)
      return seccomp_operators[i].op;
  return _SCMP_CMP_MIN;
}

/* SCMP_ARCH_X86_64 -> "x86_64" -> libseccomp's token, 0 if unknown. */
guint32
linux_check_seccomp_arch (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL || !g_str_has_prefix (name, "SCMP_ARCH_"))
    return 0;
  lower = g_ascii_strdown (name + strlen ("SCMP_ARCH_"), -1);
  return seccomp_arch_resolve_name (lower);
}

static gboolean
name_in_release (OciCheckContext *ctx, const char *name)
{
  for (gsize i = 0; name && i < G_N_ELEMENTS (seccomp_names); i++)
    if (strcmp (seccomp_names[i].name, name) == 0)
      return oci_check_context_release_at_least (ctx, seccomp_names[i].since);
  return FALSE;
}

static gboolean
action_known (OciCheckContext *ctx, const char *name)
{
  const LinuxCheckSeccompAction *action = linux_check_seccomp_action (name);

  return action && oci_check_context_release_at_least (ctx, action->since);
}

static guint32
target_arch_token (OciCheckContext *ctx)
{
  const char *arch = oci_check_context_get_arch (ctx);

  for (gsize i = 0; arch && i < G_N_ELEMENTS (goarch_names); i++)
    if (strcmp (goarch_names[i][0], arch) == 0)
      return seccomp_arch_resolve_name (goarch_names[i][1]);
  return seccomp_arch_native ();
}

/* The architectures names resolve against: the listed ones libseccomp
 * knows, else the target's. */
static GArray *
check_architectures (OciCheckContext *ctx, JsonObject *seccomp)
{
  JsonArray *archs = oci_json_object_get_array (seccomp, "architectures");
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 token;

  for (guint i = 0; archs && i < json_array_get_length (archs); i++)
    {
      const char *name = linux_check_string_at (archs, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/seccomp/architectures/%u", i);

      if (name == NULL)
        continue;
      token = linux_check_seccomp_arch (name);
      oci_check_expect (ctx, token != 0 || name_in_release (ctx, name), "linux.seccomp.arch.known", ptr,
                        "\"%s\" is not an architecture of runtime-spec %s nor of libseccomp", name,
                        oci_check_context_get_release (ctx));
      if (token != 0)
        g_array_append_val (tokens, token);
    }
  if (archs == NULL || json_array_get_length (archs) == 0)
    {
      token = target_arch_token (ctx);
      g_array_append_val (tokens, token);
    }
  return tokens;
}

static gboolean
syscall_resolves (GArray *tokens, const char *name)
{
  for (guint i = 0; i < tokens->len; i++)
    if (seccomp_syscall_resolve_name_arch (g_array_index (tokens, guint32, i), name) != __NR_SCMP_ERROR)
      return TRUE;
  return FALSE;
}

static void
check_action (OciCheckContext *ctx, JsonObject *object, const char *action_member, const char *errno_member,
              const char *base)
{
  const char *name = oci_json_object_get_string (object, action_member);
  const LinuxCheckSeccompAction *action = linux_check_seccomp_action (name);
  g_autofree char *ptr = oci_json_pointer_append (base, action_member);
  g_autofree char *errno_ptr = oci_json_pointer_append (base, errno_member);

  if (name == NULL)
    return;
  oci_check_expect (ctx, action_known (ctx, name), "linux.seccomp.action.known", ptr,
                    "\"%s\" is not a seccomp action of runtime-spec %s", name, oci_check_context_get_release (ctx));
  if (json_object_has_member (object, errno_member) && action)
    oci_check_expect (ctx, action->takes_errno, "linux.seccomp.errnoret.action", errno_ptr,
                      "%s is set but %s returns no errno", errno_member, name);
}

static void
check_default_and_flags (OciCheckContext *ctx, JsonObject *seccomp)
{
  JsonArray *flags = oci_json_object_get_array (seccomp, "flags");

  check_action (ctx, seccomp, "defaultAction", "defaultErrnoRet", "/linux/seccomp");
  for (guint i = 0; flags && i < json_array_get_length (flags); i++)
    {
      const char *flag = linux_check_string_at (flags, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/seccomp/flags/%u", i);

      if (flag)
        oci_check_expect (ctx, g_str_has_prefix (flag, "SECCOMP_FILTER_FLAG_") && name_in_release (ctx, flag),
                          "linux.seccomp.flag.known", ptr, "\"%s\" is not a seccomp flag of runtime-spec %s", flag,
                          oci_check_context_get_release (ctx));
    }
}

static void
check_args (OciCheckContext *ctx, JsonArray *args, const char *base)
{
  for (guint i = 0; args && i < json_array_get_length (args); i++)
    {
      JsonObject *arg = linux_check_object_at (args, i);
      const char *op = oci_json_object_get_string (arg, "op");
      g_autofree char *index_ptr = g_strdup_printf ("%s/args/%u/index", base, i);
      g_autofree char *op_ptr = g_strdup_printf ("%s/args/%u/op", base, i);
      gint64 index;

      if (oci_json_object_get_int (arg, "index", &index))
        oci_check_expect (ctx, index >= 0 && index < 6, "linux.seccomp.args.index", index_ptr,
                          "index %" G_GINT64_FORMAT " is not an argument of a syscall (0 to 5)", index);
      if (op)
        oci_check_expect (ctx, linux_check_seccomp_operator (op) != _SCMP_CMP_MIN, "linux.seccomp.operator.known",
                          op_ptr, "\"%s\" is not a seccomp operator", op);
    }
}

static void
check_names (OciCheckContext *ctx, JsonArray *names, GArray *tokens, const char *base)
{
  g_autofree char *ptr = g_strconcat (base, "/names", NULL);

  oci_check_expect (ctx, names && json_array_get_length (names) > 0, "linux.seccomp.names.required",
                    names ? ptr : base, "the rule names no syscall");
  for (guint i = 0; names && tokens->len && i < json_array_get_length (names); i++)
    {
      const char *name = linux_check_string_at (names, i);
      g_autofree char *name_ptr = NULL;

      if (name == NULL)
        continue;
      /* Hundreds of names in a profile: build the pointer only to report. */
      if (syscall_resolves (tokens, name))
        {
          oci_check_pass (ctx, "linux.seccomp.syscall.known");
          continue;
        }
      name_ptr = g_strdup_printf ("%s/%u", ptr, i);
      oci_check_fail (ctx, "linux.seccomp.syscall.known", name_ptr,
                      "libseccomp %u.%u.%u knows no syscall \"%s\" on the listed architectures",
                      seccomp_version ()->major, seccomp_version ()->minor, seccomp_version ()->micro, name);
    }
}

static void
check_rules (OciCheckContext *ctx, JsonObject *seccomp, GArray *tokens)
{
  JsonArray *rules = oci_json_object_get_array (seccomp, "syscalls");

  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = linux_check_object_at (rules, i);
      g_autofree char *base = g_strdup_printf ("/linux/seccomp/syscalls/%u", i);

      if (rule == NULL)
        continue;
      check_action (ctx, rule, "action", "errnoRet", base);
      check_names (ctx, oci_json_object_get_array (rule, "names"), tokens, base);
      check_args (ctx, oci_json_object_get_array (rule, "args"), base);
    }
}

static gboolean
uses_notify (JsonObject *seccomp)
{
  JsonArray *rules = oci_json_object_get_array (seccomp, "syscalls");

  if (g_strcmp0 (oci_json_object_get_string (seccomp, "defaultAction"), "SCMP_ACT_NOTIFY") == 0)
    return TRUE;
  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    if (g_strcmp0 (oci_json_object_get_string (linux_check_object_at (rules, i), "action"), "SCMP_ACT_NOTIFY") == 0)
      return TRUE;
  return FALSE;
}

static void
check_listener (OciCheckContext *ctx, JsonObject *seccomp)
{
  const char *path = oci_json_object_get_string (seccomp, "listenerPath");
  gboolean has_path = path && *path;

  if (uses_notify (seccomp))
    oci_check_expect (ctx, has_path, "linux.seccomp.notify.listener", "/linux/seccomp",
                      "SCMP_ACT_NOTIFY is used but there is no listenerPath to send the seccomp fd to");
  if (json_object_has_member (seccomp, "listenerMetadata"))
    oci_check_expect (ctx, has_path, "linux.seccomp.listener.metadata", "/linux/seccomp/listenerMetadata",
                      "listenerMetadata is set without listenerPath");
}

static gboolean
check_seccomp (OciCheckContext *ctx, GError **error)
{
  JsonObject *seccomp = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/seccomp");
  g_autoptr(GArray) tokens = NULL;

  if (seccomp == NULL)
    return TRUE;
  tokens = check_architectures (ctx, seccomp);
  if (tokens->len == 0)
    oci_check_skip (ctx, "linux.seccomp.syscall.known", "/linux/seccomp/architectures",
                    "libseccomp %u.%u.%u knows none of the listed architectures: syscall names are not checked",
                    seccomp_version ()->major, seccomp_version ()->minor, seccomp_version ()->micro);
  check_default_and_flags (ctx, seccomp);
  check_rules (ctx, seccomp, tokens);
  check_listener (ctx, seccomp);
  return TRUE;
}

static const OciChecker seccomp_checkers[] = {
  { "linux.seccomp", "seccomp actions, architectures, flags, syscall names and arguments", OCI_PHASE_BUNDLE,
    check_seccomp },
};

void
linux_checks_seccomp_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, seccomp_requirements, G_N_ELEMENTS (seccomp_requirements));
  oci_plugin_add_checkers (plugin, seccomp_checkers, G_N_ELEMENTS (seccomp_checkers));
}
