package data

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// reference is testdata/reference.json, written by testdata/gen_reference.py
// with scikit-learn 1.2.1.
type reference struct {
	Datasets map[string]struct {
		Shape        []int     `json:"shape"`
		FirstRow     []float64 `json:"first_row"`
		LastRow      []float64 `json:"last_row"`
		ColSums      []float64 `json:"col_sums"`
		YFirst       []float64 `json:"y_first"`
		YSum         float64   `json:"y_sum"`
		FeatureNames []string  `json:"feature_names"`
		TargetNames  []string  `json:"target_names"`
	} `json:"datasets"`
	KFold []struct {
		N, K  int
		Folds []Fold `json:"folds"`
	} `json:"kfold"`
	StratifiedKFold []struct {
		Name  string
		Y     []float64
		K     int
		Folds []Fold `json:"folds"`
	} `json:"stratified_kfold"`
	Moons, Circles struct {
		N      int
		Factor float64
		X      [][]float64
		Y      []float64
	}
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
	return &ref
}

func TestEmbeddedChecksums(t *testing.T) {
	readme := string(mustRead("README.md"))
	re := regexp.MustCompile("`([0-9a-f]{64})` (\\S+)")
	matches := re.FindAllStringSubmatch(readme, -1)
	if len(matches) != 6 {
		t.Fatalf("README lists %d checksums, want 6", len(matches))
	}
	for _, m := range matches {
		want, name := m[1], m[2]
		t.Run(name, func(t *testing.T) {
			sum := sha256.Sum256(mustRead(name))
			if got := hex.EncodeToString(sum[:]); got != want {
				t.Errorf("sha256(%s) = %s, README says %s", name, got, want)
			}
		})
	}
}

func TestLoaders(t *testing.T) {
	ref := loadReference(t)
	tests := []struct {
		name        string
		load        func() *Dataset
		n, p        int
		firstRow    []float64 // from the raw file
		firstY      float64
		lastY       float64
		classCounts []int // nil for regression
	}{
		{"iris", Iris, 150, 4, []float64{5.1, 3.5, 1.4, 0.2}, 0, 2, []int{50, 50, 50}},
		{"wine", Wine, 178, 13, []float64{14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065}, 0, 2, []int{59, 71, 48}},
		{"breast_cancer", BreastCancer, 569, 30, []float64{17.99, 10.38, 122.8, 1001, 0.1184, 0.2776, 0.3001, 0.1471, 0.2419, 0.07871}, 0, 1, []int{212, 357}},
		{"diabetes", Diabetes, 442, 10, []float64{59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87}, 151, 57, nil},
		{"digits", Digits, 1797, 64, []float64{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}, 0, 8, []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := tt.load()
			if ds.Name != tt.name {
				t.Errorf("Name = %q, want %q", ds.Name, tt.name)
			}
			n, p := ds.Dims()
			if n != tt.n || p != tt.p || len(ds.Y) != n || len(ds.FeatureNames) != p {
				t.Fatalf("Dims = %d×%d, len(Y) = %d, %d feature names; want %d×%d", n, p, len(ds.Y), len(ds.FeatureNames), tt.n, tt.p)
			}
			for j, want := range tt.firstRow {
				if got := ds.X.At(0, j); got != want {
					t.Errorf("X[0][%d] = %v, want %v", j, got, want)
				}
			}
			if ds.Y[0] != tt.firstY || ds.Y[n-1] != tt.lastY {
				t.Errorf("Y[0], Y[n-1] = %v, %v; want %v, %v", ds.Y[0], ds.Y[n-1], tt.firstY, tt.lastY)
			}
			if tt.classCounts != nil {
				counts := make([]int, len(ds.TargetNames))
				for _, v := range ds.Y {
					counts[int(v)]++
				}
				if !slices.Equal(counts, tt.classCounts) {
					t.Errorf("class counts = %v, want %v", counts, tt.classCounts)
				}
			} else if ds.TargetNames != nil {
				t.Errorf("TargetNames = %v, want nil for regression", ds.TargetNames)
			}

			// Agreement with scikit-learn's loaders.
			r, ok := ref.Datasets[tt.name]
			if !ok {
				t.Fatalf("no reference for %s", tt.name)
			}
			if r.Shape[0] != n || r.Shape[1] != p {
				t.Errorf("sklearn shape %v, ours %d×%d", r.Shape, n, p)
			}
			if !slices.Equal(ds.X.RawRowView(0), r.FirstRow) || !slices.Equal(ds.X.RawRowView(n-1), r.LastRow) {
				t.Errorf("first/last rows differ from sklearn's")
			}
			for j, want := range r.ColSums {
				var s float64
				for i := range n {
					s += ds.X.At(i, j)
				}
				if math.Abs(s-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("column %d sums to %v, sklearn %v", j, s, want)
				}
			}
			var ys float64
			for _, v := range ds.Y {
				ys += v
			}
			if math.Abs(ys-r.YSum) > 1e-9*math.Abs(r.YSum) || !slices.Equal(ds.Y[:5], r.YFirst) {
				t.Errorf("targets differ from sklearn's: sum %v vs %v, first %v vs %v", ys, r.YSum, ds.Y[:5], r.YFirst)
			}
			if !slices.Equal(ds.FeatureNames, r.FeatureNames) {
				t.Errorf("FeatureNames = %q, sklearn %q", ds.FeatureNames, r.FeatureNames)
			}
			if !slices.Equal(ds.TargetNames, r.TargetNames) {
				t.Errorf("TargetNames = %q, sklearn %q", ds.TargetNames, r.TargetNames)
			}

			// Each call returns a fresh copy.
			ds.X.Set(0, 0, -1)
			ds.Y[0] = -1
			ds.FeatureNames[0] = "changed"
			again := tt.load()
			if again.X.At(0, 0) != tt.firstRow[0] || again.Y[0] != tt.firstY || again.FeatureNames[0] == "changed" {
				t.Error("a second call sees changes made to the first result")
			}
		})
	}
}

