package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// The synthetic generators below draw every random number from
// model.NewRand(Seed): the same config gives the same data, bit for bit, on
// every platform (see portable.go for how). The classification generators
// label classes 0, 1, ..., set TargetNames to "0", "1", ..., and return the
// samples in a random order (like scikit-learn's shuffle=True).

// defaultN is the number of samples when a config leaves N at zero.
const defaultN = 100

// checkN validates a sample count (0 means defaultN) and returns it.
func checkN(gen string, n, minN int) (int, error) {
	if n == 0 {
		n = defaultN
	}
	if n < minN {
		return 0, fmt.Errorf("data: %s: N = %d, want at least %d (0 means %d)", gen, n, minN, defaultN)
	}
	return n, nil
}

// checkNonNeg validates a finite, non-negative parameter.
func checkNonNeg(gen, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("data: %s: %s = %v, want a finite number ≥ 0", gen, name, v)
	}
	return nil
}

// featureNames returns x0, x1, ..., x{p-1}.
func featureNames(p int) []string {
	names := make([]string, p)
	for j := range names {
		names[j] = "x" + strconv.Itoa(j)
	}
	return names
}

// classNames returns "0", "1", ..., "k-1".
func classNames(k int) []string {
	names := make([]string, k)
	for j := range names {
		names[j] = strconv.Itoa(j)
	}
	return names
}

// classSizes splits n samples over k classes as scikit-learn does: n/k
// each, and one more for each of the first n%k classes.
func classSizes(n, k int) []int {
	sizes := make([]int, k)
	for c := range sizes {
		sizes[c] = n / k
		if c < n%k {
			sizes[c]++
		}
	}
	return sizes
}

// shuffled returns a classification dataset with the rows of X and y put
// in a random order drawn from r.
func shuffled(name string, X *mat.Dense, y []float64, k int, r *rand.Rand) *Dataset {
	n, p := X.Dims()
	ds := &Dataset{Name: name, X: X, Y: y, FeatureNames: featureNames(p), TargetNames: classNames(k)}
	return ds.Subset(r.Perm(n))
}

// LinearNoiseConfig configures LinearNoise.
type LinearNoiseConfig struct {
	// N is the number of samples; 0 means 100.
	N int
	// P is the number of features; 0 means 1.
	P int
	// Weights are the true coefficients w (length P). Nil (default) draws
	// them uniformly from [-5, 5]; TrueWeights reports them.
	Weights []float64
	// Intercept is the true intercept b; default 0.
	Intercept float64
	// Noise is the standard deviation of the Gaussian noise added to y;
	// default 0 (no noise).
	Noise float64
	// Seed seeds the random numbers.
	Seed uint64
}

// LinearNoise generates a regression problem y = X·w + b + ε: the features
// are independent standard normal, ε is Gaussian with standard deviation
// Noise. TargetNames is nil.
func LinearNoise(cfg LinearNoiseConfig) (*Dataset, error) {
	n, err := checkN("LinearNoise", cfg.N, 1)
	if err != nil {
		return nil, err
	}
	r := model.NewRand(cfg.Seed)
	w, err := cfg.weights(r)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(cfg.Intercept) || math.IsInf(cfg.Intercept, 0) {
		return nil, fmt.Errorf("data: LinearNoise: Intercept = %v, want a finite number", cfg.Intercept)
	}
	if err := checkNonNeg("LinearNoise", "Noise", cfg.Noise); err != nil {
		return nil, err
	}
	p := len(w)
	g := &normals{r: r}
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		row := X.RawRowView(i)
		for j := range row {
			row[j] = g.next()
		}
		// Hand-written dot product with explicit rounding, so that no
		// multiply-add is fused and the result is the same everywhere.
		s := cfg.Intercept
		for j, v := range row {
			s += float64(v * w[j])
		}
		y[i] = s
	}
	if cfg.Noise > 0 {
		for i := range y {
			y[i] += float64(cfg.Noise * g.next())
		}
	}
	return &Dataset{Name: "linear_noise", X: X, Y: y, FeatureNames: featureNames(p)}, nil
}

// TrueWeights returns the coefficients w that LinearNoise(c) uses: c.Weights
// when set, else the ones drawn from c.Seed.
func (c LinearNoiseConfig) TrueWeights() ([]float64, error) {
	return c.weights(model.NewRand(c.Seed))
}

