package preprocess

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Unknown says what OneHotEncoder.Transform does with a value that Fit did
// not see.
type Unknown int

const (
	// UnknownError makes Transform return an error (the default).
	UnknownError Unknown = iota
	// UnknownIgnore encodes an unknown value as all zeros in its column's
	// indicator block.
	UnknownIgnore
)

// Drop says which category of each column OneHotEncoder leaves out, to
// avoid columns that always sum to one (collinear with an intercept).
type Drop int

const (
	// DropNone keeps one indicator column per category (the default).
	DropNone Drop = iota
	// DropFirst leaves out the first (smallest) category of every column:
	// it is encoded as all zeros.
	DropFirst
	// DropIfBinary leaves out the first category only of columns with
	// exactly two categories, which then become a single 0/1 column.
	DropIfBinary
)

// OneHotEncoderConfig holds the options of a OneHotEncoder.
type OneHotEncoderConfig struct {
	// HandleUnknown is UnknownError (default) or UnknownIgnore.
	HandleUnknown Unknown `json:"handle_unknown"`
	// Drop is DropNone (default), DropFirst or DropIfBinary.
	Drop Drop `json:"drop"`
}

// OneHotEncoder replaces each column of category codes (any finite
// numbers, such as 0, 1, 2 or 1995, 2001) by one 0/1 indicator column per
// category, as sklearn's OneHotEncoder with dense output. The categories of
// a column are its distinct training values in increasing order, and the
// output columns follow that order, column by column.
type OneHotEncoder struct {
	// Config holds the options; the zero value keeps every category and
	// rejects unknown values.
	Config OneHotEncoderConfig

	categories [][]float64
	dropped    []int // per column: index of the dropped category, or -1
	offsets    []int // per column: first output column of its block
	nOut       int
}

func (c OneHotEncoderConfig) validate() error {
	if c.HandleUnknown != UnknownError && c.HandleUnknown != UnknownIgnore {
		return fmt.Errorf("Config.HandleUnknown = %d is not UnknownError or UnknownIgnore", c.HandleUnknown)
	}
	if c.Drop < DropNone || c.Drop > DropIfBinary {
		return fmt.Errorf("Config.Drop = %d is not DropNone, DropFirst or DropIfBinary", c.Drop)
	}
	return nil
}

// Fit learns the categories of each column of X. y is ignored.
func (e *OneHotEncoder) Fit(X mat.Matrix, y []float64) error {
	if err := e.Config.validate(); err != nil {
		return fmt.Errorf("preprocess: OneHotEncoder.Fit: %w", err)
	}
	n, p, err := model.CheckX(X, 0)
	if err != nil {
		return fmt.Errorf("preprocess: OneHotEncoder.Fit: %w", err)
	}
	cats := make([][]float64, p)
	col := make([]float64, n)
	for j := range cats {
		mat.Col(col, j, X)
		c := slices.Clone(col)
		slices.Sort(c)
		cats[j] = slices.Clip(slices.Compact(c))
	}
	e.setCategories(cats)
	return nil
}

// setCategories derives the dropped categories and output layout.
func (e *OneHotEncoder) setCategories(cats [][]float64) {
	e.categories = cats
	e.dropped = make([]int, len(cats))
	e.offsets = make([]int, len(cats))
	e.nOut = 0
	for j, c := range cats {
		e.dropped[j] = -1
		if e.Config.Drop == DropFirst || e.Config.Drop == DropIfBinary && len(c) == 2 {
			e.dropped[j] = 0
		}
		e.offsets[j] = e.nOut
		e.nOut += len(c)
		if e.dropped[j] >= 0 {
			e.nOut--
		}
	}
}

// Transform encodes X: each input column becomes a block of indicator
// columns with a 1 in the column of the row's category.
func (e *OneHotEncoder) Transform(X mat.Matrix) (*mat.Dense, error) {
	if e.categories == nil {
		return nil, notFitted("OneHotEncoder.Transform")
	}
	d, err := checkTransform("OneHotEncoder.Transform", X, len(e.categories))
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	if e.nOut == 0 {
		// Every column had a single, dropped category: nothing to encode.
		// gonum has no n×0 matrices, so this is an error.
		return nil, errors.New("preprocess: OneHotEncoder.Transform: every category is dropped, leaving no output column")
	}
	out := mat.NewDense(n, e.nOut, nil)
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		for j, v := range d.RawRowView(i) {
			k, ok := slices.BinarySearch(e.categories[j], v)
			if !ok {
				if e.Config.HandleUnknown == UnknownIgnore {
					continue
				}
				return nil, fmt.Errorf("preprocess: OneHotEncoder.Transform: X[%d][%d] = %v is not one of the categories %v seen by Fit in column %d (set Config.HandleUnknown to UnknownIgnore to encode it as zeros)", i, j, v, e.categories[j], j)
			}
			switch dr := e.dropped[j]; {
			case k == dr:
				continue
			case dr >= 0 && k > dr:
				k--
			}
			row[e.offsets[j]+k] = 1
		}
	}
	return out, nil
}

