/* linux-cases-features.c — what the runtime's `features` document
 * advertises, it must accept and apply (features.md, features-linux.md)
 *
 * One container per list, not one per element: every advertised
 * namespace in one config, every capability in one, every mount option
 * as one mount each of one container, every seccomp action, operator,
 * architecture and flag in one profile. The create step carries the
 * features requirement (a refusal fails it, with the runtime's message);
 * inside checkers then look for each element's effect. For what the
 * document does not advertise nothing is demanded. A runtime without a
 * `features` command skips these cases with that reason.
 *
 * The features rules are judged by the release of the document
 * (oci_runtime_context_judge_by_features()): runc 1.1 prints one while
 * its configs are 1.0.2.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <seccomp.h>
#include <sys/capability.h>

#include "linux-runtime.h"
#include "checks/linux-checks.h"
#include "inside/linux-inside.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS

static const OciRequirement features_requirements[] = {
  { "linux.runtime.features.oci-version", OCI_LEVEL_MUST, "features.md", "featuresSpecificationVersion", "1.1.0",
    NULL, "the runtime MUST accept ociVersionMin and ociVersionMax of its features as the config's ociVersion" },
  { "linux.runtime.features.mount-options", OCI_LEVEL_MUST, "features.md", "featuresMountOptions", "1.1.0", NULL,
      "the runtime MUST recognize every advertised mount option in mounts[].options" },
  { "linux.runtime.features.hooks", OCI_LEVEL_MUST, "features.md", "featuresHooks", "1.1.0", NULL,
    "the runtime MUST support every advertised hook name in hooks: accepted, and each such hook run" },
  { "linux.runtime.features.flags", OCI_LEVEL_ADVICE, "features-linux.md", "linuxFeaturesCgroup", "1.1.0", NULL,
    "what cgroup, apparmor, selinux and intelRdt say the runtime supports, it accepts and applies (advice: these "
    "members say what the runtime supports, without a keyword)" },
  /* What the mount table shows of each option, asked inside: the config's
   * own rule, so it holds for the configs' release. */
  { "linux.runtime.mounts.option-effect", OCI_LEVEL_MUST, "config.md", "configMounts", "1.0.0", NULL,
    "a mount option has its effect on the mount: its flag, superblock option, propagation or contents in "
    "/proc/self/mountinfo" },
  { "linux.runtime.mounts.option-effect.recursive", OCI_LEVEL_SHOULD, "config.md", "configLinuxMountOptions",
    "1.1.0", NULL, "a recursive (AT_RECURSIVE) mount option such as rro or rnosuid has its effect on the mount" },
  { "linux.runtime.features.namespaces", OCI_LEVEL_MUST, "features-linux.md", "linuxFeaturesNamespaces", "1.1.0",
    NULL, "the runtime MUST recognize every advertised namespace type in linux.namespaces" },
  { "linux.runtime.features.capabilities", OCI_LEVEL_MUST, "features-linux.md", "linuxFeaturesCapabilities",
    "1.1.0", NULL, "the runtime MUST recognize every advertised capability in process.capabilities" },
  { "linux.runtime.features.seccomp", OCI_LEVEL_MUST, "features-linux.md", "linuxFeaturesSeccomp", "1.1.0", NULL,
    "the runtime MUST recognize every advertised seccomp action, operator and architecture, and recognize and "
    "support every advertised flag, in linux.seccomp" },
};

static const char *const features_inside_ns[] = { "linux.inside.namespaces", NULL };
static const char *const features_inside_caps[] = { "linux.inside.capabilities", NULL };
static const char *const features_inside_mounts[] = { "linux.inside.features.mount-options", NULL };
static const char *const features_inside_seccomp[] = { "linux.inside.seccomp", "linux.inside.features.seccomp",
                                                       NULL };
static const char *const args_true[] = { "/bin/true", NULL };

/* ---- what the document says -------------------------------------------- */

/* The strings of the features list at @pointer; %NULL when it has none. */
static GPtrArray *
advertised (OciRuntimeContext *rc, const char *pointer)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  g_autoptr(JsonNode) root = features ? json_node_init_object (json_node_alloc (), features) : NULL;
  JsonNode *node = root ? oci_json_pointer_lookup (root, pointer) : NULL;
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  GPtrArray *names;

  if (array == NULL || json_array_get_length (array) == 0)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = oci_json_array_get_string (array, i);
      if (s)
        g_ptr_array_add (names, g_strdup (s));
    }
  return names;
}

/* Runs when the runtime printed features; the rules then apply by the
 * document's release. */
