/* wc.c - counts lines, words and bytes of each named file (or standard input). */
#include "extra.h"

static void count(int fd, const char *name)
{
    char buf[512];
    long n, lines = 0, words = 0, bytes = 0;
    int in_word = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++) {
            char c = buf[i];
            bytes++;
            if (c == '\n')
                lines++;
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
        }
    }
    printf("%ld %ld %ld%s%s\n", lines, words, bytes, name[0] ? " " : "", name);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        count(STDIN_FILENO, "");
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            dprintf(STDERR_FILENO, "wc: %s: cannot open (errno %d)\n", argv[i], errno);
            status = 1;
            continue;
        }
        count(fd, argv[i]);
        close(fd);
    }
    return status;
}
