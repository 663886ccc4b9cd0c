/* oci-file.h — every file the tools read or write, with bounds
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#pragma GCC visibility push(default)

/**
 * OCI_FILE_MAX_SIZE:
 *
 * The bound on every document the tools read (configs, templates, schemas,
 * state and features documents, env files, known-failures files): the
 * largest real ones are a few hundred KiB.
 */
#define OCI_FILE_MAX_SIZE ((gsize) 64 * 1024 * 1024)

/**
 * OciFileReadFlags:
 * @OCI_FILE_READ_REGULAR: regular files only (a bundle's config.json)
 * @OCI_FILE_READ_STREAMS: also pipes, FIFOs, sockets and character devices
 *   (`<(…)`, `/dev/stdin`), read to their end within the bound; a FIFO with
 *   no writer reads as empty instead of waiting for one
 * @OCI_FILE_READ_STDIN: the name "-" is standard input
 *
 * What oci_file_read_bounded() accepts besides a regular file.
 */
typedef enum
{
  OCI_FILE_READ_REGULAR = 0,
  OCI_FILE_READ_STREAMS = 1 << 0,
  OCI_FILE_READ_STDIN = 1 << 1,
} OciFileReadFlags;

/* A document given by the user: a file, a pipe, or "-". */
#define OCI_FILE_READ_INPUT (OCI_FILE_READ_STREAMS | OCI_FILE_READ_STDIN)

gboolean oci_file_read_bounded (const char *path,
                                gsize max,
                                OciFileReadFlags flags,
                                char **contents,
                                gsize *length,
                                GError **error);

gboolean oci_file_set_contents_atomic (const char *path,
                                       const char *data,
                                       gsize length,
                                       GError **error);

#pragma GCC visibility pop

G_END_DECLS
