/* sort.c - sorting workload.
 *
 * Sorts pseudo-random int32 arrays with three algorithms: a hand-written
 * quicksort (median of three, insertion sort for short ranges, recursion on
 * the smaller part), a top-down merge sort with a scratch buffer, and libc
 * qsort() with a comparator (indirect calls).  Each result is verified to
 * be sorted and identical across the three; the checksum hashes the sorted
 * data.  The input distribution varies (uniform, few distinct values,
 * nearly sorted, reversed).
 *
 * Usage: sort [SCALE]   (SCALE = number of arrays sorted, each 3 ways)
 * Output: "sort: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 380u
#define MAX_SCALE 1000000u
#define LEN 4096u

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

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint32_t rng_next(void)
{
    /* 64-bit LCG, high half output */
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 32);
}

static void insertion_sort(int32_t *a, int32_t lo, int32_t hi)
{
    for (int32_t i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        int32_t j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap_i32(int32_t *a, int32_t i, int32_t j)
{
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quick_sort(int32_t *a, int32_t lo, int32_t hi)
{
    while (hi - lo > 16) {
        int32_t mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
            swap_i32(a, mid, lo);
        if (a[hi] < a[lo])
            swap_i32(a, hi, lo);
        if (a[hi] < a[mid])
            swap_i32(a, hi, mid);
        int32_t pivot = a[mid];
        int32_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap_i32(a, i, j);
                i++;
                j--;
            }
        }
        /* Recurse on the smaller side, loop on the larger. */
        if (j - lo < hi - i) {
            quick_sort(a, lo, j);
            lo = i;
        } else {
            quick_sort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

static void merge_sort_rec(int32_t *a, int32_t *tmp, uint32_t lo, uint32_t hi)
{
    /* sorts a[lo, hi) */
    if (hi - lo < 2u)
        return;
    uint32_t mid = lo + (hi - lo) / 2u;
    merge_sort_rec(a, tmp, lo, mid);
    merge_sort_rec(a, tmp, mid, hi);
    if (a[mid - 1u] <= a[mid])
        return;
    uint32_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        tmp[k++] = (a[j] < a[i]) ? a[j++] : a[i++];
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < hi)
        tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (hi - lo) * sizeof(int32_t));
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a, b;
    memcpy(&a, pa, sizeof a);
    memcpy(&b, pb, sizeof b);
    return (a > b) - (a < b);
}

static int is_sorted(const int32_t *a, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        if (a[i - 1u] > a[i])
            return 0;
    return 1;
}

static int32_t orig[LEN], qa[LEN], ma[LEN], la[LEN], scratch[LEN];

static void generate(uint32_t rep)
{
    switch (rep & 3u) {
    case 0: /* uniform over [-2^30, 2^30) */
        for (uint32_t i = 0; i < LEN; i++)
            orig[i] = (int32_t)(rng_next() >> 1) - 0x40000000;
        break;
    case 1: /* few distinct values: many duplicates */
        for (uint32_t i = 0; i < LEN; i++)
            orig[i] = (int32_t)(rng_next() % 37u) - 18;
        break;
    case 2: /* nearly sorted: ascending with some random swaps */
        for (uint32_t i = 0; i < LEN; i++)
            orig[i] = (int32_t)(i * 3u);
        for (uint32_t k = 0; k < LEN / 32u; k++) {
            uint32_t x = rng_next() % LEN, y = rng_next() % LEN;
            int32_t t = orig[x];
            orig[x] = orig[y];
            orig[y] = t;
        }
        break;
    default: /* descending with noise */
        for (uint32_t i = 0; i < LEN; i++)
            orig[i] = (int32_t)(LEN - i) * 1000 + (int32_t)(rng_next() % 1500u);
        break;
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t h = 2166136261u;
    uint32_t failures = 0;

    for (uint32_t rep = 0; rep < scale; rep++) {
        generate(rep);
        memcpy(qa, orig, sizeof orig);
        memcpy(ma, orig, sizeof orig);
        memcpy(la, orig, sizeof orig);

        quick_sort(qa, 0, (int32_t)LEN - 1);
        merge_sort_rec(ma, scratch, 0, LEN);
        qsort(la, LEN, sizeof la[0], cmp_i32);

        if (!is_sorted(qa, LEN) || memcmp(qa, ma, sizeof qa) != 0 || memcmp(qa, la, sizeof qa) != 0)
            failures++;

        for (uint32_t i = 0; i < LEN; i += 1u + (i & 7u))
            h = (h ^ (uint32_t)qa[i]) * 16777619u;
        h = (h ^ (uint32_t)qa[LEN / 2u]) * 16777619u;
    }

    printf("sort: %08x%s\n", (unsigned)h, failures ? "-UNSORTED" : "");
    return 0;
}
