package svm

import (
	"errors"
	"fmt"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Kinds and versions of the saved models.
const (
	kindSVC       = "svm.SVC"
	kindSVR       = "svm.SVR"
	kindLinearSVC = "svm.LinearSVC"
	fileVersion   = 1
)

// errCustomKernel is returned when saving a model with a user-defined
// kernel: Go code cannot be written to JSON.
var errCustomKernel = errors.New("the model uses a custom Go kernel, which cannot be saved (only the built-in kernels Linear, Poly, RBF and Sigmoid can)")

// kernelJSON is a built-in kernel with resolved parameters.
type kernelJSON struct {
	Kind   string  `json:"kind"`
	Gamma  float64 `json:"gamma,omitempty"`
	Coef0  float64 `json:"coef0,omitempty"`
	Degree int     `json:"degree,omitempty"`
}

func encodeKernel(ks kernelSpec) (kernelJSON, error) {
	if ks.Kind == kindCustom {
		return kernelJSON{}, fmt.Errorf("%w (kernel type %T)", errCustomKernel, ks.custom)
	}
	return kernelJSON{Kind: ks.Kind.String(), Gamma: ks.Gamma, Coef0: ks.Coef0, Degree: ks.Degree}, nil
}

func decodeKernel(k kernelJSON) (kernelSpec, error) {
	ks := kernelSpec{Gamma: k.Gamma, Coef0: k.Coef0, Degree: k.Degree}
	switch k.Kind {
	case "linear":
		ks.Kind = kindLinear
	case "poly":
		ks.Kind = kindPoly
	case "rbf":
		ks.Kind = kindRBF
	case "sigmoid":
		ks.Kind = kindSigmoid
	default:
		return ks, fmt.Errorf("unknown kernel kind %q", k.Kind)
	}
	return ks, nil
}

// encodeCustom turns Config.CustomKernel into JSON (nil when unset).
func encodeCustom(k Kernel) (*kernelJSON, error) {
	if k == nil {
		return nil, nil
	}
	ks, err := specOf(k)
	if err != nil {
		return nil, err
	}
	kj, err := encodeKernel(ks)
	if err != nil {
		return nil, err
	}
	return &kj, nil
}

func decodeCustom(kj *kernelJSON) (Kernel, error) {
	if kj == nil {
		return nil, nil
	}
	ks, err := decodeKernel(*kj)
	if err != nil {
		return nil, err
	}
	return ks.kernel(), nil
}

// weightJSON is one entry of a ClassWeight map (JSON objects cannot have
// number keys).
type weightJSON struct {
	Label  float64 `json:"label"`
	Weight float64 `json:"weight"`
}

func encodeWeights(m map[float64]float64) []weightJSON {
	var out []weightJSON
	for l, w := range m {
		out = append(out, weightJSON{l, w})
	}
	slices.SortFunc(out, func(a, b weightJSON) int {
		switch {
		case a.Label < b.Label:
			return -1
		case a.Label > b.Label:
			return 1
		}
		return 0
	})
	return out
}

func decodeWeights(ws []weightJSON) map[float64]float64 {
	if ws == nil {
		return nil
	}
	m := make(map[float64]float64, len(ws))
	for _, w := range ws {
		m[w.Label] = w.Weight
	}
	return m
}

func denseRows(d *mat.Dense) [][]float64 {
	if d == nil {
		return nil
	}
	r, _ := d.Dims()
	out := make([][]float64, r)
	for i := range r {
		out[i] = slices.Clone(d.RawRowView(i))
	}
	return out
}

func rowsDense(rows [][]float64, cols int) (*mat.Dense, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	d := mat.NewDense(len(rows), cols, nil)
	for i, r := range rows {
		if len(r) != cols {
			return nil, fmt.Errorf("row %d has %d values, want %d", i, len(r), cols)
		}
		d.SetRow(i, r)
	}
	return d, nil
}

type svcConfigJSON struct {
	C                   float64      `json:"C"`
	Kernel              string       `json:"kernel,omitempty"`
	CustomKernel        *kernelJSON  `json:"custom_kernel,omitempty"`
	Degree              int          `json:"degree,omitempty"`
	Gamma               float64      `json:"gamma,omitempty"`
	GammaMode           string       `json:"gamma_mode,omitempty"`
	Coef0               float64      `json:"coef0,omitempty"`
	Tol                 float64      `json:"tol,omitempty"`
	CacheMB             float64      `json:"cache_mb,omitempty"`
	NoShrinking         bool         `json:"no_shrinking,omitempty"`
	ClassWeight         []weightJSON `json:"class_weight,omitempty"`
	BalancedClassWeight bool         `json:"balanced_class_weight,omitempty"`
	Probability         bool         `json:"probability,omitempty"`
	MaxIter             int          `json:"max_iter,omitempty"`
	Seed                uint64       `json:"seed,omitempty"`
	Record              bool         `json:"record,omitempty"`
}

type svcJSON struct {
	Config         svcConfigJSON `json:"config"`
	Classes        []float64     `json:"classes"`
	NFeatures      int           `json:"n_features"`
	Kernel         kernelJSON    `json:"kernel"`
	Support        []int         `json:"support"`
	SupportVectors [][]float64   `json:"support_vectors"`
	NSupport       []int         `json:"n_support"`
	SVCoef         [][]float64   `json:"sv_coef"`
	Rho            []float64     `json:"rho"`
	ProbA          []float64     `json:"prob_a,omitempty"`
	ProbB          []float64     `json:"prob_b,omitempty"`
	Iterations     []int         `json:"iterations"`
	Converged      bool          `json:"converged"`
}

// MarshalJSON saves the fitted model (configuration and learned state, not
// the trace) in descent's versioned envelope, kind "svm.SVC". A model with a
// custom Go kernel cannot be saved.
func (m *SVC) MarshalJSON() ([]byte, error) {
	if !m.fitted {
		return nil, fmt.Errorf("svm: SVC.MarshalJSON: %w", model.ErrNotFitted)
	}
	kj, err := encodeKernel(m.ks)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.MarshalJSON: %w", err)
	}
	ck, err := encodeCustom(m.Config.CustomKernel)
	if err != nil {
		return nil, fmt.Errorf("svm: SVC.MarshalJSON: %w", err)
	}
	c := m.Config
	p := svcJSON{
		Config: svcConfigJSON{
			C: c.C, Kernel: c.Kernel, CustomKernel: ck, Degree: c.Degree, Gamma: c.Gamma,
			GammaMode: c.GammaMode, Coef0: c.Coef0, Tol: c.Tol, CacheMB: c.CacheMB,
			NoShrinking: c.NoShrinking, ClassWeight: encodeWeights(c.ClassWeight),
			BalancedClassWeight: c.BalancedClassWeight, Probability: c.Probability,
			MaxIter: c.MaxIter, Seed: c.Seed, Record: c.Record,
		},
		Classes: m.classes, NFeatures: m.nFeatures, Kernel: kj, Support: m.support,
		SupportVectors: denseRows(m.sv), NSupport: m.nSupport, SVCoef: m.svCoef, Rho: m.rho,
		ProbA: m.probA, ProbB: m.probB, Iterations: m.iters, Converged: m.converged,
	}
	return model.MarshalEnvelope(kindSVC, fileVersion, p)
}

