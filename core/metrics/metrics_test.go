package metrics

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

const tol = 1e-12

type reference struct {
	Regression []struct {
		Name               string
		YTrue              []float64 `json:"y_true"`
		YPred              []float64 `json:"y_pred"`
		MSE, RMSE, MAE, R2 float64
	}
	Classification []struct {
		Name          string
		YTrue         []float64 `json:"y_true"`
		YPred         []float64 `json:"y_pred"`
		TargetNames   []string  `json:"target_names"`
		PosLabel      *float64  `json:"pos_label"`
		Accuracy      float64
		Binary        []float64
		Macro         []float64
		Micro         []float64
		Weighted      []float64
		MacroZD1      []float64 `json:"macro_zd1"`
		MicroZD1      []float64 `json:"micro_zd1"`
		WeightedZD1   []float64 `json:"weighted_zd1"`
		Confusion     [][]int
		Labels        []float64
		Report        string
		ReportDigits4 string `json:"report_digits4"`
	}
	ROC []struct {
		Name                 string
		YTrue                []float64 `json:"y_true"`
		Scores               []float64
		PosLabel             float64 `json:"pos_label"`
		FPR, TPR, Thresholds []float64
		AUC                  float64
		ROCAUC               *float64 `json:"roc_auc"`
	}
	AUC []struct {
		X, Y []float64
		AUC  float64
	}
	LogLoss []struct {
		Name    string
		YTrue   []float64 `json:"y_true"`
		Proba   [][]float64
		Classes []float64
		LogLoss float64 `json:"log_loss"`
	} `json:"log_loss"`
}

func loadReference(t *testing.T) *reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Regression) == 0 || len(ref.Classification) == 0 || len(ref.ROC) == 0 || len(ref.AUC) == 0 || len(ref.LogLoss) == 0 {
		t.Fatal("testdata/reference.json lacks some cases: rerun testdata/gen_reference.py")
	}
	return &ref
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func checkClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !near(got, want) {
		t.Errorf("%s = %.17g, sklearn %.17g (diff %.3g)", what, got, want, got-want)
	}
}

func checkSlice(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d values %v, sklearn %d %v", what, len(got), got, len(want), want)
		return
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %.17g, sklearn %.17g", what, i, got[i], want[i])
		}
	}
}

func TestRegressionAgainstSklearn(t *testing.T) {
	for _, c := range loadReference(t).Regression {
		t.Run(c.Name, func(t *testing.T) {
			for _, m := range []struct {
				name string
				f    func(a, b []float64) (float64, error)
				want float64
			}{{"MSE", MSE, c.MSE}, {"RMSE", RMSE, c.RMSE}, {"MAE", MAE, c.MAE}, {"R2", R2, c.R2}} {
				got, err := m.f(c.YTrue, c.YPred)
				if err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
				checkClose(t, m.name, got, m.want)
			}
		})
	}
}

func TestClassificationAgainstSklearn(t *testing.T) {
	for _, c := range loadReference(t).Classification {
		t.Run(c.Name, func(t *testing.T) {
			acc, err := Accuracy(c.YTrue, c.YPred)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "Accuracy", acc, c.Accuracy)
			prf := func(avg Average, want []float64, opts ...Option) {
				t.Helper()
				for i, f := range []func([]float64, []float64, Average, ...Option) (float64, error){Precision, Recall, F1} {
					got, err := f(c.YTrue, c.YPred, avg, opts...)
					if err != nil {
						t.Fatalf("%v: %v", avg, err)
					}
					checkClose(t, []string{"Precision", "Recall", "F1"}[i]+"/"+avg.String(), got, want[i])
				}
			}
			if c.PosLabel != nil {
				prf(Binary, c.Binary, PosLabel(*c.PosLabel))
			}
			prf(Macro, c.Macro)
			prf(Micro, c.Micro)
			prf(Weighted, c.Weighted)
			prf(Macro, c.MacroZD1, ZeroDivision(1))
			prf(Micro, c.MicroZD1, ZeroDivision(1))
			prf(Weighted, c.WeightedZD1, ZeroDivision(1))

			cm, err := ConfusionMatrix(c.YTrue, c.YPred)
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "Labels", cm.Labels, c.Labels)
			for i := range c.Confusion {
				for j := range c.Confusion[i] {
					if cm.Counts[i][j] != c.Confusion[i][j] {
						t.Errorf("Counts[%d][%d] = %d, sklearn %d", i, j, cm.Counts[i][j], c.Confusion[i][j])
					}
					if cm.Dense().At(i, j) != float64(c.Confusion[i][j]) {
						t.Errorf("Dense().At(%d, %d) = %v, sklearn %d", i, j, cm.Dense().At(i, j), c.Confusion[i][j])
					}
				}
			}

			rep, err := ClassificationReport(c.YTrue, c.YPred, c.TargetNames)
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.String(); got != c.Report {
				t.Errorf("report:\n%s\nsklearn:\n%s", got, c.Report)
			}
			if got := rep.Text(4); got != c.ReportDigits4 {
				t.Errorf("report (4 digits):\n%s\nsklearn:\n%s", got, c.ReportDigits4)
			}
			checkClose(t, "Report.Accuracy", rep.Accuracy, c.Accuracy)
			checkClose(t, "Report.MacroAvg.F1", rep.MacroAvg.F1, c.Macro[2])
			checkClose(t, "Report.WeightedAvg.Recall", rep.WeightedAvg.Recall, c.Weighted[1])
		})
	}
}

