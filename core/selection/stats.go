package selection

import "math"

// npSum sums a as NumPy's pairwise summation does (numpy/_core/src/umath/
// loops_utils.h.src, pairwise_sum), so that means of fold scores, and hence
// ties between grid candidates, agree with scikit-learn bit for bit.
// gonum's floats.Sum adds sequentially, which differs from NumPy for eight
// or more values.
func npSum(a []float64) float64 {
	const blockSize = 128
	n := len(a)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	case n <= blockSize:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return npSum(a[:n2]) + npSum(a[n2:])
	}
}

// meanStd returns the mean and the population standard deviation of a, as
// numpy.mean and numpy.std compute them. Both are NaN when a is empty.
func meanStd(a []float64) (mean, std float64) {
	if len(a) == 0 {
		return math.NaN(), math.NaN()
	}
	n := float64(len(a))
	mean = npSum(a) / n
	sq := make([]float64, len(a))
	for i, v := range a {
		d := v - mean
		sq[i] = d * d
	}
	return mean, math.Sqrt(npSum(sq) / n)
}

// rankMin ranks scores from best (highest, rank 1) to worst with ties
// sharing the smallest rank, as scipy.stats.rankdata(-scores, method="min")
// does in scikit-learn's GridSearchCV. NaN scores rank last, tied with each
// other (scikit-learn replaces them by a value below the minimum).
func rankMin(scores []float64) []int {
	ranks := make([]int, len(scores))
	for i, s := range scores {
		r := 1
		for _, t := range scores {
			if better(t, s) {
				r++
			}
		}
		ranks[i] = r
	}
	return ranks
}

// better reports whether score a ranks strictly above score b; NaN ranks
// below every number.
func better(a, b float64) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	default:
		return a > b
	}
}
