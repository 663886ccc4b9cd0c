/* hooks-cases-ns.c — where hooks run: the runtime namespace for
 * prestart, createRuntime, poststart and poststop, the container
 * namespace for createContainer and startContainer; where their paths
 * resolve; their args, env and timeout
 *
 * One container carries a hook of every kind. Each hook runs the same
 * script, ort-nshook, which writes what it sees (the inodes of its
 * mount, pid, uts, ipc and network namespaces, the hostname, its args and
 * environment) and the state it read on stdin to a file. The container's
 * own program runs the script too, from inside: its record is the
 * container namespace. The runtime namespace is the suite's own, except
 * for the mount namespace (the suite's runtime calls run in a mount
 * namespace of the run's own), where a runtime hook only has to be
 * outside the container's.
 *
 * The script exists twice: in the bundle (a path of the runtime
 * namespace, which the container cannot see) and at /ort-nshook of the
 * root filesystem (a path of the container namespace, which does not
 * exist on the host). A hook that ran therefore had its path resolved in
 * the namespace its kind asks for.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/utsname.h>

#include <glib/gstdio.h>

#include "hooks-runtime.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY

#define SCRIPT "ort-nshook"
#define HOSTNAME "ort-ns-hooks"

static const OciRequirement hooks_ns_requirements[] = {
  { "hooks.runtime.ns.prestart", OCI_LEVEL_MUST, "config.md", "configHooksPrestart", "1.0.2", NULL,
    "prestart hooks MUST be executed in the runtime namespace" },
  { "hooks.runtime.ns.create-runtime", OCI_LEVEL_MUST, "config.md", "configHooksCreateRuntime", "1.0.2", NULL,
    "createRuntime hooks MUST be executed in the runtime namespace" },
  { "hooks.runtime.ns.create-container", OCI_LEVEL_MUST, "config.md", "configHooksCreateContainer", "1.0.2", NULL,
    "createContainer hooks MUST be executed in the container namespace" },
  { "hooks.runtime.ns.start-container", OCI_LEVEL_MUST, "config.md", "configHooksStartContainer", "1.0.2", NULL,
    "startContainer hooks MUST be executed in the container namespace" },
  { "hooks.runtime.ns.poststart", OCI_LEVEL_MUST, "config.md", "configHooksPoststart", "1.0.2", NULL,
    "poststart hooks MUST be executed in the runtime namespace" },
  { "hooks.runtime.ns.poststop", OCI_LEVEL_MUST, "config.md", "configHooksPoststop", "1.0.2", NULL,
    "poststop hooks MUST be executed in the runtime namespace" },
  { "hooks.runtime.path-namespace", OCI_LEVEL_MUST, "config.md", "configHooks", "1.0.2", NULL,
    "a hook's path MUST resolve in the runtime namespace (startContainer: in the container namespace)" },
  /* No keyword in the text of these fields: runtime.md's create makes
   * them binding ("all of the properties configured in config.json
   * except for process MUST be applied"). */
  { "hooks.runtime.args-env", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "a hook runs with its args as argv and exactly its env as environment (execv and environ semantics)" },
  { "hooks.runtime.timeout", OCI_LEVEL_MUST, "runtime.md", "runtimeCreate", "1.0.0", NULL,
    "a hook still running after timeout seconds is aborted, and so fails" },
};

/* ---- the script -------------------------------------------------------- */

/* ort-nshook KIND OUT [stdin]: writes OUT (what it sees) and, with
 * "stdin", OUT.state (its stdin). OUT appears whole or not at all. */
static const char script_text[] =
  "#!/bin/sh\n"
  "out=\"$2\"\n"
  "if [ \"$3\" = stdin ]; then cat > \"$out.state\"; fi\n"
  "{\n"
  "  for ns in mnt pid uts ipc net; do echo \"$ns $(readlink /proc/self/ns/$ns)\"; done\n"
  "  echo \"hostname $(cat /proc/sys/kernel/hostname)\"\n"
  "  echo \"kind $1\"\n"
  "  echo \"env ${ORT_HOOK_ENV:-unset}\"\n"
  "  echo \"tag ${" OCI_RUNTIME_TAG_ENV ":-unset}\"\n"
  "} > \"$out.tmp\"\n"
  "mv \"$out.tmp\" \"$out\"\n";

