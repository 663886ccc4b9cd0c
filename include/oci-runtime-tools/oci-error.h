/* oci-error.h — error domains of libocirt
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

#define OCI_CONFIG_ERROR (oci_config_error_quark ())
#define OCI_PLUGIN_ERROR (oci_plugin_error_quark ())
#define OCI_OPTION_ERROR (oci_option_error_quark ())
#define OCI_SEMVER_ERROR (oci_semver_error_quark ())

/**
 * OciConfigErrorCode:
 * @OCI_CONFIG_ERROR_READ: the file could not be read (missing, directory, FIFO, permissions)
 * @OCI_CONFIG_ERROR_PARSE: the text is not valid JSON; the message names file:line:column
 * @OCI_CONFIG_ERROR_NOT_OBJECT: the top-level JSON value is not an object
 * @OCI_CONFIG_ERROR_ENCODING: the text is not UTF-8 or holds a NUL byte
 * @OCI_CONFIG_ERROR_LIMIT: the input exceeds a safety limit (size, nesting depth)
 * @OCI_CONFIG_ERROR_DUPLICATE_KEY: an object has the same member twice
 * @OCI_CONFIG_ERROR_WRITE: the output could not be written
 * @OCI_CONFIG_ERROR_POINTER: a JSON pointer is malformed or crosses a non-container
 */
typedef enum
{
  OCI_CONFIG_ERROR_READ,
  OCI_CONFIG_ERROR_PARSE,
  OCI_CONFIG_ERROR_NOT_OBJECT,
  OCI_CONFIG_ERROR_ENCODING,
  OCI_CONFIG_ERROR_LIMIT,
  OCI_CONFIG_ERROR_DUPLICATE_KEY,
  OCI_CONFIG_ERROR_WRITE,
  OCI_CONFIG_ERROR_POINTER,
} OciConfigErrorCode;

/**
 * OciPluginErrorCode:
 * @OCI_PLUGIN_ERROR_NOT_A_MODULE: the file cannot be loaded as a shared module
 * @OCI_PLUGIN_ERROR_NO_DESCRIPTOR: the module exports no plugin descriptor
 * @OCI_PLUGIN_ERROR_ABI: the descriptor's ABI version or size does not match
 * @OCI_PLUGIN_ERROR_INVALID: a descriptor field is missing or malformed
 * @OCI_PLUGIN_ERROR_DUPLICATE: a plugin (or a checker, requirement, option) of that name exists
 * @OCI_PLUGIN_ERROR_INIT: the plugin's init function failed
 */
typedef enum
{
  OCI_PLUGIN_ERROR_NOT_A_MODULE,
  OCI_PLUGIN_ERROR_NO_DESCRIPTOR,
  OCI_PLUGIN_ERROR_ABI,
  OCI_PLUGIN_ERROR_INVALID,
  OCI_PLUGIN_ERROR_DUPLICATE,
  OCI_PLUGIN_ERROR_INIT,
} OciPluginErrorCode;

/**
 * OciOptionErrorCode:
 * @OCI_OPTION_ERROR_VALUE: an option value does not match its syntax
 * @OCI_OPTION_ERROR_UNSUPPORTED: the option is not available for the target (release, os)
 * @OCI_OPTION_ERROR_FAILED: applying the option failed for another reason
 */
typedef enum
{
  OCI_OPTION_ERROR_VALUE,
  OCI_OPTION_ERROR_UNSUPPORTED,
  OCI_OPTION_ERROR_FAILED,
} OciOptionErrorCode;

/**
 * OciSemverErrorCode:
 * @OCI_SEMVER_ERROR_INVALID: the text is not a SemVer 2.0.0 version
 */
typedef enum
{
  OCI_SEMVER_ERROR_INVALID,
} OciSemverErrorCode;

/**
 * oci_config_error_quark:
 *
 * The error domain of reading and parsing documents (#OciConfigErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_config_error_quark (void);
/**
 * oci_plugin_error_quark:
 *
 * The error domain of loading plugins (#OciPluginErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_plugin_error_quark (void);
/**
 * oci_option_error_quark:
 *
 * The error domain of generate option values (#OciOptionErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_option_error_quark (void);
/**
 * oci_semver_error_quark:
 *
 * The error domain of version parsing (#OciSemverErrorCode); use the OCI_*_ERROR macro. Safe from any
 * thread.
 *
 * Returns: the #GQuark of the domain
 */
GQuark oci_semver_error_quark (void);

#pragma GCC visibility pop

G_END_DECLS