// UnmarshalJSON loads a model saved by MarshalJSON; it then predicts exactly
// as the saved model did.
func (m *SVC) UnmarshalJSON(b []byte) error {
	if err := m.unmarshal(b); err != nil {
		return fmt.Errorf("svm: SVC.UnmarshalJSON: %w", err)
	}
	return nil
}

func (m *SVC) unmarshal(b []byte) error {
	var p svcJSON
	if _, err := model.UnmarshalEnvelope(b, kindSVC, fileVersion, &p); err != nil {
		return err
	}
	ks, err := decodeKernel(p.Kernel)
	if err != nil {
		return err
	}
	ck, err := decodeCustom(p.Config.CustomKernel)
	if err != nil {
		return err
	}
	k := len(p.Classes)
	if k < 2 || p.NFeatures < 1 {
		return fmt.Errorf("corrupt %s payload: %d classes, %d features", kindSVC, k, p.NFeatures)
	}
	nSV := len(p.Support)
	total := 0
	for _, c := range p.NSupport {
		total += c
	}
	if len(p.NSupport) != k || total != nSV || len(p.SupportVectors) != nSV ||
		len(p.SVCoef) != k-1 || len(p.Rho) != k*(k-1)/2 {
		return fmt.Errorf("corrupt %s payload: inconsistent sizes", kindSVC)
	}
	for _, r := range p.SVCoef {
		if len(r) != nSV {
			return fmt.Errorf("corrupt %s payload: sv_coef rows must have %d values", kindSVC, nSV)
		}
	}
	if (p.ProbA != nil || p.ProbB != nil) && (len(p.ProbA) != len(p.Rho) || len(p.ProbB) != len(p.Rho)) {
		return fmt.Errorf("corrupt %s payload: prob_a/prob_b must have %d values", kindSVC, len(p.Rho))
	}
	sv, err := rowsDense(p.SupportVectors, p.NFeatures)
	if err != nil {
		return fmt.Errorf("corrupt %s payload: support vectors: %w", kindSVC, err)
	}
	c := p.Config
	*m = SVC{
		Config: SVCConfig{
			C: c.C, Kernel: c.Kernel, CustomKernel: ck, Degree: c.Degree, Gamma: c.Gamma,
			GammaMode: c.GammaMode, Coef0: c.Coef0, Tol: c.Tol, CacheMB: c.CacheMB,
			NoShrinking: c.NoShrinking, ClassWeight: decodeWeights(c.ClassWeight),
			BalancedClassWeight: c.BalancedClassWeight, Probability: c.Probability,
			MaxIter: c.MaxIter, Seed: c.Seed, Record: c.Record,
		},
		fitted: true, classes: p.Classes, nFeatures: p.NFeatures, ks: ks, sv: sv,
		support: p.Support, nSupport: p.NSupport, svCoef: p.SVCoef, rho: p.Rho,
		probA: p.ProbA, probB: p.ProbB, iters: p.Iterations, converged: p.Converged,
	}
	m.prepare()
	return nil
}