static gboolean
has_features (OciRuntimeContext *rc, char **reason)
{
  if (oci_runtime_context_get_features (rc) == NULL)
    {
      *reason = g_strdup_printf ("%s has no working `features` command: it advertises nothing, so nothing is "
                                 "demanded", oci_runtime_get_name (oci_runtime_context_get_runtime (rc)));
      return FALSE;
    }
  if (!oci_runtime_context_judge_by_features (rc))
    {
      *reason = g_strdup ("the features document names no known release in ociVersionMax");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_list (OciRuntimeContext *rc, const char *pointer, char **reason)
{
  g_autoptr(GPtrArray) names = NULL;

  if (!has_features (rc, reason))
    return FALSE;
  names = advertised (rc, pointer);
  if (names == NULL)
    {
      *reason = g_strdup_printf ("the features document advertises nothing at %s: nothing is demanded", pointer);
      return FALSE;
    }
  return TRUE;
}

#define HAS_LIST(name, pointer) \
  static gboolean name (OciRuntimeContext *rc, char **reason) \
  { \
    return has_list (rc, pointer, reason); \
  }

HAS_LIST (has_namespaces, "/linux/namespaces")
HAS_LIST (has_capabilities, "/linux/capabilities")
HAS_LIST (has_mount_options, "/mountOptions")
HAS_LIST (has_seccomp_actions, "/linux/seccomp/actions")
HAS_LIST (has_hooks, "/hooks")

static JsonArray *
strv_array (GPtrArray *names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; names && i < names->len; i++)
    json_array_add_string_element (array, names->pdata[i]);
  return array;
}

/* ---- a batch the runtime refuses: which elements ---------------------- */

/* A batch case lists the elements of one features list it tries (@select:
 * those the host can do) and writes them into a config (@apply, replacing
 * what an earlier apply wrote). When the runtime refuses the whole batch,
 * halves are tried until each refused element is known: each is a
 * failure with the runtime's own words, and the container is made again
 * with the rest, so that their effects are still checked inside. */
typedef GPtrArray *(*FeaturesSelect) (OciRuntimeContext *rc);
typedef void (*FeaturesApply) (OciConfig *config, GPtrArray *items);

typedef struct
{
  const char *case_id;
  const char *requirement;
  const char *pointer; /* where the elements go in the config */
  FeaturesSelect select;
  FeaturesApply apply;
  const char *hint; /* nullable: how the runtime's message names an element ("/ort-features/%s") */
} FeaturesBatch;

static const FeaturesBatch *features_batch_of (OciRuntimeContext *rc);

/* Whether the runtime creates the config with @items (the case's id, in
 * its bundle; deleted again). */
static gboolean
trial (OciRuntimeContext *rc, const FeaturesBatch *batch, GPtrArray *items, gboolean *accepted, char **why,
       GError **error)
{
  g_autoptr(OciConfig) config = oci_config_copy (oci_runtime_context_get_config (rc));

  batch->apply (config, items);
  return linux_rt_try_config (rc, config, accepted, why, error);
}

static GPtrArray *
slice (GPtrArray *items, guint from, guint to)
{
  GPtrArray *part = g_ptr_array_new ();

  for (guint i = from; i < to; i++)
    g_ptr_array_add (part, items->pdata[i]);
  return part;
}

/* Finds the refused elements of @items, which the runtime refuses as a
 * whole: into @refused, with the runtime's message in @whys. */
static gboolean
bisect (OciRuntimeContext *rc, const FeaturesBatch *batch, GPtrArray *items, char *why, GPtrArray *refused,
        GPtrArray *whys, GError **error)
{
  guint half = items->len / 2;
  g_autoptr(GPtrArray) first = slice (items, 0, half);
  g_autoptr(GPtrArray) second = slice (items, half, items->len);
  GPtrArray *parts[2] = { first, second };

  if (items->len == 1)
    {
      g_ptr_array_add (refused, items->pdata[0]);
      g_ptr_array_add (whys, why);
      return TRUE;
    }
  g_free (why);
  for (guint p = 0; p < 2; p++)
    {
      gboolean accepted = FALSE;
      char *part_why = NULL;

      if (parts[p]->len == 0)
        continue;
      if (!trial (rc, batch, parts[p], &accepted, &part_why, error))
        return FALSE;
      if (!accepted && !bisect (rc, batch, parts[p], part_why, refused, whys, error))
        return FALSE;
    }
  return TRUE;
}

/* The elements the runtime's message names (by @batch->hint), tried
 * first: when the batch without them is accepted, they are the refused
 * ones, found with one call instead of a bisection. */
static GPtrArray *
named_in (const FeaturesBatch *batch, GPtrArray *items, const char *message)
{
  GPtrArray *named = g_ptr_array_new ();

  for (guint i = 0; batch->hint && message && i < items->len; i++)
    {
      g_autofree char *text = g_strdup_printf (batch->hint, (char *) items->pdata[i]);
      const char *at = strstr (message, text);
      char after = at ? at[strlen (text)] : 'x';

      if (at && !g_ascii_isalnum (after) && after != '_' && after != '-')
        g_ptr_array_add (named, items->pdata[i]);
    }
  return named;
}

static gboolean
find_refused (OciRuntimeContext *rc, const FeaturesBatch *batch, GPtrArray *items, const char *message,
              GPtrArray *refused, GPtrArray *whys, GError **error)
{
  g_autoptr(GPtrArray) named = named_in (batch, items, message);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  gboolean accepted = FALSE;

  if (named->len > 0)
    {
      for (guint i = 0; i < items->len; i++)
        if (!g_ptr_array_find (named, items->pdata[i], NULL))
          g_ptr_array_add (rest, items->pdata[i]);
      if (!trial (rc, batch, rest, &accepted, NULL, error))
        return FALSE;
      if (accepted && named->len == 1)
        {
          g_ptr_array_add (refused, named->pdata[0]);
          g_ptr_array_add (whys, g_strdup (message));
          return TRUE;
        }
      if (accepted)
        return bisect (rc, batch, named, g_strdup (message), refused, whys, error);
    }
  return bisect (rc, batch, items, g_strdup (message), refused, whys, error);
}

/* After the batch's create: a pass, or the refused elements named and the
 * container made again without them. */
static gboolean
check_batch_accepted (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  const FeaturesBatch *batch = features_batch_of (rc);
  const OciRuntimeCall *create = oci_runtime_context_get_last_call (rc);
  OciConfig *config = oci_runtime_context_get_config (rc);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new ();
  g_autoptr(GPtrArray) whys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();

  if (create && create->exit_status == 0)
    {
      oci_check_pass (ctx, batch->requirement);
      return TRUE;
    }
  /* The refused config stays beside the ones tried next (for --keep). */
  {
    g_autofree char *kept = oci_runtime_context_bundle_path (rc, "config.refused.json");
    if (!oci_config_save (config, kept, NULL, error))
      return FALSE;
  }
  items = batch->select (rc);
  if (!find_refused (rc, batch, items, create ? create->err : "", refused, whys, error))
    return FALSE;
  if (refused->len == 0)
    return linux_rt_setup_error (error, "the runtime refuses the whole batch but accepts each part of it, so "
                                 "no advertised element can be blamed: %s", create ? create->err : "");
  /* Each one refused alone: is it the rest of the config? */
  if (refused->len == items->len)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      g_autofree char *why = NULL;
      gboolean accepted = FALSE;

      if (!trial (rc, batch, none, &accepted, &why, error))
        return FALSE;
      if (!accepted)
        return linux_rt_setup_error (error, "the runtime refuses the case's config even without the advertised "
                                     "elements, so its refusal proves nothing: %s", why);
    }
  for (guint i = 0; i < refused->len; i++)
    oci_check_fail_values (ctx, batch->requirement, batch->pointer, "accepted",
                           whys->pdata[i] ? g_strstrip (whys->pdata[i]) : "refused",
                           "the runtime advertises '%s' in its features and refuses it in %s",
                           (char *) refused->pdata[i], batch->pointer);
  for (guint i = 0; i < items->len; i++)
    if (!g_ptr_array_find_with_equal_func (refused, items->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (rest, items->pdata[i]);
  oci_runtime_context_note (rc, "%u of %u advertised elements refused; the container is made again with the "
                            "other %u", refused->len, items->len, rest->len);
  /* The container again, with what it accepts: the steps go on with it. */
  batch->apply (config, rest);
  return oci_runtime_context_recreate (rc, error);
}

/* ---- ociVersionMin and ociVersionMax ----------------------------------- */

static gboolean
set_version (OciRuntimeContext *rc, OciConfig *config, const char *member, GError **error)
{
  const char *version = oci_json_object_get_string (oci_runtime_context_get_features (rc), member);

  if (version == NULL)
    return linux_rt_setup_error (error, "the features document has no %s", member);
  oci_config_set_string (config, "/ociVersion", version);
  return TRUE;
}

static gboolean
version_min (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return set_version (rc, config, "ociVersionMin", error);
}

static gboolean
version_max (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  return set_version (rc, config, "ociVersionMax", error);
}

static const OciRuntimeStep version_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "linux.runtime.features.oci-version" },
  { OCI_RUNTIME_STEP_DELETE_FORCE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* ---- namespaces -------------------------------------------------------- */

/* Every advertised type this kernel has (user only where the host allows
 * user namespaces). */
static GPtrArray *
select_namespaces (OciRuntimeContext *rc)
{
  g_autoptr(GPtrArray) types = advertised (rc, "/linux/namespaces");
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  gsize n = 0;
  const LinuxInsideNsType *known = linux_inside_ns_types (&n);

  for (guint i = 0; types && i < types->len; i++)
    for (gsize k = 0; k < n; k++)
      {
        g_autofree char *file = g_build_filename ("/proc/self/ns", known[k].file, NULL);

        if (strcmp (types->pdata[i], known[k].type) != 0 || !g_file_test (file, G_FILE_TEST_EXISTS))
          continue;
        if (strcmp (known[k].type, "user") == 0 && (oci_runtime_context_get_host (rc) & OCI_HOST_USERNS) == 0)
          continue;
        g_ptr_array_add (kept, g_strdup (known[k].type));
      }
  return kept;
}

static void
apply_namespaces (OciConfig *config, GPtrArray *types)
{
  JsonArray *list = json_array_new ();
  gboolean user = FALSE;

  for (guint i = 0; i < types->len; i++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "type", types->pdata[i]);
      json_array_add_object_element (list, entry);
      user = user || strcmp (types->pdata[i], "user") == 0;
    }
  oci_config_set_node (config, "/linux/namespaces", json_node_init_array (json_node_alloc (), list));
  json_array_unref (list);
  linux_rt_default_id_mappings (config, user);
}

/* ---- capabilities ------------------------------------------------------ */

/* cap_t is a bare pointer type: use g_auto(FeaturesCaps). */
typedef cap_t FeaturesCaps;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (FeaturesCaps, cap_free, NULL)

/* Every advertised capability the host kernel has and this process holds
 * (the runtime can grant no more). */
static GPtrArray *
select_capabilities (OciRuntimeContext *rc)
{
  g_autoptr(GPtrArray) names = advertised (rc, "/linux/capabilities");
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  g_auto(FeaturesCaps) own = cap_get_proc ();

  for (guint i = 0; own && names && i < names->len; i++)
    {
      cap_value_t value;
      cap_flag_value_t on = CAP_CLEAR;

      if (cap_from_name (names->pdata[i], &value) == 0 && value <= (cap_value_t) cap_max_bits () - 1
          && cap_get_flag (own, value, CAP_PERMITTED, &on) == 0 && on == CAP_SET)
        g_ptr_array_add (kept, g_strdup (names->pdata[i]));
    }
  return kept;
}

/* All five sets. */
static void
apply_capabilities (OciConfig *config, GPtrArray *names)
{
  static const char *const sets[] = { "bounding", "effective", "inheritable", "permitted", "ambient" };

  for (gsize s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autofree char *pointer = g_strconcat ("/process/capabilities/", sets[s], NULL);
      g_autoptr(JsonArray) array = strv_array (names);

      oci_config_set_node (config, pointer, json_node_init_array (json_node_alloc (), array));
    }
}

/* ---- mount options ----------------------------------------------------- */

/* Options a mount of its own cannot show: a remount needs a mount to
 * remount, idmapped mounts need mappings (their own cases test them). */
static const char *const untested_options[] = { "remount", "idmap", "ridmap", NULL };

static gboolean
is_bind (const char *option)
{
  return strcmp (option, "bind") == 0 || strcmp (option, "rbind") == 0;
}

static GPtrArray *
select_mount_options (OciRuntimeContext *rc)
{
  g_autoptr(GPtrArray) options = advertised (rc, "/mountOptions");
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; options && i < options->len; i++)
    if (!g_strv_contains (untested_options, options->pdata[i]) && strchr (options->pdata[i], '/') == NULL)
      g_ptr_array_add (kept, g_strdup (options->pdata[i]));
  return kept;
}