static gboolean
write_scripts (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *host = oci_runtime_context_bundle_path (rc, SCRIPT);
  g_autofree char *inside = oci_runtime_context_rootfs_path (rc, "/" SCRIPT);

  return g_file_set_contents_full (host, script_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, error)
         && g_file_set_contents_full (inside, script_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, error);
}

/* A hook of the runtime namespace: the bundle's script, its record in the
 * bundle. createContainer's path resolves in the runtime namespace too;
 * it runs before pivot_root, where the bundle is still in sight. */
#define RUNTIME_HOOK(kind) \
  "--hooks-" kind "-add={\"path\": \"@BUNDLE@/" SCRIPT "\", \"args\": [\"" SCRIPT "\", \"" kind "\", " \
  "\"@BUNDLE@/ort-ns-" kind "\", \"stdin\"], \"env\": [\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\", " \
  "\"ORT_HOOK_ENV=" kind "-env\"]}"

static const char *const opts_ns[] = {
  "--hostname=" HOSTNAME,
  RUNTIME_HOOK ("prestart"),
  RUNTIME_HOOK ("createRuntime"),
  RUNTIME_HOOK ("createContainer"),
  "--hooks-startContainer-add={\"path\": \"/" SCRIPT "\", \"args\": [\"" SCRIPT "\", \"startContainer\", "
  "\"/ort-ns-startContainer\", \"stdin\"], \"env\": [\"PATH=/bin\", \"ORT_HOOK_ENV=startContainer-env\"]}",
  RUNTIME_HOOK ("poststart"),
  RUNTIME_HOOK ("poststop"),
  NULL,
};
static const char *const args_ns[] = { "/bin/sh", "/" SCRIPT, "program", "/ort-ns-program", NULL };

/* ---- reading the records ----------------------------------------------- */

/* "key value" lines as a table; %NULL when the file is missing. */
static GHashTable *
read_record (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *record;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      char *space = strchr (*l, ' ');
      if (space)
        g_hash_table_insert (record, g_strndup (*l, space - *l), g_strdup (space + 1));
    }
  return record;
}

static char *
record_path (OciRuntimeContext *rc, const char *kind)
{
  g_autofree char *name = g_strdup_printf ("/ort-ns-%s", kind);

  if (strcmp (kind, "startContainer") == 0 || strcmp (kind, "program") == 0)
    return oci_runtime_context_rootfs_path (rc, name);
  return oci_runtime_context_bundle_path (rc, name + 1);
}

typedef struct
{
  const char *kind;
  const char *requirement;
  gboolean container; /* runs in the container namespace */
} HookKind;

static const HookKind hook_kinds[] = {
  { "prestart", "hooks.runtime.ns.prestart", FALSE },
  { "createRuntime", "hooks.runtime.ns.create-runtime", FALSE },
  { "createContainer", "hooks.runtime.ns.create-container", TRUE },
  { "startContainer", "hooks.runtime.ns.start-container", TRUE },
  { "poststart", "hooks.runtime.ns.poststart", FALSE },
  { "poststop", "hooks.runtime.ns.poststop", FALSE },
};

static const char *const ns_files[] = { "mnt", "pid", "uts", "ipc", "net" };

