/* Sieve of Eratosthenes over a byte array: integer loads/stores, branches, memset.
 * usage: sieve [limit] [repetitions] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    uint32_t limit = argc > 1 ? (uint32_t)strtoul(argv[1], 0, 0) : 20000000u;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    uint8_t *composite = malloc(limit);
    if (!composite) {
        fputs("sieve: out of memory\n", stderr);
        return 1;
    }
    uint64_t checksum = 0;
    uint32_t count = 0, largest = 0;
    for (int rep = 0; rep < reps; rep++) {
        memset(composite, 0, limit);
        for (uint32_t i = 2; (uint64_t)i * i < limit; i++) {
            if (composite[i]) continue;
            for (uint32_t j = i * i; j < limit; j += i) composite[j] = 1;
        }
        uint64_t sum = 0;
        count = 0;
        for (uint32_t i = 2; i < limit; i++) {
            if (!composite[i]) {
                count++;
                sum += (uint64_t)i * (uint64_t)(count & 1023);
                largest = i;
            }
        }
        checksum = checksum * 1000003u + sum + (uint64_t)count * (uint64_t)(rep + 1);
    }
    printf("primes below %u: %u (largest %u)\n", limit, count, largest);
    printf("checksum %016llx\n", (unsigned long long)checksum);
    free(composite);
    return 0;
}
