package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rowIDs returns the first feature of each row: the tests below put the
// sample index there, to follow rows through a split.
func rowIDs(ds *Dataset) []int {
	n, _ := ds.Dims()
	ids := make([]int, n)
	for i := range ids {
		ids[i] = int(ds.X.At(i, 0))
	}
	return ids
}

// indexed returns a dataset whose feature 0 is the row index and whose
// labels are y.
func indexed(y []float64) *Dataset {
	X := mat.NewDense(len(y), 2, nil)
	for i := range y {
		X.Set(i, 0, float64(i))
		X.Set(i, 1, y[i]*10)
	}
	return &Dataset{Name: "idx", X: X, Y: slices.Clone(y), FeatureNames: []string{"id", "y10"}, TargetNames: []string{"a", "b", "c"}}
}

func labels(counts ...int) []float64 {
	var y []float64
	for c, m := range counts {
		for range m {
			y = append(y, float64(c))
		}
	}
	return y
}

func TestTrainTestSplit(t *testing.T) {
	tests := []struct {
		name             string
		y                []float64
		cfg              SplitConfig
		nTrain, nTest    int
		wantOrderedTrain bool
		tol              float64 // class count tolerance in the test part; 0 means 1
	}{
		{"default", labels(50, 50), SplitConfig{}, 75, 25, false, 0},
		{"ceil test size", labels(5, 5), SplitConfig{TestFraction: 0.33}, 6, 4, false, 0},
		{"test size", labels(5, 5), SplitConfig{TestSize: 3}, 7, 3, false, 0},
		{"no shuffle", labels(5, 5), SplitConfig{NoShuffle: true, TestFraction: 0.2}, 8, 2, true, 0},
		{"stratified", labels(50, 30, 20), SplitConfig{Stratify: true, TestFraction: 0.2, Seed: 3}, 80, 20, false, 0},
		// Classes 0 and 1 (expected 0.23 test samples each) each get one,
		// taken from class 2 (expected 4.55, gets 3).
		{"stratified tiny classes", labels(2, 2, 40), SplitConfig{Stratify: true, TestFraction: 0.1, Seed: 5}, 39, 5, false, 2},
		{"stratified odd", labels(7, 13, 5), SplitConfig{Stratify: true, TestFraction: 0.3, Seed: 8}, 17, 8, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := indexed(tt.y)
			train, test, err := TrainTestSplit(ds, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := train.Dims(); n != tt.nTrain || len(train.Y) != n {
				t.Errorf("train has %d rows (%d targets), want %d", n, len(train.Y), tt.nTrain)
			}
			if n, _ := test.Dims(); n != tt.nTest || len(test.Y) != n {
				t.Errorf("test has %d rows (%d targets), want %d", n, len(test.Y), tt.nTest)
			}
			// Disjoint and covering, rows and targets kept together.
			all := append(rowIDs(train), rowIDs(test)...)
			seen := make([]bool, len(tt.y))
			for _, id := range all {
				if seen[id] {
					t.Fatalf("row %d is in both parts or twice", id)
				}
				seen[id] = true
			}
			if slices.Contains(seen, false) {
				t.Error("some rows are in neither part")
			}
			for _, part := range []*Dataset{train, test} {
				for i, id := range rowIDs(part) {
					if part.Y[i] != tt.y[id] || part.X.At(i, 1) != tt.y[id]*10 {
						t.Fatalf("row %d lost its target", id)
					}
				}
				if part.Name != "idx" || !slices.Equal(part.FeatureNames, ds.FeatureNames) || !slices.Equal(part.TargetNames, ds.TargetNames) {
					t.Error("names not kept")
				}
			}
			if got := slices.IsSorted(rowIDs(train)); got != tt.wantOrderedTrain {
				t.Errorf("train rows sorted = %v, want %v", got, tt.wantOrderedTrain)
			}
			// Same seed, same split.
			train2, _, _ := TrainTestSplit(ds, tt.cfg)
			if !slices.Equal(rowIDs(train), rowIDs(train2)) {
				t.Error("same seed gave a different split")
			}
			if !tt.cfg.Stratify {
				return
			}
			// Every class in both parts, in proportion (within one sample).
			n := float64(len(tt.y))
			for c := range 3 {
				total := count(tt.y, c)
				inTest := count(test.Y, c)
				if inTest == 0 || count(train.Y, c) == 0 {
					t.Errorf("class %d: %d in test, %d in train; want both > 0", c, inTest, count(train.Y, c))
				}
				want := float64(total) * float64(tt.nTest) / n
				tol := tt.tol
				if tol == 0 {
					tol = 1
				}
				if math.Abs(float64(inTest)-want) > tol {
					t.Errorf("class %d: %d in test, want about %.2f", c, inTest, want)
				}
			}
		})
	}
}

