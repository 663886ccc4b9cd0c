/* oci-generate.c — the generate context and the generic option appliers
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "oci-error.h"
#include "oci-generate.h"
#include "oci-json-private.h"
#include "oci-registry-private.h"
#include "oci-semver.h"

struct _OciGenerateContext
{
  OciConfig *config;
  char *os;
  char *arch;
  char *release;
  gboolean from_template;
  gboolean host_specific;
  char *output_pointer;
  GData *data;
  GPtrArray *finish; /* OciGenerateFinishFunc, as gpointer */
  GPtrArray *notes;  /* char * */
  GPtrArray *pending;           /* ElementIndex with marked elements */
  const OciOption *applying;    /* the option being applied */
  const OciOption *pending_option; /* the one that marked them */
};

static void compact_pending (OciGenerateContext *gen);

/**
 * oci_generate_context_new:
 * @config: the config to edit (a template's, or an empty one)
 * @os: target os
 * @arch: target architecture
 * @release: target spec release
 * @from_template: %TRUE when @config came from --template
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: (transfer full): a context; free with oci_generate_context_free()
 */
OciGenerateContext *
oci_generate_context_new (OciConfig *config, const char *os, const char *arch,
                          const char *release, gboolean from_template)
{
  OciGenerateContext *gen = g_new0 (OciGenerateContext, 1);

  gen->config = g_object_ref (config);
  gen->os = g_strdup (os);
  gen->arch = g_strdup (arch);
  gen->release = g_strdup (release);
  gen->from_template = from_template;
  g_datalist_init (&gen->data);
  gen->finish = g_ptr_array_new ();
  gen->notes = g_ptr_array_new_with_free_func (g_free);
  gen->pending = g_ptr_array_new ();
  return gen;
}

/**
 * oci_generate_context_free:
 * @gen: (nullable): a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_free (OciGenerateContext *gen)
{
  if (gen == NULL)
    return;
  g_object_unref (gen->config);
  g_free (gen->os);
  g_free (gen->arch);
  g_free (gen->release);
  g_free (gen->output_pointer);
  compact_pending (gen);
  g_ptr_array_unref (gen->pending);
  g_datalist_clear (&gen->data);
  g_ptr_array_unref (gen->finish);
  g_ptr_array_unref (gen->notes);
  g_free (gen);
}

/**
 * oci_generate_context_set_host_specific:
 * @gen: a context
 * @host_specific: whether defaults may look at the host
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_set_host_specific (OciGenerateContext *gen, gboolean host_specific)
{
  gen->host_specific = host_specific;
}

/**
 * oci_generate_context_get_config:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: (transfer none): the config being generated
 */
OciConfig *
oci_generate_context_get_config (OciGenerateContext *gen)
{
  return gen->config;
}

/**
 * oci_generate_context_get_os:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: the target os
 */
const char *
oci_generate_context_get_os (OciGenerateContext *gen)
{
  return gen->os;
}

/**
 * oci_generate_context_get_arch:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: the target architecture (GOARCH spelling)
 */
const char *
oci_generate_context_get_arch (OciGenerateContext *gen)
{
  return gen->arch;
}

/**
 * oci_generate_context_get_release:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: the target spec release
 */
const char *
oci_generate_context_get_release (OciGenerateContext *gen)
{
  return gen->release;
}

/**
 * oci_generate_context_is_host_specific:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE with --host-specific
 */
gboolean
oci_generate_context_is_host_specific (OciGenerateContext *gen)
{
  return gen->host_specific;
}

/**
 * oci_generate_context_has_template:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE when the config came from --template
 */
gboolean
oci_generate_context_has_template (OciGenerateContext *gen)
{
  return gen->from_template;
}

/**
 * oci_generate_context_set_output_pointer:
 * @gen: a context
 * @pointer: (nullable): write only this part of the config
 *
 * For options like --linux-seccomp-only.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_set_output_pointer (OciGenerateContext *gen, const char *pointer)
{
  g_free (gen->output_pointer);
  gen->output_pointer = g_strdup (pointer);
}

/**
 * oci_generate_context_get_output_pointer:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: (nullable): the part to write, %NULL for all
 */
