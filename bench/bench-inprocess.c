/* bench-inprocess.c — timings of libocirt's hot paths, measured in process
 *
 * Each case times one operation and reports the median, minimum and
 * maximum over many runs, in microseconds. A "steady" case repeats the
 * operation in this process with everything warm (after a few untimed
 * runs). A "first" case measures what a single command pays the first
 * time: this program runs itself again (--child CASE) once per run, and
 * each copy times the operation once after its own setup, so process
 * start-up is not counted but cold caches inside the process are.
 *
 *   bench-inprocess [--json] [--list] [--only GLOB]... [--runs N]
 *                   [--process-runs N] [--config FILE] [--plugin-dir DIR]...
 *                   [--vendor-dir DIR]
 *
 * Defaults come from the build tree: the built-in plugins' folders, the 50
 * vendor modules built beside this program, bench/data/default-config.json.
 * Exit status: 0, or 1 when a case could not run (its error on stderr).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#define STEADY_WARMUP 3

typedef struct {
  char      *config_path;
  char      *config_data;
  gsize      config_length;
  GPtrArray *plugin_dirs;   /* char *; the built-in plugins' folders */
  char      *vendor_dir;    /* where the vendor modules are (a copy, when running cases) */
  char      *bundle;        /* a temporary bundle with an empty rootfs */
  guint      runs;
  guint      process_runs;
} Bench;

typedef gboolean (*MeasureFunc) (Bench   *bench,
                                 guint    runs,
                                 GArray  *samples,
                                 GError **error);

typedef struct {
  const char  *name;
  gboolean     first;   /* once per fresh process */
  const char  *what;
  MeasureFunc  measure;
} BenchCase;

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
add_sample (GArray *samples,
            gint64  start)
{
  double ns = (double) (now_ns () - start);

  g_array_append_val (samples, ns);
}

static gboolean G_GNUC_PRINTF (2, 3)
fail (GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
  return FALSE;
}

static OciConfig *
load_config (Bench   *bench,
             GError **error)
{
  return oci_config_new_from_data (bench->config_data, bench->config_length, bench->config_path, error);
}

static const char *
config_release (OciConfig *config)
{
  const char *release = NULL;

  oci_spec_match_release (oci_config_get_version (config), &release);
  return release != NULL ? release : oci_spec_get_newest_release ();
}

static OciRegistry *
registry_new (Bench      *bench,
              const char *vendor_dir)
{
  OciRegistry *registry = oci_registry_new ();

  /* as --plugin-dir: vendor folders come first */
  if (vendor_dir != NULL)
    oci_registry_add_search_dir (registry, vendor_dir);
  for (guint i = 0; i < bench->plugin_dirs->len; i++)
    oci_registry_add_search_dir (registry, bench->plugin_dirs->pdata[i]);
  return registry;
}

static OciRegistry *
registry_load (Bench      *bench,
               const char *vendor_dir)
{
  OciRegistry *registry = registry_new (bench, vendor_dir);

  oci_registry_discover (registry);
  oci_registry_activate (registry, "linux", oci_host_arch ());
  return registry;
}

/* A plugin that does not load makes the figures wrong: say so. */
static void
report_warnings (OciRegistry *registry)
{
  GPtrArray *warnings = oci_registry_get_warnings (registry);

  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, "bench-inprocess: warning: %s\n", (const char *) warnings->pdata[i]);
}

/* ---- cases ------------------------------------------------------------- */

static gboolean
validate_schema_once (OciSchema  *schema,
                      const char *uri,
                      JsonNode   *instance,
                      GArray     *samples,
                      GError    **error)
{
  g_autoptr(GPtrArray) violations = NULL;
  gint64 start = now_ns ();

  if (!oci_schema_validate (schema, uri, instance, &violations, error))
    return FALSE;
  if (samples != NULL)
    add_sample (samples, start);
  if (violations->len > 0)
    return fail (error, "the config breaks its schema: %s at %s",
                 ((OciSchemaViolation *) violations->pdata[0])->message,
                 ((OciSchemaViolation *) violations->pdata[0])->instance_pointer);
  return TRUE;
}

