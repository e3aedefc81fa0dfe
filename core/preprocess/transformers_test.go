package preprocess_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/preprocess"
	"gonum.org/v1/gonum/mat"
)

const tol = 1e-12

type reference struct {
	StandardScaler []struct {
		Dataset         string
		NoMean          bool `json:"no_mean"`
		NoStd           bool `json:"no_std"`
		Mean, Var       []float64
		Scale           []float64
		TransformedHead [][]float64 `json:"transformed_head"`
	} `json:"standard_scaler"`
	StandardConstant struct {
		X                [][]float64
		Mean, Var, Scale []float64
		Transformed      [][]float64
	} `json:"standard_constant"`
	MinMaxScaler []struct {
		Min, Max        float64
		Clip            bool
		DataMin         []float64 `json:"data_min"`
		DataMax         []float64 `json:"data_max"`
		Scale, Offset   []float64
		TransformedHead [][]float64 `json:"transformed_head"`
		New             [][]float64
		NewTransformed  [][]float64 `json:"new_transformed"`
	} `json:"minmax_scaler"`
	MinMaxConstant struct {
		X             [][]float64
		Scale, Offset []float64
		Transformed   [][]float64
	} `json:"minmax_constant"`
	Poly struct {
		X     [][]float64
		Cases []struct {
			Degree          int
			InteractionOnly bool `json:"interaction_only"`
			IncludeBias     bool `json:"include_bias"`
			Transformed     [][]float64
			Powers          [][]int
			Names           []string
			NamesABC        []string `json:"names_abc"`
		}
	}
	OneHot struct {
		X, New, Unknown [][]float64
		Cases           []struct {
			Drop           string
			Categories     [][]float64
			Transformed    [][]float64
			NewTransformed [][]float64 `json:"new_transformed"`
			Names          []string
			NamesCols      []string `json:"names_cols"`
			Inverse        [][]float64
		}
		IgnoreUnknownTransformed [][]float64 `json:"ignore_unknown_transformed"`
	} `json:"onehot"`
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
	if len(ref.StandardScaler) != 6 || ref.StandardConstant.X == nil || len(ref.MinMaxScaler) != 3 || ref.MinMaxConstant.X == nil ||
		len(ref.Poly.Cases) != 16 || len(ref.OneHot.Cases) != 3 || ref.OneHot.IgnoreUnknownTransformed == nil {
		t.Fatal("testdata/reference.json lacks some cases: rerun testdata/gen_reference.py")
	}
	return &ref
}

func dataset(t *testing.T, name string) *mat.Dense {
	t.Helper()
	switch name {
	case "wine":
		return data.Wine().X
	case "breast_cancer":
		return data.BreastCancer().X
	}
	t.Fatalf("unknown dataset %q", name)
	return nil
}

func dense(rows [][]float64) *mat.Dense {
	d := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		d.SetRow(i, r)
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func checkVec(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s has %d values, sklearn %d", what, len(got), len(want))
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %.17g, sklearn %.17g", what, i, got[i], want[i])
		}
	}
}

// checkRows compares the first len(want) rows of got with want.
func checkRows(t *testing.T, what string, got mat.Matrix, want [][]float64) {
	t.Helper()
	r, c := got.Dims()
	if r < len(want) || c != len(want[0]) {
		t.Fatalf("%s is %d×%d, sklearn's is (at least) %d×%d", what, r, c, len(want), len(want[0]))
	}
	bad := 0
	for i, row := range want {
		for j, w := range row {
			if g := got.At(i, j); !near(g, w) {
				if bad++; bad <= 5 {
					t.Errorf("%s[%d][%d] = %.17g, sklearn %.17g", what, i, j, g, w)
				}
			}
		}
	}
}

func TestStandardScalerAgainstSklearn(t *testing.T) {
	for _, c := range loadReference(t).StandardScaler {
		s := &preprocess.StandardScaler{Config: preprocess.StandardScalerConfig{NoMean: c.NoMean, NoStd: c.NoStd}}
		X := dataset(t, c.Dataset)
		Z, err := s.FitTransform(X, nil)
		if err != nil {
			t.Fatal(err)
		}
		name := c.Dataset
		if c.Mean != nil {
			checkVec(t, name+" Mean", s.Mean(), c.Mean)
		}
		if c.Var != nil {
			checkVec(t, name+" Var", s.Var(), c.Var)
		}
		if c.Scale != nil {
			checkVec(t, name+" Scale", s.Scale(), c.Scale)
		}
		checkRows(t, name+" Transform", Z, c.TransformedHead)
		back, err := s.InverseTransform(Z)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(back, X, 1e-9) {
			t.Errorf("%s: InverseTransform(Transform(X)) != X", name)
		}
	}
}

