/* oci-registry.c — plugin discovery, checks, activation and the indexes
 *
 * Discovery reads each module's metadata section without opening it: a
 * file without valid metadata, or that is not a regular file, is never
 * opened (a constructor runs at dlopen time). Activation opens only the
 * plugins whose platforms match the target, checks the descriptor field by
 * field, runs init and commits what init registered only when nothing
 * clashes with what is already there: built-in plugins first, so that a
 * third-party plugin can never displace one of them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oci-error.h"
#include "oci-plugin-host-private.h"
#include "oci-plugin-private.h"
#include "oci-registry-private.h"
#include "oci-registry.h"

/* The fields an ABI-1 descriptor must have, whatever it appends later. */
#define OCI_PLUGIN_DESC_MIN_SIZE (offsetof (OciPluginDesc, init) + sizeof (OciPluginInitFunc))

/* The requirement of the core's JSON Schema checker: the only rule the core
 * itself enforces, and it is data (the schemas), not knowledge of an area. */
static const OciRequirement core_requirements[] = {
  { "schema", OCI_LEVEL_MUST, "schema/README.md", "", "1.0.0", NULL,
    "the document MUST match the JSON Schema of the runtime-spec release it names" },
};

struct _OciRegistry
{
  GObject parent_instance;

  GPtrArray *search_dirs;  /* char * */
  GHashTable *name_filter; /* NULL: activate all */
  GHashTable *disabled;    /* names turned off with --disable-plugin */
  GPtrArray *builtin_dirs; /* char *: hold our own plugins, besides OCI_PLUGINDIR */
  OciIsolation isolation;
  guint timeout_ms;        /* per isolated checker */
  /* Plugin hosts, created when an isolated plugin is first loaded; one
   * per thread that needs one at once (validate's workers). */
  GPtrArray *hosts;        /* OciPluginHost *, owned */
  GPtrArray *idle_hosts;   /* OciPluginHost *, under host_lock */
  gboolean in_host;        /* this process is the plugin host */
  GMutex host_lock;
  /* Trial loads asked of trial_host and not answered yet, in order
   * (oci_registry_begin_trial_loads()), and the answers taken but not yet
   * used: plugin -> why it failed, NULL when it loaded. */
  GPtrArray *trials;       /* OciPlugin * */
  OciPluginHost *trial_host;
  GHashTable *trial_answers;
  GPtrArray *plugins;      /* OciPlugin *, owned */
  GHashTable *by_name;     /* name -> OciPlugin * */
  GPtrArray *warnings;     /* char * */
  gboolean discovered;

  /* The parts of active plugins, in activation order. The tables that
   * index them are built when first asked for: a run that finds nothing
   * to report never needs most of them, and building them cost more than
   * opening the plugins. */
  GPtrArray *active;           /* OciPlugin *, in activation order */
  GPtrArray *checkers;         /* const OciChecker * */
  GPtrArray *checker_owners;   /* OciPlugin *, parallel to checkers */
  GHashTable *checker_plugin;  /* const OciChecker * -> OciPlugin *, lazy */
  guint checkers_indexed;
  GPtrArray *options;          /* const OciOption * */
  GPtrArray *option_names;     /* const OciOption *, sorted by name */
  GPtrArray *requirements;     /* const OciRequirement * */
  GHashTable *requirement_ids; /* id -> GPtrArray of rows, lazy */
  guint requirements_indexed;
  GHashTable *field_orders;    /* pattern -> const OciFieldOrder *, lazy */
  guint field_orders_indexed;  /* plugins of @active indexed */
  /* Builds the lazy indexes above. Threads may look things up at once
   * (runtime-validate's cases, validate's workers): the first to find an
   * index short builds it under the lock, and publishes its count last. */
  GMutex index_lock;
  GPtrArray *defaults;         /* OciDefaultsFunc, as gpointer */
  GPtrArray *runtime_cases;    /* const OciRuntimeCase * */
};

G_DEFINE_FINAL_TYPE (OciRegistry, oci_registry, G_TYPE_OBJECT)

static void
oci_registry_finalize (GObject *object)
{
  OciRegistry *self = OCI_REGISTRY (object);

  g_ptr_array_unref (self->search_dirs);
  g_clear_pointer (&self->name_filter, g_hash_table_unref);
  g_hash_table_unref (self->disabled);
  g_ptr_array_unref (self->builtin_dirs);
  g_ptr_array_unref (self->idle_hosts);
  g_ptr_array_unref (self->hosts);
  g_mutex_clear (&self->host_lock);
  g_ptr_array_unref (self->trials);
  g_hash_table_unref (self->trial_answers);
  g_ptr_array_unref (self->plugins);
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->active);
  g_ptr_array_unref (self->checkers);
  g_ptr_array_unref (self->checker_owners);
  g_hash_table_unref (self->checker_plugin);
  g_ptr_array_unref (self->options);
  g_ptr_array_unref (self->option_names);
  g_ptr_array_unref (self->requirements);
  g_hash_table_unref (self->requirement_ids);
  g_hash_table_unref (self->field_orders);
  g_mutex_clear (&self->index_lock);
  g_ptr_array_unref (self->defaults);
  g_ptr_array_unref (self->runtime_cases);
  G_OBJECT_CLASS (oci_registry_parent_class)->finalize (object);
}

static void
oci_registry_class_init (OciRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_registry_finalize;
}

static void
ensure_requirement_index (OciRegistry *self)
{
  guint done = (guint) g_atomic_int_get (&self->requirements_indexed);

  if (G_LIKELY (done == self->requirements->len))
    return;
  g_mutex_lock (&self->index_lock);
  for (done = self->requirements_indexed; done < self->requirements->len; done++)
    {
      const OciRequirement *row = self->requirements->pdata[done];
      GPtrArray *rows = g_hash_table_lookup (self->requirement_ids, row->id);

      if (rows == NULL)
        {
          rows = g_ptr_array_new ();
          g_hash_table_insert (self->requirement_ids, (gpointer) row->id, rows);
        }
      g_ptr_array_add (rows, (gpointer) row);
    }
  g_atomic_int_set (&self->requirements_indexed, done);
  g_mutex_unlock (&self->index_lock);
}

static void
ensure_checker_index (OciRegistry *self)
{
  guint done = (guint) g_atomic_int_get (&self->checkers_indexed);

  if (G_LIKELY (done == self->checkers->len))
    return;
  g_mutex_lock (&self->index_lock);
  for (done = self->checkers_indexed; done < self->checkers->len; done++)
    g_hash_table_insert (self->checker_plugin, self->checkers->pdata[done], self->checker_owners->pdata[done]);
  g_atomic_int_set (&self->checkers_indexed, done);
  g_mutex_unlock (&self->index_lock);
}

static void
ensure_field_order_index (OciRegistry *self)
{
  guint done = (guint) g_atomic_int_get (&self->field_orders_indexed);

  if (G_LIKELY (done == self->active->len))
    return;
  g_mutex_lock (&self->index_lock);
  for (done = self->field_orders_indexed; done < self->active->len; done++)
    {
      OciPlugin *plugin = self->active->pdata[done];
      for (guint i = 0; i < plugin->field_orders->len; i++)
        {
          const OciFieldOrder *f = plugin->field_orders->pdata[i];
          g_hash_table_insert (self->field_orders, (gpointer) f->pattern, (gpointer) f);
        }
    }
  g_atomic_int_set (&self->field_orders_indexed, done);
  g_mutex_unlock (&self->index_lock);
}

