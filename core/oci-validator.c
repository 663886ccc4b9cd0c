/* oci-validator.c — runs the schema and the plugins' checkers on bundles
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "oci-check-private.h"
#include "oci-error.h"
#include "oci-plugin-host-private.h"
#include "oci-plugin-private.h"
#include "oci-registry-private.h"
#include "oci-schema.h"
#include "oci-spec.h"
#include "oci-validator.h"

struct _OciValidator
{
  GObject parent_instance;

  OciRegistry *registry;
  OciResultBus *bus;
  OciSchema *schema;  /* created on first use */
  char *schema_dir;   /* --schema-dir, or NULL for the embedded schemas */
  gboolean host_specific;
  OciPhase phase;
  char *os;
  char *arch;
  char *spec_version;
  GPtrArray *only;    /* GPatternSpec *, parallel to only_globs */
  GStrv only_globs;
  GStrv skip_globs;
  GPtrArray *skip;
  GStrv platform_names;
  OciConfig *last_config; /* of the last bundle: callers may want it */
  gint checks_run;        /* checkers (and schema checks) run, atomic */
  /* With --only: const OciChecker * -> 1 (runs) or 2 (does not) */
  GHashTable *only_cache;
  GMutex only_lock;
};

G_DEFINE_FINAL_TYPE (OciValidator, oci_validator, G_TYPE_OBJECT)

static void
oci_validator_finalize (GObject *object)
{
  OciValidator *self = OCI_VALIDATOR (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->bus);
  g_clear_object (&self->schema);
  g_free (self->schema_dir);
  g_free (self->os);
  g_free (self->arch);
  g_free (self->spec_version);
  g_clear_pointer (&self->only, g_ptr_array_unref);
  g_clear_pointer (&self->skip, g_ptr_array_unref);
  g_strfreev (self->only_globs);
  g_strfreev (self->skip_globs);
  g_strfreev (self->platform_names);
  g_clear_object (&self->last_config);
  g_hash_table_unref (self->only_cache);
  g_mutex_clear (&self->only_lock);
  G_OBJECT_CLASS (oci_validator_parent_class)->finalize (object);
}

static void
oci_validator_class_init (OciValidatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_validator_finalize;
}

static void
oci_validator_init (OciValidator *self)
{
  self->phase = OCI_PHASE_BUNDLE;
  self->only_cache = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->only_lock);
}

/**
 * oci_validator_new:
 * @registry: where the checkers come from
 * @bus: where results go
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a validator
 */
OciValidator *
oci_validator_new (OciRegistry *registry, OciResultBus *bus)
{
  OciValidator *self = g_object_new (OCI_TYPE_VALIDATOR, NULL);

  self->registry = g_object_ref (registry);
  self->bus = g_object_ref (bus);
  return self;
}

/**
 * oci_validator_set_host_specific:
 * @self: a validator
 * @host_specific: also run the host phase's checkers
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 */
void
oci_validator_set_host_specific (OciValidator *self, gboolean host_specific)
{
  self->host_specific = host_specific;
}

/**
 * oci_validator_set_phase:
 * @self: a validator
 * @phase: %OCI_PHASE_BUNDLE (default) or %OCI_PHASE_INSIDE
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 */
void
oci_validator_set_phase (OciValidator *self, OciPhase phase)
{
  self->phase = phase;
}

/**
 * oci_validator_set_platform:
 * @self: a validator
 * @os: (nullable): force this os instead of the config's
 * @arch: (nullable): force this architecture instead of the host's
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 */
void
oci_validator_set_platform (OciValidator *self, const char *os, const char *arch)
{
  g_free (self->os);
  g_free (self->arch);
  self->os = g_strdup (os);
  self->arch = g_strdup (arch);
}

/**
 * oci_validator_set_spec_version:
 * @self: a validator
 * @release: (nullable): check against this release instead of ociVersion's
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 */
void
oci_validator_set_spec_version (OciValidator *self, const char *release)
{
  g_free (self->spec_version);
  self->spec_version = g_strdup (release);
}

/**
 * oci_validator_set_schema_dir:
 * @self: a validator
 * @dir: a directory holding config-schema.json (and what it refers to),
 *   used instead of the embedded schemas
 * @error: set if @dir has no config-schema.json
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_validator_set_schema_dir (OciValidator *self, const char *dir, GError **error)
{
  g_autofree char *main_schema = g_build_filename (dir, "config-schema.json", NULL);

  if (!g_file_test (main_schema, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ,
                   "%s: no such schema file (--schema-dir needs config-schema.json)", main_schema);
      return FALSE;
    }
  g_free (self->schema_dir);
  self->schema_dir = g_canonicalize_filename (dir, NULL);
  g_clear_object (&self->schema);
  return TRUE;
}

static GPtrArray *
compile_globs (const char *const *globs)
{
  GPtrArray *specs;

  if (globs == NULL || globs[0] == NULL)
    return NULL;
  specs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);
  for (const char *const *g = globs; *g; g++)
    g_ptr_array_add (specs, g_pattern_spec_new (*g));
  return specs;
}

/**
 * oci_validator_set_filters:
 * @self: a validator
 * @only: (nullable) (array zero-terminated=1): globs over checker and
 *   requirement ids; only matching results are kept
 * @skip: (nullable) (array zero-terminated=1): globs whose matches are dropped
 *
 * Thread safety: set a validator up on one thread before it validates;
 * never from checker threads under `validate --jobs`.
 */