/* One mount per option at LINUX_FEATURES_MOUNT_DIR/OPTION: a tmpfs, or
 * for bind and rbind the bundle's ort-features-src folder (its source
 * noted in the config's annotations by the configure function). */
static void
apply_mount_options (OciConfig *config, GPtrArray *options)
{
  JsonArray *mounts = oci_config_ensure_array (config, "/mounts");
  JsonObject *annotations = oci_config_get_object (config, "/annotations");
  const char *source = annotations ? oci_json_object_get_string (annotations, LINUX_FEATURES_BIND_SOURCE) : NULL;

  for (guint i = json_array_get_length (mounts); i > 0; i--)
    {
      JsonObject *m = linux_check_object_at (mounts, i - 1);
      const char *destination = m ? oci_json_object_get_string (m, "destination") : NULL;

      if (destination && g_str_has_prefix (destination, LINUX_FEATURES_MOUNT_DIR "/"))
        json_array_remove_element (mounts, i - 1);
    }
  for (guint i = 0; i < options->len; i++)
    {
      const char *option = options->pdata[i];
      g_autofree char *destination = g_build_filename (LINUX_FEATURES_MOUNT_DIR, option, NULL);
      JsonObject *mount = json_object_new ();
      JsonArray *list = json_array_new ();

      json_array_add_string_element (list, option);
      json_object_set_string_member (mount, "destination", destination);
      json_object_set_string_member (mount, "type", is_bind (option) ? "none" : "tmpfs");
      json_object_set_string_member (mount, "source", is_bind (option) && source ? source : "tmpfs");
      json_object_set_array_member (mount, "options", list);
      json_array_add_object_element (mounts, mount);
    }
}

