package preprocess

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// PolynomialFeaturesConfig holds the options of PolynomialFeatures.
type PolynomialFeaturesConfig struct {
	// Degree is the highest total degree of the generated terms. Default
	// (zero) 2; it must not be negative.
	Degree int `json:"degree"`
	// InteractionOnly keeps only products of distinct columns (x0·x1, not
	// x0²). Default false.
	InteractionOnly bool `json:"interaction_only"`
	// NoBias leaves out the constant column of ones that otherwise comes
	// first (sklearn's include_bias=False). Default false.
	NoBias bool `json:"no_bias"`
}

func (c PolynomialFeaturesConfig) degree() (int, error) {
	switch {
	case c.Degree < 0:
		return 0, fmt.Errorf("Config.Degree = %d must not be negative", c.Degree)
	case c.Degree == 0:
		return 2, nil
	}
	return c.Degree, nil
}

// PolynomialFeatures expands each row x into all monomials of its columns up
// to a total degree: for two columns and degree 2 the output columns are
// 1, x0, x1, x0², x0·x1, x1². The order is sklearn's: the bias, then by
// degree, and within a degree lexicographically by column index. A linear
// model fitted on these features is a polynomial model of the inputs.
type PolynomialFeatures struct {
	// Config holds the options; the zero value means degree 2 with bias.
	Config PolynomialFeaturesConfig

	nIn   int
	terms [][]int // the sorted column indices multiplied in each output column
}

// Fit records the number of columns of X and the output terms. y is ignored.
func (f *PolynomialFeatures) Fit(X mat.Matrix, y []float64) error {
	deg, err := f.Config.degree()
	if err != nil {
		return fmt.Errorf("preprocess: PolynomialFeatures.Fit: %w", err)
	}
	_, p, err := model.CheckX(X, 0)
	if err != nil {
		return fmt.Errorf("preprocess: PolynomialFeatures.Fit: %w", err)
	}
	f.nIn, f.terms = p, polyTerms(p, deg, f.Config.InteractionOnly, !f.Config.NoBias)
	return nil
}

// polyTerms lists, in sklearn's output order, the combinations of column
// indices (non-decreasing; strictly increasing for interactions only) of
// each output column.
func polyTerms(p, deg int, interactionOnly, bias bool) [][]int {
	var terms [][]int
	if bias {
		terms = append(terms, []int{})
	}
	prev := [][]int{{}}
	for d := 1; d <= deg; d++ {
		var cur [][]int
		// Each term of degree d is a first column c followed by a term of
		// degree d-1 whose columns are all ≥ c (> c for interactions).
		for c := 0; c < p; c++ {
			for _, t := range prev {
				if len(t) > 0 && (t[0] < c || interactionOnly && t[0] == c) {
					continue
				}
				cur = append(cur, append([]int{c}, t...))
			}
		}
		if len(cur) == 0 {
			break
		}
		terms = append(terms, cur...)
		prev = cur
	}
	return terms
}

// Transform returns the polynomial features of X.
func (f *PolynomialFeatures) Transform(X mat.Matrix) (*mat.Dense, error) {
	if f.terms == nil {
		return nil, notFitted("PolynomialFeatures.Transform")
	}
	d, err := checkTransform("PolynomialFeatures.Transform", X, f.nIn)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	// Each term is computed as sklearn does, as its tail term times its
	// first column, so that results agree to the last bit.
	tail := make([]int, len(f.terms)) // output column of terms[k][1:], or -1
	pos := make(map[string]int, len(f.terms))
	for k, t := range f.terms {
		pos[termKey(t)] = k
		tail[k] = -1
		if len(t) > 1 {
			tail[k] = pos[termKey(t[1:])]
		}
	}
	out := mat.NewDense(n, len(f.terms), nil)
	for i := 0; i < n; i++ {
		x := d.RawRowView(i)
		row := out.RawRowView(i)
		for k, t := range f.terms {
			switch {
			case len(t) == 0:
				row[k] = 1
			case len(t) == 1:
				row[k] = x[t[0]]
			default:
				row[k] = row[tail[k]] * x[t[0]]
			}
		}
	}
	return out, nil
}

