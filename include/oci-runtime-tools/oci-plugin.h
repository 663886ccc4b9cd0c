/* oci-plugin.h — the plugin ABI: one exported descriptor per module
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gmodule.h>
#include "oci-check.h"
#include "oci-config.h"
#include "oci-generate.h"
#include "oci-requirement.h"
#include "oci-runtime.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/* Bumped on any incompatible change to OciPluginDesc or the tables a plugin
 * hands over (OciChecker, OciOption, OciRequirement, OciFieldOrder,
 * OciRuntimeCase). Fields are only ever appended. */
#define OCI_PLUGIN_ABI_VERSION 1

/* The one symbol a plugin exports. */
#define OCI_PLUGIN_DESC_SYMBOL "oci_plugin_desc"

/* Starts the metadata string OCI_PLUGIN_DEFINE puts in the module, which
 * lets the loader learn a plugin's name and platforms without opening it. */
#define OCI_PLUGIN_META_MAGIC "OCIRT-PLUGIN-META-1\037"
/* The ELF section that holds it: read alone, without mapping the module. */
#define OCI_PLUGIN_META_SECTION ".ocirt_meta"

typedef struct _OciPlugin OciPlugin;

typedef gboolean (*OciPluginInitFunc) (OciPlugin *plugin, GError **error);

/**
 * OciPluginDesc:
 * @abi_version: %OCI_PLUGIN_ABI_VERSION when the plugin was built
 * @struct_size: sizeof (OciPluginDesc) when the plugin was built
 * @name: unique lowercase name; the prefix of its checker ids
 * @description: one line
 * @platforms: comma-separated os or os/arch patterns ("linux", "windows/amd64", "*")
 * @init: registers the plugin's parts
 * @sections: %NULL, or comma-separated top-level members of a config
 *   ("hooks", "vm"): the plugin's bundle checks read nothing else, so a
 *   config that has none of them is validated without opening the plugin
 *   (see OCI_PLUGIN_DEFINE_FOR_SECTIONS()). Added in ABI 1 from the
 *   padding; a plugin built before has %NULL here.
 * @reserved: padding for later fields
 */
typedef struct
{
  guint32 abi_version;
  guint32 struct_size;
  const char *name;
  const char *description;
  const char *platforms;
  OciPluginInitFunc init;
  const char *sections;
  gpointer reserved[7];
} OciPluginDesc;

/**
 * OCI_PLUGIN_DEFINE:
 * @name: the plugin's name, a string literal ("linux": never a bare token,
 *   since GNU C predefines `linux`)
 * @description: a string literal
 * @platforms: a string literal of os/arch patterns
 *
 * All three must be string literals: they are also joined into a metadata
 * string the loader reads without opening the module.
 * @init: an #OciPluginInitFunc
 *
 * Exports the plugin's descriptor; the only symbol a plugin exports.
 */
#define OCI_PLUGIN_DEFINE(name, description, platforms, init)                   \
  G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {                       \
    OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), (name), (description),      \
    (platforms), (init), NULL, { NULL }                                         \
  };                                                                            \
  __attribute__ ((used, section (OCI_PLUGIN_META_SECTION)))                      \
  static const char oci_plugin_meta[] =                                         \
    OCI_PLUGIN_META_MAGIC name "\037" platforms "\037" description;

/**
 * OCI_PLUGIN_DEFINE_FOR_SECTIONS:
 * @name: as for OCI_PLUGIN_DEFINE()
 * @description: as for OCI_PLUGIN_DEFINE()
 * @platforms: as for OCI_PLUGIN_DEFINE()
 * @sections: a string literal: the comma-separated top-level config
 *   members the plugin's bundle and host checks read ("hooks")
 * @init: an #OciPluginInitFunc
 *
 * Like OCI_PLUGIN_DEFINE(), for a plugin whose parts concern only some
 * sections of a config: validating a config that has none of them does
 * not open the plugin at all (its checks would find nothing to check), and
 * generate opens it only when the command line names one of its options
 * or the template has one of its sections (or for --help). So such a
 * plugin's generate options must be named "SECTION-…" for one of its
 * sections, and it must not set defaults: the loader refuses it otherwise.
 * Runtime validation loads it as any other. Declare only sections every
 * part of the plugin is bounded by.
 */
#define OCI_PLUGIN_DEFINE_FOR_SECTIONS(name, description, platforms, sections, init) \
  G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {                       \
    OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), (name), (description),      \
    (platforms), (init), (sections), { NULL }                                   \
  };                                                                            \
  __attribute__ ((used, section (OCI_PLUGIN_META_SECTION)))                      \
  static const char oci_plugin_meta[] =                                         \
    OCI_PLUGIN_META_MAGIC name "\037" platforms "\037" description "\037" sections;

const char *oci_plugin_get_name (OciPlugin *plugin);
const char *oci_plugin_get_description (OciPlugin *plugin);
const char *oci_plugin_get_platforms (OciPlugin *plugin);
const char *oci_plugin_get_sections (OciPlugin *plugin);
gboolean oci_plugin_concerns (OciPlugin *plugin, JsonObject *config_root);
gboolean oci_plugin_may_own_option (OciPlugin *plugin, const char *name);
const char *oci_plugin_get_path (OciPlugin *plugin);
gboolean oci_plugin_is_active (OciPlugin *plugin);
gboolean oci_plugin_matches_platform (OciPlugin *plugin, const char *os, const char *arch);
GPtrArray *oci_plugin_get_checkers (OciPlugin *plugin);
GPtrArray *oci_plugin_get_options (OciPlugin *plugin);
GPtrArray *oci_plugin_get_requirements (OciPlugin *plugin);
GPtrArray *oci_plugin_get_runtime_cases (OciPlugin *plugin);

void oci_plugin_add_requirements (OciPlugin *plugin, const OciRequirement *requirements, gsize n);
void oci_plugin_add_checkers (OciPlugin *plugin, const OciChecker *checkers, gsize n);
void oci_plugin_add_options (OciPlugin *plugin, const OciOption *options, gsize n);
void oci_plugin_add_field_orders (OciPlugin *plugin, const OciFieldOrder *orders, gsize n);
void oci_plugin_add_runtime_cases (OciPlugin *plugin, const OciRuntimeCase *cases, gsize n);
void oci_plugin_set_defaults (OciPlugin *plugin, OciDefaultsFunc defaults);

#pragma GCC visibility pop

G_END_DECLS
