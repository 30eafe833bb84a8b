/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The result folder of one run: its default name, the commit it is named
 * after, and making it ready.
 */
#ifndef BB_OUT_DIR_H
#define BB_OUT_DIR_H

char *bb_git_sha(void);
char *bb_out_dir_default(const char *sha);
int bb_out_dir_prepare(const char *out_dir);

#endif /* BB_OUT_DIR_H */