func count(y []float64, c int) int {
	m := 0
	for _, v := range y {
		if int(v) == c {
			m++
		}
	}
	return m
}

func TestTrainTestSplitSeeds(t *testing.T) {
	ds := Iris()
	a, _, _ := TrainTestSplit(ds, SplitConfig{Seed: 1})
	b, _, _ := TrainTestSplit(ds, SplitConfig{Seed: 2})
	if mat.Equal(a.X, b.X) {
		t.Error("different seeds gave the same split")
	}
	// The source is not modified.
	if !mat.Equal(ds.X, Iris().X) {
		t.Error("TrainTestSplit changed its input")
	}
	// Stratified iris: 38/37/37 train and 12/13/13 test in some order.
	train, test, err := TrainTestSplit(ds, SplitConfig{Stratify: true, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 3 {
		if m := count(test.Y, c); m < 12 || m > 13 || count(train.Y, c)+m != 50 {
			t.Errorf("class %d: %d test", c, m)
		}
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	tests := []struct {
		name string
		ds   *Dataset
		cfg  SplitConfig
		want string
	}{
		{"nil", nil, SplitConfig{}, "data: TrainTestSplit: dataset is nil or has no X"},
		{"fraction", indexed(labels(5, 5)), SplitConfig{TestFraction: 1}, "TestFraction = 1, want it in (0, 1) (0 means 0.25)"},
		{"negative fraction", indexed(labels(5, 5)), SplitConfig{TestFraction: -0.1}, "TestFraction = -0.1"},
		{"NaN fraction", indexed(labels(5, 5)), SplitConfig{TestFraction: math.NaN()}, "TestFraction = NaN"},
		{"test size too big", indexed(labels(5, 5)), SplitConfig{TestSize: 10}, "10 samples split into 0 for training and 10 for testing"},
		{"negative test size", indexed(labels(5, 5)), SplitConfig{TestSize: -1}, "TestSize = -1"},
		{"one sample", indexed(labels(1)), SplitConfig{}, "1 samples split into 0 for training and 1 for testing"},
		{"length mismatch", &Dataset{X: mat.NewDense(3, 1, nil), Y: []float64{1}}, SplitConfig{}, "X has 3 rows but Y has 1 values"},
		{"stratify no shuffle", indexed(labels(5, 5)), SplitConfig{Stratify: true, NoShuffle: true}, "stratifying needs shuffling"},
		{"stratify no Y", &Dataset{X: mat.NewDense(4, 1, nil)}, SplitConfig{Stratify: true}, "stratifying needs class labels, but Y is nil"},
		{"stratify singleton class", indexed(labels(5, 1, 5)), SplitConfig{Stratify: true}, "class 1 has only 1 sample"},
		{"stratify too few test", indexed(labels(10, 10, 10)), SplitConfig{Stratify: true, TestSize: 2}, "2 test and 28 training samples cannot hold each of the 3 classes"},
		{"stratify NaN label", indexed([]float64{0, math.NaN(), 0, 1}), SplitConfig{Stratify: true}, "y[1] is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := TrainTestSplit(tt.ds, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "data: TrainTestSplit: ") {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// checkPartition checks that folds partition 0..n-1: each test set is
// sorted, the test sets are disjoint and cover everything, and each train set
// is the sorted complement of its test set.
func checkPartition(t *testing.T, folds []Fold, n int) {
	t.Helper()
	inTest := make([]int, n)
	for f, fold := range folds {
		if !slices.IsSorted(fold.Test) || !slices.IsSorted(fold.Train) {
			t.Errorf("fold %d: indices not sorted", f)
		}
		if len(fold.Test)+len(fold.Train) != n || len(fold.Test) == 0 {
			t.Errorf("fold %d: %d test + %d train, n = %d", f, len(fold.Test), len(fold.Train), n)
		}
		for _, i := range fold.Test {
			inTest[i]++
			if _, found := slices.BinarySearch(fold.Train, i); found {
				t.Errorf("fold %d: %d in both train and test", f, i)
			}
		}
	}
	for i, c := range inTest {
		if c != 1 {
			t.Errorf("sample %d is in %d test folds, want 1", i, c)
		}
	}
}

func TestKFoldMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.KFold {
		folds, err := KFold{K: c.K}.Split(mat.NewDense(c.N, 1, nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkPartition(t, folds, c.N)
		if !slices.EqualFunc(folds, c.Folds, foldEqual) {
			t.Errorf("n=%d k=%d: folds %v, sklearn %v", c.N, c.K, folds, c.Folds)
		}
	}
}

func TestStratifiedKFoldMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.StratifiedKFold {
		t.Run(c.Name, func(t *testing.T) {
			folds, err := StratifiedKFold{K: c.K}.Split(nil, c.Y)
			if err != nil {
				t.Fatal(err)
			}
			checkPartition(t, folds, len(c.Y))
			if !slices.EqualFunc(folds, c.Folds, foldEqual) {
				t.Errorf("folds differ from sklearn's:\n%v\n%v", folds, c.Folds)
			}
		})
	}
}

func foldEqual(a, b Fold) bool {
	return slices.Equal(a.Train, b.Train) && slices.Equal(a.Test, b.Test)
}

func TestKFoldShuffle(t *testing.T) {
	for _, tt := range []struct{ n, k int }{{10, 3}, {150, 5}, {7, 7}, {13, 2}} {
		X := mat.NewDense(tt.n, 1, nil)
		folds, err := KFold{K: tt.k, Shuffle: true, Seed: 42}.Split(X, make([]float64, tt.n))
		if err != nil {
			t.Fatal(err)
		}
		if len(folds) != tt.k {
			t.Fatalf("%d folds, want %d", len(folds), tt.k)
		}
		checkPartition(t, folds, tt.n)
		for f, fold := range folds { // sklearn sizes: the first n%k folds get one more
			want := tt.n / tt.k
			if f < tt.n%tt.k {
				want++
			}
			if len(fold.Test) != want {
				t.Errorf("n=%d k=%d fold %d: %d test samples, want %d", tt.n, tt.k, f, len(fold.Test), want)
			}
		}
		again, _ := KFold{K: tt.k, Shuffle: true, Seed: 42}.Split(X, nil)
		if !slices.EqualFunc(folds, again, foldEqual) {
			t.Error("same seed gave different folds")
		}
	}
	plain, _ := KFold{K: 3}.Split(nil, make([]float64, 30))
	shuffled, _ := KFold{K: 3, Shuffle: true}.Split(nil, make([]float64, 30))
	if slices.EqualFunc(plain, shuffled, foldEqual) {
		t.Error("Shuffle did not change the folds")
	}
	def, _ := KFold{}.Split(nil, make([]float64, 12))
	if len(def) != 5 {
		t.Errorf("default K gave %d folds, want 5", len(def))
	}
}

func TestStratifiedKFoldShuffle(t *testing.T) {
	y := labels(20, 33, 7)
	for _, shuffle := range []bool{false, true} {
		folds, err := StratifiedKFold{K: 5, Shuffle: shuffle, Seed: 7}.Split(mat.NewDense(len(y), 3, nil), y)
		if err != nil {
			t.Fatal(err)
		}
		checkPartition(t, folds, len(y))
		for f, fold := range folds {
			for c, total := range []int{20, 33, 7} {
				var m int
				for _, i := range fold.Test {
					if int(y[i]) == c {
						m++
					}
				}
				if lo := total / 5; m < lo || m > lo+1 {
					t.Errorf("shuffle=%v fold %d: %d of class %d, want %d or %d", shuffle, f, m, c, lo, lo+1)
				}
			}
		}
	}
}

func TestFoldErrors(t *testing.T) {
	tests := []struct {
		name string
		s    Splitter
		X    mat.Matrix
		y    []float64
		want string
	}{
		{"K=1", KFold{K: 1}, nil, make([]float64, 5), "data: KFold.Split: fold count K = 1, want at least 2 (0 means 5)"},
		{"K>n", KFold{K: 6}, mat.NewDense(5, 1, nil), nil, "data: KFold.Split: fold count K = 6 exceeds the number of samples, 5"},
		{"nothing", KFold{}, nil, nil, "data: KFold.Split: no samples: X and y are both nil"},
		{"mismatch", KFold{}, mat.NewDense(5, 1, nil), make([]float64, 4), "X has 5 rows but y has 4 values"},
		{"stratified no y", StratifiedKFold{}, mat.NewDense(5, 1, nil), nil, "data: StratifiedKFold.Split: y is nil"},
		{"stratified K<0", StratifiedKFold{K: -2}, nil, labels(5, 5), "K = -2, want at least 2"},
		{"stratified K>n", StratifiedKFold{K: 11}, nil, labels(5, 5), "K = 11 exceeds the number of samples, 10"},
		{"stratified small class", StratifiedKFold{K: 4}, nil, labels(5, 3, 6), "class 1 has 3 members, fewer than K = 4: use K ≤ 3"},
		{"stratified singleton", StratifiedKFold{K: 2}, nil, labels(5, 1), "class 1 has 1 member, fewer than K = 2"},
		{"stratified NaN", StratifiedKFold{K: 2}, nil, []float64{0, 1, math.Inf(1), 0, 1}, "y[2] is +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.s.Split(tt.X, tt.y)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestSubsetDimsString(t *testing.T) {
	ds := Iris()
	sub := ds.Subset([]int{149, 0, 0})
	if n, p := sub.Dims(); n != 3 || p != 4 {
		t.Fatalf("Dims = %d×%d", n, p)
	}
	if sub.Y[0] != 2 || sub.Y[1] != 0 || sub.X.At(1, 0) != 5.1 || sub.X.At(0, 0) != 5.9 {
		t.Errorf("Subset rows wrong: %v %v", sub.Y, sub.X.RawRowView(0))
	}
	sub.X.Set(1, 0, 99)
	sub.FeatureNames[0] = "changed"
	if ds.X.At(0, 0) != 5.1 || ds.FeatureNames[0] == "changed" {
		t.Error("Subset shares memory with its source")
	}
	empty := ds.Subset(nil)
	if n, _ := empty.Dims(); n != 0 || len(empty.Y) != 0 {
		t.Errorf("empty subset has %d rows", n)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("out-of-range Subset did not panic")
			}
		}()
		ds.Subset([]int{150})
	}()

	var nilDS *Dataset
	if n, p := nilDS.Dims(); n != 0 || p != 0 {
		t.Error("nil Dims")
	}
	for _, tt := range []struct {
		ds   *Dataset
		want string
	}{
		{Iris(), "iris: 150 samples × 4 features, 3 classes (setosa, versicolor, virginica)"},
		{Diabetes(), "diabetes: 442 samples × 10 features, real-valued target"},
		{&Dataset{X: mat.NewDense(2, 3, nil)}, "dataset: 2 samples × 3 features, no target"},
		{&Dataset{Name: "many", X: mat.NewDense(1, 1, nil), Y: []float64{0}, TargetNames: strings.Split("a b c d e f g h i j k l", " ")}, "many: 1 sample × 1 feature, 12 classes (a, b, c, d, e, f, g, h, i, j, ...)"},
		{nilDS, "<nil Dataset>"},
	} {
		if got := tt.ds.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// SplitIndices is TrainTestSplit without copying rows: same seed, same split.
func TestSplitIndicesMatchesTrainTestSplit(t *testing.T) {
	ds := Iris()
	for _, cfg := range []SplitConfig{{Seed: 3}, {Seed: 3, Stratify: true}, {NoShuffle: true, TestSize: 10}} {
		train, test, err := TrainTestSplit(ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		trIdx, teIdx, err := SplitIndices(len(ds.Y), ds.Y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(train.X, ds.Subset(trIdx).X) || !mat.Equal(test.X, ds.Subset(teIdx).X) {
			t.Fatalf("%+v: SplitIndices and TrainTestSplit disagree", cfg)
		}
	}
	if _, _, err := SplitIndices(3, []float64{0, 1}, SplitConfig{}); err == nil {
		t.Fatal("accepted 2 labels for 3 samples")
	}
}
