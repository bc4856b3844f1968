/*
 * sh.c - a small shell in the spirit of xv6's.
 *
 *   sh                 reads commands from standard input, one line at a time
 *   sh -c "commands"   runs one command line
 *
 * A line is pipelines separated by ';' (run and wait) or '&' (run in the
 * background). A pipeline is commands joined by '|'. A command is words
 * with redirections: "< file", "> file" (truncate), ">> file" (append).
 * Words may be quoted with "..." or '...'. '#' starts a comment.
 * Built in: cd [dir] (default $HOME), exit [status], wait (for every
 * background job). Any other name runs a program: a name with a '/' as
 * given, otherwise the first <dir>/<name> of $PATH (default "/bin"); the
 * program's argv[0] is the path that was executed.
 *
 * How it works, which is the point: for each command the shell forks; the
 * child rewires descriptors 0 and 1 (dup2 onto a pipe end or an opened
 * file), closes every other pipe end, and execve()s the program. The
 * parent closes its copies of the pipe ends (or a reader would never see
 * end of file) and, for a foreground pipeline, waits for every command.
 * cd must be built in: a child's chdir would change only the child.
 */
#include "extra.h"

#define MAX_LINE 1024
#define MAX_TOKENS 128
#define MAX_ARGS 32
#define MAX_COMMANDS 16

enum token_kind { WORD, PIPE, LESS, GREATER, APPEND, SEMI, AMP };

struct token {
    enum token_kind kind;
    char *text;                 /* for WORD: the word, quotes removed */
};

struct command {
    char *argv[MAX_ARGS + 1];
    int argc;
    char *in, *out;             /* redirections, or NULL */
    int append;                 /* out opened with O_APPEND instead of O_TRUNC */
};

static int last_status;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_special(char c) { return c == '|' || c == '<' || c == '>' || c == ';' || c == '&'; }

/* Splits `line` into tokens; words are copied (quotes removed) into `store`.
   Returns the count, or -1 on a syntax error. */
static int tokenize(const char *line, struct token *tokens, char *store)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        while (is_space(*p))
            p++;
        if (*p == '\0' || *p == '#')
            return n;
        if (n == MAX_TOKENS)
            return -1;
        struct token *t = &tokens[n++];
        t->text = NULL;
        if (is_special(*p)) {
            char c = *p++;
            t->kind = c == '|' ? PIPE : c == '<' ? LESS : c == ';' ? SEMI : c == '&' ? AMP : GREATER;
            if (c == '>' && *p == '>') {
                t->kind = APPEND;
                p++;
            }
            continue;
        }
        t->kind = WORD;
        t->text = store;
        while (*p != '\0' && !is_space(*p) && !is_special(*p)) {
            if (*p == '"' || *p == '\'') {
                char quote = *p++;
                while (*p != '\0' && *p != quote)
                    *store++ = *p++;
                if (*p != quote)
                    return -1;      /* unterminated quote */
                p++;
            } else {
                *store++ = *p++;
            }
        }
        *store++ = '\0';
    }
}