const char *
oci_generate_context_get_output_pointer (OciGenerateContext *gen)
{
  return gen->output_pointer;
}

/**
 * oci_generate_context_get_data:
 * @gen: a context
 * @key: a name, by convention prefixed with the plugin's
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: (transfer none) (nullable): state a plugin keeps across options
 */
gpointer
oci_generate_context_get_data (OciGenerateContext *gen, const char *key)
{
  return g_datalist_get_data (&gen->data, key);
}

/**
 * oci_generate_context_set_data:
 * @gen: a context
 * @key: a name
 * @data: (nullable): the value
 * @destroy: (nullable): frees @data
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_set_data (OciGenerateContext *gen, const char *key, gpointer data,
                               GDestroyNotify destroy)
{
  g_datalist_set_data_full (&gen->data, key, data, destroy);
}

/* ---- finding elements of large arrays --------------------------------- */

/* Where each key sits in one array, kept across options so that n options
 * adding to or removing from an array cost O(n log n), not O(n²). Every
 * element indexed gets a serial number, which is its position: removing
 * an element only marks its serial (a tombstone), because json-glib
 * moves the array's tail on each removal. The marked elements leave the
 * array in one O(n) pass (compaction) before any other option runs, when
 * every element is marked, and at oci_generate_context_finish(): a run of
 * one removal option sees the array as it would with each removal done,
 * through this index. Elements added since the last look-up are indexed
 * then; a change it cannot follow (a shorter array, another last element
 * than the one indexed, a hit whose key is gone) makes it start over. */
typedef struct
{
  char *name;            /* its key in the context's data */
  JsonArray *array;      /* a reference: its address is not reused */
  char *member;          /* NULL: the NAME of "NAME=VALUE" strings */
  guint indexed;         /* elements of the array indexed: serials 0..indexed-1 */
  JsonNode *last;
  GHashTable *serials;   /* key -> GArray of the serials with that key, ascending */
  guint8 *removed;       /* per serial: marked for removal or not */
  guint n_removed;
  guint capacity;
} ElementIndex;

static void
element_index_free (gpointer data)
{
  ElementIndex *ix = data;

  json_array_unref (ix->array);
  g_free (ix->name);
  g_free (ix->member);
  g_hash_table_unref (ix->serials);
  g_free (ix->removed);
  g_free (ix);
}

/* Takes the marked elements out of @ix's array in one pass, keeping the
 * order of the others and the array itself, and forgets @ix. */
static void
element_index_compact (OciGenerateContext *gen, ElementIndex *ix)
{
  JsonArray *array = ix->array;
  guint n = json_array_get_length (array);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_full (n - MIN (n, ix->n_removed), NULL);

  for (guint i = 0; i < n; i++)
    if (i >= ix->indexed || !ix->removed[i])
      g_ptr_array_add (kept, json_node_ref (json_array_get_element (array, i)));
  /* removing from the end moves nothing */
  for (guint i = n; i > 0; i--)
    json_array_remove_element (array, i - 1);
  for (guint i = 0; i < kept->len; i++)
    json_array_add_element (array, kept->pdata[i]);
  g_ptr_array_remove (gen->pending, ix);
  g_datalist_remove_data (&gen->data, ix->name);
}

static void
compact_pending (OciGenerateContext *gen)
{
  while (gen->pending->len > 0)
    element_index_compact (gen, gen->pending->pdata[gen->pending->len - 1]);
}

/* The key of @node, or NULL; @node's own string when it can be. */
static const char *
element_key (JsonNode *node, const char *member, char **owned)
{
  const char *s;

  *owned = NULL;
  if (member)
    return JSON_NODE_HOLDS_OBJECT (node) ? oci_json_object_get_string (json_node_get_object (node), member) : NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  s = json_node_get_string (node);
  return strchr (s, '=') ? (*owned = g_strndup (s, strcspn (s, "="))) : s;
}