void
oci_validator_set_filters (OciValidator *self, const char *const *only, const char *const *skip)
{
  g_clear_pointer (&self->only, g_ptr_array_unref);
  g_clear_pointer (&self->skip, g_ptr_array_unref);
  g_clear_pointer (&self->only_globs, g_strfreev);
  g_clear_pointer (&self->skip_globs, g_strfreev);
  g_hash_table_remove_all (self->only_cache);
  self->only = compile_globs (only);
  self->skip = compile_globs (skip);
  if (self->only)
    self->only_globs = g_strdupv ((char **) only);
  if (self->skip)
    self->skip_globs = g_strdupv ((char **) skip);
}

static gboolean
any_match (GPtrArray *specs, const char *id)
{
  for (guint i = 0; specs && id && i < specs->len; i++)
    if (g_pattern_spec_match_string (specs->pdata[i], id))
      return TRUE;
  return FALSE;
}

/* Keeps a result when --only names its checker or requirement, and
 * --skip names neither. */
static gboolean
select_result (gpointer data, const char *checker_id, const char *requirement_id)
{
  OciValidator *self = data;

  if (any_match (self->skip, checker_id) || any_match (self->skip, requirement_id))
    return FALSE;
  return self->only == NULL || any_match (self->only, checker_id) || any_match (self->only, requirement_id);
}

/**
 * oci_validator_selects:
 * @self: a validator
 * @id: a checker id
 *
 * Without its requirements in view: use the registry's rows for that
 * (run_checkers() does). A checker runs unless --skip names it; with
 * --only, when a glob matches its id.
 *
 * Thread safety: it only reads the validator: safe from any thread while
 * no other thread sets the validator up; checkers have no use for it.
 *
 * Returns: %TRUE if a checker @id should run, judged by its id alone
 */
gboolean
oci_validator_selects (OciValidator *self, const char *id)
{
  if (any_match (self->skip, id))
    return FALSE;
  return self->only == NULL || any_match (self->only, id);
}

/* --only selects a checker when a glob matches its id or one of the
 * requirements it may post: those of its plugin's rows (a checker may
 * post any of them, whatever its own id). Cached, as the answer is the
 * same for every bundle. */
static gboolean
selects_checker (OciValidator *self, const OciChecker *c, OciPlugin *plugin)
{
  gpointer known;
  gboolean selected = FALSE;

  if (any_match (self->skip, c->id))
    return FALSE;
  if (self->only == NULL || any_match (self->only, c->id))
    return TRUE;
  g_mutex_lock (&self->only_lock);
  known = g_hash_table_lookup (self->only_cache, c);
  g_mutex_unlock (&self->only_lock);
  if (known)
    return GPOINTER_TO_INT (known) == 1;
  for (guint i = 0; !selected && plugin && i < plugin->requirements->len; i++)
    selected = any_match (self->only, ((const OciRequirement *) plugin->requirements->pdata[i])->id);
  g_mutex_lock (&self->only_lock);
  g_hash_table_insert (self->only_cache, (gpointer) c, GINT_TO_POINTER (selected ? 1 : 2));
  g_mutex_unlock (&self->only_lock);
  return selected;
}

/**
 * oci_validator_get_checks_run:
 * @self: a validator
 *
 * Thread safety: safe from any thread: the count is read atomically.
 *
 * Returns: how many checks ran so far (each checker once per config,
 *   the schema check once per document): 0 after a run means nothing
 *   was checked at all, which a caller should not take for success
 */
guint
oci_validator_get_checks_run (OciValidator *self)
{
  return (guint) g_atomic_int_get (&self->checks_run);
}

/**
 * oci_platform_from_config:
 * @config: a config
 * @platform_names: (array zero-terminated=1): the platforms plugins
 *   declare (oci_registry_get_platform_names())
 *
 * The os a config is for: the first top-level member named like a
 * platform a plugin declares ("windows": {…} makes a Windows config).
 * Reads @config only: safe from checker threads.
 *
 * Returns: (transfer full) (nullable): the os, or %NULL when the config
 *   names none; free with g_free()
 */
char *
oci_platform_from_config (OciConfig *config, const char *const *platform_names)
{
  JsonObject *root = json_node_get_object (oci_config_get_root (config));

  for (const char *const *p = platform_names; p && *p; p++)
    if (json_object_has_member (root, *p))
      return g_strdup (*p);
  return NULL;
}

static OciSchema *
get_schema (OciValidator *self)
{
  /* The embedded resource:// schemas are shared by every OciSchema of the
   * process; file schemas (--schema-dir) load through the default resolver. */
  if (self->schema == NULL)
    self->schema = oci_schema_new ();
  return self->schema;
}

static char *
schema_uri_for (OciValidator *self, const char *release, const char *document)
{
  if (self->schema_dir)
    {
      g_autofree char *name = g_strdup_printf ("%s-schema.json", document);
      g_autofree char *path = g_build_filename (self->schema_dir, name, NULL);
      return g_filename_to_uri (path, NULL, NULL);
    }
  return oci_spec_schema_uri (release, document);
}

