/* linux-cases-net.c — network devices (config-linux.md 1.3.0 netDevices):
 * moved into the container's network namespace, under their new name,
 * addresses kept, up, and never moved back
 *
 * The case makes everything it needs and removes it by its own names:
 * a veth pair in the runtime namespace (named after the container id;
 * one end, with two documentation addresses, is the device to move: a
 * veth, as kernels without the dummy driver are common) and a network
 * namespace of its own (`ip netns add`), which the container joins by path. The runtime
 * moves the interface into it; inside, oci-runtimetest finds it under its
 * new name, up, with its addresses. After delete the namespace outlives
 * the container, so the check can see the interface stayed there and did
 * not come back to the host. Clean-up deletes the namespace (and with it
 * the pair) and, should the device still be on the host, the pair.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>

#include "linux-runtime.h"
#include "inside/linux-inside.h"

#define S OCI_RUNTIME_EXPECT_SUCCESS
#define A OCI_RUNTIME_EXPECT_ANY
#define U OCI_RUNTIME_EXPECT_SUPPORTED

static const OciRequirement net_requirements[] = {
  { "linux.runtime.net-devices.moved", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "the network devices of netDevices MUST be made available in the container, under name (else their host "
    "name)" },
  { "linux.runtime.net-devices.addresses", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0",
    NULL, "the runtime MUST preserve the device's permanent addresses of global scope" },
  { "linux.runtime.net-devices.up", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0", NULL,
    "the runtime MUST set the device up after moving it" },
  { "linux.runtime.net-devices.not-moved-back", OCI_LEVEL_MUST_NOT, "config-linux.md", "configLinuxNetworkDevices",
    "1.3.0", NULL, "the runtime MUST NOT move the device out of the container's namespace before deletion" },
  { "linux.runtime.net-devices.name-exists", OCI_LEVEL_MUST, "config-linux.md", "configLinuxNetworkDevices", "1.3.0",
    NULL, "if a device of the new name already exists in the container namespace, the runtime MUST generate an "
    "error" },
};

#define NEW_NAME "ort0"
#define ADDRESS_V4 "198.51.100.7/32"
#define ADDRESS_V6 "2001:db8::7/128"
#define NET_KEY "linux-net-devices"

/* ---- the interface and namespace of the case --------------------------- */

typedef struct
{
  char *ip;      /* the ip(8) program */
  char *device;  /* the end to move, by its host name */
  char *peer;    /* the end that stays */
  char *netns;   /* the namespace's name under /run/netns */
  gboolean made_device;
  gboolean made_netns;
  gboolean left_host; /* the device was gone from the host after start */
} NetFixture;

static gboolean
run_ip (const NetFixture *f, const char *const *args, GError **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, f->ip);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                     error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
      return linux_rt_setup_error (error, "%s: %s", line, err ? g_strstrip (err) : "failed");
    }
  return TRUE;
}

static void
net_fixture_free (gpointer data)
{
  NetFixture *f = data;

  /* The namespace takes the interface with it; a device the runtime did
   * not move (or moved back) is still on the host. */
  if (f->made_netns)
    run_ip (f, (const char *const[]) { "netns", "delete", f->netns, NULL }, NULL);
  if (f->made_device)
    {
      g_autofree char *sys = g_build_filename ("/sys/class/net", f->device, NULL);
      if (g_file_test (sys, G_FILE_TEST_EXISTS))
        run_ip (f, (const char *const[]) { "link", "delete", f->device, NULL }, NULL);
    }
  g_free (f->ip);
  g_free (f->device);
  g_free (f->peer);
  g_free (f->netns);
  g_free (f);
}

/* Interface names have 15 bytes at most: "ort" and a hash of the id. */
static NetFixture *
net_fixture_new (OciRuntimeContext *rc)
{
  NetFixture *f = g_new0 (NetFixture, 1);
  const char *id = oci_runtime_context_get_id (rc);

  f->ip = g_find_program_in_path ("ip");
  f->device = g_strdup_printf ("ort%08x", g_str_hash (id));
  f->peer = g_strdup_printf ("%sp", f->device);
  f->netns = g_strdup_printf ("ort-%s", id);
  oci_runtime_context_set_data (rc, NET_KEY, f, net_fixture_free);
  return f;
}