/* The runtime namespace as the suite sees it. */
static GHashTable *
runtime_record (void)
{
  GHashTable *record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct utsname uts;

  for (gsize i = 0; i < G_N_ELEMENTS (ns_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/ns/%s", ns_files[i]);
      char *link = g_file_read_link (path, NULL);
      if (link)
        g_hash_table_insert (record, g_strdup (ns_files[i]), link);
    }
  if (uname (&uts) == 0)
    g_hash_table_insert (record, g_strdup ("hostname"), g_strdup (uts.nodename));
  return record;
}

/* What differs between a hook's record and the namespace it must be in;
 * %NULL when nothing does. The mount namespace of a runtime hook is only
 * compared with the container's (it must differ). The hostname is not
 * compared for createContainer hooks: they run in the container's uts
 * namespace, but the runtime may set the hostname after them (runc does). */
static char *
namespace_mismatch (const HookKind *k, GHashTable *hook, GHashTable *program, GHashTable *runtime)
{
  g_autoptr(GString) diff = g_string_new (NULL);
  static const char *const keys[] = { "mnt", "pid", "uts", "ipc", "net", "hostname" };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *seen = g_hash_table_lookup (hook, keys[i]);
      const char *theirs = g_hash_table_lookup (program, keys[i]);
      const char *ours = g_hash_table_lookup (runtime, keys[i]);

      if (strcmp (keys[i], "hostname") == 0 && strcmp (k->kind, "createContainer") == 0)
        continue;
      if (k->container && g_strcmp0 (seen, theirs) != 0)
        g_string_append_printf (diff, "%s%s %s (the container's: %s)", diff->len ? ", " : "", keys[i], seen, theirs);
      else if (!k->container && strcmp (keys[i], "mnt") == 0 && g_strcmp0 (seen, theirs) == 0)
        g_string_append_printf (diff, "%s%s %s is the container's", diff->len ? ", " : "", keys[i], seen);
      else if (!k->container && strcmp (keys[i], "mnt") != 0 && g_strcmp0 (seen, ours) != 0)
        g_string_append_printf (diff, "%s%s %s (the runtime's: %s)", diff->len ? ", " : "", keys[i], seen, ours);
    }
  return diff->len ? g_string_free (g_steal_pointer (&diff), FALSE) : NULL;
}

static void
check_state (OciRuntimeContext *rc, OciCheckContext *ctx, const HookKind *k, const char *record)
{
  g_autofree char *path = g_strconcat (record, ".state", NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) state = oci_json_load_file (path, &local);
  const char *id;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    {
      oci_check_fail_values (ctx, "hooks.runtime.stdin", NULL, "the state as JSON",
                             local ? local->message : "not an object", "the %s hook read no state", k->kind);
      return;
    }
  id = oci_json_object_get_string (json_node_get_object (state), "id");
  if (g_strcmp0 (id, oci_runtime_context_get_id (rc)) == 0)
    oci_check_pass (ctx, "hooks.runtime.stdin");
  else
    oci_check_fail_values (ctx, "hooks.runtime.stdin", "/id", oci_runtime_context_get_id (rc), id,
                           "the %s hook's state names another container", k->kind);
}

static void
check_args_env (OciCheckContext *ctx, const HookKind *k, GHashTable *hook)
{
  g_autofree char *env = g_strdup_printf ("%s-env", k->kind);
  const char *seen_kind = g_hash_table_lookup (hook, "kind");
  const char *seen_env = g_hash_table_lookup (hook, "env");
  const char *tag = g_hash_table_lookup (hook, "tag");

  if (g_strcmp0 (seen_kind, k->kind) != 0)
    oci_check_fail_values (ctx, "hooks.runtime.args-env", "/hooks", k->kind, seen_kind,
                           "the %s hook did not get its args", k->kind);
  else if (g_strcmp0 (seen_env, env) != 0)
    oci_check_fail_values (ctx, "hooks.runtime.args-env", "/hooks", env, seen_env,
                           "the %s hook did not get its env", k->kind);
  else if (g_strcmp0 (tag, "unset") != 0)
    oci_check_fail_values (ctx, "hooks.runtime.args-env", "/hooks", "only the variables of its env", tag,
                           "the %s hook inherited the runtime's environment (" OCI_RUNTIME_TAG_ENV ") besides "
                           "its env", k->kind);
  else
    oci_check_pass (ctx, "hooks.runtime.args-env");
}

static void
check_one_kind (OciRuntimeContext *rc, OciCheckContext *ctx, const HookKind *k, GHashTable *program,
                GHashTable *runtime)
{
  g_autofree char *path = record_path (rc, k->kind);
  g_autoptr(GHashTable) hook = read_record (path);
  g_autofree char *mismatch = NULL;

  if (hook == NULL)
    {
      /* Not called at all: the lifecycle cases say so; here the path did
       * not resolve, or the hook failed before writing. */
      oci_check_fail_values (ctx, "hooks.runtime.path-namespace", "/hooks", path, "no record",
                             "the %s hook left no record: it was not called, or its path did not resolve in the %s "
                             "namespace", k->kind,
                             k->container && strcmp (k->kind, "startContainer") == 0 ? "container" : "runtime");
      return;
    }
  oci_check_pass (ctx, "hooks.runtime.path-namespace");
  mismatch = namespace_mismatch (k, hook, program, runtime);
  if (mismatch)
    oci_check_fail_values (ctx, k->requirement, "/hooks", k->container ? "the container namespace"
                                                                       : "the runtime namespace",
                           mismatch, "the %s hook ran in the wrong namespace", k->kind);
  else
    oci_check_pass (ctx, k->requirement);
  check_args_env (ctx, k, hook);
  check_state (rc, ctx, k, path);
}

