/* linux-options-private.h — shared parts of the linux plugin's generate options
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <oci-runtime-tools/oci-runtime-tools.h>

G_BEGIN_DECLS

/* linux-opt-util.c: parsing and editing helpers */
gboolean linux_opt_release_at_least (OciGenerateContext *gen, const char *release);
gboolean linux_opt_parse_unsigned (const OciOption *option, const char *value, const char *what,
                                   const char *text, guint64 max, guint64 *out, GError **error);
gboolean linux_opt_parse_signed (const OciOption *option, const char *value, const char *what,
                                 const char *text, gint64 min, gint64 max, gint64 *out, GError **error);
GStrv linux_opt_split (const OciOption *option, const char *value, guint min, guint max, GError **error);
gboolean linux_opt_check_enum (const OciOption *option, const char *value, const char *what,
                               const char *text, const char *const *allowed, GError **error);
gint linux_opt_find_by_string (JsonArray *array, const char *member, const char *want);
void linux_opt_remove_element (OciConfig *config, const char *pointer, guint index);
void linux_opt_remove (OciConfig *config, const char *pointer);
void linux_opt_prune (OciConfig *config);
JsonObject *linux_opt_append_object (OciConfig *config, const char *pointer);
gboolean linux_opt_set_string_omitempty (OciGenerateContext *gen, const OciOption *option,
                                         const char *value, GError **error);
gboolean linux_opt_set_bool_omitempty (OciGenerateContext *gen, const OciOption *option,
                                       const char *value, GError **error);
gboolean linux_opt_set_uint32 (OciGenerateContext *gen, const OciOption *option, const char *value,
                               GError **error);
gboolean linux_opt_set_uint16 (OciGenerateContext *gen, const OciOption *option, const char *value,
                               GError **error);
gboolean linux_opt_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value,
                               GError **error);

/* Option tables of each area, registered by linux-options.c */
extern const OciOption linux_process_options[];
extern const gsize linux_process_options_count;
extern const OciOption linux_namespace_options[];
extern const gsize linux_namespace_options_count;
extern const OciOption linux_resource_options[];
extern const gsize linux_resource_options_count;

G_END_DECLS