/* The marker a bind shows (in the source) and tmpcopyup copies (in the
 * destination). */
static gboolean
prepare_mount_options (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  g_autofree char *source = oci_runtime_context_bundle_path (rc, "ort-features-src");
  g_autofree char *marker = g_build_filename (source, LINUX_FEATURES_MARKER, NULL);
  g_autofree char *copied = g_build_filename (LINUX_FEATURES_MOUNT_DIR, "tmpcopyup", LINUX_FEATURES_MARKER, NULL);

  if (g_mkdir_with_parents (source, 0755) != 0)
    return linux_rt_setup_error (error, "%s: %s", source, g_strerror (errno));
  linux_rt_annotate (config, LINUX_FEATURES_BIND_SOURCE, source);
  return g_file_set_contents (marker, "", 0, error) && linux_rt_write_rootfs (rc, copied, "", error);
}

/* What is advertised but not tried is said, as a skip of the rule. */
static gboolean
untested_mount_options (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  g_autoptr(GPtrArray) options = advertised (rc, "/mountOptions");
  g_autoptr(GPtrArray) skipped = g_ptr_array_new ();
  g_autofree char *list = NULL;

  for (guint i = 0; options && i < options->len; i++)
    if (g_strv_contains (untested_options, options->pdata[i]))
      g_ptr_array_add (skipped, options->pdata[i]);
  if (skipped->len == 0)
    return TRUE;
  g_ptr_array_add (skipped, NULL);
  list = g_strjoinv (", ", (char **) skipped->pdata);
  oci_check_skip (ctx, "linux.runtime.features.mount-options", "/mountOptions",
                  "advertised but not tried (a mount of its own cannot show them): %s", list);
  return TRUE;
}

