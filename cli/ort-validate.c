/* ort-validate.c — `oci-runtime-tool validate`
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ort-cli.h"

/* With --only, the plugins whose files need opening: the first segment of
 * each glob, when every glob starts with a literal name. NULL: all. */
static GStrv
plugins_for_only (char **only)
{
  g_autoptr(GStrvBuilder) names = NULL;

  if (only == NULL)
    return NULL;
  names = g_strv_builder_new ();
  for (char **g = only; *g; g++)
    {
      gsize seg = strcspn (*g, ".");
      if (strcspn (*g, "*?[") < seg || seg == 0)
        return NULL;
      g_autofree char *name = g_strndup (*g, seg);
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

/* More threads than this cannot help: the validator keeps at most 64
 * bundles in flight (READ_AHEAD); the bound keeps a typo such as -j 10000
 * from asking for 10,000 thread stacks. */
#define ORT_MAX_JOBS 1024

/* Operating systems a config's platform.os may name (Go's GOOS values),
 * besides those the plugins declare. */
static const char *const known_os[] = {
  "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "netbsd",
  "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", NULL,
};

/* A --platform OS nobody knows is a usage error (a typo would otherwise
 * silently turn off every check of the platform meant). */
static gboolean
platform_os_known (OciRegistry *registry, const char *os, char **known_list)
{
  g_auto(GStrv) declared = oci_registry_get_platform_names (registry);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  if (g_strv_contains (known_os, os) || g_strv_contains ((const char *const *) declared, os))
    return TRUE;
  for (const char *const *o = known_os; *o; o++)
    g_ptr_array_add (all, (gpointer) *o);
  for (char **d = declared; *d; d++)
    if (!g_strv_contains (known_os, *d))
      g_ptr_array_add (all, *d);
  g_ptr_array_add (all, NULL);
  *known_list = g_strjoinv (", ", (char **) all->pdata);
  return FALSE;
}

/* --recursive looks this many folders deep below each --path at most. */
#define ORT_MAX_BUNDLE_DEPTH 32

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Adds @dir to @found if it is a bundle (has a config.json), else looks
 * in its subfolders, in byte order of their names. A bundle's own folders
 * (its rootfs) are not searched; a folder already seen (through a
 * symbolic link, or a link loop) is skipped, by device and inode. */
static void
find_bundles (const char *dir, guint depth, GHashTable *seen, GPtrArray *found)
{
  g_autofree char *config = g_build_filename (dir, "config.json", NULL);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  struct stat st;

  if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode)
      || !g_hash_table_add (seen, g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino)))
    return;
  if (g_file_test (config, G_FILE_TEST_EXISTS))
    {
      g_ptr_array_add (found, g_strdup (dir));
      return;
    }
  if (depth >= ORT_MAX_BUNDLE_DEPTH || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    find_bundles (names->pdata[i], depth + 1, seen, found);
}

/* The bundles below each of @paths, in their order; NULL (and a message)
 * when one has none. */