/* The embedded schema of the config's release against the config. */
static gboolean
measure_schema (Bench   *bench,
                guint    runs,
                GArray  *samples,
                gboolean first,
                GError **error)
{
  g_autoptr(OciConfig) config = load_config (bench, error);
  g_autoptr(OciSchema) schema = NULL;
  g_autofree char *uri = NULL;

  if (config == NULL)
    return FALSE;
  schema = oci_schema_new ();
  uri = oci_spec_schema_uri (config_release (config), "config");
  for (guint i = 0; !first && i < STEADY_WARMUP; i++)
    if (!validate_schema_once (schema, uri, oci_config_get_root (config), NULL, error))
      return FALSE;
  for (guint i = 0; i < runs; i++)
    if (!validate_schema_once (schema, uri, oci_config_get_root (config), samples, error))
      return FALSE;
  return TRUE;
}

static gboolean
measure_schema_first (Bench   *bench,
                     guint    runs,
                     GArray  *samples,
                     GError **error)
{
  return measure_schema (bench, runs, samples, TRUE, error);
}

static gboolean
measure_schema_steady (Bench   *bench,
                      guint    runs,
                      GArray  *samples,
                      GError **error)
{
  return measure_schema (bench, runs, samples, FALSE, error);
}

/* Every bundle check for the config's platform: the schema and the
 * built-in plugins' checkers, over the bench's bundle. */
static gboolean
measure_validator (Bench   *bench,
                   guint    runs,
                   GArray  *samples,
                   gboolean first,
                   GError **error)
{
  g_autoptr(OciConfig) config = load_config (bench, error);
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(OciResultBus) bus = NULL;
  g_autoptr(OciValidator) validator = NULL;

  if (config == NULL)
    return FALSE;
  registry = registry_load (bench, NULL);
  report_warnings (registry);
  bus = oci_result_bus_new (OCI_TIER_MAY);
  validator = oci_validator_new (registry, bus);

  for (guint i = 0; i < (first ? 0 : STEADY_WARMUP) + runs; i++)
    {
      gint64 start = now_ns ();

      if (!oci_validator_validate_config (validator, config, bench->bundle, "bench", error))
        return FALSE;
      if (first || i >= STEADY_WARMUP)
        add_sample (samples, start);
    }
  if (oci_result_bus_count_failing (bus) > 0 || oci_result_bus_count_status (bus, OCI_STATUS_ERROR) > 0)
    return fail (error, "%s does not validate cleanly (%u failing results): not a fair measurement",
                 bench->config_path, oci_result_bus_count_failing (bus));
  return TRUE;
}

static gboolean
measure_validator_first (Bench   *bench,
                        guint    runs,
                        GArray  *samples,
                        GError **error)
{
  return measure_validator (bench, runs, samples, TRUE, error);
}

static gboolean
measure_validator_steady (Bench   *bench,
                         guint    runs,
                         GArray  *samples,
                         GError **error)
{
  return measure_validator (bench, runs, samples, FALSE, error);
}

static gboolean
measure_config_load (Bench   *bench,
                     guint    runs,
                     GArray  *samples,
                     GError **error)
{
  for (guint i = 0; i < STEADY_WARMUP + runs; i++)
    {
      gint64 start = now_ns ();
      g_autoptr(OciConfig) config = load_config (bench, error);

      if (config == NULL)
        return FALSE;
      if (i >= STEADY_WARMUP)
        add_sample (samples, start);
    }
  return TRUE;
}

/* Serialising with the field orders the plugins give, as generate does. */
static gboolean
measure_config_save (Bench   *bench,
                     guint    runs,
                     GArray  *samples,
                     GError **error)
{
  g_autoptr(OciConfig) config = load_config (bench, error);
  g_autoptr(OciRegistry) registry = NULL;

  if (config == NULL)
    return FALSE;
  registry = registry_load (bench, NULL);
  oci_config_set_field_order (config, oci_registry_get_field_orders (registry));
  for (guint i = 0; i < STEADY_WARMUP + runs; i++)
    {
      gint64 start = now_ns ();
      gsize length = 0;
      g_autofree char *data = oci_config_to_data (config, NULL, &length);

      if (data == NULL || length == 0)
        return fail (error, "the config could not be serialised");
      if (i >= STEADY_WARMUP)
        add_sample (samples, start);
    }
  return TRUE;
}

