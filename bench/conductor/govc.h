/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The user's govc, for the govc target source: the VM's memory limit set,
 * and ESXi's coarse views of the VM read (config, quickStats).  The VM is
 * GOVC_VM, the credentials the user's GOVC_* environment; GOVC names
 * another binary (the emulated VMware guest's stand-in).
 */
#ifndef BB_GOVC_H
#define BB_GOVC_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* ESXi's view of the VM's memory (quickStats), as govc reads it. */
struct bb_govc_stats {
	long long ballooned_mib;
	long long swapped_mib;
	long long compressed_kib;
};

/**
 * struct bb_govc_call - a govc the run has started and not yet judged
 * @pid: its process (0: none)
 * @err: its stderr, read when it ends
 * @what: "govc COMMAND", for its error line
 */
struct bb_govc_call {
	pid_t pid;
	FILE *err;
	char what[96];
};

int bb_govc_check(char **error);
int bb_govc_start_limit(long long mib, struct bb_govc_call *call,
			char **error);
int bb_govc_end(struct bb_govc_call *call, bool wait, char **error);
void bb_govc_stop(struct bb_govc_call *call);
int bb_govc_set_limit(long long mib, char **error);
int bb_govc_limit(long long *mib, char **error);
int bb_govc_memory(long long *mib, char **error);
int bb_govc_stats(struct bb_govc_stats *st, char **error);

#endif /* BB_GOVC_H */