void
oci_registry_prepare_indexes (OciRegistry *self)
{
  ensure_requirement_index (self);
  ensure_checker_index (self);
  ensure_field_order_index (self);
}

static void
oci_registry_init (OciRegistry *self)
{
  self->search_dirs = g_ptr_array_new_with_free_func (g_free);
  self->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->builtin_dirs = g_ptr_array_new_with_free_func (g_free);
  self->isolation = OCI_ISOLATE_EXTERNAL;
  self->timeout_ms = OCI_PLUGIN_TIMEOUT_DEFAULT * 1000;
  g_mutex_init (&self->host_lock);
  self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_plugin_host_free);
  self->idle_hosts = g_ptr_array_new ();
  self->trials = g_ptr_array_new ();
  self->trial_answers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->plugins = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_plugin_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->active = g_ptr_array_new ();
  self->checkers = g_ptr_array_new ();
  self->checker_owners = g_ptr_array_new ();
  self->checker_plugin = g_hash_table_new (NULL, NULL);
  self->options = g_ptr_array_new ();
  self->option_names = g_ptr_array_new ();
  self->requirements = g_ptr_array_new ();
  self->requirement_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->field_orders = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&self->index_lock);
  self->defaults = g_ptr_array_new ();
  self->runtime_cases = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (core_requirements); i++)
    g_ptr_array_add (self->requirements, (gpointer) &core_requirements[i]);
}

/**
 * oci_registry_new:
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 *
 * Returns: (transfer full): an empty registry with no search directory
 */
OciRegistry *
oci_registry_new (void)
{
  return g_object_new (OCI_TYPE_REGISTRY, NULL);
}

/**
 * oci_registry_add_search_dir:
 * @self: a registry
 * @dir: a directory to look for plugins in; earlier ones win name clashes
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_add_search_dir (OciRegistry *self, const char *dir)
{
  for (guint i = 0; i < self->search_dirs->len; i++)
    if (strcmp (self->search_dirs->pdata[i], dir) == 0)
      return;
  g_ptr_array_add (self->search_dirs, g_strdup (dir));
}

/**
 * oci_registry_add_builtin_dir:
 * @self: a registry
 * @dir: a directory holding copies of this project's own plugins
 *
 * Like oci_registry_add_search_dir(), for a folder the program filled
 * itself with the built-in plugins (oci-runtimetest's, inside a
 * container): the plugins there with a built-in name count as built in.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_add_builtin_dir (OciRegistry *self, const char *dir)
{
  g_ptr_array_add (self->builtin_dirs, g_strdup (dir));
  oci_registry_add_search_dir (self, dir);
}

/**
 * oci_registry_get_installed_plugin_dir:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: the plugin directory of this installation
 */
const char *
oci_registry_get_installed_plugin_dir (void)
{
  return OCI_PLUGINDIR;
}

/* A program of this build tree (the CLI, a test) uses the plugins built
 * beside it instead of installed ones, so the tree works uninstalled. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  gsize n = strlen (OCI_BUILD_ROOT);

  return exe && strncmp (exe, OCI_BUILD_ROOT, n) == 0 && exe[n] == '/';
}

/* Where this installation keeps its own plugins, and their names: fixed
 * for the process, so worked out once rather than for every file found. */
typedef struct
{
  GStrv names; /* OCI_BUILTIN_PLUGIN_NAMES */
  GStrv dirs;  /* the installed folder, the one beside the program, the build tree's */
  char *beside_program; /* the installed folder as seen from the program, or NULL */
} BuiltinPlaces;

/* The installed plugin folder relative to the running program's folder,
 * when the program is installed (a copy of the installation under another
 * root, such as a DESTDIR, keeps its plugins), else NULL. */
static char *
plugin_dir_beside_program (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = NULL;

  if (exe == NULL)
    return NULL;
  bindir = g_path_get_dirname (exe);
  return g_canonicalize_filename (OCI_PLUGINDIR_FROM_BINDIR, bindir);
}

static const BuiltinPlaces *
builtin_places (void)
{
  static gsize done;
  static BuiltinPlaces places;

  if (g_once_init_enter (&done))
    {
      g_auto(GStrv) build_dirs = g_strsplit (OCI_BUILD_PLUGIN_DIRS, G_SEARCHPATH_SEPARATOR_S, -1);
      g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();
      char *beside_program = plugin_dir_beside_program ();

      g_strv_builder_add (dirs, OCI_PLUGINDIR);
      if (beside_program)
        g_strv_builder_add (dirs, beside_program);
      for (char **d = build_dirs; *d; d++)
        if (**d)
          g_strv_builder_add (dirs, *d);
      places.names = g_strsplit (OCI_BUILTIN_PLUGIN_NAMES, ",", -1);
      places.dirs = g_strv_builder_end (dirs);
      places.beside_program = beside_program;
      g_once_init_leave (&done, 1);
    }
  return &places;
}

