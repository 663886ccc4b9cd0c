/* base-image.c — the values of the org.opencontainers.image.* annotations
 *
 * From 1.2.0 config.md lets a config carry the image-spec's conversion
 * keys, and each value MUST be valid for the image-spec property it names.
 * The operating systems and architectures are the names Go's GOOS and
 * GOARCH take (the image-spec points at them), variants those of its
 * Platform Variants table, created an RFC 3339 date-time, and stopSignal a
 * signal name (SIGTERM, SIGRTMIN+3) or number.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* sigabbrev_np */

#include <signal.h>
#include <string.h>

#include "base-checks.h"

#define IMAGE_PREFIX "org.opencontainers.image."

static const char *const go_os[] = {
  "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
  "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", NULL,
};

static const char *const go_arch[] = {
  "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
  "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64",
  "s390", "s390x", "sparc", "sparc64", "wasm", NULL,
};

/* The Platform Variants table, by architecture; other architectures'
 * variants are implementation-defined there, so any is valid. */
static const struct
{
  const char *arch;
  const char *pattern;
} variants[] = {
  { "arm", "^v[678]$" },
  { "arm64", "^v(8|9)(\\.[0-9]+)?$" },
  { "ppc64le", "^power[0-9]+$" },
  { "riscv64", "^rva[0-9]{2}u64$" },
  { "amd64", "^v[1-4]$" },
};

static gboolean
signal_valid (const char *value)
{
  const char *name = value;
  char *end;
  gint64 n;

  if (g_ascii_isdigit (*value))
    {
      n = g_ascii_strtoll (value, &end, 10);
      return *end == '\0' && n >= 1 && n <= SIGRTMAX;
    }
  if (!g_str_has_prefix (name, "SIG"))
    return FALSE;
  name += 3;
  if (g_regex_match_simple ("^RT(MIN\\+[0-9]+|MAX-[0-9]+|MIN|MAX)$", name, 0, 0))
    return TRUE;
  for (int sig = 1; sig < SIGRTMIN; sig++)
    if (g_strcmp0 (sigabbrev_np (sig), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
created_valid (const char *value)
{
  g_autofree char *upper = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?"
                             "([Zz]|[+-][0-9]{2}:[0-9]{2})$", value, 0, 0))
    return FALSE;
  upper = g_ascii_strup (value, -1);
  when = g_date_time_new_from_iso8601 (upper, NULL);
  return when != NULL;
}

static gboolean
variant_valid (const char *value, const char *arch)
{
  if (*value == '\0')
    return FALSE;
  for (gsize i = 0; arch && i < G_N_ELEMENTS (variants); i++)
    if (strcmp (arch, variants[i].arch) == 0)
      return g_regex_match_simple (variants[i].pattern, value, 0, 0);
  return TRUE;
}

/* Returns what @value of image property @name should be, NULL when valid. */
static const char *
image_value_problem (const char *name, const char *value, const char *arch)
{
  if (strcmp (name, "os") == 0)
    return g_strv_contains (go_os, value) ? NULL : "an operating system name of GOOS";
  if (strcmp (name, "architecture") == 0)
    return g_strv_contains (go_arch, value) ? NULL : "an architecture name of GOARCH";
  if (strcmp (name, "variant") == 0)
    return variant_valid (value, arch) ? NULL : "a variant the image-spec lists for the architecture";
  if (strcmp (name, "created") == 0)
    return created_valid (value) ? NULL : "an RFC 3339 date-time such as 2024-01-02T15:04:05Z";
  if (strcmp (name, "stopSignal") == 0)
    return signal_valid (value) ? NULL : "a signal name such as SIGTERM or SIGRTMIN+3, or a signal number";
  return NULL; /* os.version, os.features, author: any string */
}

gboolean
base_check_image_annotations (OciCheckContext *ctx, GError **error)
{
  JsonObject *annotations = oci_config_get_object (oci_check_context_get_config (ctx), "/annotations");
  const char *arch = NULL;
  g_autoptr(GList) keys = NULL;

  if (annotations == NULL)
    return TRUE;
  if (json_object_has_member (annotations, IMAGE_PREFIX "architecture"))
    arch = oci_json_object_get_string (annotations, IMAGE_PREFIX "architecture");
  keys = json_object_get_members (annotations);
  for (GList *k = keys; k; k = k->next)
    {
      const char *key = k->data;
      const char *value = oci_json_object_get_string (annotations, key);
      g_autofree char *ptr = NULL;
      const char *problem;

      if (!g_str_has_prefix (key, IMAGE_PREFIX) || value == NULL)
        continue;
      ptr = oci_json_pointer_append ("/annotations", key);
      problem = image_value_problem (key + strlen (IMAGE_PREFIX), value, arch);
      oci_check_expect (ctx, problem == NULL, "base.annotations.image.value", ptr,
                        "%s is \"%s\", not %s", key, value, problem);
    }
  return TRUE;
}
