package interp

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// chunk is a run of consecutive top-level declarations or statements of a
// cell, with the 1-based line it starts on.
type chunk struct {
	decl  bool
	src   string
	start int // byte offset in the cell
	line  int
}

// item is one top-level declaration or statement: [start, end) in bytes.
type item struct {
	decl       bool
	start, end int
}

// splitCell cuts a cell into chunks of declarations (import, func, type,
// var, const: evaluated as file-level declarations) and statements
// (evaluated in order at top level), so that both may be mixed freely.
func splitCell(src string) ([]chunk, error) { return splitCellWith(src, nil) }

// splitCellWith is splitCell where isGlobal reports the interpreter's
// global variables. A var declaration is a file-level declaration unless
// its initial values mention a global variable or a name declared earlier
// in the cell: then it is a statement, since yaegi cannot initialize a
// file-level var from a variable of another evaluation ("variable
// definition loop"), while statement-level vars are initialized in order.
// (A func may use a var declared after it in the same cell only when the
// var stays a declaration.)
func splitCellWith(src string, isGlobal func(string) bool) ([]chunk, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell.go", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)

	type tok struct {
		pos int
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
	if errs.Len() > 0 {
		return nil, errs
	}

	var items []item
	var itemTok []int // index of each item's first token
	depth := 0
	cur := -1          // start of the current item, -1 if none
	commentStart := -1 // start of comments preceding the next item
	curTok, commentTok := 0, 0
	decl := false
	for i, t := range toks {
		if cur < 0 {
			switch t.tok {
			case token.COMMENT:
				if commentStart < 0 {
					commentStart, commentTok = t.pos, i
				}
				continue
			case token.SEMICOLON:
				continue
			}
			cur, curTok = t.pos, i
			if commentStart >= 0 {
				cur, curTok = commentStart, commentTok
			}
			commentStart = -1
			decl = isDeclStart(i, func(j int) (token.Token, bool) {
				if j < len(toks) {
					return toks[j].tok, true
				}
				return token.EOF, false
			})
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			if depth == 0 {
				end := t.pos
				if t.lit == ";" {
					end++
				}
				items = append(items, item{decl, cur, end})
				itemTok = append(itemTok, curTok)
				cur = -1
			}
		}
	}
	if cur >= 0 {
		items = append(items, item{decl, cur, len(src)})
		itemTok = append(itemTok, curTok)
	}

	// Names declared so far in the cell, and var declarations that must be
	// statements.
	known := map[string]bool{}
	for k := range items {
		first := itemTok[k]
		if toks[first].tok == token.COMMENT {
			for first < len(toks) && toks[first].tok == token.COMMENT {
				first++
			}
		}
		if first >= len(toks) {
			continue
		}
		switch toks[first].tok {
		case token.VAR:
			names, uses := varNames(src[items[k].start:items[k].end])
			for _, u := range uses {
				if known[u] || (isGlobal != nil && isGlobal(u)) {
					items[k].decl = false
				}
			}
			for _, n := range names {
				known[n] = true
			}
		case token.IDENT:
			// x, y := ...
			j := first
			var names []string
			for j < len(toks) && toks[j].tok == token.IDENT {
				names = append(names, toks[j].lit)
				if j+1 < len(toks) && toks[j+1].tok == token.COMMA {
					j += 2
					continue
				}
				j++
				break
			}
			if j < len(toks) && toks[j].tok == token.DEFINE {
				for _, n := range names {
					known[n] = true
				}
			}
		}
	}

	var chunks []chunk
	for _, it := range items {
		if n := len(chunks); n > 0 && chunks[n-1].decl == it.decl {
			c := &chunks[n-1]
			c.src = src[c.start:it.end]
			continue
		}
		chunks = append(chunks, chunk{decl: it.decl, src: src[it.start:it.end], start: it.start, line: 1 + strings.Count(src[:it.start], "\n")})
	}
	return chunks, nil
}

// isDeclStart reports whether the token at i starts a top-level
// declaration: import, type, var, const, or func followed by a name or by a
// receiver and a name (a func literal is a statement).
func isDeclStart(i int, at func(int) (token.Token, bool)) bool {
	t, _ := at(i)
	switch t {
	case token.IMPORT, token.TYPE, token.VAR, token.CONST:
		return true // var: see splitCellWith
	case token.FUNC:
	default:
		return false
	}
	next, _ := at(i + 1)
	if next == token.IDENT {
		return true
	}
	if next != token.LPAREN {
		return false
	}
	depth := 0
	for j := i + 1; ; j++ {
		tj, ok := at(j)
		if !ok {
			return false
		}
		switch tj {
		case token.LPAREN:
			depth++
		case token.RPAREN:
			depth--
			if depth == 0 {
				a, _ := at(j + 1)
				b, _ := at(j + 2)
				return a == token.IDENT && (b == token.LPAREN || b == token.LBRACK)
			}
		}
	}
}

// declInfo describes the declarations of a decl chunk.
type declInfo struct {
	types   []string
	names   []string          // every declared top-level name
	sources map[string]string // name (or Type.Method) → source with doc comment
	imports []importSpec
	// funcs: the func and method declarations (name or Type.Method →
	// declaration), their line relative to the chunk's first.
	funcs map[string]*funcDecl
}

type importSpec struct {
	name, path string
	// start, end are the byte offsets in the chunk of what to blank out to
	// drop this import: the spec in a parenthesized group, else the whole
	// declaration.
	start, end int
}

// localName is the name an import gives its package in the cell.
func (im importSpec) localName() string {
	if im.name != "" {
		return im.name
	}
	return im.path[strings.LastIndex(im.path, "/")+1:]
}

const filePrefix = "package main;"

// parseDecls parses a decl chunk as file-level declarations.
func parseDecls(src string) (*declInfo, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", filePrefix+src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(filePrefix) }
	text := func(n ast.Node, doc *ast.CommentGroup) string {
		start := n.Pos()
		if doc != nil {
			start = doc.Pos()
		}
		return src[off(start):off(n.End())]
	}
	info := &declInfo{sources: map[string]string{}, funcs: map[string]*funcDecl{}}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			name := d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				if rt := recvTypeName(d.Recv.List[0].Type); rt != "" {
					name = rt + "." + name
				}
			} else {
				info.names = append(info.names, name)
			}
			info.sources[name] = text(d, d.Doc)
			info.funcs[name] = &funcDecl{name: d.Name.Name, src: src[off(d.Pos()):off(d.End())],
				line: strings.Count(src[:off(d.Pos())], "\n"), refs: mentions(d)}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				doc := d.Doc
				switch sp := spec.(type) {
				case *ast.ImportSpec:
					path := strings.Trim(sp.Path.Value, "\"`")
					name := ""
					if sp.Name != nil {
						name = sp.Name.Name
					}
					start, end := off(d.Pos()), off(d.End())
					if d.Lparen.IsValid() {
						start, end = off(sp.Pos()), off(sp.End())
						// An explicit ";" after the spec goes with it.
						j := end
						for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
							j++
						}
						if j < len(src) && src[j] == ';' {
							end = j + 1
						}
					}
					info.imports = append(info.imports, importSpec{name: name, path: path, start: start, end: end})
				case *ast.TypeSpec:
					info.types = append(info.types, sp.Name.Name)
					info.names = append(info.names, sp.Name.Name)
					if sp.Doc != nil {
						doc = sp.Doc
					}
					src := text(sp, doc)
					if len(d.Specs) == 1 {
						src = text(d, d.Doc)
					}
					info.sources[sp.Name.Name] = src
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						info.names = append(info.names, n.Name)
						if len(d.Specs) == 1 {
							info.sources[n.Name] = text(d, d.Doc)
						} else {
							info.sources[n.Name] = d.Tok.String() + " " + text(sp, sp.Doc)
						}
					}
				}
			}
		}
	}
	return info, nil
}

func recvTypeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvTypeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvTypeName(t.X)
	case *ast.IndexListExpr:
		return recvTypeName(t.X)
	}
	return ""
}

// stmtPrefix wraps statements for parsing, as yaegi does.
const stmtPrefix = "package main; func main() {"

// chunkParser parses a chunk as statements (wrapped in func main, as
// yaegi does) or as file-level declarations, and remembers the last parse,
// so that the steps a cell's chunk goes through (trailing expression,
// goroutine guard, rewrites) share one parse while the chunk's source is
// unchanged. A nil *chunkParser parses every time. The ASTs are read, never
// modified.
type chunkParser struct {
	src  string
	decl bool
	done bool
	f    *ast.File
	fset *token.FileSet
	err  error
}

// parse parses src (prefixed as described by stmtPrefix or filePrefix, so
// offsets are shifted by the prefix's length).
func (p *chunkParser) parse(src string, decl bool) (*ast.File, *token.FileSet, error) {
	if p != nil && p.done && p.decl == decl && p.src == src {
		return p.f, p.fset, p.err
	}
	prefix, suffix := stmtPrefix, "\n}"
	if decl {
		prefix, suffix = filePrefix, ""
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", prefix+src+suffix, parser.SkipObjectResolution)
	if p != nil {
		*p = chunkParser{src: src, decl: decl, done: true, f: f, fset: fset, err: err}
	}
	return f, fset, err
}

// parseStmts parses a statement chunk and returns its statements with
// their byte ranges in the chunk.
func parseStmts(src string) ([]ast.Stmt, *token.FileSet, error) {
	return parseStmtsWith(src, nil)
}

func parseStmtsWith(src string, p *chunkParser) ([]ast.Stmt, *token.FileSet, error) {
	f, fset, err := p.parse(src, false)
	if err != nil {
		return nil, nil, err
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	return fn.Body.List, fset, nil
}

// trailingExpr splits a statement chunk into the statements before a final
// expression statement and that expression (offsets into src). ok is false
// when the chunk does not end with an expression statement. p, if not nil,
// shares its parse of src.
func trailingExpr(src string, p *chunkParser) (before, expr string, exprStart int, ok bool) {
	stmts, fset, err := parseStmtsWith(src, p)
	if err != nil || len(stmts) == 0 {
		return "", "", 0, false
	}
	last, isExpr := stmts[len(stmts)-1].(*ast.ExprStmt)
	if !isExpr {
		return "", "", 0, false
	}
	start := fset.Position(last.Pos()).Offset - len(stmtPrefix)
	end := fset.Position(last.End()).Offset - len(stmtPrefix)
	return src[:start], src[start:end], start, true
}

// varNames parses a var declaration and returns the names it declares and
// the identifiers its initial values mention.
func varNames(src string) (names, uses []string) {
	f, err := parser.ParseFile(token.NewFileSet(), "cell.go", filePrefix+src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range g.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for _, n := range vs.Names {
				names = append(names, n.Name)
			}
			for _, v := range vs.Values {
				ast.Inspect(v, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.SelectorExpr:
						ast.Inspect(n.X, func(m ast.Node) bool {
							if id, ok := m.(*ast.Ident); ok {
								uses = append(uses, id.Name)
							}
							return true
						})
						return false
					case *ast.Ident:
						uses = append(uses, n.Name)
					}
					return true
				})
			}
		}
	}
	return names, uses
}
