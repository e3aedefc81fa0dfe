package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// profileEnv names the environment variable that turns profiling on: when
// it holds a directory, the kernel writes cpu.pprof, block.pprof and
// mutex.pprof there when it exits. It is unset, and profiling off, unless
// someone sets it to study the kernel's own costs, e.g.
//
//	DESCENT_KERNEL_PROFILE=/tmp/prof make kernel-bench
//	go tool pprof -top bin/descent-kernel /tmp/prof/cpu.pprof
const profileEnv = "DESCENT_KERNEL_PROFILE"

// startProfiles starts the profiles that the environment asks for and
// returns the function that writes them (a no-op when none is asked for).
func startProfiles() (stop func() error, err error) {
	dir := os.Getenv(profileEnv)
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	cpu, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)
	return func() error {
		pprof.StopCPUProfile()
		errs := []error{cpu.Close()}
		for _, name := range []string{"block", "mutex"} {
			errs = append(errs, writeProfile(filepath.Join(dir, name+".pprof"), name))
		}
		return errors.Join(errs...)
	}, nil
}

func writeProfile(path, name string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%s profile: %w", name, err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("%s profile: %w", name, err)
	}
	return f.Close()
}