// FitTransform fits the encoder to X and returns X encoded.
func (e *OneHotEncoder) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := e.Fit(X, y); err != nil {
		return nil, err
	}
	return e.Transform(X)
}

// InverseTransform decodes indicator columns back to category values: in
// each block the column with the largest value names the category, and an
// all-zero block means the dropped category. An all-zero block of a column
// without a dropped category (an unknown value ignored by Transform) is an
// error.
func (e *OneHotEncoder) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if e.categories == nil {
		return nil, notFitted("OneHotEncoder.InverseTransform")
	}
	d, err := checkTransform("OneHotEncoder.InverseTransform", X, e.nOut)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	out := mat.NewDense(n, len(e.categories), nil)
	for i := 0; i < n; i++ {
		row := d.RawRowView(i)
		for j, cats := range e.categories {
			width := len(cats)
			if e.dropped[j] >= 0 {
				width--
			}
			block := row[e.offsets[j] : e.offsets[j]+width]
			best := -1
			for k, v := range block {
				if v != 0 && (best < 0 || v > block[best]) {
					best = k
				}
			}
			switch {
			case best < 0 && e.dropped[j] >= 0:
				best = e.dropped[j]
			case best < 0:
				return nil, fmt.Errorf("preprocess: OneHotEncoder.InverseTransform: row %d has no category set for input column %d (an unknown value?)", i, j)
			case e.dropped[j] >= 0 && best >= e.dropped[j]:
				best++
			}
			out.Set(i, j, cats[best])
		}
	}
	return out, nil
}

// Categories returns the sorted categories of each input column (nil before
// Fit).
func (e *OneHotEncoder) Categories() [][]float64 {
	if e.categories == nil {
		return nil
	}
	c := make([][]float64, len(e.categories))
	for j := range c {
		c[j] = slices.Clone(e.categories[j])
	}
	return c
}

// NumOutputs returns the number of output columns (0 before Fit).
func (e *OneHotEncoder) NumOutputs() int { return e.nOut }

// FeatureNames names the output columns "<input>_<category>", such as
// "x0_1" or "color_3", as sklearn's get_feature_names_out. input names the
// input columns (nil means x0, x1, ...). Categories print in Go's %g format:
// whole numbers without a decimal point, as sklearn does for integer data.
func (e *OneHotEncoder) FeatureNames(input []string) ([]string, error) {
	if e.categories == nil {
		return nil, notFitted("OneHotEncoder.FeatureNames")
	}
	in, err := inputNames("OneHotEncoder.FeatureNames", input, len(e.categories))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, e.nOut)
	for j, cats := range e.categories {
		for k, c := range cats {
			if k == e.dropped[j] {
				continue
			}
			names = append(names, in[j]+"_"+strconv.FormatFloat(c, 'g', -1, 64))
		}
	}
	return names, nil
}

type oneHotJSON struct {
	Config     OneHotEncoderConfig `json:"config"`
	Categories [][]float64         `json:"categories"`
}

// MarshalJSON saves the fitted encoder in a versioned envelope of kind
// "preprocess.OneHotEncoder". An unfitted encoder is an error.
func (e *OneHotEncoder) MarshalJSON() ([]byte, error) {
	if e.categories == nil {
		return nil, notFitted("OneHotEncoder.MarshalJSON")
	}
	return model.MarshalEnvelope("preprocess.OneHotEncoder", 1, oneHotJSON{Config: e.Config, Categories: e.categories})
}

// UnmarshalJSON loads an encoder saved by MarshalJSON.
func (e *OneHotEncoder) UnmarshalJSON(data []byte) error {
	var v oneHotJSON
	if _, err := model.UnmarshalEnvelope(data, "preprocess.OneHotEncoder", 1, &v); err != nil {
		return fmt.Errorf("preprocess: OneHotEncoder.UnmarshalJSON: %w", err)
	}
	if err := v.Config.validate(); err != nil {
		return fmt.Errorf("preprocess: OneHotEncoder.UnmarshalJSON: corrupt payload: %w", err)
	}
	if len(v.Categories) == 0 {
		return errors.New("preprocess: OneHotEncoder.UnmarshalJSON: corrupt payload: no categories")
	}
	for j, c := range v.Categories {
		if len(c) == 0 || !slices.IsSorted(c) {
			return fmt.Errorf("preprocess: OneHotEncoder.UnmarshalJSON: corrupt payload: categories of column %d are empty or unsorted", j)
		}
	}
	e.Config = v.Config
	e.setCategories(v.Categories)
	return nil
}