/**
 * oci_registry_add_default_search_path:
 * @self: a registry
 *
 * Adds, after any directory already added (--plugin-dir), the directories
 * of $OCI_RUNTIME_TOOLS_PLUGIN_PATH, then the build tree's plugins when
 * running from it, else the installed plugin directory: the one at its
 * place relative to the running program when there is one (a copy of the
 * installation under another root uses its own plugins, not those of an
 * installation at the configured prefix), else the configured one.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_add_default_search_path (OciRegistry *self)
{
  const char *env = g_getenv (OCI_PLUGIN_PATH_ENV);

  if (env && *env)
    {
      g_auto(GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (char **d = dirs; *d; d++)
        if (**d)
          oci_registry_add_search_dir (self, *d);
    }
  if (running_from_build_tree ())
    {
      g_auto(GStrv) dirs = g_strsplit (OCI_BUILD_PLUGIN_DIRS, G_SEARCHPATH_SEPARATOR_S, -1);
      for (char **d = dirs; *d; d++)
        if (**d)
          oci_registry_add_search_dir (self, *d);
    }
  else
    {
      const char *beside = builtin_places ()->beside_program;
      oci_registry_add_search_dir (self, beside && g_file_test (beside, G_FILE_TEST_IS_DIR) ? beside : OCI_PLUGINDIR);
    }
}

/**
 * oci_registry_set_name_filter:
 * @self: a registry
 * @names: (nullable): plugin names to activate; %NULL activates all
 *
 * Lets a run that needs only some plugins skip opening the others. Every
 * plugin is still discovered (its metadata read), so the platforms a
 * config can be for do not depend on the filter.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_set_name_filter (OciRegistry *self, const char *const *names)
{
  g_clear_pointer (&self->name_filter, g_hash_table_unref);
  if (names == NULL)
    return;
  self->name_filter = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (const char *const *n = names; *n; n++)
    g_hash_table_add (self->name_filter, g_strdup (*n));
}

static void G_GNUC_PRINTF (3, 4)
warn (OciRegistry *self, const char *path, const char *format, ...)
{
  va_list args;
  g_autofree char *reason = NULL;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->warnings, g_strdup_printf ("plugin %s: %s", path, reason));
}

static gboolean
valid_name (const char *name)
{
  /* "schema" is the core's own checker and requirement. */
  if (name == NULL || !g_ascii_islower (name[0]) || strcmp (name, "schema") == 0)
    return FALSE;
  for (const char *c = name; *c; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
valid_platforms (const char *platforms)
{
  g_auto(GStrv) parts = NULL;

  if (platforms == NULL || *platforms == '\0')
    return FALSE;
  parts = g_strsplit (platforms, ",", -1);
  for (char **p = parts; *p; p++)
    {
      g_strstrip (*p);
      if (**p == '\0')
        return FALSE;
      for (const char *c = *p; *c; c++)
        if (!g_ascii_isalnum (*c) && !strchr ("*/_-", *c))
          return FALSE;
    }
  return TRUE;
}

/* A sections list: comma-separated member names, none empty. */
static gboolean
valid_sections (const char *sections)
{
  g_auto(GStrv) parts = NULL;

  if (sections == NULL)
    return TRUE;
  parts = g_strsplit (sections, ",", -1);
  if (parts[0] == NULL)
    return FALSE;
  for (char **p = parts; *p; p++)
    if (*g_strstrip (*p) == '\0' || !g_utf8_validate (*p, -1, NULL))
      return FALSE;
  return TRUE;
}

/* Checks a descriptor field by field before trusting any of it. */
static gboolean
check_descriptor (const OciPluginDesc *desc, GError **error)
{
  if (desc->abi_version != OCI_PLUGIN_ABI_VERSION)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_ABI,
                        "built for plugin ABI %u, this program has ABI %u",
                        desc->abi_version, OCI_PLUGIN_ABI_VERSION), FALSE;
  if (desc->struct_size < OCI_PLUGIN_DESC_MIN_SIZE)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_ABI,
                        "descriptor is %u bytes, smaller than the %u of ABI %u",
                        desc->struct_size, (guint) OCI_PLUGIN_DESC_MIN_SIZE,
                        OCI_PLUGIN_ABI_VERSION), FALSE;
  if (!valid_name (desc->name))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "descriptor has no valid name (lowercase letters, digits, '-', '_')"), FALSE;
  if (desc->description == NULL)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "descriptor of '%s' has no description", desc->name), FALSE;
  if (!valid_platforms (desc->platforms))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "descriptor of '%s' has no valid platform list", desc->name), FALSE;
  if (desc->init == NULL)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "descriptor of '%s' has no init function", desc->name), FALSE;
  if (!valid_sections (desc->sections))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "descriptor of '%s' has an empty config section name", desc->name), FALSE;
  return oci_plugin_check_min_libocirt (desc->name, oci_plugin_desc_get_min_libocirt (desc), error);
}

