/* oci-config.c — the config document
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "oci-config.h"
#include "oci-error.h"
#include "oci-file.h"
#include "oci-json-private.h"

struct _OciConfig
{
  GObject parent_instance;

  JsonNode *root;
  char *source_name;
  char *text; /* the text it was parsed from, for locations; may be NULL */
  gsize text_len;
  OciJsonIndex *locations; /* built from @text at the first location asked */
  GHashTable *orders;
};

G_DEFINE_FINAL_TYPE (OciConfig, oci_config, G_TYPE_OBJECT)

static void
oci_config_finalize (GObject *object)
{
  OciConfig *self = OCI_CONFIG (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->locations, oci_json_index_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->orders, g_hash_table_unref);
  G_OBJECT_CLASS (oci_config_parent_class)->finalize (object);
}

static void
oci_config_class_init (OciConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_config_finalize;
}

static void
oci_config_init (OciConfig *self)
{
}

/**
 * oci_config_new:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a config holding an empty object
 */
OciConfig *
oci_config_new (void)
{
  OciConfig *self = g_object_new (OCI_TYPE_CONFIG, NULL);

  self->root = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_unref (json_node_get_object (self->root));
  return self;
}

/**
 * oci_config_new_from_node:
 * @root: an object node; it is copied
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a config holding a copy of @root
 */
OciConfig *
oci_config_new_from_node (JsonNode *root)
{
  OciConfig *self = g_object_new (OCI_TYPE_CONFIG, NULL);

  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (root), NULL);
  self->root = json_node_copy (root);
  return self;
}

/**
 * oci_config_copy:
 * @self: a config
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a deep copy (source name and text kept)
 */
OciConfig *
oci_config_copy (OciConfig *self)
{
  OciConfig *copy = oci_config_new_from_node (self->root);

  copy->source_name = g_strdup (self->source_name);
  if (self->text)
    {
      copy->text = g_memdup2 (self->text, self->text_len);
      copy->text_len = self->text_len;
    }
  if (self->orders)
    copy->orders = g_hash_table_ref (self->orders);
  return copy;
}

/**
 * oci_config_new_from_data:
 * @data: JSON text
 * @length: its length, or -1 if NUL-terminated
 * @source_name: (nullable): a name for messages, usually the file name
 * @error: an #OCI_CONFIG_ERROR with source:line:column
 *
 * Parses strictly (see oci_json_parse()); the top level must be an object.
 * Unknown members are kept as they are.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): the config, or %NULL with @error set
 */
OciConfig *
oci_config_new_from_data (const char *data, gssize length, const char *source_name, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  OciConfig *self;
  gsize len = length < 0 ? strlen (data) : (gsize) length;

  root = oci_json_parse (data, len, source_name, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_NOT_OBJECT,
                   "%s:1:1: the top-level JSON value must be an object, not %s",
                   source_name ? source_name : "<data>",
                   JSON_NODE_HOLDS_ARRAY (root) ? "an array" : "a scalar");
      return NULL;
    }
  self = g_object_new (OCI_TYPE_CONFIG, NULL);
  self->root = g_steal_pointer (&root);
  self->source_name = g_strdup (source_name);
  self->text = g_memdup2 (data, len);
  self->text_len = len;
  return self;
}

/* The name messages give @path: standard input is "<stdin>". */
static const char *
document_name (const char *path, OciFileReadFlags flags)
{
  return (flags & OCI_FILE_READ_STDIN) && strcmp (path, "-") == 0 ? "<stdin>" : path;
}

/* The text of the document @path, within the size bound; an empty one is
 * an error that says what was @expected. */
static char *
read_document (const char *path, OciFileReadFlags flags, const char *expected, gsize *length, GError **error)
{
  g_autofree char *data = NULL;

  if (!oci_file_read_bounded (path, OCI_FILE_MAX_SIZE, flags, &data, length, error))
    return NULL;
  if (*length == 0)
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_PARSE,
                   "%s:1:1: the file is empty; expected %s", document_name (path, flags), expected);
      return NULL;
    }
  return g_steal_pointer (&data);
}

static OciConfig *
config_from_path (const char *path, OciFileReadFlags flags, GError **error)
{
  gsize length = 0;
  g_autofree char *data = read_document (path, flags, "a JSON object", &length, error);

  if (data == NULL)
    return NULL;
  return oci_config_new_from_data (data, length, document_name (path, flags), error);
}

