package svm

import (
	"fmt"
	"math"
	"strings"
)

// Kernel is a kernel function K(a, b): an inner product of a and b in some
// feature space. The built-in kernels are Linear, Poly, RBF and Sigmoid; any
// other type plugs a user-defined K into SVC and SVR through
// Config.CustomKernel. Eval is called with vectors of equal length and must
// be symmetric (K(a, b) = K(b, a)) and positive semi-definite for the dual
// problem to be convex.
type Kernel interface {
	Eval(a, b []float64) float64
}

// Linear is the kernel K(a, b) = a·b.
type Linear struct{}

// Eval returns a·b.
func (Linear) Eval(a, b []float64) float64 { return dot(a, b) }

// Poly is the polynomial kernel K(a, b) = (Gamma·a·b + Coef0)^Degree.
type Poly struct {
	Gamma, Coef0 float64
	Degree       int
}

// Eval returns (Gamma·a·b + Coef0)^Degree.
func (k Poly) Eval(a, b []float64) float64 { return powi(k.Gamma*dot(a, b)+k.Coef0, k.Degree) }

// RBF is the Gaussian (radial basis function) kernel
// K(a, b) = exp(−Gamma·‖a − b‖²).
type RBF struct {
	Gamma float64
}

// Eval returns exp(−Gamma·‖a − b‖²).
func (k RBF) Eval(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		d := v - b[i]
		s += d * d
	}
	return math.Exp(-k.Gamma * s)
}

// Sigmoid is the kernel K(a, b) = tanh(Gamma·a·b + Coef0). It is not positive
// semi-definite for every choice of parameters.
type Sigmoid struct {
	Gamma, Coef0 float64
}

// Eval returns tanh(Gamma·a·b + Coef0).
func (k Sigmoid) Eval(a, b []float64) float64 { return math.Tanh(k.Gamma*dot(a, b) + k.Coef0) }

// kernelKind enumerates the kernels the solver knows how to compute fast.
type kernelKind uint8

const (
	kindLinear kernelKind = iota
	kindPoly
	kindRBF
	kindSigmoid
	kindCustom
)

func (k kernelKind) String() string {
	switch k {
	case kindLinear:
		return "linear"
	case kindPoly:
		return "poly"
	case kindRBF:
		return "rbf"
	case kindSigmoid:
		return "sigmoid"
	}
	return "custom"
}

// validKernelNames is the list shown in errors about an unknown kernel.
const validKernelNames = `"linear", "poly", "rbf" (default), "sigmoid"`

// kernelSpec is a kernel with its parameters resolved (γ is a number, not
// "scale"); it is what a fitted model stores and saves.
type kernelSpec struct {
	Kind   kernelKind
	Gamma  float64
	Coef0  float64
	Degree int
	custom Kernel
}

// kernelParams are the kernel-related fields shared by SVCConfig and
// SVRConfig.
type kernelParams struct {
	name      string
	custom    Kernel
	degree    int
	gamma     float64
	gammaMode string
	coef0     float64
}

// resolveKernel validates the kernel settings of a config and resolves γ
// from the training data x (n×p, row-major) when it is "scale" or "auto".
func resolveKernel(kp kernelParams, x []float64, p int) (kernelSpec, error) {
	if kp.custom != nil {
		if kp.name != "" && kp.name != "custom" {
			return kernelSpec{}, fmt.Errorf("both Kernel (%q) and CustomKernel (%T) are set: set one", kp.name, kp.custom)
		}
		return specOf(kp.custom)
	}
	var ks kernelSpec
	switch strings.ToLower(kp.name) {
	case "", "rbf":
		ks.Kind = kindRBF
	case "linear":
		ks.Kind = kindLinear
	case "poly":
		ks.Kind = kindPoly
	case "sigmoid":
		ks.Kind = kindSigmoid
	case "custom":
		return ks, fmt.Errorf(`Kernel is "custom" but CustomKernel is nil`)
	default:
		return ks, fmt.Errorf("unknown Kernel %q: valid names are %s, or set CustomKernel", kp.name, validKernelNames)
	}
	if kp.degree < 0 {
		return ks, fmt.Errorf("polynomial Degree = %d: must be ≥ 1 (0 means the default 3)", kp.degree)
	}
	ks.Degree = kp.degree
	if ks.Degree == 0 {
		ks.Degree = 3
	}
	if math.IsNaN(kp.coef0) || math.IsInf(kp.coef0, 0) {
		return ks, fmt.Errorf("Coef0 = %v: must be finite", kp.coef0)
	}
	ks.Coef0 = kp.coef0
	g, err := resolveGamma(kp.gamma, kp.gammaMode, x, p)
	if err != nil {
		return ks, err
	}
	ks.Gamma = g
	return ks, nil
}