/* Opens @path and checks its descriptor; %NULL with @error on failure. */
static GModule *
open_module (const char *path, const OciPluginDesc **out, GError **error)
{
  GModule *module;
  gpointer symbol = NULL;

  /* The file was a regular one when its metadata was read; a FIFO put
   * in its place since would block dlopen. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_NOT_A_MODULE, "not a regular file");
      return NULL;
    }
  /* Binding now, not lazily: a module with unresolved symbols is refused
   * here instead of crashing later when the symbol is first called. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_NOT_A_MODULE,
                   "not a loadable module: %s", g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, OCI_PLUGIN_DESC_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_NO_DESCRIPTOR,
                   "no plugin descriptor (symbol '%s' not exported)", OCI_PLUGIN_DESC_SYMBOL);
      g_module_close (module);
      return NULL;
    }
  if (!check_descriptor (symbol, error))
    {
      g_module_close (module);
      return NULL;
    }
  *out = symbol;
  return module;
}

static gboolean
claim_name (OciRegistry *self, const char *path, const char *name)
{
  OciPlugin *other = g_hash_table_lookup (self->by_name, name);

  if (other)
    warn (self, path, "a plugin named '%s' is already loaded from %s; this one is ignored",
          name, other->path);
  return other == NULL;
}

static gboolean
is_builtin_name (const char *name)
{
  return g_strv_contains ((const char *const *) builtin_places ()->names, name);
}

/* One of ours: a built-in name, as NAME.so, in the folder this
 * installation (or this build tree, or oci_registry_add_builtin_dir())
 * keeps its plugins in. A copy of base.so in another folder, or a vendor
 * module put into ours under another name, is not. The folders are
 * compared as written first, then resolved (a symlinked prefix). */
static gboolean
is_builtin (OciRegistry *self, const char *path, const char *name)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *file = g_strconcat (name, "." G_MODULE_SUFFIX, NULL);
  g_autofree char *real = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();

  if (!is_builtin_name (name) || strcmp (base, file) != 0)
    return FALSE;
  for (char **d = builtin_places ()->dirs; *d; d++)
    g_ptr_array_add (ours, *d);
  g_ptr_array_extend (ours, self->builtin_dirs, NULL, NULL);
  for (guint i = 0; i < ours->len; i++)
    if (strcmp (dir, ours->pdata[i]) == 0)
      return TRUE;
  real = realpath (dir, NULL);
  for (guint i = 0; real && i < ours->len; i++)
    {
      g_autofree char *other = realpath (ours->pdata[i], NULL);
      if (other && strcmp (real, other) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A plugin that may join: not turned off, and not claiming the name of
 * a built-in plugin it is not (unless that one was turned off). */
static gboolean
admit (OciRegistry *self, const char *path, const char *name, gboolean builtin)
{
  if (g_hash_table_contains (self->disabled, name) && (builtin || !is_builtin_name (name)))
    return FALSE;
  if (!builtin && is_builtin_name (name) && !g_hash_table_contains (self->disabled, name))
    {
      warn (self, path, "the name '%s' is reserved for the built-in plugin; this one is refused "
            "(--disable-plugin %s turns the built-in off to replace it)", name, name);
      return FALSE;
    }
  return claim_name (self, path, name);
}

/* The module file, in one of our folders, of a built-in plugin the
 * program links in (oci_registry_add_static_plugin()): passed over unread. */
static gboolean
is_linked_in_file (OciRegistry *self, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *suffix = g_str_has_suffix (base, "." G_MODULE_SUFFIX) ? strrchr (base, '.') : NULL;
  OciPlugin *plugin;

  if (suffix == NULL)
    return FALSE;
  *suffix = '\0';
  plugin = g_hash_table_lookup (self->by_name, base);
  return plugin && plugin->builtin && plugin->module == NULL && plugin->desc != NULL
         && is_builtin (self, path, base);
}

/**
 * oci_registry_add_static_plugin:
 * @self: a registry
 * @desc: the descriptor of one of this project's plugins, linked into the
 *   program
 *
 * Registers a built-in plugin that the program links in instead of
 * finding and opening its module (as GStreamer's static plugins): no
 * metadata is read and no module opened for it, and its module file, where
 * discovery meets it in a built-in folder, is passed over. It is trusted
 * and runs in-process like any built-in plugin; third-party plugins are
 * still discovered and isolated as usual. Call before
 * oci_registry_discover(). A descriptor that is not valid or not a
 * built-in plugin's is refused with a warning; a disabled name is left out.
 *
 * Thread safety: it changes the registry: call it from the thread that
 * sets the run up, never from checker threads under `validate --jobs`.
 */
void
oci_registry_add_static_plugin (OciRegistry *self, const OciPluginDesc *desc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  OciPlugin *plugin;

  g_return_if_fail (desc != NULL);
  where = g_strdup_printf ("%s (linked in)", desc->name ? desc->name : "?");
  if (!check_descriptor (desc, &error))
    {
      warn (self, where, "%s", error->message);
      return;
    }
  if (!is_builtin_name (desc->name))
    {
      warn (self, where, "'%s' is not a built-in plugin; not registered", desc->name);
      return;
    }
  if (g_hash_table_contains (self->disabled, desc->name) || !claim_name (self, where, desc->name))
    return;
  plugin = oci_plugin_new (where, NULL, desc);
  plugin->builtin = TRUE;
  g_ptr_array_add (self->plugins, plugin);
  g_hash_table_insert (self->by_name, plugin->name, plugin);
}

/* Reads the metadata of @path, never opening it: a module is opened (and
 * its constructors run) only once a command needs a plugin its metadata
 * describes. */
static void
discover_file (OciRegistry *self, const char *path)
{
  g_auto(OciPluginMeta) meta = { 0 };
  g_autoptr(GError) error = NULL;
  OciPlugin *plugin;
  gboolean builtin;

  if (is_linked_in_file (self, path))
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      warn (self, path, "not a regular file; not opened");
      return;
    }
  /* A module is opened only through valid metadata, and only when a target needs it. */
  if (!oci_plugin_read_meta (path, &meta))
    {
      warn (self, path, "no valid plugin metadata (section %s, made by OCI_PLUGIN_DEFINE); not opened",
            OCI_PLUGIN_META_SECTION);
      return;
    }
  if (!valid_name (meta.name))
    {
      warn (self, path, "its metadata has no valid name (lowercase letters, digits, '-', '_'); not opened");
      return;
    }
  if (!valid_platforms (meta.platforms) || !valid_sections (meta.sections))
    {
      warn (self, path, "its metadata has no valid platform or section list; not opened");
      return;
    }
  if (!oci_plugin_check_min_libocirt (meta.name, meta.min_libocirt, &error))
    {
      warn (self, path, "%s", error->message);
      return;
    }
  builtin = is_builtin (self, path, meta.name);
  if (!admit (self, path, meta.name, builtin))
    return;
  plugin = oci_plugin_new_deferred (path, &meta);
  plugin->builtin = builtin;
  g_ptr_array_add (self->plugins, plugin);
  g_hash_table_insert (self->by_name, plugin->name, plugin);
}

/* Opens a plugin found by its metadata, which must match its descriptor. */
static gboolean
open_deferred (OciRegistry *self, OciPlugin *plugin)
{
  const OciPluginDesc *desc = NULL;
  g_autoptr(GError) error = NULL;
  GModule *module;

  if (plugin->desc) /* open, or linked into the program */
    return TRUE;
  module = open_module (plugin->path, &desc, &error);
  if (module == NULL)
    {
      warn (self, plugin->path, "%s", error->message);
      return FALSE;
    }
  if (strcmp (desc->name, plugin->name) != 0 || strcmp (desc->platforms, plugin->platforms_text) != 0
      || g_strcmp0 (desc->sections, plugin->sections_text) != 0)
    {
      warn (self, plugin->path, "its metadata (%s: %s; sections %s) does not match its descriptor (%s: %s; sections %s)",
            plugin->name, plugin->platforms_text, plugin->sections_text ? plugin->sections_text : "all",
            desc->name, desc->platforms, desc->sections ? desc->sections : "all");
      g_module_close (module);
      return FALSE;
    }
  oci_plugin_set_module (plugin, module, desc);
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
discover_dir (OciRegistry *self, const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  gsize suffix_len = strlen ("." G_MODULE_SUFFIX);

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      gsize len = strlen (name);
      if (len <= suffix_len || strcmp (name + len - suffix_len, "." G_MODULE_SUFFIX) != 0)
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      discover_file (self, path);
    }
}

/**
 * oci_registry_discover:
 * @self: a registry
 *
 * Reads the metadata of every module in the search directories, without
 * opening any. Problems become warnings (oci_registry_get_warnings());
 * nothing runs a plugin's code yet. Runs once; later calls do nothing.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_discover (OciRegistry *self)
{
  if (self->discovered)
    return;
  self->discovered = TRUE;
  if (!g_module_supported ())
    return;
  for (guint i = 0; i < self->search_dirs->len; i++)
    discover_dir (self, self->search_dirs->pdata[i]);
}

static int
compare_id_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_option_names (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(const OciOption *const *) a)->name, (*(const OciOption *const *) b)->name);
}

/* libc's qsort on the array's pointers (g_ptr_array_sort copies each
 * element through a generic merge sort, several times slower here) */
static void
sort_pointers (GPtrArray *array, int (*compare) (const void *, const void *))
{
  if (array->len > 1)
    qsort (array->pdata, array->len, sizeof (gpointer), compare);
}

/* The first id that appears twice in @ids, or NULL. */
static const char *
first_repeat (GPtrArray *ids)
{
  sort_pointers (ids, compare_id_strings);
  for (guint i = 1; i < ids->len; i++)
    if (strcmp (ids->pdata[i - 1], ids->pdata[i]) == 0)
      return ids->pdata[i];
  return NULL;
}

static gboolean
has_prefix (const char *id, const char *name, gsize nlen)
{
  return strncmp (id, name, nlen) == 0 && (id[nlen] == '.' || id[nlen] == '\0');
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const OciRequirement *ra = *(const OciRequirement *const *) a;
  const OciRequirement *rb = *(const OciRequirement *const *) b;

  return strcmp (ra->id, rb->id);
}

/* The parts init registered must be well formed and not clash. Checker,
 * case and requirement ids start with the plugin's name, so only the
 * plugin's own ids can clash with each other; option names have no
 * prefix and are checked against every active plugin's. */
static gboolean
check_parts (OciRegistry *self, OciPlugin *plugin, GPtrArray **sorted_options, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) options = NULL;
  const char *name = plugin->name;
  gsize nlen = strlen (name);
  const char *repeat;

  for (guint i = 0; i < plugin->checkers->len; i++)
    {
      const OciChecker *c = plugin->checkers->pdata[i];
      if (c->id == NULL || c->check == NULL)
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "a checker has no id or no function"), FALSE;
      if (!has_prefix (c->id, name, nlen))
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "checker '%s' does not start with the plugin name '%s'", c->id, name), FALSE;
      g_ptr_array_add (ids, (gpointer) c->id);
    }
  if ((repeat = first_repeat (ids)))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_DUPLICATE,
                        "checker '%s' is registered twice", repeat), FALSE;
  g_ptr_array_set_size (ids, 0);
  for (guint i = 0; i < plugin->runtime_cases->len; i++)
    {
      const OciRuntimeCase *c = plugin->runtime_cases->pdata[i];
      if (c->id == NULL)
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "a runtime case has no id"), FALSE;
      if (!has_prefix (c->id, name, nlen))
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "runtime case '%s' does not start with the plugin name '%s'", c->id, name), FALSE;
      g_ptr_array_add (ids, (gpointer) c->id);
    }
  if ((repeat = first_repeat (ids)))
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_DUPLICATE,
                        "runtime case '%s' is registered twice", repeat), FALSE;
  for (guint i = 0; i < plugin->options->len; i++)
    {
      const OciOption *o = plugin->options->pdata[i];
      if (o->name == NULL || o->apply == NULL)
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "an option has no name or no apply function"), FALSE;
      if (!oci_plugin_may_own_option (plugin, o->name))
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "option --%s is not named after the plugin or one of its sections (%s)",
                            o->name, plugin->sections_text), FALSE;
      /* Built-in option names are reserved, today's and tomorrow's: a
       * third-party option begins with its plugin's name. */
      if (!plugin->builtin && !(strncmp (o->name, name, nlen) == 0 && o->name[nlen] == '-'))
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "option --%s does not begin with the plugin name ('--%s-…'): "
                            "option names without it are reserved for built-in plugins",
                            o->name, name), FALSE;
    }
  if (plugin->sections != NULL && plugin->defaults != NULL)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "a plugin declared with config sections may not set generate defaults"), FALSE;
  /* Option names, sorted, must not repeat within the plugin nor meet one
   * of the (sorted) names of the active plugins: two merged walks. */
  options = g_ptr_array_copy (plugin->options, NULL, NULL);
  sort_pointers (options, compare_option_names);
  for (guint i = 1; i < options->len; i++)
    if (compare_option_names (&options->pdata[i - 1], &options->pdata[i]) == 0)
      return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_DUPLICATE,
                          "option --%s is registered twice", ((const OciOption *) options->pdata[i])->name), FALSE;
  for (guint i = 0, j = 0; i < options->len && j < self->option_names->len;)
    {
      int c = compare_option_names (&options->pdata[i], &self->option_names->pdata[j]);
      if (c == 0)
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_DUPLICATE,
                            "option --%s is registered twice", ((const OciOption *) options->pdata[i])->name), FALSE;
      if (c < 0)
        i++;
      else
        j++;
    }
  for (guint i = 0; i < plugin->requirements->len; i++)
    {
      const OciRequirement *r = plugin->requirements->pdata[i];
      if (r->id == NULL || r->document == NULL || r->summary == NULL)
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "requirement '%s' lacks a document or summary",
                            r->id ? r->id : "(null)"), FALSE;
      if (!has_prefix (r->id, name, nlen))
        return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                            "requirement '%s' does not start with the plugin name '%s'", r->id, name), FALSE;
    }
  /* Rows of one id must cover disjoint release ranges: sorted by id, the
   * rows of an id are neighbours. */
  rows = g_ptr_array_copy (plugin->requirements, NULL, NULL);
  sort_pointers (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    for (guint j = i + 1; j < rows->len; j++)
      {
        const OciRequirement *a = rows->pdata[i], *b = rows->pdata[j];
        if (strcmp (a->id, b->id) != 0)
          break;
        /* a row without @since starts before every release */
        if (oci_requirement_applies (a, b->since ? b->since : "0.0.0")
            || oci_requirement_applies (b, a->since ? a->since : "0.0.0"))
          return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_DUPLICATE,
                              "requirement '%s' has overlapping rows", a->id), FALSE;
      }
  *sorted_options = g_steal_pointer (&options);
  return TRUE;
}

