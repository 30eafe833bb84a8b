/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sections of summary.md after the per-scenario tables, in order: one
 * file each in this folder, named after what it shows.  A section finds
 * its own rows and writes nothing when the result set has none.
 */
BB_SECTION(reclaim)
BB_SECTION(pressure)
BB_SECTION(waldspurger)
BB_SECTION(latency)
BB_SECTION(refusal)
BB_SECTION(reaction)
BB_SECTION(overcommit)
BB_SECTION(observer)
BB_SECTION(zeroing)
