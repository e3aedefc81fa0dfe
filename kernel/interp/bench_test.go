package interp

import (
	"context"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/kernel/protocol"
)

const fitSetup = `import (
	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
)
ds, err := data.Blobs(data.BlobsConfig{N: 1000, P: 10, K: 2, Std: 4, Seed: 1})
if err != nil {
	panic(err)
}`

// fitSession returns an interpreter that has run fitSetup.
func fitSession(b *testing.B) (*Interp, *recorder) {
	in, err := New(testOptions)
	if err != nil {
		b.Fatal(err)
	}
	r := newRecorder()
	if res := in.Execute(context.Background(), &protocol.ExecuteRequest{Code: fitSetup}, r); res.Err != nil {
		b.Fatalf("%+v", res.Err)
	}
	return in, r
}

// BenchmarkLogisticFitCell fits logistic regression on 1,000×10 in a cell.
func BenchmarkLogisticFitCell(b *testing.B) {
	in, r := fitSession(b)
	req := &protocol.ExecuteRequest{Code: "m := &linear.LogisticRegression{}\nif err := m.Fit(ds.X, ds.Y); err != nil { panic(err) }"}
	b.ResetTimer()
	for range b.N {
		if res := in.Execute(context.Background(), req, r); res.Err != nil {
			b.Fatalf("%+v", res.Err)
		}
	}
}

// BenchmarkLogisticFitCompiled is the same fit called from compiled Go.
func BenchmarkLogisticFitCompiled(b *testing.B) {
	ds, err := data.Blobs(data.BlobsConfig{N: 1000, P: 10, K: 2, Std: 4, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var X mat.Matrix = ds.X
	b.ResetTimer()
	for range b.N {
		m := &linear.LogisticRegression{}
		if err := m.Fit(X, ds.Y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrivialCell measures the interpreter's per-cell overhead.
func BenchmarkTrivialCell(b *testing.B) {
	in, err := New(testOptions)
	if err != nil {
		b.Fatal(err)
	}
	r := newRecorder()
	req := &protocol.ExecuteRequest{Code: "x := 1\nif x > 2 { panic(x) }"}
	for range b.N {
		if res := in.Execute(context.Background(), req, r); res.Err != nil {
			b.Fatalf("%+v", res.Err)
		}
	}
}

// BenchmarkLogisticFitPaired alternates the cell and the compiled fit of
// BenchmarkLogisticFitCell and BenchmarkLogisticFitCompiled in one loop and
// reports their times and ratio. Measured side by side, both see the same
// machine load, so the ratio is steadier than one taken from separate
// benchmarks on a shared machine (make kernel-bench reports it).
//
// "rerun" runs the same cell again, as a learner re-runs a training cell
// (from its compiled programs, compiled.go); "edited" changes the cell
// every time (a comment), so that every run compiles it.
func BenchmarkLogisticFitPaired(b *testing.B) {
	for _, mode := range []string{"rerun", "edited"} {
		b.Run(mode, func(b *testing.B) {
			in, r := fitSession(b)
			ds, err := data.Blobs(data.BlobsConfig{N: 1000, P: 10, K: 2, Std: 4, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			var X mat.Matrix = ds.X
			const code = "m := &linear.LogisticRegression{}\nif err := m.Fit(ds.X, ds.Y); err != nil { panic(err) }"
			req := &protocol.ExecuteRequest{Code: code}
			var cell, compiled time.Duration
			for i := range b.N {
				if mode == "edited" {
					req = &protocol.ExecuteRequest{Code: code + " // run " + strconv.Itoa(i)}
				}
				t0 := time.Now()
				if res := in.Execute(context.Background(), req, r); res.Err != nil {
					b.Fatalf("%+v", res.Err)
				}
				t1 := time.Now()
				m := &linear.LogisticRegression{}
				if err := m.Fit(X, ds.Y); err != nil {
					b.Fatal(err)
				}
				compiled += time.Since(t1)
				cell += t1.Sub(t0)
			}
			b.ReportMetric(float64(cell.Microseconds())/float64(b.N), "cell-µs/op")
			b.ReportMetric(float64(compiled.Microseconds())/float64(b.N), "compiled-µs/op")
			b.ReportMetric(float64(cell)/float64(compiled), "cell/compiled")
		})
	}
}
