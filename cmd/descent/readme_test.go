package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestReadmeTour runs every Go program in the README's tour and checks that
// it prints exactly the output block that follows it, so the README cannot
// drift from what the library does.
func TestReadmeTour(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```\n\n```text\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) < 4 {
		t.Fatalf("found %d Go programs with output in README.md, want at least 4", len(blocks))
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the go command is needed to run the README's programs:", err)
	}
	for i, b := range blocks {
		code, want := b[1], string(b[2])
		t.Run(string(rune('a'+i)), func(t *testing.T) {
			t.Parallel()
			// Inside the module, so that the programs import descent.
			dir, err := os.MkdirTemp(".", "readme-tour-")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			if err := os.WriteFile(filepath.Join(dir, "main.go"), code, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(goBin, "run", "./"+dir)
			out, err := cmd.Output()
			if err != nil {
				msg := ""
				if ee, ok := err.(*exec.ExitError); ok {
					msg = string(ee.Stderr)
				}
				t.Fatalf("README program %d failed: %v\n%s", i+1, err, msg)
			}
			if string(out) != want {
				t.Fatalf("README program %d printed\n%s\nbut the README shows\n%s", i+1, out, want)
			}
		})
	}
}
