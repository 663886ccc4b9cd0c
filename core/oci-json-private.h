/* oci-json-private.h — libocirt's strict JSON reader, locator and writer
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting than this is refused: no config needs it, and it keeps
 * every recursion in the library far from the stack's end. */
#define OCI_JSON_MAX_DEPTH 512

JsonNode *oci_json_parse (const char *data,
                          gsize length,
                          const char *source_name,
                          GError **error);
typedef struct _OciJsonIndex OciJsonIndex;

OciJsonIndex *oci_json_index_new (const char *data, gsize length);
gboolean oci_json_index_locate (OciJsonIndex *index,
                                const char *pointer,
                                guint *line,
                                guint *column);
void oci_json_index_free (OciJsonIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciJsonIndex, oci_json_index_free)
char *oci_json_write (JsonNode *node, GHashTable *orders, gsize *length);
gchar **oci_json_pointer_split (const char *pointer);
void oci_json_pointer_append_token (GString *path, const char *member);
void oci_json_position (const char *data, const char *at, guint *line, guint *column);

G_END_DECLS