static gboolean
make_device (NetFixture *f, GError **error)
{
  if (!run_ip (f, (const char *const[]) { "link", "add", f->device, "type", "veth", "peer", "name", f->peer, NULL },
              error))
    return FALSE;
  f->made_device = TRUE;
  return run_ip (f, (const char *const[]) { "addr", "add", ADDRESS_V4, "dev", f->device, NULL }, error)
         && run_ip (f, (const char *const[]) { "addr", "add", ADDRESS_V6, "dev", f->device, "nodad", NULL }, error);
}

static gboolean
make_netns (NetFixture *f, GError **error)
{
  if (!run_ip (f, (const char *const[]) { "netns", "add", f->netns, NULL }, error))
    return FALSE;
  f->made_netns = TRUE;
  return TRUE;
}

static void
join_netns (OciConfig *config, const NetFixture *f)
{
  JsonArray *namespaces = oci_config_ensure_array (config, "/linux/namespaces");
  g_autofree char *path = g_strdup_printf ("/run/netns/%s", f->netns);

  for (guint i = 0; i < json_array_get_length (namespaces); i++)
    {
      JsonObject *o = json_array_get_object_element (namespaces, i);
      if (o && g_strcmp0 (oci_json_object_get_string (o, "type"), "network") == 0)
        {
          json_object_set_string_member (o, "path", path);
          return;
        }
    }
  {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "type", "network");
    json_object_set_string_member (o, "path", path);
    json_array_add_object_element (namespaces, o);
  }
}

static void
move_device (OciConfig *config, const NetFixture *f)
{
  JsonObject *devices = oci_config_ensure_object (config, "/linux/netDevices");
  JsonObject *entry = json_object_new ();
  g_autofree char *key = g_strconcat (LINUX_ANNOTATION_NET_ADDRESSES, f->device, NULL);

  json_object_set_string_member (entry, "name", NEW_NAME);
  json_object_set_object_member (devices, f->device, entry);
  linux_rt_annotate (config, key, ADDRESS_V4 "," ADDRESS_V6);
}

/* The device and namespace; for the .name_exists case an interface of
 * the new name is already in the namespace. */
static gboolean
configure_net (OciRuntimeContext *rc, OciConfig *config, GError **error)
{
  NetFixture *f = net_fixture_new (rc);

  if (f->ip == NULL)
    return linux_rt_setup_error (error, "no ip(8) program (iproute2)");
  if (!make_device (f, error) || !make_netns (f, error))
    return FALSE;
  if (g_str_has_suffix (oci_runtime_context_get_case (rc)->id, ".name_exists")
      && !run_ip (f, (const char *const[]) { "-n", f->netns, "link", "add", NEW_NAME, "type", "veth", "peer", "name",
                                              NEW_NAME "p", NULL }, error))
    return FALSE;
  join_netns (config, f);
  move_device (config, f);
  return TRUE;
}

/* ---- which runtime, which host ----------------------------------------- */

static gboolean
has_net_devices (OciRuntimeContext *rc, char **reason)
{
  JsonObject *features = oci_runtime_context_get_features (rc);
  JsonObject *linux_ = features ? oci_json_object_get_object (features, "linux") : NULL;
  JsonObject *net = linux_ ? oci_json_object_get_object (linux_, "netDevices") : NULL;
  g_autofree char *ip = g_find_program_in_path ("ip");

  if (!linux_rt_since_release (rc, "1.3.0", "netDevices are", reason))
    return FALSE;
  if (features && (net == NULL || !json_object_get_boolean_member_with_default (net, "enabled", FALSE)))
    *reason = g_strdup ("the runtime's features document does not advertise linux.netDevices");
  else if (ip == NULL)
    *reason = g_strdup ("no ip(8) program (iproute2) to make the interface and namespace");
  else if ((oci_runtime_context_get_host (rc) & OCI_HOST_ROOT) == 0)
    *reason = g_strdup ("making interfaces and network namespaces needs root");
  else
    return TRUE;
  return FALSE;
}

/* ---- after delete: the device stayed in the namespace ------------------ */

static gboolean
on_host (const NetFixture *f)
{
  g_autofree char *sys = g_build_filename ("/sys/class/net", f->device, NULL);

  return g_file_test (sys, G_FILE_TEST_EXISTS);
}

