package linear

// expNegAbs sets dst[i] = e^−|z[i]| with expNegAbsPort on every
// architecture, also where math.Exp has an assembly version (amd64, arm64,
// loong64, s390x) that rounds some results differently: a fit is then bit
// for bit the same natively and in the browser (WebAssembly), so a saved
// model and a notebook's printed numbers do not depend on where it ran.
func expNegAbs(dst, z []float64) { expNegAbsPort(dst, z) }
