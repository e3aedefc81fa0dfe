package webstd

import (
	"errors"
	"os"
	"strconv"
)

// yaegi's extract maps os.Exit and os.FindProcess to these restricted
// versions (as in yaegi's own stdlib package). kernel/interp replaces
// os.Exit again with a message that the kernel keeps running.

// osExit panics instead of ending the program.
func osExit(code int) { panic("os.Exit(" + strconv.Itoa(code) + ")") }

// osFindProcess is os.FindProcess, except for the program's own process.
func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errors.New("os.FindProcess: restricted for the kernel's own process")
	}
	return os.FindProcess(pid)
}
