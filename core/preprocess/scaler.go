package preprocess

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// machineEps is np.finfo(np.float64).eps, used by sklearn's tests for
// constant columns.
const machineEps = 0x1p-52

// StandardScalerConfig holds the options of a StandardScaler. The zero value
// centres and scales, as sklearn's defaults.
type StandardScalerConfig struct {
	// NoMean skips centring: Transform only divides by the scale (sklearn's
	// with_mean=False). Default false.
	NoMean bool `json:"no_mean"`
	// NoStd skips scaling: Transform only subtracts the mean (sklearn's
	// with_std=False). Default false.
	NoStd bool `json:"no_std"`
}

// StandardScaler standardizes each column to zero mean and unit variance:
// z = (x - mean) / scale, where scale is the population standard deviation
// (dividing by n, not n-1, as sklearn does). A column that is constant (to
// within rounding) gets scale 1, so it becomes all zeros rather than NaN.
type StandardScaler struct {
	// Config holds the options; the zero value centres and scales.
	Config StandardScalerConfig

	mean, variance, scale []float64
	nSamples              int
}

// Fit learns the mean and standard deviation of each column of X. y is
// ignored.
func (s *StandardScaler) Fit(X mat.Matrix, y []float64) error {
	n, p, err := model.CheckX(X, 0)
	if err != nil {
		return fmt.Errorf("preprocess: StandardScaler.Fit: %w", err)
	}
	d := model.Dense(X)
	// sklearn's corrected two-pass algorithm (_incremental_mean_and_var):
	// mean = Σx/n; var = (Σ(x-mean)² - (Σ(x-mean))²/n) / n. Column sums are
	// accumulated row by row, as numpy does for axis-0 reductions. gonum's
	// stat.MeanVariance is per-column and divides by n-1, hence by hand.
	sum := make([]float64, p)
	for i := 0; i < n; i++ {
		for j, v := range d.RawRowView(i) {
			sum[j] += v
		}
	}
	nf := float64(n)
	mean := make([]float64, p)
	for j := range mean {
		mean[j] = sum[j] / nf
	}
	corr := make([]float64, p)
	sq := make([]float64, p)
	for i := 0; i < n; i++ {
		for j, v := range d.RawRowView(i) {
			t := v - mean[j]
			corr[j] += t
			sq[j] += float64(t * t)
		}
	}
	variance := make([]float64, p)
	scale := make([]float64, p)
	for j := range variance {
		variance[j] = (sq[j] - corr[j]*corr[j]/nf) / nf
		// _is_constant_feature: the variance is within the rounding error
		// bound of the two-pass algorithm.
		bound := nf*machineEps*variance[j] + math.Pow(nf*mean[j]*machineEps, 2)
		if variance[j] <= bound {
			scale[j] = 1
		} else {
			scale[j] = math.Sqrt(variance[j])
		}
	}
	s.mean, s.variance, s.scale, s.nSamples = mean, variance, scale, n
	return nil
}

// Transform standardizes X with the means and scales learned by Fit.
func (s *StandardScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	if s.mean == nil {
		return nil, notFitted("StandardScaler.Transform")
	}
	d, err := checkTransform("StandardScaler.Transform", X, len(s.mean))
	if err != nil {
		return nil, err
	}
	n, p := d.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		dst := out.RawRowView(i)
		for j, v := range d.RawRowView(i) {
			if !s.Config.NoMean {
				v -= s.mean[j]
			}
			if !s.Config.NoStd {
				v /= s.scale[j]
			}
			dst[j] = v
		}
	}
	return out, nil
}

// FitTransform fits the scaler to X and returns X standardized.
func (s *StandardScaler) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := s.Fit(X, y); err != nil {
		return nil, err
	}
	return s.Transform(X)
}

// InverseTransform maps standardized values back to the original units:
// x = z*scale + mean.
func (s *StandardScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if s.mean == nil {
		return nil, notFitted("StandardScaler.InverseTransform")
	}
	d, err := checkTransform("StandardScaler.InverseTransform", X, len(s.mean))
	if err != nil {
		return nil, err
	}
	n, p := d.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		dst := out.RawRowView(i)
		for j, v := range d.RawRowView(i) {
			if !s.Config.NoStd {
				v *= s.scale[j]
			}
			if !s.Config.NoMean {
				v += s.mean[j]
			}
			dst[j] = v
		}
	}
	return out, nil
}

// Mean returns the column means learned by Fit (nil before Fit). They are
// learned even when NoMean is set, but then not subtracted.
func (s *StandardScaler) Mean() []float64 { return slices.Clone(s.mean) }

