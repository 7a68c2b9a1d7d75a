/* Gravitational n-body simulation in double precision (leapfrog integration):
 * fadd/fmul/fdiv/fsqrt/fma-heavy loops. usage: nbody [bodies] [steps] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double x, y, z, vx, vy, vz, m;
} body;

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static double uniform(void) { /* xorshift64*, mapped to [0, 1) */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 0x2545f4914f6cdd1dull) >> 11) * (1.0 / 9007199254740992.0);
}

static double energy(const body *b, int n, double soft2) {
    double e = 0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + soft2);
        }
    }
    return e;
}

static void accelerate(const body *b, int n, double soft2, double *ax, double *ay, double *az) {
    memset(ax, 0, n * sizeof *ax);
    memset(ay, 0, n * sizeof *ay);
    memset(az, 0, n * sizeof *az);
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double dx = b[j].x - b[i].x, dy = b[j].y - b[i].y, dz = b[j].z - b[i].z;
            double d2 = dx * dx + dy * dy + dz * dz + soft2;
            double inv = 1.0 / (d2 * sqrt(d2));
            double fi = b[j].m * inv, fj = b[i].m * inv;
            ax[i] += dx * fi; ay[i] += dy * fi; az[i] += dz * fi;
            ax[j] -= dx * fj; ay[j] -= dy * fj; az[j] -= dz * fj;
        }
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 64;
    int steps = argc > 2 ? atoi(argv[2]) : 1500;
    const double dt = 0.001, soft2 = 0.01;
    body *b = calloc(n, sizeof *b);
    double *ax = calloc(n, sizeof *ax), *ay = calloc(n, sizeof *ay), *az = calloc(n, sizeof *az);

    /* a heavy central mass and light bodies on roughly circular orbits */
    b[0].m = 1000.0;
    for (int i = 1; i < n; i++) {
        double r = 1.0 + 9.0 * uniform(), phi = 6.283185307179586 * uniform();
        double v = sqrt(b[0].m / r) * (0.9 + 0.2 * uniform());
        b[i].x = r * cos(phi);
        b[i].y = r * sin(phi);
        b[i].z = 0.2 * (uniform() - 0.5);
        b[i].vx = -v * sin(phi);
        b[i].vy = v * cos(phi);
        b[i].vz = 0.1 * (uniform() - 0.5);
        b[i].m = 0.01 + 0.1 * uniform();
    }
    double e0 = energy(b, n, soft2);

    accelerate(b, n, soft2, ax, ay, az);
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) { /* kick (half) + drift */
            b[i].vx += 0.5 * dt * ax[i]; b[i].vy += 0.5 * dt * ay[i]; b[i].vz += 0.5 * dt * az[i];
            b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
        }
        accelerate(b, n, soft2, ax, ay, az);
        for (int i = 0; i < n; i++) { /* kick (half) */
            b[i].vx += 0.5 * dt * ax[i]; b[i].vy += 0.5 * dt * ay[i]; b[i].vz += 0.5 * dt * az[i];
        }
    }
    double e1 = energy(b, n, soft2);

    uint64_t h = 1469598103934665603ull; /* FNV-1a over the final state's bits */
    for (int i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)&b[i];
        for (size_t k = 0; k < sizeof b[i]; k++) h = (h ^ p[k]) * 1099511628211ull;
    }
    printf("bodies %d steps %d\n", n, steps);
    printf("energy before %.12e after %.12e\n", e0, e1);
    printf("body 1 at (%.9f, %.9f, %.9f)\n", b[1].x, b[1].y, b[1].z);
    printf("state checksum %016llx\n", (unsigned long long)h);
    return 0;
}