func TestStandardScalerConstantColumns(t *testing.T) {
	c := loadReference(t).StandardConstant
	s := &preprocess.StandardScaler{}
	Z, err := s.FitTransform(dense(c.X), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkVec(t, "Mean", s.Mean(), c.Mean)
	checkVec(t, "Var", s.Var(), c.Var)
	checkVec(t, "Scale", s.Scale(), c.Scale) // constant columns get 1
	checkRows(t, "Transform", Z, c.Transformed)
}

func TestMinMaxScalerAgainstSklearn(t *testing.T) {
	ref := loadReference(t)
	X := data.Wine().X
	for _, c := range ref.MinMaxScaler {
		s := &preprocess.MinMaxScaler{Config: preprocess.MinMaxScalerConfig{Min: c.Min, Max: c.Max, Clip: c.Clip}}
		if c.Min == 0 && c.Max == 1 {
			s.Config = preprocess.MinMaxScalerConfig{} // zero value means [0, 1]
		}
		Z, err := s.FitTransform(X, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkVec(t, "DataMin", s.DataMin(), c.DataMin)
		checkVec(t, "DataMax", s.DataMax(), c.DataMax)
		checkVec(t, "Scale", s.Scale(), c.Scale)
		checkVec(t, "Offset", s.Offset(), c.Offset)
		checkRows(t, "Transform", Z, c.TransformedHead)
		N, err := s.Transform(dense(c.New))
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, "Transform(new)", N, c.NewTransformed)
		if !c.Clip {
			back, err := s.InverseTransform(N)
			if err != nil {
				t.Fatal(err)
			}
			if !mat.EqualApprox(back, dense(c.New), 1e-9) {
				t.Errorf("InverseTransform(Transform(new)) != new")
			}
		}
	}
	cc := ref.MinMaxConstant
	s := &preprocess.MinMaxScaler{}
	Z, err := s.FitTransform(dense(cc.X), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkVec(t, "constant Scale", s.Scale(), cc.Scale)
	checkVec(t, "constant Offset", s.Offset(), cc.Offset)
	checkRows(t, "constant Transform", Z, cc.Transformed)
}

func TestPolynomialFeaturesAgainstSklearn(t *testing.T) {
	ref := loadReference(t).Poly
	X := dense(ref.X)
	for _, c := range ref.Cases {
		f := &preprocess.PolynomialFeatures{Config: preprocess.PolynomialFeaturesConfig{
			Degree: c.Degree, InteractionOnly: c.InteractionOnly, NoBias: !c.IncludeBias,
		}}
		if c.Degree == 2 {
			f.Config.Degree = 0 // the default
		}
		Z, err := f.FitTransform(X, nil)
		if err != nil {
			t.Fatal(err)
		}
		names, err := f.FeatureNames(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(names, c.Names) {
			t.Errorf("degree %d interaction %v bias %v: FeatureNames = %q, sklearn %q", c.Degree, c.InteractionOnly, c.IncludeBias, names, c.Names)
			continue
		}
		abc, err := f.FeatureNames([]string{"a", "b", "c"})
		if err != nil || !slices.Equal(abc, c.NamesABC) {
			t.Errorf("FeatureNames(a, b, c) = %q, %v; sklearn %q", abc, err, c.NamesABC)
		}
		if f.NumOutputs() != len(c.Names) {
			t.Errorf("NumOutputs = %d, want %d", f.NumOutputs(), len(c.Names))
		}
		for k, pw := range f.Powers() {
			if !slices.Equal(pw, c.Powers[k]) {
				t.Errorf("Powers()[%d] = %v, sklearn %v", k, pw, c.Powers[k])
			}
		}
		checkRows(t, "Transform "+strings.Join(names, ","), Z, c.Transformed)
	}
}

func TestOneHotEncoderAgainstSklearn(t *testing.T) {
	ref := loadReference(t).OneHot
	drops := map[string]preprocess.Drop{"none": preprocess.DropNone, "first": preprocess.DropFirst, "if_binary": preprocess.DropIfBinary}
	for _, c := range ref.Cases {
		e := &preprocess.OneHotEncoder{Config: preprocess.OneHotEncoderConfig{Drop: drops[c.Drop]}}
		Z, err := e.FitTransform(dense(ref.X), nil)
		if err != nil {
			t.Fatal(err)
		}
		for j, cat := range e.Categories() {
			checkVec(t, "Categories", cat, c.Categories[j])
		}
		checkRows(t, "Transform drop="+c.Drop, Z, c.Transformed)
		N, err := e.Transform(dense(ref.New))
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, "Transform(new) drop="+c.Drop, N, c.NewTransformed)
		back, err := e.InverseTransform(N)
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, "InverseTransform drop="+c.Drop, back, c.Inverse)
		names, _ := e.FeatureNames(nil)
		if !slices.Equal(names, c.Names) {
			t.Errorf("drop=%s: FeatureNames = %q, sklearn %q", c.Drop, names, c.Names)
		}
		cols, _ := e.FeatureNames([]string{"size", "price", "flag"})
		if !slices.Equal(cols, c.NamesCols) {
			t.Errorf("drop=%s: FeatureNames(size, price, flag) = %q, sklearn %q", c.Drop, cols, c.NamesCols)
		}
	}

	strict := &preprocess.OneHotEncoder{}
	if err := strict.Fit(dense(ref.X), nil); err != nil {
		t.Fatal(err)
	}
	_, err := strict.Transform(dense(ref.Unknown))
	if err == nil || !strings.Contains(err.Error(), "X[0][0] = 4 is not one of the categories [1 2 3]") {
		t.Errorf("unknown category: error %v", err)
	}
	lenient := &preprocess.OneHotEncoder{Config: preprocess.OneHotEncoderConfig{HandleUnknown: preprocess.UnknownIgnore}}
	if err := lenient.Fit(dense(ref.X), nil); err != nil {
		t.Fatal(err)
	}
	U, err := lenient.Transform(dense(ref.Unknown))
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, "Transform(unknown) ignore", U, ref.IgnoreUnknownTransformed)
	if _, err := lenient.InverseTransform(U); err == nil {
		t.Error("InverseTransform of an all-zero block without a dropped category: no error")
	}
}

