/* oci-registry-coverage.c — which runtime cases test which requirement
 * rows, and why a runtime row has none
 *
 * A case tests the rows it names (#OciRuntimeCase.requirements), the rows
 * its steps name (#OciRuntimeStep.requirement) and the rows its inside
 * checkers declare they post (oci_plugin_add_checker_requirements()).
 * Everything is
 * worked out from the active plugins' tables on each call: the tables are
 * small and the callers (`requirements`, `runtime-validate --only`) ask
 * once per run.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "oci-registry.h"

/**
 * oci_requirement_id_is_runtime:
 * @id: a requirement id
 *
 * Safe from any thread.
 *
 * Returns: %TRUE if @id has the "runtime" segment after the plugin name
 *   ("base.runtime.create.id"): a rule only a runtime test can observe
 */
gboolean
oci_requirement_id_is_runtime (const char *id)
{
  const char *dot = id ? strchr (id, '.') : NULL;

  return dot != NULL && g_str_has_prefix (dot, ".runtime.");
}

static void
add_id (GPtrArray *ids, const char *id)
{
  if (id && *id && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
    g_ptr_array_add (ids, (gpointer) id);
}

static gboolean
any_glob (const char *const *globs, const char *id)
{
  for (const char *const *g = globs; g && *g; g++)
    if (g_pattern_match_simple (*g, id))
      return TRUE;
  return FALSE;
}

/* Whether the case turns oci-runtimetest's output into results: its
 * steps (the default ones or an inside step) read it, and it runs the
 * program (no args of its own, or inside checkers named). */
static gboolean
runs_inside (const OciRuntimeCase *rcase)
{
  if (rcase->args != NULL && rcase->inside == NULL)
    return FALSE;
  if (rcase->steps == NULL)
    return TRUE;
  for (const OciRuntimeStep *s = rcase->steps; s->kind != OCI_RUNTIME_STEP_END; s++)
    if (s->kind == OCI_RUNTIME_STEP_INSIDE)
      return TRUE;
  return FALSE;
}

/* The rows the case's inside checkers post: every inside checker when the
 * case runs oci-runtimetest with no globs, else those its globs name (by
 * checker id, or by the id of a row a checker declares). */
static void
add_inside_ids (OciRegistry *self, const OciRuntimeCase *rcase, GPtrArray *ids)
{
  GPtrArray *checkers = oci_registry_get_checkers (self);
  gboolean all = rcase->inside == NULL;

  if (!runs_inside (rcase))
    return;
  for (guint i = 0; i < checkers->len; i++)
    {
      const OciChecker *c = checkers->pdata[i];
      OciPlugin *plugin;
      gboolean whole;

      if (c->phase != OCI_PHASE_INSIDE || (plugin = oci_registry_plugin_for_checker (self, c)) == NULL)
        continue;
      whole = all || any_glob (rcase->inside, c->id);
      for (const char *const *r = oci_plugin_get_checker_requirements (plugin, c->id); r && *r; r++)
        if (whole || any_glob (rcase->inside, *r))
          add_id (ids, *r);
    }
}

/**
 * oci_registry_get_case_requirements:
 * @self: a registry whose plugins are active
 * @rcase: one of its runtime cases
 *
 * The requirement ids @rcase tests: its own list, its steps' and those
 * its inside checkers declare, each once. Call from the activating thread.
 *
 * Returns: (transfer container) (element-type utf8): the ids (the strings
 *   belong to the plugins' tables), in the order found
 */
GPtrArray *
oci_registry_get_case_requirements (OciRegistry *self, const OciRuntimeCase *rcase)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (const char *const *r = rcase->requirements; r && *r; r++)
    add_id (ids, *r);
  for (const OciRuntimeStep *s = rcase->steps; s && s->kind != OCI_RUNTIME_STEP_END; s++)
    add_id (ids, s->requirement);
  add_inside_ids (self, rcase, ids);
  return ids;
}

/**
 * oci_registry_get_runtime_coverage:
 * @self: a registry whose plugins are active
 *
 * Which runtime cases test each requirement id (see
 * oci_registry_get_case_requirements()). Ids no case tests are absent.
 * Call from the activating thread.
 *
 * Returns: (transfer full) (element-type utf8 GPtrArray): requirement id ->
 *   #GPtrArray of `const OciRuntimeCase *`, in registration order
 */
GHashTable *
oci_registry_get_runtime_coverage (OciRegistry *self)
{
  GHashTable *coverage = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *cases = oci_registry_get_runtime_cases (self);

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GPtrArray) ids = oci_registry_get_case_requirements (self, cases->pdata[i]);

      for (guint j = 0; j < ids->len; j++)
        {
          GPtrArray *list = g_hash_table_lookup (coverage, ids->pdata[j]);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (coverage, ids->pdata[j], list);
            }
          g_ptr_array_add (list, cases->pdata[i]);
        }
    }
  return coverage;
}

/**
 * oci_registry_get_runtime_gap:
 * @self: a registry whose plugins are active
 * @id: a requirement id
 *
 * Why no case tests @id, as an active plugin says with
 * oci_plugin_add_runtime_gaps(). Call from the activating thread.
 *
 * Returns: (transfer none) (nullable): the reason, %NULL if no plugin
 *   gives one
 */
const char *
oci_registry_get_runtime_gap (OciRegistry *self, const char *id)
{
  GPtrArray *plugins = oci_registry_get_plugins (self);

  for (guint p = 0; p < plugins->len; p++)
    {
      GPtrArray *gaps;

      if (!oci_plugin_is_active (plugins->pdata[p]))
        continue;
      gaps = oci_plugin_get_runtime_gaps (plugins->pdata[p]);
      for (guint i = 0; i < gaps->len; i++)
        if (g_strcmp0 (((const OciRuntimeGap *) gaps->pdata[i])->id, id) == 0)
          return ((const OciRuntimeGap *) gaps->pdata[i])->reason;
    }
  return NULL;
}
