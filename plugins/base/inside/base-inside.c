/* base-inside.c — inside checkers of config.md: run by oci-runtimetest in
 * the container, they compare the live process and system with the config
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE 1 /* utsname.domainname */
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "base-inside.h"

/* ---- root -------------------------------------------------------------- */

static gboolean
check_root (OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  gboolean readonly = FALSE;
  g_autofree char *how = NULL;

  oci_config_get_boolean (config, "/root/readonly", &readonly);
  if (oci_path_is_readonly ("/", &how) == readonly)
    oci_check_pass (ctx, "base.runtime.root.readonly");
  else
    oci_check_fail_values (ctx, "base.runtime.root.readonly", "/root/readonly", readonly ? "read-only" : "writable",
                           readonly ? "writable" : "read-only", "the root filesystem is %s (%s)",
                           readonly ? "writable" : "read-only", how);
  return TRUE;
}

/* ---- hostname and domainname ------------------------------------------- */

static void
compare_uts (OciCheckContext *ctx, const char *requirement, const char *pointer, const char *actual)
{
  const char *expected = oci_config_get_string (oci_check_context_get_config (ctx), pointer);

  if (expected == NULL || *expected == '\0')
    return; /* not set: the runtime keeps whatever the namespace has */
  if (strcmp (expected, actual) == 0)
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, pointer, expected, actual, "uname reports another name");
}

static gboolean
check_uts (OciCheckContext *ctx, GError **error)
{
  struct utsname u;

  if (uname (&u) != 0)
    return g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "uname: %s", g_strerror (errno)),
           FALSE;
  compare_uts (ctx, "base.runtime.hostname", "/hostname", u.nodename);
  compare_uts (ctx, "base.runtime.domainname", "/domainname", u.domainname);
  return TRUE;
}

/* ---- process ----------------------------------------------------------- */

static GPtrArray *
read_cmdline (GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GPtrArray *args;

  if (!g_file_get_contents ("/proc/self/cmdline", &data, &len, error))
    return NULL;
  args = g_ptr_array_new_with_free_func (g_free);
  /* Each argument ends with a NUL, empty ones included. */
  for (gsize start = 0, i = 0; i < len; i++)
    if (data[i] == '\0')
      {
        g_ptr_array_add (args, g_strndup (data + start, i - start));
        start = i + 1;
      }
  return args;
}

static char *
join_quoted (JsonArray *array, GPtrArray *strings)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  if (array)
    node = json_node_init_array (json_node_alloc (), array);
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < strings->len; i++)
        json_builder_add_string_value (b, strings->pdata[i]);
      json_builder_end_array (b);
      node = json_builder_get_root (b);
    }
  return json_to_string (node, FALSE);
}

static void
check_args (OciCheckContext *ctx, GPtrArray *actual)
{
  JsonArray *args = oci_config_get_array (oci_check_context_get_config (ctx), "/process/args");
  gboolean same;

  if (args == NULL)
    return;
  same = json_array_get_length (args) == actual->len;
  for (guint i = 0; same && i < actual->len; i++)
    same = g_strcmp0 (json_array_get_string_element (args, i), actual->pdata[i]) == 0;
  if (same)
    oci_check_pass (ctx, "base.runtime.process.args");
  else
    {
      g_autofree char *e = join_quoted (args, NULL);
      g_autofree char *a = join_quoted (NULL, actual);
      oci_check_fail_values (ctx, "base.runtime.process.args", "/process/args", e, a,
                             "/proc/self/cmdline differs from process.args");
    }
}

static void
check_cwd (OciCheckContext *ctx)
{
  const char *cwd = oci_config_get_string (oci_check_context_get_config (ctx), "/process/cwd");
  g_autofree char *expected = cwd ? g_canonicalize_filename (cwd, "/") : NULL;
  g_autofree char *actual = g_get_current_dir ();

  if (expected == NULL)
    return;
  if (strcmp (expected, actual) == 0)
    oci_check_pass (ctx, "base.runtime.process.cwd");
  else
    oci_check_fail_values (ctx, "base.runtime.process.cwd", "/process/cwd", expected, actual,
                           "the working directory is not process.cwd");
}

static void
check_env (OciCheckContext *ctx)
{
  JsonArray *env = oci_config_get_array (oci_check_context_get_config (ctx), "/process/env");

  for (guint i = 0; env && i < json_array_get_length (env); i++)
    {
      const char *entry = json_array_get_string_element (env, i);
      const char *eq = entry ? strchr (entry, '=') : NULL;
      g_autofree char *name = NULL;
      g_autofree char *pointer = NULL;
      const char *actual;

      if (eq == NULL)
        continue;
      name = g_strndup (entry, eq - entry);
      actual = g_getenv (name);
      if (g_strcmp0 (actual, eq + 1) == 0)
        {
          oci_check_pass (ctx, "base.runtime.process.env");
          continue;
        }
      pointer = g_strdup_printf ("/process/env/%u", i);
      oci_check_fail_values (ctx, "base.runtime.process.env", pointer, entry,
                             actual ? actual : "(unset)", "variable %s does not have its configured value", name);
    }
}

