/*
 * mmap_file.c - file-backed mmap: shared vs private, across fork, and past EOF.
 *
 * A shared mapping is a window onto the file: stores through it are what
 * read(2) sees, in this process and in a forked child. A private mapping
 * starts as the file's contents but stores into it are copy-on-write and
 * never reach the file. Touching a mapped page that lies wholly past the
 * end of the file raises SIGBUS.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static char path[] = "/tmp/glasskernel-mmap_file-XXXXXX";
static sigjmp_buf recover;

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
    (void)info; (void)ctx;
    siglongjmp(recover, sig);
}

static void show_file(int fd, const char *what)
{
    char buf[32] = {0};
    pread(fd, buf, 24, 0);
    printf("%-34s file starts \"%s\"\n", what, buf);
}

int main(void)
{
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    unlink(path);                       /* the open descriptor keeps the file alive */
    char page[PAGE];
    for (int i = 0; i < PAGE; i++)
        page[i] = (char)('A' + i % 26);
    write(fd, page, PAGE);
    write(fd, page, 100);               /* 1 page + 100 bytes: the file's last page is partial */
    show_file(fd, "initial:");

    char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *private = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (shared == MAP_FAILED || private == MAP_FAILED) { perror("mmap"); return 1; }
    printf("mappings read the file: %c%c%c %c%c%c\n", shared[0], shared[1], shared[2], private[0], private[1], private[2]);
    printf("bytes past EOF in the last page read as zero: %d\n", shared[PAGE + 100] == 0 && private[PAGE + 200] == 0);

    memcpy(shared, "shared", 6);
    show_file(fd, "after a store to the shared map:");
    printf("the private map sees the shared store (page not yet copied): %.6s\n", private);
    memcpy(private + 6, "PRIVATE", 7);
    show_file(fd, "after a store to the private map:");
    memcpy(shared, "SHARED", 6);
    printf("private map after its own copy, then a shared store: %.13s\n", private);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        memcpy(shared + 13, "child", 5);
        memcpy(private, "nobody sees this", 16);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    show_file(fd, "after the child stored to both:");
    printf("parent's shared map: %.18s\n", shared);
    printf("parent's private map: %.13s\n", private);

    write(fd, "", 0);
    pwrite(fd, "written", 7, 30);
    printf("a pwrite shows in the shared map: %.7s\n", shared + 30);
    printf("msync: %d\n", msync(shared, 2 * PAGE, MS_SYNC));

    /* Page 2 of a 3-page mapping lies wholly past EOF: SIGBUS. */
    char *three = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    int sig = sigsetjmp(recover, 1);
    if (sig == 0) {
        volatile char c = three[2 * PAGE];
        printf("read past EOF returned %d\n", c);
    } else {
        printf("read a page past EOF: caught signal %d (%s)\n", sig, strsignal(sig));
    }

    /* Extending the file makes that page readable. */
    ftruncate(fd, 3 * PAGE);
    printf("after ftruncate to 3 pages, that byte reads %d\n", three[2 * PAGE]);

    munmap(three, 3 * PAGE);
    munmap(shared, 2 * PAGE);
    munmap(private, 2 * PAGE);
    close(fd);
    return 0;
}