/* ---- seccomp ----------------------------------------------------------- */

/* The system call each action is tried on: the ones linux.inside.seccomp
 * probes for the actions whose effect is an errno or nothing, and calls
 * the container makes nowhere else for those that kill or trap (the
 * inside checker makes them in a child). */
static const struct
{
  const char *action;
  const char *syscall;
} action_syscalls[] = {
  { "SCMP_ACT_ERRNO", "mkdir" },         { "SCMP_ACT_TRACE", "rmdir" },
  { "SCMP_ACT_LOG", "chmod" },           { "SCMP_ACT_ALLOW", "getcwd" },
  { "SCMP_ACT_KILL", LINUX_FEATURES_SYSCALL_KILL },
  { "SCMP_ACT_KILL_THREAD", LINUX_FEATURES_SYSCALL_KILL_THREAD },
  { "SCMP_ACT_KILL_PROCESS", LINUX_FEATURES_SYSCALL_KILL_PROCESS },
  { "SCMP_ACT_TRAP", LINUX_FEATURES_SYSCALL_TRAP },
};

/* The features lists a profile draws on, and the prefix of their
 * elements in the batch ("archs:SCMP_ARCH_X86"). */
static const char *const seccomp_lists[] = { "actions", "operators", "archs", "supportedFlags" };

static gboolean
arch_addable (const char *name)
{
  guint32 token = linux_check_seccomp_arch (name);
  scmp_filter_ctx filter = token ? seccomp_init (SCMP_ACT_ALLOW) : NULL;
  int r = filter ? seccomp_arch_add (filter, token) : -EINVAL;

  if (filter)
    seccomp_release (filter);
  return r == 0 || r == -EEXIST;
}

static GPtrArray *
select_seccomp (OciRuntimeContext *rc)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (gsize l = 0; l < G_N_ELEMENTS (seccomp_lists); l++)
    {
      g_autofree char *pointer = g_strconcat ("/linux/seccomp/", seccomp_lists[l], NULL);
      g_autoptr(GPtrArray) names = advertised (rc, pointer);

      for (guint i = 0; names && i < names->len; i++)
        {
          const char *name = names->pdata[i];
          gboolean tried = l != 0;

          /* An action is tried where the suite knows a call to try it on
           * (NOTIFY needs a listener: the notify case tests it). */
          for (gsize k = 0; !tried && k < G_N_ELEMENTS (action_syscalls); k++)
            tried = strcmp (action_syscalls[k].action, name) == 0;
          /* An architecture libseccomp cannot put in one filter with the
           * native one (another byte order) cannot be tried here. */
          if (l == 2 && !arch_addable (name))
            tried = FALSE;
          if (tried)
            g_ptr_array_add (items, g_strconcat (seccomp_lists[l], ":", name, NULL));
        }
    }
  return items;
}

static JsonObject *
rule (const char *syscall, const char *action)
{
  JsonObject *r = json_object_new ();
  JsonArray *names = json_array_new ();

  json_array_add_string_element (names, syscall);
  json_object_set_array_member (r, "names", names);
  json_object_set_string_member (r, "action", action);
  if (strcmp (action, "SCMP_ACT_ERRNO") == 0)
    json_object_set_int_member (r, "errnoRet", EXDEV);
  return r;
}

/* A rule for an operator, on a call nothing makes (getpgid, never with
 * the argument given): recognized, never matched. */
static JsonObject *
operator_rule (const char *op)
{
  JsonObject *r = rule ("getpgid", "SCMP_ACT_ERRNO");
  JsonArray *args = json_array_new ();
  JsonObject *arg = json_object_new ();
  gboolean low = strcmp (op, "SCMP_CMP_LT") == 0 || strcmp (op, "SCMP_CMP_LE") == 0;

  json_object_set_int_member (arg, "index", 0);
  json_object_set_int_member (arg, "value", low ? 0 : G_GINT64_CONSTANT (0x7ffffff0));
  if (strcmp (op, "SCMP_CMP_MASKED_EQ") == 0)
    json_object_set_int_member (arg, "valueTwo", G_GINT64_CONSTANT (0x7ffffff0));
  json_object_set_string_member (arg, "op", op);
  json_array_add_object_element (args, arg);
  json_object_set_array_member (r, "args", args);
  return r;
}

static void
add_to (JsonObject *seccomp, const char *member, const char *value)
{
  if (!json_object_has_member (seccomp, member))
    json_object_set_array_member (seccomp, member, json_array_new ());
  json_array_add_string_element (json_object_get_array_member (seccomp, member), value);
}

/* One profile: allow by default, one rule per action, one per operator,
 * every architecture and flag. */
