package linear

import (
	"math"
	"runtime"
	"testing"

	"github.com/descentml/descent/core/model"
)

// TestExpNegAbsMatchesMathExp checks expNegAbs against math.Exp(−|z|) over
// [−800, 800] and at the edges of its fast range: bit for bit where
// math.Exp is the pure-Go function it reproduces (as under WebAssembly);
// elsewhere within a unit or two in the last place of math.Exp's assembly
// version (which itself differs from the pure-Go function by up to two).
func TestExpNegAbsMatchesMathExp(t *testing.T) {
	z := []float64{0, math.Copysign(0, -1), 0x1p-28, -0x1p-28, 0x1p-29, 0x1.0000000000001p-28, 1e-300,
		0.5, math.Ln2, -1, 20, 707.9999, -708, 708.0000001, 709, 745, -745.2, 746, 800,
		math.Inf(-1), math.Inf(1), math.NaN()}
	r := model.NewRand(1)
	for range 100000 {
		z = append(z, 1600*r.Float64()-800, 40*r.Float64()-20, 2*r.Float64()-1)
	}
	port := make([]float64, len(z))
	expNegAbs(port, z)
	// The architectures where math.Exp is assembly (math/exp_asm.go).
	asm := map[string]bool{"amd64": true, "arm64": true, "loong64": true, "s390x": true}[runtime.GOARCH]
	for i, v := range z {
		want := math.Exp(-math.Abs(v))
		p := port[i]
		if !asm && math.Float64bits(p) != math.Float64bits(want) ||
			asm && !(math.Abs(p-want) <= 1e-15*want) && !(math.IsNaN(p) && math.IsNaN(want)) {
			t.Fatalf("expNegAbs(%v) = %v (%#x), math.Exp %v (%#x)", v, p, math.Float64bits(p), want, math.Float64bits(want))
		}
	}
}
