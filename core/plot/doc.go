// Package plot draws the figures of the descent course with
// gonum.org/v1/plot: scatter plots by class, decision regions of 2-D
// classifiers, regression lines with residuals, loss curves, loss-surface
// contours with optimizer paths, confusion-matrix heat maps, ROC curves and
// bar charts of feature importances.
//
// Every constructor takes data and an options struct and returns a *Figure.
// A Figure renders itself as SVG or PNG in memory (no files are touched):
//
//	fig, err := plot.Scatter(X, y, plot.ScatterOptions{Options: plot.Options{Title: "Iris"}})
//	svg := fig.SVG()       // SVG markup, for notebooks and web pages
//	png := fig.PNG()       // PNG bytes
//	err = fig.WriteSVG(w)  // or stream to any io.Writer
//
// In the Go notebook kernel a cell whose last expression is a *Figure is
// displayed as an image, because Figure has an SVG() string method.
//
// The wrapped gonum *plot.Plot is exported as Figure.Plot, so a figure can be
// customised further with anything gonum/plot offers.
//
// Colours: class k is drawn with ClassColor(k) (the ten-colour "tab10"
// palette of matplotlib), so a class keeps its colour across figures. The
// same order colours series i of Lines, LossCurves and ROC and path i of
// Contours, so an optimizer passed at the same position keeps its colour
// between its loss curve and its path.
package plot
