// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU lifecycle.  The conductor listens on two unix sockets and QEMU
 * connects to both as a client at start-up (QMP, and the guest's second
 * serial port), so there is no race between QEMU creating a socket and the
 * conductor finding it.  QEMU dies with the conductor (PR_SET_PDEATHSIG),
 * and bb_qemu_stop() escalates from SIGTERM to SIGKILL: nothing is left
 * running.
 */
#include "qemu.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* QEMU connects its chardevs within its first second; allow a loaded box. */
#define BB_CONNECT_TIMEOUT_NS (30ull * 1000000000u)
#define BB_TERM_GRACE_NS (3ull * 1000000000u)

static int bb_listen_unix(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(fd, 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Accepts one connection on each listening socket, in whatever order. */
static int bb_accept_both(struct bb_qemu *q, int qmp_listen, int chan_listen)
{
	uint64_t deadline = bb_now_ns() + BB_CONNECT_TIMEOUT_NS;
	struct pollfd pfd[2] = {
		{ .fd = qmp_listen, .events = POLLIN },
		{ .fd = chan_listen, .events = POLLIN },
	};
	int i;

	while (q->qmp_fd < 0 || q->chan_fd < 0) {
		if (bb_now_ns() >= deadline || bb_qemu_wait(q, 0) == 0)
			return -1;
		if (poll(pfd, 2, 100) < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < 2; i++) {
			int *fd = i ? &q->chan_fd : &q->qmp_fd;

			if (*fd < 0 && (pfd[i].revents & POLLIN)) {
				*fd = accept4(pfd[i].fd, NULL, NULL,
					      SOCK_CLOEXEC);
				pfd[i].fd = -1;
			}
		}
	}
	return 0;
}

/* Commas separate QEMU option fields; a literal comma is doubled. */
static char *bb_qemu_escape(const char *text)
{
	char *out = malloc(strlen(text) * 2 + 1), *p = out;

	if (!out)
		abort();
	for (; *text; text++) {
		*p++ = *text;
		if (*text == ',')
			*p++ = ',';
	}
	*p = '\0';
	return out;
}

/* A raw virtio disk; with @snapshot, QEMU throws its writes away. */
static char *bb_qemu_drive(const char *path, bool snapshot)
{
	char *escaped = bb_qemu_escape(path);
	char *drive = bb_strdup_printf("file=%s,if=virtio,format=raw%s",
				       escaped, snapshot ? ",snapshot=on" : "");

	free(escaped);
	return drive;
}

static char **bb_qemu_argv(const struct bb_qemu_config *cfg,
			   const char *qmp_path, const char *chan_path)
{
	char **argv = calloc(64 + cfg->nr_device_props, sizeof(char *));
	char *out = bb_qemu_escape(cfg->out_dir);
	char *device;
	size_t n = 0, i;

	if (!argv)
		abort();
	device = bb_strdup_printf("vmw-balloon-host,id=balloon0,trace=%s/host-trace.csv",
				  out);
	for (i = 0; i < cfg->nr_device_props; i++) {
		char *longer = bb_strdup_printf("%s,%s", device,
						cfg->device_props[i]);

		free(device);
		device = longer;
	}
#define ARG(x) (argv[n++] = (x))
	ARG(strdup(cfg->qemu));
	ARG("-M"); ARG("pc");
	ARG("-accel"); ARG("tcg");
	if (cfg->icount) {
		/* No sleeping: idle guest time passes at once, not in real time. */
		ARG("-icount"); ARG("shift=0,sleep=off");
	}
	ARG("-m"); ARG(bb_strdup_printf("%llu", (unsigned long long)cfg->mem_mib));
	ARG("-smp"); ARG(bb_strdup_printf("%llu", (unsigned long long)cfg->cpus));
	/* memfd RAM: a discarded frame is a punched hole, freed at once. */
	ARG("-object");
	ARG(bb_strdup_printf("memory-backend-memfd,id=ram0,size=%lluM,share=on",
			     (unsigned long long)cfg->mem_mib));
	ARG("-machine"); ARG("memory-backend=ram0");
	/* No hypervisor bit + a VMware DMI serial: Linux probes the backdoor. */
	ARG("-cpu"); ARG("qemu64,-hypervisor");
	ARG("-smbios"); ARG("type=1,manufacturer=VMware,, Inc.,serial=VMware-1");
	ARG("-device"); ARG(device);
	if (cfg->vmci) {
		ARG("-device"); ARG("vmw-vmci,id=vmci0");
	}
	ARG("-kernel"); ARG(strdup(cfg->kernel));
	ARG("-initrd"); ARG(strdup(cfg->initrd));
	ARG("-append"); ARG(strdup(cfg->append));
	/* The cached root file system stays as built; the work disk keeps. */
	if (cfg->root_disk) {
		ARG("-drive");
		ARG(bb_qemu_drive(cfg->root_disk, true));
	}
	if (cfg->disk) {
		ARG("-drive");
		ARG(bb_qemu_drive(cfg->disk, false));
	}
	ARG("-nodefaults"); ARG("-vga"); ARG("none"); ARG("-display"); ARG("none");
	ARG("-serial"); ARG(bb_strdup_printf("file:%s/console.log", out));
	ARG("-chardev"); ARG(bb_strdup_printf("socket,id=bbchan,path=%s", chan_path));
	ARG("-serial"); ARG("chardev:bbchan");
	ARG("-chardev"); ARG(bb_strdup_printf("socket,id=bbqmp,path=%s", qmp_path));
	ARG("-mon"); ARG("chardev=bbqmp,mode=control");
	ARG("-nic"); ARG("none");
	ARG("-no-reboot");
	ARG("-L"); ARG("/usr/share/seabios");
	ARG("-L"); ARG("/usr/share/qemu");
#undef ARG
	free(out);
	return argv;
}

/* The command line as a shell would take it, for -v and the results. */
static char *bb_qemu_cmdline(char **argv)
{
	size_t len = 0, i;
	char *line, *p;

	for (i = 0; argv[i]; i++)
		len += strlen(argv[i]) * 4 + 3;
	line = p = calloc(len + 1, 1);
	if (!line)
		abort();
	for (i = 0; argv[i]; i++) {
		const char *a = argv[i];

		if (i)
			*p++ = ' ';
		if (strpbrk(a, " ',\"$")) {
			*p++ = '\'';
			for (; *a; a++) {
				if (*a == '\'') {
					memcpy(p, "'\\''", 4);
					p += 4;
				} else {
					*p++ = *a;
				}
			}
			*p++ = '\'';
		} else {
			p = stpcpy(p, a);
		}
	}
	return line;
}

/**
 * bb_qemu_start() - start QEMU and connect QMP and the results channel
 * @q: filled in
 * @cfg: what to run
 *
 * QEMU's stdout and stderr go to qemu.log in the output folder.
 *
 * Return: 0, or -1 after printing why (and stopping QEMU).
 */
int bb_qemu_start(struct bb_qemu *q, const struct bb_qemu_config *cfg)
{
	char tmpl[] = "/tmp/bbrun.XXXXXX";
	char *qmp_path, *chan_path, *log_path, **argv;
	int qmp_listen, chan_listen, log_fd;

	memset(q, 0, sizeof(*q));
	q->qmp_fd = q->chan_fd = -1;
	/* Socket paths must be short; result folders may not be. */
	if (!mkdtemp(tmpl)) {
		bb_error("mkdtemp: %s", strerror(errno));
		return -1;
	}
	q->sock_dir = strdup(tmpl);
	qmp_path = bb_strdup_printf("%s/qmp.sock", tmpl);
	chan_path = bb_strdup_printf("%s/chan.sock", tmpl);
	qmp_listen = bb_listen_unix(qmp_path);
	chan_listen = bb_listen_unix(chan_path);
	log_path = bb_strdup_printf("%s/qemu.log", cfg->out_dir);
	log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (qmp_listen < 0 || chan_listen < 0 || log_fd < 0) {
		bb_error("cannot set up QEMU's sockets and log: %s",
			 strerror(errno));
		goto fail;
	}
	argv = bb_qemu_argv(cfg, qmp_path, chan_path);
	q->cmdline = bb_qemu_cmdline(argv);
	bb_debug("qemu: %s", q->cmdline);

	q->pid = fork();
	if (q->pid < 0) {
		bb_error("fork: %s", strerror(errno));
		q->pid = 0;
		goto fail;
	}
	if (q->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(log_fd, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
		execv(argv[0], argv);
		dprintf(log_fd, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* argv is the child's now; the parent's copy may leak until exit. */
	if (bb_accept_both(q, qmp_listen, chan_listen)) {
		bb_error("QEMU did not start; see %s", log_path);
		goto fail;
	}
	close(qmp_listen);
	close(chan_listen);
	close(log_fd);
	free(qmp_path);
	free(chan_path);
	free(log_path);
	return 0;

fail:
	if (qmp_listen >= 0)
		close(qmp_listen);
	if (chan_listen >= 0)
		close(chan_listen);
	if (log_fd >= 0)
		close(log_fd);
	free(qmp_path);
	free(chan_path);
	free(log_path);
	bb_qemu_stop(q);
	bb_qemu_cleanup(q);
	return -1;
}

/**
 * bb_qemu_wait() - wait for QEMU to exit by itself
 * @q: the QEMU
 * @deadline_ns: give up at this bb_now_ns() time (0: just poll)
 *
 * Return: 0 once QEMU has exited (@q->status is set), -1 if still running.
 */
int bb_qemu_wait(struct bb_qemu *q, uint64_t deadline_ns)
{
	if (!q->pid)
		return 0;
	for (;;) {
		pid_t ret = waitpid(q->pid, &q->status, WNOHANG);

		if (ret == q->pid || (ret < 0 && errno == ECHILD)) {
			q->pid = 0;
			return 0;
		}
		if (bb_now_ns() >= deadline_ns)
			return -1;
		usleep(20000);
	}
}

/**
 * bb_qemu_stop() - make sure QEMU is gone: SIGTERM, then SIGKILL
 * @q: the QEMU
 */
void bb_qemu_stop(struct bb_qemu *q)
{
	if (!q->pid)
		return;
	kill(q->pid, SIGTERM);
	if (bb_qemu_wait(q, bb_now_ns() + BB_TERM_GRACE_NS) == 0)
		return;
	kill(q->pid, SIGKILL);
	waitpid(q->pid, &q->status, 0);
	q->pid = 0;
}

/**
 * bb_qemu_cleanup() - close the connections and remove the sockets
 * @q: a stopped QEMU
 */
void bb_qemu_cleanup(struct bb_qemu *q)
{
	char *path;

	if (q->qmp_fd >= 0)
		close(q->qmp_fd);
	if (q->chan_fd >= 0)
		close(q->chan_fd);
	q->qmp_fd = q->chan_fd = -1;
	if (!q->sock_dir)
		return;
	path = bb_strdup_printf("%s/qmp.sock", q->sock_dir);
	unlink(path);
	free(path);
	path = bb_strdup_printf("%s/chan.sock", q->sock_dir);
	unlink(path);
	free(path);
	rmdir(q->sock_dir);
	free(q->cmdline);
	q->cmdline = NULL;
	free(q->sock_dir);
	q->sock_dir = NULL;
}

/**
 * bb_qemu_guest_ram_bytes() - host memory backing the guest's RAM now
 * @q: a running QEMU
 *
 * The guest RAM is a memfd; its allocated blocks are exactly the host
 * memory it holds (a discarded frame is a hole).
 *
 * Return: bytes, or 0 when the memfd cannot be found.
 */
uint64_t bb_qemu_guest_ram_bytes(const struct bb_qemu *q)
{
	char dir[64], link[PATH_MAX], target[PATH_MAX];
	uint64_t best_size = 0, bytes = 0;
	struct dirent *de;
	struct stat st;
	ssize_t n;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", (long)q->pid);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strncmp(target, "/memfd:", 7) || stat(link, &st))
			continue;
		/* The largest memfd is guest RAM; others are QEMU's own. */
		if ((uint64_t)st.st_size > best_size) {
			best_size = (uint64_t)st.st_size;
			bytes = (uint64_t)st.st_blocks * 512;
		}
	}
	closedir(d);
	return bytes;
}