static gboolean
run_schema (OciValidator *self, OciCheckContext *ctx, JsonNode *instance, const char *document,
            GError **error)
{
  g_autofree char *uri = schema_uri_for (self, ctx->release, document);
  g_autoptr(GPtrArray) violations = NULL;

  ctx->checker_id = OCI_SCHEMA_CHECKER_ID;
  if (!select_result (self, OCI_SCHEMA_CHECKER_ID, OCI_SCHEMA_CHECKER_ID))
    return TRUE;
  g_atomic_int_inc (&self->checks_run);
  if (!oci_schema_validate (get_schema (self), uri, instance, &violations, error))
    return FALSE;
  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *v = violations->pdata[i];
      g_autofree char *location = oci_spec_hide_schema_uris (v->schema_location);
      g_autofree char *message = g_strdup_printf ("%s (schema keyword '%s' at %s)",
                                                  v->message, v->keyword, location);
      oci_check_post (ctx, OCI_STATUS_FAIL, OCI_SCHEMA_CHECKER_ID, v->instance_pointer, NULL,
                      NULL, message);
    }
  if (violations->len == 0)
    oci_check_pass (ctx, OCI_SCHEMA_CHECKER_ID);
  return TRUE;
}

static void
post_error (OciCheckContext *ctx, const GError *error)
{
  g_autofree char *message = oci_spec_hide_schema_uris (error->message);

  oci_check_post (ctx, OCI_STATUS_ERROR, NULL, NULL, NULL, NULL, message);
}

static const char *
pick_release (OciValidator *self, const char *version, const char *subject, GPtrArray *notices)
{
  const char *release;
  OciReleaseMatch match;
  g_autofree char *notice = NULL;

  if (self->spec_version)
    return oci_spec_is_release (self->spec_version) ? self->spec_version : oci_spec_get_newest_release ();
  match = oci_spec_match_release (version, &release);
  if (match == OCI_RELEASE_NEWER)
    notice = g_strdup_printf ("ociVersion %s is newer than the newest release known (%s); "
                              "checking against %s", version, release, release);
  else if (match == OCI_RELEASE_UNKNOWN)
    notice = g_strdup_printf ("ociVersion %s is not a known release; checking against %s",
                              version, release);
  else if (match == OCI_RELEASE_INVALID && version != NULL)
    notice = g_strdup_printf ("ociVersion %s is not a release of the runtime-spec (1.0.0 or later, SemVer); "
                              "checking against the newest, %s", version, release);
  if (notice && notices)
    g_ptr_array_add (notices, g_steal_pointer (&notice));
  else if (notice)
    oci_result_bus_notice (self->bus, subject, notice);
  return release;
}

/* Opens the plugins a config needs, then runs their checkers, leaving
 * those of isolated plugins (third-party ones, by default) in @isolated.
 * With @overlap, those run in the plugin host while the tool runs its
 * own: they are sent before and collected after (their results come
 * after the others', as they would in-process), and the host ends by
 * itself after its answers; else they are left for the caller. */
static void
run_checkers (OciValidator *self, OciCheckContext *ctx, JsonObject *root_object, OciPhase phases,
              GPtrArray *isolated, gboolean overlap)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) inproc = g_ptr_array_new ();
  OciPluginHostJob job = { ctx, isolated };
  OciPluginHost *host = NULL;
  GPtrArray *checkers;

  /* A third-party plugin this config needs loads in the plugin host while
   * the tool opens its own. */
  if (overlap)
    oci_registry_begin_trial_loads (self->registry, ctx->os, ctx->arch, root_object);
  oci_registry_activate_for_config (self->registry, ctx->os, ctx->arch, root_object);
  checkers = oci_registry_get_checkers (self->registry);
  for (guint i = 0; i < checkers->len; i++)
    {
      const OciChecker *c = checkers->pdata[i];
      OciPlugin *plugin = oci_registry_plugin_for_checker (self->registry, c);

      if (!(c->phase & phases) || !oci_plugin_matches_platform (plugin, ctx->os, ctx->arch)
          || !selects_checker (self, c, plugin))
        continue;
      g_atomic_int_inc (&self->checks_run);
      g_ptr_array_add (plugin->isolated ? isolated : inproc, (gpointer) c);
    }
  if (overlap && isolated->len > 0)
    {
      host = oci_registry_lock_host (self->registry);
      oci_plugin_host_send_jobs (host, &job, 1, FALSE, TRUE);
    }
  for (guint i = 0; i < inproc->len; i++)
    {
      const OciChecker *c = inproc->pdata[i];

      ctx->checker = c;
      ctx->checker_id = c->id;
      ctx->phase = c->phase;
      if (!c->check (ctx, &local))
        {
          g_autoptr(GError) e = local ? g_steal_pointer (&local)
                                      : g_error_new (OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT,
                                                     "checker %s failed without saying why", c->id);
          g_prefix_error (&e, "%s: ", c->id);
          post_error (ctx, e);
        }
    }
  if (host)
    {
      oci_plugin_host_collect_jobs (host, 1);
      oci_registry_unlock_host (self->registry, host);
      g_ptr_array_set_size (isolated, 0);
    }
}