func TestROCAgainstSklearn(t *testing.T) {
	for _, c := range loadReference(t).ROC {
		t.Run(c.Name, func(t *testing.T) {
			fpr, tpr, thr, err := ROC(c.YTrue, c.Scores, c.PosLabel)
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "fpr", fpr, c.FPR)
			checkSlice(t, "tpr", tpr, c.TPR)
			checkSlice(t, "thresholds", thr, c.Thresholds)
			auc, err := AUC(fpr, tpr)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "AUC", auc, c.AUC)
			if c.ROCAUC != nil {
				got, err := ROCAUC(c.YTrue, c.Scores)
				if err != nil {
					t.Fatal(err)
				}
				checkClose(t, "ROCAUC", got, *c.ROCAUC)
			}
		})
	}
	for i, c := range loadReference(t).AUC {
		got, err := AUC(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		checkClose(t, "AUC case "+string(rune('0'+i)), got, c.AUC)
	}
}

func TestLogLossAgainstSklearn(t *testing.T) {
	for _, c := range loadReference(t).LogLoss {
		t.Run(c.Name, func(t *testing.T) {
			p := mat.NewDense(len(c.Proba), len(c.Proba[0]), nil)
			for i, row := range c.Proba {
				p.SetRow(i, row)
			}
			got, err := LogLoss(c.YTrue, p, c.Classes)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "LogLoss", got, c.LogLoss)
		})
	}
}

