/*
 * mix - a CoreMark-like mix of small kernels, run round after round:
 *   - linked list: search for values, then reverse the list in place;
 *   - 8x8 integer matrix multiply;
 *   - CRC-16 (CCITT polynomial) computed bit by bit;
 *   - a switch-driven state machine classifying the characters of a buffer
 *     (integers, decimals, exponents, invalid), as CoreMark's does.
 * Every kernel feeds a CRC of its results, which the program prints.
 */
#include "bench.h"

#define ROUNDS 42000
#define LIST_LEN 64
#define N 8
#define TEXT_LEN 160

struct item {
    struct item *next;
    int value;
    int index;
};

static struct item items[LIST_LEN];
static int ma[N][N], mb[N][N], mc[N][N];
static char text[TEXT_LEN];

static u32 crc16(u32 crc, u32 data)
{
    for (int i = 0; i < 16; i++) {
        u32 bit = ((crc >> 15) ^ (data >> i)) & 1;
        crc = (crc << 1) & 0xffff;
        if (bit) crc ^= 0x1021;
    }
    return crc;
}

static struct item *list_reverse(struct item *head)
{
    struct item *prev = 0;
    while (head) {
        struct item *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static int list_find(struct item *head, int value)
{
    for (; head; head = head->next)
        if (head->value == value) return head->index;
    return -1;
}

static void matmul(int round)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int s = 0;
            for (int k = 0; k < N; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s + round;
        }
}

enum state { START, INT, SIGN, FLOAT, EXP, EXP_SIGN, SCI, INVALID };

static u32 scan(const char *p, int len)
{
    u32 counts = 0;
    enum state s = START;
    for (int i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == ',') { counts += (u32)s * 7 + 1; s = START; continue; }
        switch (s) {
        case START:
            if (ch >= '0' && ch <= '9') s = INT;
            else if (ch == '+' || ch == '-') s = SIGN;
            else if (ch == '.') s = FLOAT;
            else s = INVALID;
            break;
        case SIGN:
            if (ch >= '0' && ch <= '9') s = INT;
            else if (ch == '.') s = FLOAT;
            else s = INVALID;
            break;
        case INT:
            if (ch == '.') s = FLOAT;
            else if (ch == 'e' || ch == 'E') s = EXP;
            else if (ch < '0' || ch > '9') s = INVALID;
            break;
        case FLOAT:
            if (ch == 'e' || ch == 'E') s = EXP;
            else if (ch < '0' || ch > '9') s = INVALID;
            break;
        case EXP:
            if (ch == '+' || ch == '-') s = EXP_SIGN;
            else if (ch >= '0' && ch <= '9') s = SCI;
            else s = INVALID;
            break;
        case EXP_SIGN:
        case SCI:
            if (ch >= '0' && ch <= '9') s = SCI;
            else s = INVALID;
            break;
        default:
            break;
        }
    }
    return counts + (u32)s;
}

/*
 * Never called. `npm run bench` sets 100 instruction breakpoints in here to measure the
 * debugger's cost for breakpoints in code that is never reached.
 */
#define STIR(k) x = (x * (2654435761u + (k))) ^ (x >> ((k) % 13 + 1));
__attribute__((noinline, used)) u32 mix_cold_path(u32 x)
{
    STIR(1) STIR(2) STIR(3) STIR(4) STIR(5) STIR(6) STIR(7) STIR(8) STIR(9) STIR(10)
    STIR(11) STIR(12) STIR(13) STIR(14) STIR(15) STIR(16) STIR(17) STIR(18) STIR(19) STIR(20)
    STIR(21) STIR(22) STIR(23) STIR(24) STIR(25) STIR(26) STIR(27) STIR(28) STIR(29) STIR(30)
    STIR(31) STIR(32) STIR(33) STIR(34) STIR(35) STIR(36) STIR(37) STIR(38) STIR(39) STIR(40)
    return x;
}

int main(void)
{
    u64 seed = 0x9e3779b97f4a7c15ull;
    static const char alphabet[] = "0123456789+-.eE,x";
    for (int i = 0; i < LIST_LEN; i++) {
        items[i].value = (int)(xorshift64(&seed) % 1000);
        items[i].index = i;
        items[i].next = i + 1 < LIST_LEN ? &items[i + 1] : 0;
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (int)(xorshift64(&seed) % 200) - 100;
            mb[i][j] = (int)(xorshift64(&seed) % 200) - 100;
        }
    for (int i = 0; i < TEXT_LEN; i++) text[i] = alphabet[xorshift64(&seed) % (sizeof alphabet - 1)];

    struct item *head = &items[0];
    u32 crc = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int v = 0; v < 8; v++) crc = crc16(crc, (u32)list_find(head, (round * 37 + v * 101) % 1000));
        head = list_reverse(head);
        matmul(round);
        for (int i = 0; i < N; i++) crc = crc16(crc, (u32)mc[i][(round + i) % N]);
        text[round % TEXT_LEN] = alphabet[(u32)round % (sizeof alphabet - 1)];
        crc = crc16(crc, scan(text, TEXT_LEN));
    }
    report("mix", crc);
    return 0;
}