static gboolean
check_namespaces (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autofree char *program_path = record_path (rc, "program");
  g_autoptr(GHashTable) program = read_record (program_path);
  g_autoptr(GHashTable) runtime = runtime_record ();

  if (program == NULL)
    {
      g_set_error (error, OCI_RUNTIME_ERROR, OCI_RUNTIME_ERROR_SETUP,
                   "the container's program left no record of its namespaces (%s)", program_path);
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (hook_kinds); i++)
    check_one_kind (rc, ctx, &hook_kinds[i], program, runtime);
  return TRUE;
}

static const OciRuntimeStep ns_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, check_namespaces },
  { OCI_RUNTIME_STEP_END },
};

/* ---- a hook past its timeout ------------------------------------------- */

/* A prestart hook that sleeps HOOK_SLEEP seconds, far past its timeout of
 * one second: create must fail, and must not wait the hook out. The
 * case's calls get more time than the hook's sleep, so a runtime that
 * ignores the timeout shows as one, not as a hang. */
#define HOOK_SLEEP 20
#define SLOW_HOOK "{\"path\": \"/bin/sleep\", \"args\": [\"sleep\", \"" G_STRINGIFY (HOOK_SLEEP) "\"], \"timeout\": 1}"
static const char *const opts_timeout[] = { "--hooks-prestart-add=" SLOW_HOOK, NULL };
static const char *const args_true[] = { "/bin/true", NULL };

static gboolean
check_timeout (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const OciRuntimeCall *create = oci_runtime_context_get_last_call (rc);
  g_autofree char *actual = NULL;

  if (create == NULL)
    return TRUE;
  actual = g_strdup_printf ("create %s after %.1f s", create->exit_status == 0 ? "succeeded" : "failed",
                            create->seconds);
  if (create->exit_status != 0 && !create->timed_out && create->seconds < HOOK_SLEEP)
    oci_check_pass (ctx, "hooks.runtime.timeout");
  else
    oci_check_fail_values (ctx, "hooks.runtime.timeout", "/hooks/prestart/0/timeout",
                           "create fails before the hook's " G_STRINGIFY (HOOK_SLEEP) " s of sleep are over", actual,
                           "the hook was not aborted after its timeout of 1 s");
  return TRUE;
}

static const OciRuntimeStep timeout_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_timeout },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the table --------------------------------------------------------- */

static const char *const reqs_ns[] = {
  "hooks.runtime.ns.prestart", "hooks.runtime.ns.create-runtime", "hooks.runtime.ns.create-container",
  "hooks.runtime.ns.start-container", "hooks.runtime.ns.poststart", "hooks.runtime.ns.poststop",
  "hooks.runtime.path-namespace", "hooks.runtime.args-env", "hooks.runtime.stdin", NULL,
};
static const char *const reqs_timeout[] = { "hooks.runtime.timeout", NULL };

static const OciRuntimeCase hooks_ns_cases[] = {
  { "hooks.namespaces", "each kind of hook runs in its namespace, from a path of that namespace, with its args, "
    "env and the state", opts_ns, args_ns, NULL, ns_steps, 0, NULL, write_scripts, NULL, 0, reqs_ns },
  { "hooks.timeout", "a hook past its timeout is aborted and create fails", opts_timeout, args_true, NULL,
    timeout_steps, 0, NULL, NULL, NULL, 2 * HOOK_SLEEP, reqs_timeout },
};

/**
 * hooks_register_ns:
 * @plugin: the hooks plugin
 *
 * Registers the rows and cases of where hooks run.
 */
void
hooks_register_ns (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, hooks_ns_requirements, G_N_ELEMENTS (hooks_ns_requirements));
  oci_plugin_add_runtime_cases (plugin, hooks_ns_cases, G_N_ELEMENTS (hooks_ns_cases));
}
