package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTour(t *testing.T) {
	code, out, errOut := runArgs("tour")
	if code != 0 {
		t.Fatalf("tour exited %d: %s", code, errOut)
	}
	for _, want := range []string{
		"iris: 150 samples × 4 features, 3 classes",
		"weighted avg",
		"qr    R² 0.517748",
		"best: map[C:10 gamma:scale]",
		"(ε, δ) = (0.7242, 1e-5), from Rényi order 19",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tour output lacks %q:\n%s", want, out)
		}
	}
}

func TestTrainThenPredict(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "model.json")
	code, out, errOut := runArgs("train", "-data", "breast_cancer", "-model", "logistic", "-scale", "-o", file)
	if code != 0 {
		t.Fatalf("train exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "accuracy: train 0.9") || !strings.Contains(out, "saved to "+file) {
		t.Fatalf("train output:\n%s", out)
	}

	// Features only, in a CSV with a header: 2 rows of breast cancer.
	csv := filepath.Join(dir, "new.csv")
	rows := "a" + strings.Repeat(",a", 29) + "\n" +
		"17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189\n" +
		"13.54,14.36,87.46,566.3,0.09779,0.08129,0.06664,0.04781,0.1885,0.05766,0.2699,0.7886,2.058,23.56,0.008462,0.0146,0.02387,0.01315,0.0198,0.0023,15.11,19.26,99.7,711.2,0.144,0.1773,0.239,0.1288,0.2977,0.07259\n"
	if err := os.WriteFile(csv, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runArgs("predict", "-model", file, "-data", csv, "-header")
	if code != 0 {
		t.Fatalf("predict exited %d: %s", code, errOut)
	}
	// The first row is a malignant tumour (0), the second benign (1).
	if out != "0\n1\n" {
		t.Fatalf("predictions %q, want 0 then 1", out)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"descent-model","kind":"linear.Ridge","version":7,"model":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ragged := filepath.Join(dir, "ragged.csv")
	if err := os.WriteFile(ragged, []byte("1,2,0\n3,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "usage"},
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"unknown model", []string{"train", "-data", "iris", "-model", "mlp"}, 1, `-model "mlp": choose one of`},
		{"unknown data", []string{"train", "-data", "titanic", "-model", "svc"}, 1, `-data "titanic" is neither`},
		{"ragged csv", []string{"train", "-data", ragged, "-model", "linear"}, 1, "ragged row at line 2"},
		{"missing file", []string{"train", "-data", filepath.Join(dir, "missing.csv"), "-model", "svc"}, 1, "no such file"},
		{"future model file", []string{"predict", "-model", bad, "-data", "iris"}, 1, "version 7"},
		{"predict without flags", []string{"predict"}, 1, "-model and -data are required"},
		{"serve without a built site", []string{"serve", "-dir", dir, "-addr", "127.0.0.1:0"}, 1, "make wasm-site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runArgs(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}