/* Finding, checking and initialising plugins for a Linux target. */
static gboolean
measure_plugins (Bench      *bench,
                 guint       runs,
                 GArray     *samples,
                 const char *vendor_dir,
                 guint       expected,
                 GError    **error)
{
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = now_ns ();
      g_autoptr(OciRegistry) registry = registry_load (bench, vendor_dir);

      add_sample (samples, start);
      if (i == 0)
        report_warnings (registry);
      if (oci_registry_get_plugins (registry)->len < expected)
        return fail (error, "found %u plugins, expected at least %u",
                     oci_registry_get_plugins (registry)->len, expected);
    }
  return TRUE;
}

static gboolean
measure_plugins_builtin (Bench   *bench,
                        guint    runs,
                        GArray  *samples,
                        GError **error)
{
  return measure_plugins (bench, runs, samples, NULL, 1, error);
}

static gboolean
measure_plugins_vendor (Bench   *bench,
                       guint    runs,
                       GArray  *samples,
                       GError **error)
{
  return measure_plugins (bench, runs, samples, bench->vendor_dir, 51, error);
}

static const BenchCase cases[] = {
  { "schema.first", TRUE, "first schema validation of the config in a process", measure_schema_first },
  { "schema.steady", FALSE, "schema validation of the config, warm", measure_schema_steady },
  { "validator.first", TRUE, "first run of every bundle check (schema + plugins)", measure_validator_first },
  { "validator.steady", FALSE, "every bundle check, warm", measure_validator_steady },
  { "config.load", FALSE, "parse the config into an OciConfig", measure_config_load },
  { "config.save", FALSE, "serialise the config in field order", measure_config_save },
  { "plugins.builtin", TRUE, "discover and load the built-in plugins", measure_plugins_builtin },
  { "plugins.vendor50", TRUE, "the same with 50 vendor plugins in a --plugin-dir", measure_plugins_vendor },
};

/* ---- running ----------------------------------------------------------- */

typedef struct {
  const char *name;
  guint       runs;
  double      median, min, max;   /* microseconds */
} Summary;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static Summary
summarise (const char *name,
           GArray     *samples)
{
  Summary summary = { name, samples->len, 0, 0, 0 };
  double *v = (double *) (gpointer) samples->data;
  guint n = samples->len;

  g_array_sort (samples, compare_doubles);
  summary.median = (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) / 1000.0;
  summary.min = v[0] / 1000.0;
  summary.max = v[n - 1] / 1000.0;
  return summary;
}

static char *
self_path (void)
{
  return g_file_read_link ("/proc/self/exe", NULL);
}

/* Arguments that make a child see what this process sees. */
static GPtrArray *
child_argv (Bench      *bench,
            const char *case_name)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, self_path ());
  g_ptr_array_add (argv, g_strdup ("--child"));
  g_ptr_array_add (argv, g_strdup (case_name));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_strdup (bench->config_path));
  g_ptr_array_add (argv, g_strdup ("--vendor-dir"));
  g_ptr_array_add (argv, g_strdup (bench->vendor_dir));
  g_ptr_array_add (argv, g_strdup ("--bundle"));
  g_ptr_array_add (argv, g_strdup (bench->bundle));
  for (guint i = 0; i < bench->plugin_dirs->len; i++)
    {
      g_ptr_array_add (argv, g_strdup ("--plugin-dir"));
      g_ptr_array_add (argv, g_strdup (bench->plugin_dirs->pdata[i]));
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

static gboolean
run_in_children (Bench           *bench,
                 const BenchCase *bench_case,
                 GArray          *samples,
                 GError         **error)
{
  g_autoptr(GPtrArray) argv = child_argv (bench, bench_case->name);

  for (guint i = 0; i < bench->process_runs; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;
      char *end;
      double ns;

      if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, &err, &status, error))
        return FALSE;
      if (!g_spawn_check_wait_status (status, NULL))
        return fail (error, "%s", err[0] ? g_strstrip (err) : "the child failed");
      errno = 0;
      ns = g_ascii_strtod (out, &end);
      if (errno != 0 || end == out)
        return fail (error, "unexpected child output \"%s\"", out);
      g_array_append_val (samples, ns);
    }
  return TRUE;
}

