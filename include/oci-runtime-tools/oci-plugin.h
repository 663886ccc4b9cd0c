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

/* OciPlugin is declared in oci-check.h, which checkers include. */

/**
 * OciPluginInitFunc:
 * @plugin: the plugin being initialised
 * @error: set when the plugin cannot work here
 *
 * Registers the plugin's parts with oci_plugin_add_checkers() and friends.
 * Called once per registry, from the thread that activates it, before any
 * of the plugin's checkers runs. The plugin's settings (see
 * oci_plugin_add_settings()) can be read from here on.
 *
 * Returns: %FALSE with @error set to refuse the plugin (one warning)
 */
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
 * @version: (nullable): the plugin's own version ("1.4.2"); %NULL or ""
 *   when not stated
 * @license: (nullable): its licence, an SPDX expression ("Apache-2.0")
 * @url: (nullable): where it comes from (home page or source)
 * @vendor: (nullable): who ships it ("Example Corp.")
 * @min_libocirt: (nullable): the lowest libocirt version it needs
 *   ("0.1.0"); a libocirt older than that refuses the plugin with one
 *   warning instead of running it
 * @reserved: padding for later fields
 *
 * The metadata fields (@version to @min_libocirt) were appended in ABI 1
 * after @reserved rather than taken from it. Taking them from the padding
 * would keep the size, but a descriptor written out by hand in positional
 * form (`…, init, sections, { NULL }`, as tests and some vendors do) would
 * then no longer compile, its `{ NULL }` landing on @version. Appended,
 * such a descriptor still compiles and loads: its @struct_size is smaller,
 * and the loader reads a field only when @struct_size covers it, so a
 * plugin built before the metadata simply states none. @reserved stays
 * for fields that must sit before the metadata, should one ever need to.
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
  const char *version;
  const char *license;
  const char *url;
  const char *vendor;
  const char *min_libocirt;
} OciPluginDesc;

/* The descriptor is a C symbol, also when defined in a C++ file (where a
 * namespace-scope const would otherwise have internal linkage). */
#ifdef __cplusplus
#define OCI_PLUGIN_EXTERN_C extern "C"
#define OCI_PLUGIN_EXTERN_C_DEFINITION extern "C"
#else
#define OCI_PLUGIN_EXTERN_C extern
#define OCI_PLUGIN_EXTERN_C_DEFINITION
#endif

/* Not for direct use: the body of the OCI_PLUGIN_DEFINE macros.
 * @sections_ptr is NULL or the literal @sections_text; "" elsewhere means
 * "not stated". The metadata string holds every field as a literal. */
#define OCI_PLUGIN_DEFINE_INTERNAL(name, description, platforms, sections_ptr, sections_text, init,      \
                                   version, license, url, vendor, min_libocirt)                            \
  OCI_PLUGIN_EXTERN_C G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc;                             \
  OCI_PLUGIN_EXTERN_C_DEFINITION G_MODULE_EXPORT const OciPluginDesc oci_plugin_desc = {                          \
    OCI_PLUGIN_ABI_VERSION, sizeof (OciPluginDesc), name, description, platforms, init, sections_ptr,  \
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL }, version, license, url, vendor, min_libocirt          \
  };                                                                                                   \
  __attribute__ ((used, section (OCI_PLUGIN_META_SECTION)))                                            \
  static const char oci_plugin_meta[] =                                                                \
    OCI_PLUGIN_META_MAGIC name "\037" platforms "\037" description "\037" sections_text "\037" version \
    "\037" license "\037" url "\037" vendor "\037" min_libocirt;

/**
 * OCI_PLUGIN_DEFINE:
 * @name: the plugin's name, a string literal ("linux": never a bare token,
 *   since GNU C predefines `linux`)
 * @description: a string literal
 * @platforms: a string literal of os/arch patterns
 * @init: an #OciPluginInitFunc
 *
 * Exports the plugin's descriptor; the only symbol a plugin exports. The
 * three strings must be literals: they are also joined into a metadata
 * string the loader reads without opening the module. Works in C and C++
 * files. A plugin that states its version, licence and so on uses
 * OCI_PLUGIN_DEFINE_FULL() instead.
 */
