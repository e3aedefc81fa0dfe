package display

import (
	"encoding/json"
	"fmt"
	"html"
	"reflect"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/metrics"
)

// MaxRows caps the rows of tables built for datasets and matrices.
const MaxRows = 10

// coreHTML renders the core's own types as HTML: datasets, matrices,
// confusion matrices, classification reports and fitted models (any value
// with a Config field that marshals to a descent model envelope).
func coreHTML(v any) (string, bool) {
	switch x := v.(type) {
	case *data.Dataset:
		if x != nil {
			return datasetHTML(x), true
		}
	case *metrics.Confusion:
		if x != nil {
			return confusionHTML(x), true
		}
	case *metrics.Report:
		if x != nil {
			return reportHTML(x), true
		}
	case mat.Matrix:
		return matrixHTML(x), true
	}
	return modelHTML(v)
}

type table struct {
	b strings.Builder
}

func (t *table) open(caption string) {
	t.b.WriteString(`<table class="descent">`)
	if caption != "" {
		fmt.Fprintf(&t.b, "<caption>%s</caption>", html.EscapeString(caption))
	}
}

func (t *table) row(header bool, cells ...string) {
	tag := "td"
	if header {
		tag = "th"
	}
	t.b.WriteString("<tr>")
	for _, c := range cells {
		fmt.Fprintf(&t.b, "<%s>%s</%s>", tag, html.EscapeString(c), tag)
	}
	t.b.WriteString("</tr>")
}

func (t *table) close() string {
	t.b.WriteString("</table>")
	return t.b.String()
}

func num(f float64) string { return fmt.Sprintf("%.4g", f) }

// rowsShown returns the row indices to show (first MaxRows) and how many
// rows are left out.
func rowsShown(n int) (int, int) {
	if n <= MaxRows {
		return n, 0
	}
	return MaxRows, n - MaxRows
}

func datasetHTML(ds *data.Dataset) string {
	n, p := ds.Dims()
	var t table
	name := ds.Name
	if name == "" {
		name = "dataset"
	}
	t.open(fmt.Sprintf("%s: %d samples × %d features", name, n, p))
	head := []string{""}
	for j := range p {
		if j < len(ds.FeatureNames) {
			head = append(head, ds.FeatureNames[j])
		} else {
			head = append(head, fmt.Sprintf("x%d", j))
		}
	}
	head = append(head, "target")
	t.row(true, head...)
	shown, more := rowsShown(n)
	for i := range shown {
		cells := []string{fmt.Sprint(i)}
		for j := range p {
			cells = append(cells, num(ds.X.At(i, j)))
		}
		target := ""
		if i < len(ds.Y) {
			target = num(ds.Y[i])
			if k := int(ds.Y[i]); float64(k) == ds.Y[i] && k >= 0 && k < len(ds.TargetNames) {
				target = ds.TargetNames[k]
			}
		}
		t.row(false, append(cells, target)...)
	}
	if more > 0 {
		t.row(false, fmt.Sprintf("… %d more rows", more))
	}
	return t.close()
}

func matrixHTML(m mat.Matrix) string {
	r, c := m.Dims()
	var t table
	t.open(fmt.Sprintf("%d × %d matrix", r, c))
	shown, more := rowsShown(r)
	for i := range shown {
		cells := make([]string, c)
		for j := range c {
			cells[j] = num(m.At(i, j))
		}
		t.row(false, cells...)
	}
	if more > 0 {
		t.row(false, fmt.Sprintf("… %d more rows", more))
	}
	return t.close()
}

func labelNames(labels []float64, names []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if i < len(names) {
			out[i] = names[i]
		} else {
			out[i] = fmt.Sprintf("%g", l)
		}
	}
	return out
}

func confusionHTML(c *metrics.Confusion) string {
	names := labelNames(c.Labels, c.Names)
	var t table
	t.open("confusion matrix (rows: true, columns: predicted)")
	t.row(true, append([]string{"true \\ pred"}, names...)...)
	for i, row := range c.Counts {
		cells := []string{names[i]}
		for _, v := range row {
			cells = append(cells, fmt.Sprint(v))
		}
		t.row(false, cells...)
	}
	return t.close()
}

func reportHTML(r *metrics.Report) string {
	names := labelNames(r.Labels, r.Names)
	var t table
	t.open("classification report")
	t.row(true, "", "precision", "recall", "f1-score", "support")
	s := func(name string, sc metrics.Scores) {
		t.row(false, name, fmt.Sprintf("%.3f", sc.Precision), fmt.Sprintf("%.3f", sc.Recall), fmt.Sprintf("%.3f", sc.F1), fmt.Sprint(sc.Support))
	}
	for i, sc := range r.Classes {
		s(names[i], sc)
	}
	t.row(false, "accuracy", "", "", fmt.Sprintf("%.3f", r.Accuracy), fmt.Sprint(r.WeightedAvg.Support))
	s("macro avg", r.MacroAvg)
	s("weighted avg", r.WeightedAvg)
	return t.close()
}

// modelHTML summarizes a model: a struct (or pointer to one) with a Config
// field. Its configuration comes from Config; its learned state from its
// saved form (MarshalJSON's envelope) when it is fitted.
func modelHTML(v any) (string, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "", false
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return "", false
	}
	cfg := rv.FieldByName("Config")
	if !cfg.IsValid() || cfg.Kind() != reflect.Struct {
		return "", false
	}
	var t table
	kind := rv.Type().String()
	var state map[string]json.RawMessage
	if m, ok := v.(json.Marshaler); ok {
		if raw, err := m.MarshalJSON(); err == nil {
			var env struct {
				Kind  string          `json:"kind"`
				Model json.RawMessage `json:"model"`
			}
			if json.Unmarshal(raw, &env) == nil && env.Kind != "" {
				kind = env.Kind
				_ = json.Unmarshal(env.Model, &state)
			}
		}
	}
	status := "not fitted"
	if state != nil {
		status = "fitted"
	}
	t.open(fmt.Sprintf("%s (%s)", kind, status))
	t.row(true, "config", "value")
	for i := range cfg.NumField() {
		f := cfg.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		val := fmt.Sprintf("%v", cfg.Field(i).Interface())
		if cfg.Field(i).IsZero() {
			val += " (default)"
		}
		t.row(false, f.Name, short(val))
	}
	if state != nil {
		keys := make([]string, 0, len(state))
		for k := range state {
			if !strings.EqualFold(k, "config") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			t.row(true, "learned", "value")
		}
		for _, k := range keys {
			t.row(false, k, short(jsonValue(state[k])))
		}
	}
	return t.close(), true
}

func short(s string) string {
	const max = 120
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// jsonValue renders a saved value compactly: numbers with 4 significant
// digits, arrays of numbers likewise.
func jsonValue(raw json.RawMessage) string {
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return num(f)
	}
	var fs []float64
	if json.Unmarshal(raw, &fs) == nil {
		parts := make([]string, len(fs))
		for i, v := range fs {
			parts[i] = num(v)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return string(raw)
}