type fittedTransformer interface {
	model.Transformer
	json.Marshaler
	json.Unmarshaler
}

func TestTransformersPersist(t *testing.T) {
	X := data.Wine().X
	small := dense([][]float64{{1, 10, 0}, {3, 20, 0}, {2, 10, 1}})
	tests := []struct {
		name        string
		fit, loaded fittedTransformer
		X           *mat.Dense
	}{
		{"StandardScaler", &preprocess.StandardScaler{Config: preprocess.StandardScalerConfig{NoMean: true}}, &preprocess.StandardScaler{}, X},
		{"MinMaxScaler", &preprocess.MinMaxScaler{Config: preprocess.MinMaxScalerConfig{Min: -1, Max: 1, Clip: true}}, &preprocess.MinMaxScaler{}, X},
		{"PolynomialFeatures", &preprocess.PolynomialFeatures{Config: preprocess.PolynomialFeaturesConfig{Degree: 3, InteractionOnly: true}}, &preprocess.PolynomialFeatures{}, small},
		{"OneHotEncoder", &preprocess.OneHotEncoder{Config: preprocess.OneHotEncoderConfig{Drop: preprocess.DropFirst, HandleUnknown: preprocess.UnknownIgnore}}, &preprocess.OneHotEncoder{}, small},
	}
	for _, tc := range tests {
		if _, err := json.Marshal(tc.fit); !errors.Is(err, model.ErrNotFitted) {
			t.Errorf("%s: marshal before Fit: %v, want ErrNotFitted", tc.name, err)
		}
		if err := tc.fit.Fit(tc.X, nil); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(tc.fit)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !strings.Contains(string(b), `"kind":"preprocess.`+tc.name+`"`) {
			t.Errorf("%s: saved JSON lacks its kind: %s", tc.name, b)
		}
		if err := json.Unmarshal(b, tc.loaded); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want, _ := tc.fit.Transform(tc.X)
		got, err := tc.loaded.Transform(tc.X)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(got, want) {
			t.Errorf("%s: loaded model transforms differently", tc.name)
		}
		if _, err := preprocess.Decode("preprocess."+tc.name, b); err != nil {
			t.Errorf("Decode(%s): %v", tc.name, err)
		}
	}
	// A file of another kind is refused.
	b, _ := json.Marshal(tests[0].fit)
	if err := json.Unmarshal(b, &preprocess.MinMaxScaler{}); err == nil || !strings.Contains(err.Error(), "not a preprocess.MinMaxScaler") {
		t.Errorf("loading a StandardScaler as a MinMaxScaler: %v", err)
	}
	if _, err := preprocess.Decode("linear.Ridge", b); !errors.Is(err, preprocess.ErrUnknownKind) {
		t.Errorf("Decode of an unknown kind: %v, want ErrUnknownKind", err)
	}
}

