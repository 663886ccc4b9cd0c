/* oci-generate.h — generate options contributed by plugins
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "oci-config.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

typedef struct _OciGenerateContext OciGenerateContext;
typedef struct _OciOption OciOption;

/**
 * OciOptionFunc:
 * @gen: the generate context (config, target os and release)
 * @option: the option row being applied
 * @value: (nullable): the argument; for a flag "true", "false" or %NULL
 * @error: a #OCI_OPTION_ERROR when @value does not fit the syntax
 *
 * Applies one occurrence of an option. Options are applied in
 * command-line order.
 *
 * Returns: %FALSE with @error set on a bad value
 */
typedef gboolean (*OciOptionFunc) (OciGenerateContext *gen,
                                   const OciOption *option,
                                   const char *value,
                                   GError **error);

/**
 * OciDefaultsFunc:
 * @gen: the generate context
 * @error: set on failure
 *
 * Fills a plugin's part of the default config for the target os.
 *
 * Returns: %FALSE with @error set on failure
 */
typedef gboolean (*OciDefaultsFunc) (OciGenerateContext *gen, GError **error);

/**
 * OciOptionFlags:
 * @OCI_OPTION_VALUE: takes a value (`--name VALUE` or `--name=VALUE`)
 * @OCI_OPTION_FLAG: boolean: `--name`, or `--name=true|false`
 */
typedef enum
{
  OCI_OPTION_VALUE = 0,
  OCI_OPTION_FLAG = 1 << 0,
} OciOptionFlags;

/**
 * OciOption:
 * @name: long option name without the dashes
 * @syntax: (nullable): argument syntax shown in --help, %NULL for flags
 * @help: one line of help
 * @flags: #OciOptionFlags
 * @apply: what one occurrence does
 * @pointer: (nullable): the JSON pointer the generic apply functions edit
 * @since: (nullable): first spec release that has the field, %NULL for all
 * @reserved: padding for later fields
 */
struct _OciOption
{
  const char *name;
  const char *syntax;
  const char *help;
  OciOptionFlags flags;
  OciOptionFunc apply;
  const char *pointer;
  const char *since;
  gpointer reserved[4];
};

OciGenerateContext *oci_generate_context_new (OciConfig *config,
                                              const char *os,
                                              const char *arch,
                                              const char *release,
                                              gboolean from_template);
void oci_generate_context_free (OciGenerateContext *gen);
void oci_generate_context_set_host_specific (OciGenerateContext *gen, gboolean host_specific);
gboolean oci_generate_context_apply (OciGenerateContext *gen,
                                     const OciOption *option,
                                     const char *value,
                                     GError **error);
const char *oci_generate_context_get_output_pointer (OciGenerateContext *gen);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciGenerateContext, oci_generate_context_free)

OciConfig *oci_generate_context_get_config (OciGenerateContext *gen);
const char *oci_generate_context_get_os (OciGenerateContext *gen);
const char *oci_generate_context_get_arch (OciGenerateContext *gen);
const char *oci_generate_context_get_release (OciGenerateContext *gen);
gboolean oci_generate_context_is_host_specific (OciGenerateContext *gen);
gboolean oci_generate_context_has_template (OciGenerateContext *gen);
void oci_generate_context_set_output_pointer (OciGenerateContext *gen, const char *pointer);
gpointer oci_generate_context_get_data (OciGenerateContext *gen, const char *key);
void oci_generate_context_set_data (OciGenerateContext *gen,
                                    const char *key,
                                    gpointer data,
                                    GDestroyNotify destroy);
gint oci_generate_context_find_element (OciGenerateContext *gen,
                                        JsonArray *array,
                                        const char *member,
                                        const char *key);
gint oci_generate_context_remove_element (OciGenerateContext *gen,
                                          JsonArray *array,
                                          const char *member,
                                          const char *key);
void oci_generate_context_finish (OciGenerateContext *gen);

GError *oci_option_value_error (const OciOption *option,
                                const char *value,
                                const char *format,
                                ...) G_GNUC_PRINTF (3, 4);
gboolean oci_option_parse_bool (const OciOption *option, const char *value, gboolean *out, GError **error);
gboolean oci_option_parse_int64 (const OciOption *option, const char *value, gint64 *out, GError **error);
gboolean oci_option_parse_uint64 (const OciOption *option, const char *value, guint64 *out, GError **error);
JsonNode *oci_option_parse_json (const OciOption *option, const char *value, GError **error);
JsonNode *oci_option_parse_json_object (const OciOption *option, const char *value, GError **error);

/* Generic apply functions: they edit @option->pointer. */
gboolean oci_option_set_string (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_append_string (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_set_bool (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_set_bool_omitempty (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_set_int64 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_set_uint64 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_set_json (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);
gboolean oci_option_append_json (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error);

#pragma GCC visibility pop

G_END_DECLS
