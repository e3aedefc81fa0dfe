// Package data holds datasets: the Dataset type, CSV reading, the embedded
// reference datasets (iris, wine, breast cancer, diabetes, digits), seeded
// synthetic generators for teaching, train/test splits and k-fold splitters.
package data

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a feature matrix with its targets and names.
type Dataset struct {
	// Name says where the data came from, such as "iris".
	Name string
	// X holds one row per sample and one column per feature.
	X *mat.Dense
	// Y holds one target per sample: a class label (0, 1, ...) for
	// classification, a real value for regression.
	Y []float64
	// FeatureNames names the columns of X.
	FeatureNames []string
	// TargetNames names the classes, indexed by label; nil for regression.
	TargetNames []string
}

// Fold is one split of sample indices into a training and a test part.
type Fold struct {
	Train, Test []int
}

// Dims returns the number of samples and features. A nil Dataset or one
// with a nil X has dimensions 0, 0.
func (ds *Dataset) Dims() (n, p int) {
	if ds == nil || ds.X == nil {
		return 0, 0
	}
	return ds.X.Dims()
}

// Subset returns a new Dataset holding copies of the rows idx of ds, in that
// order (an index may repeat, as in a bootstrap sample). Names are copied.
// Like slice indexing, it panics when an index is out of range.
func (ds *Dataset) Subset(idx []int) *Dataset {
	n, p := ds.Dims()
	out := &Dataset{
		Name:         ds.Name,
		FeatureNames: slices.Clone(ds.FeatureNames),
		TargetNames:  slices.Clone(ds.TargetNames),
	}
	if len(idx) > 0 && p > 0 {
		out.X = mat.NewDense(len(idx), p, nil)
	} else {
		out.X = &mat.Dense{}
	}
	if ds.Y != nil {
		out.Y = make([]float64, len(idx))
	}
	for k, i := range idx {
		if i < 0 || i >= n {
			panic(fmt.Sprintf("data: Subset: index %d out of range [0, %d)", i, n))
		}
		if p > 0 {
			out.X.SetRow(k, ds.X.RawRowView(i))
		}
		if ds.Y != nil {
			out.Y[k] = ds.Y[i]
		}
	}
	return out
}

// String summarises the dataset in one line, such as
// `iris: 150 samples × 4 features, 3 classes (setosa, versicolor, virginica)`.
func (ds *Dataset) String() string {
	if ds == nil {
		return "<nil Dataset>"
	}
	n, p := ds.Dims()
	name := ds.Name
	if name == "" {
		name = "dataset"
	}
	s := fmt.Sprintf("%s: %s × %s", name, plural(n, "sample"), plural(p, "feature"))
	switch {
	case len(ds.TargetNames) > 0:
		names := ds.TargetNames
		more := ""
		if len(names) > 10 {
			names, more = names[:10], ", ..."
		}
		s += fmt.Sprintf(", %d classes (%s%s)", len(ds.TargetNames), strings.Join(names, ", "), more)
	case ds.Y == nil:
		s += ", no target"
	default:
		s += ", real-valued target"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