static void
commit_parts (OciRegistry *self, OciPlugin *plugin, GPtrArray *sorted_options)
{
  g_ptr_array_add (self->active, plugin);
  for (guint i = 0; i < plugin->checkers->len; i++)
    {
      g_ptr_array_add (self->checkers, plugin->checkers->pdata[i]);
      g_ptr_array_add (self->checker_owners, plugin);
    }
  g_ptr_array_extend (self->options, plugin->options, NULL, NULL);
  if (sorted_options->len > 0)
    {
      /* merge the plugin's sorted names into the sorted index (check_parts
       * made sure they are disjoint) */
      GPtrArray *merged = g_ptr_array_sized_new (self->option_names->len + sorted_options->len);
      guint i = 0, j = 0;

      while (i < sorted_options->len || j < self->option_names->len)
        if (j == self->option_names->len
            || (i < sorted_options->len
                && compare_option_names (&sorted_options->pdata[i], &self->option_names->pdata[j]) < 0))
          g_ptr_array_add (merged, sorted_options->pdata[i++]);
        else
          g_ptr_array_add (merged, self->option_names->pdata[j++]);
      g_ptr_array_unref (self->option_names);
      self->option_names = merged;
    }
  g_ptr_array_extend (self->requirements, plugin->requirements, NULL, NULL);
  if (plugin->defaults)
    g_ptr_array_add (self->defaults, (gpointer) plugin->defaults);
  g_ptr_array_extend (self->runtime_cases, plugin->runtime_cases, NULL, NULL);
}

static gboolean
wants_isolation (OciRegistry *self, OciPlugin *plugin)
{
  return !self->in_host && (self->isolation == OCI_ISOLATE_ALL
                            || (self->isolation == OCI_ISOLATE_EXTERNAL && !plugin->builtin));
}

/* Takes the answers of the trial loads asked (in order). When the host
 * fails one, the requests after it went with the host: they are asked
 * again (trial_load()) when their turn comes. */
static void
end_trial_loads (OciRegistry *self)
{
  for (guint i = 0; i < self->trials->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = oci_plugin_host_load_end (self->trial_host, &error);

      g_hash_table_insert (self->trial_answers, self->trials->pdata[i], ok ? NULL : g_strdup (error->message));
      if (!ok)
        break;
    }
  g_ptr_array_set_size (self->trials, 0);
  if (self->trial_host)
    oci_registry_unlock_host (self, g_steal_pointer (&self->trial_host));
}

/* A third-party module is first opened and initialised in the plugin
 * host: its constructors and init crashing, exiting or hanging there
 * cost a warning, not the program. Only then is it opened here. The
 * host may have been asked already (oci_registry_begin_trial_loads()). */
static gboolean
trial_load (OciRegistry *self, OciPlugin *plugin)
{
  g_autofree char *why = NULL;

  if (self->trials->len > 0)
    end_trial_loads (self);
  if (!g_hash_table_steal_extended (self->trial_answers, plugin, NULL, (gpointer *) &why))
    {
      g_autoptr(GError) error = NULL;
      OciPluginHost *host = oci_registry_lock_host (self);

      if (!oci_plugin_host_load_begin (host, plugin->name, &error) || !oci_plugin_host_load_end (host, &error))
        why = g_strdup (error->message);
      oci_registry_unlock_host (self, host);
    }
  if (why)
    warn (self, plugin->path, "%s", why);
  return why == NULL;
}

static void
activate_plugin (OciRegistry *self, OciPlugin *plugin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sorted_options = NULL;

  if ((wants_isolation (self, plugin) && !plugin->builtin && !trial_load (self, plugin))
      || !open_deferred (self, plugin))
    {
      plugin->failed = TRUE;
      return;
    }

  oci_plugin_settings_load (plugin, self);
  if (!plugin->desc->init (plugin, &error))
    {
      warn (self, plugin->path, "init failed: %s", error ? error->message : "no reason given");
      plugin->failed = TRUE;
      oci_plugin_reset_parts (plugin);
      return;
    }
  if (!check_parts (self, plugin, &sorted_options, &error))
    {
      warn (self, plugin->path, "refused: %s", error->message);
      plugin->failed = TRUE;
      oci_plugin_reset_parts (plugin);
      return;
    }
  commit_parts (self, plugin, sorted_options);
  oci_plugin_settings_check (plugin, self);
  plugin->active = TRUE;
  plugin->isolated = wants_isolation (self, plugin);
  if (plugin->module)
    g_module_make_resident (plugin->module);
}

