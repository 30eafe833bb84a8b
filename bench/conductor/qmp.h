/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small QMP client: handshake, commands, qom-get and qom-set.
 */
#ifndef BB_QMP_H
#define BB_QMP_H

#include <jansson.h>

#include "lines.h"

int bb_qmp_handshake(struct bb_lines *qmp);
json_t *bb_qmp_call(struct bb_lines *qmp, const char *command, json_t *args,
		    char **error);
json_t *bb_qmp_qom_get(struct bb_lines *qmp, const char *path,
		       const char *property, char **error);
int bb_qmp_qom_set(struct bb_lines *qmp, const char *path,
		   const char *property, json_t *value, char **error);

#endif /* BB_QMP_H */