static gboolean
note_moved (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  NetFixture *f = oci_runtime_context_get_data (rc, NET_KEY);

  f->left_host = !on_host (f);
  return TRUE;
}

static gboolean
check_not_moved_back (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  NetFixture *f = oci_runtime_context_get_data (rc, NET_KEY);
  gboolean in_ns = run_ip (f, (const char *const[]) { "-n", f->netns, "link", "show", NEW_NAME, NULL }, NULL);

  if (!f->left_host)
    oci_check_skip (ctx, "linux.runtime.net-devices.not-moved-back", "/linux/netDevices",
                    "%s never left the host: nothing could be moved back", f->device);
  else if (on_host (f))
    oci_check_fail_values (ctx, "linux.runtime.net-devices.not-moved-back", "/linux/netDevices",
                           "the device stays in the container's namespace", "back on the host",
                           "%s is back in the runtime namespace after delete", f->device);
  else if (!in_ns)
    oci_check_fail_values (ctx, "linux.runtime.net-devices.not-moved-back", "/linux/netDevices",
                           "the device stays in the container's namespace", "gone",
                           "%s is neither in the namespace nor on the host after delete", NEW_NAME);
  else
    oci_check_pass (ctx, "linux.runtime.net-devices.not-moved-back");
  return TRUE;
}

static const OciRuntimeStep net_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, U },
  { OCI_RUNTIME_STEP_START, NULL, S, NULL, NULL, note_moved },
  { OCI_RUNTIME_STEP_INSIDE },
  { OCI_RUNTIME_STEP_DELETE, NULL, S, NULL, NULL, check_not_moved_back },
  { OCI_RUNTIME_STEP_END },
};

/* The control config moves the device under a name the namespace lacks. */
static void
rename_device (OciConfig *config)
{
  JsonObject *devices = oci_config_get_object (config, "/linux/netDevices");
  g_autoptr(GList) names = devices ? json_object_get_members (devices) : NULL;

  for (GList *l = names; l; l = l->next)
    json_object_set_string_member (json_object_get_object_member (devices, l->data), "name", NEW_NAME "x");
}

static const LinuxRtRefusal refusals[] = { { "linux.net_devices.name_exists", rename_device } };

static gboolean
check_name_exists (OciRuntimeContext *rc, OciCheckContext *ctx, GError **error)
{
  return linux_rt_expect_refused_by_case (rc, ctx, refusals, G_N_ELEMENTS (refusals), error);
}

static const OciRuntimeStep name_exists_steps[] = {
  { OCI_RUNTIME_STEP_CREATE, NULL, A, NULL, NULL, check_name_exists },
  { OCI_RUNTIME_STEP_END },
};

/* ---- the table --------------------------------------------------------- */

static const char *const inside_net[] = { "linux.inside.net-devices", NULL };
static const char *const args_true[] = { "/bin/true", NULL };
static const char *const reqs_net[] = {
  "linux.runtime.net-devices.moved", "linux.runtime.net-devices.addresses", "linux.runtime.net-devices.up",
  "linux.runtime.net-devices.not-moved-back", NULL,
};
static const char *const reqs_name_exists[] = { "linux.runtime.net-devices.name-exists", NULL };

static const OciRuntimeCase net_cases[] = {
  { "linux.net_devices", "a network device is moved in under its new name, up, addresses kept, and stays",
    NULL, NULL, inside_net, net_steps, OCI_HOST_ROOT, has_net_devices, configure_net, NULL, 0, reqs_net },
  { "linux.net_devices.name_exists", "moving a device onto a name the namespace has is an error", NULL, args_true,
    NULL, name_exists_steps, OCI_HOST_ROOT, has_net_devices, configure_net, NULL, 0, reqs_name_exists },
};

/**
 * linux_register_net_cases:
 * @plugin: the linux plugin
 *
 * Registers the rows and cases of network devices.
 */
void
linux_register_net_cases (OciPlugin *plugin)
{
  oci_plugin_add_requirements (plugin, net_requirements, G_N_ELEMENTS (net_requirements));
  oci_plugin_add_runtime_cases (plugin, net_cases, G_N_ELEMENTS (net_cases));
}