/* Whether activate_wanted() would activate @plugin now. */
static gboolean
plugin_wanted (OciRegistry *self, OciPlugin *plugin, const char *os, const char *arch, JsonObject *config_root,
               const char *const *names)
{
  gboolean wanted = names == NULL || plugin->sections == NULL;

  for (const char *const *n = names; !wanted && *n; n++)
    wanted = oci_plugin_may_own_option (plugin, *n);
  return wanted && !plugin->active && !plugin->failed && oci_plugin_matches_platform (plugin, os, arch)
         && oci_plugin_concerns (plugin, config_root)
         && (self->name_filter == NULL || g_hash_table_contains (self->name_filter, plugin->name));
}

/* Activates the plugins (@builtin: ours, else the others) for @os/@arch
 * that are not active yet, leaving out those declared with config
 * sections that @config_root has none of, or (with @names) that can own
 * none of @names. */
static void
activate_pass (OciRegistry *self, gboolean builtin, const char *os, const char *arch, JsonObject *config_root,
               const char *const *names)
{
  for (guint i = 0; i < self->plugins->len; i++)
    {
      OciPlugin *plugin = self->plugins->pdata[i];

      if (plugin->builtin == builtin && plugin_wanted (self, plugin, os, arch, config_root, names))
        activate_plugin (self, plugin);
    }
}

/* activate_pass() of our plugins, then the others: what ours register is
 * there before a third-party plugin could claim it. */
static void
activate_wanted (OciRegistry *self, const char *os, const char *arch, JsonObject *config_root,
                 const char *const *names)
{
  oci_registry_discover (self);
  activate_pass (self, TRUE, os, arch, config_root, names);
  activate_pass (self, FALSE, os, arch, config_root, names);
  /* none left waiting on a host the caller no longer expects */
  if (self->trials->len > 0)
    end_trial_loads (self);
}

/* Asks the plugin host (forked now, so that it inherits the configs
 * offered: oci_plugin_host_offer()) to load the third-party plugins that
 * oci_registry_activate_for_config() would activate for @config_root,
 * without waiting: the host opens them while the tool opens its own, and
 * activating them then takes the answers. No host is forked and no
 * message sent when no such plugin is waiting. Call from the thread that
 * sets the run up. */
void
oci_registry_begin_trial_loads (OciRegistry *self, const char *os, const char *arch, JsonObject *config_root)
{
  if (self->isolation == OCI_ISOLATE_NONE || self->in_host)
    return;
  oci_registry_discover (self);
  for (guint i = 0; i < self->plugins->len; i++)
    {
      OciPlugin *plugin = self->plugins->pdata[i];

      if (plugin->builtin || !wants_isolation (self, plugin) || g_hash_table_contains (self->trial_answers, plugin)
          || g_ptr_array_find (self->trials, plugin, NULL)
          || !plugin_wanted (self, plugin, os, arch, config_root, NULL))
        continue;
      if (self->trial_host == NULL)
        self->trial_host = oci_registry_lock_host (self);
      /* no host: trial_load() will say why */
      if (!oci_plugin_host_load_begin (self->trial_host, plugin->name, NULL))
        break;
      g_ptr_array_add (self->trials, plugin);
    }
  if (self->trials->len == 0 && self->trial_host)
    oci_registry_unlock_host (self, g_steal_pointer (&self->trial_host));
}

/**
 * oci_registry_activate:
 * @self: a registry
 * @os: (nullable): target os; %NULL activates every plugin
 * @arch: (nullable): target arch
 *
 * Runs init of each discovered plugin that applies to @os/@arch and is
 * not active yet. May be called again for another target.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_activate (OciRegistry *self, const char *os, const char *arch)
{
  activate_wanted (self, os, arch, NULL, NULL);
}

/**
 * oci_registry_activate_for_options:
 * @self: a registry
 * @os: (nullable): target os; %NULL activates every plugin
 * @arch: (nullable): target arch
 * @names: (nullable) (array zero-terminated=1): option names (without
 *   dashes) a command line may use; %NULL for any
 *
 * Like oci_registry_activate(), leaving out the plugins declared with
 * config sections (OCI_PLUGIN_DEFINE_FOR_SECTIONS()) that can own none of
 * @names: generating without their options does not need them. A name
 * that is not an option (an option's value that starts with '-') only
 * opens a plugin for nothing.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_activate_for_options (OciRegistry *self, const char *os, const char *arch,
                                   const char *const *names)
{
  activate_wanted (self, os, arch, NULL, names);
}

/**
 * oci_registry_activate_for_config:
 * @self: a registry
 * @os: (nullable): target os; %NULL activates every plugin
 * @arch: (nullable): target arch
 * @config_root: (nullable): the root object of the config to validate
 *
 * Like oci_registry_activate(), leaving out the plugins that declared
 * config sections (OCI_PLUGIN_DEFINE_FOR_SECTIONS()) of which
 * @config_root has none: their checks would have nothing to check, and
 * opening a module is the costliest step of validating a small bundle.
 * A later config that has the sections activates them.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_activate_for_config (OciRegistry *self, const char *os, const char *arch,
                                  JsonObject *config_root)
{
  activate_wanted (self, os, arch, config_root, NULL);
}

/**
 * oci_registry_get_warnings:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type utf8): one line per problem,
 *   each naming the plugin file and the reason
 */
GPtrArray *
oci_registry_get_warnings (OciRegistry *self)
{
  return self->warnings;
}

/**
 * oci_registry_get_plugins:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type OciPlugin): discovered plugins
 */
GPtrArray *
oci_registry_get_plugins (OciRegistry *self)
{
  return self->plugins;
}

/**
 * oci_registry_lookup_plugin:
 * @self: a registry
 * @name: a plugin name
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (nullable): the plugin
 */
OciPlugin *
oci_registry_lookup_plugin (OciRegistry *self, const char *name)
{
  return g_hash_table_lookup (self->by_name, name);
}

/**
 * oci_registry_plugin_for_checker:
 * @self: a registry
 * @checker: a registered checker
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (nullable): the plugin that registered it
 */
OciPlugin *
oci_registry_plugin_for_checker (OciRegistry *self, const OciChecker *checker)
{
  ensure_checker_index (self);
  return g_hash_table_lookup (self->checker_plugin, checker);
}

/**
 * oci_registry_plugin_for_option:
 * @self: a registry
 * @option: an option of an active plugin
 *
 * A walk of the active plugins' options: for messages, not a hot path.
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (nullable): the plugin that registered @option
 */
OciPlugin *
oci_registry_plugin_for_option (OciRegistry *self, const OciOption *option)
{
  for (guint i = 0; i < self->active->len; i++)
    {
      OciPlugin *plugin = self->active->pdata[i];
      for (guint j = 0; j < plugin->options->len; j++)
        if (plugin->options->pdata[j] == option)
          return plugin;
    }
  return NULL;
}

