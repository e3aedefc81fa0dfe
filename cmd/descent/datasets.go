package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/descentml/descent/core/data"
)

// embedded maps the names accepted by -data to the embedded datasets.
func embedded() map[string]func() *data.Dataset {
	return map[string]func() *data.Dataset{
		"iris":          data.Iris,
		"wine":          data.Wine,
		"breast_cancer": data.BreastCancer,
		"diabetes":      data.Diabetes,
		"digits":        data.Digits,
	}
}

func datasetNames() []string {
	var names []string
	for n := range embedded() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func listDatasets(w io.Writer) error {
	for _, name := range datasetNames() {
		fmt.Fprintln(w, embedded()[name]())
	}
	return nil
}

// loadData returns an embedded dataset by name, or reads a CSV file whose
// last column is the target (or that has none, for prediction).
func loadData(spec string, header, noTarget bool) (*data.Dataset, error) {
	if load, ok := embedded()[spec]; ok {
		return load(), nil
	}
	if !strings.HasSuffix(spec, ".csv") {
		return nil, fmt.Errorf("-data %q is neither an embedded dataset (%s) nor a .csv file", spec, strings.Join(datasetNames(), ", "))
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opt := data.CSVOptions{Header: header, Name: spec}
	if noTarget {
		opt.Target = data.NoTarget
	}
	ds, err := data.ReadCSV(f, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec, err)
	}
	return ds, nil
}
