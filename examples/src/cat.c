/* cat.c - copies each named file (or standard input) to standard output. */
#include "extra.h"

static int copy(int fd)
{
    char buf[512];
    long n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (write(STDOUT_FILENO, buf, (size_t)n) != n)
            return 1;
    return n < 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return copy(STDIN_FILENO);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            dprintf(STDERR_FILENO, "cat: %s: cannot open (errno %d)\n", argv[i], errno);
            status = 1;
            continue;
        }
        status |= copy(fd);
        close(fd);
    }
    return status;
}
