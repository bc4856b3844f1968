/*
 * forktree.c - grow a tree of processes with fork() and wait4().
 *
 * The first process (the root) forks two children; each child forks two
 * children of its own, down to depth 3: 2 + 4 + 8 = 14 forks in all.
 *
 *                          root
 *                 /                  \
 *               0                      1             depth 1
 *          /        \              /        \
 *        0.0        0.1          1.0        1.1      depth 2
 *       /   \      /   \        /   \      /   \
 *   0.0.0 0.0.1 0.1.0 0.1.1 1.0.0 1.0.1 1.1.0 1.1.1  depth 3
 *
 * A parent forks one child and waits for it to finish before forking the
 * next, so the output comes out in the same order whatever the scheduler
 * does. We never print pids: they differ from one OS to another.
 *
 * Each child exits with the number of processes in its subtree (itself
 * plus its descendants), and its parent learns that number through wait4's
 * status word: exit codes are a tiny channel from child to parent.
 *
 * For the debugger: the body of work() below runs only in child processes
 * (the root never calls it). Its printf line is marked "child-only line":
 * put a breakpoint there and you stop inside a freshly forked child.
 */
#include "glasskernel.h"

#define MAX_DEPTH 3
#define CHILDREN  2

static int grow(int depth, const char *name);

/* Indents by two spaces per depth level, to draw the tree. */
static void indent(int depth)
{
    for (int i = 0; i < depth; i++)
        printf("  ");
}

/* What each child does first. Only child processes ever get here. */
static void work(int depth, const char *name)
{
    indent(depth);
    printf("node %s (depth %d) is running\n", name, depth); /* child-only line */
}

/*
 * Forks child number `index` of the node `name` at `depth`, and waits for
 * it. Returns the size of the child's subtree, or -1 if anything failed.
 */
static int fork_and_wait(int depth, const char *name, int index)
{
    char child_name[16];
    if (depth == 0)
        snprintf(child_name, sizeof child_name, "%d", index);
    else
        snprintf(child_name, sizeof child_name, "%s.%d", name, index);

    /*
     * fork(): the kernel copies our process. Both copies return from this
     * call: the parent gets the child's pid, the child gets 0. The memory
     * (including child_name above) is not copied yet: parent and child
     * share every page read-only until one of them writes to it.
     */
    pid_t pid = fork();
    if (pid < 0) {
        printf("fork failed\n");
        return -1;
    }
    if (pid == 0) {
        /* We are the child, one level deeper. */
        work(depth + 1, child_name);
        exit(grow(depth + 1, child_name));
    }

    /*
     * wait4(): the parent sleeps until this child has exited. The child
     * stays a zombie (its exit status kept, its memory already freed) until
     * this call collects it.
     */
    int status;
    if (wait4(pid, &status, 0, NULL) != pid) {
        printf("wait4 failed\n");
        return -1;
    }
    const char *node = depth == 0 ? "" : "node ";   /* "root" or "node 0.1" */
    indent(depth);
    if (WIFEXITED(status)) {
        printf("%s%s: child %s exited with status %d\n",
               node, name, child_name, WEXITSTATUS(status));
        return WEXITSTATUS(status);
    }
    printf("%s%s: child %s was killed by signal %d\n",
           node, name, child_name, WTERMSIG(status));
    return -1;
}

/*
 * Gives the node `name` its children (none at MAX_DEPTH) and returns the
 * number of processes in its subtree, counting itself.
 */
static int grow(int depth, const char *name)
{
    int processes = 1;
    for (int i = 0; depth < MAX_DEPTH && i < CHILDREN; i++) {
        int subtree = fork_and_wait(depth, name, i);
        if (subtree < 0)
            return 0;
        processes += subtree;
    }
    return processes;
}

int main(void)
{
    /* A full tree forks CHILDREN + CHILDREN^2 + ... + CHILDREN^MAX_DEPTH. */
    int expected = 0, level = 1;
    for (int d = 1; d <= MAX_DEPTH; d++) {
        level *= CHILDREN;
        expected += level;
    }

    printf("forktree: depth %d, %d children per process\n", MAX_DEPTH, CHILDREN);
    int forked = grow(0, "root") - 1;   /* the subtree minus the root */
    printf("forktree: %d processes forked, all reaped\n", forked);
    return forked == expected ? 0 : 1;
}
