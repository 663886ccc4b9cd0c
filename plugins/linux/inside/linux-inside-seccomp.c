/* linux-inside-seccomp.c — the fields of a seccomp profile, seen from
 * inside the container: a rule's errnoRet, the defaultErrnoRet, the
 * architectures (a 32-bit call of an x86_64 process) and the flags
 *
 * Each probe is a system call made with a NULL path, so that whatever
 * the filter does it changes nothing: allowed, it fails with EFAULT; a
 * filter answering errno N makes it fail with N.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>

#include "linux-inside.h"

/* Calls whose natural outcome with a NULL path is EFAULT. */
static const char *const path_calls[] = { "mkdir", "rmdir", "chmod", "umount2" };

/* The errno a call of @name failed with (0: it succeeded); -1 when the
 * call does not exist here. */
static int
call_with_null_path (const char *name)
{
  int nr = seccomp_syscall_resolve_name (name);

  if (nr < 0)
    return -1;
  errno = 0;
  return syscall (nr, 0L, 0L, 0L) == 0 ? 0 : errno;
}

/* The first rule naming @name; %NULL if none. */
static JsonObject *
rule_for (JsonObject *seccomp, const char *name)
{
  JsonArray *rules = oci_json_object_get_array (seccomp, "syscalls");

  for (guint i = 0; rules && i < json_array_get_length (rules); i++)
    {
      JsonNode *n = json_array_get_element (rules, i);
      JsonObject *rule = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *names = rule ? oci_json_object_get_array (rule, "names") : NULL;

      for (guint k = 0; names && k < json_array_get_length (names); k++)
        if (g_strcmp0 (oci_json_array_get_string (names, k), name) == 0)
          return rule;
    }
  return NULL;
}

static void
expect_errno (OciCheckContext *ctx, const char *requirement, const char *pointer, const char *call, int want,
              int have)
{
  g_autofree char *e = g_strdup_printf ("errno %d (%s)", want, g_strerror (want));
  g_autofree char *a = have == 0 ? g_strdup ("success") : g_strdup_printf ("errno %d (%s)", have, g_strerror (have));

  if (want == have)
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, pointer, e, a, "%s did not fail with the errno the profile gives it",
                           call);
}

/* A rule without argument conditions whose action is SCMP_ACT_ERRNO. */
static gboolean
is_errno_rule (JsonObject *rule)
{
  return rule && !oci_json_object_get_array (rule, "args")
         && g_strcmp0 (oci_json_object_get_string (rule, "action"), "SCMP_ACT_ERRNO") == 0;
}

/* Rules with SCMP_ACT_ERRNO: errnoRet, EPERM without one. */
static void
check_rules (OciCheckContext *ctx, JsonObject *seccomp)
{
  for (gsize i = 0; i < G_N_ELEMENTS (path_calls); i++)
    {
      JsonObject *rule = rule_for (seccomp, path_calls[i]);
      gint64 want = EPERM;
      int have;

      if (!is_errno_rule (rule))
        continue;
      oci_json_object_get_int (rule, "errnoRet", &want);
      if ((have = call_with_null_path (path_calls[i])) >= 0)
        {
          g_autofree char *label = g_strdup_printf ("%s(2)", path_calls[i]);
          expect_errno (ctx, "linux.runtime.seccomp.errno-ret", "/linux/seccomp/syscalls", label, (int) want, have);
        }
    }
}

/* defaultAction SCMP_ACT_ERRNO with defaultErrnoRet: a call no rule names. */
static void
check_default (OciCheckContext *ctx, JsonObject *seccomp)
{
  gint64 want;

  if (g_strcmp0 (oci_json_object_get_string (seccomp, "defaultAction"), "SCMP_ACT_ERRNO") != 0
      || !oci_json_object_get_int (seccomp, "defaultErrnoRet", &want))
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (path_calls); i++)
    {
      int have;

      if (rule_for (seccomp, path_calls[i]) != NULL || (have = call_with_null_path (path_calls[i])) < 0)
        continue;
      g_autofree char *label = g_strdup_printf ("%s(2)", path_calls[i]);
      expect_errno (ctx, "linux.runtime.seccomp.default-errno-ret", "/linux/seccomp/defaultErrnoRet", label,
                    (int) want, have);
      return;
    }
  oci_check_skip (ctx, "linux.runtime.seccomp.default-errno-ret", "/linux/seccomp",
                  "every call the check can make safely is named by a rule");
}

