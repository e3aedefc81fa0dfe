package linear

import "math"

// squaredLoss is ½(z − y)², the least-squares loss; ∂/∂z = z − y.
func squaredLoss(z, y []float64, _ int) float64 {
	var loss float64
	for i, zi := range z {
		r := zi - y[i]
		loss += r * r
		z[i] = r
	}
	return 0.5 * loss
}

// binomialLoss is the logistic loss log(1 + eᶻ) − y·z for y ∈ {0, 1};
// ∂/∂z = σ(z) − y. With e = e^−|z| ∈ (0, 1], the loss is log(1 + e) +
// max(z, 0) − y·z and σ(z) is 1/(1 + e) or e/(1 + e): one exponential per
// sample and no overflow, as in scikit-learn's HalfBinomialLoss.
//
// The logarithms, which cost more than the rest of the loss, are batched:
// log(1 + e₁) + … + log(1 + eₖ) = log((1 + e₁)⋯(1 + eₖ)) with one logarithm
// per 64 samples (the product stays below 2⁶⁴). The result differs from
// summing math.Log1p by at most about one rounding error per sample, as
// summing would anyway. Terms with e < 2⁻²⁰, for which rounding 1 + e would
// lose relative accuracy, are added as e − e²/2 instead (exact to e³/3).
func binomialLoss(z, y []float64, _ int) float64 {
	const oneBits = 0x3ff0000000000000 // math.Float64bits(1)
	var loss, small float64
	prod := 1.0
	cnt := 0
	// The exponentials are taken a batch at a time (see expNegAbs).
	var eb [64]float64
	for b0 := 0; b0 < len(z); b0 += len(eb) {
		zb := z[b0:min(b0+len(eb), len(z))]
		yb := y[b0:][:len(zb)]
		expNegAbs(eb[:], zb)
		for i, zi := range zb {
			yi, e := yb[i], eb[i]
			if e >= 0x1p-20 {
				prod *= 1 + e
				cnt++
				if cnt == 64 {
					loss += math.Log(prod)
					prod, cnt = 1, 0
				}
			} else {
				small += e - 0.5*e*e
			}
			// σ(z) = 1/(1 + e) for z > 0 and e/(1 + e) otherwise, and
			// max(z, 0), chosen by a mask made of the sign bit of z: an
			// if-else on floats stays a branch (Go makes conditional moves
			// of integers only), which the signs of z would make
			// unpredictable, and which under WebAssembly is a jump through
			// the function's dispatch loop. For z = ±0, e = 1 so both
			// numerators agree; a NaN z makes the loss NaN either way.
			bits := math.Float64bits(zi)
			neg := uint64(int64(bits) >> 63) // all ones if z < 0 or z = −0
			num := math.Float64frombits(math.Float64bits(e)&neg | oneBits&^neg)
			pos := math.Float64frombits(bits &^ neg)
			loss += pos - yi*zi
			zb[i] = num/(1+e) - yi
		}
	}
	return loss + math.Log(prod) + small
}

// multinomialLoss is the softmax cross-entropy log Σⱼ e^zⱼ − z_y for k
// classes, y holding class indices 0..k−1; ∂/∂z = softmax(z) − onehot(y).
func multinomialLoss(z, y []float64, k int) float64 {
	var loss float64
	for i, yi := range y {
		zi := z[i*k : (i+1)*k]
		m := zi[0]
		for _, v := range zi[1:] {
			m = max(m, v)
		}
		c := int(yi)
		zc := zi[c]
		var s float64
		for j, v := range zi {
			e := math.Exp(v - m)
			zi[j] = e
			s += e
		}
		loss += math.Log(s) + m - zc
		inv := 1 / s
		for j := range zi {
			zi[j] *= inv
		}
		zi[c]--
	}
	return loss
}

// sigmoid returns 1/(1 + e⁻ᶻ) without overflow.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
