/*
 * exec.c - fork, then replace the child's program with execve().
 *
 * Run with no arguments, this program forks. The child calls execve() on
 * its own file (argv[0]), adding the argument "--greet". execve throws the
 * child's whole address space away and loads the ELF file afresh: new code,
 * new data, a new stack holding the new argv. The pid stays the same, and
 * so does the parent. The new image sees "--greet", prints a greeting and
 * exits with status 42; the parent reads that 42 from wait4's status word.
 */
#include "glasskernel.h"

#define GREET_FLAG  "--greet"
#define GREET_EXIT_STATUS 42

/* The program started again by execve, with "--greet". */
static int greet(int argc)
{
    printf("exec: hello from the new image, started with %d arguments\n", argc);
    return GREET_EXIT_STATUS;
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && strcmp(argv[1], GREET_FLAG) == 0)
        return greet(argc);

    printf("exec: parent forks a child that will execve itself\n");
    pid_t pid = fork();
    if (pid < 0) {
        printf("exec: fork failed\n");
        return 1;
    }
    if (pid == 0) {
        char *new_argv[] = { argv[0], GREET_FLAG, NULL };
        execve(argv[0], new_argv, envp);
        /* Only reached if execve failed: the old image is still here. */
        printf("exec: execve failed, errno %d\n", errno);
        exit(127);
    }

    int status;
    if (wait4(pid, &status, 0, NULL) != pid) {
        printf("exec: wait4 failed\n");
        return 1;
    }
    if (WIFEXITED(status))
        printf("exec: child exited with status %d\n", WEXITSTATUS(status));
    else
        printf("exec: child was killed by signal %d\n", WTERMSIG(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == GREET_EXIT_STATUS ? 0 : 1;
}