static void
apply_seccomp (OciConfig *config, GPtrArray *items)
{
  JsonObject *seccomp = json_object_new ();
  JsonArray *syscalls = json_array_new ();

  json_object_set_string_member (seccomp, "defaultAction", "SCMP_ACT_ALLOW");
  for (guint i = 0; i < items->len; i++)
    {
      const char *item = items->pdata[i];
      const char *name = strchr (item, ':') + 1;

      if (g_str_has_prefix (item, "operators:"))
        json_array_add_object_element (syscalls, operator_rule (name));
      else if (g_str_has_prefix (item, "archs:"))
        add_to (seccomp, "architectures", name);
      else if (g_str_has_prefix (item, "supportedFlags:"))
        add_to (seccomp, "flags", name);
      else
        for (gsize k = 0; k < G_N_ELEMENTS (action_syscalls); k++)
          if (strcmp (action_syscalls[k].action, name) == 0)
            json_array_add_object_element (syscalls, rule (action_syscalls[k].syscall, name));
    }
  json_object_set_array_member (seccomp, "syscalls", syscalls);
  oci_config_set_node (config, "/linux/seccomp", json_node_init_object (json_node_alloc (), seccomp));
  json_object_unref (seccomp);
}

/* ---- hooks ------------------------------------------------------------- */

/* Hook names of config.md; each appends its name to a log file in the
 * root filesystem, by its host path (hooks of the runtime namespace, and
 * createContainer, which runs before the root is changed) or by its path
 * in the container (startContainer). The second way is taken only where
 * the marker file shows the root is the container's. */
static const char *const hook_kinds[] = { "prestart", "createRuntime", "createContainer", "startContainer",
                                          "poststart", "poststop" };

#define HOOK_LOG "/ort-hooks.log"
#define HOOK_HERE "/ort-hooks.here"

static GPtrArray *
select_hooks (OciRuntimeContext *rc)
{
  g_autoptr(GPtrArray) names = advertised (rc, "/hooks");
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names && i < names->len; i++)
    if (g_strv_contains (hook_kinds, names->pdata[i]))
      g_ptr_array_add (kept, g_strdup (names->pdata[i]));
  return kept;
}

static void
apply_hooks (OciConfig *config, GPtrArray *kinds)
{
  JsonObject *annotations = oci_config_get_object (config, "/annotations");
  const char *rootfs = annotations ? oci_json_object_get_string (annotations, LINUX_FEATURES_HOOK_ROOTFS) : NULL;

  oci_config_remove (config, "/hooks");
  for (guint i = 0; rootfs && i < kinds->len; i++)
    {
      const char *kind = kinds->pdata[i];
      g_autofree char *pointer = g_strconcat ("/hooks/", kind, NULL);
      g_autofree char *script = g_strdup_printf ("if [ -d '%s' ]; then echo %s >> '%s" HOOK_LOG "'; "
                                                 "elif [ -e " HOOK_HERE " ]; then echo %s >> " HOOK_LOG "; fi",
                                                 rootfs, kind, rootfs, kind);
      JsonObject *hook = json_object_new ();
      JsonArray *args = json_array_new ();
      JsonNode *node;

      json_array_add_string_element (args, "sh");
      json_array_add_string_element (args, "-c");
      json_array_add_string_element (args, script);
      json_object_set_string_member (hook, "path", "/bin/sh");
      json_object_set_array_member (hook, "args", args);
      node = json_node_init_object (json_node_alloc (), hook);
      json_object_unref (hook);
      oci_config_ensure_array (config, pointer);
      oci_config_append (config, pointer, node);
    }
}

static gboolean
prepare_hooks (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  linux_rt_annotate (config, LINUX_FEATURES_HOOK_ROOTFS, oci_runtime_context_get_rootfs (rc));
  return linux_rt_write_rootfs (rc, HOOK_HERE, "", error);
}

/* After delete (poststop has run): every hook of the config wrote its
 * name. */
static gboolean
check_hooks_ran (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  JsonObject *hooks = oci_config_get_object (oci_runtime_context_get_config (rc), "/hooks");
  g_autofree char *path = oci_runtime_context_rootfs_path (rc, HOOK_LOG);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (hooks == NULL || !oci_runtime_context_last_step_ok (rc))
    return TRUE;
  g_file_get_contents (path, &text, NULL, NULL);
  lines = g_strsplit (text ? text : "", "\n", -1);
  for (gsize k = 0; k < G_N_ELEMENTS (hook_kinds); k++)
    {
      if (!json_object_has_member (hooks, hook_kinds[k]))
        continue;
      if (g_strv_contains ((const char *const *) lines, hook_kinds[k]))
        oci_check_pass (ctx, "linux.runtime.features.hooks");
      else
        oci_check_fail_values (ctx, "linux.runtime.features.hooks", "/hooks", "it ran", "it did not run",
                               "the advertised %s hook did not run", hook_kinds[k]);
    }
  return TRUE;
}

/* ---- cgroup, AppArmor, SELinux and Intel RDT flags ---------------------- */

/* A boolean member of the features document, FALSE when absent. */
static gboolean
advertises (OciRuntimeContext *rc, const char *pointer)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  g_autoptr(JsonNode) root = features ? json_node_init_object (json_node_alloc (), features) : NULL;
  JsonNode *node = root ? oci_json_pointer_lookup (root, pointer) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

