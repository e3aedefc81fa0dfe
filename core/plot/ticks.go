package plot

import (
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// niceTicks places about five to eight major ticks at multiples of 1, 2,
// 2.5 or 5 × 10^k, with minor ticks between them. gonum's DefaultTicks aims
// at three, which leaves the course's small figures hard to read.
type niceTicks struct{}

// Ticks implements gplot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []gplot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return gplot.DefaultTicks{}.Ticks(lo, math.Max(hi, lo+1))
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := mag, mag/5
	for _, m := range []struct{ s, minor float64 }{{1, 0.2}, {2, 0.5}, {2.5, 0.5}, {5, 1}, {10, 2}} {
		if m.s*mag >= raw {
			step, minor = m.s*mag, m.minor*mag
			break
		}
	}
	// Decimals needed to print multiples of step exactly.
	dec := 0
	for d := 0; d < 10; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-9*scaled {
			dec = d
			break
		}
	}
	var ticks []gplot.Tick
	first := math.Ceil(lo/minor-1e-9) * minor
	for i := 0; ; i++ {
		v := first + float64(i)*minor
		if v > hi+1e-9*(hi-lo) {
			break
		}
		if len(ticks) > 200 {
			break
		}
		t := gplot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			v = math.Round(r) * step
			t.Value = v
			if math.Abs(v) < 1e-12*step {
				v = 0
			}
			t.Label = strconv.FormatFloat(v, 'f', dec, 64)
			if math.Abs(v) >= 1e6 || (v != 0 && math.Abs(v) < 1e-4) {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}