/* Ranks a failure for merge_schema_findings(): advice below MAY. */
static int
finding_rank (const OciResult *r)
{
  OciTier tier = oci_level_tier (r->level);

  return tier == OCI_TIER_ADVICE ? -1 : (int) tier;
}

/* One problem is reported once: a schema failure and a checker's failure
 * at the same JSON pointer become one finding naming both. The one of the
 * higher tier carries the other's requirement and message (the checker's
 * on a tie: it says more); the other is dropped from @results. */
static void
merge_schema_findings (GPtrArray *results)
{
  g_autoptr(GHashTable) checker_at = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < results->len; i++)
    {
      OciResult *r = results->pdata[i];
      if (r->status == OCI_STATUS_FAIL && r->pointer
          && g_strcmp0 (r->requirement_id, OCI_SCHEMA_CHECKER_ID) != 0
          && !g_hash_table_contains (checker_at, r->pointer))
        g_hash_table_insert (checker_at, r->pointer, r);
    }
  for (guint i = 0; i < results->len;)
    {
      OciResult *s = results->pdata[i];
      OciResult *c;
      OciResult *keep, *drop;
      char *message;

      if (s->status != OCI_STATUS_FAIL || s->pointer == NULL
          || g_strcmp0 (s->requirement_id, OCI_SCHEMA_CHECKER_ID) != 0
          || (c = g_hash_table_lookup (checker_at, s->pointer)) == NULL || c == s)
        {
          i++;
          continue;
        }
      keep = finding_rank (s) > finding_rank (c) ? s : c;
      drop = keep == s ? c : s;
      message = g_strdup_printf ("%s; also %s (%s): %s", keep->message ? keep->message : "",
                                 drop->requirement_id, oci_level_to_string (drop->level),
                                 drop->message ? drop->message : "");
      g_free (keep->message);
      keep->message = message;
      if (keep == s)
        {
          guint at = 0;

          /* The schema result stands in the checker's place from now on
           * (replace: the key is the dropped result's own string). */
          g_hash_table_replace (checker_at, s->pointer, s);
          if (g_ptr_array_find (results, c, &at))
            g_ptr_array_remove_index (results, at);
          i += at < i ? 0 : 1;
          continue;
        }
      g_ptr_array_remove_index (results, i);
    }
}

/* A config checked but for its isolated checkers, which run in the
 * plugin host (one request for many configs under validate_bundles());
 * finish_config() then completes it. */
typedef struct
{
  OciCheckContext ctx;
  char *os;
  GPtrArray *isolated; /* const OciChecker * */
} Checked;

/* Validates @config: the schema first, then the checkers, but for the
 * isolated ones, left in @out->isolated. Results are held in the context
 * until finish_config(); notices go to @notices when given.
 *
 * (A single config used to open its plugins and run their checkers on a
 * helper thread while this one checked the schema: 0.1-0.2 ms faster on
 * two cores, but the thread cost 0.15-0.25 MiB of peak resident memory,
 * and the 6 MiB target was the tighter one.) */
static void
check_config (OciValidator *self, OciConfig *config, const char *bundle, const char *subject,
              GPtrArray *notices, gboolean overlap, Checked *out)
{
  OciCheckContext *ctx = &out->ctx;
  JsonNode *root = oci_config_get_root (config);
  JsonObject *root_object = json_node_get_node_type (root) == JSON_NODE_OBJECT ? json_node_get_object (root) : NULL;
  OciPhase phases = self->phase | (self->host_specific && self->phase == OCI_PHASE_BUNDLE ? OCI_PHASE_HOST : 0);
  g_autoptr(GError) local = NULL;

  if (subject == NULL)
    subject = bundle ? bundle : oci_config_get_source_name (config);
  if (self->platform_names == NULL)
    self->platform_names = oci_registry_get_platform_names (self->registry);
  out->os = g_strdup (self->os);
  if (out->os == NULL)
    out->os = oci_platform_from_config (config, (const char *const *) self->platform_names);
  if (out->os == NULL)
    out->os = g_strdup (oci_host_os ());
  out->isolated = g_ptr_array_new ();

  oci_check_context_init (ctx, self->registry, self->bus, config, bundle, subject);
  ctx->os = out->os;
  ctx->arch = self->arch ? self->arch : oci_host_arch ();
  ctx->release = pick_release (self, oci_config_get_version (config), subject, notices);
  /* merged, then posted or handed to the caller */
  ctx->held = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  ctx->host_specific = self->host_specific;
  ctx->select = select_result;
  ctx->select_data = self;

  if (self->phase == OCI_PHASE_BUNDLE && !run_schema (self, ctx, root, "config", &local))
    {
      post_error (ctx, local);
      g_clear_error (&local);
    }
  run_checkers (self, ctx, root_object, phases, out->isolated, overlap);
}

/* Completes a config once its isolated checkers ran: its passes, one
 * finding per problem, then the results posted, or added to @results
 * (the worker threads of oci_validator_validate_bundles() leave the
 * posting to the calling thread). */
