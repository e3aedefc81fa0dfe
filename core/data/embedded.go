package data

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// files holds the reference datasets, byte-for-byte the copies shipped by
// scikit-learn 1.2.1 (see datasets/README.md for attribution and checksums).
// An embed.FS is read-only, so this is not mutable global state.
//
//go:embed datasets/README.md datasets/iris.csv datasets/wine_data.csv datasets/breast_cancer.csv datasets/diabetes_data_raw.csv.gz datasets/diabetes_target.csv.gz datasets/digits.csv.gz
var files embed.FS

// Iris returns Fisher's iris data: 150 samples, 4 features (sepal and petal
// length and width in cm), 3 classes (setosa, versicolor, virginica) labelled
// 0, 1, 2 with 50 samples each. Each call returns a fresh copy.
func Iris() *Dataset {
	return mustLoad(parseSklearnCSV(mustRead("iris.csv"), "iris", []string{
		"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
	}))
}

// Wine returns the UCI wine recognition data: 178 samples, 13 chemical
// features, 3 classes (class_0, class_1, class_2) labelled 0, 1, 2. Each call
// returns a fresh copy.
func Wine() *Dataset {
	return mustLoad(parseSklearnCSV(mustRead("wine_data.csv"), "wine", []string{
		"alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
		"total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
		"color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
	}))
}

// BreastCancer returns the Wisconsin diagnostic breast cancer data: 569
// samples, 30 features, 2 classes: malignant (0, 212 samples) and benign (1,
// 357 samples). Features are the mean, standard error ("<name> error") and
// worst value ("worst <name>") of ten cell-nucleus measurements. Each call
// returns a fresh copy.
func BreastCancer() *Dataset {
	base := []string{
		"radius", "texture", "perimeter", "area", "smoothness",
		"compactness", "concavity", "concave points", "symmetry", "fractal dimension",
	}
	names := make([]string, 0, 30)
	for _, b := range base {
		names = append(names, "mean "+b)
	}
	for _, b := range base {
		names = append(names, b+" error")
	}
	for _, b := range base {
		names = append(names, "worst "+b)
	}
	return mustLoad(parseSklearnCSV(mustRead("breast_cancer.csv"), "breast_cancer", names))
}

// Diabetes returns the diabetes regression data of Efron et al. (2004): 442
// patients, 10 baseline features (age, sex, bmi, bp, s1..s6) and a
// continuous target (disease progression one year later, 25..346).
//
// Unlike sklearn's load_diabetes(), the features are the raw, unscaled values
// (like load_diabetes(scaled=False)); TargetNames is nil. Each call returns a
// fresh copy.
func Diabetes() *Dataset {
	return mustLoad(parseDiabetes(mustGunzip("diabetes_data_raw.csv.gz"), mustGunzip("diabetes_target.csv.gz")))
}

// Digits returns the 8×8 handwritten digits data: 1797 images of 64 pixels
// (pixel_0_0 .. pixel_7_7, row-major, values 0..16) and 10 classes labelled
// 0..9 (TargetNames "0".."9"). Each call returns a fresh copy.
func Digits() *Dataset {
	return mustLoad(parseDigits(mustGunzip("digits.csv.gz")))
}

// mustRead returns an embedded file. A failure is a build defect, so it panics.
func mustRead(name string) []byte {
	b, err := files.ReadFile("datasets/" + name)
	if err != nil {
		panic(fmt.Sprintf("data: embedded dataset %s missing: %v", name, err))
	}
	return b
}

