/* oci-runtime-private.h — what the runtime suite's parts share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-check-private.h"
#include "oci-registry.h"
#include "oci-result-bus.h"
#include "oci-runtime.h"
#include "oci-schema.h"

G_BEGIN_DECLS

/* The longest a clean-up call may take once the run is interrupted. */
#define CANCEL_TIMEOUT_MS 2000

/* oci-runtime.c */
guint oci_runtime_reap_orphans (void);
void oci_runtime_set_mount_namespace (OciRuntime *self, int ns_fd);
void oci_runtime_kill_running_calls (void);

/* oci-runtime-procs.c */
void oci_procs_become_subreaper (void);
GArray *oci_procs_descendants (GPid root);
char *oci_procs_get_tag (GPid pid);
char *oci_procs_describe (GPid pid);
guint oci_procs_kill_tagged (const char *tag, gboolean prefix, GPtrArray *found);
void oci_procs_kill_tree (GPid pid);

/* oci-runtime-devns.c */
typedef struct _OciDevNamespace OciDevNamespace;
OciDevNamespace *oci_dev_namespace_new (GError **error);
int oci_dev_namespace_get_fd (const OciDevNamespace *ns);
char *oci_dev_namespace_path (const OciDevNamespace *ns, const char *path);
char *oci_dev_namespace_get_mountinfo (const OciDevNamespace *ns);
void oci_dev_namespace_free (OciDevNamespace *ns);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciDevNamespace, oci_dev_namespace_free)

/* oci-runtime-hoststate.c */
typedef struct _OciHostState OciHostState;
OciHostState *oci_host_state_snapshot (const OciDevNamespace *ns);
void oci_host_state_free (OciHostState *state);
void oci_host_state_compare (const OciHostState *before, const OciHostState *after, const char *const *marks,
                             GPtrArray *errors, GPtrArray *notes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OciHostState, oci_host_state_free)

/* oci-runtime-host.c */
GStrv oci_host_cgroup_mounts (void);

/* oci-runtime-rootfs.c: the busybox root filesystem */
typedef struct
{
  char *busybox;       /* the busybox binary */
  char *runtimetest;   /* oci-runtimetest, or NULL when none was found */
  GStrv plugin_files;  /* plugin modules to copy into /.ort/plugins */
} OciRootfsSpec;

gboolean oci_rootfs_build_template (const OciRootfsSpec *spec, const char *dir, GError **error);
gboolean oci_rootfs_clone (const char *template_dir, const char *dir, GError **error);
gboolean oci_rm_rf (const char *path, GError **error);
GPtrArray *oci_mounts_below (const char *path, const char *mountinfo);
GStrv oci_ldd_resolve (const char *binary, char **interpreter, GError **error);

/* What every case of a suite run shares (read-only once cases run). */
typedef struct
{
  OciRegistry *registry;
  OciSchema *schema;         /* thread-safe; the state and features schemas */
  char *runtime_path;
  GStrv runtime_args;        /* global options of every call */
  GError *runtime_error;     /* set when the runtime cannot be run at all */
  JsonNode *features;        /* the runtime's `features`, or NULL */
  char *features_error;      /* why there is none */
  char *template_dir;        /* the busybox root filesystem to clone */
  gboolean have_runtimetest;
  char *release;             /* the spec release of the generated configs */
  char *release_source;      /* how it was chosen, for the report */
  char *os;
  char *arch;
  OciHostFeatures host;
  OciTier compliance;
  guint timeout_ms;
  gboolean keep;
  char *cgroup_prefix;       /* "ort-<pid>" */
  char *cgroup_self;         /* our own cgroup path, for relative cgroupsPath */
  gint *cancel;              /* set (atomically) when the run is interrupted */
  int mount_ns_fd;           /* the mount namespace runtime calls join, or -1 */
  char *mountinfo;           /* its mount table (NULL: /proc/self/mountinfo) */
} OciSuiteShared;

struct _OciRuntimeContext
{
  const OciSuiteShared *shared;
  const OciRuntimeCase *rcase;
  guint index;
  OciRuntime *runtime;
  char *id;
  char *case_dir;
  char *bundle;
  char *rootfs;
  char *state_root;
  char *pid_file;
  char *stdout_path;
  char *stderr_path;
  char *cgroups_path;
  OciConfig *config;
  JsonNode *state;          /* the last `state` output */
  gboolean last_ok;         /* the last step's expectation held */
  char *unsupported;        /* why the case ended on a clean refusal */
  gboolean created;         /* create was attempted: clean-up needed */
  gboolean create_succeeded; /* the case's own create succeeded once */
  gboolean create_refused;  /* ...and exited non-zero before that */
  OciResultBus *bus;        /* the case's own bus */
  OciCheckContext check;    /* posts to bus, subject and checker id = case id */
  GData *data;
  GPtrArray *notes;         /* char * */
  GPtrArray *results;       /* OciResult *, collected from bus */
};

/* oci-runtime.c */
gboolean oci_runtime_wait_status_pid (OciRuntime *self,
                                      const char *id,
                                      const char *status,
                                      gint64 pid,
                                      guint timeout_ms,
                                      GError **error);

/* oci-runtime-case.c */
OciRuntimeCaseResult *oci_runtime_case_run (const OciSuiteShared *shared,
                                            const OciRuntimeCase *rcase,
                                            guint index,
                                            const char *case_dir);
OciRuntimeCaseResult *oci_runtime_case_result_new (const OciRuntimeCase *rcase);
gboolean oci_runtime_parse_inside_tap (const char *text, GPtrArray *results, char **problem);
void oci_runtime_remove_cgroup (const OciSuiteShared *shared, const char *cgroups_path, GPtrArray *problems);
char *oci_runtime_probe_release (const OciSuiteShared *shared, const char *dir, gboolean *lax);

G_END_DECLS
