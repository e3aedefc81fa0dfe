package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		opt         CSVOptions
		x           [][]float64
		y           []float64
		features    []string
		targetNames []string
	}{
		{
			name:     "no header, target last",
			in:       "1,2,0\n3,4,1\n",
			x:        [][]float64{{1, 2}, {3, 4}},
			y:        []float64{0, 1},
			features: []string{"x0", "x1"},
		},
		{
			name:     "header, blanks, CRLF, no final newline",
			in:       "age, bmi ,y\r\n 30 ,22.5, 1.5\r\n40,27,2e1",
			opt:      CSVOptions{Header: true},
			x:        [][]float64{{30, 22.5}, {40, 27}},
			y:        []float64{1.5, 20},
			features: []string{"age", "bmi"},
		},
		{
			name:     "target first by number",
			in:       "y,a,b\n1,2,3\n0,5,6\n",
			opt:      CSVOptions{Header: true, Target: 1},
			x:        [][]float64{{2, 3}, {5, 6}},
			y:        []float64{1, 0},
			features: []string{"a", "b"},
		},
		{
			name:     "target by name",
			in:       "a,label,b\n2,1,3\n5,0,6\n",
			opt:      CSVOptions{Header: true, TargetName: "label"},
			x:        [][]float64{{2, 3}, {5, 6}},
			y:        []float64{1, 0},
			features: []string{"a", "b"},
		},
		{
			name:     "no target, semicolons",
			in:       "1;2\n3;4\n",
			opt:      CSVOptions{Target: NoTarget, Comma: ';'},
			x:        [][]float64{{1, 2}, {3, 4}},
			features: []string{"x0", "x1"},
		},
		{
			name:        "class names",
			in:          "\uFEFFlength,species\n1.4,setosa\n4.7,versicolor\n1.3,setosa\n",
			opt:         CSVOptions{Header: true, TargetClasses: true},
			x:           [][]float64{{1.4}, {4.7}, {1.3}},
			y:           []float64{0, 1, 0},
			features:    []string{"length"},
			targetNames: []string{"setosa", "versicolor"},
		},
		{
			name:     "quoted fields",
			in:       "\"a\",\"b, c\"\n\"1\",2\n",
			opt:      CSVOptions{Header: true},
			x:        [][]float64{{1}},
			y:        []float64{2},
			features: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadCSV(strings.NewReader(tt.in), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			n, p := ds.Dims()
			if n != len(tt.x) || p != len(tt.x[0]) {
				t.Fatalf("Dims = %d×%d, want %d×%d", n, p, len(tt.x), len(tt.x[0]))
			}
			for i, row := range tt.x {
				if !slices.Equal(ds.X.RawRowView(i), row) {
					t.Errorf("row %d = %v, want %v", i, ds.X.RawRowView(i), row)
				}
			}
			if !slices.Equal(ds.Y, tt.y) || (tt.y == nil) != (ds.Y == nil) {
				t.Errorf("Y = %v, want %v", ds.Y, tt.y)
			}
			if !slices.Equal(ds.FeatureNames, tt.features) {
				t.Errorf("FeatureNames = %q, want %q", ds.FeatureNames, tt.features)
			}
			if !slices.Equal(ds.TargetNames, tt.targetNames) {
				t.Errorf("TargetNames = %q, want %q", ds.TargetNames, tt.targetNames)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  CSVOptions
		want string // the whole message
	}{
		{"empty input", "", CSVOptions{}, "data: ReadCSV: empty input"},
		{"blank lines only", "\n\n", CSVOptions{}, "data: ReadCSV: empty input"},
		{"header only", "a,b,y\n", CSVOptions{Header: true}, "data: ReadCSV: no data rows after the header"},
		{"ragged row", "1,2,3\n4,5,6\n7,8\n", CSVOptions{}, "data: ReadCSV: ragged row at line 3: 2 fields, but the first row has 3"},
		{"ragged vs header", "a,b\n1,2\n3,4,5\n", CSVOptions{Header: true}, "data: ReadCSV: ragged row at line 3: 3 fields, but the header has 2"},
		{"non-numeric named", "age,y\n1,2\n3,x\n", CSVOptions{Header: true}, `data: ReadCSV: non-numeric value "x" at line 3, column "y"`},
		{"non-numeric numbered", "1,2\n3,abc\n", CSVOptions{}, `data: ReadCSV: non-numeric value "abc" at line 2, column 2`},
		{"empty cell", "a,b\n1,2\n,4\n", CSVOptions{Header: true}, `data: ReadCSV: missing value at line 3, column "a"`},
		{"NaN cell", "h,age,y\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,NaN,3\n", CSVOptions{Header: true}, `data: ReadCSV: missing value at line 7, column "age"`},
		{"NA cell", "1,NA\n", CSVOptions{}, `data: ReadCSV: missing value at line 1, column 2`},
		{"infinite cell", "1,2\n+Inf,3\n", CSVOptions{}, `data: ReadCSV: infinite value "+Inf" at line 2, column 1`},
		{"overflow", "1,1e999\n", CSVOptions{}, `data: ReadCSV: value "1e999" out of range at line 1, column 2`},
		{"empty class", "a,b\n1,x\n2,\n", CSVOptions{Header: true, TargetClasses: true}, `data: ReadCSV: missing value at line 3, column "b"`},
		{"target out of range", "1,2\n", CSVOptions{Target: 3}, "data: ReadCSV: column number Target = 3 is not in 1..2 (0 means the last column, -1 none)"},
		{"target name without header", "1,2\n", CSVOptions{TargetName: "y"}, `data: ReadCSV: TargetName "y" needs Header`},
		{"unknown target name", "a,b\n1,2\n", CSVOptions{Header: true, TargetName: "y"}, `data: ReadCSV: TargetName "y" is not a column of the header ["a" "b"]`},
		{"single column target", "1\n2\n", CSVOptions{}, "data: ReadCSV: only one column, which is the target: no features (use Target: NoTarget)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadCSV(strings.NewReader(tt.in), tt.opt)
			if err == nil {
				t.Fatalf("got %v, want error %q", ds, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n %q\nwant\n %q", err, tt.want)
			}
		})
	}
	if _, err := ReadCSV(strings.NewReader("1,\"2\n"), CSVOptions{}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad quotes: got %v, want a parse error naming line 1", err)
	}
	if _, err := ReadCSV(nil, CSVOptions{}); err == nil {
		t.Error("ReadCSV(nil) succeeded")
	}
	boom := errors.New("disk on fire")
	if _, err := ReadCSV(iotest.ErrReader(boom), CSVOptions{}); !errors.Is(err, boom) {
		t.Errorf("reader failure: got %v, want it wrapped", err)
	}
}

func TestReadCSVNumberEdgeCases(t *testing.T) {
	// Underflow rounds to zero rather than failing; numbers round-trip.
	ds, err := ReadCSV(strings.NewReader("1e-400,0.1,-3\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.X.RawRowView(0); got[0] != 0 || got[1] != 0.1 || ds.Y[0] != -3 {
		t.Errorf("row = %v, y = %v", got, ds.Y)
	}
}
