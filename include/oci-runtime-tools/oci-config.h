/* oci-config.h — the config document: a GObject over a json-glib tree
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "oci-file.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

#define OCI_TYPE_CONFIG (oci_config_get_type ())
G_DECLARE_FINAL_TYPE (OciConfig, oci_config, OCI, CONFIG, GObject)

/**
 * OciFieldOrderFlags:
 * @OCI_FIELD_ORDER_LISTED: members named in the order table come first, in
 *   that order; others follow in document order
 * @OCI_FIELD_ORDER_SORTED: the object is a map: members are written sorted
 *   by name (as Go's encoder writes maps)
 */
typedef enum
{
  OCI_FIELD_ORDER_LISTED = 0,
  OCI_FIELD_ORDER_SORTED = 1,
} OciFieldOrderFlags;

/**
 * OciFieldOrder:
 * @pattern: a JSON pointer naming objects, with `*` for any array index or
 *   map key ("/mounts/ *" written without the space), "" for the root
 * @flags: how the members are ordered
 * @members: (array zero-terminated=1) (nullable): member names in order
 *
 * One row of a serialisation order table. Tables are contributed by
 * plugins, so that output follows the spec's field order while the core
 * knows no field names.
 */
typedef struct
{
  const char *pattern;
  OciFieldOrderFlags flags;
  const char *const *members;
} OciFieldOrder;

OciConfig *oci_config_new (void);
OciConfig *oci_config_new_from_file (const char *path, GError **error);
OciConfig *oci_config_new_from_input (const char *path, GError **error);
OciConfig *oci_config_new_from_data (const char *data,
                                     gssize length,
                                     const char *source_name,
                                     GError **error);
OciConfig *oci_config_new_from_node (JsonNode *root);
OciConfig *oci_config_copy (OciConfig *self);

const char *oci_config_get_source_name (OciConfig *self);
JsonNode *oci_config_get_root (OciConfig *self);
gboolean oci_config_get_location (OciConfig *self,
                                  const char *pointer,
                                  guint *line,
                                  guint *column);

JsonNode *oci_config_lookup (OciConfig *self, const char *pointer);
gboolean oci_config_has (OciConfig *self, const char *pointer);
const char *oci_config_get_string (OciConfig *self, const char *pointer);
gboolean oci_config_get_int (OciConfig *self, const char *pointer, gint64 *value);
gboolean oci_config_get_boolean (OciConfig *self, const char *pointer, gboolean *value);
JsonObject *oci_config_get_object (OciConfig *self, const char *pointer);
JsonArray *oci_config_get_array (OciConfig *self, const char *pointer);

void oci_config_set_node (OciConfig *self, const char *pointer, JsonNode *node);
void oci_config_set_string (OciConfig *self, const char *pointer, const char *value);
void oci_config_set_int (OciConfig *self, const char *pointer, gint64 value);
void oci_config_set_boolean (OciConfig *self, const char *pointer, gboolean value);
JsonObject *oci_config_ensure_object (OciConfig *self, const char *pointer);
JsonArray *oci_config_ensure_array (OciConfig *self, const char *pointer);
void oci_config_append (OciConfig *self, const char *pointer, JsonNode *node);
void oci_config_append_string (OciConfig *self, const char *pointer, const char *value);
gboolean oci_config_remove (OciConfig *self, const char *pointer);

const char *oci_config_get_version (OciConfig *self);

void oci_config_set_field_order (OciConfig *self, GHashTable *orders);
char *oci_config_to_data (OciConfig *self, const char *pointer, gsize *length);
gboolean oci_config_save (OciConfig *self,
                          const char *path,
                          const char *pointer,
                          GError **error);

JsonNode *oci_json_load_file (const char *path, GError **error);
JsonNode *oci_json_load_data (const char *data, gsize length, const char *source_name, GError **error);

char *oci_json_pointer_escape (const char *member);
char *oci_json_pointer_append (const char *pointer, const char *member);
char *oci_json_pointer_append_index (const char *pointer, guint index);
JsonNode *oci_json_pointer_lookup (JsonNode *root, const char *pointer);

const char *oci_json_object_get_string (JsonObject *object, const char *member);
gboolean oci_json_object_get_int (JsonObject *object, const char *member, gint64 *value);
JsonArray *oci_json_object_get_array (JsonObject *object, const char *member);
JsonObject *oci_json_object_get_object (JsonObject *object, const char *member);
const char *oci_json_array_get_string (JsonArray *array, guint index);
gboolean oci_json_node_is_string_array (JsonNode *node);

#pragma GCC visibility pop

G_END_DECLS
