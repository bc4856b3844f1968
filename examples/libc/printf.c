/*
 * printf.c - formatted output.
 *
 * One formatter (format()) writes characters into a `struct sink`. A sink
 * either collects them in a caller's buffer (snprintf) or in a small local
 * buffer that is written to a file descriptor whenever it fills up and once
 * at the end (printf). So each printf call hands its text to write(2) before
 * it returns: output never waits in a buffer across a fork, exec or exit.
 */
#include "glasskernel.h"

#define FD_BUFFER_BYTES 256

struct sink {
    char  *buf;     /* where characters go */
    size_t cap;     /* bytes available in buf */
    size_t used;    /* bytes stored in buf so far */
    size_t total;   /* characters produced in all, even if not stored */
    int    fd;      /* >= 0: flush buf to this fd when full; -1: truncate */
};

static void flush(struct sink *out)
{
    size_t done = 0;
    while (done < out->used) {
        ssize_t n = write(out->fd, out->buf + done, out->used - done);
        if (n <= 0)
            break;              /* nowhere to report it: drop the rest */
        done += (size_t)n;
    }
    out->used = 0;
}

static void emit(struct sink *out, char c)
{
    out->total++;
    if (out->used == out->cap) {
        if (out->fd < 0)
            return;             /* snprintf: keep counting, stop storing */
        flush(out);
    }
    out->buf[out->used++] = c;
}

static void emit_repeat(struct sink *out, char c, int count)
{
    for (; count > 0; count--)
        emit(out, c);
}

/* How one conversion should be laid out. */
struct spec {
    int left;       /* '-' flag: pad on the right */
    int zero;       /* '0' flag: pad numbers with zeros */
    int width;      /* minimum field width */
    int precision;  /* %s: maximum characters; -1 = none */
};

/* Writes `len` characters of `text` padded to the field width. A leading
   sign or "0x" (prefix_len characters) stays in front of zero padding. */
static void emit_field(struct sink *out, const struct spec *sp,
                       const char *text, int len, int prefix_len)
{
    int pad = sp->width > len ? sp->width - len : 0;
    int i = 0;
    if (!sp->left && !sp->zero)
        emit_repeat(out, ' ', pad);
    if (!sp->left && sp->zero) {
        for (; i < prefix_len; i++)
            emit(out, text[i]);
        emit_repeat(out, '0', pad);
    }
    for (; i < len; i++)
        emit(out, text[i]);
    if (sp->left)
        emit_repeat(out, ' ', pad);
}

/* Formats an unsigned 64-bit value in `base`, with an optional prefix. */
static void emit_number(struct sink *out, const struct spec *sp,
                        uint64_t value, unsigned base, int upper,
                        const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[2 + 22];          /* prefix + 64-bit octal, the longest form */
    char reversed[22];
    int len = 0, n = 0, prefix_len = 0;

    do {
        reversed[n++] = digits[value % base];
        value /= base;
    } while (value != 0);
    while (prefix[prefix_len] != '\0') {
        text[len] = prefix[len];
        len++;
        prefix_len++;
    }
    while (n > 0)
        text[len++] = reversed[--n];
    emit_field(out, sp, text, len, prefix_len);
}

/* Length modifiers, in the order C names them. */
enum length { LEN_INT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

static int64_t take_signed(va_list *ap, enum length len)
{
    if (len == LEN_INT)
        return va_arg(*ap, int);
    return va_arg(*ap, long);   /* long, long long and size_t are 64-bit */
}

static uint64_t take_unsigned(va_list *ap, enum length len)
{
    if (len == LEN_INT)
        return va_arg(*ap, unsigned int);
    return va_arg(*ap, unsigned long);
}

/* Reads flags, width, precision and length; returns the conversion char. */
static const char *parse_spec(const char *f, struct spec *sp,
                              enum length *len, va_list *ap)
{
    sp->left = sp->zero = sp->width = 0;
    sp->precision = -1;
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = 1;
            sp->width = -sp->width;
        }
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        sp->precision = 0;
        while (*f >= '0' && *f <= '9')
            sp->precision = sp->precision * 10 + (*f++ - '0');
    }
    *len = LEN_INT;
    while (*f == 'h')
        f++;                    /* char and short arrive promoted to int */
    if (*f == 'l') {
        *len = LEN_LONG;
        if (*++f == 'l') {
            *len = LEN_LONG_LONG;
            f++;
        }
    } else if (*f == 'z') {
        *len = LEN_SIZE;
        f++;
    }
    return f;
}

/* Handles one conversion character `c` with its spec. */
static void convert(struct sink *out, char c, struct spec *sp,
                    enum length len, va_list *ap)
{
    if (c == 'd' || c == 'i') {
        int64_t v = take_signed(ap, len);
        uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
        emit_number(out, sp, magnitude, 10, 0, v < 0 ? "-" : "");
    } else if (c == 'u') {
        emit_number(out, sp, take_unsigned(ap, len), 10, 0, "");
    } else if (c == 'x' || c == 'X') {
        emit_number(out, sp, take_unsigned(ap, len), 16, c == 'X', "");
    } else if (c == 'o') {
        emit_number(out, sp, take_unsigned(ap, len), 8, 0, "");
    } else if (c == 'p') {
        emit_number(out, sp, (uintptr_t)va_arg(*ap, void *), 16, 0, "0x");
    } else if (c == 'c') {
        char ch = (char)va_arg(*ap, int);
        sp->zero = 0;
        emit_field(out, sp, &ch, 1, 0);
    } else if (c == 's') {
        const char *s = va_arg(*ap, const char *);
        int n = 0;
        if (s == NULL)
            s = "(null)";
        while (s[n] != '\0' && (sp->precision < 0 || n < sp->precision))
            n++;
        sp->zero = 0;
        emit_field(out, sp, s, n, 0);
    } else {
        emit(out, '%');         /* "%%", or an unknown conversion shown as is */
        if (c != '%')
            emit(out, c);
    }
}

/* The formatter shared by every printf-family function. */
static void format(struct sink *out, const char *f, va_list ap)
{
    va_list args;
    __builtin_va_copy(args, ap);
    while (*f != '\0') {
        if (*f != '%') {
            emit(out, *f++);
            continue;
        }
        struct spec sp;
        enum length len;
        f = parse_spec(f + 1, &sp, &len, &args);
        if (*f == '\0')
            break;
        convert(out, *f++, &sp, len, &args);
    }
    va_end(args);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink out = { buf, size > 0 ? size - 1 : 0, 0, 0, -1 };
    format(&out, fmt, ap);
    if (size > 0)
        buf[out.used] = '\0';
    return (int)out.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
    char buffer[FD_BUFFER_BYTES];
    struct sink out = { buffer, sizeof buffer, 0, 0, fd };
    format(&out, fmt, ap);
    flush(&out);
    return (int)out.total;
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(STDOUT_FILENO, fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    return printf("%s\n", s);
}

int putchar(int c)
{
    char ch = (char)c;
    return write(STDOUT_FILENO, &ch, 1) == 1 ? (unsigned char)ch : -1;
}