static void
finish_config (OciValidator *self, Checked *checked, GPtrArray *results)
{
  g_autoptr(GPtrArray) held = NULL;

  oci_check_context_flush_passes (&checked->ctx);
  held = g_steal_pointer (&checked->ctx.held);
  oci_check_context_clear (&checked->ctx);
  g_clear_pointer (&checked->os, g_free);
  g_clear_pointer (&checked->isolated, g_ptr_array_unref);
  merge_schema_findings (held);
  if (results)
    {
      g_ptr_array_extend_and_steal (results, g_steal_pointer (&held));
      return;
    }
  for (guint i = 0; i < held->len; i++)
    oci_result_bus_post (self->bus, held->pdata[i]);
}

/* Validates one config on this thread, posting its results. A plugin host
 * forked for it (when its first isolated plugin is loaded) inherits it. */
static void
validate_config (OciValidator *self, OciConfig *config, const char *bundle, const char *subject)
{
  Checked checked = { 0 };

  oci_plugin_host_offer (&config, 1);
  check_config (self, config, bundle, subject, NULL, TRUE, &checked);
  oci_plugin_host_offer (NULL, 0);
  finish_config (self, &checked, NULL);
}

/**
 * oci_validator_validate_config:
 * @self: a validator
 * @config: the config
 * @bundle: (nullable): its bundle directory
 * @subject: (nullable): the name results carry (default: @bundle or the file)
 * @error: set only if checking could not run at all
 *
 * Runs the schema checker, then each selected checker of the phase whose
 * plugin applies to the config's platform, posting results to the bus.
 * A checker that fails to run becomes an error result; the rest go on.
 *
 * Thread safety: one validation at a time per validator, on the thread
 * that owns it (oci_validator_validate_bundles() makes its own worker
 * threads); never from checker threads.
 *
 * Returns: %TRUE when the checks ran
 */
gboolean
oci_validator_validate_config (OciValidator *self, OciConfig *config, const char *bundle,
                               const char *subject, GError **error)
{
  validate_config (self, config, bundle, subject);
  oci_registry_end_hosts (self->registry);
  return TRUE;
}

/* The config of the bundle directory @bundle. */
static OciConfig *
load_bundle (const char *bundle, GError **error)
{
  g_autofree char *path = NULL;

  if (!g_file_test (bundle, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ,
                   g_file_test (bundle, G_FILE_TEST_EXISTS) ? "%s: the bundle path is not a directory"
                                                            : "%s: no such bundle directory", bundle);
      return NULL;
    }
  path = g_build_filename (bundle, "config.json", NULL);
  return oci_config_new_from_file (path, error);
}

/**
 * oci_validator_validate_bundle:
 * @self: a validator
 * @bundle: a bundle directory (its config.json is read)
 * @error: (nullable): set when the bundle could not be read or parsed
 *
 * Validates one bundle as one subject on the bus. An unreadable bundle is
 * posted as an input error (exit code 2) as well as returned in @error.
 *
 * Thread safety: one validation at a time per validator, on the thread
 * that owns it (oci_validator_validate_bundles() makes its own worker
 * threads); never from checker threads.
 *
 * Returns: %FALSE if the bundle could not be read or parsed
 */
