/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Starting, watching and stopping the QEMU that hosts one guest.
 */
#ifndef BB_QEMU_H
#define BB_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * struct bb_qemu_config - what one QEMU run needs
 * @qemu: the qemu-system-x86_64 binary
 * @kernel: guest vmlinuz
 * @initrd: guest initramfs
 * @root_disk: a disk guest's root file system (raw), or NULL
 * @disk: a second disk (raw, written to), or NULL
 * @append: kernel command line
 * @mem_mib: guest RAM
 * @cpus: guest vCPUs, 1 to BB_GUEST_CPUS_MAX
 * @out_dir: where console.log, qemu.log and host-trace.csv go
 * @device_props: extra vmw-balloon-host properties, "key=value"
 * @nr_device_props: how many
 * @icount: run on QEMU's instruction counter (one guest instruction = 1 ns
 *	of virtual time), for near-deterministic durations
 * @vmci: add a vmw-vmci device (id vmci0), so the host rings doorbells
 */
/* More vCPUs than this machine's cores only time-slice one guest. */
#define BB_GUEST_CPUS_MAX 8

struct bb_qemu_config {
	const char *qemu;
	const char *kernel;
	const char *initrd;
	const char *root_disk;
	const char *disk;
	const char *append;
	uint64_t mem_mib;
	uint64_t cpus;
	const char *out_dir;
	char **device_props;
	size_t nr_device_props;
	bool icount;
	bool vmci;
};

/**
 * struct bb_qemu - a running QEMU
 * @pid: its process id, 0 once reaped
 * @status: wait status once reaped
 * @sock_dir: private folder of the two sockets
 * @qmp_fd: the QMP connection
 * @chan_fd: the guest's results channel (its second serial port)
 * @cmdline: the QEMU command line, shell-quoted
 */
struct bb_qemu {
	pid_t pid;
	int status;
	char *sock_dir;
	int qmp_fd;
	int chan_fd;
	char *cmdline;
};

#define BB_QEMU_DEVICE_PATH "/machine/peripheral/balloon0"
#define BB_QEMU_VMCI_PATH "/machine/peripheral/vmci0"

int bb_qemu_start(struct bb_qemu *q, const struct bb_qemu_config *cfg);
int bb_qemu_wait(struct bb_qemu *q, uint64_t deadline_ns);
void bb_qemu_stop(struct bb_qemu *q);
void bb_qemu_cleanup(struct bb_qemu *q);
uint64_t bb_qemu_guest_ram_bytes(const struct bb_qemu *q);

#endif /* BB_QEMU_H */
