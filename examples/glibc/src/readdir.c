/*
 * readdir.c - listing directories with opendir/readdir (getdents64 below).
 *
 * Builds a small tree in a fresh directory under /tmp, lists it (sorted,
 * since the order readdir returns depends on the file system), walks it
 * recursively and removes it again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NAMES 64

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *type_name(unsigned char type)
{
    switch (type) {
    case DT_REG: return "file";
    case DT_DIR: return "dir";
    case DT_LNK: return "symlink";
    case DT_UNKNOWN: return "unknown";
    default: return "other";
    }
}

/* Lists one directory sorted by name; recurses into subdirectories. */
static int list(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        perror("opendir");
        return 0;
    }
    char *names[MAX_NAMES];
    unsigned char types[MAX_NAMES];
    int n = 0, total = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < MAX_NAMES) {
        names[n] = malloc(strlen(e->d_name) + 3);
        /* Keep the type with the name so sorting keeps them together. */
        names[n][0] = (char)e->d_type;
        strcpy(names[n] + 1, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    /* qsort compared the type byte first; re-sort by the name alone. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1] + 1, names[j] + 1) > 0; j--) {
            char *t = names[j]; names[j] = names[j - 1]; names[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        types[i] = (unsigned char)names[i][0];
        const char *name = names[i] + 1;
        char child[600];
        snprintf(child, sizeof child, "%s/%s", path, name);
        struct stat st;
        lstat(child, &st);
        printf("%*s%s (%s", depth * 2, "", name, type_name(types[i]));
        if (S_ISREG(st.st_mode))
            printf(", %lld bytes", (long long)st.st_size);
        printf(")\n");
        total++;
        if (types[i] == DT_DIR && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
            total += list(child, depth + 1);
        free(names[i]);
    }
    return total;
}

static char root[] = "/tmp/glasskernel-readdir-XXXXXX";

static void make_file(const char *rel, int bytes)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (int i = 0; i < bytes; i++)
        write(fd, "x", 1);
    close(fd);
}

static void make_dir(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    mkdir(path, 0755);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[600];
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (e->d_type == DT_DIR)
            remove_tree(child);
        else
            unlink(child);
    }
    closedir(d);
    rmdir(path);
}

int main(void)
{
    if (mkdtemp(root) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    make_file("zeta.txt", 3);
    make_file("alpha.txt", 10);
    make_dir("docs");
    make_file("docs/readme", 42);
    make_dir("docs/empty");
    make_dir("src");
    make_file("src/main.c", 7);
    make_file("src/util.c", 0);
    char target[256], link[256];
    snprintf(target, sizeof target, "alpha.txt");
    snprintf(link, sizeof link, "%s/link-to-alpha", root);
    symlink(target, link);

    printf("tree:\n");
    int total = list(root, 1);
    printf("%d entries (with . and ..)\n", total);

    /* Many files: getdents64 needs several calls to return them all. */
    make_dir("many");
    for (int i = 0; i < 300; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "many/file-with-a-long-name-%03d", i);
        make_file(rel, 0);
    }
    char many[256];
    snprintf(many, sizeof many, "%s/many", root);
    DIR *d = opendir(many);
    int count = 0, sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        count++;
        if (e->d_name[0] != '.')
            sum += atoi(e->d_name + strlen("file-with-a-long-name-"));
    }
    closedir(d);
    printf("many: %d entries, numbers sum to %d\n", count, sum);

    remove_tree(root);
    printf("removed: %s\n", opendir(root) == NULL ? "yes" : "no");
    return 0;
}
