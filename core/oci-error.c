/* oci-error.c — error domains
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "oci-error.h"

G_DEFINE_QUARK (oci-config-error-quark, oci_config_error)
G_DEFINE_QUARK (oci-plugin-error-quark, oci_plugin_error)
G_DEFINE_QUARK (oci-option-error-quark, oci_option_error)
G_DEFINE_QUARK (oci-semver-error-quark, oci_semver_error)