static void
element_index_extend (ElementIndex *ix)
{
  guint n = json_array_get_length (ix->array);

  if (n > ix->capacity)
    {
      guint capacity = MAX (n, ix->capacity * 2);

      ix->removed = g_realloc (ix->removed, capacity);
      memset (ix->removed + ix->capacity, 0, capacity - ix->capacity);
      ix->capacity = capacity;
    }
  for (guint serial = ix->indexed; serial < n; serial++)
    {
      g_autofree char *owned = NULL;
      const char *key = element_key (json_array_get_element (ix->array, serial), ix->member, &owned);
      GArray *list;

      if (key == NULL)
        continue;
      list = g_hash_table_lookup (ix->serials, key);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (ix->serials, owned ? g_steal_pointer (&owned) : g_strdup (key), list);
        }
      g_array_append_val (list, serial);
    }
  ix->indexed = n;
  ix->last = n ? json_array_get_element (ix->array, n - 1) : NULL;
}

static ElementIndex *
element_index_get (OciGenerateContext *gen, JsonArray *array, const char *member, gboolean restart)
{
  g_autofree char *name = g_strdup_printf ("oci-element-index-%s", member ? member : "=");
  ElementIndex *ix = g_datalist_get_data (&gen->data, name);
  guint n = json_array_get_length (array);

  if (ix && (restart || ix->array != array || n < ix->indexed
             || (ix->indexed && json_array_get_element (array, ix->indexed - 1) != ix->last)))
    {
      if (ix->n_removed > 0)
        element_index_compact (gen, ix);
      else
        g_datalist_remove_data (&gen->data, name);
      ix = NULL;
    }
  if (ix == NULL)
    {
      ix = g_new0 (ElementIndex, 1);
      ix->name = g_strdup (name);
      ix->array = json_array_ref (array);
      ix->member = g_strdup (member);
      ix->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
      g_datalist_set_data_full (&gen->data, name, ix, element_index_free);
    }
  element_index_extend (ix);
  return ix;
}

/* The position of the first element with @key not marked for removal,
 * checked against the array: -1 when there is none, -2 when the index no
 * longer matches the array. Marked elements are still in the array, so
 * the position counts them. */
static gint
element_index_find (ElementIndex *ix, const char *key)
{
  GArray *list = g_hash_table_lookup (ix->serials, key);
  g_autofree char *owned = NULL;
  const char *there;
  guint at;

  if (list == NULL || list->len == 0)
    return -1;
  at = g_array_index (list, guint, 0);
  if (at >= json_array_get_length (ix->array))
    return -2;
  there = element_key (json_array_get_element (ix->array, at), ix->member, &owned);
  return g_strcmp0 (there, key) == 0 ? (gint) at : -2;
}

/**
 * oci_generate_context_find_element:
 * @gen: a context
 * @array: (nullable): an array of the config
 * @member: (nullable): the member of object elements that is their key;
 *   %NULL for "NAME=VALUE" strings (process.env), keyed by NAME
 * @key: the key wanted
 *
 * Finds the first element of @array with @key, as a scan from the start
 * would, in logarithmic time: options that add to large arrays (20,000
 * --linux-device-add, an env file of 60,000 variables) look up whether the
 * element is there already through an index kept in @gen. Elements that
 * oci_generate_context_remove_element() removed are taken out of their
 * array first.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: its position, or -1
 */
gint
oci_generate_context_find_element (OciGenerateContext *gen, JsonArray *array, const char *member,
                                   const char *key)
{
  compact_pending (gen);
  for (int attempt = 0; array && attempt < 2; attempt++)
    {
      gint at = element_index_find (element_index_get (gen, array, member, attempt > 0), key);
      if (at != -2)
        return at;
    }
  return -1;
}

/**
 * oci_generate_context_remove_element:
 * @gen: a context
 * @array: an array of the config
 * @member: (nullable): its key, as for oci_generate_context_find_element()
 * @key: the key of the element to remove
 *
 * Removes the first element of @array with @key in logarithmic time: while
 * one option is applied again and again (a run of --mounts-remove), the
 * element is only marked, and the marked elements of @array leave it in
 * one pass before another option is applied, when none is left (so that
 * json_array_get_length() then says 0), or at
 * oci_generate_context_finish(). Outside oci_generate_context_apply() the
 * element leaves @array at once.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: the position it had, or -1 when there was none
 */
