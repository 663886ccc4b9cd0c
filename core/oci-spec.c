/* oci-spec.c — the runtime-spec releases this build knows, and the host
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>
#include <sys/utsname.h>

#include <gio/gio.h>

#include "oci-semver.h"
#include "oci-spec.h"
#include "oci-schema-embedded.h"

/* Must list the releases schemas/gen-schemas.py writes (a test compares). */
static const char *const releases[] = {
  "1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.2.0", "1.2.1", "1.3.0", NULL,
};

/**
 * oci_spec_get_releases:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer none): the known releases, ascending, %NULL-terminated
 */
const char *const *
oci_spec_get_releases (void)
{
  return releases;
}

/**
 * oci_spec_get_newest_release:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: the newest known release
 */
const char *
oci_spec_get_newest_release (void)
{
  return releases[G_N_ELEMENTS (releases) - 2];
}

/**
 * oci_spec_is_release:
 * @release: a version string
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE if @release is exactly a known release
 */
gboolean
oci_spec_is_release (const char *release)
{
  for (const char *const *r = releases; *r; r++)
    if (strcmp (*r, release) == 0)
      return TRUE;
  return FALSE;
}

/**
 * oci_spec_match_release:
 * @version: (nullable): a config's ociVersion
 * @release: (out): the known release whose rules and schema apply
 *
 * Pre-release and build suffixes map to their release (1.0.2-dev is
 * 1.0.2); a version newer than any known uses the newest; one between
 * known releases uses the newest older one; anything not SemVer or older
 * than 1.0.0 is invalid and gets the newest release.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: how well @version matched
 */
OciReleaseMatch
oci_spec_match_release (const char *version, const char **release)
{
  g_auto(OciSemver) v = { 0 };
  g_autofree char *core = NULL;
  const char *best = NULL;

  *release = oci_spec_get_newest_release ();
  if (version == NULL || !oci_semver_parse (version, &v, NULL) || v.major < 1)
    return OCI_RELEASE_INVALID;
  core = g_strdup_printf ("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT,
                          v.major, v.minor, v.patch);
  for (const char *const *r = releases; *r; r++)
    {
      int c = oci_semver_compare_strings (*r, core);
      if (c == 0)
        {
          *release = *r;
          return OCI_RELEASE_EXACT;
        }
      if (c < 0)
        best = *r;
    }
  *release = best;
  return best == oci_spec_get_newest_release () ? OCI_RELEASE_NEWER : OCI_RELEASE_UNKNOWN;
}

/**
 * oci_spec_schema_uri:
 * @release: a known release
 * @document: "config", "state" or "features"
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): the URI of the embedded schema
 */
char *
oci_spec_schema_uri (const char *release, const char *document)
{
  return g_strdup_printf ("resource:///org/ocirt/schemas/%s/%s-schema.json", release, document);
}

/**
 * oci_spec_has_schema:
 * @release: a known release
 * @document: "config", "state" or "features"
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE when the release has (and the library embeds) that schema:
 *   features-schema.json exists from 1.1.0 only
 */
gboolean
oci_spec_has_schema (const char *release, const char *document)
{
  g_autofree char *path = g_strdup_printf ("/org/ocirt/schemas/%s/%s-schema.json", release, document);

  return oci_embedded_schema_lookup (path) != NULL;
}

/**
 * oci_spec_hide_schema_uris:
 * @text: a message
 *
 * The embedded schemas' URIs are the library's own: a message names them
 * as the runtime-spec release and file they come from.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): @text with each
 *   "resource:///org/ocirt/schemas/RELEASE/FILE" written "runtime-spec
 *   RELEASE FILE"
 */
char *
oci_spec_hide_schema_uris (const char *text)
{
  static const char prefix[] = "resource:///org/ocirt/schemas/";
  GString *out = g_string_new (NULL);
  const char *p = text, *hit;

  while ((hit = strstr (p, prefix)))
    {
      const char *release = hit + strlen (prefix);
      const char *slash = strchr (release, '/');

      g_string_append_len (out, p, hit - p);
      if (slash == NULL)
        {
          g_string_append (out, release);
          p = release + strlen (release);
          break;
        }
      g_string_append (out, "runtime-spec ");
      g_string_append_len (out, release, slash - release);
      g_string_append_c (out, ' ');
      p = slash + 1;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/**
 * oci_host_os:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: the host's os in the spec's (Go's GOOS) spelling
 */
const char *
oci_host_os (void)
{
#if defined(__linux__)
  return "linux";
#elif defined(__FreeBSD__)
  return "freebsd";
#elif defined(__sun)
  return "solaris";
#else
  return "linux";
#endif
}

/**
 * oci_host_arch:
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: the host's architecture in Go's GOARCH spelling
 */
const char *
oci_host_arch (void)
{
  static const struct { const char *machine, *goarch; } map[] = {
    { "x86_64", "amd64" }, { "i386", "386" }, { "i486", "386" }, { "i586", "386" },
    { "i686", "386" }, { "aarch64", "arm64" }, { "armv7l", "arm" }, { "armv6l", "arm" },
    { "ppc64le", "ppc64le" }, { "ppc64", "ppc64" }, { "s390x", "s390x" },
    { "riscv64", "riscv64" }, { "mips64", "mips64" }, { "loongarch64", "loong64" },
  };
  static char machine[65];
  struct utsname u;

  if (uname (&u) != 0)
    return "amd64";
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (strcmp (u.machine, map[i].machine) == 0)
      return map[i].goarch;
  g_strlcpy (machine, u.machine, sizeof machine);
  return machine;
}

