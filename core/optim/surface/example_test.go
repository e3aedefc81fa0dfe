package surface_test

import (
	"fmt"

	"github.com/descentml/descent/core/optim/surface"
)

// Every surface gives its value and analytic gradient, its minimum, a
// classic starting point and a box to plot.
func ExampleRosenbrock() {
	s := surface.Rosenbrock{} // A = 1, B = 100
	x := s.Start()
	g := make([]float64, 2)
	f := s.Eval(x, g)
	fmt.Printf("f(%v) = %.2f, gradient (%.1f, %.1f)\n", x, f, g[0], g[1])
	fmt.Println("minimum:", s.Minimum(), "value:", s.Eval(s.Minimum(), nil))
	xmin, xmax, ymin, ymax := s.Bounds()
	fmt.Println("plot box:", xmin, xmax, ymin, ymax)
	// Output:
	// f([-1.2 1]) = 24.20, gradient (-215.6, -88.0)
	// minimum: [1 1] value: 0
	// plot box: -2 2 -1 3
}
