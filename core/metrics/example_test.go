package metrics_test

import (
	"fmt"

	"github.com/descentml/descent/core/metrics"
)

func ExampleR2() {
	yTrue := []float64{3, -0.5, 2, 7}
	yPred := []float64{2.5, 0, 2, 8}
	r2, _ := metrics.R2(yTrue, yPred)
	rmse, _ := metrics.RMSE(yTrue, yPred)
	fmt.Printf("R² = %.3f, RMSE = %.3f\n", r2, rmse)
	// Output: R² = 0.949, RMSE = 0.612
}

func ExampleF1() {
	yTrue := []float64{0, 1, 2, 0, 1, 2}
	yPred := []float64{0, 2, 1, 0, 0, 1}
	for _, avg := range []metrics.Average{metrics.Macro, metrics.Micro, metrics.Weighted} {
		f1, _ := metrics.F1(yTrue, yPred, avg)
		fmt.Printf("%-8s F1 = %.3f\n", avg, f1)
	}
	// Output:
	// macro    F1 = 0.267
	// micro    F1 = 0.333
	// weighted F1 = 0.267
}

func ExampleConfusionMatrix() {
	yTrue := []float64{0, 0, 1, 1, 1, 2}
	yPred := []float64{0, 1, 1, 1, 2, 2}
	cm, _ := metrics.ConfusionMatrix(yTrue, yPred)
	cm.Names = []string{"cat", "dog", "bird"}
	fmt.Print(cm)
	// Output:
	// true\pred  cat  dog  bird
	//       cat    1    1     0
	//       dog    0    2     1
	//      bird    0    0     1
}

func ExampleROC() {
	yTrue := []float64{0, 0, 1, 1}
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	fpr, tpr, thresholds, _ := metrics.ROC(yTrue, scores, 1)
	fmt.Println("fpr", fpr)
	fmt.Println("tpr", tpr)
	fmt.Println("thresholds", thresholds)
	auc, _ := metrics.ROCAUC(yTrue, scores)
	fmt.Printf("AUC %.3f\n", auc)
	// Output:
	// fpr [0 0 0.5 0.5 1]
	// tpr [0 0.5 0.5 1 1]
	// thresholds [1.8 0.8 0.4 0.35 0.1]
	// AUC 0.750
}

func ExampleClassificationReport() {
	yTrue := []float64{0, 1, 2, 2, 2}
	yPred := []float64{0, 0, 2, 2, 1}
	rep, _ := metrics.ClassificationReport(yTrue, yPred, []string{"class 0", "class 1", "class 2"})
	fmt.Print(rep)
	// Output:
	//               precision    recall  f1-score   support
	//
	//      class 0       0.50      1.00      0.67         1
	//      class 1       0.00      0.00      0.00         1
	//      class 2       1.00      0.67      0.80         3
	//
	//     accuracy                           0.60         5
	//    macro avg       0.50      0.56      0.49         5
	// weighted avg       0.70      0.60      0.61         5
}