gint
oci_generate_context_remove_element (OciGenerateContext *gen, JsonArray *array, const char *member,
                                     const char *key)
{
  for (int attempt = 0; array && attempt < 2; attempt++)
    {
      ElementIndex *ix = element_index_get (gen, array, member, attempt > 0);
      gint at = element_index_find (ix, key);
      GArray *list;

      if (at == -1)
        return -1;
      if (at == -2)
        continue;
      list = g_hash_table_lookup (ix->serials, key);
      g_array_remove_index (list, 0);
      ix->removed[at] = 1;
      if (ix->n_removed++ == 0)
        g_ptr_array_add (gen->pending, ix);
      if (gen->applying == NULL || ix->n_removed == json_array_get_length (array))
        element_index_compact (gen, ix);
      else
        gen->pending_option = gen->applying;
      return at;
    }
  return -1;
}

/* Elements that oci_generate_context_remove_element() marked leave their
 * arrays: before another option (or anything else) reads them. */
static void
flush_pending (OciGenerateContext *gen)
{
  compact_pending (gen);
  gen->pending_option = NULL;
}

/**
 * oci_generate_context_apply:
 * @gen: a context
 * @option: the option
 * @value: (nullable): its value as given
 * @error: an #OCI_OPTION_ERROR naming the option, the value and its syntax
 *
 * Applies one occurrence, refusing an option whose field the target
 * release lacks.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_generate_context_apply (OciGenerateContext *gen, const OciOption *option, const char *value,
                            GError **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (option->since && gen->release && oci_semver_compare_strings (gen->release, option->since) < 0)
    {
      g_set_error (error, OCI_OPTION_ERROR, OCI_OPTION_ERROR_UNSUPPORTED,
                   "--%s: the field it sets is new in runtime-spec %s; the target release is %s",
                   option->name, option->since, gen->release);
      return FALSE;
    }
  /* marked elements leave their arrays before another option looks */
  if (gen->pending_option != option)
    flush_pending (gen);
  gen->applying = option;
  ok = option->apply (gen, option, value, &local);
  gen->applying = NULL;
  if (!ok)
    {
      if (local == NULL)
        local = g_error_new (OCI_OPTION_ERROR, OCI_OPTION_ERROR_FAILED, "--%s failed", option->name);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * oci_generate_context_add_finish:
 * @gen: a context
 * @func: run by oci_generate_context_finish(); added once however often
 *   it is given
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_add_finish (OciGenerateContext *gen, OciGenerateFinishFunc func)
{
  if (!g_ptr_array_find (gen->finish, (gpointer) func, NULL))
    g_ptr_array_add (gen->finish, (gpointer) func);
}

/**
 * oci_generate_context_finish:
 * @gen: a context whose options were all applied
 *
 * Brings the config up to date after the last option (elements that
 * oci_generate_context_remove_element() marked leave their arrays), then
 * runs the finish functions, in the order they were added. Call it before
 * the config is read or saved.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_finish (OciGenerateContext *gen)
{
  flush_pending (gen);
  for (guint i = 0; i < gen->finish->len; i++)
    ((OciGenerateFinishFunc) gen->finish->pdata[i]) (gen);
}

/**
 * oci_generate_context_add_note:
 * @gen: a context
 * @format: printf-style text of one line: what the user should know about
 *   the config (something dropped, something it still lacks)
 * @...: arguments
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 */
void
oci_generate_context_add_note (OciGenerateContext *gen, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (gen->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/**
 * oci_generate_context_get_notes:
 * @gen: a context
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: (transfer none) (element-type utf8): the notes, in order
 */
GPtrArray *
oci_generate_context_get_notes (OciGenerateContext *gen)
{
  return gen->notes;
}

/* ---- what a clearing option drops ---------------------------------------
 * "--x-add A --x-remove-all" drops A (command-line order, unlike the Go
 * tool, which keeps it): said in a note. Only options sharing a list with
 * a clearing option after them are watched, so that a command line
 * without one costs nothing. */

static gboolean
pointers_overlap (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gsize n = MIN (la, lb);

  if (strncmp (a, b, n) != 0)
    return FALSE;
  return la == lb || (la < lb ? b[la] == '/' || a[la - 1] == '/' : a[lb] == '/' || b[lb - 1] == '/');
}

/* The elements of the arrays at @node (itself, or its members'), as
 * "POINTER\tJSON" strings. */
static void
collect_elements (JsonNode *node, const char *pointer, GHashTable *into)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *text = json_to_string (json_array_get_element (array, i), FALSE);
          g_hash_table_add (into, g_strdup_printf ("%s\t%s", pointer, text));
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (JSON_NODE_HOLDS_ARRAY (member))
          {
            g_autofree char *sub = oci_json_pointer_append (pointer, name);
            collect_elements (member, sub, into);
          }
    }
}

static GHashTable *
snapshot (OciGenerateContext *gen, const char *pointer)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  flush_pending (gen); /* marked elements are gone already */
  collect_elements (oci_config_lookup (gen->config, pointer), pointer, set);
  return set;
}

