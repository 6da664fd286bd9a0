/* The demo generator's random source: splitmix64 seeds xoshiro256**, one
 * stream per thing drawn, so that the same seed and size give the same
 * rows and one choice never shifts another. */
#ifndef MADOGUCHI_DEMO_RNG_H
#define MADOGUCHI_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* The streams: each thing drawn has its own. */
enum stream {
	STREAM_PLAN = 1,
	STREAM_HOUSEHOLD,
	STREAM_PERSON,
	STREAM_COURSE,
	STREAM_CONTENT,
	STREAM_ENTRIES,
	STREAM_ENTRY_TEXT,
	STREAM_CASES,
	STREAM_TRACK /* which cases enter a track (004 §5(7)) */
};

/* The generator of stream's index-th thing (a person, a case …) for seed. */
void rng_init(struct rng *r, uint64_t seed, enum stream stream, uint64_t index);

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* 0 ≤ result < n (0 when n is 0). */
uint32_t rng_below(struct rng *r, uint32_t n);

/* lo ≤ result ≤ hi (lo when hi ≤ lo). */
int rng_range(struct rng *r, int lo, int hi);

/* True with probability pct / 100. */
bool rng_pct(struct rng *r, int pct);

/* 0 ≤ result < 1. */
double rng_unit(struct rng *r);

/* An index drawn by weights w[0..n) (n - 1 when they are all 0). */
int rng_weighted(struct rng *r, const int *w, int n);

#endif
