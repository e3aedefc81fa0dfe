package model_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// transposed is a mat.Matrix that is not a RawMatrixer, to exercise the
// generic path of CheckX.
type transposed struct{ mat.Matrix }

func TestCheckXY(t *testing.T) {
	good := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	withNaN := mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4})
	withInf := mat.NewDense(2, 2, []float64{1, 2, 3, math.Inf(-1)})
	tests := []struct {
		name    string
		X       mat.Matrix
		y       []float64
		wantErr string
	}{
		{"ok", good, []float64{0, 1}, ""},
		{"nil X", nil, nil, "X is nil"},
		{"length mismatch", good, []float64{1}, "X has 2 rows but y has 1 values"},
		{"NaN in X", withNaN, []float64{0, 1}, "X[1][0] is NaN"},
		{"Inf in X generic path", transposed{withInf.T()}, []float64{0, 1}, "X[1][1] is -Inf"},
		{"NaN in y", good, []float64{0, math.NaN()}, "y[1] is NaN"},
		{"empty", &mat.Dense{}, nil, "X is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := model.CheckXY(tt.X, tt.y)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckXColumns(t *testing.T) {
	X := mat.NewDense(1, 3, []float64{1, 2, 3})
	if _, _, err := model.CheckX(X, 2); err == nil || !strings.Contains(err.Error(), "X has 3 features, but the model was fitted with 2") {
		t.Fatalf("error = %v", err)
	}
}

func TestClassLabels(t *testing.T) {
	tests := []struct {
		name    string
		y       []float64
		want    []float64
		wantErr string
	}{
		{"sorted distinct", []float64{2, 0, 1, 0, 2}, []float64{0, 1, 2}, ""},
		{"single class", []float64{3, 3}, nil, "single class"},
		{"fractional", []float64{0, 0.5}, nil, "y[1] = 0.5 is not a class label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := model.ClassLabels(tt.y)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
			idx, err := model.ClassIndex(tt.y, got)
			if err != nil {
				t.Fatal(err)
			}
			for i, k := range idx {
				if got[k] != tt.y[i] {
					t.Fatalf("ClassIndex maps y[%d]=%v to class %v", i, tt.y[i], got[k])
				}
			}
		})
	}
	if _, err := model.ClassIndex([]float64{5}, []float64{0, 1}); err == nil {
		t.Fatal("ClassIndex accepted an unknown label")
	}
}

type payload struct {
	W []float64 `json:"w"`
}

func TestEnvelopeRoundTrip(t *testing.T) {
	in := payload{W: []float64{0.1, 1.0 / 3, -2e-300}}
	data, err := model.MarshalEnvelope("test.Thing", 2, in)
	if err != nil {
		t.Fatal(err)
	}
	var out payload
	v, err := model.UnmarshalEnvelope(data, "test.Thing", 2, &out)
	if err != nil || v != 2 {
		t.Fatalf("version %d, err %v", v, err)
	}
	for i := range in.W {
		if in.W[i] != out.W[i] {
			t.Fatalf("w[%d]: %v != %v (float64 must round-trip exactly)", i, out.W[i], in.W[i])
		}
	}
}

func TestEnvelopeErrors(t *testing.T) {
	good, _ := model.MarshalEnvelope("test.Thing", 3, payload{})
	tests := []struct {
		name, data, kind string
		max              int
		wantErr          string
		future           bool
	}{
		{"not json", "{oops", "test.Thing", 3, "not a descent model file", false},
		{"wrong format", `{"format":"other","kind":"test.Thing","version":1,"model":{}}`, "test.Thing", 3, `format is "other"`, false},
		{"wrong kind", string(good), "test.Other", 3, "holds a test.Thing, not a test.Other", false},
		{"future", string(good), "test.Thing", 2, "version 3 (this descent reads up to 2)", true},
		{"no payload", `{"format":"descent-model","kind":"test.Thing","version":1}`, "test.Thing", 3, "no model payload", false},
		{"bad payload", `{"format":"descent-model","kind":"test.Thing","version":1,"model":{"w":"x"}}`, "test.Thing", 3, "corrupt test.Thing payload", false},
		{"version zero", `{"format":"descent-model","kind":"test.Thing","version":0,"model":{}}`, "test.Thing", 3, "version 0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p payload
			_, err := model.UnmarshalEnvelope([]byte(tt.data), tt.kind, tt.max, &p)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			if errors.Is(err, model.ErrFutureVersion) != tt.future {
				t.Fatalf("errors.Is(err, ErrFutureVersion) = %v, want %v", !tt.future, tt.future)
			}
		})
	}
	var env model.Envelope
	if err := json.Unmarshal(good, &env); err != nil || env.Format != model.Format {
		t.Fatalf("envelope = %+v, %v", env, err)
	}
}

func TestNewRandReproducible(t *testing.T) {
	a, b := model.NewRand(7), model.NewRand(7)
	for i := 0; i < 10; i++ {
		if a.Float64() != b.Float64() {
			t.Fatal("equal seeds gave different streams")
		}
	}
	if model.NewRand(7).Float64() == model.NewRand(8).Float64() {
		t.Fatal("different seeds gave the same first value")
	}
}
