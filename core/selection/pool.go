package selection

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// defaultWorkers is the number of goroutines used when a config leaves
// Workers at zero: one per usable CPU natively, and one in the browser,
// where goroutines share a single thread and would only add overhead.
func defaultWorkers() int {
	if runtime.GOOS == "js" {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// resolveWorkers turns a configured worker count into the number to start
// for n jobs.
func resolveWorkers(workers, n int) (int, error) {
	if workers < 0 {
		return 0, fmt.Errorf("the number of workers (CVConfig.Workers) is %d: it must be ≥ 0 (0 means one per CPU)", workers)
	}
	if workers == 0 || runtime.GOOS == "js" {
		workers = defaultWorkers()
	}
	return max(1, min(workers, n)), nil
}

// runJobs calls job(i) for i in [0, n) on the given number of goroutines and
// returns the error of the lowest-numbered failing job, or nil.
//
// Jobs are handed out in increasing order and, once a job fails, no new job
// is started; jobs already running finish. Because every job numbered below
// a failing one was started before it, the lowest-numbered failing job
// always runs, so the returned error does not depend on scheduling. A panic
// in a job is recovered and returned as that job's error, so that a faulty
// estimator cannot bring down a notebook kernel.
func runJobs(n, workers int, job func(i int) error) error {
	errs := make([]error, n)
	run := func(i int) {
		defer func() {
			if r := recover(); r != nil {
				errs[i] = fmt.Errorf("panic: %v", r)
			}
		}()
		errs[i] = job(i)
	}
	if workers <= 1 {
		for i := 0; i < n; i++ {
			if run(i); errs[i] != nil {
				return errs[i]
			}
		}
		return nil
	}
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if run(i); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
