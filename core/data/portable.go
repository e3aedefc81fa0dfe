package data

import (
	"math"
	"math/rand/v2"
)

// This file holds portable versions of log, sin and cos, and a normal
// sampler built on them, so that the synthetic generators give bit-identical
// data on every platform for a given seed.
//
// Why not the math package: math.Log and math.Exp have assembly versions on
// amd64, and the compiler may fuse x*y+z into one FMA instruction on arm64,
// ppc64, s390x, riscv64 and amd64 (GOAMD64=v3), also inside the math
// package's pure-Go code, so their last bits differ between platforms.
// rand.NormFloat64 calls math.Log and math.Exp in its tail. The functions
// below are the math package's own algorithms (Cephes / FreeBSD), with an
// explicit float64() conversion around every product that feeds an addition:
// the Go spec says such a conversion rounds and so forbids fusion. The
// results equal math.Sin and math.Cos on amd64 without FMA (tested) and are
// within one ulp of math.Log.

// plog returns the natural logarithm of x > 0 (x must be finite and
// positive; callers guarantee it).
func plog(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
		l1    = 6.666666666666735130e-01
		l2    = 3.999999999940941908e-01
		l3    = 2.857142874366239149e-01
		l4    = 2.222219843214978396e-01
		l5    = 1.818357216161805012e-01
		l6    = 1.531383769920937332e-01
		l7    = 1.479819860511658591e-01
	)
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := float64(s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7)))))))
	t2 := float64(s4 * (l2 + float64(s4*(l4+float64(s4*l6)))))
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}

// Coefficients of the Cephes sin and cos polynomials, as in package math.
const (
	sin0 = 1.58962301576546568060e-10
	sin1 = -2.50507477628578072866e-8
	sin2 = 2.75573136213857245213e-6
	sin3 = -1.98412698295895385996e-4
	sin4 = 8.33333333332211858878e-3
	sin5 = -1.66666666666666307295e-1
	cos0 = -1.13585365213876817300e-11
	cos1 = 2.08757008419747316778e-9
	cos2 = -2.75573141792967388112e-7
	cos3 = 2.48015872888517045348e-5
	cos4 = -1.38888888888730564116e-3
	cos5 = 4.16666666666665929218e-2
)

// reduce maps x ≥ 0 to its octant j (0..7, zeros mapped to the origin) and
// the remainder z in [-π/4, π/4].
func reduce(x float64) (j uint64, z float64) {
	const (
		pi4A = 7.85398125648498535156e-1
		pi4B = 3.77489470793079817668e-8
		pi4C = 2.69515142907905952645e-15
	)
	j = uint64(x * (4 / math.Pi))
	y := float64(j)
	if j&1 == 1 {
		j++
		y++
	}
	j &= 7
	z = float64(float64(x-float64(y*pi4A))-float64(y*pi4B)) - float64(y*pi4C)
	return j, z
}

func sinPoly(z, zz float64) float64 {
	p := float64(sin0*zz) + sin1
	p = float64(p*zz) + sin2
	p = float64(p*zz) + sin3
	p = float64(p*zz) + sin4
	p = float64(p*zz) + sin5
	return z + float64(float64(z*zz)*p)
}

func cosPoly(zz float64) float64 {
	p := float64(cos0*zz) + cos1
	p = float64(p*zz) + cos2
	p = float64(p*zz) + cos3
	p = float64(p*zz) + cos4
	p = float64(p*zz) + cos5
	return float64(1.0-float64(0.5*zz)) + float64(float64(zz*zz)*p)
}

// psin returns sin(x) for |x| < 2^29, where the Cephes three-part reduction
// by π/4 is accurate (math switches to Payne-Hanek above). The generators
// validate their parameters so that angles stay far below.
func psin(x float64) float64 {
	if x == 0 {
		return x
	}
	sign := false
	if x < 0 {
		x, sign = -x, true
	}
	j, z := reduce(x)
	if j > 3 {
		sign = !sign
		j -= 4
	}
	zz := z * z
	var y float64
	if j == 1 || j == 2 {
		y = cosPoly(zz)
	} else {
		y = sinPoly(z, zz)
	}
	if sign {
		y = -y
	}
	return y
}

// pcos returns cos(x) for |x| < 2^29 (see psin).
func pcos(x float64) float64 {
	x = math.Abs(x)
	j, z := reduce(x)
	sign := false
	if j > 3 {
		j -= 4
		sign = !sign
	}
	if j > 1 {
		sign = !sign
	}
	zz := z * z
	var y float64
	if j == 1 || j == 2 {
		y = sinPoly(z, zz)
	} else {
		y = cosPoly(zz)
	}
	if sign {
		y = -y
	}
	return y
}

// normals draws standard normal numbers with Marsaglia's polar method, using
// only correctly rounded operations (+, -, ×, ÷, √) and plog, so the stream
// is the same on every platform. It is local to one generator call.
type normals struct {
	r        *rand.Rand
	spare    float64
	hasSpare bool
}

func (g *normals) next() float64 {
	if g.hasSpare {
		g.hasSpare = false
		return g.spare
	}
	for {
		u := float64(2*g.r.Float64()) - 1
		v := float64(2*g.r.Float64()) - 1
		s := float64(u*u) + float64(v*v)
		if s >= 1 || s == 0 {
			continue
		}
		m := math.Sqrt(-2 * plog(s) / s)
		g.spare, g.hasSpare = float64(v*m), true
		return float64(u * m)
	}
}