/**
 * oci_registry_get_platform_names:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer full): the os names discovered plugins declare
 *   (patterns other than "*"), each once, in discovery order
 */
GStrv
oci_registry_get_platform_names (OciRegistry *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  oci_registry_discover (self);
  for (guint i = 0; i < self->plugins->len; i++)
    {
      OciPlugin *plugin = self->plugins->pdata[i];
      for (char **p = plugin->platforms; *p; p++)
        {
          g_autofree char *os = g_strndup (*p, strcspn (*p, "/"));
          if (strcmp (os, "*") != 0 && !g_hash_table_contains (seen, os))
            {
              g_strv_builder_add (b, os);
              g_hash_table_add (seen, g_steal_pointer (&os));
            }
        }
    }
  return g_strv_builder_end (b);
}

/**
 * oci_registry_get_checkers:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type OciChecker): active checkers
 */
GPtrArray *
oci_registry_get_checkers (OciRegistry *self)
{
  return self->checkers;
}

/**
 * oci_registry_get_options:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type OciOption): active generate options
 */
GPtrArray *
oci_registry_get_options (OciRegistry *self)
{
  return self->options;
}

/**
 * oci_registry_get_requirements:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type OciRequirement): every row,
 *   the core's first
 */
GPtrArray *
oci_registry_get_requirements (OciRegistry *self)
{
  return self->requirements;
}

/**
 * oci_registry_get_defaults:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none): the active plugins' #OciDefaultsFunc, in
 *   activation order
 */
GPtrArray *
oci_registry_get_defaults (OciRegistry *self)
{
  return self->defaults;
}

/**
 * oci_registry_get_field_orders:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none): pattern → #OciFieldOrder
 */
GHashTable *
oci_registry_get_field_orders (OciRegistry *self)
{
  ensure_field_order_index (self);
  return self->field_orders;
}

/**
 * oci_registry_lookup_requirement:
 * @self: a registry
 * @id: a requirement id
 * @release: (nullable): the release; %NULL takes the newest row
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (nullable): the row for @release, %NULL if the
 *   requirement is unknown or does not apply to @release
 */
const OciRequirement *
oci_registry_lookup_requirement (OciRegistry *self, const char *id, const char *release)
{
  GPtrArray *rows;

  ensure_requirement_index (self);
  rows = g_hash_table_lookup (self->requirement_ids, id);

  if (rows == NULL)
    return NULL;
  if (release == NULL)
    return rows->pdata[rows->len - 1];
  for (guint i = 0; i < rows->len; i++)
    if (oci_requirement_applies (rows->pdata[i], release))
      return rows->pdata[i];
  return NULL;
}

/**
 * oci_registry_lookup_option:
 * @self: a registry
 * @name: an option name without dashes
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (nullable): the option
 */
const OciOption *
oci_registry_lookup_option (OciRegistry *self, const char *name)
{
  guint lo = 0, hi = self->option_names->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const OciOption *o = self->option_names->pdata[mid];
      int c = strcmp (name, o->name);

      if (c == 0)
        return o;
      if (c < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

/**
 * oci_registry_get_runtime_cases:
 * @self: a registry
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: (transfer none) (element-type OciRuntimeCase): the active
 *   plugins' runtime-validate cases, in activation order
 */
GPtrArray *
oci_registry_get_runtime_cases (OciRegistry *self)
{
  return self->runtime_cases;
}

/**
 * oci_registry_disable_plugin:
 * @self: a registry
 * @name: a plugin name
 *
 * Turns the plugin @name off (--disable-plugin): it is not loaded. For
 * the name of a built-in plugin, the built-in is turned off and a
 * third-party plugin may then take its name: the only way to replace one.
 * Call before discovery.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_disable_plugin (OciRegistry *self, const char *name)
{
  g_hash_table_add (self->disabled, g_strdup (name));
}

/**
 * oci_registry_set_isolation:
 * @self: a registry
 * @isolation: which plugins' checkers run in the plugin host process
 * @timeout_ms: how long one isolated checker may run; 0 keeps the default
 *   (%OCI_PLUGIN_TIMEOUT_DEFAULT seconds)
 *
 * Call before activation.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 */
void
oci_registry_set_isolation (OciRegistry *self, OciIsolation isolation, guint timeout_ms)
{
  self->isolation = isolation;
  if (timeout_ms > 0)
    self->timeout_ms = timeout_ms;
}

/**
 * oci_registry_is_builtin:
 * @self: a registry
 * @plugin: one of its plugins
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: %TRUE if @plugin is one of this project's plugins, loaded from
 *   the folder this installation (or build tree) keeps them in
 */
gboolean
oci_registry_is_builtin (OciRegistry *self, OciPlugin *plugin)
{
  return plugin->builtin;
}

/**
 * oci_registry_is_isolated:
 * @self: a registry
 * @plugin: one of its active plugins
 *
 * Thread safety: it only reads the registry (its lazy indexes are built
 * under a lock): safe from checker threads under `validate --jobs`, where
 * the registry no longer changes; not while another thread activates
 * plugins.
 *
 * Returns: %TRUE if the checkers of @plugin run in the plugin host
 *   process (see oci_registry_set_isolation())
 */
gboolean
oci_registry_is_isolated (OciRegistry *self, OciPlugin *plugin)
{
  return plugin->isolated;
}

/**
 * oci_registry_require_plugin:
 * @self: a registry
 * @name: a plugin name (--require-plugin)
 * @error: set when the plugin is not there or could not be activated
 *
 * Activates the plugin @name, whatever the target, so that a run cannot
 * pass because a plugin it relies on is missing or broken.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 *
 * Returns: %TRUE if the plugin is loaded and active
 */
gboolean
oci_registry_require_plugin (OciRegistry *self, const char *name, GError **error)
{
  OciPlugin *plugin;

  oci_registry_discover (self);
  plugin = g_hash_table_lookup (self->by_name, name);
  if (plugin == NULL)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID,
                        "required plugin '%s' was not found (or was refused or disabled)", name), FALSE;
  if (!plugin->active && !plugin->failed)
    activate_plugin (self, plugin);
  if (!plugin->active)
    return g_set_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INIT,
                        "required plugin '%s' (%s) could not be loaded", name, plugin->path), FALSE;
  return TRUE;
}

static gboolean
matches_active_id (OciRegistry *self, GPatternSpec *spec)
{
  for (guint i = 0; i < self->checkers->len; i++)
    if (g_pattern_spec_match_string (spec, ((const OciChecker *) self->checkers->pdata[i])->id))
      return TRUE;
  for (guint i = 0; i < self->requirements->len; i++)
    if (g_pattern_spec_match_string (spec, ((const OciRequirement *) self->requirements->pdata[i])->id))
      return TRUE;
  return FALSE;
}

/**
 * oci_registry_matches_any_id:
 * @self: a registry
 * @glob: a glob, as --only and --skip take
 *
 * Activates every plugin (whatever the target; those the name filter
 * leaves out only when @glob matches nothing else) and tells whether @glob matches the id of one of their
 * checkers or requirements, or of the core's schema check: a glob that
 * matches nothing is a typo, not a filter.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 *
 * Returns: %TRUE if @glob matches some id
 */
