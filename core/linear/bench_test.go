package linear

import (
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/internal/benchdata"
)

func BenchmarkLinearRegression100k(b *testing.B) {
	X, y := benchdata.Regression(100000, 100, 11)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LinearRegression
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRidge100k(b *testing.B) {
	X, y := benchdata.Regression(100000, 100, 11)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m Ridge
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLogisticRegression100k(b *testing.B) {
	X, yc := benchdata.Logistic(100000, 100, 12)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m LogisticRegression
		if err := m.Fit(X, yc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogisticFit1000x10 is the small fit of the browser notebook's
// speed budget (a cell fitting 1,000×10 blobs within 3× of native). Compare
// the native run with the same benchmark as js/wasm under Node:
//
//	GOOS=js GOARCH=wasm go test -run '^$' -bench LogisticFit1000 \
//		-exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./core/linear/
func BenchmarkLogisticFit1000x10(b *testing.B) {
	ds, err := data.Blobs(data.BlobsConfig{N: 1000, P: 10, K: 2, Std: 4, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var it int
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m := &LogisticRegression{}
		if err := m.Fit(ds.X, ds.Y); err != nil {
			b.Fatal(err)
		}
		it = m.Iterations()
	}
	b.ReportMetric(float64(it), "iters")
}
