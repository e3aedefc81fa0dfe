package selection

import "github.com/descentml/descent/core/data"

// splitter returns a plain k-fold splitter without shuffling.
func splitter(k int) Splitter { return data.KFold{K: k} }
