// SPDX-License-Identifier: GPL-2.0-only
/*
 * bb_lockdep_fault - breaks one lock rule when loaded, so that the
 * debug-kernel lane's test can see that the debug guest kernel reports
 * it (tests/e2e/test_debug_kernel.sh).  Built only for that kernel.
 */
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

static char *fault = "none";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "The rule broken at load: order, unheld or none");

static DEFINE_MUTEX(bblf_first);
static DEFINE_MUTEX(bblf_second);

/**
 * bblf_nest() - take @inner while holding @outer, then let both go
 * @outer: the lock taken first
 * @inner: the lock taken second
 *
 * Lockdep records the order; taking the two both ways round is an
 * inversion even on one CPU, before any deadlock happens.
 */
static void bblf_nest(struct mutex *outer, struct mutex *inner)
{
	mutex_lock(outer);
	mutex_lock(inner);
	mutex_unlock(inner);
	mutex_unlock(outer);
}

static int __init bblf_init(void)
{
	pr_info("bb_lockdep_fault: fault=%s\n", fault);
	if (!strcmp(fault, "order")) {
		bblf_nest(&bblf_first, &bblf_second);
		bblf_nest(&bblf_second, &bblf_first);
	} else if (!strcmp(fault, "unheld")) {
		lockdep_assert_held(&bblf_first);
	} else if (strcmp(fault, "none")) {
		pr_err("bb_lockdep_fault: fault must be order, unheld or none, not '%s'\n",
		       fault);
		return -EINVAL;
	}
	return 0;
}

static void __exit bblf_exit(void)
{
}

module_init(bblf_init);
module_exit(bblf_exit);
MODULE_DESCRIPTION("balloonbench: a lock rule broken on purpose, for the debug kernel's test");
MODULE_LICENSE("GPL");
