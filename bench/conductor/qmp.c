// SPDX-License-Identifier: GPL-2.0-only
/*
 * QMP over a unix socket: one JSON object per line each way.  Events that
 * arrive while a reply is awaited are shown with -v and skipped.
 */
#include "qmp.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* QEMU answers within milliseconds; a silent QEMU is a hung QEMU. */
#define BB_QMP_TIMEOUT_NS (10ull * 1000000000u)

static json_t *bb_qmp_receive(struct bb_lines *qmp, char **error)
{
	uint64_t deadline = bb_now_ns() + BB_QMP_TIMEOUT_NS;
	json_error_t jerr;
	json_t *msg;
	char *line;
	int ret;

	for (;;) {
		ret = bb_lines_read(qmp, &line, deadline);
		if (ret != 1) {
			*error = strdup(ret == BB_LINES_TIMEOUT ?
					"QMP timed out" : "QMP connection closed");
			return NULL;
		}
		bb_debug("qmp< %s", line);
		msg = json_loads(line, 0, &jerr);
		if (!msg) {
			*error = bb_strdup_printf("bad QMP reply: %s", jerr.text);
			return NULL;
		}
		if (!json_object_get(msg, "event"))
			return msg;
		json_decref(msg);
	}
}

/**
 * bb_qmp_handshake() - read the greeting and enter command mode
 * @qmp: reader on the QMP socket
 *
 * Return: 0, or -1 after printing why.
 */
int bb_qmp_handshake(struct bb_lines *qmp)
{
	char *error = NULL;
	json_t *msg = bb_qmp_receive(qmp, &error);

	if (!msg || !json_object_get(msg, "QMP")) {
		bb_error("no QMP greeting from QEMU: %s",
			 error ? error : "unexpected message");
		free(error);
		json_decref(msg);
		return -1;
	}
	json_decref(msg);
	msg = bb_qmp_call(qmp, "qmp_capabilities", NULL, &error);
	if (!msg) {
		bb_error("qmp_capabilities: %s", error);
		free(error);
		return -1;
	}
	json_decref(msg);
	return 0;
}

/**
 * bb_qmp_call() - run one QMP command
 * @qmp: reader on the QMP socket
 * @command: the command name
 * @args: its arguments (reference stolen), or NULL
 * @error: set to a message (free it) on failure
 *
 * Return: the "return" value (a new reference), or NULL.
 */
json_t *bb_qmp_call(struct bb_lines *qmp, const char *command, json_t *args,
		    char **error)
{
	json_t *req = json_pack("{s:s}", "execute", command);
	json_t *reply, *ret, *err;
	char *text;

	if (args)
		json_object_set_new(req, "arguments", args);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	bb_debug("qmp> %s", text);
	if (bb_lines_write(qmp->fd, text) || bb_lines_write(qmp->fd, "\n")) {
		free(text);
		*error = strdup("QMP write failed");
		return NULL;
	}
	free(text);
	reply = bb_qmp_receive(qmp, error);
	if (!reply)
		return NULL;
	ret = json_object_get(reply, "return");
	if (ret) {
		json_incref(ret);
		json_decref(reply);
		return ret;
	}
	err = json_object_get(reply, "error");
	*error = strdup(json_string_value(json_object_get(err, "desc")) ?:
			"QMP error without description");
	json_decref(reply);
	return NULL;
}

json_t *bb_qmp_qom_get(struct bb_lines *qmp, const char *path,
		       const char *property, char **error)
{
	return bb_qmp_call(qmp, "qom-get",
			   json_pack("{s:s,s:s}", "path", path, "property",
				     property),
			   error);
}

/**
 * bb_qmp_qom_set() - set a QOM property
 * @qmp: reader on the QMP socket
 * @path: object path
 * @property: property name
 * @value: new value (reference stolen)
 * @error: set to a message (free it) on failure
 *
 * Return: 0 or -1.
 */
int bb_qmp_qom_set(struct bb_lines *qmp, const char *path,
		   const char *property, json_t *value, char **error)
{
	json_t *ret = bb_qmp_call(qmp, "qom-set",
				  json_pack("{s:s,s:s,s:o}", "path", path,
					    "property", property, "value",
					    value),
				  error);

	if (!ret)
		return -1;
	json_decref(ret);
	return 0;
}