// resolveGamma turns the Gamma/GammaMode pair of a config into a number.
func resolveGamma(gamma float64, mode string, x []float64, p int) (float64, error) {
	if math.IsNaN(gamma) || math.IsInf(gamma, 0) || gamma < 0 {
		return 0, fmt.Errorf("Gamma = %v: must be a finite number > 0 (or 0 to use GammaMode)", gamma)
	}
	if gamma > 0 {
		if mode != "" {
			return 0, fmt.Errorf("Gamma = %v and GammaMode = %q are both set: set one", gamma, mode)
		}
		return gamma, nil
	}
	switch strings.ToLower(mode) {
	case "", "scale":
		// scikit-learn: 1 / (p · Var(X)) with the population variance of
		// all entries of X, or 1 when X is constant.
		v := variance(x)
		if v == 0 {
			return 1, nil
		}
		return 1 / (float64(p) * v), nil
	case "auto":
		return 1 / float64(p), nil
	}
	return 0, fmt.Errorf(`unknown GammaMode %q: valid modes are "scale" (default) and "auto", or set Gamma to a number`, mode)
}

// variance is the population variance of xs, in two passes as numpy.
func variance(xs []float64) float64 {
	var s float64
	for _, v := range xs {
		s += v
	}
	m := s / float64(len(xs))
	var ss float64
	for _, v := range xs {
		d := v - m
		ss += d * d
	}
	return ss / float64(len(xs))
}

// specOf turns a Kernel value into a kernelSpec, recognising the built-in
// kernels so that they take the fast path and can be saved.
func specOf(k Kernel) (kernelSpec, error) {
	switch k := k.(type) {
	case Linear:
		return kernelSpec{Kind: kindLinear, Degree: 3}, nil
	case *Linear:
		return kernelSpec{Kind: kindLinear, Degree: 3}, nil
	case Poly:
		return checkSpec(kernelSpec{Kind: kindPoly, Gamma: k.Gamma, Coef0: k.Coef0, Degree: k.Degree})
	case *Poly:
		return checkSpec(kernelSpec{Kind: kindPoly, Gamma: k.Gamma, Coef0: k.Coef0, Degree: k.Degree})
	case RBF:
		return checkSpec(kernelSpec{Kind: kindRBF, Gamma: k.Gamma, Degree: 3})
	case *RBF:
		return checkSpec(kernelSpec{Kind: kindRBF, Gamma: k.Gamma, Degree: 3})
	case Sigmoid:
		return checkSpec(kernelSpec{Kind: kindSigmoid, Gamma: k.Gamma, Coef0: k.Coef0, Degree: 3})
	case *Sigmoid:
		return checkSpec(kernelSpec{Kind: kindSigmoid, Gamma: k.Gamma, Coef0: k.Coef0, Degree: 3})
	}
	return kernelSpec{Kind: kindCustom, custom: k}, nil
}

