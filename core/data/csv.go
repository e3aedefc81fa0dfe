package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// NoTarget is the value of CSVOptions.Target for a file without a target
// column: every column is a feature and the Dataset's Y is nil.
const NoTarget = -1

// CSVOptions says how ReadCSV reads a file. The zero value reads a
// comma-separated file without a header whose last column is the target.
type CSVOptions struct {
	// Header says that the first row holds column names. Without a header,
	// features are named x0, x1, ... after their column in X.
	Header bool
	// Target is the 1-based column number of the target (as in error
	// messages and spreadsheets). 0 (default) means the last column;
	// NoTarget (-1) means that there is no target column.
	Target int
	// TargetName selects the target column by its header name instead of
	// by number (needs Header; overrides Target).
	TargetName string
	// TargetClasses says that the target column holds class names (any
	// text, such as "setosa"). Labels 0, 1, ... are given to the names in
	// sorted (byte-wise) order and TargetNames is set, as sklearn's
	// LabelEncoder does.
	// Default false: the target must be numeric, and TargetNames is nil.
	TargetClasses bool
	// Comma is the field separator; 0 (default) means ','.
	Comma rune
	// Name becomes the Dataset's Name.
	Name string
}

// ReadCSV reads a numeric table from r into a Dataset, one sample per row.
// Leading and trailing blanks around a cell are ignored.
//
// It is an error when the input is empty or holds no data row, when a row
// has a different number of fields from the first, and when a cell is not a
// finite number: empty cells and NaN, NA, N/A, null or ? are reported as
// missing values. Errors name the 1-based line and the column (by header
// name, else by 1-based number), such as
//
//	data: ReadCSV: missing value at line 7, column "age"
func ReadCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	ds, err := readCSV(r, opt)
	if err != nil {
		return nil, fmt.Errorf("data: ReadCSV: %w", err)
	}
	return ds, nil
}

func readCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	if r == nil {
		return nil, errors.New("reader is nil")
	}
	cr := csv.NewReader(r)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1 // checked below, to give a clearer message

	var header []string
	var records [][]string
	var lineOf []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if line == 1 && len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF") // byte-order mark written by spreadsheets
		}
		if opt.Header && header == nil {
			header = rec
			for j := range header {
				header[j] = strings.TrimSpace(header[j])
			}
			continue
		}
		records = append(records, rec)
		lineOf = append(lineOf, line)
	}
	switch {
	case header == nil && len(records) == 0:
		return nil, errors.New("empty input")
	case len(records) == 0:
		return nil, errors.New("no data rows after the header")
	}
	width := len(records[0])
	if header != nil {
		width = len(header)
	}
	colName := func(j int) string {
		if header != nil && header[j] != "" {
			return strconv.Quote(header[j])
		}
		return strconv.Itoa(j + 1)
	}
	for i, rec := range records {
		if len(rec) != width {
			what := "the first row"
			if header != nil {
				what = "the header"
			}
			return nil, fmt.Errorf("ragged row at line %d: %d fields, but %s has %d", lineOf[i], len(rec), what, width)
		}
	}

	// Which column is the target?
	target := -1
	switch {
	case opt.TargetName != "":
		if header == nil {
			return nil, fmt.Errorf("TargetName %q needs Header", opt.TargetName)
		}
		target = slices.Index(header, opt.TargetName)
		if target < 0 {
			return nil, fmt.Errorf("TargetName %q is not a column of the header %q", opt.TargetName, header)
		}
	case opt.Target == NoTarget:
	case opt.Target == 0:
		target = width - 1
	case opt.Target > 0 && opt.Target <= width:
		target = opt.Target - 1
	default:
		return nil, fmt.Errorf("column number Target = %d is not in 1..%d (0 means the last column, -1 none)", opt.Target, width)
	}
	if target >= 0 && width < 2 {
		return nil, fmt.Errorf("only one column, which is the target: no features (use Target: NoTarget)")
	}

	p := width
	if target >= 0 {
		p--
	}
	n := len(records)
	X := mat.NewDense(n, p, nil)
	var y []float64
	var labels []string
	if target >= 0 {
		y = make([]float64, n)
		if opt.TargetClasses {
			labels = make([]string, n)
		}
	}
	for i, rec := range records {
		row := X.RawRowView(i)
		k := 0
		for j, cell := range rec {
			cell = strings.TrimSpace(cell)
			if j == target && opt.TargetClasses {
				if cell == "" {
					return nil, fmt.Errorf("missing value at line %d, column %s", lineOf[i], colName(j))
				}
				labels[i] = cell
				continue
			}
			v, err := parseCell(cell)
			if err != nil {
				return nil, fmt.Errorf("%s at line %d, column %s", err, lineOf[i], colName(j))
			}
			if j == target {
				y[i] = v
			} else {
				row[k] = v
				k++
			}
		}
	}

	ds := &Dataset{Name: opt.Name, X: X, Y: y}
	ds.FeatureNames = make([]string, 0, p)
	for j := range width {
		if j == target {
			continue
		}
		name := fmt.Sprintf("x%d", len(ds.FeatureNames))
		if header != nil && header[j] != "" {
			name = header[j]
		}
		ds.FeatureNames = append(ds.FeatureNames, name)
	}
	if labels != nil {
		names := slices.Clone(labels)
		slices.Sort(names)
		names = slices.Compact(names)
		for i, l := range labels {
			k, _ := slices.BinarySearch(names, l)
			y[i] = float64(k)
		}
		ds.TargetNames = names
	}
	return ds, nil
}

// parseCell parses a numeric cell; the error text completes "... at line L,
// column C".
func parseCell(cell string) (float64, error) {
	switch strings.ToLower(cell) {
	case "", "nan", "na", "n/a", "null", "?":
		return 0, errors.New("missing value")
	}
	v, err := strconv.ParseFloat(cell, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange && !math.IsInf(v, 0) {
			return v, nil // underflow to zero or a subnormal: keep the rounded value
		}
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("value %q out of range", cell)
		}
		return 0, fmt.Errorf("non-numeric value %q", cell)
	}
	if math.IsNaN(v) {
		return 0, errors.New("missing value")
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("infinite value %q", cell)
	}
	return v, nil
}