/**
 * oci_config_new_from_file:
 * @path: a file name; it must be a regular file
 * @error: an #OCI_CONFIG_ERROR naming @path
 *
 * Reads at most %OCI_FILE_MAX_SIZE bytes (see oci_file_read_bounded()).
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): the config, or %NULL with @error set
 */
OciConfig *
oci_config_new_from_file (const char *path, GError **error)
{
  return config_from_path (path, OCI_FILE_READ_REGULAR, error);
}

/**
 * oci_config_new_from_input:
 * @path: a file name, a pipe such as `/dev/stdin` or `<(…)`, or "-" for
 *   standard input
 * @error: an #OCI_CONFIG_ERROR naming @path
 *
 * As oci_config_new_from_file(), for documents a user may pipe in
 * (templates, state and features documents).
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): the config, or %NULL with @error set
 */
OciConfig *
oci_config_new_from_input (const char *path, GError **error)
{
  return config_from_path (path, OCI_FILE_READ_INPUT, error);
}

/**
 * oci_json_load_data:
 * @data: JSON text
 * @length: its length
 * @source_name: (nullable): a name for messages
 * @error: an #OCI_CONFIG_ERROR with source:line:column
 *
 * Parses any JSON value with the strict reader.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set
 */
JsonNode *
oci_json_load_data (const char *data, gsize length, const char *source_name, GError **error)
{
  return oci_json_parse (data, length, source_name, error);
}

/**
 * oci_json_load_file:
 * @path: a file, a pipe, or "-" for standard input
 * @error: an #OCI_CONFIG_ERROR naming @path (and line:column)
 *
 * Reads (at most %OCI_FILE_MAX_SIZE bytes) and parses any JSON value with
 * the strict reader.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set
 */
JsonNode *
oci_json_load_file (const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *data = read_document (path, OCI_FILE_READ_INPUT, "a JSON value", &length, error);

  if (data == NULL)
    return NULL;
  return oci_json_parse (data, length, document_name (path, OCI_FILE_READ_INPUT), error);
}

/**
 * oci_config_get_source_name:
 * @self: a config
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (nullable): the file name it was loaded from
 */
const char *
oci_config_get_source_name (OciConfig *self)
{
  return self->source_name;
}

/**
 * oci_config_get_root:
 * @self: a config
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (transfer none): the root object node
 */
JsonNode *
oci_config_get_root (OciConfig *self)
{
  return self->root;
}

/**
 * oci_config_get_location:
 * @self: a config
 * @pointer: a JSON pointer
 * @line: (out): 1-based line
 * @column: (out): 1-based column
 *
 * Finds where @pointer's value starts in the loaded text. When the member
 * itself is missing, the location of its nearest existing parent is given.
 * The first call indexes the text once; each location then costs a hash
 * lookup and a binary search, however many findings a config has.
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: %TRUE if a location was found
 */
gboolean
oci_config_get_location (OciConfig *self, const char *pointer, guint *line, guint *column)
{
  g_autofree char *p = NULL;

  if (self->text == NULL || pointer == NULL)
    return FALSE;
  if (self->locations == NULL)
    self->locations = oci_json_index_new (self->text, self->text_len);
  p = g_strdup (pointer);
  for (;;)
    {
      char *slash;
      if (oci_json_index_locate (self->locations, p, line, column))
        return TRUE;
      slash = strrchr (p, '/');
      if (slash == NULL)
        return FALSE;
      *slash = '\0';
    }
}

/**
 * oci_json_pointer_lookup:
 * @root: a tree
 * @pointer: an RFC 6901 pointer
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL if absent
 */
