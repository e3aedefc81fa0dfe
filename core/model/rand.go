package model

import "math/rand/v2"

// NewRand returns a random source seeded with seed. Every random choice in
// descent (shuffles, initial weights, synthetic data, noise) draws from a
// source made here from an explicit seed, so equal seeds give equal results
// on every platform.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}