func termKey(t []int) string {
	var b strings.Builder
	for _, c := range t {
		b.WriteString(strconv.Itoa(c))
		b.WriteByte(',')
	}
	return b.String()
}

// FitTransform fits to X and returns its polynomial features.
func (f *PolynomialFeatures) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := f.Fit(X, y); err != nil {
		return nil, err
	}
	return f.Transform(X)
}

// NumOutputs returns the number of output columns (0 before Fit).
func (f *PolynomialFeatures) NumOutputs() int { return len(f.terms) }

// Powers returns, for each output column, the exponent of each input column
// (sklearn's powers_): Powers()[k][j] is the power of x_j in column k. It is
// nil before Fit.
func (f *PolynomialFeatures) Powers() [][]int {
	if f.terms == nil {
		return nil
	}
	pw := make([][]int, len(f.terms))
	for k, t := range f.terms {
		pw[k] = make([]int, f.nIn)
		for _, c := range t {
			pw[k][c]++
		}
	}
	return pw
}

// FeatureNames names the output columns as sklearn's get_feature_names_out:
// "1" for the bias, "x0", "x0^2", "x0 x1" and so on, using input to name the
// input columns (nil means x0, x1, ...).
func (f *PolynomialFeatures) FeatureNames(input []string) ([]string, error) {
	if f.terms == nil {
		return nil, notFitted("PolynomialFeatures.FeatureNames")
	}
	in, err := inputNames("PolynomialFeatures.FeatureNames", input, f.nIn)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(f.terms))
	for k, pw := range f.Powers() {
		var parts []string
		for j, e := range pw {
			switch {
			case e == 1:
				parts = append(parts, in[j])
			case e > 1:
				parts = append(parts, in[j]+"^"+strconv.Itoa(e))
			}
		}
		if len(parts) == 0 {
			names[k] = "1"
		} else {
			names[k] = strings.Join(parts, " ")
		}
	}
	return names, nil
}

// inputNames returns input, or x0, x1, ... when input is nil, checking its
// length.
func inputNames(where string, input []string, p int) ([]string, error) {
	if input == nil {
		input = make([]string, p)
		for j := range input {
			input[j] = "x" + strconv.Itoa(j)
		}
		return input, nil
	}
	if len(input) != p {
		return nil, fmt.Errorf("preprocess: %s: got %d input names for %d fitted features", where, len(input), p)
	}
	return input, nil
}

type polyJSON struct {
	Config PolynomialFeaturesConfig `json:"config"`
	NIn    int                      `json:"n_features_in"`
}

// MarshalJSON saves the fitted transformer in a versioned envelope of kind
// "preprocess.PolynomialFeatures". An unfitted one is an error.
func (f *PolynomialFeatures) MarshalJSON() ([]byte, error) {
	if f.terms == nil {
		return nil, notFitted("PolynomialFeatures.MarshalJSON")
	}
	return model.MarshalEnvelope("preprocess.PolynomialFeatures", 1, polyJSON{Config: f.Config, NIn: f.nIn})
}

// UnmarshalJSON loads a transformer saved by MarshalJSON.
func (f *PolynomialFeatures) UnmarshalJSON(data []byte) error {
	var v polyJSON
	if _, err := model.UnmarshalEnvelope(data, "preprocess.PolynomialFeatures", 1, &v); err != nil {
		return fmt.Errorf("preprocess: PolynomialFeatures.UnmarshalJSON: %w", err)
	}
	deg, err := v.Config.degree()
	if err != nil || v.NIn < 1 {
		return errors.New("preprocess: PolynomialFeatures.UnmarshalJSON: corrupt payload: bad degree or feature count")
	}
	f.Config, f.nIn = v.Config, v.NIn
	f.terms = polyTerms(v.NIn, deg, v.Config.InteractionOnly, !v.Config.NoBias)
	return nil
}
