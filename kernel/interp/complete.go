package interp

import (
	"go/build"
	"go/scanner"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/descentml/descent/kernel/display"
	"github.com/descentml/descent/kernel/internal/godoc"
	"github.com/descentml/descent/kernel/protocol"
	"github.com/descentml/descent/kernel/symbols"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex",
	"complex128", "complex64", "copy", "delete", "error", "false", "float32",
	"float64", "imag", "int", "int16", "int32", "int64", "int8", "iota", "len",
	"make", "max", "min", "new", "nil", "panic", "print", "println", "real",
	"recover", "rune", "string", "true", "uint", "uint16", "uint32", "uint64",
	"uint8", "uintptr",
}

// byteOffset converts a cursor in code points to a byte offset.
func byteOffset(code string, cursor int) int {
	off := 0
	for i := 0; i < cursor && off < len(code); i++ {
		_, n := utf8.DecodeRuneInString(code[off:])
		off += n
	}
	return off
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// identBefore returns the identifier ending at byte offset off and the
// qualifier before a dot in front of it ("mat" for "mat.Ne").
func identBefore(code string, off int) (qual, word string, start int) {
	start = off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	word = code[start:off]
	if start > 0 && code[start-1] == '.' {
		q := start - 1
		for q > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:q])
			if !isIdentRune(r) {
				break
			}
			q -= n
		}
		qual = code[q : start-1]
	}
	return qual, word, start
}

// packagePath resolves a package name used in cells to its import path:
// imports made so far, then the cell's own imports, then a unique package
// of that name among the available ones.
func (in *Interp) packagePath(name, code string) string {
	if p, ok := in.imports[name]; ok {
		return p
	}
	if chunks, err := splitCell(code); err == nil {
		for _, c := range chunks {
			if !c.decl {
				continue
			}
			if info, err := parseDecls(c.src); err == nil {
				for _, im := range info.imports {
					n := im.name
					if n == "" {
						n = im.path[strings.LastIndex(im.path, "/")+1:]
					}
					if n == name {
						return im.path
					}
				}
			}
		}
	}
	for _, p := range in.packages {
		if p[strings.LastIndex(p, "/")+1:] == name {
			return p
		}
	}
	return ""
}

// packageMembers lists a package's exported names.
func (in *Interp) packageMembers(path string) []string {
	var names []string
	for _, m := range in.yi.Symbols(path) {
		for n := range m {
			if !strings.HasPrefix(n, "_") {
				names = append(names, n)
			}
		}
	}
	return names
}