gboolean
oci_registry_matches_any_id (OciRegistry *self, const char *glob)
{
  g_autoptr(GPatternSpec) spec = g_pattern_spec_new (glob);
  g_autoptr(GHashTable) filter = NULL;
  gboolean found;

  oci_registry_activate (self, NULL, NULL);
  found = matches_active_id (self, spec);
  if (!found && self->name_filter)
    {
      /* --skip may name a plugin --only left out: look at them all */
      filter = g_steal_pointer (&self->name_filter);
      oci_registry_activate (self, NULL, NULL);
      self->name_filter = g_steal_pointer (&filter);
      found = matches_active_id (self, spec);
    }
  return found;
}

/* A plugin host for the caller alone until oci_registry_unlock_host():
 * an idle one, else a new one (started, that is forked, on first use). */
OciPluginHost *
oci_registry_lock_host (OciRegistry *self)
{
  OciPluginHost *host;

  g_mutex_lock (&self->host_lock);
  if (self->idle_hosts->len > 0)
    host = g_ptr_array_steal_index_fast (self->idle_hosts, self->idle_hosts->len - 1);
  else
    {
      host = oci_plugin_host_new (self, self->timeout_ms);
      g_ptr_array_add (self->hosts, host);
    }
  g_mutex_unlock (&self->host_lock);
  return host;
}

void
oci_registry_unlock_host (OciRegistry *self, OciPluginHost *host)
{
  g_mutex_lock (&self->host_lock);
  g_ptr_array_add (self->idle_hosts, host);
  g_mutex_unlock (&self->host_lock);
}

/* At the end of a validation: ends the idle plugin hosts (one that only
 * loaded a plugin whose checkers all were skipped would otherwise wait for
 * requests until the tool exits) and reaps every host let go, so that
 * none is left, running or as a zombie. */
void
oci_registry_end_hosts (OciRegistry *self)
{
  g_mutex_lock (&self->host_lock);
  for (guint i = 0; i < self->idle_hosts->len; i++)
    oci_plugin_host_stop (self->idle_hosts->pdata[i]);
  g_mutex_unlock (&self->host_lock);
  oci_plugin_host_reap ();
}

/* The active checker @id, or NULL (the plugin host's lookup). */
const OciChecker *
oci_registry_lookup_checker (OciRegistry *self, const char *id)
{
  for (guint i = 0; i < self->checkers->len; i++)
    if (strcmp (((const OciChecker *) self->checkers->pdata[i])->id, id) == 0)
      return self->checkers->pdata[i];
  return NULL;
}

/* In the plugin host, after the fork: plugins are opened here, and a
 * load request activates one of them, saying why it could not. */
void
oci_registry_enter_host (OciRegistry *self)
{
  self->in_host = TRUE;
}

char *
oci_registry_host_activate (OciRegistry *self, const char *name)
{
  OciPlugin *plugin = g_hash_table_lookup (self->by_name, name);
  guint warned = self->warnings->len;

  if (plugin == NULL)
    return g_strdup_printf ("no plugin named '%s' in the plugin host", name);
  if (!plugin->active && !plugin->failed)
    activate_plugin (self, plugin);
  if (plugin->active)
    return NULL;
  if (self->warnings->len > warned)
    {
      /* "plugin PATH: reason": the tool says whose it is */
      const char *w = self->warnings->pdata[self->warnings->len - 1];
      const char *reason = g_str_has_prefix (w, "plugin ") ? strstr (w + 7 + strlen (plugin->path), ": ") : NULL;
      return g_strdup (reason ? reason + 2 : w);
    }
  return g_strdup ("it failed to load before");
}

static gboolean
apply_one (gpointer registry, OciGenerateContext *gen, const OciOption *option, const char *value,
           GError **error)
{
  return oci_registry_apply_option (registry, gen, option, value, error);
}

/**
 * oci_registry_apply_options:
 * @self: a registry
 * @gen: the generate context
 * @options: (array length=n): active options, in command-line order
 * @values: (array length=n): their values (%NULL for a bare flag)
 * @n: their number
 * @error: the first option's error
 *
 * oci_generate_context_apply_all() (with its notes of what a later
 * remove-all dropped), each option applied by oci_registry_apply_option(),
 * so that third-party options run in the plugin host.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 *
 * Returns: %TRUE when every option applied
 */
gboolean
oci_registry_apply_options (OciRegistry *self, OciGenerateContext *gen, const OciOption *const *options,
                            const char *const *values, guint n, GError **error)
{
  return oci_generate_context_apply_all_with (gen, options, values, n, apply_one, self, error);
}

/**
 * oci_registry_apply_defaults:
 * @self: a registry
 * @gen: the generate context of a new config
 * @error: the first plugin's error; a plugin host that crashes, exits,
 *   hangs or sends garbage while running a plugin's defaults says so,
 *   naming the plugin
 *
 * Runs the #OciDefaultsFunc of every active plugin that has one, in
 * activation order (those of oci_registry_get_defaults()); the defaults of
 * an isolated plugin (see oci_registry_set_isolation()) run in the plugin
 * host, on a copy of the config that then replaces it.
 *
 * Thread safety: generate's API: call it on the thread that owns @gen,
 * never from checker threads under `validate --jobs`.
 *
 * Returns: %TRUE when every plugin's defaults applied
 */
gboolean
oci_registry_apply_defaults (OciRegistry *self, OciGenerateContext *gen, GError **error)
{
  for (guint i = 0; i < self->active->len; i++)
    {
      OciPlugin *plugin = self->active->pdata[i];
      OciPluginHost *host;
      gboolean ok;

      if (plugin->defaults == NULL)
        continue;
      if (!plugin->isolated)
        {
          if (!plugin->defaults (gen, error))
            return FALSE;
          continue;
        }
      host = oci_registry_lock_host (self);
      ok = oci_plugin_host_defaults (host, gen, plugin, error);
      oci_registry_unlock_host (self, host);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/**
 * oci_registry_apply_option:
 * @self: a registry
 * @gen: the generate context
 * @option: an active option
 * @value: (nullable): its value as given
 * @error: as for oci_generate_context_apply(); a plugin host that crashes,
 *   exits, hangs or sends garbage while applying says so, naming the plugin
 *
 * Applies @option as oci_generate_context_apply() does; the option of an
 * isolated plugin (see oci_registry_set_isolation()) is applied in the
 * plugin host, to a copy of the config that then replaces it.
 *
 * Thread safety: it may open plugins or change the registry: call it from
 * the thread that sets the run up, never from checker threads under
 * `validate --jobs` (they share the registry read-only).
 *
 * Returns: %TRUE on success
 */
gboolean
oci_registry_apply_option (OciRegistry *self, OciGenerateContext *gen, const OciOption *option,
                           const char *value, GError **error)
{
  OciPlugin *owner = NULL;
  OciPluginHost *host;
  gboolean ok;

  for (guint i = 0; owner == NULL && i < self->active->len; i++)
    {
      OciPlugin *p = self->active->pdata[i];
      for (guint j = 0; j < p->options->len; j++)
        if (p->options->pdata[j] == option)
          {
            owner = p;
            break;
          }
    }
  if (owner == NULL || !owner->isolated)
    return oci_generate_context_apply (gen, option, value, error);
  host = oci_registry_lock_host (self);
  ok = oci_plugin_host_apply (host, gen, owner, option, value, error);
  oci_registry_unlock_host (self, host);
  return ok;
}