gboolean
oci_validator_validate_bundle (OciValidator *self, const char *bundle, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(OciConfig) config = NULL;

  oci_result_bus_begin_subject (self->bus, bundle);
  config = load_bundle (bundle, &local);
  if (config == NULL)
    {
      oci_result_bus_input_error (self->bus, bundle, local);
      oci_result_bus_end_subject (self->bus, bundle);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  validate_config (self, config, bundle, bundle);
  oci_result_bus_end_subject (self->bus, bundle);
  g_clear_object (&self->last_config);
  self->last_config = g_steal_pointer (&config);
  /* the host ended while the results were posted */
  oci_registry_end_hosts (self->registry);
  return TRUE;
}

/**
 * oci_validator_get_last_config:
 * @self: a validator
 *
 * Thread safety: it only reads the validator: safe from any thread while
 * no other thread sets the validator up; checkers have no use for it.
 *
 * Returns: (transfer none) (nullable): the config of the last bundle
 *   oci_validator_validate_bundle() could read; it is kept until the next
 *   bundle or the validator's end
 */
OciConfig *
oci_validator_get_last_config (OciValidator *self)
{
  return self->last_config;
}

/* A document of a release that has no schema for it (features before
 * 1.1.0: runc 1.1 reports ociVersionMax 1.0.2-dev) is checked against
 * the newest release's, with a notice. */
static const char *
document_release (OciValidator *self, const char *release, const char *document, const char *subject)
{
  const char *const *releases = oci_spec_get_releases ();
  guint n = g_strv_length ((char **) releases);
  g_autofree char *notice = NULL;

  if (self->schema_dir || oci_spec_has_schema (release, document))
    return release;
  for (guint i = n; i-- > 0;)
    if (oci_spec_has_schema (releases[i], document))
      {
        notice = g_strdup_printf ("runtime-spec %s has no %s document (%s-schema.json); checking against "
                                  "the newest release's, %s", release, document, document, releases[i]);
        oci_result_bus_notice (self->bus, subject, notice);
        return releases[i];
      }
  return release;
}

/**
 * oci_validator_validate_document:
 * @self: a validator
 * @path: a JSON file, or "-" for standard input
 * @document: which schema: "state" or "features" (or "config": schema only)
 * @error: set when @path could not be read or parsed
 *
 * Validates a runtime's state or features document against the schema of
 * its release, as one subject on the bus.
 *
 * Thread safety: one validation at a time per validator, on the thread
 * that owns it (oci_validator_validate_bundles() makes its own worker
 * threads); never from checker threads.
 *
 * Returns: %FALSE if the input could not be read or parsed
 */
gboolean
oci_validator_validate_document (OciValidator *self, const char *path, const char *document,
                                 GError **error)
{
  g_autoptr(OciConfig) doc = NULL;
  g_autoptr(GError) local = NULL;
  OciCheckContext ctx;
  const char *version;
  const char *name = strcmp (path, "-") == 0 ? "<stdin>" : path;

  oci_result_bus_begin_subject (self->bus, name);
  doc = oci_config_new_from_input (path, &local);
  if (doc == NULL)
    {
      oci_result_bus_input_error (self->bus, name, local);
      oci_result_bus_end_subject (self->bus, name);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  oci_check_context_init (&ctx, self->registry, self->bus, doc, NULL, name);
  version = oci_config_get_version (doc);
  if (version == NULL)
    version = oci_config_get_string (doc, "/ociVersionMax");
  ctx.release = pick_release (self, version, name, NULL);
  ctx.release = document_release (self, ctx.release, document, name);
  ctx.os = self->os ? self->os : oci_host_os ();
  ctx.arch = self->arch ? self->arch : oci_host_arch ();
  if (!run_schema (self, &ctx, oci_config_get_root (doc), document, &local))
    post_error (&ctx, local);
  if (JSON_NODE_HOLDS_OBJECT (oci_config_get_root (doc)))
    {
      g_autoptr(GPtrArray) isolated = g_ptr_array_new ();

      run_checkers (self, &ctx, json_node_get_object (oci_config_get_root (doc)),
                    strcmp (document, "state") == 0 ? OCI_PHASE_STATE
                    : strcmp (document, "features") == 0 ? OCI_PHASE_FEATURES : 0, isolated, TRUE);
    }
  oci_check_context_flush_passes (&ctx);
  oci_check_context_clear (&ctx);
  oci_result_bus_end_subject (self->bus, name);
  oci_registry_end_hosts (self->registry);
  return TRUE;
}

/* ---- many bundles, validated on several threads ---------------------- */

/* Each bundle is read, parsed, checked and freed by one thread, start to
 * end: handing a parsed config to another thread to check it costs more
 * (its tree leaves one core's caches for another's) than the parallelism
 * gains, measured on this project's 2-core reference machine. What a
 * bundle would post is kept with its job, and the calling thread posts
 * the jobs in the order of the bundles, so the output is the same as one
 * oci_validator_validate_bundle() call per bundle. The calling thread
 * validates bundles too while it waits for the next one to post.
 *
 * What the threads share is read-only while they run: every plugin is
 * opened and every lazy index of the registry and the validator is built
 * before they start; the schema store is thread-safe; results, notices
 * and input errors go to each job. */
/* Bundles validated ahead of the one to post next, at most: keeps memory
 * flat over many bundles. */
#define READ_AHEAD 64

typedef struct
{
  const char *bundle;
  OciConfig *config;     /* kept for the last bundle (get_last_config), and
                          * while its isolated checkers wait */
  GError *error;         /* the bundle could not be read or parsed */
  GPtrArray *results;    /* OciResult * */
  GPtrArray *notices;    /* char * */
  Checked checked;       /* while its isolated checkers wait (pending) */
  GThread *parser;       /* the thread that read it, which frees it */
  gboolean pending;
  gboolean done;
} Job;

typedef struct
{
  OciValidator *self;
  Job *jobs;
  guint n_jobs;
  gint next;          /* next job to take (under the lock) */
  gint limit;         /* how far ahead of the posting the threads may go:
                       * the next job to post + READ_AHEAD */
  guint busy;         /* threads working with the lock let go */
  GMutex lock;
  GCond cond;
  /* Configs of finished batches, each for the thread that parsed it to
   * free (its malloc arena's own memory: freed by another thread it
   * costs several times more), under the lock. */
  GPtrArray *release;         /* OciConfig *, owned */
  GPtrArray *release_parsers; /* GThread *, parallel */
} Batch;

/* Frees the configs this thread parsed that wait in @batch->release.
 * Called with the lock held, which it releases while freeing; says
 * whether it did (the caller must then look at the jobs again). */
static gboolean
release_own (Batch *batch)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_object_unref);
  GThread *self = g_thread_self ();

  for (guint i = 0; i < batch->release->len;)
    {
      if (batch->release_parsers->pdata[i] == self)
        {
          g_ptr_array_add (mine, g_ptr_array_steal_index_fast (batch->release, i));
          g_ptr_array_remove_index_fast (batch->release_parsers, i);
        }
      else
        i++;
    }
  if (mine->len == 0)
    return FALSE;
  batch->busy++;
  g_mutex_unlock (&batch->lock);
  g_clear_pointer (&mine, g_ptr_array_unref);
  g_mutex_lock (&batch->lock);
  batch->busy--;
  g_cond_broadcast (&batch->cond);
  return TRUE;
}