JsonNode *
oci_json_pointer_lookup (JsonNode *root, const char *pointer)
{
  JsonNode *node = root;
  const char *p = pointer;

  if (pointer == NULL || *pointer == '\0')
    return root;
  if (*pointer != '/')
    return NULL;
  /* A fast walk without allocation for the common case of no escapes. */
  while (node && *p == '/')
    {
      const char *seg = p + 1;
      const char *end = strchr (seg, '/');
      gsize len = end ? (gsize) (end - seg) : strlen (seg);
      char stack[128];
      g_autofree char *heap = NULL;
      char *name = len < sizeof stack ? stack : (heap = g_malloc (len + 1));

      memcpy (name, seg, len);
      name[len] = '\0';
      if (memchr (name, '~', len))
        {
          /* Decode ~1 and ~0 in place: the result is never longer. */
          char *in = name, *out = name;
          while (*in)
            {
              if (in[0] == '~' && (in[1] == '0' || in[1] == '1'))
                *out++ = in[1] == '1' ? '/' : '~', in += 2;
              else
                *out++ = *in++;
            }
          *out = '\0';
        }
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), name);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          char *endp;
          guint64 index;
          JsonArray *array = json_node_get_array (node);
          if (name[0] == '\0' || !g_ascii_isdigit (name[0]) || (name[0] == '0' && name[1]))
            return NULL;
          index = g_ascii_strtoull (name, &endp, 10);
          if (*endp != '\0' || index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, (guint) index);
        }
      else
        return NULL;
      p = seg + len;
    }
  return node;
}

/**
 * oci_config_lookup:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (transfer none) (nullable): the node at @pointer, or %NULL
 */
JsonNode *
oci_config_lookup (OciConfig *self, const char *pointer)
{
  return oci_json_pointer_lookup (self->root, pointer);
}

/**
 * oci_config_has:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: %TRUE if a value (even null) exists at @pointer
 */
gboolean
oci_config_has (OciConfig *self, const char *pointer)
{
  return oci_config_lookup (self, pointer) != NULL;
}

/* The string or integer a node holds, if it holds one of that type. */
static const char *
node_string (JsonNode *node)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_int (JsonNode *node, gint64 *value)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/**
 * oci_config_get_string:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (nullable): the string, or %NULL if absent or not a string
 */
const char *
oci_config_get_string (OciConfig *self, const char *pointer)
{
  return node_string (oci_config_lookup (self, pointer));
}

/**
 * oci_config_get_int:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 * @value: (out): the integer
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: %TRUE if an integer is there
 */
gboolean
oci_config_get_int (OciConfig *self, const char *pointer, gint64 *value)
{
  return node_int (oci_config_lookup (self, pointer), value);
}

/**
 * oci_config_get_boolean:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 * @value: (out): the boolean
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: %TRUE if a boolean is there
 */
