/* oci-check.c — how checkers post results
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-check-private.h"
#include "oci-semver.h"

void
oci_check_context_init (OciCheckContext *ctx, OciRegistry *registry, OciResultBus *bus,
                        OciConfig *config, const char *bundle, const char *subject)
{
  const char *root;

  memset (ctx, 0, sizeof *ctx);
  ctx->registry = registry;
  ctx->bus = bus;
  ctx->config = config;
  ctx->bundle = bundle;
  ctx->subject = subject;
  ctx->phase = OCI_PHASE_BUNDLE;
  root = config ? oci_config_get_string (config, "/root/path") : NULL;
  if (root && *root)
    {
      if (g_path_is_absolute (root) || bundle == NULL)
        ctx->rootfs = g_strdup (root);
      else
        ctx->rootfs = g_build_filename (bundle, root, NULL);
    }
  if (oci_result_bus_get_want_passes (bus))
    {
      ctx->checked = g_hash_table_new (g_str_hash, g_str_equal);
      ctx->settled = g_hash_table_new (g_str_hash, g_str_equal);
    }
}

void
oci_check_context_clear (OciCheckContext *ctx)
{
  g_clear_pointer (&ctx->rootfs, g_free);
  g_clear_pointer (&ctx->checked, g_hash_table_unref);
  g_clear_pointer (&ctx->settled, g_hash_table_unref);
  g_clear_pointer (&ctx->held, g_ptr_array_unref);
}

/**
 * oci_check_context_get_config:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: (transfer none): the config being checked
 */
OciConfig *
oci_check_context_get_config (OciCheckContext *ctx)
{
  return ctx->config;
}

/**
 * oci_check_context_get_bundle:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: (nullable): the bundle directory, %NULL when a config is checked alone
 */
const char *
oci_check_context_get_bundle (OciCheckContext *ctx)
{
  return ctx->bundle;
}

/**
 * oci_check_context_get_rootfs:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: (nullable): root.path resolved against the bundle
 */
const char *
oci_check_context_get_rootfs (OciCheckContext *ctx)
{
  return ctx->rootfs;
}

/**
 * oci_check_context_get_os:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: the target os ("linux", "windows", …)
 */
const char *
oci_check_context_get_os (OciCheckContext *ctx)
{
  return ctx->os;
}

/**
 * oci_check_context_get_arch:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: the target architecture in GOARCH spelling
 */
const char *
oci_check_context_get_arch (OciCheckContext *ctx)
{
  return ctx->arch;
}

/**
 * oci_check_context_get_release:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: the known release whose rules apply ("1.2.0")
 */
const char *
oci_check_context_get_release (OciCheckContext *ctx)
{
  return ctx->release;
}

/**
 * oci_check_context_get_plugin:
 * @ctx: a check context
 *
 * The plugin whose checker is running: the handle to read its settings
 * with oci_plugin_get_setting_string() and friends. May be called from
 * checker threads under `validate --jobs`.
 *
 * Returns: (transfer none) (nullable): the plugin, or %NULL outside a
 *   checker (a runtime case's check function)
 */
OciPlugin *
oci_check_context_get_plugin (OciCheckContext *ctx)
{
  if (ctx->registry == NULL || ctx->checker == NULL)
    return NULL;
  return oci_registry_plugin_for_checker (ctx->registry, ctx->checker);
}

/**
 * oci_check_context_get_phase:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: the phase being run
 */
OciPhase
oci_check_context_get_phase (OciCheckContext *ctx)
{
  return ctx->phase;
}

/**
 * oci_check_context_is_host_specific:
 * @ctx: a check context
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: %TRUE with --host-specific
 */
gboolean
oci_check_context_is_host_specific (OciCheckContext *ctx)
{
  return ctx->host_specific;
}

/**
 * oci_check_context_release_at_least:
 * @ctx: a check context
 * @release: a release
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: %TRUE if the applicable release is @release or newer
 */
gboolean
oci_check_context_release_at_least (OciCheckContext *ctx, const char *release)
{
  return oci_semver_compare_strings (ctx->release, release) >= 0;
}

/**
 * oci_check_context_wants:
 * @ctx: a check context
 * @requirement_id: a requirement
 *
 * Lets a checker skip costly work: %FALSE when the requirement does not
 * apply to the release or the user filtered it out.
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: %TRUE if results for @requirement_id would be kept
 */
gboolean
oci_check_context_wants (OciCheckContext *ctx, const char *requirement_id)
{
  if (oci_registry_lookup_requirement (ctx->registry, requirement_id, ctx->release) == NULL)
    return FALSE;
  return ctx->select == NULL || ctx->select (ctx->select_data, ctx->checker_id, requirement_id);
}

/* The plugin of a checker id: its first segment names it. */
static OciPlugin *
plugin_of_checker_id (OciCheckContext *ctx, const char *checker_id)
{
  const char *dot = checker_id ? strchr (checker_id, '.') : NULL;
  char name[128];

  if (ctx->registry == NULL || dot == NULL || (gsize) (dot - checker_id) >= sizeof name)
    return NULL;
  memcpy (name, checker_id, dot - checker_id);
  name[dot - checker_id] = '\0';
  return oci_registry_lookup_plugin (ctx->registry, name);
}

