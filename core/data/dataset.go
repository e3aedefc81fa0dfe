// Package data holds datasets: the Dataset type, CSV reading, the embedded
// reference datasets (iris, wine, breast cancer, diabetes, digits), seeded
// synthetic generators for teaching, train/test splits and k-fold splitters.
package data

import "gonum.org/v1/gonum/mat"

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