/* The real and effective id (user or group) are the configured one. */
static void
check_id (OciCheckContext *ctx, const char *row, const char *pointer, const char *what, gint64 want,
          guint real, guint effective)
{
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, want);
  g_autofree char *actual = g_strdup_printf ("%u (effective %u)", real, effective);

  if (real == want && effective == want)
    oci_check_pass (ctx, row);
  else
    oci_check_fail_values (ctx, row, pointer, expected, actual, "the process runs with another %s", what);
}

static void
check_ids (OciCheckContext *ctx)
{
  OciConfig *config = oci_check_context_get_config (ctx);
  gint64 uid = 0, gid = 0;

  if (!oci_config_has (config, "/process/user"))
    return;
  oci_config_get_int (config, "/process/user/uid", &uid);
  oci_config_get_int (config, "/process/user/gid", &gid);
  check_id (ctx, "base.runtime.process.user.uid", "/process/user/uid", "user", uid, getuid (), geteuid ());
  check_id (ctx, "base.runtime.process.user.gid", "/process/user/gid", "group", gid, getgid (), getegid ());
}

/* Every configured additional group must be there; the runtime may add
 * more (the user's groups of /etc/group), which the spec does not forbid. */
static void
check_groups (OciCheckContext *ctx)
{
  JsonArray *want = oci_config_get_array (oci_check_context_get_config (ctx), "/process/user/additionalGids");
  gid_t have[NGROUPS_MAX];
  int n = getgroups (G_N_ELEMENTS (have), have);
  g_autoptr(GString) actual = g_string_new (NULL);

  if (want == NULL)
    return;
  for (int i = 0; i < n; i++)
    g_string_append_printf (actual, "%s%u", i ? "," : "", (guint) have[i]);
  for (guint i = 0; i < json_array_get_length (want); i++)
    {
      gint64 g = json_array_get_int_element (want, i);
      gboolean found = FALSE;
      g_autofree char *pointer = g_strdup_printf ("/process/user/additionalGids/%u", i);
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT " among the groups", g);

      for (int k = 0; k < n && !found; k++)
        found = have[k] == g;
      if (found)
        oci_check_pass (ctx, "base.runtime.process.additional-gids");
      else
        oci_check_fail_values (ctx, "base.runtime.process.additional-gids", pointer, expected,
                               actual->len ? actual->str : "(none)", "group %" G_GINT64_FORMAT " is missing", g);
    }
}

static void
check_umask (OciCheckContext *ctx)
{
  gint64 want;
  g_autofree char *status = NULL;
  const char *line;
  guint64 have;

  if (!oci_config_get_int (oci_check_context_get_config (ctx), "/process/user/umask", &want))
    return;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "\nUmask:")) == NULL)
    {
      oci_check_skip (ctx, "base.runtime.process.umask", "/process/user/umask",
                      "this kernel does not report the umask in /proc/self/status");
      return;
    }
  have = g_ascii_strtoull (line + strlen ("\nUmask:"), NULL, 8);
  if ((gint64) have == want)
    oci_check_pass (ctx, "base.runtime.process.umask");
  else
    {
      g_autofree char *e = g_strdup_printf ("%04" G_GINT64_MODIFIER "o", (guint64) want);
      g_autofree char *a = g_strdup_printf ("%04" G_GINT64_MODIFIER "o", have);
      oci_check_fail_values (ctx, "base.runtime.process.umask", "/process/user/umask", e, a,
                             "the process has another umask");
    }
}

static gboolean
check_process (OciCheckContext *ctx, GError **error)
{
  g_autoptr(GPtrArray) cmdline = read_cmdline (error);

  if (cmdline == NULL)
    return FALSE;
  check_args (ctx, cmdline);
  check_cwd (ctx);
  check_env (ctx);
  check_ids (ctx);
  check_groups (ctx);
  check_umask (ctx);
  return TRUE;
}

/* ---- rlimits ----------------------------------------------------------- */

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "RLIMIT_AS", RLIMIT_AS },       { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },     { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE }, { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_STACK", RLIMIT_STACK },
#ifdef RLIMIT_LOCKS
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
#endif
#ifdef RLIMIT_MEMLOCK
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
#endif
#ifdef RLIMIT_MSGQUEUE
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
#endif
#ifdef RLIMIT_NICE
  { "RLIMIT_NICE", RLIMIT_NICE },
#endif
#ifdef RLIMIT_NPROC
  { "RLIMIT_NPROC", RLIMIT_NPROC },
#endif
#ifdef RLIMIT_RSS
  { "RLIMIT_RSS", RLIMIT_RSS },
#endif
#ifdef RLIMIT_RTPRIO
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
#endif
#ifdef RLIMIT_RTTIME
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
#endif
#ifdef RLIMIT_SIGPENDING
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
#endif
};

/* A limit of the config: an integer, or the uint64 maximum (stored as a
 * double when it does not fit an int64) meaning "unlimited". */
