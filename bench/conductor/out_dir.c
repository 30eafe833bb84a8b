// SPDX-License-Identifier: GPL-2.0-only
/*
 * The result folder of one run: its default name, results/<UTC>-<sha>,
 * and making it ready for the run's files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "out_dir.h"
#include "util.h"

/**
 * bb_git_sha() - the checkout's commit
 *
 * Return: its short sha (to free), or "unknown" outside a git checkout.
 */
char *bb_git_sha(void)
{
	char sha[64] = "";
	FILE *in = popen("git rev-parse --short=12 HEAD 2>/dev/null", "r");

	if (in) {
		if (!fgets(sha, sizeof(sha), in))
			sha[0] = '\0';
		pclose(in);
	}
	sha[strcspn(sha, "\n")] = '\0';
	return strdup(*sha ? sha : "unknown");
}

/* Files a previous run left in a reused result folder would be appended to. */
static void bb_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *file;

		if (de->d_name[0] == '.')
			continue;
		file = bb_strdup_printf("%s/%s", path, de->d_name);
		unlink(file);
		free(file);
	}
	closedir(d);
}

static int bb_mkdir_p(const char *path)
{
	char *copy = strdup(path), *p;
	int ret = 0;

	for (p = copy + 1; *p && !ret; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	if (!ret && mkdir(copy, 0755) && errno != EEXIST)
		ret = -1;
	free(copy);
	return ret;
}

/**
 * bb_out_dir_default() - results/<UTC>-<sha>
 * @sha: the checkout's commit
 *
 * Return: the folder's path (to free).
 */
char *bb_out_dir_default(const char *sha)
{
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	return bb_strdup_printf("results/%s-%s", stamp, sha);
}

/**
 * bb_out_dir_prepare() - create the result folder and its guest/
 * @out_dir: the folder
 *
 * A reused folder's guest/ is emptied: the guest's files are appended to.
 *
 * Return: 0, or -1 with errno set.
 */
int bb_out_dir_prepare(const char *out_dir)
{
	char *path = bb_strdup_printf("%s/guest", out_dir);
	int ret = bb_mkdir_p(path);

	if (!ret)
		bb_empty_dir(path);
	free(path);
	return ret;
}
