/*
 * pipe.c - a pipe between two processes: blocking, end of file, EPIPE.
 *
 * The child writes 100000 bytes, more than a pipe holds (64 KiB on Linux),
 * so its write blocks until the parent has read some. The parent reads
 * until read returns 0, which happens only once every write end is closed
 * (that is why each side closes the end it does not use). Writing to a
 * pipe nobody can read raises SIGPIPE; with SIGPIPE ignored, write fails
 * with EPIPE instead.
 */
#include "extra.h"

#define TOTAL 100000

static int pattern(int i) { return (i * 7 + i / 251) & 0xff; }

int main(void)
{
    int fds[2];
    if (pipe(fds) != 0) {
        printf("pipe: pipe failed, errno %d\n", errno);
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        static unsigned char data[TOTAL];
        for (int i = 0; i < TOTAL; i++)
            data[i] = (unsigned char)pattern(i);
        long n = write(fds[1], data, TOTAL);        /* blocks while the pipe is full */
        exit(n == TOTAL ? 0 : 1);
    }
    close(fds[1]);
    long total = 0, reads = 0, bad = 0;
    unsigned char buf[4096];
    long n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++)
            bad += buf[i] != pattern((int)(total + i));
        total += n;
        reads++;
    }
    int status;
    wait4(pid, &status, 0, NULL);
    printf("parent read %ld bytes, %ld of them wrong; then read returned %ld (end of file)\n", total, bad, n);
    printf("it took more than one read: %s\n", reads > 1 ? "yes" : "no");
    printf("the writer exited with status %d\n", WEXITSTATUS(status));
    close(fds[0]);

    /* Nobody reads: the writer gets SIGPIPE... */
    pipe(fds);
    close(fds[0]);
    pid = fork();
    if (pid == 0) {
        write(fds[1], "x", 1);
        exit(0);
    }
    wait4(pid, &status, 0, NULL);
    printf("writing to a pipe with no reader: %s %d\n",
           WIFSIGNALED(status) ? "killed by signal" : "exited with", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));

    /* ...unless it ignores SIGPIPE: then write fails with EPIPE. */
    struct sigaction ignore = { 0 };
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, NULL);
    long r = write(fds[1], "x", 1);
    printf("with SIGPIPE ignored: write returned %ld, errno %d (EPIPE is %d)\n", r, errno, EPIPE);
    close(fds[1]);

    /* A pipe is a queue: a reader gets the bytes in order, across writes. */
    pipe(fds);
    write(fds[1], "first ", 6);
    write(fds[1], "second", 6);
    char text[16] = { 0 };
    read(fds[0], text, 4);
    read(fds[0], text + 4, 8);
    printf("two writes, two reads: \"%s\"\n", text);
    close(fds[1]);
    printf("read after the last writer closed: %ld\n", (long)read(fds[0], text, 1));
    close(fds[0]);
    return 0;
}
