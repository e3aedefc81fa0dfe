package godoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	dir := t.TempDir()
	src := `// Package p is a test.
package p

// Answer is the answer.
const Answer = 42

// T is a type.
type T struct{ A int }

// New makes a T.
func New() *T { return &T{} }

// Double doubles A.
func (t *T) Double() int { return 2 * t.A }

func hidden() {}
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"Answer":   {"const Answer = 42", "Answer is the answer."},
		"T":        {"type T struct", "T is a type."},
		"New":      {"func New() *T", "New makes a T."},
		"T.Double": {"func (t *T) Double() int", "Double doubles A."},
	}
	for name, parts := range want {
		for _, p := range parts {
			if !strings.Contains(docs[name], p) {
				t.Errorf("docs[%s] = %q, want it to contain %q", name, docs[name], p)
			}
		}
	}
	if strings.Contains(docs["New"], "return") {
		t.Errorf("function body leaked into the signature: %q", docs["New"])
	}
	if _, ok := docs["hidden"]; ok {
		t.Error("unexported symbol documented")
	}
	if _, err := Dir(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing directory accepted")
	}
}