func TestDigitsFeatureNames(t *testing.T) {
	names := Digits().FeatureNames
	if names[0] != "pixel_0_0" || names[9] != "pixel_1_1" || names[63] != "pixel_7_7" {
		t.Errorf("digits feature names %q, %q, %q", names[0], names[9], names[63])
	}
	if got := Digits().TargetNames; !slices.Equal(got, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}) {
		t.Errorf("digits TargetNames = %q", got)
	}
}

func TestParseCorrupt(t *testing.T) {
	iris := []string{"sepal", "sepal w", "petal", "petal w"}
	tests := []struct {
		name string
		run  func() (*Dataset, error)
		want string
	}{
		{"empty", func() (*Dataset, error) { return parseSklearnCSV(nil, "iris", iris) }, "empty file"},
		{"bad header", func() (*Dataset, error) { return parseSklearnCSV([]byte("x,4,a\n"), "iris", iris) }, "line 1"},
		{"wrong p", func() (*Dataset, error) { return parseSklearnCSV([]byte("1,3,a\n1,2,3,0\n"), "iris", iris) }, "3 features, want 4"},
		{"row count", func() (*Dataset, error) { return parseSklearnCSV([]byte("2,4,a\n1,2,3,4,0\n"), "iris", iris) }, "2 rows, file has 1"},
		{"short row", func() (*Dataset, error) { return parseSklearnCSV([]byte("1,4,a\n1,2,3,0\n"), "iris", iris) }, "line 2: 4 fields, want 5"},
		{"not a number", func() (*Dataset, error) { return parseSklearnCSV([]byte("1,4,a\n1,x,3,4,0\n"), "iris", iris) }, `line 2: field 2: "x"`},
		{"bad class", func() (*Dataset, error) { return parseSklearnCSV([]byte("1,4,a,b\n1,2,3,4,2\n"), "iris", iris) }, "class 2 is not in 0..1"},
		{"diabetes lengths", func() (*Dataset, error) { return parseDiabetes([]byte("1 2 3 4 5 6 7 8 9 10\n"), nil) }, "1 feature rows but 0 targets"},
		{"diabetes short", func() (*Dataset, error) { return parseDiabetes([]byte("1 2 3\n"), []byte("5\n")) }, "data line 1: 3 fields, want 10"},
		{"digits class", func() (*Dataset, error) { return parseDigits([]byte(strings.Repeat("0,", 64) + "10\n")) }, "class 10"},
		{"digits empty", func() (*Dataset, error) { return parseDigits([]byte("\n")) }, "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := tt.run()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want an error containing %q", ds, err, tt.want)
			}
		})
	}
	if _, err := gunzip([]byte("not gzip")); err == nil {
		t.Error("gunzip accepted non-gzip bytes")
	}
}

func TestMustLoadPanicsOnCorruptData(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "embedded dataset is corrupt") {
			t.Errorf("recover() = %v, want a corrupt-dataset panic", r)
		}
	}()
	mustLoad(parseDigits([]byte("1,2\n")))
}

func TestMustReadPanicsOnMissingFile(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("mustRead of a missing file did not panic")
		}
	}()
	mustRead("nope.csv")
}