static void
print_table (GArray *summaries)
{
  printf ("%-18s %6s %11s %11s %11s  %s\n", "name", "runs", "median", "min", "max", "unit");
  for (guint i = 0; i < summaries->len; i++)
    {
      Summary *s = &g_array_index (summaries, Summary, i);

      printf ("%-18s %6u %11.1f %11.1f %11.1f  us\n", s->name, s->runs, s->median, s->min, s->max);
    }
}

static void
print_json (GArray *summaries)
{
  printf ("[\n");
  for (guint i = 0; i < summaries->len; i++)
    {
      Summary *s = &g_array_index (summaries, Summary, i);

      /* case names are plain identifiers: nothing to escape */
      printf ("  {\"name\": \"%s\", \"runs\": %u, \"median\": %.1f, \"min\": %.1f, \"max\": %.1f, "
              "\"unit\": \"us\"}%s\n",
              s->name, s->runs, s->median, s->min, s->max, i + 1 < summaries->len ? "," : "");
    }
  printf ("]\n");
}

static const BenchCase *
find_case (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    if (strcmp (cases[i].name, name) == 0)
      return &cases[i];
  return NULL;
}

/* One measurement in this fresh process, printed in nanoseconds. */
static int
run_child (Bench      *bench,
           const char *name)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const BenchCase *bench_case = find_case (name);

  if (bench_case == NULL)
    {
      fprintf (stderr, "no case %s\n", name);
      return 1;
    }
  if (!bench_case->measure (bench, 1, samples, &error))
    {
      fprintf (stderr, "%s: %s\n", name, error->message);
      return 1;
    }
  printf ("%.0f\n", g_array_index (samples, double, 0));
  return 0;
}

static gboolean
selected (const char *name,
          char      **only)
{
  if (only == NULL)
    return TRUE;
  for (char **glob = only; *glob != NULL; glob++)
    if (g_pattern_match_simple (*glob, name))
      return TRUE;
  return FALSE;
}

/* ---- set-up ------------------------------------------------------------ */

/* A private --plugin-dir holding a copy of each vendor module. */
static char *
copy_vendor_modules (const char *from,
                     GError    **error)
{
  g_autofree char *to = g_dir_make_tmp ("ocirt-bench-vendor-XXXXXX", error);
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  guint copied = 0;

  if (to == NULL || (dir = g_dir_open (from, 0, error)) == NULL)
    return NULL;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = NULL;
      g_autofree char *target = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_prefix (entry, "fakevendor") || !g_str_has_suffix (entry, "." G_MODULE_SUFFIX))
        continue;
      source = g_build_filename (from, entry, NULL);
      target = g_build_filename (to, entry, NULL);
      if (!g_file_get_contents (source, &contents, &length, error)
          || !g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, error))
        return NULL;
      copied++;
    }
  if (copied != 50)
    return (fail (error, "%s holds %u vendor modules, not 50: build bench/ first", from, copied), NULL);
  return g_steal_pointer (&to);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
make_bundle (GError **error)
{
  g_autofree char *bundle = g_dir_make_tmp ("ocirt-bench-bundle-XXXXXX", error);
  g_autofree char *rootfs = NULL;

  if (bundle == NULL)
    return NULL;
  rootfs = g_build_filename (bundle, "rootfs", NULL);
  if (g_mkdir (rootfs, 0755) != 0)
    return (fail (error, "cannot create %s: %s", rootfs, g_strerror (errno)), NULL);
  return g_steal_pointer (&bundle);
}

static void
bench_clear (Bench *bench)
{
  g_free (bench->config_path);
  g_free (bench->config_data);
  g_clear_pointer (&bench->plugin_dirs, g_ptr_array_unref);
  g_free (bench->vendor_dir);
  g_free (bench->bundle);
}

static int
list_cases (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    printf ("%-18s %-6s %s\n", cases[i].name, cases[i].first ? "first" : "steady", cases[i].what);
  return 0;
}

typedef struct {
  gboolean json;
  gboolean list;
  char   **only;
  gint     runs;
  gint     process_runs;
  char    *config;
  char   **plugin_dirs;
  char    *vendor_dir;
  char    *bundle;
  char    *child;
} Options;

static void
options_clear (Options *options)
{
  g_strfreev (options->only);
  g_free (options->config);
  g_strfreev (options->plugin_dirs);
  g_free (options->vendor_dir);
  g_free (options->bundle);
  g_free (options->child);
}

