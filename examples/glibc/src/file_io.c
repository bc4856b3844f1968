/*
 * file_io.c - files under /tmp with glibc: stdio and the system calls below it.
 *
 * Works in a fresh directory from mkdtemp (its random name is never
 * printed) and removes everything it created before exiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static char dir[] = "/tmp/glasskernel-file_io-XXXXXX";

static const char *in_dir(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void stdio_part(void)
{
    FILE *f = fopen(in_dir("notes.txt"), "w");
    for (int i = 1; i <= 5; i++)
        fprintf(f, "line %d: %d squared is %d\n", i, i, i * i);
    fclose(f);

    f = fopen(in_dir("notes.txt"), "r+");
    char line[64];
    int count = 0;
    while (fgets(line, sizeof line, f) != NULL)
        count++;
    printf("stdio: read back %d lines, file position %ld\n", count, ftell(f));
    fseek(f, 5, SEEK_SET);
    fputc('#', f);                              /* overwrite "1" with "#" */
    rewind(f);
    fgets(line, sizeof line, f);
    printf("stdio: after overwrite, first line: %s", line);
    fclose(f);

    f = fopen(in_dir("notes.txt"), "a");
    fputs("appended\n", f);
    fclose(f);
    struct stat st;
    stat(in_dir("notes.txt"), &st);
    printf("stdio: size after append: %lld bytes, regular file: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
}

static void syscall_part(void)
{
    int fd = open(in_dir("data.bin"), O_RDWR | O_CREAT | O_EXCL, 0644);
    printf("open O_CREAT|O_EXCL: %s\n", fd >= 0 ? "created" : strerror(errno));
    int again = open(in_dir("data.bin"), O_RDWR | O_CREAT | O_EXCL, 0644);
    printf("open O_CREAT|O_EXCL again: %s\n", again >= 0 ? "created" : strerror(errno));

    char block[4096];
    for (int i = 0; i < 4096; i++)
        block[i] = (char)('a' + i % 26);
    for (int i = 0; i < 10; i++)
        write(fd, block, sizeof block);
    printf("lseek(0, SEEK_END) = %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("lseek(-100, SEEK_CUR) = %ld\n", (long)lseek(fd, -100, SEEK_CUR));

    char buf[16] = {0};
    pread(fd, buf, 10, 26 * 3 + 2);
    printf("pread 10 bytes at 80: %s\n", buf);
    pwrite(fd, "HELLO", 5, 80);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 10, 78);
    printf("after pwrite at 80, bytes 78..87: %s\n", buf);
    printf("position unchanged by pread/pwrite: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

    /* A hole: writing past the end leaves zeros in between. */
    lseek(fd, 100000, SEEK_SET);
    write(fd, "end", 3);
    struct stat st;
    fstat(fd, &st);
    pread(fd, buf, 4, 50000);
    printf("after writing at 100000: size %lld, bytes in the hole are zero: %d\n",
           (long long)st.st_size, buf[0] == 0 && buf[1] == 0 && buf[2] == 0 && buf[3] == 0);

    ftruncate(fd, 10);
    fstat(fd, &st);
    printf("ftruncate to 10: size %lld\n", (long long)st.st_size);

    struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
    lseek(fd, 0, SEEK_SET);
    printf("writev wrote %zd bytes\n", writev(fd, iov, 3));
    char a[5] = {0}, b[20] = {0};
    struct iovec riov[2] = { { a, 4 }, { b, sizeof b - 1 } };
    lseek(fd, 0, SEEK_SET);
    ssize_t got = readv(fd, riov, 2);
    printf("readv read %zd bytes: [%s] [%s]\n", got, a, b);
    close(fd);

    fd = open(in_dir("data.bin"), O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "+tail\n", 6);
    close(fd);
    stat(in_dir("data.bin"), &st);
    printf("O_APPEND write lands at the end: size %lld\n", (long long)st.st_size);

    fd = open(in_dir("data.bin"), O_RDONLY);
    printf("write to an O_RDONLY descriptor: %s\n", write(fd, "x", 1) < 0 ? strerror(errno) : "ok");
    printf("fcntl(F_GETFL) & O_ACCMODE == O_RDONLY: %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    close(fd);
    printf("read from a closed descriptor: %s\n", read(fd, buf, 1) < 0 ? strerror(errno) : "ok");
}

static void names_part(void)
{
    char from[128], to[128];
    snprintf(from, sizeof from, "%s", in_dir("data.bin"));
    snprintf(to, sizeof to, "%s", in_dir("renamed.bin"));
    printf("rename: %s\n", rename(from, to) == 0 ? "ok" : strerror(errno));
    printf("open old name: %s\n", open(from, O_RDONLY) < 0 ? strerror(errno) : "still there");
    printf("mkdir sub: %s\n", mkdir(in_dir("sub"), 0755) == 0 ? "ok" : strerror(errno));
    printf("mkdir sub again: %s\n", mkdir(in_dir("sub"), 0755) == 0 ? "ok" : strerror(errno));
    printf("rmdir non-empty parent: %s\n", rmdir(dir) == 0 ? "ok" : strerror(errno));
    printf("access(renamed.bin, R_OK): %d\n", access(to, R_OK));
    printf("unlink renamed.bin: %d, notes.txt: %d\n", unlink(to), unlink(in_dir("notes.txt")));
    printf("rmdir sub: %d, rmdir dir: %d\n", rmdir(in_dir("sub")), rmdir(dir));
    printf("stat removed dir: %s\n", access(dir, F_OK) == 0 ? "exists" : strerror(errno));
}

int main(void)
{
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    stdio_part();
    syscall_part();
    names_part();
    return 0;
}