#define OCI_PLUGIN_DEFINE(name, description, platforms, init)                                         \
  OCI_PLUGIN_DEFINE_INTERNAL (name, description, platforms, NULL, "", init, "", "", "", "", "")

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
#define OCI_PLUGIN_DEFINE_FOR_SECTIONS(name, description, platforms, sections, init)                  \
  OCI_PLUGIN_DEFINE_INTERNAL (name, description, platforms, sections, sections, init, "", "", "", "", "")

/**
 * OCI_PLUGIN_DEFINE_FULL:
 * @name: as for OCI_PLUGIN_DEFINE()
 * @description: as for OCI_PLUGIN_DEFINE()
 * @platforms: as for OCI_PLUGIN_DEFINE()
 * @init: an #OciPluginInitFunc
 * @version: a string literal: the plugin's version ("1.0.0")
 * @license: a string literal: its licence as an SPDX expression
 * @url: a string literal: its home page or source
 * @vendor: a string literal: who ships it
 * @min_libocirt: a string literal: the lowest libocirt version it needs,
 *   usually %OCI_RUNTIME_TOOLS_VERSION of the SDK it was built with, or ""
 *
 * Like OCI_PLUGIN_DEFINE(), with the plugin's metadata, which `plugins`
 * shows and each result of the plugin names. Any of the five may be "".
 */
#define OCI_PLUGIN_DEFINE_FULL(name, description, platforms, init, version, license, url, vendor, min_libocirt) \
  OCI_PLUGIN_DEFINE_INTERNAL (name, description, platforms, NULL, "", init, version, license, url, vendor,  \
                              min_libocirt)

/**
 * OCI_PLUGIN_DEFINE_FULL_FOR_SECTIONS:
 * @name: as for OCI_PLUGIN_DEFINE()
 * @description: as for OCI_PLUGIN_DEFINE()
 * @platforms: as for OCI_PLUGIN_DEFINE()
 * @sections: as for OCI_PLUGIN_DEFINE_FOR_SECTIONS()
 * @init: an #OciPluginInitFunc
 * @version: as for OCI_PLUGIN_DEFINE_FULL()
 * @license: as for OCI_PLUGIN_DEFINE_FULL()
 * @url: as for OCI_PLUGIN_DEFINE_FULL()
 * @vendor: as for OCI_PLUGIN_DEFINE_FULL()
 * @min_libocirt: as for OCI_PLUGIN_DEFINE_FULL()
 *
 * OCI_PLUGIN_DEFINE_FOR_SECTIONS() with the metadata of
 * OCI_PLUGIN_DEFINE_FULL().
 */
#define OCI_PLUGIN_DEFINE_FULL_FOR_SECTIONS(name, description, platforms, sections, init, version, license, url, vendor, min_libocirt) \
  OCI_PLUGIN_DEFINE_INTERNAL (name, description, platforms, sections, sections, init, version, license,     \
                              url, vendor, min_libocirt)

/**
 * OciSettingType:
 * @OCI_SETTING_STRING: any text
 * @OCI_SETTING_INT: a decimal 64-bit integer
 * @OCI_SETTING_BOOLEAN: true/false (also yes/no, 1/0)
 * @OCI_SETTING_DOUBLE: a floating-point number ("0.5")
 *
 * The type of a plugin setting: its value is checked against it when read.
 */
typedef enum
{
  OCI_SETTING_STRING,
  OCI_SETTING_INT,
  OCI_SETTING_BOOLEAN,
  OCI_SETTING_DOUBLE,
} OciSettingType;