// weights validates P and Weights and returns w, drawing it from r when
// Weights is nil. It is the first use of r in LinearNoise.
func (c LinearNoiseConfig) weights(r *rand.Rand) ([]float64, error) {
	p := c.P
	if p < 0 {
		return nil, fmt.Errorf("data: LinearNoise: P = %d, want ≥ 1 (0 means 1, or len(Weights))", p)
	}
	if c.Weights != nil {
		if p != 0 && p != len(c.Weights) {
			return nil, fmt.Errorf("data: LinearNoise: P = %d but len(Weights) = %d", p, len(c.Weights))
		}
		if len(c.Weights) == 0 {
			return nil, fmt.Errorf("data: LinearNoise: Weights is empty")
		}
		for j, v := range c.Weights {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("data: LinearNoise: Weights[%d] = %v, want a finite number", j, v)
			}
		}
		return append([]float64(nil), c.Weights...), nil
	}
	if p == 0 {
		p = 1
	}
	w := make([]float64, p)
	for j := range w {
		w[j] = float64(10*r.Float64()) - 5
	}
	return w, nil
}

// BlobsConfig configures Blobs.
type BlobsConfig struct {
	// N is the number of samples; 0 means 100. They are spread over the
	// centers as evenly as possible (the first N%K centers get one more).
	N int
	// Centers are the cluster centers, one row per class. Nil (default)
	// draws K centers uniformly from the box [-10, 10]^P, as scikit-learn's
	// make_blobs does; TrueCenters reports them.
	Centers [][]float64
	// K is the number of random centers when Centers is nil; 0 means 3.
	K int
	// P is the number of features when Centers is nil; 0 means 2.
	P int
	// Std is the standard deviation of each cluster (Gaussian, the same in
	// every direction); 0 means 1.
	Std float64
	// Seed seeds the random numbers.
	Seed uint64
}

// Blobs generates Gaussian clusters for classification and clustering:
// class c holds points drawn around Centers[c] with standard deviation Std.
func Blobs(cfg BlobsConfig) (*Dataset, error) {
	r := model.NewRand(cfg.Seed)
	centers, err := cfg.centers(r)
	if err != nil {
		return nil, err
	}
	k, p := centers.Dims()
	n, err := checkN("Blobs", cfg.N, k)
	if err != nil {
		return nil, err
	}
	std := cfg.Std
	if err := checkNonNeg("Blobs", "Std", std); err != nil {
		return nil, err
	}
	if std == 0 {
		std = 1
	}
	g := &normals{r: r}
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	i := 0
	for c, size := range classSizes(n, k) {
		center := centers.RawRowView(c)
		for range size {
			row := X.RawRowView(i)
			for j := range row {
				row[j] = center[j] + float64(std*g.next())
			}
			y[i] = float64(c)
			i++
		}
	}
	return shuffled("blobs", X, y, k, r), nil
}

// TrueCenters returns the cluster centers that Blobs(c) uses, one row per
// class: c.Centers when set, else the ones drawn from c.Seed.
func (c BlobsConfig) TrueCenters() (*mat.Dense, error) {
	return c.centers(model.NewRand(c.Seed))
}

// centers validates the center parameters and returns the centers, drawing
// them from r when Centers is nil. It is the first use of r in Blobs.
func (c BlobsConfig) centers(r *rand.Rand) (*mat.Dense, error) {
	if c.Centers != nil {
		k := len(c.Centers)
		if k < 1 || len(c.Centers[0]) < 1 {
			return nil, fmt.Errorf("data: Blobs: Centers is empty")
		}
		if c.K != 0 && c.K != k {
			return nil, fmt.Errorf("data: Blobs: K = %d but len(Centers) = %d", c.K, k)
		}
		p := len(c.Centers[0])
		if c.P != 0 && c.P != p {
			return nil, fmt.Errorf("data: Blobs: P = %d but Centers have %d coordinates", c.P, p)
		}
		m := mat.NewDense(k, p, nil)
		for i, row := range c.Centers {
			if len(row) != p {
				return nil, fmt.Errorf("data: Blobs: Centers[%d] has %d coordinates, Centers[0] has %d", i, len(row), p)
			}
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("data: Blobs: Centers[%d][%d] = %v, want a finite number", i, j, v)
				}
			}
			m.SetRow(i, row)
		}
		return m, nil
	}
	k, p := c.K, c.P
	if k < 0 || p < 0 {
		return nil, fmt.Errorf("data: Blobs: K = %d, P = %d, want ≥ 1 (0 means 3 and 2)", k, p)
	}
	if k == 0 {
		k = 3
	}
	if p == 0 {
		p = 2
	}
	m := mat.NewDense(k, p, nil)
	data := m.RawMatrix().Data // row-major, as make_blobs draws them
	for j := range data {
		data[j] = float64(20*r.Float64()) - 10
	}
	return m, nil
}

