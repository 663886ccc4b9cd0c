/* seccomp-compile.c — with --host-specific, the profile is compiled with
 * the host's libseccomp: proof that a runtime here can load it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "linux-checks.h"

static const OciRequirement compile_requirements[] = {
  { "linux.seccomp.compile", OCI_LEVEL_ADVICE, "config-linux.md", "configLinuxSeccomp", "1.0.0", NULL,
    "the seccomp profile compiles with the host's libseccomp, with --host-specific (advice: "
    "runtimes cannot load a profile libseccomp refuses)" },
};

static guint32
action_value (JsonObject *object, const char *action_member, const char *errno_member)
{
  const char *name = oci_json_object_get_string (object, action_member);
  const LinuxCheckSeccompAction *action = linux_check_seccomp_action (name);
  gint64 ret = EPERM;

  oci_json_object_get_int (object, errno_member, &ret);
  return action->takes_errno ? action->action | ((guint32) ret & 0xffff) : action->action;
}

static struct scmp_arg_cmp *
read_conditions (JsonArray *args, guint *n_args)
{
  struct scmp_arg_cmp *cmp;

  *n_args = args ? json_array_get_length (args) : 0;
  cmp = g_new0 (struct scmp_arg_cmp, MAX (*n_args, 1));
  for (guint i = 0; i < *n_args; i++)
    {
      JsonObject *arg = linux_check_object_at (args, i);
      gint64 index = -1;

      oci_json_object_get_int (arg, "index", &index);
      linux_check_uint64 (arg, "value", &cmp[i].datum_a);
      linux_check_uint64 (arg, "valueTwo", &cmp[i].datum_b);
      cmp[i].arg = (unsigned int) index;
      cmp[i].op = linux_check_seccomp_operator (oci_json_object_get_string (arg, "op"));
    }
  return cmp;
}

/* Adds the rule for each name libseccomp resolves; like runtimes, rules
 * that repeat the default action and names unknown here are skipped. */
static gboolean
add_rule (OciCheckContext *ctx, scmp_filter_ctx filter, JsonObject *rule, guint32 default_action, const char *ptr)
{
  const char *action_name = oci_json_object_get_string (rule, "action");
  JsonArray *names = oci_json_object_get_array (rule, "names");
  guint n_args;
  g_autofree struct scmp_arg_cmp *cmp = read_conditions (oci_json_object_get_array (rule, "args"), &n_args);
  guint32 action;

  if (linux_check_seccomp_action (action_name) == NULL)
    return TRUE;
  action = action_value (rule, "action", "errnoRet");
  for (guint i = 0; action != default_action && names && i < json_array_get_length (names); i++)
    {
      const char *name = linux_check_string_at (names, i);
      int nr = name ? seccomp_syscall_resolve_name (name) : __NR_SCMP_ERROR;
      int rc = nr == __NR_SCMP_ERROR ? 0 : seccomp_rule_add_array (filter, action, nr, n_args, cmp);

      if (rc < 0)
        {
          oci_check_fail (ctx, "linux.seccomp.compile", ptr, "libseccomp refuses %s for %s: %s", action_name, name,
                          g_strerror (-rc));
          return FALSE;
        }
    }
  return TRUE;
}

static int
add_architectures (OciCheckContext *ctx, scmp_filter_ctx filter, JsonArray *archs)
{
  for (guint i = 0; archs && i < json_array_get_length (archs); i++)
    {
      const char *name = linux_check_string_at (archs, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/seccomp/architectures/%u", i);
      guint32 token = linux_check_seccomp_arch (name);
      int rc;

      if (token == 0)
        {
          oci_check_fail (ctx, "linux.seccomp.compile", ptr, "this host's libseccomp does not know %s", name);
          return -EINVAL;
        }
      rc = seccomp_arch_add (filter, token);
      if (rc < 0 && rc != -EEXIST)
        {
          oci_check_fail (ctx, "linux.seccomp.compile", ptr, "libseccomp cannot add %s: %s", name, g_strerror (-rc));
          return rc;
        }
    }
  return 0;
}

static gboolean
add_rules (OciCheckContext *ctx, scmp_filter_ctx filter, JsonArray *rules, guint32 default_action)
{
  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = linux_check_object_at (rules, i);
      g_autofree char *ptr = g_strdup_printf ("/linux/seccomp/syscalls/%u", i);

      if (rule && !add_rule (ctx, filter, rule, default_action, ptr))
        return FALSE;
    }
  return TRUE;
}

/* Generating the BPF program is what proves the filter complete. */
static void
export_filter (OciCheckContext *ctx, scmp_filter_ctx filter)
{
  int fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  int rc;

  if (fd < 0)
    {
      oci_check_skip (ctx, "linux.seccomp.compile", "/linux/seccomp", "cannot open /dev/null to compile into");
      return;
    }
  rc = seccomp_export_bpf (filter, fd);
  close (fd);
  oci_check_expect (ctx, rc == 0, "linux.seccomp.compile", "/linux/seccomp",
                    "libseccomp cannot compile the profile: %s", g_strerror (-rc));
}

static gboolean
compile_seccomp (OciCheckContext *ctx, GError **error)
{
  JsonObject *seccomp = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/seccomp");
  const char *name = oci_json_object_get_string (seccomp, "defaultAction");
  g_auto(LinuxCheckSeccompFilter) filter = NULL;
  guint32 default_action;

  if (seccomp == NULL || linux_check_seccomp_action (name) == NULL)
    return TRUE; /* nothing to compile, or linux.seccomp.action.known says why */
  default_action = action_value (seccomp, "defaultAction", "defaultErrnoRet");
  filter = seccomp_init (default_action);
  if (filter == NULL)
    {
      oci_check_fail (ctx, "linux.seccomp.compile", "/linux/seccomp/defaultAction",
                      "libseccomp refuses %s as the default action", name);
      return TRUE;
    }
  if (add_architectures (ctx, filter, oci_json_object_get_array (seccomp, "architectures")) == 0
      && add_rules (ctx, filter, oci_json_object_get_array (seccomp, "syscalls"), default_action))
    export_filter (ctx, filter);
  return TRUE;
}

static const OciChecker compile_checkers[] = {
  { "linux.seccomp.compile", "compile the seccomp profile with the host's libseccomp", OCI_PHASE_HOST,
    compile_seccomp },
};

void
linux_checks_seccomp_compile_register (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, compile_requirements, G_N_ELEMENTS (compile_requirements));
  oci_plugin_add_checkers (plugin, compile_checkers, G_N_ELEMENTS (compile_checkers));
}