/**
 * OciSetting:
 * @key: the key in the plugin's settings file and in
 *   `--plugin-option NAME.KEY=VALUE`: lowercase letters, digits and '-'
 * @type: its type
 * @default_value: (nullable): the value when nobody sets it, written as in
 *   the settings file ("10", "true"); %NULL: unset (the getters then
 *   return %NULL, 0, %FALSE or 0.0)
 * @help: one line for `plugins NAME`
 * @reserved: padding for later fields
 *
 * One setting a plugin declares with oci_plugin_add_settings().
 */
typedef struct
{
  const char *key;
  OciSettingType type;
  const char *default_value;
  const char *help;
  gpointer reserved[2];
} OciSetting;

/* The environment variable naming the folders of plugin settings files
 * (':'-separated, later ones win); it replaces the default folders. */
#define OCI_PLUGIN_SETTINGS_PATH_ENV "OCI_RUNTIME_TOOLS_SETTINGS_PATH"

const char *oci_plugin_get_name (OciPlugin *plugin);
const char *oci_plugin_get_description (OciPlugin *plugin);
const char *oci_plugin_get_platforms (OciPlugin *plugin);
const char *oci_plugin_get_sections (OciPlugin *plugin);
const char *oci_plugin_get_version (OciPlugin *plugin);
const char *oci_plugin_get_license (OciPlugin *plugin);
const char *oci_plugin_get_url (OciPlugin *plugin);
const char *oci_plugin_get_vendor (OciPlugin *plugin);
const char *oci_plugin_get_min_libocirt (OciPlugin *plugin);
gboolean oci_plugin_concerns (OciPlugin *plugin, JsonObject *config_root);
gboolean oci_plugin_may_own_option (OciPlugin *plugin, const char *name);
const char *oci_plugin_get_path (OciPlugin *plugin);
gboolean oci_plugin_is_active (OciPlugin *plugin);
gboolean oci_plugin_matches_platform (OciPlugin *plugin, const char *os, const char *arch);
GPtrArray *oci_plugin_get_checkers (OciPlugin *plugin);
GPtrArray *oci_plugin_get_options (OciPlugin *plugin);
GPtrArray *oci_plugin_get_requirements (OciPlugin *plugin);
GPtrArray *oci_plugin_get_runtime_cases (OciPlugin *plugin);
GPtrArray *oci_plugin_get_runtime_gaps (OciPlugin *plugin);

void oci_plugin_add_requirements (OciPlugin *plugin, const OciRequirement *requirements, gsize n);
void oci_plugin_add_checkers (OciPlugin *plugin, const OciChecker *checkers, gsize n);
void oci_plugin_add_options (OciPlugin *plugin, const OciOption *options, gsize n);
void oci_plugin_add_field_orders (OciPlugin *plugin, const OciFieldOrder *orders, gsize n);
void oci_plugin_add_runtime_cases (OciPlugin *plugin, const OciRuntimeCase *cases, gsize n);
void oci_plugin_add_runtime_gaps (OciPlugin *plugin, const OciRuntimeGap *gaps, gsize n);
void oci_plugin_add_checker_requirements (OciPlugin *plugin, const OciCheckerRequirements *rows, gsize n);
const char *const *oci_plugin_get_checker_requirements (OciPlugin *plugin, const char *checker_id);
void oci_plugin_set_defaults (OciPlugin *plugin, OciDefaultsFunc defaults);

void oci_plugin_add_settings (OciPlugin *plugin, const OciSetting *settings, gsize n);
GPtrArray *oci_plugin_get_settings (OciPlugin *plugin);
const char *oci_plugin_get_setting_string (OciPlugin *plugin, const char *key);
gint64 oci_plugin_get_setting_int (OciPlugin *plugin, const char *key);
gboolean oci_plugin_get_setting_boolean (OciPlugin *plugin, const char *key);
double oci_plugin_get_setting_double (OciPlugin *plugin, const char *key);
const char *oci_plugin_get_setting_source (OciPlugin *plugin, const char *key);
const char *oci_plugin_get_setting_text (OciPlugin *plugin, const char *key);

#pragma GCC visibility pop

G_END_DECLS
