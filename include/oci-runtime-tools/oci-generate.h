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
 * OciOptionValuesFunc:
 * @option: the option row
 *
 * Returns: (transfer full) (array zero-terminated=1): the values the
 *   option takes
 */
typedef char **(*OciOptionValuesFunc) (const OciOption *option);

/**
 * OciOptionFlags:
 * @OCI_OPTION_VALUE: takes a value (`--name VALUE` or `--name=VALUE`)
 * @OCI_OPTION_FLAG: boolean: `--name`, or `--name=true|false`
 * @OCI_OPTION_CLEARS: the option empties the lists under its @pointer
 *   (`--x-remove-all`): what options before it added there is dropped, and
 *   oci_generate_context_apply_all() notes it
 */
typedef enum
{
  OCI_OPTION_VALUE = 0,
  OCI_OPTION_FLAG = 1 << 0,
  OCI_OPTION_CLEARS = 1 << 1,
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
 * @values: (nullable): the fixed set the value (or each item of a
 *   comma-separated value) comes from, for shell completion; %NULL when
 *   @syntax is itself a list like "a|b|c", or the set is not fixed
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
  OciOptionValuesFunc values;
  gpointer reserved[3];
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
gboolean oci_generate_context_apply_all (OciGenerateContext *gen,
                                         const OciOption *const *options,
                                         const char *const *values,
                                         guint n,
                                         GError **error);
const char *oci_generate_context_get_output_pointer (OciGenerateContext *gen);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciGenerateContext, oci_generate_context_free)

/**
 * OciGenerateFinishFunc:
 * @gen: the generate context, after every option was applied
 *
 * Looks at the finished config, for instance to add notes about what it
 * still lacks.
 */
typedef void (*OciGenerateFinishFunc) (OciGenerateContext *gen);

void oci_generate_context_add_finish (OciGenerateContext *gen, OciGenerateFinishFunc func);
void oci_generate_context_finish (OciGenerateContext *gen);
void oci_generate_context_add_note (OciGenerateContext *gen, const char *format, ...) G_GNUC_PRINTF (2, 3);
GPtrArray *oci_generate_context_get_notes (OciGenerateContext *gen);

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
