package interp

import (
	"context"
	"fmt"
	"go/ast"
	"regexp"
	"sort"
	"strings"
)

// Declarations that follow redefinitions.
//
// yaegi binds a call, a variable or a type name to the declaration in force
// when the code using it was compiled (yaegi issue #1673). So after a cell
// declares `func h` again, a func k of an earlier cell that calls h would
// silently keep calling the old h; the same for a variable declared again
// with another type, and for a type declared again (the methods of the old
// type would stay with it). The kernel therefore declares again, after each
// chunk of a cell that redefines names, every func and method of earlier
// cells that mentions one of them, and in turn those that mention these,
// in the order they were declared. One that no longer compiles (k returned
// h's old result type) keeps its old definition, and the cell's stderr says
// so. (A variable declared again with the same type needs none of this: it
// keeps its variable, see internal/yaegi.)

// errPosition matches the position yaegi puts in front of an error.
var errPosition = regexp.MustCompile(`^[^ ]*?\d+:\d+: `)

// funcDecl is a func or method declaration of a cell, as evaluated.
type funcDecl struct {
	name string   // what callers mention: the func's or method's name
	src  string   // source after the rewrites, as yaegi compiled it
	line int      // its first line in its cell
	refs []string // the identifiers it mentions
	seq  int      // declaration order
}

// mentions returns the identifiers n mentions (selectors' names included:
// a method may be what changed).
func mentions(n ast.Node) []string {
	seen := map[string]bool{}
	var out []string
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !seen[id.Name] && id.Name != "_" {
			seen[id.Name] = true
			out = append(out, id.Name)
		}
		return true
	})
	return out
}

// recordFuncs remembers the func and method declarations of a chunk that
// evaluated (see declInfo.funcs), in their order in the chunk.
func (in *Interp) recordFuncs(info *declInfo, line int) {
	keys := make([]string, 0, len(info.funcs))
	for key := range info.funcs {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return info.funcs[keys[i]].line < info.funcs[keys[j]].line })
	for _, key := range keys {
		d := info.funcs[key]
		d.line += line
		in.seq++
		d.seq = in.seq
		in.funcs[key] = d
	}
}

// calleesFirst orders the keys of funcs so that a func comes after the
// others of funcs it mentions (then it binds to their new declarations);
// otherwise, and within a cycle, in declaration order.
func calleesFirst(funcs map[string]*funcDecl) []string {
	keys := make([]string, 0, len(funcs))
	for key := range funcs {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return funcs[keys[i]].seq < funcs[keys[j]].seq })
	byName := map[string][]string{} // name → keys of the funcs so named
	for _, key := range keys {
		byName[funcs[key].name] = append(byName[funcs[key].name], key)
	}
	var order []string
	done := map[string]bool{}
	visiting := map[string]bool{}
	var visit func(key string)
	visit = func(key string) {
		if done[key] || visiting[key] {
			return // (a cycle: declaration order)
		}
		visiting[key] = true
		for _, r := range funcs[key].refs {
			for _, callee := range byName[r] {
				if callee != key {
					visit(callee)
				}
			}
		}
		visiting[key] = false
		done[key] = true
		order = append(order, key)
	}
	for _, key := range keys {
		visit(key)
	}
	return order
}

// follow declares again the recorded funcs that mention a name in changed
// (transitively), except those in fresh (just declared by the cell). An
// interrupt does not stop it halfway: it only compiles declarations.
func (in *Interp) follow(ctx context.Context, changed []string, fresh map[string]bool) {
	if len(changed) == 0 || len(in.funcs) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	set := map[string]bool{}
	for _, n := range changed {
		set[n] = true
	}
	affected := map[string]*funcDecl{}
	for grew := true; grew; {
		grew = false
		for key, d := range in.funcs {
			if affected[key] != nil || fresh[key] {
				continue
			}
			for _, r := range d.refs {
				if set[r] {
					affected[key] = d
					set[d.name] = true
					grew = true
					break
				}
			}
		}
	}
	if len(affected) == 0 {
		return
	}
	in.epoch++
	for _, key := range calleesFirst(affected) {
		d := affected[key]
		if _, err := in.eval(ctx, pad(d.src, d.line)); err != nil {
			var uses []string
			for _, r := range d.refs {
				if set[r] && r != d.name {
					uses = append(uses, r)
				}
			}
			if len(uses) == 0 {
				uses = []string{"a declaration"}
			}
			what := "func " + key
			if strings.Contains(key, ".") {
				what = "method " + key
			}
			// Its old definition would use what changed as it was: no
			// definition is better than a silently stale one.
			if typ, method, ok := strings.Cut(key, "."); ok {
				in.yi.DropMethod(typ, method)
				in.epoch++
			} else {
				in.forget(key)
			}
			msg := errPosition.ReplaceAllString(err.Error(), "")
			in.stream.write("stderr", fmt.Sprintf("note: %s, declared in an earlier cell, uses %s, which changed, and no longer compiles (%s); it is undefined until its cell runs again\n",
				what, strings.Join(uses, ", "), msg))
		}
	}
}