/* Records, element -> the option that added it, what @option added. */
static void
record_added (GHashTable *before, GHashTable *after, const OciOption *option, GHashTable *added)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (before, key))
      g_hash_table_insert (added, g_strdup (key), (gpointer) option);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* One note per element an earlier option added that @option removed,
 * naming every list it was removed from. */
static void
note_dropped (OciGenerateContext *gen, GHashTable *before, GHashTable *after, const OciOption *option,
              GHashTable *added)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_iter_init (&iter, added);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (before, key) && !g_hash_table_contains (after, key))
      {
        const char *tab = strchr (key, '\t');
        /* "ELEMENT\tOPTION\tPOINTER": sorted, one element's lists are neighbours */
        g_ptr_array_add (dropped, g_strdup_printf ("%s\t%s\t%.*s", tab + 1, ((const OciOption *) value)->name,
                                                   (int) (tab - (const char *) key), (const char *) key));
        g_hash_table_iter_remove (&iter);
      }
  g_ptr_array_sort (dropped, compare_strings);
  for (guint i = 0; i < dropped->len;)
    {
      g_auto(GStrv) first = g_strsplit (dropped->pdata[i], "\t", 3);
      g_autoptr(GString) lists = g_string_new (first[2]);

      for (i++; i < dropped->len; i++)
        {
          g_auto(GStrv) next = g_strsplit (dropped->pdata[i], "\t", 3);
          if (strcmp (next[0], first[0]) != 0 || strcmp (next[1], first[1]) != 0)
            break;
          g_string_append_printf (lists, ", %s", next[2]);
        }
      oci_generate_context_add_note (gen, "--%s drops %.80s%s (%s), which --%s added before it: options apply in "
                                     "command-line order (the Go tool would keep it); give --%s after --%s to "
                                     "keep it", option->name, first[0], strlen (first[0]) > 80 ? "..." : "",
                                     lists->str, first[1], first[1], option->name);
    }
}

static gboolean
clears (const OciOption *option, const char *value)
{
  gboolean on = TRUE;

  return (option->flags & OCI_OPTION_CLEARS) && option->pointer
         && (value == NULL || oci_option_parse_bool (option, value, &on, NULL)) && on;
}

/* TRUE when a clearing option after @i shares a list with option @i. */
static gboolean
cleared_later (const OciOption *const *options, const char *const *values, guint n, guint i)
{
  if (options[i]->pointer == NULL)
    return FALSE;
  for (guint j = i + 1; j < n; j++)
    if (clears (options[j], values[j]) && pointers_overlap (options[i]->pointer, options[j]->pointer))
      return TRUE;
  return FALSE;
}

/**
 * oci_generate_context_apply_all:
 * @gen: a context
 * @options: (array length=n): the options, in command-line order
 * @values: (array length=n): their values (%NULL for a bare flag)
 * @n: their number
 * @error: the first option's error
 *
 * Applies each with oci_generate_context_apply(). An option with
 * %OCI_OPTION_CLEARS that removes what an option before it added gets a
 * note (oci_generate_context_get_notes()) naming both and the elements.
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE when every option applied
 */
