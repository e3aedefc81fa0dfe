//go:build !amd64 || noasm || gccgo || safe

package linear

// addXtr adds Σᵢ r[i]·xᵢ to grad[:p], and Σᵢ r[i] to grad[p] if intercept,
// where row xᵢ is x[off+i·stride:][:p].
//
// It is hand-written for where gonum has no assembly (WebAssembly among
// them): there gonum's Gemv calls a function per row and Sum is a call
// more, and calls are dear under WebAssembly. This loop does the same
// floating-point operations in the same order as those pure-Go kernels,
// grad[j] = rᵢ·xᵢⱼ + grad[j] row after row and a separate running sum of r
// added at the end, so results are bit for bit theirs; it only takes eight
// rows per pass over grad.
func addXtr(grad, x []float64, off, stride, p int, r []float64, intercept bool) {
	g := grad[:p]
	var sum float64
	i := 0
	for ; i+8 <= len(r); i += 8 {
		rr := r[i : i+8 : i+8]
		r0, r1, r2, r3, r4, r5, r6, r7 := rr[0], rr[1], rr[2], rr[3], rr[4], rr[5], rr[6], rr[7]
		o := off + i*stride
		x0 := x[o:][:len(g)]
		x1 := x[o+stride:][:len(g)]
		x2 := x[o+2*stride:][:len(g)]
		x3 := x[o+3*stride:][:len(g)]
		x4 := x[o+4*stride:][:len(g)]
		x5 := x[o+5*stride:][:len(g)]
		x6 := x[o+6*stride:][:len(g)]
		x7 := x[o+7*stride:][:len(g)]
		for j, v := range g {
			v = r0*x0[j] + v
			v = r1*x1[j] + v
			v = r2*x2[j] + v
			v = r3*x3[j] + v
			v = r4*x4[j] + v
			v = r5*x5[j] + v
			v = r6*x6[j] + v
			g[j] = r7*x7[j] + v
		}
		for _, v := range rr {
			sum += v
		}
	}
	for ; i < len(r); i++ {
		ri := r[i]
		xi := x[off+i*stride:][:len(g)]
		for j, v := range g {
			g[j] = ri*xi[j] + v
		}
		sum += ri
	}
	if intercept {
		grad[p] += sum
	}
}
