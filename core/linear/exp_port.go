//go:build !amd64 && !arm64 && !loong64 && !s390x

package linear

// expNegAbs sets dst[i] = e^−|z[i]|. This architecture's math.Exp is the
// pure-Go one, which expNegAbsPort reproduces without its calls.
func expNegAbs(dst, z []float64) { expNegAbsPort(dst, z) }

// expIsPort tells the tests that expNegAbs is expNegAbsPort.
const expIsPort = true
