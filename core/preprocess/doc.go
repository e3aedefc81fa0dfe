// Package preprocess transforms feature matrices before a model sees them,
// as scikit-learn's preprocessing module does, and chains transformers with
// a final estimator in a Pipeline.
//
// Every transformer implements model.Transformer: Fit learns from a matrix
// (y is ignored and may be nil), Transform applies what was learned to any
// matrix with the same number of columns. FitTransform does both on the same
// data; InverseTransform maps transformed data back where that makes sense.
// Fitted transformers save to and load from JSON (see model.Envelope).
//
// The transformers agree with scikit-learn 1.2:
//
//   - StandardScaler centres each column on its mean and divides it by its
//     population standard deviation (z-scores).
//   - MinMaxScaler maps each column linearly onto a range, [0, 1] by default.
//   - PolynomialFeatures adds products of columns up to a degree, in the
//     same column order as sklearn, to fit curves with linear models.
//   - OneHotEncoder turns columns of category codes into 0/1 indicator
//     columns.
//
// Fitting a scaler on all the data before splitting leaks information from
// the test set into training; put the scaler in a Pipeline so that
// cross-validation refits it on each training fold.
package preprocess
