// Package symbols holds the yaegi symbol tables that make the core packages
// and kernel/display importable in notebook cells. The tables are generated
// by yaegi's extract and committed; regenerate them with
//
//	go generate ./kernel/...
//
// after changing a core package's exported API.
package symbols

import "reflect"

// Symbols maps "import/path/name" to the package's exported symbols, in the
// form interp.Use expects.
var Symbols = map[string]map[string]reflect.Value{}

//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/descentml/descent/kernel/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/descentml/descent/core/model github.com/descentml/descent/core/data github.com/descentml/descent/core/metrics github.com/descentml/descent/core/preprocess github.com/descentml/descent/core/optim github.com/descentml/descent/core/optim/surface
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/descentml/descent/core/linear github.com/descentml/descent/core/sgd github.com/descentml/descent/core/selection github.com/descentml/descent/core/svm github.com/descentml/descent/core/privacy github.com/descentml/descent/core/explain github.com/descentml/descent/core/plot github.com/descentml/descent/core/persist
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat
//go:generate go run ./gendoc github.com/descentml/descent/kernel/display github.com/descentml/descent/core/model github.com/descentml/descent/core/data github.com/descentml/descent/core/metrics github.com/descentml/descent/core/preprocess github.com/descentml/descent/core/optim github.com/descentml/descent/core/optim/surface github.com/descentml/descent/core/linear github.com/descentml/descent/core/sgd github.com/descentml/descent/core/selection github.com/descentml/descent/core/svm github.com/descentml/descent/core/privacy github.com/descentml/descent/core/explain github.com/descentml/descent/core/plot github.com/descentml/descent/core/persist gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat
