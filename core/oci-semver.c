/* oci-semver.c — SemVer 2.0.0 parsing and precedence
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-error.h"
#include "oci-semver.h"

static gboolean
parse_number (const char **p, guint64 *out)
{
  const char *s = *p;
  guint64 v = 0;

  if (!g_ascii_isdigit (*s) || (s[0] == '0' && g_ascii_isdigit (s[1])))
    return FALSE;
  while (g_ascii_isdigit (*s))
    {
      if (v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (*s++ - '0');
    }
  *out = v;
  *p = s;
  return TRUE;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; numeric ones (pre-release
 * only) without leading zeros. */
static gboolean
valid_identifiers (const char *s, gsize len, gboolean numeric_rule)
{
  gsize start = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || s[i] == '.')
        {
          gsize n = i - start;
          gboolean all_digits = TRUE;
          if (n == 0)
            return FALSE;
          for (gsize j = start; j < i; j++)
            all_digits = all_digits && g_ascii_isdigit (s[j]);
          if (numeric_rule && all_digits && n > 1 && s[start] == '0')
            return FALSE;
          start = i + 1;
        }
      else if (!g_ascii_isalnum (s[i]) && s[i] != '-')
        return FALSE;
    }
  return TRUE;
}

/**
 * oci_semver_parse:
 * @text: a version, e.g. "1.2.0-rc.1+build"
 * @out: (out caller-allocates): the parsed version; clear it with oci_semver_clear()
 * @error: %OCI_SEMVER_ERROR_INVALID
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: %TRUE if @text is SemVer 2.0.0
 */
gboolean
oci_semver_parse (const char *text, OciSemver *out, GError **error)
{
  const char *p = text;
  const char *pre = NULL, *build = NULL;
  OciSemver v = { 0 };

  if (text == NULL)
    goto invalid;
  if (!parse_number (&p, &v.major) || *p++ != '.' || !parse_number (&p, &v.minor)
      || *p++ != '.' || !parse_number (&p, &v.patch))
    goto invalid;
  if (*p == '-')
    {
      pre = ++p;
      p += strcspn (p, "+");
      if (!valid_identifiers (pre, p - pre, TRUE))
        goto invalid;
    }
  if (*p == '+')
    {
      build = ++p;
      p += strlen (p);
      if (!valid_identifiers (build, p - build, FALSE))
        goto invalid;
    }
  if (*p != '\0')
    goto invalid;
  if (pre)
    v.prerelease = g_strndup (pre, (build ? build - 1 : p) - pre);
  if (build)
    v.build = g_strdup (build);
  *out = v;
  return TRUE;

invalid:
  g_set_error (error, OCI_SEMVER_ERROR, OCI_SEMVER_ERROR_INVALID,
               "\"%s\" is not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])",
               text ? text : "(null)");
  return FALSE;
}

/**
 * oci_semver_clear:
 * @version: a version
 *
 * Frees the strings of @version.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 */
void
oci_semver_clear (OciSemver *version)
{
  g_clear_pointer (&version->prerelease, g_free);
  g_clear_pointer (&version->build, g_free);
}

static int
compare_identifier (const char *a, gsize alen, const char *b, gsize blen)
{
  gboolean anum = TRUE, bnum = TRUE;
  int c;

  for (gsize i = 0; i < alen; i++)
    anum = anum && g_ascii_isdigit (a[i]);
  for (gsize i = 0; i < blen; i++)
    bnum = bnum && g_ascii_isdigit (b[i]);
  if (anum && bnum)
    return alen != blen ? (alen < blen ? -1 : 1) : memcmp (a, b, alen);
  if (anum != bnum)
    return anum ? -1 : 1;
  c = memcmp (a, b, MIN (alen, blen));
  return c != 0 ? c : (alen == blen ? 0 : (alen < blen ? -1 : 1));
}

/**
 * oci_semver_compare:
 * @a: a version
 * @b: another
 *
 * Compares by SemVer precedence (build metadata ignored).
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: <0, 0 or >0
 */
int
oci_semver_compare (const OciSemver *a, const OciSemver *b)
{
  const char *pa, *pb;

  if (a->major != b->major)
    return a->major < b->major ? -1 : 1;
  if (a->minor != b->minor)
    return a->minor < b->minor ? -1 : 1;
  if (a->patch != b->patch)
    return a->patch < b->patch ? -1 : 1;
  if (!a->prerelease || !b->prerelease)
    return (a->prerelease ? -1 : 0) + (b->prerelease ? 1 : 0);
  pa = a->prerelease;
  pb = b->prerelease;
  for (;;)
    {
      gsize la = strcspn (pa, "."), lb = strcspn (pb, ".");
      int c = compare_identifier (pa, la, pb, lb);
      if (c != 0)
        return c < 0 ? -1 : 1;
      pa += la;
      pb += lb;
      if (!*pa || !*pb)
        return (*pa ? 1 : 0) - (*pb ? 1 : 0);
      pa++;
      pb++;
    }
}

/**
 * oci_semver_compare_strings:
 * @a: a version string
 * @b: another
 *
 * Strings that do not parse sort before all valid versions.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: <0, 0 or >0
 */
int
oci_semver_compare_strings (const char *a, const char *b)
{
  g_auto(OciSemver) va = { 0 };
  g_auto(OciSemver) vb = { 0 };
  gboolean oka = oci_semver_parse (a, &va, NULL);
  gboolean okb = oci_semver_parse (b, &vb, NULL);

  if (!oka || !okb)
    return (oka ? 1 : 0) - (okb ? 1 : 0);
  return oci_semver_compare (&va, &vb);
}

/**
 * oci_semver_to_string:
 * @version: a version
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): the text form
 */
char *
oci_semver_to_string (const OciSemver *version)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "%s%s%s%s",
                          version->major, version->minor, version->patch,
                          version->prerelease ? "-" : "", version->prerelease ? version->prerelease : "",
                          version->build ? "+" : "", version->build ? version->build : "");
}
