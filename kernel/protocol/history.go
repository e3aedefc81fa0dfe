package protocol

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// HistoryEntry is one stored input: the kernel session (run) number, the
// execution count within it and the code.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
}

// HistoryQuery is the content of a history_request.
type HistoryQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// History stores executed inputs, optionally appending them to a JSON-lines
// file so that they survive restarts. Each kernel run is a new session,
// numbered one past the highest session in the file. The file is opened at
// the first Append and kept open until Close; every Append is one write
// system call, done before Append returns, so that nothing is lost when
// the kernel exits or is killed.
type History struct {
	mu      sync.Mutex
	path    string
	session int
	entries []HistoryEntry
	file    *os.File // nil until the first Append, and after Close
	line    []byte   // encoding buffer
	closed  bool
}

// NewMemoryHistory returns a history that is not persisted.
func NewMemoryHistory() *History { return &History{session: 1} }

// OpenHistory loads the history file at path (created on first Append)
// and starts a new session.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("protocol: history: %w", err)
	default:
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
		for sc.Scan() {
			var e HistoryEntry
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				h.entries = append(h.entries, e)
				h.session = max(h.session, e.Session)
			}
		}
	}
	h.session++
	return h, nil
}

// Session returns the number of the current session.
func (h *History) Session() int { return h.session }

// Append records the input of execution count line in the current session.
func (h *History) Append(line int, input string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := HistoryEntry{Session: h.session, Line: line, Input: input}
	h.entries = append(h.entries, e)
	if h.path == "" {
		return nil
	}
	if h.closed {
		return errors.New("protocol: history: append after Close (kept in memory only)")
	}
	if h.file == nil {
		if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
			return fmt.Errorf("protocol: history: %w", err)
		}
		f, err := os.OpenFile(h.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("protocol: history: %w", err)
		}
		h.file = f
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("protocol: history: %w", err)
	}
	h.line = append(append(h.line[:0], b...), '\n')
	if _, err := h.file.Write(h.line); err != nil {
		// Reopen on the next Append: the file may have been moved away.
		h.file.Close()
		h.file = nil
		return fmt.Errorf("protocol: history: %w", err)
	}
	return nil
}

// Close closes the history file; later inputs are kept in memory only.
// The kernel's owner calls it when the kernel stops.
func (h *History) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	if h.file == nil {
		return nil
	}
	err := h.file.Close()
	h.file = nil
	if err != nil {
		return fmt.Errorf("protocol: history: %w", err)
	}
	return nil
}

// Query answers a history_request: a list of [session, line, input]
// triples (with output requested, input is [input, null]).
func (h *History) Query(q HistoryQuery) [][]any {
	h.mu.Lock()
	all := append([]HistoryEntry(nil), h.entries...)
	h.mu.Unlock()
	var sel []HistoryEntry
	switch q.HistAccessType {
	case "range":
		s := q.Session
		if s <= 0 {
			s += h.session
		}
		for _, e := range all {
			if e.Session == s && e.Line >= q.Start && (q.Stop <= 0 || e.Line < q.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		re := globRegexp(q.Pattern)
		for _, e := range all {
			if re.MatchString(e.Input) {
				sel = append(sel, e)
			}
		}
		sel = lastN(unique(sel, q.Unique), q.N)
	default: // "tail"
		sel = lastN(unique(all, q.Unique), q.N)
	}
	out := make([][]any, 0, len(sel))
	for _, e := range sel {
		var in any = e.Input
		if q.Output {
			in = []any{e.Input, nil}
		}
		out = append(out, []any{e.Session, e.Line, in})
	}
	return out
}

func lastN(es []HistoryEntry, n int) []HistoryEntry {
	if n > 0 && len(es) > n {
		return es[len(es)-n:]
	}
	return es
}

// unique keeps the last occurrence of each input, in order.
func unique(es []HistoryEntry, on bool) []HistoryEntry {
	if !on {
		return es
	}
	seen := map[string]bool{}
	var rev []HistoryEntry
	for i := len(es) - 1; i >= 0; i-- {
		if !seen[es[i].Input] {
			seen[es[i].Input] = true
			rev = append(rev, es[i])
		}
	}
	out := make([]HistoryEntry, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}

// globRegexp turns a glob (*, ?, as IPython's history search uses) into an
// anchored regular expression over the whole input.
func globRegexp(glob string) *regexp.Regexp {
	if glob == "" {
		glob = "*"
	}
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
