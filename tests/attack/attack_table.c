// SPDX-License-Identifier: GPL-2.0-only
/*
 * attack_table BOOT IMAGE EXPECT: the attack guest's disk.  BOOT is the
 * assembled boot.S; IMAGE gets BOOT, the call table at offset 0x800 (what
 * boot.S loads at 0x8400) and padding to 1 MiB, so that the BIOS sees an
 * ordinary disk; EXPECT gets the status byte each call must get back, in
 * hex, one a line.  The numbers come from the protocol header, as the
 * host's do.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmw_balloon_proto.h"
#include "../lib/le_bytes.h"

#define TABLE_OFFSET	0x800
#define IMAGE_SIZE	(1 << 20)
#define BATCH_PFN	0x70		/* boot.S's batch page */
#define BIOS_PFN	0xff		/* the last frame of the BIOS area */
#define VGA_PFN		0xa0
#define LAPIC_PFN	0xfee00		/* MMIO */
#define ROM_PFN		0xfffc0		/* the BIOS ROM, top of 4 GiB */
#define GUEST_FRAMES	(64 << 8)	/* the test's 64 MiB guest */
#define RAM_PFN		0x200		/* plain RAM at 2 MiB */

/* The batch page's first entries: hostile ones, one good one. */
static const uint64_t entries[] = {
	BIOS_PFN, VGA_PFN, LAPIC_PFN, BATCH_PFN, RAM_PFN, 0xffffffffffULL,
};

struct call {
	uint8_t cmd;
	uint32_t rbx;
	uint32_t rsi;
	uint8_t want;	/* low byte of the status */
	const char *why;
};

static const struct call calls[] = {
	{ VMW_BALLOON_CMD_START, VMW_BALLOON_CAP_BASIC | VMW_BALLOON_CAP_BATCHED |
	  VMW_BALLOON_CAP_BATCHED_2M, 0,
	  VMW_BALLOON_SUCCESS_WITH_CAPABILITIES & 0xff, "start" },
	{ VMW_BALLOON_CMD_GET_TARGET, GUEST_FRAMES, 0, VMW_BALLOON_SUCCESS,
	  "target" },
	{ VMW_BALLOON_CMD_LOCK, BIOS_PFN, 1, VMW_BALLOON_ERROR_PPN_INVALID,
	  "lock the BIOS area" },
	{ VMW_BALLOON_CMD_LOCK, VGA_PFN, 1, VMW_BALLOON_ERROR_PPN_INVALID,
	  "lock the VGA window" },
	{ VMW_BALLOON_CMD_LOCK, LAPIC_PFN, 1, VMW_BALLOON_ERROR_PPN_INVALID,
	  "lock MMIO (local APIC)" },
	{ VMW_BALLOON_CMD_LOCK, ROM_PFN, 1, VMW_BALLOON_ERROR_PPN_INVALID,
	  "lock the BIOS ROM" },
	{ VMW_BALLOON_CMD_LOCK, GUEST_FRAMES, 1, VMW_BALLOON_ERROR_PPN_INVALID,
	  "lock past the end of RAM" },
	{ VMW_BALLOON_CMD_LOCK, 0x100, 1, VMW_BALLOON_SUCCESS,
	  "lock plain RAM at 1 MiB" },
	{ VMW_BALLOON_CMD_UNLOCK, 0x100, 1, VMW_BALLOON_SUCCESS,
	  "unlock it" },
	{ VMW_BALLOON_CMD_BATCHED_LOCK, VGA_PFN, 1,
	  VMW_BALLOON_ERROR_PPN_INVALID, "a batch page in the VGA window" },
	{ VMW_BALLOON_CMD_BATCHED_LOCK, LAPIC_PFN, 1,
	  VMW_BALLOON_ERROR_PPN_INVALID, "a batch page in MMIO" },
	{ VMW_BALLOON_CMD_BATCHED_LOCK, BIOS_PFN, 1,
	  VMW_BALLOON_ERROR_PPN_INVALID, "a batch page in the BIOS area" },
	{ VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 600,
	  VMW_BALLOON_ERROR_CMD_INVALID, "600 entries" },
	{ VMW_BALLOON_CMD_BATCHED_LOCK, BATCH_PFN, 6, VMW_BALLOON_SUCCESS,
	  "hostile entries, one naming the batch page" },
	/* The long one: 512 entries at the highest cost per page. */
	{ VMW_BALLOON_CMD_BATCHED_2M_LOCK, BATCH_PFN, 512, VMW_BALLOON_SUCCESS,
	  "512 garbage 2 MiB entries" },
	{ VMW_BALLOON_CMD_GET_TARGET, GUEST_FRAMES, 0, VMW_BALLOON_SUCCESS,
	  "target" },
};

int main(int argc, char **argv)
{
	static uint8_t image[IMAGE_SIZE];
	uint8_t *t = image + TABLE_OFFSET;
	size_t boot_len, i;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: attack_table BOOT IMAGE EXPECT\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	boot_len = fread(image, 1, TABLE_OFFSET + 1, f);
	fclose(f);
	if (boot_len > TABLE_OFFSET) {
		fprintf(stderr, "attack_table: %s runs into the table\n", argv[1]);
		return 1;
	}
	put32(t, VMW_BALLOON_MAGIC);
	t += 8;
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++, t += 8)
		put64(t, vmw_balloon_batch_entry(entries[i]));
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++, t += 9) {
		t[0] = calls[i].cmd;
		put32(t + 1, calls[i].rbx);
		put32(t + 5, calls[i].rsi);
	}
	*t = 0xff;

	f = fopen(argv[2], "wb");
	if (!f || fwrite(image, 1, sizeof(image), f) != sizeof(image) ||
	    fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	f = fopen(argv[3], "w");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		fprintf(f, "%02x %s\n", calls[i].want, calls[i].why);
	return fclose(f) ? 1 : 0;
}
