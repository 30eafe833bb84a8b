/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading /proc and /sys: meminfo-style fields, /proc/buddyinfo and the
 * transparent huge page mode.  The parsers take text, so tests can feed
 * them samples.
 */
#ifndef BB_WL_PROCFS_H
#define BB_WL_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BB_THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"

/* Order of a 2 MiB block of 4 KiB pages. */
#define BB_ORDER_2M 9

ssize_t bb_read_file_buf(const char *path, char *buf, size_t size);
int bb_kib_field_parse(const char *text, const char *field, uint64_t *kib);
int bb_kib_field_read(const char *path, const char *field, uint64_t *kib);
int bb_buddyinfo_parse(const char *text, unsigned int order, uint64_t *blocks,
		       uint64_t *free_pages);
int bb_buddyinfo_read(unsigned int order, uint64_t *blocks,
		      uint64_t *free_pages);
int bb_thp_mode_parse(const char *text, char *mode, size_t size);

#endif /* BB_WL_PROCFS_H */
