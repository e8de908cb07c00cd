/* mandelbrot.c - Mandelbrot set in doubles.
 *
 * Renders a sequence of small frames whose window drifts and zooms a little
 * per frame.  Each pixel iterates z = z^2 + c (double + and * only) up to
 * MAX_ITER; membership bits are packed 8 per byte and the packed rows are
 * hashed together with the total iteration count.
 *
 * Usage: mandelbrot [SCALE]   (SCALE = number of frames)
 * Output: "mandelbrot: <hex checksum>"
 */

/* Results must be bit-identical on every target: forbid fusing a*b+c into
 * an FMA (clang would otherwise also constant-fold such expressions with
 * fused rounding).  GCC only contracts when the target has FMA; build with
 * -ffp-contract=off if you enable such a target. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCALE 150u
#define MAX_SCALE 1000000u
#define WIDTH 96u
#define HEIGHT 64u
#define MAX_ITER 100u

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

static uint8_t row_bits[(WIDTH + 7u) / 8u];

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t h = 2166136261u;
    uint32_t total_iter = 0;

    for (uint32_t frame = 0; frame < scale; frame++) {
        /* Window: centre drifts along the cardioid edge region, zoom varies
         * in a 32-frame cycle. */
        double zoom = 1.0 + (double)(frame & 31u) * 0.125;
        double cx = -0.75 + (double)(frame % 17u) * 0.0078125;
        double cy = 0.0625 * (double)((frame % 5u)) - 0.125;
        double span_x = 3.0 / zoom;
        double span_y = 2.0 / zoom;
        double dx = span_x / (double)WIDTH;
        double dy = span_y / (double)HEIGHT;
        double x_min = cx - 0.5 * span_x;
        double y_min = cy - 0.5 * span_y;

        for (uint32_t py = 0; py < HEIGHT; py++) {
            double ci = y_min + (double)py * dy;
            uint32_t byte = 0;
            for (uint32_t px = 0; px < WIDTH; px++) {
                double cr = x_min + (double)px * dx;
                double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
                uint32_t it = 0;
                while (it < MAX_ITER && zr2 + zi2 <= 4.0) {
                    double t = zr * zi;
                    zi = t + t + ci;
                    zr = zr2 - zi2 + cr;
                    zr2 = zr * zr;
                    zi2 = zi * zi;
                    it++;
                }
                total_iter += it;
                byte = (byte << 1) | (it == MAX_ITER ? 1u : 0u);
                if ((px & 7u) == 7u) {
                    row_bits[px >> 3] = (uint8_t)byte;
                    byte = 0;
                }
            }
            for (uint32_t b = 0; b < sizeof row_bits; b++)
                h = (h ^ row_bits[b]) * 16777619u;
        }
        h = (h ^ total_iter) * 16777619u;
    }

    printf("mandelbrot: %08x%08x\n", (unsigned)h, (unsigned)total_iter);
    return 0;
}