// Var returns the population variances of the columns (nil before Fit).
func (s *StandardScaler) Var() []float64 { return slices.Clone(s.variance) }

// Scale returns the per-column divisors: the standard deviations, with 1 for
// constant columns (nil before Fit). They are learned even when NoStd is
// set, but then not applied.
func (s *StandardScaler) Scale() []float64 { return slices.Clone(s.scale) }

// NumSamples returns the number of rows seen by Fit.
func (s *StandardScaler) NumSamples() int { return s.nSamples }

type standardScalerJSON struct {
	Config   StandardScalerConfig `json:"config"`
	Mean     []float64            `json:"mean"`
	Var      []float64            `json:"var"`
	Scale    []float64            `json:"scale"`
	NSamples int                  `json:"n_samples"`
}

// MarshalJSON saves the fitted scaler in a versioned envelope of kind
// "preprocess.StandardScaler". An unfitted scaler is an error.
func (s *StandardScaler) MarshalJSON() ([]byte, error) {
	if s.mean == nil {
		return nil, notFitted("StandardScaler.MarshalJSON")
	}
	return model.MarshalEnvelope("preprocess.StandardScaler", 1, standardScalerJSON{
		Config: s.Config, Mean: s.mean, Var: s.variance, Scale: s.scale, NSamples: s.nSamples,
	})
}

// UnmarshalJSON loads a scaler saved by MarshalJSON.
func (s *StandardScaler) UnmarshalJSON(data []byte) error {
	var v standardScalerJSON
	if _, err := model.UnmarshalEnvelope(data, "preprocess.StandardScaler", 1, &v); err != nil {
		return fmt.Errorf("preprocess: StandardScaler.UnmarshalJSON: %w", err)
	}
	p := len(v.Mean)
	if p == 0 || len(v.Var) != p || len(v.Scale) != p {
		return errors.New("preprocess: StandardScaler.UnmarshalJSON: corrupt payload: mean, var and scale must have the same non-zero length")
	}
	s.Config, s.mean, s.variance, s.scale, s.nSamples = v.Config, v.Mean, v.Var, v.Scale, v.NSamples
	return nil
}

// MinMaxScalerConfig holds the options of a MinMaxScaler.
type MinMaxScalerConfig struct {
	// Min and Max are the target range of every column (sklearn's
	// feature_range). When both are zero the range is [0, 1]; otherwise Min
	// must be less than Max.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Clip clamps transformed values of new data to [Min, Max] (sklearn's
	// clip). Default false: values outside the training range map outside
	// [Min, Max].
	Clip bool `json:"clip"`
}

// MinMaxScaler maps each column linearly so that its training minimum goes
// to Min and its maximum to Max: x' = x*scale + offset with
// scale = (Max-Min)/(max-min). A constant column (range below 10 machine
// epsilons) gets range 1, so it maps to Min, as in sklearn.
type MinMaxScaler struct {
	// Config holds the target range; the zero value means [0, 1].
	Config MinMaxScalerConfig

	dataMin, dataMax, scale, offset []float64
}

// featureRange returns the validated target range.
func (c MinMaxScalerConfig) featureRange() (lo, hi float64, err error) {
	lo, hi = c.Min, c.Max
	if lo == 0 && hi == 0 {
		return 0, 1, nil
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return lo, hi, fmt.Errorf("Config.Min = %v must be less than Config.Max = %v, both finite", lo, hi)
	}
	return lo, hi, nil
}

// Fit learns the minimum and maximum of each column of X. y is ignored.
func (s *MinMaxScaler) Fit(X mat.Matrix, y []float64) error {
	lo, hi, err := s.Config.featureRange()
	if err != nil {
		return fmt.Errorf("preprocess: MinMaxScaler.Fit: %w", err)
	}
	n, p, err := model.CheckX(X, 0)
	if err != nil {
		return fmt.Errorf("preprocess: MinMaxScaler.Fit: %w", err)
	}
	d := model.Dense(X)
	dmin := slices.Clone(d.RawRowView(0))
	dmax := slices.Clone(d.RawRowView(0))
	for i := 1; i < n; i++ {
		for j, v := range d.RawRowView(i) {
			dmin[j] = min(dmin[j], v)
			dmax[j] = max(dmax[j], v)
		}
	}
	scale := make([]float64, p)
	offset := make([]float64, p)
	for j := range scale {
		r := dmax[j] - dmin[j]
		if r < 10*machineEps {
			r = 1
		}
		scale[j] = (hi - lo) / r
		offset[j] = lo - float64(dmin[j]*scale[j])
	}
	s.dataMin, s.dataMax, s.scale, s.offset = dmin, dmax, scale, offset
	return nil
}

