/*
 * fork_exec.c - fork, execve, pipe, dup2 and waitpid with glibc.
 *
 * The parent runs its own program again (argv[0]) in children, each time
 * with a different first argument, and reads what they print through a
 * pipe that dup2 made the child's standard output. It reports every exit
 * status. stdout is flushed before each fork, so no buffered text is
 * duplicated into a child: that is the classic fork-and-stdio pitfall.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Child mode: the program started again by execve. */
static int child(int argc, char **argv)
{
    if (strcmp(argv[1], "echo") == 0) {
        printf("child: %d arguments:", argc);
        for (int i = 1; i < argc; i++)
            printf(" [%s]", argv[i]);
        const char *greeting = getenv("GREETING");
        printf("\nchild: GREETING=%s\n", greeting ? greeting : "(unset)");
        return 7;
    }
    if (strcmp(argv[1], "cat") == 0) {          /* copies stdin to stdout, upper-cased */
        int c;
        while ((c = getchar()) != EOF)
            putchar(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        return 0;
    }
    if (strcmp(argv[1], "term") == 0) {
        raise(SIGTERM);
        return 99;                              /* not reached */
    }
    return 3;
}

static void report(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited with status %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d (%s)\n", what, WTERMSIG(status), strsignal(WTERMSIG(status)));
}

/* Runs argv[0] with `args` (stdout into a pipe), prints what it wrote and its status. */
static void run(char *self, char *const args[], const char *input)
{
    int out[2], in[2];
    if (pipe(out) != 0 || pipe(in) != 0) { perror("pipe"); exit(1); }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        char *env[] = { "GREETING=hello from the parent", NULL };
        execve(self, args, env);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (input != NULL && write(in[1], input, strlen(input)) < 0)
        perror("write");
    close(in[1]);

    char buf[256];
    size_t used = 0;
    ssize_t n;
    while ((n = read(out[0], buf + used, sizeof buf - 1 - used)) > 0)
        used += (size_t)n;
    buf[used] = '\0';
    close(out[0]);
    printf("parent read %zu bytes:\n%s", used, buf);

    int status;
    if (waitpid(pid, &status, 0) != pid) { perror("waitpid"); exit(1); }
    report(args[1], status);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return child(argc, argv);

    char *echo[] = { argv[0], "echo", "two words", "", "last", NULL };
    run(argv[0], echo, NULL);
    char *cat[] = { argv[0], "cat", NULL };
    run(argv[0], cat, "through a pipe\nand back\n");
    char *term[] = { argv[0], "term", NULL };
    run(argv[0], term, NULL);

    /* execve failing leaves the old program running, with errno set. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *none[] = { "/nonexistent/program", NULL };
        execv(none[0], none);
        printf("execv(/nonexistent/program): %s\n", strerror(errno));
        exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    report("missing program", status);

    /* dup2 onto the same descriptor is a no-op; onto a closed one, a copy. */
    int fd = dup(STDOUT_FILENO);
    printf("dup2(fd, fd) returns fd: %s\n", dup2(fd, fd) == fd ? "yes" : "no");
    printf("dup2 onto 100 returns 100: %s\n", dup2(fd, 100) == 100 ? "yes" : "no");
    close(100);
    close(fd);
    errno = 0;
    printf("waitpid with no children: %d (%s)\n", waitpid(-1, &status, 0), strerror(errno));
    return 0;
}
