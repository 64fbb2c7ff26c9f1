// SPDX-License-Identifier: GPL-2.0
/* runstat CMD...: run CMD, print "wall_s maxrss_kib exit" to stderr. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timeval a, b;
	struct rusage ru;
	int st;
	pid_t pid;

	if (argc < 2) {
		fputs("usage: runstat CMD [ARG...]\n", stderr);
		return 2;
	}
	gettimeofday(&a, NULL);
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return 2;
	gettimeofday(&b, NULL);
	fprintf(stderr, "%.3f %ld %d\n",
		(double)(b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) / 1e6,
		ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : 128);
	return 0;
}