gboolean
oci_generate_context_apply_all (OciGenerateContext *gen, const OciOption *const *options,
                                const char *const *values, guint n, GError **error)
{
  return oci_generate_context_apply_all_with (gen, options, values, n, NULL, NULL, error);
}

/* oci_generate_context_apply_all(), each option applied by @apply (the
 * registry's, which runs third-party options in the plugin host), or by
 * oci_generate_context_apply() when %NULL. */
gboolean
oci_generate_context_apply_all_with (OciGenerateContext *gen, const OciOption *const *options,
                                     const char *const *values, guint n, OciGenerateApplyFunc apply,
                                     gpointer apply_data, GError **error)
{
  g_autoptr(GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean watch_clear = clears (options[i], values[i]) && g_hash_table_size (added) > 0;
      gboolean watch_add = !watch_clear && cleared_later (options, values, n, i);
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;

      if (watch_clear || watch_add)
        before = snapshot (gen, options[i]->pointer);
      if (!(apply ? apply (apply_data, gen, options[i], values[i], error)
                  : oci_generate_context_apply (gen, options[i], values[i], error)))
        return FALSE;
      if (before == NULL)
        continue;
      after = snapshot (gen, options[i]->pointer);
      if (watch_add)
        record_added (before, after, options[i], added);
      else
        note_dropped (gen, before, after, options[i], added);
    }
  return TRUE;
}

/**
 * oci_option_value_error:
 * @option: the option
 * @value: (nullable): the bad value
 * @format: printf-style reason
 * @...: arguments
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): an %OCI_OPTION_ERROR_VALUE saying
 *   `--NAME: invalid value "VALUE": REASON (syntax: --NAME SYNTAX)`
 */
GError *
oci_option_value_error (const OciOption *option, const char *value, const char *format, ...)
{
  va_list args;
  g_autofree char *reason = NULL;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  return g_error_new (OCI_OPTION_ERROR, OCI_OPTION_ERROR_VALUE,
                      "--%s: invalid value \"%s\": %s (syntax: --%s %s)", option->name,
                      value ? value : "", reason, option->name,
                      option->syntax ? option->syntax : "[=true|false]");
}

/**
 * oci_option_parse_bool:
 * @option: the option
 * @value: (nullable): %NULL (flag given bare) means true
 * @out: (out): the boolean
 * @error: a value error
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_parse_bool (const OciOption *option, const char *value, gboolean *out, GError **error)
{
  static const char *const yes[] = { "true", "1", "t", "T", "TRUE", "True", NULL };
  static const char *const no[] = { "false", "0", "f", "F", "FALSE", "False", NULL };

  if (value == NULL)
    return (*out = TRUE);
  if (g_strv_contains (yes, value))
    return (*out = TRUE);
  if (g_strv_contains (no, value))
    {
      *out = FALSE;
      return TRUE;
    }
  g_propagate_error (error, oci_option_value_error (option, value, "expected true or false"));
  return FALSE;
}

/**
 * oci_option_parse_int64:
 * @option: the option
 * @value: decimal text
 * @out: (out): the number
 * @error: a value error
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_parse_int64 (const OciOption *option, const char *value, gint64 *out, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, out, &local))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected a signed 64-bit integer"));
      return FALSE;
    }
  return TRUE;
}

/**
 * oci_option_parse_uint64:
 * @option: the option
 * @value: decimal text
 * @out: (out): the number (at most G_MAXINT64: JSON trees hold signed integers)
 * @error: a value error
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_parse_uint64 (const OciOption *option, const char *value, guint64 *out, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, out, &local))
    {
      g_propagate_error (error, oci_option_value_error (option, value,
                                                        "expected an unsigned integer up to %" G_GINT64_FORMAT,
                                                        G_MAXINT64));
      return FALSE;
    }
  return TRUE;
}

/**
 * oci_option_parse_json:
 * @option: the option
 * @value: JSON text
 * @error: a value error with the parser's line:column
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full) (nullable): the value, %NULL with @error set
 */
JsonNode *
oci_option_parse_json (const OciOption *option, const char *value, GError **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *node;

  if (value == NULL)
    value = "";
  node = oci_json_parse (value, strlen (value), "value", &local);
  if (node == NULL)
    g_propagate_error (error, oci_option_value_error (option, value, "not valid JSON: %s", local->message));
  return node;
}

