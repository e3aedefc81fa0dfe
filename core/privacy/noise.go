package privacy

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"

	"github.com/descentml/descent/core/model"
)

// Source supplies the randomness of DP-SGD: the Gaussian noise added to
// the gradients (NormFloat64, a standard normal draw) and the uniform draws
// in [0, 1) of Poisson sampling (Float64). *rand.Rand from math/rand/v2
// satisfies it.
//
// Both parts matter for privacy: the accountant assumes that an adversary
// can predict neither the noise nor which examples were in each batch.
type Source interface {
	NormFloat64() float64
	Float64() float64
}

// SeededNoise returns a reproducible Source seeded with seed, built with
// model.NewRand: equal seeds give equal models on every platform. Use it for
// teaching, tests and experiments, never to release a model trained on
// sensitive data — anyone who knows the seed can subtract the noise.
func SeededNoise(seed uint64) Source {
	return model.NewRand(seed)
}

// CryptoNoise returns a Source whose bits come from the operating system's
// cryptographically secure generator (crypto/rand), for models that are
// actually released. Results are not reproducible.
//
// Caveat: the Gaussian draws are ordinary floating-point samples
// (math/rand/v2's NormFloat64 over secure bits). Floating-point Gaussian
// sampling is known to leak through the low-order bits of its output
// (Mironov, CCS 2012); a hardened production system would use a discrete or
// snapping mechanism. descent is a teaching library.
func CryptoNoise() Source {
	return rand.New(cryptoSource{})
}

// cryptoSource is a rand.Source reading crypto/rand. crypto/rand.Read never
// returns an error since Go 1.24 (it aborts the program if the operating
// system cannot supply randomness).
type cryptoSource struct{}

func (cryptoSource) Uint64() uint64 {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
