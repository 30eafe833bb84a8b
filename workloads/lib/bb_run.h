/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run control of the workloads: the monotonic clock, a time limit, stopping
 * on SIGINT or SIGTERM, holding, and the "signal file" that tells a script
 * a workload has reached a state.
 */
#ifndef BB_WL_RUN_H
#define BB_WL_RUN_H

#include <stdbool.h>
#include <stdint.h>

int bb_run_init(void);
uint64_t bb_now_ns(void);
void bb_set_deadline(uint64_t duration_ns);
bool bb_should_continue(void);
bool bb_stop_requested(void);
void bb_request_stop(void);
bool bb_sleep_until(uint64_t when_ns);
bool bb_hold(uint64_t ns);
int bb_signal_file_create(const char *path);

#endif /* BB_WL_RUN_H */