func TestTransformerErrors(t *testing.T) {
	X := dense([][]float64{{1, 2}, {3, 4}})
	wide := dense([][]float64{{1, 2, 3}})
	nan := dense([][]float64{{1, math.NaN()}})
	errOf := func(_ *mat.Dense, err error) error { return err }
	namesErr := func(_ []string, err error) error { return err }
	fitted := func(tr model.Transformer) model.Transformer {
		if err := tr.Fit(X, nil); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"scaler before fit", errOf((&preprocess.StandardScaler{}).Transform(X)), "model is not fitted"},
		{"minmax inverse before fit", errOf((&preprocess.MinMaxScaler{}).InverseTransform(X)), "model is not fitted"},
		{"poly names before fit", namesErr((&preprocess.PolynomialFeatures{}).FeatureNames(nil)), "model is not fitted"},
		{"scaler wrong width", errOf(fitted(&preprocess.StandardScaler{}).Transform(wide)), "X has 3 features, but the model was fitted with 2"},
		{"onehot wrong width", errOf(fitted(&preprocess.OneHotEncoder{}).Transform(wide)), "X has 3 features"},
		{"scaler NaN", (&preprocess.StandardScaler{}).Fit(nan, nil), "X[0][1] is NaN"},
		{"minmax empty", (&preprocess.MinMaxScaler{}).Fit(&mat.Dense{}, nil), "X is empty"},
		{"minmax bad range", (&preprocess.MinMaxScaler{Config: preprocess.MinMaxScalerConfig{Min: 2, Max: 1}}).Fit(X, nil), "Config.Min = 2 must be less than Config.Max = 1"},
		{"poly negative degree", (&preprocess.PolynomialFeatures{Config: preprocess.PolynomialFeaturesConfig{Degree: -1}}).Fit(X, nil), "Config.Degree = -1"},
		{"poly names length", namesErr(fitted(&preprocess.PolynomialFeatures{}).(*preprocess.PolynomialFeatures).FeatureNames([]string{"a"})), "got 1 input names for 2 fitted features"},
		{"onehot bad unknown", (&preprocess.OneHotEncoder{Config: preprocess.OneHotEncoderConfig{HandleUnknown: 7}}).Fit(X, nil), "Config.HandleUnknown = 7"},
		{"onehot bad drop", (&preprocess.OneHotEncoder{Config: preprocess.OneHotEncoderConfig{Drop: 9}}).Fit(X, nil), "Config.Drop = 9"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) || !strings.HasPrefix(tc.err.Error(), "preprocess: ") {
			t.Errorf("%s: error %v, want one starting with \"preprocess: \" containing %q", tc.name, tc.err, tc.want)
		}
	}
	if err := errOf((&preprocess.StandardScaler{}).Transform(X)); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("Transform before Fit does not wrap model.ErrNotFitted: %v", err)
	}
}

func TestMinMaxClip(t *testing.T) {
	s := &preprocess.MinMaxScaler{Config: preprocess.MinMaxScalerConfig{Clip: true}}
	if err := s.Fit(dense([][]float64{{0}, {10}}), nil); err != nil {
		t.Fatal(err)
	}
	Z, err := s.Transform(dense([][]float64{{-5}, {5}, {20}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := mat.Col(nil, 0, Z); !slices.Equal(got, []float64{0, 0.5, 1}) {
		t.Errorf("clipped transform = %v, want [0 0.5 1]", got)
	}
}