/* The host's own SELinux context, which the container may be given. */
static char *
own_selinux_label (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/self/attr/current", &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

/* What this host lets the suite exercise of each advertised flag; the
 * rest is said in @why (one line each). */
static gboolean
configure_flags (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  OciHostFeatures host = oci_runtime_context_get_host (rc);
  OciCgroupMode mode = oci_host_get_cgroup_mode ();
  gboolean v1 = mode == OCI_CGROUP_V1 || mode == OCI_CGROUP_HYBRID;

  /* The pids limit in the hierarchy the host has: v1 (hybrid hosts too)
   * where the runtime advertises v1, else v2 on a pure v2 host. */
  if ((v1 && advertises (rc, "/linux/cgroup/v1") && oci_host_cgroup_controller_version ("pids") == 1)
      || (mode == OCI_CGROUP_V2 && advertises (rc, "/linux/cgroup/v2")))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      oci_config_set_int (config, "/linux/resources/pids/limit", 1234);
      /* The container's own cgroup at /sys/fs/cgroup, where the inside
       * checker reads pids.max. */
      json_parser_load_from_data (parser, "{\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", "
                                  "\"source\": \"cgroup\", \"options\": [\"nosuid\", \"noexec\", \"nodev\", "
                                  "\"relatime\", \"ro\"]}", -1, NULL);
      oci_config_append (config, "/mounts", json_node_copy (json_parser_get_root (parser)));
    }
  if (advertises (rc, "/linux/apparmor/enabled") && (host & OCI_HOST_APPARMOR))
    oci_config_set_string (config, "/process/apparmorProfile", "unconfined");
  if (advertises (rc, "/linux/selinux/enabled") && (host & OCI_HOST_SELINUX))
    {
      g_autofree char *label = own_selinux_label ();
      if (label)
        oci_config_set_string (config, "/process/selinuxLabel", label);
    }
  if (advertises (rc, "/linux/intelRdt/enabled") && g_file_test ("/sys/fs/resctrl/schemata", G_FILE_TEST_EXISTS))
    {
      g_autofree char *clos = g_strconcat ("ort-", oci_runtime_context_get_id (rc), NULL);
      oci_config_set_string (config, "/linux/intelRdt/closID", clos);
    }
  return TRUE;
}

static const struct
{
  const char *pointer;
  const char *why;
} unexercised[] = {
  { "/linux/cgroup/systemd", "the systemd cgroup manager is a runtime option (--systemd-cgroup), not a config "
                             "field, and needs a running systemd" },
  { "/linux/cgroup/systemdUser", "the user-scoped systemd cgroup manager needs a user session of systemd" },
  { "/linux/cgroup/rdma", "the suite sets no rdma limit (the host would need an RDMA device)" },
};

/* After create: the Intel RDT group exists; and what was advertised but
 * not tried is said, as skips. */
static gboolean
check_flags (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  OciConfig *config = oci_runtime_context_get_config (rc);
  const char *clos = oci_config_get_string (config, "/linux/intelRdt/closID");

  if (clos && oci_runtime_context_last_step_ok (rc))
    {
      g_autofree char *group = g_build_filename ("/sys/fs/resctrl", clos, NULL);
      if (g_file_test (group, G_FILE_TEST_IS_DIR))
        oci_check_pass (ctx, "linux.runtime.features.flags");
      else
        oci_check_fail_values (ctx, "linux.runtime.features.flags", "/linux/intelRdt/closID", group, "missing",
                               "the runtime advertises Intel RDT and made no resctrl group for closID %s", clos);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (unexercised); i++)
    if (advertises (rc, unexercised[i].pointer))
      oci_check_skip (ctx, "linux.runtime.features.flags", unexercised[i].pointer, "advertised, not tried: %s",
                      unexercised[i].why);
  if (advertises (rc, "/linux/apparmor/enabled") && !oci_config_has (config, "/process/apparmorProfile"))
    oci_check_skip (ctx, "linux.runtime.features.flags", "/linux/apparmor", "advertised, not tried: AppArmor is "
                    "not enabled on this host");
  if (advertises (rc, "/linux/selinux/enabled") && !oci_config_has (config, "/process/selinuxLabel"))
    oci_check_skip (ctx, "linux.runtime.features.flags", "/linux/selinux", "advertised, not tried: SELinux is "
                    "not enabled on this host");
  if (advertises (rc, "/linux/intelRdt/enabled") && clos == NULL)
    oci_check_skip (ctx, "linux.runtime.features.flags", "/linux/intelRdt", "advertised, not tried: the host has "
                    "no resctrl filesystem at /sys/fs/resctrl");
  return TRUE;
}

static const OciRuntimeStep flags_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, S, "linux.runtime.features.flags", NULL, check_flags },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_INSIDE, NULL, S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

static const char *const features_inside_flags[] = { "linux.inside.lsm", "linux.inside.features.cgroup", NULL };

/* ---- the batches ------------------------------------------------------- */

static const FeaturesBatch features_batches[] = {
  { "linux.features.namespaces", "linux.runtime.features.namespaces", "/linux/namespaces", select_namespaces,
    apply_namespaces },
  { "linux.features.capabilities", "linux.runtime.features.capabilities", "/process/capabilities",
    select_capabilities, apply_capabilities },
  { "linux.features.mount_options", "linux.runtime.features.mount-options", "/mounts", select_mount_options,
    apply_mount_options, LINUX_FEATURES_MOUNT_DIR "/%s" },
  { "linux.features.seccomp", "linux.runtime.features.seccomp", "/linux/seccomp", select_seccomp,
    apply_seccomp },
  { "linux.features.hooks", "linux.runtime.features.hooks", "/hooks", select_hooks, apply_hooks },
};

