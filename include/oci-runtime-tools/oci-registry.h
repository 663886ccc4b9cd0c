/* oci-registry.h — finds, checks and loads plugins; indexes what they register
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "oci-plugin.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

#define OCI_TYPE_REGISTRY (oci_registry_get_type ())
G_DECLARE_FINAL_TYPE (OciRegistry, oci_registry, OCI, REGISTRY, GObject)

/**
 * OciIsolation:
 * @OCI_ISOLATE_EXTERNAL: checkers of third-party plugins run in a helper
 *   process, built-in plugins in-process (the default)
 * @OCI_ISOLATE_ALL: every plugin's checkers run in the helper process
 * @OCI_ISOLATE_NONE: everything runs in-process
 *
 * Where plugin checkers run: in the helper process, a crash, an exit, a
 * hang past the time limit or garbage on its pipe costs one error result
 * naming the plugin and the checker, never the program.
 */
typedef enum
{
  OCI_ISOLATE_EXTERNAL,
  OCI_ISOLATE_ALL,
  OCI_ISOLATE_NONE,
} OciIsolation;

/* Seconds an isolated checker may run by default (--plugin-timeout). */
#define OCI_PLUGIN_TIMEOUT_DEFAULT 10

/* The environment variable naming extra plugin directories (':'-separated). */
#define OCI_PLUGIN_PATH_ENV "OCI_RUNTIME_TOOLS_PLUGIN_PATH"

OciRegistry *oci_registry_new (void);
void oci_registry_add_search_dir (OciRegistry *self, const char *dir);
void oci_registry_add_default_search_path (OciRegistry *self);
void oci_registry_add_builtin_dir (OciRegistry *self, const char *dir);
void oci_registry_add_static_plugin (OciRegistry *self, const OciPluginDesc *desc);
const char *oci_registry_get_installed_plugin_dir (void);
void oci_registry_set_name_filter (OciRegistry *self, const char *const *names);
gboolean oci_registry_add_plugin_option (OciRegistry *self, const char *assignment, GError **error);
void oci_registry_set_settings_dirs (OciRegistry *self, const char *const *dirs);
void oci_registry_discover (OciRegistry *self);
void oci_registry_activate (OciRegistry *self, const char *os, const char *arch);
void oci_registry_activate_for_config (OciRegistry *self, const char *os, const char *arch,
                                       JsonObject *config_root);
void oci_registry_activate_for_options (OciRegistry *self, const char *os, const char *arch,
                                        const char *const *names);

void oci_registry_disable_plugin (OciRegistry *self, const char *name);
void oci_registry_set_isolation (OciRegistry *self, OciIsolation isolation, guint timeout_ms);
gboolean oci_registry_is_builtin (OciRegistry *self, OciPlugin *plugin);
gboolean oci_registry_is_isolated (OciRegistry *self, OciPlugin *plugin);
gboolean oci_registry_require_plugin (OciRegistry *self, const char *name, GError **error);
gboolean oci_registry_matches_any_id (OciRegistry *self, const char *glob);
gboolean oci_registry_apply_option (OciRegistry *self,
                                    OciGenerateContext *gen,
                                    const OciOption *option,
                                    const char *value,
                                    GError **error);
gboolean oci_registry_apply_options (OciRegistry *self,
                                     OciGenerateContext *gen,
                                     const OciOption *const *options,
                                     const char *const *values,
                                     guint n,
                                     GError **error);
gboolean oci_registry_apply_defaults (OciRegistry *self, OciGenerateContext *gen, GError **error);

GPtrArray *oci_registry_get_warnings (OciRegistry *self);
GPtrArray *oci_registry_get_plugins (OciRegistry *self);
OciPlugin *oci_registry_lookup_plugin (OciRegistry *self, const char *name);
OciPlugin *oci_registry_plugin_for_checker (OciRegistry *self, const OciChecker *checker);
OciPlugin *oci_registry_plugin_for_option (OciRegistry *self, const OciOption *option);
GStrv oci_registry_get_platform_names (OciRegistry *self);

GPtrArray *oci_registry_get_checkers (OciRegistry *self);
GPtrArray *oci_registry_get_options (OciRegistry *self);
GPtrArray *oci_registry_get_requirements (OciRegistry *self);
GPtrArray *oci_registry_get_defaults (OciRegistry *self);
GHashTable *oci_registry_get_field_orders (OciRegistry *self);
const OciRequirement *oci_registry_lookup_requirement (OciRegistry *self,
                                                       const char *id,
                                                       const char *release);
const OciOption *oci_registry_lookup_option (OciRegistry *self, const char *name);
GPtrArray *oci_registry_get_runtime_cases (OciRegistry *self);
GPtrArray *oci_registry_get_case_requirements (OciRegistry *self, const OciRuntimeCase *rcase);
GHashTable *oci_registry_get_runtime_coverage (OciRegistry *self);
const char *oci_registry_get_runtime_gap (OciRegistry *self, const char *id);
gboolean oci_requirement_id_is_runtime (const char *id);

#pragma GCC visibility pop

G_END_DECLS
