/*
 * clocks.c - time functions with glibc, printing only what is deterministic.
 *
 * The clocks themselves differ from run to run (and on Glasskernel they are
 * virtual, counted in retired instructions), so the program prints facts
 * about them — monotonic, consistent, advanced by a sleep — and formats
 * fixed timestamps, which come out the same everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static long long ns(const struct timespec *t)
{
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
    setenv("TZ", "UTC", 1);              /* never depend on the host's /etc/localtime */
    tzset();

    /* Formatting fixed instants. */
    time_t instants[] = { 0, 951782400, 1700000000, 2147483647, 4102444800 };
    for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
        struct tm tm;
        gmtime_r(&instants[i], &tm);
        char buf[80];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A, day %j, week %V", &tm);
        printf("%11lld = %s\n", (long long)instants[i], buf);
    }
    struct tm leap = { .tm_year = 2024 - 1900, .tm_mon = 1, .tm_mday = 29, .tm_hour = 12 };
    time_t t = mktime(&leap);
    printf("mktime(2024-02-29 12:00 UTC) = %lld, weekday %d, yearday %d\n", (long long)t, leap.tm_wday, leap.tm_yday);
    struct tm overflow = { .tm_year = 2023 - 1900, .tm_mon = 11, .tm_mday = 32 };
    mktime(&overflow);
    printf("mktime normalises 2023-12-32 to %04d-%02d-%02d\n", overflow.tm_year + 1900, overflow.tm_mon + 1, overflow.tm_mday);
    printf("difftime(1700000000, 0) = %.1f days\n", difftime(1700000000, 0) / 86400.0);
    char *c = asctime(gmtime(&instants[2]));
    printf("asctime: %s", c);

    /* Facts about the running clocks. */
    struct timespec m1, m2, r1, res;
    clock_gettime(CLOCK_MONOTONIC, &m1);
    clock_gettime(CLOCK_REALTIME, &r1);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("realtime is after 2001-09-09: %d\n", r1.tv_sec > 1000000000);
    printf("time(), gettimeofday and CLOCK_REALTIME agree within a second: %d\n",
           now - r1.tv_sec <= 1 && tv.tv_sec - r1.tv_sec <= 1 && now >= r1.tv_sec);
    printf("tv_nsec and tv_usec in range: %d\n",
           r1.tv_nsec >= 0 && r1.tv_nsec < 1000000000 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    printf("CLOCK_MONOTONIC resolution at most 1 ms: %d\n",
           clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec <= 1000000);

    struct timespec sleep_for = { 0, 20 * 1000 * 1000 };
    nanosleep(&sleep_for, NULL);
    clock_gettime(CLOCK_MONOTONIC, &m2);
    printf("a 20 ms nanosleep advances CLOCK_MONOTONIC by at least 20 ms: %d\n", ns(&m2) - ns(&m1) >= 20000000LL);

    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 5 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    printf("clock_nanosleep(TIMER_ABSTIME) returns at or after its deadline: %d\n", ns(&m1) >= ns(&until));

    /* CPU time only grows; a busy loop uses some. */
    clock_t c1 = clock();
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 3000000; i++)
        x += i;
    clock_t c2 = clock();
    struct tms tms;
    printf("clock() is non-decreasing: %d; times() succeeds: %d\n", c2 >= c1, times(&tms) != (clock_t)-1);
    printf("CLOCKS_PER_SEC = %ld, sysconf(_SC_CLK_TCK) = %ld\n", (long)CLOCKS_PER_SEC, sysconf(_SC_CLK_TCK));
    return 0;
}
