/* oci-requirement.c — RFC 2119 levels and requirement rows
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "oci-requirement.h"
#include "oci-semver.h"

static const struct
{
  OciLevel level;
  const char *name;
} level_names[] = {
  { OCI_LEVEL_MAY, "MAY" },
  { OCI_LEVEL_OPTIONAL, "OPTIONAL" },
  { OCI_LEVEL_SHOULD, "SHOULD" },
  { OCI_LEVEL_SHOULD_NOT, "SHOULD NOT" },
  { OCI_LEVEL_RECOMMENDED, "RECOMMENDED" },
  { OCI_LEVEL_NOT_RECOMMENDED, "NOT RECOMMENDED" },
  { OCI_LEVEL_MUST, "MUST" },
  { OCI_LEVEL_MUST_NOT, "MUST NOT" },
  { OCI_LEVEL_REQUIRED, "REQUIRED" },
  { OCI_LEVEL_SHALL, "SHALL" },
  { OCI_LEVEL_SHALL_NOT, "SHALL NOT" },
  { OCI_LEVEL_ADVICE, "ADVICE" },
};

#define ADVICE_MARK "(advice: "


/**
 * oci_level_tier:
 * @level: a level
 *
 * Pure: safe from any thread.
 *
 * Returns: the tier @level belongs to
 */
OciTier
oci_level_tier (OciLevel level)
{
  if (level >= OCI_LEVEL_ADVICE)
    return OCI_TIER_ADVICE;
  return level >= OCI_LEVEL_MUST ? OCI_TIER_MUST : level >= OCI_LEVEL_SHOULD ? OCI_TIER_SHOULD : OCI_TIER_MAY;
}

/**
 * oci_level_to_string:
 * @level: a level
 *
 * Pure: safe from any thread.
 *
 * Returns: the RFC 2119 keyword, e.g. "SHOULD NOT"
 */
const char *
oci_level_to_string (OciLevel level)
{
  for (gsize i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (level_names[i].level == level)
      return level_names[i].name;
  return "UNKNOWN";
}

/**
 * oci_level_parse:
 * @text: a keyword, any case, '-', '_' or ' ' between words
 * @level: (out): the level
 *
 * Pure: safe from any thread.
 *
 * Returns: %TRUE if @text names a level
 */
gboolean
oci_level_parse (const char *text, OciLevel *level)
{
  g_autofree char *norm = g_ascii_strup (text, -1);

  g_strdelimit (norm, "-_", ' ');
  for (gsize i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (strcmp (norm, level_names[i].name) == 0)
      {
        *level = level_names[i].level;
        return TRUE;
      }
  return FALSE;
}

/**
 * oci_tier_parse:
 * @text: a compliance level ("must", "should", "may", or any RFC 2119 keyword)
 * @tier: (out): its tier
 *
 * Advice is no compliance level: "advice" is refused. Pure: safe from
 * any thread.
 *
 * Returns: %TRUE if @text names an RFC 2119 level
 */
gboolean
oci_tier_parse (const char *text, OciTier *tier)
{
  OciLevel level;

  if (!oci_level_parse (text, &level) || level == OCI_LEVEL_ADVICE)
    return FALSE;
  *tier = oci_level_tier (level);
  return TRUE;
}

/**
 * oci_requirement_applies:
 * @requirement: a row
 * @release: (nullable): a release, %NULL for any
 *
 * Pure: safe from any thread.
 *
 * Returns: %TRUE if the row covers @release
 */
gboolean
oci_requirement_applies (const OciRequirement *requirement, const char *release)
{
  if (release == NULL)
    return TRUE;
  if (requirement->since && oci_semver_compare_strings (release, requirement->since) < 0)
    return FALSE;
  if (requirement->until && oci_semver_compare_strings (release, requirement->until) >= 0)
    return FALSE;
  return TRUE;
}

/* A document that is a URL of its own ("https://vendor.example/policy")
 * rather than a file of the runtime-spec. */
static gboolean
is_absolute_url (const char *document)
{
  return g_str_has_prefix (document, "https://") || g_str_has_prefix (document, "http://");
}

/**
 * oci_requirement_url:
 * @requirement: a row
 * @release: (nullable): the release whose text to link, %NULL for the main branch
 *
 * A row whose @document is an absolute URL (a vendor's own documentation)
 * links there, with its anchor, whatever @release. Safe from any thread.
 *
 * Returns: (transfer full): the URL of the requirement's text, e.g.
 *   https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#process;
 *   free with g_free()
 */
char *
oci_requirement_url (const OciRequirement *requirement, const char *release)
{
  gboolean anchored = requirement->anchor && *requirement->anchor;

  if (is_absolute_url (requirement->document))
    return g_strconcat (requirement->document, anchored ? "#" : "", anchored ? requirement->anchor : "", NULL);
  return g_strdup_printf ("https://github.com/opencontainers/runtime-spec/blob/%s%s/%s%s%s",
                          release ? "v" : "", release ? release : "main",
                          requirement->document, anchored ? "#" : "", anchored ? requirement->anchor : "");
}

/**
 * oci_requirement_basis:
 * @requirement: a row
 *
 * What the row rests on: for a keyword level, the keyword as the text
 * writes it and where ("MUST NOT at config.md#configAnnotations"); for
 * advice, that no sentence of the text carries it, and the reason from
 * its summary.
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: it shares no state with other calls.
 *
 * Returns: (transfer full): one line
 */
char *
oci_requirement_basis (const OciRequirement *requirement)
{
  const char *reason;
  gsize len;

  if (requirement->level != OCI_LEVEL_ADVICE)
    return g_strdup_printf ("%s at %s%s%s", oci_level_to_string (requirement->level),
                            requirement->document,
                            requirement->anchor && *requirement->anchor ? "#" : "",
                            requirement->anchor ? requirement->anchor : "");
  reason = requirement->summary ? strstr (requirement->summary, ADVICE_MARK) : NULL;
  if (reason == NULL)
    return g_strdup ("no RFC 2119 keyword in the text");
  reason += strlen (ADVICE_MARK);
  len = strlen (reason);
  if (len > 0 && reason[len - 1] == ')')
    len--;
  return g_strdup_printf ("no RFC 2119 keyword in the text; advice: %.*s", (int) len, reason);
}