static rlim_t
limit_value (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return 0;
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return json_node_get_double (n) >= 1.8e19 ? RLIM_INFINITY : (rlim_t) json_node_get_double (n);
  return (rlim_t) (guint64) json_node_get_int (n);
}

static char *
limit_text (rlim_t value)
{
  return value == RLIM_INFINITY ? g_strdup ("unlimited") : g_strdup_printf ("%llu", (unsigned long long) value);
}

static void
check_limit (OciCheckContext *ctx, const char *requirement, const char *pointer, const char *type,
             const char *which, rlim_t want, rlim_t have)
{
  g_autofree char *e = limit_text (want);
  g_autofree char *a = limit_text (have);

  if (want == have)
    oci_check_pass (ctx, requirement);
  else
    oci_check_fail_values (ctx, requirement, pointer, e, a, "the %s limit of %s differs", which, type);
}

static void
check_one_rlimit (OciCheckContext *ctx, JsonObject *o, guint index)
{
  const char *type = oci_json_object_get_string (o, "type");
  g_autofree char *pointer = g_strdup_printf ("/process/rlimits/%u", index);
  struct rlimit rl;
  rlim_t soft = limit_value (o, "soft"), hard = limit_value (o, "hard");
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (rlimit_names); i++)
    if (g_strcmp0 (type, rlimit_names[i].name) == 0)
      break;
  if (i == G_N_ELEMENTS (rlimit_names))
    {
      oci_check_skip (ctx, "base.runtime.process.rlimits.getrlimit", pointer, "%s is not a limit of this platform",
                      type ? type : "(no type)");
      return;
    }
  if (getrlimit (rlimit_names[i].resource, &rl) != 0)
    {
      oci_check_fail_values (ctx, "base.runtime.process.rlimits.getrlimit", pointer, "getrlimit succeeds",
                             g_strerror (errno), "getrlimit (%s) failed", type);
      return;
    }
  oci_check_pass (ctx, "base.runtime.process.rlimits.getrlimit");
  check_limit (ctx, "base.runtime.process.rlimits.soft", pointer, type, "soft", soft, rl.rlim_cur);
  check_limit (ctx, "base.runtime.process.rlimits.hard", pointer, type, "hard", hard, rl.rlim_max);
}

static gboolean
check_rlimits (OciCheckContext *ctx, GError **error)
{
  JsonArray *rlimits = oci_config_get_array (oci_check_context_get_config (ctx), "/process/rlimits");

  for (guint i = 0; rlimits && i < json_array_get_length (rlimits); i++)
    {
      JsonNode *n = json_array_get_element (rlimits, i);
      if (JSON_NODE_HOLDS_OBJECT (n))
        check_one_rlimit (ctx, json_node_get_object (n), i);
    }
  return TRUE;
}

static const OciChecker base_inside_checkers[] = {
  { "base.inside.root", "the root filesystem is read-only exactly when root.readonly says so", OCI_PHASE_INSIDE,
    check_root },
  { "base.inside.uts", "hostname and domainname", OCI_PHASE_INSIDE, check_uts },
  { "base.inside.process", "args, cwd, env, user, groups and umask of the process", OCI_PHASE_INSIDE,
    check_process },
  { "base.inside.rlimits", "POSIX resource limits of the process", OCI_PHASE_INSIDE, check_rlimits },
  { "base.inside.mounts", "mounts in order, with their types, flags and propagation", OCI_PHASE_INSIDE,
    base_inside_check_mounts },
};

/* What each inside checker posts: a case running it tests these rows. */
static const char *const posts_root[] = { "base.runtime.root.readonly", NULL };
static const char *const posts_uts[] = { "base.runtime.hostname", "base.runtime.domainname", NULL };
static const char *const posts_process[] = {
  "base.runtime.process.args", "base.runtime.process.cwd", "base.runtime.process.env",
  "base.runtime.process.user.uid", "base.runtime.process.user.gid", "base.runtime.process.additional-gids",
  "base.runtime.process.umask", NULL,
};
static const char *const posts_rlimits[] = {
  "base.runtime.process.rlimits.getrlimit", "base.runtime.process.rlimits.soft", "base.runtime.process.rlimits.hard",
  NULL,
};
static const char *const posts_mounts[] = { "base.runtime.mounts.applied", "base.runtime.mounts.order", NULL };

static const OciCheckerRequirements base_inside_posts[] = {
  { "base.inside.root", posts_root },
  { "base.inside.uts", posts_uts },
  { "base.inside.process", posts_process },
  { "base.inside.rlimits", posts_rlimits },
  { "base.inside.mounts", posts_mounts },
};

void
base_register_inside (OciPlugin *plugin)
{
  oci_plugin_add_checkers (plugin, base_inside_checkers, G_N_ELEMENTS (base_inside_checkers));
  oci_plugin_add_checker_requirements (plugin, base_inside_posts, G_N_ELEMENTS (base_inside_posts));
}