/**
 * oci_option_parse_json_object:
 * @option: the option
 * @value: JSON text that must be an object
 * @error: a value error (not JSON, or not an object)
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full) (nullable): the object node, %NULL with @error set
 */
JsonNode *
oci_option_parse_json_object (const OciOption *option, const char *value, GError **error)
{
  g_autoptr(JsonNode) node = oci_option_parse_json (option, value, error);

  if (node && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, oci_option_value_error (option, value, "expected a JSON object"));
      return NULL;
    }
  return g_steal_pointer (&node);
}

/**
 * oci_option_set_string:
 * @gen: the context
 * @option: an option whose @pointer names a string field
 * @value: the string
 * @error: unused
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE
 */
gboolean
oci_option_set_string (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  oci_config_set_string (gen->config, option->pointer, value ? value : "");
  return TRUE;
}

/**
 * oci_option_append_string:
 * @gen: the context
 * @option: an option whose @pointer names an array of strings
 * @value: the string to append
 * @error: unused
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE
 */
gboolean
oci_option_append_string (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  oci_config_append_string (gen->config, option->pointer, value ? value : "");
  return TRUE;
}

/**
 * oci_option_set_bool:
 * @gen: the context
 * @option: an option whose @pointer names a boolean field
 * @value: (nullable): "true"/"false", %NULL for true
 * @error: a value error
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_set_bool (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean b;

  if (!oci_option_parse_bool (option, value, &b, error))
    return FALSE;
  oci_config_set_boolean (gen->config, option->pointer, b);
  return TRUE;
}

/**
 * oci_option_set_bool_omitempty:
 * @gen: the context
 * @option: an option whose @pointer names a boolean field
 * @value: (nullable): "true"/"false", %NULL for true
 * @error: a value error
 *
 * As oci_option_set_bool(), but false removes the member, as Go's encoder
 * omits a false field tagged omitempty (so the output matches the Go tool's).
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_set_bool_omitempty (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gboolean b;

  if (!oci_option_parse_bool (option, value, &b, error))
    return FALSE;
  if (!b)
    {
      oci_config_remove (gen->config, option->pointer);
      return TRUE;
    }
  oci_config_set_boolean (gen->config, option->pointer, TRUE);
  return TRUE;
}

/**
 * oci_option_set_int64:
 * @gen: the context
 * @option: an option whose @pointer names an integer field
 * @value: decimal text
 * @error: a value error
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_set_int64 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  gint64 v;

  if (!oci_option_parse_int64 (option, value, &v, error))
    return FALSE;
  oci_config_set_int (gen->config, option->pointer, v);
  return TRUE;
}

/**
 * oci_option_set_uint64:
 * @gen: the context
 * @option: an option whose @pointer names an unsigned integer field
 * @value: decimal text
 * @error: a value error
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_set_uint64 (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  guint64 v;

  if (!oci_option_parse_uint64 (option, value, &v, error))
    return FALSE;
  oci_config_set_int (gen->config, option->pointer, (gint64) v);
  return TRUE;
}

/**
 * oci_option_set_json:
 * @gen: the context
 * @option: an option whose @pointer names any field
 * @value: JSON text
 * @error: a value error
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_set_json (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonNode *node = oci_option_parse_json (option, value, error);

  if (node == NULL)
    return FALSE;
  oci_config_set_node (gen->config, option->pointer, node);
  return TRUE;
}

/**
 * oci_option_append_json:
 * @gen: the context
 * @option: an option whose @pointer names an array
 * @value: JSON text of one element
 * @error: a value error
 *
 * Thread safety: generate's API: call it on the thread that applies the
 * options to this context (each context belongs to one thread), never from
 * checker threads under `validate --jobs`.
 *
 * Returns: %TRUE on success
 */
gboolean
oci_option_append_json (OciGenerateContext *gen, const OciOption *option, const char *value, GError **error)
{
  JsonNode *node = oci_option_parse_json (option, value, error);

  if (node == NULL)
    return FALSE;
  oci_config_append (gen->config, option->pointer, node);
  return TRUE;
}