static gboolean
parse_options (Options *options,
               int     *argc,
               char  ***argv,
               GError **error)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, "Print JSON instead of a table", NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &options->list, "List the cases and exit", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->only, "Run only the cases matching GLOB (repeatable)", "GLOB" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &options->runs, "Timed runs of a steady case (default 101)", "N" },
    { "process-runs", 0, 0, G_OPTION_ARG_INT, &options->process_runs, "Processes for a first case (default 21)", "N" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &options->config, "The config to use (default bench/data/default-config.json)", "FILE" },
    { "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->plugin_dirs, "Built-in plugin folder (repeatable; default: the build tree's)", "DIR" },
    { "vendor-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->vendor_dir, "Folder of the 50 vendor modules (default: beside this program)", "DIR" },
    { "bundle", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &options->bundle, NULL, NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &options->child, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time libocirt's hot paths");

  options->runs = 101;
  options->process_runs = 21;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (options->runs < 1 || options->process_runs < 1)
    return fail (error, "--runs and --process-runs must be at least 1");
  return TRUE;
}

/* The parent makes the temporary folders; a child is given their names. */
static gboolean
bench_init (Bench         *bench,
            const Options *options,
            GError       **error)
{
  g_auto(GStrv) defaults = g_strsplit (BENCH_PLUGIN_DIRS, G_SEARCHPATH_SEPARATOR_S, -1);
  char **dirs = options->plugin_dirs ? options->plugin_dirs : defaults;

  bench->runs = options->runs;
  bench->process_runs = options->process_runs;
  bench->config_path = g_strdup (options->config ? options->config : BENCH_DEFAULT_CONFIG);
  bench->plugin_dirs = g_ptr_array_new_with_free_func (g_free);
  for (char **d = dirs; *d != NULL; d++)
    if (**d != '\0')
      g_ptr_array_add (bench->plugin_dirs, g_strdup (*d));
  if (!g_file_get_contents (bench->config_path, &bench->config_data, &bench->config_length, error))
    return FALSE;

  if (options->child != NULL)
    {
      bench->vendor_dir = g_strdup (options->vendor_dir);
      bench->bundle = g_strdup (options->bundle);
      return TRUE;
    }
  bench->vendor_dir = copy_vendor_modules (options->vendor_dir ? options->vendor_dir : BENCH_VENDOR_BUILD_DIR,
                                           error);
  if (bench->vendor_dir == NULL)
    return FALSE;
  bench->bundle = make_bundle (error);
  return bench->bundle != NULL;
}

/* Runs the selected cases; a case that fails is reported and left out. */
static gboolean
run_cases (Bench  *bench,
           char  **only,
           GArray *summaries)
{
  gboolean all_ran = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GError) error = NULL;
      Summary summary;
      gboolean ok;

      if (!selected (cases[i].name, only))
        continue;
      ok = cases[i].first ? run_in_children (bench, &cases[i], samples, &error)
                          : cases[i].measure (bench, bench->runs, samples, &error);
      if (!ok)
        {
          fprintf (stderr, "bench-inprocess: %s: %s\n", cases[i].name, error->message);
          all_ran = FALSE;
          continue;
        }
      summary = summarise (cases[i].name, samples);
      g_array_append_val (summaries, summary);
    }
  return all_ran;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) summaries = g_array_new (FALSE, FALSE, sizeof (Summary));
  g_autoptr(GError) error = NULL;
  Options options = { 0 };
  Bench bench = { 0 };
  int status;

  if (!parse_options (&options, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-inprocess: %s\n", error->message);
      options_clear (&options);
      return 2;
    }
  if (options.list)
    status = list_cases ();
  else if (!bench_init (&bench, &options, &error))
    {
      fprintf (stderr, "bench-inprocess: %s\n", error->message);
      status = 2;
    }
  else if (options.child != NULL)
    status = run_child (&bench, options.child);
  else
    {
      status = run_cases (&bench, options.only, summaries) ? 0 : 1;
      if (options.json)
        print_json (summaries);
      else
        print_table (summaries);
    }

  if (options.child == NULL && bench.vendor_dir != NULL)
    remove_tree (bench.vendor_dir);
  if (options.child == NULL && bench.bundle != NULL)
    remove_tree (bench.bundle);
  bench_clear (&bench);
  options_clear (&options);
  return status;
}
