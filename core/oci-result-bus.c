/* oci-result-bus.c — results in, counters and signals out
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "oci-result-bus.h"

#define N_TIERS 4
#define N_STATUSES 4

struct _OciResultBus
{
  GObject parent_instance;

  OciTier compliance;
  gboolean want_passes;
  gboolean strict;
  guint counts[N_TIERS][N_STATUSES];
  guint input_errors;
  guint subjects;
  guint failed_subjects;
  gboolean subject_failed;
  guint max_findings;      /* per requirement and subject; 0: all */
  GHashTable *shown;       /* requirement id -> findings emitted in this subject */
  GHashTable *not_shown;   /* requirement id -> findings counted, not emitted */
  GPtrArray *not_shown_order; /* their ids, in the order of the first one held back */
  guint count_not_shown;
};

enum
{
  SIGNAL_SUBJECT_BEGIN,
  SIGNAL_RESULT,
  SIGNAL_SUBJECT_END,
  SIGNAL_INPUT_ERROR,
  SIGNAL_NOTICE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OciResultBus, oci_result_bus, G_TYPE_OBJECT)

static void
oci_result_bus_finalize (GObject *object)
{
  OciResultBus *self = OCI_RESULT_BUS (object);

  g_hash_table_unref (self->shown);
  g_hash_table_unref (self->not_shown);
  g_ptr_array_unref (self->not_shown_order);
  G_OBJECT_CLASS (oci_result_bus_parent_class)->finalize (object);
}

