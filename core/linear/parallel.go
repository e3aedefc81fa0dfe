package linear

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the number of rows in one unit of parallel work. Row chunks
// are fixed by the data size alone (never by the number of CPUs) and their
// partial results are combined in chunk order, so a fit gives bit-identical
// results on every machine whatever GOMAXPROCS is.
const chunkRows = 4096

// numChunks returns the number of row chunks for n rows.
func numChunks(n int) int {
	return (n + chunkRows - 1) / chunkRows
}

// numWorkers returns how many goroutines to use for nChunks chunks: one per
// CPU, at most one per chunk, and always one under WebAssembly (GOOS "js"),
// where goroutines do not run in parallel.
func numWorkers(nChunks int) int {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), nChunks))
}

// forChunks calls fn(worker, chunk, lo, hi) once for every chunk of
// chunkRows rows of [0, n), spreading chunks over nw goroutines. worker (in
// [0, nw)) identifies per-goroutine scratch buffers and chunk (in
// [0, numChunks(n))) identifies where to store the chunk's result.
func forChunks(n, nw int, fn func(worker, chunk, lo, hi int)) {
	nc := numChunks(n)
	nw = max(1, min(nw, nc))
	if nw == 1 {
		for c := 0; c < nc; c++ {
			fn(0, c, c*chunkRows, min(n, (c+1)*chunkRows))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < nw; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(w, c, c*chunkRows, min(n, (c+1)*chunkRows))
			}
		}(w)
	}
	wg.Wait()
}