// Complete implements protocol.Interpreter.
func (in *Interp) Complete(code string, cursor int) protocol.CompleteReply {
	off := byteOffset(code, cursor)
	qual, word, start := identBefore(code, off)
	var cands []string
	if qual != "" {
		if p := in.packagePath(qual, code); p != "" {
			cands = in.packageMembers(p)
		} else if v, ok := in.yi.Globals()[qual]; ok && v.IsValid() {
			cands = members(v.Type())
		}
	} else {
		cands = append(cands, keywords...)
		cands = append(cands, builtins...)
		cands = append(cands, in.userNames()...)
		for name := range in.imports {
			cands = append(cands, name)
		}
		cands = append(cands, cellIdents(code)...)
	}
	seen := map[string]bool{}
	matches := []string{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && c != "" && !seen[c] && !(c == word && qual == "" && strings.Count(code, c) == 1) {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	startCP := utf8.RuneCountInString(code[:start])
	return protocol.CompleteReply{Matches: matches, CursorStart: startCP, CursorEnd: cursor, Metadata: map[string]any{}}
}

// members lists the exported fields and methods of values of type t.
func members(t reflect.Type) []string {
	var out []string
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		for i := range tt.NumMethod() {
			out = append(out, tt.Method(i).Name)
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// cellIdents returns the identifiers written in the cell.
func cellIdents(code string) []string {
	fset := token.NewFileSet()
	f := fset.AddFile("cell.go", -1, len(code))
	var s scanner.Scanner
	s.Init(f, []byte(code), func(token.Position, string) {}, 0)
	var out []string
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			return out
		}
		if t == token.IDENT {
			out = append(out, lit)
		}
	}
}

// identAt returns the (possibly qualified) identifier around byte offset
// off.
func identAt(code string, off int) (qual, word string) {
	end := off
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	qual, word, _ = identBefore(code, end)
	if word == "" {
		// On a call's parenthesis: inspect the function.
		back := end
		for back > 0 && strings.ContainsRune("() ", rune(code[back-1])) {
			back--
		}
		if back < end && back > 0 {
			qual, word, _ = identBefore(code, back)
		}
	}
	return qual, word
}

// stdDocs caches the docs of standard-library packages read from GOROOT.
var stdDocs sync.Map // import path → map[string]string

func docOf(path, name string) (string, bool) {
	if d, ok := symbols.Docs[path+"."+name]; ok {
		return d, true
	}
	v, ok := stdDocs.Load(path)
	if !ok {
		var docs map[string]string
		if root := build.Default.GOROOT; root != "" {
			docs, _ = godoc.Dir(filepath.Join(root, "src", filepath.FromSlash(path)))
		}
		v, _ = stdDocs.LoadOrStore(path, docs)
	}
	docs, _ := v.(map[string]string)
	d, ok := docs[name]
	return d, ok
}

// Inspect implements protocol.Interpreter.
func (in *Interp) Inspect(code string, cursor, detailLevel int) protocol.InspectReply {
	qual, word := identAt(code, byteOffset(code, cursor))
	none := protocol.InspectReply{Found: false, Data: protocol.MIMEBundle{}, Metadata: map[string]any{}}
	if word == "" {
		return none
	}
	found := func(text string) protocol.InspectReply {
		return protocol.InspectReply{Found: true, Data: protocol.MIMEBundle{"text/plain": text, "text/markdown": "```go\n" + text + "\n```"}, Metadata: map[string]any{}}
	}
	if qual != "" {
		if p := in.packagePath(qual, code); p != "" {
			if d, ok := docOf(p, word); ok {
				return found(d)
			}
			return none
		}
		// A method or field of a user value or type.
		if src, ok := in.decls[qual+"."+word]; ok {
			return found(src)
		}
		if v, ok := in.yi.Globals()[qual]; ok && v.IsValid() {
			t := v.Type()
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if src, ok := in.decls[t.Name()+"."+word]; ok {
				return found(src)
			}
			if d, ok := docOf(t.PkgPath(), t.Name()+"."+word); ok {
				return found(d)
			}
		}
		return none
	}
	if src, ok := in.decls[word]; ok {
		return found(src)
	}
	if v, ok := in.yi.Globals()[word]; ok && v.IsValid() && v.CanInterface() {
		return found(word + " " + v.Type().String() + " = " + truncate(display.Text(v.Interface()), 500))
	}
	if p := in.packagePath(word, code); p != "" {
		return found("package " + word + ` // import "` + p + `"`)
	}
	return none
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// IsComplete implements protocol.Interpreter: incomplete while brackets,
// strings or comments are open or a line ends with an operator; invalid
// when it cannot parse.
func (in *Interp) IsComplete(code string) protocol.IsCompleteReply {
	fset := token.NewFileSet()
	f := fset.AddFile("cell.go", -1, len(code))
	var s scanner.Scanner
	unterminated := false
	s.Init(f, []byte(code), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
		}
	}, 0)
	depth := 0
	var last token.Token
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return protocol.IsCompleteReply{Status: "invalid"}
			}
		}
		if !(t == token.SEMICOLON && lit == "\n") {
			last = t
		}
	}
	if unterminated {
		return protocol.IsCompleteReply{Status: "incomplete", Indent: ""}
	}
	if depth > 0 {
		return protocol.IsCompleteReply{Status: "incomplete", Indent: strings.Repeat("\t", depth)}
	}
	if last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE && last != token.SEMICOLON && last != token.INC && last != token.DEC {
		return protocol.IsCompleteReply{Status: "incomplete", Indent: "\t"}
	}
	if err := checkSyntax(code); err != nil {
		return protocol.IsCompleteReply{Status: "invalid"}
	}
	return protocol.IsCompleteReply{Status: "complete"}
}

// checkSyntax parses every chunk of a cell.
func checkSyntax(code string) error {
	chunks, err := splitCell(code)
	if err != nil {
		return err
	}
	for _, c := range chunks {
		if c.decl {
			_, err = parseDecls(c.src)
		} else {
			_, _, err = parseStmts(c.src)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