static void
run_job (Batch *batch, guint i)
{
  Job *job = &batch->jobs[i];
  GError *error = NULL;
  OciConfig *config = load_bundle (job->bundle, &error);

  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  job->notices = g_ptr_array_new_with_free_func (g_free);
  job->parser = g_thread_self ();
  if (config)
    {
      check_config (batch->self, config, job->bundle, job->bundle, job->notices, FALSE, &job->checked);
      job->pending = job->checked.isolated->len > 0;
      if (!job->pending)
        finish_config (batch->self, &job->checked, job->results);
    }
  if (config && (job->pending || i == batch->n_jobs - 1))
    job->config = config;
  else
    g_clear_object (&config);
  g_mutex_lock (&batch->lock);
  job->error = error;
  job->done = TRUE;
  batch->busy--;
  g_cond_broadcast (&batch->cond);
  g_mutex_unlock (&batch->lock);
}

/* Runs the next job, waiting (@wait) while the read-ahead bound holds
 * it back. Called with the lock held, which it releases while working.
 * Returns FALSE when it ran none and freed none of its configs
 * (release_own()): no job left, or (without @wait) none allowed yet. */
static gboolean
take_job (Batch *batch, gboolean wait)
{
  gint i;

  /* The lock was let go: a job may have finished meanwhile. */
  if (batch->release->len > 0 && release_own (batch))
    return TRUE;
  i = batch->next;
  while (wait && i < (gint) batch->n_jobs && i >= batch->limit)
    {
      g_cond_wait (&batch->cond, &batch->lock);
      i = batch->next;
    }
  if (i >= (gint) batch->n_jobs || i >= batch->limit)
    return FALSE;
  batch->next = i + 1;
  batch->busy++;
  g_mutex_unlock (&batch->lock);
  run_job (batch, (guint) i);
  g_mutex_lock (&batch->lock);
  return TRUE;
}

static gpointer
worker (gpointer data)
{
  Batch *batch = data;

  g_mutex_lock (&batch->lock);
  while (take_job (batch, TRUE))
    ;
  g_mutex_unlock (&batch->lock);
  return NULL;
}

/* Runs the isolated checkers of the jobs from @first to the read-ahead
 * bound in one plugin host, forked now so that it inherits their parsed
 * configs. Called with the lock held; forks once every job up to the
 * bound is done and no thread works with the lock let go (none may start
 * a job past the bound; one may be freeing configs): no thread holds a
 * lock then, so the fork copies threads that hold nothing. The host ends
 * by itself after its last answer and is reaped later: nobody waits for
 * its exit. (Letting the workers go on with the next bundles while the
 * host runs, its answers collected as the bundles are posted, measured
 * the same on two cores, 498 against 500 ms for 1,000 bundles, with
 * twice the configs in memory: the cost is CPU, not waiting.) */
static void
run_pending (Batch *batch, guint first)
{
  OciValidator *self = batch->self;
  guint end = MIN (batch->n_jobs, (guint) batch->limit);
  g_autoptr(GPtrArray) configs = g_ptr_array_new ();
  g_autoptr(GArray) host_jobs = g_array_new (FALSE, FALSE, sizeof (OciPluginHostJob));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (guint));
  OciPluginHost *host;

  for (guint i = first; i < end; i++)
    {
      while (!batch->jobs[i].done)
        if (!take_job (batch, FALSE))
          g_cond_wait (&batch->cond, &batch->lock);
      if (batch->jobs[i].pending)
        {
          OciPluginHostJob hj = { &batch->jobs[i].checked.ctx, batch->jobs[i].checked.isolated };
          g_ptr_array_add (configs, batch->jobs[i].config);
          g_array_append_val (host_jobs, hj);
          g_array_append_val (owners, i);
        }
    }
  while (batch->busy > 0)
    g_cond_wait (&batch->cond, &batch->lock);
  oci_plugin_host_offer ((OciConfig *const *) configs->pdata, configs->len);
  host = oci_registry_lock_host (self->registry);
  oci_plugin_host_send_jobs (host, (const OciPluginHostJob *) host_jobs->data, host_jobs->len, TRUE, TRUE);
  g_mutex_unlock (&batch->lock);
  oci_plugin_host_collect_jobs (host, host_jobs->len);
  oci_registry_unlock_host (self->registry, host);
  oci_plugin_host_offer (NULL, 0);
  for (guint o = 0; o < owners->len; o++)
    {
      Job *job = &batch->jobs[g_array_index (owners, guint, o)];

      finish_config (self, &job->checked, job->results);
      job->pending = FALSE;
    }
  g_mutex_lock (&batch->lock);
  for (guint o = 0; o < owners->len; o++)
    {
      Job *job = &batch->jobs[g_array_index (owners, guint, o)];
      if (g_array_index (owners, guint, o) == batch->n_jobs - 1)
        continue;
      g_ptr_array_add (batch->release, g_steal_pointer (&job->config));
      g_ptr_array_add (batch->release_parsers, job->parser);
    }
}