static void
oci_result_bus_class_init (OciResultBusClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oci_result_bus_finalize;
  /**
   * OciResultBus::subject-begin:
   * @bus: the bus
   * @subject: what is about to be checked (a bundle, a file, a case)
   */
  signals[SIGNAL_SUBJECT_BEGIN] =
    g_signal_new ("subject-begin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OciResultBus::result:
   * @bus: the bus
   * @result: (transfer none): the result; copy it to keep it
   */
  signals[SIGNAL_RESULT] =
    g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OCI_TYPE_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * OciResultBus::subject-end:
   * @bus: the bus
   * @subject: what was checked
   */
  signals[SIGNAL_SUBJECT_END] =
    g_signal_new ("subject-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OciResultBus::input-error:
   * @bus: the bus
   * @subject: the input that could not be read or parsed
   * @message: why
   */
  signals[SIGNAL_INPUT_ERROR] =
    g_signal_new ("input-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * OciResultBus::notice:
   * @bus: the bus
   * @subject: what it is about
   * @message: a warning that is no spec result (e.g. an unknown release)
   */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * OciResultBus::finished:
   * @bus: the bus
   *
   * Emitted once after the last subject; reporters write summaries.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
oci_result_bus_init (OciResultBus *self)
{
  self->compliance = OCI_TIER_MUST;
  self->max_findings = OCI_RESULT_BUS_DEFAULT_MAX_FINDINGS;
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->not_shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->not_shown_order = g_ptr_array_new ();
}

/**
 * oci_result_bus_new:
 * @compliance: the lowest tier whose failures fail the run
 *
 * Thread safety: safe from any thread, checker threads under `validate
 * --jobs` included: what it returns is new, and it only reads what it is
 * given.
 *
 * Returns: (transfer full): a new bus
 */
OciResultBus *
oci_result_bus_new (OciTier compliance)
{
  OciResultBus *self = g_object_new (OCI_TYPE_RESULT_BUS, NULL);

  self->compliance = compliance;
  return self;
}

/**
 * oci_result_bus_get_compliance:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: the compliance tier
 */
OciTier
oci_result_bus_get_compliance (OciResultBus *self)
{
  return self->compliance;
}

/**
 * oci_result_bus_set_want_passes:
 * @self: a bus
 * @want: whether checkers should post pass results
 *
 * Reporters that list every check (TAP, JSON, JUnit) set this; the text
 * reporter does not, so checkers skip the work of posting passes.
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_set_want_passes (OciResultBus *self, gboolean want)
{
  self->want_passes = want;
}

/**
 * oci_result_bus_get_want_passes:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: whether pass results are wanted
 */
gboolean
oci_result_bus_get_want_passes (OciResultBus *self)
{
  return self->want_passes;
}

/**
 * oci_result_bus_set_strict:
 * @self: a bus
 * @strict: whether advice fails the run
 *
 * Advice (%OCI_LEVEL_ADVICE: no keyword of the spec behind it) is only a
 * warning at every compliance level; strict makes its failures fail.
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_set_strict (OciResultBus *self, gboolean strict)
{
  self->strict = strict;
}

/**
 * oci_result_bus_get_strict:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: whether advice fails the run
 */
gboolean
oci_result_bus_get_strict (OciResultBus *self)
{
  return self->strict;
}

/* Whether failures of @tier fail the run. */
static gboolean
tier_fails (OciResultBus *self, OciTier tier)
{
  return tier == OCI_TIER_ADVICE ? self->strict : tier >= self->compliance;
}

/**
 * oci_result_bus_set_max_findings:
 * @self: a bus
 * @max: findings of one requirement shown per subject; 0 shows all
 *
 * Past @max failures of one requirement in one subject (default
 * %OCI_RESULT_BUS_DEFAULT_MAX_FINDINGS), the bus still counts the others
 * but does not emit them: at the end of the subject it emits one
 * #OciResultBus::notice per requirement saying how many were not shown.
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_set_max_findings (OciResultBus *self, guint max)
{
  self->max_findings = max;
}

/**
 * oci_result_bus_count_not_shown:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: how many results were counted but not emitted, past the bound
 *   of oci_result_bus_set_max_findings()
 */
guint
oci_result_bus_count_not_shown (OciResultBus *self)
{
  return self->count_not_shown;
}

/* %TRUE when @result is emitted; otherwise it is counted as not shown. */
static gboolean
within_bound (OciResultBus *self, const OciResult *result)
{
  const char *id = result->requirement_id ? result->requirement_id : "";
  gpointer shown, held;

  if (self->max_findings == 0 || result->status != OCI_STATUS_FAIL)
    return TRUE;
  shown = g_hash_table_lookup (self->shown, id);
  if (GPOINTER_TO_UINT (shown) < self->max_findings)
    {
      g_hash_table_insert (self->shown, g_strdup (id), GUINT_TO_POINTER (GPOINTER_TO_UINT (shown) + 1));
      return TRUE;
    }
  held = g_hash_table_lookup (self->not_shown, id);
  if (held == NULL)
    {
      char *key = g_strdup (id);
      g_hash_table_insert (self->not_shown, key, GUINT_TO_POINTER (1));
      g_ptr_array_add (self->not_shown_order, key);
    }
  else
    g_hash_table_insert (self->not_shown, g_strdup (id), GUINT_TO_POINTER (GPOINTER_TO_UINT (held) + 1));
  self->count_not_shown++;
  return FALSE;
}

/* One notice per requirement held back in the subject that ends. */
static void
summarise_not_shown (OciResultBus *self, const char *subject)
{
  for (guint i = 0; i < self->not_shown_order->len; i++)
    {
      const char *id = self->not_shown_order->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->not_shown, id));
      g_autofree char *message
        = g_strdup_printf ("… and %u more finding%s of %s (not shown: past %u of one requirement; "
                           "--max-findings 0 shows all)", n, n == 1 ? "" : "s", *id ? id : "(no requirement)",
                           self->max_findings);

      g_signal_emit (self, signals[SIGNAL_NOTICE], 0, subject, message);
    }
  g_ptr_array_set_size (self->not_shown_order, 0);
  g_hash_table_remove_all (self->not_shown);
  g_hash_table_remove_all (self->shown);
}

/**
 * oci_result_bus_begin_subject:
 * @self: a bus
 * @subject: what is about to be checked
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_begin_subject (OciResultBus *self, const char *subject)
{
  self->subjects++;
  self->subject_failed = FALSE;
  g_hash_table_remove_all (self->shown);
  g_signal_emit (self, signals[SIGNAL_SUBJECT_BEGIN], 0, subject);
}

/**
 * oci_result_bus_is_failing:
 * @self: a bus
 * @result: a result
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: %TRUE if @result fails the run at the bus's compliance level
 */
gboolean
oci_result_bus_is_failing (OciResultBus *self, const OciResult *result)
{
  if (result->status == OCI_STATUS_ERROR)
    return TRUE;
  return result->status == OCI_STATUS_FAIL && tier_fails (self, oci_level_tier (result->level));
}

/**
 * oci_result_bus_post:
 * @self: a bus
 * @result: (transfer none): the result
 *
 * Counts @result and emits #OciResultBus::result, unless it is past the
 * bound of oci_result_bus_set_max_findings().
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_post (OciResultBus *self, const OciResult *result)
{
  OciTier tier = oci_level_tier (result->level);

  if ((guint) result->status < N_STATUSES)
    self->counts[tier][result->status]++;
  if (oci_result_bus_is_failing (self, result))
    self->subject_failed = TRUE;
  if (within_bound (self, result))
    g_signal_emit (self, signals[SIGNAL_RESULT], 0, result);
}

/**
 * oci_result_bus_end_subject:
 * @self: a bus
 * @subject: what was checked
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_end_subject (OciResultBus *self, const char *subject)
{
  summarise_not_shown (self, subject);
  if (self->subject_failed)
    self->failed_subjects++;
  self->subject_failed = FALSE;
  g_signal_emit (self, signals[SIGNAL_SUBJECT_END], 0, subject);
}

/**
 * oci_result_bus_input_error:
 * @self: a bus
 * @subject: the input
 * @error: why it could not be read or parsed
 *
 * Records an input that could not be checked at all (exit code 2).
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_input_error (OciResultBus *self, const char *subject, const GError *error)
{
  self->input_errors++;
  self->subject_failed = TRUE;
  g_signal_emit (self, signals[SIGNAL_INPUT_ERROR], 0, subject, error->message);
}

/**
 * oci_result_bus_notice:
 * @self: a bus
 * @subject: what it is about
 * @message: the warning
 *
 * Passes on a warning that is not a spec result; it does not change the
 * exit code.
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_notice (OciResultBus *self, const char *subject, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, subject, message);
}

/**
 * oci_result_bus_finish:
 * @self: a bus
 *
 * Emits #OciResultBus::finished.
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 */
void
oci_result_bus_finish (OciResultBus *self)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

/**
 * oci_result_bus_count:
 * @self: a bus
 * @tier: a tier
 * @status: a status
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: how many results of that tier and status were posted
 */
guint
oci_result_bus_count (OciResultBus *self, OciTier tier, OciStatus status)
{
  return self->counts[tier][status];
}

/**
 * oci_result_bus_count_status:
 * @self: a bus
 * @status: a status
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: how many results of @status, all tiers
 */
guint
oci_result_bus_count_status (OciResultBus *self, OciStatus status)
{
  guint n = 0;

  for (int t = 0; t < N_TIERS; t++)
    n += self->counts[t][status];
  return n;
}

/**
 * oci_result_bus_count_failing:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: failures at or above the compliance tier (and advice when
 *   strict), plus errors
 */
guint
oci_result_bus_count_failing (OciResultBus *self)
{
  guint n = oci_result_bus_count_status (self, OCI_STATUS_ERROR);

  for (int t = 0; t < N_TIERS; t++)
    if (tier_fails (self, t))
      n += self->counts[t][OCI_STATUS_FAIL];
  return n;
}

/**
 * oci_result_bus_count_warnings:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: failures below the compliance tier, and advice unless strict
 */
guint
oci_result_bus_count_warnings (OciResultBus *self)
{
  guint n = 0;

  for (int t = 0; t < N_TIERS; t++)
    if (!tier_fails (self, t))
      n += self->counts[t][OCI_STATUS_FAIL];
  return n;
}

/**
 * oci_result_bus_count_input_errors:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: inputs that could not be read or parsed
 */
guint
oci_result_bus_count_input_errors (OciResultBus *self)
{
  return self->input_errors;
}

/**
 * oci_result_bus_count_subjects:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: subjects begun
 */
guint
oci_result_bus_count_subjects (OciResultBus *self)
{
  return self->subjects;
}

/**
 * oci_result_bus_count_failed_subjects:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: subjects with a failing result or an input error
 */
guint
oci_result_bus_count_failed_subjects (OciResultBus *self)
{
  return self->failed_subjects;
}

/**
 * oci_result_bus_get_exit_code:
 * @self: a bus
 *
 * Thread safety: the bus is not locked: call it from one thread, the one
 * running the validation (under `validate --jobs` the calling thread posts
 * what the workers hold), never from checker threads, which post through
 * their context.
 *
 * Returns: 2 if an input could not be read or parsed or a check could
 *   not run (an error result), 1 if a result fails at the compliance
 *   level, else 0
 */
int
oci_result_bus_get_exit_code (OciResultBus *self)
{
  if (self->input_errors > 0 || oci_result_bus_count_status (self, OCI_STATUS_ERROR) > 0)
    return 2;
  return oci_result_bus_count_failing (self) > 0 ? 1 : 0;
}