type svrConfigJSON struct {
	C            float64     `json:"C"`
	Epsilon      float64     `json:"epsilon,omitempty"`
	ZeroEpsilon  bool        `json:"zero_epsilon,omitempty"`
	Kernel       string      `json:"kernel,omitempty"`
	CustomKernel *kernelJSON `json:"custom_kernel,omitempty"`
	Degree       int         `json:"degree,omitempty"`
	Gamma        float64     `json:"gamma,omitempty"`
	GammaMode    string      `json:"gamma_mode,omitempty"`
	Coef0        float64     `json:"coef0,omitempty"`
	Tol          float64     `json:"tol,omitempty"`
	CacheMB      float64     `json:"cache_mb,omitempty"`
	NoShrinking  bool        `json:"no_shrinking,omitempty"`
	MaxIter      int         `json:"max_iter,omitempty"`
	Record       bool        `json:"record,omitempty"`
}

type svrJSON struct {
	Config         svrConfigJSON `json:"config"`
	NFeatures      int           `json:"n_features"`
	Kernel         kernelJSON    `json:"kernel"`
	Support        []int         `json:"support"`
	SupportVectors [][]float64   `json:"support_vectors"`
	DualCoef       []float64     `json:"dual_coef"`
	Rho            float64       `json:"rho"`
	Iterations     int           `json:"iterations"`
	Converged      bool          `json:"converged"`
}

// MarshalJSON saves the fitted model in descent's versioned envelope, kind
// "svm.SVR". A model with a custom Go kernel cannot be saved.
func (m *SVR) MarshalJSON() ([]byte, error) {
	if !m.fitted {
		return nil, fmt.Errorf("svm: SVR.MarshalJSON: %w", model.ErrNotFitted)
	}
	kj, err := encodeKernel(m.ks)
	if err != nil {
		return nil, fmt.Errorf("svm: SVR.MarshalJSON: %w", err)
	}
	ck, err := encodeCustom(m.Config.CustomKernel)
	if err != nil {
		return nil, fmt.Errorf("svm: SVR.MarshalJSON: %w", err)
	}
	c := m.Config
	p := svrJSON{
		Config: svrConfigJSON{
			C: c.C, Epsilon: c.Epsilon, ZeroEpsilon: c.ZeroEpsilon, Kernel: c.Kernel, CustomKernel: ck,
			Degree: c.Degree, Gamma: c.Gamma, GammaMode: c.GammaMode, Coef0: c.Coef0, Tol: c.Tol,
			CacheMB: c.CacheMB, NoShrinking: c.NoShrinking, MaxIter: c.MaxIter, Record: c.Record,
		},
		NFeatures: m.nFeatures, Kernel: kj, Support: m.support, SupportVectors: denseRows(m.sv),
		DualCoef: m.coef, Rho: m.rho, Iterations: m.iters, Converged: m.converged,
	}
	return model.MarshalEnvelope(kindSVR, fileVersion, p)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *SVR) UnmarshalJSON(b []byte) error {
	if err := m.unmarshal(b); err != nil {
		return fmt.Errorf("svm: SVR.UnmarshalJSON: %w", err)
	}
	return nil
}

