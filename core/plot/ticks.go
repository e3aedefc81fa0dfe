package plot

import (
	"math"
	"slices"
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

// logTicks places labelled ticks on a logarithmic axis. Over several decades
// it labels powers of ten (every decade, or every 2nd, 3rd, … decade when
// there are many) with minor ticks between them; over a decade or two it
// also labels 2× and 5× (or every integer multiple of) a power of ten, and
// over less than a factor of about two it falls back to linear ticks, so
// that every axis carries at least two labels, usually three or more.
// Labels are built from the integer mantissa and exponent, never by
// formatting a computed float, so they read "1e-12", "0.001", "20", not
// "9.999999999999999e-05".
type logTicks struct{}

// maxLogLabels is the most labels logTicks puts on an axis.
const maxLogLabels = 8

// Ticks implements gplot.Ticker.
func (logTicks) Ticks(lo, hi float64) []gplot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return niceTicks{}.Ticks(lo, hi)
	}
	kmin := int(math.Floor(math.Log10(lo))) - 1
	kmax := int(math.Ceil(math.Log10(hi))) + 1
	// The mantissas to label in each decade: powers of ten only for wide
	// ranges; 1-2-5, 1-2-3-5 or every integer for narrow ones. The first
	// set giving three labels wins (1-2-5 at least below ~2 decades).
	sets := [][]int{{1}, {1, 2, 5}, {1, 2, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}
	if math.Log10(hi/lo) < 2.2 {
		sets = sets[1:]
	}
	var marks []int
	step := 1 // label every step-th decade
	for _, set := range sets {
		marks = set
		if n := countLogLabels(lo, hi, kmin, kmax, marks, 1); n >= 3 {
			break
		}
	}
	if countLogLabels(lo, hi, kmin, kmax, marks, 1) < 2 {
		// Less than a factor of about 1.3: the scale is nearly linear.
		return niceTicks{}.Ticks(lo, hi)
	}
	if len(marks) == 1 {
		for _, s := range []int{1, 2, 3, 4, 5, 10, 20, 30, 50, 100} {
			step = s
			if countLogLabels(lo, hi, kmin, kmax, marks, s) <= maxLogLabels {
				break
			}
		}
	}
	// Minor ticks at every integer multiple when there are few decades,
	// at the unlabelled powers of ten otherwise.
	minors := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}
	if step > 1 || kmax-kmin > 8 {
		minors = []int{1}
	}
	var ticks []gplot.Tick
	for k := kmin; k <= kmax; k++ {
		for _, m := range minors {
			v := logValue(m, k)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := gplot.Tick{Value: v}
			if slices.Contains(marks, m) && floorMod(k, step) == 0 {
				t.Label = logLabel(m, k)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// countLogLabels counts the values m·10^k (m in marks, k a multiple of step
// in [kmin, kmax]) within [lo, hi].
func countLogLabels(lo, hi float64, kmin, kmax int, marks []int, step int) int {
	n := 0
	for k := kmin; k <= kmax; k++ {
		if floorMod(k, step) != 0 {
			continue
		}
		for _, m := range marks {
			if v := logValue(m, k); v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
				n++
			}
		}
	}
	return n
}

// floorMod returns k mod n in [0, n).
func floorMod(k, n int) int { return ((k % n) + n) % n }

// logValue returns m·10^k as the float64 nearest to it.
func logValue(m, k int) float64 {
	v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(k), 64)
	return v
}

// logLabel formats m·10^k: as a plain number from 0.001 to 99999 ("0.002",
// "50"), in e-notation beyond ("1e-12", "2e6").
func logLabel(m, k int) string {
	if k >= -3 && k <= 4 {
		return strconv.FormatFloat(logValue(m, k), 'f', -1, 64)
	}
	return strconv.Itoa(m) + "e" + strconv.Itoa(k)
}