gboolean
oci_config_get_boolean (OciConfig *self, const char *pointer, gboolean *value)
{
  JsonNode *node = oci_config_lookup (self, pointer);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * oci_config_get_object:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (transfer none) (nullable): the object, or %NULL
 */
JsonObject *
oci_config_get_object (OciConfig *self, const char *pointer)
{
  JsonNode *node = oci_config_lookup (self, pointer);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * oci_config_get_array:
 * @self: a config
 * @pointer: an RFC 6901 pointer
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (transfer none) (nullable): the array, or %NULL
 */
JsonArray *
oci_config_get_array (OciConfig *self, const char *pointer)
{
  JsonNode *node = oci_config_lookup (self, pointer);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Walks to the parent of the last token, creating objects on the way and
 * replacing anything that is not a container. */
static JsonNode *
ensure_parent (OciConfig *self, char **tokens, guint n)
{
  JsonNode *node = self->root;

  for (guint i = 0; i + 1 < n; i++)
    {
      const char *t = tokens[i];
      JsonNode *child = NULL;

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *a = json_node_get_array (node);
          guint64 idx = g_ascii_strtoull (t, NULL, 10);
          if (strcmp (t, "-") != 0 && idx < json_array_get_length (a))
            child = json_array_get_element (a, idx);
          else
            {
              json_array_add_object_element (a, json_object_new ());
              child = json_array_get_element (a, json_array_get_length (a) - 1);
            }
        }
      else
        {
          JsonObject *o = json_node_get_object (node);
          child = json_object_get_member (o, t);
          if (child == NULL || (!JSON_NODE_HOLDS_OBJECT (child) && !JSON_NODE_HOLDS_ARRAY (child)))
            {
              json_object_set_object_member (o, t, json_object_new ());
              child = json_object_get_member (o, t);
            }
        }
      node = child;
    }
  return node;
}

/* json-glib has no replace for an array element, and re-initialising a
 * node that holds an object unrefs the object twice (json-glib 1.6): the
 * element takes @node's contents in place when both are of one kind, so
 * that replacing costs the size of the element, not of the array (copying
 * the array made 20,000 --linux-device-add of one path take minutes).
 * Returns FALSE, leaving both alone, when the kinds differ. */
static gboolean
replace_node_contents (JsonNode *old, JsonNode *node)
{
  if (json_node_get_node_type (old) != json_node_get_node_type (node)
      || json_node_get_value_type (old) != json_node_get_value_type (node))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *to = json_node_get_object (old);
      JsonObject *from = json_node_get_object (node);
      g_autoptr(GList) gone = json_object_get_members (to);
      g_autoptr(GList) names = json_object_get_members (from);

      for (GList *l = gone; l; l = l->next)
        json_object_remove_member (to, l->data);
      for (GList *l = names; l; l = l->next)
        json_object_set_member (to, l->data, json_node_copy (json_object_get_member (from, l->data)));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *to = json_node_get_array (old);
      JsonArray *from = json_node_get_array (node);

      while (json_array_get_length (to) > 0)
        json_array_remove_element (to, json_array_get_length (to) - 1);
      for (guint i = 0; i < json_array_get_length (from); i++)
        json_array_add_element (to, json_node_copy (json_array_get_element (from, i)));
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GValue v = G_VALUE_INIT;
      json_node_get_value (node, &v);
      json_node_set_value (old, &v);
      g_value_unset (&v);
    }
  json_node_unref (node);
  return TRUE;
}

/**
 * oci_config_set_node:
 * @self: a config
 * @pointer: where to put it; missing parents are created as objects; an
 *   array index replaces that element, "-" appends
 * @node: (transfer full): the value
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_set_node (OciConfig *self, const char *pointer, JsonNode *node)
{
  g_auto(GStrv) tokens = oci_json_pointer_split (pointer);
  guint n;
  JsonNode *parent;
  const char *last;

  g_return_if_fail (tokens != NULL && tokens[0] != NULL);
  n = g_strv_length (tokens);
  parent = ensure_parent (self, tokens, n);
  last = tokens[n - 1];
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *a = json_node_get_array (parent);
      guint64 idx = g_ascii_strtoull (last, NULL, 10);
      if (strcmp (last, "-") != 0 && idx < json_array_get_length (a)
          && replace_node_contents (json_array_get_element (a, (guint) idx), node))
        ;
      else if (strcmp (last, "-") != 0 && idx < json_array_get_length (a))
        {
          /* another kind of value: rebuild the array */
          g_autoptr(GList) elements = json_array_get_elements (a);
          g_autoptr(JsonArray) rebuilt = json_array_sized_new (json_array_get_length (a));
          guint i = 0;
          for (GList *l = elements; l; l = l->next, i++)
            json_array_add_element (rebuilt, i == idx ? node : json_node_copy (l->data));
          json_node_set_array (parent, rebuilt);
        }
      else
        json_array_add_element (a, node);
    }
  else
    json_object_set_member (json_node_get_object (parent), last, node);
}

/**
 * oci_config_set_string:
 * @self: a config
 * @pointer: where
 * @value: the string
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_set_string (OciConfig *self, const char *pointer, const char *value)
{
  oci_config_set_node (self, pointer, json_node_init_string (json_node_alloc (), value));
}

/**
 * oci_config_set_int:
 * @self: a config
 * @pointer: where
 * @value: the integer
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_set_int (OciConfig *self, const char *pointer, gint64 value)
{
  oci_config_set_node (self, pointer, json_node_init_int (json_node_alloc (), value));
}

/**
 * oci_config_set_boolean:
 * @self: a config
 * @pointer: where
 * @value: the boolean
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_set_boolean (OciConfig *self, const char *pointer, gboolean value)
{
  oci_config_set_node (self, pointer, json_node_init_boolean (json_node_alloc (), value));
}

/**
 * oci_config_ensure_object:
 * @self: a config
 * @pointer: where; "" is the root
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 *
 * Returns: (transfer none): the object at @pointer, created (or put in
 *   place of a non-object) if needed
 */
JsonObject *
oci_config_ensure_object (OciConfig *self, const char *pointer)
{
  JsonObject *o = oci_config_get_object (self, pointer);

  if (o)
    return o;
  oci_config_set_node (self, pointer, json_node_init_object (json_node_alloc (), json_object_new ()));
  o = oci_config_get_object (self, pointer);
  json_object_unref (o); /* init_object took a reference of its own */
  return o;
}

