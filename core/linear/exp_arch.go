//go:build amd64 || arm64 || loong64 || s390x

package linear

import "math"

// expNegAbs sets dst[i] = e^−|z[i]| with math.Exp, which has an assembly
// version on this architecture that expNegAbsPort would not reproduce bit
// for bit.
func expNegAbs(dst, z []float64) {
	dst = dst[:len(z)]
	for i, v := range z {
		dst[i] = math.Exp(-math.Abs(v))
	}
}

// expIsPort tells the tests that expNegAbs uses math.Exp.
const expIsPort = false
