// Package metrics scores predictions the way scikit-learn does: regression
// errors (MSE, RMSE, MAE, R²), classification scores (accuracy, precision,
// recall, F1 with binary, macro, micro and weighted averaging), the
// confusion matrix, ROC curves and their area, the logarithmic loss and a
// text classification report laid out like sklearn's classification_report.
//
// Every function takes the true values first and the predictions second, as
// plain []float64 slices; class labels are whole numbers such as 0, 1, 2.
// Inputs are checked: empty slices, slices of different lengths, NaN or
// infinite values (and, for classification metrics, labels that are not
// whole numbers) give an error naming the offending argument and index,
// never a panic. Results agree with scikit-learn 1.2 to within 1e-12.
//
// Undefined ratios follow scikit-learn's default zero_division behaviour
// silently: a precision with no predicted samples, or a recall with no true
// samples, is 0 (see the ZeroDivision option), and an F1 whose precision and
// recall are both 0 is 0.
package metrics