// MoonsConfig configures Moons.
type MoonsConfig struct {
	// N is the number of samples; 0 means 100. Class 0 (the upper moon)
	// gets N/2 of them, class 1 the rest.
	N int
	// Noise is the standard deviation of the Gaussian noise added to each
	// coordinate; default 0.
	Noise float64
	// Seed seeds the random numbers.
	Seed uint64
}

// Moons generates two interleaving half circles in 2-D, as scikit-learn's
// make_moons: class 0 lies on (cos t, sin t) and class 1 on (1 - cos t,
// 1/2 - sin t) for t evenly spaced in [0, π]. Not linearly separable.
func Moons(cfg MoonsConfig) (*Dataset, error) {
	n, err := checkN("Moons", cfg.N, 2)
	if err != nil {
		return nil, err
	}
	if err := checkNonNeg("Moons", "Noise", cfg.Noise); err != nil {
		return nil, err
	}
	nOut := n / 2
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		var c, m int
		if i < nOut {
			c, m = i, nOut
		} else {
			c, m = i-nOut, n-nOut
			y[i] = 1
		}
		t := linspace(0, math.Pi, m, c)
		if y[i] == 0 {
			X.Set(i, 0, pcos(t))
			X.Set(i, 1, psin(t))
		} else {
			X.Set(i, 0, 1-pcos(t))
			X.Set(i, 1, 1-psin(t)-0.5)
		}
	}
	r := model.NewRand(cfg.Seed)
	addNoise(X, cfg.Noise, r)
	return shuffled("moons", X, y, 2, r), nil
}

// linspace returns the i-th of m evenly spaced points from a to b
// inclusive, as numpy.linspace does (a when m is 1).
func linspace(a, b float64, m, i int) float64 {
	if m == 1 {
		return a
	}
	if i == m-1 {
		return b
	}
	return a + float64(float64(i)*((b-a)/float64(m-1)))
}

// addNoise adds Gaussian noise of standard deviation std to every entry.
func addNoise(X *mat.Dense, std float64, r *rand.Rand) {
	if std == 0 {
		return
	}
	g := &normals{r: r}
	data := X.RawMatrix().Data // X is freshly made, so contiguous
	for i := range data {
		data[i] += float64(std * g.next())
	}
}

// CirclesConfig configures Circles.
type CirclesConfig struct {
	// N is the number of samples; 0 means 100. Class 0 (the outer circle)
	// gets N/2 of them, class 1 the rest.
	N int
	// Noise is the standard deviation of the Gaussian noise added to each
	// coordinate; default 0.
	Noise float64
	// Factor is the radius of the inner circle relative to the outer one
	// (which has radius 1), in (0, 1); 0 means 0.8.
	Factor float64
	// Seed seeds the random numbers.
	Seed uint64
}

// Circles generates a small circle inside a large one in 2-D, as
// scikit-learn's make_circles: class 0 on the unit circle, class 1 on the
// circle of radius Factor, at evenly spaced angles. Not linearly separable.
func Circles(cfg CirclesConfig) (*Dataset, error) {
	n, err := checkN("Circles", cfg.N, 2)
	if err != nil {
		return nil, err
	}
	if err := checkNonNeg("Circles", "Noise", cfg.Noise); err != nil {
		return nil, err
	}
	factor := cfg.Factor
	if factor == 0 {
		factor = 0.8
	}
	if !(factor > 0 && factor < 1) {
		return nil, fmt.Errorf("data: Circles: Factor = %v, want it in (0, 1) (0 means 0.8)", cfg.Factor)
	}
	nOut := n / 2
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		c, m, radius := i, nOut, 1.0
		if i >= nOut {
			c, m, radius = i-nOut, n-nOut, factor
			y[i] = 1
		}
		// m points on [0, 2π) without the endpoint, as sklearn.
		t := float64(float64(c) * (2 * math.Pi / float64(m)))
		X.Set(i, 0, float64(radius*pcos(t)))
		X.Set(i, 1, float64(radius*psin(t)))
	}
	r := model.NewRand(cfg.Seed)
	addNoise(X, cfg.Noise, r)
	return shuffled("circles", X, y, 2, r), nil
}

