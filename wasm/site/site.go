// Package site serves the browser demos: the static directory assembled by
// `make wasm-site` (HTML, CSS, JavaScript, wasm_exec.js and demos.wasm).
// It is ordinary Go, imported by `descent serve`; the static sources live in
// wasm/site/static.
package site

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler serves the files of the site directory dir (read from disk at
// each request, so a rebuilt site is picked up without a restart) with
// the right content types (application/wasm for .wasm) and gzip compression
// when the client accepts it. Compressed files are cached in memory, keyed by
// path, size and modification time. Directory paths serve their index.html;
// listings are never shown. It returns an error if dir holds no index.html.
func Handler(dir string) (http.Handler, error) {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return nil, errors.New("site: " + dir + " is not a built site (no index.html); run make wasm-site: " + err.Error())
	}
	return &handler{fsys: os.DirFS(dir), cache: map[string]gzEntry{}}, nil
}

// FSHandler is Handler over any file system (for example an embed.FS).
func FSHandler(fsys fs.FS) http.Handler {
	return &handler{fsys: fsys, cache: map[string]gzEntry{}}
}

type gzEntry struct {
	size    int64
	modTime time.Time
	gz      []byte
}

type handler struct {
	fsys  fs.FS
	mu    sync.Mutex
	cache map[string]gzEntry
}

// compressible reports whether files of this extension gain from gzip.
func compressible(ext string) bool {
	switch ext {
	case ".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".md":
		return true
	}
	return false
}

func contentType(ext string) string {
	switch ext {
	case ".wasm":
		return "application/wasm"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = strings.TrimPrefix(name, "/")
	if name == "" {
		name = "index.html"
	}
	info, err := fs.Stat(h.fsys, name)
	if err == nil && info.IsDir() {
		name = path.Join(name, "index.html")
		info, err = fs.Stat(h.fsys, name)
	}
	if err != nil && strings.HasSuffix(name, ".wasm") && fs.ValidPath(name) {
		if gzInfo, gzErr := fs.Stat(h.fsys, name+".gz"); gzErr == nil && !gzInfo.IsDir() {
			h.servePrecompressed(w, r, name, gzInfo)
			return
		}
	}
	if err != nil || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	body, err := fs.ReadFile(h.fsys, name)
	if err != nil {
		http.Error(w, "cannot read "+name, http.StatusInternalServerError)
		return
	}
	ext := strings.ToLower(path.Ext(name))
	etag := etagOf("", info)
	if compressible(ext) && acceptsGzip(r) {
		respond(w, r, ext, etag, true, h.gzipped(name, info, body), true)
		return
	}
	respond(w, r, ext, etag, compressible(ext), body, false)
}

// etagOf is the ETag of a file's version (its modification time and size).
func etagOf(prefix string, info fs.FileInfo) string {
	return `"` + prefix + strconv.FormatInt(info.ModTime().UnixNano(), 36) + "-" + strconv.FormatInt(info.Size(), 36) + `"`
}

// respond answers with body, of a file with extension ext, its ETag (or
// 304 Not Modified when the client has it), and Content-Encoding: gzip when
// gzipped; vary says the answer depends on Accept-Encoding.
func respond(w http.ResponseWriter, r *http.Request, ext, etag string, vary bool, body []byte, gzipped bool) {
	hd := w.Header()
	hd.Set("Content-Type", contentType(ext))
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("ETag", etag)
	if vary {
		hd.Add("Vary", "Accept-Encoding")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gzipped {
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodGet {
		w.Write(body) //nolint:errcheck // the client went away
	}
}

// servePrecompressed serves name (a .wasm file) from name.gz, compressed at
// build time: as it is, with Content-Encoding: gzip, to a client that
// accepts gzip (every browser), decompressed otherwise. A browser can then
// compile the module while it downloads (WebAssembly.instantiateStreaming)
// and keep the compiled code in its cache for the next visit.
func (h *handler) servePrecompressed(w http.ResponseWriter, r *http.Request, name string, info fs.FileInfo) {
	gz, err := fs.ReadFile(h.fsys, name+".gz")
	if err != nil {
		http.Error(w, "cannot read "+name+".gz", http.StatusInternalServerError)
		return
	}
	etag := etagOf("gz-", info)
	if acceptsGzip(r) {
		respond(w, r, ".wasm", etag, true, gz, true)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	var body []byte
	if err == nil {
		body, err = io.ReadAll(zr)
	}
	if err != nil {
		http.Error(w, name+".gz is not a gzip file: "+err.Error(), http.StatusInternalServerError)
		return
	}
	respond(w, r, ".wasm", etag, true, body, false)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// gzipped returns body compressed, from the cache when the file has not
// changed.
func (h *handler) gzipped(name string, info fs.FileInfo, body []byte) []byte {
	h.mu.Lock()
	e, ok := h.cache[name]
	h.mu.Unlock()
	if ok && e.size == info.Size() && e.modTime.Equal(info.ModTime()) {
		return e.gz
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body) //nolint:errcheck // writes to a bytes.Buffer do not fail
	zw.Close()     //nolint:errcheck // idem
	gz := buf.Bytes()
	h.mu.Lock()
	h.cache[name] = gzEntry{size: info.Size(), modTime: info.ModTime(), gz: gz}
	h.mu.Unlock()
	return gz
}
