/*
 * stdio_float.c - glibc's stdio formatting floating-point numbers.
 *
 * printf's %f/%e/%g/%a conversions, strtod and a little libm arithmetic
 * exercise the F and D extensions (fadd.d, fmul.d, fsqrt.d, fcvt, fmv,
 * the rounding mode in frm and the flags in fflags) and glibc's own
 * multi-precision printing code. Every number printed is exact IEEE 754
 * arithmetic, so the output is the same on any correct RV64GC machine.
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints one value in each of the common conversions. */
static void show(const char *label, double x)
{
    printf("%-10s %%f=%f %%e=%e %%g=%g %%a=%a\n", label, x, x, x, x);
}

/* Sums 1/k^2 for k = 1..n; converges to pi^2/6. */
static double basel(int n)
{
    double sum = 0.0;
    for (int k = n; k >= 1; k--)        /* small terms first: less rounding error */
        sum += 1.0 / ((double)k * (double)k);
    return sum;
}

int main(void)
{
    show("zero", 0.0);
    show("one-third", 1.0 / 3.0);
    show("-2.5e-7", -2.5e-7);
    show("1e300", 1e300);
    show("sqrt(2)", sqrt(2.0));
    show("float 0.1", (double)0.1f);
    printf("width/precision: [%12.4f] [%-12.3e] [%+.0f] [%08.2f]\n", 3.14159265, 271.828, 2.5, -1.5);
    printf("round half even: %.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, 3.5);
    printf("special: %f %f %f %e\n", 1.0 / 0.0, -1.0 / 0.0, nan(""), -0.0);
    printf("long double: %.30Lf\n", 1.0L / 3.0L);
    printf("basel(100000) = %.15f, pi^2/6 = %.15f\n", basel(100000), M_PI * M_PI / 6.0);

    const char *inputs[] = { "3.25", "-1e-3", "0x1.8p1", "inf", "1e999", "12abc" };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *end;
        double v = strtod(inputs[i], &end);
        printf("strtod(\"%s\") = %g, rest \"%s\"\n", inputs[i], v, end);
    }

    /* Rounding modes (frm) change the last bit of an inexact division. */
    int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    const char *names[] = { "nearest", "upward", "downward", "toward zero" };
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        volatile double a = 1.0, b = 3.0;
        volatile double q = a / b;          /* volatile: computed before the next call */
        fesetround(FE_TONEAREST);
        printf("1/3 rounded %-11s = %a\n", names[i], q);
    }

    /* Exception flags (fflags). */
    feclearexcept(FE_ALL_EXCEPT);
    volatile double big = 1e308, zero = 0.0;
    volatile double r = big * 10.0;
    printf("overflow flag after 1e308*10: %d (result %g)\n", fetestexcept(FE_OVERFLOW) != 0, r);
    feclearexcept(FE_ALL_EXCEPT);
    r = 1.0 / zero;
    printf("divide-by-zero flag after 1/0: %d\n", fetestexcept(FE_DIVBYZERO) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(-zero - 1.0);
    printf("invalid flag after sqrt(-1): %d (result is nan: %d)\n", fetestexcept(FE_INVALID) != 0, isnan(r));

    float f = 16777216.0f;
    printf("float: 2^24 + 1 = %.1f, fma(0.1,10,-1) = %a\n", (double)(f + 1.0f), fma(0.1, 10.0, -1.0));
    printf("conversions: (int)-3.99 = %d, (long)1e18 = %ld, (unsigned)3e9 = %u, lround(-2.5) = %ld\n",
           (int)-3.99, (long)1e18, (unsigned)3e9, lround(-2.5));
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", 0.1);
    printf("0.1 to 17 digits: %s (length %zu)\n", buf, strlen(buf));
    return 0;
}
