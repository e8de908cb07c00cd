/* nbody.c - 5-body gravitational simulation in doubles.
 *
 * A heavy central body and four light bodies on roughly circular orbits
 * (initial conditions computed here, no trigonometry), advanced with a
 * symplectic Euler integrator.  The pairwise force loop uses sqrt and
 * division.  Only + - * / and sqrt are used, so results are bit-exact across
 * IEEE-754 targets.
 *
 * Usage: nbody [SCALE]   (SCALE * STEPS_PER_UNIT time steps)
 * Output: "nbody: <energy %.9f>/<hex hash of final state bits>"
 */
/* Results must be bit-identical on every target: forbid fusing a*b+c into
 * an FMA (clang would otherwise also constant-fold such expressions with
 * fused rounding).  GCC only contracts when the target has FMA; build with
 * -ffp-contract=off if you enable such a target. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 350u
#define MAX_SCALE 1000000u
#define STEPS_PER_UNIT 10000u
#define NBODIES 5u

static uint32_t parse_scale(int argc, char **argv, uint32_t def)
{
    if (argc < 2)
        return def;
    char *end = NULL;
    unsigned long v = strtoul(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || v == 0 || v > MAX_SCALE) {
        fprintf(stderr, "usage: %s [SCALE]  (1..%u)\n", argv[0], MAX_SCALE);
        exit(2);
    }
    return (uint32_t)v;
}

struct body {
    double x, y, z;
    double vx, vy, vz;
    double mass;
};

static struct body bodies[NBODIES];

static void init_bodies(void)
{
    const double central_mass = 1.0;
    bodies[0] = (struct body){0.0, 0.0, 0.0, 0.0, 0.0, 0.0, central_mass};
    for (uint32_t k = 1; k < NBODIES; k++) {
        /* Rational point on the unit circle: ((1-t^2)/(1+t^2), 2t/(1+t^2)). */
        double t = (double)k / 3.0;
        double c = (1.0 - t * t) / (1.0 + t * t);
        double s = 2.0 * t / (1.0 + t * t);
        double r = 1.0 + 0.75 * (double)k;
        double v = sqrt(central_mass / r);
        bodies[k].x = r * c;
        bodies[k].y = r * s;
        bodies[k].z = 0.01 * (double)k;
        bodies[k].vx = -v * s;
        bodies[k].vy = v * c;
        bodies[k].vz = 0.002 * (double)(k & 1u) - 0.001;
        bodies[k].mass = 1e-3 / (double)k;
    }
    /* Remove net momentum by adjusting the central body. */
    double px = 0.0, py = 0.0, pz = 0.0;
    for (uint32_t k = 1; k < NBODIES; k++) {
        px += bodies[k].vx * bodies[k].mass;
        py += bodies[k].vy * bodies[k].mass;
        pz += bodies[k].vz * bodies[k].mass;
    }
    bodies[0].vx = -px / central_mass;
    bodies[0].vy = -py / central_mass;
    bodies[0].vz = -pz / central_mass;
}

static void advance(double dt)
{
    for (uint32_t i = 0; i < NBODIES; i++) {
        struct body *bi = &bodies[i];
        for (uint32_t j = i + 1u; j < NBODIES; j++) {
            struct body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double dist = sqrt(d2);
            double mag = dt / (d2 * dist);
            double mi = bi->mass * mag;
            double mj = bj->mass * mag;
            bi->vx -= dx * mj;
            bi->vy -= dy * mj;
            bi->vz -= dz * mj;
            bj->vx += dx * mi;
            bj->vy += dy * mi;
            bj->vz += dz * mi;
        }
    }
    for (uint32_t i = 0; i < NBODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double energy(void)
{
    double e = 0.0;
    for (uint32_t i = 0; i < NBODIES; i++) {
        const struct body *bi = &bodies[i];
        e += 0.5 * bi->mass * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
        for (uint32_t j = i + 1u; j < NBODIES; j++) {
            const struct body *bj = &bodies[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            e -= bi->mass * bj->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint64_t hash_step(uint64_t h, double d)
{
    h ^= double_bits(d);
    h *= 0x100000001b3ull;
    h ^= h >> 29;
    return h;
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    const double dt = 0.001;
    uint64_t h = 0xcbf29ce484222325ull;

    init_bodies();
    h = hash_step(h, energy());
    for (uint32_t u = 0; u < scale; u++) {
        for (uint32_t s = 0; s < STEPS_PER_UNIT; s++)
            advance(dt);
        h = hash_step(h, bodies[u % NBODIES].x);
    }
    double e = energy();
    h = hash_step(h, e);
    for (uint32_t i = 0; i < NBODIES; i++) {
        h = hash_step(h, bodies[i].x);
        h = hash_step(h, bodies[i].y);
        h = hash_step(h, bodies[i].z);
        h = hash_step(h, bodies[i].vx);
        h = hash_step(h, bodies[i].vy);
        h = hash_step(h, bodies[i].vz);
    }

    printf("nbody: %.9f/%016llx\n", e, (unsigned long long)h);
    return 0;
}