static gboolean
lists (JsonObject *seccomp, const char *member, const char *value)
{
  JsonArray *array = oci_json_object_get_array (seccomp, member);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    if (g_strcmp0 (oci_json_array_get_string (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

#if defined(__x86_64__)
/* mkdir through the 32-bit entry (int 0x80, i386 call 39) with a pointer
 * the 32-bit call cannot reach: EFAULT when allowed. In a child: a kernel
 * without the 32-bit entry answers with a signal. Returns the errno, -1
 * when the entry is missing. */
static int
i386_mkdir (void)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      long ret = 39;
      __asm__ volatile ("int $0x80" : "+a"(ret) : "b"(0L), "c"(0L) : "memory");
      _exit (ret < 0 && ret > -256 ? (int) -ret : 0);
    }
  if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status))
    return -1;
  return WEXITSTATUS (status);
}
#endif

/* The rule for mkdir also holds for the calls of another listed
 * architecture (x86_64: SCMP_ARCH_X86). */
static void
check_architectures (OciCheckContext *ctx, JsonObject *seccomp)
{
  JsonObject *rule = rule_for (seccomp, "mkdir");
  gint64 want = EPERM;

  if (!is_errno_rule (rule) || !oci_json_object_get_array (seccomp, "architectures"))
    return;
  oci_json_object_get_int (rule, "errnoRet", &want);
#if defined(__x86_64__)
  if (lists (seccomp, "architectures", "SCMP_ARCH_X86"))
    {
      int have = i386_mkdir ();
      if (have < 0)
        oci_check_skip (ctx, "linux.runtime.seccomp.architectures", "/linux/seccomp/architectures",
                        "this kernel has no 32-bit system call entry");
      else
        expect_errno (ctx, "linux.runtime.seccomp.architectures", "/linux/seccomp/architectures", "mkdir(2) through the i386 entry",
                      (int) want, have);
      return;
    }
#endif
  expect_errno (ctx, "linux.runtime.seccomp.architectures", "/linux/seccomp/architectures", "mkdir(2)", (int) want,
                call_with_null_path ("mkdir"));
}

/* flags: the filter is in force; with SECCOMP_FILTER_FLAG_SPEC_ALLOW it
 * did not force the speculative store bypass mitigation on the process. */
static void
check_flags (OciCheckContext *ctx, JsonObject *seccomp)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!oci_json_object_get_array (seccomp, "flags"))
    return;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "\nSeccomp:")) == NULL)
    {
      oci_check_skip (ctx, "linux.runtime.seccomp.flags", "/linux/seccomp/flags",
                      "this kernel does not report the seccomp mode in /proc/self/status");
      return;
    }
  if (g_ascii_strtoll (line + strlen ("\nSeccomp:"), NULL, 10) != 2)
    oci_check_fail_values (ctx, "linux.runtime.seccomp.flags", "/linux/seccomp/flags", "Seccomp: 2 (filter)",
                           "no filter", "the filter with flags was not installed");
  else if (lists (seccomp, "flags", "SECCOMP_FILTER_FLAG_SPEC_ALLOW")
           && strstr (status, "Speculation_Store_Bypass:\tthread force mitigated"))
    oci_check_fail_values (ctx, "linux.runtime.seccomp.flags", "/linux/seccomp/flags",
                           "no forced speculation mitigation", "thread force mitigated",
                           "SECCOMP_FILTER_FLAG_SPEC_ALLOW was not given to seccomp(2)");
  else
    oci_check_pass (ctx, "linux.runtime.seccomp.flags");
}

gboolean
linux_inside_check_seccomp_fields (OciCheckContext *ctx, GError **error)
{
  JsonObject *seccomp = oci_config_get_object (oci_check_context_get_config (ctx), "/linux/seccomp");

  if (seccomp == NULL)
    return TRUE;
  check_rules (ctx, seccomp);
  check_default (ctx, seccomp);
  check_architectures (ctx, seccomp);
  check_flags (ctx, seccomp);
  return TRUE;
}