// XORConfig configures XOR.
type XORConfig struct {
	// N is the number of samples; 0 means 100. They are spread evenly over
	// the four quadrants, so the classes are balanced when N is even.
	N int
	// Noise is the standard deviation of the Gaussian noise added to each
	// coordinate after labelling; default 0 (the quadrants do not overlap).
	Noise float64
	// Seed seeds the random numbers.
	Seed uint64
}

// XOR generates the exclusive-or problem in 2-D: points uniform in the four
// quadrants of [-1, 1]², labelled 1 when the two coordinates have opposite
// signs and 0 otherwise. No linear model separates it.
func XOR(cfg XORConfig) (*Dataset, error) {
	n, err := checkN("XOR", cfg.N, 4)
	if err != nil {
		return nil, err
	}
	if err := checkNonNeg("XOR", "Noise", cfg.Noise); err != nil {
		return nil, err
	}
	r := model.NewRand(cfg.Seed)
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	// Quadrant order (+,+), (-,+), (-,-), (+,-): labels 0, 1, 0, 1, so that
	// an even N gives balanced classes.
	signs := [4][2]float64{{1, 1}, {-1, 1}, {-1, -1}, {1, -1}}
	for i := range n {
		q := i % 4
		// Float64 is in [0, 1); 1 - Float64 is in (0, 1], keeping points
		// off the axes.
		X.Set(i, 0, signs[q][0]*(1-r.Float64()))
		X.Set(i, 1, signs[q][1]*(1-r.Float64()))
		y[i] = float64(q % 2)
	}
	addNoise(X, cfg.Noise, r)
	return shuffled("xor", X, y, 2, r), nil
}

// SpiralConfig configures Spiral.
type SpiralConfig struct {
	// N is the total number of samples; 0 means 100. They are spread over
	// the classes as evenly as possible.
	N int
	// Classes is the number of spiral arms, one per class; 0 means 3.
	Classes int
	// Turns is how many times each arm winds around the origin, in
	// (0, 100]; 0 means 1.
	Turns float64
	// Noise is the standard deviation of the Gaussian noise added to each
	// coordinate; default 0.
	Noise float64
	// Seed seeds the random numbers.
	Seed uint64
}

// Spiral generates interleaved spiral arms in 2-D (the classic neural-network
// teaching problem): sample j of the m samples of class c lies at radius
// r = (j+1)/m and angle 2π·(Turns·r + c/Classes).
func Spiral(cfg SpiralConfig) (*Dataset, error) {
	k := cfg.Classes
	if k == 0 {
		k = 3
	}
	if k < 2 {
		return nil, fmt.Errorf("data: Spiral: Classes = %d, want ≥ 2 (0 means 3)", cfg.Classes)
	}
	n, err := checkN("Spiral", cfg.N, k)
	if err != nil {
		return nil, err
	}
	turns := cfg.Turns
	if turns == 0 {
		turns = 1
	}
	if !(turns > 0 && turns <= 100) {
		return nil, fmt.Errorf("data: Spiral: Turns = %v, want it in (0, 100] (0 means 1)", cfg.Turns)
	}
	if err := checkNonNeg("Spiral", "Noise", cfg.Noise); err != nil {
		return nil, err
	}
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	i := 0
	for c, m := range classSizes(n, k) {
		offset := float64(c) / float64(k)
		for j := range m {
			radius := float64(j+1) / float64(m)
			t := float64(2*math.Pi) * (float64(turns*radius) + offset)
			X.Set(i, 0, float64(radius*pcos(t)))
			X.Set(i, 1, float64(radius*psin(t)))
			y[i] = float64(c)
			i++
		}
	}
	r := model.NewRand(cfg.Seed)
	addNoise(X, cfg.Noise, r)
	return shuffled("spiral", X, y, k, r), nil
}
