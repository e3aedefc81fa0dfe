package main

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing is not NaN")
	}
}

// The layout runner.py reads: n and p as uint64, X row-major, then y.
func TestWriteDataLayout(t *testing.T) {
	X := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	y := []float64{-1, 0.5}
	path := filepath.Join(t.TempDir(), "d.bin")
	if err := writeData(path, X, y); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 16+8*8 {
		t.Fatalf("file has %d bytes, want %d", len(b), 16+8*8)
	}
	if n, p := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]); n != 2 || p != 3 {
		t.Fatalf("header n=%d p=%d", n, p)
	}
	want := []float64{1, 2, 3, 4, 5, 6, -1, 0.5}
	for i, w := range want {
		if got := math.Float64frombits(binary.LittleEndian.Uint64(b[16+8*i:])); got != w {
			t.Fatalf("value %d = %v, want %v", i, got, w)
		}
	}
}

func TestTasksAreComplete(t *testing.T) {
	for _, task := range allTasks() {
		if task.Name == "" || task.Quality == "" || task.Data == nil || task.Go == nil || task.Python == "" {
			t.Errorf("task %+v is missing a field", task.Name)
		}
	}
}