func (m *SVR) unmarshal(b []byte) error {
	var p svrJSON
	if _, err := model.UnmarshalEnvelope(b, kindSVR, fileVersion, &p); err != nil {
		return err
	}
	ks, err := decodeKernel(p.Kernel)
	if err != nil {
		return err
	}
	ck, err := decodeCustom(p.Config.CustomKernel)
	if err != nil {
		return err
	}
	if p.NFeatures < 1 || len(p.Support) != len(p.SupportVectors) || len(p.DualCoef) != len(p.Support) {
		return fmt.Errorf("corrupt %s payload: inconsistent sizes", kindSVR)
	}
	sv, err := rowsDense(p.SupportVectors, p.NFeatures)
	if err != nil {
		return fmt.Errorf("corrupt %s payload: support vectors: %w", kindSVR, err)
	}
	c := p.Config
	*m = SVR{
		Config: SVRConfig{
			C: c.C, Epsilon: c.Epsilon, ZeroEpsilon: c.ZeroEpsilon, Kernel: c.Kernel, CustomKernel: ck,
			Degree: c.Degree, Gamma: c.Gamma, GammaMode: c.GammaMode, Coef0: c.Coef0, Tol: c.Tol,
			CacheMB: c.CacheMB, NoShrinking: c.NoShrinking, MaxIter: c.MaxIter, Record: c.Record,
		},
		fitted: true, nFeatures: p.NFeatures, ks: ks, sv: sv, support: p.Support,
		coef: p.DualCoef, rho: p.Rho, iters: p.Iterations, converged: p.Converged,
	}
	m.svSq = svNorms(ks, sv)
	return nil
}

type linearSVCConfigJSON struct {
	C                   float64      `json:"C"`
	Loss                string       `json:"loss,omitempty"`
	Tol                 float64      `json:"tol,omitempty"`
	MaxIter             int          `json:"max_iter,omitempty"`
	NoIntercept         bool         `json:"no_intercept,omitempty"`
	InterceptScaling    float64      `json:"intercept_scaling,omitempty"`
	ClassWeight         []weightJSON `json:"class_weight,omitempty"`
	BalancedClassWeight bool         `json:"balanced_class_weight,omitempty"`
	Seed                uint64       `json:"seed,omitempty"`
}

type linearSVCJSON struct {
	Config     linearSVCConfigJSON `json:"config"`
	Classes    []float64           `json:"classes"`
	Coef       [][]float64         `json:"coef"`
	Intercept  []float64           `json:"intercept"`
	Iterations []int               `json:"iterations"`
	Converged  bool                `json:"converged"`
}

// MarshalJSON saves the fitted model in descent's versioned envelope, kind
// "svm.LinearSVC".
func (m *LinearSVC) MarshalJSON() ([]byte, error) {
	if !m.fitted {
		return nil, fmt.Errorf("svm: LinearSVC.MarshalJSON: %w", model.ErrNotFitted)
	}
	c := m.Config
	p := linearSVCJSON{
		Config: linearSVCConfigJSON{
			C: c.C, Loss: c.Loss, Tol: c.Tol, MaxIter: c.MaxIter, NoIntercept: c.NoIntercept,
			InterceptScaling: c.InterceptScaling, ClassWeight: encodeWeights(c.ClassWeight),
			BalancedClassWeight: c.BalancedClassWeight, Seed: c.Seed,
		},
		Classes: m.classes, Coef: denseRows(m.coef), Intercept: m.intercept,
		Iterations: m.iters, Converged: m.converged,
	}
	return model.MarshalEnvelope(kindLinearSVC, fileVersion, p)
}

// UnmarshalJSON loads a model saved by MarshalJSON.
func (m *LinearSVC) UnmarshalJSON(b []byte) error {
	if err := m.unmarshal(b); err != nil {
		return fmt.Errorf("svm: LinearSVC.UnmarshalJSON: %w", err)
	}
	return nil
}

func (m *LinearSVC) unmarshal(b []byte) error {
	var p linearSVCJSON
	if _, err := model.UnmarshalEnvelope(b, kindLinearSVC, fileVersion, &p); err != nil {
		return err
	}
	k := len(p.Classes)
	rows := k
	if k == 2 {
		rows = 1
	}
	if k < 2 || len(p.Coef) != rows || len(p.Intercept) != rows || len(p.Coef[0]) == 0 {
		return fmt.Errorf("corrupt %s payload: inconsistent sizes", kindLinearSVC)
	}
	coef, err := rowsDense(p.Coef, len(p.Coef[0]))
	if err != nil {
		return fmt.Errorf("corrupt %s payload: coef: %w", kindLinearSVC, err)
	}
	c := p.Config
	*m = LinearSVC{
		Config: LinearSVCConfig{
			C: c.C, Loss: c.Loss, Tol: c.Tol, MaxIter: c.MaxIter, NoIntercept: c.NoIntercept,
			InterceptScaling: c.InterceptScaling, ClassWeight: decodeWeights(c.ClassWeight),
			BalancedClassWeight: c.BalancedClassWeight, Seed: c.Seed,
		},
		fitted: true, classes: p.Classes, nFeatures: len(p.Coef[0]), coef: coef,
		intercept: p.Intercept, iters: p.Iterations, converged: p.Converged,
	}
	return nil
}
