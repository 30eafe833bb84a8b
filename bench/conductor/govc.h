/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The user's govc, for the govc target source: the VM's memory limit set,
 * and ESXi's coarse views of the VM read (config, quickStats).  The VM is
 * GOVC_VM, the credentials the user's GOVC_* environment; GOVC names
 * another binary (the emulated VMware guest's stand-in).
 */
#ifndef BB_GOVC_H
#define BB_GOVC_H

/* ESXi's view of the VM's memory (quickStats), as govc reads it. */
struct bb_govc_stats {
	long long ballooned_mib;
	long long swapped_mib;
	long long compressed_kib;
};

int bb_govc_check(char **error);
int bb_govc_set_limit(long long mib, char **error);
int bb_govc_limit(long long *mib, char **error);
int bb_govc_memory(long long *mib, char **error);
int bb_govc_stats(struct bb_govc_stats *st, char **error);

#endif /* BB_GOVC_H */