/* Posts one finished job, as validate_bundle() would have. */
static void
post_job (OciValidator *self, Job *job)
{
  oci_result_bus_begin_subject (self->bus, job->bundle);
  if (job->error)
    oci_result_bus_input_error (self->bus, job->bundle, job->error);
  for (guint i = 0; job->notices && i < job->notices->len; i++)
    oci_result_bus_notice (self->bus, job->bundle, job->notices->pdata[i]);
  for (guint i = 0; job->results && i < job->results->len; i++)
    oci_result_bus_post (self->bus, job->results->pdata[i]);
  oci_result_bus_end_subject (self->bus, job->bundle);
  g_clear_error (&job->error);
  g_clear_pointer (&job->notices, g_ptr_array_unref);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  if (job->config)
    {
      g_clear_object (&self->last_config);
      self->last_config = g_steal_pointer (&job->config);
    }
}

/* The threads an address-space limit (ulimit -v) leaves room for: each
 * costs its stack and, once it allocates, a malloc arena that reserves
 * 64 MiB; half the space is left to the rest of the process. GLib aborts
 * when an allocation fails, so the threads must not exhaust the space. */
static guint
threads_the_address_space_allows (guint wanted)
{
  struct rlimit as, stack;
  guint64 per_thread, n;

  if (getrlimit (RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY)
    return wanted;
  per_thread = 64 << 20;
  per_thread += getrlimit (RLIMIT_STACK, &stack) == 0 && stack.rlim_cur != RLIM_INFINITY ? stack.rlim_cur : 32 << 20;
  n = (as.rlim_cur / 2) / per_thread;
  return (guint) MAX (1, MIN (wanted, n));
}

/* Makes everything the threads will read lazily ready beforehand. The
 * isolated checkers of the bundles run in a plugin host forked for each
 * read-ahead's worth of them, after they are parsed (run_pending()). */
static void
prepare_for_threads (OciValidator *self)
{
  oci_registry_activate (self->registry, NULL, NULL);
  if (self->platform_names == NULL)
    self->platform_names = oci_registry_get_platform_names (self->registry);
  (void) get_schema (self);
  oci_registry_prepare_indexes (self->registry);
}

/**
 * oci_validator_validate_bundles:
 * @self: a validator
 * @bundles: (array zero-terminated=1): bundle directories
 * @jobs: threads validating at once; 0 or 1 validates on this thread
 *
 * Validates many bundles, posting their results to the bus in the order
 * of @bundles exactly as one oci_validator_validate_bundle() call per
 * bundle would. With @jobs > 1 (and a few bundles or more), @jobs threads
 * (this one included) validate bundles in parallel, at most 64 (the
 * bundles kept in flight) and no more than an address-space limit leaves
 * room for; a thread that cannot be created leaves its share to the others; every plugin is then
 * opened at the start, since the bundles may be for any platform.
 *
 * Returns: the number of bundles that could not be read or parsed
 */
guint
oci_validator_validate_bundles (OciValidator *self, const char *const *bundles, guint jobs)
{
  guint n = g_strv_length ((char **) bundles);
  guint unreadable_before = oci_result_bus_count_input_errors (self->bus);
  g_autofree Job *all = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  Batch batch = { 0 };

  jobs = threads_the_address_space_allows (MIN (jobs, READ_AHEAD));
  if (jobs <= 1 || n < 4)
    {
      for (guint i = 0; i < n; i++)
        oci_validator_validate_bundle (self, bundles[i], NULL);
      return oci_result_bus_count_input_errors (self->bus) - unreadable_before;
    }
  prepare_for_threads (self);
  all = g_new0 (Job, n);
  threads = g_ptr_array_new ();
  batch.self = self;
  batch.jobs = all;
  batch.n_jobs = n;
  batch.limit = READ_AHEAD;
  for (guint i = 0; i < n; i++)
    all[i].bundle = bundles[i];
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.cond);
  batch.release = g_ptr_array_new_with_free_func (g_object_unref);
  batch.release_parsers = g_ptr_array_new ();
  /* At most READ_AHEAD bundles are in flight: more threads would wait.
   * A thread that cannot be made (no memory for its stack) leaves the
   * work to the ones there are, this one at least. */
  for (guint t = 0; t + 1 < jobs && t + 1 < n; t++)
    {
      GThread *thread = g_thread_try_new ("ocirt-validate", worker, &batch, NULL);
      if (thread == NULL)
        break;
      g_ptr_array_add (threads, thread);
    }
  g_mutex_lock (&batch.lock);
  for (guint i = 0; i < n; i++)
    {
      /* validate bundles while the next one to post is not done */
      while (!all[i].done)
        if (!take_job (&batch, FALSE))
          g_cond_wait (&batch.cond, &batch.lock);
      if (all[i].pending)
        run_pending (&batch, i);
      g_mutex_unlock (&batch.lock);
      post_job (self, &all[i]);
      g_mutex_lock (&batch.lock);
      batch.limit = i + 1 + READ_AHEAD;
      g_cond_broadcast (&batch.cond);
    }
  g_mutex_unlock (&batch.lock);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (threads->pdata[t]);
  oci_registry_end_hosts (self->registry);
  g_ptr_array_unref (batch.release);
  g_ptr_array_unref (batch.release_parsers);
  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.cond);
  return oci_result_bus_count_input_errors (self->bus) - unreadable_before;
}
