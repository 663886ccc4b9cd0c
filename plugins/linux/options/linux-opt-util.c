/* linux-opt-util.c — parsing and editing helpers of the linux generate options
 *
 * The Go bindings write most members with omitempty, and the Go tool drops
 * a linux object that ends up empty; the helpers that remove things do the
 * same, so that our output matches the Go tool's.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "linux-options-private.h"

gboolean
linux_opt_release_at_least (OciGenerateContext *gen, const char *release)
{
  const char *target = oci_generate_context_get_release (gen);

  return target == NULL || oci_semver_compare_strings (target, release) >= 0;
}

/* Parses @text, one field of @value, as an integer from 0 to @max. */
gboolean
linux_opt_parse_unsigned (const OciOption *option, const char *value, const char *what, const char *text,
                          guint64 max, guint64 *out, GError **error)
{
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "%s \"%s\" is not an integer from 0 to %" G_GUINT64_FORMAT,
                                                        what, text ? text : "", max));
      return FALSE;
    }
  return TRUE;
}

gboolean
linux_opt_parse_signed (const OciOption *option, const char *value, const char *what, const char *text,
                        gint64 min, gint64 max, gint64 *out, GError **error)
{
  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "%s \"%s\" is not an integer from %" G_GINT64_FORMAT
                                                        " to %" G_GINT64_FORMAT,
                                                        what, text ? text : "", min, max));
      return FALSE;
    }
  return TRUE;
}

/* Splits @value at each ':' into @min to @max fields. */
GStrv
linux_opt_split (const OciOption *option, const char *value, guint min, guint max, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", -1);
  guint n = g_strv_length (parts);

  if (n < min || n > max)
    {
      if (min == max)
        g_propagate_error (error, oci_option_value_error (option, value, "expected %u fields separated by ':'", min));
      else
        g_propagate_error (error, oci_option_value_error (option, value,
                                                          "expected %u to %u fields separated by ':'", min, max));
      return NULL;
    }
  return g_steal_pointer (&parts);
}

gboolean
linux_opt_check_enum (const OciOption *option, const char *value, const char *what, const char *text,
                      const char *const *allowed, GError **error)
{
  g_autofree char *list = NULL;

  if (text && g_strv_contains (allowed, text))
    return TRUE;
  list = g_strjoinv (", ", (char **) allowed);
  g_propagate_error (error, oci_option_value_error (option, value, "%s \"%s\" is not one of %s", what,
                                                    text ? text : "", list));
  return FALSE;
}

/* Index of the first object of @array whose @member is the string @want. */
gint
linux_opt_find_by_string (JsonArray *array, const char *member, const char *want)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (oci_json_object_get_string (json_node_get_object (node), member), want) == 0)
        return (gint) i;
    }
  return -1;
}

/* Drops /linux once it has no member left, as the Go tool does. */
void
linux_opt_prune (OciConfig *config)
{
  JsonObject *linux_obj = oci_config_get_object (config, "/linux");

  if (linux_obj && json_object_get_size (linux_obj) == 0)
    oci_config_remove (config, "/linux");
}

void
linux_opt_remove (OciConfig *config, const char *pointer)
{
  oci_config_remove (config, pointer);
  linux_opt_prune (config);
}

/* Removes element @index of the array at @pointer, then the array once
 * empty (omitempty), then an empty /linux. */
void
linux_opt_remove_element (OciConfig *config, const char *pointer, guint index)
{
  g_autofree char *element = oci_json_pointer_append_index (pointer, index);
  JsonArray *array;

  oci_config_remove (config, element);
  array = oci_config_get_array (config, pointer);
  if (array && json_array_get_length (array) == 0)
    oci_config_remove (config, pointer);
  linux_opt_prune (config);
}

/* Appends a new empty object to the array at @pointer. */
JsonObject *
linux_opt_append_object (OciConfig *config, const char *pointer)
{
  JsonArray *array = oci_config_ensure_array (config, pointer);

  json_array_add_object_element (array, json_object_new ());
  return json_array_get_object_element (array, json_array_get_length (array) - 1);
}

/* For string members written with omitempty: "" removes the member. */
gboolean
linux_opt_set_string_omitempty (OciGenerateContext *gen, const OciOption *option, const char *value,
                                GError **error)
{
  if (value == NULL || *value == '\0')
    {
      linux_opt_remove (oci_generate_context_get_config (gen), option->pointer);
      return TRUE;
    }
  return oci_option_set_string (gen, option, value, error);
}

/* For boolean members written with omitempty: false removes the member. */
gboolean
linux_opt_set_bool_omitempty (OciGenerateContext *gen, const OciOption *option, const char *value,
                              GError **error)
{
  gboolean b;

  if (!oci_option_parse_bool (option, value, &b, error))
    return FALSE;
  if (!b)
    {
      linux_opt_remove (oci_generate_context_get_config (gen), option->pointer);
      return TRUE;
    }
  return oci_option_set_bool (gen, option, value, error);
}

static gboolean
set_bounded (OciGenerateContext *gen, const OciOption *option, const char *value, guint64 max, GError **error)
{
  guint64 v;

  if (!linux_opt_parse_unsigned (option, value, option->syntax, value, max, &v, error))
    return FALSE;
  oci_config_set_int (oci_generate_context_get_config (gen), option->pointer, (gint64) v);
  return TRUE;
}

gboolean
linux_opt_set_uint32 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return set_bounded (gen, option, value, G_MAXUINT32, error);
}

gboolean
linux_opt_set_uint16 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  return set_bounded (gen, option, value, G_MAXUINT16, error);
}

/* A flag removing option->pointer when true (=false does nothing). */
gboolean
linux_opt_remove_all (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean set;

  if (!oci_option_parse_bool (option, value, &set, error))
    return FALSE;
  if (set)
    linux_opt_remove (oci_generate_context_get_config (gen), option->pointer);
  return TRUE;
}