static GStrv
expand_recursive (char **paths, int *status)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (char **p = paths; *p; p++)
    {
      guint before = found->len;
      find_bundles (*p, 0, seen, found);
      if (found->len == before && !g_file_test (*p, G_FILE_TEST_IS_DIR))
        {
          *status = ort_usage_error ("validate", "--path %s: no such directory", *p);
          return NULL;
        }
    }
  if (found->len == 0)
    {
      *status = ort_usage_error ("validate", "--recursive: no bundle (a folder with config.json) below the --path folders");
      return NULL;
    }
  g_ptr_array_add (found, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

/* From this many bundles on, validating on several threads pays for one
 * more start of the program (below). */
#define ORT_MANY_BUNDLES 64

/* Validating many bundles runs one thread per core, each parsing, checking
 * and freeing its own configs: the allocation of their JSON trees is most
 * of the work. GLib 2.74's slice allocator, which json-glib uses for every
 * node, makes such threads wait on each other (its magazines are exchanged
 * under one lock); with G_SLICE=always-malloc each thread allocates from
 * its own malloc arena, and 1,000 bundles take 190 ms instead of 280 on
 * the 2-core reference machine (GLib 2.76 made this the default). The
 * variable is only read when GLib starts, before main(), hence one
 * re-execution of the program, with the same arguments, before anything
 * is read or written. If it fails, or G_SLICE is already set, the program
 * goes on as it is. */
static void
reexec_for_threads (OrtGlobals *globals)
{
  gboolean tunables;

  if (g_getenv ("G_SLICE") != NULL || globals->argv == NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  /* With malloc doing all of json-glib's allocations, a larger per-thread
   * cache of freed blocks (glibc's default keeps 7 of each size) serves
   * most of them without touching the arena: another tenth off 1,000
   * bundles. A user's own GLIBC_TUNABLES is left alone. */
  tunables = g_getenv ("GLIBC_TUNABLES") == NULL;
  if (tunables)
    g_setenv ("GLIBC_TUNABLES", "glibc.malloc.tcache_count=1024", TRUE);
  execv ("/proc/self/exe", globals->argv);
  g_unsetenv ("G_SLICE");
  if (tunables)
    g_unsetenv ("GLIBC_TUNABLES");
}

int
ort_cmd_validate (OrtGlobals *globals, int argc, char **argv)
{
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) only = NULL;
  g_auto(GStrv) skip = NULL;
  g_auto(GStrv) states = NULL;
  g_auto(GStrv) features = NULL;
  g_autofree char *platform = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *spec_version = NULL;
  g_autofree char *schema_dir = NULL;
  gboolean verbose = FALSE;
  gboolean strict = FALSE;
  gboolean recursive = FALSE;
  gint jobs = 0;
  gint max_findings = OCI_RESULT_BUS_DEFAULT_MAX_FINDINGS;
  g_autofree char *os = NULL;
  g_autofree char *arch = NULL;
  OciReportFormat format = OCI_REPORT_TEXT;
  g_auto(GStrv) wanted = NULL;
  g_autoptr(OciRegistry) registry = NULL;
  g_autoptr(OciResultBus) bus = NULL;
  g_autoptr(OciReporter) reporter = NULL;
  g_autoptr(OciValidator) validator = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, "Bundle to validate (repeatable; default .)", "BUNDLE" },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, "Target platform; default: the config's platform section, else this host", "OS[/ARCH]" },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Run only checkers and requirements matching GLOB (repeatable)", "GLOB" },
    { "skip", 0, 0, G_OPTION_ARG_STRING_ARRAY, &skip, "Skip checkers and requirements matching GLOB (repeatable)", "GLOB" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "Output format: text (default), tap, json, junit, sarif or github", "FORMAT" },
    { "spec-version", 0, 0, G_OPTION_ARG_STRING, &spec_version, "Check against this runtime-spec release instead of ociVersion's", "VERSION" },
    { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME, &schema_dir, "Use the JSON schemas in DIR (config-schema.json, …) instead of the embedded ones", "DIR" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &states, "Also validate a runtime's state JSON ('-' reads stdin)", "FILE" },
    { "features", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &features, "Also validate a 'runtime features' document ('-' reads stdin)", "FILE" },
    { "recursive", 'r', 0, G_OPTION_ARG_NONE, &recursive, "Validate every bundle (folder with config.json) below each --path, in name order", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Text format: also list passed and skipped checks", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Advice (findings no RFC 2119 keyword of the spec backs) fails the bundle too", NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Bundles validated at once (default: the number of CPUs; results keep the order of --path)", "N" },
    { "max-findings", 0, 0, G_OPTION_ARG_INT, &max_findings, "Findings of one requirement shown per bundle before one line counts the rest (default 100; 0: all)", "N" },
    { NULL }
  };

  context = g_option_context_new ("- validate OCI bundles");
  g_option_context_add_main_entries (context, entries, NULL);
  ort_note_entries (entries);
  g_option_context_set_summary (context,
                                "Checks each bundle's config.json against the JSON Schema of the release it names\n"
                                "and against every requirement the plugins for its platform enforce.\n"
                                "Exit status: 0 valid at the compliance level, 1 a requirement is broken,\n"
                                "2 usage error or an input that cannot be read or parsed.");
  if (!ort_parse_options (context, "validate", &argc, &argv))
    return ORT_EXIT_USAGE;
  if (argc > 1)
    return ort_usage_error ("validate", "unexpected argument '%s' (bundles are given with --path)", argv[1]);
  if (format_name && !oci_report_format_parse (format_name, &format))
    return ort_usage_error ("validate", "--format: invalid value \"%s\" (syntax: --format text|tap|json|junit|sarif|github)", format_name);
  if (platform && !ort_parse_platform (platform, &os, &arch))
    return ort_usage_error ("validate", "--platform: invalid value \"%s\" (syntax: --platform OS[/ARCH])", platform);
  if (jobs < 0 || jobs > ORT_MAX_JOBS)
    return ort_usage_error ("validate", "--jobs: invalid value %d (syntax: --jobs N, N from 1 to %d; 0: one per CPU)",
                            jobs, ORT_MAX_JOBS);
  if (max_findings < 0)
    return ort_usage_error ("validate", "--max-findings: invalid value %d (syntax: --max-findings N, N from 0; 0: all)",
                            max_findings);
  if (spec_version && !oci_spec_is_release (spec_version))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) oci_spec_get_releases ());
      return ort_usage_error ("validate", "--spec-version: unknown release \"%s\" (known: %s)", spec_version, known);
    }

  if (recursive)
    {
      char **all;
      status = 0;
      all = expand_recursive (paths ? paths : (char *[]) { ".", NULL }, &status);
      if (all == NULL)
        return status;
      g_strfreev (paths);
      paths = all;
    }

  wanted = plugins_for_only (only);
  registry = ort_registry_new (globals, (const char *const *) wanted);
  if (os)
    {
      g_autofree char *known = NULL;
      if (!platform_os_known (registry, os, &known))
        return ort_usage_error ("validate", "--platform: unknown os \"%s\" (known: %s)", os, known);
    }
  bus = oci_result_bus_new (globals->compliance);
  oci_result_bus_set_strict (bus, strict);
  oci_result_bus_set_max_findings (bus, (guint) max_findings);
  reporter = oci_reporter_new (format, stdout, ORT_PROGRAM);
  oci_reporter_set_verbose (reporter, verbose);
  oci_reporter_set_color (reporter, ort_use_color (globals, STDOUT_FILENO));
  oci_reporter_set_requirements (reporter, oci_registry_get_requirements (registry));
  oci_reporter_attach (reporter, bus);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_host_specific (validator, globals->host_specific);
  oci_validator_set_platform (validator, os, arch);
  oci_validator_set_spec_version (validator, spec_version);
  oci_validator_set_filters (validator, (const char *const *) only, (const char *const *) skip);
  if (schema_dir && !oci_validator_set_schema_dir (validator, schema_dir, &error))
    return ort_input_error (error);

  if (jobs <= 0)
    jobs = (gint) g_get_num_processors ();
  if (paths && g_strv_length (paths) >= ORT_MANY_BUNDLES && jobs > 1)
    reexec_for_threads (globals);

  oci_registry_discover (registry);
  if ((status = ort_require_plugins (globals, registry)) != 0
      || (status = ort_check_globs (registry, "--only", only)) != 0
      || (status = ort_check_globs (registry, "--skip", skip)) != 0)
    return status;
  if (paths == NULL && states == NULL && features == NULL)
    {
      oci_validator_validate_bundle (validator, ".", NULL);
    }
  if (paths)
    oci_validator_validate_bundles (validator, (const char *const *) paths, (guint) jobs);
  for (char **p = states; p && *p; p++)
    oci_validator_validate_document (validator, *p, "state", NULL);
  for (char **p = features; p && *p; p++)
    oci_validator_validate_document (validator, *p, "features", NULL);
  ort_print_warnings (globals, registry);
  oci_result_bus_finish (bus);
  if (oci_validator_get_checks_run (validator) == 0 && oci_result_bus_get_exit_code (bus) != 2)
    {
      fprintf (stderr, "%s: no check ran (every checker was filtered out or none applies): nothing was validated\n",
               ORT_PROGRAM);
      return ORT_EXIT_USAGE;
    }
  /* The process ends now: what it holds is left to the kernel, which frees
   * it faster than walking the trees would (still reachable for valgrind). */
  ort_keep_until_exit (g_steal_pointer (&validator));
  ort_keep_until_exit (g_steal_pointer (&reporter));
  return oci_result_bus_get_exit_code (bus);
}
