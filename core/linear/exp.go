package linear

import "math"

// expNegAbs sets dst[i] = e^−|z[i]| exactly as the pure-Go math.Exp
// computes it (the one used where the math package has no assembly
// version, WebAssembly among them): the same special cases, reduction,
// polynomial and rounding, so results are bit for bit those of math.Exp
// there.
//
// It is hand-written for two reasons. It is used on every architecture,
// also where math.Exp is assembly (amd64, arm64, loong64, s390x) and
// rounds some results differently, so that a fit is bit for bit the same
// natively and in the browser and a saved model or a notebook's printed
// numbers do not depend on where they ran. And math.Exp costs three calls
// under WebAssembly (exp, expmulti and Ldexp, the last with its own special
// cases), where calls are dear and the logistic loss spends much of its
// time in one exponential per sample. Here the loop body is the whole
// computation and the scaling by 2ᵏ is an exponent addition, exact because
// the result is a normal number for every argument in [−708, 0]; smaller
// arguments and NaN go to math.Exp.
func expNegAbs(dst, z []float64) {
	const (
		ln2Hi    = 6.93147180369123816490e-01
		ln2Lo    = 1.90821492927058770002e-10
		log2e    = 1.44269504088896338700e+00
		nearZero = 1.0 / (1 << 28)

		p1 = 1.66666666666666657415e-01
		p2 = -2.77777777770155933842e-03
		p3 = 6.61375632143793436117e-05
		p4 = -1.65339022054652515390e-06
		p5 = 4.13813679705723846039e-08
	)
	dst = dst[:len(z)]
	for i, v := range z {
		x := -math.Abs(v)
		switch {
		case x > -nearZero:
			dst[i] = 1 + x
		case x >= -708:
			k := int(log2e*x - 0.5)
			hi := x - float64(k)*ln2Hi
			lo := float64(k) * ln2Lo
			r := hi - lo
			t := r * r
			c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
			y := 1 - ((lo - (r*c)/(2-c)) - hi)
			dst[i] = math.Float64frombits(math.Float64bits(y) + uint64(int64(k))<<52)
		default:
			dst[i] = math.Exp(x)
		}
	}
}