void
oci_check_post (OciCheckContext *ctx, OciStatus status, const char *requirement_id,
                const char *pointer, const char *expected, const char *actual, const char *message)
{
  const OciRequirement *row = NULL;
  OciResult r = { 0 };
  g_autofree char *url = NULL;
  OciPlugin *owner;

  if (requirement_id)
    {
      row = oci_registry_lookup_requirement (ctx->registry, requirement_id, ctx->release);
      if (row == NULL)
        {
          /* Unknown everywhere is a bug in the checker: say so. Known but
           * not in this release: the rule does not apply, drop it. */
          if (oci_registry_lookup_requirement (ctx->registry, requirement_id, NULL) != NULL)
            return;
          status = OCI_STATUS_ERROR;
        }
      if (ctx->select && !ctx->select (ctx->select_data, ctx->checker_id, requirement_id))
        return;
    }
  r.requirement_id = (char *) requirement_id;
  r.level = row ? row->level : OCI_LEVEL_MUST;
  r.status = status;
  r.message = row || status != OCI_STATUS_ERROR || requirement_id == NULL
                ? (char *) message
                : g_strdup_printf ("checker %s posted the unknown requirement %s: %s",
                                   ctx->checker_id, requirement_id, message);
  r.pointer = (char *) pointer;
  r.url = row ? (url = oci_requirement_url (row, ctx->release)) : NULL;
  r.checker_id = (char *) ctx->checker_id;
  owner = plugin_of_checker_id (ctx, ctx->checker_id);
  r.plugin = owner ? (char *) oci_plugin_get_name (owner) : NULL;
  r.plugin_version = owner ? (char *) oci_plugin_get_version (owner) : NULL;
  r.subject = (char *) ctx->subject;
  r.expected = (char *) expected;
  r.actual = (char *) actual;
  if (pointer && ctx->config)
    {
      r.file = (char *) oci_config_get_source_name (ctx->config);
      oci_config_get_location (ctx->config, pointer, &r.line, &r.column);
    }
  if (ctx->held)
    g_ptr_array_add (ctx->held, oci_result_copy (&r));
  else
    oci_result_bus_post (ctx->bus, &r);
  if (r.message != message)
    g_free (r.message);
  if (ctx->settled && requirement_id && status == OCI_STATUS_FAIL)
    g_hash_table_add (ctx->settled, (gpointer) requirement_id);
}

/**
 * oci_check_pass:
 * @ctx: a check context
 * @requirement_id: a requirement that was checked (a static string)
 *
 * Marks the requirement as checked. When the subject is done, one pass
 * result is posted for each checked requirement that had no failure, and
 * only if a reporter wants passes; so calling this is cheap.
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 */
void
oci_check_pass (OciCheckContext *ctx, const char *requirement_id)
{
  if (ctx->checked && !g_hash_table_contains (ctx->checked, requirement_id))
    g_hash_table_insert (ctx->checked, (gpointer) requirement_id, (gpointer) ctx->checker_id);
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
oci_check_context_flush_passes (OciCheckContext *ctx)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key, value;
  const char *current = ctx->checker_id;

  if (ctx->checked == NULL)
    return;
  g_hash_table_iter_init (&it, ctx->checked);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (!g_hash_table_contains (ctx->settled, key))
      g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    {
      /* Each pass names the checker that checked the requirement. */
      ctx->checker_id = g_hash_table_lookup (ctx->checked, ids->pdata[i]);
      oci_check_post (ctx, OCI_STATUS_PASS, ids->pdata[i], NULL, NULL, NULL, NULL);
    }
  ctx->checker_id = current;
  g_hash_table_remove_all (ctx->checked);
  g_hash_table_remove_all (ctx->settled);
}

/**
 * oci_check_fail:
 * @ctx: a check context
 * @requirement_id: the requirement broken
 * @pointer: (nullable): where, as a JSON pointer into the config
 * @format: printf-style message
 * @...: arguments
 *
 * Posts a failure. It is dropped if the requirement does not apply to the
 * config's release or the user filtered it out.
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 */
void
oci_check_fail (OciCheckContext *ctx, const char *requirement_id, const char *pointer,
                const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_check_post (ctx, OCI_STATUS_FAIL, requirement_id, pointer, NULL, NULL, message);
}

/**
 * oci_check_fail_values:
 * @ctx: a check context
 * @requirement_id: the requirement broken
 * @pointer: (nullable): where
 * @expected: (nullable): the value the config asks for
 * @actual: (nullable): the value observed
 * @format: printf-style message
 * @...: arguments
 *
 * Posts a failure with expected and actual values (runtime tests).
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 */
void
oci_check_fail_values (OciCheckContext *ctx, const char *requirement_id, const char *pointer,
                       const char *expected, const char *actual, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_check_post (ctx, OCI_STATUS_FAIL, requirement_id, pointer, expected, actual, message);
}

/**
 * oci_check_skip:
 * @ctx: a check context
 * @requirement_id: the requirement not checked
 * @pointer: (nullable): where
 * @format: printf-style reason
 * @...: arguments
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 */
void
oci_check_skip (OciCheckContext *ctx, const char *requirement_id, const char *pointer,
                const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_check_post (ctx, OCI_STATUS_SKIP, requirement_id, pointer, NULL, NULL, message);
  if (ctx->settled && requirement_id)
    g_hash_table_add (ctx->settled, (gpointer) requirement_id);
}

/**
 * oci_check_expect:
 * @ctx: a check context
 * @condition: what must hold
 * @requirement_id: the requirement
 * @pointer: (nullable): where
 * @format: printf-style message used on failure
 * @...: arguments
 *
 * May be called from checker threads under `validate --jobs`, on the
 * checker's own context.
 *
 * Returns: @condition; posts a failure when it is %FALSE, else marks
 *   the requirement checked
 */
gboolean
oci_check_expect (OciCheckContext *ctx, gboolean condition, const char *requirement_id,
                  const char *pointer, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (condition)
    {
      oci_check_pass (ctx, requirement_id);
      return TRUE;
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  oci_check_post (ctx, OCI_STATUS_FAIL, requirement_id, pointer, NULL, NULL, message);
  return FALSE;
}