/* In a child: applies redirections and pipe ends, then runs the program. */
static void exec_command(struct command *c, int in_fd, int out_fd, int *pipes, int npipes)
{
    if (in_fd >= 0)
        dup2(in_fd, STDIN_FILENO);
    if (out_fd >= 0)
        dup2(out_fd, STDOUT_FILENO);
    for (int i = 0; i < npipes; i++)
        close(pipes[i]);
    if (c->in != NULL) {
        int fd = open(c->in, O_RDONLY);
        if (fd < 0) {
            dprintf(STDERR_FILENO, "sh: %s: cannot open\n", c->in);
            exit(1);
        }
        dup2(fd, STDIN_FILENO);
        close(fd);
    }
    if (c->out != NULL) {
        int fd = open(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0644);
        if (fd < 0) {
            dprintf(STDERR_FILENO, "sh: %s: cannot create\n", c->out);
            exit(1);
        }
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
    char path[256];
    if (strchr(c->argv[0], '/') != NULL) {
        c->argv[0] = strcpy(path, c->argv[0]);
        execve(path, c->argv, environ);
    } else {
        const char *search = NULL;
        for (char **e = environ; *e != NULL; e++)
            if (strncmp(*e, "PATH=", 5) == 0)
                search = *e + 5;
        if (search == NULL)
            search = "/bin";
        char dir[256];
        while (*search != '\0') {
            size_t n = 0;
            while (search[n] != '\0' && search[n] != ':' && n + 1 < sizeof dir) {
                dir[n] = search[n];
                n++;
            }
            dir[n] = '\0';
            search += n + (search[n] == ':');
            snprintf(path, sizeof path, "%s/%s", dir, c->argv[0]);
            char *name = c->argv[0];
            c->argv[0] = path;
            execve(path, c->argv, environ);
            c->argv[0] = name;
        }
    }
    dprintf(STDERR_FILENO, "sh: %s: not found\n", c->argv[0]);
    exit(127);
}

static const char *get_env(const char *name)
{
    size_t n = strlen(name);
    for (char **e = environ; *e != NULL; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

/* Runs a built-in command; returns 1 if `c` was one. */
static int builtin(struct command *c)
{
    if (strcmp(c->argv[0], "cd") == 0) {
        const char *dir = c->argc > 1 ? c->argv[1] : get_env("HOME");
        if (dir == NULL)
            dir = "/";
        last_status = chdir(dir) == 0 ? 0 : 1;
        if (last_status != 0)
            dprintf(STDERR_FILENO, "sh: cd: %s: cannot change directory\n", dir);
        return 1;
    }
    if (strcmp(c->argv[0], "exit") == 0)
        exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
    if (strcmp(c->argv[0], "wait") == 0) {
        int status;
        while (wait4(-1, &status, 0, NULL) > 0)
            ;
        last_status = 0;
        return 1;
    }
    return 0;
}

/* Runs a pipeline of n commands; waits for it unless `background`. */
static void run_pipeline(struct command *cmds, int n, int background)
{
    if (n == 1 && !background && builtin(&cmds[0]))
        return;
    int pipes[2 * MAX_COMMANDS];
    for (int i = 0; i + 1 < n; i++) {
        if (pipe(&pipes[2 * i]) != 0) {
            dprintf(STDERR_FILENO, "sh: pipe failed\n");
            return;
        }
    }
    pid_t pids[MAX_COMMANDS];
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            int in_fd = i > 0 ? pipes[2 * (i - 1)] : -1;
            int out_fd = i + 1 < n ? pipes[2 * i + 1] : -1;
            exec_command(&cmds[i], in_fd, out_fd, pipes, 2 * (n - 1));
        }
        if (pids[i] < 0)
            dprintf(STDERR_FILENO, "sh: fork failed\n");
    }
    for (int i = 0; i < 2 * (n - 1); i++)
        close(pipes[i]);
    if (background)
        return;
    for (int i = 0; i < n; i++) {
        int status;
        if (pids[i] > 0 && wait4(pids[i], &status, 0, NULL) == pids[i] && i == n - 1)
            last_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
}

/* Parses and runs one line. */
static void run_line(char *line)
{
    static struct token tokens[MAX_TOKENS];
    static char store[2 * MAX_LINE];
    int n = tokenize(line, tokens, store);
    if (n < 0) {
        dprintf(STDERR_FILENO, "sh: syntax error\n");
        last_status = 2;
        return;
    }
    struct command cmds[MAX_COMMANDS];
    int ncmds = 0;
    struct command *c = NULL;
    for (int i = 0; i <= n; i++) {
        enum token_kind kind = i < n ? tokens[i].kind : SEMI;
        if (kind == WORD || kind == LESS || kind == GREATER || kind == APPEND) {
            if (c == NULL) {
                if (ncmds == MAX_COMMANDS)
                    goto syntax;
                c = &cmds[ncmds++];
                memset(c, 0, sizeof *c);
            }
            if (kind == WORD) {
                if (c->argc == MAX_ARGS)
                    goto syntax;
                c->argv[c->argc++] = tokens[i].text;
                continue;
            }
            if (i + 1 >= n || tokens[i + 1].kind != WORD)
                goto syntax;
            if (kind == LESS)
                c->in = tokens[++i].text;
            else {
                c->out = tokens[++i].text;
                c->append = kind == APPEND;
            }
            continue;
        }
        /* An operator ends the current command. */
        if (c == NULL || c->argc == 0) {
            if (kind == SEMI && ncmds == 0)
                continue;           /* empty command: fine for ';' and end of line */
            goto syntax;
        }
        c = NULL;
        if (kind == PIPE)
            continue;
        run_pipeline(cmds, ncmds, kind == AMP);
        ncmds = 0;
    }
    return;
syntax:
    dprintf(STDERR_FILENO, "sh: syntax error\n");
    last_status = 2;
}

/* Reads one line from standard input, a byte at a time so that programs we
   start can read the rest of the input themselves. Returns 0 at end of file. */
static int read_line(char *buf, size_t size)
{
    size_t n = 0;
    char c;
    while (n + 1 < size && read(STDIN_FILENO, &c, 1) == 1) {
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    buf[n] = '\0';
    return n > 0;
}

int main(int argc, char **argv)
{
    static char line[MAX_LINE];
    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        strcpy(line, argv[2]);
        run_line(line);
        return last_status;
    }
    /* Prompt only for a person at a terminal, and on stderr. */
    int interactive = isatty(STDIN_FILENO);
    for (;;) {
        if (interactive)
            dprintf(STDERR_FILENO, "$ ");
        if (!read_line(line, sizeof line))
            break;
        run_line(line);
        /* Collect finished background jobs, so they do not stay zombies. */
        int status;
        while (wait4(-1, &status, WNOHANG, NULL) > 0)
            ;
    }
    return last_status;
}