// mustGunzip returns the decompressed contents of an embedded .gz file.
func mustGunzip(name string) []byte {
	b, err := gunzip(mustRead(name))
	if err != nil {
		panic(fmt.Sprintf("data: embedded dataset %s: %v", name, err))
	}
	return b
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// mustLoad panics when an embedded dataset fails to parse: the bytes are
// pinned by checksum, so that can only be a programming error.
func mustLoad(ds *Dataset, err error) *Dataset {
	if err != nil {
		panic("data: embedded dataset is corrupt: " + err.Error())
	}
	return ds
}

// lines splits text into non-empty lines, tolerating a final newline and
// CR-LF line ends.
func lines(b []byte) []string {
	out := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

// parseSklearnCSV parses scikit-learn's layout for iris, wine and breast
// cancer: a first line "n,p,class names...", then n rows of p features and
// an integer class index.
func parseSklearnCSV(b []byte, name string, featureNames []string) (*Dataset, error) {
	ls := lines(b)
	if len(ls) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	head := strings.Split(ls[0], ",")
	if len(head) < 2 {
		return nil, fmt.Errorf("%s: line 1: header %q needs n,p,class names", name, ls[0])
	}
	n, err1 := strconv.Atoi(strings.TrimSpace(head[0]))
	p, err2 := strconv.Atoi(strings.TrimSpace(head[1]))
	if err1 != nil || err2 != nil || n <= 0 || p <= 0 {
		return nil, fmt.Errorf("%s: line 1: header %q does not start with n,p", name, ls[0])
	}
	if p != len(featureNames) {
		return nil, fmt.Errorf("%s: header says %d features, want %d", name, p, len(featureNames))
	}
	if len(ls)-1 != n {
		return nil, fmt.Errorf("%s: header says %d rows, file has %d", name, n, len(ls)-1)
	}
	classes := head[2:]
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	row := make([]float64, p+1)
	for i := range n {
		if err := parseFields(ls[i+1], ",", row); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", name, i+2, err)
		}
		X.SetRow(i, row[:p])
		c := row[p]
		if c != float64(int(c)) || c < 0 || int(c) >= len(classes) {
			return nil, fmt.Errorf("%s: line %d: class %v is not in 0..%d", name, i+2, c, len(classes)-1)
		}
		y[i] = c
	}
	return &Dataset{
		Name:         name,
		X:            X,
		Y:            y,
		FeatureNames: featureNames,
		TargetNames:  append([]string(nil), classes...),
	}, nil
}

// parseFields parses exactly len(dst) numbers separated by sep (or by runs
// of blanks when sep is "") from line into dst.
func parseFields(line, sep string, dst []float64) error {
	var fields []string
	if sep == "" {
		fields = strings.Fields(line)
	} else {
		fields = strings.Split(line, sep)
	}
	if len(fields) != len(dst) {
		return fmt.Errorf("%d fields, want %d", len(fields), len(dst))
	}
	for j, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return fmt.Errorf("field %d: %q is not a number", j+1, f)
		}
		dst[j] = v
	}
	return nil
}

func parseDiabetes(raw, target []byte) (*Dataset, error) {
	const p = 10
	xl, yl := lines(raw), lines(target)
	if len(xl) == 0 || len(xl) != len(yl) {
		return nil, fmt.Errorf("diabetes: %d feature rows but %d targets", len(xl), len(yl))
	}
	n := len(xl)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	row := make([]float64, p)
	one := make([]float64, 1)
	for i := range n {
		if err := parseFields(xl[i], "", row); err != nil {
			return nil, fmt.Errorf("diabetes: data line %d: %w", i+1, err)
		}
		X.SetRow(i, row)
		if err := parseFields(yl[i], "", one); err != nil {
			return nil, fmt.Errorf("diabetes: target line %d: %w", i+1, err)
		}
		y[i] = one[0]
	}
	return &Dataset{
		Name:         "diabetes",
		X:            X,
		Y:            y,
		FeatureNames: []string{"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"},
	}, nil
}

func parseDigits(b []byte) (*Dataset, error) {
	const p = 64
	ls := lines(b)
	if len(ls) == 0 {
		return nil, fmt.Errorf("digits: empty file")
	}
	n := len(ls)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	row := make([]float64, p+1)
	for i := range n {
		if err := parseFields(ls[i], ",", row); err != nil {
			return nil, fmt.Errorf("digits: line %d: %w", i+1, err)
		}
		X.SetRow(i, row[:p])
		c := row[p]
		if c != float64(int(c)) || c < 0 || c > 9 {
			return nil, fmt.Errorf("digits: line %d: class %v is not in 0..9", i+1, c)
		}
		y[i] = c
	}
	names := make([]string, 0, p)
	for r := range 8 {
		for c := range 8 {
			names = append(names, fmt.Sprintf("pixel_%d_%d", r, c))
		}
	}
	targets := make([]string, 10)
	for k := range targets {
		targets[k] = strconv.Itoa(k)
	}
	return &Dataset{Name: "digits", X: X, Y: y, FeatureNames: names, TargetNames: targets}, nil
}
