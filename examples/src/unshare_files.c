/*
 * unshare_files.c - threads share one file-descriptor table until one
 * of them calls unshare(CLONE_FILES).
 *
 * Threads made with CLONE_FILES share the table: a descriptor closed by
 * one is closed for all. unshare(CLONE_FILES) gives the calling thread a
 * private copy: from then on, what it opens or closes is its own business.
 * The same goes for CLONE_FS and the current directory.
 */
#include "extra.h"

static int fd_a, fd_b, fd_new;

/* Is descriptor fd open in the calling thread's table? */
static const char *is_open(int fd)
{
    return fcntl(fd, F_GETFD) >= 0 ? "open" : "closed";
}

static int close_shared(void *arg)
{
    (void)arg;
    close(fd_a);
    return 0;
}

static int close_private(void *arg)
{
    (void)arg;
    if (unshare(CLONE_FILES) != 0) {
        printf("unshare(CLONE_FILES) failed, errno %d\n", errno);
        return 1;
    }
    fd_new = open("/dev/null", O_RDONLY);   /* gets the lowest free number: fd_a's */
    close(fd_b);                            /* only in this thread's copy */
    printf("  thread after unshare: fd_b is %s, its new fd is %s\n", is_open(fd_b), is_open(fd_new));
    return 0;
}

static int change_dir(void *arg)
{
    int private = (int)(long)arg;
    if (private && unshare(CLONE_FS) != 0) {
        printf("unshare(CLONE_FS) failed, errno %d\n", errno);
        return 1;
    }
    chdir("/dev");
    return 0;
}

static void run(int (*fn)(void *), void *arg)
{
    struct thread t;
    if (thread_spawn(&t, fn, arg, 4 * PAGE_SIZE) != 0) {
        printf("clone failed, errno %d\n", errno);
        exit(1);
    }
    thread_join(&t);
}

static void show_cwd(const char *when)
{
    int fd = open("null", O_RDONLY);    /* a relative path: found only when cwd is /dev */
    printf("%s: \"null\" %s relative to the current directory\n", when, fd >= 0 ? "opens" : "does not open");
    if (fd >= 0)
        close(fd);
}

int main(void)
{
    fd_a = open("/dev/null", O_RDONLY);
    fd_b = open("/dev/null", O_RDONLY);
    printf("main: fd_a is %s, fd_b is %s\n", is_open(fd_a), is_open(fd_b));

    run(close_shared, NULL);
    printf("after a thread sharing the table closed fd_a: fd_a is %s in main\n", is_open(fd_a));

    run(close_private, NULL);
    printf("after a thread with its own copy closed fd_b: fd_b is %s in main\n", is_open(fd_b));
    printf("the descriptor that thread opened (number %d) is %s in main\n", fd_new, is_open(fd_new));

    chdir("/");
    run(change_dir, (void *)1);
    show_cwd("after a thread with unshare(CLONE_FS) did chdir(\"/dev\")");
    run(change_dir, (void *)0);
    show_cwd("after a thread sharing CLONE_FS did chdir(\"/dev\")");
    close(fd_b);
    return 0;
}