func checkSpec(ks kernelSpec) (kernelSpec, error) {
	name := ks.Kind.String()
	if math.IsNaN(ks.Gamma) || math.IsInf(ks.Gamma, 0) || ks.Gamma <= 0 {
		return ks, fmt.Errorf("CustomKernel %s has Gamma = %v: must be a finite number > 0", name, ks.Gamma)
	}
	if math.IsNaN(ks.Coef0) || math.IsInf(ks.Coef0, 0) {
		return ks, fmt.Errorf("CustomKernel %s has Coef0 = %v: must be finite", name, ks.Coef0)
	}
	if ks.Kind == kindPoly && ks.Degree < 1 {
		return ks, fmt.Errorf("CustomKernel poly has Degree = %d: must be ≥ 1", ks.Degree)
	}
	return ks, nil
}

// kernel returns the Kernel value that ks describes.
func (ks kernelSpec) kernel() Kernel {
	switch ks.Kind {
	case kindLinear:
		return Linear{}
	case kindPoly:
		return Poly{Gamma: ks.Gamma, Coef0: ks.Coef0, Degree: ks.Degree}
	case kindRBF:
		return RBF{Gamma: ks.Gamma}
	case kindSigmoid:
		return Sigmoid{Gamma: ks.Gamma, Coef0: ks.Coef0}
	}
	return ks.custom
}

// fromDot computes K(a, b) from a·b and, for RBF, ‖a‖² and ‖b‖², as
// libsvm does while training (custom kernels never come here).
func (ks *kernelSpec) fromDot(d, sqa, sqb float64) float64 {
	switch ks.Kind {
	case kindLinear:
		return d
	case kindPoly:
		return powi(ks.Gamma*d+ks.Coef0, ks.Degree)
	case kindRBF:
		return math.Exp(-ks.Gamma * (sqa + sqb - 2*d))
	default:
		return math.Tanh(ks.Gamma*d + ks.Coef0)
	}
}

// powi is base^times by repeated squaring, as libsvm computes it (so that
// polynomial kernels round the same way).
func powi(base float64, times int) float64 {
	tmp, ret := base, 1.0
	for t := times; t > 0; t /= 2 {
		if t%2 == 1 {
			ret *= tmp
		}
		tmp *= tmp
	}
	return ret
}

// dot is a·b with four independent accumulators. It is hand-written rather
// than a gonum call because the kernel rows call it millions of times on
// short vectors, where the call overhead of the BLAS routine dominates.
func dot(a, b []float64) float64 {
	n := len(a)
	b = b[:n]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < n; i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// expTableBits sets the size of expTable: 2^7 = 128 entries.
const expTableBits = 7

// expTable computes exp(x) about twice as fast as math.Exp, which matters
// because the RBF kernel spends most of its time there. It is the classic
// table method: x = (k·128 + j)·ln2/128 + r with |r| ≤ ln2/256, so
// exp(x) = 2^k · 2^(j/128) · exp(r), where 2^(j/128) comes from the table and
// exp(r) from a degree-5 polynomial. The relative error is below 1e-15, far
// finer than the float32 kernel cache. A table lives in the value that uses
// it (no package-level state).
type expTable [1 << expTableBits]float64

func newExpTable() *expTable {
	var t expTable
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return &t
}

// exp returns e^x.
func (t *expTable) exp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x) // also NaN, ±Inf
	}
	const (
		invLn2N = (1 << expTableBits) / math.Ln2
		// ln2/128 split into a 32-bit head (so that k·head is exact) and
		// the rest.
		ln2NHi = 0x1.62e42fee00000p-8
		ln2NLo = 0x1.a39ef35793c76p-40
		shift  = 0x1.8p52 // adding it rounds to an integer
	)
	z := x*invLn2N + shift
	kf := z - shift
	r := (x - kf*ln2NHi) - kf*ln2NLo
	ki := int64(math.Float64bits(z) - math.Float64bits(shift))
	tj := t[ki&(1<<expTableBits-1)]
	e := ki >> expTableBits
	r2 := r * r
	q := r + r2*(0.5+r*(1.0/6)) + r2*r2*(1.0/24+r*(1.0/120))
	return (tj + tj*q) * math.Float64frombits(uint64(e+1023)<<52)
}