static const FeaturesBatch *
features_batch_of (OciRuntimeContext *rc)
{
  const char *id = oci_runtime_context_get_case (rc)->id;

  for (gsize i = 0; i < G_N_ELEMENTS (features_batches); i++)
    if (strcmp (features_batches[i].case_id, id) == 0)
      return &features_batches[i];
  g_return_val_if_reached (NULL);
}

/* The batch's elements into the config, and what the case needs around
 * them. */
static gboolean
configure_batch (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  const FeaturesBatch *batch = features_batch_of (rc);
  g_autoptr(GPtrArray) items = batch->select (rc);

  if (batch->apply == apply_mount_options && !prepare_mount_options (rc, config, error))
    return FALSE;
  if (batch->apply == apply_hooks && !prepare_hooks (rc, config, error))
    return FALSE;
  batch->apply (config, items);
  if (batch->apply == apply_namespaces)
    return linux_rt_open_bundle_path (rc, error) && linux_rt_annotate_namespaces (rc, config, error);
  return TRUE;
}

#define FEATURE_STEPS(name) \
  static const OciRuntimeStep name[] = { \
    { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_ANY, NULL, NULL, check_batch_accepted }, \
    { OCI_RUNTIME_STEP_START, NULL, S }, \
    { OCI_RUNTIME_STEP_INSIDE, NULL, S }, \
    { OCI_RUNTIME_STEP_DELETE, NULL, S }, \
    { OCI_RUNTIME_STEP_END }, \
  }

FEATURE_STEPS (batch_steps);

static const OciRuntimeStep hooks_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, OCI_RUNTIME_EXPECT_ANY, NULL, NULL, check_batch_accepted },
  { OCI_RUNTIME_STEP_START, NULL, S },
  { OCI_RUNTIME_STEP_WAIT, "stopped", S },
  { OCI_RUNTIME_STEP_DELETE, NULL, S },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the table --------------------------------------------------------- */

static const char *const reqs_version[] = { "linux.runtime.features.oci-version", NULL };
static const char *const reqs_ns[] = { "linux.runtime.features.namespaces", "linux.runtime.namespaces.new", NULL };
static const char *const reqs_caps[] = { "linux.runtime.features.capabilities",
                                         "linux.runtime.process.capabilities", NULL };
static const char *const reqs_mounts[] = { "linux.runtime.features.mount-options",
                                           "linux.runtime.mounts.option-effect",
                                           "linux.runtime.mounts.option-effect.recursive", NULL };
static const char *const reqs_hooks[] = { "linux.runtime.features.hooks", NULL };
static const char *const reqs_flags[] = { "linux.runtime.features.flags", "linux.runtime.process.apparmor-profile",
                                          "linux.runtime.process.selinux-label", "linux.runtime.cgroups.pids", NULL };
static const char *const reqs_seccomp[] = { "linux.runtime.features.seccomp", "linux.runtime.seccomp.enforced",
                                            NULL };

static const OciRuntimeCase features_cases[] = {
  { "linux.features.oci_version_min", "the runtime accepts its ociVersionMin as the config's ociVersion", NULL,
    args_true, NULL, version_steps, 0, has_features, version_min, NULL, 0, reqs_version },
  { "linux.features.oci_version_max", "the runtime accepts its ociVersionMax as the config's ociVersion", NULL,
    args_true, NULL, version_steps, 0, has_features, version_max, NULL, 0, reqs_version },
  { "linux.features.namespaces", "every advertised namespace type: accepted, and new inside the container", NULL,
    NULL, features_inside_ns, batch_steps, 0, has_namespaces, configure_batch, NULL, 0, reqs_ns },
  { "linux.features.capabilities", "every advertised capability: accepted, and held inside the container", NULL,
    NULL, features_inside_caps, batch_steps, 0, has_capabilities, configure_batch, NULL, 0, reqs_caps },
  { "linux.features.mount_options", "every advertised mount option: accepted, and seen on its mount", NULL, NULL,
    features_inside_mounts, batch_steps, 0, has_mount_options, configure_batch, untested_mount_options, 0,
    reqs_mounts },
  { "linux.features.seccomp", "every advertised seccomp action, operator, architecture and flag: accepted, and "
    "the actions enforced", NULL, NULL, features_inside_seccomp, batch_steps, OCI_HOST_SECCOMP,
    has_seccomp_actions, configure_batch, NULL, 0, reqs_seccomp },
  { "linux.features.flags", "cgroup, AppArmor, SELinux and Intel RDT as advertised: accepted and applied where "
    "the host has them", NULL, NULL, features_inside_flags, flags_steps, 0, has_features, configure_flags, NULL, 0,
    reqs_flags },
  { "linux.features.hooks", "every advertised hook: accepted, and run", NULL, args_true, NULL, hooks_steps, 0,
    has_hooks, configure_batch, check_hooks_ran, 0, reqs_hooks },
};

/**
 * linux_register_features:
 * @plugin: the linux plugin
 *
 * Registers the features requirements and their cases.
 */
void
linux_register_features (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, features_requirements, G_N_ELEMENTS (features_requirements));
  oci_plugin_add_runtime_cases (plugin, features_cases, G_N_ELEMENTS (features_cases));
}
