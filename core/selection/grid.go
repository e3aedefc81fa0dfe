package selection

import (
	"fmt"
	"html"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Grid maps hyper-parameter names to the values to try. GridSearch tries
// every combination.
type Grid map[string][]any

// Expand returns every combination of the grid's values, in scikit-learn's
// ParameterGrid order: names sorted, the last name varying fastest. Each
// combination is a new map. An empty grid, or a name with no values, is an
// error.
func (g Grid) Expand() ([]model.Params, error) {
	combos, err := g.expand()
	if err != nil {
		return nil, fmt.Errorf("selection: Grid.Expand: %w", err)
	}
	return combos, nil
}

func (g Grid) expand() ([]model.Params, error) {
	if len(g) == 0 {
		return nil, fmt.Errorf("the grid is empty: give at least one parameter with values")
	}
	names := slices.Sorted(maps.Keys(g))
	total := 1
	for _, name := range names {
		if len(g[name]) == 0 {
			return nil, fmt.Errorf("grid parameter %q has no values", name)
		}
		total *= len(g[name])
	}
	out := make([]model.Params, total)
	for i := range out {
		p := make(model.Params, len(names))
		rest := i
		for j := len(names) - 1; j >= 0; j-- {
			vals := g[names[j]]
			p[names[j]] = vals[rest%len(vals)]
			rest /= len(vals)
		}
		out[i] = p
	}
	return out, nil
}

// GridConfig configures GridSearch.
type GridConfig struct {
	// CV configures the cross-validation of each combination (splitter,
	// scoring, workers, train scores); see CVConfig for the defaults.
	// KeepEstimators is ignored.
	CV CVConfig
	// NoRefit skips refitting the best combination on all the data, leaving
	// GridResult.BestEstimator nil. Default false: refit.
	NoRefit bool
}

// GridRow is the cross-validation outcome of one grid combination.
type GridRow struct {
	// Params is the combination.
	Params model.Params
	// MeanScore and StdScore are the mean and population standard deviation
	// of FoldScores, the test score of each fold.
	MeanScore, StdScore float64
	FoldScores          []float64
	// MeanTrainScore and TrainFoldScores are the scores on the training
	// parts; set only with CVConfig.TrainScores (else 0 and nil).
	MeanTrainScore  float64
	TrainFoldScores []float64
	// Rank is 1 for the best MeanScore; equal means share the smaller rank
	// ("min" ranking), and a NaN mean ranks last.
	Rank int
	// MeanFitTime and MeanScoreTime are the mean durations of a fold's Fit
	// and scoring.
	MeanFitTime, MeanScoreTime time.Duration
}

// GridResult is the outcome of GridSearch.
type GridResult struct {
	// Best is the combination with the best mean test score; on a tie, the
	// first one in grid order (as in scikit-learn).
	Best model.Params
	// BestScore is Best's mean test score.
	BestScore float64
	// BestIndex is Best's position in Results.
	BestIndex int
	// Results holds one row per combination, in Grid.Expand order.
	Results []GridRow
	// BestEstimator is an estimator built with Best and fitted on all the
	// data; nil with GridConfig.NoRefit.
	BestEstimator model.Estimator
	// RefitTime is the duration of that final Fit.
	RefitTime time.Duration
}

// GridSearch cross-validates the estimator built by f for every combination
// of grid, picks the combination with the best mean test score and, unless
// cfg.NoRefit, fits it on all of (X, y). It is scikit-learn's GridSearchCV.
//
// Every combination is first built once with f, so that a combination the
// factory rejects stops the search before any fitting, with an error naming
// it. All (combination × fold) fits then share one pool of cfg.CV.Workers
// goroutines; the folds are the same for every combination and the result
// does not depend on the number of workers. The default splitter is chosen
// from the first combination's estimator.
func GridSearch(f model.Factory, grid Grid, X mat.Matrix, y []float64, cfg GridConfig) (*GridResult, error) {
	const where = "selection: GridSearch"
	if f == nil {
		return nil, fmt.Errorf("%s: the factory is nil", where)
	}
	combos, err := grid.expand()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	probes := make([]model.Estimator, len(combos))
	for c, p := range combos {
		if probes[c], err = build(f, p); err != nil {
			return nil, fmt.Errorf("%s: combination %d %s: %w", where, c, formatParams(p), err)
		}
		if cfg.CV.Scoring == nil {
			if _, ok := probes[c].(model.Scorer); !ok {
				return nil, fmt.Errorf("%s: %T has no Score method: set GridConfig.CV.Scoring (see ScorerByName)", where, probes[c])
			}
		}
	}
	cvCfg := cfg.CV
	cvCfg.KeepEstimators = false
	s, err := prepare(probes[0], X, y, cvCfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	K := len(s.parts)
	n := len(combos) * K
	workers, err := resolveWorkers(cfg.CV.Workers, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	outs := make([]foldOut, n)
	err = runJobs(n, workers, func(i int) error {
		c, k := i/K, i%K
		o, err := s.run(f, combos[c], k)
		if err != nil {
			return fmt.Errorf("combination %d %s: fold %d: %w", c, formatParams(combos[c]), k, err)
		}
		outs[i] = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}

	r := &GridResult{Results: make([]GridRow, len(combos))}
	means := make([]float64, len(combos))
	for c, p := range combos {
		cv := s.collect(outs[c*K : (c+1)*K])
		row := GridRow{
			Params:          p,
			MeanScore:       cv.Mean,
			StdScore:        cv.Std,
			FoldScores:      cv.Scores,
			TrainFoldScores: cv.TrainScores,
			MeanFitTime:     meanDuration(cv.FitTimes),
			MeanScoreTime:   meanDuration(cv.ScoreTimes),
		}
		if cv.TrainScores != nil {
			row.MeanTrainScore, _ = meanStd(cv.TrainScores)
		}
		r.Results[c] = row
		means[c] = cv.Mean
	}
	for c, rank := range rankMin(means) {
		r.Results[c].Rank = rank
		if rank == 1 && r.Best == nil {
			r.BestIndex = c
			r.Best = maps.Clone(combos[c])
			r.BestScore = means[c]
		}
	}
	if cfg.NoRefit {
		return r, nil
	}
	m, err := build(f, r.Best)
	if err != nil {
		return nil, fmt.Errorf("%s: refit: %w", where, err)
	}
	start := time.Now()
	if err := safeFit(m, X, y); err != nil {
		return nil, fmt.Errorf("%s: refit with %s: %w", where, formatParams(r.Best), err)
	}
	r.RefitTime = time.Since(start)
	r.BestEstimator = m
	return r, nil
}

// safeFit fits m, returning a panic as an error.
func safeFit(m model.Estimator, X mat.Matrix, y []float64) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return m.Fit(X, y)
}

func meanDuration(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, v := range d {
		sum += v
	}
	return sum / time.Duration(len(d))
}

// formatParams renders params as {a=1, b=x} with names sorted.
func formatParams(p model.Params) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range slices.Sorted(maps.Keys(p)) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%v", name, p[name])
	}
	b.WriteByte('}')
	return b.String()
}

// table returns the header and the cells of the results table, and which
// columns hold numbers (to be right-aligned).
func (r *GridResult) table() (head []string, rows [][]string, numeric []bool) {
	names := paramNames(r.Results)
	train := len(r.Results) > 0 && r.Results[0].TrainFoldScores != nil
	head = append(head, "rank")
	numeric = append(numeric, true)
	for _, name := range names {
		head = append(head, name)
		numeric = append(numeric, false)
	}
	head = append(head, "mean score", "std score")
	numeric = append(numeric, true, true)
	if train {
		head = append(head, "mean train")
		numeric = append(numeric, true)
	}
	for _, row := range r.Results {
		cells := []string{fmt.Sprint(row.Rank)}
		for _, name := range names {
			v, ok := row.Params[name]
			if !ok {
				cells = append(cells, "")
				continue
			}
			cells = append(cells, fmt.Sprint(v))
		}
		cells = append(cells, fmt.Sprintf("%.4f", row.MeanScore), fmt.Sprintf("%.4f", row.StdScore))
		if train {
			cells = append(cells, fmt.Sprintf("%.4f", row.MeanTrainScore))
		}
		rows = append(rows, cells)
	}
	return head, rows, numeric
}

// paramNames returns the sorted union of the rows' parameter names.
func paramNames(rows []GridRow) []string {
	seen := make(map[string]bool)
	for _, row := range rows {
		for name := range row.Params {
			seen[name] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// Table renders the results as an aligned text table, one line per
// combination in grid order: rank, the parameters, and the mean and
// standard deviation of the test scores (and the mean training score when
// computed), to four decimals. Fit times are left out so that the table is
// reproducible; they are in Results.
func (r *GridResult) Table() string {
	head, rows, numeric := r.table()
	width := make([]int, len(head))
	for _, line := range append([][]string{head}, rows...) {
		for j, cell := range line {
			width[j] = max(width[j], len([]rune(cell)))
		}
	}
	var b strings.Builder
	for _, line := range append([][]string{head}, rows...) {
		var l strings.Builder
		for j, cell := range line {
			if j > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[j]-len([]rune(cell)))
			if numeric[j] {
				l.WriteString(pad + cell)
			} else {
				l.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// HTML renders the table of Table as an HTML <table> for notebooks; rows of
// rank 1 are bold.
func (r *GridResult) HTML() string {
	head, rows, numeric := r.table()
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for _, h := range head {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(h))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, line := range rows {
		if r.Results[i].Rank == 1 {
			b.WriteString(`<tr style="font-weight:bold">`)
		} else {
			b.WriteString("<tr>")
		}
		for j, cell := range line {
			if numeric[j] {
				fmt.Fprintf(&b, `<td style="text-align:right">%s</td>`, html.EscapeString(cell))
			} else {
				fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(cell))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}