// Transform rescales X with the ranges learned by Fit.
func (s *MinMaxScaler) Transform(X mat.Matrix) (*mat.Dense, error) {
	if s.scale == nil {
		return nil, notFitted("MinMaxScaler.Transform")
	}
	d, err := checkTransform("MinMaxScaler.Transform", X, len(s.scale))
	if err != nil {
		return nil, err
	}
	lo, hi, err := s.Config.featureRange()
	if err != nil {
		return nil, fmt.Errorf("preprocess: MinMaxScaler.Transform: %w", err)
	}
	n, p := d.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		dst := out.RawRowView(i)
		for j, v := range d.RawRowView(i) {
			// The explicit conversion forbids a fused multiply-add, keeping
			// sklearn's two roundings (X *= scale; X += min) on every CPU.
			v = float64(v*s.scale[j]) + s.offset[j]
			if s.Config.Clip {
				v = min(max(v, lo), hi)
			}
			dst[j] = v
		}
	}
	return out, nil
}

// FitTransform fits the scaler to X and returns X rescaled.
func (s *MinMaxScaler) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := s.Fit(X, y); err != nil {
		return nil, err
	}
	return s.Transform(X)
}

// InverseTransform maps rescaled values back to the original units.
func (s *MinMaxScaler) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	if s.scale == nil {
		return nil, notFitted("MinMaxScaler.InverseTransform")
	}
	d, err := checkTransform("MinMaxScaler.InverseTransform", X, len(s.scale))
	if err != nil {
		return nil, err
	}
	n, p := d.Dims()
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		dst := out.RawRowView(i)
		for j, v := range d.RawRowView(i) {
			dst[j] = (v - s.offset[j]) / s.scale[j]
		}
	}
	return out, nil
}

// DataMin returns the column minima seen by Fit (nil before Fit).
func (s *MinMaxScaler) DataMin() []float64 { return slices.Clone(s.dataMin) }

// DataMax returns the column maxima seen by Fit (nil before Fit).
func (s *MinMaxScaler) DataMax() []float64 { return slices.Clone(s.dataMax) }

// Scale returns the per-column factors (Max-Min)/(max-min) (nil before Fit).
func (s *MinMaxScaler) Scale() []float64 { return slices.Clone(s.scale) }

// Offset returns the per-column offsets Min - min*scale, sklearn's min_ (nil
// before Fit).
func (s *MinMaxScaler) Offset() []float64 { return slices.Clone(s.offset) }

type minMaxScalerJSON struct {
	Config  MinMaxScalerConfig `json:"config"`
	DataMin []float64          `json:"data_min"`
	DataMax []float64          `json:"data_max"`
	Scale   []float64          `json:"scale"`
	Offset  []float64          `json:"offset"`
}

// MarshalJSON saves the fitted scaler in a versioned envelope of kind
// "preprocess.MinMaxScaler". An unfitted scaler is an error.
func (s *MinMaxScaler) MarshalJSON() ([]byte, error) {
	if s.scale == nil {
		return nil, notFitted("MinMaxScaler.MarshalJSON")
	}
	return model.MarshalEnvelope("preprocess.MinMaxScaler", 1, minMaxScalerJSON{
		Config: s.Config, DataMin: s.dataMin, DataMax: s.dataMax, Scale: s.scale, Offset: s.offset,
	})
}

// UnmarshalJSON loads a scaler saved by MarshalJSON.
func (s *MinMaxScaler) UnmarshalJSON(data []byte) error {
	var v minMaxScalerJSON
	if _, err := model.UnmarshalEnvelope(data, "preprocess.MinMaxScaler", 1, &v); err != nil {
		return fmt.Errorf("preprocess: MinMaxScaler.UnmarshalJSON: %w", err)
	}
	p := len(v.Scale)
	if p == 0 || len(v.DataMin) != p || len(v.DataMax) != p || len(v.Offset) != p {
		return errors.New("preprocess: MinMaxScaler.UnmarshalJSON: corrupt payload: data_min, data_max, scale and offset must have the same non-zero length")
	}
	s.Config, s.dataMin, s.dataMax, s.scale, s.offset = v.Config, v.DataMin, v.DataMax, v.Scale, v.Offset
	return nil
}