/**
 * oci_config_ensure_array:
 * @self: a config
 * @pointer: where
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 *
 * Returns: (transfer none): the array at @pointer, created if needed
 */
JsonArray *
oci_config_ensure_array (OciConfig *self, const char *pointer)
{
  JsonArray *a = oci_config_get_array (self, pointer);

  if (a)
    return a;
  oci_config_set_node (self, pointer, json_node_init_array (json_node_alloc (), json_array_new ()));
  a = oci_config_get_array (self, pointer);
  json_array_unref (a);
  return a;
}

/**
 * oci_config_append:
 * @self: a config
 * @pointer: an array, created if missing
 * @node: (transfer full): the element
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_append (OciConfig *self, const char *pointer, JsonNode *node)
{
  json_array_add_element (oci_config_ensure_array (self, pointer), node);
}

/**
 * oci_config_append_string:
 * @self: a config
 * @pointer: an array, created if missing
 * @value: the string to append
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_append_string (OciConfig *self, const char *pointer, const char *value)
{
  json_array_add_string_element (oci_config_ensure_array (self, pointer), value);
}

/**
 * oci_config_remove:
 * @self: a config
 * @pointer: the member or element to remove
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 *
 * Returns: %TRUE if something was removed
 */
gboolean
oci_config_remove (OciConfig *self, const char *pointer)
{
  g_auto(GStrv) tokens = oci_json_pointer_split (pointer);
  g_autofree char *parent_ptr = NULL;
  JsonNode *parent;
  const char *last;
  guint n;

  if (tokens == NULL || tokens[0] == NULL)
    return FALSE;
  n = g_strv_length (tokens);
  parent_ptr = g_strndup (pointer, strrchr (pointer, '/') - pointer);
  parent = oci_config_lookup (self, parent_ptr);
  last = tokens[n - 1];
  if (parent == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      JsonObject *o = json_node_get_object (parent);
      if (!json_object_has_member (o, last))
        return FALSE;
      json_object_remove_member (o, last);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *a = json_node_get_array (parent);
      char *end;
      guint64 idx = g_ascii_strtoull (last, &end, 10);
      if (*last == '\0' || *end != '\0' || idx >= json_array_get_length (a))
        return FALSE;
      json_array_remove_element (a, idx);
      return TRUE;
    }
  return FALSE;
}

/**
 * oci_config_get_version:
 * @self: a config
 *
 * Reads only: safe from checker threads (each reads its own context's config).
 *
 * Returns: (nullable): the ociVersion string
 */
const char *
oci_config_get_version (OciConfig *self)
{
  return oci_config_get_string (self, "/ociVersion");
}

/**
 * oci_config_set_field_order:
 * @self: a config
 * @orders: (nullable): pattern → #OciFieldOrder, from the registry
 *
 * Sets the member order the serialiser follows.
 *
 * Thread safety: it changes the config: never from checker threads under
 * `validate --jobs` on the config being checked (they share it read-only);
 * from any thread on a config no other thread uses.
 */
void
oci_config_set_field_order (OciConfig *self, GHashTable *orders)
{
  g_clear_pointer (&self->orders, g_hash_table_unref);
  if (orders)
    self->orders = g_hash_table_ref (orders);
}

/**
 * oci_config_to_data:
 * @self: a config
 * @pointer: (nullable): write only this part ("" or %NULL: all)
 * @length: (out) (optional): the length
 *
 * Serialises deterministically: tab indentation as the Go tool writes,
 * members in the field order set with oci_config_set_field_order(), and,
 * as the Go tool, no final newline.
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (transfer full) (nullable): the text, %NULL if @pointer is absent
 */
char *
oci_config_to_data (OciConfig *self, const char *pointer, gsize *length)
{
  JsonNode *node = oci_config_lookup (self, pointer ? pointer : "");
  g_autoptr(GHashTable) rebased = NULL;
  GHashTable *orders = self->orders;
  char *text;
  gsize len;

  if (node == NULL)
    return NULL;
  if (pointer && *pointer && orders)
    {
      /* Patterns are rooted at the document; re-root them at @pointer. */
      GHashTableIter it;
      gpointer key, value;
      gsize plen = strlen (pointer);
      rebased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&it, orders);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (strncmp (key, pointer, plen) == 0 && (((char *) key)[plen] == '/' || ((char *) key)[plen] == '\0'))
          g_hash_table_insert (rebased, g_strdup ((char *) key + plen), value);
      orders = rebased;
    }
  text = oci_json_write (node, orders, &len);
  if (length)
    *length = len;
  return text;
}

