package linear

import (
	"math"
	"testing"

	"github.com/descentml/descent/core/model"
)

// TestExpNegAbsMatchesMathExp checks expNegAbsPort and expNegAbs against
// math.Exp(−|z|) over [−800, 800] and at the edges of the port's range:
// expNegAbs is math.Exp bit for bit, and so is expNegAbsPort where
// math.Exp is the pure-Go function it reproduces (expIsPort, as under
// WebAssembly); elsewhere it is within a few units in the last place of
// math.Exp's assembly version (which itself differs from the pure-Go
// function by up to two).
func TestExpNegAbsMatchesMathExp(t *testing.T) {
	z := []float64{0, math.Copysign(0, -1), 0x1p-28, -0x1p-28, 0x1p-29, 0x1.0000000000001p-28, 1e-300,
		0.5, math.Ln2, -1, 20, 707.9999, -708, 708.0000001, 709, 745, -745.2, 746, 800,
		math.Inf(-1), math.Inf(1), math.NaN()}
	r := model.NewRand(1)
	for range 100000 {
		z = append(z, 1600*r.Float64()-800, 40*r.Float64()-20, 2*r.Float64()-1)
	}
	port, got := make([]float64, len(z)), make([]float64, len(z))
	expNegAbsPort(port, z)
	expNegAbs(got, z)
	for i, v := range z {
		want := math.Exp(-math.Abs(v))
		if math.Float64bits(got[i]) != math.Float64bits(want) {
			t.Fatalf("expNegAbs(%v) = %v, math.Exp %v", v, got[i], want)
		}
		p := port[i]
		if expIsPort && math.Float64bits(p) != math.Float64bits(want) ||
			!expIsPort && !(math.Abs(p-want) <= 1e-15*want) && !(math.IsNaN(p) && math.IsNaN(want)) {
			t.Fatalf("expNegAbsPort(%v) = %v (%#x), math.Exp %v (%#x)", v, p, math.Float64bits(p), want, math.Float64bits(want))
		}
	}
}
