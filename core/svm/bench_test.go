package svm

import (
	"testing"

	"github.com/descentml/descent/core/internal/benchdata"
)

func BenchmarkSVCRBF5000(b *testing.B) {
	X, y := benchdata.NonlinearClasses(5000, 20, 1)
	for b.Loop() {
		m := &SVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Score(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVCCancer(b *testing.B) {
	X, y := testData(b, "cancer")
	for b.Loop() {
		m := &SVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
		if _, err := m.Score(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLinearSVC(b *testing.B) {
	X, y := benchdata.LinearClasses(100000, 100, 3)
	for b.Loop() {
		m := &LinearSVC{}
		if err := m.Fit(X, y); err != nil {
			b.Fatal(err)
		}
	}
}
