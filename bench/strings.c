/* String and memory routine workout: strlen, strcmp (via qsort), strchr, strstr, memcpy,
 * memmove, memset, memcmp, strcpy/strcat, over generated words. usage: strings [rounds] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 12345;

static uint32_t next(void) { /* LCG (Numerical Recipes constants), upper bits */
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

enum { WORDS = 20000, BIG = 1 << 20 };

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 28;
    char **words = malloc(WORDS * sizeof *words);
    char **sorted = malloc(WORDS * sizeof *sorted);
    char *arena = malloc(WORDS * 32);
    char *big = malloc(BIG + 64), *copy = malloc(BIG + 64);
    uint64_t h = 1469598103934665603ull;
    size_t total = 0;

    char *p = arena;
    for (int i = 0; i < WORDS; i++) {
        int len = 3 + next() % 22;
        words[i] = p;
        for (int k = 0; k < len; k++) p[k] = "etaoinshrdlucmfwypvbgkjqxz"[next() % (k < 2 ? 8 : 26)];
        p[len] = 0;
        p += len + 1;
    }

    for (int r = 0; r < rounds; r++) {
        /* sort a rotated copy of the word list */
        for (int i = 0; i < WORDS; i++) sorted[i] = words[(i + r * 7919) % WORDS];
        qsort(sorted, WORDS, sizeof *sorted, cmp);
        for (int i = 0; i < WORDS; i += 97) h = fnv(h, sorted[i], strlen(sorted[i]));

        /* join words into one big text with separators */
        char *q = big;
        size_t left = BIG;
        for (int i = r; left > 64; i = (i + 1) % WORDS) {
            size_t n = strlen(words[i]);
            if (n + 2 > left) break;
            memcpy(q, words[i], n);
            q[n] = (i % 13) ? ' ' : '\n';
            q += n + 1;
            left -= n + 1;
        }
        *q = 0;
        total += strlen(big);

        /* count lines with strchr and a substring with strstr */
        size_t lines = 0, hits = 0;
        for (const char *s = big; (s = strchr(s, '\n')) != 0; s++) lines++;
        char needle[4] = {"etaoin"[r % 6], "shrdlu"[r % 6], 0, 0};
        for (const char *s = big; (s = strstr(s, needle)) != 0; s++) hits++;
        h = fnv(h, &lines, sizeof lines);
        h = fnv(h, &hits, sizeof hits);

        /* block copies, overlapping moves, fills, compares */
        memcpy(copy, big, BIG);
        for (int k = 0; k < 16; k++) {
            size_t off = next() % (BIG / 2), len = next() % (BIG / 4);
            memmove(copy + off + (k & 7), copy + off, len);
            size_t at = next() % (BIG - 4096), fill = next() % 4096;
            memset(copy + at, 'a' + k, fill);
        }
        int c = memcmp(copy, big, BIG);
        h = (h ^ (uint64_t)(c < 0 ? 1 : c > 0 ? 2 : 0)) * 1099511628211ull;
        h = fnv(h, copy + (r * 4099) % (BIG - 256), 256);

        /* short-string building */
        char line[256];
        for (int i = 0; i < 2000; i++) {
            strcpy(line, words[(i * 31 + r) % WORDS]);
            strcat(line, "-");
            strcat(line, words[(i * 17 + 5 * r) % WORDS]);
            strcat(line, "-");
            strcat(line, words[(i * 7 + 3) % WORDS]);
            h = (h ^ strlen(line)) * 1099511628211ull;
            if (strcmp(line, words[i % WORDS]) < 0) h ^= (uint64_t)i << 7;
        }
    }
    printf("rounds %d, %zu bytes joined\n", rounds, total);
    printf("checksum %016llx\n", (unsigned long long)h);
    return 0;
}
