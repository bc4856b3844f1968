/*
 * zombie_orphan.c - a zombie waits for its parent; an orphan gets a new one.
 *
 * Zombie: a child exits, but its parent has not called wait4 yet. The
 * process is gone except for its entry, which keeps the exit status:
 * /proc/<pid>/stat shows state Z. wait4 collects the status and removes
 * the entry, after which /proc/<pid> no longer exists.
 *
 * Orphan: a child forks a grandchild and exits at once. The grandchild's
 * parent is gone, so the kernel re-parents it (to init, pid 1, or to a
 * "subreaper"), and getppid() changes under it. The grandchild reports
 * through a pipe; the pipe's end of file tells us it has finished.
 */
#include "extra.h"

/* The state letter of /proc/<pid>/stat: after the ")" that ends the name. */
static char proc_state(pid_t pid)
{
    char path[32], text[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_file(path, text, sizeof text) < 0)
        return '-';
    char *p = text, *paren = NULL;
    for (; *p != '\0'; p++)
        if (*p == ')')
            paren = p;
    return paren != NULL && paren[1] == ' ' ? paren[2] : '?';
}

static void zombie(void)
{
    pid_t pid = fork();
    if (pid == 0)
        exit(7);
    /* Give the child time to exit (it is a zombie as soon as it has). */
    int tries = 0;
    while (proc_state(pid) != 'Z' && tries++ < 100000)
        sched_yield();
    printf("zombie: before wait4 the child's state is %c\n", proc_state(pid));
    int status;
    pid_t got = wait4(pid, &status, 0, NULL);
    printf("zombie: wait4 returned the child: %s, exit status %d\n",
           got == pid ? "yes" : "no", WEXITSTATUS(status));
    printf("zombie: after wait4 /proc/<pid>/stat %s\n",
           proc_state(pid) == '-' ? "is gone" : "still exists");
}

static void orphan(void)
{
    int fds[2];
    pipe(fds);
    pid_t child = fork();
    if (child == 0) {
        pid_t me = getpid();
        if (fork() == 0) {
            /* the grandchild */
            close(fds[0]);
            int tries = 0;
            while (getppid() == me && tries++ < 100000)
                sched_yield();
            dprintf(fds[1], "orphan: the grandchild's parent changed when its parent exited: %s\n",
                    getppid() != me ? "yes" : "no");
            exit(0);
        }
        exit(0);            /* leaves the grandchild an orphan */
    }
    close(fds[1]);
    int status;
    wait4(child, &status, 0, NULL);
    printf("orphan: the middle process exited with status %d\n", WEXITSTATUS(status));
    char buf[200];
    long n, used = 0;
    while ((n = read(fds[0], buf + used, sizeof buf - 1 - used)) > 0)
        used += n;
    buf[used] = '\0';
    printf("%s", buf);
    printf("orphan: the grandchild is not our child: wait4 says %s\n",
           wait4(-1, &status, WNOHANG, NULL) < 0 && errno == ECHILD ? "ECHILD" : "something else");
}

int main(void)
{
    zombie();
    orphan();
    return 0;
}