/**
 * oci_config_save:
 * @self: a config
 * @path: a file name, or "-" for standard output
 * @pointer: (nullable): write only this part
 * @error: an #OCI_CONFIG_ERROR_WRITE naming @path
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it touches only the files it is given.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_config_save (OciConfig *self, const char *path, const char *pointer, GError **error)
{
  gsize length;
  g_autofree char *text = oci_config_to_data (self, pointer, &length);

  if (text == NULL)
    {
      g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_POINTER,
                   "nothing to write: %s is absent", pointer);
      return FALSE;
    }
  if (strcmp (path, "-") == 0)
    {
      /* A terminal gets a final newline; files and pipes get the bytes
       * the Go tool writes. */
      if (fwrite (text, 1, length, stdout) != length
          || (isatty (STDOUT_FILENO) && fputc ('\n', stdout) == EOF) || fflush (stdout) != 0)
        {
          g_set_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_WRITE,
                       "standard output: %s", g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  return oci_file_set_contents_atomic (path, text, length, error);
}

/**
 * oci_json_pointer_escape:
 * @member: a member name
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): @member as one RFC 6901 reference token
 */
char *
oci_json_pointer_escape (const char *member)
{
  GString *s = g_string_sized_new (strlen (member) + 4);

  oci_json_pointer_append_token (s, member);
  return g_string_free (s, FALSE);
}

/**
 * oci_json_pointer_append:
 * @pointer: a pointer
 * @member: a member name, escaped here
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): @pointer + "/" + escaped @member
 */
char *
oci_json_pointer_append (const char *pointer, const char *member)
{
  g_autofree char *token = oci_json_pointer_escape (member);

  return g_strconcat (pointer, "/", token, NULL);
}

/**
 * oci_json_pointer_append_index:
 * @pointer: a pointer
 * @index: an array index
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): @pointer + "/" + @index
 */
char *
oci_json_pointer_append_index (const char *pointer, guint index)
{
  return g_strdup_printf ("%s/%u", pointer, index);
}

/**
 * oci_json_object_get_string:
 * @object: an object
 * @member: a member name
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (nullable): the member's string, %NULL if absent or not a string
 */
const char *
oci_json_object_get_string (JsonObject *object, const char *member)
{
  return node_string (object ? json_object_get_member (object, member) : NULL);
}

/**
 * oci_json_object_get_int:
 * @object: an object
 * @member: a member name
 * @value: (out): the integer
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: %TRUE if the member is an integer
 */
gboolean
oci_json_object_get_int (JsonObject *object, const char *member, gint64 *value)
{
  return node_int (object ? json_object_get_member (object, member) : NULL, value);
}

/**
 * oci_json_object_get_array:
 * @object: an object
 * @member: a member name
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (transfer none) (nullable): the member's array, %NULL if absent or not an array
 */
JsonArray *
oci_json_object_get_array (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * oci_json_object_get_object:
 * @object: an object
 * @member: a member name
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (transfer none) (nullable): the member's object, %NULL if absent or not an object
 */
JsonObject *
oci_json_object_get_object (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * oci_json_array_get_string:
 * @array: an array
 * @index: an index
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: (nullable): the string at @index, %NULL if out of range or not a
 *   string (the schema reports wrong types; checkers pass them by)
 */
const char *
oci_json_array_get_string (JsonArray *array, guint index)
{
  return node_string (array && index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL);
}

/**
 * oci_json_node_is_string_array:
 * @node: (nullable): a node
 *
 * Thread safety: it only reads what it is given: safe from checker threads
 * under `validate --jobs`, on the checker's own config.
 *
 * Returns: %TRUE if @node is an array whose elements are all strings
 */
gboolean
oci_json_node_is_string_array (JsonNode *node)
{
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (node_string (json_array_get_element (a, i)) == NULL)
      return FALSE;
  return TRUE;
}
