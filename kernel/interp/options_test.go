package interp

import "github.com/traefik/yaegi/stdlib"

// testOptions gives test interpreters the whole standard library, as the
// native kernel has.
var testOptions = Options{Stdlib: stdlib.Symbols}
