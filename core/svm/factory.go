package svm

import (
	"fmt"
	"strings"

	"github.com/descentml/descent/core/model"
)

// SVCFactory returns a model.Factory for grid search and cross-validation:
// each call builds a fresh SVC with configuration base overridden by the
// named parameters. Names follow scikit-learn: "C", "kernel", "gamma" (a
// number, or "scale" / "auto"), "degree", "coef0", "tol", "max_iter",
// "probability", "seed". Any other name is an error.
func SVCFactory(base SVCConfig) model.Factory {
	return func(params model.Params) (model.Estimator, error) {
		c := base
		for name, v := range params {
			var err error
			if ok, kerr := c.kernelFields().set(name, v); ok {
				if kerr != nil {
					return nil, fmt.Errorf("svm: SVCFactory: %w", kerr)
				}
				continue
			}
			switch strings.ToLower(name) {
			case "c":
				c.C, err = toFloat(name, v)
			case "probability":
				c.Probability, err = toBool(name, v)
			case "seed":
				var s int
				s, err = toInt(name, v)
				c.Seed = uint64(s)
			default:
				err = fmt.Errorf("unknown parameter %q (valid: C, kernel, gamma, degree, coef0, tol, max_iter, probability, seed)", name)
			}
			if err != nil {
				return nil, fmt.Errorf("svm: SVCFactory: %w", err)
			}
		}
		return &SVC{Config: c}, nil
	}
}

// SVRFactory is SVCFactory for SVR. Names: "C", "epsilon", "kernel",
// "gamma", "degree", "coef0", "tol", "max_iter".
func SVRFactory(base SVRConfig) model.Factory {
	return func(params model.Params) (model.Estimator, error) {
		c := base
		for name, v := range params {
			var err error
			if ok, kerr := c.kernelFields().set(name, v); ok {
				if kerr != nil {
					return nil, fmt.Errorf("svm: SVRFactory: %w", kerr)
				}
				continue
			}
			switch strings.ToLower(name) {
			case "c":
				c.C, err = toFloat(name, v)
			case "epsilon":
				c.Epsilon, err = toFloat(name, v)
				if err == nil && c.Epsilon == 0 {
					c.ZeroEpsilon = true
				}
			default:
				err = fmt.Errorf("unknown parameter %q (valid: C, epsilon, kernel, gamma, degree, coef0, tol, max_iter)", name)
			}
			if err != nil {
				return nil, fmt.Errorf("svm: SVRFactory: %w", err)
			}
		}
		return &SVR{Config: c}, nil
	}
}

// LinearSVCFactory is SVCFactory for LinearSVC. Names: "C", "loss", "tol",
// "max_iter", "intercept_scaling", "seed".
func LinearSVCFactory(base LinearSVCConfig) model.Factory {
	return func(params model.Params) (model.Estimator, error) {
		c := base
		for name, v := range params {
			var err error
			switch strings.ToLower(name) {
			case "c":
				c.C, err = toFloat(name, v)
			case "loss":
				s, ok := v.(string)
				if !ok {
					err = fmt.Errorf("parameter loss = %v (%T): want a string", v, v)
				}
				c.Loss = s
			case "tol":
				c.Tol, err = toFloat(name, v)
			case "max_iter":
				c.MaxIter, err = toInt(name, v)
			case "intercept_scaling":
				c.InterceptScaling, err = toFloat(name, v)
			case "seed":
				var s int
				s, err = toInt(name, v)
				c.Seed = uint64(s)
			default:
				err = fmt.Errorf("unknown parameter %q (valid: C, loss, tol, max_iter, intercept_scaling, seed)", name)
			}
			if err != nil {
				return nil, fmt.Errorf("svm: LinearSVCFactory: %w", err)
			}
		}
		return &LinearSVC{Config: c}, nil
	}
}

// kernelFields points at the kernel and solver fields that SVCConfig and
// SVRConfig share, so both factories parse those names in one place.
type kernelFields struct {
	kernel  *string
	custom  *Kernel
	gamma   *float64
	mode    *string
	degree  *int
	coef0   *float64
	tol     *float64
	maxIter *int
}

func (c *SVCConfig) kernelFields() kernelFields {
	return kernelFields{&c.Kernel, &c.CustomKernel, &c.Gamma, &c.GammaMode, &c.Degree, &c.Coef0, &c.Tol, &c.MaxIter}
}

func (c *SVRConfig) kernelFields() kernelFields {
	return kernelFields{&c.Kernel, &c.CustomKernel, &c.Gamma, &c.GammaMode, &c.Degree, &c.Coef0, &c.Tol, &c.MaxIter}
}

// set sets the shared parameter name to v; ok is false when name is not
// one of them ("kernel", "gamma", "degree", "coef0", "tol", "max_iter").
func (k kernelFields) set(name string, v any) (ok bool, err error) {
	switch strings.ToLower(name) {
	case "kernel":
		*k.kernel, *k.custom, err = toKernel(name, v)
	case "gamma":
		*k.gamma, *k.mode, err = toGamma(name, v)
	case "degree":
		*k.degree, err = toInt(name, v)
	case "coef0":
		*k.coef0, err = toFloat(name, v)
	case "tol":
		*k.tol, err = toFloat(name, v)
	case "max_iter":
		*k.maxIter, err = toInt(name, v)
	default:
		return false, nil
	}
	return true, err
}

func toFloat(name string, v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	}
	return 0, fmt.Errorf("parameter %s = %v (%T): want a number", name, v, v)
}

func toInt(name string, v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case int64:
		return int(x), nil
	case float64:
		if x == float64(int(x)) {
			return int(x), nil
		}
	}
	return 0, fmt.Errorf("parameter %s = %v (%T): want a whole number", name, v, v)
}

func toBool(name string, v any) (bool, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, fmt.Errorf("parameter %s = %v (%T): want true or false", name, v, v)
}

// toKernel accepts a kernel name or a Kernel value.
func toKernel(name string, v any) (string, Kernel, error) {
	switch k := v.(type) {
	case string:
		return k, nil, nil
	case Kernel:
		return "", k, nil
	}
	return "", nil, fmt.Errorf("parameter %s = %v (%T): want a kernel name or a Kernel", name, v, v)
}

// toGamma accepts a number or a mode name.
func toGamma(name string, v any) (float64, string, error) {
	if s, ok := v.(string); ok {
		return 0, s, nil
	}
	g, err := toFloat(name, v)
	return g, "", err
}
