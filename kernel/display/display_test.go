package display

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/metrics"
	"gonum.org/v1/gonum/mat"
)

type card struct{}

func (card) HTML() string     { return "<p>card</p>" }
func (card) Markdown() string { return "*card*" }
func (card) String() string   { return "card" }

type bundler struct{}

func (bundler) MIMEBundle() MIMEBundle {
	return MIMEBundle{"application/vnd.custom+json": map[string]int{"a": 1}}
}

type figure struct{}

func (figure) SVG() string { return "<svg/>" }
func (figure) PNG() []byte { panic("PNG rendered although SVG is there") }

type jsoner struct{}

func (jsoner) JSON() any { return []int{1, 2} }

func TestBundle(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want map[string]any
	}{
		{"int", 42, MIMEBundle{"text/plain": "42"}},
		{"string is quoted", "go", MIMEBundle{"text/plain": `"go"`}},
		{"error", errors.New("bad"), MIMEBundle{"text/plain": "bad"}},
		{"several interfaces", card{}, MIMEBundle{"text/html": "<p>card</p>", "text/markdown": "*card*", "text/plain": "card"}},
		{"HTML string", HTML("<b>x</b>"), MIMEBundle{"text/html": "<b>x</b>", "text/plain": "<b>x</b>"}},
		{"LaTeX", LaTeX("$x$"), MIMEBundle{"text/latex": "$x$", "text/plain": "$x$"}},
		{"PNG", PNG{1, 2, 3}, MIMEBundle{"image/png": base64.StdEncoding.EncodeToString([]byte{1, 2, 3}), "text/plain": "<display.PNG>"}},
		{"SVG", SVG("<svg/>"), MIMEBundle{"image/svg+xml": "<svg/>", "text/plain": "<display.SVG>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Bundle(tc.v)
			if len(got) != len(tc.want) {
				t.Fatalf("Bundle = %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
	if Bundle(nil) != nil {
		t.Error("Bundle(nil) should be nil (nothing to show)")
	}
	if b := Bundle(bundler{}); b["application/vnd.custom+json"] == nil || b["text/plain"] == nil {
		t.Errorf("MIMEBundler bundle %v", b)
	}
	if b := Bundle(figure{}); b["image/svg+xml"] != "<svg/>" || b["image/png"] != nil {
		t.Errorf("figure bundle %v", b)
	}
	if b := Bundle(jsoner{}); b["application/json"] == nil {
		t.Errorf("JSONer bundle %v", b)
	}
}

func TestCoreTypesAsTables(t *testing.T) {
	iris := data.Iris()
	h, _ := Bundle(iris)["text/html"].(string)
	if !strings.Contains(h, "iris: 150 samples × 4 features") || strings.Count(h, "<tr>") != 1+MaxRows+1 || !strings.Contains(h, "… 140 more rows") || !strings.Contains(h, "setosa") {
		t.Errorf("dataset table:\n%s", h)
	}
	m := &linear.LogisticRegression{}
	h, _ = Bundle(m)["text/html"].(string)
	if !strings.Contains(h, "not fitted") {
		t.Errorf("unfitted model:\n%s", h)
	}
	if err := m.Fit(iris.X, iris.Y); err != nil {
		t.Fatal(err)
	}
	h, _ = Bundle(m)["text/html"].(string)
	if !strings.Contains(h, "linear.LogisticRegression (fitted)") || !strings.Contains(h, "learned") {
		t.Errorf("fitted model:\n%s", h)
	}
	cm, err := metrics.ConfusionMatrix([]float64{0, 1, 1}, []float64{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	h, _ = Bundle(cm)["text/html"].(string)
	if !strings.Contains(h, "<tr><td>1</td><td>1</td><td>1</td></tr>") {
		t.Errorf("confusion matrix:\n%s", h)
	}
	rep, err := metrics.ClassificationReport([]float64{0, 1, 1}, []float64{0, 1, 0}, []string{"no", "yes"})
	if err != nil {
		t.Fatal(err)
	}
	h, _ = Bundle(rep)["text/html"].(string)
	if !strings.Contains(h, "<td>yes</td>") || !strings.Contains(h, "macro avg") {
		t.Errorf("report:\n%s", h)
	}
	h, _ = Bundle(mat.NewDense(2, 2, []float64{1, 2, 3, 4}))["text/html"].(string)
	if !strings.Contains(h, "2 × 2 matrix") || !strings.Contains(h, "<td>4</td>") {
		t.Errorf("matrix:\n%s", h)
	}
}