func TestR2SpecialCases(t *testing.T) {
	tests := []struct {
		name        string
		yTrue, yPrd []float64
		want        float64
	}{
		{"perfect", []float64{1, 2, 3}, []float64{1, 2, 3}, 1},
		{"mean predictor", []float64{1, 2, 3}, []float64{2, 2, 2}, 0},
		{"worse than mean", []float64{1, 2, 3}, []float64{3, 2, 1}, -3},
		{"constant truth, perfect", []float64{5, 5}, []float64{5, 5}, 1},
		{"constant truth, imperfect", []float64{5, 5}, []float64{5, 6}, 0},
	}
	for _, tc := range tests {
		got, err := R2(tc.yTrue, tc.yPrd)
		if err != nil || got != tc.want {
			t.Errorf("%s: R2 = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	if v, err := R2([]float64{1}, []float64{1}); err == nil || !math.IsNaN(v) {
		t.Errorf("R2 of one sample = %v, %v; want NaN and an error", v, err)
	}
}

func TestBinaryAverage(t *testing.T) {
	yTrue := []float64{0, 0, 1, 1, 1}
	yPred := []float64{0, 1, 1, 1, 0}
	// Positive label 1: tp=2, fp=1, fn=1.
	if p, _ := Precision(yTrue, yPred, Binary); !near(p, 2.0/3) {
		t.Errorf("Precision = %v, want 2/3", p)
	}
	// Positive label 0: tp=1, fp=1, fn=1.
	if r, _ := Recall(yTrue, yPred, Binary, PosLabel(0)); r != 0.5 {
		t.Errorf("Recall(PosLabel(0)) = %v, want 0.5", r)
	}
	// Only negatives, positive label absent: 0 (or 1 with ZeroDivision(1)).
	zeros := []float64{0, 0, 0}
	if f, err := F1(zeros, zeros, Binary); err != nil || f != 0 {
		t.Errorf("F1 with no positives = %v, %v; want 0", f, err)
	}
	if f, err := F1(zeros, zeros, Binary, ZeroDivision(1)); err != nil || f != 1 {
		t.Errorf("F1 with no positives, ZeroDivision(1) = %v, %v; want 1", f, err)
	}
	// No predicted positives: precision undefined → 0.
	if p, err := Precision([]float64{0, 1}, []float64{0, 0}, Binary); err != nil || p != 0 {
		t.Errorf("Precision with no predicted positives = %v, %v; want 0", p, err)
	}
}

func TestErrors(t *testing.T) {
	nan := math.NaN()
	p := mat.NewDense(2, 2, []float64{0.5, 0.5, 0.5, 0.5})
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"empty", errOf(MSE(nil, nil)), "yTrue is empty"},
		{"length", errOf(MAE([]float64{1, 2}, []float64{1})), "yTrue has 2 values but yPred has 1"},
		{"NaN pred", errOf(R2([]float64{1, 2}, []float64{1, nan})), "yPred[1] is NaN"},
		{"Inf true", errOf(RMSE([]float64{math.Inf(1)}, []float64{1})), "yTrue[0] is +Inf"},
		{"not a label", errOf(Accuracy([]float64{0, 1.5}, []float64{0, 1})), "yTrue[1] = 1.5 is not a class label"},
		{"binary multiclass", errOf(F1([]float64{0, 1, 2}, []float64{0, 1, 2}, Binary)), "average Binary needs at most two labels"},
		{"bad pos label", errOf(Precision([]float64{0, 2}, []float64{0, 2}, Binary)), "positive label 1 is not one of the labels [0 2]"},
		{"unknown average", errOf(Recall([]float64{0, 1}, []float64{0, 1}, Average(9))), "unknown average 9"},
		{"ROC no positive", roc3(ROC([]float64{0, 0}, []float64{0.1, 0.2}, 1)), "no positive sample"},
		{"ROC no negative", roc3(ROC([]float64{1, 1}, []float64{0.1, 0.2}, 1)), "every sample in yTrue has the positive label"},
		{"ROC NaN score", roc3(ROC([]float64{0, 1}, []float64{nan, 0.2}, 1)), "yPred[0] is NaN"},
		{"ROCAUC multiclass", errOf(ROCAUC([]float64{0, 1, 2}, []float64{0.1, 0.2, 0.3})), "exactly two labels"},
		{"AUC not monotonic", errOf(AUC([]float64{0, 2, 1}, []float64{0, 1, 2})), "neither increasing nor decreasing"},
		{"AUC one point", errOf(AUC([]float64{0}, []float64{0})), "at least 2 points"},
		{"LogLoss columns", errOf(LogLoss([]float64{0, 1}, p, []float64{0, 1, 2})), "proba has 2 columns but there are 3 classes"},
		{"LogLoss unknown class", errOf(LogLoss([]float64{0, 4}, p, []float64{0, 1})), "yTrue[1] = 4 is not one of the classes"},
		{"LogLoss rows", errOf(LogLoss([]float64{0}, p, []float64{0, 1})), "yTrue has 1 values but proba has 2 rows"},
		{"report names", reportErr([]float64{0, 1}, []float64{0, 1}, []string{"a"}), "2 labels [0 1] but 1 target names"},
		{"confusion empty", confErr(nil, nil), "yTrue is empty"},
	}
	for _, tc := range tests {
		if tc.err == nil {
			t.Errorf("%s: no error, want one containing %q", tc.name, tc.want)
			continue
		}
		if !strings.Contains(tc.err.Error(), tc.want) || !strings.HasPrefix(tc.err.Error(), "metrics: ") {
			t.Errorf("%s: error %q, want it to start with \"metrics: \" and contain %q", tc.name, tc.err, tc.want)
		}
	}
}

func errOf(_ float64, err error) error { return err }

func roc3(_, _, _ []float64, err error) error { return err }

func reportErr(a, b []float64, names []string) error {
	_, err := ClassificationReport(a, b, names)
	return err
}

func confErr(a, b []float64) error {
	_, err := ConfusionMatrix(a, b)
	return err
}

func TestConfusionString(t *testing.T) {
	cm, err := ConfusionMatrix([]float64{0, 0, 1, 1, 1, 2}, []float64{0, 1, 1, 1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		`true\pred  0  1  2` + "\n" +
		`        0  1  1  0` + "\n" +
		`        1  0  3  0` + "\n" +
		`        2  0  0  1` + "\n"
	if got := cm.String(); got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}
	cm.Names = []string{"cat", "dog", "parrot"}
	want = "" +
		`true\pred  cat  dog  parrot` + "\n" +
		`      cat    1    1       0` + "\n" +
		`      dog    0    3       0` + "\n" +
		`   parrot    0    0       1` + "\n"
	if got := cm.String(); got != want {
		t.Errorf("String with names:\n%s\nwant:\n%s", got, want)
	}
}
