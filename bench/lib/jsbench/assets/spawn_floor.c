/* spawn_floor: the least work any supervisor does to start N programs with their output logged,
 * as a floor for bench/run's spawn500 scenario. For each program, serially on one thread as a
 * supervisor's loop does: two pipes (stdout, stderr), two log files opened for appending,
 * posix_spawn with the pipes as fds 1 and 2, /dev/null as fd 0 and a process group of its own
 * (both daemons make one), then the child's ends closed. The parent keeps the read ends and the
 * log files open, as a supervisor does. It prints one line:
 *   spawns=N wall_s=S rate_per_s=R cpu_s_per_spawn=C
 * (wall time from before the first pipe to the end of the loop, just after the last
 * posix_spawn; CPU time is this process's own, getrusage RUSAGE_SELF, over the same stretch),
 * then SIGKILLs and reaps every child.
 *
 * Usage: spawn_floor N LOGDIR [--setpriv] -- PROGRAM [ARGS...]
 *   --setpriv: spawn /usr/bin/setpriv --pdeathsig KILL -- PROGRAM ARGS..., as jsupervisord does
 *   (two execs per child).
 * Build: gcc -O2 -o spawn_floor spawn_floor.c  (C99, no dependencies) */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static pid_t *pids;
static int spawned;

/* Kills and reaps every child spawned so far (also on the way out after an error). */
static void kill_all(void) {
    for (int i = 0; i < spawned; i++) kill(pids[i], SIGKILL);
    for (int i = 0; i < spawned; i++) waitpid(pids[i], NULL, 0);
}

static void die(const char *what, int err) {
    fprintf(stderr, "spawn_floor: %s: %s (after %d spawns)\n", what, strerror(err), spawned);
    kill_all();
    exit(1);
}

static double seconds(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

static double cpu_now(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return seconds(ru.ru_utime) + seconds(ru.ru_stime);
}

static double wall_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_log(const char *dir, int i, const char *channel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/p%03d-%s.log", dir, i, channel);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) die(path, errno);
    return fd;
}

int main(int argc, char **argv) {
    int sep = 1;
    while (sep < argc && strcmp(argv[sep], "--") != 0) sep++;
    int with_setpriv = sep == 4 && strcmp(argv[3], "--setpriv") == 0;
    if (sep >= argc - 1 || (sep != 3 && !with_setpriv)) {
        fprintf(stderr, "usage: spawn_floor N LOGDIR [--setpriv] -- PROGRAM [ARGS...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    const char *logdir = argv[2];
    char **program = argv + sep + 1;
    /* The child's argv: with --setpriv, "setpriv --pdeathsig KILL --" in front of PROGRAM. */
    char *prefix[] = {"/usr/bin/setpriv", "--pdeathsig", "KILL", "--"};
    int np = with_setpriv ? 4 : 0, nargs = argc - sep - 1;
    char **child_argv = calloc(np + nargs + 1, sizeof *child_argv);
    pids = calloc(n > 0 ? n : 1, sizeof *pids);
    if (n <= 0 || !child_argv || !pids) {
        fprintf(stderr, "spawn_floor: N must be a positive number\n");
        return 2;
    }
    memcpy(child_argv, prefix, np * sizeof *child_argv);
    memcpy(child_argv + np, program, nargs * sizeof *child_argv);

    /* 4 descriptors stay open per program (2 read ends, 2 logs): lift the soft limit, as
     * supervisord's minfds does. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) die("/dev/null", errno);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP); /* pgid 0: the child leads one */
    posix_spawnattr_setpgroup(&attr, 0);

    double wall0 = wall_now(), cpu0 = cpu_now();
    for (int i = 0; i < n; i++) {
        int out[2], err[2];
        /* O_CLOEXEC: no child inherits another's pipes or logs; dup2 clears it on fds 0-2. */
        if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) die("pipe2", errno);
        open_log(logdir, i, "stdout"); /* kept open for the life of the program */
        open_log(logdir, i, "stderr");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, devnull, 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, err[1], 2);
        int rc = posix_spawn(&pids[spawned], child_argv[0], &fa, &attr, child_argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) die(child_argv[0], rc);
        spawned++;
        close(out[1]); /* the parent keeps only the read ends */
        close(err[1]);
    }
    double wall = wall_now() - wall0, cpu = cpu_now() - cpu0;

    printf("spawns=%d wall_s=%.6f rate_per_s=%.1f cpu_s_per_spawn=%.7f\n",
           n, wall, n / wall, cpu / n);
    fflush(stdout);
    kill_all();
    return 0;
}
