// Command benchcmp times descent against scikit-learn on the same data and
// hyper-parameters, in one run, and prints a Markdown table of medians and
// ratios. `make bench` runs it.
//
// Each Task generates its seeded data in Go; the data is written once to a
// temporary file of little-endian float64s that runner.py memory-maps, so
// both sides fit exactly the same numbers. Each side fits -runs times and
// the median wall time is reported with the quality both reached.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Task is one side-by-side comparison.
type Task struct {
	// Name is the row label, such as "LogisticRegression lbfgs C=1 100000×100".
	Name string
	// Quality names the quality measure: "R²", "log loss" or "accuracy".
	Quality string
	// Data returns the seeded data set.
	Data func() (*mat.Dense, []float64)
	// Go fits once and returns the quality reached on the training data.
	Go func(X *mat.Dense, y []float64) (float64, error)
	// Python names the function in a *_tasks.py module that fits the same
	// model with scikit-learn and returns the same quality.
	Python string
}

type pyResult struct {
	Seconds []float64 `json:"seconds"`
	Quality float64   `json:"quality"`
	Error   string    `json:"error"`
}

func main() {
	runs := flag.Int("runs", 5, "fits per side; the median is reported")
	filter := flag.String("run", "", "regexp selecting tasks by name")
	python := flag.String("python", "/usr/bin/python3", "Python with scikit-learn")
	flag.Parse()
	re, err := regexp.Compile(*filter)
	if err != nil {
		fatal(fmt.Errorf("-run: %w", err))
	}
	var tasks []Task
	tasks = append(tasks, allTasks()...)
	dir, err := sourceDir()
	if err != nil {
		fatal(err)
	}
	tmp, err := os.MkdirTemp("", "descent-bench-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)

	fmt.Printf("descent vs scikit-learn: median of %d fits each, %s, GOMAXPROCS=%d\n\n", *runs, time.Now().Format("2006-01-02"), runtime.GOMAXPROCS(0))
	fmt.Println("| task | descent | scikit-learn | ratio | quality (descent / scikit-learn) |")
	fmt.Println("|---|---:|---:|---:|---|")
	failed := false
	for _, t := range tasks {
		if !re.MatchString(t.Name) {
			continue
		}
		row, err := runTask(t, *runs, *python, dir, tmp)
		if err != nil {
			failed = true
			fmt.Printf("| %s | error: %v | | | |\n", t.Name, err)
			continue
		}
		fmt.Println(row)
	}
	fmt.Println("\nratio = descent median / scikit-learn median (below 1 means descent is faster).")
	if failed {
		os.Exit(1)
	}
}

func runTask(t Task, runs int, python, dir, tmp string) (string, error) {
	X, y := t.Data()
	file := filepath.Join(tmp, "data.bin")
	if err := writeData(file, X, y); err != nil {
		return "", err
	}
	// scikit-learn first, then Go, so neither side gets a warmer cache.
	cmd := exec.Command(python, filepath.Join(dir, "runner.py"), file, t.Python, fmt.Sprint(runs))
	cmd.Dir = dir
	cmd.Env = benchEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scikit-learn side: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var py pyResult
	if err := json.Unmarshal(out, &py); err != nil {
		return "", fmt.Errorf("scikit-learn side printed %q: %w", out, err)
	}
	if py.Error != "" {
		return "", fmt.Errorf("scikit-learn side: %s", py.Error)
	}
	var goTimes []float64
	var q float64
	for i := 0; i < runs; i++ {
		runtime.GC()
		start := time.Now()
		q, err = t.Go(X, y)
		goTimes = append(goTimes, time.Since(start).Seconds())
		if err != nil {
			return "", fmt.Errorf("descent side: %w", err)
		}
	}
	gm, pm := median(goTimes), median(py.Seconds)
	return fmt.Sprintf("| %s | %s | %s | %.2f× | %s %.6g / %.6g |", t.Name, fmtDur(gm), fmtDur(pm), gm/pm, t.Quality, q, py.Quality), nil
}

// benchEnv unsets the OpenBLAS overrides that this workplace sets for old
// OpenBLAS builds: they slow a current numpy, and the comparison should be
// against scikit-learn as its users run it.
func benchEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") || strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func writeData(path string, X *mat.Dense, y []float64) error {
	n, p := X.Dims()
	buf := make([]byte, 0, 16+8*(n*p+n))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(n))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(p))
	for i := 0; i < n; i++ {
		for _, v := range X.RawRowView(i) {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
		}
	}
	for _, v := range y {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
	}
	if err := os.WriteFile(path, buf, 0o600); err != nil {
		return fmt.Errorf("write bench data: %w", err)
	}
	return nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtDur(sec float64) string {
	switch {
	case sec >= 1:
		return fmt.Sprintf("%.2f s", sec)
	case sec >= 1e-3:
		return fmt.Sprintf("%.1f ms", sec*1e3)
	default:
		return fmt.Sprintf("%.0f µs", sec*1e6)
	}
}

// sourceDir finds this command's source folder, where the Python side lives.
func sourceDir() (string, error) {
	for _, d := range []string{"core/internal/benchcmp", "."} {
		if _, err := os.Stat(filepath.Join(d, "runner.py")); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", fmt.Errorf("runner.py not found: run benchcmp from the repository root")
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "benchcmp:", err)
	os.Exit(1)
}
